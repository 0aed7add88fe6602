"""The set-up of a database full-text index over token columns, written once.

Used by the portal's public index (``core.search_schema``) and by the similar-case index
(``assist.similar_schema``); each describes its table, and this builds the statements:

SQLite: an FTS5 table ``<table>_fts`` with external content (the rows stay in ``table``;
FTS5 holds only the inverted index), kept in step by three triggers, ranked with
``bm25()``; the last statement indexes the rows written before the table existed.

PostgreSQL: a ``search_vector tsvector`` column, filled by a trigger from the token columns
(each with its weight, if given), under a GIN index, ranked with ``ts_rank``. A stored
column rather than an expression index, so ranking the matches reads the vector instead of
parsing the tokens again for every matching row. Rows up to a page are kept inline and
uncompressed: ranking reads the vector of every match, and detoasting it was 90 % of a
query's time (0.85 s → 0.08 s for a term in a quarter of 50 000 documents).

Only constants from the code go into these statements (names are checked), never input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class FullTextIndex:
    table: str
    rowid: str  # the table's integer key, the FTS5 rowid
    columns: tuple[tuple[str, str | None], ...]  # (token column, PostgreSQL weight or None)

    def __post_init__(self):
        for name in (self.table, self.rowid, *(c for c, _w in self.columns)):
            if not _NAME.match(name):
                raise ValueError(f"not a plain SQL name: {name!r}")

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    def _names(self, prefix: str = "") -> str:
        return ", ".join(prefix + c for c, _w in self.columns)

    def sqlite_install(self) -> list[str]:
        t, fts, rowid = self.table, self.fts_table, self.rowid
        cols = self._names()
        # Names checked in __post_init__: no input ever reaches these statements.
        delete = (f"INSERT INTO {fts}({fts}, rowid, {cols}) "  # noqa: S608
                  f"VALUES ('delete', old.{rowid}, {self._names('old.')}); ")
        insert = (f"INSERT INTO {fts}(rowid, {cols}) "  # noqa: S608
                  f"VALUES (new.{rowid}, {self._names('new.')}); ")
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
            f"{cols}, content='{t}', content_rowid='{rowid}', "
            "tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {t} BEGIN "
            f"{insert}END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {t} BEGIN "
            f"{delete}END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {cols} ON {t} BEGIN "
            f"{delete}{insert}END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
        ]

    def sqlite_uninstall(self) -> list[str]:
        fts = self.fts_table
        return [f"DROP TRIGGER IF EXISTS {fts}_insert", f"DROP TRIGGER IF EXISTS {fts}_delete",
                f"DROP TRIGGER IF EXISTS {fts}_update", f"DROP TABLE IF EXISTS {fts}"]

    def _vector(self) -> str:
        parts = []
        for column, weight in self.columns:
            part = f"to_tsvector('simple', coalesce(NEW.{column}, ''))"
            parts.append(f"setweight({part}, '{weight}')" if weight else part)
        return "\n        || ".join(parts)

    def postgresql_install(self) -> list[str]:
        t, last = self.table, self.columns[-1][0]
        vector = self._vector()
        vector = ("\n        " if len(self.columns) > 1 else " ") + vector
        return [
            f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS search_vector tsvector",
            f"ALTER TABLE {t} SET (toast_tuple_target = 8160)",
            f"""CREATE OR REPLACE FUNCTION {t}_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :={vector};
    RETURN NEW;
END
$$""",
            f"DROP TRIGGER IF EXISTS {t}_vector ON {t}",
            f"CREATE TRIGGER {t}_vector BEFORE INSERT OR UPDATE OF {self._names()} "
            f"ON {t} FOR EACH ROW EXECUTE FUNCTION {t}_vector()",
            # Fills the vector of the rows already there.
            f"UPDATE {t} SET {last} = {last}",  # noqa: S608
            f"CREATE INDEX IF NOT EXISTS {t}_vector_gin ON {t} USING gin (search_vector)",
        ]

    def postgresql_uninstall(self) -> list[str]:
        t = self.table
        return [
            f"ALTER TABLE {t} RESET (toast_tuple_target)",
            f"DROP INDEX IF EXISTS {t}_vector_gin",
            f"DROP TRIGGER IF EXISTS {t}_vector ON {t}",
            f"DROP FUNCTION IF EXISTS {t}_vector()",
            f"ALTER TABLE {t} DROP COLUMN IF EXISTS search_vector",
        ]

    def statements(self, vendor: str, install: bool) -> list[str]:
        if vendor == "sqlite":
            return self.sqlite_install() if install else self.sqlite_uninstall()
        if vendor == "postgresql":
            return self.postgresql_install() if install else self.postgresql_uninstall()
        raise NotImplementedError(f"full-text search is not implemented for {vendor}")

    def install(self, connection) -> None:
        with connection.cursor() as cursor:
            for statement in self.statements(connection.vendor, install=True):
                cursor.execute(statement)

    def uninstall(self, connection) -> None:
        with connection.cursor() as cursor:
            for statement in self.statements(connection.vendor, install=False):
                cursor.execute(statement)
