"""The admin's detail pages of list entries read as Chinese text: the legal basis as
《Law》第N条, the penalty kinds by name, never raw JSON."""

import pytest
from django.urls import reverse

from sanxiang.catalog.models import EnforcementItem
from sanxiang.org.models import User

pytestmark = pytest.mark.django_db


def test_item_detail_shows_the_legal_basis_as_text(items_v1, client_for):
    client = client_for(User.objects.create_superuser("root", "root@example.org",
                                                      "x-Secret-2026!"))
    entry = EnforcementItem.objects.filter(code="AQ-CF-001").first()
    page = client.get(reverse("admin:catalog_enforcementitem_change", args=[entry.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "《中华人民共和国安全生产法》第九十七条" in html
    assert "&quot;law&quot;" not in html and '"law"' not in html
    assert "search_text" not in html
