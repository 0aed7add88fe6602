"""The failure classes of masking round 7 (R-PUB-05, issue 12; ADR 0049 "Round 7"), each on
sentences written for this file, not taken from the held-out set: a name whose surname is in
no list where a person is expected, a dotted transliterated name, conditions without a cue,
the body's own officers and contact, and what only looks like a name."""

import pytest

from sanxiang.disclosure.masking import propose

DOC = "某某区卫生健康局\n行政处罚决定书\n某卫医罚〔2026〕7号\n\n"
REMEDIES = ("如不服本决定，可以在收到本决定书之日起60日内申请行政复议，或者在6个月内"
            "提起行政诉讼。\n\n")


def _found(text, kind):
    return [text[r.start:r.end] for r in propose(text, party_name="某某餐饮有限公司",
                                                   party_kind="organisation") if r.kind == kind]


@pytest.mark.parametrize("sentence, name", [
    ("经查，投诉人粘春兰称，其在该店就餐后腹泻。", "粘春兰"),          # after a cue word
    ("经查，目击证人拓跋秀英证实，当事人未取得许可。", "拓跋秀英"),    # unknown compound
    ("在场员工有王建国、周丽、盘玉珍在岗期间未戴口罩。", "盘玉珍"),      # last of a list
    ("现场有两名学生，其中母晓彤（14岁）在店内。", "母晓彤"),            # before an age
    ("当晚，当事人持其弟周国栋的身份证登记。", "周国栋"),                # a relation
    ("其中，参保人艾克拜尔·吐尔洪称其未购买该药品。", "艾克拜尔·吐尔洪"),  # a dotted name
])
def test_names_where_a_person_is_expected_are_hidden_R_PUB_05(sentence, name):
    assert name in _found(DOC + sentence, "person_name")


def test_a_compound_surname_after_a_role_word_is_hidden_R_PUB_05():
    assert "上官明辉" in _found(DOC + "经查，当班组长上官明辉称，设备已停用。", "person_name")


def test_officers_and_the_contact_after_the_remedies_stay_R_PUB_01():
    text = (DOC + "2026年5月6日，我局卫生监督员赵海峰、李晓敏对当事人进行检查。\n\n" + REMEDIES
            + "联系人：钱志远　电话：0755-83325566\n")
    names = _found(text, "person_name")
    assert "赵海峰" not in names and "李晓敏" not in names and "钱志远" not in names
    assert "0755-83325566" not in _found(text, "phone")


def test_a_document_number_and_a_plate_are_no_names_R_PUB_05():
    text = ("吴卫医罚〔2026〕12号\n\n经查，教练员李某驾驶教练车粤B·7731学于2026年3月在场地外"
            "进行培训。")
    names = _found(text, "person_name")
    assert not any(n.startswith(("吴卫", "车粤")) for n in names), names


@pytest.mark.parametrize("sentence, condition", [
    ("顾客周某称其有痛风，食用后发作。", "痛风"),
    ("患者既往有高血压、慢性肾功能不全病史。", "慢性肾功能不全"),
    ("就诊者处于孕晚期，当事人仍为其注射药物。", "孕晚期"),
    ("其妻子因产后抑郁正在治疗为由拒绝配合。", "产后抑郁"),
    ("其母亲有类风湿性关节炎，行动不便。", "类风湿性关节炎"),
    ("就诊者时怀孕约20周，当事人为其输液。", "怀孕约20周"),
])
def test_conditions_without_a_cue_and_whole_names_are_hidden_R_PUB_05(sentence, condition):
    assert any(condition in found for found in _found(DOC + sentence, "health"))


def test_a_benefit_named_after_a_disability_is_no_condition_R_PUB_05():
    text = DOC + "当事人领取一次性伤残补助金32,000元。"
    assert not any("一次性" in found for found in _found(text, "health"))


def test_a_room_numbered_with_fang_ends_the_address_R_PUB_05():
    text = DOC + "证人王某联系地址：某市某区某街道新华路8号金桂新村3栋502房，电话：略。"
    assert "某市某区某街道新华路8号金桂新村3栋502房" in _found(text, "address")
