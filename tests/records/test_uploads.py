"""Resumable uploads at the action level: chunks in any order, resume, idempotence, failures."""

import io
import os
import stat

import pytest

from records import case_of_a, metadata, upload_bytes, video_bytes
from sanxiang.core import blobs
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.records import actions, uploads
from sanxiang.records.models import Evidence, Upload

pytestmark = pytest.mark.django_db

SIZE = blobs.CHUNK_SIZE


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    # Unfinished uploads leave preallocated partial files: keep them out of the shared store.
    settings.DATA_DIR = tmp_path


def payload(n_bytes: int, seed: int = 1) -> bytes:
    block = bytes((i * seed + 7) % 251 for i in range(4096))
    return video_bytes((block * (n_bytes // len(block) + 1))[:n_bytes])


@pytest.fixture
def case(officer_a1, officer_a2, officer_user_a):
    return case_of_a([officer_a1, officer_a2], officer_user_a)


def test_chunks_out_of_order_digest_is_whole_file_digest_R_REC_02(case, officer_user_a,
                                                                   officer_a1):
    data = payload(2 * SIZE + 12345)
    upload = upload_bytes(officer_user_a, case, data, chunk_order=[2, 0, 1])
    evidence = actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                     metadata=metadata(officer_a1))
    assert evidence.digest == blobs.digest_of_bytes(data)
    assert blobs.read_bytes(evidence.digest) == data
    assert evidence.size == len(data)
    assert not uploads.partial_path(upload.id).exists()
    upload.refresh_from_db()
    assert upload.state == Upload.State.DONE
    event = LedgerEvent.objects.get(seq=evidence.ledger_seq)
    assert event.kind == EventKind.EVIDENCE_STORED and evidence.digest in event.payload


def test_status_lists_missing_chunks_and_finish_refuses_until_complete(case, officer_user_a,
                                                                       officer_a1):
    data = payload(2 * SIZE + 10)
    upload = upload_bytes(officer_user_a, case, data, chunk_order=[1])
    status = actions.upload_status(upload)
    assert status["present"] == [1] and status["missing"] == [0, 2]
    with pytest.raises(RuleViolation) as caught:
        actions.finish_upload(acting_user=officer_user_a, upload=upload,
                              metadata=metadata(officer_a1))
    assert caught.value.details["missing"] == [0, 2]
    assert "1、3" in caught.value.message
    assert not Evidence.objects.filter(case=case).exists()
    # Resumed: the rest arrives and the upload finishes.
    for index in (0, 2):
        piece = data[index * SIZE:(index + 1) * SIZE]
        actions.put_chunk(acting_user=officer_user_a, upload=upload, index=index,
                          stream=io.BytesIO(piece), length=len(piece))
    evidence = actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                     metadata=metadata(officer_a1))
    assert evidence.digest == blobs.digest_of_bytes(data)


def test_repeated_chunk_same_bytes_accepted_other_bytes_refused(case, officer_user_a):
    data = payload(100_000)
    upload = upload_bytes(officer_user_a, case, data)
    again = actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                              stream=io.BytesIO(data), length=len(data))
    assert again.leaf == blobs.chunk_leaf("sm3", data).hex()
    other = payload(100_000, seed=3)
    with pytest.raises(RuleViolation):
        actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                          stream=io.BytesIO(other), length=len(other))
    with open(uploads.partial_path(upload.id), "rb") as f:
        assert f.read() == data


def test_short_body_and_wrong_length_refused(case, officer_user_a):
    upload = actions.start_upload(acting_user=officer_user_a, case=case, filename="a.mp4",
                                  content_type="video/mp4", size=1000)
    with pytest.raises(RuleViolation):
        actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                          stream=io.BytesIO(b"x" * 10), length=10)
    with pytest.raises(RuleViolation) as caught:
        actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                          stream=io.BytesIO(b"x" * 10), length=1000)
    assert "connection" in caught.value.message or "连接" in caught.value.message
    assert actions.upload_status(upload)["present"] == []


def test_size_limit_refused_in_chinese(case, officer_user_a, settings):
    settings.SANXIANG_MAX_UPLOAD_BYTES = 1024 ** 2
    with pytest.raises(RuleViolation) as caught:
        actions.start_upload(acting_user=officer_user_a, case=case, filename="big.mp4",
                             content_type="video/mp4", size=2 * 1024 ** 2)
    assert caught.value.code == "UPLOAD"
    assert "2.0 MB" in caught.value.message


