"""Loading a year's holiday schedule through the action (R-CAL-01, R-CAL-02)."""

import json
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.db import transaction

from sanxiang import ledger
from sanxiang.calendar import workdays
from sanxiang.calendar.files import bundled_file
from sanxiang.calendar.workdays import add_workdays
from sanxiang.core import digests
from sanxiang.core.actions import load_calendar_year
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import CalendarYear, LedgerEvent
from sanxiang.ledger.events import EventKind

pytestmark = pytest.mark.django_db

# A 2027 schedule written for the tests (the real notice comes out late in 2026).
SCHEDULE_2027 = """
year = 2027
source = "测试用2027年节假日安排"
document_number = "测试〔2026〕1号"

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holiday]]
name = "春节"
from = 2027-02-06
to = 2027-02-12
makeup_workdays = [2027-02-20]

[[holiday]]
name = "劳动节"
from = 2027-05-01
to = 2027-05-05
makeup_workdays = [2027-04-25]
"""


def bundled_2026() -> str:
    return bundled_file(2026).read_text(encoding="utf-8")


def changed_2026() -> str:
    """The 2026 notice with the 2月28日 make-up day dropped and a one-day holiday added."""
    text = bundled_2026().replace("makeup_workdays = [2026-02-14, 2026-02-28]",
                                  "makeup_workdays = [2026-02-14]")
    return text + '\n[[holiday]]\nname = "测试假日"\ndays = [2026-03-02]\n'


def test_loading_2027_makes_its_deadlines_final_R_CAL_01(admin_user):
    before = add_workdays(date(2026, 12, 29), 10)
    assert (before.date, before.provisional) == (date(2027, 1, 12), True)

    load_calendar_year(acting_user=admin_user, text=SCHEDULE_2027, source_name="2027.toml")

    after = add_workdays(date(2026, 12, 29), 10)
    # 12月30日 31日, 1月1日–3日 元旦, 1月4日 … 13日
    assert (after.date, after.provisional, after.unknown_years) == (date(2027, 1, 13), False, ())
    assert [span.name for span in after.holidays] == ["元旦"]
    lines = after.explanation_lines()
    assert "跳过法定节假日：元旦 2027年1月1日至1月3日，共3天" in lines
    assert "2027年日历依据：测试用2027年节假日安排（测试〔2026〕1号），由郑平加载" in lines
    assert not any("暂定" in line for line in lines)
    # The loaded make-up days count too.
    assert add_workdays(date(2027, 2, 5), 1).date == date(2027, 2, 15)
    assert add_workdays(date(2027, 2, 19), 1).date == date(2027, 2, 20)
    assert workdays.is_workday(date(2027, 4, 25)) is True


def test_bundled_2026_loaded_agrees_with_the_package_every_day_R_CAL_01():
    load_calendar_year(acting_user=None, text=bundled_2026())
    assert workdays.year_calendar(2026).source is workdays.Source.LOADED
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert workdays.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_loaded_file_overrides_the_package_for_2026_R_CAL_01(admin_user):
    assert add_workdays(date(2026, 2, 27), 1).date == date(2026, 2, 28)
    load_calendar_year(acting_user=admin_user, text=changed_2026())
    result = add_workdays(date(2026, 2, 27), 1)
    assert result.date == date(2026, 3, 3)  # 28日 no longer worked, 3月2日 a holiday
    assert [span.name for span in result.holidays] == ["测试假日"]


def test_load_writes_the_row_and_a_ledger_event_naming_the_actor_R_CAL_01(admin_user):
    row = load_calendar_year(acting_user=admin_user, text=SCHEDULE_2027,
                             source_name="2027.toml")
    row.refresh_from_db()
    assert row.source == "测试用2027年节假日安排（测试〔2026〕1号）"
    assert row.loaded_by == "郑平"
    assert row.days_off[:3] == ["2027-01-01", "2027-01-02", "2027-01-03"]
    assert row.makeup_workdays == ["2027-02-20", "2027-04-25"]
    assert row.holiday_names["2027-02-20"] == "春节"

    event = ledger.history(row).get()
    assert event.kind == EventKind.CALENDAR_YEAR_LOADED
    assert (event.actor_id, event.actor_name) == (admin_user.pk, "郑平")
    payload = json.loads(event.payload)
    algorithm = payload["content_digest"].split(":")[0]
    assert payload["content_digest"] == digests.format_digest(
        algorithm, digests.digest_bytes(algorithm, SCHEDULE_2027.encode("utf-8")))
    assert payload["schedule_digest"].startswith(f"{algorithm}:")
    assert payload["year"] == 2027
    assert payload["source_name"] == "2027.toml"
    assert payload["replaces"] == "unknown"
    assert [h["name"] for h in payload["holidays"]] == ["元旦", "春节", "劳动节"]
    assert len(payload["changes"]["days_off_added"]) == 3 + 7 + 5


