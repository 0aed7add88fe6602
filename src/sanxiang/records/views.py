"""Records pages and the browser's upload API. Fetch through ``visible_to``: others get 404.

The upload API speaks JSON: POST start, PUT a chunk (the raw body, streamed to disk — never
read whole into memory), GET status (to resume), POST finish with the R-REC-04 metadata.
Every request that hands out an original's bytes writes its custody entry (R-REC-06) with
the reason the user gave for the record in this session.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import is_case_officer
from sanxiang.core.access import log_access
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.parsing import parse_id, parse_int
from sanxiang.org.roles import Role, has_role
from sanxiang.records import actions, custody, integrity, media, uploads
from sanxiang.records.forms import (
    CopyRequestForm,
    CustodyFilterForm,
    EvidenceMetadataForm,
    ReasonForm,
    SupplementForm,
)
from sanxiang.records.models import CopyRequest, CustodyEntry, Evidence, Upload

SESSION_REASONS = "records_reasons"


def _error(error: RuleViolation, status: int | None = None) -> JsonResponse:
    status = status or (403 if isinstance(error, PermissionDenied) else 400)
    body = {"error": error.code, "message": error.message}
    body.update({k: v for k, v in error.details.items() if k in ("field", "missing")})
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _visible_case(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=pk)


def _own_upload(request, upload_id) -> Upload:
    return get_object_or_404(Upload.objects.visible_to(request.user).select_related("case"),
                             pk=upload_id, created_by=request.user)


def _visible_evidence(request, pk) -> Evidence:
    return get_object_or_404(
        Evidence.objects.visible_to(request.user).select_related("case", "captured_by"), pk=pk)


def _may_upload(user, case) -> bool:
    return is_case_officer(user, case) or (has_role(user, Role.HEAD)
                                           and user.body_id == case.body_id)


def _status_json(upload: Upload) -> dict:
    status = actions.upload_status(upload)
    status.update({
        "status_url": reverse("records:upload_status", args=[upload.id]),
        "chunk_url": reverse("records:upload_chunk", args=[upload.id, 0]).replace(
            "/0/", "/{index}/"),
        "finish_url": reverse("records:upload_finish", args=[upload.id]),
    })
    return status


# --------------------------------------------------------------------------------------
# Upload page and API


@login_required
@require_GET
def upload_page(request, case_pk):
    case = _visible_case(request, case_pk)
    if not _may_upload(request.user, case):
        raise Http404
    step = request.GET.get("step") or case.current_step
    form = EvidenceMetadataForm(case=case, initial={
        "step": step, "kind": "video",
        "captured_by": request.user.officer_id,
    })
    return render(request, "records/upload.html", {
        "case": case, "form": form, "max_bytes": actions.max_upload_bytes(),
        "start_url": reverse("records:upload_start"),
        "evidence": case.evidence.order_by("-uploaded_at", "-id")[:50],
        # The officer's own unfinished uploads (all cases: the limit is per officer), each
        # of which they may discard here when the limit stops them.
        "unfinished": Upload.objects.filter(created_by=request.user, state=Upload.State.OPEN)
        .select_related("case").order_by("created_at"),
    })


@login_required
@require_POST
def upload_discard(request, case_pk):
    """Discard the officer's own unfinished uploads: one (``upload``) or all of them."""
    case = _visible_case(request, case_pk)
    raw = request.POST.get("upload")
    ids = None
    if raw:
        try:
            ids = [uuid.UUID(raw)]
        except ValueError:
            raise Http404 from None
    try:
        count = actions.discard_uploads(acting_user=request.user, upload_ids=ids)
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)d unfinished uploads discarded.")
                         % {"count": count})
    return redirect("records:upload_page", case_pk=case.pk)


