"""The working-day calendar and statutory periods (R-CAL-01, R-CAL-02).

Whether a day is a working day is decided per year, from the first of:

1. a loaded ``CalendarYear`` row — the State Council notice an administrator loaded
   (``sanxiang.core.actions.load_calendar_year``); it overrides everything else;
2. the ``chinesecalendar`` package, for the years it ships;
3. nothing: the year is *unknown*. Days of an unknown year are taken as Monday to Friday,
   but every result that depended on one is ``provisional`` and says which years an
   administrator must load. A missing year is never silently treated as ordinary.

Counting convention (处罚法 85, 民法典 201): the start day is not counted; a period of n
working days ends on the n-th working day after the start day. For n = 0 the period ends
on the start day if it is a working day, otherwise on the first working day after it.
Excluded periods (hearing, testing, expert review, suspension) are date ranges whose days
do not count at all. A period of natural days whose last day is a rest day or holiday ends
on the first working day after it (民法典 203).

Loaded years are read in one query and kept for the process; the action that loads a year
drops that copy at once and again on commit, and other processes pick up a load within
``LOADED_YEARS_REFRESH_SECONDS``. The package's years are computed once per process.
"""

import datetime as dt
import functools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from typing import NamedTuple

from chinese_calendar import constants as package_data
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from sanxiang.core.models import CalendarYear

# How long a process trusts its copy of the loaded years before reading them again. Loads
# made in this process take effect at once; this bounds how late other processes see them.
LOADED_YEARS_REFRESH_SECONDS = 60

ONE_DAY = dt.timedelta(days=1)

# The notice's own names for the package's holidays.
PACKAGE_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class Source(StrEnum):
    LOADED = "loaded"
    PACKAGE = "package"
    UNKNOWN = "unknown"


class DayKind(StrEnum):
    WORKDAY = "workday"
    MAKEUP_WORKDAY = "makeup_workday"  # a weekend day worked in exchange (调休上班)
    HOLIDAY = "holiday"  # a rest day of a statutory holiday
    REST_DAY = "rest_day"  # an ordinary Saturday or Sunday


@dataclass(frozen=True, eq=False)
class YearCalendar:
    year: int
    source: Source
    days_off: dict[dt.date, str]
    makeup_workdays: dict[dt.date, str]
    notice: str = ""
    loaded_by: str = ""
    loaded_at: dt.datetime | None = None

    @property
    def known(self) -> bool:
        return self.source is not Source.UNKNOWN

    def kind(self, day: dt.date) -> DayKind:
        if day in self.makeup_workdays:
            return DayKind.MAKEUP_WORKDAY
        if day in self.days_off:
            return DayKind.HOLIDAY
        return DayKind.WORKDAY if day.weekday() < 5 else DayKind.REST_DAY

    def summary_lines(self) -> list[str]:
        """One line per holiday, in date order: its rest days and make-up working days."""
        first_met: dict[str, dt.date] = {}
        for day, name in sorted([*self.days_off.items(), *self.makeup_workdays.items()]):
            first_met.setdefault(name, day)
        separator = pgettext("list separator", ", ")
        lines = []
        for name in first_met:
            off = _spans([(d, n) for d, n in sorted(self.days_off.items()) if n == name])
            line = _("%(holiday)s: %(ranges)s off") % {
                "holiday": name, "ranges": separator.join(
                    format_range(span.first, span.last) for span in off)}
            makeup = sorted(d for d, n in self.makeup_workdays.items() if n == name)
            if makeup:
                line += _("; make-up working days: %(days)s") % {"days": separator.join(
                    f"{format_date(d)}（{weekday_name(d)}）" for d in makeup)}
            lines.append(line)
        return lines

    def describe_source(self) -> str:
        if self.source is Source.LOADED:
            return _("%(notice)s, loaded by %(who)s") % {
                "notice": self.notice, "who": self.loaded_by or _("the platform")}
        if self.source is Source.PACKAGE:
            return _("the State Council notice as bundled in the chinesecalendar package "
                     "%(version)s") % {"version": _package_version()}
        return _("no holiday schedule loaded; Monday to Friday taken as working days")


# ---------------------------------------------------------------- where the years come from

def _package_version() -> str:
    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        return "?"


@functools.cache
def _package_index() -> dict[int, tuple[dict, dict]]:
    index: dict[int, tuple[dict, dict]] = {}
    first, last = min(package_data.holidays).year, max(package_data.holidays).year
    for year in range(first, last + 1):
        index[year] = ({}, {})
    for day, name in package_data.holidays.items():
        index[day.year][0][day] = PACKAGE_HOLIDAY_NAMES.get(name, name)
    for day, name in package_data.workdays.items():
        index[day.year][1][day] = PACKAGE_HOLIDAY_NAMES.get(name, name)
    return index


