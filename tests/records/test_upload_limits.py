"""Bounded resources for uploads, archived cases, and strict Content-Range.

Attacks from the security review: starting an upload reserved its whole declared size on
disk at once (up to 8 GiB each, no cap on open uploads per user); evidence was accepted on
an archived case; a Content-Range end was not checked.
"""

import io
import os

import pytest
from django.urls import reverse

from records import case_of_a, metadata, video_bytes
from sanxiang.cases.models import Case
from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation
from sanxiang.records import actions, uploads
from sanxiang.records.models import Evidence, Upload

pytestmark = pytest.mark.django_db

SIZE = blobs.CHUNK_SIZE


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def case(officer_a1, officer_a2, officer_user_a):
    return case_of_a([officer_a1, officer_a2], officer_user_a)


def start(user, case, size, name="现场.mp4"):
    return actions.start_upload(acting_user=user, case=case, filename=name,
                                content_type="video/mp4", size=size)


def refused(call, *args, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call(*args, **kwargs)
    return caught.value


def test_space_is_taken_as_bytes_arrive_not_at_start(case, officer_user_a):
    upload = start(officer_user_a, case, 8 * 1024 ** 3)  # declares 8 GiB
    partial = uploads.partial_path(upload.id)
    assert os.stat(partial).st_size == 0 and os.stat(partial).st_blocks == 0
    small = start(officer_user_a, case, SIZE + 10)
    actions.put_chunk(acting_user=officer_user_a, upload=small, index=1,
                      stream=io.BytesIO(b"x" * 10), length=10)
    # Only the bytes that arrived occupy the disk (the hole before them takes no blocks).
    assert os.stat(uploads.partial_path(small.id)).st_blocks * 512 < SIZE


def test_open_uploads_per_user_are_capped(case, officer_user_a, officer_a1, settings):
    settings.SANXIANG_UPLOAD_MAX_OPEN_PER_USER = 2
    start(officer_user_a, case, 100)
    start(officer_user_a, case, 100)
    error = refused(start, officer_user_a, case, 100)
    assert error.code == "UPLOAD" and "未完成的上传" in error.message and "2" in error.message
    assert Upload.objects.filter(created_by=officer_user_a).count() == 2
    # A finished upload no longer counts.
    first = Upload.objects.filter(created_by=officer_user_a).first()
    actions.put_chunk(acting_user=officer_user_a, upload=first, index=0,
                      stream=io.BytesIO(video_bytes(b"y" * 100)), length=100)
    actions.finish_upload(acting_user=officer_user_a, upload=first,
                          metadata=metadata(officer_a1))
    start(officer_user_a, case, 100)


def test_total_reserved_bytes_capped_with_a_chinese_message(case, officer_user_a, settings):
    settings.SANXIANG_UPLOAD_MAX_RESERVED_BYTES = 150
    one, two = start(officer_user_a, case, 100), start(officer_user_a, case, 100)
    actions.put_chunk(acting_user=officer_user_a, upload=one, index=0,
                      stream=io.BytesIO(b"a" * 100), length=100)
    error = refused(actions.put_chunk, acting_user=officer_user_a, upload=two, index=0,
                    stream=io.BytesIO(b"b" * 100), length=100)
    assert error.code == "UPLOAD" and "上传暂存空间已满" in error.message
    assert two.chunks.count() == 0


def test_nearly_full_disk_refuses_uploads(case, officer_user_a, settings):
    settings.SANXIANG_UPLOAD_MIN_FREE_BYTES = uploads.free_bytes() + 10 ** 12  # others write too
    error = refused(start, officer_user_a, case, 100)
    assert "存储空间即将用尽" in error.message


def test_evidence_refused_on_archived_case_R_REC_02(case, officer_user_a, officer_a1):
    upload = start(officer_user_a, case, 5)
    actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                      stream=io.BytesIO(b"12345"), length=5)
    # Archiving is the last step of the workflow; the case is put there directly here.
    Case.objects.filter(pk=case.pk).update(state=Case.State.ARCHIVED)
    case.refresh_from_db()
    upload.refresh_from_db()
    for call in (
        lambda: start(officer_user_a, case, 100),
        lambda: actions.store_evidence_file(
            acting_user=officer_user_a, case=case, path_or_bytes=b"late", filename="a.jpg",
            content_type="image/jpeg", metadata=metadata(officer_a1)),
        lambda: actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                      metadata=metadata(officer_a1)),
    ):
        error = refused(call)
        assert error.code == "R-REC-02" and "已归档" in error.message
    assert not Evidence.objects.filter(case=case).exists()


@pytest.mark.parametrize("header", [
    "bytes 0-4/6",          # end does not match the body's length
    "bytes 0-5/5",          # end beyond the total
    "bytes 0-4/9",          # total is not the declared size
    "bytes 1-5/5",          # start is not the chunk's offset
    "bytes 4-0/5",          # end before start
    "bytes ０-4/5",         # full-width digits
    "bytes ²-4/5",          # a Unicode digit int() refuses
    "bytes 0-4/5, 0-4/5",   # trailing garbage
    "bytes=0-4/5",
])
def test_content_range_fully_checked(case, officer_user_a, client_for, header):
    client = client_for(officer_user_a)
    upload = client.post(reverse("records:upload_start"), data={
        "case": case.pk, "filename": "a.mp4", "content_type": "video/mp4", "size": 5},
        content_type="application/json").json()
    url = upload["chunk_url"].replace("{index}", "0")
    response = client.put(url, data=b"12345", content_type="application/octet-stream",
                          headers={"Content-Range": header})
    assert response.status_code == 400, header
    assert response.json()["message"] == "Content-Range 与分片不符。"
    good = client.put(url, data=b"12345", content_type="application/octet-stream",
                      headers={"Content-Range": "bytes 0-4/5"})
    assert good.status_code == 200


@pytest.mark.parametrize("body", [
    {"case": "²", "size": 5}, {"case": 10 ** 20, "size": 5}, {"case": "1", "size": "１２"},
    {"case": True, "size": 5}, [], "x",
])
def test_upload_start_with_bad_numbers_is_400_not_500(case, officer_user_a, client_for, body):
    response = client_for(officer_user_a).post(reverse("records:upload_start"), data=body,
                                               content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "请求格式不正确。"
