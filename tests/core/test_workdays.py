"""The working-day calendar: official 2026 answers, excluded periods, natural days, unknown
years, explanations (R-CAL-01, R-CAL-02). 2026 comes from the chinesecalendar package here;
loading files is in test_calendar_load.py.
"""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.calendar import workdays
from sanxiang.calendar.workdays import DayKind, add_days, add_workdays, count_workdays

pytestmark = pytest.mark.django_db

D = date


def successive(start, count):
    return [add_workdays(start, n).date for n in range(1, count + 1)]


# ------------------------------------------------------------------ official 2026 answers

def test_spring_festival_days_one_by_one_R_CAL_01():
    kinds = {day: workdays.day_status(day).kind for day in
             [D(2026, 2, 13) + timedelta(days=i) for i in range(16)]}
    assert kinds[D(2026, 2, 13)] is DayKind.WORKDAY  # Friday
    assert kinds[D(2026, 2, 14)] is DayKind.MAKEUP_WORKDAY  # Saturday, 调休上班
    for i in range(15, 24):  # 2月15日至23日 放假
        assert kinds[D(2026, 2, i)] is DayKind.HOLIDAY, i
    assert kinds[D(2026, 2, 24)] is DayKind.WORKDAY  # Tuesday
    assert kinds[D(2026, 2, 28)] is DayKind.MAKEUP_WORKDAY  # Saturday, 调休上班
    assert workdays.is_workday(D(2026, 2, 14)) is True
    assert workdays.is_workday(D(2026, 2, 16)) is False


def test_working_days_around_spring_festival_R_CAL_01():
    # 2月13日(五) 14日(六,调休上班) | 15日–23日 春节 | 24日(二) 25 26 27 28日(六,调休上班) | 3月2日
    assert successive(D(2026, 2, 12), 8) == [
        D(2026, 2, 13), D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 25), D(2026, 2, 26),
        D(2026, 2, 27), D(2026, 2, 28), D(2026, 3, 2)]
    assert add_workdays(D(2026, 2, 12), 5).date == D(2026, 2, 26)
    assert add_workdays(D(2026, 2, 13), 5).date == D(2026, 2, 27)
    # Starting inside the holiday: the first working day is the Tuesday after it.
    assert add_workdays(D(2026, 2, 17), 1).date == D(2026, 2, 24)


def test_working_days_around_labour_day_R_CAL_01():
    # 5月1日–5日 放假; 5月9日(六) 上班
    assert successive(D(2026, 4, 30), 5) == [
        D(2026, 5, 6), D(2026, 5, 7), D(2026, 5, 8), D(2026, 5, 9), D(2026, 5, 11)]


def test_working_days_around_national_day_R_CAL_01():
    # 9月20日(日) 上班; 9月25日–27日 中秋节; 10月1日–7日 国庆节; 10月10日(六) 上班
    assert successive(D(2026, 9, 18), 2) == [D(2026, 9, 20), D(2026, 9, 21)]
    assert add_workdays(D(2026, 9, 24), 1).date == D(2026, 9, 28)
    assert successive(D(2026, 9, 30), 4) == [
        D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12)]


def test_working_days_around_new_year_R_CAL_01():
    # 1月1日–3日 放假; 1月4日(日) 上班
    assert successive(D(2025, 12, 31), 2) == [D(2026, 1, 4), D(2026, 1, 5)]


def test_zero_days_is_the_start_day_or_the_next_working_day_R_CAL_01():
    assert add_workdays(D(2026, 2, 13), 0).date == D(2026, 2, 13)
    assert add_workdays(D(2026, 2, 14), 0).date == D(2026, 2, 14)  # make-up Saturday
    assert add_workdays(D(2026, 2, 15), 0).date == D(2026, 2, 24)
    assert add_workdays(D(2026, 3, 7), 0).date == D(2026, 3, 9)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        add_workdays(D(2026, 1, 5), -1)
    with pytest.raises(TypeError):
        add_workdays(datetime(2026, 1, 5, 9, 0), 1)
    with pytest.raises(ValueError):
        count_workdays(D(2026, 1, 5), D(2026, 1, 4))
    with pytest.raises(ValueError):
        add_workdays(D(2026, 1, 5), 1, excluded=[(D(2026, 1, 9), D(2026, 1, 8))])


# ------------------------------------------------------------------ counting

def test_count_working_days_R_CAL_01():
    result = count_workdays(D(2026, 2, 12), D(2026, 2, 27))
    assert result.count == 6
    assert count_workdays(D(2026, 2, 12), D(2026, 2, 12)).count == 0
    assert count_workdays(D(2026, 2, 14), D(2026, 2, 23)).count == 0
    assert [s.name for s in result.holidays] == ["春节"]
    assert [m.day for m in result.makeup_workdays] == [D(2026, 2, 14)]
    assert not result.provisional


