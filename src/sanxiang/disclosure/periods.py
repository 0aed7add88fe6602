"""How long a published decision stays public (R-PUB-07), from rulebook settings.

Penalty information stays public at least ``pub.penalty_min_months`` (3) and at most
``pub.penalty_max_months`` (36) months; the minimum is ``pub.penalty_min_months_long`` (12)
for food, drugs, special equipment, work safety and fire — cases whose enforcement category
is in ``pub.long_min_fields`` or whose cause or item names one of ``pub.long_min_keywords``.
Other decisions stay ``pub.other_max_months`` and have no early removal.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sanxiang.core import rulebook


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Periods:
    public_until: date          # the last day the record is public
    removable_from: date | None  # first day 信用修复 may remove it early
    min_months: int
    max_months: int
    long_minimum: bool


def long_minimum(case, *, on: date) -> bool:
    fields = rulebook.get("pub.long_min_fields", body=case.body, on=on) or []
    if case.field.code in fields:
        return True
    words = rulebook.get("pub.long_min_keywords", body=case.body, on=on) or []
    names = f"{case.title} {case.item_name}"
    return any(word in names for word in words)


def periods_for(disclosure, *, published_on: date) -> Periods:
    case, body = disclosure.case, disclosure.body
    if disclosure.category == "penalty":
        long = long_minimum(case, on=published_on)
        key = "pub.penalty_min_months_long" if long else "pub.penalty_min_months"
        minimum = int(rulebook.get(key, body=body, on=published_on))
        maximum = int(rulebook.get("pub.penalty_max_months", body=body, on=published_on))
        maximum = max(maximum, minimum)
        return Periods(public_until=add_months(published_on, maximum) - timedelta(days=1),
                       removable_from=add_months(published_on, minimum), min_months=minimum,
                       max_months=maximum, long_minimum=long)
    maximum = int(rulebook.get("pub.other_max_months", body=body, on=published_on))
    return Periods(public_until=add_months(published_on, maximum) - timedelta(days=1),
                   removable_from=None, min_months=0, max_months=maximum, long_minimum=False)
