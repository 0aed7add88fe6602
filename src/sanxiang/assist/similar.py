"""Similar past cases (R-AST-01), found by the case's item and the words of its facts.

Indexing — registered on the case engine's ``CASE_CHANGED`` hook (``cases.hooks``, from
``AssistConfig.ready``), so it runs in the case actions' transaction whenever a case's facts
or its decision are recorded (``cases.actions.open_case`` / ``complete_step``)::

    similar.index_case(case)

Searching — what the case page shows::

    hits = similar.similar_cases(case, user=request.user, limit=10)

How (docs/adr/0017-similar-cases.md, 0031): the case's words are looked up in
``TermCount``; the words found in the fewest other cases (at most ``MAX_TERMS``, and no more
than ``POSTING_BUDGET`` postings between them, so a query's work is bounded however many
cases there are) form an OR query on the database's full-text index (``similar_schema``).
A match is scored by BM25 (SQLite FTS5) or by the summed inverse document frequencies of
the words it shares (PostgreSQL: among all ``MAX_TERMS`` rarest words, the budget choosing
only which cases are read), times ``SAME_ITEM_BOOST`` when it concerns the same
enforcement item. The query reads only cases the user may see (``Case.objects.visible_to``;
the filter is part of the query, not a cut after it), ``POOL`` candidates per hit shown;
other bodies' published decisions (shown as published, with their public page) come from a
second pool read on their published fields only (``published_pool``, ADR 0072).
``readable_scores`` ranks the union on what the user may read of each: a case of the
user's own scope on its words, another body's decision on its publication only (ADR 0064).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.urls import reverse

from sanxiang.assist import published_pool
from sanxiang.assist.models import CaseText, TermCount, Transcript
from sanxiang.assist.similar_schema import FTS_TABLE, TABLE
from sanxiang.core import segment
from sanxiang.org.querysets import _scope

MAX_TEXT_CHARS = 5_000
MAX_TERM_CHARS = 64
MAX_TERMS = 16
MIN_TERMS = 3
# The postings (cases × words) a query may touch: bounds the work of a query on a province's
# millions of cases while keeping every case that shares the rarest words.
POSTING_BUDGET = 5_000
SAME_ITEM_BOOST = 2.0
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
# Candidates the query reads per hit shown, ranked again on what the user may read of them
# (``readable_scores``).
POOL = 4

# Steps that decide a case, in the order a later one overrides an earlier one.
DECISION_STEPS = ("decide", "decide_on_spot", "no_penalty", "transfer", "cancel")
FACT_FIELDS = ("facts", "findings")


# --------------------------------------------------------------------------------------
# Indexing


def case_words(case, extra_texts=()) -> list[str]:
    """The words the case is indexed under: its title, item, facts and transcripts."""
    text = "\n".join([case.title, case.item_name, case.facts, *extra_texts])
    return [w for w in segment.words(text[:MAX_TEXT_CHARS]) if len(w) <= MAX_TERM_CHARS]


def _recorded(case) -> tuple[list[str], dict]:
    """Facts recorded in the steps (a simple procedure's 当场处罚, an inspection's findings)
    and the latest decision step's data."""
    texts, decision = [], {}
    for record in case.steps.order_by("seq").only("step", "data"):
        data = record.data or {}
        texts += [str(data[name]) for name in FACT_FIELDS if data.get(name)]
        if record.step in DECISION_STEPS:
            decision = {"step": record.step, **data}
    # What was said in the case's recordings (R-AST-05) is searched with its facts.
    texts += Transcript.objects.filter(evidence__case=case, state=Transcript.State.DONE) \
        .order_by("pk").values_list("text", flat=True)
    return texts, decision


def index_case(case) -> CaseText:
    """Write (or rewrite) the case's entry; call it inside the action's transaction."""
    texts, decision = _recorded(case)
    words = case_words(case, texts)
    old = CaseText.objects.filter(pk=case.pk).values_list("tokens", flat=True).first()
    old_terms = set(old.split()) if old is not None else set()
    new_terms = set(words)
    entry = CaseText(
        case_id=case.pk, body_id=case.body_id,
        item_code=case.item_code or str(decision.get("item") or "")[:40],
        level=str(decision.get("circumstance_level") or "")[:20],
        outcome=decision.get("step", ""), fine=case.decided_fine,
        decided_on=case.decided_on, tokens=" ".join(words))
    entry.save(force_insert=old is None)
    _count(new_terms - old_terms, +1)
    _count(old_terms - new_terms, -1)
    if old is None:
        _count({""}, +1)
    return entry


