"""The file side of a resumable upload: a partial file, chunks hashed as written.

An upload's bytes go to ``<blob store>/tmp/upload-<id>.part``, created empty when the upload
starts: disk space is taken as chunks arrive, never reserved for a declared size that may
never come (``actions.put_chunk`` checks the caps before each chunk). Each chunk is
written at its own offset with ``os.pwrite`` and hashed piece by piece as it is written
(the Merkle leaf ``H(0x00 ‖ chunk)`` of ``sanxiang.core.blobs``), so chunks may arrive in
any order, in parallel, from separate worker processes, and the file is never read again
to compute its digest.

Locks (``flock``, one host): a chunk writer holds a shared lock on the partial file from
before its first byte until its ``UploadChunk`` row is committed; ``finish`` takes the
exclusive lock, so it never sees a chunk half-written or a leaf that does not match the
bytes. ``finish`` makes the file read-only before linking it into the store; a writer that
was waiting for its lock sees that and stops, so no byte reaches a stored original.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
from pathlib import Path

from sanxiang.core import blobs
from sanxiang.ledger import merkle

PIECE = 1024 * 1024  # how much of a request body is read at a time


class ChunkError(Exception):
    """The bytes of a chunk did not arrive as announced (short body, finished upload)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "short", "closed"


def partial_path(upload_id) -> Path:
    return blobs.temp_dir() / f"upload-{upload_id}.part"


def create_partial(upload_id) -> Path:
    """Create the empty partial file; chunks are written at their offsets as they come."""
    path = partial_path(upload_id)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def free_bytes() -> int:
    """Free space on the filesystem of the blob store (its temporary directory)."""
    return shutil.disk_usage(blobs.temp_dir()).free


# ``Content-Range: bytes START-END/TOTAL``, ASCII digits only.
_CONTENT_RANGE = re.compile(r"bytes ([0-9]{1,19})-([0-9]{1,19})/([0-9]{1,19})", re.ASCII)


def content_range_matches(header: str, *, offset: int, length: int, total: int) -> bool:
    """Whether a chunk's Content-Range says exactly what the upload expects: it starts at
    the chunk's offset, ends at offset + length − 1 (the body's length), inside the file,
    and names the file's declared size."""
    match = _CONTENT_RANGE.fullmatch(header.strip())
    if not match:
        return False
    start, end, size = (int(g) for g in match.groups())
    return (start == offset and length > 0 and end == offset + length - 1 and size == total
            and start <= end < size)


def remove_partial(upload_id) -> None:
    with contextlib.suppress(FileNotFoundError):
        partial_path(upload_id).unlink()


def _read_exactly(stream, length: int):
    left = length
    while left:
        piece = stream.read(min(PIECE, left))
        if not piece:
            raise ChunkError("short")
        left -= len(piece)
        yield piece


@contextlib.contextmanager
def chunk_writer(upload_id):
    """Open the partial file for one chunk, under the shared lock (see the module doc)."""
    try:
        fd = os.open(partial_path(upload_id), os.O_WRONLY)
    except (FileNotFoundError, PermissionError):  # gone, or made read-only by finish
        raise ChunkError("closed") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if not os.fstat(fd).st_mode & stat.S_IWUSR:  # finish made it read-only meanwhile
            raise ChunkError("closed")
        yield fd
    finally:
        os.close(fd)  # releases the lock


def write_chunk(fd: int, offset: int, stream, length: int, alg: str) -> bytes:
    """Write ``length`` bytes of ``stream`` at ``offset``, hashing them; return the leaf."""
    hasher = merkle._prefixed(alg, b"\x00")
    position = offset
    for piece in _read_exactly(stream, length):
        view = memoryview(piece)
        while view:
            written = os.pwrite(fd, view, position)
            position += written
            view = view[written:]
        hasher.update(piece)
    os.fsync(fd)
    return hasher.digest()


def hash_chunk(stream, length: int, alg: str) -> bytes:
    """The leaf of ``length`` bytes of ``stream``, written nowhere (a repeated chunk)."""
    hasher = merkle._prefixed(alg, b"\x00")
    for piece in _read_exactly(stream, length):
        hasher.update(piece)
    return hasher.digest()


@contextlib.contextmanager
def finishing(upload_id):
    """Hold the exclusive lock on the partial file while an upload is finished."""
    try:
        fd = os.open(partial_path(upload_id), os.O_RDONLY)
    except FileNotFoundError:
        raise ChunkError("closed") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield partial_path(upload_id)
    finally:
        os.close(fd)


def link_into_store(path: Path, digest: str) -> Path:
    """Make the partial file read-only and link it under its digest; keep the temp name.

    Unlike ``blobs.adopt`` the temporary name stays until the database has committed (the
    caller removes it then), so a rolled-back ``finish`` can simply be run again.
    """
    final = blobs.path_of(digest)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o400)  # read-only and private to the platform (data at rest)
    with contextlib.suppress(FileExistsError):  # the same bytes are stored already
        os.link(path, final)
    blobs.push_when_committed(digest)  # the object store's WORM copy, if one is configured
    return final
