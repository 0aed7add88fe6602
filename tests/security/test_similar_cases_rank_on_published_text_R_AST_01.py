"""Another body's published decisions are ranked by what they published (R-AST-01, R-PUB-05).

Similar cases reach other bodies' cases through their published decisions. ADR 0057 kept
such a decision off the list unless its publication shares the words, but still ranked it
on the index's full case text: of two decisions sharing published words, the one that
also shared masked words (the phone numbers its publication hid) came first, telling an
officer of another body that those numbers belong to it (probe 5, ADR 0064).
"""

import pytest
from assist.test_similar_cases import decided
from cases.factories import make_case, party_company
from conftest import qualified_officer

from sanxiang.assist import similar
from sanxiang.disclosure import actions as disclosure_actions

pytestmark = pytest.mark.django_db

PHONES = ("13812345678", "13912345679", "13712345670")
BASE = "经查，当事人在储油罐区违规动火作业，现场未配备灭火器材，存在重大事故隐患。"
# Shares the base and three phone numbers, which its publication masks.
MASKED = BASE + "举报人联系电话" + "，".join(PHONES) + "。"
# Shares the base and one word more, which its publication says.
PUBLISHED = BASE + "违反GB50016规范。"


def publish(case, clerk):
    disclosure = case.disclosures.get()
    disclosure_actions.approve_and_publish(acting_user=clerk, disclosure=disclosure)
    disclosure.refresh_from_db()
    return disclosure


def test_other_bodies_decisions_ranked_on_published_words_R_AST_01(
        body_a, body_b, officer_a1, officer_a2, officer_b1, clerk_user_a, officer_user_b):
    masked = decided(body_a, [officer_a1, officer_a2], MASKED, seed=1)
    plain = decided(body_a, [officer_a1, officer_a2], PUBLISHED, seed=2)
    masked_text = publish(masked, clerk_user_a).masked_text
    assert not any(phone in masked_text for phone in PHONES)
    assert "gb50016" in publish(plain, clerk_user_a).masked_text.lower()
    second_b = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    probe = make_case(body_b, [officer_b1, second_b], facts=BASE + "GB50016 " + " ".join(PHONES),
                      title="核查案", field_code="SCJG",
                      party=party_company(seed=3, name="甲乙丙有限公司"))

    hits = similar.similar_cases(probe, user=officer_user_b)

    # Both are shown as published; the one whose publication shares more words comes
    # first, whatever its masked text shared.
    assert [h.case_id for h in hits] == [plain.pk, masked.pk]
    assert all(h.published_only for h in hits)
    assert hits[0].score > hits[1].score
