"""Masking round 13 (issue 12, R-PUB-05; ADR 0078): homes as township records, transcripts,
prints and scans give them — rural groups without a 村 before them, sheds and cabins, a
rented yard named in an aside, a flat that is the place inspected, an address broken by a
line or by a page's footer and the next page's header, the labels and the speech that
introduce a home — with the business premises, the body's own address and the seats of
bodies that must stay.

Every sentence here was written for this file (none is copied from an evaluation set). Most
tests fail on the masker before this round; the others are guards for look-alikes, or forms
of the same class the masker read already and must go on reading.
"""

import pytest

from sanxiang.disclosure import masking

from .span_checks import found as _found
from .span_checks import hidden
from .span_checks import untouched as _untouched

ADDRESS = masking.ADDRESS


def _hidden(text: str, value: str, kind: str | None = ADDRESS, **kwargs) -> bool:
    return hidden(text, value, kind, **kwargs)


# --------------------------------------------------------------------------------------
# Rural groups: 队, 嘎查 and 苏木, 寨, 营子, a 自然村 with its old name in brackets


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "证人仝某（男，住科右中旗巴彦呼舒镇乌兰哈达嘎查二组）称其未见到当事人。",
            "科右中旗巴彦呼舒镇乌兰哈达嘎查二组",
        ),
        ("当事人：宝某，住哈日干图苏木宝力根嘎查三组，电话见卷。", "哈日干图苏木宝力根嘎查三组"),
        ("另查明，其表兄亓某住黎平县茅贡镇高近寨，以务农为业。", "黎平县茅贡镇高近寨"),
        ("另查明，其表兄亓某住平泉县七沟镇孟家营子五组，以务农为业。", "平泉县七沟镇孟家营子五组"),
        (
            "被申请人：揭某，男，农民，住修水县溪口镇松树坪自然村（原五队），身份证号码见卷。",
            "修水县溪口镇松树坪自然村（原五队）",
        ),
        ("伤者栗某（住阳新县白沙镇梅田村五队）被送往医院。", "阳新县白沙镇梅田村五队"),
    ],
)
def test_rural_groups_and_villages_of_every_name_are_homes_R_PUB_05(text, value):
    assert _hidden(text, value, party_kind="organisation"), _found(text, party_kind="organisation")


def test_a_production_team_broken_onto_the_next_line_R_PUB_05():
    text = "6月2日，学徒工逯某（男，17岁，住崇阳县\n白霓镇油市村六队）在切割时被砂轮片划伤。"
    assert _hidden(text, "崇阳县\n白霓镇油市村六队", party_kind="organisation"), _found(
        text, party_kind="organisation"
    )


def test_a_village_chain_without_a_number_goes_on_over_a_break_R_PUB_05():
    text = "被询问人：郗某，住址：会同县若水镇\n\n岩头村，电话见卷。"
    assert _hidden(text, "会同县若水镇\n\n岩头村"), _found(text)


# --------------------------------------------------------------------------------------
# Where workers and crews sleep: sheds and rooms numbered 第N间, a boat's cabin


@pytest.mark.parametrize(
    "text, value",
    [
        ("杂工阚某（住项目部北侧板房第4间）当晚值班。", "北侧板房第4间"),
        ("其侄子住在货船尾部的生活舱，未到场。", "生活舱"),
        ("两名船员长期住在采砂船船舱里，无其他住所。", "船舱"),
        ("厨工郜某平时住场内东头工棚第2间，月休两天。", "东头工棚第2间"),
    ],
)
def test_a_shed_or_a_boats_cabin_a_person_lives_in_is_a_home_R_PUB_05(text, value):
    assert _hidden(text, value, party_kind="organisation"), _found(text, party_kind="organisation")


@pytest.mark.parametrize(
    "text, value",
    [
        ("证人努某，男，住一四三团十二连，务农。", "一四三团十二连"),
        ("当事人住公司员工公寓B座1203，电话见卷。", "公司员工公寓B座1203"),
        ("两名船工吃住都在运沙船上，未到场。", "运沙船上"),
    ],
)
def test_a_regiments_company_a_flat_block_and_a_boat_are_homes_R_PUB_05(text, value):
    assert _hidden(text, value, party_kind="organisation"), _found(text, party_kind="organisation")


def test_a_rented_yard_named_in_an_aside_after_a_home_is_hidden_R_PUB_05():
    text = "当事人借用其舅舅冼某家的后院（坪上村三队\n谢家院子）堆放废旧轮胎，经营无照回收。"
    assert _hidden(text, "坪上村三队\n谢家院子", party_kind="natural_person"), _found(
        text, party_kind="natural_person"
    )


def test_a_rented_flat_inspected_as_a_shared_dwelling_is_a_home_R_PUB_05():
    text = "检查地点：渝中区 七星岗街道 中山一路 2l8号 附 5号 3-1（群租房）\n房东：某某，电话见卷。"
    assert _hidden(
        text, "渝中区 七星岗街道 中山一路 2l8号 附 5号 3-1", party_kind="natural_person"
    ), _found(text, party_kind="natural_person")


# --------------------------------------------------------------------------------------
# Labels, and homes told in speech or in a letter to the person


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "当事人：蔺某，住址于洪区北陵街道岐山路3号2单元501，电话见卷。",
            "于洪区北陵街道岐山路3号2单元501",
        ),
        ("答：我住处是通道县双江镇芙蓉村2组，家里就我一个人。", "通道县双江镇芙蓉村2组"),
        ("暂住处：攸县网岭镇罗家坪村8组，电话见卷。", "攸县网岭镇罗家坪村8组"),
        ("常住地址：溆浦县卢峰镇沿溪路19号，联系电话见卷。", "溆浦县卢峰镇沿溪路19号"),
    ],
)
def test_home_labels_and_their_words_are_read_R_PUB_05(text, value):
    assert _hidden(text, value), _found(text)


