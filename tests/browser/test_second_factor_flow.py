"""In a real browser: the second factor is required for each privileged role — 系统管理员,
机关负责人, 法制审核人员, 监督人员 — before any page, and asked for at every later login."""

import pytest

from sanxiang.org import actions
from sanxiang.org.roles import Role

from .conftest import TYPED_PASSWORD, pass_second_factor

pytestmark = pytest.mark.browser


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TYPED_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HEAD, Role.REVIEWER, Role.SUPERVISOR])
def test_privileged_role_must_enrol_and_then_give_the_code(
        browser_page, live_server, body_a, reviewer_officer_a, role):
    page = browser_page
    scope = {Role.ADMIN: {}, Role.HEAD: {"body": body_a},
             Role.REVIEWER: {"officer": reviewer_officer_a},
             Role.SUPERVISOR: {"jurisdiction": "1301"}}[role]
    actions.create_user(acting_user=None, username="someone", password=TYPED_PASSWORD,
                        full_name="王芳", roles=[role], **scope)

    password_step(page, live_server, "someone")
    assert "/accounts/second-factor/enrol/" in page.url
    assert page.get_by_role("heading", name="登记身份验证器").is_visible()
    assert page.get_by_role("img", name="供身份验证器应用扫描的二维码").is_visible()
    # Nothing else opens before the enrolment: not the workbench, not the admin.
    for path in ["/workbench/", "/admin/"]:
        page.goto(f"{live_server.url}{path}")
        assert "/accounts/second-factor/enrol/" in page.url, path
    pass_second_factor(page, "someone")
    page.goto(f"{live_server.url}/workbench/")
    assert page.url == f"{live_server.url}/workbench/"
    assert "王芳" in page.locator("header").inner_text()

    # Logged out and in again: the password alone is not enough any more.
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{live_server.url}/")
    password_step(page, live_server, "someone")
    assert "/accounts/second-factor/" in page.url
    page.get_by_label("验证码").fill("000000")
    page.get_by_role("button", name="验证").click()
    assert "验证码不正确" in page.get_by_role("alert").inner_text()
    page.goto(f"{live_server.url}/workbench/")
    assert "/accounts/second-factor/" in page.url
    page.wait_for_timeout(1500)  # django-otp's pause after a wrong code
    pass_second_factor(page, "someone")
    assert page.url == f"{live_server.url}/workbench/"


def test_officer_logs_in_without_a_second_factor(browser_page, live_server, officer_account):
    password_step(browser_page, live_server, officer_account[0])
    assert browser_page.url == f"{live_server.url}/workbench/"
