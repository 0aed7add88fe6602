"""An officer runs a general-procedure case from 立案 to 结案 in a real browser, uploading
the recording the investigation requires; the head records the decision (R-CASE-02,
R-REC-01, R-REC-03)."""

import struct
from datetime import timedelta

import pytest
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.org import actions
from sanxiang.org.roles import Role
from sanxiang.records.models import Evidence

from .conftest import TYPED_PASSWORD
from .test_flows import log_in

pytestmark = pytest.mark.browser


def wav(seconds=1, rate=8000) -> bytes:
    """A short silent WAV: small, and playable by every browser."""
    data = bytes(seconds * rate * 2)
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16) + b"data" + struct.pack("<I", len(data))
    return header + data


def issue(page, doc_type, *, data=None, facts=None, checks=()):
    """Issue a document from the step form: the step's facts (``data``) and the document's
    own (``facts``) as entered, then the document's button."""
    for name, value in (data or {}).items():
        page.fill(f"[name=data_{name}]", value)
    for name, value in (facts or {}).items():
        page.fill(f"[name=doc_{doc_type}__{name}]", value)
    for selector in checks:
        page.check(selector)
    with page.expect_navigation():
        page.locator(f"form.step-form button[name=issue][value='{doc_type}']").click()
    page.wait_for_load_state()
    assert page.locator("#step-error").count() == 0, page.locator("#step-error").inner_text()
    assert page.locator(".message-error").count() == 0, page.locator(".messages").inner_text()
    assert page.locator(f"#doc-{doc_type} legend .tag").count() == 1, f"{doc_type} not issued"


def record_step(page, *, to=None, fields=None):
    for name, value in (fields or {}).items():
        page.fill(f"[name=data_{name}]", value)
    if to:
        page.check(f"input[name=to][value={to}]")
    with page.expect_navigation():
        page.locator("form.step-form > button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#step-error").count() == 0, page.locator("#step-error").inner_text()


# What an officer writes on the proof of service when the party signs it.
RECEIPT = {"recipient": "赵立新"}
SIGNED = "[name=doc_service_receipt__signed]"
VIOLATED = "《中华人民共和国安全生产法》第二十八条第一款"
PENALTY_PROVISION = "《中华人民共和国安全生产法》第九十七条第四项"


def log_out(page):
    page.get_by_role("button", name="退出登录").click()


def test_officer_runs_general_case_to_closing_R_CASE_02(
        browser_page, live_server, officer_account, officer_a1, officer_a2, body_a, tmp_path):
    actions.create_user(acting_user=None, username="head_a", password=TYPED_PASSWORD,
                        full_name="王建国", roles=[Role.HEAD], body=body_a)
    page = browser_page
    today = timezone.localdate()
    log_in(page, live_server, *officer_account)
    page.wait_for_url(f"{live_server.url}/workbench/")

    # 立案
    page.goto(f"{live_server.url}/workbench/cases/new/")
    page.select_option("[name=procedure]", "penalty_general")
    page.fill("[name=title]", "未按规定对重大危险源进行安全评估案")
    page.select_option("[name=field]", "AQSC")
    page.check(f"input[name=officers][value='{officer_a1.pk}']")
    page.check(f"input[name=officers][value='{officer_a2.pk}']")
    page.fill("[name=violation_on]", (today - timedelta(days=30)).isoformat())
    page.fill("[name=discovered_on]", (today - timedelta(days=2)).isoformat())
    page.select_option("[name=party_kind]", "organisation")
    page.fill("[name=party_name]", "滹阳县宏达化工有限公司")
    page.select_option("[name=party_id_kind]", "credit_code")
    page.fill("[name=party_id_number]", _credit_code())
    page.fill("[name=party_representative]", "赵立新")
    page.fill("[name=party_address]", "滹阳县工业园区纬三路8号")
    # What the 立案审批表 states (R-AST-03): the source and the facts.
    page.fill("[name=source]", "日常检查")
    page.fill("[name=facts]", "该公司未按规定对重大危险源进行安全评估。")
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/workbench/cases/*/")
    case = Case.objects.get()
    assert case.number in page.locator("h1").inner_text()

    log_out(page)

    # 立案审批: the head approves on the 立案审批表 (R-CASE-13).
    log_in(page, live_server, "head_a", TYPED_PASSWORD)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    opinion = "经审查，符合立案条件，同意立案。"
    issue(page, "case_opening_form", data={"approval_opinion": opinion})
    record_step(page, to="investigate", fields={"approval_opinion": opinion})
    case.refresh_from_db()
    assert case.steps.get(step="open").data["approved_by"] == "王建国"
    log_out(page)
    log_in(page, live_server, *officer_account)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")

    # 调查取证: the step refuses without a recording, names the rule, keeps the input.
    page.fill("[name=data_summary]", "现场检查发现该公司未对重大危险源进行安全评估。")
    page.check("input[name=to][value=investigation_report]")
    page.locator("form.step-form > button[type=submit]").click()
    page.wait_for_load_state()
    assert "R-REC-03" in page.locator("#step-error").inner_text()
    assert "重大危险源" in page.locator("[name=data_summary]").input_value()

    # Upload the recording through the resumable uploader.
    page.locator("a[href$='/upload/?step=investigate']").first.click()
    media = tmp_path / "执法记录仪.wav"
    media.write_bytes(wav())
    page.set_input_files("#id_file", str(media))
    page.select_option("[name=step]", "investigate")
    page.select_option("[name=kind]", "audio")
    page.fill("[name=title]", "现场检查录音")
    page.fill("[name=proves]", "现场检查经过及当事人陈述")
    start = timezone.localtime() - timedelta(hours=2)
    page.fill("[name=captured_from]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=captured_to]", (start + timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=place]", "当事人生产车间")
    page.select_option("[name=captured_by]", str(officer_a1.pk))
    page.fill("[name=device]", "执法记录仪 DSJ-A8 #0031")
    page.locator("#upload-button").click()
    page.wait_for_url(f"{live_server.url}/workbench/records/evidence/*/")
    evidence = Evidence.objects.get()
    assert evidence.step == "investigate" and not evidence.late

    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    record_step(page, to="investigation_report",
                fields={"summary": "现场检查发现该公司未对重大危险源进行安全评估。"})

    basis = {"violated_provision": VIOLATED, "penalty_provision": PENALTY_PROVISION}
    report = {**basis, "proposed_fine": "20000", "summary": "建议处以罚款二万元。"}
    page.check("input[name=data_proposed_kinds][value=fine]")
    issue(page, "investigation_report", data=report)
    record_step(page, to="notify", fields=report)

    notice = {**basis, "notified_fine": "20000", "served_on": today.isoformat()}
    page.check("input[name=data_notified_kinds][value=fine]")
    issue(page, "penalty_prior_notice", data=notice)
    page.select_option("[name=doc_service_receipt__method]", "direct")
    issue(page, "service_receipt", facts={**RECEIPT, "served_on": today.isoformat()},
          checks=(SIGNED,))
    record_step(page, to="statement", fields=notice)

    page.check("input[name=data_waived]")
    record_step(page, to="decide")
    log_out(page)

    # 决定: the head's act, approved on the 内部审批表.
    log_in(page, live_server, "head_a", TYPED_PASSWORD)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    decision = {**basis, "decided_fine": "20000", "payment_manner": "到本机关指定的代收银行缴纳",
                "approval_opinion": "同意处以罚款二万元。", "approved_by": "王建国",
                "approved_on": today.isoformat()}
    page.check("input[name=data_decided_kinds][value=fine]")
    issue(page, "internal_approval_form", data=decision,
          facts={"proposal": "建议依法处以罚款二万元，请负责人审批。"})
    issue(page, "penalty_decision", data=decision)
    record_step(page, fields=decision)
    log_out(page)

    log_in(page, live_server, *officer_account)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    page.select_option("[name=doc_service_receipt__method]", "direct")
    issue(page, "service_receipt", facts={**RECEIPT, "served_on": today.isoformat()},
          checks=(SIGNED,))
    page.select_option("[name=data_method]", "direct")
    record_step(page, to="execute", fields={"served_on": today.isoformat()})
    # 罚缴分离 (R-CASE-14): paid at the designated bank, with its receipt.
    page.select_option("[name=data_payment_channel]", "bank")
    record_step(page, fields={"paid_on": today.isoformat(), "paid_amount": "20000",
                              "collected_by": "中国农业银行滹阳县支行",
                              "receipt_number": "FS130139-2026-0001"})

    # 结案
    closing = {"summary": "罚款已全额缴纳，结案。"}
    issue(page, "closing_report", data=closing)
    record_step(page, fields=closing)
    case.refresh_from_db()
    assert case.closed_on == today and case.current_step == "archive"
    timeline = page.locator("#timeline").inner_text()
    assert "现场检查录音" in timeline and "行政处罚决定书" in timeline
    assert "罚" in case.documents.get(doc_type="penalty_decision").number


