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
    # (round 9, ADR 0054) the whole phrase a clerk blacks out: a list's later symptoms,
    # a count, an area, an aside, a regimen, what introduces a condition in a body's
    # description, the parts struck before 被
    ("投诉人称其儿子食用后呕吐、发热两次，当晚就医。", "呕吐、发热两次"),
    ("证人称其父亲出现咳嗽、低热、乏力，持续约两周。", "咳嗽、低热、乏力"),
    ("经鉴定，其背部Ⅲ度烧伤，面积约8%。", "Ⅲ度烧伤，面积约8%"),
    ("门诊病历记载“右膝关节肿痛（外伤后）”。", "右膝关节肿痛（外伤后）"),
    ("病历记载“既往有哮喘史，对头孢类药物过敏”。", "既往有哮喘史，对头孢类药物过敏"),
    ("其妻患尿毒症，每周透析两次。", "尿毒症，每周透析两次"),
    ("投诉人事后颈部出现多处红斑、瘙痒。", "颈部出现多处红斑、瘙痒"),
    ("工人张某左手食指、中指被机器轧伤，经治疗已出院。", "左手食指、中指被机器轧伤"),
    # a test's value in a clinical unit, a stay's length, a nursing period
    ("体检报告显示其“谷丙转氨酶88U/L”。", "谷丙转氨酶88U/L"),
    ("该职工住院二十天后返岗。", "住院二十天"),
    ("其陈述当时正处于哺乳期，未能到场。", "哺乳期"),
    # drugs by more of their forms and ways of taking
    ("医生为其开具了炉甘石洗剂。", "炉甘石洗剂"),
    ("其称胸口不适后当场含服了速效救心丸。", "速效救心丸"),
    ("他说自己有高血压，一直在吃硝苯地平。", "硝苯地平"),
    # a procedure by its bare noun after a verb of undergoing it
    ("其上月在医院行房颤射频消融，现已出院。", "房颤射频消融"),
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
    # (round 9) what the phrase rules must not take: a treatment's billed count and its
    # sum, a wastewater value, an everyday 既往, a class of workers, a clinic's services,
    # a date after a symptom, a drug count in a pharmacy case
    ("经查，当事人为其做推拿治疗十二次，收费960元。", "十二次"),
    ("经查，当事人为其做推拿治疗十二次，收费960元。", "960元"),
    ("检测报告显示排放口废水氨氮浓度为3.5mg/L。", "3.5mg/L"),
    ("当事人表示今后将一如既往地加强管理。", "既往"),
    ("用人单位不得安排孕期女职工从事夜班劳动。", "孕期"),
    ("当事人在门诊部开展针灸、推拿等项目后，未公示价格。", "针灸"),
    ("当事人腹泻后于2026年3月5日就诊。", "2026年3月5日"),
    ("现场查见过期阿莫西林胶囊、布洛芬片等药品，共计12盒。", "12盒"),
    ("施工单位对旧管道进行切除作业。", "切除"),
])
def test_look_alikes_of_health_information_stay_R_PUB_05(sentence, word):
    text = DOC + sentence
    start = text.index(word)
    assert not any(a < start + len(word) and start < b for a, b in _health(text)), sentence


# (round 10) colloquial descriptions of a body, as a witness or a complainant says them
@pytest.mark.parametrize("sentence, words", [
    ("问：你当时伤到哪里？答：我左膝盖磕破了，小腿青了一大块。", "左膝盖磕破了"),
    ("答：她的胳膊肿得很厉害，手指没有知觉。", "胳膊肿得很厉害"),
    ("答：他的手指没有知觉，一直到晚上。", "手指没有知觉"),
    ("答：孩子当天夜里烧到三十八度五，第二天才退。", "烧到三十八度五"),
    ("答：我父亲后来住进了骨科病房，住了一个星期。", "住进了骨科病房"),
    ("答：在卫生院挂了两天的点滴才好。", "挂了两天的点滴"),
    ("答：伤口缝了五针，又打了破伤风针。", "缝了五针"),
    ("答：去医院照了片子，骨头没事。", "照了片子"),
    ("答：我母亲得糖尿病八年多了，平时靠打胰岛素。", "糖尿病八年多"),
    ("答：我爷爷前年中过风，现在走路不稳。", "中过风"),
    ("答：我老伴瘫在床上两年多，全靠我照顾。", "瘫在床上两年多"),
    ("答：他有心脏病好多年，还搭过桥。", "搭过桥"),
])
def test_colloquial_health_is_hidden_R_PUB_05(sentence, words):
    assert _hidden(DOC + sentence, words), sentence


@pytest.mark.parametrize("sentence, word", [
    ("答：我把那批货拉到县医院旁边的仓库，住了一晚。", "县医院"),
    ("答：那台机器的外壳摔破了，赔了我三百元。", "三百元"),
    ("答：当天气温高达三十八度，店里没有开空调。", "三十八度"),
    ("答：那批货在仓库里放了三天，箱子压破了。", "三天"),
    ("答：窑里的温度烧到八百度以上。", "八百度"),
    ("答：他背了一个大包进店，里面是货。", "大包"),
    ("答：我吃了饭就去店里了，收了二十元。", "二十元"),
])
def test_colloquial_look_alikes_stay_R_PUB_05(sentence, word):
    text = DOC + sentence
    start = text.index(word)
    assert not any(a < start + len(word) and start < b for a, b in _health(text)), sentence


@pytest.mark.parametrize("sentence, words", [
    ("答：他胸口疼了好几天，一直没去看。", "胸口疼了好几天"),
    ("答：老人家卧床四年多了。", "卧床四年多"),
    ("答：她有冠心病，还做过搭桥手术。", "冠心病，还做过搭桥手术"),
    ("答：脚踝照了CT没有骨裂。", "照了CT没有骨裂"),
    ("答：被狗咬了以后打了四针。", "打了四针"),
    ("答：他半边身子发麻，夜里腿疼得站不起来。", "半边身子发麻"),
    ("答：他半边身子发麻，夜里腿疼得站不起来。", "腿疼得站不起来"),
    ("答：我女儿前天发高烧40度，当晚送去打了狂犬疫苗。", "发高烧40度"),
    ("答：他血压高，这几年一直吃厄贝沙坦。", "厄贝沙坦"),
    ("答：她在库房里闻到怪味后晕倒了。", "晕倒"),
])
def test_colloquial_phrases_join_R_PUB_05(sentence, words):
    assert _hidden(DOC + sentence, words), sentence
