"""What must be recorded about a piece of evidence (R-REC-04), checked before it is stored.

``clean_metadata(case, data)`` returns the normalised metadata or raises ``RuleViolation``
with ``details["field"]`` naming the field at fault. ``data`` holds Python values:

==============  ==================================================================
step            code of a step of the case's procedure
kind            ``Evidence.Kind`` value
title           short title
proves          what it proves (证明对象)
captured_from   aware datetime: capture started
captured_to     aware datetime: capture ended (≥ start, not in the future)
place           where it was captured
captured_by     ``Officer`` (or its id) of the case's body
device          the device (执法记录仪 No. …)
uninterrupted   bool: a 全程 recording (video or audio only)
gaps            list of {"from", "to", "explanation"}: datetimes (or ISO text) inside
                the capture window, each with an explanation (R-REC-04)
late_reason     optional: why it is uploaded after the rulebook's hours (R-REC-05)
==============  ==================================================================
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_id
from sanxiang.core.text import strip_invisible
from sanxiang.org.models import Officer
from sanxiang.records.models import Evidence

RECORDING_KINDS = (Evidence.Kind.VIDEO, Evidence.Kind.AUDIO)


def _fail(field: str, message: str, code: str = "R-REC-04"):
    raise RuleViolation(code, message, field=field)


def _text(data: dict, field: str, label: str, max_length: int | None = None) -> str:
    value = strip_invisible(data.get(field)).strip()  # no bidi controls, zero-width chars
    if not value:
        _fail(field, _("Please fill in %(field)s.") % {"field": label})
    if max_length and len(value) > max_length:
        _fail(field, _("%(field)s may be at most %(count)d characters.")
              % {"field": label, "count": max_length})
    return value


def _moment(value, field: str, label: str) -> datetime:
    if isinstance(value, str):
        value = parse_datetime(value.strip()) if value.strip() else None
    if not isinstance(value, datetime):
        _fail(field, _("Please give %(field)s as a date and time.") % {"field": label})
    if timezone.is_naive(value):
        _fail(field, _("%(field)s must carry its time zone.") % {"field": label})
    return value


def clean_metadata(case, data: dict, *, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    step = str(data.get("step") or "").strip()
    try:
        case.workflow.step(step)
    except KeyError:
        _fail("step", _("Choose a step of this case's procedure."))
    kind = str(data.get("kind") or "")
    if kind not in Evidence.Kind.values:
        _fail("kind", _("Choose the kind of evidence."))
    title = _text(data, "title", _("the title"), 200)
    proves = _text(data, "proves", _("what it proves"))
    captured_from = _moment(data.get("captured_from"), "captured_from",
                            _("the start of capture"))
    captured_to = _moment(data.get("captured_to"), "captured_to", _("the end of capture"))
    if captured_to < captured_from:
        _fail("captured_to", _("The capture cannot end before it started."))
    if captured_to > now:
        _fail("captured_to", _("The end of capture cannot be in the future."))
    _not_before_case(case, captured_from)
    place = _text(data, "place", _("the place"), 200)
    device = _text(data, "device", _("the device"), 100)
    officer = data.get("captured_by")
    if not isinstance(officer, Officer):
        officer = (Officer.objects.filter(pk=parse_id(officer)).first()
                   if parse_id(officer) is not None else None)
    if officer is None or officer.body_id != case.body_id:
        _fail("captured_by", _("The officer who captured it must be an officer of %(body)s.")
              % {"body": case.body.name})
    uninterrupted = bool(data.get("uninterrupted"))
    if uninterrupted and kind not in RECORDING_KINDS:
        _fail("uninterrupted", _("Only a video or audio recording can be uninterrupted."))
    gaps = _clean_gaps(data.get("gaps") or [], uninterrupted, captured_from, captured_to)
    late_reason = str(data.get("late_reason") or "").strip()
    return {"step": step, "kind": kind, "title": title, "proves": proves,
            "captured_from": captured_from, "captured_to": captured_to, "place": place,
            "captured_by": officer, "device": device, "uninterrupted": uninterrupted,
            "gaps": gaps, "late_reason": late_reason}


def _not_before_case(case, captured_from: datetime) -> None:
    """R-CASE-15: a recording of the case is not captured before the case began (its
    discovery, for a penalty case whose discovery was recorded, else its opening)."""
    began = case.opened_on
    if case.discovered_on is not None:
        began = min(began, case.discovered_on)
    if timezone.localtime(captured_from).date() < began:
        raise RuleViolation("R-CASE-15", _(
            "R-CASE-15: the recording starts before the case began (%(date)s); record it with "
            "the case it belongs to.") % {"date": date_format(began)}, field="captured_from")


def _clean_gaps(gaps, uninterrupted: bool, start: datetime, end: datetime) -> list[dict]:
    if gaps and not uninterrupted:
        _fail("gaps", _("Gaps are recorded only for an uninterrupted recording."))
    cleaned = []
    for number, gap in enumerate(gaps, start=1):
        if not isinstance(gap, dict):
            _fail("gaps", _("Gap %(number)d is not in the expected form.")
                  % {"number": number})
        label_from = _("the start of gap %(number)d") % {"number": number}
        label_to = _("the end of gap %(number)d") % {"number": number}
        gap_from = _moment(gap.get("from"), "gaps", label_from)
        gap_to = _moment(gap.get("to"), "gaps", label_to)
        if not (start <= gap_from <= gap_to <= end):
            _fail("gaps", _("Gap %(number)d must lie within the capture time, and end after "
                            "it starts.") % {"number": number})
        explanation = str(gap.get("explanation") or "").strip()
        if not explanation:
            _fail("gaps", _("Explain gap %(number)d: a gap in an uninterrupted recording must "
                            "be explained (R-REC-04).") % {"number": number})
        cleaned.append({"from": gap_from.isoformat(), "to": gap_to.isoformat(),
                        "explanation": explanation})
    return cleaned
