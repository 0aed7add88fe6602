"""The database's own full-text index behind ``CaseText`` (docs/adr/0017-similar-cases.md).

The same set-up as ``core.search_schema`` (the portal's public index), built by the same
``core.fts_schema``, on a table of its own: that index holds only what the public may read,
this one the facts of every case.

SQLite: an FTS5 table with external content (``assist_casetext`` keeps the rows; FTS5 only
the inverted index), kept in step by triggers, ranked with ``bm25()``.

PostgreSQL: a ``search_vector tsvector`` column filled by a trigger from ``tokens``, under
a GIN index, ranked with ``ts_rank``.
"""

from sanxiang.core.fts_schema import FullTextIndex

INDEX = FullTextIndex(table="assist_casetext", rowid="case_id", columns=(("tokens", None),))
TABLE = INDEX.table
FTS_TABLE = INDEX.fts_table
_statements = INDEX.statements
install = INDEX.install
uninstall = INDEX.uninstall
