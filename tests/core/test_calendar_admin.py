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


def _preview_and_confirm(client, upload):
    """Upload: the page previews the changed days and loads nothing; confirm: it loads."""
    preview = client.post(reverse(LOAD_URL), {"file": upload})
    assert preview.status_code == 200, preview.text
    assert not CalendarYear.objects.exists()
    return preview, client.post(reverse(LOAD_URL), {
        "text": preview.context["preview"]["content"],
        "source_name": preview.context["preview"]["source_name"], "confirm": "1"})


def test_upload_previews_the_changed_days_then_loads_R_CAL_01(root, client_for):
    client = client_for(root)
    assert client.get(reverse(LOAD_URL)).status_code == 200
    upload = SimpleUploadedFile("2027.toml", SCHEDULE_2027.encode("utf-8"))
    preview, response = _preview_and_confirm(client, upload)
    # 2027-01-01 is a Friday: counted as a working day until the schedule says otherwise;
    # the 2nd and 3rd are a weekend either way and are not listed.
    assert "2027年1月1日（星期五）" in preview.text
    assert [c["day"].isoformat() for c in preview.context["preview"]["changes"]] == [
        "2027-01-01"]
    assert "工作日" in preview.text and "节假日" in preview.text
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
    _preview, response = _preview_and_confirm(client_for(admin_user), upload)
    assert response.status_code == 302
    assert CalendarYear.objects.get().loaded_by == "郑平"


def test_admin_index_lists_the_calendar_and_the_rulebook_for_the_administrator(admin_user,
                                                                              client_for):
    index = client_for(admin_user).get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:core_calendaryear_changelist") in index.text
    assert reverse("admin:core_rulebookentry_changelist") in index.text
    changelist = client_for(admin_user).get(reverse("admin:core_calendaryear_changelist"))
    assert changelist.status_code == 200


def test_workbench_link_to_load_next_year_opens_for_the_administrator_R_CAL_01(
        admin_user, client_for, monkeypatch):
    from sanxiang.calendar import workdays

    monkeypatch.setattr(workdays, "unknown_years", lambda years: [2027])
    client = client_for(admin_user)
    home = client.get(reverse("workbench:home"))
    assert "2027" in home.text
    link = reverse(LOAD_URL)
    assert f'href="{link}"' in home.text
    assert client.get(link).status_code == 200


def test_loading_next_year_recomputes_deadlines_that_crossed_it_R_CAL_01(admin_user,
                                                                        client_for):
    from datetime import date

    from sanxiang.calendar import workdays

    before = workdays.add_workdays(date(2026, 12, 30), 2)
    assert before.provisional and before.date == date(2027, 1, 1)
    upload = SimpleUploadedFile("2027.toml", SCHEDULE_2027.encode("utf-8"))
    _preview, response = _preview_and_confirm(client_for(admin_user), upload)
    assert response.status_code == 302
    after = workdays.add_workdays(date(2026, 12, 30), 2)
    assert not after.provisional and after.date == date(2027, 1, 4)