def test_count_explanation_R_CAL_02():
    assert count_workdays(D(2026, 2, 12), D(2026, 2, 27)).explanation_lines() == [
        "起算日：2026年2月12日（星期四），当日不计入",
        "截止日：2026年2月27日（星期五），当日计入",
        "计入调休上班日：2026年2月14日（星期六，春节调休上班）",
        "跳过法定节假日：春节 2026年2月15日至2月23日，共9天",
        "计入工作日：共6个",
        "2026年日历依据：chinesecalendar 软件包（1.11.0 版）收录的国务院办公厅节假日安排",
    ]


# ------------------------------------------------------------------ explanations

def test_deadline_explains_itself_R_CAL_02():
    result = add_workdays(D(2026, 2, 13), 5, rule="《行政处罚法》第六十一条 送达期限")
    lines = result.explanation_lines()
    assert lines[:6] == [
        "适用规则：《行政处罚法》第六十一条 送达期限",
        "起算日：2026年2月13日（星期五），当日不计入",
        "期间：5个工作日（法定节假日和休息日不计入，调休上班日计入）",
        "计入调休上班日：2026年2月14日（星期六，春节调休上班）",
        "跳过法定节假日：春节 2026年2月15日至2月23日，共9天",
        "届满日：2026年2月27日（星期五）",
    ]
    assert lines[6].startswith("2026年日历依据：chinesecalendar 软件包")
    assert len(lines) == 7
    assert workdays.explain(result) == lines
    assert (result.start, result.count, result.date, result.provisional) == (
        D(2026, 2, 13), 5, D(2026, 2, 27), False)
    assert result.holidays[0].days == 9


def test_weekends_are_reported_R_CAL_02():
    result = add_workdays(D(2026, 3, 5), 5)  # Thu → Fri, Mon … Thu
    assert result.date == D(2026, 3, 12)
    assert result.rest_days == 2
    assert "跳过休息日（周末）：共2天" in result.explanation_lines()


def test_day_status_describes_the_day():
    assert workdays.day_status(D(2026, 10, 10)).describe() == (
        "2026年10月10日（星期六）：国庆节调休上班日")
    assert workdays.day_status(D(2026, 10, 2)).describe() == (
        "2026年10月2日（星期五）：国庆节放假，不是工作日")


# ------------------------------------------------------------------ excluded periods

def test_excluded_period_days_do_not_count_R_CAL_02():
    review = (D(2026, 3, 4), D(2026, 3, 6), "专家评审")
    result = add_workdays(D(2026, 3, 2), 5, excluded=[review])
    # 3日 counts; 4–6日 excluded; 9 10 11 12日 count.
    assert result.date == D(2026, 3, 12)
    assert add_workdays(D(2026, 3, 2), 5).date == D(2026, 3, 9)
    assert result.excluded[0].days == 3
    assert "不计入期间：专家评审 2026年3月4日至3月6日，其中3天在本期间内，不予计算" in (
        result.explanation_lines())


def test_excluded_periods_may_overlap_and_lie_outside_R_CAL_02():
    periods = [(D(2026, 3, 4), D(2026, 3, 5), "听证"), (D(2026, 3, 5), D(2026, 3, 6), "检测"),
               (D(2026, 12, 1), D(2026, 12, 3))]
    result = add_workdays(D(2026, 3, 2), 5, excluded=periods)
    assert result.date == D(2026, 3, 12)
    assert [span.days for span in result.excluded] == [2, 2, 0]
    lines = result.explanation_lines()
    assert "不计入期间：不计入的期间 2026年12月1日至12月3日，不在本期间内" in lines


def test_excluded_period_skips_holidays_inside_it_R_CAL_02():
    # A hearing across the Spring Festival: nothing inside it counts, holiday or not.
    result = add_workdays(D(2026, 2, 10), 3, excluded=[(D(2026, 2, 12), D(2026, 2, 25))])
    assert result.date == D(2026, 2, 27)  # 11日, then 26日, 27日
    assert result.holidays == ()


def test_count_with_excluded_period_R_CAL_02():
    result = count_workdays(D(2026, 3, 2), D(2026, 3, 13),
                            excluded=[(D(2026, 3, 4), D(2026, 3, 6), "听证")])
    assert result.count == 6


# ------------------------------------------------------------------ natural days

def test_natural_days_ending_on_a_holiday_move_to_the_next_working_day_R_CAL_01():
    result = add_days(D(2026, 9, 3), 30)  # 30th day is 10月3日, inside 国庆节
    assert result.date == D(2026, 10, 8)
    assert result.moved_from == D(2026, 10, 3)
    lines = result.explanation_lines()
    assert "期间：30日（按自然日计算）" in lines
    assert ("期间最后一日2026年10月3日（星期六）为国庆节假期，依法以其后第一个工作日为期间最后一日"
            in lines)
    assert "届满日：2026年10月8日（星期四）" in lines