def index_on_change(*, case, before=None) -> None:
    """The ``CASE_CHANGED`` hook."""
    index_case(case)


def _count(terms: set[str], delta: int) -> None:
    if not terms:
        return
    terms = sorted(terms)  # one lock order for every writer
    if delta > 0:
        TermCount.objects.bulk_create([TermCount(term=t) for t in terms], ignore_conflicts=True)
    TermCount.objects.filter(term__in=terms).update(cases=F("cases") + delta)


# --------------------------------------------------------------------------------------
# Searching


@dataclass(frozen=True)
class Query:
    case_id: int
    item_code: str
    terms: tuple[str, ...]  # the case's rarest shared words, rarest first
    weights: tuple[float, ...]  # inverse document frequency of each term
    # The leading terms a candidate must share (PostgreSQL): as many of the rarest as fit in
    # the posting budget, at least one. The other terms only score the candidates.
    required: int = 0

    @property
    def matched(self) -> tuple[str, ...]:
        return self.terms[:self.required] if self.required else self.terms


def build_query(case) -> Query:
    """The case's rarest shared words: within the posting budget (at least ``MIN_TERMS``)
    for SQLite's FTS5, whose BM25 scores only the words matched; for PostgreSQL up to
    ``MAX_TERMS`` to score with, of which only those within the budget select candidates."""
    tokens = CaseText.objects.filter(pk=case.pk).values_list("tokens", flat=True).first()
    words = set(tokens.split()) if tokens is not None else set(case_words(case))
    # A single character says little about a case; digits and Latin words do.
    words = {w for w in words if len(w) > 1 or w.isascii()}
    counts = dict(TermCount.objects.filter(term__in=[*words, ""]).values_list("term", "cases"))
    total = max(counts.pop("", 0), 1)
    # A word only this case has finds nothing else.
    own = 1 if tokens is not None else 0
    shared = sorted(((n, t) for t, n in counts.items() if n > own), key=lambda p: (p[0], p[1]))
    counts_in_order = [n for n, _term in shared[:MAX_TERMS]]
    if connection.vendor == "postgresql":
        # The candidates are read from the table to be scored, so what bounds the work is
        # the postings of the words that select them; MIN_TERMS common words would make a
        # query grow with the table (ADR 0031).
        size, required = MAX_TERMS, max(1, _within_budget(counts_in_order, minimum=0))
    else:
        size, required = _within_budget(counts_in_order, minimum=MIN_TERMS), 0
    terms = tuple(term for _n, term in shared[:size])
    weights = tuple(math.log(1 + (total - n + 0.5) / (n + 0.5)) for n, _t in shared[:size])
    return Query(case.pk, case.item_code or "", terms, weights, min(required, len(terms)))


def _within_budget(counts: list[int], *, minimum: int) -> int:
    """How many of the leading words (rarest first) fit in ``POSTING_BUDGET`` postings
    (``minimum`` of them in any case)."""
    taken = postings = 0
    for n in counts:
        if taken >= minimum and postings + n > POSTING_BUDGET:
            break
        taken += 1
        postings += n
    return taken


def _scope_sql(user, *, published: bool = True) -> tuple[str, list]:
    """The index rows ``user`` may reach: their scope's cases, and unless ``published`` is
    false other bodies' published decisions (ranked and pooled elsewhere: ADR 0072)."""
    scope = _scope(user)
    either = ("EXISTS (SELECT 1 FROM disclosure_disclosure d WHERE d.case_id = t.case_id "
              "AND d.state = 'published')")
    if scope[0] == "all":
        return "1 = 1", []
    if scope[0] == "region":
        own, params = "b.region_code LIKE %s", [scope[1] + "%"]
    elif scope[0] == "body":
        own, params = "t.body_id = %s", [int(scope[1])]
    else:
        return (either if published else "1 = 0"), []
    return (f"({own} OR {either})" if published else own), params