def package_years() -> range:
    """The years the chinesecalendar package ships."""
    years = _package_index()
    return range(min(years), max(years) + 1)


@functools.cache
def package_year(year: int) -> YearCalendar | None:
    """The year as the chinesecalendar package has it, or None if the package lacks it."""
    entry = _package_index().get(year)
    if entry is None:
        return None
    return YearCalendar(year=year, source=Source.PACKAGE, days_off=entry[0],
                        makeup_workdays=entry[1])


def loaded_calendar(row: CalendarYear) -> YearCalendar:
    names = row.holiday_names or {}
    return YearCalendar(
        year=row.year,
        source=Source.LOADED,
        days_off={dt.date.fromisoformat(d): names.get(d, "") for d in row.days_off},
        makeup_workdays={dt.date.fromisoformat(d): names.get(d, "") for d in row.makeup_workdays},
        notice=row.source,
        loaded_by=row.loaded_by,
        loaded_at=row.loaded_at,
    )


class _LoadedYears:
    """The process's copy of every loaded year (a handful of small rows: one query)."""

    def __init__(self):
        self._years: dict[int, YearCalendar] | None = None
        self._read_at = 0.0
        # Set while a load may still be uncommitted: until then nothing read is kept, so a
        # rolled-back load can never linger in the copy.
        self._pending = False

    def get(self) -> dict[int, YearCalendar]:
        if self._pending and not transaction.get_connection().in_atomic_block:
            self._pending = False
            self._years = None
        years = self._years
        now = time.monotonic()
        if years is None or self._pending or now - self._read_at > LOADED_YEARS_REFRESH_SECONDS:
            years = {row.year: loaded_calendar(row) for row in CalendarYear.objects.all()}
            if not self._pending:
                self._years, self._read_at = years, now
        return years

    def changed(self) -> None:
        self._pending = True
        self._years = None
        transaction.on_commit(self._committed)

    def _committed(self) -> None:
        self._pending = False
        self._years = None

    def clear(self) -> None:
        self._years = None


_loaded_years = _LoadedYears()


def calendar_changed() -> None:
    """Call inside the transaction that writes a ``CalendarYear``: later reads see it."""
    _loaded_years.changed()


def invalidate(**_kwargs) -> None:
    """Forget the loaded years read so far (also a signal receiver: flush, migrate)."""
    _loaded_years.clear()


def _row_changed(**_kwargs) -> None:
    calendar_changed()


# Rows changed outside the action (shell, flush between tests) must not linger either.
post_save.connect(_row_changed, sender=CalendarYear, dispatch_uid="sanxiang.workdays.save")
post_delete.connect(_row_changed, sender=CalendarYear, dispatch_uid="sanxiang.workdays.delete")
post_migrate.connect(invalidate, dispatch_uid="sanxiang.workdays.migrate")


class _Calendar:
    """The years one computation looks at; loaded years are read at most once."""

    def __init__(self):
        self._loaded: dict[int, YearCalendar] | None = None
        self.years: dict[int, YearCalendar] = {}

    def year(self, year: int) -> YearCalendar:
        calendar = self.years.get(year)
        if calendar is None:
            if self._loaded is None:
                self._loaded = _loaded_years.get()
            calendar = (self._loaded.get(year) or package_year(year)
                        or YearCalendar(year=year, source=Source.UNKNOWN, days_off={},
                                        makeup_workdays={}))
            self.years[year] = calendar
        return calendar

    def kind(self, day: dt.date) -> DayKind:
        return self.year(day.year).kind(day)

    def holiday_name(self, day: dt.date) -> str:
        calendar = self.year(day.year)
        return calendar.days_off.get(day) or calendar.makeup_workdays.get(day, "")


def year_calendar(year: int) -> YearCalendar:
    """The calendar the platform uses for ``year``, with its source."""
    return _Calendar().year(year)


def unknown_years(years: Iterable[int]) -> list[int]:
    """Those of ``years`` that neither a loaded file nor the package covers."""
    calendar = _Calendar()
    return sorted({y for y in years if not calendar.year(y).known})


# ---------------------------------------------------------------- single days

