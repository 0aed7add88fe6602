"""Staff search over the case texts: facts, findings and transcripts (R-AST-05).

The same index as similar cases (``similar_schema``), queried with every word of what the
user typed (AND), within the cases the user may see, ranked by the engine's score. Then the
published decisions of other bodies whose publication says every word, found and ordered on
what they published only (``published_pool``): the index's score of their full texts chose
and ordered them before, a trace of the unpublished text (ADR 0064, left open; ADR 0072).
"""

from __future__ import annotations

from django.db import connection

from sanxiang.assist import published_pool
from sanxiang.assist.similar import Similar, _scope_sql, describe, published_matches
from sanxiang.assist.similar_schema import FTS_TABLE, TABLE
from sanxiang.core import segment

MAX_QUERY_CHARS = 100
MAX_TERMS = 16
LIMIT = 20


def search(text: str, *, user, limit: int = LIMIT) -> list[Similar]:
    words = list(dict.fromkeys(segment.words((text or "")[:MAX_QUERY_CHARS])))[:MAX_TERMS]
    if not words:
        return []
    scope, scope_params = _scope_sql(user, published=False)
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = (f"SELECT t.case_id, -bm25({FTS_TABLE}) AS score "  # noqa: S608
               f"FROM {FTS_TABLE} JOIN {TABLE} t ON t.case_id = {FTS_TABLE}.rowid "
               "JOIN org_body b ON b.id = t.body_id "
               f"WHERE {FTS_TABLE} MATCH %s AND {scope} "
               "ORDER BY score DESC, t.case_id DESC LIMIT %s")
        params = [match, *scope_params, limit]
    else:
        sql = ("SELECT t.case_id, ts_rank(t.search_vector, q.query) AS score "  # noqa: S608
               f"FROM {TABLE} t JOIN org_body b ON b.id = t.body_id, "
               "(SELECT plainto_tsquery('simple', %s) AS query) q "
               f"WHERE t.search_vector @@ q.query AND {scope} "
               "ORDER BY score DESC, t.case_id DESC LIMIT %s")
        params = [" ".join(words), *scope_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ranked = [(case_id, float(score)) for case_id, score in cursor.fetchall()]
    if len(ranked) < limit:
        ranked += published_pool.pool(user, words, every=True, limit=limit - len(ranked))
    # Another body's case is found by the words its published decision says, never by
    # its own facts or interviews (ADR 0057): checked once more on the rows shown.
    return describe(published_matches(ranked, user, words, every=True), user)
