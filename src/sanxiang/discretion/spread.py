"""同案不同罚 (R-AST-04): how fines decided for the same item at the same circumstance
level spread across officers and bodies, and which cases stand out — against the benchmark
(decided outside the suggested range) or against their peers (beyond 1.5 × IQR of the
group's quartiles).

Everything is a GROUP BY over the decided ``Assessment`` rows the user may see (indexed on
stage, item, level, fine). The page shows the groups a page at a time and the cases of a
group by keyset on (fine, id); the Excel export walks every group and every case standing
out, batch by batch, into a write-only workbook.

Quartiles: PostgreSQL's ``percentile_cont`` in the same GROUP BY; elsewhere two indexed
offset reads per quartile and group of the page, interpolated the same way, so both
databases give the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    Sum,
    Value,
)
from django.db.models import Case as When_
from django.db.models import When as W
from django.db.models.functions import NullIf

from sanxiang.discretion.models import Assessment

GROUPS_PER_PAGE = 50
CASES_PER_PAGE = 100
FENCE = Decimal("1.5")
QUARTILES = (("q1", 0.25), ("median", 0.5), ("q3", 0.75))


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile (interpolated), as an aggregate."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction),
                         output_field=DecimalField(max_digits=16, decimal_places=2), **extra)


@dataclass
class Spread:
    key: str
    name: str
    count: int
    low: Decimal
    high: Decimal
    mean: Decimal | None


@dataclass
class Group:
    item_code: str
    level: str
    count: int
    low: Decimal
    high: Decimal
    mean: Decimal | None
    flagged: int
    bodies: int
    officers: int
    q1: Decimal | None = None
    median: Decimal | None = None
    q3: Decimal | None = None
    outliers: int = 0
    by_body: list[Spread] = field(default_factory=list)
    by_officer: list[Spread] = field(default_factory=list)

    @property
    def fences(self) -> tuple[Decimal, Decimal] | None:
        if self.q1 is None or self.q3 is None:
            return None
        iqr = self.q3 - self.q1
        return self.q1 - FENCE * iqr, self.q3 + FENCE * iqr

    @property
    def wide(self) -> bool:
        """The highest fine is more than twice the lowest."""
        return bool(self.low) and self.high > 2 * self.low

    @property
    def ratio(self) -> str:
        """Highest over lowest: the headline of 同案不同罚."""
        if not self.low:
            return "—"
        return f"{(self.high / self.low):.1f}"


def decided(user, *, body_id: int | None = None, item_code: str = "",
            since: date | None = None):
    rows = Assessment.objects.visible_to(user).filter(stage=Assessment.Stage.DECIDED,
                                                      fine__isnull=False)
    if body_id:
        rows = rows.filter(body_id=body_id)
    if item_code:
        rows = rows.filter(item_code=item_code)
    if since:
        rows = rows.filter(on__gte=since)
    return rows


def groups(rows, *, min_count: int = 2, limit: int = GROUPS_PER_PAGE, offset: int = 0,
           spreads: bool = True) -> list[Group]:
    """The (item, level) groups with at least ``min_count`` decisions, the widest spread
    (highest / lowest) first: ``limit`` of them from ``offset`` on, with their quartiles and
    outliers (and, with ``spreads``, the figures by body and by officer)."""
    found = _grouped(rows, min_count=min_count, limit=limit, offset=offset)
    _complete(rows, found, spreads=spreads)
    return found


def groups_page(rows, *, page: int = 1, size: int = GROUPS_PER_PAGE
                ) -> tuple[list[Group], bool]:
    """One page of ``groups`` and whether another follows. Pages by offset: the order is by
    an aggregate (the spread), which no index holds, so the database groups the filtered
    rows for every page anyway; what is bounded is what a page reads beyond that — the
    quartiles, outliers and spreads of its own groups only."""
    found = _grouped(rows, min_count=2, limit=size + 1, offset=(page - 1) * size)
    more = len(found) > size
    found = found[:size]
    _complete(rows, found, spreads=True)
    return found, more


def every_group(rows, *, batch: int = 200) -> Iterator[Group]:
    """All groups, in the order of the page, a batch at a time (the export)."""
    offset = 0
    while True:
        found = groups(rows, limit=batch, offset=offset, spreads=False)
        yield from found
        if len(found) < batch:
            return
        offset += batch


def _grouped(rows, *, min_count: int, limit: int, offset: int) -> list[Group]:
    aggregates = {
        "count": Count("id"), "low": Min("fine"), "high": Max("fine"), "mean": Avg("fine"),
        "flagged": Sum(When_(W(flagged=True, then=1), default=0)),
        "bodies": Count("body", distinct=True), "officers": Count("officer", distinct=True),
    }
    if connection.vendor == "postgresql":
        aggregates |= {name: Percentile("fine", q) for name, q in QUARTILES}
    # The widest spread first, in the query, so the page's groups are the worst ones; the
    # item and level make the order total, so pages neither repeat nor skip a group.
    ratio = ExpressionWrapper(Max("fine") / NullIf(Min("fine"), Value(0)),
                              output_field=DecimalField(max_digits=20, decimal_places=6))
    found = (rows.values("item_code", "level").annotate(**aggregates, spread_ratio=ratio)
             .filter(count__gte=min_count)
             .order_by(F("spread_ratio").desc(nulls_last=True), "item_code", "level")
             [offset:offset + limit])
    result = []
    for row in found:
        row.pop("spread_ratio")
        result.append(Group(**row))
    return result


def _complete(rows, found: list[Group], *, spreads: bool) -> None:
    for group in found:
        if connection.vendor != "postgresql":
            _quartiles(rows, group)
        group.q1, group.median, group.q3 = (_money(group.q1), _money(group.median),
                                            _money(group.q3))
        low, high = group.fences
        group.outliers = rows.filter(item_code=group.item_code, level=group.level).filter(
            Q(fine__lt=low) | Q(fine__gt=high)).count()
    if spreads:
        _spreads(rows, found)


def standing_out(rows, group: Group):
    """The group's decisions outside the benchmark or beyond its fences, by fine."""
    low, high = group.fences
    return (rows.filter(item_code=group.item_code, level=group.level)
            .filter(Q(flagged=True) | Q(fine__lt=low) | Q(fine__gt=high))
            .select_related("case", "body", "officer").order_by("fine", "id"))


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def _quartiles(rows, group: Group) -> None:
    ordered = rows.filter(item_code=group.item_code, level=group.level).order_by("fine", "id")
    for name, fraction in QUARTILES:
        position = fraction * (group.count - 1)
        lower = math.floor(position)
        values = list(ordered.values_list("fine", flat=True)[lower:lower + 2])
        value = values[0]
        if len(values) > 1 and position > lower:
            value += (values[1] - values[0]) * Decimal(str(position - lower))
        setattr(group, name, value)


