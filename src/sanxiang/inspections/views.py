"""Workbench pages of random inspections: directories, plans, tasks, draws, results, board.

Thin: fetch through the user's scope (out of scope is a 404), call an action, show its
Chinese message when a rule refuses.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.core.access import log_access
from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_id, parse_int
from sanxiang.inspections import actions, board, forms, imports, paging, permissions, public
from sanxiang.inspections.models import Assignment, Draw, Inspector, Plan, Result, Target, Task
from sanxiang.org.models import Body, Officer
from sanxiang.org.qualification import check_qualifications

PAGE_SIZE = 50


def _bodies(user):
    return Body.objects.visible_to(user)


def _tasks(user):
    bodies = _bodies(user)
    return Task.objects.filter(Q(body__in=bodies) | Q(partners__in=bodies)).distinct()


def _body_of(user):
    if user.body_id:
        return user.body
    if user.officer_id:
        return user.officer.body
    return None


def _refused(request, form, error: RuleViolation):
    field = error.details.get("field")
    if form is not None and field in getattr(form, "fields", {}):
        form.add_error(field, error.message)
    elif form is not None:
        form.add_error(None, error.message)
    else:
        messages.error(request, error.message)


@login_required
def home(request):
    user = request.user
    tasks = _tasks(user).select_related("body").order_by("-starts_on", "-id")[:PAGE_SIZE]
    today = timezone.localdate()
    pending = (Result.objects.filter(body__in=_bodies(user), state=Result.State.RECORDED)
               .select_related("assignment__target", "body").order_by("due_on")[:PAGE_SIZE])
    mine = []
    if user.officer_id:
        mine = (Assignment.objects.filter(current=True, assigned__officer_id=user.officer_id)
                .exclude(results__body_id=user.officer.body_id)
                .select_related("target", "draw__task").order_by("draw__task__ends_on")[:50])
    body = _body_of(user)
    return render(request, "inspections/home.html", {
        "tasks": tasks, "pending": pending, "today": today, "mine": mine,
        "may_manage": permissions.may_manage_directory(user),
        "body": body,
        "may_run_tasks": body is not None and permissions.may_run_tasks(user, body),
    })


# --------------------------------------------------------------------------------------
# Directories (R-INS-01)


@login_required
@require_http_methods(["GET", "POST"])
def directory(request):
    query = request.GET.get("q", "").strip()[:100]
    rows = Target.objects.filter(active=True)
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(code=query.upper()))
    page = paging.by_code(rows, request.GET.get("after", ""), PAGE_SIZE)
    form = forms.TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.add_target(acting_user=request.user, **form.cleaned_data)
        except RuleViolation as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("%(name)s was added to the directory.")
                             % {"name": target.name})
            return redirect("inspections:directory")
    return render(request, "inspections/directory.html", {
        "page": page, "query": query, "form": form,
        "may_manage": permissions.may_manage_directory(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def import_targets(request):
    if not permissions.may_manage_directory(request.user):
        raise Http404
    if request.GET.get("template"):
        response = HttpResponse(imports.template_workbook(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = 'attachment; filename="inspection-objects.xlsx"'
        return response
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.import_targets(form.cleaned_data["file"], acting_user=request.user,
                                            only_valid=form.cleaned_data["only_valid"])
        except RuleViolation as error:  # ImportFileError included
            form.add_error("file", error.message)
        else:
            if report.imported:
                messages.success(request, _("%(n)d objects were imported.")
                                 % {"n": report.imported})
    return render(request, "inspections/import.html", {"form": form, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
def inspectors(request):
    user = request.user
    officers = Officer.objects.visible_to(user).filter(status=Officer.Status.ACTIVE)
    rows = list(Inspector.objects.filter(officer__in=officers)
                .select_related("officer__body").prefetch_related("officer__fields")
                .order_by("officer__body__name", "officer__name")[:500])
    today = timezone.localdate()
    # Qualified today, per enforcement category: one batch check per category (R-ORG-03).
    by_field: dict = {}
    for row in rows:
        for field in row.officer.fields.all():
            by_field.setdefault(field, []).append(row.officer)
    valid: dict[int, list[str]] = {}
    for field, group in by_field.items():
        for result in check_qualifications(group, category_code=field.code, on=today):
            if result.ok:
                valid.setdefault(result.officer.pk, []).append(field.name)
    form = forms.InspectorForm(request.POST or None, officers=officers)
    conflict_form = forms.ConflictForm(request.POST or None, officers=officers,
                                       prefix="conflict")
    if request.method == "POST" and "conflict-reason" in request.POST:
        form = forms.InspectorForm(officers=officers)
        if conflict_form.is_valid():
            data = conflict_form.cleaned_data
            target = Target.objects.filter(code=data["target_code"].strip().upper()).first()
            if target is None:
                conflict_form.add_error("target_code", _("The directory has no object with "
                                                         "this code."))
            else:
                try:
                    actions.declare_conflict(acting_user=user, target=target,
                                             officer=data["officer"], reason=data["reason"],
                                             declared_on=data["declared_on"], note=data["note"])
                except RuleViolation as error:
                    _refused(request, conflict_form, error)
                else:
                    messages.success(request, _("The conflict of interest was recorded."))
                    return redirect("inspections:inspectors")
    elif request.method == "POST":
        conflict_form = forms.ConflictForm(officers=officers, prefix="conflict")
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.enroll_inspector(acting_user=user, officer=data["officer"],
                                         item_codes=forms.words(data["item_codes"]),
                                         region_code=data["region_code"],
                                         status=data["status"])
            except RuleViolation as error:
                _refused(request, form, error)
            else:
                messages.success(request, _("The directory of inspectors was updated."))
                return redirect("inspections:inspectors")
    return render(request, "inspections/inspectors.html", {
        "rows": [(r, valid.get(r.officer.pk, [])) for r in rows], "form": form,
        "conflict_form": conflict_form, "today": today,
        "may_manage": permissions.may_manage_directory(user)})


# --------------------------------------------------------------------------------------
# Plans and tasks (R-INS-02, R-INS-06)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    body = _body_of(request.user)
    if body is None or not permissions.may_run_tasks(request.user, body):
        raise Http404
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.file_plan(acting_user=request.user, body=body, **form.cleaned_data)
        except RuleViolation as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The annual plan was filed."))
            return redirect("inspections:home")
    return render(request, "inspections/plan_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request):
    body = _body_of(request.user)
    if body is None or not permissions.may_run_tasks(request.user, body):
        raise Http404
    partners = Body.objects.exclude(pk=body.pk).order_by("name")
    # Only ids a column can hold reach the query (SQLite refuses 2**63 with a 500).
    chosen = partners.filter(pk__in=[pk for pk in map(parse_id, request.POST.getlist("partners"))
                                     if pk]) if request.POST else []
    items = actions.current_items([body, *chosen])
    # The ratio as a person writes it (5%, 2.5%), not as stored (5.00%).
    choices = [(code, f"{code} {item.subject}（{floatformat(item.ratio, -2)}%）")
               for code, item in sorted(items.items())]
    form = forms.TaskForm(request.POST or None, items=choices,
                          plans=Plan.objects.filter(body=body), partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            task = actions.create_task(acting_user=request.user, body=body,
                                       **form.action_arguments())
        except RuleViolation as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("Task %(number)s was created.")
                             % {"number": task.number})
            return redirect("inspections:task", pk=task.pk)
    return render(request, "inspections/task_form.html", {"form": form, "body": body})


@login_required
def task_detail(request, pk: int):
    task = get_object_or_404(_tasks(request.user).select_related("body", "field"), pk=pk)
    return _task_page(request, task)


def _task_page(request, task, *, seed_form=None, redraw_form=None, status=200):
    """The task with its draws; a refused seed or redraw form comes back as typed."""
    draws = list(task.draws.order_by("sequence"))
    current = next((d for d in reversed(draws) if d.state != Draw.State.SUPERSEDED), None)
    assignments = list(public.assignments_of(current).prefetch_related("results__body")) \
        if current and current.state == Draw.State.DRAWN else []
    return render(request, "inspections/task_detail.html", {
        "task": task, "draws": draws, "current": current, "assignments": assignments,
        "may_manage": permissions.may_run_tasks(request.user, task.body),
        "seed_form": seed_form or forms.SeedForm(),
        "redraw_form": redraw_form or forms.RedrawForm(),
    }, status=status)


def _draw_form_refused(request, draw, form, key: str, error=None):
    """The seed's or the redraw's form refused: the task page again with what was typed and
    the message beside the field (a redirect dropped the witness's name and the reason)."""
    if error is not None:
        _refused(request, form, error)
        messages.error(request, error.message)
    task = get_object_or_404(_tasks(request.user).select_related("body", "field"),
                             pk=draw.task_id)
    return _task_page(request, task, **{key: form}, status=409 if error else 422)


@login_required
@require_POST
def publish_lists(request, pk: int):
    task = get_object_or_404(_tasks(request.user), pk=pk)
    try:
        draw = actions.publish_lists(acting_user=request.user, task=task)
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The candidate lists were published with digest %(d)s.")
                         % {"d": draw.lists_digest})
    return redirect("inspections:task", pk=task.pk)


