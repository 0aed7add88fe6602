"""Content-addressed, write-once storage for documents and evidence (R-REC-02, ADR 0008).

A stored original is named by its digest and never overwritten or deleted through any
interface of the platform: a file is written to a temporary name, hashed while it is
written, and then *linked* into place, which fails rather than replaces when the name is
taken (the same bytes were already stored). Files are made read-only.

The digest of a blob is a Merkle tree hash (RFC 6962 construction, the ledger's own) over
fixed 8 MiB chunks: ``sm3-tree:<hex>``. Each chunk is hashed as it arrives, so a resumable
upload whose chunks come in separate requests — even to separate processes — never reads
the file again to hash it: OpenSSL hash states cannot be saved between requests, chunk
digests can. A file of at most one chunk has the digest ``H(0x00 ‖ bytes)``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from sanxiang.ledger import merkle

CHUNK_SIZE = 8 * 1024 * 1024  # part of the digest's definition: never change it
SCHEME_SUFFIX = "-tree"


@dataclass(frozen=True)
class Blob:
    digest: str  # "sm3-tree:<hex>"
    size: int


class BlobError(Exception):
    pass


def algorithm() -> str:
    return settings.SANXIANG_DIGEST_ALGORITHM


def root() -> Path:
    return Path(settings.DATA_DIR) / "blobs"


def format_tree_digest(alg: str, raw: bytes) -> str:
    return f"{alg}{SCHEME_SUFFIX}:{raw.hex()}"


def parse_tree_digest(digest: str) -> tuple[str, bytes]:
    scheme, _, hexdigits = digest.partition(":")
    if not scheme.endswith(SCHEME_SUFFIX) or len(hexdigits) != 64:
        raise BlobError(f"not a blob digest: {digest!r}")
    alg = scheme[: -len(SCHEME_SUFFIX)]
    if alg not in ("sm3", "sha256"):
        raise BlobError(f"unknown digest algorithm in {digest!r}")
    try:
        return alg, bytes.fromhex(hexdigits)
    except ValueError:
        raise BlobError(f"not a blob digest: {digest!r}") from None


def chunk_leaf(alg: str, chunk: bytes) -> bytes:
    return merkle.hash_leaf(alg, chunk)


def digest_of_leaves(alg: str, leaves: Iterable[bytes]) -> str:
    builder = merkle.TreeBuilder(alg)
    for leaf in leaves:
        builder.append(leaf)
    return format_tree_digest(alg, builder.root())


def digest_of_bytes(data: bytes, alg: str | None = None) -> str:
    alg = alg or algorithm()
    return digest_of_leaves(alg, (chunk_leaf(alg, c) for c in _chunks(data)))


def digest_of_stream(stream, alg: str | None = None) -> tuple[str, int]:
    """Digest and size of a readable binary stream (the verifier's path: no Django)."""
    alg = alg or algorithm()
    builder, size = merkle.TreeBuilder(alg), 0
    while chunk := _read_full(stream, CHUNK_SIZE):
        builder.append(chunk_leaf(alg, chunk))
        size += len(chunk)
    if size == 0:
        builder.append(chunk_leaf(alg, b""))
    return format_tree_digest(alg, builder.root()), size


def _chunks(data: bytes) -> Iterator[bytes]:
    if not data:
        yield b""
    for start in range(0, len(data), CHUNK_SIZE):
        yield data[start:start + CHUNK_SIZE]


def _read_full(stream, n: int) -> bytes:
    parts, left = [], n
    while left:
        part = stream.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def path_of(digest: str) -> Path:
    alg, raw = parse_tree_digest(digest)
    hexdigits = raw.hex()
    return root() / alg / hexdigits[:2] / hexdigits[2:4] / hexdigits


def exists(digest: str) -> bool:
    if path_of(digest).is_file():
        return True
    return _object_store() is not None and _object_store().exists(digest)


def open_blob(digest: str):
    """The original's bytes: the local copy, or the object store's when it has none."""
    try:
        return path_of(digest).open("rb")
    except FileNotFoundError:
        store = _object_store()
        if store is None or not store.exists(digest):
            raise
        return store.open_blob(digest)


def _object_store():
    """``core.object_store`` when a bucket is configured (issue 17), else None."""
    if not getattr(settings, "SANXIANG_S3_BUCKET", ""):
        return None
    from sanxiang.core import object_store

    return object_store


def push_when_committed(digest: str) -> None:
    # The bucket gets its WORM copy from the worker, once the original is committed here.
    if _object_store() is None:
        return
    from django.db import transaction

    from sanxiang.jobs.storage_tasks import push_blob

    transaction.on_commit(lambda: push_blob.enqueue(digest))


def temp_dir() -> Path:
    path = root() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def adopt(temp_path: Path, digest: str) -> Path:
    """Move a fully written, already hashed file into its content-addressed place.

    Linking refuses to replace an existing name, so a stored original is never overwritten;
    when the same bytes are already stored the temporary copy is simply dropped.
    """
    final = path_of(digest)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(temp_path, 0o400)  # read-only, and private to the platform (data at rest)
    with contextlib.suppress(FileExistsError):
        os.link(temp_path, final)
    os.unlink(temp_path)
    push_when_committed(digest)
    return final


class BlobWriter:
    """Write a new blob in pieces of any size, hashing each 8 MiB chunk as it completes."""

    def __init__(self, alg: str | None = None):
        self.alg = alg or algorithm()
        self.path = temp_dir() / f"{secrets.token_hex(16)}.part"
        self._file = self.path.open("xb")
        self._builder = merkle.TreeBuilder(self.alg)
        self._pending = bytearray()
        self.size = 0

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self.size += len(data)
        self._pending += data
        while len(self._pending) >= CHUNK_SIZE:
            self._builder.append(chunk_leaf(self.alg, bytes(self._pending[:CHUNK_SIZE])))
            del self._pending[:CHUNK_SIZE]

    def finish(self) -> Blob:
        if self._pending or self.size == 0:
            self._builder.append(chunk_leaf(self.alg, bytes(self._pending)))
            self._pending.clear()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        digest = format_tree_digest(self.alg, self._builder.root())
        adopt(self.path, digest)
        return Blob(digest=digest, size=self.size)

    def abort(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.abort()


def put_bytes(data: bytes) -> Blob:
    with BlobWriter() as writer:
        writer.write(data)
        return writer.finish()


def put_stream(stream) -> Blob:
    with BlobWriter() as writer:
        while part := stream.read(1024 * 1024):
            writer.write(part)
        return writer.finish()


def read_bytes(digest: str) -> bytes:
    with open_blob(digest) as f:
        return f.read()


class BlobChanged(ValueError):
    """A stored file no longer matches its digest (changed or removed on disk)."""


def read_verified(digest: str) -> bytes:
    """The bytes of a small stored file, checked against its digest as they are read: what
    is served is what was stored (R-REC-02). Raises ``BlobChanged`` otherwise."""
    alg, _raw = parse_tree_digest(digest)
    try:
        data = read_bytes(digest)
    except FileNotFoundError:
        raise BlobChanged(digest) from None
    if digest_of_bytes(data, alg) != digest:
        raise BlobChanged(digest)
    return data


def verify(digest: str) -> bool:
    """Re-hash a stored blob (audits only; uploads never read a file twice)."""
    alg, _raw = parse_tree_digest(digest)
    try:
        with open_blob(digest) as f:
            return digest_of_stream(f, alg)[0] == digest
    except FileNotFoundError:
        return False


def iter_digests() -> Iterator[str]:
    """The digest of every file in the store, from its path (``<alg>/ab/cd/abcd…``)."""
    store = root()
    for alg in ("sm3", "sha256"):
        base = store / alg
        if not base.is_dir():
            continue
        for first in sorted(base.iterdir()):
            if not first.is_dir():
                continue
            for second in sorted(first.iterdir()):
                if not second.is_dir():
                    continue
                for path in sorted(second.iterdir()):
                    name = path.name
                    if len(name) == 64 and name.startswith(first.name + second.name) \
                            and all(c in "0123456789abcdef" for c in name):
                        yield f"{alg}{SCHEME_SUFFIX}:{name}"
