"""Another body's published decision is found by its published (masked) words only.

The staff search (R-AST-05) and similar cases (R-AST-01) reach, outside the user's own
cases, the published decisions of other bodies. Their index holds each case's own words:
facts as recorded, findings, interview transcripts. Matched on those, a search for a
person's phone number or a word said only in an interview named the published decision it
belongs to — telling an officer of another body whose decision it is that the publication
masked (probe 4, ADR 0057).
"""

import pytest
from assist.test_similar_cases import decided
from cases.factories import make_case, party_company
from conftest import qualified_officer

from sanxiang.assist import case_search, similar
from sanxiang.disclosure import actions as disclosure_actions

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
FACTS = (f"经查，当事人滹阳县鑫源石化加油站在储油罐区违规动火作业，现场未配备灭火器材，"
         f"举报人联系电话{PHONE}，油气回收装置停用，存在重大事故隐患。")


@pytest.fixture
def published(body_a, officer_a1, officer_a2, clerk_user_a):
    case = decided(body_a, [officer_a1, officer_a2], FACTS, seed=1)
    disclosure = case.disclosures.get()
    disclosure_actions.approve_and_publish(acting_user=clerk_user_a, disclosure=disclosure)
    disclosure.refresh_from_db()
    assert PHONE not in disclosure.masked_text  # the publication masked it
    return case


def test_search_outside_scope_matches_only_the_published_text_R_AST_01(
        published, officer_user_a, officer_user_b):
    assert [h.case_id for h in case_search.search(PHONE, user=officer_user_a)] == [
        published.pk]  # the body's own staff search their case's words
    assert case_search.search(PHONE, user=officer_user_b) == []
    # What the publication says is found, shown as published.
    [hit] = case_search.search("储油罐 违规动火", user=officer_user_b)
    assert hit.case_id == published.pk and hit.published_only


def test_similar_cases_outside_scope_share_published_words_only_R_AST_01(
        published, body_b, officer_b1, officer_user_b):
    second_b = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    # A case of body B whose only words in common with the decision are masked ones.
    probe = make_case(body_b, [officer_b1, second_b], facts=PHONE, title="核查案",
                      field_code="SCJG", party=party_company(seed=3, name="甲乙丙有限公司"))

    assert published.pk not in [h.case_id for h in similar.similar_cases(
        probe, user=officer_user_b)]

