"""The account actions behind the pages: passwords and the second factor, with the same
walls for the admin, the demo and any other caller."""

import pytest
from conftest import PASSWORD, enrol_authenticator, totp_code
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions, second_factor
from sanxiang.org.models import User


@pytest.mark.parametrize("persona,required", [
    ("admin_user", True), ("head_user_a", True), ("reviewer_user_a", True),
    ("supervisor_user", True), ("officer_user_a", False), ("clerk_user_a", False)])
def test_second_factor_is_required_exactly_for_the_privileged_roles(request, persona, required):
    assert second_factor.required_for(request.getfixturevalue(persona)) is required


def test_admin_reset_gives_a_temporary_password_to_be_changed(admin_user, officer_user_a):
    user, temporary = actions.reset_password(user=officer_user_a, acting_user=admin_user)
    assert user.must_change_password and user.check_password(temporary)
    assert not user.check_password(PASSWORD)
    event = LedgerEvent.objects.filter(kind=EventKind.USER_PASSWORD_RESET).latest("seq")
    assert temporary not in str(event.payload) and user.password not in str(event.payload)
    changed = actions.change_own_password(user=user, acting_user=user,
                                          old_password=temporary,
                                          new_password="Own-Choice-2026-abc")
    assert not User.objects.get(pk=changed.pk).must_change_password


def test_nobody_but_an_administrator_resets_a_password(officer_user_a, officer_user_b,
                                                       clerk_user_a):
    for actor in (officer_user_b, clerk_user_a):
        with pytest.raises(PermissionDenied):
            actions.reset_password(user=officer_user_a, acting_user=actor)
    with pytest.raises(PermissionDenied):
        actions.set_password(user=officer_user_a, acting_user=officer_user_b,
                             password="Someone-Else-2026")
    assert User.objects.get(pk=officer_user_a.pk).check_password(PASSWORD)


def test_own_change_needs_the_current_password(officer_user_a):
    with pytest.raises(RuleViolation) as refused:
        actions.change_own_password(user=officer_user_a, acting_user=officer_user_a,
                                    old_password="not-it", new_password="New-Password-2026")
    assert refused.value.message == "当前密码不正确。"


def test_nobody_enrols_or_confirms_an_authenticator_for_someone_else(head_user_a, admin_user):
    with pytest.raises(PermissionDenied):
        actions.start_totp_enrolment(user=head_user_a, acting_user=admin_user)
    device = actions.start_totp_enrolment(user=head_user_a, acting_user=head_user_a)
    with pytest.raises(PermissionDenied):
        actions.confirm_totp_device(device=device, acting_user=admin_user,
                                    token=totp_code(device))
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


def test_enrolment_needs_the_code_of_the_secret(head_user_a):
    device = actions.start_totp_enrolment(user=head_user_a, acting_user=head_user_a)
    for token in ["", "abcdef", "１２３４５６", "99999999999"]:
        with pytest.raises(RuleViolation):
            actions.confirm_totp_device(device=device, acting_user=head_user_a, token=token)
    assert not second_factor.has_device(head_user_a)


def test_second_factor_reset_only_by_an_administrator(head_user_a, officer_user_a, admin_user):
    enrol_authenticator(head_user_a)
    with pytest.raises(PermissionDenied):
        actions.reset_second_factor(user=head_user_a, acting_user=officer_user_a)
    assert second_factor.has_device(head_user_a)
    actions.reset_second_factor(user=head_user_a, acting_user=admin_user)
    assert not second_factor.has_device(head_user_a)
