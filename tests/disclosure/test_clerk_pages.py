"""The clerk's publication pages (/workbench/disclosure/): queue, review with marked
redactions, adding and removing a redaction, approval, withdrawal (R-PUB-04 … R-PUB-07).
"""

from datetime import timedelta

import pytest
from django.urls import include, path
from django.utils import timezone

from sanxiang.core.models import LedgerEvent
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger.events import EventKind
from sanxiang.urls import urlpatterns as project_urls

from .test_disclosure import PERSON_ID, decided, person

# The project's URLs, with the clerk's pages mounted where the lead mounts them.
urlpatterns = [path("workbench/disclosure/", include("sanxiang.disclosure.clerk_urls")),
               *project_urls]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("disclosure.test_clerk_pages")]
BASE = "/workbench/disclosure/"


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def test_queue_shows_pending_with_due_date_and_overdue_R_PUB_04(body_a, officers,
                                                                 clerk_user_a, client_for):
    disclosure = decided(body_a, officers).disclosures.get()
    page = client_for(clerk_user_a).get(BASE)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{BASE}{disclosure.pk}/" in html
    assert 'class="overdue"' in html
    assert 'style="' not in html and "<script>" not in html


def test_review_marks_redactions_and_publishes_R_PUB_05(body_a, officers, clerk_user_a,
                                                        client_for):
    disclosure = decided(body_a, officers, party=person()).disclosures.get()
    client = client_for(clerk_user_a)
    page = client.get(f"{BASE}{disclosure.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<mark class="redaction redaction-id_number"' in html
    assert "【身份证号码已隐去】" in html  # the preview beside the original
    # Add: every occurrence of the typed text is hidden.
    response = client.post(f"{BASE}{disclosure.pk}/redactions/",
                           {"add": "1", "fragment": "重大危险源", "kind": "health"})
    assert response.status_code == 302
    disclosure.refresh_from_db()
    clerk_spans = [r for r in disclosure.redactions if r["source"] == "clerk"]
    assert clerk_spans and all(r["by"] == clerk_user_a.pk for r in clerk_spans)
    missing = client.post(f"{BASE}{disclosure.pk}/redactions/",
                          {"add": "1", "fragment": "不存在的文字", "kind": "health"})
    assert missing.status_code == 422
    # Remove by checkbox; without the ID redaction the text cannot be published.
    before = list(disclosure.redactions)
    first_id = next(i for i, r in enumerate(before) if r["kind"] == "id_number")
    client.post(f"{BASE}{disclosure.pk}/redactions/", {"remove": [str(first_id)]})
    disclosure.refresh_from_db()
    assert len(disclosure.redactions) == len(before) - 1
    day = (disclosure.decided_on + timedelta(days=1)).isoformat()
    refused = client.post(f"{BASE}{disclosure.pk}/publish/", {"on": day})
    assert refused.status_code == 409 and "R-PUB-05" in refused.content.decode()
    client.post(f"{BASE}{disclosure.pk}/redactions/",
                {"add": "1", "fragment": PERSON_ID, "kind": "id_number"})
    response = client.post(f"{BASE}{disclosure.pk}/publish/", {"on": day})
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.PUBLISHED
    assert PERSON_ID not in disclosure.masked_text
    assert LedgerEvent.objects.filter(kind=EventKind.DISCLOSURE_PUBLISHED).exists()


def test_withdraw_form_R_PUB_06(body_a, officers, clerk_user_a, client_for):
    disclosure = decided(body_a, officers).disclosures.get()
    client = client_for(clerk_user_a)
    day = (disclosure.decided_on + timedelta(days=1)).isoformat()
    client.post(f"{BASE}{disclosure.pk}/publish/", {"on": day})
    refused = client.post(f"{BASE}{disclosure.pk}/withdraw/",
                          {"grounds": "whatever", "reason": "撤销"})
    assert refused.status_code == 422
    # A typed date is not a field of the form: the platform stamps the day (R-CASE-15).
    response = client.post(f"{BASE}{disclosure.pk}/withdraw/",
                           {"grounds": "revoked", "reason": "经复议撤销。", "on": "2000-01-01"})
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.WITHDRAWN
    assert disclosure.withdrawn_on == timezone.localdate()
    page = client.get(f"{BASE}{disclosure.pk}/").content.decode()
    assert "经复议撤销。" in page


def test_other_users_cannot_act_R_PUB_05(body_a, officers, officer_user_a, officer_user_b,
                                         client_for):
    disclosure = decided(body_a, officers).disclosures.get()
    outsider = client_for(officer_user_b).get(f"{BASE}{disclosure.pk}/")
    assert outsider.status_code == 404
    client = client_for(officer_user_a)
    page = client.get(f"{BASE}{disclosure.pk}/")
    assert page.status_code == 200 and "/publish/" not in page.content.decode()
    response = client.post(f"{BASE}{disclosure.pk}/publish/",
                           {"on": disclosure.decided_on.isoformat()})
    assert response.status_code == 409
    # The refusal reads as its sentence; PERMISSION is the API's code, not words for people.
    alert = response.content.decode().split('id="disclosure-error"')[1].split("</div>")[0]
    assert "公示员" in alert and "PERMISSION" not in alert
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.PENDING
