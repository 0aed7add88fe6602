"""The admin: calendar years read-only, loaded from a file through the action (R-CAL-01)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang import ledger
from sanxiang.core.models import CalendarYear

pytestmark = pytest.mark.django_db

SCHEDULE_2027 = """
year = 2027
source = "测试用2027年节假日安排"

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03
"""

LOAD_URL = "admin:core_calendaryear_load"


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x" * 12)


def test_changelist_offers_loading_and_no_editing(root, client_for):
    client = client_for(root)
    response = client.get(reverse("admin:core_calendaryear_changelist"))
    assert response.status_code == 200
    assert "从文件加载年度安排" in response.text
    assert client.get(reverse("admin:core_calendaryear_add")).status_code == 403


def test_upload_loads_the_year_through_the_action_R_CAL_01(root, client_for):
    client = client_for(root)
    assert client.get(reverse(LOAD_URL)).status_code == 200
    upload = SimpleUploadedFile("2027.toml", SCHEDULE_2027.encode("utf-8"))
    response = client.post(reverse(LOAD_URL), {"file": upload})
    assert response.status_code == 302
    row = CalendarYear.objects.get(year=2027)
    assert ledger.history(row).get().actor_id == root.pk
    page = client.get(reverse("admin:core_calendaryear_change", args=[row.pk]))
    assert "元旦：2027年1月1日至1月3日放假" in page.text


def test_pasted_invalid_file_shows_the_errors_and_loads_nothing_R_CAL_01(root, client_for):
    response = client_for(root).post(reverse(LOAD_URL), {"text": SCHEDULE_2027 + "to2 = 1\n"})
    assert response.status_code == 200
    assert "第1个节日（元旦）：未知项目“to2”" in response.text
    assert not CalendarYear.objects.exists()


def test_staff_without_the_administrator_role_cannot_load(client_for, officer_user_a,
                                                          django_user_model):
    # Admin-site access alone (is_staff) is not the 系统管理员 role.
    django_user_model.objects.filter(pk=officer_user_a.pk).update(is_staff=True)
    client = client_for(officer_user_a)
    assert client.get(reverse(LOAD_URL)).status_code == 403
    upload = SimpleUploadedFile("2027.toml", SCHEDULE_2027.encode("utf-8"))
    assert client.post(reverse(LOAD_URL), {"file": upload}).status_code == 403
    assert not CalendarYear.objects.exists()


def test_rulebook_entries_are_listed_read_only(root, client_for):
    client = client_for(root)
    assert client.get(reverse("admin:core_rulebookentry_changelist")).status_code == 200
    assert client.get(reverse("admin:core_rulebookentry_add")).status_code == 403


def test_administrator_role_may_load_without_being_superuser_R_CAL_01(admin_user, client_for):
    upload = SimpleUploadedFile("2027.toml", SCHEDULE_2027.encode("utf-8"))
    response = client_for(admin_user).post(reverse(LOAD_URL), {"file": upload})
    assert response.status_code == 302
    assert CalendarYear.objects.get().loaded_by == "郑平（admin）"
