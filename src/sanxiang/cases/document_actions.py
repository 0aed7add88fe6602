"""Issuing and correcting case documents (文书): the only way a ``Document`` is written.

The PDF is rendered first, with no lock held; then one short transaction checks the rules
again, issues the number, stores the row and appends the ledger event. Numbers are reserved
before rendering and issued in order, so a number belongs to an issued document or is given
back to the series (R-REC-08; ``numbering``, docs/adr/0014-documents-rendered-before-
numbering.md). A correction is a new version with the same number that points at the one it
corrects; the original row and its stored bytes never change (R-REC-02).
"""

from __future__ import annotations

import time
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.calendar.workdays import format_date
from sanxiang.cases import document_specs, documents, numbering, step_data
from sanxiang.cases.models import Case, Document
from sanxiang.cases.permissions import require_case_officer, require_case_staff, require_reviewer
from sanxiang.cases.workflows import DOCUMENT_TYPES
from sanxiang.core import blobs
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role


class _Given(dict):
    """The caller's data, with what the calling action computed itself (``platform``):
    only ``issue_document`` makes one, so no data from a form or the API carries it."""

    def __init__(self, data: dict, platform: dict | None):
        super().__init__(data)
        self.platform = platform


def procedure_document_types(procedure) -> set[str]:
    return {code for step in procedure.steps
            for code in step.documents + step.optional_documents}


def _title(doc_type: str) -> str:
    with translation.override(documents.DOCUMENT_LANGUAGE):
        return str(DOCUMENT_TYPES[doc_type][0])


def _require_open(case: Case) -> None:
    if case.state != Case.State.OPEN:
        raise RuleViolation("CASE", _("This case is %(state)s; no document can be issued.")
                            % {"state": case.get_state_display()})


def _is_head(user, case) -> bool:
    return user is None or (has_role(user, Role.HEAD) and user.body_id == case.body_id)


def head_approval_recorded(case: Case, step: str, doc_type: str = "") -> bool:
    """The head's approval of the step's decision is on record: an approval form issued at
    the step (or where ``document_specs.APPROVAL_STEPS`` says) with the head's opinion, name
    and date (处罚法 57)."""
    steps = (step, *document_specs.APPROVAL_STEPS.get(doc_type, ()))
    for data in Document.objects.filter(case=case, step__in=steps,
                                        doc_type__in=document_specs.APPROVAL_FORMS
                                        ).values_list("data", flat=True):
        values = {**data.get("recorded", {}).get(data.get("step"), {}),
                  **data.get("values", {})}
        if all(values.get(name) for name in step_data.APPROVAL_FIELDS):
            return True
    return False


def require_issuer(user, case: Case, doc_type: str, step: str, data: dict) -> None:
    """Who may issue ``doc_type`` (document_specs): the reviewer the review opinion; the head
    a decision of the body, or an officer on the case once the head's approval is recorded;
    an officer on the case (or the head) everything else. Only the head records the head's
    approval opinion."""
    if user is None:
        return
    if document_specs.issuers(doc_type) == document_specs.REVIEWERS:
        require_reviewer(user, case)
        return
    require_case_officer(user, case)
    head = _is_head(user, case)
    if doc_type in document_specs.HEAD_DECISIONS and not head and not head_approval_recorded(
            case, step, doc_type):
        if doc_type in document_specs.RELEASE_DECISIONS:
            raise PermissionDenied(_(
                "“%(title)s” is a decision of the body: approving the measure did not approve "
                "lifting it. Only the head may issue it, or an officer once the head's approval "
                "of the lifting is recorded on an internal approval form at this step "
                "(Administrative Compulsion Law, arts. 27, 28 and 33).")
                % {"title": _title(doc_type)}, doc_type=doc_type)
        raise PermissionDenied(_("“%(title)s” is a decision of the body: only its head may "
                                 "issue it, or an officer once the head's approval is recorded "
                                 "on the internal approval form (Administrative Penalty Law, "
                                 "art. 57).") % {"title": _title(doc_type)},
                               doc_type=doc_type)
    if not head and any((data or {}).get(name) for name in step_data.APPROVAL_FIELDS):
        raise PermissionDenied(_("Only the head records the approval opinion, the approving "
                                 "head and the date of approval."), field="approval_opinion")


