"""Accounts and roles: who may create them, what each role needs, the ledger trail."""

import json

import pytest

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.ledger.entries import history
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions
from sanxiang.org.models import User
from sanxiang.org.roles import Role, roles_of

PASSWORD = "Another-Test-Pass-2026"

pytestmark = pytest.mark.django_db


def make(acting_user, **overrides):
    args = dict(username="new_user", password=PASSWORD, full_name="新用户", roles=[Role.CLERK])
    args.update(overrides)
    return actions.create_user(acting_user=acting_user, **args)


def test_create_user_with_roles_and_ledger_event(admin_user, body_a):
    user = make(admin_user, body=body_a, roles=[Role.CLERK, Role.HEAD])
    assert roles_of(User.objects.get(pk=user.pk)) == {Role.CLERK, Role.HEAD}
    assert user.get_full_name() == "新用户" and user.check_password(PASSWORD)
    assert not user.is_staff
    event = history(user).last()
    assert event.kind == EventKind.USER_CREATED and event.actor_id == admin_user.pk
    payload = json.loads(event.payload)
    assert payload["roles"] == ["clerk", "head"]
    assert PASSWORD not in event.payload and "md5" not in event.payload


def test_administrator_accounts_are_staff(admin_user):
    assert admin_user.is_staff and not admin_user.is_superuser


@pytest.mark.parametrize(("overrides", "fragment"), [
    ({"roles": [Role.OFFICER]}, "执法人员档案"),
    ({"roles": [Role.CLERK]}, "须指定所属执法主体"),
    ({"roles": [Role.SUPERVISOR]}, "监督人员须填写"),
    ({"roles": [Role.SUPERVISOR], "jurisdiction": "99"}, "监督辖区"),
    ({"roles": ["mayor"]}, "未知角色"),
    ({"password": "123"}, "密码"),
    ({"full_name": ""}, "请填写姓名"),
])
def test_account_rules(admin_user, overrides, fragment):
    with pytest.raises(RuleViolation) as caught:
        make(admin_user, **overrides)
    assert fragment in caught.value.message
    assert not User.objects.filter(username="new_user").exists()


def test_reviewer_role_needs_a_reviewer_officer(admin_user, officer_a2, reviewer_officer_a):
    with pytest.raises(RuleViolation) as caught:
        make(admin_user, roles=[Role.REVIEWER], officer=officer_a2)
    assert "未登记为法制审核人员" in caught.value.message
    make(admin_user, roles=[Role.REVIEWER], officer=reviewer_officer_a)


def test_officer_must_belong_to_the_body_and_have_one_account(admin_user, officer_user_a,
                                                              officer_a2, body_b):
    with pytest.raises(RuleViolation) as caught:
        make(admin_user, roles=[Role.OFFICER], officer=officer_a2, body=body_b)
    assert "不属于" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        make(admin_user, roles=[Role.OFFICER], officer=officer_user_a.officer)
    assert "已有账号" in caught.value.message


def test_user_names_are_unique_ignoring_case(admin_user, officer_user_a):
    with pytest.raises(RuleViolation) as caught:
        make(admin_user, username="OFFICER_A", roles=[])
    assert "已被使用" in caught.value.message


def test_body_administrator_grants_only_body_roles_in_own_body(body_a, body_b):
    body_admin = make(None, username="admin_a", roles=[Role.ADMIN], body=body_a)
    make(body_admin, username="clerk2", body=body_a)
    with pytest.raises(PermissionDenied):
        make(body_admin, username="clerk3", body=body_b)
    with pytest.raises(PermissionDenied):
        make(body_admin, username="admin2", body=body_a, roles=[Role.ADMIN])
    with pytest.raises(PermissionDenied):
        make(body_admin, username="sup", roles=[Role.SUPERVISOR], jurisdiction="13")


@pytest.mark.parametrize("persona", ["officer_user_a", "head_user_a", "supervisor_user"])
def test_other_roles_cannot_manage_accounts(request, persona, body_a, clerk_user_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        make(user, body=body_a)
    with pytest.raises(PermissionDenied):
        actions.set_roles(user=clerk_user_a, acting_user=user, roles=[Role.HEAD])
    with pytest.raises(PermissionDenied):
        actions.deactivate_user(user=clerk_user_a, acting_user=user)


def test_set_roles_records_before_and_after(admin_user, clerk_user_a):
    actions.set_roles(user=clerk_user_a, acting_user=admin_user, roles=[Role.CLERK, Role.HEAD])
    assert roles_of(User.objects.get(pk=clerk_user_a.pk)) == {Role.CLERK, Role.HEAD}
    event = history(clerk_user_a).last()
    assert event.kind == EventKind.USER_ROLES_CHANGED
    assert json.loads(event.payload)["before"] == ["clerk"]
    assert json.loads(event.payload)["after"] == ["clerk", "head"]


def test_granting_admin_makes_staff_and_an_admin_keeps_their_own_role(admin_user, clerk_user_a):
    actions.set_roles(user=clerk_user_a, acting_user=admin_user, roles=[Role.ADMIN])
    clerk_user_a.refresh_from_db()
    assert clerk_user_a.is_staff
    with pytest.raises(RuleViolation):
        actions.set_roles(user=admin_user, acting_user=admin_user, roles=[Role.CLERK])


def test_set_roles_keeps_groups_that_are_not_roles(admin_user, clerk_user_a):
    from django.contrib.auth.models import Group

    extra = Group.objects.create(name="培训小组")
    clerk_user_a.groups.add(extra)
    actions.set_roles(user=clerk_user_a, acting_user=admin_user, roles=[Role.HEAD])
    assert set(clerk_user_a.groups.values_list("name", flat=True)) == {"培训小组", "机关负责人"}


def test_deactivate_user(admin_user, clerk_user_a):
    with pytest.raises(RuleViolation):
        actions.deactivate_user(user=admin_user, acting_user=admin_user)
    actions.deactivate_user(user=clerk_user_a, acting_user=admin_user)
    assert not clerk_user_a.is_active
    assert history(clerk_user_a).last().kind == EventKind.USER_DEACTIVATED
    with pytest.raises(RuleViolation):
        actions.deactivate_user(user=clerk_user_a, acting_user=admin_user)


def test_update_user_and_set_password(admin_user, head_user_a, body_b):
    actions.update_user(user=head_user_a, acting_user=admin_user, full_name="孙局长",
                        email="head@example.cn")
    assert head_user_a.get_full_name() == "孙局长"
    assert history(head_user_a).last().kind == EventKind.USER_UPDATED
    actions.set_password(user=head_user_a, acting_user=admin_user, password="Another-Pass-2026")
    head_user_a.refresh_from_db()
    assert head_user_a.check_password("Another-Pass-2026")
    event = history(head_user_a).last()
    assert event.kind == EventKind.USER_PASSWORD_SET
    assert "Another" not in event.payload and head_user_a.password not in event.payload
    with pytest.raises(RuleViolation):
        actions.set_password(user=head_user_a, acting_user=head_user_a, password="short")
