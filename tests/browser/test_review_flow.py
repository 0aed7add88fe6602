"""The legal review loop in a real browser (R-REV-02 … R-REV-06): the officer submits, the
submission comes back as incomplete with the list of what is missing, the officer completes
it; a reviewer is assigned and asks for revision (建议修改后再审); the officer resubmits a
revised round; the reviewer approves and the 法制审核意见书 is issued; the head decides on
the case page."""

import pytest
from cases.engine_helpers import ago
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.org import actions
from sanxiang.org.roles import Role
from sanxiang.review.models import Submission
from sanxiang.review.rules import ALWAYS_REQUIRED, REVIEW_ITEMS

from .conftest import TYPED_PASSWORD
from .test_case_flow import PENALTY_PROVISION, VIOLATED, issue, log_out, record_step
from .test_flows import log_in

pytestmark = [pytest.mark.browser, pytest.mark.urls("review.test_pages")]

TEXTS = {
    "facts": "当事人未对重大危险源进行安全评估，现场检查笔录及视频可证。",
    "legal_basis": "《安全生产法》第四十条、第一百零一条。",
    "benchmark": "适用裁量基准第十二项，一般情节。",
    "qualifications": "张伟（13010201001）、刘洋（13010201002），执法证均有效。",
    "draft_decision": "拟对当事人处以罚款五千元。",
    "evidence": "现场检查笔录、询问笔录、执法记录仪视频。",
}


def review_round(page, live_server, submission_pk, *, outcome, opinion, wanting=None):
    page.goto(f"{live_server.url}/workbench/review/?tab=pending")
    page.locator(f"a[href='/workbench/review/{submission_pk}/']").first.click()
    page.wait_for_load_state()
    page.select_option("[name=reviewer]", label="赵敏")
    page.locator("form.assign-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "赵敏" in page.locator("#reviewer").inner_text()
    for code in REVIEW_ITEMS:
        if wanting and code == wanting[0]:
            page.check(f"input[name=f_{code}][value=not_ok]")
            page.fill(f"[name=n_{code}]", wanting[1])
        else:
            page.check(f"input[name=f_{code}][value=ok]")
    page.check(f"input[name=outcome][value={outcome}]")
    page.fill("[name=opinion]", opinion)
    page.locator("form.review-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#review-error").count() == 0, page.locator("#review-error").inner_text()
    assert opinion in page.locator("#opinion").inner_text()


def test_review_loop_to_decision_R_REV_06(browser_page, live_server, officer_account,
                                          officer_a1, officer_a2, reviewer_officer_a, body_a):
    from review.helpers import to_review

    actions.create_user(acting_user=None, username="head_a", password=TYPED_PASSWORD,
                        full_name="孙志强", roles=[Role.HEAD], body=body_a)
    actions.create_user(acting_user=None, username="reviewer_a", password=TYPED_PASSWORD,
                        full_name="赵敏", roles=[Role.REVIEWER], officer=reviewer_officer_a)
    case = to_review(body_a, [officer_a1, officer_a2])
    page = browser_page

    # The officer submits the facts only: returned, with the list of what is missing.
    log_in(page, live_server, *officer_account)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/review/cases/{case.pk}/submit/")
    # The form starts from the case's documents and evidence, ticked, and the recorded basis
    # and qualifications: the officer sends the facts only.
    for box in page.locator("form.submit-form input[type=checkbox][name^=a_]").all():
        box.uncheck()
    for code in TEXTS:
        page.fill(f"[name=m_{code}]", "")
    page.fill("[name=m_facts]", TEXTS["facts"])
    page.locator("form.submit-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "R-REV-04" in page.locator("#returned").inner_text()
    assert page.locator("#missing-list li").count() == len(ALWAYS_REQUIRED) - 1
    assert page.locator("[name=m_facts]").input_value() == TEXTS["facts"]
    for code, text in TEXTS.items():
        page.fill(f"[name=m_{code}]", text)
    page.locator("form.submit-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/workbench/review/*/")
    first = Submission.objects.get(case=case, state=Submission.State.PENDING)
    assert first.round == 2
    log_out(page)

    # The reviewer takes it and asks for revision.
    log_in(page, live_server, "reviewer_a", TYPED_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    review_round(page, live_server, first.pk, outcome="revise",
                 opinion="询问笔录未经当事人签字确认，建议补正后再审。",
                 wanting=("evidence_sufficient", "询问笔录未经当事人签字确认"))
    log_out(page)

    # The officer resubmits a revised round, starting from the materials sent before.
    log_in(page, live_server, *officer_account)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/review/{first.pk}/")
    page.locator("#findings a.button").click()
    page.wait_for_load_state()
    assert page.locator("[name=m_legal_basis]").input_value() == TEXTS["legal_basis"]
    page.fill("[name=m_evidence]", TEXTS["evidence"] + "询问笔录已由当事人签字确认。")
    page.locator("form.submit-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/workbench/review/*/")
    revised = Submission.objects.get(case=case, round=3)
    assert revised.previous_id == first.pk and revised.state == Submission.State.PENDING
    log_out(page)

    # The reviewer approves; the written opinion is issued as a PDF.
    log_in(page, live_server, "reviewer_a", TYPED_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    review_round(page, live_server, revised.pk, outcome="passed",
                 opinion="事实清楚，证据确凿，适用依据正确，程序合法，同意。")
    href = page.locator("#opinion-pdf").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.body().startswith(b"%PDF")
    log_out(page)

    # The head decides on the case page.
    log_in(page, live_server, "head_a", TYPED_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    decision = {"violated_provision": VIOLATED, "penalty_provision": PENALTY_PROVISION,
                "decided_fine": "5000", "payment_manner": "到本机关指定的代收银行缴纳",
                "approval_opinion": "同意处以罚款五千元。", "approved_by": "孙志强",
                "approved_on": timezone.localdate().isoformat()}
    page.check("input[name=data_decided_kinds][value=fine]")
    issue(page, "internal_approval_form", data=decision,
          facts={"proposal": "建议依法处以罚款五千元，请负责人审批。"})
    issue(page, "penalty_decision", data=decision)
    record_step(page, fields=decision)
    case.refresh_from_db()
    assert case.current_step == "serve" and case.decided_on == timezone.localdate()
    assert case.state == Case.State.OPEN and ago(0) == case.decided_on
