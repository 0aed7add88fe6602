"""The per-year holiday file: one State Council notice written as TOML (R-CAL-01).

The file follows the notice: the year, the notice it comes from, then one ``[[holiday]]``
table per item of the notice with its rest days and its make-up working days (调休上班)::

    year = 2026
    source = "国务院办公厅关于2026年部分节假日安排的通知"
    document_number = "国办发明电〔2025〕7号"   # optional
    issued_on = 2025-11-04                    # optional

    [[holiday]]
    name = "春节"
    from = 2026-02-15
    to = 2026-02-23
    makeup_workdays = [2026-02-14, 2026-02-28]
    note = "2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。"  # optional

Rest days are a ``from``/``to`` range or a ``days`` list. Dates are TOML dates (no quotes).
The parser is strict: it reports every problem it finds, in the user's language, and a
file with any problem yields nothing.
"""

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "calendar"

# Wide enough for any notice the platform will meet, narrow enough to catch a typo.
MIN_YEAR = 2000
MAX_YEAR = 2100

TOP_KEYS = ("year", "source", "document_number", "issued_on", "holiday")
REQUIRED_TOP_KEYS = ("year", "source", "holiday")
HOLIDAY_KEYS = ("name", "from", "to", "days", "makeup_workdays", "note")

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class CalendarFileError(ValueError):
    """The file was refused; ``errors`` lists every problem, each a sentence for the user."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Holiday:
    name: str
    days_off: tuple[date, ...]
    makeup_workdays: tuple[date, ...]
    note: str = ""


@dataclass(frozen=True)
class YearSchedule:
    year: int
    title: str
    document_number: str
    issued_on: date | None
    holidays: tuple[Holiday, ...]

    @property
    def source(self) -> str:
        """The notice as one line: title and its number (文号), or else its date."""
        if self.document_number:
            return f"{self.title}（{self.document_number}）"
        if self.issued_on:
            issued = self.issued_on
            return f"{self.title}（{issued.year}年{issued.month}月{issued.day}日）"
        return self.title

    def days_off(self) -> dict[date, str]:
        return {day: h.name for h in self.holidays for day in h.days_off}

    def makeup_workdays(self) -> dict[date, str]:
        return {day: h.name for h in self.holidays for day in h.makeup_workdays}

    def as_record(self) -> dict:
        """The ``CalendarYear`` fields, in the JSON shape they are stored in."""
        days_off = self.days_off()
        makeup = self.makeup_workdays()
        names = {**days_off, **makeup}
        return {
            "year": self.year,
            "source": self.source,
            "days_off": [d.isoformat() for d in sorted(days_off)],
            "makeup_workdays": [d.isoformat() for d in sorted(makeup)],
            "holiday_names": {d.isoformat(): names[d] for d in sorted(names)},
        }


def bundled_file(year: int) -> Path:
    """The file shipped with the platform for ``year`` (it may not exist)."""
    return BUNDLED_DIR / f"{year}.toml"


def parse_year_file(text: str) -> YearSchedule:
    """Parse and validate one year's file; raise ``CalendarFileError`` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CalendarFileError([_toml_error(error)]) from None
    return _Validator().run(data)


# What tomllib's English messages mean, for the file's author (its messages are not
# translated): the start of the message → a Chinese phrase. Anything else is left out
# rather than shown in English; the line and column still say where.
_TOML_PROBLEMS = (
    ("Invalid value", gettext_lazy("a value is missing or not valid")),
    ("Invalid date", gettext_lazy("a date is not valid")),
    ("Unterminated string", gettext_lazy("a text lacks its closing quotation mark")),
    ("Unclosed array", gettext_lazy("a list lacks its closing “]”")),
    ("Unclosed inline table", gettext_lazy("an inline table lacks its closing “}”")),
    ("Expected ']]'", gettext_lazy("a “[[…]]” heading lacks its closing “]]”")),
    ("Expected ']'", gettext_lazy("a “[…]” heading lacks its closing “]”")),
    ("Expected '='", gettext_lazy("a name is not followed by “=”")),
    ("Expected newline", gettext_lazy("an entry must end with a line break")),
    ("Cannot overwrite", gettext_lazy("an item is given twice")),
    ("Cannot declare", gettext_lazy("an item is given twice")),
    ("Duplicate", gettext_lazy("an item is given twice")),
    ("Cannot redefine", gettext_lazy("an item is given twice")),
    ("Cannot mutate", gettext_lazy("an item is given twice")),
    ("Illegal character", gettext_lazy("a character that is not allowed here")),
    ("Found invalid character", gettext_lazy("a character that is not allowed here")),
    ("Invalid initial character", gettext_lazy("a name starts with a character that is not "
                                               "allowed")),
    ("Invalid statement", gettext_lazy("a line that is neither a heading nor “name = value”")),
)


