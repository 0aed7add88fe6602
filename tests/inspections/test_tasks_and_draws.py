"""Tasks (R-INS-02), draws (R-INS-03) and results (R-INS-04) through the actions."""

from datetime import timedelta

import pytest
from conftest import qualified_officer
from django.contrib.admin.sites import site
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.utils import timezone

from sanxiang.core import rulebook
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent, RulebookEntry
from sanxiang.inspections import actions, drawing
from sanxiang.inspections.models import Assignment, Draw, Result, Target, Task
from sanxiang.ledger.events import EventKind

from .factories import inspection_item, publish_items


def drawn(task, seed="12345"):
    draw = actions.publish_lists(acting_user=None, task=task)
    return actions.enter_seed(acting_user=None, draw=draw, seed=seed, witness="县公证处 刘公证员")


# --------------------------------------------------------------------------------------
# R-INS-02: tasks


def test_ratio_floor_is_a_rulebook_setting_R_INS_02(make_task):
    task = make_task(ratio=2)  # the item's own ratio (5%) wins over a lower one
    assert task.ratio == 5
    with pytest.raises(RuleViolation) as caught:
        make_task(filter_kind="directed", filters={"industries": ["化工"]},
                  item_codes=["AQ-SJ-002"], ratio=4)
    assert caught.value.code == "R-INS-02" and "5" in caught.value.message
    RulebookEntry.objects.create(key="ins.ratio_floor_directed", value=3,
                                 effective_from=timezone.localdate() - timedelta(days=1),
                                 note="本省规定")
    assert rulebook.get("ins.ratio_floor_directed") == 3
    task = make_task(filter_kind="directed", filters={"industries": ["化工"]},
                     item_codes=["AQ-SJ-002"], ratio=4)
    assert task.filter_kind == Task.FilterKind.DIRECTED


def test_class_ratios_within_rulebook_ranges_R_INS_02(make_task):
    with pytest.raises(RuleViolation) as caught:
        make_task(class_ratios={"A": 10, "B": 10, "C": 30, "D": 80})
    assert "A" in caught.value.message
    with pytest.raises(RuleViolation):
        make_task(class_ratios={"A": 5})  # all four or none
    task = make_task(class_ratios={"A": 3, "B": 10, "C": 30, "D": 80})
    assert task.class_ratios == {"A": "3.00", "B": "10.00", "C": "30.00", "D": "80.00"}


def test_at_least_two_inspectors_per_object_R_ORG_04(make_task):
    with pytest.raises(RuleViolation) as caught:
        make_task(per_object=1)
    assert caught.value.code == "R-ORG-04"


def test_directed_task_needs_a_condition_R_INS_02(make_task):
    with pytest.raises(RuleViolation):
        make_task(filter_kind="directed", filters={})


def test_only_the_head_manages_tasks_R_INS_02(make_task, officer_user_a, head_user_a):
    with pytest.raises(PermissionDenied):
        make_task(acting_user=officer_user_a)
    assert make_task(acting_user=head_user_a).created_by == head_user_a


def test_directed_filter_and_strata_R_INS_02(make_task, directory, inspectors_a):
    task = make_task(filter_kind="directed", filters={"industries": ["化工"]},
                     class_ratios={"A": 5, "B": 20, "C": 60, "D": 100})
    draw = actions.publish_lists(acting_user=None, task=task)
    strata = {s["key"]: s for s in draw.lists["strata"]}
    chemical = {t.code: t for t in directory if t.industry == "化工"}
    listed = [code for s in draw.lists["strata"] for code in s["objects"]]
    assert set(listed) == set(chemical)
    for key, stratum in strata.items():
        assert all(chemical[c].credit_class == key for c in stratum["objects"]) or key == "-"
        assert stratum["objects"] == sorted(stratum["objects"])
    assert strata["D"]["take"] == len(strata["D"]["objects"])  # D: 100%


