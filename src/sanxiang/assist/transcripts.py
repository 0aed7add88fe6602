"""The background transcription worker (R-AST-05).

The ``Transcript`` rows in state "queued" are the work queue. ``run_pending`` claims one at
a time (a conditional update: two workers never take the same row), runs the engine on the
stored recording with progress written back as it goes, and records the result through
``actions.record_transcript``. Run it with ``sanxiang manage transcribe`` (``--once`` for a
single pass, from cron; otherwise it keeps polling).
"""

from __future__ import annotations

import logging
import time

from django.utils import timezone

from sanxiang.assist import actions, engines
from sanxiang.assist.models import Transcript
from sanxiang.core import blobs

log = logging.getLogger(__name__)


def claim_next() -> Transcript | None:
    for transcript in Transcript.objects.filter(
            state=Transcript.State.QUEUED).order_by("requested_at", "pk")[:5]:
        taken = Transcript.objects.filter(pk=transcript.pk, state=Transcript.State.QUEUED) \
            .update(state=Transcript.State.RUNNING, progress=0)
        if taken:
            transcript.refresh_from_db()
            return transcript
    return None


def run_one(transcript: Transcript, engine: engines.Engine) -> Transcript:
    path = blobs.path_of(transcript.evidence.digest)
    last = [-1]

    def progress(fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent != last[0]:  # one small write per percent, not per segment
            last[0] = percent
            Transcript.objects.filter(pk=transcript.pk).update(progress=percent)

    try:
        if not blobs.verify(transcript.evidence.digest):
            raise RuntimeError("the stored recording does not match its digest (R-REC-02)")
        result = engine.transcribe(path, progress=progress)
    except Exception as error:  # the engine's failure is the job's, never the worker's
        log.exception("transcription %s failed", transcript.pk)
        return actions.fail_transcript(acting_user=None, transcript=transcript,
                                       error=f"{type(error).__name__}: {error}")
    return actions.record_transcript(acting_user=None, transcript=transcript, result=result,
                                     engine_name=engine.name)


def run_pending(*, limit: int | None = None, engine: engines.Engine | None = None) -> int:
    """Transcribe queued recordings until none is left (or ``limit``); returns how many."""
    engine = engine or engines.engine()
    if engine is None:
        return 0
    done = 0
    while limit is None or done < limit:
        transcript = claim_next()
        if transcript is None:
            break
        started = timezone.now()
        run_one(transcript, engine)
        log.info("transcription %s took %s", transcript.pk, timezone.now() - started)
        done += 1
    return done


def serve(poll_seconds: float = 10.0) -> None:  # pragma: no cover — the long-running loop
    while True:
        if not run_pending():
            time.sleep(poll_seconds)
