"""The database's own full-text structures behind ``SearchEntry`` (docs/adr/0005-search.md).

SQLite: an FTS5 table with external content (the rows stay in ``core_searchentry``; FTS5
holds only the inverted index), kept in step by triggers, ranked with ``bm25()``.

PostgreSQL: a ``search_vector tsvector`` column, filled by a trigger from the two token
columns (title with weight A, text with weight D), under a GIN index, ranked with
``ts_rank``. A stored column rather than an expression index, so that ranking the matches
reads the vector instead of parsing the tokens again for every matching row.

Both are created by migration ``core.0004_search`` and are invisible to the ORM: only
``sanxiang.core.search`` queries them.
"""

TABLE = "core_searchentry"
FTS_TABLE = "core_searchentry_fts"

# Literal SQL (table names spelled out): only constants ever go into these statements.
_SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS core_searchentry_fts USING fts5("
    "title_tokens, tokens, content='core_searchentry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_insert "
    "AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(rowid, title_tokens, tokens) "
    "VALUES (new.id, new.title_tokens, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_delete "
    "AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title_tokens, tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_update "
    "AFTER UPDATE OF title_tokens, tokens ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title_tokens, tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.tokens); "
    "INSERT INTO core_searchentry_fts(rowid, title_tokens, tokens) "
    "VALUES (new.id, new.title_tokens, new.tokens); END",
    # Rows written before the table existed (none in a fresh install) get indexed too.
    "INSERT INTO core_searchentry_fts(core_searchentry_fts) VALUES ('rebuild')",
]

_SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]

_PG_INSTALL = [
    "ALTER TABLE core_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector",
    # Keep rows up to a page inline and uncompressed: ranking reads the vector of every
    # match, and detoasting it was 90 % of a query's time (0.85 s → 0.08 s for a term in a
    # quarter of 50 000 documents).
    "ALTER TABLE core_searchentry SET (toast_tuple_target = 8160)",
    """CREATE OR REPLACE FUNCTION core_searchentry_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('simple', coalesce(NEW.title_tokens, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(NEW.tokens, '')), 'D');
    RETURN NEW;
END
$$""",
    "DROP TRIGGER IF EXISTS core_searchentry_vector ON core_searchentry",
    "CREATE TRIGGER core_searchentry_vector BEFORE INSERT OR UPDATE OF title_tokens, tokens "
    "ON core_searchentry FOR EACH ROW EXECUTE FUNCTION core_searchentry_vector()",
    "UPDATE core_searchentry SET tokens = tokens",
    "CREATE INDEX IF NOT EXISTS core_searchentry_vector_gin "
    "ON core_searchentry USING gin (search_vector)",
]

_PG_UNINSTALL = [
    "ALTER TABLE core_searchentry RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS core_searchentry_vector_gin",
    "DROP TRIGGER IF EXISTS core_searchentry_vector ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchentry_vector()",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _statements(vendor: str, install: bool) -> list[str]:
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_UNINSTALL
    if vendor == "postgresql":
        return _PG_INSTALL if install else _PG_UNINSTALL
    raise NotImplementedError(f"full-text search is not implemented for {vendor}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)