def test_reload_replaces_the_year_and_records_what_changed_R_CAL_01(admin_user):
    first = load_calendar_year(acting_user=None, text=bundled_2026())
    first_payload = json.loads(ledger.history(first).get().payload)
    # Against the package the notice changes no day and no name, only the source.
    assert first_payload["replaces"] == "package"
    changes = first_payload["changes"]
    assert not any(changes[key] for key in changes if key != "source_changed")
    assert changes["source_changed"][0] == "chinesecalendar"

    second = load_calendar_year(acting_user=admin_user, text=changed_2026())
    assert second.pk == first.pk
    assert second.loaded_at > first.loaded_at  # a reload is a new load
    assert CalendarYear.objects.filter(year=2026).count() == 1
    events = list(ledger.history(second))
    assert [e.actor_name for e in events] == ["系统", "郑平"]
    payload = json.loads(events[-1].payload)
    assert payload["replaces"] == "loaded"
    assert payload["replaced_schedule_digest"] == first_payload["schedule_digest"]
    assert payload["changes"]["days_off_added"] == ["2026-03-02"]
    assert payload["changes"]["makeup_workdays_removed"] == ["2026-02-28"]
    assert payload["changes"]["days_off_removed"] == []


def test_only_administrators_may_load_R_CAL_01(officer_user_a, admin_user,
                                               django_user_model):
    with pytest.raises(PermissionDenied) as refused:
        load_calendar_year(acting_user=officer_user_a, text=SCHEDULE_2027)
    assert refused.value.message == "只有系统管理员可以加载节假日安排。"
    assert not CalendarYear.objects.exists()

    root = django_user_model.objects.create_superuser("root", password="x" * 12)
    load_calendar_year(acting_user=root, text=SCHEDULE_2027)
    load_calendar_year(acting_user=admin_user, text=SCHEDULE_2027)
    load_calendar_year(acting_user=None, text=SCHEDULE_2027)
    assert CalendarYear.objects.get().loaded_by == "系统"


def test_invalid_file_loads_nothing_R_CAL_01(admin_user):
    load_calendar_year(acting_user=admin_user, text=SCHEDULE_2027)
    events_before = LedgerEvent.objects.count()
    broken = SCHEDULE_2027.replace("makeup_workdays = [2027-02-20]",
                                   "makeup_workdays = [2027-02-22]")  # a Monday
    with pytest.raises(RuleViolation) as refused:
        load_calendar_year(acting_user=admin_user, text="location = 1\n" + broken)
    error = refused.value
    assert error.code == "R-CAL-01"
    assert error.message.startswith("节假日安排未加载：")
    assert error.details["errors"] == [
        "未知项目“location”；允许的项目为：year, source, document_number, issued_on, holiday。",
        "第2个节日（春节）：调休上班日 2027-02-22 是星期一，不是星期六或星期日。",
    ]
    assert LedgerEvent.objects.count() == events_before
    assert CalendarYear.objects.get().makeup_workdays == ["2027-02-20", "2027-04-25"]


def test_cache_is_dropped_on_commit_and_on_removal_R_CAL_01(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_calendar_year(acting_user=None, text=SCHEDULE_2027)
    assert not add_workdays(date(2026, 12, 29), 10).provisional
    assert not add_workdays(date(2026, 12, 29), 10).provisional  # from the kept copy
    CalendarYear.objects.filter(year=2027).delete()
    assert add_workdays(date(2026, 12, 29), 10).provisional


def test_rolled_back_load_leaves_no_trace_R_CAL_01():
    with pytest.raises(RuntimeError), transaction.atomic():
        load_calendar_year(acting_user=None, text=SCHEDULE_2027)
        assert not add_workdays(date(2026, 12, 29), 10).provisional
        raise RuntimeError("roll back")
    assert add_workdays(date(2026, 12, 29), 10).provisional
