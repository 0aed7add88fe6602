"""Masking round 12, health (R-PUB-05, issue 12, ADR 0071).

Medical records read field by field across ；, a PDF's wrap and a label a sentence names
(载明诊断：); symptoms and care said plainly in quoted speech (咳得睡不着, 站不住, 做过一次
手术); a year said as a word inside a story; a table's bar ends a clause. Each sentence is
written for this file, not taken from any evaluation set; the look-alikes must stay."""

import pytest

from sanxiang.disclosure.masking import mask, propose

PARTY = {"party_name": "某某物流有限公司", "party_kind": "organisation"}


def _masked(text):
    return mask(text, propose(text, **PARTY))


def _hidden(text, words):
    """Every non-space character of ``words`` is inside a health span."""
    start = text.index(words)
    spans = [(r.start, r.end) for r in propose(text, **PARTY) if r.kind == "health"]
    return all(text[i].isspace() or any(a <= i < b for a, b in spans)
               for i in range(start, start + len(words)))


def test_a_record_a_sentence_quotes_is_hidden_field_by_field_R_PUB_05():
    """载明诊断：… (a label after a verb), its 处理：… and every piece across ；."""
    text = "门诊病历载明诊断：左腕挫伤，处理：冷敷，制动休息，一周后复查；\n三、现场照片一组。"
    masked = _masked(text)
    assert "诊断：" in masked and "处理：" in masked and "三、现场照片一组" in masked
    assert _hidden(text, "左腕挫伤"), masked
    assert _hidden(text, "冷敷，制动休息，一周后复查"), masked


def test_a_diagnosis_broken_by_a_wrap_is_hidden_to_its_end_R_PUB_05():
    text = ("（四）区中医院出具的出院记录（出院诊断：腰椎压缩性骨折；\n"
            "双下肢不全瘫），以及工友的证言。")
    masked = _masked(text)
    assert _hidden(text, "腰椎压缩性骨折；\n双下肢不全瘫"), masked
    assert "以及工友的证言" in masked


def test_a_treatment_after_a_diagnosis_in_prose_is_a_record_field_R_PUB_05():
    text = "其于同日就诊，诊断为细菌性痢疾，处理：口服抗菌药，居家休息，其后仍到店上班。"
    masked = _masked(text)
    assert _hidden(text, "口服抗菌药，居家休息"), masked
    assert "其后仍到店上班" in masked


def test_a_history_with_a_word_of_goods_in_it_is_still_a_record_R_PUB_05():
    """内容 of 胃内容物 is no advertisement's content."""
    text = "主诉：腹痛半天。\n现病史：进食后腹痛，呕吐胃内容物三次，伴乏力。\n"
    assert _hidden(text, "进食后腹痛，呕吐胃内容物三次，伴乏力"), _masked(text)


@pytest.mark.parametrize("sentence, story", [
    # a cough and its course in a relative's words
    ("其姐姐到场反映：邵某某“入冬以来一直咳，夜里咳得睡不着，瘦了七八斤”。",
     "一直咳，夜里咳得睡不着，瘦了七八斤"),
    # a body that cannot stand or hold
    ("证人称他下车后就吐，腿软站不住，手也拿不住杯子。", "就吐，腿软站不住，手也拿不住杯子"),
    # an operation and a chemotherapy told by a party
    ("申请人称其本人去年做过一次心脏手术，后来又做了三次化疗，体力很差。",
     "去年做过一次心脏手术，后来又做了三次化疗"),
    # a year said as a word inside a story is the story's
    ("申请人称自己前年中风，至今卧床，大小便要人照料。",
     "前年中风，至今卧床，大小便要人照料"),
    # care at home said plainly, and a cold voice
    ("当晚被困的孩子被烟呛得直咳，后来嗓子哑了好几天。", "嗓子哑了好几天"),
    # a shadow on a check-up and a doctor's order
    ("其称“体检时说肺上有阴影，医生让复查，后来一直没去”。",
     "肺上有阴影，医生让复查，后来一直没去"),
    # a condition forbids the work
    ("体检表记载“血压偏高，心律不齐，不宜高处作业”。", "不宜高处作业"),
    # sick leave
    ("经核实，该员工病休十四天，期间由他人代班。", "病休十四天"),
    # a mind that fails
    ("家属称老人入院时还能自己走，就是记性不好，有时候不认得人。",
     "记性不好，有时候不认得人"),
])
def test_symptoms_said_plainly_are_hidden_R_PUB_05(sentence, story):
    assert _hidden(sentence, story), _masked(sentence)


def test_a_count_of_a_bodys_parts_is_not_a_herd_R_PUB_05():
    text = "操作工被蒸汽烫伤，两只手起了水泡，在厂医务室包扎。"
    assert _hidden(text, "两只手起了水泡"), _masked(text)


def test_a_table_row_is_read_cell_by_cell_R_PUB_05():
    """A cell's bar ends a clause: the next row's number and name are not a story's."""
    text = ("| 序号 | 姓名 | 健康证 | 体检结论 |\n"
            "| 1 | 甘某某 | 有，已过期 | 丙型肝炎抗体阳性，肝功能异常 |\n"
            "| 2 | 包某某 | 有 | 合格 |\n")
    masked = _masked(text)
    assert _hidden(text, "丙型肝炎抗体阳性，肝功能异常"), masked
    assert "有，已过期" in masked and "合格" in masked


def test_a_year_before_a_cue_of_its_own_stays_R_PUB_05():
    text = "证人称其父去年因病去世后，店铺由其一人经营。"
    masked = _masked(text)
    assert "去年" in masked and "店铺由其一人经营" in masked


@pytest.mark.parametrize("sentence", [
    # a herd
    "当事人养殖场两只羊死亡，未报告。",
    # the law and public health
    "依据《中华人民共和国传染病防治法》第三十九条，当事人应当履行疫情报告职责。",
    # a record's word in a step of the case (处理意见：)
    "处理意见：责令当事人立即改正。",
    # goods: a cough syrup sold, a claim for a product
    "当事人药店柜台销售止咳糖浆、感冒胶囊等药品，未建立购进记录。",
    "当事人在网店宣称该茶饮可治咳喘、失眠。",
    # a step of the case and its date
    "本局于2026年4月3日对当事人作出责令改正通知。",
])
def test_look_alikes_of_round_12_stay_R_PUB_05(sentence):
    assert not [r for r in propose(sentence, **PARTY) if r.kind == "health"], _masked(sentence)
