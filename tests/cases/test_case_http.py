"""The case rules through the HTTP paths: the workbench pages and the API hit the same wall
as the actions (a refused step shows its rule and Chinese message; nothing is written)."""

import json
import re

import pytest
from django.urls import reverse

from sanxiang.cases.models import Case, StepRecord
from sanxiang.core.identifiers import make_credit_code

from .engine_helpers import ago, prepare, step
from .factories import make_case, party_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def new_case_form(officers, **overrides):
    data = {
        "procedure": "penalty_general", "title": "未按规定开展安全生产教育培训案",
        "field": "AQSC", "officers": [o.pk for o in officers],
        "opened_on": ago(3).isoformat(), "violation_on": ago(20).isoformat(),
        "discovered_on": ago(4).isoformat(), "party_kind": "organisation",
        "party_name": "滹阳县顺达物流有限公司", "party_id_kind": "credit_code",
        "party_id_number": make_credit_code(prefix="91", region="130139", seed=11),
        "party_representative": "韩立", "party_address": "滹阳县物流园 3 号",
        "party_phone": "0311-6688123", "source": "日常检查",
    }
    data.update(overrides)
    return data


def test_officer_opens_case_from_the_workbench(client_for, officer_user_a, officers):
    client = client_for(officer_user_a)
    page = client.get(reverse("cases:new"))
    assert page.status_code == 200
    response = client.post(reverse("cases:new"), new_case_form(officers))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[case.pk])
    assert case.lead_officer == officer_user_a.officer
    detail = client.get(response["Location"])
    assert case.number in detail.content.decode()


def test_limitation_refused_on_the_page_keeps_input_R_CASE_07(client_for, officer_user_a,
                                                             officers):
    client = client_for(officer_user_a)
    response = client.post(reverse("cases:new"), new_case_form(
        officers, violation_on=ago(1000).isoformat(), discovered_on=ago(4).isoformat()))
    assert response.status_code == 200 and not Case.objects.exists()
    body = response.content.decode()
    assert "R-CASE-07" in body or "时效" in body
    assert "滹阳县顺达物流有限公司" in body  # what was typed is still there


def test_bad_identifier_refused_on_the_page(client_for, officer_user_a, officers):
    client = client_for(officer_user_a)
    response = client.post(reverse("cases:new"), new_case_form(
        officers, party_id_number="91130139MA0000000X"))
    assert response.status_code == 200 and not Case.objects.exists()


APPROVAL_FORM = {"data_approval_opinion": "经审查，符合立案条件，同意立案。", "to": "investigate"}


def test_step_refused_on_the_page_shows_rule_R_REC_01(client_for, head_user_a, officers):
    case = make_case(officers[0].body, officers, days_ago=5)
    client = client_for(head_user_a)
    response = client.post(reverse("cases:step", args=[case.pk]), {
        "version": case.version, "done_on": ago(5).isoformat(),
        "officers": [o.pk for o in officers], **APPROVAL_FORM})
    assert response.status_code == 409
    assert "R-REC-01" in response.content.decode()
    assert not StepRecord.objects.exists()


def test_step_recorded_from_the_page(client_for, head_user_a, officers):
    case = make_case(officers[0].body, officers, days_ago=5)
    prepare(case, "open", on=ago(5))
    case.refresh_from_db()
    client = client_for(head_user_a)  # the head approves the 立案 (R-CASE-13)
    response = client.post(reverse("cases:step", args=[case.pk]), {
        "version": case.version, "done_on": ago(5).isoformat(),
        "officers": [o.pk for o in officers], **APPROVAL_FORM})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step == "investigate"


def test_stale_page_refused_as_conflict(client_for, officer_user_a, officers):
    case = make_case(officers[0].body, officers, days_ago=5)
    prepare(case, "open", on=ago(5))
    stale = case.version
    case.refresh_from_db()
    client = client_for(officer_user_a)
    step(case, "open", on=ago(5), prepare_first=False)
    response = client.post(reverse("cases:step", args=[case.pk]), {
        "version": stale, "done_on": ago(4).isoformat(), "data_summary": "x",
        "to": "investigation_report", "officers": [o.pk for o in officers]})
    assert response.status_code == 409
    assert StepRecord.objects.filter(case=case).count() == 1


def test_case_of_another_body_is_404(client_for, officer_user_b, officers):
    case = make_case(officers[0].body, officers, days_ago=5)
    client = client_for(officer_user_b)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(f"/api/cases/{case.pk}").status_code == 404