def test_conflicted_inspectors_never_assigned_R_INS_02(make_task, directory, inspectors_a):
    target = directory[0]
    for officer in inspectors_a[:3]:
        actions.declare_conflict(acting_user=None, target=target, officer=officer,
                                 reason="relative", declared_on=timezone.localdate())
    actions.declare_conflict(acting_user=None, target=directory[1], officer=inspectors_a[0],
                             reason="object_request", declared_on=timezone.localdate())
    task = make_task(ratio=100)
    draw = drawn(task)
    codes = [c for s in draw.lists["strata"] for c in s["objects"]]
    # Three of four inspectors excluded: the object cannot get two, so it is not a candidate.
    assert target.code not in codes
    assert draw.lists["excluded"]["too_few_inspectors"] == 1
    assignment = Assignment.objects.get(draw=draw, target=directory[1])
    assert inspectors_a[0].pk not in {a.officer_id for a in assignment.assigned.all()}
    assert [directory[1].code, "13010201001"] in draw.lists["conflicts"]


def test_recently_inspected_excluded_unless_key_or_d_class_R_INS_02(make_task, directory,
                                                                     inspectors_a):
    first = drawn(make_task(ratio=100))
    drawn_codes = {s["object"] for s in first.result["selected"]}
    assert len(drawn_codes) == 30
    again = actions.publish_lists(acting_user=None, task=make_task(ratio=100))
    candidates = {c for s in again.lists["strata"] for c in s["objects"]}
    # Only D-class objects may be drawn again for the same item within 12 months.
    assert candidates == {t.code for t in directory if t.credit_class == "D"}
    other_item = actions.publish_lists(acting_user=None, task=make_task(
        ratio=100, item_codes=["AQ-SJ-002"]))
    assert other_item.object_count == 30
    key = actions.publish_lists(acting_user=None, task=make_task(
        ratio=100, key_items=["AQ-SJ-001"]))
    assert key.object_count == 30


def test_yearly_cap_across_all_bodies_R_INS_02(make_task, directory, inspectors_a, body_b,
                                              officer_b1):
    RulebookEntry.objects.create(key="ins.yearly_cap", value=1,
                                 effective_from=timezone.localdate() - timedelta(days=1),
                                 note="测试")
    drawn(make_task(ratio=100, key_items=["AQ-SJ-001"]))
    # Body B, another body with its own list and inspectors, finds every object capped.
    publish_items(body_b, [inspection_item("SC-SJ-001", "食品经营者监督检查", 5)])
    for officer in (officer_b1, qualified_officer(body_b, "马丽", ["SCJG"], "13010401002")):
        actions.enroll_inspector(acting_user=None, officer=officer)
    task_b = make_task(body=body_b, field_code="SCJG", item_codes=["SC-SJ-001"], ratio=100)
    with pytest.raises(RuleViolation) as caught:
        actions.publish_lists(acting_user=None, task=task_b)
    assert caught.value.code == "R-INS-02"
    RulebookEntry.objects.create(key="ins.yearly_cap", value=2,
                                 effective_from=timezone.localdate() - timedelta(days=1),
                                 note="测试")
    assert actions.publish_lists(acting_user=None, task=task_b).object_count == 30


# --------------------------------------------------------------------------------------
# R-INS-03: verifiable draws


def test_lists_published_before_the_seed_with_digest_in_ledger_R_INS_03(make_task, directory,
                                                                        inspectors_a):
    task = make_task()
    draw = actions.publish_lists(acting_user=None, task=task)
    assert draw.state == Draw.State.PUBLISHED and not draw.seed
    event = LedgerEvent.objects.get(kind=EventKind.DRAW_LISTS_PUBLISHED)
    assert draw.lists_digest in event.payload
    assert draw.lists_digest == drawing.digest("sm3", draw.lists)
    assert draw.lists["seed_source"] == task.seed_source
    with pytest.raises(RuleViolation):
        actions.publish_lists(acting_user=None, task=task)  # the lists are fixed
    with pytest.raises(RuleViolation) as caught:
        actions.enter_seed(acting_user=None, draw=draw, seed="4 8 15", witness="")
    assert "见证" in caught.value.message


