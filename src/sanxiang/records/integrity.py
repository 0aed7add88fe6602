"""Is a stored original still the file that was stored? Checked before its bytes are served.

A re-hash of every read would cost a whole file per Range request, so the result of the last
re-hash is kept with the file's identity (``BlobCheck``): unchanged identity, known result.
A file whose identity changed (or never checked) is re-hashed on the spot when it is at most
``SANXIANG_VERIFY_ON_READ_BYTES``; a larger one is refused until ``sanxiang scrub`` has
re-hashed it, so evidence changed on disk is never served as if it were intact.

When the local copy is missing and a bucket is configured (``core.object_store``), the same
holds for the bucket's copy: its identity is its version (a writer with the bucket's keys
can add a version, never change one), checked once and then served by that version only.
"""

from __future__ import annotations

import hashlib
import os
from enum import Enum

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation
from sanxiang.records.models import BlobCheck

DEFAULT_VERIFY_ON_READ_BYTES = 256 * 1024 ** 2


class State(Enum):
    INTACT = "intact"
    CHANGED = "changed"  # the bytes no longer match the digest (or the size differs)
    MISSING = "missing"
    UNCHECKED = "unchecked"  # too large to re-hash on read, changed since the last check


def verify_on_read_bytes() -> int:
    return int(getattr(settings, "SANXIANG_VERIFY_ON_READ_BYTES", DEFAULT_VERIFY_ON_READ_BYTES))


def _identity(stat) -> dict:
    return {"inode": stat.st_ino, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "ctime_ns": stat.st_ctime_ns}


def _bucket():
    from sanxiang.core import object_store

    return object_store if object_store.enabled() else None


def bucket_identity(found: dict) -> dict:
    """A bucket copy's identity in ``BlobCheck``'s columns: its version, size and time;
    ``ctime_ns`` -1, which no file on disk has."""
    version = int.from_bytes(hashlib.sha256(found["version"].encode()).digest()[:7], "big")
    return {"inode": version, "size": found["size"],
            "mtime_ns": int(found["modified"].timestamp()) * 10 ** 9, "ctime_ns": -1}


def _rehash_bucket(digest: str, found: dict) -> State:
    intact = _bucket().digest_of_version(digest, found["version"]) == digest
    BlobCheck.objects.update_or_create(digest=digest, defaults={
        **bucket_identity(found), "intact": intact, "checked_at": timezone.now()})
    return State.INTACT if intact else State.CHANGED


def _last_check(digest: str, identity: dict) -> State | None:
    """The verdict of the last re-hash, if the copy is still the one it read (same inode,
    size and times); None when it must be hashed again."""
    check = BlobCheck.objects.filter(digest=digest).first()
    if check is not None and {"inode": check.inode, "size": check.size,
                              "mtime_ns": check.mtime_ns,
                              "ctime_ns": check.ctime_ns} == identity:
        return State.INTACT if check.intact else State.CHANGED
    return None


def _bucket_state(digest: str, size: int, limit: int) -> State:
    store = _bucket()
    found = store.head(digest) if store is not None else None
    if found is None:
        return State.MISSING
    if found["size"] != size:
        return State.CHANGED
    known = _last_check(digest, bucket_identity(found))
    if known is not None:
        return known
    if size <= limit:
        return _rehash_bucket(digest, found)
    return State.UNCHECKED


def intact_bucket_version(digest: str) -> dict | None:
    """The bucket's version of an original without a local copy, if it is the version
    checked intact (what ``records.media`` serves); else None."""
    store = _bucket()
    found = store.head(digest) if store is not None else None
    if found is None:
        return None
    check = BlobCheck.objects.filter(digest=digest, intact=True).first()
    if check is None or {"inode": check.inode, "size": check.size, "mtime_ns": check.mtime_ns,
                         "ctime_ns": check.ctime_ns} != bucket_identity(found):
        return None
    return found


def rehash(digest: str) -> State:
    """Hash the file again now and remember the result with the file's identity (the
    bucket's copy when the local one is missing and a bucket is configured)."""
    path = blobs.path_of(digest)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        store = _bucket()
        found = store.head(digest) if store is not None else None
        return _rehash_bucket(digest, found) if found is not None else State.MISSING
    intact = blobs.verify(digest)
    after = os.stat(path)
    identity = _identity(after)
    # A file that changed while it was hashed: whatever was hashed is not what is there.
    if _identity(before) != identity:
        intact = False
    BlobCheck.objects.update_or_create(digest=digest, defaults={
        **identity, "intact": intact, "checked_at": timezone.now()})
    return State.INTACT if intact else State.CHANGED


def state_of(digest: str, size: int, *, rehash_up_to: int | None = None) -> State:
    """The blob's state, re-hashing it when its identity changed and it is small enough."""
    limit = verify_on_read_bytes() if rehash_up_to is None else rehash_up_to
    try:
        stat = os.stat(blobs.path_of(digest))
    except FileNotFoundError:
        return _bucket_state(digest, size, limit)
    if stat.st_size != size:
        return State.CHANGED
    known = _last_check(digest, _identity(stat))
    if known is not None:
        return known
    if size <= limit:
        return rehash(digest)
    return State.UNCHECKED


def require_intact(evidence) -> None:
    """Refuse to hand out an original that is not known to match its digest (R-REC-02)."""
    state = state_of(evidence.digest, evidence.size)
    if state is State.INTACT:
        return
    if state is State.UNCHECKED:
        raise RuleViolation("R-REC-02", _(
            "R-REC-02: this file has changed on disk since it was last checked and is too "
            "large to check now; it can be opened again once the administrator has run "
            "“sanxiang scrub”."))
    raise RuleViolation("R-REC-02", _(
        "R-REC-02: this original no longer matches the digest recorded when it was stored "
        "(the file was changed or removed on disk), so it is not served. Tell the system "
        "administrator."))


def remember_stored(digest: str) -> None:
    """Just stored, hashed as written: remember the file's identity as intact.

    Only for a blob never checked before: when the same bytes were already stored, the file
    on disk is the earlier one, and its own check (or the next re-hash) speaks for it.
    """
    try:
        stat = os.stat(blobs.path_of(digest))
    except FileNotFoundError:
        return
    BlobCheck.objects.get_or_create(digest=digest, defaults={
        **_identity(stat), "intact": True, "checked_at": timezone.now()})
