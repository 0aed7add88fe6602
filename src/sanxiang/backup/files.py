"""The file halves of a backup: the blob store, and the keys (kept apart, 0700/0600)."""

import shutil
from pathlib import Path

from django.conf import settings

from sanxiang.backup.manifest import BackupError
from sanxiang.cli import DEMO_MARKER
from sanxiang.core import blobs
from sanxiang.ledger import checkpoints

# What a backup's keys/ folder takes from the data directory: the checkpoint keys, and the
# generated secret key of a demo or test installation (production gives its own).
SECRET_KEY_FILE = "secret_key"  # noqa: S105 — a file name, not a secret


def copy_private(source: Path, target: Path, *, file_mode: int) -> None:
    """Copy one file, creating owner-only folders, and give the copy ``file_mode``."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(file_mode)


def blob_files() -> list[Path]:
    """Stored blobs, without unfinished uploads (``tmp/``: never referenced by a record)."""
    root = blobs.root()
    if not root.is_dir():
        return []
    temporary = blobs.root() / "tmp"
    return sorted(p for p in root.rglob("*") if p.is_file() and temporary not in p.parents)


def key_files() -> list[Path]:
    found = []
    directory = checkpoints.keys_dir()
    if directory.is_dir():
        found += sorted(p for p in directory.iterdir() if p.is_file()
                        and not p.name.startswith("."))
    secret = Path(settings.DATA_DIR) / SECRET_KEY_FILE
    if secret.is_file():
        found.append(secret)
    return found


def save(target: Path) -> list[str]:
    """Copy blobs (0400) and keys (0600 in a 0700 folder) under ``target``; return their
    relative paths."""
    written = []
    for path in blob_files():
        rel = f"blobs/{path.relative_to(blobs.root()).as_posix()}"
        copy_private(path, target / rel, file_mode=0o400)
        written.append(rel)
    (target / "keys").mkdir(mode=0o700, exist_ok=True)
    for path in key_files():
        rel = f"keys/{path.name}"
        copy_private(path, target / rel, file_mode=0o600)
        written.append(rel)
    return written


def _has_files(directory: Path) -> bool:
    return directory.is_dir() and any(p.is_file() for p in directory.rglob("*"))


def check_empty() -> None:
    """Refuse a data directory that already holds stored files or keys."""
    for directory, what in ((blobs.root(), "存储的文件"), (checkpoints.keys_dir(), "密钥")):
        if _has_files(directory):
            raise BackupError(
                f"数据目录中已有{what}（{directory}）：恢复只能在空的数据目录中进行。")


def restore(source: Path, manifest: dict) -> None:
    data_dir = Path(settings.DATA_DIR)
    for rel in manifest["files"]:
        if rel.startswith("blobs/"):
            copy_private(source / rel, blobs.root() / rel.removeprefix("blobs/"),
                         file_mode=0o400)
        elif rel.startswith("keys/"):
            name = rel.removeprefix("keys/")
            if "/" in name:
                raise BackupError(f"清单中的密钥路径无效：{rel}")
            target = data_dir / name if name == SECRET_KEY_FILE \
                else checkpoints.keys_dir() / name
            target.unlink(missing_ok=True)  # a secret key the settings generated meanwhile
            copy_private(source / rel, target, file_mode=0o600)
    if checkpoints.keys_dir().exists():
        checkpoints.keys_dir().chmod(0o700)
    if manifest.get("demo"):
        (data_dir / DEMO_MARKER).write_text("sanxiang demo\n", encoding="utf-8")