def test_draw_recomputes_from_published_data_R_INS_03(make_task, directory, inspectors_a):
    draw = drawn(make_task(class_ratios={"A": 5, "B": 20, "C": 60, "D": 100}), seed="4 8 15")
    published = {"lists": draw.lists, "lists_digest": draw.lists_digest, "seed": draw.seed,
                 "result": draw.result, "result_digest": draw.result_digest}
    assert drawing.verify(published) == []
    assert drawing.draw(draw.lists, "4 8 15") == draw.result
    assignments = list(draw.assignments.order_by("position"))
    assert [a.target.code for a in assignments] == [s["object"] for s in draw.result["selected"]]
    for assignment, selected in zip(assignments, draw.result["selected"], strict=True):
        assert [a.certificate_number for a in assignment.assigned.all()] == \
            selected["inspectors"]
    event = LedgerEvent.objects.get(kind=EventKind.DRAW_MADE)
    assert draw.result_digest in event.payload and "4 8 15" in event.payload


def test_draw_cannot_be_redone_silently_or_deleted_R_INS_03(make_task, directory, inspectors_a,
                                                          admin_user):
    draw = drawn(make_task())
    with pytest.raises(RuleViolation) as caught:
        actions.enter_seed(acting_user=None, draw=draw, seed="99999", witness="另一人")
    assert caught.value.code == "R-INS-03"
    with pytest.raises(RuleViolation):
        actions.redraw(acting_user=None, draw=draw, reason="  ")
    with pytest.raises(ProtectedError):
        draw.task.delete()
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = site._registry[Draw]
    assert not model_admin.has_delete_permission(request, draw)
    assert not model_admin.has_change_permission(request, draw)

    second = actions.redraw(acting_user=None, draw=draw,
                            reason="抽中对象已于上周注销，名录未及时更新")
    draw.refresh_from_db()
    assert draw.state == Draw.State.SUPERSEDED and draw.result  # the first stays, public
    assert second.redraw_of == draw and second.sequence == 2
    assert not draw.assignments.filter(current=True).exists()
    second = actions.enter_seed(acting_user=None, draw=second, seed="24680", witness="刘公证员")
    assert LedgerEvent.objects.filter(kind=EventKind.DRAW_SUPERSEDED).count() == 1


# --------------------------------------------------------------------------------------
# R-INS-04: results


def test_result_published_within_20_workdays_R_INS_04(make_task, directory, inspectors_a,
                                                      officer_user_a, clerk_user_a):
    draw = drawn(make_task(ratio=100))
    assignment = draw.assignments.filter(assigned__officer=inspectors_a[0]).first()
    today = timezone.localdate()
    result = actions.record_result(
        acting_user=officer_user_a, assignment=assignment, body=draw.task.body,
        category=Result.Category.NO_PROBLEM, method=Result.Method.ON_SITE, follow_up="none",
        inspected_on=today)
    assert result.recorded_on == today and result.due_on > today + timedelta(days=20)
    assert not actions.is_overdue(result, today)
    assert actions.is_overdue(result, result.due_on + timedelta(days=1))
    assignment.target.refresh_from_db()
    assert assignment.target.last_inspected_on == today
    with pytest.raises(RuleViolation):  # one result per body and object
        actions.record_result(acting_user=officer_user_a, assignment=assignment,
                              body=draw.task.body, category="no_problem", method="on_site",
                              follow_up="none", inspected_on=today)
    with pytest.raises(PermissionDenied):
        actions.publish_result(acting_user=officer_user_a, result=result)
    result = actions.publish_result(acting_user=clerk_user_a, result=result)
    assert result.published_on == today


