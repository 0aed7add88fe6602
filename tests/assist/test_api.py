"""Similar cases over HTTP (R-AST-01): the same list as the case page, only cases the
caller may see; another body's case is a 404, as everywhere in the API."""

import pytest
from cases.factories import make_case, party_company
from conftest import qualified_officer

from sanxiang.api.api import api

from .test_similar_cases import NEAR_1, NEAR_2, TARGET, opened

pytestmark = pytest.mark.django_db


def url(case, **query):
    tail = "".join(f"?{k}={v}" for k, v in query.items())
    return f"/api/assist/cases/{case.pk}/similar{tail}"


def test_similar_cases_over_http_within_scope_R_AST_01(
        body_a, body_b, officer_a1, officer_a2, officer_b1, officer_user_a, officer_user_b,
        client_for):
    officers = [officer_a1, officer_a2]
    second_b = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    target = opened(body_a, officers, TARGET, seed=1)
    mine = opened(body_a, officers, NEAR_2, seed=2)
    theirs = make_case(body_b, [officer_b1, second_b], facts=NEAR_1, field_code="SCJG",
                       party=party_company(seed=3))

    client = client_for(officer_user_a)
    answer = client.get(url(target))
    assert answer.status_code == 200, answer.content
    [hit] = answer.json()  # body B's near-duplicate is not the caller's to see
    assert hit["case_id"] == mine.pk and hit["number"] == mine.number
    assert hit["url"] == f"/workbench/cases/{mine.pk}/" and not hit["published_only"]
    assert hit["score"] > 0

    other = client_for(officer_user_b)
    refused = other.get(url(target))  # a case of another body: not found, not forbidden
    assert refused.status_code == 404 and refused.json()["code"] == "NOT_FOUND"
    assert other.get(url(theirs)).json() == []  # and body A's cases are not listed to B

    too_many = client.get(url(target, limit=500))
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "limit"


def test_similar_cases_errors_documented_R_AST_01():
    responses = api.get_openapi_schema()["paths"]["/api/assist/cases/{pk}/similar"]["get"][
        "responses"]
    assert {200, 401, 404, 422} <= set(responses) and 409 not in responses
