"""Evidence and audio-video actions (R-REC-03 … R-REC-06): every change to records goes here.

An original enters the platform in one of two ways, both ending in ``_record_evidence``:
a resumable browser upload (``start_upload`` → ``put_chunk``… → ``finish_upload``) or a
file already on the server (``store_evidence_file``: demo, imports, tests). The bytes are
linked into the write-once blob store *before* the database transaction; if that
transaction fails, the stored blob is simply unreferenced (harmless, and found again by
its digest on a retry) and no ``Evidence`` row or ledger entry exists.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.cases.models import Case
from sanxiang.cases.permissions import require_case_officer, require_head
from sanxiang.core import blobs, rulebook
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.text import clean_name
from sanxiang.ledger.events import EventKind
from sanxiang.records import filetypes, integrity, uploads
from sanxiang.records.metadata import clean_metadata
from sanxiang.records.models import (
    REASON_MAX_LENGTH,
    CopyRequest,
    CustodyEntry,
    Evidence,
    RecordingException,
    Upload,
    UploadChunk,
)

DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3


def max_upload_bytes() -> int:
    return int(getattr(settings, "SANXIANG_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _size_text(size: int) -> str:
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB"
    return f"{size / 1024 ** 2:.1f} MB"


# --------------------------------------------------------------------------------------
# Resumable uploads


def require_not_archived(case) -> None:
    """An archived case file (归档) is closed: nothing is added to it any more."""
    if case.state == Case.State.ARCHIVED:
        raise RuleViolation("R-REC-02", _(
            "R-REC-02: case %(number)s is archived; evidence can no longer be added to it.")
            % {"number": case.number})


def _open_uploads(user) -> int:
    return Upload.objects.filter(created_by=user, state=Upload.State.OPEN).count()


def _received_bytes() -> int:
    """Bytes held by unfinished uploads (all users): what the temporary area occupies."""
    total = UploadChunk.objects.filter(upload__state=Upload.State.OPEN).aggregate(
        total=Sum("size"))["total"]
    return int(total or 0)


def _require_space(length: int) -> None:
    """Refuse ``length`` more bytes when the caps or the disk would be exceeded."""
    cap = _setting("SANXIANG_UPLOAD_MAX_RESERVED_BYTES", 64 * 1024 ** 3)
    if _received_bytes() + length > cap:
        raise RuleViolation("UPLOAD", _(
            "The upload area is full (%(limit)s of unfinished uploads). Finish or wait for "
            "other uploads, then try again.") % {"limit": _size_text(cap)})
    keep_free = _setting("SANXIANG_UPLOAD_MIN_FREE_BYTES", 2 * 1024 ** 3)
    if uploads.free_bytes() - length < keep_free:
        raise RuleViolation("UPLOAD", _(
            "The server's storage is nearly full, so no more files can be received now. "
            "Tell the system administrator."))


def _stored_name(filename) -> str:
    """The file's own name as stored and shown: no folders, and none of what a name must not
    hold (``core.text.clean_name``: bidi overrides, which show ``exe.png`` for ``gnp.exe``,
    zero-width and control characters — NUL, which PostgreSQL refuses — and lone
    surrogates, which it cannot encode)."""
    name = clean_name(os.path.basename(str(filename or "").replace("\\", "/")))
    return "".join(ch for ch in name if not 0xD800 <= ord(ch) <= 0xDFFF)[:255]


def _stored_content_type(content_type) -> str:
    """A MIME type is printable ASCII; anything else (a number, a list, a control
    character) is no type at all."""
    text = content_type if isinstance(content_type, str) else ""
    text = "".join(ch for ch in text if " " <= ch <= "~").strip()[:100]
    return text or "application/octet-stream"


def start_upload(*, acting_user, case, filename: str, content_type: str, size: int,
                 chunk_size: int = blobs.CHUNK_SIZE) -> Upload:
    require_case_officer(acting_user, case)
    require_not_archived(case)
    filename = _stored_name(filename)
    content_type = _stored_content_type(content_type)
    if not filename:
        raise RuleViolation("UPLOAD", _("The file has no name."), field="filename")
    size = int(size)
    if size <= 0:
        raise RuleViolation("UPLOAD", _("The file is empty."), field="size")
    limit = max_upload_bytes()
    if size > limit:
        raise RuleViolation("UPLOAD", _("The file is %(size)s; files of at most %(limit)s can "
                                        "be uploaded.") % {"size": _size_text(size),
                                                            "limit": _size_text(limit)},
                            field="size")
    # The digest's leaves are fixed 8 MiB pieces (blobs.CHUNK_SIZE): a chunk must be exactly
    # one leaf, or the leaves could not be combined without reading the file again.
    if int(chunk_size) != blobs.CHUNK_SIZE:
        raise RuleViolation("UPLOAD", _("Unsupported chunk size."), field="chunk_size")
    # No space is reserved for the declared size: it is checked as the chunks arrive.
    if size > uploads.free_bytes() - _setting("SANXIANG_UPLOAD_MIN_FREE_BYTES", 2 * 1024 ** 3):
        raise RuleViolation("UPLOAD", _(
            "The server's storage is nearly full, so no more files can be received now. "
            "Tell the system administrator."), field="size")
    with transaction.atomic():
        # Counted under the user's row lock, so two starts at once cannot both pass.
        get_user_model().objects.select_for_update().filter(pk=acting_user.pk).first()
        most = _setting("SANXIANG_UPLOAD_MAX_OPEN_PER_USER", 3)
        if _open_uploads(acting_user) >= most:
            raise RuleViolation("UPLOAD", _(
                "You already have %(count)d unfinished uploads, the most allowed. Finish "
                "one of them first (unfinished uploads are dropped after a while).")
                % {"count": most})
        upload = Upload.objects.create(
            case=case, created_by=acting_user, filename=filename,
            content_type=content_type, size=size,
            chunk_size=int(chunk_size))
        uploads.create_partial(upload.id)
    return upload


def _chunk_length(upload: Upload, index: int) -> int:
    return min(upload.chunk_size, upload.size - index * upload.chunk_size)


def _require_uploader(acting_user, upload: Upload) -> None:
    if acting_user is not None and acting_user.pk != upload.created_by_id:
        raise PermissionDenied(_("Only the person who started this upload may continue it."))


def _closed() -> RuleViolation:
    return RuleViolation("UPLOAD", _("This upload is finished or abandoned; start it again."),
                         closed=True)


def put_chunk(*, acting_user, upload: Upload, index: int, stream, length: int) -> UploadChunk:
    """Write chunk ``index`` at its offset, hashing it as written; idempotent when repeated.

    A repeated chunk is hashed without being written: the same bytes are accepted, other
    bytes are refused (the stored leaf is what the digest will be built from).
    """
    _require_uploader(acting_user, upload)
    if upload.state != Upload.State.OPEN:
        raise _closed()
    index, length = int(index), int(length)
    if not 0 <= index < upload.chunk_count:
        raise RuleViolation("UPLOAD", _("There is no chunk %(index)d in this upload.")
                            % {"index": index}, field="index")
    expected = _chunk_length(upload, index)
    if length != expected:
        raise RuleViolation("UPLOAD", _("Chunk %(index)d must be %(expected)d bytes, not "
                                        "%(length)d.") % {"index": index, "expected": expected,
                                                          "length": length}, field="length")
    alg = blobs.algorithm()
    try:
        with uploads.chunk_writer(upload.id) as fd:
            existing = UploadChunk.objects.filter(upload=upload, index=index).first()
            if existing is not None:
                leaf = uploads.hash_chunk(stream, length, alg)
                return _same_or_refuse(existing, leaf)
            _require_space(length)
            leaf = uploads.write_chunk(fd, index * upload.chunk_size, stream, length, alg)
            try:
                with transaction.atomic():
                    chunk = UploadChunk.objects.create(upload=upload, index=index,
                                                       size=length, leaf=leaf.hex())
                    Upload.objects.filter(pk=upload.pk).update(updated_at=timezone.now())
            except IntegrityError:
                # The same chunk arrived twice at once: both wrote their bytes at the offset.
                winner = UploadChunk.objects.get(upload=upload, index=index)
                if winner.leaf == leaf.hex():
                    return winner
                # Different bytes raced: the file may hold either, so neither leaf can be
                # trusted; the chunk counts as missing and the client sends it again.
                winner.delete()
                raise RuleViolation("UPLOAD", _("Chunk %(index)d arrived twice with different "
                                                "contents; send it again.")
                                    % {"index": index}) from None
            return chunk
    except uploads.ChunkError as error:
        if error.reason == "short":
            raise RuleViolation("UPLOAD", _("The connection broke off during chunk %(index)d; "
                                            "send it again.") % {"index": index}) from None
        raise _closed() from None


def _same_or_refuse(existing: UploadChunk, leaf: bytes) -> UploadChunk:
    if existing.leaf != leaf.hex():
        raise RuleViolation("UPLOAD", _("Chunk %(index)d was already received with different "
                                        "contents; a received chunk cannot be replaced.")
                            % {"index": existing.index}, field="index")
    return existing


def upload_status(upload: Upload) -> dict:
    present = sorted(upload.chunks.values_list("index", flat=True))
    have = set(present)
    return {"id": str(upload.id), "state": upload.state, "size": upload.size,
            "chunk_size": upload.chunk_size, "chunk_count": upload.chunk_count,
            "present": present,
            "missing": [i for i in range(upload.chunk_count) if i not in have]}


def _missing_text(missing: list[int]) -> str:
    shown = "、".join(str(i + 1) for i in missing[:20])
    return shown + ("…" if len(missing) > 20 else "")


def _close_upload(upload: Upload, state: str) -> bool:
    """Close an open upload (refused or discarded) and remove its partial file, under the
    file's exclusive lock so no chunk is being written meanwhile. False: not open any more."""
    now = timezone.now()
    try:
        with uploads.finishing(upload.id):
            closed = Upload.objects.filter(pk=upload.pk, state=Upload.State.OPEN).update(
                state=state, updated_at=now)
    except uploads.ChunkError:  # the partial file is already gone
        closed = Upload.objects.filter(pk=upload.pk, state=Upload.State.OPEN).update(
            state=state, updated_at=now)
    if closed:
        uploads.remove_partial(upload.id)
        upload.state = state
    return bool(closed)


