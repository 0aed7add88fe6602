"""Supervisors' figures (R-INS-06): plan vs done per body, coverage of the directory,
objects drawn more often than the yearly cap, and inspectors' workloads. Aggregate queries
only, scoped to the bodies the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from sanxiang.core import rulebook
from sanxiang.inspections.models import Assignment, AssignmentOfficer, Plan, Result, Target, Task

LIMIT = 100


@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    tasks_done: int
    objects_done: int
    results: int

    @property
    def share(self) -> int:
        return round(100 * self.objects_done / self.plan.planned_objects) \
            if self.plan.planned_objects else 0


def plan_vs_done(bodies, year: int) -> list[PlanRow]:
    plans = list(Plan.objects.filter(body__in=bodies, year=year).select_related("body")
                 .order_by("body__name"))
    ids = [p.body_id for p in plans]
    tasks = dict(Task.objects.filter(body_id__in=ids, state=Task.State.DRAWN,
                                     starts_on__year=year)
                 .values("body").annotate(n=Count("id")).values_list("body", "n"))
    objects = dict(Assignment.objects.filter(draw__task__body_id__in=ids, current=True,
                                             drawn_on__year=year)
                   .values("draw__task__body").annotate(n=Count("id"))
                   .values_list("draw__task__body", "n"))
    results = dict(Result.objects.filter(body_id__in=ids, inspected_on__year=year)
                   .values("body").annotate(n=Count("id")).values_list("body", "n"))
    return [PlanRow(p, tasks.get(p.body_id, 0), objects.get(p.body_id, 0),
                    results.get(p.body_id, 0)) for p in plans]


def coverage(year: int) -> tuple[int, int]:
    """(objects drawn this year by any body, objects in the directory)."""
    drawn = (Assignment.objects.filter(current=True, drawn_on__year=year)
             .values("target").distinct().count())
    return drawn, Target.objects.filter(active=True).count()


def over_cap(year: int, on: date):
    cap = int(rulebook.get("ins.yearly_cap", on=on))
    return cap, list(Target.objects.annotate(n=Count("assignments", filter=Q(
        assignments__current=True, assignments__drawn_on__year=year))).filter(n__gt=cap)
        .order_by("-n", "code")[:LIMIT])


def workloads(bodies, year: int):
    return list(AssignmentOfficer.objects.filter(
        officer__body__in=bodies, assignment__current=True, assignment__drawn_on__year=year)
        .values("officer__name", "officer__body__name", "certificate_number")
        .annotate(n=Count("id")).order_by("-n", "officer__name")[:LIMIT])
