"""The second factor (TOTP, django-otp): required for 系统管理员, 机关负责人, 法制审核人员 and
监督人员, optional for others; the admin and the API are behind the same door."""

import re
import time

import pytest
from conftest import PASSWORD, enrol_authenticator, totp_code
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind

LOGIN = "/accounts/login/"
VERIFY = "/accounts/second-factor/"
ENROL = "/accounts/second-factor/enrol/"

PRIVILEGED = ["admin_user", "head_user_a", "reviewer_user_a", "supervisor_user"]


def password_only(user) -> Client:
    """A browser that has given the right password and nothing more."""
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_privileged_role_without_authenticator_must_enrol_before_anything_else(
        request, persona):
    user = request.getfixturevalue(persona)
    client = password_only(user)
    for path in ["/workbench/", "/workbench/cases/", "/admin/", "/accounts/password/", "/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith(ENROL), path
    api = client.get("/api/cases/")
    assert api.status_code == 403
    assert api.json()["code"] == "ACCOUNT_STEP"
    page = client.get(ENROL).content.decode()
    assert "您的角色要求二次验证" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, allowed by the CSP (img-src data:)


def test_enrolment_with_the_authenticator_code_opens_the_workbench(head_user_a):
    client = password_only(head_user_a)
    page = client.get(f"{ENROL}?next=/workbench/cases/").content.decode()
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    device = TOTPDevice.objects.get(user=head_user_a, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    response = client.post(ENROL, {"token": totp_code(device), "next": "/workbench/cases/"})
    assert response.status_code == 302 and response.url == "/workbench/cases/"
    assert client.get("/workbench/").status_code == 200
    assert TOTPDevice.objects.get(user=head_user_a).confirmed
    assert LedgerEvent.objects.filter(kind=EventKind.USER_SECOND_FACTOR_ENROLLED,
                                      subject_id=str(head_user_a.pk)).exists()


def test_wrong_code_at_enrolment_is_refused_in_chinese(head_user_a):
    client = password_only(head_user_a)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=head_user_a)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    page = client.post(ENROL, {"token": wrong}).content.decode()
    assert "验证码不正确" in page
    assert client.get("/workbench/").status_code == 302
    assert not TOTPDevice.objects.get(user=head_user_a).confirmed


def test_login_of_an_enrolled_account_asks_for_the_code(reviewer_user_a):
    device = enrol_authenticator(reviewer_user_a)
    client = password_only(reviewer_user_a)
    response = client.get("/workbench/review/")
    assert response.url.startswith(VERIFY)
    page = client.get(response.url).content.decode()
    assert "输入手机上的身份验证器应用为本平台显示的六位验证码" in page
    refused = client.post(VERIFY, {"token": "000000x"}).content.decode()
    assert "验证码不正确" in refused
    # django-otp throttles after a wrong code (1 s, doubling with each further failure).
    assert "错误次数过多" in client.post(VERIFY, {"token": "123456"}).content.decode()
    time.sleep(2.1)
    device.refresh_from_db()
    # A code of the next time step: the current one was used at enrolment (no replay).
    ok = client.post(VERIFY, {"token": totp_code(device, at=time.time() + 30),
                              "next": "/workbench/review/"})
    assert ok.status_code == 302 and ok.url == "/workbench/review/"
    assert client.get("/workbench/review/").status_code == 200


def test_a_code_once_used_is_refused_the_second_time_replay(supervisor_user):
    device = enrol_authenticator(supervisor_user)
    code = totp_code(device, at=time.time() + 30)
    first = password_only(supervisor_user)
    assert first.post(VERIFY, {"token": code}).status_code == 302
    second = password_only(supervisor_user)
    assert "验证码不正确" in second.post(VERIFY, {"token": code}).content.decode()
    assert second.get("/workbench/").status_code == 302


def test_officer_needs_no_second_factor_but_is_asked_once_enrolled(officer_user_a):
    client = password_only(officer_user_a)
    assert client.get("/workbench/").status_code == 200
    enrol_authenticator(officer_user_a)
    again = password_only(officer_user_a)
    assert again.get("/workbench/").url.startswith(VERIFY)


def test_enrolled_user_cannot_enrol_a_new_authenticator_to_skip_the_code(head_user_a):
    enrol_authenticator(head_user_a)
    client = password_only(head_user_a)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=head_user_a).count() == 1


def test_admin_requires_the_second_factor(admin_user, client_for):
    client = password_only(admin_user)
    assert client.get("/admin/org/user/").url.startswith(ENROL)
    # The admin's own login page hands over to the platform's (which asks for the code).
    anonymous = Client().get("/admin/login/?next=/admin/")
    assert anonymous.status_code == 302 and anonymous.url.startswith(LOGIN)
    verified = client_for(admin_user)
    response = verified.get("/admin/org/user/")
    assert response.status_code == 200
    # Nobody reads or sets a TOTP secret in the admin.
    assert verified.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_admin_and_login_pages_carry_the_same_csp(admin_user, client_for):
    login = Client().get(LOGIN)
    admin_page = client_for(admin_user).get("/admin/org/user/")
    policy = login.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert admin_page.headers["Content-Security-Policy"] == policy
    assert Client().get("/workbench/").headers.get("Content-Security-Policy") == policy