def _toml_error(error: tomllib.TOMLDecodeError) -> str:
    detail = str(error)
    problem = next((str(text) for start, text in _TOML_PROBLEMS if detail.startswith(start)),
                   "")
    match = _TOML_POSITION.search(detail)
    if match:
        where = _("Line %(line)s, column %(column)s") % {"line": match[1], "column": match[2]}
    elif "(at end of document)" in detail:
        where = _("At the end of the file")
    else:
        where = ""
    if where and problem:
        return _("%(where)s: this is not valid TOML (%(problem)s).") % {
            "where": where, "problem": problem}
    if where:
        return _("%(where)s: this is not valid TOML.") % {"where": where}
    return _("The file is not valid TOML.")


def _is_date(value) -> bool:
    # TOML datetimes are ``datetime`` objects, a subclass of ``date``: refuse them too.
    return isinstance(value, date) and not isinstance(value, datetime)


def _weekday_name(day: date) -> str:
    return str(WEEKDAYS[day.weekday()])


class _Validator:
    def __init__(self):
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)

    def run(self, data: dict) -> YearSchedule:
        for key in data:
            if key not in TOP_KEYS:
                self.error(_("Unknown item “%(key)s”; the allowed items are: %(allowed)s.") % {
                    "key": key, "allowed": ", ".join(TOP_KEYS)})
        for key in REQUIRED_TOP_KEYS:
            if key not in data:
                self.error(_("The required item “%(key)s” is missing.") % {"key": key})

        year = data.get("year")
        if "year" in data and (not isinstance(year, int) or isinstance(year, bool)):
            self.error(_("“year” must be a whole number such as 2026."))
            year = None
        elif isinstance(year, int) and not MIN_YEAR <= year <= MAX_YEAR:
            self.error(_("The year %(year)s is outside the range %(min)s–%(max)s.") % {
                "year": year, "min": MIN_YEAR, "max": MAX_YEAR})
            year = None

        title = self.text(data, "source", required=True)
        number = self.text(data, "document_number", required=False)
        issued_on = data.get("issued_on")
        if issued_on is not None and not _is_date(issued_on):
            self.error(_("“%(key)s” must be a date written without quotation marks, such as "
                         "%(example)s.") % {"key": "issued_on", "example": "2025-11-04"})
            issued_on = None

        holidays = self.holidays(data.get("holiday"), year) if "holiday" in data else ()
        if not self.errors:
            self.check_overlaps(holidays)
        if self.errors:
            raise CalendarFileError(self.errors)
        return YearSchedule(year=year, title=title, document_number=number,
                            issued_on=issued_on, holidays=tuple(holidays))

    def text(self, table: dict, key: str, *, required: bool, where: str = "") -> str:
        value = table.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            message = _("“%(key)s” must be text and may not be empty.") % {"key": key}
            self.error(f"{where}{message}")
            return ""
        return value.strip()

    def holidays(self, tables, year: int | None) -> list[Holiday]:
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            self.error(_("Each holiday must be a [[holiday]] table."))
            return []
        if not tables:
            self.error(_("The file lists no holidays."))
            return []
        result = []
        for number, table in enumerate(tables, start=1):
            holiday = self.holiday(number, table, year)
            if holiday is not None:
                result.append(holiday)
        return result

    def holiday(self, number: int, table: dict, year: int | None) -> Holiday | None:
        name = table.get("name")
        label = name if isinstance(name, str) and name.strip() else "?"
        where = _("Holiday %(number)s (%(name)s): ") % {"number": number, "name": label}
        before = len(self.errors)
        for key in table:
            if key not in HOLIDAY_KEYS:
                self.error(where + _("unknown item “%(key)s”; the allowed items are: "
                                     "%(allowed)s.") % {"key": key,
                                                        "allowed": ", ".join(HOLIDAY_KEYS)})
        if "name" not in table:
            self.error(where + _("the required item “%(key)s” is missing.") % {"key": "name"})
        name = self.text(table, "name", required=True, where=where)
        note = self.text(table, "note", required=False, where=where)
        days_off = self.rest_days(table, where)
        makeup = self.date_list(table, "makeup_workdays", where) if "makeup_workdays" in table \
            else []

        if year is not None:
            for day in [*days_off, *makeup]:
                if day.year != year:
                    self.error(where + _("%(day)s is not in the year %(year)s; a file holds "
                                         "one year only.") % {"day": day.isoformat(),
                                                              "year": year})
        for day in makeup:
            if day.weekday() < 5:
                self.error(where + _("the make-up working day %(day)s is a %(weekday)s, not a "
                                     "Saturday or Sunday.") % {
                    "day": day.isoformat(), "weekday": _weekday_name(day)})
        if len(self.errors) > before:
            return None
        return Holiday(name=name, days_off=tuple(days_off), makeup_workdays=tuple(makeup),
                       note=note)

    def rest_days(self, table: dict, where: str) -> list[date]:
        has_range = "from" in table or "to" in table
        if has_range and "days" in table:
            self.error(where + _("give the rest days either as “from” and “to” or as a “days” "
                                 "list, not both."))
            return []
        if "days" in table:
            days = self.date_list(table, "days", where)
            if not days and isinstance(table["days"], list):
                self.error(where + _("the “days” list is empty."))
            return days
        if not has_range:
            self.error(where + _("the rest days are missing; give them as “from” and “to”, or "
                                 "as a “days” list."))
            return []
        first = self.date_value(table, "from", where)
        last = self.date_value(table, "to", where)
        if first is None or last is None:
            return []
        if first > last:
            self.error(where + _("“from” %(first)s is after “to” %(last)s.") % {
                "first": first.isoformat(), "last": last.isoformat()})
            return []
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def date_value(self, table: dict, key: str, where: str) -> date | None:
        if key not in table:
            self.error(where + _("the required item “%(key)s” is missing.") % {"key": key})
            return None
        value = table[key]
        if not _is_date(value):
            self.error(where + _("“%(key)s” must be a date written without quotation marks, "
                                 "such as %(example)s, not “%(value)s”.") % {
                "key": key, "example": "2026-10-01", "value": value})
            return None
        return value

    def date_list(self, table: dict, key: str, where: str) -> list[date]:
        values = table[key]
        if not isinstance(values, list):
            self.error(where + _("“%(key)s” must be a list of dates such as "
                                 "[2026-02-14, 2026-02-28].") % {"key": key})
            return []
        days: list[date] = []
        for value in values:
            if not _is_date(value):
                self.error(where + _("“%(key)s” must be a date written without quotation "
                                     "marks, such as %(example)s, not “%(value)s”.") % {
                    "key": key, "example": "2026-10-01", "value": value})
            elif value in days:
                self.error(where + _("%(day)s is listed twice.") % {"day": value.isoformat()})
            else:
                days.append(value)
        return days

    def check_overlaps(self, holidays: list[Holiday]) -> None:
        names: set[str] = set()
        rest_of: dict[date, str] = {}
        makeup_of: dict[date, str] = {}
        for holiday in holidays:
            if holiday.name in names:
                self.error(_("The holiday “%(name)s” is listed twice.") % {"name": holiday.name})
            names.add(holiday.name)
            for day in holiday.days_off:
                if day in rest_of:
                    self.error(_("%(day)s is a rest day of both %(first)s and %(second)s.") % {
                        "day": day.isoformat(), "first": rest_of[day], "second": holiday.name})
                rest_of.setdefault(day, holiday.name)
            for day in holiday.makeup_workdays:
                if day in makeup_of:
                    self.error(_("%(day)s is a make-up working day of both %(first)s and "
                                 "%(second)s.") % {"day": day.isoformat(),
                                                   "first": makeup_of[day],
                                                   "second": holiday.name})
                makeup_of.setdefault(day, holiday.name)
        for day in sorted(set(rest_of) & set(makeup_of)):
            self.error(_("%(day)s is both a rest day (%(first)s) and a make-up working day "
                         "(%(second)s).") % {"day": day.isoformat(), "first": rest_of[day],
                                             "second": makeup_of[day]})