def test_case_list_filters_and_pages(client_for, officer_user_a, officers):
    for _ in range(3):
        make_case(officers[0].body, officers, days_ago=5)
    client = client_for(officer_user_a)
    page = client.get(reverse("cases:list"))
    assert page.status_code == 200
    assert page.content.decode().count("未按规定对重大危险源进行安全评估案") == 3


def test_api_opens_case_and_refuses_step_R_REC_01(client_for, officer_user_a, head_user_a,
                                                  officers):
    client = client_for(officer_user_a)
    payload = {
        "procedure": "penalty_general", "title": "未按规定设置安全警示标志案",
        "field_code": "AQSC", "officer_ids": [o.pk for o in officers],
        "opened_on": ago(3).isoformat(), "violation_on": ago(20).isoformat(),
        "discovered_on": ago(4).isoformat(),
        "parties": [{"kind": "organisation", "name": "滹阳县永兴建材有限公司",
                     "id_kind": "credit_code", "legal_representative": "李永兴",
                     "id_number": make_credit_code(prefix="91", region="130139", seed=12)}],
    }
    response = client.post("/api/cases/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["number"] and created["current_step"] == "open"
    approval = {"approval_opinion": "经审查，符合立案条件，同意立案。"}
    # The officer proposes; only the head approves the 立案 (R-CASE-13).
    response = client.post(f"/api/cases/{created['id']}/steps", json.dumps(
        {"step": "open", "done_on": ago(3).isoformat(), "version": created["version"],
         "data": approval}), content_type="application/json")
    assert response.status_code == 403
    client = client_for(head_user_a)
    response = client.post(f"/api/cases/{created['id']}/steps", json.dumps(
        {"step": "open", "done_on": ago(3).isoformat(), "version": created["version"],
         "data": approval}), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "R-REC-01"
    # The 立案审批表 states the facts and the head's approval: without them it is refused,
    # naming what is missing (R-AST-03); the approval is the head's to record.
    response = client.post(f"/api/cases/{created['id']}/documents", json.dumps(
        {"doc_type": "case_opening_form", "issued_on": ago(3).isoformat()}),
        content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "R-AST-03"
    assert "负责人审批意见" in response.json()["message"]
    response = client_for(head_user_a).post(
        f"/api/cases/{created['id']}/documents", json.dumps(
            {"doc_type": "case_opening_form", "issued_on": ago(3).isoformat(),
             "data": {"source": "日常检查", "facts": "检查发现未设置安全警示标志。",
                      "approval_opinion": "同意立案。", "approved_by": "孙志强",
                      "approved_on": ago(3).isoformat()}}),
        content_type="application/json")
    assert response.status_code == 201, response.content
    assert "立" in response.json()["number"] or response.json()["digest"]
    detail = client.get(f"/api/cases/{created['id']}").json()
    response = client.post(f"/api/cases/{created['id']}/steps", json.dumps(
        {"step": "open", "done_on": ago(3).isoformat(), "version": detail["version"],
         "data": approval}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["current_step"] == "investigate"


def test_api_limitation_refused_R_CASE_07(client_for, officer_user_a, officers):
    client = client_for(officer_user_a)
    payload = {
        "procedure": "penalty_general", "title": "x", "field_code": "AQSC",
        "officer_ids": [o.pk for o in officers], "opened_on": ago(3).isoformat(),
        "violation_on": ago(1000).isoformat(), "discovered_on": ago(4).isoformat(),
        "parties": [{"kind": "organisation", "name": "滹阳县永兴建材有限公司",
                     "id_kind": "credit_code", "legal_representative": "李永兴",
                     "id_number": make_credit_code(prefix="91", region="130139", seed=12)}],
    }
    response = client.post("/api/cases/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "R-CASE-07"
    assert not Case.objects.exists()


def test_api_needs_login(client):
    assert client.get("/api/cases/").status_code == 401


def test_document_pdf_download_logged(client_for, officer_user_a, officers):
    case = make_case(officers[0].body, officers, days_ago=5)
    prepare(case, "open", on=ago(5))
    document = case.documents.get()
    client = client_for(officer_user_a)
    response = client.get(reverse("cases:document_file", args=[document.pk, "pdf"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")


def test_admin_cannot_change_cases_R_REC_02(client_for, admin_user, officers):
    case = make_case(officers[0].body, officers, days_ago=5)
    client = client_for(admin_user)
    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code in (200, 302, 403)
    response = client.post(f"/admin/cases/case/{case.pk}/change/", {"title": "改写"})
    case.refresh_from_db()
    assert case.title != "改写"
    response = client.post(f"/admin/cases/case/{case.pk}/delete/", {"post": "yes"})
    assert Case.objects.filter(pk=case.pk).exists()
    assert response.status_code in (302, 403)


def test_numbering_format_set_through_admin_R_REC_08(client_for, admin_user, body_a):
    from sanxiang.cases.models import DocumentNumbering

    client = client_for(admin_user)
    bad = client.post("/admin/cases/documentnumbering/add/", {
        "body": body_a.pk, "doc_type": "penalty_decision", "prefix": "冀长应急",
        "type_char": "罚", "pattern": "{prefix}{type}{serial}号"})
    assert not DocumentNumbering.objects.exists()
    assert bad.status_code == 302
    client.post("/admin/cases/documentnumbering/add/", {
        "body": body_a.pk, "doc_type": "penalty_decision", "prefix": "冀长应急",
        "type_char": "罚", "pattern": "{prefix}{type}〔{year}〕{serial}号"})
    row = DocumentNumbering.objects.get()
    assert row.prefix == "冀长应急"


def test_recording_exception_requested_and_approved_on_pages_R_REC_03(
        client_for, officer_user_a, head_user_a, officers):
    from sanxiang.records.models import RecordingException

    case = make_case(officers[0].body, officers, days_ago=5)
    step(case, "open", on=ago(5))
    officer = client_for(officer_user_a)
    officer.post(reverse("cases:exception_request", args=[case.pk]),
                 {"reason": "执法记录仪电量耗尽，现场检查以笔录及照片记录。"})
    exception = RecordingException.objects.get()
    assert exception.step == "investigate"
    # An officer cannot approve it; the head can.
    officer.post(reverse("cases:exception_decide", args=[exception.pk]),
                 {"granted": "yes", "reason": "同意"})
    exception.refresh_from_db()
    assert exception.outcome == "pending"
    client_for(head_user_a).post(reverse("cases:exception_decide", args=[exception.pk]),
                                 {"granted": "yes", "reason": "情况属实，同意。"})
    exception.refresh_from_db()
    assert exception.outcome == "approved"
    case.refresh_from_db()
    response = officer.post(reverse("cases:step", args=[case.pk]), {
        "version": case.version, "done_on": ago(4).isoformat(), "data_summary": "检查",
        "to": "investigation_report", "officers": [o.pk for o in officers]})
    assert response.status_code == 302


def test_admin_case_pages_read_as_text_not_codes_or_json_R_REC_02(client_for, admin_user,
                                                                   officers):
    """The admin's case, step and document pages name the step (当场处罚决定), the penalty
    (罚款) and the recorded facts, and link the document's PDF — never ``decide_on_spot``,
    ``["fine"]`` or the JSON a document was rendered from."""
    case = make_case(officers[0].body, officers, procedure="penalty_simple", days_ago=2,
                     party=party_person())
    step(case, "decide_on_spot", on=ago(1),
         data={"decided_kinds": ["fine"], "decided_fine": "200", "place": "人民路与建设街路口"})
    case.refresh_from_db()
    record = StepRecord.objects.get(case=case, step="decide_on_spot")
    document = case.documents.filter(step="decide_on_spot").first()
    client = client_for(admin_user)
    decided = str(case.workflow.step("decide_on_spot").name)
    pages = {f"/admin/cases/case/{case.pk}/change/":
             ("罚款", str(case.workflow.step(case.current_step).name)),
             f"/admin/cases/steprecord/{record.pk}/change/": ("罚款", decided),
             f"/admin/cases/document/{document.pk}/change/":
                 (reverse("cases:document_file", args=[document.pk, "pdf"]), decided)}
    for url, expected in pages.items():
        text = client.get(url).content.decode()
        assert all(words in text for words in expected), url
        labels = re.findall(r"<label>(.*?)</label>", text)
        assert len(labels) == len(set(labels)), url  # each fact once
        for raw in ("decide_on_spot", case.current_step, "[&quot;fine&quot;]", "{&quot;"):
            assert f">{raw}" not in text and f"{raw}<" not in text, (url, raw)
    assert "人民路与建设街路口" in client.get(
        f"/admin/cases/steprecord/{record.pk}/change/").content.decode()
    assert client.get(reverse("cases:document_file",
                              args=[document.pk, "pdf"])).status_code == 200
