"""Published decisions in the full-text index (``core.search``), kind ``decision``.

Only what the public page shows goes in: the title, the party as published, its credit
code, the document number, the item, the conclusion and the masked text. A decision is
indexed by the action that publishes it and removed by the one that takes it down
(``actions._save``: withdrawal, the end of its period, 信用修复), in the same transaction;
``sanxiang manage search rebuild`` rebuilds the kind from the published rows.

Two readers: the portal's full-text search (a member of the public finds a decision by
what it says), and the staff's similar cases and case search, which may read another
body's decisions only as published (``assist.published_pool``, ADR 0072): the index finds
their candidates there without scanning every published text (ADR 0072, left open).
"""

from collections.abc import Iterator

from django.urls import reverse

from sanxiang.core import search
from sanxiang.core.search import Document

DECISION = "decision"


def decision_document(disclosure) -> Document:
    case = disclosure.case
    text = "\n".join(part for part in (
        disclosure.party_name, disclosure.party_code, disclosure.document_number,
        case.item_name, disclosure.conclusion, disclosure.masked_text,
    ) if part)
    return Document(DECISION, str(disclosure.pk), disclosure.title, text,
                    reverse("decisions:decision", args=[disclosure.pk]),
                    body_id=disclosure.body_id)


def index_decision(disclosure) -> None:
    document = decision_document(disclosure)
    search.index(document.kind, document.key, title=document.title, text=document.text,
                 url=document.url, body_id=document.body_id)


def remove_decision(disclosure) -> None:
    search.remove(DECISION, str(disclosure.pk))


def iter_decisions() -> Iterator[Document]:
    from sanxiang.disclosure.models import Disclosure

    published = (Disclosure.objects.filter(state=Disclosure.State.PUBLISHED)
                 .select_related("case").order_by("pk"))
    for disclosure in published.iterator(chunk_size=search.BATCH_SIZE):
        yield decision_document(disclosure)


search.register_source(DECISION, iter_decisions)
