"""Stored originals in S3-compatible object storage under Object Lock (issue 17, item 5).

Against a real S3 server on 127.0.0.1 (moto's, started here), through django-storages and
boto3 as in production: upload by the worker, read back, verify by digest, and the
retention refusing deletion. Skipped when moto[server] is not installed.
"""

import socket
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("storages")
boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

from botocore.exceptions import ClientError  # noqa: E402
from django.core.management import call_command  # noqa: E402

from sanxiang.core import blobs, object_store  # noqa: E402

pytestmark = pytest.mark.django_db
KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_url():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_url, settings, request):
    name = f"sanxiang-{request.node.name[:30].replace('_', '-').lower()}"
    client = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    settings.SANXIANG_S3_BUCKET = name
    settings.SANXIANG_S3_RETENTION_DAYS = 3650
    settings.SANXIANG_S3_LOCK_MODE = "COMPLIANCE"
    settings.STORAGES = {**settings.STORAGES, "blobs": {
        "BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
            "bucket_name": name, "endpoint_url": s3_url, "region_name": "us-east-1",
            "access_key": "testing", "secret_key": "testing", "file_overwrite": False,
            "default_acl": None}}}
    return client, name


def _stored_through_the_worker(data: bytes, capture) -> str:
    with capture(execute=True):
        blob = blobs.put_bytes(data)
    call_command("worker", "--once")
    return blob.digest


def test_original_goes_to_the_bucket_under_retention_and_reads_back_R_REC_02(
        bucket, django_capture_on_commit_callbacks):
    client, name = bucket
    data = "现场执法记录仪视频（测试）".encode() * 1000
    digest = _stored_through_the_worker(data, django_capture_on_commit_callbacks)

    assert object_store.exists(digest)
    mode, until = object_store.retention(digest)
    assert mode == "COMPLIANCE"
    assert until > datetime.now(UTC) + timedelta(days=3649)
    assert object_store.verify(digest)
    head = client.head_object(Bucket=name, Key=object_store.key_of(digest))
    assert head["Metadata"]["digest"] == digest

    # Without its local copy the original is read from the bucket, same bytes.
    blobs.path_of(digest).unlink()
    assert blobs.exists(digest)
    with blobs.open_blob(digest) as stream:
        assert stream.read() == data
    # Storing the same bytes again writes nothing new to the bucket.
    assert object_store.put(blobs.put_bytes(data).digest) is False


def test_retention_refuses_deleting_the_original_R_REC_02(
        bucket, django_capture_on_commit_callbacks):
    client, name = bucket
    digest = _stored_through_the_worker(b"inquiry record, signed",
                                        django_capture_on_commit_callbacks)
    key = object_store.key_of(digest)
    version = client.head_object(Bucket=name, Key=key)["VersionId"]

    with pytest.raises(ClientError) as refused:
        client.delete_object(Bucket=name, Key=key, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    body = client.get_object(Bucket=name, Key=key, VersionId=version)["Body"].read()
    assert body == b"inquiry record, signed"


def test_a_copy_changed_in_the_bucket_fails_its_digest_R_REC_02(
        bucket, django_capture_on_commit_callbacks):
    """Object Lock keeps each version; the digest still tells a new version from the
    original (a writer with the keys can add a version, never remove the locked one)."""
    client, name = bucket
    digest = _stored_through_the_worker(b"original bytes", django_capture_on_commit_callbacks)
    client.put_object(Bucket=name, Key=object_store.key_of(digest), Body=b"forged bytes!!",
                      ChecksumAlgorithm="SHA256")
    assert not object_store.verify(digest)