def refuse_upload(*, acting_user, upload: Upload) -> None:
    """A finish refused for its particulars (the form, checked before ``finish_upload``):
    the upload is closed as refused, so it does not block the officer's next try."""
    _require_uploader(acting_user, upload)
    _close_upload(upload, Upload.State.REFUSED)


def discard_uploads(*, acting_user, upload_ids=None) -> int:
    """The officer gives up their own unfinished uploads (all, or those named). Another
    officer's upload is refused, never discarded. Uploads are not in the ledger (nothing of
    them counts until finished), so there is no ledger entry to append."""
    if acting_user is None:
        raise PermissionDenied(_("Only the person who started this upload may continue it."))
    mine = Upload.objects.filter(created_by=acting_user, state=Upload.State.OPEN)
    if upload_ids is not None:
        upload_ids = list(upload_ids)
        others = Upload.objects.filter(pk__in=upload_ids).exclude(created_by=acting_user)
        if others.exists():
            raise PermissionDenied(_("Only the person who started an upload may discard it."))
        mine = mine.filter(pk__in=upload_ids)
    return sum(_close_upload(upload, Upload.State.ABANDONED) for upload in mine)


def finish_upload(*, acting_user, upload: Upload, metadata: dict) -> Evidence:
    _require_uploader(acting_user, upload)
    require_case_officer(acting_user, upload.case)
    if upload.state != Upload.State.OPEN:
        raise _closed()
    try:
        return _finish(acting_user, upload, metadata)
    except RuleViolation as error:
        # A refused finish closes the upload at once (it would otherwise block the officer's
        # next tries); only a finish waiting for missing chunks stays open to be resumed.
        if not ({"missing", "closed"} & error.details.keys()):
            _close_upload(upload, Upload.State.REFUSED)
        raise


