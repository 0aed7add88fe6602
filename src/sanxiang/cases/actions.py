"""Actions on cases: the only way a case changes (DESIGN.md, "Actions").

Each action checks the acting user's rights and every rule that applies, writes, and
appends a ledger event, in one transaction. A broken rule raises ``RuleViolation`` with the
rule's ID and a Chinese message for the officer. The workflow engine (``complete_step``)
reads the procedure tables in ``workflows.py``; the rules it checks are in ``guards.py``.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.cases import guards, hooks, numbering, step_data
from sanxiang.cases.models import (
    Case,
    CaseOfficer,
    ExcludedPeriod,
    Extension,
    Milestone,
    Party,
    Recusal,
    StepRecord,
)
from sanxiang.cases.parties import clean_party
from sanxiang.cases.permissions import (
    require_case_officer,
    require_case_staff,
    require_head,
    require_opener,
)
from sanxiang.cases.workflows import EXCLUDED_PERIODS, PROCEDURES, StepKind
from sanxiang.core.errors import RuleViolation
from sanxiang.core.text import clean_name
from sanxiang.ledger.events import EventKind
from sanxiang.org.models import EnforcementField, Officer


def _lock(case: Case, expected_version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise RuleViolation(
            "CONFLICT",
            _("Someone else changed this case after you opened it. Reload the page to see "
              "their change, then try again."))
    return locked


def _bump(case: Case, **changes) -> None:
    changes["version"] = case.version + 1
    changes["updated_at"] = timezone.now()
    Case.objects.filter(pk=case.pk).update(**changes)
    for name, value in changes.items():
        setattr(case, name, value)


def _officer_ids(case: Case) -> list[int]:
    return list(case.case_officers.filter(removed_on__isnull=True)
                .values_list("officer_id", flat=True))


# --------------------------------------------------------------------------------------
# Opening


@transaction.atomic
def open_case(*, acting_user, body, procedure: str, title: str, field_code: str,
              parties: list[dict], officers: list[Officer], opened_on: date,
              violation_on: date | None = None, discovered_on: date | None = None,
              serious_harm: bool = False, source: str = "", facts: str = "",
              item_code: str = "", item_name: str = "", flags=()) -> Case:
    """立案 (or start an inspection, compulsory measure or licence application).

    The first officer is in charge. The case starts at its procedure's first step, whose
    guards run when that step is completed; the limitation period (R-CASE-07) and the
    officers' qualification (R-ORG-03) are checked here already, so a case that could never
    be opened lawfully is never numbered.
    """
    require_opener(acting_user, body)
    if procedure not in PROCEDURES:
        raise RuleViolation("PROCEDURE", _("Unknown procedure."))
    workflow = PROCEDURES[procedure]
    title = clean_name(title)  # NFC, no bidi controls or zero-width characters
    if not title:
        raise RuleViolation("CASE", _("The cause of action is required."), field="title")
    field = EnforcementField.objects.filter(code=field_code).first()
    if field is None:
        raise RuleViolation("CASE", _("Choose the enforcement category."), field="field")
    officers = list(dict.fromkeys(officers))
    if not officers:
        raise RuleViolation("R-ORG-04", _("Name the officers who handle the case."),
                            field="officers")
    foreign = [o.name for o in officers if o.body_id != body.pk]
    if foreign:
        raise RuleViolation("R-ORG-03", _("%(names)s are not officers of %(body)s.") % {
            "names": "、".join(foreign), "body": body.name}, field="officers")
    if not parties:
        raise RuleViolation("PARTY", _("At least one party is required."))
    cleaned = [clean_party(p, on=opened_on, position=i) for i, p in enumerate(parties, 1)]
    if procedure.startswith("penalty"):  # 处罚法 36: a limitation for penalties only
        guards.check_limitation(violation_on=violation_on, discovered_on=discovered_on,
                                opened_on=opened_on, serious_harm=serious_harm, body=body)
    # Enforcement is done by at least two qualified officers (处罚法 42, 强制法 18); a
    # licence application may be handled by one.
    two = procedure != "licence" or "R-ORG-04" in workflow.start.guards
    guards.check_officers(officers, field_code=field_code, on=opened_on, body=body,
                          minimum=("R-ORG-04",) if two else ("R-ORG-03",))
    number, _serial = numbering.take_number(body, numbering.CASE_SERIES[procedure],
                                            opened_on.year)
    case = Case.objects.create(
        body=body, procedure=procedure, number=number, title=title, field=field,
        item_code=item_code, item_name=item_name, current_step=workflow.start.code,
        opened_on=opened_on, violation_on=violation_on, discovered_on=discovered_on,
        serious_harm=serious_harm, source=source, facts=facts, flags=sorted(set(flags)),
        lead_officer=officers[0], created_by=acting_user if acting_user else None,
    )
    for position, party in enumerate(cleaned):
        Party.objects.create(case=case, position=position, **party.__dict__)
    for index, officer in enumerate(officers):
        CaseOfficer.objects.create(
            case=case, officer=officer, added_on=opened_on,
            role=CaseOfficer.Role.LEAD if index == 0 else CaseOfficer.Role.ASSISTING)
    Milestone.objects.create(case=case, event="case_opened", on=opened_on)
    hooks.case_changed(case)  # R-AST-01: e.g. the facts become searchable for similar cases
    ledger.append(kind=EventKind.CASE_OPENED, subject=case, actor=acting_user, payload={
        "number": number, "body": body.pk, "procedure": procedure, "title": title,
        "field": field_code, "opened_on": opened_on.isoformat(),
        "officers": [o.pk for o in officers],
        "parties": [{"kind": p.kind, "name": p.name, "id": p.id_number} for p in cleaned],
        "violation_on": violation_on.isoformat() if violation_on else None,
        "discovered_on": discovered_on.isoformat() if discovered_on else None,
        "serious_harm": serious_harm, "flags": sorted(set(flags)),
    })
    return case


# --------------------------------------------------------------------------------------
# The engine


@transaction.atomic
def complete_step(*, acting_user, case: Case, step: str, to: str | None = None,
                  done_on: date, data: dict | None = None, officers=None,
                  expected_version: int | None = None) -> StepRecord:
    """Record that ``step`` (the case's current step) was done on ``done_on`` and move on.

    ``to`` is the next step (needed where the workflow branches; an end step has none).
    ``data`` holds the facts the step records (``step_data.FIELDS``); ``officers`` those
    who carried the act out (default: the case's officers). Every guard of the step, the
    required documents and the required audio-video are checked first (R-REC-03).
    """
    case = _lock(case, expected_version)
    before = copy.copy(case)  # as found, for the CASE_CHANGED handlers that keep counts
    workflow = case.workflow
    if case.state != Case.State.OPEN:
        raise RuleViolation("CASE", _("This case is %(state)s; no further step can be "
                                      "recorded.") % {"state": case.get_state_display()})
    if step != case.current_step:
        raise RuleViolation("R-CASE-02", _("The case is at “%(current)s”, not at “%(step)s”.")
                            % {"current": workflow.step(case.current_step).name,
                               "step": _step_name(workflow, step)})
    definition = workflow.step(step)
    require_case_staff(acting_user, case, definition)
    if done_on > timezone.localdate():
        raise RuleViolation("DATE", _("The date of the act cannot be in the future."),
                            field="done_on")
    last = case.steps.order_by("-seq").first()
    if last is not None and done_on < last.done_on:
        raise RuleViolation("DATE", _("The date of the act cannot be before the previous "
                                      "step (%(date)s).") % {"date": date_format(last.done_on)},
                            field="done_on")
    clean = step_data.clean(workflow.code, step, data or {}, case=case)
    _stamp(clean, workflow.code, step, acting_user=acting_user, done_on=done_on)
    active = _officer_ids(case)
    chosen = list(officers) if officers is not None else list(
        Officer.objects.filter(pk__in=active))
    outside = [o.name for o in chosen if o.pk not in active]
    if outside:
        raise RuleViolation("R-CASE-09", _("%(names)s are not (or no longer) officers on this "
                                           "case.") % {"names": "、".join(outside)})
    context = guards.Context(case=case, step=definition, to=to, done_on=done_on, data=clean,
                             officers=chosen, user=acting_user)
    if definition.kind == StepKind.END:
        if to:
            raise RuleViolation("R-CASE-02", _("This is the last step of the procedure."))
        condition = ""
    else:
        condition = guards.check_transition(context)
        to = context.to
    guards.check_step(context)
    # R-AST-02 (the 裁量基准 gate, registered by ``discretion``): may refuse the step.
    after = hooks.before_step_completed(case=case, procedure=workflow.code, step=step,
                                        data=clean, on=done_on)
    record = StepRecord.objects.create(
        case=case, seq=(last.seq + 1 if last else 1), step=step, next_step=to or "",
        condition=condition, done_on=done_on, data=step_data.as_json(clean),
        actor=acting_user if acting_user else None)
    record.officers.set(chosen)
    for then in after:
        then(record)
    changes = step_data.case_changes(workflow.code, step, clean, done_on=done_on)
    for event, on in step_data.milestones(workflow.code, step, clean, done_on=done_on):
        Milestone.objects.create(case=case, event=event, on=on, step_record=record)
    if condition == "opening_approved" and done_on != case.opened_on:
        # 立案 is the day the head approved it (处罚法 54); the 90 days run from it.
        # The proposal's date was provisional: the opening milestone moves to the approval.
        changes["opened_on"] = done_on
        Milestone.objects.filter(case=case, event="case_opened").update(
            on=done_on, step_record=record)
    if workflow.code == "licence" and step == "accept" and to == "examine":
        Milestone.objects.create(case=case, event="application_accepted",
                                 on=guards.acceptance_date(case, done_on), step_record=record)
    from sanxiang.disclosure.actions import on_decision

    on_decision(case=case, record=record, acting_user=acting_user)  # R-PUB-04: every decision
    if definition.kind == StepKind.END:
        changes.update(state=Case.State.ARCHIVED if step == "archive" else Case.State.CLOSED,
                       closed_on=case.closed_on or done_on)
    elif condition == "opening_refused":  # the head refused the 立案: nothing follows
        changes.update(state=Case.State.CLOSED, closed_on=done_on)
    elif step == "close":
        changes.update(closed_on=done_on)
    if to:
        changes["current_step"] = to
    _bump(case, **changes)
    # R-AST-01: e.g. facts and outcome indexed for similar cases; R-SUP-01: the tallies.
    hooks.case_changed(case, before=before)
    event = ledger.append(kind=EventKind.CASE_STEP_COMPLETED, subject=case, actor=acting_user,
                          payload={"number": case.number, "seq": record.seq, "step": step,
                                   "to": to or "", "condition": condition,
                                   "done_on": done_on.isoformat(), "data": record.data,
                                   "officers": sorted(o.pk for o in chosen)})
    StepRecord.objects.filter(pk=record.pk).update(ledger_seq=event.seq)
    record.ledger_seq = event.seq
    return record


def _stamp(values: dict, procedure: str, step: str, *, acting_user, done_on: date) -> None:
    """Fields the platform records from the act itself: who approved and when (R-CASE-15).
    A value typed for them is ignored, except from the platform's own loaders."""
    for spec in step_data.fields_for(procedure, step):
        if not spec.stamped:
            continue
        if spec.kind == step_data.DATE:
            values[spec.name] = done_on
        elif acting_user is not None:
            values[spec.name] = acting_user.get_full_name() or acting_user.get_username()


def _step_name(workflow, code):
    try:
        return workflow.step(code).name
    except KeyError:
        return code


# --------------------------------------------------------------------------------------
# Officers and recusal (R-CASE-09)


@transaction.atomic
def add_officer(*, acting_user, case: Case, officer: Officer, on: date,
                expected_version: int | None = None) -> CaseOfficer:
    case = _lock(case, expected_version)
    require_case_officer(acting_user, case, lead_or_head=True)
    if officer.body_id != case.body_id:
        raise RuleViolation("R-ORG-03", _("%(name)s is not an officer of %(body)s.") % {
            "name": officer.name, "body": case.body.name})
    if officer.pk in _officer_ids(case):
        raise RuleViolation("CASE", _("%(name)s is already on this case.") % {
            "name": officer.name})
    if case.recusals.filter(officer=officer, outcome=Recusal.Outcome.GRANTED).exists():
        raise RuleViolation("R-CASE-09", _("%(name)s has withdrawn from this case and cannot "
                                           "rejoin it.") % {"name": officer.name})
    guards.check_officers([officer], field_code=case.field.code, on=on, body=case.body,
                          minimum=())
    row = CaseOfficer.objects.create(case=case, officer=officer, added_on=on,
                                     role=CaseOfficer.Role.ASSISTING)
    _bump(case)
    ledger.append(kind=EventKind.CASE_OFFICERS_CHANGED, subject=case, actor=acting_user,
                  payload={"number": case.number, "added": officer.pk, "on": on.isoformat()})
    return row


@transaction.atomic
def apply_recusal(*, acting_user, case: Case, officer: Officer, applicant: str, reason: str,
                  applied_on: date) -> Recusal:
    """An officer declares an interest, or the party applies for an officer to withdraw."""
    case = _lock(case, None)
    require_case_staff(acting_user, case, None)
    if officer.pk not in _officer_ids(case):
        raise RuleViolation("R-CASE-09", _("%(name)s is not an officer on this case.") % {
            "name": officer.name})
    if applicant not in Recusal.Applicant.values:
        raise RuleViolation("R-CASE-09", _("Say who applies for the withdrawal."))
    if not (reason or "").strip():
        raise RuleViolation("R-CASE-09", _("Give the reason for the withdrawal."),
                            field="reason")
    if case.recusals.filter(officer=officer, outcome=Recusal.Outcome.PENDING).exists():
        raise RuleViolation("R-CASE-09", _("An application for %(name)s to withdraw is "
                                           "already waiting for the head's decision.")
                            % {"name": officer.name})
    recusal = Recusal.objects.create(case=case, officer=officer, applicant=applicant,
                                     reason=reason.strip(), applied_on=applied_on)
    _bump(case)
    ledger.append(kind=EventKind.RECUSAL_APPLIED, subject=case, actor=acting_user, payload={
        "number": case.number, "recusal": recusal.pk, "officer": officer.pk,
        "applicant": applicant, "reason": recusal.reason, "on": applied_on.isoformat()})
    return recusal


@transaction.atomic
def decide_recusal(*, acting_user, recusal: Recusal, granted: bool, reason: str,
                   decided_on: date) -> Recusal:
    """The body's head decides (处罚法 43); a granted withdrawal takes the officer off."""
    case = _lock(recusal.case, None)
    require_head(acting_user, case.body)
    recusal = Recusal.objects.select_for_update().get(pk=recusal.pk)
    if recusal.outcome != Recusal.Outcome.PENDING:
        raise RuleViolation("R-CASE-09", _("This application has already been decided."))
    if not (reason or "").strip():
        raise RuleViolation("R-CASE-09", _("Give the reasons for the decision."),
                            field="reason")
    recusal.outcome = Recusal.Outcome.GRANTED if granted else Recusal.Outcome.REFUSED
    recusal.decided_by = acting_user
    recusal.decided_on = decided_on
    recusal.decision_reason = reason.strip()
    Recusal.objects.filter(pk=recusal.pk).update(
        outcome=recusal.outcome, decided_by=acting_user, decided_on=decided_on,
        decision_reason=recusal.decision_reason)
    changes = {}
    if granted:
        CaseOfficer.objects.filter(case=case, officer=recusal.officer,
                                   removed_on__isnull=True).update(
            removed_on=decided_on, removed_reason=_("Withdrawn (recusal)"))
        if case.lead_officer_id == recusal.officer_id:
            successor = case.case_officers.filter(removed_on__isnull=True).order_by("id").first()
            if successor is not None:
                changes["lead_officer_id"] = successor.officer_id
                CaseOfficer.objects.filter(pk=successor.pk).update(role=CaseOfficer.Role.LEAD)
    _bump(case, **changes)
    ledger.append(kind=EventKind.RECUSAL_DECIDED, subject=case, actor=acting_user, payload={
        "number": case.number, "recusal": recusal.pk, "officer": recusal.officer_id,
        "granted": granted, "reason": recusal.decision_reason,
        "on": decided_on.isoformat()})
    return recusal


# --------------------------------------------------------------------------------------
# Time: excluded periods and extensions (R-CASE-05, R-CASE-10, R-CASE-11, R-CAL-02)


@transaction.atomic
def start_excluded_period(*, acting_user, case: Case, kind: str, first: date, reason: str,
                          cause: str = "", last: date | None = None) -> ExcludedPeriod:
    """A period that does not count towards the time limits. It names what caused it — the
    hearing, the testing body and its report, the expert review, the suspension decision —
    and runs between recorded dates (R-CASE-16)."""
    case = _lock(case, None)
    require_case_officer(acting_user, case)
    if kind not in EXCLUDED_PERIODS:
        raise RuleViolation("R-CASE-05", _("Choose what the period is for."), field="kind")
    if not (reason or "").strip():
        raise RuleViolation("R-CASE-05", _("Give the reason for the period."), field="reason")
    cause = " ".join((cause or "").split())
    if not cause:
        raise RuleViolation("R-CASE-16", _(
            "R-CASE-16: name what caused the period: the hearing, the testing body and its "
            "report, the expert review or the suspension decision."), field="cause")
    guards.check_date(case, first, field="first")
    if last is not None:
        guards.check_date(case, last, field="last")
    if last is not None and last < first:
        raise RuleViolation("R-CASE-05", _("The period cannot end before it starts."),
                            field="last")
    if kind == "hearing":
        request = case.steps.filter(step="hearing_request").order_by("-seq").first()
        requested = (date.fromisoformat(request.data["requested_on"])
                     if request and request.data.get("requested_on") else None)
        if requested is None:
            raise RuleViolation("R-CASE-16", _(
                "R-CASE-16: no hearing was requested in this case; a hearing period needs "
                "the party's request on record."), field="kind")
        guards.check_date(case, first, field="first", after=requested,
                          after_what=_("the request for a hearing"))
    if case.excluded_periods.filter(kind=kind, last__isnull=True).exists():
        raise RuleViolation("R-CASE-05", _("A period of this kind is still running; end it "
                                           "first."))
    period = ExcludedPeriod.objects.create(case=case, kind=kind, first=first, last=last,
                                           reason=reason.strip(), cause=cause,
                                           recorded_by=acting_user)
    _bump(case)
    ledger.append(kind=EventKind.EXCLUDED_PERIOD_STARTED, subject=case, actor=acting_user,
                  payload={"number": case.number, "period": period.pk, "kind": kind,
                           "first": first.isoformat(),
                           "last": last.isoformat() if last else None,
                           "reason": period.reason, "cause": cause})
    return period


@transaction.atomic
def end_excluded_period(*, acting_user, period: ExcludedPeriod, last: date) -> ExcludedPeriod:
    case = _lock(period.case, None)
    require_case_officer(acting_user, case)
    period = ExcludedPeriod.objects.select_for_update().get(pk=period.pk)
    if period.last is not None:
        raise RuleViolation("R-CASE-05", _("This period has already ended."))
    if last < period.first:
        raise RuleViolation("R-CASE-05", _("The period cannot end before it starts."),
                            field="last")
    guards.check_date(case, last, field="last")
    ExcludedPeriod.objects.filter(pk=period.pk).update(last=last)
    period.last = last
    _bump(case)
    ledger.append(kind=EventKind.EXCLUDED_PERIOD_ENDED, subject=case, actor=acting_user,
                  payload={"number": case.number, "period": period.pk,
                           "last": last.isoformat()})
    return period


@transaction.atomic
def approve_extension(*, acting_user, case: Case, rule: str, step: str, amount: int,
                      reason: str, approved_on: date) -> Extension:
    """Record an approved extension; the rulebook sets the most a rule may be extended by
    and the law allows one extension per limit."""
    case = _lock(case, None)
    require_head(acting_user, case.body)
    guards.check_extension(case=case, rule=rule, step=step, amount=amount, reason=reason,
                           on=approved_on)
    extension = Extension.objects.create(case=case, rule=rule, step=step, amount=amount,
                                         reason=reason.strip(), approved_by=acting_user,
                                         approved_on=approved_on)
    _bump(case)
    ledger.append(kind=EventKind.EXTENSION_APPROVED, subject=case, actor=acting_user,
                  payload={"number": case.number, "rule": rule, "step": step,
                           "amount": amount, "reason": extension.reason,
                           "on": approved_on.isoformat()})
    return extension


@transaction.atomic
def request_discussion(*, acting_user, case: Case, reason: str) -> Case:
    """The handling officers put the case forward for the heads' collective discussion
    (R-CASE-17). Only adds: the body's criteria decide which cases must be discussed, and
    nobody can take a case off that list."""
    case = _lock(case, None)
    require_case_officer(acting_user, case)
    reason = " ".join((reason or "").split())
    if not reason:
        raise RuleViolation("R-CASE-17", _("Say why the case should be discussed "
                                           "collectively."), field="reason")
    if case.state != Case.State.OPEN or case.decided_on is not None:
        raise RuleViolation("R-CASE-17", _("Collective discussion is asked for before the "
                                           "decision."))
    flags = sorted(set(case.flags or ()) | {guards.DISCUSSION_REQUESTED})
    _bump(case, flags=flags)
    ledger.append(kind=EventKind.CASE_DETAILS_CHANGED, subject=case, actor=acting_user,
                  payload={"number": case.number, "flags": flags, "reason": reason})
    return case


def money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------------------
# Document number formats (R-REC-08)


@transaction.atomic
def set_document_numbering(*, acting_user, body, doc_type: str, prefix: str,
                           type_char: str = "", pattern: str = numbering.DEFAULT_PATTERN):
    """Configure how ``body`` numbers ``doc_type`` ("" = every type without its own row).

    The pattern must produce distinct numbers for distinct serials and years, so it must
    contain {serial} and {year}; changing a format never renumbers issued documents.
    """
    from sanxiang.cases.models import DocumentNumbering
    from sanxiang.cases.workflows import DOCUMENT_TYPES
    from sanxiang.org.permissions import require_body_admin

    if acting_user is not None:
        require_body_admin(acting_user, body)
    if doc_type and doc_type not in DOCUMENT_TYPES and doc_type != "case":
        raise RuleViolation("R-REC-08", _("Unknown document type."), field="doc_type")
    prefix = (prefix or "").strip()
    if not prefix:
        raise RuleViolation("R-REC-08", _("The issuer code is required."), field="prefix")
    try:
        names = {kind for kind, _value in numbering.parse_pattern(pattern)}
        sample = numbering.format_number(pattern, prefix=prefix, type_char=type_char,
                                         year=2026, serial=1)
    except numbering.PatternError:
        raise RuleViolation("R-REC-08", _(
            "The pattern may only use {prefix}, {type}, {year}, {serial} and {serial:N} "
            "(N from 1 to 8 digits), with no other braces."), field="pattern") from None
    if "serial" not in names or "year" not in names:
        raise RuleViolation("R-REC-08", _("The pattern must contain {year} and {serial}."),
                            field="pattern")
    row, _created = DocumentNumbering.objects.update_or_create(
        body=body, doc_type=doc_type,
        defaults={"prefix": prefix, "type_char": type_char.strip(), "pattern": pattern})
    ledger.append(kind=EventKind.NUMBERING_CHANGED, subject=row, actor=acting_user, payload={
        "body": body.pk, "doc_type": doc_type, "prefix": prefix, "type": row.type_char,
        "pattern": pattern, "sample": sample})
    return row
