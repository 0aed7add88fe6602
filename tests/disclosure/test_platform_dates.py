"""Dates the platform observes are stamped by the platform, never typed (R-CASE-15): a
publication, a withdrawal and an early removal carry the platform's date on every path (the
action, the clerk's forms), so one done late is recorded as late however it is entered.
"""

from datetime import date

import pytest
from cases.engine_helpers import ago
from django.urls import include, path

from sanxiang.core import clock
from sanxiang.core.models import LedgerEvent, RulebookEntry
from sanxiang.disclosure import actions
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger.events import EventKind
from sanxiang.urls import urlpatterns as project_urls

from .test_disclosure import decided, refused

urlpatterns = [path("workbench/disclosure/", include("sanxiang.disclosure.clerk_urls")),
               *project_urls]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("disclosure.test_platform_dates")]
BASE = "/workbench/disclosure/"


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def last_payload(kind) -> str:
    return LedgerEvent.objects.filter(kind=kind).latest("seq").payload


def test_publication_date_cannot_be_typed_in_the_action_R_CASE_15(body_a, officers,
                                                                  clerk_user_a):
    disclosure = decided(body_a, officers).disclosures.get()
    assert disclosure.due_on < ago(0)  # decided 30 days ago: already late
    # Back-dating to before the deadline would hide the lateness: refused.
    error = refused("R-CASE-15", actions.approve_and_publish, acting_user=clerk_user_a,
                    disclosure=disclosure, on=disclosure.decided_on)
    assert "平台" in error.message
    assert Disclosure.objects.get(pk=disclosure.pk).state == Disclosure.State.PENDING
    disclosure = actions.approve_and_publish(acting_user=clerk_user_a, disclosure=disclosure)
    assert disclosure.published_on == ago(0)
    assert '"late":true' in last_payload(EventKind.DISCLOSURE_PUBLISHED)


def test_late_publication_through_the_form_is_recorded_late_R_CASE_15(
        body_a, officers, clerk_user_a, client_for):
    disclosure = decided(body_a, officers).disclosures.get()
    client = client_for(clerk_user_a)
    page = client.get(f"{BASE}{disclosure.pk}/").content.decode()
    assert 'name="on"' not in page and "日期由平台记录" in page
    # A date typed into a forged form is ignored: the publication is today's, and late.
    response = client.post(f"{BASE}{disclosure.pk}/publish/",
                           {"on": disclosure.decided_on.isoformat()})
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.PUBLISHED
    assert disclosure.published_on == ago(0) > disclosure.due_on
    assert '"late":true' in last_payload(EventKind.DISCLOSURE_PUBLISHED)


def test_late_withdrawal_is_recorded_late_on_every_path_R_CASE_15(body_a, officers,
                                                                  clerk_user_a, client_for):
    case = decided(body_a, officers)
    disclosure = case.disclosures.get()
    with clock.replaying(ago(28)):
        disclosure = actions.approve_and_publish(acting_user=clerk_user_a,
                                                 disclosure=disclosure)
    actions.mark_withdrawal_needed(case=case, grounds="revoked", on=ago(20))
    disclosure.refresh_from_db()
    assert disclosure.withdrawal_due < ago(0)
    # The action refuses a date inside the three working days …
    refused("R-CASE-15", actions.withdraw, acting_user=clerk_user_a, disclosure=disclosure,
            reason="经复议撤销。", grounds="revoked", on=ago(19))
    # … and the form takes none: withdrawn today, recorded late.
    response = client_for(clerk_user_a).post(
        f"{BASE}{disclosure.pk}/withdraw/",
        {"grounds": "revoked", "reason": "经复议撤销。", "on": ago(19).isoformat()})
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.withdrawn_on == ago(0)
    assert '"late":true' in last_payload(EventKind.DISCLOSURE_WITHDRAWN)


def test_early_removal_is_dated_by_the_platform_R_CASE_15(body_a, officers, clerk_user_a,
                                                          client_for):
    RulebookEntry.objects.create(key="pub.penalty_min_months_long", body=body_a, value=1,
                                 effective_from=date(2000, 1, 1))
    disclosure = decided(body_a, officers, decide_on=80).disclosures.get()
    with clock.replaying(ago(79)):
        disclosure = actions.approve_and_publish(acting_user=clerk_user_a,
                                                 disclosure=disclosure)
    refused("R-CASE-15", actions.early_removal, acting_user=clerk_user_a,
            disclosure=disclosure, on=ago(5), performed=True, commitment="承诺依法经营。")
    response = client_for(clerk_user_a).post(
        f"{BASE}{disclosure.pk}/early-removal/",
        {"performed": "on", "commitment": "承诺依法经营。", "on": "2000-01-01"})
    assert response.status_code == 302, response.content.decode()[:2000]
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.REMOVED and disclosure.removed_on == ago(0)


def test_the_clock_cannot_be_replayed_into_the_future_R_CASE_15():
    with pytest.raises(ValueError), clock.replaying(ago(-1)):
        pass
    assert clock.today() == ago(0) and not clock.is_replaying()
