"""Masking round 10 (R-PUB-05 look-alikes, R-PUB-01 officers are public; issue 12, ADR 0055
"Round 10"): the officers of a hearing record (听证主持人, 案件调查人员) and 监察人员 stay, and
the enforcement body's closing block is read through the lines a print adds around it (a
page footer, a copy line, the party's receipt under it) and through an officer line under its
title (劳动保障监察员：…); a spouse after 老婆, a list closed by a count (三人), a listed name,
a room number or an address cue word broken over a line are read. Every sentence was
written for this file; no name, surname or place of a blind or held-out set. With main's
masker before round 10 the ten tests of those rules fail; the guards (a party's receipt
with its number, a witness's phone before a page footer, a count after things listed, a date
under an address) pass before and after."""

from sanxiang.disclosure.masking import propose

from .test_masking_names8 import _hidden

DOC = "某某市生态环境局\n行政处罚决定书\n某环罚〔2026〕15号\n\n"
REMEDIES = ("如不服本决定，可在收到本决定书之日起六十日内向某某市人民政府申请复议，"
            "或者在六个月内向某某区人民法院起诉。\n")


def _found(text, kind):
    return [text[r.start:r.end] for r in propose(text, party_name="某某化工有限公司",
                                                   party_kind="organisation") if r.kind == kind]


def test_hearing_chair_clerk_and_investigators_are_public_R_PUB_01():
    text = ("某某市生态环境局\n听 证 笔 录\n听证主持人：柯晓岚  记录人：鲁文涛\n"
            "案件调查人员：骆振宇、聂红梅\n当事人：某某化工有限公司\n"
            "主持人：下面由调查人员陈述违法事实。\n骆振宇：经采样，总排口超标。\n"
            "聂红梅：当事人未按预案执行。\n主持人（签名）：柯晓岚   记录人（签名）：鲁文涛\n")
    names = _found(text, "person_name")
    assert not {"柯晓岚", "鲁文涛", "骆振宇", "聂红梅"} & set(names), names


def test_supervision_officers_named_in_the_facts_are_public_R_PUB_01():
    text = DOC + "2026年4月2日，本局水政监察人员蓝建伟、柏静怡在河道巡查时发现当事人采砂。\n"
    names = _found(text, "person_name")
    assert not {"蓝建伟", "柏静怡"} & set(names), names


def test_closing_block_above_a_page_footer_is_the_bodys_R_PUB_05():
    # the notice of remedies says 申请复议 … 起诉 (no 行政复议): only the block tells
    text = (DOC + "当事人违反了有关规定。\n" + REMEDIES + "联系人：蓝建伟，0551-6612345\n"
            "某某县水利局\n2026年5月29日\n"
            "                              某某县水利局行政处罚文书　第 3 页\n")
    assert _found(text, "phone") == [], _found(text, "phone")
    assert "蓝建伟" not in _found(text, "person_name")


def test_closing_block_with_an_officer_title_line_and_a_footer_R_PUB_05():
    text = (DOC + "当事人违反了有关规定。\n" + REMEDIES +
            "劳动保障监察员：柏静怡（某劳监190266）  蓝建伟（某劳监190301）\n"
            "本局地址：某某市某某街道某某路116号　联系电话：0551-62830012\n2026年4月28日\n"
            "                                   第 2 页 共 2 页\n")
    assert _found(text, "phone") == [], _found(text, "phone")


def test_closing_block_above_the_partys_receipt_R_PUB_05():
    text = (DOC + "责令你单位于2026年9月19日前改正。\n\n消防监督检查人员：柏静怡、蓝建伟\n"
            "联系电话：0551-2536119\n\n某某区消防救援大队\n2026年9月4日\n\n"
            "被检查单位签收：池永康　2026年9月4日\n")
    assert _found(text, "phone") == [], _found(text, "phone")


def test_a_receipt_with_its_own_number_is_no_part_of_the_block_R_PUB_05():
    text = (DOC + "责令你单位于2026年9月19日前改正。\n\n联系电话：0551-2536119\n\n"
            "某某区消防救援大队\n2026年9月4日\n\n被检查单位签收：池永康　电话13912345678\n")
    assert "13912345678" in _found(text, "phone"), _found(text, "phone")


def test_a_witness_phone_before_a_footer_is_still_hidden_R_PUB_05():
    text = (DOC + "证人池永康（电话13912345678）证实当事人夜间作业。\n" + REMEDIES +
            "                                   第 2 页 共 2 页\n")
    assert "13912345678" in _found(text, "phone"), _found(text, "phone")




def test_a_spouse_named_after_a_colloquial_word_is_hidden_R_PUB_05():
    text = DOC + "问：当时还有谁在场？\n答：还有我老婆聂红梅。\n"
    assert _hidden(text, "聂红梅"), _found(text, "person_name")


def test_a_list_closed_by_a_count_of_people_is_hidden_R_PUB_05():
    text = DOC + "经查，当事人另为柯晓岚、池永康、柏静怡三人注射药物。\n"
    for name in ("柯晓岚", "池永康", "柏静怡"):
        assert _hidden(text, name), _found(text, "person_name")


def test_a_listed_name_broken_over_a_line_is_hidden_R_PUB_05():
    text = DOC + "病历显示，当事人另为骆振宇、柏静\n怡、鲁文涛三人出具处方。\n"
    for name in ("骆振宇", "柏静\n怡", "鲁文涛"):
        assert _hidden(text, name), _found(text, "person_name")


def test_a_count_after_things_listed_is_no_list_of_names_R_PUB_05():
    text = DOC + "执法人员检查了东区、西区两个仓库和一、二两个车间。\n"
    assert _found(text, "person_name") == [], _found(text, "person_name")


def test_an_address_broken_before_its_room_is_hidden_whole_R_PUB_05():
    text = (DOC + "当事人：池永康，住址：某某市某某区某某街道某某小区9号楼3单元1502\n室，"
            "手机：13912345678。\n")
    assert any(a.endswith("1502\n室") for a in _found(text, "address")), \
        _found(text, "address")
    text = (DOC + "当事人：池永康，住址：某某市某某区某某小区9号楼3单元1\n502\n室，"
            "手机：13912345678。\n")
    assert any(a.endswith("502\n室") for a in _found(text, "address")), _found(text, "address")


def test_a_date_on_the_next_line_does_not_join_an_address_R_PUB_05():
    text = (DOC + "当事人：池永康，住址：某某市某某区某某小区9号楼3单元1502\n"
            "2026年3月1日，本局检查。\n")
    assert not any("2026" in a for a in _found(text, "address")), _found(text, "address")


def test_an_address_cue_broken_over_a_line_is_read_R_PUB_05():
    text = (DOC + "当事人：池永康，男，公民身份号码：略，经常居住\n"
            "地：某某市某某街道某某路某某小区8栋2单元301室，手机：13912345678。\n")
    assert "某某市某某街道某某路某某小区8栋2单元301室" in _found(text, "address"), \
        _found(text, "address")
