"""Actions on publications (事后公开, R-PUB-04 … R-PUB-07). The only way a Disclosure changes.

Final signatures (helpers 11 and 12 build on these; all keyword-only, all atomic):

``on_decision(*, case, record, acting_user) -> Disclosure | None``
    Called by ``cases.actions.complete_step`` right after a decision step's milestones are
    written (penalty decide / decide_on_spot / no_penalty, licence decide, coercion seize and
    enforcement_decision, inspection result), in the same transaction. Creates the
    Disclosure: ``due_on`` = decided_on + 7 working days (penalty, licence) or 20 (others)
    (rulebook ``pub.penalty_workdays`` / ``pub.other_workdays``); ``source_text`` from
    ``disclosure.texts.source_text``; proposed redactions from ``masking.propose`` stored
    in ``redactions``; state BLOCKED with ``blocked_reason`` (ledger 807) when
    ``masking.blocked_reason(case)`` says so; NOT_PUBLISHED for warning-only market
    regulation (field SCJG) penalties; otherwise PENDING (ledger 801). Returns None for a
    step that is not a decision.

``due_explanation(disclosure) -> list[str]``
    The calendar walk behind ``due_on`` (calendar.workdays.explain), in Chinese.

``set_redactions(*, acting_user, disclosure, redactions) -> Disclosure``
    The clerk's (公示员, Role.CLERK of the body) full list of spans over ``source_text``:
    each item {"start", "end", "kind", "rule"?}; kept items keep their origin, new ones are
    stored with source "clerk" and ``by`` = the user's id. Ledger 802. PENDING only.

``approve_and_publish(*, acting_user, disclosure) -> Disclosure``
    Role.CLERK of the body. Masks (``masking.mask``), sets ``masked_text``, approver,
    ``published_on`` = the platform's date (``core.clock``; R-CASE-15: never typed — an
    ``on`` other than that date is refused), ``public_until`` / ``removable_from``
    (``disclosure.periods``),
    ``published_digest`` = ``digest_of(public_record(disclosure))`` and ``published_seq``;
    ledger 803 then 804 (804's payload carries "digest" and the public record).

``public_record(disclosure) -> dict``
    The canonical public fields (what the portal shows and what is digested): id, body,
    body_code, category, party_name, party_kind, party_code, document_number, title,
    conclusion, decided_on, published_on, public_until, masked_text, redacted (bool),
    redaction_kinds. ``digest_of(record) -> "sm3:<hex>"`` over ledger.canonical_json.

``withdraw(*, acting_user, disclosure, reason, grounds) -> Disclosure``
    grounds in WITHDRAWAL_GROUNDS = ("changed", "revoked", "confirmed_illegal", "void").
    PUBLISHED (or APPROVED) → WITHDRAWN; the record stays, with ``withdrawn_on``,
    ``withdrawal_reason``, ``withdrawal_grounds``; the notice is public. Ledger 805.

``mark_withdrawal_needed(*, case, grounds, on, acting_user=None) -> list[Disclosure]``
    Sets ``withdrawal_due`` = on + 3 working days (rulebook ``pub.withdrawal_workdays``)
    and ``withdrawal_grounds`` on the case's published disclosures.

``remove_expired(now=None) -> int``
    Every PUBLISHED disclosure whose ``public_until`` < today becomes REMOVED (ledger 806).

``early_removal(*, acting_user, disclosure, performed, commitment) -> Disclosure``
    信用修复: only on or after ``removable_from`` (the platform's date), with ``performed``
    True and a non-empty credit ``commitment``; REMOVED with ``removed_on``,
    ``removal_reason``. Ledger 806.

Queries for pages: ``Disclosure.objects`` with ``state``/``due_on`` indexes; "overdue" is
``state == PENDING and due_on < today`` (``is_overdue(disclosure, today)``), withdrawal
overdue is ``withdrawal_due < today`` while still PUBLISHED.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.calendar import workdays
from sanxiang.core import clock, public_cache, rulebook
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.disclosure import masking, periods, public_pages, safeguards, search_index, texts
from sanxiang.disclosure.canonical import digest_of, public_record  # one definition
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role

WITHDRAWAL_GROUNDS = tuple(Disclosure.WithdrawalGrounds.values)
FAST_CATEGORIES = ("penalty", "licence")  # 7 working days; the rest 20 (R-PUB-04)


def require_clerk(user, body) -> None:
    """公示员 of the body; ``None`` is the platform itself."""
    if user is None:
        return
    if not (has_role(user, Role.CLERK) and user.body_id == body.pk):
        raise PermissionDenied(_("Only the publication clerk of %(body)s may do this.")
                               % {"body": body.name})


def _lock(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().select_related("case", "body").get(
        pk=disclosure.pk)


def _save(disclosure: Disclosure, **changes) -> None:
    Disclosure.objects.filter(pk=disclosure.pk).update(**changes)
    public_cache.bump(public_cache.DECISIONS)  # update() sends no signal
    if changes.get("state", Disclosure.State.PUBLISHED) != Disclosure.State.PUBLISHED:
        # Off the portal (withdrawn, removed): its stored page goes with it (ADR 0074).
        public_pages.forget(disclosure.pk)
    for name, value in changes.items():
        setattr(disclosure, name, value)
    # The full-text index holds exactly the published decisions, written with the state.
    if "state" in changes:
        if disclosure.state == Disclosure.State.PUBLISHED:
            search_index.index_decision(disclosure)
        else:
            search_index.remove_decision(disclosure)


def _workdays_key(category: str) -> str:
    return "pub.penalty_workdays" if category in FAST_CATEGORIES else "pub.other_workdays"


def _due(category: str, decided_on: date, body) -> workdays.DeadlineResult:
    count = int(rulebook.get(_workdays_key(category), body=body, on=decided_on))
    return workdays.add_workdays(decided_on, count, rule=_("R-PUB-04: publish the decision"))


def due_explanation(disclosure: Disclosure) -> list[str]:
    """How ``due_on`` follows from the decision date and the calendar (R-CAL-02)."""
    return workdays.explain(_due(disclosure.category, disclosure.decided_on, disclosure.body))


def is_overdue(disclosure: Disclosure, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    if disclosure.state == Disclosure.State.PENDING:
        return disclosure.due_on < today
    if disclosure.state == Disclosure.State.PUBLISHED and disclosure.withdrawal_due:
        return disclosure.withdrawal_due < today
    return False


def _warning_only(case, record) -> bool:
    # The step's data, not the case: the engine writes the case's fields after this runs.
    kinds = set((record.data or {}).get("decided_kinds") or case.decided_kinds or ())
    fields = rulebook.get("pub.warning_unpublished_fields", body=case.body,
                          on=record.done_on) or []
    return kinds == {"warning"} and case.field.code in fields


def _proposed(built: texts.Built) -> list[dict]:
    found = masking.propose(built.source_text, party_name=built.party_name,
                            party_kind=built.party_kind, keep_names=built.keep_names,
                            party_address=built.party_address)
    text = built.source_text
    for value, kind in built.known:
        start = text.find(value)
        while start >= 0:
            found.append(masking.Redaction(start, start + len(value), kind, "case_data"))
            start = text.find(value, start + len(value))
    items = [dict(r.as_dict(), source="proposed", by=None)
             for r in masking.normalise(found, len(text))]
    return items


# --------------------------------------------------------------------------------------
# Created by the decision


@transaction.atomic
def on_decision(*, case, record, acting_user) -> Disclosure | None:
    """The publication record of the decision ``record`` (a StepRecord); see the docstring."""
    category = texts.DECISION_STEPS.get((case.procedure, record.step))
    if category is None:
        return None
    existing = Disclosure.objects.filter(step_record=record).first()
    if existing is not None:
        return existing
    document = texts.decision_document(case, record)
    built = texts.build(case, record, document)
    decided_on = record.done_on
    due = _due(category, decided_on, case.body)
    reason = masking.blocked_reason(case)
    state = Disclosure.State.BLOCKED if reason else Disclosure.State.PENDING
    if not reason and category == "penalty" and record.step != "no_penalty" and \
            _warning_only(case, record):
        state = Disclosure.State.NOT_PUBLISHED
        reason = _("A warning alone in market regulation is not published (R-PUB-07).")
    disclosure = Disclosure.objects.create(
        case=case, body=case.body, document=document, step_record=record, category=category,
        state=state, decided_on=decided_on, due_on=due.date, blocked_reason=reason[:300],
        title=built.title[:200], party_name=built.party_name[:200],
        party_kind=built.party_kind, party_code=built.party_code,
        document_number=built.document_number, conclusion=built.conclusion,
        source_text=built.source_text, redactions=_proposed(built))
    payload = {"disclosure": disclosure.pk, "case": case.number, "category": category,
               "step": record.step, "state": state, "decided_on": decided_on.isoformat(),
               "due_on": due.date.isoformat(), "proposed": len(disclosure.redactions)}
    ledger.append(kind=EventKind.DISCLOSURE_CREATED, subject=disclosure, actor=acting_user,
                  payload=payload)
    if state != Disclosure.State.PENDING:
        ledger.append(kind=EventKind.DISCLOSURE_BLOCKED, subject=disclosure, actor=acting_user,
                      payload={"disclosure": disclosure.pk, "case": case.number,
                               "state": state, "reason": reason})
    return disclosure


# --------------------------------------------------------------------------------------
# The clerk's review


def _require_pending(disclosure: Disclosure) -> None:
    if disclosure.state != Disclosure.State.PENDING:
        raise RuleViolation("R-PUB-05", _("This publication is %(state)s; it can no longer be "
                                          "changed.") % {"state": disclosure.get_state_display()})


def _key(item: dict) -> tuple:
    return (int(item["start"]), int(item["end"]), str(item["kind"]))


@transaction.atomic
def set_redactions(*, acting_user, disclosure: Disclosure, redactions) -> Disclosure:
    """Replace the list of spans to hide; each keeps who proposed it and under which rule."""
    disclosure = _lock(disclosure)
    require_clerk(acting_user, disclosure.body)
    _require_pending(disclosure)
    length = len(disclosure.source_text)
    old = {_key(i): i for i in disclosure.redactions}
    new_items, seen = [], set()
    for item in redactions:
        item = item.as_dict() if isinstance(item, masking.Redaction) else dict(item)
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError):
            raise RuleViolation("R-PUB-05", _("A redaction needs a start and an end.")) from None
        kind = str(item.get("kind", ""))
        if kind not in masking.KINDS:
            raise RuleViolation("R-PUB-05", _("Choose what kind of information is hidden."),
                                field="kind")
        if not 0 <= start < end <= length:
            raise RuleViolation("R-PUB-05", _("The text to hide is not in the decision."))
        key = (start, end, kind)
        if key in seen:
            continue
        seen.add(key)
        if key in old:
            new_items.append(old[key])
        else:
            new_items.append({"start": start, "end": end, "kind": kind,
                              "rule": str(item.get("rule") or "clerk"), "source": "clerk",
                              "by": acting_user.pk if acting_user else None})
    new_items.sort(key=_key)
    added = [{k: i[k] for k in ("start", "end", "kind", "rule")} for i in new_items
             if _key(i) not in old]
    removed = [{k: i[k] for k in ("start", "end", "kind", "rule")}
               for key, i in old.items() if key not in seen]
    _save(disclosure, redactions=new_items)
    ledger.append(kind=EventKind.DISCLOSURE_MASKED, subject=disclosure, actor=acting_user,
                  payload={"disclosure": disclosure.pk, "added": added, "removed": removed,
                           "count": len(new_items)})
    return disclosure


def spans_of(disclosure: Disclosure, fragment: str) -> list[dict]:
    """Every occurrence of ``fragment`` in the source text, as spans (for the clerk's form)."""
    spans, text = [], disclosure.source_text
    start = text.find(fragment) if fragment else -1
    while start >= 0:
        spans.append({"start": start, "end": start + len(fragment)})
        start = text.find(fragment, start + len(fragment))
    return spans


# --------------------------------------------------------------------------------------
# Approval and publication


def _stamped_day(on, disclosure) -> date:
    """The day the platform observes the act (R-CASE-15): its own clock, never a typed date.

    ``on`` is accepted only when it is that day (older callers pass today); any other date
    is refused, so a late publication or withdrawal is recorded as late however it is
    entered. Only the platform's loaders replay history (``core.clock.replaying``).
    """
    today = clock.today()
    if isinstance(on, datetime):
        on = timezone.localdate(on) if timezone.is_aware(on) else on.date()
    if on is not None and on != today:
        raise RuleViolation("R-CASE-15", _("The date is recorded by the platform (today, "
                                           "%(today)s); it cannot be entered.")
                            % {"today": workdays.format_date(today)}, field="on")
    if today < disclosure.decided_on:
        raise RuleViolation("R-CASE-15", _("The date cannot be before the decision."),
                            field="on")
    return today


def _refuse_leaks(disclosure: Disclosure, masked: str) -> None:
    """Found in the masked text, an ID number, phone number, bank account or home address
    refuses publication whoever cleared the proposal (R-PUB-05); the message lists them."""
    built = _built_for(disclosure)
    leaks = safeguards.remaining_identifiers(
        masked, party_name=disclosure.party_name, party_kind=disclosure.party_kind,
        keep_names=built.keep_names if built else (),
        party_address=built.party_address if built else "")
    if leaks:
        labels = masking.kind_labels()
        listed = "；".join(f"{labels[kind]}“{value}”" for kind, value in leaks[:10])
        if len(leaks) > 10:
            listed += _("; and %(n)d more") % {"n": len(leaks) - 10}
        raise RuleViolation("R-PUB-05", _("The text still contains personal identifiers "
                                          "(%(what)s); hide them before publishing.")
                            % {"what": listed})


def _built_for(disclosure: Disclosure):
    # The names the record publishes and the party's home, as when the text was built.
    record = disclosure.step_record
    if record is None:
        return None
    return texts.build(disclosure.case, record, disclosure.document)


def _refuse_minor(disclosure: Disclosure) -> None:
    minors = safeguards.minor_parties(disclosure.case)
    if minors:
        raise RuleViolation("R-PUB-05", _("%(names)s was a minor; the decision is not "
                                          "published online.")
                            % {"names": "、".join(p.name for p in minors)})


@transaction.atomic
def approve_and_publish(*, acting_user, disclosure: Disclosure,
                        on: date | None = None) -> Disclosure:
    """The clerk approves the masked text and it goes public (R-PUB-04, R-PUB-05)."""
    disclosure = _lock(disclosure)
    require_clerk(acting_user, disclosure.body)
    _require_pending(disclosure)
    on = _stamped_day(on, disclosure)
    _refuse_minor(disclosure)
    masked = masking.mask(disclosure.source_text, masking.from_dicts(disclosure.redactions))
    _refuse_leaks(disclosure, masked)
    span = periods.periods_for(disclosure, published_on=on)
    _save(disclosure, masked_text=masked, approved_by=acting_user,
          approved_at=clock.now(), state=Disclosure.State.APPROVED)
    ledger.append(kind=EventKind.DISCLOSURE_APPROVED, subject=disclosure, actor=acting_user,
                  payload={"disclosure": disclosure.pk, "redactions": [
                      {k: i.get(k) for k in ("start", "end", "kind", "rule", "source", "by")}
                      for i in disclosure.redactions]})
    disclosure.published_on = on
    disclosure.public_until = span.public_until
    record = public_record(disclosure)
    digest = digest_of(record)
    # The entry the public proof shows is the platform's: the clerk who approved is on the
    # DISCLOSURE_APPROVED entry just before (audited), not on a public page with a login name.
    # Saved before the entry, which binds the row as saved (sanxiang.ledger.state); only
    # the pointer to the entry itself comes after.
    _save(disclosure, state=Disclosure.State.PUBLISHED, published_on=on,
          public_until=span.public_until, removable_from=span.removable_from,
          published_digest=digest)
    event = ledger.append(kind=EventKind.DISCLOSURE_PUBLISHED, subject=disclosure,
                          actor=None, payload={
                              "disclosure": disclosure.pk, "digest": digest,
                              "document_number": disclosure.document_number,
                              "published_on": on.isoformat(),
                              "public_until": span.public_until.isoformat(),
                              "late": on > disclosure.due_on})
    _save(disclosure, published_seq=event.seq)
    # The page's own part, rendered from the row as published, in this transaction: a
    # page the cache has not seen reads it instead of rendering it (ADR 0074).
    public_pages.store(Disclosure.objects.select_related("body").get(pk=disclosure.pk))
    return disclosure


# --------------------------------------------------------------------------------------
# Withdrawal (R-PUB-06)


def withdrawal_due_for(on: date, body) -> date:
    count = int(rulebook.get("pub.withdrawal_workdays", body=body, on=on))
    return workdays.add_workdays(on, count, rule=_("R-PUB-06: withdraw the publication")).date


def _check_grounds(grounds: str) -> None:
    if grounds not in WITHDRAWAL_GROUNDS:
        raise RuleViolation("R-PUB-06", _("Say why the decision no longer stands."),
                            field="grounds")


@transaction.atomic
def mark_withdrawal_needed(*, case, grounds: str, on: date, acting_user=None) -> list:
    """The decision was changed, revoked, confirmed illegal or void on ``on``: its
    publications must come down within 3 working days."""
    _check_grounds(grounds)
    if acting_user is not None:
        require_clerk(acting_user, case.body)
    due = withdrawal_due_for(on, case.body)
    marked = []
    for disclosure in Disclosure.objects.select_for_update().filter(
            case=case, state=Disclosure.State.PUBLISHED):
        _save(disclosure, withdrawal_due=due, withdrawal_grounds=grounds)
        marked.append(disclosure)
        kind = getattr(EventKind, "DISCLOSURE_WITHDRAWAL_DUE", None)
        if kind is not None:
            ledger.append(kind=kind, subject=disclosure, actor=acting_user, payload={
                "disclosure": disclosure.pk, "grounds": grounds, "on": on.isoformat(),
                "withdrawal_due": due.isoformat()})
    return marked


@transaction.atomic
def withdraw(*, acting_user, disclosure: Disclosure, reason: str, grounds: str,
             on: date | None = None) -> Disclosure:
    """Take a publication down; the notice of withdrawal and its reason stay public."""
    disclosure = _lock(disclosure)
    require_clerk(acting_user, disclosure.body)
    _check_grounds(grounds)
    if disclosure.state not in (Disclosure.State.PUBLISHED, Disclosure.State.APPROVED):
        raise RuleViolation("R-PUB-06", _("Only a published decision can be withdrawn."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise RuleViolation("R-PUB-06", _("Give the reason for the withdrawal."),
                            field="reason")
    on = _stamped_day(on, disclosure)
    due = disclosure.withdrawal_due or withdrawal_due_for(on, disclosure.body)
    _save(disclosure, state=Disclosure.State.WITHDRAWN, withdrawn_on=on,
          withdrawal_reason=reason, withdrawal_grounds=grounds, withdrawal_due=due)
    ledger.append(kind=EventKind.DISCLOSURE_WITHDRAWN, subject=disclosure, actor=acting_user,
                  payload={"disclosure": disclosure.pk, "grounds": grounds, "reason": reason,
                           "on": on.isoformat(), "withdrawal_due": due.isoformat(),
                           "late": on > due, "digest": disclosure.published_digest})
    return disclosure


# --------------------------------------------------------------------------------------
# End of the period and 信用修复 (R-PUB-07)


@transaction.atomic
def remove_expired(now=None) -> int:
    """Take down every publication past its maximum period; returns how many."""
    # The day in the platform's time zone: at 01:00 in Beijing the UTC date is yesterday's.
    today = timezone.localdate(now) if isinstance(now, datetime) else now or timezone.localdate()
    count = 0
    for disclosure in Disclosure.objects.select_for_update().filter(
            state=Disclosure.State.PUBLISHED, public_until__lt=today).order_by("id"):
        _save(disclosure, state=Disclosure.State.REMOVED, removed_on=today,
              removal_reason=_("The publication period ended."))
        ledger.append(kind=EventKind.DISCLOSURE_REMOVED, subject=disclosure, actor=None,
                      payload={"disclosure": disclosure.pk, "on": today.isoformat(),
                               "early": False, "public_until":
                               disclosure.public_until.isoformat()})
        count += 1
    return count


@transaction.atomic
def early_removal(*, acting_user, disclosure: Disclosure, performed: bool,
                  commitment: str, on: date | None = None) -> Disclosure:
    """信用修复: remove a penalty early, after its minimum period, once the party has
    performed the decision and given a credit commitment."""
    disclosure = _lock(disclosure)
    require_clerk(acting_user, disclosure.body)
    if disclosure.state != Disclosure.State.PUBLISHED:
        raise RuleViolation("R-PUB-07", _("Only a published decision can be removed."))
    if disclosure.removable_from is None:
        raise RuleViolation("R-PUB-07", _("Only penalty information can be removed early."))
    on = _stamped_day(on, disclosure)
    if on < disclosure.removable_from:
        raise RuleViolation("R-PUB-07", _("The minimum publication period runs until "
                                          "%(date)s; the record cannot be removed before.")
                            % {"date": workdays.format_date(disclosure.removable_from)},
                            field="on")
    if not performed:
        raise RuleViolation("R-PUB-07", _("The party must have performed the decision."),
                            field="performed")
    commitment = (commitment or "").strip()
    if not commitment:
        raise RuleViolation("R-PUB-07", _("Record the party's credit commitment."),
                            field="commitment")
    _save(disclosure, state=Disclosure.State.REMOVED, removed_on=on, performed=True,
          commitment=commitment,
          removal_reason=_("Removed early after credit repair (the decision was performed "
                           "and a credit commitment was given)."))
    ledger.append(kind=EventKind.DISCLOSURE_REMOVED, subject=disclosure, actor=acting_user,
                  payload={"disclosure": disclosure.pk, "on": on.isoformat(), "early": True,
                           "performed": True, "commitment": commitment})
    return disclosure
