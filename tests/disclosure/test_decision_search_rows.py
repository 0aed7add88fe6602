"""The decision search's written-out reader (``disclosure.public_rows``,
docs/adr/0040-decision-search-miss-cost.md): the rows, order and cursors of the ORM's
search (``search.filtered``), and never a 500 on odd input (R-PUB-04)."""

import re
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from cases.factories import make_case
from conftest import qualified_officer

from disclosure.test_public_pages import make_disclosure
from sanxiang.core.middleware import MAX_URL_LENGTH
from sanxiang.disclosure import public_rows, search
from sanxiang.disclosure.models import Disclosure

START = date(2026, 3, 2)
# Names sharing prefixes, equal names (ties broken by date, then id), and names with the
# characters LIKE treats as wildcards.
NAMES = ["滹阳县宏达化工有限公司", "滹阳县宏达化工有限公司", "滹阳县宏远建材厂", "滹阳县永安商贸",
         "滹阳县宏达化工有限公司", "石门市恒通物流", "%宏达商贸", "_宏达商贸", "宏达%商贸",
         "宏达_商贸", "宏达商贸", "桥西区金泰食品", "滹阳县宏远建材厂", "滹阳\U0010ffff测试",
         "滹阳县宏达化工有限公司", "石门市恒通物流", "滹阳县宏达化工有限公司", "宏达\\商贸"]