def test_a_registered_home_given_to_the_operator_as_you_is_hidden_R_PUB_05():
    # a notice served by publication: the operator's home the officers went to
    text = (
        "因你下落不明，本局执法人员于5月3日前往你登记的住所钟祥市郢中街道莫愁湖小区"
        "3-2-402送达，未果。"
    )
    assert _hidden(text, "钟祥市郢中街道莫愁湖小区3-2-402", party_kind="individual_business"), (
        _found(text, party_kind="individual_business")
    )


def test_an_address_in_a_letter_to_a_whistle_blower_is_hidden_R_PUB_05():
    text = (
        "您在举报时留下的联系方式为手机13907311234，地址雨花区侯家塘街道"
        "韶山北路12号5栋302室，我局将严格保密。"
    )
    assert _hidden(
        text, "雨花区侯家塘街道韶山北路12号5栋302室", party_kind="individual_business"
    ), _found(text, party_kind="individual_business")


@pytest.mark.parametrize(
    "text, value",
    [
        ("住址：汉寿县龙阳街道朝阳路lO号", "汉寿县龙阳街道朝阳路lO号"),
        (
            "住 岳 阳 县 新 墙 镇 清 水 村 6 组 2 l 号 ，电话见卷。",
            "岳 阳 县 新 墙 镇 清 水 村 6 组 2 l 号",
        ),
        (
            "住 津市 新洲镇 青山 三队 宿舍 4 栋 lO 号 ，电话见卷。",
            "津市 新洲镇 青山 三队 宿舍 4 栋 lO 号",
        ),
    ],
)
def test_ocr_spaces_and_letters_in_an_address_R_PUB_05(text, value):
    assert _hidden(text, value, party_kind="natural_person"), _found(
        text, party_kind="natural_person"
    )


# --------------------------------------------------------------------------------------
# An address over a page's footer and the next page's running header


def test_an_address_goes_on_over_a_page_footer_and_header_R_PUB_05():
    text = (
        "被询问人：郜某，男，住址：东至县葛公镇\n"
        "——第1页 共3页——\n"
        "东至县市场监督管理局询问笔录\n"
        "七里村南湾组8号，电话13805661234。\n"
        "问：你与当事人是什么关系？"
    )
    masked = masking.mask(text, masking.propose(text))
    assert "七里村南湾组8号" not in masked and "东至县葛公镇" not in masked, masked
    # the footer and the header stay as they are
    assert "——第1页 共3页——\n东至县市场监督管理局询问笔录" in masked, masked


@pytest.mark.parametrize(
    "text, value",
    [
        ("答：我家住在桥头村那边，三组，门牌号记不住。", "桥头村那边"),
        ("答：她一直住城中村那边的出租房，房东姓蒲。", "城中村那边的出租房"),
        ("当事人的住处即白马垅村五组88号，另查明其无证经营。", "白马垅村五组88号"),
    ],
)
def test_a_home_told_in_speech_R_PUB_05(text, value):
    assert _hidden(text, value, party_kind="natural_person"), _found(
        text, party_kind="natural_person"
    )


# --------------------------------------------------------------------------------------
# Every occurrence of an address once one is found


def test_a_home_repeated_later_is_hidden_each_time_R_PUB_05():
    text = (
        "当事人：冯某，住桃江县灰山港镇新桥河村11组。\n"
        "经查，2026年3月，当事人在桃江县灰山港镇新桥河村11组自家院内焚烧电缆。"
    )
    masked = masking.mask(text, masking.propose(text, party_kind="natural_person"))
    assert "新桥河村11组" not in masked, masked


def test_a_home_repeated_over_a_line_break_is_hidden_R_PUB_05():
    text = (
        "当事人：冯某，住桃江县灰山港镇新桥河村11组。\n"
        "经查，当事人在新桥河\n村11组自家院内焚烧电缆，邻居称其常年如此。"
    )
    masked = masking.mask(text, masking.propose(text, party_kind="natural_person"))
    assert "新桥河\n村11组" not in masked and "村11组自家" not in masked, masked


# --------------------------------------------------------------------------------------
# Look-alikes that stay


def test_the_bodys_own_line_after_the_remedies_stays_in_an_informal_text_R_PUB_05():
    text = (
        "不服的，可以在六十日内申请行政复议，或者六个月内向人民法院起诉。\n"
        "有事请打镇综合执法中队电话0736-7512233，地址港中路18号。\n"
        "某县某镇人民政府\n2026年4月2日"
    )
    for value in ("0736-7512233", "港中路18号"):
        assert _untouched(text, value, party_kind="natural_person"), (
            value,
            _found(text, party_kind="natural_person"),
        )


def test_a_companys_office_where_a_paper_was_served_stays_R_PUB_05():
    text = (
        "受送达人：某某物流有限公司（法定代表人某某）\n"
        "送达地点：弋江区高新技术产业开发区峨山路\n87号公司三楼办公室\n送达方式：留置送达"
    )
    assert _untouched(text, "峨山路", party_kind="organisation"), _found(
        text, party_kind="organisation"
    )


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "当事人：某某建材有限公司，住所地：望城区丁字湾街道书堂山村5组，法定代表人：某某。",
            "书堂山村5组",
        ),
        ("经营场所：临澧县安福镇迎宾路8号门面，经营者：某某。", "迎宾路8号"),
        ("本院地址：娄底市娄星区长青中街27号。", "长青中街27号"),
    ],
)
def test_seats_premises_and_courts_stay_R_PUB_05(text, value):
    assert _untouched(text, value, party_kind="organisation"), _found(
        text, party_kind="organisation"
    )