def test_only_assigned_inspectors_record_results_R_INS_04(make_task, directory, inspectors_a,
                                                          officer_user_a):
    draw = drawn(make_task(ratio=100))
    other = draw.assignments.exclude(assigned__officer=inspectors_a[0]).first()
    with pytest.raises(PermissionDenied):
        actions.record_result(acting_user=officer_user_a, assignment=other,
                              body=draw.task.body, category="no_problem", method="on_site",
                              follow_up="none", inspected_on=timezone.localdate())


def test_problem_needs_follow_up_and_opens_a_case_R_INS_04(make_task, directory, inspectors_a,
                                                           officer_user_a):
    draw = drawn(make_task(ratio=100))
    assignment = draw.assignments.filter(assigned__officer=inspectors_a[0]).first()
    with pytest.raises(RuleViolation) as caught:
        actions.record_result(acting_user=officer_user_a, assignment=assignment,
                              body=draw.task.body, category="pending", method="on_site",
                              follow_up="none", inspected_on=timezone.localdate())
    assert caught.value.code == "R-INS-04"
    result = actions.record_result(
        acting_user=officer_user_a, assignment=assignment, body=draw.task.body,
        category="pending", method="on_site", follow_up="correction",
        findings="未建立安全生产教育和培训档案", inspected_on=timezone.localdate())
    case = actions.open_case_for_result(acting_user=officer_user_a, result=result,
                                        title="未如实记录安全生产教育和培训情况案",
                                        facts="双随机抽查发现未建立培训档案。")
    result.refresh_from_db()
    assert result.case == case and result.follow_up == Result.FollowUp.CASE
    assert draw.task.number in case.source
    assert case.parties.get().name == assignment.target.name
    with pytest.raises(RuleViolation):
        actions.open_case_for_result(acting_user=officer_user_a, result=result, title="再次")


def test_joint_task_each_body_records_its_own_result_R_INS_05(make_task, directory,
                                                              inspectors_a, body_b, officer_b1):
    task = make_task(ratio=100, partners=[body_b])
    draw = drawn(task)
    assignment = draw.assignments.first()
    for body in (task.body, body_b):
        actions.record_result(acting_user=None, assignment=assignment, body=body,
                              category="no_problem", method="on_site", follow_up="none",
                              inspected_on=timezone.localdate())
    assert assignment.results.count() == 2
    assert Target.objects.filter(last_inspected_on__isnull=False).count() == 1


def test_joint_task_puts_an_inspector_of_each_body_on_every_object_R_INS_05(
        make_task, directory, inspectors_a, body_b, fields):
    from conftest import qualified_officer

    from sanxiang.inspections import drawing

    partners = [qualified_officer(body_b, name, ["SCJG"], f"1301040220{i}")
                for i, name in enumerate(("赵敏", "钱进"))]
    for officer in partners:
        actions.enroll_inspector(acting_user=None, officer=officer)
    with pytest.raises(RuleViolation) as refused:  # two bodies, one inspector each at least
        make_task(ratio=100, partners=[body_b], each_body=True, per_object=1)
    assert refused.value.code in ("R-INS-05", "R-ORG-04")
    task = make_task(ratio=100, partners=[body_b], each_body=True)
    draw = drawn(task, seed="97531")
    assert draw.lists["each_group"] and set(draw.lists["groups"].values()) == {
        task.body.name, body_b.name}
    for assignment in draw.assignments.prefetch_related("assigned__officer"):
        bodies = {a.officer.body_id for a in assignment.assigned.all()}
        assert bodies == {task.body.pk, body_b.pk}, assignment
    # The draw is still a function of (lists, seed): the verifier agrees, and without the
    # requirement the same lists draw as before (lead-body pairs appear).
    assert drawing.verify({"lists": draw.lists, "lists_digest": draw.lists_digest,
                           "seed": draw.seed, "result": draw.result}) == []
    plain = {k: v for k, v in draw.lists.items() if k not in ("each_group", "groups")}
    result = drawing.draw(plain, "97531")
    assert any({draw.lists["groups"][n] for n in s["inspectors"]} == {task.body.name}
               for s in result["selected"])
