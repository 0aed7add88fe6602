"""案卷导出 with the recordings runs as a background job (issue 17): the officer follows its
progress on the job's page and downloads the ZIP from there; nobody else sees it, and the
starter only while they may still see the case (R-REC-09, R-REC-06)."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from sanxiang.core.models import LedgerEvent
from sanxiang.jobs.models import Job
from sanxiang.ledger.events import EventKind
from sanxiang.org.models import User
from sanxiang.records import bundle_verify
from sanxiang.records.models import CustodyEntry

from .test_casefile import investigated_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_jobs_dir")]
REASON = "市司法局案卷评查调阅"


@pytest.fixture
def case(body_a, officer_a1, officer_a2):
    return investigated_case(body_a, [officer_a1, officer_a2])


def _export(client, case, **data):
    return client.post(reverse("cases:export", args=[case.pk]), {"reason": REASON, **data})


def test_case_file_with_recordings_is_a_job_of_its_starter_R_REC_09(
        case, officer_user_a, head_user_a, client_for, django_capture_on_commit_callbacks,
        tmp_path):
    officer = client_for(officer_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(officer, case, include_media="on")
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    page = officer.get(response["Location"]).content.decode()
    assert case.number in page and "等待开始" in page
    # Nothing is exported, and nothing recorded, until the job runs.
    assert not LedgerEvent.objects.filter(kind=EventKind.CASE_FILE_EXPORTED).exists()

    call_command("worker", "--once")

    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert job.total >= 2 and job.done == job.total  # the documents and the recording
    page = officer.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "已完成" in page and job.file_name in page
    download = officer.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    path = tmp_path / job.file_name
    path.write_bytes(b"".join(download.streaming_content))
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert any(name.startswith("evidence/") for name in archive.namelist())
    assert bundle_verify.verify(path).ok
    # Recorded as the person who started it, with their reason (R-REC-06).
    assert CustodyEntry.objects.filter(case=case, user=officer_user_a, reason=REASON,
                                       action=CustodyEntry.Action.EXPORT).exists()
    # Another person of the same body who may see the case does not see the job.
    head = client_for(head_user_a)
    assert head.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert head.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert case.number not in head.get(reverse("jobs:list")).content.decode()


def test_case_file_job_is_gone_once_its_starter_may_no_longer_see_the_case_R_REC_06(
        case, officer_user_a, body_b, client_for, django_capture_on_commit_callbacks):
    officer = client_for(officer_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        _export(officer, case, include_media="on")
    call_command("worker", "--once")
    job = Job.objects.get()
    assert officer.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    User.objects.filter(pk=officer_user_a.pk).update(body=body_b)  # moved to another body
    assert officer.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert officer.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert case.number not in officer.get(reverse("jobs:list")).content.decode()


def test_case_file_without_recordings_downloads_at_once_R_REC_09(
        case, officer_user_a, client_for):
    officer = client_for(officer_user_a)
    page = officer.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "包含音像记录原始文件时，导出在后台进行" in page  # the officer is told beforehand
    response = _export(officer, case)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert not Job.objects.exists()


def test_case_file_job_needs_a_reason_R_REC_06(case, officer_user_a, client_for):
    officer = client_for(officer_user_a)
    response = officer.post(reverse("cases:export", args=[case.pk]),
                            {"reason": " ", "include_media": "on"})
    # The case page again, the box still ticked and the message beside the reason (ADR 0065).
    assert response.status_code == 422 and not Job.objects.exists()
    page = response.content.decode()
    assert "请填写导出案卷的理由" in page and "此项必填" in page
    assert 'aria-describedby="export-media-hint" checked>' in page
