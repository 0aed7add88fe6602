"""A background credit export stays its starter's only while they may export those bodies.

The 双公示 file (natural persons' ID numbers too, where the setting says so) stayed
downloadable by the person who started it after they moved to another body or lost the
role (probe 5, ADR 0064); the case-file export already followed the case's scope.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from sanxiang.jobs.models import Job
from sanxiang.org import actions as org_actions

from .test_worker import published_penalty  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_export_file_gone_when_its_starter_moves_body_R_PUB_08(
        published_penalty, clerk_user_a, body_b, client_for,  # noqa: F811
        django_capture_on_commit_callbacks):
    clerk = client_for(clerk_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(reverse("disclosure_reports:export_start", args=["penalty", "csv"]))
    call_command("worker", "--once")
    job = Job.objects.get()
    download = reverse("jobs:download", args=[job.pk])
    assert job.state == Job.State.DONE and clerk.get(download).status_code == 200

    # The clerk moves to body B: body A's file is no longer theirs.
    org_actions.update_user(user=clerk_user_a, acting_user=None, body=body_b)

    assert clerk.get(download).status_code == 404
    assert clerk.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
