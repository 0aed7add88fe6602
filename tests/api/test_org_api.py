"""Public register endpoints: public fields only, filters, keyset pagination, bounds."""

import json

import pytest
from django.utils import timezone

from sanxiang.api.pagination import MAX_LIMIT, encode_cursor
from sanxiang.org import actions

pytestmark = pytest.mark.django_db

BODY_FIELDS = {
    "credit_code", "name", "short_name", "nature", "nature_label", "subject_kind",
    "subject_kind_label", "region_code", "legal_representative", "address", "complaint_phone",
    "supervising_body", "duties", "entrusting_body", "entrustment_agreement",
}
OFFICER_FIELDS = {"name", "body", "post", "certificate_number", "categories", "areas",
                  "certificate_valid_today"}


def all_pages(client, url, limit):
    """Every item across pages, following ``next`` until it is null."""
    items, after, pages = [], "", 0
    while True:
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}limit={limit}&after={after}")
        assert response.status_code == 200, response.content
        data = response.json()
        items += data["items"]
        pages += 1
        if data["next"] is None:
            return items, pages
        after = data["next"]


def test_body_list_has_public_fields_only_R_PUB_01(client, body_a, body_b):
    data = client.get("/api/org/bodies").json()
    assert [b["name"] for b in data["items"]] == [body_a.name, body_b.name]
    assert data["next"] is None
    for item in data["items"]:
        assert set(item) == BODY_FIELDS
    assert data["items"][0]["subject_kind_label"] == "法定行政机关"
    # Internal fields of R-ORG-01 stay inside.
    raw = json.dumps(data, ensure_ascii=False)
    for internal in ("staffing", "funding", "created_at", "updated_at", '"id"'):
        assert internal not in raw


def test_body_filters_by_region_prefix_kind_and_name(client, body_a, body_b, make_body):
    entrusted = make_body("长安区综合行政执法队", "130102", 7, subject_kind="entrusted",
                          entrusting_body=body_a)

    def names(query):
        return [b["name"] for b in client.get(f"/api/org/bodies?{query}").json()["items"]]

    assert names("region=1301") == [body_a.name, body_b.name, entrusted.name]
    assert names("region=130102") == [body_a.name, entrusted.name]
    assert names("subject_kind=entrusted") == [entrusted.name]
    assert names("name=市场监督") == [body_b.name]
    assert names("region=1302") == []
    detail = client.get(f"/api/org/bodies/{entrusted.credit_code}").json()
    assert detail["entrusting_body"] == {"credit_code": body_a.credit_code, "name": body_a.name}
    assert detail["entrustment_agreement"] == "委托书〔2026〕1号"


def test_body_detail_by_credit_code_and_404(client, body_a):
    response = client.get(f"/api/org/bodies/{body_a.credit_code}")
    assert response.status_code == 200
    assert set(response.json()) == BODY_FIELDS
    missing = client.get("/api/org/bodies/911301000000000000")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"


def test_bad_filters_are_422_not_500(client, body_a):
    for query in ("region=abc", "region=1234567", "subject_kind=nonsense", "limit=abc",
                  "after=!!!", "name=" + "长" * 51):
        response = client.get(f"/api/org/bodies?{query}")
        assert response.status_code == 422, (query, response.content)
        assert response.json()["code"] == "VALIDATION"


