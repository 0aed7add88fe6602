"""Masking round 13, health (R-PUB-05, issue 12, ADR 0079).

Conditions said in transcripts and quoted remarks: an infection and a carrier's status
(得了水痘, 小三阳), a mind clouded, a development that is not typical (智力低下, 脑瘫), a
wound said by what made it and a fall, smoke breathed in, a pregnancy's count; a story that
goes on over a line's end after a comma; a cause said before its result (the goods a shop
pushed stay); a diagnosis quoted with a blank for its colon; an aside that says who the
person is; a condition's whole word read as no person's name. Each sentence is written for
this file, not taken from any evaluation set; the look-alikes must stay."""

import pytest

from sanxiang.disclosure.masking import mask, propose

PARTY = {"party_name": "某某商贸有限公司", "party_kind": "organisation"}


def _spans(text):
    return [(r.start, r.end, r.kind) for r in propose(text, **PARTY)]


def _masked(text):
    return mask(text, propose(text, **PARTY))


def _hidden(text, words):
    """Every non-space character of ``words`` is inside a health span."""
    start = text.index(words)
    spans = [(a, b) for a, b, kind in _spans(text) if kind == "health"]
    return all(
        text[i].isspace() or any(a <= i < b for a, b in spans)
        for i in range(start, start + len(words))
    )


@pytest.mark.parametrize(
    "sentence, story",
    [
        # an infection named as people name it, and what followed
        ("班主任反映：“上学期学生得了水痘，好了才回学校。”", "水痘，好了才回学校"),
        # a carrier's status said in an answer
        (
            "问：你身体怎么样？\n答：体检说我是小三阳，每半年去抽一次血。\n问：店里几个人？",
            "小三阳",
        ),
        # a mind clouded at an illness's worst
        ("其女儿称：父亲病重那几天意识不清，天天嚷着要回乡下。", "意识不清，天天嚷着要回乡下"),
        # a development that is not typical, stated in a clause
        ("其弟弟系智力低下，平时由其母照看。", "智力低下"),
        ("申请人之孙脑瘫，三级肢体残疾，靠轮椅出行。", "脑瘫，三级肢体残疾"),
        # a wound said by what made it
        ("答：手背被邻居家的狗咬了，胳膊也划开一个口子，打了狂犬疫苗。", "划开一个口子"),
        # a fall told as what happened
        ("其丈夫前年修房时从梯子上摔下来，腰椎骨折，干不了重活。", "摔下来，腰椎骨折"),
        # smoke breathed in, and the cough after it
        ("租户称：“那天我呛了几口浓烟，咳到半夜。”", "呛了几口浓烟，咳到半夜"),
        # a disability's kind and grade in a certificate's aside, an illness by its old name
        ("申请人出示了其女儿的残疾人证（视力二级）复印件。", "视力二级"),
        ("答：他打小就有羊癫疯，一着急就犯。", "羊癫疯"),
        # a pregnancy's count goes on with the pregnancy
        (
            "答：我怀孕五个多月了，这是第二胎。\n问：你知道店里做什么吗？",
            "怀孕五个多月了，这是第二胎",
        ),
    ],
)
def test_conditions_said_in_transcripts_are_hidden_R_PUB_05(sentence, story):
    assert _hidden(sentence, story), _masked(sentence)


def test_a_story_goes_on_over_a_line_end_after_a_comma_R_PUB_05():
    """咳嗽、气短，\\n晚上躺不平: a PDF or a typist broke the line at the comma."""
    text = "证人称其母亲近半年咳嗽、气短，\n晚上躺不平，要垫两个枕头。\n经查，该厂未办理环评手续。"
    masked = _masked(text)
    assert _hidden(text, "咳嗽、气短，\n晚上躺不平"), masked
    assert "经查，该厂未办理环评手续" in masked
    assert masked.count("【") == 1, masked  # (one marker for one story)


def test_a_cause_before_its_result_keeps_the_goods_and_the_person_R_PUB_05():
    """A record's aside about a body, then what a shop pushed, then 致 and the result: the
    goods and who was struck stay readable; the record and the result are hidden."""
    text = (
        "投诉人提供了其父亲邝德顺的出院记录（冠心病十余年，心功能三级），并称超市药柜营业员"
        "唐晓梅向其父亲推销了安神补脑液和“护心丸”，致其父亲心慌胸闷，被送到镇卫生院吸氧。"
    )
    masked = _masked(text)
    assert "推销了安神补脑液和“护心丸”，致其父亲" in masked, masked
    assert _hidden(text, "冠心病十余年，心功能三级"), masked
    assert _hidden(text, "心慌胸闷"), masked


