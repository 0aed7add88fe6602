"""Running a job a person started: state, progress and the file it makes.

A kind of job is a function ``(job, progress) -> (path, download name)`` registered in
``KINDS``; it writes its file under ``SANXIANG_JOBS_DIR/<id>/`` and calls ``progress(done,
total)`` as it goes. The page of the job (``jobs.views``) reads the row while it runs.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import pgettext

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.jobs.models import Job

log = logging.getLogger(__name__)


def jobs_dir() -> Path:
    return Path(settings.SANXIANG_JOBS_DIR)


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


def case_file(job: Job, progress) -> tuple[Path, str]:
    """案卷导出 (R-REC-09) with the recordings: gigabytes to copy, so not in the request.
    The export is recorded (ledger, custody with the reason) when it runs, as the person
    who started it — who must still be allowed to see the case then."""
    from sanxiang.cases.models import Case
    from sanxiang.records import bundle

    case = Case.objects.get(pk=job.params["case"])
    path = bundle.export_case_file(
        acting_user=job.started_by, case=case, reason=job.params["reason"],
        include_media=bool(job.params.get("include_media")), directory=job_dir(job),
        progress=progress)
    return path, path.name


def _may_see_case(job: Job) -> bool:
    from sanxiang.cases.models import Case

    return Case.objects.visible_to(job.started_by).filter(pk=job.params.get("case")).exists()


def _may_still_export(job: Job) -> bool:
    """The credit export (natural persons' ID numbers too, where the setting says so) stays
    its starter's while they may export and export the same bodies: not after the role is
    taken away or the person moves to another body (ADR 0064)."""
    from sanxiang.disclosure import credit_export as export

    user = job.started_by
    return export.may_export(user) and job.params.get("scope") == export.scope_of(user)


KINDS = {"credit_export": credit_export, "case_file": case_file}

# Beyond having started the job: what its starter must still be allowed to see for the job
# and its file to be shown (a case moved out of the person's scope takes its file with it).
STILL_ALLOWED = {"case_file": _may_see_case, "credit_export": _may_still_export}


def still_allowed(job: Job) -> bool:
    check = STILL_ALLOWED.get(job.kind)
    return check is None or check(job)


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
    except (RuleViolation, PermissionDenied) as refused:
        # A refusal the person can act on (a changed original, no longer allowed): say it.
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED, finished_at=timezone.now(),
            error=str(getattr(refused, "message", "") or refused)[:300])
        return Job.State.FAILED
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
