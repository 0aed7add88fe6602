"""Reports of an inspection (扫码入企) are bounded per address and hour (R-INS-03).

Probe 7 (ADR 0082): ``/inspections/report/`` and the scan page take reports without an
account; each is a row for the supervisors and an event of the append-only ledger. On the
demo one address sent 30 in a row, all accepted (the complaint forms were limited, these
were not).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sanxiang.core.models import LedgerEvent
from sanxiang.inspections.models import ScanReport
from sanxiang.ledger.events import EventKind

from .test_pages import made  # noqa: F401 (a fixture)

TOO_MANY = "一小时内提交的请求过多"
REPORT = {"reporter": "滹阳县第1化工有限公司", "content": "有人自称检查人员"}


@pytest.fixture
def limit(settings):
    settings.SANXIANG_INSPECTION_REPORTS_PER_HOUR = 2
    cache.clear()
    yield settings
    cache.clear()


def reports_in_ledger() -> int:
    return LedgerEvent.objects.filter(kind=EventKind.INSPECTION_REPORTED).count()


def test_reports_without_a_code_limited_per_address_R_INS_03(db, limit):
    client = Client(REMOTE_ADDR="203.0.113.20")
    url = reverse("inspection_portal:report")
    assert client.post(url, REPORT).status_code == 302
    assert client.post(url, REPORT).status_code == 302
    refused = client.post(url, REPORT)
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert ScanReport.objects.count() == 2 and reports_in_ledger() == 2
    # Reading the form is not counted; another address is not affected.
    assert client.get(url).status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.21").post(url, REPORT).status_code == 302


def test_reports_on_the_scan_page_limited_per_address_R_INS_03(made, limit):  # noqa: F811
    assignment = made.assignments.first()
    client = Client(REMOTE_ADDR="203.0.113.22")
    url = reverse("inspection_portal:scan", args=[assignment.scan_code])
    for _ in range(2):
        assert client.post(url, REPORT).status_code == 302
    refused = client.post(url, REPORT)
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert assignment.reports.count() == 2
    # The same scope as the page without a code: the limit is the address's, not the code's.
    assert client.post(reverse("inspection_portal:report"), REPORT).status_code == 429
