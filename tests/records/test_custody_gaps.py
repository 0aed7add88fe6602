"""Custody without gaps (R-REC-06) and originals checked against their digest (R-REC-02).

Attacks from the security review: a Range request not starting at byte 0 was served with no
custody entry; an original changed on disk was served as if intact.
"""

import io
import os
import stat

import pytest
from django.core.management import call_command
from django.urls import reverse

from records import case_of_a, metadata, video_bytes
from sanxiang.core import blobs
from sanxiang.records import actions
from sanxiang.records.models import BlobCheck, CustodyEntry

pytestmark = pytest.mark.django_db

DATA = video_bytes(bytes(range(256)) * 400)  # 102,400 bytes


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the scrub walks this store only


@pytest.fixture
def evidence(officer_a1, officer_a2, officer_user_a):
    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    return actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                       path_or_bytes=DATA, filename="现场.mp4",
                                       content_type="video/mp4", metadata=metadata(officer_a1))


def give_reason(client, evidence, reason="审查案件证据"):
    response = client.post(reverse("records:evidence_reason", args=[evidence.pk]),
                           data={"reason": reason})
    assert response.status_code == 302


def views(evidence):
    return list(CustodyEntry.objects.filter(evidence=evidence, action="view")
                .order_by("pk").values_list("reason", flat=True))


def tamper(evidence, new_bytes=None):
    """What an attacker with disk access does: make the blob writable and change it."""
    path = blobs.path_of(evidence.digest)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[500] ^= 0xFF
    path.write_bytes(new_bytes if new_bytes is not None else bytes(data))
    return path


def test_range_not_starting_at_zero_is_logged_R_REC_06(evidence, officer_user_a, client_for):
    client = client_for(officer_user_a)
    give_reason(client, evidence, "复核现场检查过程")
    url = reverse("records:evidence_media", args=[evidence.pk])
    # A player that seeks straight into the middle: the first request is not at byte 0.
    response = client.get(url, headers={"Range": "bytes=50000-50999"})
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == DATA[50000:51000]
    assert views(evidence) == ["复核现场检查过程"]
    # The same viewing session: more ranges, a suffix range, the whole file — one entry.
    client.get(url, headers={"Range": "bytes=0-99"})
    client.get(url, headers={"Range": "bytes=-10"})
    client.get(url)
    assert views(evidence) == ["复核现场检查过程"]
    # HEAD hands out no bytes; a range past the end neither (416).
    assert client.head(url).status_code == 200
    assert client.get(url, headers={"Range": "bytes=999999-"}).status_code == 416
    assert views(evidence) == ["复核现场检查过程"]


def test_new_reason_or_long_pause_starts_a_new_viewing_session_R_REC_06(
        evidence, officer_user_a, client_for, settings):
    client = client_for(officer_user_a)
    url = reverse("records:evidence_media", args=[evidence.pk])
    give_reason(client, evidence, "第一次调阅")
    client.get(url, headers={"Range": "bytes=100-"})
    give_reason(client, evidence, "第二次调阅")
    client.get(url, headers={"Range": "bytes=200-"})
    assert views(evidence) == ["第一次调阅", "第二次调阅"]
    settings.SANXIANG_CUSTODY_VIEWING_MINUTES = 0  # every pause is longer than the session
    client.get(url, headers={"Range": "bytes=300-"})
    assert views(evidence) == ["第一次调阅", "第二次调阅", "第二次调阅"]


def test_unicode_digits_in_range_header_are_not_a_500(evidence, officer_user_a, client_for):
    client = client_for(officer_user_a)
    give_reason(client, evidence)
    url = reverse("records:evidence_media", args=[evidence.pk])
    for header in ("bytes=²-", "bytes=０-９", "bytes=" + "9" * 40 + "-"):
        response = client.get(url, headers={"Range": header})
        assert response.status_code == 200  # not a usable range: the whole file
    assert views(evidence) == ["审查案件证据"]


