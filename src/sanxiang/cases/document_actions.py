"""Issuing and correcting case documents (文书): the only way a ``Document`` is written.

A number is taken, the PDF rendered and stored, the row written and the ledger event
appended in one transaction, so a number belongs to an issued document or was never taken
(R-REC-08). A correction is a new version with the same number that points at the one it
corrects; the original row and its stored bytes never change (R-REC-02).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.cases import documents, numbering
from sanxiang.cases.models import Case, Document
from sanxiang.cases.permissions import require_case_staff
from sanxiang.cases.workflows import DOCUMENT_TYPES
from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation
from sanxiang.ledger.events import EventKind


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


@transaction.atomic
def issue_document(*, acting_user, case: Case, doc_type: str, issued_on: date,
                   data: dict | None = None, step: str | None = None) -> Document:
    """Issue a document of ``doc_type`` for ``case`` at ``step`` (default: the current step),
    with ``data`` laid over what the case has recorded."""
    case = Case.objects.select_related("body").get(pk=case.pk)
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
    require_case_staff(acting_user, case, definition)
    _require_open(case)
    content = documents.build_content(case, doc_type, step, data, issued_on)
    number, serial = "", None
    if numbering.is_numbered(doc_type):
        number, serial = numbering.take_number(case.body, doc_type, issued_on.year)
    pdf = documents.render(case, doc_type, content, number, issued_on)
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
    require_case_staff(acting_user, case, definition)
    if case.state == Case.State.ARCHIVED:
        raise RuleViolation("CASE", _("This case is archived; its documents can no longer be "
                                      "corrected."))
    if issued_on < original.issued_on:
        raise RuleViolation("DATE", _("A correction cannot be dated before the document it "
                                      "corrects (%(date)s).")
                            % {"date": original.issued_on.isoformat()}, field="issued_on")
    content = documents.merge_values(original.data, data)
    content["issued_on"] = issued_on.isoformat()
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
