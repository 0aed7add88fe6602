"""待办 (issue 11, item 4): every role's list, computed from the cases' own deadline and
rule engine, on the workbench home page and as JSON at ``GET /api/todo``."""

import pytest
from cases.engine_helpers import ago
from cases.factories import make_case
from django.urls import reverse
from review.helpers import submitted, to_review

from sanxiang.calendar import workdays
from sanxiang.cases import deadlines
from sanxiang.review import actions as review
from sanxiang.workbench import todo

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_case(body_a, officer_a1, officer_a2):
    """Opened 120 days ago and never decided: the 90-day decision limit has passed."""
    return make_case(body_a, [officer_a1, officer_a2], days_ago=120)


def _items(user, kind):
    return [item for item in todo.for_user(user).items if item.kind == kind]


def test_officer_todo_shows_the_case_engine_deadline_overdue_R_CASE_05(officer_user_a,
                                                                        late_case):
    decision = deadlines.deadline(late_case, "decide", "R-CASE-05")
    assert decision.overdue
    items = [i for i in _items(officer_user_a, "deadline") if late_case.number in i.title]
    assert len(items) == 1
    item = items[0]
    assert item.due == decision.due
    assert item.overdue_workdays == workdays.count_workdays(decision.due, ago(0)).count
    assert item.url == reverse("cases:detail", args=[late_case.pk])
    assert "R-CASE-05" in item.note


def test_todo_json_for_the_signed_in_user(client_for, officer_user_a, late_case):
    response = client_for(officer_user_a).get("/api/todo")
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= 1
    item = next(i for i in data["items"] if late_case.number in i["title"])
    assert set(item) >= {"kind", "title", "due", "overdue_workdays", "url"}
    assert item["kind"] == "deadline" and item["overdue_workdays"] > 0
    assert item["url"] == reverse("cases:detail", args=[late_case.pk])
    assert next(g for g in data["groups"] if g["kind"] == "deadline")["label"] == "到期和超期的环节"


def test_todo_json_needs_a_signed_in_user(client):
    assert client.get("/api/todo").status_code == 401


def test_todo_is_scoped_to_the_users_bodies(officer_user_b, late_case):
    assert all(late_case.number not in item.title for item in todo.for_user(officer_user_b).items)


def test_head_and_supervisor_see_the_overdue_case_R_CASE_05(head_user_a, supervisor_user,
                                                             late_case):
    extension = [i for i in _items(head_user_a, "extension") if late_case.number in i.title]
    assert extension and extension[0].overdue
    overdue = [i for i in _items(supervisor_user, "case_overdue")
               if late_case.number in i.title]
    assert overdue and overdue[0].url == reverse("cases:detail", args=[late_case.pk])


def test_home_page_lists_the_todo_with_counts(client_for, officer_user_a, late_case):
    page = client_for(officer_user_a).get(reverse("workbench:home")).content.decode()
    assert "待办" in page and "到期和超期的环节" in page
    assert reverse("cases:detail", args=[late_case.pk]) in page
    assert 'class="count"' in page
    assert "超期" in page


def test_reviewer_todo_and_queue_open_on_unassigned_submissions_R_REV_07(
        client_for, reviewer_user_a, officer_user_a, body_a, officer_a1, officer_a2):
    case = to_review(body_a, [officer_a1, officer_a2])
    submission = submitted(case, officer_user_a, on=ago(30))
    unassigned = _items(reviewer_user_a, "review_unassigned")
    assert [i.url for i in unassigned] == [reverse("review:submission", args=[submission.pk])]
    assert unassigned[0].due == review.review_deadline(submission).due
    assert _items(reviewer_user_a, "review_overdue")  # received 30 days ago
    queue = client_for(reviewer_user_a).get(reverse("review:queue"))
    assert queue.context["tab"] == "pending"
    counts = {code: count for code, _label, count in queue.context["tabs"]}
    assert counts == {"pending": 1, "mine": 0, "all": 1}
    assert reverse("review:submission", args=[submission.pk]) in queue.content.decode()


def test_queue_opens_on_mine_when_nothing_waits_for_assignment(client_for, reviewer_user_a):
    queue = client_for(reviewer_user_a).get(reverse("review:queue"))
    assert queue.context["tab"] == "mine"


def test_rulebook_memo_reads_the_same_values_as_without_it(body_a, body_b):
    """The 待办 reads settings inside ``rulebook.memoized()``: a body's own entry, the general
    one, and their effective dates must resolve exactly as without it."""
    from datetime import date

    from sanxiang.core import rulebook
    from sanxiang.core.models import RulebookEntry

    key = "case.decision_days"
    RulebookEntry.objects.create(key=key, value=80, body=None, effective_from=date(2024, 1, 1))
    RulebookEntry.objects.create(key=key, value=60, body=body_a, effective_from=date(2025, 6, 1))
    cases = [(body, on) for body in (None, body_a, body_b)
             for on in (date(2023, 1, 1), date(2024, 5, 1), date(2025, 6, 1), date(2026, 1, 1))]
    plain = [rulebook.get(key, body=body, on=on) for body, on in cases]
    with rulebook.memoized():
        memo = [rulebook.get(key, body=body, on=on) for body, on in cases]
    assert memo == plain
    assert plain[4:8] == [rulebook.DEFAULTS[key][0], 80, 60, 60]


def test_messages_lead_with_the_sentence_and_end_with_the_rule_id():
    from sanxiang.workbench.templatetags.workbench import rule_id_last

    sentence = "您是本案件的承办执法人员，不得对本案进行法制审核。"
    assert str(rule_id_last(f"R-REV-03：{sentence}")) == (
        f'{sentence} <small class="rule-id">R-REV-03</small>')
    assert str(rule_id_last("R-CASE-02 程序：“调查”环节之后不能进入“结案”环节。")).startswith(
        "“调查”环节之后")
    assert str(rule_id_last("<b>没有规则编号</b>")) == "<b>没有规则编号</b>"
