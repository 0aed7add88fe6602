"""Pages of the discretion assistant. Thin: fetch through ``visible_to``, call an action,
show its Chinese message when a rule refuses."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook

from sanxiang.cases.models import Case
from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_id
from sanxiang.discretion import actions, spread
from sanxiang.discretion.calculator import yuan
from sanxiang.discretion.gate import level_name
from sanxiang.org.models import Body
from sanxiang.org.roles import Role, has_role

SPREAD_ROLES = (Role.SUPERVISOR, Role.HEAD, Role.ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_POST
def record_factors(request, pk):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    values = {key.removeprefix("factor:"): value for key, value in request.POST.items()
              if key.startswith("factor:")}
    try:
        actions.record_factors(acting_user=request.user, case=case,
                               violation=request.POST.get("violation", ""), values=values,
                               base_amount=request.POST.get("base_amount"),
                               note=request.POST.get("note", ""))
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The discretion factors were recorded."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#discretion")


def _require_spread(user) -> None:
    if not (user.is_superuser or has_role(user, *SPREAD_ROLES)):
        raise Http404


def _filters(request) -> dict:
    since = parse_date(request.GET.get("since") or "") if request.GET.get("since") else None
    body_id = parse_id(request.GET.get("body") or "")
    return {"body_id": body_id, "item_code": (request.GET.get("item") or "").strip()[:40],
            "since": since}


def _rows(request):
    _require_spread(request.user)
    filters = _filters(request)
    return spread.decided(request.user, **filters), filters


@login_required
@require_GET
def spread_page(request):
    rows, filters = _rows(request)
    found = spread.groups(rows)
    for group in found:
        group.level_name = level_name(group.level)
    return render(request, "discretion/spread.html", {
        "groups": found, "filters": filters, "query": request.GET.urlencode(),
        "bodies": Body.objects.visible_to(request.user).order_by("region_code", "name")[:500],
    })


@login_required
@require_GET
def group_cases(request):
    rows, _filters_used = _rows(request)
    item, level = request.GET.get("group_item", ""), request.GET.get("group_level", "")
    which = request.GET.get("which", "all")
    if which not in ("all", "flagged", "outliers"):
        which = "all"
    found = spread.cases_behind(rows, item_code=item, level=level, which=which)
    return render(request, "discretion/group_cases.html", {
        "rows": found, "item": item, "level": level_name(level), "which": which})


@login_required
@require_GET
def spread_export(request):
    rows, _filters_used = _rows(request)
    found = spread.groups(rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Spread of fines"))
    sheet.append([_("Item code"), _("Circumstance level"), _("Decisions"), _("Lowest"),
                  _("First quartile"), _("Median"), _("Third quartile"), _("Highest"),
                  _("Highest / lowest"), _("Bodies"), _("Officers"),
                  _("Outside the benchmark"), _("Outliers among peers")])
    for g in found:
        sheet.append([g.item_code, level_name(g.level), g.count, g.low, g.q1, g.median, g.q3,
                      g.high, g.ratio, g.bodies, g.officers, g.flagged, g.outliers])
    detail = workbook.create_sheet(_("Cases standing out"))
    detail.append([_("Item code"), _("Circumstance level"), _("Case number"), _("Body"),
                   _("Officer in charge"), _("Fine (yuan)"), _("Suggested range"),
                   _("Why it stands out"), _("Reason given")])
    for g in found:
        low, high = g.fences
        standing = (rows.filter(item_code=g.item_code, level=g.level)
                    .filter(spread.Q(flagged=True) | spread.Q(fine__lt=low)
                            | spread.Q(fine__gt=high))
                    .select_related("case", "body", "officer").order_by("fine", "id"))
        for a in standing[:spread.CASES_SHOWN]:
            why = []
            if a.flagged:
                why.append(_("outside the benchmark"))
            if a.fine < low or a.fine > high:
                why.append(_("outlier among peers"))
            detail.append([g.item_code, level_name(g.level), a.case.number, a.body.name,
                           a.officer.name if a.officer else "", a.fine,
                           f"{yuan(a.low)}至{yuan(a.high)}" if a.low is not None else "",
                           "、".join(why), a.reason])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"同案不同罚-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
