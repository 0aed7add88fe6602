"""Background jobs through Django's task framework, run by ``sanxiang worker`` (issue 17,
item 4): the periodic work that needed cron, and an export a person starts and follows.

The tasks go through the real queue (django-tasks' database backend) and are run by the
worker command in the test's process.
"""

import csv
import io
from datetime import timedelta

import pytest
from disclosure.test_credit_export import decide_penalty, disclosure_of, publish
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sanxiang.core.models import Checkpoint
from sanxiang.disclosure.models import Disclosure, StatisticsSnapshot
from sanxiang.jobs import schedule
from sanxiang.jobs.models import Job, PeriodicRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_penalty(body_a, officer_a1, officer_a2, clerk_user_a):
    case = decide_penalty(body_a, [officer_a1, officer_a2], fine="5000")
    publish(case, clerk_user_a)
    return disclosure_of(case)


def test_worker_does_the_periodic_work_without_cron_R_PUB_07_R_REC_09(published_penalty):
    # The publication's period ended yesterday (set directly: waiting years is no test).
    Disclosure.objects.filter(pk=published_penalty.pk).update(
        public_until=timezone.localdate() - timedelta(days=1))
    assert not Checkpoint.objects.exists()

    call_command("worker", "--once")

    published_penalty.refresh_from_db()
    assert published_penalty.state == Disclosure.State.REMOVED
    assert Checkpoint.objects.exists()  # the ledger grew and none was signed yet
    runs = {run.name: run for run in PeriodicRun.objects.all()}
    assert set(runs) == {"checkpoint", "uploads", "publications", "transcripts", "scrub",
                         "prune", "statistics"}
    # The public statistics are taken as a snapshot by the worker (ADR 0050).
    assert StatisticsSnapshot.objects.count() == 1
    assert all(run.next_at > timezone.now() for run in runs.values())
    # Nothing is due again until its period has passed: each run is enqueued once.
    assert schedule.enqueue_due(timezone.now()) == []
    later = timezone.now() + timedelta(hours=2)
    assert set(schedule.enqueue_due(later)) == {"checkpoint", "uploads", "publications",
                                                 "transcripts", "statistics"}


def test_export_in_the_background_with_progress_for_its_starter_R_PUB_08(
        published_penalty, clerk_user_a, head_user_a, client_for,
        django_capture_on_commit_callbacks):
    clerk = client_for(clerk_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(reverse("disclosure_reports:export_start",
                                      args=["penalty", "csv"]))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    page = clerk.get(response["Location"]).content.decode()
    assert "等待开始" in page and 'http-equiv="refresh"' in page

    call_command("worker", "--once")

    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.done == job.total == 1
    page = clerk.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "已完成" in page and 'http-equiv="refresh"' not in page
    download = clerk.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert "行政处罚决定书文号" in header
    assert [row[header.index("行政处罚决定书文号")] for row in rows] == [
        published_penalty.document_number]
    # Another person, even of the same body, does not see the job or its file.
    other = client_for(head_user_a)
    assert other.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_export_start_is_a_post_of_a_reporter(client_for, officer_user_a, clerk_user_a):
    url = reverse("disclosure_reports:export_start", args=["penalty", "csv"])
    assert client_for(clerk_user_a).get(url).status_code == 405
    assert client_for(officer_user_a).post(url).status_code == 403
    assert not Job.objects.exists()


@pytest.fixture
def redis_queue(settings, tmp_path):
    """A real Redis server on a free port as the task queue (production's RQ backend)."""
    import shutil
    import socket
    import subprocess
    import time

    pytest.importorskip("django_tasks_rq")
    redis = pytest.importorskip("redis")
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port, db=1)  # the queue's database
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        settings.SANXIANG_TASKS_BACKEND = "rq"
        settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/1"}}
        # In this process: the test's database is not visible to a forked work horse.
        settings.RQ = {"WORKER_CLASS": "rq.worker.SimpleWorker"}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend",
                                      "QUEUES": ["default"]}}
        yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_worker_runs_the_queue_on_redis_R_PUB_07(redis_queue, published_penalty):
    Disclosure.objects.filter(pk=published_penalty.pk).update(
        public_until=timezone.localdate() - timedelta(days=1))
    due = schedule.enqueue_due(timezone.now())
    assert "publications" in due
    assert redis_queue.llen("rq:queue:default") == len(due)  # on Redis, not in the database
    call_command("worker", "--once")
    published_penalty.refresh_from_db()
    assert published_penalty.state == Disclosure.State.REMOVED
    assert redis_queue.llen("rq:queue:default") == 0


def test_worker_prunes_old_finished_results_and_jobs_with_their_files_R_REC_07(
        published_penalty, clerk_user_a, client_for, django_capture_on_commit_callbacks,
        settings):
    """Finished task results and finished jobs older than SANXIANG_JOBS_KEEP_DAYS go, with
    the files the jobs made (copies); queued jobs, recent ones and originals stay (R-REC-07)."""
    from django_tasks_db.models import DBTaskResult

    from sanxiang.core import blobs
    from sanxiang.jobs.runner import jobs_dir

    settings.SANXIANG_JOBS_KEEP_DAYS = 30
    originals = sorted(blobs.iter_digests())
    clerk = client_for(clerk_user_a)
    url = reverse("disclosure_reports:export_start", args=["penalty", "csv"])
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(url)
        clerk.post(url)
    call_command("worker", "--once")
    old, recent = Job.objects.order_by("pk")
    assert old.state == recent.state == Job.State.DONE
    assert (jobs_dir() / old.file).is_file() and (jobs_dir() / recent.file).is_file()
    long_ago = timezone.now() - timedelta(days=31)
    Job.objects.filter(pk=old.pk).update(finished_at=long_ago)
    waiting = Job.objects.create(kind="credit_export", title="等待中的导出",
                                 started_by=clerk_user_a,
                                 params={"kind": "penalty", "fmt": "csv"})
    Job.objects.filter(pk=waiting.pk).update(created_at=long_ago)
    finished = DBTaskResult.objects.finished()
    assert finished.count() >= 3
    aged = list(finished.values_list("pk", flat=True)[:2])
    DBTaskResult.objects.filter(pk__in=aged).update(finished_at=long_ago)
    queued = DBTaskResult.objects.exclude(pk__in=aged).count()

    PeriodicRun.objects.filter(name="prune").update(next_at=timezone.now())
    call_command("worker", "--once")

    assert not DBTaskResult.objects.filter(pk__in=aged).exists()
    assert DBTaskResult.objects.count() >= queued  # the rest, and this run's own results
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not (jobs_dir() / str(old.pk)).exists()
    assert (jobs_dir() / recent.file).is_file()
    assert clerk.get(reverse("jobs:download", args=[old.pk])).status_code == 404
    assert clerk.get(reverse("jobs:download", args=[recent.pk])).status_code == 200
    # Every original stays. (A subset, not equality: the xdist workers share the blob
    # store, and another worker's test may add a blob meanwhile.)
    assert set(originals) <= set(blobs.iter_digests())
