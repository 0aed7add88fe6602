"""行政执法监督 as actions: complaints and reports (R-SUP-02) and reconsideration and
litigation outcomes (R-SUP-05).

Every state change goes through one of these functions; each checks the acting user's
rights and the rules, writes, and appends a ledger event in one transaction.

    file_complaint(*, acting_user=None, body, kind, conduct, anonymous, name="", phone="",
                   address="", attachments=(), filed_on=None) -> (Complaint, query_code)
        The public files without an account. The query code is returned once and only its
        hash is kept. Acceptance is due within rulebook "sup.complaint_accept_workdays".
    accept_complaint(*, acting_user, complaint, on, note="") -> Complaint
    refuse_complaint(*, acting_user, complaint, on, reason) -> Complaint
        A supervisor of the body's region (the handling office); refusal needs written
        reasons. The answer is then due within "sup.complaint_answer_days" days.
    extend_complaint(*, acting_user, complaint, on, reason) -> Complaint
        Once; adds "sup.complaint_extension_days".
    answer_complaint(*, acting_user, complaint, on, answer) -> Complaint
    find_complaint(number, code) -> Complaint | None   (the public's tracking)
    record_outcome(*, acting_user, case, proceeding, forum, applied_on, result, decided_on,
                   reference="", note="") -> Outcome
        The body's head or a supervisor of its region. A result that revokes, changes,
        confirms illegal or voids the decision marks its publications for withdrawal
        within 3 working days (R-PUB-06) through ``disclosure.actions``.
    issue_supervision_document(*, acting_user, body, kind, title, content, issued_on,
                               answer_due) -> SupervisionDocument
        A supervisor of the body's region (R-SUP-04); numbered per kind and year.
    answer_supervision_document(*, acting_user, document, on, answer, rectification="")
        The body's head records the answer and rectification; late answers are marked.
    open_case_from_complaint(*, acting_user, complaint, **open_case_arguments) -> Case
        The body complained about (an officer or the head) opens a case on an accepted
        complaint through the case engine; the complaint and the case are linked.

A supervision document may answer a complaint (``complaint=``); it is rendered to PDF once,
when issued (``supervision.reports``), and the PDF's digest is in the ledger. 案卷评查 is in
``supervision.evaluation_actions``.

The ledger never carries the complainant's identity: only whether the filing is anonymous.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.calendar import workdays
from sanxiang.cases.models import Case
from sanxiang.core import blobs, rulebook
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.text import clean_name
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role
from sanxiang.supervision import reports
from sanxiang.supervision.models import Complaint, Outcome, SupervisionDocument

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over the phone
CODE_LENGTH = 8
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
CONDUCT_MAX = 5000

# Results that mean the decision no longer stands, and the withdrawal grounds they give.
WITHDRAWAL_GROUNDS = {
    Outcome.Result.REVOKED: "revoked",
    Outcome.Result.CHANGED: "changed",
    Outcome.Result.CONFIRMED_ILLEGAL: "confirmed_illegal",
    Outcome.Result.VOID: "void",
}
# 败诉: the body lost (the decision was revoked, changed, confirmed illegal or void, or
# the body was ordered to act).
LOST_RESULTS = (*WITHDRAWAL_GROUNDS, Outcome.Result.ORDERED_TO_ACT)


def _fail(message: str, *, rule: str = "R-SUP-02", **details):
    raise RuleViolation(rule, message, **details)


def _today() -> date:
    return timezone.localdate()


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _check_day(on, *, after: date | None, field: str) -> date:
    if not isinstance(on, date):
        _fail(_("Give a valid date."), rule="DATE", field=field)
    if on > _today():
        _fail(_("The date cannot be in the future."), rule="DATE", field=field)
    if after is not None and on < after:
        _fail(_("The date cannot be before %(date)s.") % {"date": workdays.format_date(after)},
              rule="DATE", field=field)
    return on


# --------------------------------------------------------------------------------------
# Who handles (R-SUP-02: the identity is visible only to the handling staff)


def is_handler(user, body) -> bool:
    """A supervisor whose jurisdiction covers the body (the 司法行政部门), or a superuser."""
    if user is None:
        return True
    if user.is_superuser:
        return True
    return (has_role(user, Role.SUPERVISOR) and bool(user.jurisdiction)
            and body.region_code.startswith(user.jurisdiction))


def may_see_identity(user, complaint: Complaint) -> bool:
    return is_handler(user, complaint.body)


def _require_handler(user, complaint: Complaint) -> None:
    if not is_handler(user, complaint.body):
        raise PermissionDenied(_("Only the supervision office over %(body)s handles its "
                                 "complaints.") % {"body": complaint.body.name})


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("body").get(pk=complaint.pk)


# --------------------------------------------------------------------------------------
# Deadlines


def accept_due_for(filed_on: date, body) -> date:
    count = int(rulebook.get("sup.complaint_accept_workdays", body=body, on=filed_on))
    return workdays.add_workdays(filed_on, count,
                                 rule=_("R-SUP-02: accept or refuse the complaint")).date


def answer_due_for(accepted_on: date, body, extension_days: int = 0) -> date:
    days = int(rulebook.get("sup.complaint_answer_days", body=body, on=accepted_on))
    return workdays.add_days(accepted_on, days + extension_days,
                             rule=_("R-SUP-02: answer the complaint")).date


def is_overdue(complaint: Complaint, today: date | None = None) -> bool:
    today = today or _today()
    if complaint.state == Complaint.State.RECEIVED:
        return complaint.accept_due < today
    if complaint.state == Complaint.State.ACCEPTED:
        return complaint.answer_due is not None and complaint.answer_due < today
    return False


def overdue_filter(today: date):
    """The Q of overdue complaints: two indexed ranges, (state, accept_due) and
    (state, answer_due)."""
    from django.db.models import Q

    return (Q(state=Complaint.State.RECEIVED, accept_due__lt=today)
            | Q(state=Complaint.State.ACCEPTED, answer_due__lt=today))


# --------------------------------------------------------------------------------------
# Filing and tracking (the public)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def _store_attachments(attachments) -> list[dict]:
    attachments = list(attachments or ())
    if len(attachments) > MAX_ATTACHMENTS:
        _fail(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS},
              field="attachments")
    stored = []
    for upload in attachments:
        if upload.size > MAX_ATTACHMENT_BYTES:
            _fail(_("The file %(name)s is larger than 10 MB.") % {"name": upload.name},
                  field="attachments")
        blob = blobs.put_stream(upload)
        # Shown to the handling office as sent: no bidi override (``现场\u202egpj.exe`` reads
        # as ``现场exe.jpg``), no control character, printable ASCII for the type — as an
        # evidence upload's name and type (ADR 0051, 0082).
        content_type = getattr(upload, "content_type", "") or ""
        stored.append({"name": clean_name(str(upload.name))[:200], "digest": blob.digest,
                       "size": blob.size,
                       "type": "".join(ch for ch in str(content_type)
                                       if " " <= ch <= "~").strip()[:100]})
    return stored


@transaction.atomic
def file_complaint(*, acting_user=None, body, kind: str, conduct: str, anonymous: bool,
                   name: str = "", phone: str = "", address: str = "", attachments=(),
                   filed_on: date | None = None) -> tuple[Complaint, str]:
    filed_on = filed_on or _today()
    if kind not in Complaint.Kind.values:
        _fail(_("Say whether this is a complaint or a report."), field="kind")
    conduct = str(conduct or "").strip()
    if not conduct:
        _fail(_("Describe the conduct you complain about."), field="conduct")
    if len(conduct) > CONDUCT_MAX:
        _fail(_("The description is too long (at most %(count)d characters).")
              % {"count": CONDUCT_MAX}, field="conduct")
    name, phone, address = _text(name)[:60], _text(phone)[:30], _text(address)[:200]
    if anonymous:
        name = phone = address = ""
    elif not name or not phone:
        _fail(_("A named complaint needs your name and a phone number; or choose to file "
                "anonymously."), field="name")
    code = _new_code()
    stored = _store_attachments(attachments)
    for _attempt in range(5):
        number = f"TS{filed_on:%Y%m%d}{secrets.randbelow(10**6):06d}"
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    number=number, code_hash=make_password(code), kind=kind, body=body,
                    conduct=conduct, anonymous=anonymous, complainant_name=name,
                    complainant_phone=phone, complainant_address=address,
                    attachments=stored, filed_on=filed_on,
                    accept_due=accept_due_for(filed_on, body))
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - a million numbers a day
        _fail(_("The complaint could not be numbered; please try again."))
    ledger.append(kind=EventKind.COMPLAINT_FILED, subject=complaint, actor=acting_user,
                  payload={"number": complaint.number, "body": body.pk, "kind": kind,
                           "anonymous": anonymous, "filed_on": filed_on.isoformat(),
                           "accept_due": complaint.accept_due.isoformat(),
                           "attachments": [a["digest"] for a in stored]})
    return complaint, code


def find_complaint(number: str, code: str) -> Complaint | None:
    """The complaint with this number if the code matches; None otherwise (the same answer
    for a wrong number and a wrong code, so numbers cannot be probed)."""
    number, code = _text(number).upper(), _text(code).upper()
    complaint = Complaint.objects.select_related("body").filter(number=number).first()
    if complaint is None:
        # A wrong number costs the hashing a wrong code costs: how long the answer takes
        # must not tell which numbers exist either.
        make_password(code)
        return None
    if not check_password(code, complaint.code_hash):
        return None
    return complaint


# --------------------------------------------------------------------------------------
# Handling (staff)


def _require_state(complaint: Complaint, *states) -> None:
    if complaint.state not in states:
        _fail(_("This complaint is %(state)s; that step is not possible now.")
              % {"state": complaint.get_state_display()})


@transaction.atomic
def accept_complaint(*, acting_user, complaint: Complaint, on: date,
                     note: str = "") -> Complaint:
    complaint = _lock(complaint)
    _require_handler(acting_user, complaint)
    _require_state(complaint, Complaint.State.RECEIVED)
    on = _check_day(on, after=complaint.filed_on, field="on")
    note = str(note or "").strip()
    complaint.state = Complaint.State.ACCEPTED
    complaint.decided_on, complaint.decided_by = on, acting_user
    complaint.decision_reason = note
    complaint.answer_due = answer_due_for(on, complaint.body)
    complaint.save()
    ledger.append(kind=EventKind.COMPLAINT_ACCEPTED, subject=complaint, actor=acting_user,
                  payload={"number": complaint.number, "on": on.isoformat(), "note": note,
                           "late": on > complaint.accept_due,
                           "answer_due": complaint.answer_due.isoformat()})
    return complaint


@transaction.atomic
def refuse_complaint(*, acting_user, complaint: Complaint, on: date, reason: str) -> Complaint:
    complaint = _lock(complaint)
    _require_handler(acting_user, complaint)
    _require_state(complaint, Complaint.State.RECEIVED)
    on = _check_day(on, after=complaint.filed_on, field="on")
    reason = str(reason or "").strip()
    if not reason:
        _fail(_("A refusal needs written reasons."), field="reason")
    complaint.state = Complaint.State.REFUSED
    complaint.decided_on, complaint.decided_by = on, acting_user
    complaint.decision_reason = reason
    complaint.save()
    ledger.append(kind=EventKind.COMPLAINT_REFUSED, subject=complaint, actor=acting_user,
                  payload={"number": complaint.number, "on": on.isoformat(),
                           "reason": reason, "late": on > complaint.accept_due})
    return complaint


@transaction.atomic
def extend_complaint(*, acting_user, complaint: Complaint, on: date, reason: str) -> Complaint:
    complaint = _lock(complaint)
    _require_handler(acting_user, complaint)
    _require_state(complaint, Complaint.State.ACCEPTED)
    if complaint.extension_days:
        _fail(_("The answer period has already been extended once."))
    on = _check_day(on, after=complaint.decided_on, field="on")
    reason = _text(reason)[:300]
    if not reason:
        _fail(_("Give the reason for the extension."), field="reason")
    days = int(rulebook.get("sup.complaint_extension_days", body=complaint.body, on=on))
    complaint.extension_days, complaint.extension_reason = days, reason
    complaint.answer_due = answer_due_for(complaint.decided_on, complaint.body, days)
    complaint.save()
    ledger.append(kind=EventKind.COMPLAINT_EXTENDED, subject=complaint, actor=acting_user,
                  payload={"number": complaint.number, "on": on.isoformat(), "days": days,
                           "reason": reason, "answer_due": complaint.answer_due.isoformat()})
    return complaint


@transaction.atomic
def answer_complaint(*, acting_user, complaint: Complaint, on: date, answer: str) -> Complaint:
    complaint = _lock(complaint)
    _require_handler(acting_user, complaint)
    _require_state(complaint, Complaint.State.ACCEPTED)
    on = _check_day(on, after=complaint.decided_on, field="on")
    answer = str(answer or "").strip()
    if not answer:
        _fail(_("Write the answer to the complainant."), field="answer")
    complaint.state = Complaint.State.ANSWERED
    complaint.answered_on, complaint.answered_by, complaint.answer = on, acting_user, answer
    complaint.save()
    ledger.append(kind=EventKind.COMPLAINT_ANSWERED, subject=complaint, actor=acting_user,
                  payload={"number": complaint.number, "on": on.isoformat(),
                           "late": on > complaint.answer_due})
    return complaint


def may_open_case(user, complaint: Complaint) -> bool:
    """The body complained about (or reported to) opens the case itself: its officers and
    head, once the complaint is accepted and no case is linked yet."""
    return (user is not None and complaint.state in (Complaint.State.ACCEPTED,
                                                     Complaint.State.ANSWERED)
            and complaint.case_id is None and user.body_id == complaint.body_id
            and has_role(user, Role.OFFICER, Role.HEAD))


@transaction.atomic
def open_case_from_complaint(*, acting_user, complaint: Complaint, **case_fields) -> Case:
    """立案 on a complaint or report (R-SUP-02): the case is opened through the case engine
    (every 立案 rule applies), its source names the complaint, and the two are linked. The
    complainant's identity does not pass to the case."""
    from sanxiang.cases import actions as case_actions

    complaint = _lock(complaint)
    if not may_open_case(acting_user, complaint):
        if complaint.case_id:
            _fail(_("A case has already been opened on this complaint."))
        raise PermissionDenied(_("Only %(body)s opens a case on this complaint, once it is "
                                 "accepted.") % {"body": complaint.body.name})
    source = _("Complaint or report %(number)s") % {"number": complaint.number}
    case_fields["source"] = (f"{source}；{case_fields['source']}"
                             if case_fields.get("source") else source)
    case = case_actions.open_case(acting_user=acting_user, body=complaint.body,
                                  **case_fields)
    complaint.case = case
    complaint.save(update_fields=["case"])
    ledger.append(kind=EventKind.COMPLAINT_CASE_OPENED, subject=complaint, actor=acting_user,
                  payload={"number": complaint.number, "case": case.number})
    return case