def check_issue_date(case: Case, step: str, issued_on: date) -> None:
    """R-CASE-15: a document is dated between the case's opening (or the last recorded step)
    and today."""
    if not isinstance(issued_on, date):
        raise RuleViolation("R-CASE-15", _("The date of the document is not valid."),
                            field="issued_on")
    today = timezone.localdate()
    if issued_on > today:
        raise RuleViolation("R-CASE-15", _("A document cannot be dated in the future (today is "
                                           "%(today)s).") % {"today": format_date(today)},
                            field="issued_on")
    earliest = case.opened_on
    last = case.steps.order_by("-seq").values_list("done_on", flat=True).first()
    if last is not None and last > earliest:
        earliest = last
    if issued_on < earliest:
        raise RuleViolation("R-CASE-15", _("The document cannot be dated before %(date)s (the "
                                           "case's opening or its last recorded step).")
                            % {"date": format_date(earliest)}, field="issued_on")


def check_elements(content: dict) -> None:
    """R-AST-03: a document states every element it requires; none is printed blank."""
    missing = documents.missing_elements(content)
    if missing:
        raise RuleViolation("R-AST-03", _("“%(title)s” cannot be issued: %(missing)s not "
                                          "recorded. Record it on the step form first.")
                            % {"title": _title(content["doc_type"]),
                               "missing": "、".join(missing)},
                            missing=missing, doc_type=content["doc_type"])


def stamp_approval(user, case: Case, doc_type: str, step: str, data: dict | None,
                   issued_on: date) -> dict:
    """Who approved and when are the act's own (R-CASE-13, R-CASE-15): on an approval form
    the head issues, the step's stamped fields (the 立案 step's approving head and date) are
    the head and the date of issue, never typed. The platform's own loaders (no user) may
    give them."""
    data = dict(data or {})
    if doc_type not in document_specs.APPROVAL_FORMS:
        return data
    for spec in step_data.fields_for(case.procedure, step):
        if not spec.stamped:
            continue
        if user is None:
            if spec.kind == step_data.DATE:
                data.setdefault(spec.name, issued_on)
        elif _is_head(user, case):
            data[spec.name] = (issued_on if spec.kind == step_data.DATE
                               else user.get_full_name() or user.get_username())
    return data


def issue_document(*, acting_user, case: Case, doc_type: str, issued_on: date,
                   data: dict | None = None, step: str | None = None,
                   platform: dict | None = None) -> Document:
    """Issue a document of ``doc_type`` for ``case`` at ``step`` (default: the current step),
    rendered from what the case has recorded with ``data`` (the step's facts and the
    document's own fields, cleaned like step facts) laid over it.

    The PDF is rendered before the number is issued, with no lock held, so officers of one
    body issue in parallel (docs/adr/0014-documents-rendered-before-numbering.md). Called
    inside another action's transaction, everything happens in that one transaction.

    ``data`` holds only the fields the step's form and the document's own form name (any
    other key is refused). ``platform`` is what the calling action computed itself (the
    review's outcome and findings, the discussion's record), laid over unchecked; the
    documents only their action issues (``document_specs.ISSUED_BY_ACTION``) need it.
    """
    data = _Given(data or {}, platform)
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return _issue_in_transaction(acting_user, case, doc_type, issued_on, data, step)
    return _issue_rendered_first(acting_user, case, doc_type, issued_on, data, step)