@login_required
@require_POST
def upload_start(request):
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, json.JSONDecodeError):
        data = None
    case_pk = parse_id(data.get("case")) if isinstance(data, dict) else None
    size = parse_int(data.get("size")) if isinstance(data, dict) else None
    if case_pk is None or size is None:
        return _error(RuleViolation("UPLOAD", _("The request is not in the expected form.")))
    case = _visible_case(request, case_pk)
    try:
        upload = actions.start_upload(acting_user=request.user, case=case,
                                      filename=data.get("filename", ""),
                                      content_type=data.get("content_type", ""), size=size)
    except RuleViolation as error:
        return _error(error)
    return JsonResponse(_status_json(upload), status=201)


@login_required
@require_GET
def upload_status(request, upload_id):
    return JsonResponse(_status_json(_own_upload(request, upload_id)))


@login_required
@require_http_methods(["PUT"])
def upload_chunk(request, upload_id, index):
    upload = _own_upload(request, upload_id)
    length = parse_int(request.META.get("CONTENT_LENGTH"))
    if length is None:
        return _error(RuleViolation("UPLOAD", _("The chunk's length is missing.")), 411)
    content_range = request.headers.get("Content-Range", "")
    # Start, end, total: all must agree with the chunk's offset, the body's length and the
    # declared size of the file.
    if content_range and not uploads.content_range_matches(
            content_range, offset=index * upload.chunk_size, length=length, total=upload.size):
        return _error(RuleViolation("UPLOAD", _("The Content-Range does not match the "
                                                "chunk.")))
    try:
        # The request itself is the stream: WSGI input limited to Content-Length.
        chunk = actions.put_chunk(acting_user=request.user, upload=upload, index=index,
                                  stream=request, length=length)
    except RuleViolation as error:
        return _error(error)
    return JsonResponse({"index": chunk.index, "size": chunk.size, "leaf": chunk.leaf})


@login_required
@require_POST
def upload_finish(request, upload_id):
    upload = _own_upload(request, upload_id)
    form = EvidenceMetadataForm(request.POST, case=upload.case)
    if not form.is_valid():
        # A refused finish closes the upload (R-REC-04): it must not block the next try.
        actions.refuse_upload(acting_user=request.user, upload=upload)
        field, errors = next(iter(form.errors.items()))
        return JsonResponse({"error": "R-REC-04", "message": " ".join(errors), "field": field},
                            status=400, json_dumps_params={"ensure_ascii": False})
    try:
        evidence = actions.finish_upload(acting_user=request.user, upload=upload,
                                         metadata=form.metadata())
    except RuleViolation as error:
        return _error(error)
    return JsonResponse({"evidence": evidence.pk, "digest": evidence.digest,
                         "late": evidence.late,
                         "url": reverse("records:evidence_detail", args=[evidence.pk])},
                        status=201)


# --------------------------------------------------------------------------------------
# 补充归档: the head adds to an archived case file (R-REC-02)


def may_supplement(user, case) -> bool:
    """Whether the page offers the supplement: the head of the case's body, archived case."""
    return (case.state == Case.State.ARCHIVED and has_role(user, Role.HEAD)
            and user.body_id == case.body_id)


@login_required
@require_http_methods(["GET", "POST"])
def supplement(request, case_pk):
    case = _visible_case(request, case_pk)
    status = 200
    if request.method == "POST":
        form = SupplementForm(request.POST, request.FILES, case=case)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            source = (upload.temporary_file_path() if hasattr(upload, "temporary_file_path")
                      else upload.read())
            try:
                evidence = actions.supplement_archived_case(
                    acting_user=request.user, case=case, path_or_bytes=source,
                    filename=upload.name, content_type=upload.content_type or "",
                    metadata=form.metadata(), reason=form.cleaned_data["reason"])
            except RuleViolation as refused:
                field = refused.details.get("field")
                form.add_error(field if field in form.fields else None, refused.message)
                status = 403 if isinstance(refused, PermissionDenied) else 400
            else:
                messages.success(request, _("Added to the archived case file: %(title)s.")
                                 % {"title": evidence.title})
                return redirect(reverse("cases:detail", args=[case.pk]) + "#supplements")
        else:
            status = 400
    elif not may_supplement(request.user, case):
        raise Http404
    else:
        form = SupplementForm(case=case, initial={
            "step": case.current_step, "kind": Evidence.Kind.DOCUMENT,
            "captured_by": request.user.officer_id})
    return render(request, "records/supplement.html", {
        "case": case, "form": form, "may_supplement": may_supplement(request.user, case),
        "supplements": supplements_of(case),
    }, status=status)


