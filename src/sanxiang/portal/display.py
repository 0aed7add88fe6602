"""Display preferences that work without script: a link sets a cookie and comes back."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

TEXT_SIZE_COOKIE = "sx_text"
ONE_YEAR = 365 * 24 * 3600


@require_safe
def text_size(request):
    """Switch large text (适老化) on or off, then return to the page the user was on."""
    size = request.GET.get("size", "normal")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if size == "large":
        response.set_cookie(TEXT_SIZE_COOKIE, "large", max_age=ONE_YEAR, samesite="Lax",
                            secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response
