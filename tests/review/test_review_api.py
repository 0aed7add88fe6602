"""The review API calls the same actions as the pages: a broken rule is a 409 with its ID,
a round of another body a 404 (R-REV-03, R-REV-04, R-REV-06, R-REV-08)."""

import json

import pytest
from cases.engine_helpers import ago
from conftest import qualified_officer
from django.urls import path
from ninja import NinjaAPI

from sanxiang.api.api import api as project_api
from sanxiang.api.errors import install_error_handlers
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.review.models import Submission
from sanxiang.review.rules import ALWAYS_REQUIRED, REVIEW_ITEMS

from . import test_pages
from .helpers import MATERIALS, OPINION, decide, not_ok, submitted, to_review

# Until the lead adds the router to the project's API, serve it from a test API of its own.
if any(prefix.strip("/") == "review" for prefix, _router in project_api._routers):
    BASE = "/api/review"
    urlpatterns = test_pages.urlpatterns
else:
    _api = NinjaAPI(urls_namespace="review-test-api", docs_url=None)
    install_error_handlers(_api)
    _api.add_router("/review/", "sanxiang.review.api.router")
    BASE = "/api-review-test/review"
    urlpatterns = [*test_pages.urlpatterns, path("api-review-test/", _api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def case(body_a, officers):
    return to_review(body_a, officers)


def post(client, url, payload):
    return client.post(BASE + url, json.dumps(payload, default=str),
                       content_type="application/json")


def test_submit_incomplete_then_complete_R_REV_04(client_for, officer_user_a, case):
    client = client_for(officer_user_a)
    response = post(client, f"/cases/{case.pk}/submit",
                    {"materials": {"facts": "事实"}, "submitted_on": ago(43)})
    assert response.status_code == 201, response.content
    returned = response.json()
    assert returned["state"] == "returned"
    assert returned["missing"] == [c for c in ALWAYS_REQUIRED if c != "facts"]
    response = post(client, f"/cases/{case.pk}/submit",
                    {"materials": MATERIALS, "submitted_on": ago(43)})
    assert response.status_code == 201
    second = response.json()
    assert second["state"] == "pending" and second["previous_id"] == returned["id"]
    assert second["round"] == 2 and second["due"]
    # A third while round 2 is open: refused with the rule's code.
    response = post(client, f"/cases/{case.pk}/submit",
                    {"materials": MATERIALS, "submitted_on": ago(43)})
    assert response.status_code == 409 and response.json()["code"] == "R-REV-06"


def test_assignment_refused_R_REV_03(client_for, head_user_a, body_a, fields, officer_a1,
                                     officer_a2, officer_user_a):
    conflicted = qualified_officer(body_a, "钱律", ["AQSC"], "13010201019", is_reviewer=True)
    account = org_actions.create_user(acting_user=None, username="reviewer_q", password="x" * 12,
                                      full_name="钱律", roles=[Role.REVIEWER],
                                      officer=conflicted)
    case = to_review(body_a, [officer_a1, officer_a2, conflicted])
    submission = submitted(case, officer_user_a)
    response = post(client_for(head_user_a), f"/{submission.pk}/assign",
                    {"reviewer_id": account.pk})
    assert response.status_code == 409
    assert response.json()["code"] == "R-REV-03" and "钱律" in response.json()["message"]


def test_review_recorded_with_opinion_document_R_REV_06(client_for, head_user_a,
                                                        reviewer_user_a, officer_user_a,
                                                        case):
    submission = submitted(case, officer_user_a)
    response = post(client_for(head_user_a), f"/{submission.pk}/assign",
                    {"reviewer_id": reviewer_user_a.pk})
    assert response.status_code == 200 and response.json()["state"] == "reviewing"
    reviewer = client_for(reviewer_user_a)
    queue = reviewer.get(BASE + "/queue?tab=mine").json()
    assert [item["id"] for item in queue["items"]] == [submission.pk]
    findings = {code: {"ok": True, "note": ""} for code in REVIEW_ITEMS}
    # Someone else than the assigned reviewer may not decide.
    response = post(client_for(head_user_a), f"/{submission.pk}/review", {
        "findings": findings, "outcome": "passed", "opinion": OPINION,
        "decided_on": ago(40)})
    assert response.status_code == 403
    response = post(reviewer, f"/{submission.pk}/review", {
        "findings": {k: v for k, v in list(findings.items())[:-1]}, "outcome": "passed",
        "opinion": OPINION, "decided_on": ago(40)})
    assert response.status_code == 409 and response.json()["code"] == "R-REV-05"
    response = post(reviewer, f"/{submission.pk}/review", {
        "findings": findings, "outcome": "passed", "opinion": OPINION,
        "decided_on": ago(40)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "decided" and body["outcome"] == "passed"
    assert body["opinion_document_id"] and body["opinion"] == OPINION
    detail = reviewer.get(f"{BASE}/{submission.pk}").json()
    assert detail["findings"]["facts_clear"] == {"ok": True, "note": ""}
    assert detail["criteria"]


def test_disputed_rejection_answered_R_REV_08(client_for, reviewer_user_a, officer_user_a,
                                              head_user_a, case):
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    decide(submission, reviewer_user_a, outcome="rejected", findings=not_ok(),
           opinion="不同意。")
    response = post(client_for(officer_user_a), f"/{submission.pk}/answer",
                    {"accept": False, "reason": "证据充分。", "on": ago(39)})
    assert response.status_code == 200 and response.json()["answer"] == "disagreed"
    # Without who presided: refused in Chinese, nothing recorded (R-REV-08).
    attendees = [{"name": "孙志强", "post": "局长", "opinion": "同意。", "signed": True},
                 {"name": "李明", "post": "副局长", "opinion": "同意。", "signed": True},
                 {"name": "赵芳", "post": "法制科科长", "opinion": "保留意见。", "signed": True}]
    response = post(client_for(head_user_a), f"/cases/{case.pk}/discussion", {
        "held_on": ago(38), "reason": "disagreement", "conclusion": "同意罚款五千元。",
        "recorder": "周文", "attendees": attendees})
    assert response.status_code == 409, response.content
    assert "请填写集体讨论的主持人" in response.json()["message"]
    response = post(client_for(head_user_a), f"/cases/{case.pk}/discussion", {
        "held_on": ago(38), "reason": "disagreement", "conclusion": "同意罚款五千元。",
        "chair": "孙志强", "recorder": "周文",
        "attendees": [{"name": "孙志强", "post": "局长", "opinion": "同意。", "signed": True},
                      {"name": "李明", "post": "副局长", "opinion": "同意。", "signed": True},
                      {"name": "赵芳", "post": "法制科科长", "opinion": "保留意见。",
                       "signed": True}]})
    assert response.status_code == 201, response.content
    assert response.json()["document_id"]
    case.refresh_from_db()
    assert case.current_step == "decide"


def test_other_body_is_404(client_for, officer_user_a, officer_user_b, case):
    submission = submitted(case, officer_user_a)
    client = client_for(officer_user_b)
    assert client.get(f"{BASE}/{submission.pk}").status_code == 404
    response = post(client, f"/cases/{case.pk}/submit",
                    {"materials": MATERIALS, "submitted_on": ago(43)})
    assert response.status_code == 404
    assert client.get(BASE + "/queue").status_code == 403
    assert Submission.objects.count() == 1
