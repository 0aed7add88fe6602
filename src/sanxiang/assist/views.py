"""Pages of the assistance app: transcripts with playback, and the case-text search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxiang.assist import actions, case_search, engines
from sanxiang.assist.models import Transcript
from sanxiang.core.errors import RuleViolation
from sanxiang.records import custody, media
from sanxiang.records.models import Evidence
from sanxiang.records.views import SESSION_REASONS


def _evidence(request, pk) -> Evidence:
    evidence = Evidence.objects.visible_to(request.user).select_related("case").filter(
        pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


def _reason(request, evidence) -> str:
    """The reason given on the recording's page (R-REC-06): reading its words is reading it."""
    return (request.session.get(SESSION_REASONS) or {}).get(str(evidence.pk), "")


@login_required
@require_GET
def transcript_page(request, pk):
    evidence = _evidence(request, pk)
    reason = _reason(request, evidence)
    transcripts = list(evidence.transcripts.order_by("-requested_at", "-pk"))
    latest = next((t for t in transcripts if t.state == Transcript.State.DONE), None)
    if reason and latest is not None:
        custody.log_viewing(request, evidence=evidence, reason=reason)
    return render(request, "assist/transcript.html", {
        "evidence": evidence, "case": evidence.case, "reason": reason,
        "transcript": latest if reason else None, "jobs": transcripts[:5],
        "running": any(t.state in (Transcript.State.QUEUED, Transcript.State.RUNNING)
                       for t in transcripts),
        "engine_installed": engines.engine() is not None,
        "transcribable": evidence.kind in actions.TRANSCRIBABLE,
        "media_type": media.inline_type(evidence.content_type) or "",
    })


@login_required
@require_GET
def transcript_progress(request, pk):
    evidence = _evidence(request, pk)
    job = evidence.transcripts.order_by("-requested_at", "-pk").first()
    if job is None:
        return JsonResponse({"state": "none"})
    return JsonResponse({"state": job.state, "progress": job.progress,
                         "label": job.get_state_display()},
                        json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def transcript_request(request, pk):
    evidence = _evidence(request, pk)
    try:
        actions.request_transcript(acting_user=request.user, evidence=evidence)
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The recording is queued for transcription."))
    return redirect("assist:transcript", evidence.pk)


@login_required
@require_GET
def search_page(request):
    query = (request.GET.get("q") or "").strip()[:case_search.MAX_QUERY_CHARS]
    hits = case_search.search(query, user=request.user) if query else []
    return render(request, "assist/search.html", {"query": query, "hits": hits})
