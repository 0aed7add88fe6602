"""Published decisions in the portal's full-text search, and only while published
(R-PUB-04, R-PUB-05, R-PUB-06).

The index holds what the decision page shows — the masked text — so a member of the public
finds a decision by the words it says, never by a name or number the clerk masked; the
action that takes a decision down takes it out of the index in the same transaction.
"""

import pytest

from disclosure.test_public_pages import WITNESS_PHONE, make_disclosure, publish, withdraw
from sanxiang.core import search
from sanxiang.disclosure import actions, search_index
from sanxiang.disclosure.models import Disclosure


@pytest.fixture
def case_a(body_a, officer_a1, officer_a2):
    from cases.factories import make_case

    return make_case(body_a, [officer_a1, officer_a2], days_ago=30)


def _found(query, kind=search_index.DECISION):
    return [hit.key for hit in search.search(query, kinds=[kind])]


def test_a_published_decision_is_found_by_what_it_says_R_PUB_04(client, case_a,
                                                                  clerk_user_a):
    decision = publish(make_disclosure(case_a), clerk_user_a)
    assert _found("重大危险源 安全评估") == [str(decision.pk)]
    response = client.get("/search/", {"q": "重大危险源", "kind": "decision"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"/decisions/{decision.pk}/" in page
    assert "行政执法决定" in page


def test_a_masked_word_finds_nothing_R_PUB_05(client, case_a, clerk_user_a):
    decision = publish(make_disclosure(case_a), clerk_user_a)
    assert WITNESS_PHONE not in decision.masked_text
    assert _found(WITNESS_PHONE) == []
    assert _found("李明") == []
    page = client.get("/search/", {"q": WITNESS_PHONE}).content.decode()
    assert f"/decisions/{decision.pk}/" not in page


def test_a_pending_decision_is_not_in_the_index_R_PUB_04(case_a):
    make_disclosure(case_a)
    assert _found("重大危险源") == []


def test_a_withdrawn_decision_leaves_the_index_at_once_R_PUB_06(client, case_a,
                                                                 clerk_user_a):
    decision = publish(make_disclosure(case_a), clerk_user_a)
    assert _found("重大危险源") == [str(decision.pk)]
    withdraw(decision, clerk_user_a, "复议决定撤销原处罚决定")
    assert _found("重大危险源") == []
    page = client.get("/search/", {"q": "重大危险源"}).content.decode()
    assert f"/decisions/{decision.pk}/" not in page


def test_a_decision_past_its_period_leaves_the_index_R_PUB_07(case_a, clerk_user_a):
    decision = publish(make_disclosure(case_a), clerk_user_a)
    Disclosure.objects.filter(pk=decision.pk).update(
        public_until=decision.published_on.replace(year=decision.published_on.year - 1))
    assert actions.remove_expired() == 1
    assert _found("重大危险源") == []


def test_a_rebuild_holds_exactly_the_published_decisions_R_PUB_04(case_a, clerk_user_a):
    kept = publish(make_disclosure(case_a), clerk_user_a)
    gone = publish(make_disclosure(case_a, number="冀应急罚〔2026〕84号"), clerk_user_a)
    withdraw(gone, clerk_user_a, "复议决定撤销原处罚决定")
    search.index(search_index.DECISION, str(gone.pk), title="stale", text="重大危险源",
                 url="/decisions/")
    result = search.rebuild_all([search_index.DECISION])[search_index.DECISION]
    assert result.indexed == 1
    assert sorted(_found("重大危险源")) == [str(kept.pk)]