def _finish(acting_user, upload: Upload, metadata: dict) -> Evidence:
    case = upload.case
    require_not_archived(case)
    now = timezone.now()
    meta = clean_metadata(case, metadata, now=now)
    try:
        with uploads.finishing(upload.id) as path:
            # Another finish may have completed it while this one waited for the lock.
            if not Upload.objects.filter(pk=upload.pk, state=Upload.State.OPEN).exists():
                raise _closed()
            chunks = list(upload.chunks.order_by("index").values_list("index", "size", "leaf"))
            have = {c[0] for c in chunks}
            missing = [i for i in range(upload.chunk_count) if i not in have]
            if missing:
                raise RuleViolation("UPLOAD", _(
                    "The upload is not complete: %(count)d of %(total)d chunks are missing "
                    "(chunks %(list)s). Resume the upload to send them.") % {
                    "count": len(missing), "total": upload.chunk_count,
                    "list": _missing_text(missing)}, missing=missing)
            if sum(c[1] for c in chunks) != upload.size:
                raise RuleViolation("UPLOAD", _("The chunks received do not add up to the "
                                                "file's size."))
            # The declared kind must agree with what the file really is (its first bytes).
            _require_kind_matches(meta["kind"], path)
            alg = blobs.algorithm()
            digest = blobs.digest_of_leaves(alg, (bytes.fromhex(c[2]) for c in chunks))
            try:
                uploads.link_into_store(path, digest)
            except FileNotFoundError:
                raise _closed() from None
            with transaction.atomic():
                locked = Upload.objects.select_for_update().get(pk=upload.pk)
                if locked.state != Upload.State.OPEN:
                    raise _closed()
                evidence = _record_evidence(
                    acting_user=acting_user, case=case, meta=meta, digest=digest,
                    size=upload.size, filename=upload.filename,
                    content_type=upload.content_type, uploaded_at=now,
                    via={"upload": str(upload.id)})
                Upload.objects.filter(pk=upload.pk).update(state=Upload.State.DONE,
                                                           updated_at=now)
    except uploads.ChunkError:
        raise _closed() from None
    upload.state = Upload.State.DONE
    # The blob is linked under its digest; the temporary name is no longer needed.
    uploads.remove_partial(upload.id)
    integrity.remember_stored(evidence.digest)
    return evidence


