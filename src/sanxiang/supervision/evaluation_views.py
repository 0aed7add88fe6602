"""案卷评查 pages (R-SUP-03): rounds, their draw, each file's evaluation, the report.
Thin: fetch through ``visible_to`` or the supervisor's region (out of scope is a 404), call
one action, show the rule's Chinese message when refused."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.core.access import log_access
from sanxiang.core.errors import RuleViolation
from sanxiang.org.imports import ImportFileError
from sanxiang.org.roles import GROUP_NAMES, Role
from sanxiang.supervision import evaluation, reports, standards
from sanxiang.supervision import evaluation_actions as actions
from sanxiang.supervision.forms import RoundForm, SeedForm, StandardForm
from sanxiang.supervision.lists import query_id
from sanxiang.supervision.models import Evaluation, EvaluationCampaign, EvaluationStandard
from sanxiang.supervision.views import _require_dashboard


def _rounds(user):
    if not actions.is_supervisor(user):
        # A head sees the rounds that drew files of the own body.
        return EvaluationCampaign.objects.filter(
            pk__in=Evaluation.objects.visible_to(user).values("campaign"))
    return EvaluationCampaign.objects.filter(
        region_code__startswith=actions.region_of(user))


def _round(request, pk) -> EvaluationCampaign:
    return get_object_or_404(_rounds(request.user).select_related("standard"), pk=pk)


def per_body(evaluations):
    """Per body: files evaluated, average score, counts per grade (one GROUP BY)."""
    standard = actions.current_standard() or EvaluationStandard.objects.first()
    grades = [g for g, _m in (standard.grades if standard else [])] + [evaluation.FAIL_GRADE]
    rows = (evaluations.filter(state=Evaluation.State.DONE)
            .values("body", "body__name").order_by("body__region_code", "body__name")
            .annotate(n=Count("id"), average=Avg("score"),
                      **{f"g{i}": Count("id", filter=Q(grade=g)) for i, g in
                         enumerate(grades)}))
    return grades, [{**row, "grades": [row[f"g{i}"] for i in range(len(grades))]}
                    for row in rows]


@login_required
@require_GET
def round_list(request):
    _require_dashboard(request.user)
    rounds = list(_rounds(request.user).select_related("standard")
                  .annotate(files=Count("evaluations"),
                            done=Count("evaluations",
                                       filter=Q(evaluations__state=Evaluation.State.DONE)))
                  .order_by("-year", "-id")[:200])
    grades, bodies = per_body(Evaluation.objects.visible_to(request.user))
    return render(request, "supervision/evaluation_rounds.html", {
        "rounds": rounds, "may_create": actions.is_supervisor(request.user),
        "grades": grades, "bodies": bodies})


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    if not actions.is_supervisor(request.user):
        raise Http404
    region = actions.region_of(request.user)
    evaluators = (get_user_model().objects.filter(
        is_active=True, groups__name=GROUP_NAMES[Role.SUPERVISOR],
        jurisdiction__startswith=region).order_by("username").distinct())
    # Rounds use the standard in force on the day they start (older rounds keep theirs).
    in_force = actions.current_standard()
    standards = (EvaluationStandard.objects.filter(pk=in_force.pk) if in_force
                 else EvaluationStandard.objects.none())
    form = RoundForm(request.POST or None, standards=standards, evaluators=evaluators)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.create_round(acting_user=request.user, **form.cleaned_data)
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, _("Saved."))
            return redirect("supervision:round", campaign.pk)
    return render(request, "supervision/evaluation_round_new.html",
                  {"form": form, "error": error})


def _round_page(request, campaign, *, error=None, seed_form=None):
    rows = list(campaign.evaluations.select_related("case", "body", "evaluator")
                .order_by("position"))
    if not actions.may_manage(request.user, campaign):
        visible = set(Evaluation.objects.visible_to(request.user).filter(
            campaign=campaign).values_list("pk", flat=True))
        rows = [r for r in rows if r.pk in visible]
    strata = [(s["key"], len(s["objects"]), s["take"])
              for s in (campaign.lists or {}).get("strata", [])]
    return render(request, "supervision/evaluation_round.html", {
        "campaign": campaign, "rows": rows, "strata": strata, "error": error,
        "may_manage": actions.may_manage(request.user, campaign),
        "seed_form": seed_form or SeedForm(), "user_id": request.user.pk,
        "may_close": (actions.may_manage(request.user, campaign)
                      and campaign.state == EvaluationCampaign.State.DRAWN
                      and bool(rows) and all(r.state == Evaluation.State.DONE
                                             for r in rows))})


@login_required
@require_GET
def round_detail(request, pk):
    return _round_page(request, _round(request, pk))


@login_required
@require_POST
def round_publish(request, pk):
    campaign = _round(request, pk)
    try:
        actions.publish_round_lists(acting_user=request.user, campaign=campaign)
    except RuleViolation as refused:
        return _round_page(request, campaign, error=refused)
    messages.success(request, _("The lists and their digest are published."))
    return redirect("supervision:round", campaign.pk)


@login_required
@require_POST
def round_seed(request, pk):
    campaign = _round(request, pk)
    form = SeedForm(request.POST)
    if not form.is_valid():
        return _round_page(request, campaign, seed_form=form)
    try:
        actions.enter_round_seed(acting_user=request.user, campaign=campaign,
                                 **form.cleaned_data)
    except RuleViolation as refused:
        return _round_page(request, campaign, error=refused, seed_form=form)
    messages.success(request, _("The files have been drawn."))
    return redirect("supervision:round", campaign.pk)


@login_required
@require_GET
def round_draw_json(request, pk):
    """The round's draw for ``sanxiang verify-draw FILE.json``."""
    campaign = _round(request, pk)
    if campaign.lists is None:
        raise Http404
    response = JsonResponse(actions.draw_file(campaign),
                            json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="evaluation-{campaign.pk}.json"'
    return response


@login_required
@require_POST
def round_close(request, pk):
    campaign = _round(request, pk)
    try:
        actions.close_round(acting_user=request.user, campaign=campaign)
    except RuleViolation as refused:
        return _round_page(request, campaign, error=refused)
    messages.success(request, _("The round is closed and its report issued."))
    return redirect("supervision:round", campaign.pk)


@login_required
@require_GET
def round_report(request, pk):
    campaign = _round(request, pk)
    # The supervision office gets the report as issued; a body's head, who sees only the
    # own files, a rendering of those (the same recorded results: nothing changes once
    # the round is closed).
    issued = bool(campaign.report_digest) and actions.may_manage(request.user, campaign)
    return reports.evaluation_report_response(campaign, request.user, issued=issued)


@login_required
@require_GET
def result_list(request):
    """The evaluated files behind a dashboard figure: by body and grade."""
    _require_dashboard(request.user)
    rows = (Evaluation.objects.visible_to(request.user).filter(state=Evaluation.State.DONE)
            .select_related("case", "body", "campaign"))
    body = query_id(request.GET.get("body"))
    if body:
        rows = rows.filter(body_id=body)
    grade = request.GET.get("grade", "")
    if grade:
        rows = rows.filter(grade=grade)
    return render(request, "supervision/evaluation_results.html", {
        "rows": list(rows.order_by("-evaluated_on", "-id")[:200]), "grade": grade})


def _sections(standard, checks):
    out = []
    for section, label in (("basic", _("Basic items (any one found: 不合格)")),
                           ("form", _("Form (20 points)")),
                           ("content", _("Content (80 points)"))):
        items = []
        for item in standard.items.get(section) or []:
            items.append({**item, "check": checks.get(item["code"]) or {}})
        out.append((section, label, items))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_page(request, pk):
    row = get_object_or_404(
        (Evaluation.objects.visible_to(request.user) | Evaluation.objects.filter(
            evaluator=request.user)).select_related(
            "campaign__standard", "case", "body", "evaluator"), pk=pk)
    may_evaluate = (row.state == Evaluation.State.PENDING
                    and actions.may_evaluate(request.user, row))
    error = None
    checks = row.checks
    if request.method == "GET":
        log_access(request.user, row)  # the evaluation of a case file is a record (R-REC-06)
    if request.method == "POST":
        if not actions.may_evaluate(request.user, row):
            raise Http404
        # The evaluator's form from another tab, the file since recorded: the action says
        # so in Chinese and the page keeps what was typed (a 404 said nothing).
        given = {}
        for section in evaluation.SECTIONS:
            for item in row.campaign.standard.items.get(section) or []:
                code = item["code"]
                value = request.POST.get(f"{code}-value", "")
                if section == "basic":
                    value = value == "on"
                given[code] = {"value": value, "note": request.POST.get(f"{code}-note", ""),
                               "reason": request.POST.get(f"{code}-reason", "")}
        try:
            actions.record_evaluation(acting_user=request.user, evaluation_row=row,
                                      checks=given)
        except RuleViolation as refused:
            error = refused
            checks = {code: {**(row.checks.get(code) or {}), **values}
                      for code, values in given.items()}
        else:
            messages.success(request, _("The evaluation is recorded."))
            return redirect("supervision:evaluation", row.pk)
    return render(request, "supervision/evaluation_page.html", {
        "row": row, "sections": _sections(row.campaign.standard, checks),
        "may_evaluate": may_evaluate, "error": error,
        "field": (error.details.get("field") if error else "")})


# --------------------------------------------------------------------------------------
# The standard's versions: list, download, upload the next one (catalogue-style round trip)


@login_required
@require_GET
def standard_list(request):
    _require_dashboard(request.user)
    versions = list(EvaluationStandard.objects.select_related("published_by")
                    .order_by("-version"))
    in_force = actions.current_standard()
    return render(request, "supervision/standards.html", {
        "versions": versions, "in_force": in_force,
        "may_publish": actions.may_publish_standard(request.user)})


@login_required
@require_GET
def standard_xlsx(request, pk):
    _require_dashboard(request.user)
    standard = get_object_or_404(EvaluationStandard, pk=pk)
    from urllib.parse import quote

    response = HttpResponse(standards.export_xlsx(standard), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = (
        f"attachment; filename=\"evaluation-standard-v{standard.version}.xlsx\"; "
        f"filename*=UTF-8''{quote(standards.file_name(standard))}")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def standard_new(request):
    if not actions.may_publish_standard(request.user):
        raise Http404
    latest = EvaluationStandard.objects.order_by("-version").first()
    error = preview = None
    form = StandardForm(request.POST or None, request.FILES or None,
                        initial={"title": latest.title if latest else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            read = standards.read_xlsx(data["file"])
        except ImportFileError as problem:
            form.add_error("file", str(problem))
        else:
            preview = {"read": read, "sections": _sections_of(read.items),
                       "changes": standards.changes(latest, read.items) if latest else None}
            if not read.errors:
                try:
                    if data["dry_run"]:
                        evaluation.check_standard(read.items, read.grades)
                    else:
                        standard = actions.publish_standard(
                            acting_user=request.user, items=read.items, grades=read.grades,
                            title=data["title"], effective_from=data["effective_from"],
                            note=data["note"], source={"file": read.digest})
                        messages.success(request, _(
                            "Version %(number)d of the evaluation standard is published.")
                            % {"number": standard.version})
                        return redirect("supervision:standards")
                except RuleViolation as refused:
                    error = refused
    return render(request, "supervision/standard_new.html", {
        "form": form, "latest": latest, "error": error, "preview": preview})


def _sections_of(items):
    names = {"basic": _("Basic items (any one found: 不合格)"), "form": _("Form (20 points)"),
             "content": _("Content (80 points)")}
    return [(names[s], items.get(s) or []) for s in evaluation.SECTIONS]
