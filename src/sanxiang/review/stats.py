"""The statistics page's table: per visible body, reviewer staffing (R-ORG-05) next to how
its legal reviews went over a period (R-REV-06, R-REV-07). The figures themselves are
``sanxiang.review.metrics`` (one definition of "corrected", "late" …); this module only
picks the bodies and the period and shapes the rows for the template.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from sanxiang.org.models import Body
from sanxiang.review.metrics import ReviewMetrics, review_metrics
from sanxiang.workbench import staffing


@dataclass(frozen=True)
class BodyRow:
    metrics: ReviewMetrics
    ratio: staffing.Ratio

    @property
    def body(self):
        return self.metrics.body

    @property
    def pass_rate(self) -> str:
        rate = self.metrics.pass_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"

    @property
    def average_workdays(self) -> str:
        days = self.metrics.average_workdays
        return "—" if days is None else f"{days:.1f}"


def period(year: int | None = None) -> tuple[date, date]:
    """A calendar year; the current one runs to today."""
    today = timezone.localdate()
    year = year or today.year
    return date(year, 1, 1), min(date(year, 12, 31), today)


def body_rows(user, first: date, last: date) -> list[BodyRow]:
    bodies = Body.objects.visible_to(user).order_by("region_code", "name")
    rows = []
    for result in staffing.ratios(bodies):
        rows.append(BodyRow(metrics=review_metrics(result.body, first, last), ratio=result))
    return rows


@dataclass(frozen=True)
class Totals:
    shortfalls: int
    decided: int
    passed: int
    corrected: int
    open_overdue: int
    officers: int = 0
    reviewers: int = 0

    @property
    def pass_rate(self) -> str:
        return f"{self.passed * 100 / self.decided:.1f}%" if self.decided else "—"


def totals(rows: list[BodyRow]) -> Totals:
    return Totals(shortfalls=sum(1 for r in rows if r.ratio.shortfall),
                  decided=sum(r.metrics.decided for r in rows),
                  passed=sum(r.metrics.passed for r in rows),
                  corrected=sum(r.metrics.corrected for r in rows),
                  open_overdue=sum(r.metrics.open_overdue for r in rows),
                  officers=sum(r.ratio.officers for r in rows),
                  reviewers=sum(r.ratio.reviewers for r in rows))
