"""The database half of a backup: a consistent copy and the ledger state inside it.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the live database page
by page into a new file, as one consistent snapshot even while the platform writes (WAL).
The ledger's size and Merkle root are then read from that file itself.

PostgreSQL: ``pg_dump`` (custom format). A REPEATABLE READ, READ ONLY transaction exports
its snapshot (``pg_export_snapshot()``), the ledger's size and root are computed inside it,
and pg_dump runs with ``--snapshot``: the dump and the recorded root see the very same
database state, to the row. Restore is ``pg_restore`` into an empty database.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from sanxiang import ledger
from sanxiang.backup.manifest import BackupError
from sanxiang.core import digests
from sanxiang.ledger import merkle
from sanxiang.ledger import proofs as ledger_proofs

SQLITE_FILE = "database/sanxiang.sqlite3"
PG_FILE = "database/sanxiang.pgdump"
PAGE = 10_000


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"不支持备份 {vendor} 数据库。")
    return vendor


def sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


# ----------------------------------------------------------------------------- SQLite


def _read_only(path: Path):
    """Open a SQLite file without writing anything beside it (no -wal, no -shm)."""
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def dump_sqlite(target: Path) -> dict:
    """Copy the live database into ``target``; return the ledger state in the copy."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # A standalone file: no write-ahead log beside it, so reading it writes nothing.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    target.chmod(0o600)
    return sqlite_ledger_state(target)


def sqlite_ledger_state(path: Path) -> dict:
    """Size and Merkle root of the ledger held in a SQLite file (read only)."""
    source = _read_only(path)
    try:
        row = source.execute("SELECT size, last_digest FROM core_ledgerhead WHERE id = 1")\
            .fetchone()
        size, last = (row if row else (0, ""))
        algorithm = ledger.algorithm_of(last) if last else settings.SANXIANG_DIGEST_ALGORITHM

        def leaves():
            for low in range(0, size, PAGE):
                rows = source.execute(
                    "SELECT digest FROM core_ledgerevent WHERE seq > ? AND seq <= ? "
                    "ORDER BY seq", (low, min(low + PAGE, size))).fetchall()
                for (digest,) in rows:
                    yield digests.parse_digest(digest)[1]

        root = digests.format_digest(algorithm, merkle.root(algorithm, leaves()))
    finally:
        source.close()
    return {"size": size, "root": root}


def sqlite_is_empty(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return True
    probe = _read_only(path)
    try:
        return probe.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")\
            .fetchone()[0] == 0
    finally:
        probe.close()


def restore_sqlite(source: Path) -> None:
    target = sqlite_path()
    connection.close()
    if not sqlite_is_empty(target):
        raise BackupError(f"数据库 {target} 已有数据：恢复只能在空的数据目录中进行。")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source_db = _read_only(source)
    destination = sqlite3.connect(target)
    try:
        source_db.backup(destination)
    finally:
        destination.close()
        source_db.close()
    target.chmod(0o600)


# ------------------------------------------------------------------------- PostgreSQL


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"本机没有 {name}：请安装 PostgreSQL 客户端（Debian：apt-get install "
                          f"postgresql-client），其版本不低于数据库服务器的版本。")
    return path


def _pg_arguments() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    arguments = []
    if db.get("HOST"):
        arguments += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", str(db["USER"])]
    arguments += ["--dbname", str(db["NAME"])]
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return arguments, environment


def _run(command: list[str], environment: dict, what: str) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True,  # noqa: S603
                            check=False)
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip() or result.stdout.strip()}")


def dump_postgresql(target: Path) -> dict:
    """pg_dump of one exported snapshot; the ledger state is read in that same snapshot."""
    pg_dump = _pg_tool("pg_dump")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if connection.in_atomic_block:
        raise BackupError("备份不能在另一个数据库事务中进行。")
    arguments, environment = _pg_arguments()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        size = ledger_proofs.ledger_size()
        state = {"size": size, "root": ledger_proofs.tree_root(size)}
        # The exporting transaction stays open until pg_dump has imported the snapshot.
        _run([pg_dump, *arguments, "--format=custom", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot}", f"--file={target}"], environment, "pg_dump 导出")
    target.chmod(0o600)
    return state


def postgresql_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables "
                       "WHERE table_schema = current_schema()")
        return cursor.fetchone()[0] == 0


def restore_postgresql(source: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    if not postgresql_is_empty():
        name = settings.DATABASES["default"]["NAME"]
        raise BackupError(f"数据库 {name} 已有数据表：恢复只能在空的数据库中进行"
                          "（请新建一个空数据库，并让 DATABASE_URL 指向它）。")
    connection.close()
    arguments, environment = _pg_arguments()
    _run([pg_restore, *arguments, "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", str(source)], environment, "pg_restore 恢复")