def raw_sql(query: Query, user, limit: int = DEFAULT_LIMIT) -> tuple[str, list]:
    """The SQL ``similar_cases`` runs on the user's own scope (the benchmark also times it
    bare). Other bodies' decisions are not read here: which of them are candidates must
    follow what they published, not the index's full texts (``published_pool``, ADR 0072)."""
    scope, scope_params = _scope_sql(user, published=False)
    boost = "(CASE WHEN t.item_code = %s AND t.item_code <> '' THEN %s ELSE 1.0 END)"
    if connection.vendor == "sqlite":
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in query.terms)
        sql = (
            f"SELECT t.case_id, -bm25({FTS_TABLE}) * {boost} AS score "  # noqa: S608
            f"FROM {FTS_TABLE} JOIN {TABLE} t ON t.case_id = {FTS_TABLE}.rowid "
            "JOIN org_body b ON b.id = t.body_id "
            f"WHERE {FTS_TABLE} MATCH %s AND t.case_id <> %s AND {scope} "
            "ORDER BY score DESC, t.case_id DESC LIMIT %s")
        params = [query.item_code, SAME_ITEM_BOOST, match, query.case_id, *scope_params,
                  limit]
    elif connection.vendor == "postgresql":
        # ts_rank knows no document frequencies: score = Σ idf of the words a case shares.
        shares = " + ".join(
            ["(CASE WHEN t.search_vector @@ plainto_tsquery('simple', %s) THEN %s "
             "ELSE 0 END)"] * len(query.terms))
        any_of = " || ".join(["plainto_tsquery('simple', %s)"] * len(query.matched))
        sql = (
            f"SELECT t.case_id, ({shares}) * {boost} AS score "  # noqa: S608
            f"FROM {TABLE} t JOIN org_body b ON b.id = t.body_id "
            f"WHERE t.search_vector @@ ({any_of}) AND t.case_id <> %s AND {scope} "
            "ORDER BY score DESC, t.case_id DESC LIMIT %s")
        params = [p for pair in zip(query.terms, query.weights, strict=True) for p in pair]
        params += [query.item_code, SAME_ITEM_BOOST, *query.matched, query.case_id,
                   *scope_params, limit]
    else:
        raise NotImplementedError(f"similar cases are not implemented for {connection.vendor}")
    return sql, params


@dataclass(frozen=True)
class Similar:
    case_id: int
    title: str
    number: str  # the case number, or the decision's document number when only published
    body: str
    item: str
    level: str
    penalty: str
    outcome: str
    decided_on: date | None
    url: str
    published_only: bool  # outside the user's cases: shown as the public sees it
    score: float


