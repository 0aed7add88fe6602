"""The third outside probe (docs/adr/0051): the start of an evidence upload takes the file's
name and type from JSON."""

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def _upload_dir(settings, tmp_path):
    # Unfinished uploads leave preallocated partial files: keep them out of the shared store.
    settings.DATA_DIR = tmp_path


@pytest.mark.parametrize(("filename", "content_type", "stored_name", "stored_type"), [
    # A number or an object where the JSON should hold a text: was a 500 (TypeError).
    ("现场.mp4", {"x": 1}, "现场.mp4", "application/octet-stream"),
    ("现场.mp4", 5, "现场.mp4", "application/octet-stream"),
    # A bidi override shows 现场gnp.exe as 现场exe.png; NUL is refused by PostgreSQL (a 500).
    ("现场\u202egnp.exe", "video/mp4", "现场gnp.exe", "video/mp4"),
    ("现场\x00.mp4", "video/mp4\x00", "现场 .mp4", "video/mp4"),
    ("..\\..\\现场.mp4", "video/mp4", "现场.mp4", "video/mp4"),
])
def test_upload_start_stores_a_plain_file_name_R_REC_04(
        _upload_dir, client_for, officer_user_a, officer_a1, officer_a2, filename, content_type,
        stored_name, stored_type):
    """The start of an evidence upload takes its name and type from JSON: what is not a
    text, or holds characters no file name may show, is a clear answer, never a 500 nor a
    name that reads otherwise than it is."""
    from records import case_of_a

    from sanxiang.records.models import Upload

    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    response = client_for(officer_user_a).post(
        "/workbench/records/uploads/", json.dumps({
            "case": case.pk, "filename": filename, "content_type": content_type,
            "size": 10}), content_type="application/json")
    assert response.status_code == 201, response.content
    upload = Upload.objects.get(pk=response.json()["id"])
    assert (upload.filename, upload.content_type) == (stored_name, stored_type)
