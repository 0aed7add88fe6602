"""Nothing but the next step for a signed-in user who still owes one.

After the password, a session must give the second factor (``org.second_factor``): a code
from the enrolled authenticator, or — for a privileged role without one — the enrolment
itself, before anything else. Then an account whose password an administrator set must
choose its own. Every other page, the admin and the API included, answers with a redirect
to that step (the API with a JSON 403): this covers the whole site, not a list of views.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sanxiang.org import second_factor

# Pages reachable in any state: signing in and out, and the static files they need.
OPEN_PREFIXES = ("/static/", "/favicon")


def _step_urls():
    return {
        "verify": reverse("account_verify"),
        "enrol": reverse("account_enrol"),
        "password": reverse("account_password"),
    }


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        path = request.path
        if path.startswith(OPEN_PREFIXES) or path in {reverse("login"), reverse("logout")}:
            return self.get_response(request)
        steps = _step_urls()
        owed = second_factor.outstanding(request)
        if owed is None and request.user.must_change_password:
            owed = "password"
        if owed is None or path == steps[owed]:
            return self.get_response(request)
        if path.startswith("/api/"):
            return JsonResponse({"code": "ACCOUNT_STEP", "message": _(
                "Finish signing in on the web page first (second factor or a new password).")},
                status=403)
        return redirect(f"{steps[owed]}?{urlencode({'next': request.get_full_path()})}")
