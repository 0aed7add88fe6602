"""The supervisor's dashboard (R-SUP-01): per body of the user's jurisdiction and in total.

Every figure is one GROUP BY over an indexed column set, scoped by ``visible_to`` — a
supervisor sees the bodies of the region, a head the own body. Python only folds the
grouped rows (at most bodies × procedures × states), never the cases themselves. The
case figures (cases by procedure and state, penalties and fines) are read from the
tallies the case actions keep (``supervision.tallies``, ADR 0028), not counted from the
cases table on every page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum

from sanxiang.calendar import workdays
from sanxiang.cases.models import PROCEDURE_CHOICES, Case
from sanxiang.core import rulebook
from sanxiang.disclosure.models import Disclosure
from sanxiang.disclosure.overdue import OPEN_STATES as PUBLICATION_OPEN
from sanxiang.org.models import Body
from sanxiang.review.models import Submission
from sanxiang.supervision import actions
from sanxiang.supervision.evaluation import FAIL_GRADE
from sanxiang.supervision.models import (
    CaseTally,
    Complaint,
    Evaluation,
    Outcome,
    SupervisionDocument,
)
from sanxiang.workbench.staffing import ratios

REVIEW_OPEN = (Submission.State.PENDING, Submission.State.REVIEWING)
COMPLAINT_OPEN = (Complaint.State.RECEIVED, Complaint.State.ACCEPTED)


@dataclass
class BodyFigures:
    body: Body | None  # None: the total row
    cases_open: int = 0
    cases_closed: int = 0
    reviews_open: int = 0
    reviews_overdue: int = 0
    publications_overdue: int = 0
    withdrawals_overdue: int = 0
    complaints_open: int = 0
    complaints_overdue: int = 0
    documents_overdue: int = 0
    outcomes: int = 0
    outcomes_lost: int = 0
    officers: int = 0
    reviewers: int = 0
    reviewer_shortfall: bool = False
    penalties: int = 0
    fines: Decimal = Decimal(0)
    late_uploads: int = 0
    evaluated: int = 0
    evaluation_points: Decimal = Decimal(0)
    evaluation_failed: int = 0
    inspections_planned: int = 0
    inspections_done: int = 0

    @property
    def cases(self) -> int:
        return self.cases_open + self.cases_closed

    @property
    def loss_rate(self) -> str:
        """败诉率: outcomes the body lost over all outcomes recorded."""
        if not self.outcomes:
            return "—"
        return f"{self.outcomes_lost * 100 / self.outcomes:.1f}%"

    @property
    def fines_text(self) -> str:
        """Amounts in 元, or 万元 from ten thousand on, as the workbench writes amounts
        (ADR 0073): 9070元, 2.5万元, 0元 — never 0.00元 or 6.00万元."""
        if self.fines >= 10000:
            return f"{_plain(Decimal(self.fines) / 10000)}万元"
        return f"{_plain(Decimal(self.fines))}元"

    @property
    def evaluation_average(self) -> str:
        if not self.evaluated:
            return "—"
        return f"{self.evaluation_points / self.evaluated:.1f}"

    @property
    def inspections_share(self) -> str:
        if not self.inspections_planned:
            return "—"
        return f"{self.inspections_done * 100 / self.inspections_planned:.0f}%"

    @property
    def reviewer_percent(self) -> str:
        return f"{self.reviewers * 100 / self.officers:.1f}%" if self.officers else "—"

    SUMMED = ("cases_open", "cases_closed", "reviews_open", "reviews_overdue",
              "publications_overdue", "withdrawals_overdue", "complaints_open",
              "complaints_overdue", "documents_overdue", "outcomes", "outcomes_lost",
              "officers", "reviewers", "penalties", "fines", "late_uploads", "evaluated",
              "evaluation_points", "evaluation_failed", "inspections_planned",
              "inspections_done")


@dataclass
class Dashboard:
    today: date
    bodies: list[BodyFigures]
    total: BodyFigures
    # (procedure code, label, {state: count}, total) over the whole scope
    procedures: list[tuple] = field(default_factory=list)
    states: list[tuple] = field(default_factory=list)


def review_cutoff(today: date, count: int) -> date:
    """The latest receipt day whose review of ``count`` working days is overdue today:
    a receipt on or before it has its due day before ``today``."""
    day = today - timedelta(days=1)
    while workdays.add_workdays(day, count).date >= today:
        day -= timedelta(days=1)
    return day


def overdue_reviews(submissions, today: date):
    """The overdue open rounds as a Q-filtered queryset: one date bound per distinct
    extension length (there are one or two), so it stays an indexed range query.
    The national period is used; a body with its own rulebook period is counted with it
    on its own review pages."""
    base = int(rulebook.get("review.workdays", on=today))
    open_rounds = submissions.filter(state__in=REVIEW_OPEN, received_on__isnull=False)
    extensions = open_rounds.values_list("extension_workdays", flat=True).distinct()
    condition = Q(pk__in=[])
    for extension in extensions:
        condition |= Q(extension_workdays=extension,
                       received_on__lte=review_cutoff(today, base + extension))
    return open_rounds.filter(condition)


def _per_body(rows, key="body") -> dict[int, int]:
    return {row[key]: row["n"] for row in rows}


def _case_rows(user, recount: bool):
    """(body, procedure, state, cases, penalties with a fine, their fines in yuan) per
    bucket: read from ``CaseTally`` (ADR 0028), or with ``recount`` counted from the cases
    as before the tallies (the tests compare the two)."""
    if not recount:
        for row in (CaseTally.objects.visible_to(user).filter(cases__gt=0)
                    .values_list("body_id", "procedure", "state", "cases", "penalties",
                                 "fines_fen")):
            yield (*row[:5], Decimal(row[5]) / 100)
        return
    fined = Q(decided_on__isnull=False, decided_fine__gt=0)
    for row in (Case.objects.visible_to(user).values("body", "procedure", "state")
                .annotate(n=Count("id"), penalties=Count("id", filter=fined),
                          fines=Sum("decided_fine", filter=fined)).order_by()):
        yield (row["body"], row["procedure"], row["state"], row["n"], row["penalties"],
               Decimal(str(row["fines"] or 0)))


def build(user, today: date, *, recount: bool = False) -> Dashboard:
    """Every figure of the page. The case figures come from the tallies; ``recount``
    counts them from the cases instead (the old path, kept for the tests' comparison)."""
    bodies = list(Body.objects.visible_to(user).order_by("region_code", "name", "pk"))
    figures = {body.pk: BodyFigures(body=body) for body in bodies}

    by_procedure: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for body_id, procedure, state, n, penalties, fines in _case_rows(user, recount):
        line = figures.get(body_id)
        if line is None:
            continue
        if state == Case.State.OPEN:
            line.cases_open += n
        else:
            line.cases_closed += n
        line.penalties += penalties
        line.fines += fines
        by_procedure[procedure][state] += n

    submissions = Submission.objects.visible_to(user)
    counts = {
        "reviews_open": submissions.filter(state__in=REVIEW_OPEN),
        "reviews_overdue": overdue_reviews(submissions, today),
    }
    for name, qs in counts.items():
        for body_id, n in _per_body(qs.values(body=F("case__body"))
                                    .annotate(n=Count("id")).order_by()).items():
            if body_id in figures:
                setattr(figures[body_id], name, n)

    disclosures = Disclosure.objects.visible_to(user)
    body_counts = {
        "publications_overdue": disclosures.filter(state__in=PUBLICATION_OPEN,
                                                   due_on__lt=today),
        "withdrawals_overdue": disclosures.filter(state=Disclosure.State.PUBLISHED,
                                                  withdrawal_due__lt=today,
                                                  withdrawn_on__isnull=True),
        "complaints_open": Complaint.objects.visible_to(user).filter(state__in=COMPLAINT_OPEN),
        "complaints_overdue": Complaint.objects.visible_to(user).filter(
            actions.overdue_filter(today)),
        "documents_overdue": SupervisionDocument.objects.visible_to(user).filter(
            actions.document_overdue_filter(today)),
    }
    for name, qs in body_counts.items():
        for body_id, n in _per_body(qs.values("body").annotate(n=Count("id"))
                                    .order_by()).items():
            if body_id in figures:
                setattr(figures[body_id], name, n)

    # By the outcome's own body: no join with the cases (ADR 0028).
    outcomes = Outcome.objects.filter(body__in=list(figures))
    for row in (outcomes.values("body")
                .annotate(n=Count("id"),
                          lost=Count("id", filter=Q(result__in=actions.LOST_RESULTS)))
                .order_by()):
        if row["body"] in figures:
            figures[row["body"]].outcomes = row["n"]
            figures[row["body"]].outcomes_lost = row["lost"]

    # Cases with a recording uploaded late (R-REC-05).
    from sanxiang.records.models import Evidence

    # By the visible bodies, not ``case__in`` the visible cases: SQLite built the whole
    # case list for the IN.
    late = Evidence.objects.filter(late=True, case__body__in=list(figures))
    for row in (late.values(body=F("case__body"))
                .annotate(n=Count("case", distinct=True)).order_by()):
        if row["body"] in figures:
            figures[row["body"]].late_uploads = row["n"]

    # 案卷评查 results (R-SUP-03).
    for row in (Evaluation.objects.visible_to(user).filter(state=Evaluation.State.DONE)
                .values("body").annotate(n=Count("id"), points=Sum("score"),
                                         failed=Count("id", filter=Q(grade=FAIL_GRADE)))
                .order_by()):
        if row["body"] in figures:
            line = figures[row["body"]]
            line.evaluated, line.evaluation_failed = row["n"], row["failed"]
            line.evaluation_points = row["points"] or Decimal(0)

    # Random inspections of the year: objects planned vs drawn (R-INS-06).
    from sanxiang.inspections.board import plan_vs_done

    for plan_row in plan_vs_done(Body.objects.filter(pk__in=figures), today.year):
        line = figures[plan_row.plan.body_id]
        line.inspections_planned = plan_row.plan.planned_objects
        line.inspections_done = plan_row.objects_done

    for ratio in ratios(Body.objects.filter(pk__in=figures)):
        line = figures[ratio.body.pk]
        line.officers, line.reviewers = ratio.officers, ratio.reviewers
        line.reviewer_shortfall = ratio.shortfall

    total = BodyFigures(body=None)
    for line in figures.values():
        for name in BodyFigures.SUMMED:
            setattr(total, name, getattr(total, name) + getattr(line, name))
        total.reviewer_shortfall |= line.reviewer_shortfall

    states = list(Case.State.choices)
    procedures = []
    for code, label in PROCEDURE_CHOICES:
        counted = by_procedure.get(code)
        if counted:
            procedures.append((code, label, [counted.get(s, 0) for s, _l in states],
                               sum(counted.values())))
    return Dashboard(today=today, bodies=list(figures.values()), total=total,
                     procedures=procedures, states=states)


def _plain(amount: Decimal) -> str:
    """At most two decimals, without trailing zeros: 2.50 → 2.5, 6.00 → 6."""
    text = f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
