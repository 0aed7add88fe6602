"""Public pages of published decisions: search, the decision page, withdrawal notices
(R-PUB-04, R-PUB-05, R-PUB-06)."""

import csv
import io
from datetime import date, timedelta

import pytest
from cases.factories import make_case
from conftest import qualified_officer
from django.urls import include, path
from django.utils import timezone

from sanxiang.core import clock
from sanxiang.core.identifiers import make_credit_code, make_resident_id
from sanxiang.disclosure import actions, canonical, masking
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger import checkpoints
from sanxiang.urls import urlpatterns as site_urlpatterns

# Until the portal mounts the pages, the tests mount them as the lead will.
urlpatterns = [path("decisions/", include("sanxiang.disclosure.public_urls")),
               *site_urlpatterns]
URLS = __name__

pytestmark = pytest.mark.urls(URLS)

WITNESS_ID = make_resident_id(region="130139", seq=5)
WITNESS_PHONE = "13912345678"
SOURCE_TEXT = (
    "经查，当事人{party}未按规定对重大危险源进行安全评估。"
    f"现场证人李明（身份证号{WITNESS_ID}，联系电话{WITNESS_PHONE}）证实上述事实。"
    "依据《中华人民共和国安全生产法》第一百零一条，决定罚款人民币30,000.00元。"
)


def make_disclosure(case, *, party_name="滹阳县宏达化工有限公司", party_code=None,
                    number="冀应急罚〔2026〕83号", category=Disclosure.Category.PENALTY,
                    decided_on=None, text=None, state=Disclosure.State.PENDING, **extra):
    """A disclosure awaiting approval, as ``actions.on_decision`` leaves it.

    Made directly: a real decision step for each of dozens of search rows would test the
    case engine, not these pages.
    """
    decided_on = decided_on or timezone.localdate() - timedelta(days=2)
    source = text if text is not None else SOURCE_TEXT.format(party=party_name)
    party_code = party_code if party_code is not None else make_credit_code(
        prefix="91", region="130139", seed=hash(party_name + number) % 9000 + 10)
    return Disclosure.objects.create(
        case=case, body=case.body, category=category, state=state, decided_on=decided_on,
        due_on=decided_on + timedelta(days=9), title="未按规定对重大危险源进行安全评估案",
        party_name=party_name, party_kind="organisation", party_code=party_code,
        document_number=number, conclusion="罚款人民币30,000.00元", source_text=source,
        redactions=_proposed(source),
        **extra)


def _proposed(text):
    return [{"start": r.start, "end": r.end, "kind": r.kind, "rule": r.rule,
             "source": "proposed"} for r in masking.propose(text, party_kind="organisation")]


def publish(disclosure, clerk, on=None) -> Disclosure:
    with clock.replaying(on or timezone.localdate()):
        return actions.approve_and_publish(acting_user=clerk, disclosure=disclosure)


def withdraw(disclosure, clerk, reason, on=None) -> Disclosure:
    with clock.replaying(on or timezone.localdate()):
        return actions.withdraw(acting_user=clerk, disclosure=disclosure, reason=reason,
                                grounds="revoked")


@pytest.fixture
def case_a(body_a, officer_a1, officer_a2):
    return make_case(body_a, [officer_a1, officer_a2], days_ago=30)


@pytest.fixture
def published(case_a, clerk_user_a):
    return publish(make_disclosure(case_a), clerk_user_a)


def decision_url(d, suffix=""):
    return f"/decisions/{d.pk}/{suffix}"


# --- the decision page --------------------------------------------------------------------

def test_decision_page_shows_published_fields_R_PUB_04(client, published, body_a):
    response = client.get(decision_url(published))
    assert response.status_code == 200
    page = response.content.decode()
    d = published
    for shown in (body_a.name, d.party_name, d.party_code, d.document_number,
                  d.conclusion, f"{d.decided_on.year}年{d.decided_on.month}月"
                                f"{d.decided_on.day}日"):
        assert shown in page
    assert d.get_category_display() in page
    assert "第一百零一条" in page  # the text itself
    assert d.published_digest and d.published_digest in page
    # The record the pages and the proof use is the one the publication digested.
    assert canonical.published_digest(d) == d.published_digest


def test_masked_notice_and_no_identifier_R_PUB_05(client, published):
    assert published.redactions
    page = client.get(decision_url(published)).content.decode()
    assert 'id="masked-notice"' in page
    text = client.get(decision_url(published, "text.txt"))
    proof = client.get(decision_url(published, "proof.json"))
    assert text.status_code == 200 and text["Content-Type"].startswith("text/plain")
    for body in (page, text.content.decode(), proof.content.decode()):
        assert WITNESS_ID not in body
        assert WITNESS_PHONE not in body
        assert "李明" not in body
    assert published.party_name in text.content.decode()