def test_officers_never_carry_a_phone_R_ORG_06(client, officer_a1, officer_b1):
    for url in ("/api/org/officers", "/api/org/officers?q=张",
                f"/api/org/officers/{officer_a1.certificates.get().number}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "13800000000" not in response.content.decode()
        assert "phone" not in response.content.decode()
    items = client.get("/api/org/officers").json()["items"]
    assert {o["name"] for o in items} == {officer_a1.name, officer_b1.name}
    for item in items:
        assert set(item) == OFFICER_FIELDS


def test_officer_search_by_name_prefix_certificate_number_and_body(
        client, officer_a1, officer_a2, officer_b1, body_a):
    def names(query):
        return [o["name"] for o in client.get(f"/api/org/officers?{query}").json()["items"]]

    assert names("q=张") == ["张伟"]
    assert names("q=伟") == []  # a prefix, not a substring
    assert names("q=13010201002") == ["刘洋"]
    assert names("q=1301020100") == []  # a number matches exactly
    assert names(f"body={body_a.credit_code}") == sorted(["张伟", "刘洋"])
    assert names(f"body={body_a.credit_code}&q=陈") == []
    item = client.get("/api/org/officers?q=13010201001").json()["items"][0]
    assert item == {
        "name": "张伟", "body": {"credit_code": body_a.credit_code, "name": body_a.name},
        "post": "执法队员", "certificate_number": "13010201001",
        "categories": ["安全生产", "应急管理"], "areas": "本辖区", "certificate_valid_today": True,
    }


def test_name_prefix_search_matches_exactly_the_names_that_start_with_it(
        client, many_officers):
    def names(query):
        return [o["name"] for o in client.get(f"/api/org/officers?{query}").json()["items"]]

    assert names("q=王") == ["王芳"] * 4
    assert names("q=王芳") == ["王芳"] * 4
    assert names("q=李") == ["李强"] * 2
    assert names("q=芳") == []
    assert names("q=王芳芳") == []


def test_officer_page_by_certificate_number_shows_validity_R_PUB_03(client, officer_a1):
    data = client.get("/api/org/officers/13010201001").json()
    assert data["certificate_valid_today"] is True
    actions.officer_leaves(officer=officer_a1, acting_user=None, on=timezone.localdate(),
                           reason="调离")
    data = client.get("/api/org/officers/13010201001").json()
    assert data["certificate_valid_today"] is False
    # Left officers are not in the public list.
    assert client.get("/api/org/officers?q=张").json()["items"] == []
    assert client.get("/api/org/officers/99999999").status_code == 404


@pytest.mark.parametrize("limit", [1, 2, 4])
def test_keyset_pagination_returns_every_officer_once_in_a_stable_order(
        client, many_officers, limit):
    items, pages = all_pages(client, "/api/org/officers", limit)
    numbers = [o["certificate_number"] for o in items]
    assert sorted(numbers) == sorted(o.certificates.get().number for o in many_officers)
    assert len(numbers) == len(set(numbers))
    assert pages == -(-len(many_officers) // limit)
    assert [o["name"] for o in items] == sorted(o["name"] for o in items)
    again, _ = all_pages(client, "/api/org/officers", limit)
    assert again == items


def test_keyset_pagination_of_bodies_with_a_filter(client, body_a, body_b, make_body):
    extra = [make_body(f"长安区第{i}执法大队", "130102", 20 + i) for i in range(5)]
    items, pages = all_pages(client, "/api/org/bodies?region=130102", 2)
    assert [b["credit_code"] for b in items] == [b.credit_code for b in [body_a, *extra]]
    assert pages == 3


def test_a_new_row_does_not_shift_the_next_page(client, many_officers, fields, body_a):
    first = client.get("/api/org/officers?limit=3").json()
    actions.create_officer(acting_user=None, body=body_a, name="丁一", post="执法队员",
                           field_codes=["AQSC"], areas="本辖区")
    second = client.get(f"/api/org/officers?limit=3&after={first['next']}").json()
    seen = {o["certificate_number"] for o in first["items"]}
    assert not seen & {o["certificate_number"] for o in second["items"]}


def test_limit_bounds(client, body_a):
    assert client.get(f"/api/org/bodies?limit={MAX_LIMIT}").status_code == 200
    for limit in (0, -1, MAX_LIMIT + 1):
        response = client.get(f"/api/org/bodies?limit={limit}")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "limit"
    message = client.get(f"/api/org/bodies?limit={MAX_LIMIT + 1}").json()["errors"][0]
    assert message["message"] == f"不能大于 {MAX_LIMIT}。"


def test_forged_cursors_are_422(client, officer_a1):
    for cursor in ("not-base64!", encode_cursor([1]), encode_cursor(["张伟", "1"]),
                   encode_cursor([True, 1]), encode_cursor({"a": 1}),
                   # a key no database column holds (a 500 once, from the driver)
                   encode_cursor(["张伟", 2**63]), encode_cursor(["张伟", -(2**63) - 1])):
        response = client.get(f"/api/org/officers?after={cursor}")
        assert response.status_code == 422, cursor
        assert response.json()["errors"][0]["field"] == "after"


def test_officer_list_query_count_does_not_grow_with_the_page(
        client, django_assert_max_num_queries, many_officers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/api/org/officers?limit=2")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/api/org/officers?limit=9")
    with django_assert_max_num_queries(3):
        client.get("/api/org/bodies?limit=200")
