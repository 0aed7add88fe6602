"""Cached public pages are retired by the actions that change them (issue 17, item 1).

The page cache is on here (the test profile has it off for every other test): each page is
read twice to see it served from the cache, then an action changes what it shows, and the
very next read must show the change on every page at once.
"""

import json
from datetime import timedelta

import pytest
from conftest import qualified_officer
from django.utils import timezone

from disclosure.test_public_pages import make_disclosure, publish, withdraw
from sanxiang.core import public_cache
from sanxiang.core.models import PublicVersion
from sanxiang.org import actions as org_actions


@pytest.fixture(autouse=True)
def _cache_on(page_cache):
    """Every test here with the page cache on (``page_cache`` in tests/conftest.py)."""
    yield


@pytest.fixture
def case_a(body_a, officer_a1, officer_a2):
    from cases.factories import make_case

    return make_case(body_a, [officer_a1, officer_a2], days_ago=30)


def get(client, url, **params):
    response = client.get(url, params)
    text = response.content.decode("utf-8-sig")
    if response.get("Content-Type", "").startswith("application/json") and text:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return response.status_code, response.get(public_cache.CACHE_HEADER), text


def warm(client, url, **params) -> str:
    """Read a page twice; the second answer must come from the cache."""
    status, source, text = get(client, url, **params)
    assert (status, source) == (200, "miss"), url
    again = get(client, url, **params)
    assert again == (200, "hit", text), url
    return text


PARTY = "滹阳县宏达化工有限公司"


def test_withdrawal_leaves_every_cached_page_at_once_R_PUB_06(client, case_a,
                                                               clerk_user_a):
    decision = publish(make_disclosure(case_a, party_name=PARTY), clerk_user_a)
    pages = {
        "list": ("/decisions/", {}),
        "party": ("/decisions/", {"party": "滹阳县宏"}),
        "code": ("/decisions/", {"code": decision.party_code}),
        "csv": ("/decisions/results.csv", {"party": "滹阳"}),
        "page": (f"/decisions/{decision.pk}/", {}),
        "text": (f"/decisions/{decision.pk}/text.txt", {}),
        "proof": (f"/decisions/{decision.pk}/proof.json", {}),
        "withdrawn": ("/decisions/withdrawn/", {}),
    }
    before = {name: warm(client, url, **params) for name, (url, params) in pages.items()}
    for name in ("list", "party", "code", "csv"):
        assert decision.document_number in before[name], name
    assert decision.document_number not in before["withdrawn"]

    withdraw(decision, clerk_user_a, "复议决定撤销原处罚决定")

    after = {name: get(client, url, **params) for name, (url, params) in pages.items()}
    for name in ("list", "party", "code", "csv", "page", "withdrawn"):
        assert after[name][:2] == (200, "miss"), name
    for name in ("list", "party", "code", "csv"):
        assert decision.document_number not in after[name][2], name
    assert "复议决定撤销原处罚决定" in after["page"][2]
    assert "复议决定撤销原处罚决定" in after["withdrawn"][2]
    # The text and the proof of a withdrawn decision are gone, not served from the cache.
    assert after["text"][0] == 404 and after["proof"][0] == 404


def test_publication_appears_on_cached_lists_at_once_R_PUB_04(client, case_a, clerk_user_a):
    first = publish(make_disclosure(case_a, number="冀应急罚〔2026〕1号"), clerk_user_a)
    text = warm(client, "/decisions/", party="滹阳")
    assert first.document_number in text
    second = publish(make_disclosure(case_a, number="冀应急罚〔2026〕2号"), clerk_user_a)
    status, source, text = get(client, "/decisions/", party="滹阳")
    assert (status, source) == (200, "miss")
    assert second.document_number in text


def test_officer_leaving_leaves_cached_register_pages_R_ORG_06(client, officer_a1, body_a):
    number = officer_a1.certificates.get().number
    search = ("/officers/", {"q": officer_a1.name[:1]})
    body_list = ("/officers/", {"body": body_a.credit_code})
    api = ("/api/org/officers", {"body": body_a.credit_code})
    for url, params in (search, body_list, api):
        assert officer_a1.name in warm(client, url, **params)
    page = warm(client, f"/officers/{number}/")

    org_actions.officer_leaves(officer=officer_a1, acting_user=None,
                               on=timezone.localdate(), reason="调离执法岗位")

    for url, params in (search, body_list, api):
        status, source, text = get(client, url, **params)
        assert (status, source) == (200, "miss"), url
        assert officer_a1.name not in text, url
    status, source, text = get(client, f"/officers/{number}/")
    assert (status, source) == (200, "miss") and text != page


def test_a_new_officer_retires_the_body_page_once_per_write_R_ORG_06(client, body_a, fields):
    warm(client, "/officers/", body=body_a.credit_code)
    version = PublicVersion.objects.get(area=public_cache.REGISTER).version
    qualified_officer(body_a, "赵敏", ["AQSC"], "13010201099")
    assert PublicVersion.objects.get(area=public_cache.REGISTER).version > version
    status, source, text = get(client, "/officers/", body=body_a.credit_code)
    assert (status, source) == (200, "miss") and "赵敏" in text


def test_signed_in_visitors_and_forms_are_not_cached(client_for, clerk_user_a, case_a):
    publish(make_disclosure(case_a), clerk_user_a)
    staff = client_for(clerk_user_a)
    for _ in range(2):
        response = staff.get("/decisions/")
        assert response.status_code == 200
        assert public_cache.CACHE_HEADER not in response
    # Complaint forms carry a CSRF token: never in the cache.
    assert public_cache.areas_of("/complaints/") is None
    assert public_cache.areas_of("/catalogues/manage/") is None


def test_versions_never_repeat_after_a_restore(db):
    """A version is at least the time in microseconds: a restored (older) database does not
    bring back the versions under which a shared cache kept pages since."""
    public_cache.bump(public_cache.DECISIONS)
    first = PublicVersion.objects.get(area=public_cache.DECISIONS).version
    PublicVersion.objects.filter(area=public_cache.DECISIONS).update(version=1)  # "restored"
    public_cache.bump(public_cache.DECISIONS)
    assert PublicVersion.objects.get(area=public_cache.DECISIONS).version >= first


def test_the_day_is_part_of_the_key_R_ORG_06(client, officer_a1, monkeypatch):
    """A certificate's validity changes with the date, without any write."""
    url = f"/officers/{officer_a1.certificates.get().number}/"
    warm(client, url)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(public_cache.timezone, "localdate", lambda: tomorrow)
    assert get(client, url)[:2] == (200, "miss")


@pytest.fixture
def redis_cache(settings, tmp_path):
    """A real Redis server on a free port, as production's shared cache."""
    import shutil
    import socket
    import subprocess
    import time

    pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        settings.CACHES = {"default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0"}}
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_withdrawal_leaves_pages_cached_in_redis_R_PUB_06(redis_cache, client, case_a,
                                                          clerk_user_a):
    """Production's shared cache: the same retirement, whichever web worker cached a page."""
    decision = publish(make_disclosure(case_a, party_name=PARTY), clerk_user_a)
    assert decision.document_number in warm(client, "/decisions/", party="滹阳")
    assert redis_cache.dbsize() > 0  # the page is held by Redis, not by this process
    withdraw(decision, clerk_user_a, "复议决定撤销原处罚决定")
    status, source, text = get(client, "/decisions/", party="滹阳")
    assert (status, source) == (200, "miss")
    assert decision.document_number not in text