def similar_cases(case, *, user, limit: int = DEFAULT_LIMIT) -> list[Similar]:
    """The ``limit`` cases most like ``case`` that ``user`` may see (or that are published)."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    query = build_query(case)
    if query.terms:
        # Two pools: the user's own cases, read on the index's full texts, and other
        # bodies' published decisions, read on what they published (ADR 0072); the list
        # is ranked on what the user may read of each (ADR 0064).
        sql, params = raw_sql(query, user, limit * POOL)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ranked = [(case_id, float(score)) for case_id, score in cursor.fetchall()]
        ranked += published_pool.pool(
            user, query.matched, every=False, limit=limit * POOL,
            weights=list(zip(query.terms, query.weights, strict=True)),
            item_code=query.item_code, boost=SAME_ITEM_BOOST, exclude=query.case_id)
        ranked = readable_scores(ranked, user, query)[:limit]
        if len(ranked) < limit and query.item_code:
            # Few cases the user may see share the rarest words (PostgreSQL reads only
            # those within the budget): the latest decided of the same item fill the
            # list, after.
            found = {case_id for case_id, _score in ranked}
            ranked += [(case_id, 0.0) for case_id in _latest_of_item(query, user, limit)
                       if case_id not in found][:limit - len(ranked)]
    else:
        ranked = _same_item(case, user, limit)
    return describe(ranked, user)


def _latest_of_item(query: Query, user, limit: int) -> list[int]:
    """The latest decided cases of the query's item that ``user`` may see, in the scope of
    ``raw_sql``: the index table's (item, decided on, case) index read backwards, stopping
    at the first ``2 * limit`` in scope."""
    scope, scope_params = _scope_sql(user)
    sql = (f"SELECT t.case_id FROM {TABLE} t JOIN org_body b ON b.id = t.body_id "  # noqa: S608
           f"WHERE t.item_code = %s AND t.decided_on IS NOT NULL AND t.case_id <> %s "
           f"AND {scope} ORDER BY t.decided_on DESC, t.case_id DESC LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [query.item_code, query.case_id, *scope_params, 2 * limit])
        return [case_id for (case_id,) in cursor.fetchall()]


def _same_item(case, user, limit) -> list[tuple[int, float]]:
    """Without words to compare: the latest decided cases of the same item."""
    if not case.item_code:
        return []
    from sanxiang.cases.models import Case

    visible = Case.objects.visible_to(user).filter(item_code=case.item_code).exclude(
        pk=case.pk).order_by("-decided_on", "-pk").values_list("pk", flat=True)[:limit]
    return [(pk, 0.0) for pk in visible]


def published_text(disclosure) -> str:
    """What the public reads of a published decision (its page and ``text.txt``), lower
    case like the index's words."""
    return "\n".join([disclosure.title, disclosure.party_name, disclosure.party_code,
                      disclosure.document_number, disclosure.conclusion,
                      disclosure.masked_text]).lower()


def _outside_texts(ids, user) -> tuple[set[int], dict[int, str]]:
    """Of the cases ``ids``, those outside the user's scope, and for each of them that is
    published what its publication says (with the item, shown with the hit)."""
    from sanxiang.cases.models import Case
    from sanxiang.disclosure.models import Disclosure

    outside = set(ids) - set(Case.objects.visible_to(user).filter(pk__in=ids)
                             .values_list("pk", flat=True))
    texts: dict[int, str] = {}
    if not outside:
        return outside, texts
    for disclosure in Disclosure.objects.filter(
            case_id__in=outside, state=Disclosure.State.PUBLISHED).select_related(
            "case").only("case_id", "case__item_name", "title", "party_name", "party_code",
                         "document_number", "conclusion", "masked_text").order_by("pk"):
        # The item is shown with the hit (``describe``), so it may be matched too.
        texts[disclosure.case_id] = "\n".join([texts.get(disclosure.case_id, ""),
                                               disclosure.case.item_name.lower(),
                                               published_text(disclosure)])
    return outside, texts


def published_matches(ranked: list[tuple[int, float]], user, words, *,
                      every: bool) -> list[tuple[int, float]]:
    """``ranked`` without the cases outside the user's scope whose published decision does
    not itself say the words (all of them if ``every``, else one).

    The index holds a case's own words — facts as recorded, findings, what was said in its
    interviews — and reaches other bodies' cases through their published decisions. A match
    on those words would name the decision a masked phone number, ID number or name belongs
    to (ADR 0057): outside the scope, only what was published may match.
    """
    ids = [case_id for case_id, _score in ranked]
    if not ids:
        return ranked
    outside, texts = _outside_texts(ids, user)
    if not outside:
        return ranked
    words = [w for w in words if w]
    test = all if every else any

    def shown(case_id: int) -> bool:
        if case_id not in outside:
            return True
        text = texts.get(case_id)
        return text is not None and bool(words) and test(w in text for w in words)

    return [(case_id, score) for case_id, score in ranked if shown(case_id)]


