"""What a person does in a real browser: log in, get locked out, verify an officer on a phone."""

import pytest
from django.conf import settings

from .conftest import pass_second_factor

pytestmark = pytest.mark.browser


def log_in(page, live_server, username, password):
    """The password, then — for the roles that need it — the second factor."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)


def test_officer_logs_in_and_sees_the_workbench_of_their_body(
        browser_page, live_server, officer_account, officer_a1):
    log_in(browser_page, live_server, *officer_account)
    browser_page.wait_for_url(f"{live_server.url}/workbench/")
    header = browser_page.locator("header")
    assert "行政执法“三项制度”工作平台" in header.inner_text()
    assert officer_a1.body.name in header.inner_text()
    assert browser_page.get_by_role("heading", name="本单位").is_visible()
    assert officer_a1.body.credit_code in browser_page.content()
    # Logging out is a form post, and lands on the public portal.
    browser_page.get_by_role("button", name="退出登录").click()
    browser_page.wait_for_url(f"{live_server.url}/")


def test_five_wrong_passwords_show_the_lockout_page(browser_page, live_server, officer_account):
    username, password = officer_account
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(browser_page, live_server, "officer_a", "wrong-password")
        assert browser_page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")
    log_in(browser_page, live_server, "officer_a", "wrong-password")
    assert browser_page.get_by_role("heading", name="账户已锁定").is_visible()
    log_in(browser_page, live_server, username, password)
    assert browser_page.get_by_role("heading", name="账户已锁定").is_visible()
    assert "30 分钟后再试" in browser_page.content()


def no_horizontal_scroll(page) -> bool:
    # Only meaningful with the stylesheet applied: the header is blue only if it loaded.
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(11, 58, 115)", "site.css did not load"
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_public_verifies_an_officer_on_a_phone_R_PUB_03(browser_page, live_server, officer_a1):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/")
    assert no_horizontal_scroll(page)
    page.get_by_label("执法人员姓名或执法证号").fill("13010201001")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/officers/?q=13010201001")
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name=officer_a1.name).click()
    page.wait_for_url(f"{live_server.url}/officers/13010201001/")
    assert page.get_by_role("heading", level=1).inner_text() == officer_a1.name
    assert "有效" in page.locator(".verdict").inner_text()
    assert no_horizontal_scroll(page)
    assert "13800000000" not in page.content()  # the officer's own phone: never public
    # Large text (适老化) still fits the phone.
    page.get_by_role("link", name="大字版").click()
    page.wait_for_url(f"{live_server.url}/officers/13010201001/")
    assert page.evaluate("document.documentElement.className") == "text-large"
    assert no_horizontal_scroll(page)


def test_keyboard_user_can_skip_to_the_content(browser_page, live_server, db):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到主要内容")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0  # on screen once focused
