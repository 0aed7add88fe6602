"""Next year's holiday schedule, end to end (R-CAL-01, R-CAL-02): the administrator follows
the workbench's link to the admin, uploads the State Council's schedule as a file, sees the
days it changes, confirms; every deadline reaching into that year is recomputed at once and
no longer provisional — on the case page too. The official 2027 schedule is not shipped: the
file here is the tests' own, the flow accepts the real one when it is published."""

from datetime import date

import pytest
from cases.factories import make_case
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxiang.calendar import workdays
from sanxiang.core.models import CalendarYear, LedgerEvent
from sanxiang.ledger.events import EventKind

from .test_calendar_load import SCHEDULE_2027

pytestmark = pytest.mark.django_db


def test_administrator_loads_2027_from_the_workbench_and_deadlines_become_final_R_CAL_01(
        client_for, admin_user, officer_user_a, officer_a1, officer_a2, body_a):
    if not workdays.unknown_years([2027]):
        pytest.skip("the calendar package already covers 2027")
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=5)
    officer = client_for(officer_user_a)
    case_url = reverse("cases:detail", args=[case.pk])
    assert "暂定" in officer.get(case_url).content.decode()

    admin = client_for(admin_user)
    home = admin.get("/workbench/").content.decode()
    load_url = reverse("admin:core_calendaryear_load")
    assert f'href="{load_url}"' in home and "尚未导入 2027 年节假日安排" in home
    assert admin.get(load_url).status_code == 200
    upload = SimpleUploadedFile("2027年节假日安排.toml", SCHEDULE_2027.encode("utf-8"),
                                content_type="application/toml")
    preview = admin.post(load_url, {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200 and 'id="calendar-preview"' in html
    assert "2027年1月1日" in html and "元旦" in html and "2027年2月20日" in html
    assert not CalendarYear.objects.filter(year=2027).exists()  # a preview loads nothing

    done = admin.post(load_url, {"text": SCHEDULE_2027, "source_name": "2027年节假日安排.toml",
                                 "confirm": "1"})
    assert done.status_code == 302
    assert CalendarYear.objects.filter(year=2027).exists()
    assert LedgerEvent.objects.filter(kind=EventKind.CALENDAR_YEAR_LOADED).exists()
    assert not workdays.unknown_years([2027])
    assert not workdays.add_workdays(date(2026, 12, 29), 10).provisional
    assert "暂定" not in officer.get(case_url).content.decode()
    assert "尚未导入 2027 年" not in admin.get("/workbench/").content.decode()


def test_a_bad_schedule_file_is_refused_in_chinese_and_loads_nothing_R_CAL_01(
        client_for, admin_user):
    load_url = reverse("admin:core_calendaryear_load")
    response = client_for(admin_user).post(load_url, {"text": "year = 2027\n[[holiday]]\n"})
    assert response.status_code == 200
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
