"""R-AST-02 in the legal review: the flag and the officer's reason are on the submission
form's 裁量基准适用 note and on the reviewer's page, beside the checklist."""

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case
from django.urls import reverse
from review.helpers import review_catalogue, submitted

from .helpers import ITEM, publish_lists, record

REASON = "当事人曾因同类违法行为受过行政处罚，且拒不整改"


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def test_reviewer_sees_flag_and_reason_R_AST_02(body_a, officers, officer_user_a,
                                                 head_user_a, reviewer_user_a, client_for):
    publish_lists(body_a)
    review_catalogue(body_a)
    case = make_case(body_a, officers, days_ago=60, item_code=ITEM)
    step(case, "open", on=ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report",
         data={"summary": "现场检查发现未设置安全警示标志。"})
    record(case, user=officer_user_a)  # 初次、及时整改: 从轻 500–1000
    basis = {"item": ITEM, "circumstance_level": "lighter", "discretion_reason": REASON}
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": "5000", "summary": "建议罚款。",
               **basis})
    step(case, "notify", on=ago(45), to="statement",
         data={"notified_kinds": ["fine"], "notified_fine": "5000", "served_on": ago(45),
               **basis})
    step(case, "statement", on=ago(44), to="legal_review", data={"waived": True})
    officer = client_for(officer_user_a)
    form = officer.get(reverse("review:submit", args=[case.pk])).content.decode()
    assert REASON in form and "初次/再次：初次" in form  # the 裁量基准适用 note, prefilled
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a,
                           assigner=head_user_a)
    page = client_for(reviewer_user_a).get(reverse("review:submission",
                                                   args=[submission.pk])).content.decode()
    assert 'id="discretion-review"' in page and 'class="review-form"' in page
    assert page.index('id="discretion-review"') < page.index('class="review-form"')
    assert REASON in page and "超出建议幅度" in page