def test_changed_blob_refused_on_read_R_REC_02(evidence, officer_user_a, client_for):
    client = client_for(officer_user_a)
    give_reason(client, evidence)
    url = reverse("records:evidence_media", args=[evidence.pk])
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 206
    tamper(evidence)
    response = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert response.status_code == 409
    assert response.json()["error"] == "R-REC-02"
    assert "与其存储时记录的摘要不符" in response.json()["message"]
    download = client.post(reverse("records:evidence_download", args=[evidence.pk]),
                           data={"reason": "提交复议机关"})
    assert download.status_code == 409
    # Nothing was handed out, so nothing more was logged.
    assert CustodyEntry.objects.filter(evidence=evidence).count() == 1
    assert BlobCheck.objects.get(digest=evidence.digest).intact is False


def test_changed_blob_of_another_size_refused_R_REC_02(evidence, officer_user_a, client_for):
    client = client_for(officer_user_a)
    give_reason(client, evidence)
    tamper(evidence, DATA[:1000])
    url = reverse("records:evidence_media", args=[evidence.pk])
    assert client.get(url).status_code == 409


def test_large_blob_touched_on_disk_waits_for_scrub_R_REC_02(
        evidence, officer_user_a, client_for, settings, capsys):
    settings.SANXIANG_VERIFY_ON_READ_BYTES = 1000  # this original counts as large
    client = client_for(officer_user_a)
    give_reason(client, evidence)
    url = reverse("records:evidence_media", args=[evidence.pk])
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 206  # as stored
    os.chmod(blobs.path_of(evidence.digest), 0o644)  # touched: its ctime changed
    refused = client.get(url, headers={"Range": "bytes=0-9"})
    assert refused.status_code == 409 and "sanxiang scrub" in refused.json()["message"]
    call_command("scrub")  # the bytes are unchanged: re-hashed, found intact
    assert "全部与摘要相符" in capsys.readouterr().out
    assert client.get(url, headers={"Range": "bytes=0-9"}).status_code == 206


def test_scrub_names_changed_and_missing_blobs_in_chinese_exit_1_R_REC_02(
        evidence, officer_user_a, officer_a1, capsys):
    call_command("scrub")
    assert "全部与摘要相符" in capsys.readouterr().out
    tamper(evidence)
    other = actions.store_evidence_file(acting_user=officer_user_a, case=evidence.case,
                                        path_or_bytes=b"another original", filename="b.jpg",
                                        content_type="image/jpeg",
                                        metadata=metadata(officer_a1, title="现场照片"))
    path = blobs.path_of(other.digest)
    os.chmod(path.parent, 0o755)
    path.unlink()
    with pytest.raises(SystemExit) as exited:
        call_command("scrub")
    assert exited.value.code == 1
    report = capsys.readouterr().err
    assert f"与摘要不符：{blobs.path_of(evidence.digest)}" in report
    assert f"证据 #{evidence.pk}《现场检查执法记录仪视频》" in report
    assert "文件缺失" in report and "《现场照片》" in report


def test_upload_is_remembered_as_intact_and_served(officer_a1, officer_a2, officer_user_a,
                                                   client_for):
    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    upload = actions.start_upload(acting_user=officer_user_a, case=case, filename="a.mp4",
                                  content_type="video/mp4", size=len(DATA))
    actions.put_chunk(acting_user=officer_user_a, upload=upload, index=0,
                      stream=io.BytesIO(DATA), length=len(DATA))
    evidence = actions.finish_upload(acting_user=officer_user_a, upload=upload,
                                     metadata=metadata(officer_a1))
    assert BlobCheck.objects.get(digest=evidence.digest).intact


def test_case_file_export_refuses_a_changed_original_R_REC_02(evidence, officer_user_a,
                                                              tmp_path):
    from sanxiang.core.errors import RuleViolation
    from sanxiang.records import bundle

    tamper(evidence)
    with pytest.raises(RuleViolation) as caught:
        bundle.export_case_file(acting_user=officer_user_a, case=evidence.case,
                                reason="移送审查", include_media=True,
                                directory=tmp_path / "exports")
    assert caught.value.code == "R-REC-02" and "与其摘要不符" in caught.value.message
