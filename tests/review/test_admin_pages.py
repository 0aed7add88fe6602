"""The admin's detail pages of review rounds and discussions read as Chinese text: the
materials, findings, attendees and opinions are rendered, never shown as raw JSON."""

import pytest
from django.urls import reverse

from sanxiang.org.models import User
from sanxiang.review import actions as review

from .helpers import decide, not_ok, submitted, to_review
from .test_review import ATTENDEES, KEPT, OPINIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def root_client(client_for):
    return client_for(User.objects.create_superuser("root", "root@example.org",
                                                    "x-Secret-2026!"))


def test_submission_detail_shows_findings_as_questions_and_answers(
        body_a, officers, officer_user_a, reviewer_user_a, root_client):
    case = to_review(body_a, officers)
    submission = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a),
                        reviewer_user_a, outcome="rejected", findings=not_ok(),
                        opinion="证据不足以认定违法事实，不同意。")
    page = root_client.get(reverse("admin:review_submission_change", args=[submission.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '{"' not in html and "&quot;ok&quot;" not in html and "'ok'" not in html
    assert "证据是否合法、充分" in html or "证据" in html
    assert "现场检查笔录未经当事人签字确认" in html and "<td>否</td>" in html
    assert "<dt>" in html  # the materials, one label each


def test_discussion_detail_shows_attendees_and_opinions(
        body_a, officers, officer_user_a, reviewer_user_a, head_user_a, root_client):
    from cases.engine_helpers import ago

    case = to_review(body_a, officers)
    submission = decide(submitted(case, officer_user_a, reviewer=reviewer_user_a),
                        reviewer_user_a, outcome="rejected", findings=not_ok(),
                        opinion="证据不足以认定违法事实，不同意。")
    review.answer_rejection(acting_user=officer_user_a, submission=submission, accept=False,
                            reason="现场照片和视频足以证明违法事实。", on=ago(39))
    discussion = review.record_discussion(
        acting_user=head_user_a, case=case, held_on=ago(38), reason="disagreement",
        attendees=ATTENDEES, opinions=OPINIONS, conclusion="减轻处罚，罚款二千元。", **KEPT)
    page = root_client.get(reverse("admin:review_discussion_change", args=[discussion.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "孙志强（局长）、李明（副局长）" in html
    assert "<li>孙志强：同意法制机构意见，减轻处罚。</li>" in html
    assert "&quot;name&quot;" not in html and '"name"' not in html


def test_the_admin_lists_name_the_reviewer_and_the_recorder_by_name_R_REV_04(
        body_a, officers, officer_user_a, reviewer_user_a, root_client):
    """The walk of ADR 0073: the lists of review rounds showed the reviewer's login name
    (reviewer_a), where the workbench names the person."""
    case = to_review(body_a, officers)
    submitted(case, officer_user_a, reviewer=reviewer_user_a)
    html = root_client.get(reverse("admin:review_submission_changelist")).content.decode()
    assert reviewer_user_a.get_full_name() in html
    assert f">{reviewer_user_a.username}<" not in html
