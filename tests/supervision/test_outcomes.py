"""Reconsideration and litigation outcomes on a case (R-SUP-05): recorded through an
action on the ledger; a result that revokes, changes, confirms illegal or voids a published
decision marks its publication for withdrawal within 3 working days (R-PUB-06); 败诉率."""

from datetime import timedelta

import pytest
from cases.factories import make_case
from disclosure.test_credit_export import decide_penalty, publish
from django.urls import reverse
from django.utils import timezone

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.disclosure import actions as publication
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger.events import EventKind
from sanxiang.supervision import actions, dashboard
from sanxiang.supervision.models import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def published(body_a, officers, clerk_user_a):
    case = decide_penalty(body_a, officers, decided_ago=40)
    disclosure = publish(case, clerk_user_a)
    return case, disclosure


def record(case, user, result, *, days_ago=2):
    today = timezone.localdate()
    return actions.record_outcome(
        acting_user=user, case=case, proceeding=Outcome.Proceeding.LITIGATION,
        forum="石家庄市长安区人民法院", applied_on=today - timedelta(days=20), result=result,
        decided_on=today - timedelta(days=days_ago), reference="（2026）冀0102行初15号")


def test_revoking_outcome_marks_publication_for_withdrawal_R_SUP_05(published, head_user_a):
    case, disclosure = published
    outcome = record(case, head_user_a, Outcome.Result.REVOKED)
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.PUBLISHED
    assert disclosure.withdrawal_grounds == "revoked"
    assert disclosure.withdrawal_due == publication.withdrawal_due_for(outcome.decided_on,
                                                                       case.body)
    event = LedgerEvent.objects.filter(kind=EventKind.CASE_OUTCOME_RECORDED).get()
    assert event.subject_id == str(outcome.pk)
    assert LedgerEvent.objects.filter(kind=EventKind.DISCLOSURE_WITHDRAWAL_DUE,
                                      subject_id=str(disclosure.pk)).exists()


def test_upheld_outcome_leaves_the_publication_R_SUP_05(published, supervisor_user):
    case, disclosure = published
    record(case, supervisor_user, Outcome.Result.UPHELD)
    disclosure.refresh_from_db()
    assert disclosure.withdrawal_due is None


def test_outcome_needs_a_decided_case_and_the_right_person_R_SUP_05(
        body_a, officers, published, officer_user_a, head_user_a):
    case, _disclosure = published
    with pytest.raises(PermissionDenied):
        record(case, officer_user_a, Outcome.Result.UPHELD)
    undecided = make_case(body_a, officers)
    with pytest.raises(RuleViolation) as refused:
        record(undecided, head_user_a, Outcome.Result.UPHELD)
    assert refused.value.code == "R-SUP-05"
    assert Outcome.objects.count() == 0


def test_loss_rate_on_the_dashboard_R_SUP_05(published, supervisor_user, body_a, officers):
    case, _disclosure = published
    record(case, supervisor_user, Outcome.Result.UPHELD, days_ago=5)
    record(case, supervisor_user, Outcome.Result.CHANGED)
    board = dashboard.build(supervisor_user, timezone.localdate())
    assert board.total.outcomes == 2 and board.total.outcomes_lost == 1
    assert board.total.loss_rate == "50.0%"
    assert board.total.withdrawals_overdue == 0


def test_outcome_form_records_and_lists_R_SUP_05(published, supervisor_user, client_for):
    case, disclosure = published
    client = client_for(supervisor_user)
    url = reverse("supervision:record_outcome", args=[case.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(url, {
        "proceeding": "reconsideration", "forum": "石家庄市人民政府",
        "applied_on": (today - timedelta(days=10)).isoformat(), "result": "confirmed_illegal",
        "decided_on": today.isoformat(), "reference": "石政复决字〔2026〕8号", "note": ""})
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.withdrawal_grounds == "confirmed_illegal"
    listing = client.get(reverse("supervision:outcomes")).content.decode()
    assert case.number in listing and "确认违法" in listing
    # A date before the application: a Chinese message, not a 500.
    response = client.post(url, {
        "proceeding": "litigation", "forum": "法院", "applied_on": today.isoformat(),
        "result": "upheld", "decided_on": (today - timedelta(days=3)).isoformat()})
    assert response.status_code == 200 and "日期不能早于" in response.content.decode()
