"""Supervision documents (R-SUP-04): 监督意见书/建议书/决定书/通报 issued to a body,
numbered per kind and year, with a deadline to answer; the body's answer and
rectification recorded; overdue answers flagged; every step on the ledger."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.supervision import actions, dashboard
from sanxiang.supervision.models import SupervisionDocument

pytestmark = pytest.mark.django_db


def issue(body, user, *, days_ago=20, due_in=15, kind="opinion"):
    today = timezone.localdate()
    issued_on = today - timedelta(days=days_ago)
    return actions.issue_supervision_document(
        acting_user=user, body=body, kind=kind, title="关于规范行政处罚案卷制作的监督意见",
        content="经评查，你局2026年度行政处罚案卷存在送达回证缺失等问题，请限期整改。",
        issued_on=issued_on, answer_due=issued_on + timedelta(days=due_in))


def test_documents_numbered_per_kind_and_year_on_the_ledger_R_SUP_04(body_a, supervisor_user):
    first = issue(body_a, supervisor_user)
    second = issue(body_a, supervisor_user)
    circular = issue(body_a, supervisor_user, kind="circular")
    year = first.issued_on.year
    assert first.number == f"监督意见〔{year}〕1号" and second.number == f"监督意见〔{year}〕2号"
    assert circular.number == f"监督通报〔{year}〕1号"
    assert LedgerEvent.objects.filter(kind=EventKind.SUPERVISION_DOCUMENT_ISSUED).count() == 3


def test_only_the_supervisor_issues_and_the_head_answers_R_SUP_04(
        body_a, supervisor_user, head_user_a, officer_user_a):
    with pytest.raises(PermissionDenied):
        issue(body_a, head_user_a)
    document = issue(body_a, supervisor_user)
    with pytest.raises(PermissionDenied):
        actions.answer_supervision_document(acting_user=officer_user_a, document=document,
                                            on=timezone.localdate(), answer="已整改")
    with pytest.raises(RuleViolation) as refused:
        actions.issue_supervision_document(
            acting_user=supervisor_user, body=body_a, kind="decision", title="决定",
            content="内容", issued_on=timezone.localdate(), answer_due=timezone.localdate())
    assert refused.value.code == "R-SUP-04"


def test_overdue_answer_flagged_then_answered_late_R_SUP_04(body_a, supervisor_user,
                                                            head_user_a):
    document = issue(body_a, supervisor_user, days_ago=30, due_in=15)
    assert actions.document_overdue(document)
    board = dashboard.build(supervisor_user, timezone.localdate())
    assert board.total.documents_overdue == 1
    document = actions.answer_supervision_document(
        acting_user=head_user_a, document=document, on=timezone.localdate(),
        answer="已组织全局案卷自查。", rectification="补齐送达回证12份，修订案卷归档制度。")
    assert document.state == SupervisionDocument.State.ANSWERED
    assert not actions.document_overdue(document)
    event = LedgerEvent.objects.get(kind=EventKind.SUPERVISION_DOCUMENT_ANSWERED)
    assert '"late":true' in event.payload.replace(" ", "")


def test_document_pages_issue_and_answer_R_SUP_04(body_a, supervisor_user, head_user_a,
                                                  client_for):
    supervisor = client_for(supervisor_user)
    today = timezone.localdate()
    response = supervisor.post(reverse("supervision:document_new"), {
        "body": body_a.pk, "kind": "suggestion", "title": "关于加强音像记录的监督建议",
        "content": "建议对现场检查全程音像记录。", "issued_on": today.isoformat(),
        "answer_due": (today + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    document = SupervisionDocument.objects.get()
    head = client_for(head_user_a)
    page = head.get(reverse("supervision:document", args=[document.pk])).content.decode()
    assert document.number in page
    response = head.post(reverse("supervision:document", args=[document.pk]), {
        "on": today.isoformat(), "answer": "已采纳建议。", "rectification": "配备执法记录仪20台。"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.rectification == "配备执法记录仪20台。"
    assert head.get(reverse("supervision:document_new")).status_code == 404
