import shutil
from datetime import date

import pytest
from django.utils import timezone

from sanxiang.core.identifiers import make_credit_code
from sanxiang.org import actions

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def many_officers(fields, body_a):
    """Nine officers of body A, with names repeated so the keyset's tie-break is exercised."""
    today = timezone.localdate()
    officers = []
    names = ["王芳", "王芳", "王芳", "李强", "李强", "张敏", "陈刚", "王芳", "赵丽"]
    for i, name in enumerate(names):
        officer = actions.create_officer(
            acting_user=None, body=body_a, name=name, post="执法队员", field_codes=["AQSC"],
            areas="本辖区", phone=f"1390000{i:04d}",
        )
        actions.issue_certificate(
            officer=officer, acting_user=None, number=f"1301029{i:04d}",
            issued_by="河北省人民政府",
            issued_on=date(today.year - 1, 1, 1), expires_on=date(today.year + 3, 1, 1),
        )
        officers.append(officer)
    return officers


@pytest.fixture
def make_body(db):
    def make(name, region, seed, subject_kind="statutory", entrusting_body=None):
        return actions.create_body(
            acting_user=None, name=name, short_name=name[:6],
            credit_code=make_credit_code(prefix="12" if entrusting_body else "11",
                                         region=region, seed=seed),
            nature="administrative" if not entrusting_body else "institution",
            subject_kind=subject_kind, funding="full", staffing=12,
            legal_representative="钱进", address="某县政务中心", complaint_phone="0311-99999",
            region_code=region, entrusting_body=entrusting_body,
            entrustment_agreement="委托书〔2026〕1号" if entrusting_body else "",
        )

    return make


@pytest.fixture
def browser_page(monkeypatch):
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
