"""Workbench pages. Thin: fetch through ``visible_to`` (out of scope is a 404), render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sanxiang.core.access import log_access
from sanxiang.core.errors import RuleViolation
from sanxiang.org import imports, permissions
from sanxiang.org.models import Body, Certificate, Officer
from sanxiang.workbench import staffing, tasks, todo
from sanxiang.workbench.forms import ImportForm, OfficerFilterForm

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request, items, size=PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def _query_string(request) -> str:
    """The current filters, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_GET
def home(request):
    user = request.user
    today = timezone.localdate()
    return render(request, "workbench/home.html", {
        "today": today,
        "body": user.body,
        "own": staffing.status_of(user.officer, today) if user.officer_id else None,
        "tasks": tasks.for_user(user, today),
        "todo": todo.for_user(user, today),
        "oversees": tasks.oversees(user),
        "calendar_admin_url": _calendar_admin_url(user),
    })


def _calendar_admin_url(user) -> str:
    """Where a system administrator loads a year's holidays (with a preview of the change);
    others are asked to have it loaded."""
    from sanxiang.core.admin import is_system_admin

    if not (user.is_staff and is_system_admin(user)):
        return ""
    return reverse("admin:core_calendaryear_load")


@login_required
@require_GET
def body_list(request):
    bodies = Body.objects.visible_to(request.user).order_by("region_code", "name", "pk")
    return render(request, "workbench/body_list.html", {
        "page_obj": _page(request, bodies),
        "query_string": _query_string(request),
    })


@login_required
@require_GET
def body_detail(request, pk):
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    log_access(request.user, body)
    return render(request, "workbench/body_detail.html", {
        "body": body,
        "ratio": staffing.ratio_of(body),
    })


@login_required
@require_GET
def officer_list(request):
    form = OfficerFilterForm(request.GET or None, user=request.user)
    officers = form.filter(Officer.objects.visible_to(request.user))
    officers = (
        officers.select_related("body")
        .prefetch_related(Prefetch(
            "certificates",
            queryset=Certificate.objects.filter(cancelled_on__isnull=True)
            .order_by("-expires_on"),
            to_attr="live_certificates",
        ))
        .order_by("name", "pk")
    )
    return render(request, "workbench/officer_list.html", {
        "form": form,
        "page_obj": _page(request, officers),
        "query_string": _query_string(request),
    })


@login_required
@require_GET
def officer_detail(request, pk):
    officer = get_object_or_404(
        Officer.objects.visible_to(request.user).select_related("body"), pk=pk
    )
    log_access(request.user, officer)
    today = timezone.localdate()
    certificates = officer.certificates.prefetch_related("inspections").order_by(
        "-issued_on", "-pk"
    )
    return render(request, "workbench/officer_detail.html", {
        "officer": officer,
        "categories": officer.fields.all(),
        "certificates": certificates,
        "status": staffing.status_of(officer, today),
        "today": today,
    })


@login_required
@require_GET
def reviewer_ratio(request):
    """Every visible body's legal-reviewer ratio, shortfalls flagged (R-ORG-05)."""
    only_shortfall = request.GET.get("shortfall") == "1"
    results = staffing.ratios(Body.objects.visible_to(request.user))
    shortfall_count = sum(1 for result in results if result.shortfall)
    if only_shortfall:
        results = [result for result in results if result.shortfall]
    return render(request, "workbench/reviewer_ratio.html", {
        "page_obj": _page(request, results, size=50),
        "query_string": _query_string(request),
        "only_shortfall": only_shortfall,
        "shortfall_count": shortfall_count,
    })


def _require_register_admin(user):
    if not permissions.is_register_admin(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request):
    _require_register_admin(request.user)
    report = None
    error = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                report = imports.import_workbook(
                    form.cleaned_data["kind"],
                    form.cleaned_data["file"],
                    acting_user=request.user,
                    only_valid=form.cleaned_data["only_valid"],
                )
            except RuleViolation as violation:
                error = violation.message
    else:
        form = ImportForm(user=request.user)
    return render(request, "workbench/import.html", {
        "form": form,
        "report": report,
        "error": error,
        "kind_label": dict(ImportForm.KINDS).get(form.data.get("kind", "")),
        "can_import_bodies": permissions.is_global_admin(request.user),
    })


TEMPLATE_FILE_NAMES = {
    "bodies": gettext_lazy("Enforcement bodies import template.xlsx"),
    "officers": gettext_lazy("Enforcement officers import template.xlsx"),
}


@login_required
@require_GET
def import_template(request, kind):
    _require_register_admin(request.user)
    if kind not in TEMPLATE_FILE_NAMES or (
        kind == "bodies" and not permissions.is_global_admin(request.user)
    ):
        raise Http404
    response = HttpResponse(imports.template_workbook(kind), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, str(TEMPLATE_FILE_NAMES[kind])
    )
    return response
