"""The backup's manifest: what was copied, each file's digest, and the ledger it holds.

``manifest.json`` at the top of the backup folder::

    {"format": "sanxiang-backup/1", "created_at": "…Z", "engine": "sqlite" | "postgresql",
     "database_file": "database/sanxiang.sqlite3" | "database/sanxiang.pgdump",
     "digest_algorithm": "sm3", "demo": false,
     "ledger": {"size": N, "root": "sm3:…"},
     "files": {"database/…": {"digest": "sm3:…", "size": n}, "blobs/…": …, "keys/…": …}}

Digests use the platform's algorithm (SM3 by default). Restoring checks every file first, so
a backup damaged or altered in storage is refused before anything is written.
"""

import json
from pathlib import Path

from sanxiang.core import digests

FORMAT = "sanxiang-backup/1"
MANIFEST = "manifest.json"
READ_SIZE = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused; the message is Chinese, for the operator."""


def file_digest(path: Path, algorithm: str) -> str:
    hasher = digests.new(algorithm)
    with path.open("rb") as handle:
        while block := handle.read(READ_SIZE):
            hasher.update(block)
    return digests.format_digest(algorithm, hasher.digest())


def describe_files(root: Path, relative_paths, algorithm: str) -> dict:
    return {rel: {"digest": file_digest(root / rel, algorithm), "size": (root / rel).stat().st_size}
            for rel in sorted(relative_paths)}


def files_under(root: Path) -> list[str]:
    """Relative paths (with "/") of the regular files under ``root``, backup files excluded."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name != MANIFEST)


def write(directory: Path, manifest: dict) -> None:
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")
    path.chmod(0o600)


def read(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{directory} 不是三项平台的备份：缺少 {MANIFEST}。")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{path} 无法读取（不是有效的 JSON），备份可能已损坏。") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 的格式不是 {FORMAT}，本版本无法恢复。")
    return manifest


def problems(directory: Path, manifest: dict) -> list[str]:
    """Every difference between the folder and its manifest, in Chinese; [] when intact."""
    algorithm = manifest.get("digest_algorithm", "sm3")
    listed = manifest.get("files") or {}
    found = set(files_under(directory))
    found_problems = []
    for rel, entry in sorted(listed.items()):
        path = directory / rel
        if rel not in found:
            found_problems.append(f"缺少文件 {rel}")
        elif path.stat().st_size != entry.get("size") or \
                file_digest(path, algorithm) != entry.get("digest"):
            found_problems.append(f"文件 {rel} 与清单中的摘要不符")
    found_problems += [f"清单中没有的文件 {rel}" for rel in sorted(found - set(listed))]
    return found_problems