# --------------------------------------------------------------------------------------
# Reconsideration and litigation outcomes (R-SUP-05)


def may_record_outcome(user, case: Case) -> bool:
    if user is None or user.is_superuser:
        return True
    if has_role(user, Role.HEAD) and user.body_id == case.body_id:
        return True
    return is_handler(user, case.body)


@transaction.atomic
def record_outcome(*, acting_user, case: Case, proceeding: str, forum: str, applied_on: date,
                   result: str, decided_on: date, reference: str = "",
                   note: str = "") -> Outcome:
    from sanxiang.disclosure import actions as disclosure_actions

    case = Case.objects.select_for_update().select_related("body").get(pk=case.pk)
    if not may_record_outcome(acting_user, case):
        raise PermissionDenied(_("Only the head of %(body)s or its supervisors may record "
                                 "this outcome.") % {"body": case.body.name})
    if case.decided_on is None:
        _fail(_("The case has no decision yet; there is nothing to reconsider or litigate."),
              rule="R-SUP-05")
    if proceeding not in Outcome.Proceeding.values:
        _fail(_("Choose reconsideration or litigation."), rule="R-SUP-05", field="proceeding")
    if result not in Outcome.Result.values:
        _fail(_("Choose the result."), rule="R-SUP-05", field="result")
    forum = _text(forum)[:100]
    if not forum:
        _fail(_("Name the reconsideration body or the court."), rule="R-SUP-05",
              field="forum")
    applied_on = _check_day(applied_on, after=case.decided_on, field="applied_on")
    decided_on = _check_day(decided_on, after=applied_on, field="decided_on")
    outcome = Outcome.objects.create(
        case=case, body=case.body, proceeding=proceeding, forum=forum, applied_on=applied_on,
        result=result, decided_on=decided_on, reference=_text(reference)[:100],
        note=str(note or "").strip(), recorded_by=acting_user)
    marked = []
    if result in WITHDRAWAL_GROUNDS:
        # R-PUB-06: the publication comes down within 3 working days of the result. The
        # platform marks it (acting_user None): the clerk then withdraws it.
        marked = disclosure_actions.mark_withdrawal_needed(
            case=case, grounds=WITHDRAWAL_GROUNDS[result], on=decided_on, acting_user=None)
    ledger.append(kind=EventKind.CASE_OUTCOME_RECORDED, subject=outcome, actor=acting_user,
                  payload={"case": case.number, "proceeding": proceeding, "forum": forum,
                           "applied_on": applied_on.isoformat(), "result": result,
                           "decided_on": decided_on.isoformat(),
                           "withdrawals": [d.pk for d in marked]})
    return outcome


