"""Supervision workbench pages: complaints (R-SUP-02), the dashboard (R-SUP-01) and
reconsideration and litigation outcomes (R-SUP-05). Thin: fetch through ``visible_to``
(out of scope is a 404), call one action, show the rule's Chinese message when refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.cases.models import Case
from sanxiang.core.access import log_access
from sanxiang.core.errors import RuleViolation
from sanxiang.org.models import Body
from sanxiang.org.roles import Role, has_role
from sanxiang.supervision import actions, charts, dashboard, lists, reports
from sanxiang.supervision.forms import (
    AnswerForm,
    ComplaintFilterForm,
    DecideForm,
    DocumentAnswerForm,
    DocumentForm,
    ExtendForm,
    OutcomeForm,
)
from sanxiang.supervision.models import Complaint, SupervisionDocument

PAGE_SIZE = 50


def _complaint(request, pk) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(request.user)
                             .select_related("body", "decided_by", "answered_by"), pk=pk)


@login_required
@require_GET
def complaint_list(request):
    today = timezone.localdate()
    form = ComplaintFilterForm(request.GET or None)
    complaints = lists.complaints(request.user, form.cleaned_data if form.is_valid() else {},
                                  today)
    rows = list(complaints[:PAGE_SIZE])
    for row in rows:
        row.overdue = actions.is_overdue(row, today)
    return render(request, "supervision/complaint_list.html", {
        "form": form, "rows": rows, "export_query": request.GET.urlencode(),
        # The Excel exports belong to the dashboard: a reviewer who reaches the list from a
        # case linked to a complaint gets no button that answers 404.
        "can_export": _sees_dashboard(request.user)})


def _detail(request, complaint, *, error=None, forms=None):
    forms = forms or {}
    handler = actions.is_handler(request.user, complaint.body)
    return render(request, "supervision/complaint_detail.html", {
        "complaint": complaint,
        "show_identity": actions.may_see_identity(request.user, complaint),
        "handler": handler,
        "may_open_case": actions.may_open_case(request.user, complaint),
        "overdue": actions.is_overdue(complaint),
        "error": error,
        "decide_form": forms.get("decide") or DecideForm(),
        "extend_form": forms.get("extend") or ExtendForm(),
        "answer_form": forms.get("answer") or AnswerForm(),
    })


@login_required
@require_GET
def complaint_detail(request, pk):
    complaint = _complaint(request, pk)
    # The complaint is a record, and its page may show who complained (R-REC-06).
    log_access(request.user, complaint)
    return _detail(request, complaint)


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


def _sees_dashboard(user) -> bool:
    return user.is_superuser or has_role(user, *DASHBOARD_ROLES)


def _require_dashboard(user) -> None:
    if not _sees_dashboard(user):
        raise Http404


@login_required
@require_GET
def dashboard_page(request):
    _require_dashboard(request.user)
    today = timezone.localdate()
    board = dashboard.build(request.user, today)
    cases_url = reverse("supervision:cases")
    months, series = charts.case_trends(request.user, today)
    fine_months, fines = charts.fine_trend(request.user, today)

    def month_link(month):
        return f"{cases_url}?month={month:%Y-%m}"

    return render(request, "supervision/dashboard.html", {
        "board": board,
        "trend_svg": mark_safe(charts.svg(_("Cases and complaints by month"), months,  # noqa: S308 - escaped in charts.svg
                                          series, link=month_link)),
        "fine_svg": mark_safe(charts.svg(_("Fines decided by month (yuan)"),  # noqa: S308
                                         fine_months, fines, link=month_link))})


@login_required
@require_GET
def trend_chart(request):
    """The monthly trend as a standalone SVG file (to save or print)."""
    _require_dashboard(request.user)
    months, series = charts.case_trends(request.user, timezone.localdate())
    return HttpResponse(charts.svg(_("Cases and complaints by month"), months, series),
                        content_type="image/svg+xml; charset=utf-8")


@login_required
@require_GET
def case_list(request):
    """The cases behind a dashboard figure: body, procedure and state filters, newest first,
    keyset-paginated like the case list."""
    _require_dashboard(request.user)
    rows, cursor = lists.keyset(lists.cases(request.user, request.GET),
                                request.GET.get("after", ""), page=PAGE_SIZE)
    next_query = ""
    if cursor:
        params = request.GET.copy()
        params["after"] = cursor
        next_query = params.urlencode()
    for case in rows:  # the link is shown only to those who may record an outcome
        case.may_record_outcome = actions.may_record_outcome(request.user, case)
    params = request.GET.copy()
    params.pop("after", None)
    return render(request, "supervision/case_list.html",
                  {"rows": rows, "next_query": next_query, "export_query": params.urlencode()})


@login_required
@require_GET
def outcome_list(request):
    _require_dashboard(request.user)
    rows = list(lists.outcomes(request.user, request.GET)[:PAGE_SIZE * 4])
    # The case number links to the outcome form only for those who may record there.
    visible = set(Case.objects.visible_to(request.user)
                  .filter(pk__in=[o.case_id for o in rows]).values_list("pk", flat=True))
    for outcome in rows:
        outcome.may_record = (outcome.case_id in visible
                              and actions.may_record_outcome(request.user, outcome.case))
    return render(request, "supervision/outcome_list.html",
                  {"rows": rows, "export_query": request.GET.urlencode()})


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
    rows = list(lists.documents(request.user, request.GET, today)[:PAGE_SIZE * 4])
    for row in rows:
        row.overdue = actions.document_overdue(row, today)
    return render(request, "supervision/document_list.html", {
        "rows": rows, "export_query": request.GET.urlencode(),
        "may_issue": has_role(request.user, Role.SUPERVISOR) or request.user.is_superuser})


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request):
    if not (request.user.is_superuser or has_role(request.user, Role.SUPERVISOR)):
        raise Http404
    bodies = Body.objects.visible_to(request.user).order_by("region_code", "name")
    # A document may answer a complaint (R-SUP-02 → R-SUP-04): the body is the one
    # complained about.
    complaint = None
    complaint_pk = lists.query_id(request.GET.get("complaint") or request.POST.get("complaint"))
    if complaint_pk:
        complaint = get_object_or_404(Complaint.objects.visible_to(request.user),
                                      pk=complaint_pk)
    initial = {"body": complaint.body_id} if complaint else None
    form = DocumentForm(request.POST or None, bodies=bodies, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.issue_supervision_document(acting_user=request.user,
                                                          complaint=complaint,
                                                          **form.cleaned_data)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:document", document.pk)
    return render(request, "supervision/document_new.html",
                  {"form": form, "error": error, "complaint": complaint})


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request, pk):
    document = get_object_or_404(SupervisionDocument.objects.visible_to(request.user)
                                 .select_related("body", "issued_by", "answered_by"), pk=pk)
    may_answer = (document.state == SupervisionDocument.State.ISSUED
                  and actions.may_answer_document(request.user, document))
    form = DocumentAnswerForm(request.POST or None)
    error = None
    if request.method == "GET":
        log_access(request.user, document)  # R-REC-06
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


@login_required
@require_GET
def document_pdf(request, pk):
    """The PDF as issued (its digest is in the ledger with the issue)."""
    document = get_object_or_404(SupervisionDocument.objects.visible_to(request.user), pk=pk)
    if not document.pdf_digest:
        raise Http404
    log_access(request.user, document, action="download")  # R-REC-06
    return reports.document_response(document)


# ---------------------------------------------------------------------------- complaint → case


@login_required
@require_http_methods(["GET", "POST"])
def complaint_case(request, pk):
    """The body complained about opens a case on the complaint (R-SUP-02)."""
    from sanxiang.cases.forms import NewCaseForm

    complaint = _complaint(request, pk)
    if not actions.may_open_case(request.user, complaint):
        raise Http404
    body = request.user.body
    form = NewCaseForm(request.POST or None, body=body, initial={
        "source": _("Complaint or report %(number)s") % {"number": complaint.number},
        "facts": complaint.conduct})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = sorted(data["officers"], key=lambda o: o.pk != request.user.officer_id)
        try:
            case = actions.open_case_from_complaint(
                acting_user=request.user, complaint=complaint, procedure=data["procedure"],
                title=data["title"], field_code=data["field"].code, parties=[form.party()],
                officers=chosen, opened_on=data["opened_on"],
                violation_on=data["violation_on"], discovered_on=data["discovered_on"],
                serious_harm=data["serious_harm"], source="", facts=data["facts"],
                flags=data["flags"])
        except RuleViolation as refused:
            field = refused.details.get("field")
            form.add_error(field if field in form.fields else None, refused.message)
        else:
            messages.success(request, _("Case %(number)s opened on the complaint.")
                             % {"number": case.number})
            return redirect("cases:detail", case.pk)
    return render(request, "supervision/complaint_case.html",
                  {"complaint": complaint, "form": form})