def store_evidence_file(*, acting_user, case, path_or_bytes, filename: str, content_type: str,
                        metadata: dict, uploaded_at=None) -> Evidence:
    """Store a file that is already on the server (demo, imports, tests) as evidence.

    The upload time is the platform's clock (R-CASE-15, R-REC-05): only the platform's own
    loaders (``acting_user=None``) may give one, replaying history; it is never before the
    capture ended nor in the future, and the late flag is computed from it on every path.
    """
    require_case_officer(acting_user, case)
    require_not_archived(case)
    if uploaded_at is not None and acting_user is not None:
        raise RuleViolation("R-CASE-15", _("The upload time is recorded by the platform; it "
                                           "cannot be entered."), field="uploaded_at")
    now = timezone.now()
    uploaded_at = uploaded_at or now
    if uploaded_at > now:
        raise RuleViolation("R-CASE-15", _("The upload time cannot be in the future."),
                            field="uploaded_at")
    meta = clean_metadata(case, metadata, now=uploaded_at)
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        blob = blobs.put_bytes(bytes(path_or_bytes))
    else:
        with Path(path_or_bytes).open("rb") as f:
            blob = blobs.put_stream(f)
    if blob.size > max_upload_bytes():
        raise RuleViolation("UPLOAD", _("Files of at most %(limit)s can be stored.")
                            % {"limit": _size_text(max_upload_bytes())})
    with transaction.atomic():
        evidence = _record_evidence(acting_user=acting_user, case=case, meta=meta,
                                    digest=blob.digest, size=blob.size,
                                    filename=os.path.basename(str(filename))[:255],
                                    content_type=content_type or "application/octet-stream",
                                    uploaded_at=uploaded_at, via={"server_file": True})
    integrity.remember_stored(evidence.digest)
    return evidence