# --------------------------------------------------------------------------------------
# Supervision documents (R-SUP-04)

DOCUMENT_PREFIX = {
    SupervisionDocument.Kind.OPINION: "监督意见",
    SupervisionDocument.Kind.SUGGESTION: "监督建议",
    SupervisionDocument.Kind.DECISION: "监督决定",
    SupervisionDocument.Kind.CIRCULAR: "监督通报",
}


def document_overdue_filter(today: date):
    from django.db.models import Q

    return Q(state=SupervisionDocument.State.ISSUED, answer_due__lt=today)


def document_overdue(document: SupervisionDocument, today: date | None = None) -> bool:
    return (document.state == SupervisionDocument.State.ISSUED
            and document.answer_due < (today or _today()))


@transaction.atomic
def issue_supervision_document(*, acting_user, body, kind: str, title: str, content: str,
                               issued_on: date, answer_due: date,
                               complaint: Complaint | None = None) -> SupervisionDocument:
    if not is_handler(acting_user, body):
        raise PermissionDenied(_("Only the supervision office over %(body)s may issue it "
                                 "supervision documents.") % {"body": body.name})
    if kind not in SupervisionDocument.Kind.values:
        _fail(_("Choose the kind of document."), rule="R-SUP-04", field="kind")
    title, content = _text(title)[:200], str(content or "").strip()
    if not title or not content:
        _fail(_("A supervision document needs a title and its content."), rule="R-SUP-04",
              field="content")
    issued_on = _check_day(issued_on, after=None, field="issued_on")
    if not isinstance(answer_due, date) or answer_due <= issued_on:
        _fail(_("The answer must be due after the day of issue."), rule="R-SUP-04",
              field="answer_due")
    if complaint is not None and complaint.body_id != body.pk:
        _fail(_("The complaint concerns another body."), rule="R-SUP-04", field="complaint")
    year = issued_on.year
    # Numbers run per kind and year; the lock on the year's last row keeps them a sequence.
    last = (SupervisionDocument.objects.select_for_update().filter(kind=kind, year=year)
            .order_by("-seq").first())
    seq = (last.seq + 1) if last else 1
    number = f"{DOCUMENT_PREFIX[kind]}〔{year}〕{seq}号"
    facts = {"issuer": issuer_name(acting_user), "number": number, "kind": kind,
             "body": body.name, "title": title, "content": content, "issued_on": issued_on,
             "answer_due": answer_due, "complaint": complaint.number if complaint else ""}
    missing = reports.missing_elements(facts)
    if missing:
        _fail(_("The document cannot be issued: %(names)s missing.")
              % {"names": "、".join(missing)}, rule="R-SUP-04")
    # Rendered once from the facts; the bytes are kept and their digest is in the ledger.
    blob = blobs.put_bytes(reports.render_document(facts))
    document = SupervisionDocument.objects.create(
        kind=kind, year=year, seq=seq, number=number,
        body=body, title=title, content=content, issued_on=issued_on,
        issued_by=acting_user, answer_due=answer_due, complaint=complaint,
        pdf_digest=blob.digest, pdf_size=blob.size)
    ledger.append(kind=EventKind.SUPERVISION_DOCUMENT_ISSUED, subject=document,
                  actor=acting_user, payload={
                      "number": document.number, "kind": kind, "body": body.pk,
                      "title": title, "issued_on": issued_on.isoformat(),
                      "answer_due": answer_due.isoformat(),
                      "content": content, "issuer": facts["issuer"],
                      "complaint": facts["complaint"], "pdf": blob.digest,
                      "size": blob.size})
    return document


