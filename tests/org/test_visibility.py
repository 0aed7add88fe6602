"""Permissions are querysets: what each persona sees of bodies, officers and accounts."""

import pytest

from sanxiang.org import actions
from sanxiang.org.models import Body, Officer, User
from sanxiang.org.roles import Role

PASSWORD = "Another-Test-Pass-2026"

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(officer_user_a, officer_user_b, reviewer_user_a, head_user_a, clerk_user_a,
             supervisor_user, admin_user, officer_a2):
    return {
        "officer_user_a": officer_user_a, "officer_user_b": officer_user_b,
        "reviewer_user_a": reviewer_user_a, "head_user_a": head_user_a,
        "clerk_user_a": clerk_user_a, "supervisor_user": supervisor_user,
        "admin_user": admin_user,
    }


def names(queryset):
    return set(queryset.values_list("name", flat=True))


A = "石家庄市长安区应急管理局"
B = "石家庄市桥西区市场监督管理局"


@pytest.mark.parametrize(("persona", "bodies"), [
    ("officer_user_a", {A}), ("reviewer_user_a", {A}), ("head_user_a", {A}),
    ("clerk_user_a", {A}), ("officer_user_b", {B}), ("supervisor_user", {A, B}),
    ("admin_user", {A, B}),
])
def test_bodies_visible_to_each_persona(everyone, persona, bodies):
    assert names(Body.objects.visible_to(everyone[persona])) == bodies


def test_officer_of_body_a_cannot_see_body_b_officers(everyone, officer_b1):
    visible = Officer.objects.visible_to(everyone["officer_user_a"])
    assert officer_b1 not in visible
    assert names(visible) == {"张伟", "刘洋", "赵敏"}
    assert names(Officer.objects.visible_to(everyone["officer_user_b"])) == {"陈静"}


@pytest.mark.parametrize(("persona", "count"), [
    ("officer_user_a", 3), ("head_user_a", 3), ("officer_user_b", 1), ("supervisor_user", 4),
    ("admin_user", 4),
])
def test_officers_visible_to_each_persona(everyone, persona, count):
    assert Officer.objects.visible_to(everyone[persona]).count() == count


def test_accounts_visible_to_each_persona(everyone):
    a_accounts = {"officer_a", "reviewer_a", "head_a", "clerk_a"}
    seen = set(User.objects.visible_to(everyone["clerk_user_a"]).values_list("username",
                                                                             flat=True))
    assert seen == a_accounts
    assert set(User.objects.visible_to(everyone["supervisor_user"]).values_list(
        "username", flat=True)) == a_accounts | {"officer_b"}


def test_supervisor_outside_the_jurisdiction_sees_nothing(everyone):
    other = actions.create_user(acting_user=None, username="sup_other", password=PASSWORD,
                                full_name="外地监督", roles=[Role.SUPERVISOR], jurisdiction="1302")
    assert not Body.objects.visible_to(other).exists()
    assert not Officer.objects.visible_to(other).exists()


def test_body_administrator_sees_only_own_body(everyone, body_a):
    body_admin = actions.create_user(acting_user=None, username="admin_a", password=PASSWORD,
                                     full_name="单位管理员", roles=[Role.ADMIN], body=body_a)
    assert names(Body.objects.visible_to(body_admin)) == {A}


def test_inactive_and_anonymous_users_see_nothing(everyone, admin_user):
    from django.contrib.auth.models import AnonymousUser

    actions.deactivate_user(user=everyone["clerk_user_a"], acting_user=admin_user)
    assert not Body.objects.visible_to(everyone["clerk_user_a"]).exists()
    assert not Officer.objects.visible_to(AnonymousUser()).exists()
