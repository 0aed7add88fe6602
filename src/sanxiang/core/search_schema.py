"""The database's own full-text structures behind ``SearchEntry`` (docs/adr/0005-search.md).

SQLite: an FTS5 table with external content (the rows stay in ``core_searchentry``; FTS5
holds only the inverted index), kept in step by triggers, ranked with ``bm25()``.

PostgreSQL: a ``search_vector tsvector`` column, filled by a trigger from the two token
columns (title with weight A, text with weight D), under a GIN index, ranked with
``ts_rank``.

The statements are built by ``core.fts_schema`` (shared with the similar-case index). Both
are created by migration ``core.0004_search`` and are invisible to the ORM: only
``sanxiang.core.search`` queries them.
"""

from sanxiang.core.fts_schema import FullTextIndex

INDEX = FullTextIndex(table="core_searchentry", rowid="id",
                      columns=(("title_tokens", "A"), ("tokens", "D")))
TABLE = INDEX.table
FTS_TABLE = INDEX.fts_table
_statements = INDEX.statements
install = INDEX.install
uninstall = INDEX.uninstall
