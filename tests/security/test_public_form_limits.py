"""The public complaint forms answer a bounded number of requests per address and hour: each
filing stores attachments, each lookup checks a query code's slow hash (R-SUP-02)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sanxiang.supervision.models import Complaint

pytestmark = pytest.mark.django_db

CONDUCT = "2026年3月5日，执法人员在检查中未出示执法证件即要求停业。"
TOO_MANY = "一小时内提交的请求过多"


@pytest.fixture
def limits(settings):
    settings.SANXIANG_COMPLAINTS_PER_HOUR = 2
    settings.SANXIANG_COMPLAINT_LOOKUPS_PER_HOUR = 2
    cache.clear()
    yield settings
    cache.clear()


def file(body, address):
    return Client(REMOTE_ADDR=address).post(reverse("complaints:file"), {
        "kind": "complaint", "body": body.pk, "conduct": CONDUCT, "anonymous": "on"})


def test_complaints_from_one_address_limited_per_hour_R_SUP_02(body_a, limits):
    assert file(body_a, "203.0.113.9").status_code == 200
    assert file(body_a, "203.0.113.9").status_code == 200
    refused = file(body_a, "203.0.113.9")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert TOO_MANY in page and CONDUCT in page  # what was typed is shown again
    assert Complaint.objects.count() == 2
    # Another address is not affected.
    assert file(body_a, "203.0.113.10").status_code == 200
    assert Complaint.objects.count() == 3


def test_complaint_lookups_from_one_address_limited_per_hour_R_SUP_02(body_a, limits):
    public = Client(REMOTE_ADDR="203.0.113.11")
    url = reverse("complaints:track")
    for _ in range(2):
        assert public.post(url, {"number": "TS20260001", "code": "AAAAAAAA"}).status_code == 200
    refused = public.post(url, {"number": "TS20260001", "code": "AAAAAAAA"})
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    # Reading the form itself is not counted.
    assert public.get(url).status_code == 200


def test_limits_follow_the_client_behind_the_proxy_R_SUP_02(body_a, limits):
    limits.SANXIANG_PROXY_COUNT = 1

    def through_proxy(client):
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client).post(
            reverse("complaints:file"),
            {"kind": "complaint", "body": body_a.pk, "conduct": CONDUCT, "anonymous": "on"})

    for _ in range(2):
        assert through_proxy("203.0.113.12").status_code == 200
    assert through_proxy("203.0.113.12").status_code == 429
    assert through_proxy("203.0.113.13").status_code == 200
