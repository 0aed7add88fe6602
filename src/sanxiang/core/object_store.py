"""Stored originals in S3-compatible object storage under Object Lock (issue 17, item 5).

The content-addressed store (``core.blobs``, ADR 0008) stays the platform's own: names are
digests, files are hashed as they are written, nothing is overwritten. With
``SANXIANG_S3_BUCKET`` set, every original is also put into an S3-compatible bucket (any
server with the S3 API and Object Lock: a provincial cloud's object storage, MinIO, Ceph)
under the same name, with a retention date (WORM): until that date nobody — not the
platform, not an administrator with the bucket's keys in COMPLIANCE mode — can delete or
overwrite it. The local disk stays the embedded default and the working copy; when a local
copy is missing, reads, checks and playback (by Range, ``records.media``) go to the bucket,
to the very version that was checked against the digest (``records.integrity``).

Originals stored before a bucket was configured are pushed by ``sanxiang storage push``
(idempotent: what the bucket holds already is skipped).

The upload runs in the background worker (``jobs.storage_tasks.push_blob``), after the original is
committed locally: an 8 GiB video does not hold a web request. ``sanxiang worker`` retries
nothing by itself: ``sanxiang scrub`` reports a blob missing from the bucket.

The storage is django-storages' ``S3Storage`` (boto3), configured as ``STORAGES["blobs"]``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings

from sanxiang.core import blobs

PREFIX = "blobs"


def enabled() -> bool:
    return bool(getattr(settings, "SANXIANG_S3_BUCKET", ""))


def storage():
    from django.core.files.storage import storages

    return storages["blobs"]


def _client():
    return storage().connection.meta.client


def key_of(digest: str) -> str:
    path = blobs.path_of(digest).relative_to(blobs.root())
    return f"{PREFIX}/{path.as_posix()}"


def retain_until(now: datetime | None = None) -> datetime:
    now = now or datetime.now(UTC)
    return now + timedelta(days=settings.SANXIANG_S3_RETENTION_DAYS)


def exists(digest: str) -> bool:
    return storage().exists(key_of(digest))


def put(digest: str, path: Path | None = None) -> bool:
    """Put the local original into the bucket with its retention; False if already there.

    The object is named by the digest, so one already there holds the same bytes: it is
    never written again (Object Lock would refuse to replace it anyway).
    """
    key = key_of(digest)
    if storage().exists(key):
        return False
    source = path or blobs.path_of(digest)
    with open(source, "rb") as stream:
        _client().upload_fileobj(stream, settings.SANXIANG_S3_BUCKET, key, ExtraArgs={
            "ObjectLockMode": settings.SANXIANG_S3_LOCK_MODE,
            "ObjectLockRetainUntilDate": retain_until(),
            "ChecksumAlgorithm": "SHA256",  # Object Lock requires an integrity check
            "Metadata": {"digest": digest},
        })
    return True


def open_blob(digest: str):
    return storage().open(key_of(digest), "rb")


def verify(digest: str) -> bool:
    """Re-hash the bucket's copy against its digest (the same tree hash as on disk)."""
    alg, _raw = blobs.parse_tree_digest(digest)
    try:
        with open_blob(digest) as stream:
            return blobs.digest_of_stream(stream, alg)[0] == digest
    except FileNotFoundError:
        return False
    except Exception as error:  # botocore's ClientError for a missing key, among others
        if "404" in str(error) or "NoSuchKey" in str(error):
            return False
        raise


def retention(digest: str) -> tuple[str, datetime]:
    """(mode, retain-until date) the bucket holds for the original."""
    head = _client().head_object(Bucket=settings.SANXIANG_S3_BUCKET, Key=key_of(digest))
    return head["ObjectLockMode"], head["ObjectLockRetainUntilDate"]


def head(digest: str) -> dict | None:
    """The bucket's current version of the original: ``{"version", "size", "modified"}``,
    or None when the bucket has none."""
    try:
        found = _client().head_object(Bucket=settings.SANXIANG_S3_BUCKET, Key=key_of(digest))
    except Exception as error:  # botocore's ClientError
        if "404" in str(error) or "NoSuchKey" in str(error) or "Not Found" in str(error):
            return None
        raise
    return {"version": found.get("VersionId") or "", "size": found["ContentLength"],
            "modified": found["LastModified"]}


def _get(digest: str, version: str, **extra):
    args = {"Bucket": settings.SANXIANG_S3_BUCKET, "Key": key_of(digest), **extra}
    if version:
        args["VersionId"] = version
    return _client().get_object(**args)["Body"]


def digest_of_version(digest: str, version: str) -> str:
    """The tree digest of one version of the object (the one a player will be served)."""
    alg, _raw = blobs.parse_tree_digest(digest)
    body = _get(digest, version)
    try:
        return blobs.digest_of_stream(body, alg)[0]
    finally:
        body.close()


def iter_range(digest: str, version: str, start: int, end: int, piece: int):
    """Bytes ``start``..``end`` (inclusive) of one version, in pieces, without holding the
    object in memory."""
    body = _get(digest, version, Range=f"bytes={start}-{end}")
    try:
        yield from body.iter_chunks(piece)
    finally:
        body.close()
