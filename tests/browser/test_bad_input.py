"""Bad input in a real browser (ADR 0065): the officer's 立案 form, a small form of the case
page and the evidence upload answer in Chinese beside the field and keep what was typed;
nothing half-made is stored."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sanxiang.cases.models import Case, Recusal
from sanxiang.core.identifiers import make_credit_code
from sanxiang.records.models import Evidence

from .test_flows import log_in

pytestmark = pytest.mark.browser

SCRIPT_TITLE = "<script>alert(1)</script>未按规定进行安全评估案"


def _field_error(page, name):
    return page.locator(f".field-error:has([name={name}]) .error").inner_text()


def test_case_filing_with_bad_input_keeps_what_was_typed_R_CASE_15(
        browser_page, live_server, officer_account, officer_a1, officer_a2, body_a):
    page = browser_page
    today = timezone.localdate()
    log_in(page, live_server, *officer_account)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/cases/new/")
    good_code = make_credit_code(prefix="91", region="130139", seed=7)
    wrong_digit = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    page.select_option("[name=procedure]", "penalty_general")
    page.fill("[name=title]", SCRIPT_TITLE)
    page.select_option("[name=field]", "AQSC")
    page.check(f"input[name=officers][value='{officer_a1.pk}']")
    page.check(f"input[name=officers][value='{officer_a2.pk}']")
    page.fill("[name=violation_on]", (today - timedelta(days=30)).isoformat())
    page.fill("[name=discovered_on]", (today - timedelta(days=2)).isoformat())
    page.select_option("[name=party_kind]", "organisation")
    page.fill("[name=party_name]", "滹阳县宏达化工有限公司")
    page.select_option("[name=party_id_kind]", "credit_code")
    page.fill("[name=party_id_number]", wrong_digit)
    page.fill("[name=party_representative]", "赵立新")
    page.fill("[name=party_address]", "滹阳县工业园区纬三路8号")
    page.fill("[name=party_phone]", "０３１１－６６８８１２３")  # full-width: kept as digits
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_load_state()

    assert "第18位校验码有误" in _field_error(page, "party_id_number")
    assert page.locator("[name=title]").input_value() == SCRIPT_TITLE  # kept, not run
    assert page.locator("[name=party_name]").input_value() == "滹阳县宏达化工有限公司"
    assert page.locator(f"input[name=officers][value='{officer_a2.pk}']").is_checked()
    assert not Case.objects.exists()

    # Put right, the case is opened; its page's 回避 form, refused, stays open and typed.
    page.fill("[name=party_id_number]", good_code)
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_url(re.compile(r"/workbench/cases/\d+/$"))
    case = Case.objects.get()
    assert case.title == SCRIPT_TITLE and case.parties.get().phone == "0311-6688123"
    # The 回避 form sent twice (a second tab, a double click): the second is refused on the
    # case page, the form open and as typed, the message in it and at the top.
    for reason in ("当事人称张伟系其表兄", "当事人补充称张伟曾在该公司任职"):
        page.locator("#recusal-apply summary").click()
        page.select_option("#recusal-apply [name=officer]", str(officer_a1.pk))
        page.select_option("#recusal-apply [name=applicant]", "party")
        page.locator("#recusal-apply [name=reason]").fill(reason)
        with page.expect_navigation():
            page.locator("#recusal-apply button[type=submit]").click()
    form = page.locator("#recusal-apply")
    assert form.get_attribute("open") is not None
    assert "的回避申请已提交，正在等待机关负责人决定" in form.inner_text()
    assert form.locator("[name=reason]").input_value() == "当事人补充称张伟曾在该公司任职"
    assert "正在等待机关负责人决定" in page.locator(".messages").inner_text()
    assert Recusal.objects.count() == 1


def test_evidence_upload_with_bad_input_says_why_and_keeps_the_particulars_R_REC_04(
        browser_page, live_server, officer_account, officer_a1, officer_a2, tmp_path):
    from records import case_of_a

    case = case_of_a([officer_a1, officer_a2])
    empty = tmp_path / "执法记录仪.mp4"
    empty.write_bytes(b"")
    page = browser_page
    log_in(page, live_server, *officer_account)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/records/cases/{case.pk}/upload/")
    start = timezone.localtime() - timedelta(hours=2)
    page.set_input_files("#id_file", str(empty))
    page.fill("[name=title]", "现场检查录像")
    page.fill("[name=proves]", "当事人未对重大危险源进行安全评估")
    page.fill("[name=captured_from]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=captured_to]", (start - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("[name=place]", "储罐区")
    page.select_option("[name=captured_by]", str(officer_a1.pk))
    page.fill("[name=device]", "执法记录仪 DSJ-0012")
    page.locator("#upload-button").click()
    # “正在开始上传……” first, then the server's answer to the declared size of 0.
    page.locator("#upload-status", has_text="文件为空。").wait_for()
    assert not page.locator("p.error:not([hidden])").count()

    # A file with content, the end of the recording before its start: said beside the field.
    video = tmp_path / "现场检查.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(2048))
    page.set_input_files("#id_file", str(video))
    page.locator("#upload-button").click()
    error = page.locator("#error_captured_to")
    error.wait_for(state="visible")
    assert "采集结束时间不能早于开始时间" in error.inner_text()
    assert page.locator("[name=proves]").input_value() == "当事人未对重大危险源进行安全评估"
    assert page.locator("[name=device]").input_value() == "执法记录仪 DSJ-0012"
    assert not Evidence.objects.exists()
