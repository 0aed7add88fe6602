"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright is started per test, not per session: while it runs, the test thread has a
running asyncio loop, and Django refuses synchronous ORM calls in such a thread unless
``DJANGO_ALLOW_ASYNC_UNSAFE`` is set. Keeping both to the test means no other test on the
same xdist worker ever runs with that safety check switched off.
"""

import shutil
import time
from base64 import b32decode

import pytest
from django.db import connections
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.ledger import triggers as ledger_triggers
from sanxiang.org import actions
from sanxiang.org.roles import Role

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TYPED_PASSWORD = "Typed-Password-2026!"


@pytest.fixture(autouse=True)
def _ledger_emptied_before_flush(transactional_db):
    """The live server needs real commits, so the test ends with a flush; the append-only
    ledger triggers would refuse it, so empty the ledger first (triggers stay installed)."""
    yield
    ledger_triggers.clear_for_tests()


@pytest.fixture
def browser_page(monkeypatch):
    """A Chromium page; ``browser_page.set_viewport_size`` for phone sizes."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (./dev test does)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # While Playwright's loop runs in this thread, Django keeps its connections per
            # task, not per thread: the test's own queries opened a session of their own,
            # which nothing would close after the loop stops (on PostgreSQL the test
            # database then cannot be dropped at the end of the run).
            connections.close_all()


@pytest.fixture
def officer_account(officer_a1):
    """Body A's officer 张伟 with an account whose password the test types."""
    actions.create_user(acting_user=None, username="officer_a", password=TYPED_PASSWORD,
                        full_name=officer_a1.name, roles=[Role.OFFICER], officer=officer_a1)
    return "officer_a", TYPED_PASSWORD


def code_now(key: bytes, *, not_at_or_before: int = -1, drift: int = 0) -> str:
    """The authenticator's code. The platform refuses a code twice and accepts one step either
    side of the device's known drift (an app whose clock runs a few seconds ahead), so when
    the current step's code was used, a later step's within that window; waits only when
    none is left."""
    totp = TOTP(key)
    totp.time = time.time()
    while max(totp.t(), not_at_or_before + 1) > totp.t() + drift + 1:
        time.sleep(1)
        totp.time = time.time()
    step = max(totp.t(), not_at_or_before + 1)
    totp.time = step * totp.step + totp.t0
    return f"{totp.token():06d}"


def pass_second_factor(page, username):
    """After the password: enrol an authenticator (reading the key off the page, as a person
    types it into the app) or give the enrolled one's current code."""
    page.wait_for_load_state()
    if "/accounts/second-factor/enrol/" in page.url:
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        page.get_by_label("验证码").fill(code_now(b32decode(secret)))
        page.get_by_role("button", name="登记").click()
    elif "/accounts/second-factor/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("验证码").fill(code_now(device.bin_key, drift=device.drift,
                                                  not_at_or_before=device.last_t))
        page.get_by_role("button", name="验证").click()
    else:
        return
    page.wait_for_url(lambda url: "/accounts/second-factor/" not in url)
    page.wait_for_load_state()