@dataclass(frozen=True)
class DayStatus:
    day: dt.date
    kind: DayKind
    holiday: str
    source: Source

    @property
    def is_workday(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)

    @property
    def provisional(self) -> bool:
        return self.source is Source.UNKNOWN

    def describe(self) -> str:
        head = f"{format_date(self.day)}（{weekday_name(self.day)}）"
        if self.kind is DayKind.MAKEUP_WORKDAY:
            text = _("%(day)s: make-up working day for %(holiday)s")
        elif self.kind is DayKind.HOLIDAY:
            text = _("%(day)s: %(holiday)s holiday, not a working day")
        elif self.kind is DayKind.REST_DAY:
            text = _("%(day)s: rest day, not a working day")
        else:
            text = _("%(day)s: working day")
        line = text % {"day": head, "holiday": self.holiday}
        if self.provisional:
            line += _(" (provisional: the holiday schedule for %(year)s has not been loaded)") % {
                "year": self.day.year}
        return line


def day_status(day: dt.date) -> DayStatus:
    calendar = _Calendar()
    year = calendar.year(_check_date(day).year)
    return DayStatus(day=day, kind=year.kind(day), holiday=calendar.holiday_name(day),
                     source=year.source)


def is_workday(day: dt.date) -> bool | None:
    """True or False from the official calendar; None if the year's schedule is unknown."""
    status = day_status(day)
    return None if status.provisional else status.is_workday


# ---------------------------------------------------------------- periods

class ExcludedPeriod(NamedTuple):
    """Days, both ends included, that a period does not count (hearing, expert review …)."""

    first: dt.date
    last: dt.date
    reason: str = ""


@dataclass(frozen=True)
class HolidaySpan:
    name: str
    first: dt.date
    last: dt.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class MakeupDay:
    day: dt.date
    name: str


@dataclass(frozen=True)
class ExcludedSpan:
    period: ExcludedPeriod
    days: int  # natural days of the period that fell inside the computation


class Unit(StrEnum):
    WORKDAYS = "workdays"
    DAYS = "days"


@dataclass(frozen=True, kw_only=True)
class _Trail:
    """What a computation met on its way, shared by both result kinds."""

    holidays: tuple[HolidaySpan, ...]
    makeup_workdays: tuple[MakeupDay, ...]
    rest_days: int
    excluded: tuple[ExcludedSpan, ...]
    calendars: tuple[YearCalendar, ...]

    @property
    def unknown_years(self) -> tuple[int, ...]:
        return tuple(c.year for c in self.calendars if not c.known)

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)

    def _met_lines(self) -> list[str]:
        met = []  # (date, line): make-up days and holidays in the order they were met
        for makeup in self.makeup_workdays:
            met.append((makeup.day, _(
                "Make-up working day counted: %(date)s (%(weekday)s, %(holiday)s)") % {
                "date": format_date(makeup.day), "weekday": weekday_name(makeup.day),
                "holiday": makeup.name}))
        for span in self.holidays:
            met.append((span.first, ngettext(
                "Holiday skipped: %(holiday)s %(range)s, %(count)s day",
                "Holiday skipped: %(holiday)s %(range)s, %(count)s days", span.days) % {
                "holiday": span.name, "range": format_range(span.first, span.last),
                "count": span.days}))
        lines = [line for _day, line in sorted(met)]
        if self.rest_days:
            lines.append(ngettext("Rest days (weekends) skipped: %(count)s day",
                                  "Rest days (weekends) skipped: %(count)s days",
                                  self.rest_days) % {"count": self.rest_days})
        for span in self.excluded:
            period = span.period
            head = _("Not counted: %(what)s %(range)s") % {
                "what": period.reason or _("excluded period"),
                "range": format_range(period.first, period.last)}
            if span.days:
                tail = ngettext("; %(count)s day of it falls within this period",
                                "; %(count)s days of it fall within this period",
                                span.days) % {"count": span.days}
            else:
                tail = _("; it lies outside this period")
            lines.append(head + tail)
        return lines

    def _closing_lines(self) -> list[str]:
        lines = [_("Calendar for %(year)s: %(source)s") % {
            "year": c.year, "source": c.describe_source()} for c in self.calendars]
        if self.provisional:
            years = pgettext("list separator", ", ").join(str(y) for y in self.unknown_years)
            lines.append(_(
                "Provisional: the holiday schedule for %(years)s has not been loaded, so this "
                "result takes Monday to Friday as working days. An administrator must load "
                "the State Council's holiday schedule for %(years)s; the result becomes final "
                "once it is loaded.") % {"years": years})
        return lines


