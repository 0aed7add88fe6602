"""The database's own full-text index behind ``CaseText`` (docs/adr/0017-similar-cases.md).

The same shape as ``core.search_schema`` (the portal's public index), on a table of its
own: that index holds only what the public may read, this one the facts of every case.

SQLite: an FTS5 table with external content (``assist_casetext`` keeps the rows; FTS5 only
the inverted index), kept in step by triggers, ranked with ``bm25()``.

PostgreSQL: a ``search_vector tsvector`` column filled by a trigger from ``tokens``, under
a GIN index, ranked with ``ts_rank``.
"""

TABLE = "assist_casetext"
FTS_TABLE = "assist_casetext_fts"

# Literal SQL: only constants ever go into these statements.
_SQLITE_INSTALL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS assist_casetext_fts USING fts5("
    "tokens, content='assist_casetext', content_rowid='case_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS assist_casetext_fts_insert "
    "AFTER INSERT ON assist_casetext BEGIN "
    "INSERT INTO assist_casetext_fts(rowid, tokens) VALUES (new.case_id, new.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS assist_casetext_fts_delete "
    "AFTER DELETE ON assist_casetext BEGIN "
    "INSERT INTO assist_casetext_fts(assist_casetext_fts, rowid, tokens) "
    "VALUES ('delete', old.case_id, old.tokens); END",
    "CREATE TRIGGER IF NOT EXISTS assist_casetext_fts_update "
    "AFTER UPDATE OF tokens ON assist_casetext BEGIN "
    "INSERT INTO assist_casetext_fts(assist_casetext_fts, rowid, tokens) "
    "VALUES ('delete', old.case_id, old.tokens); "
    "INSERT INTO assist_casetext_fts(rowid, tokens) VALUES (new.case_id, new.tokens); END",
    "INSERT INTO assist_casetext_fts(assist_casetext_fts) VALUES ('rebuild')",
]

_SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS assist_casetext_fts_insert",
    "DROP TRIGGER IF EXISTS assist_casetext_fts_delete",
    "DROP TRIGGER IF EXISTS assist_casetext_fts_update",
    "DROP TABLE IF EXISTS assist_casetext_fts",
]

_PG_INSTALL = [
    "ALTER TABLE assist_casetext ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "ALTER TABLE assist_casetext SET (toast_tuple_target = 8160)",
    """CREATE OR REPLACE FUNCTION assist_casetext_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('simple', coalesce(NEW.tokens, ''));
    RETURN NEW;
END
$$""",
    "DROP TRIGGER IF EXISTS assist_casetext_vector ON assist_casetext",
    "CREATE TRIGGER assist_casetext_vector BEFORE INSERT OR UPDATE OF tokens "
    "ON assist_casetext FOR EACH ROW EXECUTE FUNCTION assist_casetext_vector()",
    "UPDATE assist_casetext SET tokens = tokens",
    "CREATE INDEX IF NOT EXISTS assist_casetext_vector_gin "
    "ON assist_casetext USING gin (search_vector)",
]

_PG_UNINSTALL = [
    "ALTER TABLE assist_casetext RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS assist_casetext_vector_gin",
    "DROP TRIGGER IF EXISTS assist_casetext_vector ON assist_casetext",
    "DROP FUNCTION IF EXISTS assist_casetext_vector()",
    "ALTER TABLE assist_casetext DROP COLUMN IF EXISTS search_vector",
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