@login_required
@require_POST
def enter_seed(request, pk: int):
    draw = get_object_or_404(Draw.objects.filter(task__in=_tasks(request.user)), pk=pk)
    form = forms.SeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the seed and name its witness."))
        return _draw_form_refused(request, draw, form, "seed_form")
    try:
        actions.enter_seed(acting_user=request.user, draw=draw, **form.cleaned_data)
    except RuleViolation as error:
        return _draw_form_refused(request, draw, form, "seed_form", error)
    messages.success(request, _("The draw was made."))
    return redirect("inspections:task", pk=draw.task_id)


@login_required
@require_POST
def redraw(request, pk: int):
    draw = get_object_or_404(Draw.objects.filter(task__in=_tasks(request.user)), pk=pk)
    form = forms.RedrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A redraw needs its reason."))
        return _draw_form_refused(request, draw, form, "redraw_form")
    try:
        actions.redraw(acting_user=request.user, draw=draw, **form.cleaned_data)
    except RuleViolation as error:
        return _draw_form_refused(request, draw, form, "redraw_form", error)
    messages.success(request, _("New lists were published for the redraw; the first draw "
                                "stays public."))
    return redirect("inspections:task", pk=draw.task_id)


# --------------------------------------------------------------------------------------
# Results (R-INS-04)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request, pk: int):
    assignment = get_object_or_404(
        Assignment.objects.filter(draw__task__in=_tasks(request.user))
        .select_related("target", "draw__task__body", "draw__task__field"), pk=pk)
    body = _body_of(request.user)
    form = forms.ResultForm(request.POST or None)
    if request.method == "GET":
        log_access(request.user, assignment)  # the inspection's record (R-REC-06)
    if request.method == "POST" and form.is_valid() and body is not None:
        try:
            actions.record_result(acting_user=request.user, assignment=assignment, body=body,
                                  **form.cleaned_data)
        except RuleViolation as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The result was recorded."))
            return redirect("inspections:assignment", pk=assignment.pk)
    return _assignment_page(request, assignment, body, form=form)


