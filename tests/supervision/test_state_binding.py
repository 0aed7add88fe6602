"""Supervision rows bound to the ledger (R-REC-02 for R-SUP-02..05): complaints, supervision
documents, outcomes and evaluation rounds written through the actions verify; a row edited
with raw SQL outside them is named by ``ledger verify --state``."""

from datetime import timedelta
from decimal import Decimal

import pytest
from disclosure.test_credit_export import decide_penalty
from django.utils import timezone
from state_attacks import assert_edits_named, named, sql

from sanxiang.supervision import evaluation
from sanxiang.supervision import evaluation_actions as rounds
from sanxiang.supervision.models import Evaluation, Outcome
from supervision.test_documents import issue
from supervision.test_evaluation import inspection, new_round
from supervision.test_links_and_exports import accepted_complaint
from supervision.test_outcomes import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervised(body_a, officer_a1, officer_a2, supervisor_user, head_user_a):
    evaluation.ensure_default_standard()
    officers = [officer_a1, officer_a2]
    complaint = accepted_complaint(body_a, supervisor_user)
    document = issue(body_a, supervisor_user)
    outcome = record(decide_penalty(body_a, officers, decided_ago=40), head_user_a,
                     Outcome.Result.UPHELD)
    inspection(body_a, officers, days_ago=5, seed=61)
    campaign = new_round(supervisor_user, ratio=Decimal("100"))
    rounds.publish_round_lists(acting_user=supervisor_user, campaign=campaign)
    rounds.enter_round_seed(acting_user=supervisor_user, campaign=campaign, seed="7",
                            witness="县公证处李某")
    row = rounds.record_evaluation(acting_user=supervisor_user,
                                   evaluation_row=Evaluation.objects.get(), checks={})
    return {"complaint": complaint, "document": document, "outcome": outcome,
            "campaign": campaign, "evaluation": row}


def test_supervision_rows_written_by_actions_verify_R_SUP_02_R_SUP_03_R_SUP_04_R_SUP_05(
        supervised):
    result, found = named()
    assert result.ok, result.summary()
    assert found == []


EDITS = [  # (fixture key, table, column, value written by hand)
    ("complaint", "supervision_complaint", "answer", "已办结（伪造）"),
    ("document", "supervision_supervisiondocument", "content", "改写后的监督意见"),
    ("outcome", "supervision_outcome", "result", "revoked"),
    ("campaign", "supervision_evaluationcampaign", "seed", "99999"),
    ("evaluation", "supervision_evaluation", "grade", "不合格"),
]


def test_supervision_rows_edited_outside_the_actions_are_named_R_SUP_03_attack_edit_row(
        supervised):
    assert_edits_named(supervised, EDITS)


def test_evaluation_deleted_by_hand_is_named_R_SUP_03_attack_delete_row(supervised):
    row = supervised["evaluation"]
    sql("DELETE FROM supervision_evaluation WHERE id = %s", [row.pk])
    _result, found = named()
    assert ("deleted", "supervision_evaluation", row.pk, ()) in found


def test_complaint_deadline_moved_by_hand_is_named_R_SUP_02_attack_edit_row(supervised):
    # The answer date moved on so the complaint no longer looks overdue.
    complaint = supervised["complaint"]
    sql("UPDATE supervision_complaint SET answer_due = %s WHERE id = %s",
        [timezone.localdate() + timedelta(days=90), complaint.pk])
    _result, found = named()
    assert found == [("changed", "supervision_complaint", complaint.pk, ("answer_due",))]
