"""A decision made in the case engine goes public through the clerk's hands, in a real
browser: mask → approve → publish → public search → verify → withdraw (R-PUB-04 … 06)."""


import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case
from django.utils import timezone

from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger import checkpoints
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role

from .conftest import TYPED_PASSWORD
from .test_flows import log_in

pytestmark = pytest.mark.browser


def decided_case(body, officers):
    case = make_case(body, officers, days_ago=20, facts=(
        "经查，当事人未按规定对重大危险源进行安全评估，现场负责人电话13912345678，"
        "证人李明辉在场，车间主任王某某称已安排整改。"))
    step(case, "open", on=ago(20))
    step(case, "investigate", on=ago(18), to="investigation_report",
         data={"summary": "现场检查发现未对重大危险源进行安全评估，证人李明辉在场。"})
    step(case, "investigation_report", on=ago(16), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款。"})
    step(case, "notify", on=ago(15), to="statement",
         data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(15)})
    step(case, "statement", on=ago(14), to="decide", data={"waived": True})
    step(case, "decide", on=ago(5), data={"decided_kinds": ["fine"], "decided_fine": "5000"})
    return case


def test_clerk_masks_publishes_and_withdraws_R_PUB_05(
        browser_page, live_server, body_a, officer_a1, officer_a2):
    org_actions.create_user(acting_user=None, username="clerk_a", password=TYPED_PASSWORD,
                            full_name="周丽", roles=[Role.CLERK], body=body_a)
    case = decided_case(body_a, [officer_a1, officer_a2])
    # The decision created its publication record, due 7 working days after it (R-PUB-04).
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.state == "pending" and disclosure.due_on > ago(5)
    assert "13912345678" in disclosure.source_text
    hidden = "车间主任王某某"

    page = browser_page
    log_in(page, live_server, "clerk_a", TYPED_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/disclosure/")
    page.locator(f"a[href='/workbench/disclosure/{disclosure.pk}/']").first.click()
    page.wait_for_url(f"{live_server.url}/workbench/disclosure/{disclosure.pk}/")
    # The original and the masked text side by side; the clerk hides one more phrase.
    assert page.locator("mark").count() >= 1
    page.fill("[name=fragment]", hidden)
    page.select_option("[name=kind]", "person_name")
    page.get_by_role("button", name="隐去这段文字").click()
    page.get_by_text("隐去内容已保存").wait_for()
    assert "【" in page.locator("main").inner_text()
    page.get_by_role("button", name="审核通过并公开").click()
    page.wait_for_url(f"{live_server.url}/workbench/disclosure/{disclosure.pk}/")
    page.locator(".message-success").last.wait_for()
    disclosure.refresh_from_db()
    assert disclosure.state == "published" and hidden not in disclosure.masked_text
    assert any(r.get("source") == "clerk" for r in disclosure.redactions)
    checkpoints.sign_checkpoint()

    # The public finds it, sees that it was masked, and verifies it.
    page.goto(f"{live_server.url}/decisions/?party={disclosure.party_name[:4]}")
    page.locator(f"a[href='/decisions/{disclosure.pk}/']").first.click()
    page.wait_for_url(f"{live_server.url}/decisions/{disclosure.pk}/")
    for secret in (hidden, "李明辉", "13912345678"):
        assert secret not in page.content()
    page.locator("#verify-button").click()
    verdict = page.locator("#verify-verdict")
    verdict.wait_for()
    assert "verdict-ok" in verdict.get_attribute("class")

    # The decision is revoked: the clerk withdraws it; the notice stays public (R-PUB-06).
    page.goto(f"{live_server.url}/workbench/disclosure/{disclosure.pk}/")
    page.select_option("[name=grounds]", "revoked")
    page.fill("[name=reason]", "该处罚决定已被行政复议机关撤销。")
    # No date to type: the platform dates the withdrawal (R-CASE-15).
    assert page.locator("[name=on]").count() == 0
    page.get_by_role("button", name="撤下").click()
    page.locator(".message-success").last.wait_for()
    disclosure.refresh_from_db()
    assert disclosure.state == "withdrawn"
    page.goto(f"{live_server.url}/decisions/{disclosure.pk}/")
    assert "已被行政复议机关撤销" in page.content()
    assert disclosure.masked_text[:20] not in page.content()
    assert disclosure.withdrawn_on == timezone.localdate()