def test_an_aside_closed_ends_the_description_R_PUB_05():
    text = "经查，该卫生院出具的诊断证明（患者 邓某某，诊断 右侧股骨颈骨折）与住院记录不符。"
    masked = _masked(text)
    assert _hidden(text, "右侧股骨颈骨折"), masked
    assert masked.endswith("）与住院记录不符。"), masked


@pytest.mark.parametrize(
    "sentence, diagnosis, after",
    [
        ("其提交了镇卫生院的病假条：“诊断 急性胃肠炎，建议休息三天”。", "急性胃肠炎", "病假条"),
        ("有卫生院证明（患者 某某，诊断 腰肌劳损）等证据证实。", "腰肌劳损", "等证据证实"),
    ],
)
def test_a_diagnosis_quoted_with_a_blank_for_its_colon_is_hidden_R_PUB_05(
    sentence, diagnosis, after
):
    masked = _masked(sentence)
    assert _hidden(sentence, diagnosis), masked
    assert after in masked, masked


def test_an_aside_saying_who_the_person_is_is_not_the_condition_R_PUB_05():
    text = "被申请人之兄患矽肺二期（系原金石岭采石场工人），靠低保生活。"
    masked = _masked(text)
    assert _hidden(text, "矽肺二期"), masked
    assert "金石岭采石场" in masked, masked


def test_a_stay_said_with_hospital_is_hidden_whole_R_PUB_05():
    """住了一个礼拜医院: the stay, not an institution's name."""
    text = "答：她犯了胆结石，住了 一个礼拜医院，才回来上班。"
    masked = _masked(text)
    assert _hidden(text, "住了 一个礼拜医院"), masked


def test_a_condition_is_no_name_and_a_title_with_it_stays_R_PUB_05():
    """是白血病 is no person 白某; 《艾滋病防治条例》 stays whole."""
    text = (
        "员工在群里说“新来的那个厨师是白血病，大家离远点”。\n"
        "当事人违反了《艾滋病防治条例》第三十九条；依据《艾滋病防治条例》第五十六条处罚。"
        "另有员工说“隔壁老板是艾滋病”。"
    )
    masked = _masked(text)
    assert "白某" not in masked and "艾某" not in masked, masked
    assert masked.count("《艾滋病防治条例》") == 2, masked
    assert _hidden(text, "白血病"), masked


@pytest.mark.parametrize(
    "sentence, word",
    [
        # an occupational hazard, a critical defect of a thing, a hazard's report
        ("当事人未按规定组织接触职业病危害因素的劳动者进行岗前体检。", "职业病危害因素"),
        ("经检测，该批次压力表存在缺损，已责令停用。", "缺损"),
        # a year's hot spots and a flu season are the office's, not a body's
        ("本局将手足口病防控纳入今年工作重点。", "工作重点"),
        # a seller's recommendation is goods
        ("经查，当事人店员向顾客推荐销售板蓝根颗粒，未查验处方。", "板蓝根颗粒"),
    ],
)
def test_look_alikes_stay_R_PUB_05(sentence, word):
    text = "某某县市场监督管理局\n行政处罚决定书\n\n" + sentence
    start = text.index(word)
    assert not any(
        a < start + len(word) and start < b for a, b, kind in _spans(text) if kind == "health"
    ), _masked(text)


@pytest.mark.parametrize(
    "sentence, words",
    [
        # a diagnosis quoted after its verb, and a certificate's quoted condition
        ("该诊所出具的证明书中诊断为“腰肌劳损”，与其实际务工情况不符。", "腰肌劳损"),
        # speech quoted after a verb of saying
        ("店长在群里说“后厨那个小伙子是肺结核，别跟他一桌吃饭”。", "肺结核"),
    ],
)
def test_a_quoted_diagnosis_or_remark_is_hidden_R_PUB_05(sentence, words):
    assert _hidden(sentence, words), _masked(sentence)


def test_a_quoted_claim_of_goods_stays_R_PUB_05():
    """A quote that no one says of a person (a product's claim) is still no one's health."""
    text = "当事人在店内张贴“专治糖尿病、高血压”的宣传单。"
    assert "专治糖尿病、高血压" in _masked(text)


def test_an_institution_said_by_its_kind_is_part_of_the_story_R_PUB_05():
    """去乡卫生院挂了两天水: no institution's name, the story's words; one with its own
    name (某某市第二人民医院) stays readable, as the sets mark it."""
    text = "证人称，其婆婆那几天一直腹泻，去乡卫生院挂了两天水，后又转到柳江市第二人民医院住院。"
    masked = _masked(text)
    assert _hidden(text, "一直腹泻，去乡卫生院挂了两天水"), masked
    assert "柳江市第二人民医院" in masked, masked