def _prepare(acting_user, case: Case, doc_type: str, issued_on: date, data, step, *,
             lock: bool):
    """Every rule checked and the content built: (case, step, content). ``lock``: inside
    the issuing transaction, with the case row locked."""
    rows = Case.objects.select_for_update() if lock else Case.objects
    case = rows.select_related("body").get(pk=case.pk)
    workflow = case.workflow
    if doc_type not in DOCUMENT_TYPES or doc_type not in procedure_document_types(workflow):
        raise RuleViolation("R-REC-08", _("“%(type)s” is not a document of the procedure "
                                          "“%(procedure)s”.")
                            % {"type": doc_type, "procedure": workflow.name}, doc_type=doc_type)
    step = step or case.current_step
    try:
        definition = workflow.step(step)
    except KeyError:
        raise RuleViolation("R-CASE-02", _("The procedure has no step “%(step)s”.")
                            % {"step": step}) from None
    _require_open(case)
    if step != case.current_step:
        raise RuleViolation("R-REC-08", _("A document is issued at the step it belongs to; the "
                                          "case is at “%(current)s”. Correct an issued document "
                                          "instead.") % {
            "current": workflow.step(case.current_step).name}, doc_type=doc_type)
    if doc_type not in definition.documents + definition.optional_documents:
        raise RuleViolation("R-REC-08", _("“%(title)s” is not issued at the step “%(step)s”.")
                            % {"title": _title(doc_type), "step": definition.name},
                            doc_type=doc_type)
    platform = data.platform if isinstance(data, _Given) else None
    if doc_type in document_specs.ISSUED_BY_ACTION and platform is None:
        raise RuleViolation("R-REC-08", document_specs.ISSUED_BY_ACTION[doc_type],
                            doc_type=doc_type)
    data = dict(data or {})
    require_issuer(acting_user, case, doc_type, step, data)
    check_issue_date(case, step, issued_on)
    stamped = stamp_approval(acting_user, case, doc_type, step, data, issued_on)
    content = documents.build_content(case, doc_type, step, stamped, issued_on,
                                      platform=platform)
    check_elements(content)
    if doc_type == "service_receipt" and any(
            values == content["values"] for values in Document.objects.filter(
                case=case, doc_type=doc_type).values_list("data__values", flat=True)):
        raise RuleViolation("R-REC-08", _("A proof of service with the same documents, manner, "
                                          "recipient and date is already on file."))
    return case, step, content


def _issue_in_transaction(acting_user, case, doc_type, issued_on, data, step) -> Document:
    case, step, content = _prepare(acting_user, case, doc_type, issued_on, data, step,
                                   lock=True)
    number, serial = "", None
    if numbering.is_numbered(doc_type):
        number, serial = numbering.take_number(case.body, doc_type, issued_on.year)
    pdf = documents.render(case, doc_type, content, number, issued_on)
    return _store(acting_user, case, doc_type, step, content, issued_on, number, serial, pdf)


def _store(acting_user, case, doc_type, step, content, issued_on, number, serial,
           pdf: bytes) -> Document:
    """The row and the ledger event; inside the issuing transaction."""
    blob = blobs.put_bytes(pdf)
    document = Document.objects.create(
        case=case, issuer=case.body, doc_type=doc_type, step=step, title=_title(doc_type),
        number=number, serial=serial, version=1, data=content, issued_on=issued_on,
        digest=blob.digest, size=blob.size, issued_by=acting_user if acting_user else None)
    event = ledger.append(kind=EventKind.DOCUMENT_ISSUED, subject=document, actor=acting_user,
                          payload={"case": case.number, "doc_type": doc_type,
                                   "number": number, "serial": serial, "step": step,
                                   "issued_on": issued_on.isoformat(),
                                   "digest": blob.digest, "size": blob.size, "version": 1})
    Document.objects.filter(pk=document.pk).update(ledger_seq=event.seq)
    document.ledger_seq = event.seq
    return document


RE_RENDERS = 5  # renders with no lock held before the last one is done under the locks
WAIT_FIRST, WAIT_MOST = 0.01, 0.25  # seconds between looks at the numbers before this one


def _issue_rendered_first(acting_user, case, doc_type, issued_on, data, step) -> Document:
    """Check, render with no lock held, then one short transaction that checks again and
    issues: the number is reserved before rendering and issued in order (``numbering``)."""
    case, step, content = _prepare(acting_user, case, doc_type, issued_on, data, step,
                                   lock=False)
    if not numbering.is_numbered(doc_type):
        pdf = documents.render(case, doc_type, content, "", issued_on)
        for attempt in range(RE_RENDERS + 1):
            with transaction.atomic():
                case, step, now = _prepare(acting_user, case, doc_type, issued_on, data, step,
                                           lock=True)
                if now != content and attempt == RE_RENDERS:
                    content, pdf = now, documents.render(case, doc_type, now, "", issued_on)
                if now == content:
                    return _store(acting_user, case, doc_type, step, content, issued_on, "",
                                  None, pdf)
            # The case's facts changed while rendering: render what they are now.
            content, pdf = now, documents.render(case, doc_type, now, "", issued_on)
    reservation = numbering.reserve(case.body, doc_type, issued_on.year, case=case)
    try:
        return _settle(acting_user, case, doc_type, issued_on, data, step, content, reservation)
    except BaseException:
        numbering.release(reservation)  # later reservations move down: no gap
        raise


