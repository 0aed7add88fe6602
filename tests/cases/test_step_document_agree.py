"""A step and the documents issued at it state the same facts (R-REC-01): the fine recorded
on the decision step is the fine in the 行政处罚决定书. A disagreement is refused by the action
— so on every path, the API included — naming the step's fact and the document."""

import pytest

from cases.engine_helpers import ago, prepare, step, step_facts
from cases.factories import make_case
from cases.test_law_scenarios import api_step, to_statement
from sanxiang.cases import actions, step_data
from sanxiang.cases.document_actions import correct_document
from sanxiang.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def at_decision(body, officers):
    case = make_case(body, officers, days_ago=60)
    to_statement(case, start=60, notify_on=45, fine="5000")
    step(case, "statement", on=ago(44), to="decide", data={"waived": True})
    prepare(case, "decide", on=ago(30), data={"decided_kinds": ["fine"],
                                              "decided_fine": "3000"})
    case.refresh_from_db()
    return case


def decision_data(case, fine):
    return step_data.as_json(step_facts(case, "decide", {"decided_kinds": ["fine"],
                                                         "decided_fine": fine}))


def test_decision_step_disagreeing_with_its_decision_document_is_refused_R_REC_01(
        body_a, officers, head_user_a, client_for):
    case = at_decision(body_a, officers)
    document = case.documents.get(doc_type="penalty_decision")
    with pytest.raises(RuleViolation) as refused:
        actions.complete_step(acting_user=head_user_a, case=case, step="decide",
                              done_on=ago(30), data=decision_data(case, "4000"))
    assert refused.value.code == "R-REC-01"
    message = refused.value.message
    assert "《行政处罚决定书》" in message and document.number in message
    assert "不一致" in message and "决定" in message
    # The same through the API, in Chinese.
    response = api_step(client_for(head_user_a), case, {"done_on": ago(30).isoformat(),
                                                        "data": decision_data(case, "4000")})
    assert response.status_code == 409 and response.json()["code"] == "R-REC-01"
    assert "《行政处罚决定书》" in response.json()["message"]
    assert not case.steps.filter(step="decide").exists()
    # Written alike (however the amount is spelled), the step goes through.
    actions.complete_step(acting_user=head_user_a, case=case, step="decide",
                          done_on=ago(30), data=decision_data(case, "3,000.00"))
    assert case.steps.filter(step="decide").exists()


def test_a_corrected_document_is_what_the_step_must_agree_with_R_REC_01(
        body_a, officers, head_user_a):
    case = at_decision(body_a, officers)
    decision = case.documents.get(doc_type="penalty_decision")
    correct_document(acting_user=head_user_a, document=decision, reason="罚款金额笔误，予以更正。",
                     data={"decided_fine": "4000"}, issued_on=ago(30))
    with pytest.raises(RuleViolation) as refused:
        actions.complete_step(acting_user=head_user_a, case=case, step="decide",
                              done_on=ago(30), data=decision_data(case, "4000"))
    assert "《内部审批表》" in refused.value.message  # the approval still says 3,000
    approval = case.documents.exclude(doc_type="penalty_decision").get(
        step="decide", corrections__isnull=True)
    correct_document(acting_user=None, document=approval, reason="与更正后的决定书一致。",
                     data={"decided_fine": "4000"}, issued_on=ago(30))
    with pytest.raises(RuleViolation):
        actions.complete_step(acting_user=head_user_a, case=case, step="decide",
                              done_on=ago(30), data=decision_data(case, "3000"))
    actions.complete_step(acting_user=head_user_a, case=case, step="decide",
                          done_on=ago(30), data=decision_data(case, "4000"))
