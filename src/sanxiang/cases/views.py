"""Public flowcharts (执法流程图, R-PUB-01): no login, drawn from the workflow definitions."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from sanxiang.cases import describe
from sanxiang.cases.flowchart import render_svg
from sanxiang.cases.workflows import PROCEDURES, RULES, Procedure

# The chart changes only when the definitions or the rulebook do; an hour is a fair delay.
SVG_MAX_AGE = 3600


def _procedure(code: str) -> Procedure:
    if code not in PROCEDURES:
        raise Http404
    return PROCEDURES[code]


def _steps(proc: Procedure, amounts) -> list[dict]:
    main = set(proc.main_path())
    return [{
        "step": step,
        "optional": step.code not in main,
        "documents": describe.document_names(step.documents),
        "optional_documents": describe.document_names(step.optional_documents),
        "recording": describe.recording_label(step),
        "deadlines": [describe.deadline_long(rule, amounts) for rule in step.deadlines],
        "guards": [(rule, RULES[rule]) for rule in step.guards],
        "next": [(proc.step(t.to), t.condition_label) for t in step.next],
    } for step in proc.steps]


@require_GET
def flowchart_index(request):
    return render(request, "cases/flowchart_index.html", {"procedures": PROCEDURES.values()})


@require_GET
def flowchart_page(request, code):
    proc = _procedure(code)
    amounts = describe.current_amounts(proc)
    return render(request, "cases/flowchart_page.html", {
        "procedure": proc,
        "svg": render_svg(proc, amounts=amounts),
        "steps": _steps(proc, amounts),
    })


@require_GET
def flowchart_svg(request, code):
    proc = _procedure(code)
    svg = render_svg(proc, amounts=describe.current_amounts(proc), standalone=True)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Language"] = get_language()
    patch_cache_control(response, public=True, max_age=SVG_MAX_AGE)
    return response
