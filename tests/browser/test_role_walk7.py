"""What the seventh role walk (ADR 0083) found on pages, held in a real browser.

The walk logged in as each demo role and read every page a few links from their home.
Two pages held two fields of one id (``id_reason``): the second field's label pointed at
the first, so a screen reader read the copy request's box (or the excluded period's
reason) under no name, and a click on its label filled the other form. The ledger's
checkpoint page linked to the signed note before any note was signed: a 404.
"""

import pytest
from records import case_of_a, metadata

from sanxiang.records import actions

from .test_flows import log_in

pytestmark = pytest.mark.browser

DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
  return Object.keys(seen).filter(id => seen[id] > 1);
}"""


def test_officer_reads_every_field_of_the_case_and_evidence_pages_by_its_own_label_R_REC_06(
    browser_page, live_server, password, officer_a1, officer_a2, officer_user_a
):
    """The evidence page's copy request and the case page's excluded period each had a
    field ``id_reason`` after another form's: each label names its own field now."""
    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    evidence = actions.store_evidence_file(
        acting_user=officer_user_a,
        case=case,
        path_or_bytes=b"original",
        filename="v.mp4",
        content_type="video/mp4",
        metadata=metadata(officer_a1),
    )
    page = browser_page
    log_in(page, live_server, officer_user_a.username, password)

    page.goto(f"{live_server.url}/workbench/records/evidence/{evidence.pk}/")
    assert page.evaluate(DUPLICATE_IDS) == []
    copy_reason = page.get_by_label("复制原件的理由", exact=True)
    assert copy_reason.evaluate("e => e.tagName") == "TEXTAREA"
    assert copy_reason.evaluate("e => e.form.action").endswith("/copy-requests/")

    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    assert page.evaluate(DUPLICATE_IDS) == []
    page.locator("#period-start summary").click()
    period_reason = page.locator("#period-start").get_by_label("原因")
    assert period_reason.evaluate("e => e.closest('details').id") == "period-start"
    period_reason.fill("委托检测")
    assert page.locator("#id_recusal_reason").input_value() == ""


def test_the_public_follows_every_link_of_the_checkpoint_page_before_any_note_R_REC_02(
    browser_page, live_server
):
    """/ledger/checkpoints/ offered “最新检查点（签名注记格式）” while none was signed:
    the link answered 404 in plain text."""
    page = browser_page
    page.goto(f"{live_server.url}/ledger/checkpoints/")
    assert "尚未签署检查点" in page.locator("main").inner_text()
    links = page.eval_on_selector_all("main a[href]", "as => as.map(a => a.href)")
    for link in {url for url in links if url.startswith(live_server.url)}:
        assert page.request.get(link).status < 400, link
