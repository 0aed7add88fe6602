"""Starting a background job for a person: the row they watch, and the task that runs it."""

from django.db import transaction

from sanxiang.jobs.models import Job


def start(*, user, kind: str, title: str, params: dict) -> Job:
    """Record the job and enqueue it once the row is committed (the worker must see it)."""
    from sanxiang.jobs.tasks import run_job

    job = Job.objects.create(kind=kind, title=title, params=params, started_by=user)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job