def test_no_masked_notice_when_nothing_was_removed_R_PUB_05(client, case_a, clerk_user_a):
    d = publish(make_disclosure(case_a, text="当事人未按规定进行安全评估，决定罚款。"),
                clerk_user_a)
    assert not d.redactions
    page = client.get(decision_url(d)).content.decode()
    assert 'id="masked-notice"' not in page


def test_withdrawn_shows_notice_not_text_R_PUB_06(client, published, clerk_user_a):
    withdraw(published, clerk_user_a, "原处罚决定已被复议机关撤销")
    response = client.get(decision_url(published))
    assert response.status_code == 200
    page = response.content.decode()
    assert "原处罚决定已被复议机关撤销" in page
    assert "第一百零一条" not in page  # the text is gone
    assert published.party_name in page
    assert client.get(decision_url(published, "text.txt")).status_code == 404
    assert client.get(decision_url(published, "proof.json")).status_code == 404
    notices = client.get("/decisions/withdrawn/").content.decode()
    assert "原处罚决定已被复议机关撤销" in notices
    assert decision_url(published) in notices
    assert decision_url(published) not in client.get("/decisions/").content.decode()


@pytest.mark.parametrize("state", [Disclosure.State.PENDING, Disclosure.State.BLOCKED,
                                   Disclosure.State.APPROVED, Disclosure.State.REMOVED,
                                   Disclosure.State.NOT_PUBLISHED,
                                   # withdrawn before it was ever published
                                   Disclosure.State.WITHDRAWN])
def test_unpublished_decision_is_not_found_R_PUB_05(client, case_a, state):
    d = make_disclosure(case_a, state=state)
    for suffix in ("", "text.txt", "proof.json"):
        assert client.get(decision_url(d, suffix)).status_code == 404
    assert decision_url(d) not in client.get("/decisions/").content.decode()
    assert client.get("/decisions/", {"number": d.document_number}).content.decode().count(
        decision_url(d)) == 0


def test_integrity_awaits_checkpoint_then_offers_proof_R_PUB_04(client, published):
    page = client.get(decision_url(published)).content.decode()
    assert 'id="verify-button"' not in page
    assert "proof.json" not in page
    checkpoints.sign_checkpoint()
    page = client.get(decision_url(published)).content.decode()
    assert 'id="verify-button"' in page
    assert f"No. {published.published_seq}" in page or str(published.published_seq) in page
    assert 'src="/static/disclosure/verify.js"' in page
    assert 'id="verify-messages"' in page


# --- search ---------------------------------------------------------------------------------

@pytest.fixture
def three(case_a, body_a, body_b, officer_b1, clerk_user_a):
    today = timezone.localdate()
    a = publish(make_disclosure(case_a, party_name="滹阳县宏达化工有限公司",
                                number="冀应急罚〔2026〕1号",
                                decided_on=today - timedelta(days=40)),
                clerk_user_a, on=today - timedelta(days=38))
    b = publish(make_disclosure(case_a, party_name="滹阳县宏远建材厂",
                                number="冀应急罚〔2026〕2号",
                                decided_on=today - timedelta(days=10),
                                category=Disclosure.Category.COERCION),
                clerk_user_a, on=today - timedelta(days=8))
    officer_b2 = qualified_officer(body_b, "黄磊", ["SCJG"], "13010401002")
    case_b = make_case(body_b, [officer_b1, officer_b2], days_ago=30, field_code="SCJG")
    c = publish(make_disclosure(case_b, party_name="石门市永安商贸有限公司",
                                number="冀应急罚〔2026〕3号",
                                decided_on=today - timedelta(days=3)),
                _clerk_of(body_b), on=today - timedelta(days=1))
    return a, b, c


def _clerk_of(body):
    from sanxiang.org import actions as org_actions
    from sanxiang.org.roles import Role

    return org_actions.create_user(acting_user=None, username=f"clerk_{body.pk}",
                                   password="Clerk-Password-2026!", full_name="冯静",
                                   roles=[Role.CLERK], body=body)


def found(client, **params) -> list[int]:
    response = client.get("/decisions/", params)
    assert response.status_code == 200
    return [d.pk for d in response.context["page"].rows]


