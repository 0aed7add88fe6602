"""The review's rules as data and the one predicate "does this decision need legal review".

``review_required_for(case)`` (defined in ``cases.review_policy``) is asked by the decision
gate (``cases.guards``), the case-file completeness check (``records.casefile``) and the
review queue alike, so the three can never disagree (R-REV-01, R-REV-02). The material
codes (R-REV-04) and the review items (R-REV-05) are fixed by the 118号 guideline; their
labels are what officers read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The one predicate lives with the case's facts (cases/review_policy.py), so the decision
# gate asks it without importing this app; named here for the review's own callers.
from sanxiang.cases.review_policy import review_required_for as review_required_for

# R-REV-04: what a submission carries. hearing_record and expert_reports only where the case
# had a hearing or an expert review / testing period.
MATERIALS = {
    "facts": _("Statement of the facts"),
    "legal_basis": _("Legal basis"),
    "benchmark": _("Use of the discretion benchmark"),
    "qualifications": _("Officers' enforcement qualifications"),
    "draft_decision": _("Draft decision"),
    "evidence": _("Evidence"),
    "hearing_record": _("Hearing record"),
    "expert_reports": _("Expert, testing or inspection reports"),
}
ALWAYS_REQUIRED = ("facts", "legal_basis", "benchmark", "qualifications", "draft_decision",
                   "evidence")

# R-REV-05: every item gets a finding.
REVIEW_ITEMS = {
    "subject_legal": _("Are the enforcing body and the party the lawful subjects?"),
    "officers_qualified": _("Do the officers hold enforcement qualifications?"),
    "facts_clear": _("Are the facts clear?"),
    "evidence_sufficient": _("Is the evidence lawful and sufficient?"),
    "law_applied": _("Is the law correctly applied?"),
    "discretion_proper": _("Is the discretion benchmark properly used?"),
    "procedure_lawful": _("Is the procedure lawful?"),
    "within_powers": _("Is the decision within the body's powers, without abuse of power?"),
    "documents_complete": _("Are the documents complete and standard?"),
    "crime_transfer": _("Must the case be transferred as a suspected crime?"),
}
# Questions whose lawful answer is "no": a finding "ok" is answered 否 (R-REV-05).
NEGATIVE_ITEMS = frozenset({"crime_transfer"})


def checklist_answer(code: str, ok: bool) -> str:
    """The answer to a checklist question: 是 or 否, as the finding reads."""
    from django.utils.translation import pgettext

    yes = ok != (code in NEGATIVE_ITEMS)
    return pgettext("review answer", "yes") if yes else pgettext("review answer", "no")

OUTCOMES = {
    "passed": _("Approved"),
    "revise": _("Revise and resubmit"),
    "rejected": _("Not approved"),
}


def discussion_required(case) -> bool:
    """Complex or serious cases, and those the body's criteria list names, go to collective
    discussion before the decision (R-REV-08, R-CASE-17): the gate's own predicate."""
    from sanxiang.cases.guards import discussion_required as required

    return required(case)


def required_materials(case) -> list[str]:
    codes = list(ALWAYS_REQUIRED)
    held = case.hearing_held or case.steps.filter(step="hearing").exists()
    if held:
        codes.append("hearing_record")
    if case.excluded_periods.filter(kind__in=("expert_review", "testing")).exists():
        codes.append("expert_reports")
    return codes


def missing_materials(case, materials: dict) -> list[str]:
    return [code for code in required_materials(case)
            if not str((materials or {}).get(code) or "").strip()]
