"""Health information read by what it is, not by the words of the texts the rules were
written from (R-PUB-05, issue 12, masking round 8, ADR 0054): conditions, symptoms,
treatments, operations, drugs, pregnancy, mental health, disability and test results, in
sentences written for this file (not taken from any evaluation set), and the look-alikes
that must stay: law titles, claims and goods, institutions, equipment and the field's own
vocabulary."""

import pytest

from sanxiang.disclosure.masking import propose

DOC = "某某县卫生健康局\n行政处罚决定书\n某卫罚〔2026〕15号\n\n"


def _health(text):
    return [(r.start, r.end) for r in propose(text, party_name="某某诊所有限公司",
                                              party_kind="organisation") if r.kind == "health"]


def _hidden(text, words):
    """Every non-space character of ``words`` is inside a health span."""
    start = text.index(words)
    spans = _health(text)
    return all(text[i].isspace() or any(a <= i < b for a, b in spans)
               for i in range(start, start + len(words)))


@pytest.mark.parametrize("sentence, words", [
    # conditions named without a cue word before or after them
    ("经查，证人称其母亲帕金森病多年，平日由其照料。", "帕金森病"),
    ("投诉人称其女儿食用该蛋糕后全身起荨麻疹。", "荨麻疹"),
    ("据其丈夫陈述，其腰部带状疱疹尚未痊愈即返岗。", "腰部带状疱疹"),
    ("现场询问时，该名厨师手背银屑病皮损明显。", "银屑病"),
    ("据学校反映，该生去年曾因病毒性脑膜炎休学半年。", "病毒性脑膜炎"),
    ("另查明，从业人员马某胆结石发作，未请假仍在岗。", "胆结石"),
    # symptoms
    ("调查中，当事人员工称近来夜间盗汗、耳鸣，未就医。", "盗汗、耳鸣"),
    ("服用该中成药后，投诉人出现便血，遂向我局投诉。", "便血"),
    # treatments and operations
    ("其于2025年10月行腹腔镜下胆囊切除术，现已出院。", "腹腔镜下胆囊切除术"),
    ("该患者上月刚接受人工髋关节置换术。", "人工髋关节置换术"),
    ("其父亲每周须到医院做三次血液透析。", "血液透析"),
    ("证人称其儿子正在接受高压氧治疗。", "高压氧治疗"),
    ("投诉人称其丈夫正在接受化疗，免疫力低下。", "化疗"),
    # drugs taken, injected or prescribed
    ("据了解，其长期服用阿托伐他汀，另有高脂血症。", "阿托伐他汀"),
    ("当事人未做皮试即为其静脉注射头孢曲松。", "头孢曲松"),
    ("病历记载，门诊医生为其开具氯氮平片，每日两次。", "氯氮平片"),
    ("其家属称，死者生前一直服用安眠药。", "安眠药"),
    # mental health
    ("据其家属介绍，其子有阅读障碍，另患强迫症。", "阅读障碍"),
    ("其长期失眠，近期伴有幻听。", "幻听"),
    # test results of a person
    ("经检测，其核酸检测结果为阳性。", "核酸检测结果为阳性"),
    ("经现场尿检，其吗啡检测呈阳性。", "吗啡检测呈阳性"),
    # a condition with its shape, size or aside
    ("鉴定意见：其额部皮肤裂伤约3.5厘米，构成轻微伤。", "裂伤约3.5厘米"),
    ("体检发现该员工有甲状腺乳头状癌。", "甲状腺乳头状癌"),
    ("其既往患肺结核（涂阳），已治愈。", "肺结核（涂阳）"),
])
def test_health_information_is_hidden_by_what_it_is_R_PUB_05(sentence, words):
    assert _hidden(DOC + sentence, words), sentence


@pytest.mark.parametrize("sentence, word", [
    # law and case titles
    ("依据《中华人民共和国传染病防治法》第三十九条第一款，决定如下：", "传染病"),
    ("根据《精神障碍患者社区康复服务工作规范》要求，", "精神障碍"),
    # claims and goods of a market case
    ("当事人在其网店宣称该产品可治疗糖尿病、高血压及冠心病。", "糖尿病"),
    ("当事人在其网店宣称该产品可治疗糖尿病、高血压及冠心病。", "冠心病"),
    ("当事人销售的阿莫西林胶囊未按说明书要求阴凉储存。", "阿莫西林胶囊"),
    ("当事人广告中称“服用本品后可停服降压药”。", "降压药"),
    # institutions, equipment and the field's own vocabulary
    ("当事人将病人转诊至某某市肿瘤医院。", "肿瘤医院"),
    ("现场查获输液器、注射器等医疗器械一批。", "输液器"),
    ("当事人超出登记的诊疗科目，开展针灸、推拿服务。", "针灸"),
    ("当事人未按规定组织接触职业病危害因素的劳动者进行体检。", "职业病危害"),
    ("当事人未查验从业人员的健康证明。", "健康证明"),
    ("该路段路面硬化及道路狭窄处均设有警示标志。", "路面硬化"),
    ("当事人送检的生猪尿样瘦肉精快速检测呈阳性。", "阳性"),
    ("当事人的技术负责人及美术设计人员均未持证上岗。", "技术负责人"),
    ("当事人销售的农药标签标注用于防治水稻纹枯病。", "纹枯病"),
])
def test_look_alikes_of_health_information_stay_R_PUB_05(sentence, word):
    text = DOC + sentence
    start = text.index(word)
    assert not any(a < start + len(word) and start < b for a, b in _health(text)), sentence