def _settle(acting_user, case, doc_type, issued_on, data, step, content, reservation):
    rendered = (reservation.serial, content)
    pdf = documents.render(case, doc_type, content, reservation.number, issued_on)
    renders, wait = 1, WAIT_FIRST
    while True:
        with transaction.atomic():
            case, step, now = _prepare(acting_user, case, doc_type, issued_on, data, step,
                                       lock=True)
            if now != content and renders > RE_RENDERS:
                # Facts keep changing under us: render this once under the locks.
                content, pdf = now, documents.render(case, doc_type, now, reservation.number,
                                                     issued_on)
                rendered = (reservation.serial, content)
            state = numbering.settle_if_ready(reservation) if now == content else "changed"
            if state == numbering.READY:
                return _store(acting_user, case, doc_type, step, content, issued_on,
                              reservation.number, reservation.serial, pdf)
        if state == numbering.GONE:  # taken over as abandoned: take a new one
            fresh = numbering.reserve(case.body, doc_type, issued_on.year, case=case)
            reservation.pk, reservation.serial = fresh.pk, fresh.serial
        if state == numbering.WAIT:
            # An earlier number is still rendering; its issuer may have died.
            if not numbering.take_over_stale(reservation):
                time.sleep(wait)
                wait = min(wait * 2, WAIT_MOST)
            continue
        content = now
        if (reservation.serial, content) != rendered:
            pdf = documents.render(case, doc_type, content, reservation.number, issued_on)
            rendered = (reservation.serial, content)
            renders += 1


@transaction.atomic
def correct_document(*, acting_user, document: Document, reason: str, data: dict | None,
                     issued_on: date) -> Document:
    """A new version of ``document`` with ``data`` changed; the original stays as it was."""
    original = (Document.objects.select_for_update().select_related("case", "case__body")
                .get(pk=document.pk))
    case = original.case
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("R-REC-02", _("State the reason for the correction."),
                            field="reason")
    if original.corrections.exists():
        raise RuleViolation("R-REC-02", _("This version has already been corrected; correct "
                                          "the latest version."))
    try:
        definition = case.workflow.step(original.step)
    except KeyError:
        definition = None
    if definition is None:
        require_case_staff(acting_user, case, None)
    require_issuer(acting_user, case, original.doc_type, original.step, data or {})
    if case.state == Case.State.ARCHIVED:
        raise RuleViolation("CASE", _("This case is archived; its documents can no longer be "
                                      "corrected."))
    if issued_on < original.issued_on:
        raise RuleViolation("DATE", _("A correction cannot be dated before the document it "
                                      "corrects (%(date)s).")
                            % {"date": original.issued_on.isoformat()}, field="issued_on")
    if issued_on > timezone.localdate():
        raise RuleViolation("R-CASE-15", _("A document cannot be dated in the future."),
                            field="issued_on")
    content = documents.merge_values(original.data, data, case=case)
    content["issued_on"] = issued_on.isoformat()
    check_elements(content)
    content["corrects"] = {"number": original.number, "version": original.version,
                           "digest": original.digest, "reason": reason}
    pdf = documents.render(case, original.doc_type, content, original.number, issued_on)
    blob = blobs.put_bytes(pdf)
    version = original.version + 1
    corrected = Document.objects.create(
        case=case, issuer=original.issuer, doc_type=original.doc_type, step=original.step,
        title=original.title, number=original.number, serial=original.serial,
        version=version, corrects=original, correction_reason=reason, data=content,
        issued_on=issued_on, digest=blob.digest, size=blob.size,
        issued_by=acting_user if acting_user else None)
    event = ledger.append(kind=EventKind.DOCUMENT_CORRECTED, subject=corrected,
                          actor=acting_user,
                          payload={"case": case.number, "doc_type": original.doc_type,
                                   "number": original.number, "digest": blob.digest,
                                   "size": blob.size, "version": version,
                                   "corrects": original.pk,
                                   "corrects_digest": original.digest, "reason": reason,
                                   "issued_on": issued_on.isoformat()})
    Document.objects.filter(pk=corrected.pk).update(ledger_seq=event.seq)
    corrected.ledger_seq = event.seq
    return corrected
