"""Figures of the legal review for a body over a period (R-REV-06/07, R-ORG-05).

``review_metrics(body, first, last)`` counts the rounds decided in the period: how many,
the share approved, rounds per case, decisions corrected by the review (a case whose
revise/refuse round was followed by an approved one), the average working days from
receipt to opinion and how many were late; plus the body's reviewer ratio, from
``org.qualification.reviewer_ratio`` (the one the staffing page uses).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sanxiang.calendar import workdays
from sanxiang.org.qualification import ReviewerRatio, reviewer_ratio
from sanxiang.review.models import Submission


@dataclass(frozen=True)
class ReviewMetrics:
    body: object
    first: date
    last: date
    decided: int
    passed: int
    cases: int
    corrected: int
    average_workdays: float | None
    overdue: int
    open_overdue: int
    ratio: ReviewerRatio

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.decided if self.decided else None

    @property
    def rounds_per_case(self) -> float | None:
        return self.decided / self.cases if self.cases else None


def review_metrics(body, first: date, last: date) -> ReviewMetrics:
    from sanxiang.review.actions import review_deadline

    decided = list(Submission.objects.filter(
        case__body=body, state=Submission.State.DECIDED, decided_on__gte=first,
        decided_on__lte=last).select_related("case", "case__body").order_by("case", "round"))
    by_case: dict[int, list[Submission]] = {}
    for sub in decided:
        by_case.setdefault(sub.case_id, []).append(sub)
    corrected = 0
    for case_id in by_case:
        outcomes = [s.outcome for s in Submission.objects.filter(
            case_id=case_id, state=Submission.State.DECIDED,
            decided_on__lte=last).order_by("round")]
        first_pass = outcomes.index("passed") if "passed" in outcomes else None
        if first_pass and any(o in ("revise", "rejected") for o in outcomes[:first_pass]):
            corrected += 1
    spans = [workdays.count_workdays(s.received_on, s.decided_on).count
             for s in decided if s.received_on and s.decided_on >= s.received_on]
    overdue = sum(1 for s in decided if review_deadline(s).overdue)
    running = Submission.objects.filter(case__body=body, state__in=(
        Submission.State.PENDING, Submission.State.REVIEWING)).select_related("case__body")
    open_overdue = sum(1 for s in running if review_deadline(s).overdue)
    return ReviewMetrics(
        body=body, first=first, last=last, decided=len(decided),
        passed=sum(1 for s in decided if s.outcome == Submission.Outcome.PASSED),
        cases=len(by_case), corrected=corrected,
        average_workdays=(sum(spans) / len(spans)) if spans else None,
        overdue=overdue, open_overdue=open_overdue, ratio=reviewer_ratio(body, on=last))
