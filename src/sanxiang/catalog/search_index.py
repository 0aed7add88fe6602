"""Enforcement items and service guides in the public full-text index (``core.search``).

Only entries IN FORCE are indexed (the version effective today); a published version
replaces its catalogue's entries (``schedule_catalogue``), and ``sanxiang manage search
rebuild`` rebuilds both kinds. Keys are "<catalogue id>-<lineage>", so a changed entry
replaces its predecessor and the entries of one catalogue can be dropped together.
A version that takes effect later is indexed by the next rebuild after its date.
"""

from collections.abc import Iterator

from django.db import transaction
from django.urls import reverse

from sanxiang.catalog import legal, queries
from sanxiang.catalog.models import Catalogue
from sanxiang.core import search
from sanxiang.core.models import SearchEntry
from sanxiang.core.search import Document

ITEM, GUIDE = "item", "guide"
KINDS = {Catalogue.Kind.ITEMS: ITEM, Catalogue.Kind.GUIDES: GUIDE}


def _url(entry, kind: str, credit_code: str) -> str:
    return reverse("catalog:entry", args=[kind, credit_code, entry.pk])


def item_document(item, body) -> Document:
    title = f"{item.name} {item.code}"
    text = "\n".join(part for part in (
        body.name, item.get_category_display(), legal.format_bases(item.legal_bases),
        item.unit, item.time_limit,
    ) if part)
    return Document(ITEM, f"{item.catalogue_id}-{item.lineage}", title, text,
                    _url(item, Catalogue.Kind.ITEMS, body.credit_code), body_id=body.pk)


def guide_document(guide, body) -> Document:
    # The guide's own words (materials, process, remedies …); the phone is public on the
    # portal too, but search needs no digits.
    title = f"{guide.item_name} {guide.item_code}"
    text = "\n".join(part for part in (body.name, guide.search_text) if part)
    return Document(GUIDE, f"{guide.catalogue_id}-{guide.lineage}", title, text,
                    _url(guide, Catalogue.Kind.GUIDES, body.credit_code), body_id=body.pk)


_BUILDERS = {ITEM: item_document, GUIDE: guide_document}


def _documents(kind: str, entries) -> Iterator[Document]:
    build = _BUILDERS[KINDS[kind]]
    for entry in entries.select_related("catalogue__body").iterator(
            chunk_size=search.BATCH_SIZE):
        yield build(entry, entry.catalogue.body)


def iter_items() -> Iterator[Document]:
    return _documents(Catalogue.Kind.ITEMS,
                      queries.current_entries(Catalogue.Kind.ITEMS).order_by("pk"))


def iter_guides() -> Iterator[Document]:
    return _documents(Catalogue.Kind.GUIDES,
                      queries.current_entries(Catalogue.Kind.GUIDES).order_by("pk"))


search.register_source(ITEM, iter_items)
search.register_source(GUIDE, iter_guides)


def reindex_catalogue(catalogue_id: int) -> int:
    """Make the index hold exactly the entries in force of this catalogue. Returns the count."""
    catalogue = Catalogue.objects.select_related("body").get(pk=catalogue_id)
    kind = KINDS.get(catalogue.kind)
    if kind is None:
        return 0
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind, key__startswith=f"{catalogue.pk}-").delete()
        version = queries.current_version(catalogue)
        if version is None:
            return 0
        version.catalogue = catalogue
        return search.index_many(_documents(catalogue.kind, queries.entries_of(version)))


def schedule_catalogue(catalogue: Catalogue) -> None:
    if catalogue.kind not in KINDS:
        return
    catalogue_id = catalogue.pk
    # robust: the index is derived data; a failure is logged, and ``search rebuild`` repairs.
    transaction.on_commit(lambda: reindex_catalogue(catalogue_id), robust=True)
