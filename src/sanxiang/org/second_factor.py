"""Who needs a second factor, and whether a session has given it (TOTP, django-otp).

Required for the roles that decide, review, supervise or administer: 系统管理员, 机关负责人,
法制审核人员 and 监督人员 (and superusers). Optional for the others: whoever has enrolled
a device is asked for its code like everyone else.

A session passes when django-otp's middleware found the device that verified it
(``request.user.is_verified()``).
"""

from base64 import b32encode

import segno
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.org.roles import Role, roles_of

REQUIRED_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.REVIEWER, Role.SUPERVISOR})


def required_for(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(roles_of(user) & REQUIRED_ROLES)


def has_device(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def is_verified(request) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def outstanding(request) -> str | None:
    """What the signed-in user still owes: "verify", "enrol", or None."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if has_device(user):
        return "verify"
    if required_for(user):
        return "enrol"
    return None


def satisfied(request) -> bool:
    return outstanding(request) is None


def token_digits(token) -> str:
    """The code as typed, spaces removed; anything but ASCII digits (full-width digits, an
    absurd length) becomes "", which never matches."""
    text = "".join(str(token or "").split())
    return text if text.isascii() and text.isdigit() and len(text) <= 8 else ""


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it by hand: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code in a data: URI (the CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