def _assignment_page(request, assignment, body, *, form=None, case_form=None,
                     case_result=None, status=200):
    """The assignment with its results; ``case_form`` is the refused 立案 form of the
    result ``case_result``, shown as typed."""
    results = list(assignment.results.select_related("body", "case"))
    today = timezone.localdate()
    return render(request, "inspections/assignment.html", {
        "assignment": assignment, "task": assignment.draw.task,
        "form": form or forms.ResultForm(),
        "results": [(r, actions.is_overdue(r, today)) for r in results],
        "recorded": any(r.body_id == getattr(body, "pk", None) for r in results),
        "case_form": forms.CaseForm(), "refused_case_form": case_form,
        "refused_case_result": case_result, "body": body,
        "scan_url": request.build_absolute_uri(
            f"/inspections/scan/{assignment.scan_code}/"),
    }, status=status)


@login_required
@require_POST
def open_case(request, pk: int):
    result = get_object_or_404(Result.objects.filter(body__in=_bodies(request.user)), pk=pk)
    form = forms.CaseForm(request.POST)
    status = 422
    if not form.is_valid():
        messages.error(request, _("Give the cause of action."))
    else:
        try:
            case = actions.open_case_for_result(acting_user=request.user, result=result,
                                                **form.cleaned_data)
        except RuleViolation as error:
            _refused(request, form, error)
            status = 409
        else:
            messages.success(request, _("Case %(number)s was opened.") % {"number": case.number})
            return redirect("inspections:assignment", pk=result.assignment_id)
    # Refused: the page again, the cause and the facts as typed (a redirect dropped them).
    assignment = get_object_or_404(Assignment.objects.filter(draw__task__in=_tasks(request.user))
                                   .select_related("target", "draw__task__body",
                                                   "draw__task__field"),
                                   pk=result.assignment_id)
    return _assignment_page(request, assignment, _body_of(request.user), case_form=form,
                            case_result=result.pk, status=status)


@login_required
@require_POST
def publish_result(request, pk: int):
    result = get_object_or_404(Result.objects.filter(body__in=_bodies(request.user)), pk=pk)
    try:
        actions.publish_result(acting_user=request.user, result=result)
    except RuleViolation as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The result was published on the portal."))
    return redirect("inspections:assignment", pk=result.assignment_id)


@login_required
def supervision(request):
    """R-INS-06: plan vs done, coverage, objects above the cap, workloads."""
    today = timezone.localdate()
    # A year no calendar holds (0, 99999999999999) is this year, as any word is.
    year = parse_int(request.GET.get("year"), minimum=2000, maximum=9999) or today.year
    bodies = _bodies(request.user)
    drawn, total = board.coverage(year)
    cap, above = board.over_cap(year, today)
    overdue = (Result.objects.filter(body__in=bodies, state=Result.State.RECORDED,
                                     due_on__lt=today)
               .select_related("assignment__target", "body").order_by("due_on")[:100])
    return render(request, "inspections/supervision.html", {
        "year": year, "plans": board.plan_vs_done(bodies, year), "drawn": drawn,
        "total": total, "share": round(100 * drawn / total, 1) if total else 0,
        "cap": cap, "above": above, "workloads": board.workloads(bodies, year),
        "overdue": overdue,
    })
