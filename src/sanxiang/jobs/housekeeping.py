"""Pruning what the queue and the jobs leave behind (issue 17).

Every task run leaves a result row (django-tasks-db's ``DBTaskResult``) and every job a
person started leaves its ``Job`` row and, when it made one, a file under
``SANXIANG_JOBS_DIR/<id>/``. The periodic tasks alone add about 2,000 result rows a day, so
without pruning the queue's table grows without bound. Finished results and finished jobs
older than ``SANXIANG_JOBS_KEEP_DAYS`` go; queued and running ones are never touched.
"""

import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings

from sanxiang.jobs.models import Job
from sanxiang.jobs.runner import jobs_dir


@dataclass(frozen=True)
class Pruned:
    task_results: int
    jobs: int


def prune(now: datetime, *, keep_days: int | None = None) -> Pruned:
    keep = settings.SANXIANG_JOBS_KEEP_DAYS if keep_days is None else keep_days
    cutoff = now - timedelta(days=keep)
    results = 0
    # Only the database queue keeps results in our database (RQ expires its own).
    if apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        results, _kinds = DBTaskResult.objects.finished().filter(
            finished_at__lt=cutoff).delete()
    jobs = 0
    finished = Job.objects.filter(state__in=(Job.State.DONE, Job.State.FAILED),
                                  finished_at__lt=cutoff).order_by("pk")
    for pk in finished.values_list("pk", flat=True).iterator(chunk_size=500):
        # The file first: a row whose file is gone answers 404 at its download; a file
        # whose row is gone would never be found again.
        directory = jobs_dir() / str(pk)
        if directory.is_dir():
            shutil.rmtree(directory)
        jobs += Job.objects.filter(pk=pk).delete()[0]
    return Pruned(task_results=results, jobs=jobs)
