"""Masking round 13 (R-PUB-05, issue 12, ADR 0077): other persons' names as people say them
(a form of address as the only name: 老X, 小X, 阿X, X老师; a name after a kinship word of
speech; the real name given after 本名 or 即; a Korean surname in Han characters; a name in
an ethnicity aside; a single Latin word after a kinship word; a Latin name in a table's
cell) and the look-alikes the name rules must leave (officers after a form's signer roles,
in an approval's opinion, as the body's own staff, broken by a PDF's line; the body's own
number in plain words; goods, law titles, banks and shop signs). Every sentence was written
for this file; no name, surname or place of a blind or held-out set."""

from sanxiang.disclosure.masking import mask, propose

DOC = "某某县综合行政执法局\n行政处罚决定书\n某综执罚〔2026〕77号\n\n"
REMEDY = (
    "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者六个月内依法提起行政诉讼。\n\n"
)


def _found(text, kind="person_name", party_name="某某商贸有限公司"):
    return [
        text[r.start : r.end]
        for r in propose(text, party_name=party_name, party_kind="organisation")
        if r.kind == kind
    ]


def _masked(text, party_name="某某商贸有限公司"):
    return mask(text, propose(text, party_name=party_name, party_kind="organisation"))


def test_a_form_of_address_is_hidden_where_the_text_says_whose_it_is_R_PUB_05():
    text = (
        DOC + "问：事发时谁在场？\n答：看店的阿珍（本名覃秀珍，住店后平房）在，还有对门的老简，"
        "大名叫简国栋。\n租户卢立新（即老卢，住二楼）称未听到动静。老简当晚报了警。\n"
    )
    masked = _masked(text)
    for hidden in ("阿珍", "覃秀珍", "老简", "简国栋", "老卢", "卢立新"):
        assert hidden not in masked, (hidden, masked)


def test_a_form_of_address_after_a_cue_and_a_child_by_its_nickname_R_PUB_05():
    text = (
        DOC + "据当事人陈述，同行的还有一个叫小菊的女工，另一个孩子小壮推倒了货架，"
        "小壮的外婆随后赶到。\n"
    )
    names = _found(text)
    assert "小菊" in names, names
    assert names.count("小壮") == 2, names
    # 老 and a surname the segmenter reads as a noun, ended strongly
    assert "老钱" in _found(DOC + "证人老钱称当晚未见人员进出。\n")


def test_ordinary_words_with_lao_xiao_a_are_no_names_R_PUB_05():
    text = (
        DOC + "工人老板娘称其在小区门口开店，顾客阿姨说老家在外地，职工小组长证实当日未营业。"
        "孩子小时候住院，由于老师未到岗，课程停止。\n"
    )
    assert _found(text) == []


def test_a_surname_and_a_title_as_the_only_name_R_PUB_05():
    text = DOC + "问：谁给孩子上课？\n答：机构里有个老师宓老师教书法，另有邬师傅负责接送。\n"
    masked = _masked(text)
    assert "宓老师" not in masked and "邬师傅" not in masked, masked


def test_a_name_after_a_kinship_word_of_speech_R_PUB_05():
    text = DOC + "答：我闺女聂小雯在外地读书，他妈谭玉珠一个人照看店面，钱是我老公\n晏志刚转的。\n"
    names = _found(text)
    assert "聂小雯" in names and "谭玉珠" in names, names
    assert "晏志刚" in names, names


def test_a_real_name_after_its_label_and_a_tibetan_name_before_its_ethnicity_R_PUB_05():
    text = DOC + "帮工阿强（本名钮永强，19岁）右臂划伤。同月为泽仁拉姆（藏族）出具诊断证明一份。\n"
    names = _found(text)
    assert "钮永强" in names and "泽仁拉姆" in names, names


def test_a_korean_surname_and_a_clause_before_a_kin_word_R_PUB_05():
    text = DOC + "护照号E12345678，代理人玄明哲电话待补。\n经查，柏小毛的丈夫于当日报案。\n"
    names = _found(text)
    assert "玄明哲" in names and "柏小毛" in names, names


def test_a_single_latin_word_after_a_kin_word_and_a_latin_name_in_a_cell_R_PUB_05():
    text = (
        DOC + "当事人的外婆Siti长期在店内帮忙。\n"
        "| 序号 | 人员 | 证件号 |\n| 1 | Tran Van Minh | B7654321 |\n"
    )
    names = _found(text)
    assert "Siti" in names and "Tran Van Minh" in names, names


def test_officers_after_a_forms_signer_roles_stay_R_PUB_05():
    text = (
        DOC + "2026年4月3日 街道办工作人员 骆 春 晖 、柴凤英 对其进行约谈。\n"
        "科室负责人意见：同意。 费 建 新\n"
        "经办人：窦永平 邝 琳\n"
        "制表：郁红 审核：阙立民  2026年4月8日\n"
    )
    masked = _masked(text)
    for officer in ("骆 春 晖", "柴凤英", "费 建 新", "窦永平", "邝 琳", "阙立民"):
        assert officer in masked, (officer, masked)


def test_the_bodys_own_staff_and_its_number_stay_R_PUB_05():
    text = (
        DOC + "申请人：某某县综合行政执法局。\n委托代理人：仲文斌，本局执法一中队工作人员，"
        "电话0763-6612345。\n被申请人：谷满仓，男，1971年2月3日出生。\n"
    )
    masked = _masked(text)
    assert "仲文斌" in masked and "0763-6612345" in masked, masked


def test_an_officer_broken_by_a_pdfs_line_stays_R_PUB_05():
    text = DOC + "我局执法人员滕\n晓光、甘立新于现场检查。\n执法人员\n甘立新于现场制作笔录。\n"
    masked = _masked(text)
    assert "滕\n晓光" in masked and "甘立新" in masked, masked


def test_the_bodys_number_in_plain_words_after_the_remedies_stays_R_PUB_05():
    text = DOC + "当事人未按期整改。\n" + REMEDY + "有事请打街道执法中队电话0768-2231456。\n"
    assert "0768-2231456" in _masked(text)
    # (the same number given for a witness is hidden)
    witness = DOC + "证人简国栋，电话0768-2231456。\n"
    assert "0768-2231456" not in _masked(witness)


def test_goods_law_titles_banks_and_signs_are_no_names_R_PUB_05():
    text = (
        DOC + "现场查获卷烟：黄鹤楼（硬珍品）15条、利群6条。\n"
        "当事人称其是结核病，依据《结核病防治管理办法》第十条处理。\n"
        "以便向长江银行申请贷款，并在邵阳超市购买原料。\n"
    )
    names = _found(text)
    assert names == [], names
