"""Names and titles are stored normalised (NFC, no bidi controls, no zero-width characters),
and a withdrawal notice names a natural person only as "张某" (R-PUB-06).

Attacks from the review: RTL-override and zero-width characters stored in names and titles
(a name that reads differently from what is stored, or hides from search and masking); the
withdrawal notice of a revoked decision named the natural person.
"""

import unicodedata
from datetime import timedelta

import pytest
from cases.factories import make_case, party_person
from disclosure.test_disclosure import decided, officers, person, published  # noqa: F401
from django.urls import reverse

from sanxiang.core import clock
from sanxiang.core.text import clean_name, has_invisible
from sanxiang.disclosure import actions as disclosure_actions
from sanxiang.org import actions as org_actions

pytestmark = pytest.mark.django_db

RLO, ZWSP, ZWJ, BOM, LRI = "\u202e", "\u200b", "\u200d", "\ufeff", "\u2066"


def test_clean_name_removes_bidi_and_zero_width_and_composes():
    assert clean_name(f"钱{ZWSP}志{RLO}强{BOM}") == "钱志强"
    assert clean_name(f"  滹阳县\t宏达{LRI}化工  有限公司 ") == "滹阳县 宏达化工 有限公司"
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert clean_name(decomposed) == "Zoë" and len(clean_name(decomposed)) == 3
    assert not has_invisible(clean_name(f"a{ZWJ}b"))


def test_party_name_and_case_title_stored_normalised(body_a, officer_a1, officer_a2):
    case = make_case(body_a, [officer_a1, officer_a2],
                     party=party_person(name=f"钱{ZWSP}志{RLO}强"),
                     title=f"未按规定{RLO}设置安全警示标志{ZWSP}案")
    assert case.title == "未按规定设置安全警示标志案"
    assert case.parties.get().name == "钱志强"


def test_officer_and_body_names_stored_normalised(body_a, fields):
    officer = org_actions.create_officer(
        acting_user=None, body=body_a, name=f"王{RLO}芳{ZWSP}", post=f"执法{BOM}队员",
        field_codes=["AQSC"], areas="本辖区", phone="13900000001")
    assert officer.name == "王芳" and officer.post == "执法队员"
    updated = org_actions.update_body(body=body_a, acting_user=None,
                                      short_name=f"滹阳{ZWSP}应急")
    assert updated.short_name == "滹阳应急"


def test_withdrawal_notice_masks_a_natural_persons_name_R_PUB_06(
        body_a, officers, clerk_user_a, client):  # noqa: F811
    disclosure = published(decided(body_a, officers, party=person()), clerk_user_a)
    assert disclosure.party_name == "钱志强"
    page = client.get(reverse("decisions:decision", args=[disclosure.pk])).content.decode()
    assert "钱志强" in page  # published: the law allows the party's name
    with clock.replaying(disclosure.published_on + timedelta(days=1)):
        disclosure = disclosure_actions.withdraw(
            acting_user=clerk_user_a, disclosure=disclosure,
            reason="经行政复议，该决定被撤销。", grounds="revoked")
    assert disclosure.notice_party_name == "钱某"
    for url in (reverse("decisions:decision", args=[disclosure.pk]),
                reverse("decisions:withdrawn")):
        html = client.get(url).content.decode()
        assert "钱某" in html and "钱志强" not in html, url