def _credit_code():
    from sanxiang.core.identifiers import make_credit_code

    return make_credit_code(prefix="91", region="130139", seed=7)


def test_head_adds_a_photo_to_an_archived_case_file_R_REC_02(
        browser_page, live_server, officer_a1, officer_a2, body_a, tmp_path):
    """补充归档 from the case page: only the head sees the button; the reason is required
    (the action's message, in Chinese); the supplement is listed with who, when and why."""
    from records import case_of_a

    head = actions.create_user(acting_user=None, username="head_a", password=TYPED_PASSWORD,
                               full_name="王建国", roles=[Role.HEAD], body=body_a)
    case = case_of_a([officer_a1, officer_a2], head)
    Case.objects.filter(pk=case.pk).update(state=Case.State.ARCHIVED)  # as the last step does
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo \xff\xd9")
    page = browser_page
    log_in(page, live_server, "head_a", TYPED_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    page.get_by_role("link", name="补充归档").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="补充归档").is_visible()

    captured = timezone.localtime() - timedelta(hours=2)
    page.set_input_files("#id_file", str(photo))
    page.select_option("#id_kind", "photo")
    page.fill("#id_title", "现场照片原件")
    page.fill("#id_proves", "违法行为发生时现场的状况")
    page.fill("#id_captured_from", captured.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_captured_to", (captured + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "滹阳县城关镇")
    page.select_option("#id_captured_by", str(officer_a1.pk))
    page.fill("#id_device", "相机 No. XJ-01")
    with page.expect_navigation():
        page.get_by_role("button", name="补充归档").click()
    assert "请说明向已归档案卷补充材料的理由。" in page.locator("#error_reason").inner_text()

    page.set_input_files("#id_file", str(photo))  # a refused form does not keep the file
    page.fill("#id_reason", "复议机关调取后退回的现场照片原件。")
    page.fill("#id_late_reason", "原件曾被复议机关调取，退回后补充归档。")
    with page.expect_navigation():
        page.get_by_role("button", name="补充归档").click()
    assert "已补充归档：现场照片原件。" in page.locator(".messages").inner_text()
    row = page.locator("#supplements table tbody tr").first.inner_text()
    assert "现场照片原件" in row and "王建国" in row and "复议机关调取后退回" in row
    evidence = Evidence.objects.get(case=case)
    assert evidence.uploaded_by == head and evidence.supplement_reason
