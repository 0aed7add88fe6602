"""The demo county's supervision (issue 14, item 7): complaints in every state, a case
opened on a report, supervision documents answered and overdue, outcomes with a revocation
that marks a publication for withdrawal, and an evaluation round with graded files."""

import pytest
from django.utils import timezone

from sanxiang.inspections import drawing
from sanxiang.supervision import actions, dashboard
from sanxiang.supervision import evaluation_actions as rounds
from sanxiang.supervision.models import (
    Complaint,
    Evaluation,
    EvaluationCampaign,
    Outcome,
    SupervisionDocument,
)

pytestmark = pytest.mark.django_db


def test_demo_supervision_through_the_actions_R_SUP_01(loaded_demo):
    today = timezone.localdate()
    assert set(Complaint.objects.values_list("state", flat=True)) == set(Complaint.State.values)
    assert Complaint.objects.filter(extension_days__gt=0).exists()
    assert Complaint.objects.filter(actions.overdue_filter(today)).exists()
    assert Complaint.objects.filter(case__isnull=False).count() == 1
    assert SupervisionDocument.objects.filter(state="answered").exists()
    assert SupervisionDocument.objects.filter(actions.document_overdue_filter(today)).exists()
    assert SupervisionDocument.objects.filter(complaint__isnull=False).exists()
    assert all(d.pdf_digest for d in SupervisionDocument.objects.all())
    revoked = Outcome.objects.get(result=Outcome.Result.REVOKED)
    assert revoked.case.disclosures.filter(withdrawal_due__isnull=False).exists()
    campaign = EvaluationCampaign.objects.get()
    assert drawing.verify(rounds.draw_file(campaign)) == []
    done = Evaluation.objects.filter(state=Evaluation.State.DONE)
    assert done.exists() and Evaluation.objects.filter(state="pending").exists()
    assert done.filter(grade="不合格").exists()
    from django.contrib.auth import get_user_model

    board = dashboard.build(get_user_model().objects.get(username="supervisor"), today)
    assert board.total.evaluated == done.count() and board.total.outcomes == 3