def supplements_of(case):
    """The case's supplements after archiving, oldest first, with who added them."""
    from sanxiang.ledger.entries import actor_display

    items = list(case.evidence.exclude(supplement_reason="").select_related("uploaded_by")
                 .order_by("uploaded_at", "pk"))
    for item in items:
        item.added_by = actor_display(item.uploaded_by)
    return items


# --------------------------------------------------------------------------------------
# Evidence: detail, playback, download, copies


def _reason_for(request, evidence) -> str:
    return (request.session.get(SESSION_REASONS) or {}).get(str(evidence.pk), "")


@login_required
@require_GET
def case_evidence(request, case_pk):
    case = _visible_case(request, case_pk)
    log_access(request.user, case)  # the list of its evidence: a read of the case
    evidence = list(case.evidence.select_related("captured_by").order_by("step", "captured_from",
                                                                         "pk"))
    for item in evidence:
        item.case = case  # the step's name comes from the case's workflow, fetched once
        item.step_name = _step_name(item)
    return render(request, "records/case_evidence.html", {
        "case": case, "may_upload": _may_upload(request.user, case), "evidence": evidence,
    })


@login_required
@require_GET
def evidence_detail(request, pk):
    evidence = _visible_evidence(request, pk)
    log_access(request.user, evidence)  # its page; the bytes are in the custody log
    return _evidence_page(request, evidence)


def _evidence_page(request, evidence, *, reason_form=None, copy_form=None, status=200):
    """The record's page; a refused reason or copy request comes back as typed, its message
    beside the field (they redirected with no word at all)."""
    reason = _reason_for(request, evidence)
    context = {
        "evidence": evidence, "case": evidence.case, "reason": reason,
        "reason_form": reason_form or ReasonForm(initial={"reason": reason}),
        "copy_form": copy_form or CopyRequestForm(),
        "media_type": media.inline_type(evidence.content_type) or "",
        "step_name": _step_name(evidence),
        "gaps": [{"from": parse_datetime(g["from"]), "to": parse_datetime(g["to"]),
                  "explanation": g["explanation"]} for g in evidence.gaps or ()],
        "copy_requests": evidence.copy_requests.filter(requested_by=request.user)
        .order_by("-requested_at")[:10],
        "may_decide_copies": has_role(request.user, Role.HEAD)
        and request.user.body_id == evidence.case.body_id,
        "pending_copies": evidence.copy_requests.filter(outcome=CopyRequest.Outcome.PENDING)
        .select_related("requested_by"),
    }
    if custody.may_read_log(request.user):
        context["custody_entries"] = custody.entries(viewer=request.user, evidence=evidence,
                                                     limit=20).entries
    return render(request, "records/evidence_detail.html", context, status=status)


def _step_name(evidence) -> str:
    try:
        return str(evidence.case.workflow.step(evidence.step).name)
    except KeyError:
        return evidence.step


