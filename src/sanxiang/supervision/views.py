"""Supervision workbench pages: complaints (R-SUP-02), the dashboard (R-SUP-01) and
reconsideration and litigation outcomes (R-SUP-05). Thin: fetch through ``visible_to``
(out of scope is a 404), call one action, show the rule's Chinese message when refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.cases.models import Case
from sanxiang.core.errors import RuleViolation
from sanxiang.org.models import Body
from sanxiang.org.roles import Role, has_role
from sanxiang.supervision import actions, dashboard
from sanxiang.supervision.forms import (
    AnswerForm,
    ComplaintFilterForm,
    DecideForm,
    DocumentAnswerForm,
    DocumentForm,
    ExtendForm,
    OutcomeForm,
)
from sanxiang.supervision.models import Complaint, Outcome, SupervisionDocument

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


# ---------------------------------------------------------------------------- dashboard

DASHBOARD_ROLES = (Role.SUPERVISOR, Role.HEAD, Role.ADMIN)


def _require_dashboard(user) -> None:
    if not (user.is_superuser or has_role(user, *DASHBOARD_ROLES)):
        raise Http404


@login_required
@require_GET
def dashboard_page(request):
    _require_dashboard(request.user)
    board = dashboard.build(request.user, timezone.localdate())
    return render(request, "supervision/dashboard.html", {"board": board})


def _int(value):
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


@login_required
@require_GET
def case_list(request):
    """The cases behind a dashboard figure: body, procedure and state filters, newest first,
    keyset-paginated like the case list."""
    _require_dashboard(request.user)
    cases = Case.objects.visible_to(request.user).select_related("body")
    body = _int(request.GET.get("body"))
    if body:
        cases = cases.filter(body_id=body)
    procedure = request.GET.get("procedure", "")
    if procedure:
        cases = cases.filter(procedure=procedure)
    state = request.GET.get("state", "")
    if state == "closed":
        cases = cases.exclude(state=Case.State.OPEN)
    elif state:
        cases = cases.filter(state=state)
    after = request.GET.get("after", "")
    if after:
        try:
            on, pk = after.split("_")
            cases = cases.filter(Q(opened_on__lt=on) | Q(opened_on=on, pk__lt=int(pk)))
        except (ValueError, ValidationError):
            raise Http404 from None
    rows = list(cases.order_by("-opened_on", "-pk")[:PAGE_SIZE + 1])
    next_query = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        params = request.GET.copy()
        params["after"] = f"{rows[-1].opened_on.isoformat()}_{rows[-1].pk}"
        next_query = params.urlencode()
    for case in rows:  # the link is shown only to those who may record an outcome
        case.may_record_outcome = actions.may_record_outcome(request.user, case)
    return render(request, "supervision/case_list.html",
                  {"rows": rows, "next_query": next_query})


@login_required
@require_GET
def outcome_list(request):
    _require_dashboard(request.user)
    outcomes = Outcome.objects.visible_to(request.user).select_related("case", "case__body")
    body = _int(request.GET.get("body"))
    if body:
        outcomes = outcomes.filter(case__body_id=body)
    if request.GET.get("lost"):
        outcomes = outcomes.filter(result__in=actions.LOST_RESULTS)
    return render(request, "supervision/outcome_list.html",
                  {"rows": list(outcomes.order_by("-decided_on", "-id")[:PAGE_SIZE * 4])})


@login_required
@require_http_methods(["GET", "POST"])
def record_outcome(request, case_pk):
    case = get_object_or_404(Case.objects.visible_to(request.user).select_related("body"),
                             pk=case_pk)
    if not actions.may_record_outcome(request.user, case):
        raise Http404
    form = OutcomeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_outcome(acting_user=request.user, case=case, **form.cleaned_data)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:outcomes")
    return render(request, "supervision/outcome_form.html", {
        "case": case, "form": form, "error": error,
        "outcomes": case.outcomes.order_by("-decided_on", "-id")})


# ---------------------------------------------------------------------------- documents


@login_required
@require_GET
def document_list(request):
    _require_dashboard(request.user)
    today = timezone.localdate()
    documents = SupervisionDocument.objects.visible_to(request.user).select_related("body")
    if request.GET.get("overdue"):
        documents = documents.filter(actions.document_overdue_filter(today))
    body = _int(request.GET.get("body"))
    if body:
        documents = documents.filter(body_id=body)
    rows = list(documents.order_by("-issued_on", "-id")[:PAGE_SIZE * 4])
    for row in rows:
        row.overdue = actions.document_overdue(row, today)
    return render(request, "supervision/document_list.html", {
        "rows": rows, "may_issue": has_role(request.user, Role.SUPERVISOR)
        or request.user.is_superuser})


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request):
    if not (request.user.is_superuser or has_role(request.user, Role.SUPERVISOR)):
        raise Http404
    bodies = Body.objects.visible_to(request.user).order_by("region_code", "name")
    form = DocumentForm(request.POST or None, bodies=bodies)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.issue_supervision_document(acting_user=request.user,
                                                          **form.cleaned_data)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:document", document.pk)
    return render(request, "supervision/document_new.html", {"form": form, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request, pk):
    document = get_object_or_404(SupervisionDocument.objects.visible_to(request.user)
                                 .select_related("body", "issued_by", "answered_by"), pk=pk)
    may_answer = (document.state == SupervisionDocument.State.ISSUED
                  and actions.may_answer_document(request.user, document))
    form = DocumentAnswerForm(request.POST or None)
    error = None
    if request.method == "POST":
        if not may_answer:
            raise Http404
        if form.is_valid():
            try:
                actions.answer_supervision_document(acting_user=request.user,
                                                    document=document, **form.cleaned_data)
            except RuleViolation as refused:
                error = refused
            else:
                messages.success(request, _("Saved."))
                return redirect("supervision:document", document.pk)
    return render(request, "supervision/document_detail.html", {
        "document": document, "form": form, "error": error, "may_answer": may_answer,
        "overdue": actions.document_overdue(document)})
