"""The annual statistics (R-PUB-09) count random inspections (R-INS-04) under 检查: one per
result a body recorded, each joint body its own (R-INS-05)."""

import pytest
from django.utils import timezone

from sanxiang.disclosure import statistics
from sanxiang.inspections import actions

from .test_tasks_and_draws import drawn

pytestmark = pytest.mark.django_db


def test_statistics_count_random_inspections_per_body_R_PUB_09(make_task, directory,
                                                               inspectors_a, body_b):
    task = make_task(ratio=100, partners=[body_b])
    draw = drawn(task)
    today = timezone.localdate()
    first, second = draw.assignments.order_by("position")[:2]
    for assignment in (first, second):
        actions.record_result(acting_user=None, assignment=assignment, body=task.body,
                              category="no_problem", method="on_site", follow_up="none",
                              inspected_on=today)
    actions.record_result(acting_user=None, assignment=first, body=body_b,
                          category="no_problem", method="documents", follow_up="none",
                          inspected_on=today)
    lead = statistics.figures(task.body, today.year)
    assert lead.count(statistics.INSPECTION) == 2 and lead.total == 2
    assert statistics.figures(body_b, today.year).count(statistics.INSPECTION) == 1
    quarter = (today.month - 1) // 3 + 1
    assert statistics.figures(task.body, today.year, quarter).count(
        statistics.INSPECTION) == 2
    overview = {f.body.pk: f.count(statistics.INSPECTION)
                for f in statistics.summaries([task.body, body_b], today.year)}
    assert overview == {task.body.pk: 2, body_b.pk: 1}
    assert statistics.figures(task.body, today.year - 1).count(statistics.INSPECTION) in (
        None, 0)
