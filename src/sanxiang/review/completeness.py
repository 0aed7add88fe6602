"""What the case file lacks on the legal review (R-REV-02, R-REV-06), for
``records.casefile.completeness``. It asks ``review_required_for`` — the gate's own
predicate — so the file and the gate never disagree.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanxiang.records.findings import Finding
from sanxiang.review.models import Submission
from sanxiang.review.rules import review_required_for

DECISION_STEPS = ("decide",)


def passed_before(case, seq: int) -> bool:
    """A review round passed before step ``seq`` and no return to investigation between."""
    passed = (Submission.objects.filter(case=case, outcome=Submission.Outcome.PASSED,
                                        step_record__seq__lt=seq)
              .order_by("-step_record__seq").values_list("step_record__seq", flat=True)
              .first())
    if passed is None:
        return False
    later = Submission.objects.filter(case=case, state=Submission.State.DECIDED,
                                      step_record__seq__gt=passed,
                                      step_record__seq__lt=seq).exclude(
        outcome=Submission.Outcome.PASSED)
    returned = case.steps.filter(step="investigate", seq__gt=passed, seq__lt=seq)
    return not later.exists() and not returned.exists()


def review_findings(case) -> list:
    from sanxiang.cases.guards import review_passed

    findings = []
    decisions = list(case.steps.filter(step__in=DECISION_STEPS).order_by("seq"))
    for record in decisions:
        criteria = review_required_for(case, kinds=record.data.get("decided_kinds"),
                                       fine=record.data.get("decided_fine"),
                                       on=record.done_on)
        if criteria and not passed_before(case, record.seq):
            findings.append(Finding("R-REV-02", record.step, _(
                "The decision matches the review catalogue (%(criteria)s) but was made "
                "without a passed legal review.") % {
                    "criteria": "；".join(str(c) for c in criteria)},
                {"criteria": [str(c) for c in criteria]}))
    if (not decisions and case.state == case.State.OPEN
            and case.current_step in DECISION_STEPS):
        criteria = review_required_for(case)
        if criteria and not review_passed(case):
            findings.append(Finding("R-REV-02", case.current_step, _(
                "The decision is due and matches the review catalogue (%(criteria)s); no "
                "legal review has passed.") % {
                    "criteria": "；".join(str(c) for c in criteria)},
                {"criteria": [str(c) for c in criteria]}))
    for sub in Submission.objects.filter(case=case, state=Submission.State.DECIDED,
                                         opinion_document__isnull=True):
        findings.append(Finding("R-REV-06", "legal_review", _(
            "Review round %(round)d has no legal review opinion in the file.") % {
                "round": sub.round}, {"round": sub.round}))
    return findings