def issuer_name(user) -> str:
    """The supervision office that issues: the supervisor's own body (the 司法局)."""
    body = getattr(user, "body", None) if user is not None else None
    return body.name if body is not None else _("Enforcement supervision office")


def may_answer_document(user, document: SupervisionDocument) -> bool:
    return user is None or (has_role(user, Role.HEAD) and user.body_id == document.body_id)


@transaction.atomic
def answer_supervision_document(*, acting_user, document: SupervisionDocument, on: date,
                                answer: str, rectification: str = "") -> SupervisionDocument:
    document = (SupervisionDocument.objects.select_for_update().select_related("body")
                .get(pk=document.pk))
    if not may_answer_document(acting_user, document):
        raise PermissionDenied(_("Only the head of %(body)s answers this document.")
                               % {"body": document.body.name})
    if document.state != SupervisionDocument.State.ISSUED:
        _fail(_("This document has already been answered."), rule="R-SUP-04")
    on = _check_day(on, after=document.issued_on, field="on")
    answer = str(answer or "").strip()
    if not answer:
        _fail(_("Write the answer."), rule="R-SUP-04", field="answer")
    document.state = SupervisionDocument.State.ANSWERED
    document.answered_on, document.answered_by = on, acting_user
    document.answer, document.rectification = answer, str(rectification or "").strip()
    document.save()
    ledger.append(kind=EventKind.SUPERVISION_DOCUMENT_ANSWERED, subject=document,
                  actor=acting_user, payload={"number": document.number,
                                              "on": on.isoformat(),
                                              "late": on > document.answer_due})
    return document
