"""Public pages of random inspections (R-PUB-10, R-INS-03): plans, tasks, draws with their
in-browser recomputation, results, and the page an inspected enterprise scans (扫码入企).
No login; only what ``inspections.public`` publishes.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from sanxiang.core import throttle
from sanxiang.core.errors import RuleViolation
from sanxiang.inspections import actions, candidates, paging, public
from sanxiang.inspections.models import Assignment, Draw, Target

PAGE_SIZE = 50


@require_safe
def index(request):
    tasks = public.tasks().order_by("-starts_on", "-id")[:PAGE_SIZE]
    plans = public.plans().order_by("-year", "body__name")[:PAGE_SIZE]
    return render(request, "inspections/public_index.html", {"tasks": tasks, "plans": plans})


@require_safe
def task_page(request, pk: int):
    task = get_object_or_404(public.tasks(), pk=pk)
    return render(request, "inspections/public_task.html", {
        "task": task, "draws": task.draws.order_by("sequence")})


def verify_messages() -> dict:
    """The in-browser verifier's sentences, in the page's language."""
    return {
        "running": _("Recomputing…"),
        "lists_ok": _("The digest of the lists matches the published lists."),
        "lists_bad": _("The digest of the lists does NOT match the published lists."),
        "draw_ok": _("Recomputed from the lists and the seed, the draw is the same as the "
                     "published result: %(count)s objects and their inspectors."),
        "draw_bad": _("Recomputed from the lists and the seed, the draw differs from the "
                      "published result at object %(index)s."),
        "no_seed": _("The seed has not been entered yet: only the lists can be checked."),
        "failed": _("The verification could not run: %(error)s"),
    }


@require_safe
def draw_page(request, pk: int):
    draw = get_object_or_404(public.draws(), pk=pk)
    assignments = list(public.assignments_of(draw)) if draw.result else []
    for assignment in assignments:
        assignment.stratum_label = candidates.stratum_label(assignment.stratum)
    return render(request, "inspections/public_draw.html", {
        "draw": draw, "task": draw.task, "assignments": assignments,
        "redrawn_by": Draw.objects.filter(redraw_of=draw).first(),
        "strata": [{"key": s["key"], "label": candidates.stratum_label(s["key"]),
                    "ratio": s.get("ratio"), "take": s["take"], "count": len(s["objects"])}
                   for s in draw.lists.get("strata", [])],
        "verify_messages": verify_messages(),
    })


@require_safe
def results(request):
    query = request.GET.get("q", "").strip()[:100]
    page = paging.by_publication(public.search_results(query), request.GET.get("after", ""),
                                 PAGE_SIZE)
    return render(request, "inspections/public_results.html", {"page": page, "query": query})


def _too_many(request, form) -> bool:
    """Each report is a row for the supervisors and an event of the append-only ledger, sent
    without an account: one address may send a bounded number an hour, like complaints
    (probe 7, ADR 0082)."""
    if request.method != "POST" or throttle.allow(
            request, "inspection-report", limit=settings.SANXIANG_INSPECTION_REPORTS_PER_HOUR):
        return False
    form.add_error(None, _("Too many requests from your network in the last hour; please "
                           "try again later, or call the supervision office."))
    return True


class ReportForm(forms.Form):
    reporter = forms.CharField(label=gettext_lazy("Your name or your enterprise's name"),
                               max_length=100)
    content = forms.CharField(label=gettext_lazy("What happened: who came, when, what they "
                                                 "inspected"),
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


@require_http_methods(["GET", "POST"])
def report_page(request):
    """扫码入企 without a code: an inspection nobody drew on the platform."""
    form = ReportForm(request.POST or None)
    if _too_many(request, form):
        return render(request, "inspections/public_report.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_inspection(assignment=None, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your report has been recorded and will be "
                                        "looked into."))
            return redirect("inspection_portal:report")
    return render(request, "inspections/public_report.html", {"form": form})


@require_http_methods(["GET", "POST"])
def scan_page(request, code: str):
    """扫码入企: the task, item and basis, the inspectors and their certificates today."""
    assignment = (Assignment.objects.select_related("draw__task__body", "target")
                  .filter(scan_code=code, current=True).first())
    if assignment is None:
        raise Http404
    task = assignment.draw.task
    form = ReportForm(request.POST or None)
    refused = _too_many(request, form)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            actions.report_inspection(assignment=assignment, **form.cleaned_data)
        except RuleViolation as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. Your report has been recorded and will be "
                                        "looked into."))
            return redirect("inspection_portal:scan", code=code)
    today = timezone.localdate()
    assigned = list(assignment.assigned.select_related("officer__body"))
    # Valid today for this task: the lead body's category, a joint body's own (R-INS-05).
    valid = {q.officer.pk for q in candidates.qualified(task, [a.officer for a in assigned],
                                                        today)}
    inspectors = [{"officer": a.officer, "certificate": a.certificate_number,
                   "valid": a.officer.pk in valid} for a in assigned]
    return render(request, "inspections/public_scan.html", {
        "assignment": assignment, "task": task, "target": assignment.target,
        "items": task.items.all(), "inspectors": inspectors, "form": form, "today": today,
        "in_period": task.starts_on <= today <= task.ends_on,
        "enterprise": assignment.target.kind == Target.Kind.ENTERPRISE,
    }, status=429 if refused else 200)
