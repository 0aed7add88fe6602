"""Cached public pages, invalidated by the writes that change them (docs/adr/0019-public-cache.md).

The public portal (register, decisions, lists, the open-data API) changes only when an
action writes one of its tables. Each public *area* has a version (``core.PublicVersion``);
a write to a table of the area moves the version **inside the writing transaction**, so the
change and the retirement of every cached page that showed the old state commit together:
the next request after the commit reads the new version and misses the cache, on every web
worker and every server, whatever cache backend holds the pages.

- ``AREAS`` says which models belong to which area; signal receivers (connected in
  ``CoreConfig.ready``) bump on every save and delete of them, and the few actions that
  write with ``bulk_create`` or ``update()`` call ``bump`` themselves.
- ``RULES`` says which URL prefixes (``EXACT``: which exact paths) show which areas;
  ``PublicPageCacheMiddleware`` serves those GET requests from the cache (Django's cache
  framework: local memory in the embedded default, Redis with ``SANXIANG_CACHE_URL``)
  under a key made of the areas' versions, the day (a certificate's validity and a
  publication's period change with the date), the text size preference, the scheme and
  host asked for and the full path.

Only anonymous requests are cached: a request with a session, a pending message or an
``Authorization`` header goes the ordinary way, so no page made for one user is shown to
another. A response that sets a cookie, streams, or is not a 200 is not kept.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

REGISTER = "register"
DECISIONS = "decisions"
CATALOGUE = "catalogue"
SEARCH = "search"
CHECKPOINTS = "checkpoints"
INSPECTIONS = "inspections"
STATISTICS = "statistics"

# area → models ("app_label.ModelName") whose writes change what the area shows.
AREAS = {
    REGISTER: ["org.Body", "org.EnforcementField", "org.Officer", "org.Certificate",
               "org.AnnualInspection"],
    DECISIONS: ["disclosure.Disclosure"],
    CATALOGUE: ["catalog.Catalogue", "catalog.CatalogueVersion"],
    SEARCH: [],  # core.search bumps it itself: a signal would slow its bulk deletes
    CHECKPOINTS: ["core.Checkpoint"],
    # Random inspections' plans, tasks, draws and published results (R-PUB-10). The
    # actions that write them with update() or bulk_create bump the area themselves.
    INSPECTIONS: ["inspections.Plan", "inspections.Task", "inspections.TaskItem",
                  "inspections.Draw", "inspections.Assignment",
                  "inspections.AssignmentOfficer", "inspections.Result", "inspections.Target",
                  "inspections.Inspector"],
    # The public statistics show the newest stored snapshot (ADR 0050): the area moves
    # once per snapshot, never with the case writes the figures count.
    STATISTICS: ["disclosure.StatisticsSnapshot"],
}

# (path prefix, areas shown, or None: never cached); the first match wins. Staff pages and
# forms are absent.
RULES = [
    ("/catalogues/manage/", None),
    ("/bodies", (REGISTER,)),
    ("/officers/", (REGISTER,)),
    ("/decisions/", (DECISIONS, REGISTER, CHECKPOINTS)),
    ("/catalogues/", (CATALOGUE, REGISTER)),
    ("/flowcharts/", (CATALOGUE, REGISTER)),
    ("/search/", (SEARCH,)),
    # The page an inspected enterprise scans shows certificates valid today and, like the
    # report page, a form with its CSRF token: built for each visitor.
    ("/inspections/scan/", None),
    ("/inspections/report/", None),
    ("/inspections/", (INSPECTIONS, REGISTER)),
    ("/statistics/", (STATISTICS, REGISTER)),
    # The signed note of the newest checkpoint, the list, its JSON and feed (ADR 0050).
    ("/ledger/checkpoint", (CHECKPOINTS,)),
    # A consistency proof up to a published checkpoint never changes; its answer depends
    # on which checkpoints are published.
    ("/ledger/consistency.json", (CHECKPOINTS,)),
    # Hash tiles never change once they exist (they say so: Cache-Control immutable), nor
    # do the published keys at their addresses; a tile not yet there is a 404, not kept.
    ("/ledger/tile/", ()),
    ("/ledger/keys/", ()),
    ("/api/org/", (REGISTER,)),
    ("/api/catalog/", (CATALOGUE, REGISTER)),
    ("/api/inspections/", (INSPECTIONS, REGISTER)),
]

# Exact paths (a prefix rule for "/" would take every address): the home page shows no
# data of any area, only the day's (nothing) and the text size, both in every key; the
# open-data API's description and its documentation page show the code's own schema.
EXACT = {"/": (), "/api/openapi.json": (), "/api/docs": ()}

# Public addresses that are never cached, and why (tests/disclosure/test_public_cache.py
# holds every public route to RULES, EXACT or this list).
NEVER = {
    "/complaints/": "a form with its CSRF token, and a tracking lookup by the filer's code",
    "/display/text-size/": "sets the visitor's text-size cookie",
    "/inspections/scan/": "certificates valid at this moment, for one visitor",
    "/inspections/report/": "a form with its CSRF token",
}

CACHE_HEADER = "X-Sanxiang-Cache"
MAX_CACHED_BYTES = 2 * 1024 * 1024


def bump(*areas: str) -> None:
    """Move the versions of ``areas``; call it inside the transaction that writes them.

    The new version is at least the current time in microseconds, so a version never comes
    back after a database is restored from a backup while a shared cache kept its pages.
    """
    from sanxiang.core.models import PublicVersion

    now = int(time.time() * 1_000_000)
    for area in areas:
        updated = PublicVersion.objects.filter(area=area).update(
            version=Greatest(F("version") + 1, Value(now)))
        if not updated:
            PublicVersion.objects.get_or_create(area=area, defaults={"version": now})


def versions(areas) -> dict[str, int]:
    """The current versions of ``areas``: one small query, written out rather than built
    by the ORM, since every cached answer runs it and compiling the ORM's query cost more
    than a whole cache hit otherwise does (docs/adr/0038-portal-cache-hit-cost.md)."""
    from django.db import connection

    from sanxiang.core.models import PublicVersion

    # Every area's version (five rows): one statement text for all pages.
    meta, quote = PublicVersion._meta, connection.ops.quote_name
    area, version = (quote(meta.get_field(name).column) for name in ("area", "version"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {area}, {version} FROM {quote(meta.db_table)}")  # noqa: S608
        found = dict(cursor.fetchall())
    return {area: found.get(area, 0) for area in areas}


def areas_of(path: str) -> tuple[str, ...] | None:
    if path in EXACT:
        return EXACT[path]
    for prefix, areas in RULES:
        if path.startswith(prefix):
            return areas
    return None


def _on_write(area):
    def receiver(sender, **kwargs):
        if kwargs.get("raw"):  # loaddata: no pages to retire from a fixture being loaded
            return
        if kwargs.get("action", "post_").startswith("pre_"):
            return  # m2m_changed fires before and after: the after is enough
        bump(area)
    return receiver


_receivers = []


def connect_signals() -> None:
    """Bump an area on every save and delete of its models (and the officer's categories)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for area, labels in AREAS.items():
        receiver = _on_write(area)
        _receivers.append(receiver)  # signals keep weak references
        for label in labels:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            uid = f"sanxiang.public_cache.{label}"
            post_save.connect(receiver, sender=model, dispatch_uid=uid + ".save")
            post_delete.connect(receiver, sender=model, dispatch_uid=uid + ".delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(receiver, sender=field.remote_field.through,
                                    dispatch_uid=f"{uid}.{field.name}")


def _cache():
    return caches[settings.SANXIANG_PUBLIC_CACHE]


def _cacheable_request(request) -> bool:
    if request.method != "GET" or settings.SANXIANG_PUBLIC_CACHE_SECONDS <= 0:
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cacheable_response(response) -> bool:
    return (response.status_code == 200 and not response.streaming
            and not response.cookies and not response.has_header("Set-Cookie")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and len(response.content) <= MAX_CACHED_BYTES)


def page_key(request, areas) -> str:
    current = versions(areas) if areas else {}
    parts = [
        ",".join(f"{a}{current[a]}" for a in areas),
        timezone.localdate().isoformat(),
        request.COOKIES.get("sx_text", ""),
        # Some answers name their own address (the ledger's JSON and feed, the PDFs' links),
        # built from the Host header and the scheme: a page asked for by one allowed name
        # must not be served to another (ADR 0057). get_host() also refuses a Host not
        # allowed, which a hit would otherwise answer before Django's own check.
        f"{request.scheme}://{request.get_host()}",
        request.get_full_path(),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"page:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache (see the module's docstring).

    It sits right after WhiteNoise, so a hit skips sessions, authentication and the view;
    the response kept is the one the inner middleware finished (security headers and CSP
    included), so a hit carries the same headers as a miss.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        areas = areas_of(request.path_info) if _cacheable_request(request) else None
        if areas is None:
            return self.get_response(request)
        key = page_key(request, areas)
        cache = _cache()
        cached = cache.get(key)
        if cached is not None:
            cached[CACHE_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if _cacheable_response(response):
            response[CACHE_HEADER] = "miss"
            # The versions were read before the page's data: a write committing in between
            # leaves this page under the old versions, which no request reads after it.
            cache.set(key, response, settings.SANXIANG_PUBLIC_CACHE_SECONDS)
        return response