@dataclass(frozen=True)
class DayChange:
    """One day whose kind a schedule changes, for the preview before loading it."""

    day: date
    before: str  # the DayKind the platform uses now
    after: str  # the DayKind it will use once the schedule is loaded
    holiday: str


def changed_days(schedule: YearSchedule) -> list[DayChange]:
    """The days of ``schedule.year`` counted differently (working day or not) by the
    calendar in use and by ``schedule``: what loading it changes in every deadline. A weekend
    that becomes a holiday rest day is not listed: it was not counted before either."""
    from sanxiang.calendar import workdays

    current = workdays.year_calendar(schedule.year)
    new = workdays.YearCalendar(year=schedule.year, source=workdays.Source.LOADED,
                                days_off=schedule.days_off(),
                                makeup_workdays=schedule.makeup_workdays())
    working = (workdays.DayKind.WORKDAY, workdays.DayKind.MAKEUP_WORKDAY)
    changes = []
    day = date(schedule.year, 1, 1)
    while day.year == schedule.year:
        before, after = current.kind(day), new.kind(day)
        if (before in working) != (after in working):
            name = new.days_off.get(day) or new.makeup_workdays.get(day) or (
                current.days_off.get(day) or current.makeup_workdays.get(day, ""))
            changes.append(DayChange(day, before, after, name))
        day += timedelta(days=1)
    return changes
