"""The account's own pages: the second factor (code, enrolment) and the password.

Reached through ``account_gate`` after the password: the views check their own
preconditions too, so none of them opens a way around another step.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import verify_token

from sanxiang.core.errors import RuleViolation
from sanxiang.org import actions, second_factor


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _step(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': _next(request)})}")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Verification code"), max_length=12,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code",
                                      "inputmode": "numeric", "pattern": "[0-9 ]*"}))


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code from the enrolled authenticator, after the password."""
    if second_factor.is_verified(request):
        return redirect(_next(request))
    devices = list(second_factor.confirmed_devices(request.user))
    if not devices:
        return _step("account_enrol", request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = second_factor.token_digits(form.cleaned_data["token"])
        for device in devices:
            verified = verify_token(request.user, device.persistent_id, token)
            if verified is not None:
                otp_login(request, verified)
                return redirect(_next(request))
        allowed, detail = devices[0].verify_is_allowed()
        if not allowed and detail and detail.get("locked_until"):
            form.add_error("token", _("Too many wrong codes: please wait a little and try "
                                      "again."))
        else:
            form.add_error("token", _("The code is not correct. Enter the six digits the "
                                      "authenticator app shows now."))
    return render(request, "registration/second_factor.html",
                  {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Add an authenticator app: scan the QR code (or type the key), then give a code."""
    user = request.user
    if second_factor.has_device(user):
        if not second_factor.is_verified(request):
            return _step("account_verify", request)
        messages.info(request, _("An authenticator is already enrolled. If it is lost, ask "
                                 "the system administrator to reset the second factor."))
        return redirect(_next(request))
    device = actions.start_totp_enrolment(user=user, acting_user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = actions.confirm_totp_device(device=device, acting_user=user,
                                                    token=form.cleaned_data["token"])
        except RuleViolation as violation:
            form.add_error("token", violation.message)
        else:
            otp_login(request, confirmed)
            messages.success(request, _("The authenticator is enrolled. From now on the "
                                        "login asks for its code."))
            return redirect(_next(request))
    return render(request, "registration/enrol.html", {
        "form": form, "next": _next(request), "required": second_factor.required_for(user),
        "qr": second_factor.qr_data_uri(device), "secret": second_factor.secret_text(device),
    })


class OwnPasswordForm(PasswordChangeForm):
    """Django's form for the fields and messages; the action does the change."""

    def save(self, commit=True):
        return actions.change_own_password(
            user=self.user, acting_user=self.user,
            old_password=self.cleaned_data["old_password"],
            new_password=self.cleaned_data["new_password1"])


@login_required
@require_http_methods(["GET", "POST"])
def password(request):
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except RuleViolation as violation:
            field = violation.details.get("field")
            form.add_error(field if field in form.fields else None, violation.message)
        else:
            # The session stays signed in (and keeps its second factor) with the new hash.
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect(_next(request))
    return render(request, "registration/password_change.html", {
        "form": form, "next": _next(request), "forced": request.user.must_change_password})
