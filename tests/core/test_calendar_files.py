"""The per-year holiday file: the bundled 2026 notice and strict validation (R-CAL-01)."""

import re
from datetime import date, timedelta

import chinese_calendar
import pytest

from sanxiang.calendar import workdays
from sanxiang.calendar.files import CalendarFileError, bundled_file, parse_year_file

HEADER = 'year = 2026\nsource = "测试通知"\n'


def days_of(year):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def parse_errors(text: str) -> list[str]:
    with pytest.raises(CalendarFileError) as caught:
        parse_year_file(text)
    return caught.value.errors


def test_bundled_2026_agrees_with_chinesecalendar_every_day_R_CAL_01():
    schedule = parse_year_file(bundled_file(2026).read_text(encoding="utf-8"))
    days_off, makeup = schedule.days_off(), schedule.makeup_workdays()
    for day in days_of(2026):
        ours = day in makeup or (day not in days_off and day.weekday() < 5)
        assert ours == chinese_calendar.is_workday(day), day
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if day in days_off or day in makeup:
            # Same holiday, named as the notice names it.
            assert workdays.PACKAGE_HOLIDAY_NAMES[name] == (days_off | makeup)[day], day


def test_bundled_2026_reads_like_the_notice_R_CAL_01():
    schedule = parse_year_file(bundled_file(2026).read_text(encoding="utf-8"))
    assert schedule.year == 2026
    assert schedule.source.startswith("国务院办公厅关于2026年部分节假日安排的通知")
    by_name = {h.name: h for h in schedule.holidays}
    assert list(by_name) == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    spring = by_name["春节"]
    assert (spring.days_off[0], spring.days_off[-1], len(spring.days_off)) == (
        date(2026, 2, 15), date(2026, 2, 23), 9)
    assert spring.makeup_workdays == (date(2026, 2, 14), date(2026, 2, 28))
    assert by_name["元旦"].makeup_workdays == (date(2026, 1, 4),)
    assert by_name["劳动节"].makeup_workdays == (date(2026, 5, 9),)
    assert by_name["国庆节"].makeup_workdays == (date(2026, 9, 20), date(2026, 10, 10))
    assert by_name["清明节"].makeup_workdays == ()
    assert len(schedule.days_off()) == 3 + 9 + 3 + 5 + 3 + 3 + 7


def test_rest_days_may_be_a_list():
    schedule = parse_year_file(HEADER + """
[[holiday]]
name = "元旦"
days = [2026-01-01, 2026-01-02]
""")
    assert schedule.days_off() == {date(2026, 1, 1): "元旦", date(2026, 1, 2): "元旦"}
    assert schedule.as_record()["holiday_names"] == {"2026-01-01": "元旦", "2026-01-02": "元旦"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("""
[[holiday]]
name = "元旦"
from = 2026-01-01
to = 2027-01-01
""", "2027-01-01 不在 2026 年内", id="date-outside-the-year"),
        pytest.param("""
[[holiday]]
name = "元旦"
from = 2026-01-01
to = 2026-01-03
makeup_workdays = [2026-01-05]
""", "调休上班日 2026-01-05 是星期一，不是星期六或星期日", id="makeup-not-a-weekend"),
        pytest.param("""
[[holiday]]
name = "中秋节"
from = 2026-09-25
to = 2026-10-01
[[holiday]]
name = "国庆节"
from = 2026-10-01
to = 2026-10-07
""", "2026-10-01 同时被列为中秋节和国庆节的放假日", id="overlapping-rest-days"),
        pytest.param("""
[[holiday]]
name = "劳动节"
from = 2026-05-01
to = 2026-05-05
makeup_workdays = [2026-05-09]
[[holiday]]
name = "端午节"
days = [2026-05-09]
""", "2026-05-09 既是放假日（端午节）又是调休上班日（劳动节）", id="rest-and-makeup-day"),
        pytest.param("""
[[holiday]]
name = "劳动节"
days = [2026-05-01]
makeup_workdays = [2026-05-09]
[[holiday]]
name = "端午节"
days = [2026-06-19]
makeup_workdays = [2026-05-09]
""", "2026-05-09 同时被列为劳动节和端午节的调休上班日", id="makeup-day-twice"),
        pytest.param("""
[[holiday]]
name = "元旦"
from = 2026-01-01
to = 2026-01-03
makeup = [2026-01-04]
""", "第1个节日（元旦）：未知项目“makeup”", id="unknown-holiday-key"),
        pytest.param("""
author = "张三"
[[holiday]]
name = "元旦"
days = [2026-01-01]
""", "未知项目“author”", id="unknown-top-level-key"),
        pytest.param("""
[[holiday]]
name = "元旦"
from = "2026-01-01"
to = 2026-01-03
""", "“from”应为日期，不加引号", id="quoted-date"),
        pytest.param("""
[[holiday]]
name = "元旦"
from = 2026-01-01T00:00:00
to = 2026-01-03
""", "“from”应为日期", id="datetime-not-date"),
        pytest.param("""
[[holiday]]
name = "国庆节"
from = 2026-10-07
to = 2026-10-01
""", "起始日期“from” 2026-10-07 晚于截止日期“to” 2026-10-01", id="from-after-to"),
        pytest.param("""
[[holiday]]
name = "国庆节"
from = 2026-10-01
to = 2026-10-07
days = [2026-10-01]
""", "不能同时使用", id="range-and-list"),
        pytest.param("""
[[holiday]]
name = "国庆节"
""", "缺少放假日期", id="no-rest-days"),
        pytest.param("""
[[holiday]]
name = "国庆节"
days = [2026-10-01, 2026-10-01]
""", "2026-10-01 重复填写", id="day-listed-twice"),
        pytest.param("""
[[holiday]]
name = "国庆节"
days = [2026-10-01]
[[holiday]]
name = "国庆节"
days = [2026-10-02]
""", "节日“国庆节”重复填写", id="holiday-twice"),
        pytest.param("""
[[holiday]]
from = 2026-10-01
to = 2026-10-07
""", "第1个节日（?）：缺少必填项目“name”", id="holiday-without-name"),
    ],
)
def test_invalid_file_is_refused_in_chinese_R_CAL_01(body, expected):
    errors = parse_errors(HEADER + body)
    assert any(expected in error for error in errors), errors


