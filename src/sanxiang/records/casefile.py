"""The case file (案卷, R-REC-01): one timeline of everything recorded, and what is missing.

``timeline(case)`` is the 全过程 record the case page shows and the exported bundle
carries: steps, documents, evidence, recusals, excluded periods, extensions and recording
exceptions, in the order they happened. ``completeness(case)`` lists what the file lacks;
an empty list means it is complete. Both read the workflow table (``cases.workflows``)
and the recorded rows only, so no procedure has code of its own here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sanxiang.calendar.workdays import Unit
from sanxiang.cases.guards import recording_level
from sanxiang.cases.workflows import CONDITIONS, DOCUMENT_TYPES, EXCLUDED_PERIODS, Recording
from sanxiang.ledger.entries import actor_display
from sanxiang.records.findings import Finding

STEP, DOCUMENT, EVIDENCE = "step", "document", "evidence"
RECUSAL, PERIOD, EXTENSION, EXCEPTION = "recusal", "period", "extension", "exception"
SUPPLEMENT = "supplement"

KIND_LABELS = {
    STEP: pgettext_lazy("timeline", "Step"),
    DOCUMENT: pgettext_lazy("timeline", "Document"),
    EVIDENCE: pgettext_lazy("timeline", "Evidence"),
    RECUSAL: pgettext_lazy("timeline", "Recusal"),
    PERIOD: pgettext_lazy("timeline", "Excluded period"),
    EXTENSION: pgettext_lazy("timeline", "Extension"),
    EXCEPTION: pgettext_lazy("timeline", "Recording exception"),
    SUPPLEMENT: pgettext_lazy("timeline", "Added after archiving"),
}
# Within one moment, the act comes before the papers and files that record it.
_KIND_ORDER = {STEP: 0, RECUSAL: 1, PERIOD: 2, EXTENSION: 3, EXCEPTION: 4, DOCUMENT: 5,
               EVIDENCE: 6, SUPPLEMENT: 7}


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    at: datetime | None  # the recorded moment when there is one; steps are dated acts
    kind: str
    title: str
    who: str = ""
    digest: str = ""
    ledger_seq: int | None = None
    target: str = ""  # "<kind>-<id>": an anchor on the case page, an item in the bundle
    step: str = ""
    flags: tuple[str, ...] = ()

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def sort_key(self):
        moment = self.at if self.at is not None and timezone.localdate(self.at) == self.on \
            else None
        clock = timezone.localtime(moment).time() if moment else time.min
        return (self.on, clock, _KIND_ORDER[self.kind], self.target)

    def as_dict(self) -> dict:
        return {"on": self.on.isoformat(), "at": self.at.isoformat() if self.at else None,
                "kind": self.kind, "title": self.title, "who": self.who,
                "digest": self.digest, "ledger_seq": self.ledger_seq, "target": self.target,
                "step": self.step, "flags": list(self.flags)}


def _user(user) -> str:
    return actor_display(user) if user is not None else ""


def _step_name(workflow, code: str) -> str:
    try:
        return str(workflow.step(code).name)
    except KeyError:
        return code


def _local(moment: datetime) -> date:
    return timezone.localdate(moment)


def timeline(case) -> list[TimelineEntry]:
    """Every recorded act, paper and file of the case, oldest first (a dozen queries)."""
    from sanxiang.records.models import Evidence, RecordingException

    workflow = case.workflow
    entries: list[TimelineEntry] = []
    for record in case.steps.select_related("actor").prefetch_related("officers"):
        title = _step_name(workflow, record.step)
        if record.condition and record.condition in CONDITIONS:
            title = f"{title}（{CONDITIONS[record.condition]}）"
        officers = "、".join(o.name for o in record.officers.all())
        entries.append(TimelineEntry(
            on=record.done_on, at=record.recorded_at, kind=STEP, title=title,
            who=officers or _user(record.actor), ledger_seq=record.ledger_seq,
            target=f"step-{record.pk}", step=record.step))
    for doc in case.documents.select_related("issued_by"):
        name = str(DOCUMENT_TYPES[doc.doc_type][0]) if doc.doc_type in DOCUMENT_TYPES \
            else doc.title
        title = f"{name} {doc.number}".strip() if doc.number else (doc.title or name)
        flags = ("correction",) if doc.corrects_id else ()
        if doc.version > 1:
            title = _("%(title)s (version %(version)d)") % {"title": title,
                                                           "version": doc.version}
        entries.append(TimelineEntry(
            on=doc.issued_on, at=doc.issued_at, kind=DOCUMENT, title=title,
            who=_user(doc.issued_by), digest=doc.digest, ledger_seq=doc.ledger_seq,
            target=f"document-{doc.pk}", step=doc.step, flags=flags))
    for item in Evidence.objects.filter(case=case).select_related("captured_by",
                                                                   "uploaded_by"):
        entries.append(TimelineEntry(
            on=_local(item.captured_from), at=item.captured_from, kind=EVIDENCE,
            title=f"{item.get_kind_display()}：{item.title}", who=item.captured_by.name,
            digest=item.digest, ledger_seq=item.ledger_seq, target=f"evidence-{item.pk}",
            step=item.step, flags=("late",) if item.late else ()))
        if item.supplement_reason:
            # 补充归档 (R-REC-02): when it was added, by whom (the approving head), and why.
            entries.append(TimelineEntry(
                on=_local(item.uploaded_at), at=item.uploaded_at, kind=SUPPLEMENT,
                title=_("%(title)s; reason: %(reason)s") % {
                    "title": item.title, "reason": item.supplement_reason},
                who=_user(item.uploaded_by), digest=item.digest, ledger_seq=item.ledger_seq,
                target=f"evidence-{item.pk}", step=item.step, flags=("supplement",)))
    for recusal in case.recusals.select_related("officer", "decided_by"):
        entries.append(TimelineEntry(
            on=recusal.applied_on, at=None, kind=RECUSAL,
            title=_("Application for %(name)s to withdraw") % {"name": recusal.officer.name},
            who=recusal.get_applicant_display(), target=f"recusal-{recusal.pk}"))
        if recusal.decided_on:
            entries.append(TimelineEntry(
                on=recusal.decided_on, at=None, kind=RECUSAL,
                title=_("Recusal decided: %(outcome)s") % {
                    "outcome": recusal.get_outcome_display()},
                who=_user(recusal.decided_by), target=f"recusal-{recusal.pk}"))
    for period in case.excluded_periods.select_related("recorded_by"):
        name = EXCLUDED_PERIODS.get(period.kind, period.kind)
        entries.append(TimelineEntry(
            on=period.first, at=None, kind=PERIOD,
            title=_("%(kind)s began: %(reason)s") % {"kind": name, "reason": period.reason},
            who=_user(period.recorded_by), target=f"period-{period.pk}"))
        if period.last:
            entries.append(TimelineEntry(
                on=period.last, at=None, kind=PERIOD,
                title=_("%(kind)s ended") % {"kind": name}, who=_user(period.recorded_by),
                target=f"period-{period.pk}"))
    for extension in case.extensions.select_related("approved_by"):
        text = (_("%(rule)s time limit extended by %(amount)d working days")
                if _extension_unit(workflow, extension.rule) == Unit.WORKDAYS
                else _("%(rule)s time limit extended by %(amount)d days"))
        entries.append(TimelineEntry(
            on=extension.approved_on, at=None, kind=EXTENSION,
            title=text % {"rule": extension.rule, "amount": extension.amount},
            who=_user(extension.approved_by), target=f"extension-{extension.pk}",
            step=extension.step))
    exceptions = RecordingException.objects.filter(case=case).select_related(
        "requested_by", "decided_by")
    for exception in exceptions:
        step = _step_name(workflow, exception.step)
        entries.append(TimelineEntry(
            on=_local(exception.requested_at), at=exception.requested_at, kind=EXCEPTION,
            title=_("Exception to the recording of “%(step)s” requested") % {"step": step},
            who=_user(exception.requested_by), target=f"exception-{exception.pk}",
            step=exception.step))
        if exception.decided_at:
            entries.append(TimelineEntry(
                on=_local(exception.decided_at), at=exception.decided_at, kind=EXCEPTION,
                title=_("Exception to the recording of “%(step)s”: %(outcome)s") % {
                    "step": step, "outcome": exception.get_outcome_display()},
                who=_user(exception.decided_by), target=f"exception-{exception.pk}",
                step=exception.step))
    entries.sort(key=TimelineEntry.sort_key)
    return entries


def _extension_unit(workflow, rule: str):
    """The unit of the time limit an extension of ``rule`` lengthens, from the table."""
    for definition in workflow.steps:
        for deadline in definition.deadlines:
            if deadline.rule == rule and deadline.extension_key:
                return deadline.unit
    return Unit.DAYS


# --------------------------------------------------------------------------------------
# Completeness


def _recording_satisfied(case, step_code: str, level: Recording) -> bool:
    from sanxiang.records.requirements import recording_satisfied

    return recording_satisfied(case, step_code, level)


def completeness(case) -> list[Finding]:
    """What the case file lacks, by rule; empty when it is complete."""
    from sanxiang.records.models import Evidence

    workflow = case.workflow
    records = list(case.steps.order_by("seq"))
    issued = set(case.documents.values_list("step", "doc_type"))
    findings: list[Finding] = []
    findings += _skipped_steps(case, workflow, records)
    checked: set[str] = set()
    for record in records:
        if record.step in checked:
            continue  # a step done twice (back from review) needs its papers once
        checked.add(record.step)
        try:
            definition = workflow.step(record.step)
        except KeyError:
            continue  # reported by _skipped_steps
        name = str(definition.name)
        missing = [code for code in definition.documents if (record.step, code) not in issued]
        if missing:
            names = "、".join(str(DOCUMENT_TYPES[code][0]) for code in missing)
            findings.append(Finding("R-REC-01", record.step, _(
                "Step “%(step)s” was completed but these documents are not in the case "
                "file: %(names)s.") % {"step": name, "names": names}, {"missing": missing}))
        level = recording_level(case, definition, record.data)
        if level != Recording.NONE and not _recording_satisfied(case, record.step, level):
            what = (_("an uninterrupted audio-video recording")
                    if level == Recording.UNINTERRUPTED else _("an audio-video recording"))
            findings.append(Finding("R-REC-03", record.step, _(
                "Step “%(step)s” requires %(what)s; none is in the case file and no "
                "exception was approved.") % {"step": name, "what": what},
                {"level": str(level)}))
    late = Evidence.objects.filter(case=case, late=True).order_by("captured_from", "pk")
    for item in late:
        message = (_("“%(title)s” was uploaded more than the permitted time after capture.")
                   if item.late_reason.strip() else
                   _("“%(title)s” was uploaded more than the permitted time after capture; no "
                     "reason for the delay was recorded."))
        findings.append(Finding("R-REC-05", item.step, message % {"title": item.title},
                                {"evidence": item.pk}))
    from sanxiang.review.completeness import review_findings

    findings += review_findings(case)
    return findings


def _skipped_steps(case, workflow, records) -> list[Finding]:
    """R-CASE-02: every recorded step follows from the one before by the workflow's table."""
    findings = []
    expected, previous = workflow.start.code, None
    for record in records:
        try:
            definition = workflow.step(record.step)
        except KeyError:
            findings.append(Finding("R-CASE-02", record.step, _(
                "Step “%(step)s” is not part of this procedure.") % {"step": record.step}))
            continue
        if expected is not None and record.step != expected:
            findings.append(Finding("R-CASE-02", record.step, _(
                "Step “%(step)s” was recorded where “%(expected)s” was due: steps were "
                "skipped or taken out of order.") % {
                    "step": definition.name, "expected": _step_name(workflow, expected)},
                {"expected": expected}))
        elif previous is not None and record.step not in {t.to for t in previous.next}:
            findings.append(Finding("R-CASE-02", record.step, _(
                "Step “%(step)s” cannot follow “%(previous)s” in this procedure.") % {
                    "step": definition.name, "previous": previous.name}))
        expected = record.next_step or None
        previous = definition
    if case.state == case.State.OPEN and records and records[-1].next_step and \
            case.current_step != records[-1].next_step:
        findings.append(Finding("R-CASE-02", case.current_step, _(
            "The case stands at “%(current)s”, but its last step led to “%(expected)s”.") % {
                "current": _step_name(workflow, case.current_step),
                "expected": _step_name(workflow, records[-1].next_step)}))
    return findings
