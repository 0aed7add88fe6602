"""The periodic work the worker enqueues by itself (in place of an operator's cron).

Each entry is due every ``every``; ``enqueue_due`` claims a due entry by moving its
``next_at`` in one UPDATE, so with several workers each run is enqueued once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from sanxiang.jobs import tasks
from sanxiang.jobs.models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    name: str
    task: object
    every: timedelta


def schedule() -> list[Periodic]:
    return [
        # Signs only when due (SANXIANG_CHECKPOINT_MINUTES): looking often costs one query.
        Periodic("checkpoint", tasks.sign_checkpoint_if_due, timedelta(minutes=5)),
        # The public statistics page shows the newest snapshot and says when it was taken.
        Periodic("statistics", tasks.take_statistics_snapshot,
                 timedelta(minutes=settings.SANXIANG_STATISTICS_MINUTES)),
        Periodic("uploads", tasks.drop_abandoned_uploads, timedelta(minutes=30)),
        Periodic("publications", tasks.take_down_expired_publications, timedelta(hours=1)),
        # Claims queued transcripts one by one; a no-op without the speech engine.
        Periodic("transcripts", tasks.transcribe_pending, timedelta(minutes=1)),
        Periodic("scrub", tasks.scrub_originals,
                 timedelta(hours=settings.SANXIANG_SCRUB_HOURS)),
        Periodic("prune", tasks.prune_finished, timedelta(hours=6)),
    ]


def enqueue_due(now: datetime) -> list[str]:
    """Enqueue every periodic task that is due; the names enqueued."""
    enqueued = []
    for entry in schedule():
        PeriodicRun.objects.get_or_create(name=entry.name, defaults={"next_at": now})
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(name=entry.name, next_at__lte=now).update(
                next_at=now + entry.every, last_enqueued_at=now)
            if claimed:
                entry.task.enqueue()
                enqueued.append(entry.name)
    return enqueued
