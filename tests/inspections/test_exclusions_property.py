"""Over random directories (hypothesis): conflicted inspectors, recently inspected objects
and objects at the yearly cap are never drawn (R-INS-02), and the stored draw is the
published function of its lists and seed (R-INS-03)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.core.errors import RuleViolation
from sanxiang.inspections import actions, drawing
from sanxiang.inspections.models import Assignment

from .factories import target_data

CLASSES = ("A", "B", "C", "D", "")

directories = st.fixed_dictionaries({
    "classes": st.lists(st.sampled_from(CLASSES), min_size=3, max_size=14),
    "conflicts": st.lists(st.tuples(st.integers(0, 13), st.integers(0, 3)), max_size=12),
    "earlier": st.lists(st.integers(0, 13), max_size=6, unique=True),
    "key": st.booleans(),
    "seed": st.integers(0, 99999),
})


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=directories)
def test_excluded_never_drawn_over_random_directories_R_INS_02(case, make_task, inspectors_a):
    with transaction.atomic():
        targets = [actions.add_target(acting_user=None,
                                      **target_data(500 + i, credit_class=cls))
                   for i, cls in enumerate(case["classes"])]
        today = timezone.localdate()
        conflicts = set()
        for t, o in case["conflicts"]:
            if t < len(targets):
                actions.declare_conflict(acting_user=None, target=targets[t],
                                         officer=inspectors_a[o], reason="declared",
                                         declared_on=today)
                conflicts.add((targets[t].pk, inspectors_a[o].pk))
        earlier = [targets[i] for i in case["earlier"] if i < len(targets)]
        if earlier:  # an earlier task drew these objects for the same item
            first = make_task(ratio=100, filter_kind="directed",
                              filters={"regions": ["13"]}, key_items=["AQ-SJ-001"])
            first_draw = actions.publish_lists(acting_user=None, task=first)
            actions.enter_seed(acting_user=None, draw=first_draw, seed="1", witness="见证人")
            Assignment.objects.filter(draw=first_draw).exclude(
                target__in=earlier).update(current=False)
        task = make_task(ratio=100, key_items=["AQ-SJ-001"] if case["key"] else [],
                         ends_on=today + timedelta(days=5))
        try:
            draw = actions.publish_lists(acting_user=None, task=task)
        except RuleViolation:
            transaction.set_rollback(True)
            return  # nothing drawable: nothing to check
        draw = actions.enter_seed(acting_user=None, draw=draw, seed=str(case["seed"]),
                                  witness="见证人")
        listed = {code for s in draw.lists["strata"] for code in s["objects"]}
        for target in earlier:
            if not case["key"] and target.credit_class != "D":
                assert target.code not in listed  # inspected within 12 months
        for assignment in draw.assignments.all():
            for assigned in assignment.assigned.all():
                assert (assignment.target_id, assigned.officer_id) not in conflicts
            assert assignment.assigned.count() == 2
        assert drawing.draw(draw.lists, draw.seed) == draw.result
        transaction.set_rollback(True)