def _require_kind_matches(kind: str, path_or_bytes) -> None:
    """The declared kind agrees with the file's first bytes (``filetypes``)."""
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        head = bytes(path_or_bytes[:filetypes.HEAD_BYTES])
    else:
        with Path(path_or_bytes).open("rb") as f:
            head = f.read(filetypes.HEAD_BYTES)
    reason = filetypes.refusal(kind, head)
    if reason:
        raise RuleViolation("R-REC-04", reason, field="kind")


def supplement_archived_case(*, acting_user, case, path_or_bytes, filename: str,
                             content_type: str, metadata: dict, reason: str) -> Evidence:
    """Add evidence to an archived case file (补充归档, R-REC-02): only the head of the body
    approves it, with the reason, and the supplement is recorded as such (its reason on the
    evidence and in the ledger entry); the file's earlier content is untouched."""
    case = Case.objects.select_related("body").get(pk=case.pk)
    if acting_user is None:
        raise PermissionDenied(_("Only the head of %(body)s may approve this.")
                               % {"body": case.body.name})
    require_head(acting_user, case.body)
    if case.state != Case.State.ARCHIVED:
        raise RuleViolation("R-REC-02", _("Case %(number)s is not archived: add the evidence "
                                          "to the case in the ordinary way.")
                            % {"number": case.number})
    reason = " ".join((reason or "").split())
    if not reason:
        raise RuleViolation("R-REC-02", _("Give the reason for adding to the archived case "
                                          "file."), field="reason")
    now = timezone.now()
    meta = clean_metadata(case, metadata, now=now)
    _require_kind_matches(meta["kind"], path_or_bytes)
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        blob = blobs.put_bytes(bytes(path_or_bytes))
    else:
        with Path(path_or_bytes).open("rb") as f:
            blob = blobs.put_stream(f)
    if blob.size > max_upload_bytes():
        raise RuleViolation("UPLOAD", _("Files of at most %(limit)s can be stored.")
                            % {"limit": _size_text(max_upload_bytes())})
    with transaction.atomic():
        evidence = _record_evidence(
            acting_user=acting_user, case=case, meta=meta, digest=blob.digest,
            size=blob.size, filename=os.path.basename(str(filename))[:255],
            content_type=content_type or "application/octet-stream", uploaded_at=now,
            via={"supplement": True, "supplement_reason": reason},
            supplement_reason=reason)
    integrity.remember_stored(evidence.digest)
    return evidence


def upload_deadline(case, captured_to):
    """When a recording captured until ``captured_to`` must be on the platform (R-REC-05)."""
    hours = float(rulebook.get("records.upload_hours", body=case.body,
                               on=timezone.localtime(captured_to).date()))
    return captured_to + timedelta(hours=hours)


