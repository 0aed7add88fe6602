"""Users change their own password; an administrator resets one with a forced change at the
first login, so no administrator goes on knowing anybody's password."""

import re

from conftest import PASSWORD
from django.test import Client

from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.org.models import User

LOGIN = "/accounts/login/"
CHANGE = "/accounts/password/"
NEW_PASSWORD = "Quiet-River-Stone-2027"


def log_in(username, password) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def can_log_in(username, password) -> bool:
    response = Client().post(LOGIN, {"username": username, "password": password})
    return response.status_code == 302


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new,
                                "new_password2": new})


def test_user_changes_own_password_and_logs_in_with_it(officer_user_a):
    client = log_in("officer_a", PASSWORD)
    page = client.get("/workbench/").content.decode()
    assert 'href="/accounts/password/"' in page and "修改密码" in page
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    # The session stays signed in after the change.
    assert client.get("/workbench/").status_code == 200
    assert can_log_in("officer_a", NEW_PASSWORD)
    assert not can_log_in("officer_a", PASSWORD)
    event = LedgerEvent.objects.filter(kind=EventKind.USER_PASSWORD_SET).latest("seq")
    assert NEW_PASSWORD not in str(event.payload)


def test_own_password_change_needs_the_current_password(officer_user_a):
    client = log_in("officer_a", PASSWORD)
    page = change(client, "not-the-password", NEW_PASSWORD).content.decode()
    assert "旧密码不正确" in page or "当前密码不正确" in page
    assert can_log_in("officer_a", PASSWORD)


def test_weak_new_password_is_refused_in_chinese(officer_user_a):
    client = log_in("officer_a", PASSWORD)
    page = change(client, PASSWORD, "12345678").content.decode()
    assert "密码过短" in page
    assert can_log_in("officer_a", PASSWORD)


def reset_in_admin(admin_client, user) -> str:
    """The admin action: confirm, then read the temporary password off the page."""
    data = {"action": "reset_passwords", "_selected_action": [user.pk]}
    confirm = admin_client.post("/admin/org/user/", data)
    assert "每个账户将获得一个随机临时密码" in confirm.content.decode()
    done = admin_client.post("/admin/org/user/", data | {"apply": "1"})
    assert "no-store" in done.headers["Cache-Control"]
    page = done.content.decode()
    return re.search(rf"<td>{user.username}</td><td><code>([^<]+)</code>", page).group(1)


def test_admin_reset_forces_a_change_at_first_login(admin_user, officer_user_a, client_for):
    temporary = reset_in_admin(client_for(admin_user), officer_user_a)
    assert len(temporary) == 19  # four groups of four, about 80 bits
    assert not can_log_in("officer_a", PASSWORD)
    client = log_in("officer_a", temporary)
    for path in ["/workbench/", "/workbench/cases/", "/"]:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(CHANGE), path
    assert "管理员为此账户设置了临时密码" in client.get(CHANGE).content.decode()
    assert change(client, temporary, NEW_PASSWORD).status_code == 302
    assert client.get("/workbench/").status_code == 200
    assert not User.objects.get(username="officer_a").must_change_password
    # The administrator's knowledge is worthless now.
    assert not can_log_in("officer_a", temporary)
    assert LedgerEvent.objects.filter(kind=EventKind.USER_PASSWORD_RESET,
                                      subject_id=str(officer_user_a.pk)).exists()


def test_password_set_in_the_admin_is_temporary_too(admin_user, officer_user_a, client_for):
    admin = client_for(admin_user)
    response = admin.post(f"/admin/org/user/{officer_user_a.pk}/password/",
                          {"password1": "Admin-Chosen-2026!", "password2": "Admin-Chosen-2026!"})
    assert response.status_code == 302
    client = log_in("officer_a", "Admin-Chosen-2026!")
    assert client.get("/workbench/").url.startswith(CHANGE)


def test_forced_change_comes_after_the_second_factor(head_user_a, admin_user, client_for):
    client_for(head_user_a)  # the head has enrolled an authenticator
    temporary = reset_in_admin(client_for(admin_user), head_user_a)
    client = log_in("head_a", temporary)
    # The temporary password alone (known to the administrator) opens nothing: first the code.
    assert client.get("/workbench/").url.startswith("/accounts/second-factor/")
    assert client.get(CHANGE).url.startswith("/accounts/second-factor/")


def test_reset_second_factor_makes_the_holder_enrol_again(admin_user, head_user_a, client_for):
    client_for(head_user_a)  # enrolled
    admin = client_for(admin_user)
    data = {"action": "reset_second_factor", "_selected_action": [head_user_a.pk]}
    admin.post("/admin/org/user/", data)
    assert "已重置二次验证" in admin.post("/admin/org/user/",
                                       data | {"apply": "1"}).content.decode()
    client = log_in("head_a", PASSWORD)
    assert client.get("/workbench/").url.startswith("/accounts/second-factor/enrol/")
    assert LedgerEvent.objects.filter(kind=EventKind.USER_SECOND_FACTOR_RESET).exists()