@login_required
@require_POST
def evidence_reason(request, pk):
    evidence = _visible_evidence(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():  # empty, spaces only, over 300 characters
        return _evidence_page(request, evidence, reason_form=form, status=422)
    reasons = dict(request.session.get(SESSION_REASONS) or {})
    reasons[str(evidence.pk)] = form.cleaned_data["reason"].strip()
    request.session[SESSION_REASONS] = reasons
    custody.end_viewing(request, evidence)
    return redirect("records:evidence_detail", pk=evidence.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def evidence_media(request, pk):
    """The player's source. Every GET that hands out bytes, whatever its Range, is covered
    by the custody log: the first request of a viewing session writes the entry (R-REC-06).
    The bytes are checked against their digest before they are served (R-REC-02)."""
    evidence = _visible_evidence(request, pk)
    reason = _reason_for(request, evidence)
    if not reason:
        return JsonResponse({"error": "R-REC-06", "message": _(
            "R-REC-06: give the reason for looking at this record first.")}, status=403,
            json_dumps_params={"ensure_ascii": False})
    try:
        integrity.require_intact(evidence)
    except RuleViolation as error:
        return _error(error, 409)
    wanted = media.parse_range(request.headers.get("Range", ""), evidence.size)
    if request.method == "GET" and wanted is not False:
        custody.log_viewing(request, evidence=evidence, reason=reason)
    return media.serve(evidence, request)


@login_required
@require_POST
def evidence_download(request, pk):
    """The original, as a file, only with a reason (R-REC-06)."""
    evidence = _visible_evidence(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["reason"].strip():
        return redirect("records:evidence_detail", pk=evidence.pk)
    try:
        integrity.require_intact(evidence)
    except RuleViolation as error:
        return _error(error, 409)
    custody.log_access(user=request.user, action=CustodyEntry.Action.DOWNLOAD,
                       reason=form.cleaned_data["reason"], evidence=evidence, request=request)
    return media.serve(evidence, request, attachment=True)


@login_required
@require_POST
def copy_request(request, pk):
    evidence = _visible_evidence(request, pk)
    form = CopyRequestForm(request.POST)
    if not form.is_valid():
        return _evidence_page(request, evidence, copy_form=form, status=422)
    try:
        actions.request_copy(acting_user=request.user, evidence=evidence,
                             reason=form.cleaned_data["reason"])
    except RuleViolation as error:
        return _error(error)
    return redirect("records:evidence_detail", pk=evidence.pk)


@login_required
@require_POST
def copy_decide(request, pk):
    copy = get_object_or_404(CopyRequest.objects.filter(
        evidence__in=Evidence.objects.visible_to(request.user)).select_related(
        "evidence__case__body"), pk=pk)
    try:
        actions.decide_copy(acting_user=request.user, copy_request=copy,
                            approved=request.POST.get("approved") == "1",
                            reason=request.POST.get("reason", ""))
    except RuleViolation as error:
        return _error(error)
    return redirect("records:evidence_detail", pk=copy.evidence_id)


@login_required
@require_POST
def copy_original(request, pk):
    evidence = _visible_evidence(request, pk)
    try:
        integrity.require_intact(evidence)
        actions.copy_original(acting_user=request.user, evidence=evidence, request=request)
    except RuleViolation as error:
        return _error(error)
    return media.serve(evidence, request, attachment=True)


# --------------------------------------------------------------------------------------
# Custody log (supervisors and heads)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
@require_GET
def custody_log(request):
    if not custody.may_read_log(request.user):
        raise Http404
    form = CustodyFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["case"]:
            filters["case"] = Case.objects.visible_to(request.user).filter(
                number=data["case"].strip()).first() or Case(pk=0)
        if data["evidence"]:
            filters["evidence"] = Evidence(pk=data["evidence"])
        if data["user"]:
            from django.contrib.auth import get_user_model

            filters["user"] = get_user_model().objects.filter(
                username=data["user"].strip()).first() or get_user_model()(pk=0)
        if data["since"]:
            filters["since"] = _day_start(data["since"])
        if data["until"]:
            filters["until"] = _day_start(data["until"] + timedelta(days=1))
    page = custody.entries(viewer=request.user, cursor=request.GET.get("cursor", ""),
                           **filters)
    params = request.GET.copy()
    params.pop("cursor", None)
    first_query = params.urlencode()
    next_query = ""
    if page.next_cursor:
        params["cursor"] = page.next_cursor
        next_query = params.urlencode()
    return render(request, "records/custody_log.html", {
        "form": form, "page": page, "next_query": next_query, "first_query": first_query,
        "paged": "cursor" in request.GET,
    })
