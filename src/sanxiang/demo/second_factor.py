"""The demo's authenticators: privileged demo accounts are enrolled with known secrets.

The 机关负责人, 法制审核人员, 监督人员 and 系统管理员 need a second factor (see
``sanxiang.org.second_factor``). So that the demo stays a two-minute affair, each of their
demo accounts is enrolled — through the same actions as a person at the enrolment page —
with a secret derived from its user name. ``sanxiang demo`` prints the secrets (to add to
any authenticator app) and ``sanxiang demo-code`` prints the current codes. Demo only: these
secrets are public.
"""

import hashlib
import time
from base64 import b32encode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.org import actions, second_factor


def demo_key(username: str) -> str:
    """20 bytes, hex, the same for the same user name on every machine."""
    return hashlib.sha1(f"sanxiang-demo-totp/{username}".encode()).hexdigest()  # noqa: S324


def code_for_key(hex_key: str, *, at: float | None = None) -> str:
    totp = TOTP(bytes.fromhex(hex_key), step=30, t0=0, digits=6)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def enrol(users) -> None:
    """Enrol every user whose role requires a second factor, unless enrolled already."""
    for user in users:
        if not second_factor.required_for(user) or second_factor.has_device(user):
            continue
        device = actions.start_totp_enrolment(user=user, acting_user=user,
                                              key=demo_key(user.username))
        actions.confirm_totp_device(device=device, acting_user=user,
                                    token=code_for_key(device.key))


def secret_text(username: str) -> str:
    text = b32encode(bytes.fromhex(demo_key(username))).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def current_codes(usernames=None) -> list[tuple[str, str, int]]:
    """(username, current code, seconds it stays valid) of enrolled demo accounts."""
    devices = TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by(
        "user__username")
    if usernames:
        devices = devices.filter(user__username__in=usernames)
    now = time.time()
    left = 30 - int(now) % 30
    return [(d.user.username, code_for_key(d.key, at=now), left) for d in devices]
