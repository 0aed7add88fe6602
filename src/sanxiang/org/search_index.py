"""Bodies and officers in the public full-text index (``sanxiang.core.search``).

Only what the portal already shows goes in (R-PUB-01, R-ORG-06): never an officer's phone,
never a body's staffing or funding. Officers who have left are not in the index.

The org actions call ``schedule_bodies`` / ``schedule_officers`` after their writes; the
index is refreshed once the transaction commits. ``sanxiang manage search rebuild`` (or
``reindex_bodies_and_officers()``) rebuilds both kinds from scratch.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode

from sanxiang.core import search
from sanxiang.core.models import SearchEntry
from sanxiang.core.search import Document
from sanxiang.org.models import Body, Certificate, Officer

BODY, OFFICER = "body", "officer"


def body_document(body: Body) -> Document:
    text = "\n".join(part for part in (
        body.short_name, body.credit_code, body.duties, body.legal_representative,
        body.address, body.supervising_body,
    ) if part)
    return Document(BODY, str(body.pk), body.name, text,
                    reverse("portal:body_detail", args=[body.credit_code]), body_id=body.pk)


def _officers():
    current = Certificate.objects.filter(cancelled_on__isnull=True).order_by("-expires_on")
    return (Officer.objects.active().select_related("body")
            .prefetch_related("fields", Prefetch("certificates", queryset=current,
                                                 to_attr="open_certificates")))


def officer_document(officer: Officer) -> Document:
    certificate = officer.open_certificates[0] if officer.open_certificates else None
    if certificate is not None:
        url = reverse("portal:officer_page", args=[certificate.number])
    else:
        url = reverse("portal:officer_search") + "?" + urlencode(
            {"q": officer.name, "body": officer.body.credit_code})
    text = "\n".join(part for part in (
        officer.body.name, officer.post, "、".join(f.name for f in officer.fields.all()),
        officer.areas, certificate.number if certificate else "",
    ) if part)
    return Document(OFFICER, str(officer.pk), officer.name, text, url,
                    body_id=officer.body_id)


def iter_bodies() -> Iterator[Document]:
    return search.documents_in_batches(Body.objects.order_by("pk"), body_document)


def iter_officers() -> Iterator[Document]:
    return search.documents_in_batches(_officers().order_by("pk"), officer_document)


search.register_source(BODY, iter_bodies)
search.register_source(OFFICER, iter_officers)


def reindex_bodies_and_officers() -> dict[str, search.RebuildResult]:
    return {BODY: search.rebuild(BODY, iter_bodies()),
            OFFICER: search.rebuild(OFFICER, iter_officers())}


def index_bodies(body_ids: Iterable[int], *, with_officers: bool = False) -> None:
    ids = list(body_ids)
    search.index_many(body_document(b) for b in Body.objects.filter(pk__in=ids))
    if with_officers:
        # An officer's entry carries the body's name.
        index_officers(Officer.objects.filter(body_id__in=ids).values_list("pk", flat=True))


def index_officers(officer_ids: Iterable[int]) -> None:
    ids = list(officer_ids)
    for start in range(0, len(ids), search.BATCH_SIZE):
        chunk = ids[start:start + search.BATCH_SIZE]
        active = list(_officers().filter(pk__in=chunk))
        search.index_many(officer_document(o) for o in active)
        gone = set(chunk) - {o.pk for o in active}
        if gone:
            SearchEntry.objects.filter(kind=OFFICER, key__in=[str(pk) for pk in gone]).delete()


def schedule_bodies(body_ids: Iterable[int], *, with_officers: bool = False) -> None:
    ids = list(body_ids)
    # robust: the index is derived data; a failure is logged, and ``search rebuild`` repairs.
    transaction.on_commit(lambda: index_bodies(ids, with_officers=with_officers),
                          robust=True)


_batch: ContextVar[set[int] | None] = ContextVar("officer_index_batch", default=None)


@contextmanager
def officers_batched():
    """Officers scheduled inside are indexed by one commit hook, registered at the end (a
    register load schedules hundreds of them: one pass instead of one hook each). An officer
    whose write a savepoint rolled back is indexed from what is committed, like any other:
    the index is derived from the database at the commit."""
    if _batch.get() is not None:  # already batching
        yield
        return
    token = _batch.set(set())
    try:
        yield
        ids = _batch.get()
    finally:
        _batch.reset(token)
    if ids:
        schedule_officers(sorted(ids))


def schedule_officers(officer_ids: Iterable[int]) -> None:
    ids = list(officer_ids)
    batch = _batch.get()
    if batch is not None:
        batch.update(ids)
        return
    transaction.on_commit(lambda: index_officers(ids), robust=True)
