"""Staff login in Chinese, logout by POST, and the django-axes lockout."""

import pytest
from django.conf import settings
from django.urls import reverse

from sanxiang.org.models import User

from .conftest import TYPED_PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_login_page_is_chinese_with_labelled_fields(client):
    response = client.get(LOGIN)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in page
    assert "工作人员登录" in page
    assert '<label for="id_username">用户名</label>' in page
    assert '<label for="id_password">密码</label>' in page
    assert "忘记密码请联系系统管理员" in page


@pytest.fixture
def password_a(officer_a2, account_for):
    account_for(officer_a2, "officer_a")
    return TYPED_PASSWORD


@pytest.fixture
def password_b(officer_b1, account_for):
    account_for(officer_b1, "officer_b")
    return TYPED_PASSWORD


def test_wrong_password_is_refused_in_chinese(client, password_a):
    response = attempt(client, "officer_a", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_opens_the_workbench(client, password_a):
    response = attempt(client, "officer_a", password_a)
    assert response.status_code == 302
    assert response.url == reverse("workbench:home")
    assert client.session["_auth_user_id"] == str(User.objects.get(username="officer_a").pk)


def test_next_parameter_is_followed_only_on_this_site(client, password_a):
    response = client.post(f"{LOGIN}?next=/workbench/officers/",
                           {"username": "officer_a", "password": password_a,
                            "next": "/workbench/officers/"})
    assert response.url == "/workbench/officers/"
    client.logout()
    response = client.post(LOGIN, {"username": "officer_a", "password": password_a,
                                   "next": "https://evil.example.com/"})
    assert response.url == reverse("workbench:home")


def test_workbench_needs_login(client, db):
    response = client.get("/workbench/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_logout_is_a_post_form(client_for, officer_user_a):
    client = client_for(officer_user_a)
    page = client.get("/workbench/").content.decode()
    assert 'action="/accounts/logout/"' in page
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_for_the_right_password(client, password_a):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert attempt(client, "officer_a", "wrong-password").status_code == 200
    locked = attempt(client, "officer_a", "wrong-password")
    assert locked.status_code == 429
    response = attempt(client, "officer_a", password_a)
    page = response.content.decode()
    assert response.status_code == 429
    assert "账户已锁定" in page
    assert "30 分钟后再试" in page
    assert "请联系系统管理员" in page
    assert "_auth_user_id" not in client.session


def test_lockout_leaves_other_users_alone(client, password_a, password_b):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "officer_a", "wrong-password")
    assert attempt(client, "officer_a", password_a).status_code == 429
    response = attempt(client, "officer_b", password_b)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="officer_b").pk)


def test_successful_login_resets_the_failure_count(client, password_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "officer_a", "wrong-password")
    assert attempt(client, "officer_a", password_a).status_code == 302
    client.logout()
    # Had the count not been reset, the first of these would lock the account.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "officer_a", "wrong-password").status_code == 200
    assert attempt(client, "officer_a", password_a).status_code == 302