@dataclass(frozen=True, kw_only=True)
class DeadlineResult(_Trail):
    """The last day of a period, with everything needed to explain it (R-CAL-02)."""

    start: dt.date
    count: int
    unit: Unit
    date: dt.date
    rule: str = ""
    # For natural days: the last day before it was moved off a rest day or holiday.
    moved_from: dt.date | None = None

    def explanation_lines(self) -> list[str]:
        lines = []
        if self.rule:
            lines.append(_("Rule: %(rule)s") % {"rule": self.rule})
        lines.append(_start_line(self.start))
        if self.unit is Unit.WORKDAYS and self.count == 0:
            lines.append(_("Period: 0 working days: the start date itself if it is a working "
                           "day, otherwise the first working day after it"))
        elif self.unit is Unit.WORKDAYS:
            lines.append(ngettext(
                "Period: %(count)s working day; statutory holidays and rest days are not "
                "counted, make-up working days are",
                "Period: %(count)s working days; statutory holidays and rest days are not "
                "counted, make-up working days are", self.count) % {"count": self.count})
        else:
            lines.append(ngettext("Period: %(count)s day, counted in calendar days",
                                  "Period: %(count)s days, counted in calendar days",
                                  self.count) % {"count": self.count})
        if self.moved_from is not None:
            holiday = next((s.name for s in self.holidays if s.first <= self.moved_from
                            <= s.last), "")
            what = (_("the %(holiday)s holiday") % {"holiday": holiday} if holiday
                    else _("a rest day"))
            lines.append(_(
                "The last day, %(date)s (%(weekday)s), falls on %(what)s; by law the period "
                "ends on the first working day after it") % {
                "date": format_date(self.moved_from), "weekday": weekday_name(self.moved_from),
                "what": what})
        lines.extend(self._met_lines())
        values = {"date": format_date(self.date), "weekday": weekday_name(self.date)}
        if self.provisional:
            lines.append(_("Last day of the period: %(date)s (%(weekday)s), provisional")
                         % values)
        else:
            lines.append(_("Last day of the period: %(date)s (%(weekday)s)") % values)
        lines.extend(self._closing_lines())
        return lines


@dataclass(frozen=True, kw_only=True)
class CountResult(_Trail):
    """The working days in (start, end], explained (R-CAL-02)."""

    start: dt.date
    end: dt.date
    count: int
    rule: str = ""

    def explanation_lines(self) -> list[str]:
        lines = []
        if self.rule:
            lines.append(_("Rule: %(rule)s") % {"rule": self.rule})
        lines.append(_start_line(self.start))
        lines.append(_("End date: %(date)s (%(weekday)s), counted") % {
            "date": format_date(self.end), "weekday": weekday_name(self.end)})
        lines.extend(self._met_lines())
        lines.append(ngettext("Working days counted: %(count)s", "Working days counted: %(count)s",
                              self.count) % {"count": self.count})
        lines.extend(self._closing_lines())
        return lines


def explain(result: DeadlineResult | CountResult) -> list[str]:
    """The result's explanation, one sentence a line, in the active language."""
    return result.explanation_lines()


def _start_line(start: dt.date) -> str:
    return _("Start date: %(date)s (%(weekday)s); the start date itself is not counted") % {
        "date": format_date(start), "weekday": weekday_name(start)}


class _Walk:
    """Walks days forward, recording what it skips, for one computation."""

    def __init__(self, excluded: Iterable):
        self.calendar = _Calendar()
        self.periods = _periods(excluded)
        self.merged = _merge(self.periods)
        self.holiday_days: list[tuple[dt.date, str]] = []
        self.makeup: list[MakeupDay] = []
        self.rest_days = 0

    def excluded_until(self, day: dt.date) -> dt.date | None:
        for first, last in self.merged:
            if first <= day <= last:
                return last
        return None

    def working_days(self, first: dt.date, last: dt.date | None = None) -> Iterator[dt.date]:
        """The working days from ``first`` on (to ``last``), outside excluded periods."""
        day = first
        while last is None or day <= last:
            skip_to = self.excluded_until(day)
            if skip_to is not None:
                day = skip_to + ONE_DAY
                continue
            kind = self.calendar.kind(day)
            if kind is DayKind.WORKDAY:
                yield day
            elif kind is DayKind.MAKEUP_WORKDAY:
                self.makeup.append(MakeupDay(day, self.calendar.holiday_name(day)))
                yield day
            elif kind is DayKind.HOLIDAY:
                self.holiday_days.append((day, self.calendar.holiday_name(day)))
            else:
                self.rest_days += 1
            day += ONE_DAY

    def trail(self, after: dt.date, through: dt.date) -> dict:
        """The result fields describing the walk over (after, through]."""
        excluded = []
        for period in self.periods:
            lo, hi = max(period.first, after + ONE_DAY), min(period.last, through)
            excluded.append(ExcludedSpan(period, max(0, (hi - lo).days + 1)))
        return {
            "holidays": _spans(self.holiday_days),
            "makeup_workdays": tuple(self.makeup),
            "rest_days": self.rest_days,
            "excluded": tuple(excluded),
            "calendars": tuple(self.calendar.years[y] for y in sorted(self.calendar.years)),
        }


