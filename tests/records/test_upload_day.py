"""Evidence uploads in an officer's day (ADR 0067): a refused finish does not block the next
try, the officer discards their own unfinished uploads, and the declared kind must match
what the file really is (its first bytes)."""

import pytest
from django.urls import reverse

from records import MP4_HEAD, case_of_a, metadata, upload_bytes
from sanxiang.core.errors import RuleViolation
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.records import actions, filetypes, uploads
from sanxiang.records.models import Evidence, Upload

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def case(officer_a1, officer_a2, officer_user_a):
    return case_of_a([officer_a1, officer_a2], officer_user_a)


def test_exe_declared_as_video_refused_and_upload_closed_R_REC_04(case, officer_user_a,
                                                                  officer_a1, settings):
    settings.SANXIANG_UPLOAD_MAX_OPEN_PER_USER = 1
    upload = upload_bytes(officer_user_a, case, EXE, filename="现场.mp4")
    with pytest.raises(RuleViolation) as caught:
        actions.finish_upload(acting_user=officer_user_a, upload=upload,
                              metadata=metadata(officer_a1, kind="video"))
    assert "录像" in caught.value.message and "Windows 可执行程序" in caught.value.message
    assert not Evidence.objects.filter(case=case).exists()
    upload.refresh_from_db()
    assert upload.state == Upload.State.REFUSED
    assert not uploads.partial_path(upload.id).exists()
    # The refused try no longer counts: the officer starts again at once, with a real video.
    data = MP4_HEAD + b"\x00" * 500
    again = upload_bytes(officer_user_a, case, data)
    evidence = actions.finish_upload(acting_user=officer_user_a, upload=again,
                                     metadata=metadata(officer_a1, kind="video"))
    assert evidence.kind == "video"


@pytest.mark.parametrize(("head", "family", "name"), [
    (MP4_HEAD, "video", "MP4"), (b"\x00\x00\x00\x14ftypqt  ", "video", "MOV"),
    (b"RIFF\x00\x00\x00\x00AVI LIST", "video", "AVI"), (b"\x1a\x45\xdf\xa3\x01", "video",
                                                         "MKV/WebM"),
    (b"FLV\x01", "video", "FLV"), (b"\x47" + b"\x00" * 187 + b"\x47", "video", "MPEG-TS"),
    (b"\x00\x00\x00\x14ftyp3gp4", "video", "3GP"), (b"DHAV\x00", "video", "DAV"),
    (b"\x00\x00\x00\x01\x67", "video", "H.264"), (b"\x00\x00\x01\xba\x44", "video", "MPEG-PS"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio", "WAV"), (b"ID3\x03", "audio", "MP3"),
    (b"\xff\xfb\x90", "audio", "MP3"), (b"#!AMR\n", "audio", "AMR"),
    (b"\x00\x00\x00\x20ftypM4A ", "audio", "M4A"), (b"\xff\xf1\x50", "audio", "AAC"),
    (b"\xff\xd8\xff\xe0", "photo", "JPEG"), (b"\x89PNG\r\n\x1a\n", "photo", "PNG"),
    (b"\x00\x00\x00\x18ftypheic", "photo", "HEIC"), (b"GIF89a", "photo", "GIF"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "photo", "WebP"), (b"II*\x00", "photo", "TIFF"),
    (b"%PDF-1.7", "document", "PDF"), (b"PK\x03\x04" + b"\x00" * 26 + b"OFD.xml", "document",
                                       "OFD"),
    (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "document", "DOCX"),
    (b"PK\x03\x04" + b"\x00" * 26 + b"xl/workbook.xml", "document", "XLSX"),
    (EXE, "dangerous", None), (b"\x7fELF\x02", "dangerous", None),
    (b"#!/bin/sh\nrm -rf /\n", "dangerous", None),
    (b"<!DOCTYPE html><html><script>alert(1)</script>", "dangerous", None),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">', "dangerous", None),
    (b"const x = 1; window.location = 'x'; function f() {}", "dangerous", None),
])
def test_file_type_read_from_first_bytes_R_REC_04(head, family, name):
    found_family, found_name = filetypes.sniff(head)
    assert found_family == family
    if name:
        assert found_name == name
    if family == "dangerous":  # refused whatever was declared, "other" included
        assert all(filetypes.refusal(kind, head) for kind in filetypes.ACCEPTS)


def test_officer_discards_own_unfinished_uploads_not_anothers_R_REC_04(
        case, officer_user_a, officer_a2, client_for, settings):
    settings.SANXIANG_UPLOAD_MAX_OPEN_PER_USER = 2
    colleague = org_actions.create_user(acting_user=None, username="officer_a2",
                                        password="x-Strong-Passw0rd!", full_name=officer_a2.name,
                                        roles=[Role.OFFICER], officer=officer_a2)
    mine = [upload_bytes(officer_user_a, case, MP4_HEAD) for _ in range(2)]
    with pytest.raises(RuleViolation, match="未完成的上传"):
        upload_bytes(officer_user_a, case, MP4_HEAD)
    page = client_for(officer_user_a).get(reverse("records:upload_page", args=[case.pk]))
    assert "放弃未完成的上传" in page.content.decode()
    discard = reverse("records:upload_discard", args=[case.pk])
    # A colleague on the same case cannot discard them.
    response = client_for(colleague).post(discard, {"upload": str(mine[0].id)})
    assert response.status_code == 302
    assert Upload.objects.filter(state=Upload.State.OPEN, created_by=officer_user_a).count() == 2
    # The owner discards one, then all the rest; each partial file goes with it.
    client = client_for(officer_user_a)
    client.post(discard, {"upload": str(mine[0].id)})
    mine[0].refresh_from_db()
    assert mine[0].state == Upload.State.ABANDONED
    assert not uploads.partial_path(mine[0].id).exists()
    client.post(discard)
    assert not Upload.objects.filter(state=Upload.State.OPEN).exists()
    upload_bytes(officer_user_a, case, MP4_HEAD)  # no longer blocked


def test_form_refusal_at_finish_closes_the_upload_R_REC_04(case, officer_user_a, client_for):
    upload = upload_bytes(officer_user_a, case, MP4_HEAD)
    response = client_for(officer_user_a).post(
        reverse("records:upload_finish", args=[upload.id]), {"kind": "video"})
    assert response.status_code == 400
    upload.refresh_from_db()
    assert upload.state == Upload.State.REFUSED


def test_html_evidence_is_never_served_inline_R_REC_06(case, officer_user_a, officer_a1,
                                                       client_for):
    evidence = actions.store_evidence_file(
        acting_user=officer_user_a, case=case, path_or_bytes=b"<html><script>1</script>",
        filename="x.html", content_type="text/html", metadata=metadata(officer_a1))
    client = client_for(officer_user_a)
    client.post(reverse("records:evidence_reason", args=[evidence.pk]), {"reason": "审查"})
    response = client.get(reverse("records:evidence_media", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)


def test_supplement_refuses_a_program_declared_as_photo_R_REC_04(case, officer_a1, head_user_a):
    from sanxiang.cases.models import Case

    Case.objects.filter(pk=case.pk).update(state=Case.State.ARCHIVED)
    case.refresh_from_db()
    with pytest.raises(RuleViolation) as caught:
        actions.supplement_archived_case(
            acting_user=head_user_a, case=case, path_or_bytes=EXE, filename="照片.jpg",
            content_type="image/jpeg", metadata=metadata(officer_a1, kind="photo"),
            reason="补充归档现场照片")
    assert "照片" in caught.value.message and "可执行程序" in caught.value.message
    assert not Evidence.objects.filter(case=case).exists()
