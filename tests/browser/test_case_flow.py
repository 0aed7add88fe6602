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


def issue(page, doc_type):
    page.locator(f"form.doc-form:has(input[value='{doc_type}']) button").click()
    page.wait_for_load_state()
    assert page.locator(".message-error").count() == 0, page.locator(".messages").inner_text()


def record_step(page, *, to=None, fields=None):
    for name, value in (fields or {}).items():
        page.fill(f"[name=data_{name}]", value)
    if to:
        page.check(f"input[name=to][value={to}]")
    page.locator("form.step-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#step-error").count() == 0, page.locator("#step-error").inner_text()


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
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/workbench/cases/*/")
    case = Case.objects.get()
    assert case.number in page.locator("h1").inner_text()

    log_out(page)

    # 立案审批: the head approves on the 立案审批表 (R-CASE-13).
    log_in(page, live_server, "head_a", TYPED_PASSWORD)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    issue(page, "case_opening_form")
    record_step(page, to="investigate",
                fields={"approval_opinion": "经审查，符合立案条件，同意立案。"})
    log_out(page)
    log_in(page, live_server, *officer_account)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")

    # 调查取证: the step refuses without a recording, names the rule, keeps the input.
    page.fill("[name=data_summary]", "现场检查发现该公司未对重大危险源进行安全评估。")
    page.check("input[name=to][value=investigation_report]")
    page.locator("form.step-form button[type=submit]").click()
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

    issue(page, "investigation_report")
    page.check("input[name=data_proposed_kinds][value=fine]")
    record_step(page, to="notify", fields={"proposed_fine": "20000",
                                           "summary": "建议处以罚款二万元。"})

    issue(page, "penalty_prior_notice")
    issue(page, "service_receipt")
    page.check("input[name=data_notified_kinds][value=fine]")
    record_step(page, to="statement", fields={"notified_fine": "20000",
                                              "served_on": today.isoformat()})

    page.check("input[name=data_waived]")
    record_step(page, to="decide")
    log_out(page)

    # 决定: the head's act.
    log_in(page, live_server, "head_a", TYPED_PASSWORD)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    issue(page, "internal_approval_form")
    issue(page, "penalty_decision")
    page.check("input[name=data_decided_kinds][value=fine]")
    record_step(page, fields={"decided_fine": "20000"})
    log_out(page)

    log_in(page, live_server, *officer_account)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    issue(page, "service_receipt")
    page.select_option("[name=data_method]", "direct")
    record_step(page, to="execute", fields={"served_on": today.isoformat()})
    # 罚缴分离 (R-CASE-14): paid at the designated bank, with its receipt.
    page.select_option("[name=data_payment_channel]", "bank")
    record_step(page, fields={"paid_on": today.isoformat(), "paid_amount": "20000",
                              "collected_by": "中国农业银行滹阳县支行",
                              "receipt_number": "FS130139-2026-0001"})

    # 结案
    issue(page, "closing_report")
    record_step(page, fields={"summary": "罚款已全额缴纳，结案。"})
    case.refresh_from_db()
    assert case.closed_on == today and case.current_step == "archive"
    timeline = page.locator("#timeline").inner_text()
    assert "现场检查录音" in timeline and "行政处罚决定书" in timeline
    assert "罚" in case.documents.get(doc_type="penalty_decision").number


def _credit_code():
    from sanxiang.core.identifiers import make_credit_code

    return make_credit_code(prefix="91", region="130139", seed=7)
