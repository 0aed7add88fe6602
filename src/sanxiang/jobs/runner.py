"""Running a job a person started: state, progress and the file it makes.

A kind of job is a function ``(job, progress) -> (path, download name)`` registered in
``KINDS``; it writes its file under ``DATA_DIR/jobs/<id>/`` and calls ``progress(done,
total)`` as it goes. The page of the job (``jobs.views``) reads the row while it runs.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import pgettext

from sanxiang.jobs.models import Job

log = logging.getLogger(__name__)


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


def job_dir(job: Job) -> Path:
    directory = jobs_dir() / str(job.pk)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def credit_export(job: Job, progress) -> tuple[Path, str]:
    """双公示 export (R-PUB-09) of every body the person who started it may see."""
    from sanxiang.disclosure import credit_export as export
    from sanxiang.org.models import Body

    kind, fmt = job.params["kind"], job.params["fmt"]
    queryset = export.exportable(kind, Body.objects.visible_to(job.started_by))
    total = queryset.count()
    progress(0, total)
    response = export.EXPORTS[fmt](kind, queryset, timezone.localdate(),
                                   progress=lambda n: progress(n, total))
    name = export.filename(kind, fmt, timezone.localdate())
    path = job_dir(job) / name
    with open(path, "wb") as out:
        for chunk in response:
            out.write(chunk)
    # Not response.close(): it sends request_finished, which would recycle the worker's
    # database connection in the middle of its task. Only the Excel file needs closing.
    source = getattr(response, "file_to_stream", None)
    if source is not None:
        source.close()
    return path, name


KINDS = {"credit_export": credit_export}


def _progress(job_id: int):
    def report(done: int, total: int | None = None) -> None:
        changes = {"done": done}
        if total is not None:
            changes["total"] = total
        Job.objects.filter(pk=job_id).update(**changes)
    return report


def run(job_id: int) -> str:
    job = Job.objects.select_related("started_by").get(pk=job_id)
    if job.state != Job.State.QUEUED:
        return job.state  # run once, even if the queue delivers it twice
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    try:
        path, name = KINDS[job.kind](job, _progress(job.pk))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED, finished_at=timezone.now(),
            error=pgettext("job", "The job could not be finished. Please start it again "
                                       "or tell the system administrator."))
        return Job.State.FAILED
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE, finished_at=timezone.now(), file_name=name,
        file=str(path.relative_to(jobs_dir())))
    return Job.State.DONE
