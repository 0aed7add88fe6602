"""What the sixth role walk (ADR 0073) found on pages, held in a real browser.

The walk logged in as each demo role and read every page two or three links from their
home: amounts written as the database stores them (26000.00 元, 5000.00), and the review
form's note fields that a screen reader could not name.
"""

import re

import pytest
from cases.factories import make_case
from discretion.helpers import ITEM, publish_lists
from review.helpers import submitted, to_review

from sanxiang.review.rules import REVIEW_ITEMS

from .test_flows import log_in

pytestmark = pytest.mark.browser

# As the workbench writes an amount (the zh-Hans format, ``floatformat:"-2g"``): 5000 or
# 20000.5, never 5000.00; — where the benchmark sets none.
AMOUNT = re.compile(r"^(\d+(\.\d?[1-9])?|—)$")


def test_reviewer_reads_named_note_fields_and_the_notified_fine_in_yuan_R_REV_05(
        browser_page, live_server, password, body_a, officer_a1, officer_a2,
        officer_user_a, reviewer_user_a):
    """Each item's note in the review form is named after the item (备注：…), and the case
    page states the fine notified as 5000元, not “5000.00 元”."""
    case = to_review(body_a, [officer_a1, officer_a2], fine="5000")
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    page = browser_page
    log_in(page, live_server, reviewer_user_a.username, password)
    page.goto(f"{live_server.url}/workbench/review/{submission.pk}/")
    for code, label in REVIEW_ITEMS.items():
        note = page.get_by_label(f"备注：{label}", exact=True)
        assert note.count() == 1, label
        assert note.get_attribute("name") == f"n_{code}"
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    facts = page.locator("dl", has_text="告知的罚款").first.inner_text()
    assert re.search(r"告知的罚款\s*5000元", facts), facts
    assert "5000.00" not in facts


def test_officer_reads_the_benchmark_amounts_as_officials_write_them_R_AST_01(
        browser_page, live_server, officer_account, body_a, officer_a1, officer_a2):
    """The benchmark table on the case page printed 5000.00 and 20000.00."""
    publish_lists(body_a)
    case = make_case(body_a, [officer_a1, officer_a2], procedure="penalty_simple",
                     days_ago=1, item_code=ITEM)
    page = browser_page
    log_in(page, live_server, *officer_account)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    rows = page.locator("#discretion-entries tbody tr")
    assert rows.count() > 0
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        for amount in cells[3:5]:
            assert AMOUNT.match(amount.strip()), cells
