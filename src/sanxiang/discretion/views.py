"""Pages of the discretion assistant. Thin: fetch through ``visible_to``, call an action,
show its Chinese message when a rule refuses."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxiang.cases.models import Case
from sanxiang.core.access import log_list_export
from sanxiang.core.errors import RuleViolation
from sanxiang.core.opendata import xlsx_sheets_response
from sanxiang.core.parsing import MAX_BIGINT, parse_id
from sanxiang.discretion import actions, spread
from sanxiang.discretion.calculator import yuan
from sanxiang.discretion.gate import level_name
from sanxiang.org.models import Body
from sanxiang.org.roles import Role, has_role

SPREAD_ROLES = (Role.SUPERVISOR, Role.HEAD, Role.ADMIN)
# Pages of groups are read by offset; beyond this, narrow the filters (or export).
MAX_PAGE = 1000


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
        # The case page again with the levels, the amount and the note as sent (a redirect
        # showed the recorded levels and dropped the note).
        from sanxiang.cases.workbench_views import case_page

        messages.error(request, refused.message)
        return case_page(request, case, status=409, side={"discretion": {
            "violation": request.POST.get("violation", ""), "values": values,
            "base_amount": request.POST.get("base_amount", ""),
            "note": request.POST.get("note", ""), "error": refused.message}})
    messages.success(request, _("The discretion factors were recorded."))
    return redirect(reverse("cases:detail", args=[case.pk]) + "#discretion")


def _require_spread(user) -> None:
    if not (user.is_superuser or has_role(user, *SPREAD_ROLES)):
        raise Http404


def _since(text: str):
    try:
        return parse_date(text)
    except ValueError:  # 2026-02-30 has the form of a date but no such day: no filter
        return None


def _filters(request) -> dict:
    since = _since(request.GET.get("since") or "")
    body_id = parse_id(request.GET.get("body") or "")
    return {"body_id": body_id, "item_code": (request.GET.get("item") or "").strip()[:40],
            "since": since}


def _rows(request):
    _require_spread(request.user)
    filters = _filters(request)
    return spread.decided(request.user, **filters), filters


def _page_number(request) -> int:
    number = parse_id(request.GET.get("page") or "") or 1
    return min(number, MAX_PAGE)


def _without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
@require_GET
def spread_page(request):
    rows, filters = _rows(request)
    number = _page_number(request)
    found, more = spread.groups_page(rows, page=number, size=spread.GROUPS_PER_PAGE)
    for group in found:
        group.level_name = level_name(group.level)
    return render(request, "discretion/spread.html", {
        "groups": found, "filters": filters, "query": _without(request, "page"),
        "page": number, "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if more and number < MAX_PAGE else None,
        "bodies": Body.objects.visible_to(request.user).order_by("region_code", "name")[:500],
    })


def _cursor(text: str):
    """"fine_id" of the last row shown; a cursor that does not parse starts again."""
    fine, _sep, pk = (text or "")[:40].partition("_")
    try:
        amount, pk = Decimal(fine), int(pk)
    except (InvalidOperation, ValueError):
        return None
    return (amount, pk) if amount.is_finite() and 0 < pk <= MAX_BIGINT else None


@login_required
@require_GET
def group_cases(request):
    rows, _filters_used = _rows(request)
    item, level = request.GET.get("group_item", ""), request.GET.get("group_level", "")
    which = request.GET.get("which", "all")
    if which not in ("all", "flagged", "outliers"):
        which = "all"
    after = _cursor(request.GET.get("after", ""))
    found, following = spread.cases_behind(rows, item_code=item, level=level, which=which,
                                           after=after, size=spread.CASES_PER_PAGE)
    return render(request, "discretion/group_cases.html", {
        "rows": found, "item": item, "level": level_name(level), "which": which,
        "first_page": _without(request, "after") if after is not None else None,
        "next_page": (_without(request, "after") + f"&after={following[0]}_{following[1]}"
                      if following else None)})


@login_required
@require_GET
def spread_export(request):
    """Every group and every case standing out, however many: the rows are read batch by
    batch into a write-only workbook (``core.opendata``)."""
    rows, _filters_used = _rows(request)
    log_list_export(request.user, Case, query=request.GET.urlencode())

    def summary():
        for g in spread.every_group(rows):
            yield [g.item_code, level_name(g.level), g.count, g.low, g.q1, g.median, g.q3,
                   g.high, g.ratio, g.bodies, g.officers, g.flagged, g.outliers]

    def standing():
        for g in spread.every_group(rows):
            low, high = g.fences
            for a in spread.standing_out(rows, g).iterator(chunk_size=1000):
                why = []
                if a.flagged:
                    why.append(_("outside the benchmark"))
                if a.fine < low or a.fine > high:
                    why.append(_("outlier among peers"))
                yield [g.item_code, level_name(g.level), a.case.number, a.body.name,
                       a.officer.name if a.officer else "", a.fine,
                       f"{yuan(a.low)}至{yuan(a.high)}" if a.low is not None else "",
                       "、".join(why), a.reason]

    name = f"同案不同罚-{timezone.localdate().isoformat()}.xlsx"
    return xlsx_sheets_response(name, [
        (_("Spread of fines"),
         [_("Item code"), _("Circumstance level"), _("Decisions"), _("Lowest (yuan)"),
          _("First quartile (yuan)"), _("Median (yuan)"), _("Third quartile (yuan)"),
          _("Highest (yuan)"),
          _("Highest / lowest"), _("Bodies"), _("Officers"), _("Outside the benchmark"),
          _("Outliers among peers")], summary()),
        (_("Cases standing out"),
         [_("Item code"), _("Circumstance level"), _("Case number"), _("Body"),
          _("Officer in charge"), _("Fine (yuan)"), _("Suggested range"),
          _("Why it stands out"), _("Reason given")], standing()),
    ])
