"""``sanxiang backup DIR`` and ``sanxiang restore DIR``.

Backup order: the database snapshot first, then the blobs. A record is committed only after
its blob is stored (write-once, content-addressed), so every blob the snapshot refers to is
already on disk when the blobs are copied; blobs stored meanwhile are copied too and are
harmless. Keys go to their own folder (0700, files 0600); the manifest lists every file's
digest and the ledger's size and Merkle root as of the snapshot.

Restore refuses a damaged or altered backup (digests), a database of the other kind (a
SQLite backup cannot be restored onto PostgreSQL, nor the reverse: the formats differ —
restore where it was made, then move with ``dumpdata``/``loaddata`` if ever needed), and a
target that is not empty. It then checks the ledger: the whole chain verifies and the Merkle
root equals the one recorded at backup time.
"""

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sanxiang.backup import database, files, manifest
from sanxiang.backup.manifest import BackupError
from sanxiang.cli import DEMO_MARKER
from sanxiang.core.cli_text import os_error_text

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _prepare_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} 已存在且不是空文件夹：请给出一个新的备份文件夹。")
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.chmod(0o700)
    except OSError as error:  # a read-only disk, no right to write there, /proc/…
        raise BackupError(f"无法建立备份文件夹 {target}：{os_error_text(error)}") from None


def make_backup(target: Path) -> dict:
    target = Path(target).resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if target == data_dir or data_dir in target.parents:
        raise BackupError("备份文件夹不能放在数据目录之内。")
    engine = database.engine()
    _prepare_target(target)
    if engine == "sqlite":
        database_file = database.SQLITE_FILE
        state = database.dump_sqlite(target / database_file)
    else:
        database_file = database.PG_FILE
        state = database.dump_postgresql(target / database_file)
    written = [database_file, *files.save(target)]
    algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    content = {
        "format": manifest.FORMAT,
        "created_at": timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "engine": engine,
        "database_file": database_file,
        "digest_algorithm": algorithm,
        "demo": (data_dir / DEMO_MARKER).exists(),
        "ledger": state,
        "files": manifest.describe_files(target, written, algorithm),
    }
    manifest.write(target, content)
    return content


def restore(source: Path) -> dict:
    """Restore the backup in ``source``; return its manifest once the ledger checks out."""
    from sanxiang.ledger import proofs as ledger_proofs
    from sanxiang.ledger import verify as ledger_verify

    source = Path(source).resolve()
    content = manifest.read(source)
    problems = manifest.problems(source, content)
    if problems:
        shown = "；".join(problems[:5]) + ("……" if len(problems) > 5 else "")
        raise BackupError(f"备份已损坏或被改动，未作任何恢复：{shown}")
    engine = database.engine()
    if content["engine"] != engine:
        raise BackupError(
            f"这是 {ENGINE_NAMES.get(content['engine'], content['engine'])} 数据库的备份，"
            f"而本平台配置的是 {ENGINE_NAMES[engine]}：不同数据库之间不能直接恢复。"
            "请在同类数据库上恢复（见 README“备份与恢复”）。")
    files.check_empty()
    database_file = source / content["database_file"]
    if engine == "sqlite":
        database.restore_sqlite(database_file)
    else:
        database.restore_postgresql(database_file)
    files.restore(source, content)

    size = ledger_proofs.ledger_size()
    expected = content["ledger"]
    if size != expected["size"] or ledger_proofs.tree_root(size) != expected["root"]:
        raise BackupError(f"恢复后的台账（{size} 条）与备份时记录的默克尔根不一致。")
    result = ledger_verify.verify()
    if not result.ok:
        raise BackupError(f"恢复后的台账未通过核对：{result.summary()}")
    return content
