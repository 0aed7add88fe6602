"""Chinese full-text search over the platform's PUBLIC documents (docs/adr/0005-search.md).

Any app feeds the one index; the portal's search page (``/search/``) reads it without any
further permission check, so **only put in text the public may read** (no phones, no ID
numbers, nothing internal).

Feeding the index — call these after your data is committed (``transaction.on_commit``)::

    from sanxiang.core import search

    search.index("item", str(item.pk), title=item.name, text=item.basis_text,
                 url=item.get_absolute_url(), body_id=item.body_id, boost=1.0)
    search.remove("item", str(item.pk))

- ``kind``: a short lower-case name of what the document is: "body", "officer", "item",
  "guide", "decision" … (``[a-z_]``, at most 20 characters). ``key``: the object's id as a
  string (at most 64 characters); (kind, key) is unique, indexing again replaces.
- ``title`` ranks ten times higher than ``text``; ``url`` must be a path on this site
  ("/items/…"); ``body_id`` lets the search be restricted to one body; ``boost``
  multiplies the score (1.0 is normal).

Rebuilding a whole kind from the source data (idempotent, streams in batches, removes the
entries of that kind it did not see)::

    search.rebuild("item", (search.Document("item", str(i.pk), i.name, i.text, i.url,
                                            body_id=i.body_id) for i in items.iterator()))

and, so that ``sanxiang manage search rebuild`` rebuilds your kind too, give your app a
module ``search_index.py`` that calls at import::

    search.register_source("item", iter_item_documents)   # a callable → Iterable[Document]

Searching::

    hits = search.search("安全生产", kinds=["item", "guide"], body_id=None, limit=20, offset=0)
    for hit in hits:  # Hit(kind, key, title, url, snippet, score, body_id, title_html)
        ...           # snippet and title_html are safe HTML with <mark> around the matches

The query is segmented like the documents; punctuation, quotes and operators are only
text, never query syntax. An empty query finds nothing.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.module_loading import autodiscover_modules
from django.utils.safestring import SafeString, mark_safe

from sanxiang.core import public_cache, segment
from sanxiang.core.models import SearchEntry
from sanxiang.core.search_schema import FTS_TABLE, TABLE

# Beyond this much text a document is long enough to be found; the rest only grows the index.
MAX_TEXT_CHARS = 20_000
# A query is a few words, not a document: longer input is cut here.
MAX_QUERY_CHARS = 100
MAX_QUERY_TERMS = 32
# Deep pages of a ranked list cost a scan of everything above them and help nobody.
MAX_OFFSET = 1_000
MAX_LIMIT = 100
BATCH_SIZE = 1_000
SNIPPET_CHARS = 120

_KIND = re.compile(r"[a-z_]{1,20}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# PostgreSQL's ts_rank weights for {D, C, B, A}: text is D, title is A — ten to one, as on
# SQLite where bm25() weighs the title column 10 and the text column 1.
_PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"


@dataclass(frozen=True)
class Document:
    """One document to index (the arguments of ``index``)."""

    kind: str
    key: str
    title: str
    text: str
    url: str
    body_id: int | None = None
    boost: float = 1.0


@dataclass(frozen=True)
class Hit:
    kind: str
    key: str
    title: str
    url: str
    snippet: SafeString
    score: float
    body_id: int | None = None
    title_html: str = ""


@dataclass(frozen=True)
class RebuildResult:
    indexed: int
    removed: int


# --------------------------------------------------------------------------------------
# Writing


def _entry(document: Document, now) -> SearchEntry:
    if not _KIND.fullmatch(document.kind or ""):
        raise ValueError(f"search kind must match [a-z_]{{1,20}}, not {document.kind!r}")
    key = str(document.key)
    if not key or len(key) > 64:
        raise ValueError(f"search key must be 1 to 64 characters, not {key!r}")
    url = document.url or ""
    # Only paths on this site: an indexed "javascript:" or foreign address must never
    # become a link on the portal.
    # ("/\\host" is "//host" to browsers.)
    if not url.startswith("/") or url[1:2] in ("/", "\\") or any(ord(c) < 32 for c in url):
        raise ValueError(f"search url must be a path on this site, not {url!r}")
    title = (document.title or "")[:300]
    text = (document.text or "")[:MAX_TEXT_CHARS]
    return SearchEntry(
        kind=document.kind, key=key, body_id=document.body_id, title=title, url=url,
        text=text, title_tokens=segment.document_tokens(title),
        tokens=segment.document_tokens(text), boost=float(document.boost), updated_at=now,
    )


_UPDATE_FIELDS = ["body", "title", "url", "text", "title_tokens", "tokens", "boost",
                  "updated_at"]


def _upsert(entries: list[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["kind", "key"],
        update_fields=_UPDATE_FIELDS,
    )
    public_cache.bump(public_cache.SEARCH)


def index(kind: str, key: str, *, title: str, text: str, url: str, body_id: int | None = None,
          boost: float = 1.0) -> None:
    """Add or replace the document (kind, key)."""
    _upsert([_entry(Document(kind, key, title, text, url, body_id, boost), timezone.now())])


def index_many(documents: Iterable[Document], *, batch_size: int = BATCH_SIZE) -> int:
    """Add or replace many documents, ``batch_size`` rows per statement. Returns the count."""
    count = 0
    iterator = iter(documents)
    while batch := list(islice(iterator, batch_size)):
        now = timezone.now()
        _upsert([_entry(document, now) for document in batch])
        count += len(batch)
    return count


def remove(kind: str, key: str) -> bool:
    """Remove the document (kind, key); True if it was there."""
    deleted, _ = SearchEntry.objects.filter(kind=kind, key=str(key)).delete()
    if deleted:
        public_cache.bump(public_cache.SEARCH)
    return bool(deleted)


def rebuild(kind: str, documents: Iterable[Document], *,
            batch_size: int = BATCH_SIZE) -> RebuildResult:
    """Make the entries of ``kind`` exactly ``documents``, streaming in batches.

    Every written entry carries the rebuild's start time; entries of the kind older than
    that were not in ``documents`` and are removed at the end. An ``index()`` running
    meanwhile writes a later time, so it is kept.
    """
    started = timezone.now()
    count = 0
    iterator = iter(documents)
    while batch := list(islice(iterator, batch_size)):
        entries = []
        for document in batch:
            if document.kind != kind:
                raise ValueError(f"rebuild({kind!r}) was given a {document.kind!r} document")
            entries.append(_entry(document, started))
        _upsert(entries)
        count += len(entries)
    removed, _ = SearchEntry.objects.filter(kind=kind, updated_at__lt=started).delete()
    public_cache.bump(public_cache.SEARCH)
    return RebuildResult(indexed=count, removed=removed)


_SOURCES: dict[str, Callable[[], Iterable[Document]]] = {}


def register_source(kind: str, documents: Callable[[], Iterable[Document]]) -> None:
    """Declare where ``rebuild_all`` gets the documents of ``kind`` (call at import of
    your app's ``search_index`` module)."""
    _SOURCES[kind] = documents


def sources() -> dict[str, Callable[[], Iterable[Document]]]:
    autodiscover_modules("search_index")
    return dict(_SOURCES)


def rebuild_all(kinds: Iterable[str] | None = None) -> dict[str, RebuildResult]:
    """Rebuild every registered kind (or those named) from its source."""
    known = sources()
    wanted = list(kinds) if kinds else sorted(known)
    unknown = [k for k in wanted if k not in known]
    if unknown:
        raise KeyError(f"no search source for {unknown}; known: {sorted(known)}")
    return {kind: rebuild(kind, known[kind]()) for kind in wanted}


def optimize() -> None:
    """After a large rebuild: merge FTS5's segments (SQLite) or refresh the planner's
    statistics (PostgreSQL). Searching works without it, only slower for a while."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO core_searchentry_fts(core_searchentry_fts) "
                           "VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE core_searchentry")


# --------------------------------------------------------------------------------------
# Searching


@dataclass(frozen=True)
class Query:
    """A query as term groups: a document matches when it has every term of any group."""

    groups: tuple[tuple[str, ...], ...]
    terms: tuple[str, ...]  # everything to highlight, longest first

    def __bool__(self):
        return bool(self.groups)


def parse(text: str) -> Query:
    """The words of ``text`` (all of them) OR its CJK bigrams and other words (all of them)."""
    text = (text or "")[:MAX_QUERY_CHARS]
    words = list(dict.fromkeys(segment.words(text)))[:MAX_QUERY_TERMS]
    others = [w for w in words if not _CJK.search(w)]
    grams = list(dict.fromkeys(segment.bigrams(text) + others))[:MAX_QUERY_TERMS]
    groups = []
    for group in (tuple(words), tuple(grams)):
        if group and set(group) not in [set(g) for g in groups]:
            groups.append(group)
    terms = sorted(set(words) | set(grams), key=lambda t: (-len(t), t))
    return Query(groups=tuple(groups), terms=tuple(terms))


def _fts5_match(query: Query) -> str:
    # Every term is quoted: whatever the user typed is a string to FTS5, never an operator.
    def quoted(term):
        return '"' + term.replace('"', '""') + '"'

    return " OR ".join("(" + " AND ".join(quoted(t) for t in group) + ")"
                       for group in query.groups)


def _filters(kinds, body_id, column_prefix: str) -> tuple[str, list]:
    sql, params = "", []
    if kinds:
        kinds = list(kinds)
        sql += f" AND {column_prefix}kind IN ({', '.join(['%s'] * len(kinds))})"
        params += kinds
    if body_id is not None:
        sql += f" AND {column_prefix}body_id = %s"
        params.append(int(body_id))
    return sql, params


def raw_sql(query: Query, *, kinds=None, body_id=None, limit=20,
            offset=0) -> tuple[str, list]:
    """The SQL ``search`` runs, for this database (the benchmark times it bare).

    The inner query ranks and cuts to the page reading only small columns; the outer one
    fetches the long text for the page's rows alone — sorting every match with its text
    would drag the text of all of them through the sort.
    """
    # Only constants and "%s" placeholders are formatted into these statements.
    where, params = _filters(kinds, body_id, "e.")
    page = "ORDER BY score DESC, e.id DESC LIMIT %s OFFSET %s"
    if connection.vendor == "sqlite":
        ranked = (
            f"SELECT e.id, -bm25({FTS_TABLE}, 10.0, 1.0) * e.boost AS score "  # noqa: S608
            f"FROM {FTS_TABLE} JOIN {TABLE} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s{where} {page}"
        )
        params = [_fts5_match(query), *params, limit, offset]
    elif connection.vendor == "postgresql":
        tsquery = " || ".join(["plainto_tsquery('simple', %s)"] * len(query.groups))
        rank = "ts_rank(%s, e.search_vector, q.query, 1) * e.boost"
        ranked = (
            f"SELECT e.id, {rank} AS score "  # noqa: S608
            f"FROM {TABLE} e, (SELECT {tsquery} AS query) q "
            f"WHERE e.search_vector @@ q.query{where} {page}"
        )
        params = [_PG_WEIGHTS, *(" ".join(g) for g in query.groups), *params, limit, offset]
    else:
        raise NotImplementedError(
            f"full-text search is not implemented for {connection.vendor}")
    sql = (
        "SELECT e.kind, e.key, e.title, e.url, e.text, e.body_id, r.score "  # noqa: S608
        f"FROM ({ranked}) r JOIN {TABLE} e ON e.id = r.id "
        "ORDER BY r.score DESC, e.id DESC"
    )
    return sql, params


def search(query: str, *, kinds: Iterable[str] | None = None, body_id: int | None = None,
           limit: int = 20, offset: int = 0) -> list[Hit]:
    """The best ``limit`` public documents for ``query``, from ``offset`` on.

    Title matches rank above text matches; documents with the query as a phrase above
    those with its words scattered. Filters: ``kinds`` (any of), ``body_id``.
    """
    parsed = parse(query)
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    if not parsed or limit == 0 or offset >= MAX_OFFSET:
        return []
    limit = min(limit, MAX_OFFSET - offset)
    sql, params = raw_sql(parsed, kinds=kinds, body_id=body_id, limit=limit, offset=offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    pattern = _pattern(parsed.terms)
    return [
        Hit(kind=kind, key=key, title=title, url=url, snippet=snippet(text, pattern),
            score=float(score), body_id=row_body, title_html=highlight(title, pattern))
        for kind, key, title, url, text, row_body, score in rows
    ]


def matching_keys(words: Iterable[str], *, every: bool, kind: str,
                  limit: int) -> list[str]:
    """Keys of up to ``limit`` entries of ``kind`` that hold ``words`` (each of them if
    ``every``, else any), best first by the index's rank: candidates for a caller that
    then applies its own exact test and order, so that it reads ``limit`` rows, not every
    row of the kind. A word is found as ``search`` finds a query (its words, or its
    bigrams); a word with nothing to find is left out."""
    queries = [q for q in (parse(w) for w in words) if q]
    if not queries or limit <= 0:
        return []
    if connection.vendor == "sqlite":
        joiner = " AND " if every else " OR "
        match = joiner.join(f"({_fts5_match(q)})" for q in queries)
        sql = (f"SELECT e.key FROM {FTS_TABLE} JOIN {TABLE} e "  # noqa: S608
               f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND e.kind = %s "
               f"ORDER BY bm25({FTS_TABLE}, 10.0, 1.0), e.id DESC LIMIT %s")
        params = [match, kind, int(limit)]
    elif connection.vendor == "postgresql":
        joiner = " && " if every else " || "
        parts, params = [], []
        for q in queries:
            parts.append("(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(q.groups))
                         + ")")
            params += [" ".join(g) for g in q.groups]
        sql = (f"SELECT e.key FROM {TABLE} e, (SELECT {joiner.join(parts)} AS query) q "  # noqa: S608
               "WHERE e.search_vector @@ q.query AND e.kind = %s "
               "ORDER BY ts_rank(e.search_vector, q.query, 1) DESC, e.id DESC LIMIT %s")
        params += [kind, int(limit)]
    else:
        raise NotImplementedError(
            f"full-text search is not implemented for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [key for (key,) in cursor.fetchall()]


# --------------------------------------------------------------------------------------
# Highlighting


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    terms = [t for t in terms if t]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _spans(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    """Matched spans, adjacent and overlapping ones merged (安全|生产 → 安全生产)."""
    if pattern is None:
        return []
    spans: list[tuple[int, int]] = []
    for match in islice(pattern.finditer(text), 500):
        start, end = match.span()
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _marked(text: str, spans: Iterable[tuple[int, int]], start: int, end: int) -> str:
    out, at = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e <= s:
            continue
        out.append(escape(text[at:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        at = e
    out.append(escape(text[at:end]))
    return "".join(out)


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """All of ``text``, escaped, with the matches in <mark>."""
    text = unicodedata.normalize("NFKC", text or "")
    return mark_safe(_marked(text, _spans(text, pattern), 0, len(text)))  # noqa: S308 — escaped


def snippet(text: str, pattern: re.Pattern | None, width: int = SNIPPET_CHARS) -> SafeString:
    """The ``width`` characters of ``text`` with the most matches, escaped, matches in <mark>."""
    text = " ".join(unicodedata.normalize("NFKC", text or "").split())
    spans = _spans(text, pattern)
    start = 0
    if spans:
        best = -1
        for i, (s, _e) in enumerate(spans):
            covered = sum(1 for s2, _ in spans[i:] if s2 < s + width)
            if covered > best:
                best, start = covered, s
        # A little context before the first match, when there is room for it.
        start = max(0, min(start - width // 6, len(text) - width))
    end = min(len(text), start + width)
    html = _marked(text, spans, start, end)
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return mark_safe(html)  # noqa: S308 — every piece of text went through escape()


def documents_in_batches(queryset, to_document: Callable[[object], Document | None], *,
                         chunk_size: int = BATCH_SIZE) -> Iterator[Document]:
    """Stream a queryset as documents (``to_document`` may return None to skip a row)."""
    for obj in queryset.iterator(chunk_size=chunk_size):
        document = to_document(obj)
        if document is not None:
            yield document
