"""Actions of the assistance app: transcripts of recordings (R-AST-05).

``request_transcript`` queues a recording for the background worker
(``transcripts.run_pending``); the worker records the result through
``record_transcript`` (or ``fail_transcript``). Each writes and appends its ledger event
in one transaction; the transcript's bytes (JSON with the timestamped segments) are stored
beside the recording in the content-addressed store, and the ledger holds their digest.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.assist import engines, similar
from sanxiang.assist.models import Transcript
from sanxiang.cases.permissions import require_case_staff
from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation
from sanxiang.ledger.events import EventKind
from sanxiang.records.models import Evidence

TRANSCRIBABLE = (Evidence.Kind.AUDIO, Evidence.Kind.VIDEO)
MAX_TEXT_CHARS = 200_000


@transaction.atomic
def request_transcript(*, acting_user, evidence: Evidence) -> Transcript:
    """Queue ``evidence`` for transcription; an officer on the case or the head asks."""
    require_case_staff(acting_user, evidence.case, None)
    if evidence.kind not in TRANSCRIBABLE:
        raise RuleViolation("R-AST-05", _("Only audio and video recordings can be "
                                          "transcribed."))
    if engines.engine() is None:
        raise RuleViolation("R-AST-05", _("Speech recognition is not installed on this "
                                          "platform (the sanxiang[asr] extra)."))
    waiting = Transcript.objects.select_for_update().filter(
        evidence=evidence, state__in=[Transcript.State.QUEUED, Transcript.State.RUNNING])
    if waiting.exists():
        raise RuleViolation("R-AST-05", _("This recording is already being transcribed."))
    transcript = Transcript.objects.create(evidence=evidence, requested_by=acting_user,
                                           requested_at=timezone.now())
    ledger.append(kind=EventKind.TRANSCRIPT_REQUESTED, subject=transcript, actor=acting_user,
                  payload={"evidence": evidence.pk, "case": evidence.case.number,
                           "recording": evidence.digest})
    return transcript


def transcript_bytes(transcript: Transcript, result: engines.Result, engine_name: str) -> bytes:
    """What is stored beside the recording: canonical JSON, so the digest is reproducible."""
    document = {"recording": transcript.evidence.digest, "engine": engine_name,
                "language": result.language, "duration": round(result.duration, 2),
                "segments": [s.as_json() for s in result.segments]}
    return json.dumps(document, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


@transaction.atomic
def record_transcript(*, acting_user, transcript: Transcript, result: engines.Result,
                      engine_name: str) -> Transcript:
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if transcript.state == Transcript.State.DONE:
        raise RuleViolation("R-AST-05", _("This transcript is already recorded."))
    blob = blobs.put_bytes(transcript_bytes(transcript, result, engine_name))
    text = "\n".join(s.text for s in result.segments)[:MAX_TEXT_CHARS]
    segments = [s.as_json() for s in result.segments]
    Transcript.objects.filter(pk=transcript.pk).update(
        state=Transcript.State.DONE, progress=100, engine=engine_name[:200], error="",
        segments=segments, text=text,
        digest=blob.digest, duration=result.duration, finished_at=timezone.now())
    transcript.refresh_from_db()
    # The words spoken join the case's text: similar cases and the case search find them.
    similar.index_case(transcript.evidence.case)
    event = ledger.append(kind=EventKind.TRANSCRIPT_RECORDED, subject=transcript,
                          actor=acting_user, payload={
                              "evidence": transcript.evidence_id,
                              "recording": transcript.evidence.digest,
                              "transcript": blob.digest, "size": blob.size,
                              "engine": transcript.engine,
                              "segments": len(segments)})
    Transcript.objects.filter(pk=transcript.pk).update(ledger_seq=event.seq)
    transcript.ledger_seq = event.seq
    return transcript


@transaction.atomic
def fail_transcript(*, acting_user, transcript: Transcript, error: str) -> Transcript:
    error = (error or _("The speech recognition engine failed."))[:300]
    Transcript.objects.filter(pk=transcript.pk).update(
        state=Transcript.State.FAILED, error=error, finished_at=timezone.now())
    transcript.refresh_from_db()
    ledger.append(kind=EventKind.TRANSCRIPT_FAILED, subject=transcript, actor=acting_user,
                  payload={"evidence": transcript.evidence_id, "error": error})
    return transcript