@pytest.fixture
def decisions(body_a, body_b, officer_a1, officer_a2, officer_b1):
    """Published decisions made directly (a decision step each would test the case engine):
    three a publication day, every fourth by the other body, one withdrawn."""
    case_a = make_case(body_a, [officer_a1, officer_a2], days_ago=60)
    case_b = make_case(body_b, [officer_b1, qualified_officer(body_b, "王芳", ["SCJG"],
                                                             "13010401002")],
                       field_code="SCJG", days_ago=60)
    made = []
    for n, name in enumerate(NAMES):
        day = START + timedelta(days=n // 3)
        made.append(make_disclosure(
            case_a if n % 4 else case_b, party_name=name, number=f"冀应急罚〔2026〕{n + 1}号",
            category="coercion" if n % 5 == 0 else "penalty", decided_on=day - timedelta(days=2),
            state=Disclosure.State.WITHDRAWN if n == 7 else Disclosure.State.PUBLISHED,
            published_on=day, party_code="" if n == 3 else None))
    return made


def reference(data: dict) -> list[int]:
    """The ORM's search in the order ``disclosure.search`` describes."""
    rows = search.filtered(data)
    if data.get("party"):
        return list(rows.order_by("party_key", "-published_on", "-id")
                    .values_list("pk", flat=True))
    return list(rows.order_by("-published_on", "-id").values_list("pk", flat=True))


def all_pages(data: dict, size: int) -> list[int]:
    """Every page of the written-out reader, following its cursors."""
    seen, after = [], None
    for _ in range(100):
        page = public_rows.search_page(data, after, size=size)
        seen += [row.pk for row in page.rows]
        if page.next_cursor is None:
            return seen
        after = page.next_cursor
    raise AssertionError("the cursors do not end")


SEARCHES = [{}, {"party": "滹阳"}, {"party": "滹阳县宏达化工有限公司"}, {"party": "宏达"},
            {"party": "%"}, {"party": "_"}, {"party": "宏达%"}, {"party": "宏达_"},
            {"party": "宏达\\"}, {"party": "滹阳\U0010ffff"}, {"party": "没有"},
            {"category": "coercion"}, {"party": "滹阳", "category": "penalty"},
            {"decided_from": START, "decided_to": START + timedelta(days=3)},
            {"party": "滹阳", "decided_from": START + timedelta(days=1)},
            {"number": "冀应急罚〔2026〕5号"}, {"number": "冀应急罚〔2026〕8号"}]


@pytest.mark.parametrize("size", [1, 2, 20])
def test_paging_lists_every_match_once_in_the_order_of_the_orm_search_R_PUB_04(
        decisions, size):
    for data in SEARCHES:
        assert all_pages(data, size) == reference(data), data


def test_body_and_code_filters_match_the_orm_search_R_PUB_04(decisions, body_a, body_b):
    code = decisions[4].party_code
    for data in ({"body": body_a.credit_code}, {"body": body_b.credit_code},
                 {"body": body_b.credit_code, "party": "滹阳"}, {"code": code},
                 {"code": code, "party": "滹阳县"}, {"body": "91130000000000000X"}):
        assert all_pages(data, 2) == reference(data), data
    assert all_pages({"body": "91130000000000000X"}, 20) == []


def test_a_row_shows_the_decision_and_its_body_R_PUB_04(decisions, body_a, body_b):
    for data in ({}, {"party": "滹阳"}):
        for row in public_rows.search_page(data, None).rows:
            d = Disclosure.objects.select_related("body").get(pk=row.pk)
            assert row == (d.pk, d.category, d.decided_on, d.published_on, d.title,
                           d.party_name, d.party_code, d.document_number, d.conclusion,
                           d.body.name, d.body.credit_code)


def test_withdrawn_decision_is_not_found_R_PUB_06(decisions):
    withdrawn = decisions[7]
    assert withdrawn.pk not in all_pages({}, 20)
    assert all_pages({"party": "_宏达"}, 20) == []


def test_like_wildcards_in_a_party_prefix_are_literal_R_PUB_04(decisions):
    names = dict(Disclosure.objects.values_list("pk", "party_name"))
    for prefix in ("%", "宏达%", "宏达_", "宏达\\"):
        found = all_pages({"party": prefix}, 20)
        assert found and all(names[pk].startswith(prefix) for pk in found), prefix
    assert all(names[pk].startswith("宏达") for pk in all_pages({"party": "宏达"}, 20))


ODD = [
    {"party": "\x00"}, {"party": "滹阳\x00"}, {"code": "\x00"}, {"number": "a\x00b"},
    {"body": "\x00"}, {"after": "\x00"}, {"party": "滹阳", "after": "1\x00"},
    {"party": "宏" * 5000}, {"number": "号" * 5000}, {"code": "9" * 5000},
    {"body": "9" * 5000}, {"party": "%"}, {"party": "_"}, {"party": "%%"},
    {"number": "%"}, {"number": "_"}, {"party": "\U0010ffff"}, {"party": "\\"},
    {"after": "9" * 40}, {"after": "2026-03-02." + "9" * 40},
    {"after": "2026-03-02.99999999999999999999"}, {"after": "2026-03-02.999999999999999999"},
    {"after": "9999-12-31.1"}, {"after": "2026-02-30.5"}, {"after": "-1"},
    {"party": "滹阳", "after": "9" * 40}, {"party": "滹阳", "after": "999999999999999999"},
    {"party": "滹阳", "after": "18446744073709551616"}, {"party": "滹阳", "after": "-5"},
    {"party": "滹阳", "after": "2026-03-02.5"}, {"decided_from": "99999-01-01"},
    {"decided_from": "2026-03-02", "decided_to": "2026-03-01"}, {"category": "%"},
    {"party": " "}, {"party": "\ud800"},
]


@pytest.mark.parametrize("params", ODD, ids=range(len(ODD)))
def test_odd_input_is_answered_never_a_500_R_PUB_04(client, decisions, params):
    query = "&".join(f"{name}={quote(value, errors='surrogatepass')}"
                     for name, value in params.items())
    response = client.get(f"/decisions/?{query}")
    if len(query) > MAX_URL_LENGTH:  # an over-long address: refused up front, in Chinese
        assert response.status_code == 414 and "地址过长" in response.content.decode()
        return
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        # The results, or the form saying what is wrong with it.
        assert any(mark in response.content
                   for mark in (b"result-list", b"field-error", b"alert-error"))


def test_a_cursor_beyond_any_id_resumes_nowhere_R_PUB_04(decisions):
    """A cursor's id has at most 18 digits (below 2**63): a longer one is no cursor."""
    first = public_rows.search_page({}, None, size=2)
    assert public_rows.search_page({}, "2026-03-02." + "9" * 19, size=2) == first
    assert public_rows.search_page({"party": "滹阳"}, "9" * 19) == \
        public_rows.search_page({"party": "滹阳"}, None)
    # The largest 18-digit id is a cursor: everything published on that day or before it.
    late = public_rows.search_page({}, "2026-03-04.999999999999999999", size=20)
    assert [r.pk for r in late.rows] == [pk for pk in reference({})
                                        if Disclosure.objects.get(pk=pk).published_on
                                        <= date(2026, 3, 4)]


def test_next_page_link_follows_the_cursor_R_PUB_04(client, decisions):
    html = client.get("/decisions/", {"party": "滹阳"}).content.decode()
    pages = [re.findall(r'<a href="/decisions/(\d+)/">', html)]
    while (link := re.search(r'href="\?([^"]*)" rel="next"', html)):
        html = client.get("/decisions/?" + link[1].replace("&amp;", "&")).content.decode()
        pages.append(re.findall(r'<a href="/decisions/(\d+)/">', html))
    assert [int(pk) for page in pages for pk in page] == reference({"party": "滹阳"})


@pytest.mark.parametrize("text", ["罚款人民币10,000.00元", "罚" * 120, "罚" * 121, "罚" * 500,
                                  "e\u0301" * 100, "e\u0301" * 130, "\u0958" * 70,
                                  "\u0958" * 61, "", "a<b>&\"'"])
def test_a_row_cuts_its_conclusion_as_truncatechars_did_R_PUB_04(text):
    from django.template.defaultfilters import truncatechars

    from sanxiang.disclosure.public_views import _truncated

    assert _truncated(text, 120) == truncatechars(text, 120)


def test_the_csv_rows_are_the_orm_search_newest_first_R_PUB_04(client, decisions, body_a):
    import csv
    import io

    for data in [*SEARCHES, {"body": body_a.credit_code, "party": "滹阳"}]:
        expected = list(search.filtered(data).order_by("-published_on", "-id")
                        .values_list("pk", flat=True))
        assert [row.pk for row in public_rows.newest(data, 100)] == expected, data
        assert [row.pk for row in public_rows.newest(data, 3)] == expected[:3], data
    response = client.get("/decisions/results.csv", {"party": "滹阳"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = search.filtered({"party": "滹阳"}).order_by("-published_on", "-id")
    assert [r[5] for r in rows[1:]] == [d.document_number for d in expected]
