"""Driving a case to its legal review and through it, with the real actions."""

from datetime import date
from decimal import Decimal

from cases.engine_helpers import ago, step
from cases.factories import make_case

from sanxiang.catalog import actions as catalog_actions
from sanxiang.review import actions as review
from sanxiang.review.rules import ALWAYS_REQUIRED, REVIEW_ITEMS

FINE_OVER_3000 = {"criterion_kind": "fine_threshold", "party_kind": "organisation",
                  "amount": "3000", "description": "对法人或者其他组织处以三千元以上罚款"}
MATERIALS = {code: f"{code}：见附件材料" for code in ALWAYS_REQUIRED}
ALL_OK = {code: {"ok": True, "note": ""} for code in REVIEW_ITEMS}
OPINION = "事实清楚，证据确凿，适用依据正确，程序合法，同意。"


def review_catalogue(body, criteria=(FINE_OVER_3000,)):
    catalogue = catalog_actions.get_or_create_catalogue(body=body, kind="review",
                                                        acting_user=None)
    return catalog_actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2020, 1, 1),
        note="首次公布", add=list(criteria))


def run_to_statement(case, *, fine="5000", kinds=("fine",), start=60, notify_on=45):
    step(case, "open", on=ago(start))
    step(case, "investigate", on=ago(start - 5), to="investigation_report",
         data={"summary": "现场检查发现未对重大危险源进行安全评估。"})
    step(case, "investigation_report", on=ago(start - 10), to="notify",
         data={"proposed_kinds": list(kinds), "proposed_fine": fine, "summary": "建议罚款。"})
    hearing = (fine and Decimal(fine) >= 100000) or "suspend_business" in kinds
    step(case, "notify", on=ago(notify_on), to="hearing_offer" if hearing else "statement",
         data={"notified_kinds": list(kinds), "notified_fine": fine,
               "served_on": ago(notify_on)})
    case.refresh_from_db()
    return case


def to_review(body, officers, *, flags=(), fine="5000", catalogue=True):
    """A case at its legal_review step, 44 days ago (statement waived)."""
    if catalogue:
        review_catalogue(body)
    case = run_to_statement(make_case(body, officers, days_ago=60, flags=list(flags)),
                            fine=fine)
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})
    case.refresh_from_db()
    return case


def submitted(case, user, *, on=None, materials=None, reviewer=None, assigner=None):
    submission = review.submit_for_review(acting_user=user, case=case,
                                          materials=MATERIALS if materials is None
                                          else materials, submitted_on=on or ago(43))
    if reviewer is not None:
        submission = review.assign_reviewer(acting_user=assigner or reviewer,
                                            submission=submission, reviewer=reviewer)
    return submission


def decide(submission, reviewer, *, outcome="passed", on=None, findings=None, opinion=OPINION):
    return review.record_review(acting_user=reviewer, submission=submission,
                                findings=ALL_OK if findings is None else findings,
                                outcome=outcome, opinion=opinion, decided_on=on or ago(40))


def not_ok(code="evidence_sufficient", note="现场检查笔录未经当事人签字确认"):
    return {**ALL_OK, code: {"ok": False, "note": note}}