def test_natural_days_ending_on_a_weekend_or_a_makeup_day_R_CAL_01():
    moved = add_days(D(2026, 3, 2), 5)  # 3月7日 is a Saturday
    assert (moved.date, moved.moved_from) == (D(2026, 3, 9), D(2026, 3, 7))
    assert "期间最后一日2026年3月7日（星期六）为休息日，依法以其后第一个工作日为期间最后一日" in (
        moved.explanation_lines())
    kept = add_days(D(2026, 2, 9), 5)  # 2月14日: Saturday, but a make-up working day
    assert (kept.date, kept.moved_from) == (D(2026, 2, 14), None)
    spring = add_days(D(2026, 2, 1), 15)  # 2月16日 → after the festival
    assert spring.date == D(2026, 2, 24)


def test_natural_days_payment_and_decision_periods_R_CAL_01():
    # R-CASE-12: 15 days to pay, from service on 2026-04-20 → 5月5日 (劳动节) → 5月6日.
    assert add_days(D(2026, 4, 20), 15).date == D(2026, 5, 6)
    # R-CASE-05: 90 days from 立案 on 2026-03-02 → 5月31日 (Sunday) → 6月1日.
    assert add_days(D(2026, 3, 2), 90).date == D(2026, 6, 1)


def test_natural_days_skip_excluded_periods_R_CAL_02():
    result = add_days(D(2026, 3, 1), 10, excluded=[(D(2026, 3, 3), D(2026, 3, 5), "鉴定")])
    # 2日, then 6–14日 make ten; 14日 is a Saturday → 16日.
    assert result.date == D(2026, 3, 16)
    assert result.excluded[0].days == 3


# ------------------------------------------------------------------ unknown years

def test_unknown_year_is_provisional_and_says_so_R_CAL_01():
    result = add_workdays(D(2026, 12, 29), 10)
    assert result.date == D(2027, 1, 12)  # Monday to Friday assumed in 2027
    assert result.provisional
    assert result.unknown_years == (2027,)
    lines = result.explanation_lines()
    assert "届满日：2027年1月12日（星期二）（暂定）" in lines
    assert "2027年日历依据：尚未加载节假日安排，暂按星期一至星期五为工作日" in lines
    assert lines[-1] == (
        "本结果为暂定：2027年的节假日安排尚未加载，暂按星期一至星期五为工作日计算。"
        "请系统管理员加载国务院办公厅2027年节假日安排，加载后结果方为确定。")


def test_provisional_only_when_an_unknown_year_is_consulted_R_CAL_01():
    assert not add_workdays(D(2026, 12, 1), 10).provisional
    assert not add_days(D(2026, 12, 1), 10).provisional  # ends 12月11日, Friday
    assert add_days(D(2026, 12, 1), 40).provisional  # ends in 2027
    assert add_workdays(D(2003, 5, 1), 1).provisional  # before the package's first year
    assert workdays.is_workday(D(2027, 1, 1)) is None
    status = workdays.day_status(D(2027, 1, 1))
    assert status.provisional and status.is_workday
    assert workdays.unknown_years([2025, 2026, 2027]) == [2027]


# ------------------------------------------------------------------ efficiency

def test_long_periods_read_the_calendar_once(django_assert_max_num_queries):
    workdays.invalidate()
    with django_assert_max_num_queries(1):
        assert add_workdays(D(2026, 1, 5), 90).date > D(2026, 5, 1)
    with django_assert_max_num_queries(1):
        assert add_workdays(D(2026, 11, 2), 90).provisional


# ------------------------------------------------------------------ properties

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
counts = st.integers(min_value=1, max_value=120)


@settings(max_examples=150, deadline=None)
@given(start=days, n=counts)
def test_result_is_a_working_day_after_the_start_R_CAL_01(start, n):
    result = add_workdays(start, n)
    assert result.date > start
    assert workdays.day_status(result.date).is_workday


@settings(max_examples=150, deadline=None)
@given(start=days, n=counts)
def test_counting_back_gives_n_R_CAL_01(start, n):
    result = add_workdays(start, n)
    count = count_workdays(start, result.date)
    assert count.count == n
    assert count.provisional == result.provisional


@settings(max_examples=100, deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=120))
def test_monotonic_in_n_R_CAL_01(start, n):
    this, following = add_workdays(start, n).date, add_workdays(start, n + 1).date
    # Strictly increasing from 1; 0 and 1 coincide when the start day is not a working day.
    assert this < following if n or workdays.day_status(start).is_workday else this == following
    assert add_days(start, n).date <= add_days(start, n + 1).date
    natural = add_days(start, n)
    assert natural.date >= start + timedelta(days=n)
    assert workdays.day_status(natural.date).is_workday
