"""Helpers for the records tests: a case of body A and valid R-REC-04 metadata."""

import io
from datetime import timedelta

from cases.factories import make_case
from django.utils import timezone

from sanxiang.core import blobs
from sanxiang.records import actions

# The first bytes of an MP4 file: an upload declared as video must really be one (R-REC-04).
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def video_bytes(data: bytes) -> bytes:
    """``data`` of the same length, made to start as an MP4 file."""
    return (MP4_HEAD + data[len(MP4_HEAD):])[:len(data)]


def case_of_a(officers, acting_user=None):
    return make_case(officers[0].body, officers, acting_user=acting_user)


def metadata(officer, **overrides) -> dict:
    end = timezone.now() - timedelta(hours=1)
    data = {"step": "investigate", "kind": "video", "title": "现场检查执法记录仪视频",
            "proves": "当事人未对重大危险源进行安全评估",
            "captured_from": end - timedelta(minutes=30), "captured_to": end,
            "place": "滹阳县工业园区纬三路8号储罐区",
            "captured_by": officer, "device": "执法记录仪 DSJ-0012",
            "uninterrupted": False, "gaps": []}
    data.update(overrides)
    return data


def upload_bytes(user, case, data: bytes, *, chunk_order=None, filename="现场.mp4"):
    """Start an upload and put its chunks (in ``chunk_order`` if given); not finished."""
    upload = actions.start_upload(acting_user=user, case=case, filename=filename,
                                  content_type="video/mp4", size=len(data))
    size = blobs.CHUNK_SIZE
    order = chunk_order if chunk_order is not None else range(upload.chunk_count)
    for index in order:
        piece = data[index * size:(index + 1) * size]
        actions.put_chunk(acting_user=user, upload=upload, index=index,
                          stream=io.BytesIO(piece), length=len(piece))
    return upload
