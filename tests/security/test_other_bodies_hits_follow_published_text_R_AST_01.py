"""Which of another body's decisions are found, and in what order, follows only what it
published (R-AST-01, R-AST-05, R-PUB-05; probe 6, ADR 0072).

ADR 0064 ranked similar cases again on what the user may read, but left two traces of the
unpublished text: the staff case search ordered another body's hits by the engine's score
of their full case texts, and the similar-cases query chose its pool of candidates (a LIMIT)
by that score, so a decision that also shared masked words was likelier to be shown. Both
now read other bodies' decisions from their published fields (``assist.published_pool``).
"""

import pytest
from assist.test_similar_cases import decided
from cases.factories import make_case, party_company
from conftest import qualified_officer

from sanxiang.assist import case_search, similar
from sanxiang.disclosure import actions as disclosure_actions
from sanxiang.disclosure import masking

pytestmark = pytest.mark.django_db

BASE = "经查，当事人在储油罐区违规动火作业，现场未配备灭火器材。"
# Said again and again in a passage the clerk hides: the full text's score rises, the
# publication says the words once.
HIDDEN = "举报人张某称储油罐违规动火储油罐违规动火储油罐违规动火储油罐违规动火。"
# A longer publication: the words make up less of it.
TAIL = "另查明，当事人消防通道堵塞，安全出口上锁，应急照明损坏，疏散指示标志缺失。"


def publish(case, clerk, hide=""):
    disclosure = case.disclosures.get()
    if hide:
        spans = disclosure_actions.spans_of(disclosure, hide)
        disclosure_actions.set_redactions(
            acting_user=clerk, disclosure=disclosure,
            redactions=[*disclosure.redactions,
                        *({**s, "kind": masking.PERSON_NAME} for s in spans)])
    disclosure_actions.approve_and_publish(acting_user=clerk, disclosure=disclosure)
    disclosure.refresh_from_db()
    return disclosure


def test_case_search_orders_other_bodies_hits_on_published_text_R_AST_05(
        body_a, officer_a1, officer_a2, clerk_user_a, officer_user_a, officer_user_b):
    short = decided(body_a, [officer_a1, officer_a2], BASE, seed=1)
    loud = decided(body_a, [officer_a1, officer_a2], BASE + TAIL + HIDDEN, seed=2)
    short_text = publish(short, clerk_user_a).masked_text
    loud_text = publish(loud, clerk_user_a, hide=HIDDEN).masked_text
    assert "储油罐违规动火储油罐" not in loud_text
    assert len(short_text) < len(loud_text)
    query = "储油罐 违规动火"
    # The body's own staff: the engine's score of the whole case text, the passage the
    # clerk hid puts the loud one first.
    assert [h.case_id for h in case_search.search(query, user=officer_user_a)] == [
        loud.pk, short.pk]

    hits = case_search.search(query, user=officer_user_b)

    # Another body's officer: both as published, ordered on what was published (the
    # shorter publication first), not on the words the clerk hid.
    assert [h.case_id for h in hits] == [short.pk, loud.pk]
    assert all(h.published_only for h in hits)


def test_case_search_pool_of_other_bodies_follows_published_text_R_AST_05(
        body_a, officer_a1, officer_a2, clerk_user_a, officer_user_a, officer_user_b):
    # The shorter publication, whose full text scores lower (the hidden passage is in the
    # other one): with room for one hit, the published text decides which.
    short = decided(body_a, [officer_a1, officer_a2], BASE, seed=1)
    loud = decided(body_a, [officer_a1, officer_a2], BASE + TAIL + HIDDEN, seed=2)
    publish(short, clerk_user_a)
    publish(loud, clerk_user_a, hide=HIDDEN)
    query = "储油罐 违规动火"
    assert case_search.search(query, user=officer_user_a)[0].case_id == loud.pk

    assert [h.case_id for h in case_search.search(query, user=officer_user_b, limit=1)] == [
        short.pk]


PHONES = ("13812345678", "13912345679", "13712345670")
SHARED = "经查，当事人在加油站储油罐区违规动火作业，油气回收装置停用。"


def test_similar_cases_pool_follows_published_text_R_AST_01(
        body_a, body_b, officer_a1, officer_a2, officer_b1, clerk_user_a, officer_user_b):
    # Four decisions that also share the probe's phone numbers, which their publications
    # mask, then two that share only the published words (later, so first on a tie).
    masked = [decided(body_a, [officer_a1, officer_a2],
                      SHARED + "举报人电话" + "，".join(PHONES) + "。", seed=10 + i)
              for i in range(similar.POOL)]
    plain = [decided(body_a, [officer_a1, officer_a2], SHARED, seed=20 + i) for i in range(2)]
    for case in masked + plain:
        text = publish(case, clerk_user_a).masked_text
        assert not any(phone in text for phone in PHONES)
    second_b = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    probe = make_case(body_b, [officer_b1, second_b], facts=SHARED + " ".join(PHONES),
                      title="核查案", field_code="SCJG",
                      party=party_company(seed=3, name="甲乙丙有限公司"))

    [hit] = similar.similar_cases(probe, user=officer_user_b, limit=1)

    # Every publication shares the same words: the tie goes to the latest case, whichever
    # shared masked phone numbers. Pooled on the full texts, only the four that did were
    # read, and one of them was shown.
    assert hit.case_id == plain[-1].pk and hit.published_only
