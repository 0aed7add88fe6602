"""What a signed-in user is answered is not kept by the browser or a proxy.

Case pages, the API's JSON and exports went out without ``Cache-Control``: a browser may
keep them and show them again from its back button after logout, on an office's shared
computer (probe 5, ADR 0064). Public pages for visitors keep their own caching.
"""

import pytest
from cases.factories import make_case
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_answers_marked_no_store_public_pages_not(body_a, officer_a1, officer_a2,
                                                        officer_user_a, client_for):
    case = make_case(body_a, [officer_a1, officer_a2])
    staff = client_for(officer_user_a)
    for url in (reverse("cases:detail", args=[case.pk]), f"/api/cases/{case.pk}",
                reverse("cases:export_list"), "/api/cases/999999"):
        response = staff.get(url)
        assert response.status_code in (200, 404), url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
        assert "private" in response.headers["Cache-Control"], url

    public = Client().get(reverse("decisions:search"))
    assert public.status_code == 200
    assert "no-store" not in public.headers.get("Cache-Control", "")
