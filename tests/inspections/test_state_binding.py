"""Random-inspection rows bound to the ledger (R-REC-02 for R-INS-01..04): inspectors,
conflicts, plans, tasks with their draws and assignments, results and scan reports written
through the actions verify; a row edited with raw SQL outside them is named by ``ledger
verify --state``."""

import pytest
from django.utils import timezone
from state_attacks import assert_edits_named, named, sql

from sanxiang.inspections import actions
from sanxiang.inspections.models import Result
from sanxiang.org.models import Officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(body_a, make_task, directory, inspectors_a, officer_user_a, clerk_user_a):
    plan = actions.file_plan(acting_user=None, body=body_a, year=timezone.localdate().year,
                             title="2026年度双随机抽查计划", planned_tasks=2,
                             planned_objects=20, content="全年开展两次工贸企业安全生产抽查。")
    conflict = actions.declare_conflict(acting_user=None, target=directory[0],
                                        officer=inspectors_a[3], reason="relative",
                                        declared_on=timezone.localdate(), note="近亲属任职")
    task = make_task(ratio=100, plan=plan)
    draw = actions.publish_lists(acting_user=None, task=task)
    draw = actions.enter_seed(acting_user=None, draw=draw, seed="12345", witness="刘公证员")
    assignment = draw.assignments.filter(assigned__officer=inspectors_a[0]).first()
    result = actions.record_result(
        acting_user=officer_user_a, assignment=assignment, body=task.body,
        category=Result.Category.NO_PROBLEM, method=Result.Method.ON_SITE, follow_up="none",
        inspected_on=timezone.localdate())
    result = actions.publish_result(acting_user=clerk_user_a, result=result)
    report = actions.report_inspection(assignment=None, reporter="某企业负责人",
                                       content="有人自称执法人员到厂检查，平台上查不到。")
    return {"plan": plan, "conflict": conflict, "task": task, "draw": draw,
            "assignment": assignment, "result": result, "report": report,
            "officer": inspectors_a[0]}


def test_inspection_rows_written_by_actions_verify_R_INS_03_R_INS_04(inspected):
    result, found = named()
    assert result.ok, result.summary()
    assert found == []


EDITS = [  # (fixture key, table, column, value written by hand)
    ("plan", "inspections_plan", "title", "改过的计划"),
    ("task", "inspections_task", "ratio", "50.00"),
    ("draw", "inspections_draw", "seed", "54321"),
    ("assignment", "inspections_assignment", "stratum", "D"),
    ("result", "inspections_result", "findings", "补写的检查发现"),
    ("report", "inspections_scanreport", "reporter", "另一人"),
    ("conflict", "inspections_conflict", "note", "改过的说明"),
]


def test_inspection_rows_edited_outside_the_actions_are_named_R_INS_03_attack_edit_row(
        inspected):
    assert_edits_named(inspected, EDITS)


def test_inspector_swapped_on_an_assignment_is_named_R_INS_03_attack_edit_row(inspected):
    # The drawn inspector replaced by hand: the assignment's inspectors no longer match.
    assignment = inspected["assignment"]
    other = Officer.objects.filter(body=assignment.draw.task.body).exclude(
        pk__in=assignment.officers.values("pk")).first()
    sql("UPDATE inspections_assignmentofficer SET officer_id = %s WHERE assignment_id = %s"
        " AND officer_id = %s", [other.pk, assignment.pk, inspected["officer"].pk])
    _result, found = named()
    assert found == [("changed", "inspections_assignment", assignment.pk, ("officers",))]
