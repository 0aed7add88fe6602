"""Health information read by the clause (R-PUB-05, issue 12, masking round 11, ADR 0062).

A description of someone's body — the injury, what was done about it, how it ended — is
hidden as the run of clauses that tells it, from where the description starts (after the
person's name, who says it, a dated lead-in) to where the story turns to something else
(money, the law, the body's own acts, a procedural step). Sentences written for this file,
not taken from any evaluation set, and the look-alikes that must stay."""

import pytest

from sanxiang.disclosure.masking import mask, propose

PARTY = {"party_name": "某某建材有限公司", "party_kind": "organisation"}


def _masked(text):
    return mask(text, propose(text, **PARTY))


def _hidden(text, words):
    """Every non-space character of ``words`` is inside a health span."""
    start = text.index(words)
    spans = [(r.start, r.end) for r in propose(text, **PARTY) if r.kind == "health"]
    return all(text[i].isspace() or any(a <= i < b for a, b in spans)
               for i in range(start, start + len(words)))


@pytest.mark.parametrize("sentence, story", [
    # an injury, its care and its outcome, told as a run of clauses
    ("经查，搬运工祁永福在卸货时左脚被叉车碾压，脚背肿得发亮，后经清创缝合，至今走路不便，"
     "当事人未为其办理工伤认定。",
     "左脚被叉车碾压，脚背肿得发亮，后经清创缝合，至今走路不便"),
    # a fall, a head struck, no breath: hidden up to the rescue's outcome
    ("2026年5月2日，杂工凤德明从三米高的平台跌下，后脑着地，当场没了呼吸，经抢救无效死亡，"
     "事故调查组认定当事人负主要责任。",
     "后脑着地，当场没了呼吸，经抢救无效死亡"),
    # symptoms said plainly, one after another, and what a body gave off
    ("投诉人称其女儿喝了该店的奶茶后上吐下泻，半夜发高烧，大便带血，在家躺了三天。",
     "上吐下泻，半夜发高烧，大便带血，在家躺了三天"),
    # a chronic state and its care, and an addiction and its withdrawal
    ("村民反映，邹老汉早年摔断过腿，一直拄拐，每周要去镇上复查。",
     "摔断过腿，一直拄拐，每周要去镇上复查"),
    ("其子在半年里反复购买止咳水，喝上瘾了，目前在家戒断。", "喝上瘾了，目前在家戒断"),
    # pregnancy, with the care it needed
    ("店员阎小霞怀孕六个多月，腹痛见红，在家保胎，未到岗。", "怀孕六个多月，腹痛见红，在家保胎"),
    # a mental state, the doctor's word and the drug
    ("其母亲称，孩子近半年整夜失眠，情绪低落，医生说是焦虑，开了药在吃。",
     "整夜失眠，情绪低落，医生说是焦虑，开了药在吃"),
    # the party's own health, given as a reason
    ("当事人以腰椎受伤、长期卧床为由申请延期缴纳罚款。", "腰椎受伤、长期卧床"),
])
def test_a_description_of_a_body_is_hidden_by_the_clause_R_PUB_05(sentence, story):
    assert _hidden(sentence, story), _masked(sentence)


@pytest.mark.parametrize("sentence, kept", [
    # the person's name, who says it and the date lead in; the money after it stays
    ("经查，搬运工祁永福在卸货时左脚被叉车碾压，脚背肿得发亮，后经清创缝合，至今走路不便，"
     "当事人未为其办理工伤认定。", ("祁某", "当事人未为其办理工伤认定")),
    ("2026年5月2日，杂工凤德明从三米高的平台跌下，后脑着地，当场没了呼吸，经抢救无效死亡，"
     "事故调查组认定当事人负主要责任。", ("2026年5月2日", "事故调查组认定当事人负主要责任")),
    ("投诉人称其女儿喝了该店的奶茶后上吐下泻，退还货款三十元。", ("退还货款三十元",)),
    # the cue stays readable, what it names is hidden
    ("工人蒲志强被诊断为尘肺病，公司未安排职业健康检查。", ("被诊断为", "公司未安排职业健康检查")),
    # a hospital named where a story starts stays; a year said as a word before a cue of
    # its own (去年因…) is a date (round 12, ADR 0071: inside a story it is the story's)
    ("伤者被送往县第二人民医院，颅内出血，住进重症监护室。", ("县第二人民医院",)),
    ("证人称，老人去年因中风住院，右边身子不能动。", ("去年",)),
])
def test_what_leads_into_or_follows_a_description_stays_R_PUB_05(sentence, kept):
    masked = _masked(sentence)
    for words in kept:
        assert words in masked, masked


def test_a_medical_record_is_hidden_field_by_field_R_PUB_05():
    text = ("卫生院门诊日志载明：主诉：咳嗽伴低热一周；查体：咽部充血；诊断：急性支气管炎；"
            "处理：雾化吸入，口服化痰药。\n处理意见：责令改正。")
    masked = _masked(text)
    for label in ("主诉：", "查体：", "诊断：", "处理："):
        assert label in masked
    for value in ("咳嗽伴低热一周", "咽部充血", "急性支气管炎", "雾化吸入，口服化痰药"):
        assert _hidden(text, value), masked
    # a step of the case is no record's field
    assert "处理意见：责令改正" in masked


@pytest.mark.parametrize("sentence", [
    # goods: drugs sold, prescription drugs stocked
    "当事人药房柜台陈列布洛芬缓释胶囊、头孢克肟片等处方药，未凭处方销售。",
    # the law and the duty of public health
    "当事人未依照《中华人民共和国传染病防治法》第三十条规定履行疫情报告职责。",
    "该诊所未建立传染病防控制度，未开展结核病防治宣传。",
    # a claim for a product
    "当事人在直播间宣称该保健茶可降血压、护肝，有显著疗效。",
    # a herd's deaths are no one's health
    "经查，当事人养殖场内5头生猪死亡，未作无害化处理。",
    # a certificate's name, a step of the case and its date
    "当事人提交了其残疾人证复印件及医院诊断证明。",
    "2026年6月1日，本局向当事人送达了行政处罚告知书。",
])
def test_look_alikes_of_a_health_story_stay_R_PUB_05(sentence):
    assert not [r for r in propose(sentence, **PARTY) if r.kind == "health"], _masked(sentence)


def test_a_name_inside_a_clause_stays_a_name_before_its_description_R_PUB_05():
    """However the clause opens (事故中同车间…), the name before the description is the name
    rule's span, masked as X某, and the description alone is health."""
    text = "事故当天，事故中同车间罗国庆右手擦伤，休息了两天。"
    spans = propose(text, **PARTY)
    names = [text[r.start:r.end] for r in spans if r.kind == "person_name"]
    assert "罗国庆" in names
    assert _hidden(text, "右手擦伤") and not _hidden(text, "罗国庆")
    assert "同车间罗某【健康信息已隐去】" in _masked(text)
