"""Trends by month drawn on the server as SVG (R-SUP-01): no script, no CDN, readable
without JavaScript and printable. One GROUP BY per series over the last twelve months;
the case series are read from the monthly tallies (ADR 0028)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.html import escape
from django.utils.translation import gettext as _

from sanxiang.cases.models import Case
from sanxiang.supervision.models import CaseMonthTally, Complaint

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 40
COLOURS = ("#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]


def months_until(today: date, count: int = 12) -> list[date]:
    year, month = today.year, today.month
    out = []
    for _i in range(count):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _by_month(rows, field: str, months: list[date], *, total=None) -> list[int]:
    start = months[0]
    query = (rows.filter(**{f"{field}__gte": start}).annotate(month=TruncMonth(field))
             .values("month").order_by())
    query = query.annotate(n=Sum(total) if total else Count("id"))
    found = {}
    for row in query:
        month = row["month"]
        month = month.date() if hasattr(month, "date") and callable(month.date) else month
        found[(month.year, month.month)] = int(row["n"] or 0)
    return [found.get((m.year, m.month), 0) for m in months]


def _tallied(user, months: list[date], column: str, *, yuan=False) -> list[int]:
    """A monthly series read from ``CaseMonthTally`` (ADR 0028)."""
    found = dict(CaseMonthTally.objects.visible_to(user).filter(month__gte=months[0])
                 .values("month").annotate(n=Sum(column)).order_by()
                 .values_list("month", "n"))
    return [int((found.get(m) or 0) // 100) if yuan else int(found.get(m) or 0)
            for m in months]


def case_trends(user, today: date, *, recount=False) -> tuple[list[date], list[Series]]:
    """Cases opened, decisions and complaints per month. The case series are read from the
    tallies; ``recount`` counts them from the cases (the old path, for the tests)."""
    months = months_until(today)
    complaints = Series(_("Complaints filed"),
                        _by_month(Complaint.objects.visible_to(user), "filed_on", months))
    if not recount:
        return months, [Series(_("Cases opened"), _tallied(user, months, "opened")),
                        Series(_("Decisions"), _tallied(user, months, "decided")),
                        complaints]
    cases = Case.objects.visible_to(user)
    return months, [
        Series(_("Cases opened"), _by_month(cases, "opened_on", months)),
        Series(_("Decisions"), _by_month(cases.filter(decided_on__isnull=False),
                                         "decided_on", months)),
        complaints,
    ]


def fine_trend(user, today: date, *, recount=False) -> tuple[list[date], list[Series]]:
    months = months_until(today)
    if not recount:
        return months, [Series(_("Fines decided (yuan)"),
                               _tallied(user, months, "fines_fen", yuan=True))]
    cases = Case.objects.visible_to(user).filter(decided_on__isnull=False)
    return months, [Series(_("Fines decided (yuan)"),
                           _by_month(cases, "decided_on", months, total="decided_fine"))]


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def svg(title: str, months: list[date], series: list[Series], *, link=None) -> str:
    """A line chart; ``link(month)`` gives each month label a link to its list."""
    top = _nice_max(max((v for s in series for v in s.values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(months) - 1)

    def x(i):
        return LEFT + i * step

    def y(v):
        return TOP + plot_h - plot_h * v / top

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="{escape(title)}" class="trend-chart">',
             f"<title>{escape(title)}</title>",
             f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>']
    for k in range(5):
        value = top * k / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" '
                     f'y2="{y(value):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" '
                     f'text-anchor="end">{int(value):,}</text>')
    for i, month in enumerate(months):
        label = f"{month.month}月" if month.month != 1 else f"{month.year}年1月"
        text = (f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
                f'text-anchor="middle">{label}</text>')
        if link:
            text = f'<a href="{escape(link(month))}">{text}</a>'
        parts.append(text)
    for n, line in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(line.values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{points}"/>')
        for i, v in enumerate(line.values):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}">'
                         f"<title>{escape(line.label)} {months[i].year}年{months[i].month}月："
                         f"{v:,}</title></circle>")
        lx = LEFT + n * 170
        parts.append(f'<rect x="{lx}" y="{HEIGHT - 14}" width="12" height="4" '
                     f'fill="{colour}"/><text x="{lx + 16}" y="{HEIGHT - 9}" '
                     f'font-size="11">{escape(line.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