def _record_evidence(*, acting_user, case, meta: dict, digest: str, size: int, filename: str,
                     content_type: str, uploaded_at, via: dict,
                     supplement_reason: str = "") -> Evidence:
    if uploaded_at < meta["captured_to"]:
        raise RuleViolation("R-CASE-15", _("A recording cannot be uploaded before its capture "
                                           "ended."), field="captured_to")
    late = uploaded_at > upload_deadline(case, meta["captured_to"])  # R-REC-05
    evidence = Evidence.objects.create(
        case=case, step=meta["step"], kind=meta["kind"], title=meta["title"],
        proves=meta["proves"], captured_from=meta["captured_from"],
        captured_to=meta["captured_to"], place=meta["place"], captured_by=meta["captured_by"],
        device=meta["device"], uninterrupted=meta["uninterrupted"], gaps=meta["gaps"],
        filename=filename, content_type=content_type[:100], size=size, digest=digest,
        uploaded_by=acting_user, uploaded_at=uploaded_at, late=late,
        late_reason=meta["late_reason"] if late else "", supplement_reason=supplement_reason)
    event = ledger.append(kind=EventKind.EVIDENCE_STORED, subject=evidence, payload={
        "case": case.number, "step": evidence.step, "kind": evidence.kind,
        "digest": digest, "size": size, "filename": filename,
        "captured_from": evidence.captured_from.isoformat(),
        "captured_to": evidence.captured_to.isoformat(), "place": evidence.place,
        "captured_by": evidence.captured_by_id, "device": evidence.device,
        "uninterrupted": evidence.uninterrupted, "gaps": evidence.gaps,
        "late": late, **via}, actor=acting_user)
    evidence.ledger_seq = event.seq
    Evidence.objects.filter(pk=evidence.pk).update(ledger_seq=event.seq)
    return evidence


def abandon_stale_uploads(now=None) -> int:
    """Remove the partial files of uploads without progress for the rulebook's hours."""
    now = now or timezone.now()
    hours = float(rulebook.get("records.upload_abandon_hours", on=timezone.localtime(now).date()))
    cutoff = now - timedelta(hours=hours)
    count = 0
    for upload in Upload.objects.filter(state=Upload.State.OPEN, updated_at__lt=cutoff):
        try:
            with uploads.finishing(upload.id):
                # A finish that was waiting may have completed the upload meanwhile.
                if Upload.objects.filter(pk=upload.pk, state=Upload.State.OPEN).update(
                        state=Upload.State.ABANDONED, updated_at=now):
                    uploads.remove_partial(upload.id)
                    count += 1
        except uploads.ChunkError:  # the partial file is already gone
            Upload.objects.filter(pk=upload.pk, state=Upload.State.OPEN).update(
                state=Upload.State.ABANDONED, updated_at=now)
            count += 1
    # A finish that committed but died before removing its temporary name leaves it behind.
    for upload_id in Upload.objects.filter(state=Upload.State.DONE,
                                           updated_at__lt=cutoff).values_list("id", flat=True):
        uploads.remove_partial(upload_id)
    return count


# --------------------------------------------------------------------------------------
# Exceptions to the audio-video requirement (R-REC-03)


def request_recording_exception(*, acting_user, case, step: str, reason: str
                                ) -> RecordingException:
    require_case_officer(acting_user, case)
    try:
        case.workflow.step(step)
    except KeyError:
        raise RuleViolation("R-REC-03", _("Choose a step of this case's procedure."),
                            field="step") from None
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("R-REC-03", _("Give the reason why no recording can be made."),
                            field="reason")
    with transaction.atomic():
        if RecordingException.objects.filter(
                case=case, step=step, outcome=RecordingException.Outcome.PENDING).exists():
            raise RuleViolation("R-REC-03", _("An exception for this step is already waiting "
                                              "for the head's decision."))
        exception = RecordingException.objects.create(case=case, step=step, reason=reason,
                                                      requested_by=acting_user)
        ledger.append(kind=EventKind.RECORDING_EXCEPTION_REQUESTED, subject=exception,
                      payload={"case": case.number, "step": step, "reason": reason},
                      actor=acting_user)
    return exception