def test_search_filters_R_PUB_04(client, three, body_a, body_b):
    a, b, c = three
    assert found(client) == [c.pk, b.pk, a.pk]  # newest publication first
    # A name search is in the order of the names (one index), then newest first.
    assert found(client, party="滹阳县宏") == [a.pk, b.pk]
    assert found(client, party="滹阳县宏达") == [a.pk]
    assert found(client, party="宏达") == []  # a prefix, not a substring
    assert found(client, code=b.party_code) == [b.pk]
    assert found(client, code=b.party_code.lower()) == [b.pk]
    assert found(client, number="冀应急罚〔2026〕3号") == [c.pk]
    assert found(client, number="冀应急罚〔2026〕") == []  # exact
    assert found(client, body=body_a.credit_code) == [b.pk, a.pk]
    assert found(client, body=body_b.credit_code) == [c.pk]
    assert found(client, category="coercion") == [b.pk]
    today = timezone.localdate()
    assert found(client, decided_from=(today - timedelta(days=15)).isoformat()) == [c.pk, b.pk]
    assert found(client, decided_to=(today - timedelta(days=15)).isoformat()) == [a.pk]
    assert found(client, party="滹阳", category="penalty") == [a.pk]


def test_party_search_reads_its_page_from_the_index_without_a_join_R_PUB_04(
        client, three, body_a):
    """The party page is read from the ordered index alone and its bodies by primary key:
    joined, PostgreSQL (which takes a Chinese prefix for one row) hashed every match and
    sorted them all. The body still shows on every row."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    a, b, _c = three
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/decisions/", {"party": "滹阳县宏"})
    assert [d.pk for d in response.context["page"].rows] == [a.pk, b.pk]
    assert response.content.decode().count(body_a.name) >= 2
    [main] = [q["sql"] for q in queries if "party_name" in q["sql"]
              and "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]]
    assert "JOIN" not in main.upper()
    if connection.vendor == "postgresql":
        # A handful of rows: a sequential scan is cheaper than any index, and whether the
        # planner takes one depends on when the table was last analysed. With scans off it
        # still sorts or hashes unless the index gives the page's order — what is checked.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + main)
            plan = " ".join(row[0] for row in cursor.fetchall())
        assert "Sort" not in plan and "Hash" not in plan, plan


def test_search_rejects_malformed_code_R_PUB_04(client, three):
    response = client.get("/decisions/", {"code": "12345"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert response.context["form"].errors["code"]
    response = client.get("/decisions/", {"decided_from": "2026-03-01",
                                          "decided_to": "2026-02-01"})
    assert response.context["page"] is None


def test_search_keyset_pages_R_PUB_04(client, case_a, clerk_user_a):
    start = date(2026, 1, 5)
    made = [publish(make_disclosure(case_a, number=f"冀应急罚〔2026〕{n}号",
                                    decided_on=start),
                    clerk_user_a, on=start + timedelta(days=n // 3)) for n in range(1, 26)]
    expected = [d.pk for d in sorted(made, key=lambda d: (d.published_on, d.pk),
                                     reverse=True)]
    response = client.get("/decisions/", {"party": "滹阳"})
    first = [d.pk for d in response.context["page"].rows]
    cursor = response.context["page"].next_cursor
    assert first == expected[:20] and cursor
    assert f"after={cursor}" in response.content.decode()
    response = client.get("/decisions/", {"party": "滹阳", "after": cursor})
    assert [d.pk for d in response.context["page"].rows] == expected[20:]
    assert response.context["page"].next_cursor is None
    # A forged cursor is ignored, not an error.
    assert client.get("/decisions/", {"after": "x'; --"}).status_code == 200


def test_search_results_as_csv_R_PUB_04(client, three):
    a, b, _c = three
    response = client.get("/decisions/results.csv", {"party": "滹阳"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[5] for r in rows[1:]] == [b.document_number, a.document_number]
    assert client.get("/decisions/results.csv", {"code": "bad"}).status_code == 400


def test_search_result_row_shows_the_published_fields_R_PUB_04(client, published, body_a):
    """Labels translated once per page and links without a reverse per row
    (docs/adr/0035-portal-page-cost.md): the row still says all it said."""
    import re

    from django.utils.translation import gettext, pgettext

    html = client.get("/decisions/", {"number": published.document_number}).content.decode()
    [item] = re.findall(r'<li class="result">(.*?)</li>', html, re.S)
    link = re.search(r'<h3 class="result-title"><a href="([^"]+)">(.*?)</a></h3>', item)
    assert link[1] == decision_url(published)
    assert link[2] == f"{published.party_name} — {published.document_number}"
    facts = [(label, re.sub(r"<[^>]+>", "", value))
             for label, value in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", item, re.S)]
    day = published.decided_on
    assert facts == [
        (gettext("Deciding body"), body_a.name),
        (pgettext("decision page", "Category"), str(published.get_category_display())),
        (gettext("Party credit code"), published.party_code),
        (gettext("Decided on"), f"{day.year}年{day.month}月{day.day}日"),
        (pgettext("decision page", "Conclusion"), "罚款人民币30,000.00元"),
    ]
