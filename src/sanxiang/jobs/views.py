"""The pages of a person's background jobs (/workbench/jobs/): progress and the result.

Only the person who started a job sees it (anyone else gets a 404), and only while they may
still see what it is about (``runner.STILL_ALLOWED``).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sanxiang.core.access import log_access
from sanxiang.jobs.models import Job
from sanxiang.jobs.runner import jobs_dir, still_allowed

RECENT = 20


def _own(request, pk) -> Job:
    job = get_object_or_404(Job, pk=pk, started_by=request.user)
    if not still_allowed(job):
        raise Http404
    return job


@login_required
@require_GET
def job_list(request):
    jobs = [job for job in Job.objects.filter(started_by=request.user)
            .order_by("-created_at")[:RECENT] if still_allowed(job)]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request, pk):
    job = _own(request, pk)
    return render(request, "jobs/detail.html", {
        "job": job, "working": job.state in (Job.State.QUEUED, Job.State.RUNNING)})


@login_required
@require_GET
def job_download(request, pk):
    job = _own(request, pk)
    if job.state != Job.State.DONE or not job.file:
        raise Http404
    path = (jobs_dir() / job.file).resolve()
    if jobs_dir().resolve() not in path.parents or not path.is_file():
        raise Http404
    log_access(request.user, job, action="download", reason=job.title)
    return FileResponse(open(path, "rb"), as_attachment=True,
                        filename=job.file_name)
