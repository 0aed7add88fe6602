"""What a cached public page and an officer search cost, and that they still say the same
(docs/adr/0038-portal-cache-hit-cost.md).

A page cache hit reads the areas' versions in one written-out query and nothing else; the
home page (no data of any area) is cached too; the officer search and the officers API read
their rows with one written-out statement (``org.public_rows.officers_page``) that must
select exactly what the ORM's did: officers in service only, a name prefix taken
literally, every officer once when paging.
"""

import gc
import re

from conftest import qualified_officer
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanxiang.core import public_cache
from sanxiang.org import actions


def test_a_cache_hit_runs_one_query_and_keeps_the_headers(page_cache, client, officer_a1):
    url = f"/officers/?body={officer_a1.body.credit_code}"
    miss = client.get(url)
    assert miss[public_cache.CACHE_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url)
    assert hit[public_cache.CACHE_HEADER] == "hit"
    assert len(queries) == 1 and "version" in queries[0]["sql"].lower()
    assert hit.content == miss.content
    shown = {k: v for k, v in miss.items() if k != public_cache.CACHE_HEADER}
    assert {k: v for k, v in hit.items() if k != public_cache.CACHE_HEADER} == shown
    assert "Content-Security-Policy" in shown


def test_the_home_page_is_cached_without_a_query(page_cache, client, db):
    first = client.get("/")
    assert first.status_code == 200 and first[public_cache.CACHE_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/")
    assert again[public_cache.CACHE_HEADER] == "hit" and again.content == first.content
    assert len(queries) == 0
    # The text size the visitor chose is part of the key.
    client.cookies["sx_text"] = "large"
    large = client.get("/")
    assert large[public_cache.CACHE_HEADER] == "miss" and b"text-large" in large.content


def names_listed(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [officer["name"] for officer in response.json()["items"]]


def test_name_prefix_is_taken_literally_R_ORG_06(client, fields, body_a):
    qualified_officer(body_a, "王小明", ["AQSC"], "13010201101")
    qualified_officer(body_a, "王_明", ["AQSC"], "13010201102")
    assert names_listed(client, "/api/org/officers", q="王_") == ["王_明"]
    assert names_listed(client, "/api/org/officers", q="%") == []
    assert names_listed(client, "/api/org/officers", q="王%") == []
    html = client.get("/officers/", {"q": "王_"}).content.decode()
    assert "王_明" in html and "王小明" not in html


def test_officers_who_left_are_not_listed_R_ORG_06(client, fields, body_a, body_b):
    staying = qualified_officer(body_a, "李静", ["AQSC"], "13010201201")
    leaving = qualified_officer(body_a, "李强", ["AQSC"], "13010201202")
    qualified_officer(body_b, "李华", ["AQSC"], "13010201203")
    actions.officer_leaves(officer=leaving, acting_user=None, on=timezone.localdate(),
                           reason="调离执法岗位")
    assert names_listed(client, f"/api/org/officers?body={body_a.credit_code}") == ["李静"]
    assert names_listed(client, "/api/org/officers?q=13010201202") == []
    assert names_listed(client, f"/api/org/officers?q={staying.certificates.get().number}"
                        ) == ["李静"]
    html = client.get("/officers/", {"body": body_a.credit_code, "q": "李"}).content.decode()
    assert "李静" in html and "李强" not in html and "李华" not in html


def test_paging_lists_every_officer_once_R_ORG_06(client, fields, body_a):
    made = [qualified_officer(body_a, "赵" + "甲乙丙"[n % 3], ["AQSC"], f"130102013{n:02d}")
            for n in range(45)]
    whole = client.get("/api/org/officers", {"q": "赵", "limit": 200}).json()
    assert whole["next"] is None
    assert sorted(o["certificate_number"] for o in whole["items"]) == sorted(
        o.certificates.get().number for o in made)
    seen, after = [], ""
    while True:
        page = client.get("/api/org/officers",
                          {"q": "赵", "limit": 20, **({"after": after} if after else {})}).json()
        seen += page["items"]
        if not page["next"]:
            break
        after = page["next"]
    assert seen == whole["items"]  # the same officers in the same order, none twice
    # The portal's pages resume after the last officer shown (its id).
    numbers, after = [], ""
    while True:
        html = client.get("/officers/", {"q": "赵", **({"after": after} if after else {})}
                          ).content.decode()
        numbers += re.findall(r'href="/officers/(\d+)/"', html)
        if 'rel="next"' not in html:
            break
        after = re.search(r'after=(\d+)" rel="next"', html)[1]
    assert numbers == [o["certificate_number"] for o in whole["items"]]


def test_the_web_process_freezes_what_it_loaded_at_start():
    """The objects the views' import leaves are kept out of every full collection (the
    190 ms pauses that made the slowest requests)."""
    import sanxiang.wsgi  # noqa: F401

    assert gc.get_freeze_count() > 0
