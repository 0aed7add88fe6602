"""The lists as open data: JSON, public fields only, keyset pages (R-PUB-01, R-PUB-02)."""

from datetime import date

import pytest

from sanxiang.catalog import actions, queries

from .samples import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(body_a, fields):
    catalogue = actions.get_or_create_catalogue(body=body_a, kind="items", acting_user=None)
    actions.publish_version(catalogue=catalogue, acting_user=None,
                            effective_from=date(2025, 1, 1), note="首次公布",
                            add=SAMPLES["items"])
    first = queries.entries_of(queries.latest_version(catalogue)).first()
    actions.publish_version(catalogue=catalogue, acting_user=None,
                            effective_from=date(2025, 6, 1), note="更名",
                            change={first.pk: {"name": "新名称"}})
    return catalogue


def test_versions_and_entries_as_json_R_PUB_02(client, items):
    code = items.body.credit_code
    listing = client.get(f"/api/catalog/items/{code}").json()
    assert listing["current_version"] == 2
    assert [v["number"] for v in listing["versions"]] == [2, 1]
    assert listing["versions"][0]["note"] == "更名"
    page = client.get(f"/api/catalog/items/{code}/entries?limit=1").json()
    assert page["version"] == 2 and len(page["items"]) == 1 and page["next"]
    entry = page["items"][0]
    assert entry["fields"]["name"] == "新名称"
    assert entry["fields"]["legal_bases"][0]["law"] == "中华人民共和国安全生产法"
    assert entry["text"]["事项名称"] == "新名称"
    assert "digest" not in entry["fields"] and "search_text" not in entry["fields"]
    rest = client.get(f"/api/catalog/items/{code}/entries?limit=1&after={page['next']}").json()
    assert rest["next"] is None and rest["items"][0]["fields"]["code"] == "AQ-JC-001"
    old = client.get(f"/api/catalog/items/{code}/entries?version=1").json()
    assert old["items"][0]["fields"]["name"].startswith("对生产经营单位")
    assert client.get(f"/api/catalog/items/{code}/entries?version=7").status_code == 404
    assert client.get(f"/api/catalog/nonsense/{code}").status_code == 404