def _spreads(rows, found: list[Group]) -> None:
    """By body and by officer, for the groups shown: two GROUP BY queries."""
    if not found:
        return
    keys = {(g.item_code, g.level): g for g in found}
    scope = rows.filter(item_code__in={g.item_code for g in found})
    for by, target, name_field in (("body", "by_body", "body__name"),
                                   ("officer", "by_officer", "officer__name")):
        for row in (scope.values("item_code", "level", by, name_field)
                    .annotate(count=Count("id"), low=Min("fine"), high=Max("fine"),
                              mean=Avg("fine")).order_by("item_code", "level", "mean")):
            group = keys.get((row["item_code"], row["level"]))
            if group is not None:
                getattr(group, target).append(Spread(
                    key=str(row[by] or ""), name=row[name_field] or "—", count=row["count"],
                    low=row["low"], high=row["high"], mean=_money(row["mean"])))


def cases_behind(rows, *, item_code: str, level: str, which: str = "all",
                 after: tuple[Decimal, int] | None = None, size: int = CASES_PER_PAGE
                 ) -> tuple[list, tuple[Decimal, int] | None]:
    """One page of the decisions of one group — all, those outside the benchmark, or the
    peers' outliers — by fine, after the (fine, id) of the last row shown (keyset, on the
    group index); returns the rows and the cursor of the next page, or None."""
    group_rows = rows.filter(item_code=item_code, level=level)
    if which == "flagged":
        group_rows = group_rows.filter(flagged=True)
    elif which == "outliers":
        found = groups(group_rows, min_count=1, limit=1, spreads=False)
        if not found:
            return [], None
        low, high = found[0].fences
        group_rows = group_rows.filter(Q(fine__lt=low) | Q(fine__gt=high))
    if after is not None:
        fine, pk = after
        group_rows = group_rows.filter(Q(fine__gt=fine) | Q(fine=fine, id__gt=pk))
    page = list(group_rows.select_related("case", "body", "officer")
                .order_by("fine", "id")[:size + 1])
    if len(page) <= size:
        return page, None
    page = page[:size]
    return page, (page[-1].fine, page[-1].pk)
