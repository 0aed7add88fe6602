"""重大执法决定法制审核: the review of major decisions, as actions (R-REV-01 … R-REV-09).

Every state change of a review goes through one of these functions; each checks the acting
user's rights and the rules, writes, and appends a ledger event, in one transaction. A
broken rule raises ``RuleViolation`` (code = the REQUIREMENTS.md ID); a missing right raises
``PermissionDenied``. Models: ``sanxiang.review.models.Submission`` (one row per round) and
``Discussion`` (集体讨论). The one predicate "is review required" is
``sanxiang.review.rules.review_required_for``.

Final signatures (helper 8 builds the pages from these; do not change them):

    submit_for_review(*, acting_user, case, materials: dict, submitted_on: date) -> Submission
        An officer on the case (or the head). ``materials`` = {code: text} with the codes of
        ``MATERIALS`` (facts, legal_basis, benchmark, qualifications, draft_decision,
        evidence, hearing_record, expert_reports); ``required_materials(case)`` says which
        this case needs. Incomplete → a Submission with state "returned" and
        ``missing`` = [codes] is RETURNED (not raised) and REVIEW_RETURNED is appended.
        Complete → state "pending", received_on = submitted_on, REVIEW_SUBMITTED.
    assign_reviewer(*, acting_user, submission, reviewer) -> Submission
        ``reviewer`` is a User (Role.REVIEWER, linked to an Officer with is_reviewer).
        Head or a legal reviewer of the body; R-REV-03 checks. State → "reviewing".
    extend_review(*, acting_user, submission, reason: str, approved_on: date) -> Submission
        Head only; once; adds rulebook "review.extension_workdays" (per body).
    review_deadline(submission) -> ReviewDeadline | None
        .due (date), .overdue (bool), .days_left, .extension, .explanation() -> [str]
        None while the submission has no receipt (returned).
    record_review(*, acting_user, submission, findings: dict, outcome: str, opinion: str,
                  decided_on: date) -> Submission
        Only the assigned reviewer. findings = {item_code: {"ok": bool, "note": str}} for
        every code of ``REVIEW_ITEMS``; outcome "passed" | "revise" | "rejected". Issues the
        法制审核意见书 (submission.opinion_document). Passed → the case's legal_review step
        is completed (to collective_discussion when required, else decide).
    answer_rejection(*, acting_user, submission, accept: bool, reason: str, on: date)
        -> Submission
        The handling unit answers a "rejected" opinion: accept → the case goes back to
        investigate; disagree → collective discussion (R-REV-08).
    record_discussion(*, acting_user, case, held_on: date, reason: str,
                      attendees: list[dict], opinions: list[dict], conclusion: str,
                      chair: str, recorder: str, observers: list[dict] | None = None)
        -> Discussion
        Head only; attendees [{"name", "post", "signed"}] (≥ 3, the head and the chair
        among them, each signed); observers (列席) [{"name", "post"}]; opinions
        [{"name", "opinion"}], one per attendee; reason in DISCUSSION_REASONS
        (disagreement, complex, serious). Issues the 集体讨论记录 and completes the
        collective_discussion step.

Helpers for pages: ``MATERIALS``, ``REVIEW_ITEMS``, ``OUTCOMES``, ``DISCUSSION_REASONS``
(code → lazy label dicts), ``required_materials(case)``, ``rounds(case)`` (all submissions
of a case, by round), ``current_submission(case)``, ``may_submit(user, case)``,
``may_assign(user, submission)``, ``may_review(user, submission)``, ``queue(body)``
(open submissions of a body, oldest receipt first), ``cases_awaiting_review(body)``.
Traceability: ``sanxiang.review.trace.responsibility(case)``; statistics:
``sanxiang.review.metrics``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.calendar.workdays import format_date
from sanxiang.cases import actions as case_actions
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.documents import DOCUMENT_LANGUAGE
from sanxiang.cases.models import Case, CaseOfficer, Milestone
from sanxiang.cases.permissions import is_case_officer, require_case_officer, require_head
from sanxiang.core import rulebook
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role
from sanxiang.review.models import Discussion, Submission
from sanxiang.review.rules import (
    MATERIALS,
    OUTCOMES,
    REVIEW_ITEMS,
    checklist_answer,
    discussion_required,
    missing_materials,
    required_materials,
    review_required_for,
)
from sanxiang.review.time_limit import ReviewDeadline, current_submission, review_deadline

DISCUSSION_REASONS = dict(Discussion.Reason.choices)
REVIEW_STEP = "legal_review"
DISCUSSION_STEP = "collective_discussion"
MIN_ATTENDEES = 3

__all__ = [
    "DISCUSSION_REASONS", "MATERIALS", "OUTCOMES", "REVIEW_ITEMS", "ReviewDeadline",
    "answer_rejection", "assign_reviewer", "cases_awaiting_review", "current_submission",
    "extend_review", "may_assign", "may_review", "may_submit", "queue", "record_discussion",
    "record_review", "required_materials", "review_deadline", "rounds", "submit_for_review",
]


def _fail(rule: str, message: str, **details):
    raise RuleViolation(rule, message, **details)


def _today() -> date:
    return timezone.localdate()


def _not_future(on: date, field: str) -> None:
    if on > _today():
        _fail("DATE", _("The date cannot be in the future."), field=field)


def _lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("body").get(pk=case.pk)


def _lock(submission: Submission) -> Submission:
    return (Submission.objects.select_for_update().select_related("case", "case__body")
            .get(pk=submission.pk))


def _at_review_step(case: Case) -> None:
    if case.state != Case.State.OPEN or case.current_step != REVIEW_STEP:
        _fail("R-CASE-02", _("The case is not at its legal review step."))


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


# --------------------------------------------------------------------------------------
# Reading


def rounds(case: Case) -> list[Submission]:
    return list(Submission.objects.filter(case=case).select_related(
        "reviewer", "submitted_by", "opinion_document", "previous").order_by("round"))


def queue(body):
    """Open review rounds of ``body``: awaiting a reviewer or under review, oldest first."""
    return (Submission.objects.filter(case__body=body, state__in=(
        Submission.State.PENDING, Submission.State.REVIEWING))
        .select_related("case", "reviewer").order_by("received_on", "id"))


# Steps from which the workflow sends a case to legal review, and the review step itself.
PRE_DECISION_STEPS = frozenset({"statement", "hearing_report", "examine", REVIEW_STEP})


def cases_awaiting_review(body) -> list[Case]:
    """Open cases of ``body`` before their decision whose decision needs a legal review
    (``review_required_for``, the gate's own predicate) that has not passed."""
    from sanxiang.cases.guards import review_passed

    cases = Case.objects.filter(body=body, state=Case.State.OPEN,
                                current_step__in=PRE_DECISION_STEPS).order_by("opened_on")
    return [case for case in cases
            if review_required_for(case) and not review_passed(case)]


def may_submit(user, case: Case) -> bool:
    if user is None:
        return True
    if has_role(user, Role.HEAD) and user.body_id == case.body_id:
        return True
    return is_case_officer(user, case)


def _is_body_reviewer(user, body) -> bool:
    return has_role(user, Role.REVIEWER) and user.body_id == body.pk


def may_assign(user, submission: Submission) -> bool:
    body = submission.case.body
    return user is None or (user.body_id == body.pk and (
        has_role(user, Role.HEAD) or _is_body_reviewer(user, body)))


def may_review(user, submission: Submission) -> bool:
    return (submission.state == Submission.State.REVIEWING
            and (user is None or user.pk == submission.reviewer_id))


# --------------------------------------------------------------------------------------
# Submission (R-REV-04)


@transaction.atomic
def submit_for_review(*, acting_user, case: Case, materials: dict,
                      submitted_on: date) -> Submission:
    """The handling unit sends the case to the legal unit. Incomplete materials: the round
    is recorded as returned with the list of what is missing, and returned, not raised."""
    case = _lock_case(case)
    require_case_officer(acting_user, case)
    _at_review_step(case)
    _not_future(submitted_on, "submitted_on")
    latest = current_submission(case)
    if latest is not None:
        if latest.is_open:
            _fail("R-REV-06", _("Round %(round)d is still with the legal unit; wait for its "
                                "opinion.") % {"round": latest.round})
        if (latest.state == Submission.State.DECIDED and latest.step_record_id is None
                and latest.outcome == Submission.Outcome.REJECTED
                and latest.answer != Submission.Answer.ACCEPTED):
            _fail("R-REV-08", _("The legal unit did not approve round %(round)d; answer its "
                                "opinion first (accept it, or take the case to collective "
                                "discussion).") % {"round": latest.round})
        last_day = latest.decided_on or latest.submitted_on
        if submitted_on < last_day:
            _fail("DATE", _("A new round cannot be dated before the previous one (%(date)s).")
                  % {"date": format_date(last_day)}, field="submitted_on")
    cleaned = {code: str(text).strip() for code, text in (materials or {}).items()
               if code in MATERIALS and str(text or "").strip()}
    missing = missing_materials(case, cleaned)
    submission = Submission.objects.create(
        case=case, round=(latest.round + 1) if latest else 1, previous=latest,
        submitted_by=acting_user, submitted_on=submitted_on,
        received_on=None if missing else submitted_on, materials=cleaned, missing=missing,
        state=Submission.State.RETURNED if missing else Submission.State.PENDING)
    payload = {"case": case.number, "round": submission.round,
               "previous": latest.pk if latest else None,
               "submitted_on": submitted_on.isoformat(), "materials": sorted(cleaned)}
    if missing:
        event = ledger.append(kind=EventKind.REVIEW_RETURNED, subject=submission,
                              actor=acting_user, payload={**payload, "missing": missing})
    else:
        Milestone.objects.create(case=case, event="review_received", on=submitted_on)
        event = ledger.append(kind=EventKind.REVIEW_SUBMITTED, subject=submission,
                              actor=acting_user, payload=payload)
    Submission.objects.filter(pk=submission.pk).update(ledger_seq=event.seq)
    submission.ledger_seq = event.seq
    return submission


# --------------------------------------------------------------------------------------
# Assignment (R-REV-03)


def check_reviewer(case: Case, reviewer) -> None:
    """R-REV-03: a legal reviewer of the body, in the legal unit, never an officer on the
    case (now or before), and holding 法律职业资格 if this is their first review."""
    who = _name(reviewer)
    if reviewer is None or not _is_body_reviewer(reviewer, case.body):
        _fail("R-REV-03", _("R-REV-03: %(name)s is not a legal reviewer of %(body)s.")
              % {"name": who, "body": case.body.name}, field="reviewer")
    officer = reviewer.officer
    if officer is None or not officer.is_reviewer or officer.status != officer.Status.ACTIVE:
        _fail("R-REV-03", _("R-REV-03: %(name)s is not an active member of the legal unit; "
                            "the unit that handled the case cannot review it.")
              % {"name": who}, field="reviewer")
    if CaseOfficer.objects.filter(case=case, officer=officer).exists():
        _fail("R-REV-03", _("R-REV-03: %(name)s is (or was) an officer on this case and "
                            "cannot review it.") % {"name": who}, field="reviewer")
    experienced = Submission.objects.filter(reviewer=reviewer,
                                            state=Submission.State.DECIDED).exists()
    if not experienced and not officer.legal_qualification:
        _fail("R-REV-03", _("R-REV-03: %(name)s has not reviewed a case before and does not "
                            "hold the legal professional qualification (法律职业资格); a "
                            "first-time reviewer must hold it.") % {"name": who},
              field="reviewer")


@transaction.atomic
def assign_reviewer(*, acting_user, submission: Submission, reviewer) -> Submission:
    submission = _lock(submission)
    case = submission.case
    if acting_user is not None and not may_assign(acting_user, submission):
        raise PermissionDenied(_("Only the head or a legal reviewer of %(body)s may assign "
                                 "the review.") % {"body": case.body.name})
    if not submission.is_open:
        _fail("R-REV-06", _("This round is not waiting for a reviewer."))
    check_reviewer(case, reviewer)
    on = _today()
    Submission.objects.filter(pk=submission.pk).update(
        reviewer=reviewer, assigned_by=acting_user, assigned_on=on,
        state=Submission.State.REVIEWING)
    ledger.append(kind=EventKind.REVIEWER_ASSIGNED, subject=submission, actor=acting_user,
                  payload={"case": case.number, "round": submission.round,
                           "reviewer": reviewer.pk, "reviewer_name": _name(reviewer),
                           "previous_reviewer": submission.reviewer_id,
                           "on": on.isoformat()})
    submission.refresh_from_db()
    return submission


# --------------------------------------------------------------------------------------
# Time limit (R-REV-07)


# ReviewDeadline and review_deadline live in review/time_limit.py (imported above).


@transaction.atomic
def extend_review(*, acting_user, submission: Submission, reason: str,
                  approved_on: date) -> Submission:
    """The head approves one extension, of the rulebook's length for the body."""
    submission = _lock(submission)
    case = submission.case
    require_head(acting_user, case.body)
    if not submission.is_open:
        _fail("R-REV-07", _("Only a review still running can be extended."))
    if submission.extension_workdays:
        _fail("R-REV-07", _("R-REV-07: this review has already been extended once."))
    reason = (reason or "").strip()
    if not reason:
        _fail("R-REV-07", _("Give the written reasons for the extension."), field="reason")
    _not_future(approved_on, "approved_on")
    since = submission.received_on or submission.submitted_on
    if approved_on < since:  # R-CASE-15: not before what it extends (0001-01-01 was taken)
        _fail("DATE", _("The extension cannot be approved before the submission was "
                        "received (%(date)s).") % {"date": format_date(since)},
              field="approved_on")
    running = review_deadline(submission)
    if approved_on > running.due:
        _fail("R-REV-07", _("R-REV-07: the review was due on %(due)s; an extension must be "
                            "approved before the time limit runs out.")
              % {"due": format_date(running.due)}, explanation=running.explanation())
    amount = int(rulebook.get("review.extension_workdays", body=case.body,
                              on=submission.received_on))
    Submission.objects.filter(pk=submission.pk).update(
        extension_workdays=amount, extension_reason=reason,
        extension_approved_by=acting_user, extension_approved_on=approved_on)
    submission.refresh_from_db()
    ledger.append(kind=EventKind.REVIEW_EXTENDED, subject=submission, actor=acting_user,
                  payload={"case": case.number, "round": submission.round, "amount": amount,
                           "reason": reason, "on": approved_on.isoformat(),
                           "due": review_deadline(submission).due.isoformat()})
    return submission


# --------------------------------------------------------------------------------------
# The review (R-REV-05, R-REV-06)


def _clean_findings(findings: dict) -> dict:
    findings = findings or {}
    unknown = sorted(set(findings) - set(REVIEW_ITEMS))
    if unknown:
        _fail("R-REV-05", _("Unknown review items: %(codes)s.") % {"codes": ", ".join(unknown)})
    missing = [code for code in REVIEW_ITEMS if not isinstance(findings.get(code), dict)
               or not isinstance(findings[code].get("ok"), bool)]
    if missing:
        names = "、".join(str(REVIEW_ITEMS[code]) for code in missing)
        _fail("R-REV-05", _("R-REV-05: every review item needs a finding; missing: "
                            "%(names)s.") % {"names": names}, missing=missing)
    cleaned = {code: {"ok": findings[code]["ok"],
                      "note": str(findings[code].get("note") or "").strip()}
               for code in REVIEW_ITEMS}
    unexplained = [code for code, f in cleaned.items() if not f["ok"] and not f["note"]]
    if unexplained:
        names = "、".join(str(REVIEW_ITEMS[code]) for code in unexplained)
        _fail("R-REV-05", _("R-REV-05: say what is wrong for each item found wanting: "
                            "%(names)s.") % {"names": names}, missing=unexplained)
    return cleaned


def findings_text(findings: dict) -> str:
    lines = []
    for index, code in enumerate(REVIEW_ITEMS, 1):
        finding = findings.get(code) or {}
        verdict = checklist_answer(code, bool(finding.get("ok")))
        note = finding.get("note") or ""
        lines.append(f"{index}. {REVIEW_ITEMS[code]}：{verdict}" + (f"（{note}）" if note else ""))
    return "\n".join(lines)


def _next_after_review(case: Case, *, outcome: str, answer: str = "") -> str | None:
    """The step the case goes to from legal_review, None where the workflow has one way."""
    ways = {t.to for t in case.workflow.step(REVIEW_STEP).next}
    if len(ways) == 1:
        return None
    if outcome == Submission.Outcome.PASSED:
        discussed = case.steps.filter(step=DISCUSSION_STEP).exists()
        return DISCUSSION_STEP if discussion_required(case) and not discussed else "decide"
    target = "investigate" if answer == Submission.Answer.ACCEPTED else DISCUSSION_STEP
    return target if target in ways else None


@transaction.atomic
def record_review(*, acting_user, submission: Submission, findings: dict, outcome: str,
                  opinion: str, decided_on: date) -> Submission:
    """The assigned reviewer's findings and opinion; the 法制审核意见书 is issued. A passed
    review completes the case's legal_review step in the same transaction."""
    submission = _lock(submission)
    case = _lock_case(submission.case)
    if submission.state != Submission.State.REVIEWING:
        _fail("R-REV-06", _("This round is not under review."))
    if acting_user is not None and acting_user.pk != submission.reviewer_id:
        raise PermissionDenied(_("Only the reviewer assigned to this round may record its "
                                 "opinion."))
    _at_review_step(case)
    if submission.reviewer is not None:
        check_reviewer(case, submission.reviewer)
    if outcome not in OUTCOMES:
        _fail("R-REV-06", _("Choose the outcome of the review."), field="outcome")
    cleaned = _clean_findings(findings)
    if outcome == Submission.Outcome.PASSED and not all(f["ok"] for f in cleaned.values()):
        _fail("R-REV-05", _("R-REV-05: a review cannot be approved while an item is found "
                            "wanting."), field="outcome")
    opinion = (opinion or "").strip()
    if not opinion:
        _fail("R-REV-06", _("R-REV-06: the written opinion is required."), field="opinion")
    _not_future(decided_on, "decided_on")
    if decided_on < submission.received_on:
        _fail("DATE", _("The opinion cannot be dated before the submission was received "
                        "(%(date)s).") % {"date": format_date(submission.received_on)},
              field="decided_on")
    with translation.override(DOCUMENT_LANGUAGE):
        text = findings_text(cleaned)
    document = issue_document(
        acting_user=acting_user, case=case, doc_type="legal_review_opinion",
        issued_on=decided_on, step=REVIEW_STEP,
        platform={"review_outcome": outcome, "opinion": opinion,
                  "round": str(submission.round), "findings": text,
                  "reviewer": _name(submission.reviewer), "_findings": cleaned,
                  "_submission": submission.pk})
    Submission.objects.filter(pk=submission.pk).update(
        findings=cleaned, outcome=outcome, opinion=opinion, decided_on=decided_on,
        opinion_document=document, state=Submission.State.DECIDED)
    deadline = review_deadline(submission)
    event = ledger.append(kind=EventKind.REVIEW_DECIDED, subject=submission,
                          actor=acting_user,
                          payload={"case": case.number, "round": submission.round,
                                   "outcome": outcome, "opinion": opinion,
                                   "findings": cleaned, "decided_on": decided_on.isoformat(),
                                   "document": document.number,
                                   "document_digest": document.digest,
                                   "late": decided_on > deadline.due})
    Submission.objects.filter(pk=submission.pk).update(ledger_seq=event.seq)
    if outcome == Submission.Outcome.PASSED:
        record = case_actions.complete_step(
            acting_user=acting_user, case=case, step=REVIEW_STEP,
            to=_next_after_review(case, outcome=outcome), done_on=decided_on,
            data={"review_outcome": outcome, "opinion": opinion,
                  "submission": str(submission.pk)})
        Submission.objects.filter(pk=submission.pk).update(step_record=record)
    submission.refresh_from_db()
    return submission


@transaction.atomic
def answer_rejection(*, acting_user, submission: Submission, accept: bool, reason: str,
                     on: date) -> Submission:
    """The handling unit answers a refusal: accept it (back to investigation) or dispute it
    (collective discussion, R-REV-08). The legal_review step closes on the reviewer's
    opinion, so it is recorded in the reviewer's name; the answer is the handling unit's
    own ledger event."""
    submission = _lock(submission)
    case = _lock_case(submission.case)
    require_case_officer(acting_user, case)
    if (submission.state != Submission.State.DECIDED
            or submission.outcome != Submission.Outcome.REJECTED
            or submission.answer or submission.step_record_id):
        _fail("R-REV-08", _("Only an unanswered refusal can be answered."))
    _at_review_step(case)
    reason = (reason or "").strip()
    if not reason:
        _fail("R-REV-08", _("Give the reasons of the answer."), field="reason")
    _not_future(on, "on")
    if on < submission.decided_on:
        _fail("DATE", _("The answer cannot be dated before the opinion (%(date)s).")
              % {"date": format_date(submission.decided_on)}, field="on")
    answer = Submission.Answer.ACCEPTED if accept else Submission.Answer.DISAGREED
    target = _next_after_review(case, outcome=submission.outcome, answer=answer)
    if target is None and not accept:
        _fail("R-REV-08", _("This procedure has no collective discussion step; revise the "
                            "case and submit it again."))
    Submission.objects.filter(pk=submission.pk).update(
        answer=answer, answer_reason=reason, answered_by=acting_user, answered_on=on)
    ledger.append(kind=EventKind.REVIEW_REJECTION_ANSWERED, subject=submission,
                  actor=acting_user,
                  payload={"case": case.number, "round": submission.round,
                           "answer": answer, "reason": reason, "on": on.isoformat(),
                           "to": target or ""})
    if target is not None:
        record = case_actions.complete_step(
            acting_user=submission.reviewer, case=case, step=REVIEW_STEP, to=target,
            done_on=on, data={"review_outcome": submission.outcome,
                              "opinion": submission.opinion, "answer": answer,
                              "submission": str(submission.pk)})
        Submission.objects.filter(pk=submission.pk).update(step_record=record)
    submission.refresh_from_db()
    return submission


# --------------------------------------------------------------------------------------
# Collective discussion (R-REV-08)


def _clean_people(rows, keys, what) -> list[dict]:
    cleaned = []
    for row in rows or []:
        item = {key: str((row or {}).get(key) or "").strip() for key in keys}
        if any(item.values()):
            if not all(item.values()):
                _fail("R-REV-08", _("Complete every line of the %(what)s.") % {"what": what},
                      field=what)
            # Whether the attendee checked and signed the record travels with the row.
            if "signed" in (row or {}):
                item["signed"] = bool(row["signed"])
            cleaned.append(item)
    return cleaned


def _discussion_record_checks(*, acting_user, chair: str, recorder: str, people: list,
                              observers: list, said: list, conclusion: str) -> None:
    """What the record of a collective discussion must state (R-REV-08): who presided
    (among the attendees), at least MIN_ATTENDEES attendees, each attendee's opinion, the
    conclusion, who kept the record, and that each attendee checked and signed it."""
    if not chair:
        _fail("R-REV-08", _("Name who presided over the discussion."), field="chair")
    if len(people) < MIN_ATTENDEES:
        _fail("R-REV-08", _("R-REV-08: a collective discussion needs at least %(n)d "
                            "attendees.") % {"n": MIN_ATTENDEES}, field="attendees")
    names = [p["name"] for p in people]
    if chair not in names:
        _fail("R-REV-08", _("The person presiding (%(name)s) must be among the attendees.")
              % {"name": chair}, field="chair")
    if acting_user is not None and _name(acting_user) not in names:
        _fail("R-REV-08", _("R-REV-08: the head (%(name)s) presides and must be among the "
                            "attendees.") % {"name": _name(acting_user)}, field="attendees")
    both = sorted(set(names) & {p["name"] for p in observers})
    if both:
        _fail("R-REV-08", _("%(names)s cannot both attend and sit in.")
              % {"names": "、".join(both)}, field="observers")
    if not said:
        _fail("R-REV-08", _("Record the opinions given."), field="opinions")
    spoke = {o["name"] for o in said}
    silent = [name for name in names if name not in spoke]
    if silent:
        _fail("R-REV-08", _("Record the opinion of every attendee: %(names)s gave none.")
              % {"names": "、".join(silent)}, field="opinions")
    strangers = sorted(spoke - set(names) - {p["name"] for p in observers})
    if strangers:
        _fail("R-REV-08", _("%(names)s gave an opinion but neither attended nor sat in.")
              % {"names": "、".join(strangers)}, field="opinions")
    if not conclusion:
        _fail("R-REV-08", _("Record the conclusion of the discussion."), field="conclusion")
    if not recorder:
        _fail("R-REV-08", _("Name who kept the record of the discussion."),
              field="recorder")
    unsigned = [p["name"] for p in people if not p.get("signed")]
    if unsigned:
        _fail("R-REV-08", _("Every attendee checks and signs the record: %(names)s did not "
                            "sign.") % {"names": "、".join(unsigned)}, field="attendees")


@transaction.atomic
def record_discussion(*, acting_user, case: Case, held_on: date, reason: str,
                      attendees: list, opinions: list, conclusion: str,
                      chair: str = "", recorder: str = "", observers: list | None = None,
                      review_again: bool = False) -> Discussion:
    """The heads' collective discussion; its record (who presided, the attendees with their
    posts, who sat in, each opinion, the conclusion, who kept the record, the attendees'
    signatures) is issued and filed, and the case goes on to the decision — or, when the
    heads so conclude (``review_again``), back to a new legal review round. The decision
    still needs a passed review where one is required (R-REV-02). Attendee rows are
    ``{"name", "post", "signed"}``; opinions ``{"name", "opinion"}``."""
    case = _lock_case(case)
    require_head(acting_user, case.body)
    if case.state != Case.State.OPEN or case.current_step != DISCUSSION_STEP:
        _fail("R-CASE-02", _("The case is not at its collective discussion step."))
    if reason not in DISCUSSION_REASONS:
        _fail("R-REV-08", _("Say why the case is discussed collectively."), field="reason")
    people = _clean_people(attendees, ("name", "post"), "attendees")
    sitting_in = _clean_people(observers, ("name", "post"), "observers")
    said = _clean_people(opinions, ("name", "opinion"), "opinions")
    chair, recorder = (chair or "").strip(), (recorder or "").strip()
    conclusion = (conclusion or "").strip()
    _discussion_record_checks(acting_user=acting_user, chair=chair, recorder=recorder,
                              people=people, observers=sitting_in, said=said,
                              conclusion=conclusion)
    _not_future(held_on, "held_on")
    if reason == Discussion.Reason.DISAGREEMENT:
        latest = current_submission(case)
        if latest is None or latest.answer != Submission.Answer.DISAGREED:
            _fail("R-REV-08", _("No review opinion of this case is disputed."),
                  field="reason")
    attendee_text = "、".join(f"{p['name']}（{p['post']}）" for p in people)
    observer_text = "、".join(f"{p['name']}（{p['post']}）" for p in sitting_in)
    with translation.override(DOCUMENT_LANGUAGE):
        opinion_text = "\n".join(f"{o['name']}：{o['opinion']}" for o in said)
        reason_text = str(DISCUSSION_REASONS[reason])
    document = issue_document(
        acting_user=acting_user, case=case, doc_type="collective_discussion_record",
        issued_on=held_on, step=DISCUSSION_STEP,
        platform={"attendees": attendee_text, "conclusion": conclusion,
                  "text": opinion_text, "summary": reason_text, "_attendees": people,
                  "_opinions": said, "_reason": reason, "presided_by": chair,
                  "recorder": recorder, "observers": observer_text})
    discussion = Discussion.objects.create(
        case=case, held_on=held_on, reason=reason, chair=chair, attendees=people,
        observers=sitting_in, recorder=recorder, opinions=said, conclusion=conclusion,
        document=document, recorded_by=acting_user)
    event = ledger.append(kind=EventKind.COLLECTIVE_DISCUSSION_RECORDED, subject=discussion,
                          actor=acting_user,
                          payload={"case": case.number, "held_on": held_on.isoformat(),
                                   "reason": reason, "chair": chair, "attendees": people,
                                   "observers": sitting_in, "recorder": recorder,
                                   "opinions": said, "conclusion": conclusion,
                                   "document": document.number,
                                   "document_digest": document.digest})
    record = case_actions.complete_step(
        acting_user=acting_user, case=case, step=DISCUSSION_STEP, done_on=held_on,
        to=REVIEW_STEP if review_again else None,
        data={"discussion": str(discussion.pk), "attendees": attendee_text,
              "conclusion": conclusion})
    Discussion.objects.filter(pk=discussion.pk).update(ledger_seq=event.seq,
                                                       step_record=record)
    discussion.refresh_from_db()
    return discussion
