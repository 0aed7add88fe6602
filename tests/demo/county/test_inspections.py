"""The demo county's random inspections (issue 13, item 8): loaded through the actions."""

import pytest
from django.test import Client

from sanxiang.inspections import drawing, public
from sanxiang.inspections.models import Draw, Plan, Result, Target, Task

pytestmark = pytest.mark.django_db


def test_demo_has_plans_draws_redraw_joint_task_and_every_result_R_INS_06(loaded_demo):
    assert Plan.objects.count() == 2
    assert Target.objects.exclude(kind=Target.Kind.ENTERPRISE).exists()
    assert Target.objects.filter(abnormal=True).exists()
    assert set(Target.objects.values_list("credit_class", flat=True)) >= set("ABCD")
    tasks = list(Task.objects.all())
    assert len(tasks) == 3 and any(t.partners.exists() for t in tasks)
    superseded = Draw.objects.get(state=Draw.State.SUPERSEDED)
    assert superseded.redrawn_by.redraw_reason
    for draw in Draw.objects.all():  # every draw recomputes from its public file
        assert drawing.verify(public.draw_record(draw)) == [], draw
    categories = set(Result.objects.values_list("category", flat=True))
    assert categories == set(Result.Category.values)
    assert Result.objects.filter(case__isnull=False).count() == 1
    joint = next(t for t in tasks if t.partners.exists())
    assignment = Draw.objects.get(task=joint).assignments.first()
    assert assignment.results.count() == 2  # each body its own result (R-INS-05)
    published = Result.objects.filter(state=Result.State.PUBLISHED)
    assert published.exists() and Result.objects.filter(state=Result.State.RECORDED).exists()
    page = Client().get("/inspections/results/").content.decode()
    assert published.order_by("-published_on", "-id").first().assignment.target.name in page
