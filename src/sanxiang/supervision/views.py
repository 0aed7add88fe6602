"""Supervision workbench pages: complaints (R-SUP-02). Thin: fetch through ``visible_to``
(out of scope is a 404), call one action, show the rule's Chinese message when refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxiang.core.errors import RuleViolation
from sanxiang.supervision import actions
from sanxiang.supervision.forms import (
    AnswerForm,
    ComplaintFilterForm,
    DecideForm,
    ExtendForm,
)
from sanxiang.supervision.models import Complaint

PAGE_SIZE = 50


def _complaint(request, pk) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(request.user)
                             .select_related("body", "decided_by", "answered_by"), pk=pk)


@login_required
@require_GET
def complaint_list(request):
    today = timezone.localdate()
    form = ComplaintFilterForm(request.GET or None)
    complaints = Complaint.objects.visible_to(request.user).select_related("body")
    if form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            complaints = complaints.filter(state=data["state"])
        if data["overdue"]:
            complaints = complaints.filter(actions.overdue_filter(today))
        if data["body"]:
            complaints = complaints.filter(body_id=data["body"])
    rows = list(complaints.order_by("-filed_on", "-id")[:PAGE_SIZE])
    for row in rows:
        row.overdue = actions.is_overdue(row, today)
    return render(request, "supervision/complaint_list.html", {"form": form, "rows": rows})


def _detail(request, complaint, *, error=None, forms=None):
    forms = forms or {}
    handler = actions.is_handler(request.user, complaint.body)
    return render(request, "supervision/complaint_detail.html", {
        "complaint": complaint,
        "show_identity": actions.may_see_identity(request.user, complaint),
        "handler": handler,
        "overdue": actions.is_overdue(complaint),
        "error": error,
        "decide_form": forms.get("decide") or DecideForm(),
        "extend_form": forms.get("extend") or ExtendForm(),
        "answer_form": forms.get("answer") or AnswerForm(),
    })


@login_required
@require_GET
def complaint_detail(request, pk):
    return _detail(request, _complaint(request, pk))


def _act(request, pk, form_class, key, run):
    complaint = _complaint(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, complaint, forms={key: form})
    try:
        run(complaint, form.cleaned_data)
    except RuleViolation as refused:
        return _detail(request, complaint, error=refused, forms={key: form})
    messages.success(request, _("Saved."))
    return redirect("supervision:complaint", complaint.pk)


@login_required
@require_POST
def decide(request, pk):
    def run(complaint, data):
        if data["decision"] == "accept":
            actions.accept_complaint(acting_user=request.user, complaint=complaint,
                                     on=data["on"], note=data["reason"])
        else:
            actions.refuse_complaint(acting_user=request.user, complaint=complaint,
                                     on=data["on"], reason=data["reason"])
    return _act(request, pk, DecideForm, "decide", run)


@login_required
@require_POST
def extend(request, pk):
    return _act(request, pk, ExtendForm, "extend", lambda complaint, data: (
        actions.extend_complaint(acting_user=request.user, complaint=complaint,
                                 on=data["on"], reason=data["reason"])))


@login_required
@require_POST
def answer(request, pk):
    return _act(request, pk, AnswerForm, "answer", lambda complaint, data: (
        actions.answer_complaint(acting_user=request.user, complaint=complaint,
                                 on=data["on"], answer=data["answer"])))
