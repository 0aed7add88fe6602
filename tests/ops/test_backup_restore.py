"""``sanxiang backup DIR`` → wipe → ``sanxiang restore DIR`` → ``sanxiang ledger verify``, on
SQLite and on PostgreSQL; refusals of a damaged backup, a non-empty target and the other
kind of database."""

import json
import os
import shutil
import stat
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from sanxiang.backup import manifest

from .installation import Installation


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def check_backup_layout(backup: Path, blob_digest: str) -> dict:
    content = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert mode(backup) == 0o700
    assert mode(backup / "keys") == 0o700  # the keys kept apart
    for rel, entry in content["files"].items():
        path = backup / rel
        assert entry["digest"] == manifest.file_digest(path, content["digest_algorithm"]), rel
        assert mode(path) & 0o077 == 0, rel
    assert {"keys/ledger-ed25519.pem", "keys/ledger-ed25519.pub"} <= set(content["files"])
    hexdigits = blob_digest.split(":")[1]
    assert f"blobs/sm3/{hexdigits[:2]}/{hexdigits[2:4]}/{hexdigits}" in content["files"]
    return content


@pytest.mark.embedded
def test_backup_wipe_restore_verify_on_sqlite(tmp_path):
    site = Installation(tmp_path / "data")
    blob = site.populate()
    root_before = site.ledger_root()
    backup = tmp_path / "backup"
    site.run("backup", str(backup))
    content = check_backup_layout(backup, blob)
    assert content["engine"] == "sqlite"
    assert content["ledger"]["root"] == root_before and content["ledger"]["size"] == 3

    shutil.rmtree(site.data_dir)  # the disk is lost
    restored = site.run("restore", str(backup))
    assert "默克尔根与备份时一致" in restored.stdout
    assert site.ledger_root() == root_before
    # Data at rest after the restore: private directory, database and keys.
    assert mode(site.data_dir) == 0o700
    assert mode(site.data_dir / "sanxiang.sqlite3") == 0o600
    assert mode(site.data_dir / "keys" / "ledger-ed25519.pem") == 0o600
    blob_files = [p for p in (site.data_dir / "blobs").rglob("*") if p.is_file()]
    assert blob_files and all(mode(p) == 0o400 for p in blob_files)

    # Restoring over a live installation is refused, in Chinese, and changes nothing.
    again = site.run("restore", str(backup), check=False)
    assert again.returncode == 1 and "恢复只能在空的数据目录中进行" in again.stderr
    assert site.ledger_root() == root_before


@pytest.mark.embedded
def test_restore_refuses_a_backup_changed_in_storage(tmp_path):
    site = Installation(tmp_path / "data")
    site.populate()
    backup = tmp_path / "backup"
    site.run("backup", str(backup))
    shutil.rmtree(site.data_dir)
    blob = next(p for p in (backup / "blobs").rglob("*") if p.is_file())
    blob.chmod(0o600)
    blob.write_bytes(blob.read_bytes().replace("笔录".encode(), "记录".encode()))
    refused = site.run("restore", str(backup), check=False)
    assert refused.returncode == 1
    assert "备份已损坏或被改动，未作任何恢复" in refused.stderr
    assert "与清单中的摘要不符" in refused.stderr
    assert not (site.data_dir / "sanxiang.sqlite3").exists() or \
        (site.data_dir / "sanxiang.sqlite3").stat().st_size == 0


@pytest.fixture
def postgres_databases():
    """Two fresh databases on the test run's PostgreSQL server, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…); the SQLite test runs always")
    if not shutil.which("pg_dump"):
        pytest.fail("pg_dump is missing: apt-get install postgresql-client (./dev test does)")
    server = dj_database_url.parse(url)
    base = f"{server['NAME']}_backup_{os.getpid()}"
    names = [f"{base}_a", f"{base}_b"]
    admin = psycopg.connect(host=server["HOST"], port=server["PORT"] or 5432,
                            user=server["USER"], password=server["PASSWORD"] or None,
                            dbname="postgres", autocommit=True)

    def recreate(name):
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    for name in names:
        recreate(name)
    host = f"{server['USER']}@{server['HOST']}:{server['PORT'] or 5432}"
    yield [f"postgres://{host}/{name}" for name in names], recreate, names
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@pytest.mark.postgres
def test_backup_wipe_restore_verify_on_postgresql(tmp_path, postgres_databases):
    (url_a, url_b), recreate, names = postgres_databases
    site = Installation(tmp_path / "data", url_a)
    blob = site.populate()
    root_before = site.ledger_root()
    backup = tmp_path / "backup"
    site.run("backup", str(backup))
    content = check_backup_layout(backup, blob)
    assert content["engine"] == "postgresql" and content["ledger"]["root"] == root_before

    shutil.rmtree(site.data_dir)
    recreate(names[0])  # the database is lost: an empty one in its place
    restored = site.run("restore", str(backup))
    assert "默克尔根与备份时一致" in restored.stdout
    assert site.ledger_root() == root_before

    # Into a database that has tables: refused.
    other = Installation(tmp_path / "other", url_a)
    refused = other.run("restore", str(backup), check=False)
    assert refused.returncode == 1 and "恢复只能在空的数据库中进行" in refused.stderr

    # A SQLite backup onto PostgreSQL: refused with the reason, nothing written.
    sqlite_backup = tmp_path / "sqlite-backup"
    (sqlite_backup / "database").mkdir(parents=True)
    database_file = sqlite_backup / "database" / "sanxiang.sqlite3"
    database_file.write_bytes(b"SQLite format 3\x00")
    manifest.write(sqlite_backup, content | {
        "engine": "sqlite", "database_file": "database/sanxiang.sqlite3",
        "files": manifest.describe_files(sqlite_backup, ["database/sanxiang.sqlite3"], "sm3")})
    cross = Installation(tmp_path / "cross", url_b).run("restore", str(sqlite_backup),
                                                        check=False)
    assert cross.returncode == 1
    assert "这是 SQLite 数据库的备份，而本平台配置的是 PostgreSQL" in cross.stderr
