"""A published decision's page, stored by the action that publishes it
(docs/adr/0074-public-pages-stored-by-their-writers.md).

A public page changes only through actions, so what a page the cache has not seen would
render from the decision's own columns is rendered once, when the decision is published,
and kept in ``DecisionPage``; the withdrawal and the removals delete it in their
transactions. The page then reads it with the decision (one statement,
``public_rows.decision``) and renders only what may change after publication: the body's
name, the ledger entry and the covering checkpoint, and the withdrawn variant.
"""

from django.db import transaction
from django.template.loader import render_to_string

from sanxiang.disclosure.models import DecisionPage, Disclosure

TEMPLATE = "disclosure/public_decision_own.html"


def render_own(disclosure: Disclosure) -> str:
    """The decision's own part of its page (``public_decision_own.html``)."""
    return render_to_string(TEMPLATE, {"disclosure": disclosure,
                                       "redacted": bool(disclosure.redactions)})


def store(disclosure: Disclosure) -> None:
    """Keep the rendered part of a decision just published; call it inside the
    publication's transaction, with the decision as saved."""
    DecisionPage.objects.update_or_create(disclosure_id=disclosure.pk,
                                          defaults={"html": render_own(disclosure)})


def forget(disclosure_pk: int) -> None:
    """The decision leaves the portal: its stored page goes in the same transaction."""
    DecisionPage.objects.filter(disclosure_id=disclosure_pk).delete()


def fill(batch: int = 2_000) -> int:
    """Store the page of every published decision that has none (decisions published
    before pages were stored, or loaded as fixtures); returns how many were stored."""
    stored, after = 0, 0
    while True:
        chunk = list(Disclosure.objects.filter(state=Disclosure.State.PUBLISHED, pk__gt=after)
                     .order_by("pk")[:batch])
        if not chunk:
            return stored
        after = chunk[-1].pk
        have = set(DecisionPage.objects.filter(
            pk__gte=chunk[0].pk, pk__lte=after).values_list("pk", flat=True))
        with transaction.atomic():
            made = DecisionPage.objects.bulk_create(
                [DecisionPage(disclosure_id=d.pk, html=render_own(d))
                 for d in chunk if d.pk not in have], ignore_conflicts=True)
        stored += len(made)
