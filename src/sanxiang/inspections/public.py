"""What the public sees of random inspections (R-PUB-10): one definition for the portal
pages and the API, so the two never differ.

A draw is public from the moment its lists are published — superseded ones too (R-INS-03);
a result once published; a plan once filed; a task once its lists are published.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from sanxiang.inspections.models import AssignmentOfficer, Draw, Plan, Result, Task


def tasks():
    return (Task.objects.exclude(state=Task.State.DRAFT).select_related("body", "field")
            .prefetch_related("items", "partners"))


def plans():
    return Plan.objects.select_related("body")


def draws():
    return Draw.objects.select_related("task__body", "redraw_of")


def results():
    return (Result.objects.filter(state=Result.State.PUBLISHED)
            .select_related("assignment__target", "assignment__draw__task", "body"))


def draw_record(draw: Draw) -> dict:
    """The file of ``GET /api/inspections/draws/{id}``: everything needed to recompute."""
    redrawn_by = getattr(draw, "redrawn_by", None) if draw.state == Draw.State.SUPERSEDED \
        else None
    return {
        "id": draw.pk,
        "task": draw.task.number,
        "sequence": draw.sequence,
        "state": draw.state,
        "published_at": draw.published_at.isoformat(),
        "seed_source": draw.task.seed_source,
        "lists": draw.lists,
        "lists_digest": draw.lists_digest,
        "seed": draw.seed or None,
        "witness": draw.witness or None,
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
        "result": draw.result,
        "result_digest": draw.result_digest or None,
        "redraw_of": draw.redraw_of_id,
        "redraw_reason": draw.redraw_reason or None,
        "redrawn_by": redrawn_by.pk if redrawn_by else None,
    }


def assignments_of(draw: Draw):
    return (draw.assignments.select_related("target")
            .prefetch_related(Prefetch("assigned", queryset=AssignmentOfficer.objects
                                       .select_related("officer").order_by("id")))
            .order_by("position"))


def search_results(query: str = ""):
    rows = results()
    if query:
        rows = rows.filter(Q(assignment__target__name__icontains=query)
                           | Q(assignment__target__code=query.upper()))
    return rows.order_by("-published_on", "-id")
