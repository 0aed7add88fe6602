"""Masking round 13 (issue 12, R-PUB-05; ADR 0078): identifiers as township records, prints
and scans give them — an ID inside a disability certificate's number, a passport broken after
its letter or in a table cell, a landline broken next to its area code or spelt with OCR's O
and l after another number, a WeChat ID broken by a line, a phone-shaped Alipay account of
the person the record publishes — with the body's numbers and the public ones that stay.

Every sentence here was written for this file (none is copied from an evaluation set). Most
tests fail on the masker before this round; the others are guards for look-alikes, or forms
of the same class the masker read already and must go on reading.
"""

import pytest

from sanxiang.disclosure import masking

from .span_checks import found as _found
from .span_checks import hidden as _hidden
from .span_checks import untouched as _untouched

# Valid numbers made for this file (``core.identifiers.make_resident_id``, Luhn).
ID_A = "430524197902150359"
ID_B = "522631198511030808"
CARD = "6217003260001234567"


# --------------------------------------------------------------------------------------
# IDs


@pytest.mark.parametrize(
    "text",
    [
        f"其女持有残疾人证（证号{ID_A}43），系三级肢体残疾。",
        f"其女持有残疾人证（证号{ID_A[:8]}\n{ID_A[8:]}43），系三级肢体残疾。",
        f"其女持有残疾人证，证号：{ID_A[:6]} {ID_A[6:14]} {ID_A[14:]}43。",
    ],
)
def test_the_id_inside_a_disability_certificates_number_is_hidden_R_PUB_05(text):
    masked = masking.mask(text, masking.propose(text))
    digits = "".join(ch for ch in masked if ch.isdigit())
    assert ID_A[6:14] not in digits and "【身份证号码已隐去】" in masked, masked


# --------------------------------------------------------------------------------------
# Passports and permits


@pytest.mark.parametrize(
    "text, value",
    [
        ("代理人护照号E\n48213957，韩国籍。", "E\n48213957"),
        ("证人持印度尼西亚护照，护照号码：B\n2741906，现居雅加达。", "B\n2741906"),
    ],
)
def test_a_passport_number_broken_after_its_letter_R_PUB_05(text, value):
    assert _hidden(text, value, masking.PASSPORT), _found(text)


def test_a_passport_in_a_table_cell_in_full_width_letters_R_PUB_05():
    text = (
        "序号 | 姓名 | 证件号码 | 工资\n"
        "1 | 某甲 | 430524197902150359 | 5,200\n"
        "2 | Siti Aminah | Ｅ４８２１３９５７ | 4,800\n"
    )
    assert _hidden(text, "Ｅ４８２１３９５７", party_kind="organisation"), _found(
        text, party_kind="organisation"
    )


def test_a_foreigners_permanent_residence_card_of_the_new_form_R_PUB_05():
    text = "其妻系外国人，外国人永久居留身份证号码911840198803150026，现居本市。"
    assert _hidden(text, "911840198803150026"), _found(text)


@pytest.mark.parametrize(
    "text, value",
    [
        # a residence permit's number under its own label, the check digit spoilt
        ("证人持港澳台居民居住证，居住证号码81000019920315001X，现居本县。", "81000019920315001X"),
        ("其丈夫系外籍人员，外国人居留证号码43052419790215035X。", "43052419790215035X"),
    ],
)
def test_a_residence_permits_number_under_its_label_R_PUB_05(text, value):
    assert _hidden(text, value), _found(text)


# --------------------------------------------------------------------------------------
# Phones


@pytest.mark.parametrize(
    "text, value",
    [
        ("证人阚某，联系电话：0734-\n8217 5563（家）。", "0734-\n8217 5563"),
        ("其姑妈（电话0735\n-2268451）到场后签字。", "0735\n-2268451"),
        # a page break inside the number
        ("同团游客焦某（联系电话0746-8213\n\n5562）证实导游曾离团。", "0746-8213\n\n5562"),
    ],
)
def test_a_landline_broken_next_to_its_area_code_R_PUB_05(text, value):
    assert _hidden(text, value, masking.PHONE), _found(text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("经拨打你留存的电话15973412286、O739-52l44O7均无人接听。", "O739-52l44O7"),
        ("其母亲电话 l3574O12286 、O745-2l5 33O8 ，均已停机。", "O745-2l5 33O8"),
    ],
)
def test_a_second_number_with_ocr_letters_after_one_label_R_PUB_05(text, value):
    assert _hidden(text, value, masking.PHONE), _found(text)


def test_an_extension_after_a_persons_landline_R_PUB_05():
    text = "其姐（单位座机0743-8521346转6123）代为签收。"
    assert _hidden(text, "0743-8521346转6123", masking.PHONE), _found(text)


# --------------------------------------------------------------------------------------
# Online and payment accounts


@pytest.mark.parametrize(
    "text, value",
    [
        ("涉案司机（微信tyq\n_2008）拒绝签收。", "tyq\n_2008"),
        ("证人微信号：lin_\nxiaofeng88，已添加。", "lin_\nxiaofeng88"),
    ],
)
def test_a_wechat_id_broken_by_a_line_R_PUB_05(text, value):
    assert _hidden(text, value), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "学费每月一千，交给负责人龙秋菊的支付宝l39O7315528。",
        "学费每月一千，交给负责人龙秋菊的支付宝 139 0731 5528 。",
    ],
)
def test_the_published_persons_alipay_that_is_a_phone_is_hidden_R_PUB_05(text):
    masked = masking.mask(
        text, masking.propose(text, party_kind="organisation", keep_names=["龙秋菊"])
    )
    assert "5528" not in masked and "龙秋菊" in masked, masked


@pytest.mark.parametrize(
    "text, value",
    [
        (
            f"工资打入其工资卡（卡号{CARD[:4]} {CARD[4:8]} {CARD[8:12]}\n"
            f"{CARD[12:16]} {CARD[16:]}）。",
            f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]}\n{CARD[12:16]} {CARD[16:]}",
        ),
    ],
)
def test_a_bank_card_spaced_and_broken_R_PUB_05(text, value):
    assert _hidden(text, value, masking.BANK_ACCOUNT), _found(text)


# --------------------------------------------------------------------------------------
# Look-alikes that stay


@pytest.mark.parametrize(
    "text, value",
    [
        # the officers' certificate numbers, with OCR's l and O
        ("执法人员：某某（执法证号43O5l2O26O19）、某某（执法证号43O5l2O26O2O）。", "43O5l2O26O19"),
        # a case number and a date with dashes and OCR letters
        ("案号：湘攸市监罚〔2O26〕l2号，立案日期2O26-O3-l7。", "2O26-O3-l7"),
        # the state's collection account
        (
            "罚款缴至非税收入汇缴结算户，账号43OO1234567890123，户名攸县财政局。",
            "43OO1234567890123",
        ),
        # a public hotline
        ("如有异议可拨打12345政务服务热线。", "12345"),
    ],
)
def test_public_numbers_stay_R_PUB_05(text, value):
    assert _untouched(text, value, party_kind="natural_person"), _found(
        text, party_kind="natural_person"
    )


def test_the_bodys_officer_as_agent_keeps_his_office_phone_R_PUB_05():
    text = (
        "委托代理人：某某，本局法规科工作人员，电话0731-8899123。\n"
        "被申请人：某某，男，住某县某镇某村3组。"
    )
    assert _untouched(text, "0731-8899123", party_kind="natural_person"), _found(
        text, party_kind="natural_person"
    )