def test_missing_items_and_bad_year_R_CAL_01():
    errors = parse_errors('year = "2026"\n')
    assert "“year”应为整数年份，例如 2026。" in errors
    assert "缺少必填项目“source”。" in errors
    assert "缺少必填项目“holiday”。" in errors
    assert "年份 1066 超出 2000—2100 的范围。" in parse_errors(
        'year = 1066\nsource = "x"\n[[holiday]]\nname = "元旦"\ndays = [1066-01-01]\n')


def test_toml_syntax_error_names_the_line_R_CAL_01():
    errors = parse_errors(HEADER + "[[holiday]]\nname = 元旦\n")
    assert len(errors) == 1
    assert errors[0].startswith("第4行第8列：不符合 TOML 格式")


@pytest.mark.parametrize("text, expected", [
    ('year = 2026\nsource = "x"\n[[holiday]\n',
     "第3行第10列：不符合 TOML 格式（“[[…]]”标题缺少结束的“]]”）。"),
    ('year = 2026\nsource = "x\n', "第2行第12列：不符合 TOML 格式（此处有不允许的字符）。"),
    ('year = 2026\nsource = "x', "文件末尾：不符合 TOML 格式（文本缺少结束的引号）。"),
    ("year = 2026\nyear = 2027\n", "不符合 TOML 格式（同一项目重复填写）。"),
    ("year = \n", "不符合 TOML 格式（缺少值或值无效）。"),
    ("year 2026\n", "第1行第6列：不符合 TOML 格式（名称后缺少“=”）。"),
])
def test_toml_syntax_errors_read_in_chinese_R_CAL_01(text, expected):
    """tomllib's own messages are English: the administrator reads what is wrong in Chinese,
    with the line and column, and never an English fragment."""
    errors = parse_errors(text)
    assert len(errors) == 1
    assert errors[0].endswith(expected), errors[0]
    assert not re.search(r"[A-Za-z]{3,}", errors[0].replace("TOML", "")), errors[0]


def test_every_problem_is_reported_at_once_R_CAL_01():
    errors = parse_errors(HEADER + """
extra = 1
[[holiday]]
name = "元旦"
from = 2026-01-01
to = 2026-01-03
makeup_workdays = [2026-01-05, 2025-12-27]
""")
    # The unknown item, the Monday, the day of 2025: three problems, one refusal.
    assert len(errors) == 3, errors
