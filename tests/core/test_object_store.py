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
    return configure_bucket(s3_url, settings, request)


def configure_bucket(s3_url, settings, request):
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


# --------------------------------------------------------------------------------------
# Playback straight from the bucket, and pushing what was stored before it


def _evidence(officer_a1, officer_a2, officer_user_a, data: bytes):
    from records import case_of_a, metadata

    from sanxiang.records import actions

    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    return actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                       path_or_bytes=data, filename="现场.mp4",
                                       content_type="video/mp4", metadata=metadata(officer_a1))


def test_recording_plays_from_the_bucket_when_its_local_copy_is_lost_R_REC_02_R_REC_06(
        bucket, officer_a1, officer_a2, officer_user_a, client_for, settings, tmp_path,
        django_capture_on_commit_callbacks):
    from django.urls import reverse

    from sanxiang.records.models import CustodyEntry

    settings.DATA_DIR = tmp_path
    client, name = bucket
    data = bytes(range(256)) * 1200  # 307,200 bytes
    with django_capture_on_commit_callbacks(execute=True):
        evidence = _evidence(officer_a1, officer_a2, officer_user_a, data)
    call_command("worker", "--once")
    assert object_store.exists(evidence.digest)
    blobs.path_of(evidence.digest).unlink()  # the disk lost it

    officer = client_for(officer_user_a)
    officer.post(reverse("records:evidence_reason", args=[evidence.pk]),
                 data={"reason": "复核现场检查过程"})
    url = reverse("records:evidence_media", args=[evidence.pk])
    # A player seeking into the middle, then the whole file: the bucket's bytes.
    response = officer.get(url, headers={"Range": "bytes=200000-200999"})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 200000-200999/{len(data)}"
    assert b"".join(response.streaming_content) == data[200000:201000]
    whole = officer.get(url)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == data
    assert CustodyEntry.objects.filter(evidence=evidence, action="view").count() == 1

    # A forged version added in the bucket is not what was checked: refused, not served.
    forged = bytearray(data)
    forged[100] ^= 0xFF
    client.put_object(Bucket=name, Key=object_store.key_of(evidence.digest),
                      Body=bytes(forged), ChecksumAlgorithm="SHA256")
    refused = officer.get(url, headers={"Range": "bytes=0-99"})
    assert refused.status_code == 409
    assert "R-REC-02" in refused.content.decode()


def test_storage_push_puts_originals_stored_before_the_bucket_R_REC_02(
        s3_url, settings, tmp_path, request, capsys):
    settings.DATA_DIR = tmp_path
    settings.SANXIANG_S3_BUCKET = ""
    digests = [blobs.put_bytes(f"询问笔录 第{n}份".encode() * 50).digest for n in range(5)]
    configure_bucket(s3_url, settings, request)  # configured only now
    # Already there: pushed by the worker after the bucket was configured.
    assert object_store.put(digests[0]) is True

    call_command("storage", "push", "--every", "2")
    out = capsys.readouterr().out
    assert "本地共有 5 个原始文件" in out
    assert "进度：2 / 5" in out and "进度：5 / 5" in out
    assert "完成：新上传 4 个，已在存储桶中 1 个，失败 0 个。" in out
    for digest in digests:
        assert object_store.verify(digest)
        mode, until = object_store.retention(digest)
        assert mode == "COMPLIANCE" and until > datetime.now(UTC) + timedelta(days=3649)

    # Run again: nothing new, nothing failed.
    call_command("storage", "push")
    assert "完成：新上传 0 个，已在存储桶中 5 个，失败 0 个。" in capsys.readouterr().out


def test_storage_push_without_a_bucket_says_so_in_chinese(settings, tmp_path):
    from django.core.management.base import CommandError

    settings.DATA_DIR = tmp_path
    settings.SANXIANG_S3_BUCKET = ""
    with pytest.raises(CommandError, match="尚未配置对象存储"):
        call_command("storage", "push")