def readable_scores(ranked: list[tuple[int, float]], user,
                    query: Query) -> list[tuple[int, float]]:
    """``ranked`` scored again, each case on what ``user`` may read of it, best first.

    A case in the user's scope is scored on its own words (the index's), a case outside it
    on what its published decision says: the sum of the inverse document frequencies of
    the query's words it shares, times ``SAME_ITEM_BOOST`` for the same item — the
    PostgreSQL query's own score, so one scale for both and for both engines. Scored on the
    index's words, another body's decision that also shared masked words (a phone number,
    a name, what was said in an interview) came first among those sharing published ones
    (ADR 0057, left open there; ADR 0064). A case outside the scope that shares none of
    the matched words in its publication is dropped (``published_matches``).
    """
    ids = [case_id for case_id, _score in ranked]
    if not ids:
        return ranked
    outside, texts = _outside_texts(ids, user)
    rows = {case_id: (item, tokens) for case_id, item, tokens in CaseText.objects.filter(
        pk__in=ids).values_list("case_id", "item_code", "tokens")}
    matched = [w for w in query.matched if w]
    scored = []
    for case_id in ids:
        if case_id in outside:
            text = texts.get(case_id)
            if text is None or not any(w in text for w in matched):
                continue
            shares = [w in text for w in query.terms]
        else:
            words = set(rows.get(case_id, ("", ""))[1].split())
            shares = [w in words for w in query.terms]
        score = sum(weight for weight, shared in zip(query.weights, shares, strict=True)
                    if shared)
        if query.item_code and rows.get(case_id, ("", ""))[0] == query.item_code:
            score *= SAME_ITEM_BOOST
        scored.append((case_id, score))
    scored.sort(key=lambda hit: (-hit[1], -hit[0]))
    return scored


def describe(ranked: list[tuple[int, float]], user) -> list[Similar]:
    """Rows to show, checked once more against the user's scope: a case outside it is
    shown only through its published decision, and otherwise not at all."""
    from sanxiang.cases.models import Case
    from sanxiang.catalog.models import DiscretionBenchmark, PenaltyKind
    from sanxiang.disclosure.models import Disclosure

    if not ranked:
        return []
    ids = [case_id for case_id, _ in ranked]
    visible = set(Case.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    published = {}
    if len(visible) < len(ids):
        published = {d.case_id: d for d in Disclosure.objects.filter(
            case_id__in=set(ids) - visible, state=Disclosure.State.PUBLISHED).only(
            "case_id", "title", "document_number", "decided_on", "conclusion").order_by("pk")}
    rows = {r["pk"]: r for r in Case.objects.filter(pk__in=ids).values(
        "pk", "title", "number", "body__name", "item_name", "decided_kinds", "decided_fine",
        "decided_on", "state", "similar_text__level", "similar_text__outcome")}
    levels = dict(DiscretionBenchmark.Level.choices)
    kinds = dict(PenaltyKind.choices)
    outcomes = _outcome_labels()
    states = dict(Case.State.choices)
    shown = []
    for case_id, score in ranked:
        row = rows.get(case_id)
        if row is None or (case_id not in visible and case_id not in published):
            continue
        penalty = "、".join(str(kinds.get(k, k)) for k in row["decided_kinds"] or [])
        if row["decided_fine"]:
            penalty += ("，" if penalty else "") + _yuan(row["decided_fine"])
        level = row["similar_text__level"] or ""
        level = str(levels.get(level, level))
        outcome = str(outcomes.get(row["similar_text__outcome"] or "", ""))
        if case_id in visible:
            shown.append(Similar(
                case_id, row["title"], row["number"], row["body__name"], row["item_name"],
                level, penalty, outcome or str(states.get(row["state"], "")),
                row["decided_on"], reverse("cases:detail", args=[case_id]), False, score))
        else:
            # As the public reads it: the penalty as the decision published it, and no
            # discretion level, which the body recorded but did not publish (ADR 0064).
            disclosure = published[case_id]
            shown.append(Similar(
                case_id, disclosure.title, disclosure.document_number, row["body__name"],
                row["item_name"], "", disclosure.conclusion, outcome, disclosure.decided_on,
                reverse("decisions:decision", args=[disclosure.pk]), True, score))
    return shown


def _outcome_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {"decide": _("penalty decided"), "decide_on_spot": _("penalty decided on the spot"),
            "no_penalty": _("no penalty"), "transfer": _("transferred"),
            "cancel": _("case cancelled")}


def _yuan(amount: Decimal) -> str:
    """Amounts as officers write them: 元 below ten thousand, 万元 above."""
    amount = Decimal(amount)
    if amount >= 10_000:
        return f"{(amount / 10_000).normalize():f}万元"
    return f"{amount.quantize(Decimal('1')) if amount == amount.to_integral() else amount}元"