def test_killed_upload_leaves_no_evidence_and_nothing_stored(case, officer_user_a):
    data = payload(SIZE + 999, seed=5)
    upload_bytes(officer_user_a, case, data)  # every chunk written, never finished
    assert not Evidence.objects.filter(case=case).exists()
    assert not blobs.exists(blobs.digest_of_bytes(data))


def test_abandoned_upload_removed_after_rulebook_hours(case, officer_user_a):
    from datetime import timedelta

    from django.utils import timezone

    upload = upload_bytes(officer_user_a, case, payload(5000), chunk_order=[])
    assert uploads.partial_path(upload.id).exists()
    assert actions.abandon_stale_uploads(now=timezone.now()) == 0
    later = timezone.now() + timedelta(hours=73)
    assert actions.abandon_stale_uploads(now=later) == 1
    upload.refresh_from_db()
    assert upload.state == Upload.State.ABANDONED
    assert not uploads.partial_path(upload.id).exists()
    with pytest.raises(RuleViolation):
        actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                          stream=io.BytesIO(b"x" * 5000), length=5000)


def test_failure_inside_transaction_leaves_no_evidence_nor_ledger_entry(
        case, officer_user_a, officer_a1, monkeypatch):
    data = payload(3000, seed=9)
    upload = upload_bytes(officer_user_a, case, data)
    before = LedgerEvent.objects.count()

    def broken_append(**kwargs):
        raise RuntimeError("ledger unavailable")

    monkeypatch.setattr("sanxiang.ledger.append", broken_append)
    with pytest.raises(RuntimeError):
        actions.finish_upload(acting_user=officer_user_a, upload=upload,
                              metadata=metadata(officer_a1))
    assert not Evidence.objects.filter(case=case).exists()
    assert LedgerEvent.objects.count() == before
    upload.refresh_from_db()
    assert upload.state == Upload.State.OPEN
    # The blob was linked before the failure: unreferenced, intact, and a retry works.
    digest = blobs.digest_of_bytes(data)
    assert blobs.verify(digest)
    monkeypatch.undo()
    evidence = actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                     metadata=metadata(officer_a1))
    assert evidence.digest == digest


def test_stored_file_read_only_and_dedup_R_REC_02(case, officer_user_a, officer_a1):
    data = payload(7000, seed=11)
    first = actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                        path_or_bytes=data, filename="a.mp4",
                                        content_type="video/mp4", metadata=metadata(officer_a1))
    path = blobs.path_of(first.digest)
    assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    inode = os.stat(path).st_ino
    # The same bytes again: the same stored file, untouched; other bytes: another path.
    upload = upload_bytes(officer_user_a, case, data)
    second = actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                   metadata=metadata(officer_a1))
    assert second.digest == first.digest and os.stat(path).st_ino == inode
    third = actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                        path_or_bytes=data + b"!", filename="b.mp4",
                                        content_type="video/mp4", metadata=metadata(officer_a1))
    assert blobs.path_of(third.digest) != path
    assert blobs.read_bytes(first.digest) == data


def test_finished_upload_refuses_more_chunks(case, officer_user_a, officer_a1):
    data = payload(2000)
    upload = upload_bytes(officer_user_a, case, data)
    evidence = actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                     metadata=metadata(officer_a1))
    with pytest.raises(RuleViolation):
        actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                          stream=io.BytesIO(b"y" * 2000), length=2000)
    assert blobs.read_bytes(evidence.digest) == data


def test_other_body_may_not_upload(case, officer_user_b, officer_user_a):
    with pytest.raises(PermissionDenied):
        actions.start_upload(acting_user=officer_user_b, case=case, filename="a.mp4",
                             content_type="video/mp4", size=10)
    upload = actions.start_upload(acting_user=officer_user_a, case=case, filename="a.mp4",
                                  content_type="video/mp4", size=10)
    with pytest.raises(PermissionDenied):
        actions.put_chunk(acting_user=officer_user_b, upload=upload, index=0,
                          stream=io.BytesIO(b"0123456789"), length=10)