def decide_recording_exception(*, acting_user, exception: RecordingException, approved: bool,
                               reason: str = "") -> RecordingException:
    require_head(acting_user, exception.case.body)
    with transaction.atomic():
        exception = RecordingException.objects.select_for_update().get(pk=exception.pk)
        if exception.outcome != RecordingException.Outcome.PENDING:
            raise RuleViolation("R-REC-03", _("This exception has already been decided."))
        reason = (reason or "").strip()
        if not approved and not reason:
            raise RuleViolation("R-REC-03", _("Give the reason for refusing."), field="reason")
        exception.outcome = (RecordingException.Outcome.APPROVED if approved
                             else RecordingException.Outcome.REFUSED)
        exception.decided_by = acting_user
        exception.decided_at = timezone.now()
        exception.save(update_fields=["outcome", "decided_by", "decided_at"])
        ledger.append(kind=EventKind.RECORDING_EXCEPTION_DECIDED, subject=exception,
                      payload={"case": exception.case.number, "step": exception.step,
                               "outcome": exception.outcome, "reason": reason},
                      actor=acting_user)
    return exception


# --------------------------------------------------------------------------------------
# Copies of originals (R-REC-06)


def request_copy(*, acting_user, evidence: Evidence, reason: str) -> CopyRequest:
    from sanxiang.cases.permissions import may_view

    if acting_user is None or not may_view(acting_user, evidence.case):
        raise PermissionDenied(_("You may not see this record."))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("R-REC-06", _("Give the reason for copying the original."),
                            field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        # The copy's custody entry keeps this reason whole: refuse now what it could not.
        raise RuleViolation("R-REC-06", _(
            "R-REC-06: the reason runs to %(length)s characters; the custody log keeps it "
            "whole, so write it in %(limit)s characters at most.") % {
                "length": len(reason), "limit": REASON_MAX_LENGTH}, field="reason")
    with transaction.atomic():
        request = CopyRequest.objects.create(evidence=evidence, requested_by=acting_user,
                                             reason=reason)
        ledger.append(kind=EventKind.COPY_REQUESTED, subject=request,
                      payload={"evidence": evidence.pk, "digest": evidence.digest,
                               "reason": reason}, actor=acting_user)
    return request


def decide_copy(*, acting_user, copy_request: CopyRequest, approved: bool,
                reason: str = "") -> CopyRequest:
    require_head(acting_user, copy_request.evidence.case.body)
    with transaction.atomic():
        copy_request = CopyRequest.objects.select_for_update().get(pk=copy_request.pk)
        if copy_request.outcome != CopyRequest.Outcome.PENDING:
            raise RuleViolation("R-REC-06", _("This request has already been decided."))
        copy_request.outcome = (CopyRequest.Outcome.APPROVED if approved
                                else CopyRequest.Outcome.REFUSED)
        copy_request.decided_by = acting_user
        copy_request.decided_at = timezone.now()
        copy_request.save(update_fields=["outcome", "decided_by", "decided_at"])
        ledger.append(kind=EventKind.COPY_DECIDED, subject=copy_request,
                      payload={"evidence": copy_request.evidence_id,
                               "outcome": copy_request.outcome,
                               "reason": (reason or "").strip()}, actor=acting_user)
    return copy_request


def copy_original(*, acting_user, evidence: Evidence, request=None) -> CopyRequest:
    """Use the acting user's approved, unused copy request (R-REC-06); log it in custody.

    The caller then hands out the blob's bytes. Without an approval this refuses.
    """
    from sanxiang.records import custody

    with transaction.atomic():
        approved = (CopyRequest.objects.select_for_update()
                    .filter(evidence=evidence, requested_by=acting_user,
                            outcome=CopyRequest.Outcome.APPROVED, used_at__isnull=True)
                    .order_by("decided_at", "pk").first()) if acting_user is not None else None
        if approved is None:
            raise RuleViolation("R-REC-06", _("R-REC-06: copying an original needs the head's "
                                              "approval of a copy request first."))
        approved.used_at = timezone.now()
        approved.save(update_fields=["used_at"])
        custody.log_access(user=acting_user, action=CustodyEntry.Action.COPY,
                           reason=approved.reason, evidence=evidence, request=request)
        ledger.append(kind=EventKind.ORIGINAL_COPIED, subject=approved,
                      payload={"evidence": evidence.pk, "digest": evidence.digest},
                      actor=acting_user)
    return approved