def add_workdays(start: dt.date, n: int, *, rule: str = "",
                 excluded: Iterable = ()) -> DeadlineResult:
    """The n-th working day after ``start`` (start not counted); see the module docstring."""
    _check_date(start)
    _check_count(n)
    walk = _Walk(excluded)
    if n == 0:
        end = next(walk.working_days(start))
        return DeadlineResult(start=start, count=0, unit=Unit.WORKDAYS, date=end, rule=rule,
                              **walk.trail(start - ONE_DAY, end))
    days = walk.working_days(start + ONE_DAY)
    for _counted in range(n - 1):
        next(days)
    end = next(days)
    return DeadlineResult(start=start, count=n, unit=Unit.WORKDAYS, date=end, rule=rule,
                          **walk.trail(start, end))


def add_days(start: dt.date, n: int, *, rule: str = "",
             excluded: Iterable = ()) -> DeadlineResult:
    """The end of a period of n natural days after ``start`` (start not counted).

    Days in excluded periods do not count. If the last day is a rest day or holiday, the
    period ends on the first working day after it (民法典 203).
    """
    _check_date(start)
    _check_count(n)
    walk = _Walk(excluded)
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        skip_to = walk.excluded_until(day)
        if skip_to is not None:
            day = skip_to
            continue
        counted += 1
    end = next(walk.working_days(day))
    return DeadlineResult(start=start, count=n, unit=Unit.DAYS, date=end, rule=rule,
                          moved_from=day if end != day else None,
                          **walk.trail(start if n else start - ONE_DAY, end))


def count_workdays(start: dt.date, end: dt.date, *, rule: str = "",
                   excluded: Iterable = ()) -> CountResult:
    """The working days after ``start`` up to and including ``end``."""
    _check_date(start)
    _check_date(end)
    if end < start:
        raise ValueError("end must not be before start")
    walk = _Walk(excluded)
    count = sum(1 for _day in walk.working_days(start + ONE_DAY, end))
    return CountResult(start=start, end=end, count=count, rule=rule, **walk.trail(start, end))


# ---------------------------------------------------------------- helpers

def _check_date(day) -> dt.date:
    # A datetime would need a time zone to say which day it is: the caller decides that.
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise TypeError(f"expected a date, not {day!r}")
    return day


def _check_count(n) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"a period is a whole number of days, not {n!r}")


def _periods(excluded: Iterable) -> tuple[ExcludedPeriod, ...]:
    periods = []
    for item in excluded:
        period = ExcludedPeriod(*item)
        _check_date(period.first)
        _check_date(period.last)
        if period.last < period.first:
            raise ValueError(f"excluded period ends before it starts: {period}")
        periods.append(period)
    return tuple(periods)


def _merge(periods: Iterable[ExcludedPeriod]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for first, last, _reason in sorted(periods):
        if merged and first <= merged[-1][1] + ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _spans(days: list[tuple[dt.date, str]]) -> tuple[HolidaySpan, ...]:
    spans: list[HolidaySpan] = []
    for day, name in days:
        if spans and spans[-1].name == name and spans[-1].last + ONE_DAY == day:
            spans[-1] = HolidaySpan(name, spans[-1].first, day)
        else:
            spans.append(HolidaySpan(name, day, day))
    return tuple(spans)


def format_date(day: dt.date) -> str:
    """A date in the official form, 2026年2月13日."""
    return _("%(month)s/%(day)s/%(year)s") % {
        "year": day.year, "month": day.month, "day": day.day}


def format_range(first: dt.date, last: dt.date) -> str:
    """2026年2月15日至2月23日; the year is repeated only when it changes."""
    if first == last:
        return format_date(first)
    if first.year == last.year:
        second = _("%(month)s/%(day)s") % {"month": last.month, "day": last.day}
    else:
        second = format_date(last)
    return _("%(first)s to %(last)s") % {"first": format_date(first), "last": second}


def weekday_name(day: dt.date) -> str:
    return str(WEEKDAYS[day.weekday()])
