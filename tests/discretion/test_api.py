"""The discretion endpoints over HTTP (R-AST-01, R-AST-02): factors recorded through the same
action as the case page's form, the suggestion read back with how it was computed, and the
same refusals (a rule → 409 with its ID in Chinese; not on the case → 403; another body's
case → 404)."""

import json

import pytest
from cases.factories import make_case

from sanxiang.api.api import api
from sanxiang.core.models import LedgerEvent
from sanxiang.discretion.models import FactorRecord
from sanxiang.ledger.events import EventKind

from .helpers import ITEM, VIOLATION, publish_lists

FACTORS = {"初次/再次": "初次", "整改情况": "及时整改"}


@pytest.fixture
def simple_case(body_a, officer_a1, officer_a2):
    publish_lists(body_a)
    return make_case(body_a, [officer_a1, officer_a2], procedure="penalty_simple", days_ago=1,
                     item_code=ITEM)


def post(client, case, body):
    return client.post(f"/api/discretion/cases/{case.pk}/factors", json.dumps(body),
                       content_type="application/json")


def test_factors_recorded_and_suggestion_read_over_http_R_AST_01(simple_case, client_for,
                                                                 officer_user_a):
    client = client_for(officer_user_a)
    empty = client.get(f"/api/discretion/cases/{simple_case.pk}/suggestion").json()
    assert empty["computable"] and empty["suggestion"] is None and empty["factors"] is None
    assert empty["violations"] == [VIOLATION]
    assert "安全生产法" in empty["legal_basis"]
    assert [e["list_kind"] for e in empty["leniency"]] == ["first"]

    answer = post(client, simple_case, {"violation": VIOLATION, "values": FACTORS,
                                        "note": "现场已整改"})
    assert answer.status_code == 201, answer.content
    saved = answer.json()
    assert saved["values"] == FACTORS and saved["item_code"] == ITEM
    record = FactorRecord.objects.get(case=simple_case)
    assert record.recorded_by == officer_user_a and record.note == "现场已整改"
    event = LedgerEvent.objects.get(seq=saved["ledger_seq"])
    assert event.kind == EventKind.DISCRETION_FACTORS_RECORDED

    advice = client.get(f"/api/discretion/cases/{simple_case.pk}/suggestion").json()
    suggestion = advice["suggestion"]
    assert (suggestion["level"], suggestion["level_name"]) == ("lighter", "从轻处罚")
    assert (float(suggestion["low"]), float(suggestion["high"])) == (500, 1000)
    assert suggestion["mode"] == "levels" and suggestion["steps"]  # how it was computed
    assert suggestion["factors"][0][:2] == ["初次/再次", "初次"]
    assert advice["factors"]["values"] == FACTORS


def test_rules_refuse_over_http_as_on_the_form_R_AST_02(simple_case, client_for,
                                                         officer_user_a):
    client = client_for(officer_user_a)
    wrong = post(client, simple_case, {"violation": VIOLATION,
                                       "values": {"初次/再次": "第三次", "整改情况": "及时整改"}})
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "R-AST-02"
    assert "“第三次”不是“初次/再次”的情形" in wrong.json()["message"]
    missing = post(client, simple_case, {"violation": VIOLATION, "values": {"初次/再次": "初次"}})
    assert missing.status_code == 409 and "整改情况" in missing.json()["message"]
    unknown = post(client, simple_case, {"violation": "另一违法行为", "values": FACTORS})
    assert unknown.status_code == 409 and unknown.json()["code"] == "R-AST-02"
    assert not FactorRecord.objects.exists()
    negative = post(client, simple_case, {"violation": VIOLATION, "values": FACTORS,
                                          "base_amount": -5})
    assert negative.status_code == 422 and negative.json()["code"] == "VALIDATION"


def test_only_the_case_officers_record_and_other_bodies_see_nothing_R_AST_02(
        simple_case, client_for, officer_user_b, clerk_user_a):
    body = {"violation": VIOLATION, "values": FACTORS}
    other = client_for(officer_user_b)  # another body's officer: the case is not in scope
    assert post(other, simple_case, body).status_code == 404
    answer = other.get(f"/api/discretion/cases/{simple_case.pk}/suggestion")
    assert answer.status_code == 404 and answer.json()["code"] == "NOT_FOUND"
    clerk = client_for(clerk_user_a)  # same body, sees the case, is not on it
    refused = post(clerk, simple_case, body)
    assert refused.status_code == 403, refused.content
    assert refused.json()["message"] == "仅本案件的承办执法人员可以进行此操作。"
    assert not FactorRecord.objects.exists()


def test_errors_documented_in_the_schema_R_AST_02():
    paths = api.get_openapi_schema()["paths"]
    write = paths["/api/discretion/cases/{pk}/factors"]["post"]["responses"]
    assert {201, 400, 401, 403, 404, 409, 422} <= set(write)
    assert write[409]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    read = paths["/api/discretion/cases/{pk}/suggestion"]["get"]["responses"]
    assert {200, 401, 404, 422} <= set(read) and 409 not in read
