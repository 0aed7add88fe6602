"""Staff pages of publication (mounted at /workbench/publication/): the overdue board, the
双公示 export with its validation report, and the statistics per body (R-PUB-04, R-PUB-06,
R-PUB-08, R-PUB-09, R-SUP-05).

Everything is fetched through ``visible_to``: a clerk sees the body, a supervisor the
jurisdiction; a body outside the scope is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxiang.core.access import log_access
from sanxiang.core.pdf import pdf_response
from sanxiang.disclosure import credit_export, overdue, statistics
from sanxiang.jobs import start as jobs
from sanxiang.org.models import Body
from sanxiang.org.roles import has_role

REPORT_ROLES = credit_export.REPORT_ROLES
REJECTED_SHOWN = 200
YEARS_SHOWN = 6


def _require_reporter(user):
    if not (user.is_superuser or has_role(user, *REPORT_ROLES)):
        raise PermissionDenied


def _years(today) -> list[int]:
    return list(range(today.year, today.year - YEARS_SHOWN, -1))


def _year(request, today) -> int:
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year:
        raise Http404
    return year


@login_required
@require_GET
def board(request):
    _require_reporter(request.user)
    today = timezone.localdate()
    return render(request, "disclosure/report_board.html", {
        "board": overdue.board(request.user, today), "today": today,
    })


def _kind(kind: str) -> str:
    if kind not in credit_export.COLUMNS:
        raise Http404
    return kind


@login_required
@require_GET
def export_page(request):
    _require_reporter(request.user)
    bodies = Body.objects.visible_to(request.user)
    reports = []
    for kind, title in ((credit_export.Kind.PENALTY, "行政处罚"),
                        (credit_export.Kind.LICENCE, "行政许可")):
        good, rejected = credit_export.validation_report(
            kind, credit_export.exportable(kind, bodies), limit=REJECTED_SHOWN)
        reports.append({"kind": kind, "title": title, "good": good, "rejected": rejected,
                        "columns": credit_export.COLUMNS[kind]})
    return render(request, "disclosure/report_export.html", {
        "reports": reports, "formats": tuple(credit_export.EXPORTS),
        "rejected_shown": REJECTED_SHOWN,
        "person_ids": credit_export.person_ids_required(),
    })


@login_required
@require_GET
def export_download(request, kind, fmt):
    _require_reporter(request.user)
    kind = _kind(kind)
    if fmt not in credit_export.EXPORTS:
        raise Http404
    bodies = Body.objects.visible_to(request.user)
    queryset = credit_export.exportable(kind, bodies)
    for body in bodies[:50]:
        log_access(request.user, body, action="export", reason=f"双公示 {kind} {fmt}")
    return credit_export.EXPORTS[fmt](kind, queryset, timezone.localdate())


@login_required
@require_POST
def export_start(request, kind, fmt):
    """The same export as a background job (a province's records take minutes): the person
    follows its progress on the job's page and downloads the file from there."""
    _require_reporter(request.user)
    kind = _kind(kind)
    if fmt not in credit_export.EXPORTS:
        raise Http404
    for body in Body.objects.visible_to(request.user)[:50]:
        log_access(request.user, body, action="export", reason=f"双公示 {kind} {fmt}")
    title = _("Credit platform export (%(kind)s, %(format)s)") % {
        "kind": "行政处罚" if kind == credit_export.Kind.PENALTY else "行政许可",
        "format": fmt.upper()}
    # The bodies exported, kept with the job: the file is the person's while they still
    # export those bodies (``jobs.runner.STILL_ALLOWED``).
    job = jobs.start(user=request.user, kind="credit_export", title=title,
                     params={"kind": kind, "fmt": fmt,
                             "scope": credit_export.scope_of(request.user)})
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_GET
def statistics_index(request):
    _require_reporter(request.user)
    today = timezone.localdate()
    year = _year(request, today)
    bodies = Body.objects.visible_to(request.user).order_by("region_code", "name", "pk")[:200]
    rows = statistics.summaries(bodies, year)
    return render(request, "disclosure/report_statistics.html", {
        "rows": rows, "year": year, "years": _years(today),
        "categories": statistics.CATEGORIES,
        "deadline": statistics.publication_deadline(year),
    })


@login_required
@require_GET
def statistics_body(request, pk):
    _require_reporter(request.user)
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    today = timezone.localdate()
    year = _year(request, today)
    annual, quarters = statistics.year_with_quarters(body, year)
    deadline = statistics.publication_deadline(year)
    return render(request, "disclosure/report_statistics_body.html", {
        "body": body, "year": year, "years": _years(today), "annual": annual,
        "quarters": quarters, "periods": [*quarters, annual], "deadline": deadline,
        "deadline_passed": today > deadline,
        "categories": statistics.CATEGORIES,
    })


@login_required
@require_GET
def statistics_pdf(request, pk, year):
    _require_reporter(request.user)
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=pk)
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    pdf = statistics.statistics_pdf(body, year, today=timezone.localdate())
    return pdf_response(pdf, filename=f"{body.name}{year}年行政执法统计.pdf",
                        ascii_filename=f"statistics-{body.credit_code}-{year}.pdf")
