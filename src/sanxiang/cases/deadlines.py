"""A case's deadlines, derived from its recorded facts (DESIGN.md, "Deadlines are derived").

Each ``DeadlineRule`` of the workflow runs from a milestone (served, received, opened …);
its length comes from the rulebook for the case's body, plus approved extensions, minus
excluded periods, counted on the working-day calendar (R-CAL-01). Every result carries its
explanation (R-CAL-02). Nothing is stored: a change of fact changes the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.calendar import workdays
from sanxiang.calendar.workdays import Unit
from sanxiang.cases.models import Case
from sanxiang.cases.workflows import EVENTS, EXCLUDED_PERIODS, DeadlineKind, DeadlineRule, Step
from sanxiang.core import rulebook


@dataclass(frozen=True)
class Deadline:
    step: Step
    rule: DeadlineRule
    start: date
    result: workdays.DeadlineResult
    extension: int
    done_on: date | None  # when the act the deadline governs was done, if it was

    @property
    def due(self) -> date:
        return self.result.date

    @property
    def not_before(self) -> bool:
        return self.rule.kind == DeadlineKind.NOT_BEFORE

    @property
    def met(self) -> bool | None:
        if self.done_on is None:
            return None
        return self.done_on >= self.due if self.not_before else self.done_on <= self.due

    @property
    def overdue(self) -> bool:
        return (not self.not_before and self.done_on is None
                and timezone.localdate() > self.due)

    @property
    def days_left(self) -> int:
        return (self.due - timezone.localdate()).days

    @property
    def status(self) -> str:
        if self.done_on is not None:
            return _("met") if self.met else _("missed")
        if self.not_before:
            return _("not before this day")
        return _("overdue") if self.overdue else _("running")

    def explanation(self) -> list[str]:
        lines = [_("Rule: %(rule)s, %(basis)s; %(counted)s.") % {
            "rule": self.rule.rule, "basis": self.rule.basis,
            "counted": EVENTS[self.rule.start_event]}]
        if self.extension:
            text = (_("Extended by %(n)d working days after approval.")
                    if self.rule.unit == Unit.WORKDAYS
                    else _("Extended by %(n)d days after approval."))
            lines.append(text % {"n": self.extension})
        return lines + workdays.explain(self.result)


# Where a step's act has its own date field (service), the deadline judges that date.
ACT_DATE_FIELDS = {"serve": "served_on", "deliver": "served_on", "notify": "served_on",
                   "hearing_offer": "served_on", "hearing_request": "requested_on",
                   "hearing_notice": "served_on", "serve_seizure": "served_on",
                   "serve_freezing": "served_on"}

# A second period of a measure starts where the first ended: event → (first event, step).
SECOND_PERIODS = {"seizure_period_ended": ("seizure_started", "serve_seizure")}


def excluded_periods(case: Case, kinds, *, rows=None) -> list[workdays.ExcludedPeriod]:
    rows = rows if rows is not None else list(case.excluded_periods.all())
    today = timezone.localdate()
    return [workdays.ExcludedPeriod(p.first, p.last or today,
                                    f"{EXCLUDED_PERIODS[p.kind]}：{p.reason}")
            for p in rows if p.kind in kinds]


def extension_for(case: Case, rule: DeadlineRule, step: Step, *, rows=None) -> int:
    if not rule.extension_key:
        return 0
    rows = rows if rows is not None else list(case.extensions.all())
    return sum(e.amount for e in rows if e.rule == rule.rule and e.step == step.code)


def compute(case: Case, step: Step, rule: DeadlineRule, start: date, *, periods=None,
            extensions=None, done_on: date | None = None) -> Deadline:
    amount = int(rulebook.get(rule.amount_key, body=case.body, on=start))
    extra = extension_for(case, rule, step, rows=extensions)
    excluded = excluded_periods(case, rule.excluded, rows=periods)
    add = workdays.add_workdays if rule.unit == Unit.WORKDAYS else workdays.add_days
    result = add(start, amount + extra, rule=rule.rule, excluded=excluded)
    return Deadline(step=step, rule=rule, start=start, result=result, extension=extra,
                    done_on=done_on)


def case_deadlines(case: Case) -> list[Deadline]:
    """Every deadline whose starting fact is recorded, in the procedure's step order."""
    milestones: dict[str, date] = {}
    # Sorted here rather than in SQL, so that a list of cases can prefetch these rows.
    for m in sorted(case.milestones.all(), key=lambda m: (m.on, m.id)):
        milestones[m.event] = m.on  # the latest of each kind counts
    done: dict[str, date] = {}
    for record in sorted(case.steps.all(), key=lambda r: r.seq):
        field = ACT_DATE_FIELDS.get(record.step)
        value = record.data.get(field) if field else None
        done[record.step] = date.fromisoformat(value) if value else record.done_on
    periods = list(case.excluded_periods.all())
    extensions = list(case.extensions.all())
    result = []
    for step in case.workflow.steps:
        for rule in step.deadlines:
            start = milestones.get(rule.start_event)
            if rule.start_event in SECOND_PERIODS and SECOND_PERIODS[rule.start_event][0] \
                    in milestones:
                event, first_step = SECOND_PERIODS[rule.start_event]
                first = next(r for r in case.workflow.step(first_step).deadlines)
                start = compute(case, case.workflow.step(first_step), first,
                                milestones[event], periods=periods, extensions=[]).due
            if rule.start_event == "freezing_period_ended" and "freezing_started" in milestones:
                from sanxiang.cases.guards import measure_end

                end = measure_end(case, "freezing", extended=False)
                start = end.date if end else None
            if rule.start_event == "application_accepted" and start is None:
                start = _deemed_acceptance(case, milestones)
            if rule.rule == "R-REV-07":
                # The review's time limit runs per round, with the round's own extension.
                own = _review_round_deadline(case, step, rule)
                if own is not None:
                    result.append(own)
                    continue
            if start is None:
                continue
            result.append(compute(case, step, rule, start, periods=periods,
                                  extensions=extensions, done_on=done.get(step.code)))
    return result


def _deemed_acceptance(case: Case, milestones: dict[str, date]) -> date | None:
    """许可法 32: not told within the set working days what was missing, the applicant's
    application counts as accepted on receipt, and the decision period runs (R-CASE-16)."""
    received = milestones.get("application_received")
    if received is None or case.steps.filter(step__in=("accept", "supplement")).exists():
        return None
    from sanxiang.cases.guards import acceptance_date

    deemed = acceptance_date(case, timezone.localdate())
    return deemed if deemed == received else None


def _review_round_deadline(case: Case, step: Step, rule: DeadlineRule) -> Deadline | None:
    from sanxiang.review.time_limit import current_submission, review_deadline

    submission = current_submission(case)
    own = review_deadline(submission) if submission is not None else None
    if own is None:
        return None
    return Deadline(step=step, rule=rule, start=submission.received_on, result=own.result,
                    extension=own.extension, done_on=submission.decided_on)


def deadline(case: Case, step_code: str, rule_id: str) -> Deadline | None:
    for item in case_deadlines(case):
        if item.step.code == step_code and item.rule.rule == rule_id:
            return item
    return None
