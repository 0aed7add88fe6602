"""The platform's background tasks (django-tasks): periodic work and jobs people start.

Each task takes only JSON values (ids, names), as every django-tasks backend requires, and
does its work through the same functions the commands and pages use.
"""

import logging

from django.db import transaction
from django.utils import timezone

from sanxiang.jobs.compat import task

log = logging.getLogger(__name__)


@task()
def sign_checkpoint_if_due() -> int | None:
    """R-REC-09: a signed checkpoint when the ledger grew and the last one is old enough."""
    from sanxiang.ledger import schedule

    checkpoint = schedule.sign_if_due(timezone.now())
    return checkpoint.tree_size if checkpoint is not None else None


@task()
def take_statistics_snapshot() -> int:
    """R-PUB-09: the public statistics as of now, stored for the portal (ADR 0050)."""
    from sanxiang.disclosure import stats_snapshot

    return stats_snapshot.take().pk


@task()
def drop_abandoned_uploads() -> int:
    from sanxiang.records.actions import abandon_stale_uploads

    return abandon_stale_uploads(now=timezone.now())


@task()
def take_down_expired_publications() -> int:
    """R-PUB-07: publications past their period leave the portal."""
    from sanxiang.disclosure.actions import remove_expired

    with transaction.atomic():
        return remove_expired(timezone.now())


@task()
def scrub_originals() -> int:
    """Re-hash every stored original; problems are logged (``sanxiang scrub`` names them)."""
    from sanxiang.core import blobs
    from sanxiang.records.integrity import State, rehash

    bad = 0
    for digest in blobs.iter_digests():
        if rehash(digest) is not State.INTACT:
            bad += 1
            log.error("scrub: stored original %s does not match its digest", digest)
    return bad


@task()
def transcribe_pending() -> int:
    """R-AST-05: transcribe the recordings queued for it, when a speech engine is installed
    (the ``asr`` extra); without one the queue waits and the page says why."""
    from sanxiang.assist import engines, transcripts
    from sanxiang.assist.models import Transcript

    if not Transcript.objects.filter(state=Transcript.State.QUEUED).exists():
        return 0
    if engines.engine() is None:
        return 0
    return transcripts.run_pending()


@task()
def prune_finished() -> int:
    """Finished task results and finished jobs with their files, past the keeping period."""
    from sanxiang.jobs.housekeeping import prune

    pruned = prune(timezone.now())
    return pruned.task_results + pruned.jobs


@task()
def run_job(job_id: int) -> str:
    """Run a job a person started (``sanxiang.jobs.runner``)."""
    from sanxiang.jobs import runner

    return runner.run(job_id)
