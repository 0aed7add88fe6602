"""The small forms of the case page with bad input (ADR 0065): refused, the case page comes
back with what was typed and a Chinese message beside the field; nothing is written.

They used to redirect to the case page with one general message, dropping what the officer
had typed, and took reasons of any length."""

import re

import pytest
from django.urls import reverse

from sanxiang.cases.models import ExcludedPeriod, Extension, Recusal

from .engine_helpers import ago, step
from .factories import make_case

pytestmark = pytest.mark.django_db

TYPED = "当事人称执法人员系其表兄，<b>请回避</b>"


@pytest.fixture
def case(body_a, officer_a1, officer_a2):
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=20)
    step(case, "open", on=ago(20))
    return case


def test_recusal_without_officer_keeps_the_reason_typed_R_CASE_09(client_for, officer_user_a,
                                                                  case):
    response = client_for(officer_user_a).post(
        reverse("cases:recusal_apply", args=[case.pk]),
        {"officer": "", "applicant": "party", "reason": TYPED})
    body = response.content.decode()
    assert response.status_code == 422
    assert "此项必填" in body  # beside the officer's field
    assert "当事人称执法人员系其表兄，&lt;b&gt;请回避&lt;/b&gt;" in body  # kept, escaped
    assert 'id="recusal-apply" open' in body
    assert not Recusal.objects.exists()


def test_recusal_reason_over_long_or_blank_refused_R_CASE_09(client_for, officer_user_a,
                                                             officer_a1, case):
    client = client_for(officer_user_a)
    for reason, message in (("请" * 10_000, "最多填写 2000 个字"), ("　 \n ", "此项必填")):
        response = client.post(reverse("cases:recusal_apply", args=[case.pk]),
                               {"officer": officer_a1.pk, "applicant": "party",
                                "reason": reason})
        assert response.status_code == 422 and message in response.content.decode()
    assert not Recusal.objects.exists()


def test_period_dated_impossibly_keeps_the_cause_R_CASE_16(client_for, officer_user_a, case):
    client = client_for(officer_user_a)
    for first in ("2026-02-30", "２０２６－０１－０１", "明天"):
        response = client.post(reverse("cases:period_start", args=[case.pk]), {
            "kind": "testing", "first": first, "reason": "送检",
            "cause": "滹阳县产品质量检验所 检验报告 JC-2026-031"})
        body = response.content.decode()
        assert response.status_code == 422, first
        assert "请输入一个有效的日期" in body or "日期" in body
        assert "JC-2026-031" in body
    # A date after today is refused by the action (R-CASE-15), the form still as typed.
    response = client.post(reverse("cases:period_start", args=[case.pk]), {
        "kind": "testing", "first": "2099-01-01", "reason": "送检",
        "cause": "滹阳县产品质量检验所 检验报告 JC-2026-031"})
    assert response.status_code == 409
    assert "JC-2026-031" in response.content.decode()
    assert not ExcludedPeriod.objects.exists()


def test_extension_of_absurd_length_refused_R_CASE_16(client_for, head_user_a, case):
    client = client_for(head_user_a)
    for amount in ("99999999999999999999", "-1", "五千", "1e20", "3,0"):
        response = client.post(reverse("cases:extension_approve", args=[case.pk]), {
            "rule": "R-CASE-05", "amount": amount, "reason": "案情复杂，需补充鉴定"})
        body = response.content.decode()
        assert response.status_code == 422, amount
        assert "案情复杂，需补充鉴定" in body
    assert not Extension.objects.exists()


def test_discussion_request_blank_reason_stays_on_the_page_R_CASE_17(client_for,
                                                                     officer_user_a, case):
    response = client_for(officer_user_a).post(
        reverse("cases:discussion_request", args=[case.pk]), {"reason": "   "})
    assert response.status_code == 422
    assert "此项必填" in response.content.decode()
    case.refresh_from_db()
    assert "discussion_requested" not in (case.flags or [])


def test_export_reason_over_long_refused_and_kept_R_REC_09(client_for, officer_user_a, case):
    response = client_for(officer_user_a).post(
        reverse("cases:export", args=[case.pk]), {"reason": "核" * 201})
    body = response.content.decode()
    assert response.status_code == 422
    assert "最多填写 200 个字" in body and "核" * 201 in body


def test_head_decision_without_choice_keeps_the_reasons_R_CASE_09(
        client_for, officer_user_a, head_user_a, officer_a1, case):
    client_for(officer_user_a).post(reverse("cases:recusal_apply", args=[case.pk]), {
        "officer": officer_a1.pk, "applicant": "party", "reason": "当事人申请"})
    recusal = Recusal.objects.get()
    response = client_for(head_user_a).post(
        reverse("cases:recusal_decide", args=[recusal.pk]), {"reason": "经核实确系亲属"})
    body = response.content.decode()
    assert response.status_code == 422 and "经核实确系亲属" in body
    recusal.refresh_from_db()
    assert recusal.outcome == "pending"


@pytest.mark.parametrize("phone", ["电话", "12", "1380013800000000000000001", "<b>1</b>"])
def test_party_phone_that_is_no_number_refused_beside_the_field(client_for, officer_user_a,
                                                                 officer_a1, officer_a2, phone):
    from sanxiang.cases.models import Case

    from .test_case_http import new_case_form

    response = client_for(officer_user_a).post(reverse("cases:new"), new_case_form(
        [officer_a1, officer_a2], party_phone=phone))
    body = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert re.search(r'field-error">\s*<label for="id_party_phone"', body)  # beside it
    assert "电话号码应为数字" in body
    assert "滹阳县顺达物流有限公司" in body


def test_party_phone_in_full_width_digits_is_kept_as_digits(client_for, officer_user_a,
                                                           officer_a1, officer_a2):
    from sanxiang.cases.models import Case

    from .test_case_http import new_case_form

    response = client_for(officer_user_a).post(reverse("cases:new"), new_case_form(
        [officer_a1, officer_a2], party_phone="０３１１－６６８８１２３"))
    assert response.status_code == 302
    assert Case.objects.get().parties.get().phone == "0311-6688123"


def test_discretion_factors_refused_keep_the_levels_and_the_note_R_AST_02(
        client_for, officer_user_a, body_a, officer_a1, officer_a2):
    from discretion.helpers import ITEM, VIOLATION, publish_lists

    from sanxiang.discretion.models import FactorRecord

    publish_lists(body_a)
    case = make_case(body_a, [officer_a1, officer_a2], procedure="penalty_simple",
                     days_ago=1, item_code=ITEM)
    response = client_for(officer_user_a).post(
        reverse("discretion:record_factors", args=[case.pk]),
        {"violation": VIOLATION, "factor:初次/再次": "初次", "factor:整改情况": "",
         "note": "当事人当场整改，已拍照留存"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "当事人当场整改，已拍照留存</textarea>" in body
    assert '<option value="初次" selected>' in body
    assert "整改情况" in body and "alert-error" in body
    assert not FactorRecord.objects.exists()
