"""Masking measured on the independent evaluation set (issue 12, R-PUB-05).

``tests/disclosure/eval``: decisions in other authors' styles across nine fields, for
persons, 个体工商户 and organisations, clean, PDF-wrapped and OCR-like — not the generator
the masker was first tuned on. Run with ``pytest -s`` to see the table per kind and layout.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.core.identifiers import make_resident_id
from sanxiang.disclosure import masking

from .eval.decisions import build
from .eval.holdout import build_holdout
from .eval.measure import measure, table

AIMS = {"id_number": 0.99, "phone": 0.99, "bank_account": 0.98, "address": 0.95,
        "person_name": 0.95, "health": 0.90}
MAX_DAMAGE = 0.005


def _propose(doc):
    return [(r.start, r.end, r.kind) for r in masking.propose(
        doc.text, party_name=doc.party_name, party_kind=doc.party_kind,
        keep_names=doc.keep_names, party_address=doc.party_address)]


def test_masking_meets_its_aims_on_the_evaluation_set_R_PUB_05():
    docs = build() + build_holdout()
    assert len(docs) >= 300
    figures = measure(_propose, docs)
    print("\n" + table(figures))
    for kind, layout, name, text in figures.misses[:15]:
        print("missed", kind, layout, name, repr(text))
    for label, layout, name, text in figures.damage[:15]:
        print("damaged", label, layout, name, repr(text))
    for kind, aim in AIMS.items():
        assert figures.recall(kind) >= aim, (kind, figures.recall(kind))
        for layout in ("clean", "pdf", "ocr"):
            assert figures.recall(kind, layout) >= aim, (kind, layout)
    assert figures.damage_rate() <= MAX_DAMAGE


def test_every_occurrence_of_a_found_name_is_masked_the_same_way_R_PUB_05():
    text = ("证人訾晓东称，当日其在店内。訾晓东还称其母亲么红梅在场。经核实，么红梅与"
            "訾晓东均为顾客。工人姜霞施救时受伤，姜霞于次日出院。车间主任孔有为称设备停用。")
    masked = masking.mask(text, masking.propose(text))
    for name in ("訾晓东", "么红梅", "姜霞", "孔有为"):
        assert name not in masked, name
    assert masked.count("訾某") == 3 and masked.count("么某") == 2
    assert "姜某施救" in masked and "孔某称" in masked


def test_ordinary_words_after_role_words_are_not_names_R_PUB_05():
    text = ("当事人未建立员工管理制度，工作人员向当事人报告隐患后未获处理，驾驶员明知车辆"
            "制动不良仍上路行驶。")
    assert [r for r in masking.propose(text) if r.kind == "person_name"] == []


def test_law_titles_and_article_numbers_keep_their_health_words_R_PUB_05():
    text = ("违反了《中华人民共和国传染病防治法》第三十条第一款的规定，当事人宣称其产品能"
            "“治疗糖尿病”。当事人系肺结核患者，另有癫痫病史，听力二级残疾，后确诊为阿尔茨海默病。")
    found = masking.propose(text)
    masked = masking.mask(text, found)
    assert "《中华人民共和国传染病防治法》第三十条第一款" in masked
    assert "“治疗糖尿病”" in masked
    for condition in ("肺结核", "癫痫", "听力二级残疾", "阿尔茨海默病"):
        assert condition not in masked, condition


def test_enforcement_certificates_and_ear_tags_are_not_identifiers_R_PUB_05():
    text = ("执法人员：李振华、周立新（13090123456、14110234567）。耳标号113092512345678，"
            "动物检疫合格证明编号130922123456789。")
    assert masking.propose(text, keep_names=["李振华", "周立新"]) == []


_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@settings(max_examples=150, deadline=None)
@given(seq=st.integers(0, 499), full=st.booleans(), cuts=st.lists(st.integers(1, 17), max_size=3),
       breaker=st.sampled_from([" ", "\n", "  ", "\u3000"]),
       prefix=st.sampled_from(["身份证号", "公民身份号码：", "，", "特种作业操作证号T", ""]),
       suffix=st.sampled_from(["，", "。", "\n", "号码已核实"]))
def test_fuzz_identity_numbers_in_any_width_or_spacing_are_masked_R_PUB_05(
        seq, full, cuts, breaker, prefix, suffix):
    number = make_resident_id(region="130139", seq=seq)
    shown = number.translate(_WIDTH) if full else number
    for cut in sorted(set(cuts), reverse=True):
        shown = shown[:cut] + breaker + shown[cut:]
    text = f"当事人张某，{prefix}{shown}{suffix}住所不详。"
    masked = masking.mask(text, masking.propose(text))
    narrow = masked.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    digits = re.sub(r"\D", "", narrow)
    assert number[:17] not in digits


def test_an_organisations_seat_stays_whatever_its_name_R_PUB_05():
    text = "当事人：滹阳县老马家卤味\n经营者：马卫东\n住所：滹阳县柳林镇建设路8号\n"
    assert masking.propose(text, party_name="滹阳县老马家卤味", party_kind="individual_business",
                           keep_names=["马卫东"]) == []
    person = masking.propose("当事人：马卫东\n住所：滹阳县柳林镇建设路8号\n", party_name="马卫东",
                             party_kind="natural_person")
    assert [r.kind for r in person] == ["address"]


def _names(text, **kwargs):
    found = masking.propose(text, **kwargs)
    return {text[r.start:r.end] for r in found if r.kind == "person_name"}, \
        masking.mask(text, found)


def test_officers_and_the_legal_representative_stay_without_keep_names_R_PUB_05():
    text = ("当事人：临河市顺达物流有限公司，法定代表人晏国庆。执法人员孙伟、刘晨阳现场检查，"
            "民警季宏到场。驾驶员缑明亮称装货由调度员赖玉成安排。")
    found, masked = _names(text, party_name="临河市顺达物流有限公司",
                           party_kind="organisation")
    assert found == {"缑明亮", "赖玉成"}
    for public in ("晏国庆", "孙伟", "刘晨阳", "季宏"):
        assert public in masked


def test_a_private_role_outweighs_a_public_one_for_the_same_name_R_PUB_05():
    text = "证人张伟陈述，当事人未组织安全评估。\n执法人员：张伟（执法证号：13010201096）"
    found, masked = _names(text)
    assert found == {"张伟"} and "张伟" not in masked


def test_names_after_any_role_word_when_the_given_name_is_plausible_R_PUB_05():
    text = ("收银员缑丽萍证实系经营者安排。用啤酒瓶将被侵害人郝思远头部打伤，郝思远的伤情为"
            "轻微伤。其丈夫佘建军当晚到医院。其丈夫桓德胜脑梗后在家。同车人宿玉明称当晚聚餐。"
            "未取得资格的覃小玲从事诊疗活动。")
    _found, masked = _names(text)
    for name in ("缑丽萍", "郝思远", "佘建军", "桓德胜", "宿玉明", "覃小玲"):
        assert name not in masked, name
    assert "郝某的伤情" in masked and "缑某证实" in masked


def test_role_words_that_go_on_and_place_lists_are_not_names_R_PUB_05():
    text = ("车间主任司马宏伟称，户籍地址：河北省石家庄市长安区建设北大街27号。"
            "当事人在中国工商银行石家庄长安支行开户，产品销往张家口、唐山等地。"
            "当事人未落实驾驶员安全教育培训制度。")
    found, _masked = _names(text, party_kind="natural_person")
    assert found == {"司马宏伟"}


def test_people_listed_before_deng_are_names_R_PUB_05():
    found, _masked = _names("郗长海在其家中组织佘二宝、苑建军、牛占奎等人以推牌九方式赌博。",
                            party_name="郗长海", party_kind="natural_person")
    assert found == {"佘二宝", "苑建军", "牛占奎"}


def test_lines_wrapped_without_one_width_are_read_as_one_R_PUB_05():
    text = ("经查，当事人在其经营的水产摊位使用未经检定的电子秤。顾\n客钮春梅投诉短秤后，执法"
            "人员现场复秤确认。摊位帮工钮\n大海称电子秤系当事人从网上购买。钮春梅系钮大\n海的堂姐。"
            "当事人：臧玉山，住临河市港城区渤海\n路街道新港村五组88号。\n")
    masked = masking.mask(text, masking.propose(text, party_name="臧玉山",
                                                party_kind="natural_person"))
    flat = masked.replace("\n", "")
    for secret in ("钮春梅", "钮大海", "渤海路", "新港村"):
        assert secret not in flat, secret
    assert flat.count("钮某") == 4


def test_a_number_ending_a_line_is_not_joined_to_the_date_on_the_next_R_PUB_05():
    text = "身份证号：650102198402194158\n电话：5126638\n2026年6月1日，当事人在翠湖公园遛犬。"
    found = masking.propose(text)
    masked = masking.mask(text, found)
    assert "5126638" not in masked and "2026年6月1日" in masked


def test_a_home_address_ends_at_its_house_number_and_table_rows_stay_apart_R_PUB_05():
    text = ("隗秀珍的收货地址临河市南城区幸福路东四胡同5号被屠婷婷用于邮寄伪造材料。\n"
            "户籍所在地：安徽省肥东县店埠镇三合村前郢组17号\n现住：临河市西城区康宁路金色家园"
            "5栋2单元1102室\n")
    found = [text[r.start:r.end] for r in masking.propose(text) if r.kind == "address"]
    assert "临河市南城区幸福路东四胡同5号" in found
    assert "安徽省肥东县店埠镇三合村前郢组17号" in found
    masked = masking.mask(text, masking.propose(text))
    assert "被屠某用于邮寄伪造材料" in masked or "用于邮寄伪造材料" in masked
    assert "现住：" in masked


def test_an_organisations_address_line_stays_and_a_neighbours_home_does_not_R_PUB_05():
    text = ("被处罚单位：临河市西城区仁和诊所\n地址：临河市西城区文庙街47号\n"
            "周边居民融雪梅投诉称废水流入其家门口，其家位于光明路77号院2号楼1单元101。"
            "施工人在锦绣花园11栋楼顶搭建。当事人住址：临河市西城区槐荫路锦绣花园11栋。")
    found = masking.propose(text, party_name="临河市西城区仁和诊所", party_kind="organisation")
    masked = masking.mask(text, found)
    assert "临河市西城区文庙街47号" in masked
    for secret in ("光明路77号院2号楼1单元101", "锦绣花园11栋", "融雪梅"):
        assert secret not in masked, secret


def test_symptoms_injuries_and_their_grades_are_health_R_PUB_05():
    text = ("厨师匡文涛面部及双手二度烧伤，现在临河市烧伤专科医院治疗。浦二狗手部多处化学灼伤。"
            "经鉴定，伤情为轻微伤。注射后出现左侧鼻翼皮肤坏死。因吸入浓烟头晕呕吐。"
            "孩子扁桃体发炎。相建新称其有色弱。")
    masked = masking.mask(text, masking.propose(text))
    for condition in ("二度烧伤", "化学灼伤", "轻微伤", "坏死", "头晕呕吐", "扁桃体发炎", "色弱"):
        assert condition not in masked, condition
    assert "临河市烧伤专科医院" in masked


def test_names_opening_a_clause_before_testimony_and_in_more_relations_R_PUB_05():
    text = ("经询问，崔永红承认其在店内销售过期食品。当事人与其表弟郑晓斌共同经营该店。"
            "车辆登记所有人为苏文杰。证人证言（孟凡军）证实当事人曾多次运输。孙家豪（化名）系"
            "当事人的外甥。据业主委员会成员杭建平反映，经医院诊断，吴明患有重度抑郁症。"
            "伤者薛红经抢救后仍处于昏迷状态。经查，公司称其已整改。当事人称不知情。")
    masked = masking.mask(text, masking.propose(text))
    for name in ("崔永红", "郑晓斌", "苏文杰", "孟凡军", "孙家豪", "杭建平", "吴明", "薛红"):
        assert name not in masked, name
    # (the rescue and its outcome are the description, ADR 0062; the name's marker stays)
    assert "伤者薛某" in masked and "公司称" in masked and "当事人称" in masked


def test_officers_listed_with_their_certificate_numbers_stay_R_PUB_05():
    text = "执法人员：李明（执法证号：41010219001）、王强（执法证号：41010219002）"
    assert masking.propose(text) == []
    assert masking.propose("本案由李娜、张涛承办。") == []


def test_a_name_opening_a_clause_before_xi_is_a_name_but_not_a_shop_R_PUB_05():
    text = "经查，孔建国系当事人雇佣的工人。经查，该店系无证经营。当事人系个体工商户。"
    masked = masking.mask(text, masking.propose(text))
    assert "孔某系当事人雇佣" in masked and "该店系无证经营" in masked


def test_health_spans_are_the_condition_itself_R_PUB_05():
    text = ("据查，缑明亮患有高血压，公司未安排体检。工人褚志勇被诊断为矽肺二期。"
            "乘客逄春花晕船后跌倒，左小腿骨折，其女儿称她有心脏病史，怀孕三个月。"
            "消费者毋建华患有2型糖尿病，后因血糖控制不佳住院治疗。")
    spans = [(r.start, r.end) for r in masking.propose(text) if r.kind == "health"]
    for condition in ("高血压", "矽肺二期", "左小腿骨折", "心脏病史", "怀孕三个月", "2型糖尿病"):
        at = text.index(condition)
        assert any(a <= at and at + len(condition) <= b for a, b in spans), condition
    masked = masking.mask(text, masking.propose(text))
    # the cue and the rest of the clause stay readable
    assert "患有【健康信息已隐去】，公司未安排体检" in masked
    # (ADR 0062: what followed the condition in the same story, 后因…住院治疗, is hidden with
    # it; it was left readable before round 11)
    assert "住院治疗" not in masked


def test_names_with_no_cue_word_R_PUB_05():
    text = ("经查，仝德贵、郗桂英也曾在此治疗。2026年3月，王建国于当晚报警。"
            "邻摊鄢大伟证实当事人已摆卖十余日。冷玉堂称货物系从乜德林处购得。"
            "江文执罚〔2026〕46号。执法人员张伟在场。")
    masked = masking.mask(text, masking.propose(text, party_name="冷玉堂",
                                                party_kind="natural_person"))
    for name in ("仝德贵", "郗桂英", "王建国", "鄢大伟", "乜德林"):
        assert name not in masked, name
    assert "江文执罚〔2026〕46号" in masked and "张伟" in masked and "冷玉堂称" in masked


def test_a_dwelling_named_with_zai_in_a_persons_decision_R_PUB_05():
    text = ("单振华：经查，你于2026年3月在南岭区桂花路锦绣华庭小区8栋顶楼未经规划许可搭建"
            "彩钢板房。你在北湖区步行街北口摆卖。")
    masked = masking.mask(text, masking.propose(text, party_name="单振华",
                                                party_kind="natural_person"))
    assert "锦绣华庭" not in masked and "顶楼" not in masked
    assert "北湖区步行街北口" in masked


def test_words_the_segmenter_tags_as_persons_are_not_names_R_PUB_05():
    text = ("以上事实有当事人的陈述和申辩、证人的陈述、张贴的告示为证。经查明，"
            "证人郑晓斌称其易燃物品齐全，已康复。")
    masked = masking.mask(text, masking.propose(text))
    assert "郑晓斌" not in masked
    for word in ("陈述", "张贴", "查明", "易燃", "齐全", "康复"):
        assert word in masked, word
