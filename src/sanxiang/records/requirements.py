"""Whether a step's audio-video requirement is met (R-REC-03); read by ``cases.guards``."""

from __future__ import annotations

from sanxiang.records.models import Evidence, RecordingException

RECORDING_KINDS = (Evidence.Kind.VIDEO, Evidence.Kind.AUDIO)


def _gaps_explained(evidence: Evidence) -> bool:
    return all(str((gap or {}).get("explanation") or "").strip() for gap in evidence.gaps or ())


def recording_satisfied(case, step_code: str, level, *, during=None) -> bool:
    """A recording of the step at the required level, or an approved exception for it.

    ``level`` is a ``workflows.Recording`` value: "none", "required" or "uninterrupted"
    (全程: a recording marked uninterrupted whose every gap is explained, R-REC-04).
    ``during`` (start, end): only a recording captured within the step's act counts.
    """
    level = str(level)
    if level == "none":
        return True
    if RecordingException.objects.filter(
            case=case, step=step_code, outcome=RecordingException.Outcome.APPROVED).exists():
        return True
    recordings = Evidence.objects.filter(case=case, step=step_code, kind__in=RECORDING_KINDS)
    if during is not None:
        recordings = recordings.filter(captured_from__gte=during[0], captured_from__lte=during[1])
    if level != "uninterrupted":
        return recordings.exists()
    return any(_gaps_explained(e) for e in recordings.filter(uninterrupted=True)
               .only("id", "gaps"))
