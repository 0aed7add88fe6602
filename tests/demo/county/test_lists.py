"""The demo county's published lists (R-PUB-01): real laws, history, review criteria."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sanxiang.catalog import queries
from sanxiang.catalog.models import Catalogue, CatalogueVersion, EnforcementItem
from sanxiang.catalog.review import CaseFacts, review_required
from sanxiang.demo import county
from sanxiang.org.models import Body

pytestmark = pytest.mark.django_db


def test_the_demo_county_publishes_lists_for_every_body_R_PUB_01(loaded_demo, client):
    bodies = list(Body.objects.all())
    with_items = Catalogue.objects.filter(kind="items").values_list("body_id", flat=True)
    assert set(with_items) == {b.pk for b in bodies}
    emergency = Body.objects.get(name="滹阳县应急管理局")
    kinds = set(Catalogue.objects.filter(body=emergency).values_list("kind", flat=True))
    assert kinds == set(Catalogue.Kind.values)
    # History: the emergency bureau's item list has two versions.
    items = Catalogue.objects.get(body=emergency, kind="items")
    assert items.versions.count() == 2
    current = queries.entries_of(queries.current_version(items))
    assert any(e.legal_bases[0]["law"] == "中华人民共和国安全生产法"
               and e.legal_bases[0]["article"] == "第九十七条" for e in current)
    assert EnforcementItem.objects.filter(search_text__contains="安全生产").exists()
    # The review catalogue is data the case issues can evaluate (R-REV-01).
    big_fine = CaseFacts(party_kind="organisation", fine_amount=Decimal("150000"))
    assert [c.description for c in review_required(emergency, big_fine)] == [
        "对法人或者其他组织处以十万元以上罚款"]
    market = Body.objects.get(name="滹阳县市场监督管理局")
    assert review_required(market, CaseFacts(procedure="penalty_general"))
    assert not review_required(emergency, CaseFacts(procedure="penalty_general"))
    # Loading again adds nothing.
    versions = CatalogueVersion.objects.count()
    county.load()
    assert CatalogueVersion.objects.count() == versions
    page = client.get(reverse("catalog:history", args=["items", emergency.credit_code]))
    assert "执法机构更名为安全生产执法大队" in page.content.decode()
