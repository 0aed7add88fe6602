"""Each role's day starts from its 待办 (issue 11, items 4 and 8): the item links to where
the work is done; on a 390-px phone the case list is cards and the next action is at the top
of the case page."""

import pytest
from cases.engine_helpers import ago
from cases.factories import make_case
from review.helpers import submitted, to_review

from .test_flows import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def late_case(body_a, officer_a1, officer_a2):
    return make_case(body_a, [officer_a1, officer_a2], days_ago=120)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_officer_day_on_a_phone_starts_from_the_todo_R_CASE_05(
        browser_page, live_server, officer_user_a, password, late_case):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "officer_a", password)
    page.wait_for_url(f"{live_server.url}/workbench/")
    todo = page.locator("#todo")
    assert "待办" in todo.inner_text() and "到期和超期的环节" in todo.inner_text()
    assert "超期" in todo.locator("#todo-deadline").inner_text()
    assert no_sideways_scroll(page)
    todo.get_by_role("link", name=late_case.number).first.click()
    page.wait_for_url(f"{live_server.url}/workbench/cases/{late_case.pk}/")
    # The next action (the current step's form) comes before the particulars on a phone.
    step_top = page.locator("#step").bounding_box()["y"]
    facts_top = page.locator("#facts-heading").bounding_box()["y"]
    assert step_top < facts_top
    assert no_sideways_scroll(page)

    page.goto(f"{live_server.url}/workbench/cases/")
    row = page.locator("#case-list tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"  # a card
    assert page.locator("#case-list thead").evaluate(
        "h => h.getBoundingClientRect().height") <= 1
    assert late_case.number in row.inner_text()
    labels = row.locator("td[data-label]").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert any("立案日期" in label for label in labels)  # each value names its column
    assert no_sideways_scroll(page)


def test_reviewer_day_starts_from_unassigned_submissions_R_REV_07(
        browser_page, live_server, reviewer_user_a, officer_user_a, password, body_a,
        officer_a1, officer_a2):
    case = to_review(body_a, [officer_a1, officer_a2])
    submission = submitted(case, officer_user_a, on=ago(2))
    page = browser_page
    log_in(page, live_server, "reviewer_a", password)
    page.wait_for_url(f"{live_server.url}/workbench/")
    group = page.locator("#todo-review_unassigned")
    assert "待分配的审核" in group.inner_text() and "1" in group.locator(".count").inner_text()
    group.get_by_role("link", name=case.number).click()
    page.wait_for_url(f"{live_server.url}/workbench/review/{submission.pk}/")
    page.goto(f"{live_server.url}/workbench/review/")
    current = page.locator(".tabs [aria-current=page]").inner_text()
    assert "待分配" in current and "1" in current


def test_head_and_supervisor_days_start_from_the_overdue_case_R_CASE_05(
        browser_page, live_server, head_user_a, supervisor_user, password, late_case):
    page = browser_page
    log_in(page, live_server, "head_a", password)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.locator("#todo-extension").get_by_role("link", name=late_case.number).click()
    page.wait_for_url(f"{live_server.url}/workbench/cases/{late_case.pk}/")
    page.get_by_role("button", name="退出登录").click()
    log_in(page, live_server, "supervisor", password)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.locator("#todo-case_overdue").get_by_role("link", name=late_case.number).click()
    page.wait_for_url(f"{live_server.url}/workbench/cases/{late_case.pk}/")
