"""Every public address is cached by the page cache or listed as never cached with its
reason (issue 17: every public page and open-data endpoint at province scale; ADR 0050).
A new public route that is neither fails here, so it cannot slip past the cache unseen."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sanxiang.core import public_cache

# Staff and account areas: never anonymous, never cached (sessions or Authorization).
STAFF = ("workbench/", "admin/", "accounts/", "api/cases/", "api/review/", "api/todo",
         "api/discretion/", "api/assist/", "catalogues/manage/")
# Redirects (a 200 is all the cache keeps): the API's root to its documentation, the
# favicon to the static file.
REDIRECTS = {"/api/", "/favicon.ico"}
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x/y"}


def public_paths(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from public_paths(entry, pattern)
        elif isinstance(entry, URLPattern) and not pattern.startswith(STAFF):
            yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m[1] or "str"], pattern)


def test_every_public_route_is_cached_or_says_why_not_R_PUB_09():
    paths = sorted(set(public_paths()))
    assert "/statistics/" in paths and "/decisions/1/" in paths
    assert "/api/inspections/results" in paths
    uncached = [p for p in paths if public_cache.areas_of(p) is None and p not in REDIRECTS
                and not p.startswith(tuple(public_cache.NEVER))]
    assert uncached == []
    # What is never cached is never cached, whatever rule a prefix would otherwise match.
    for path in public_cache.NEVER:
        assert public_cache.areas_of(path) is None, path


@pytest.mark.parametrize("path,areas", [
    ("/statistics/", (public_cache.STATISTICS, public_cache.REGISTER)),
    ("/statistics/x/2025.pdf", (public_cache.STATISTICS, public_cache.REGISTER)),
    ("/ledger/checkpoint", (public_cache.CHECKPOINTS,)),
    ("/ledger/checkpoints.json", (public_cache.CHECKPOINTS,)),
    ("/api/inspections/results", (public_cache.INSPECTIONS, public_cache.REGISTER)),
])
def test_areas_of_the_pages_cached_in_adr_0050(path, areas):
    assert public_cache.areas_of(path) == areas


@pytest.mark.django_db
def test_a_new_checkpoint_shows_on_the_cached_note_at_once_R_REC_09(client, page_cache,
                                                                     body_a):
    """The signed note (/ledger/checkpoint) is cached now; a new checkpoint retires it in
    the transaction that stores it."""
    from sanxiang.ledger import checkpoints
    from sanxiang.org import actions as org_actions

    first = checkpoints.sign_checkpoint()
    note = client.get("/ledger/checkpoint")
    assert note.status_code == 200 and note[public_cache.CACHE_HEADER] == "miss"
    assert client.get("/ledger/checkpoint")[public_cache.CACHE_HEADER] == "hit"
    org_actions.update_body(acting_user=None, body=body_a, complaint_phone="12315")
    second = checkpoints.sign_checkpoint()
    assert second.tree_size > first.tree_size
    fresh = client.get("/ledger/checkpoint")
    assert fresh[public_cache.CACHE_HEADER] == "miss"
    assert f"\n{second.tree_size}\n" in fresh.content.decode()
