"""The third outside probe (docs/adr/0051): the JSON API takes a document's ``data`` as a
free dictionary. Each test replays an attack that worked through it, and fails on the tree
before its fix.
"""

import json

import pytest
from cases.engine_helpers import ago
from cases.factories import make_case
from review.helpers import to_review

from sanxiang.cases.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def _issue(client, case, doc_type, data, on=None):
    return client.post(f"/api/cases/{case.pk}/documents", json.dumps(
        {"doc_type": doc_type, "issued_on": (on or ago(10)).isoformat(), "data": data}),
        content_type="application/json")


OPENING = {"source": "日常检查", "facts": "检查发现未设置安全警示标志。",
           "approval_opinion": "同意立案。"}


@pytest.mark.parametrize("forged", [
    # What the elements read before the case's record (documents._latest, elements()).
    {"decided_fine": "999999", "decided_kinds": ["fine"]},
    {"notified_fine": "1"},
    # The list of documents a proof of service states is the platform's, from their ids.
    {"_served": [{"id": 1, "title": "行政处罚决定书", "number": "伪〔2026〕999号",
                  "doc_type": "penalty_decision", "step": "decide",
                  "issued_on": "2026-01-01", "version": 1}]},
    # A key the form does not have: refused, not a 500 (int('abc') on the served ids).
    {"served_documents": ["abc"]},
])
def test_api_document_states_only_what_its_form_records_R_REC_08(
        client_for, head_user_a, officers, body_a, forged):
    """An issued document states the case's record: a key the document's form does not
    name is refused, so a caller cannot put a fine, the facts or the documents served into
    a numbered document that the case never recorded."""
    case = make_case(body_a, officers)
    response = _issue(client_for(head_user_a), case, "case_opening_form",
                      {**OPENING, **forged})
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "R-REC-08" and "没有" in body["message"]
    assert not Document.objects.filter(case=case).exists()
    # The same facts without the forged key are issued.
    response = _issue(client_for(head_user_a), case, "case_opening_form", OPENING)
    assert response.status_code == 201, response.content


def test_review_opinion_only_through_the_review_R_REV_06(client_for, reviewer_user_a,
                                                         officers, body_a):
    """The 法制审核意见书 records a reviewed round: a reviewer could issue one through the
    documents endpoint with any outcome, numbered and in the ledger, with no submission,
    no assignment and no findings (R-REV-03 … R-REV-06 never asked)."""
    case = to_review(body_a, officers)
    response = _issue(client_for(reviewer_user_a), case, "legal_review_opinion",
                      {"review_outcome": "passed", "opinion": "同意。", "reviewer": "某某"},
                      on=ago(40))
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "R-REC-08"
    assert not Document.objects.filter(case=case, doc_type="legal_review_opinion").exists()

