"""Other bodies' published decisions, found and ordered by what they published (R-AST-01/05).

The case index (``similar_schema``) holds each case's own words: facts as recorded,
findings, what was said in its interviews. Outside the user's own scope only the published
decision may be read, so neither which of another body's decisions a query reads nor their
order may follow that index: a LIMIT on the index's score chose, among decisions whose
publications said the same words, those whose unpublished text also matched (ADR 0064,
left open there; ADR 0072). This module reads them from ``Disclosure``'s published fields
only — the title, the party, its credit code, the document number, the conclusion, the
masked text and the case's item, which is shown with the hit.

The match is a substring test (``icontains``) on those fields, the way ``similar``'s
``published_matches`` tests the words, over the candidates the full-text index of
published decisions (``disclosure.search_index``) finds for the words: the work is that of
a few hundred rows however many decisions the province has published.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Length

from sanxiang.core import search
from sanxiang.disclosure import search_index
from sanxiang.org.querysets import _scope

# How many of the index's best matches the exact test reads, at least.
CANDIDATES = 400

FIELDS = ("title", "party_name", "party_code", "document_number", "conclusion",
          "masked_text", "case__item_name")


def _outside(user):
    """Published decisions of cases outside the user's scope (``Case.visible_to``)."""
    from sanxiang.disclosure.models import Disclosure

    published = Disclosure.objects.filter(state=Disclosure.State.PUBLISHED)
    scope = _scope(user)
    if scope[0] == "all":
        return published.none()
    if scope[0] == "region":
        return published.exclude(case__body__region_code__startswith=scope[1])
    if scope[0] == "body":
        return published.exclude(case__body_id=int(scope[1]))
    return published


def _says(word: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__icontains": word}) for field in FIELDS))


def pool(user, words, *, every: bool, limit: int, weights=None, item_code: str = "",
         boost: float = 1.0, exclude: int | None = None) -> list[tuple[int, float]]:
    """Up to ``limit`` cases outside the user's scope whose published decision says the
    ``words`` (all of them if ``every``, else one), best first, with their score.

    The score is read from the published fields only: with ``weights`` (similar cases),
    the sum of the weights of the words said, times ``boost`` for ``item_code``; without,
    the shorter publication first (the words make up more of it). Ties go to the later
    case, as in the index's queries."""
    words = [w for w in words if w]
    if not words or limit <= 0:
        return []
    # Candidates from the full-text index of published decisions (only published text is
    # in it): the exact test and the order below then read these rows, not every
    # publication of every other body.
    candidates = search.matching_keys(words, every=every, kind=search_index.DECISION,
                                      limit=max(CANDIDATES, limit * 20))
    decisions = _outside(user).filter(pk__in=[int(key) for key in candidates]).filter(
        reduce(and_ if every else or_, map(_says, words)))
    if exclude is not None:
        decisions = decisions.exclude(case_id=exclude)
    if weights:
        score = reduce(lambda a, b: a + b, (
            Case(When(_says(w), then=Value(float(weight))), default=Value(0.0),
                 output_field=FloatField()) for w, weight in weights))
        if item_code:
            same_item = When(case__similar_text__item_code=item_code, then=Value(float(boost)))
            score = score * Case(same_item, default=Value(1.0), output_field=FloatField())
    else:
        score = Value(1.0) / (Length("masked_text") + Value(1.0))
    rows = decisions.annotate(score=score).order_by(
        F("score").desc(), F("case_id").desc()).values_list("case_id", "score")
    seen: dict[int, float] = {}
    # A case published twice (a corrected decision) is one hit, at its best.
    for case_id, value in rows[:limit * 2]:
        if case_id not in seen:
            seen[case_id] = float(value)
        if len(seen) == limit:
            break
    return list(seen.items())
