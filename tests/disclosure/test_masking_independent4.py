"""Masking measured on the fourth hand-written independent set (issue 12, R-PUB-05).

``tests/disclosure/independent4``: 15 decisions written before the sixth session changed the
masker, in fields the other sets lack (税务, 医疗保障, 人社 with a table of workers and their ID
numbers, 交通 with 驾驶证号 equal to the ID, 公安 with 籍贯/户籍所在地/现住 and witnesses'
addresses, 农业农村 with 耳标号, 自然资源 with a plot's 四至, 住建 with 业主 room numbers, 教育 and
网吧 minors, 职业病, 消防, 殡葬), a traditional-character OCR scan and a PDF-wrapped text. Run
with ``pytest -s`` for the table per kind and layout.
"""

from sanxiang.disclosure import masking

from .independent4.load import load
from .test_masking_independent import assert_meets_the_aims


def test_the_fourth_independent_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 12
    assert {doc.party_kind for doc in docs} == {"natural_person", "individual_business",
                                                "organisation"}
    fields = {doc.name.split("_")[1] for doc in docs}
    assert fields >= {"sw", "yb", "rs", "jt", "ga", "ny", "zr", "zj", "jy", "wh", "wj", "xf",
                      "mz"}
    for doc in docs:
        assert not set("⟨⟩⟪⟫") & set(doc.text), doc.name


def test_masking_meets_its_aims_on_the_fourth_independent_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=200, shown_damage=40)


def _hidden(text, **kwargs):
    spans = masking.propose(text, **kwargs)
    return {(text[r.start:r.end], r.kind) for r in spans}, masking.mask(text, spans)


def test_a_table_of_workers_keeps_each_id_apart_from_the_amount_after_it_R_PUB_05():
    # 序号　姓名　身份证号码　金额: the column gap between the ID and the amount is no stray
    # OCR space, so the ID is an ID and the name before it a person's
    text = ("经查，当事人拖欠下列劳动者工资：\n序号　姓名　身份证号码　欠薪金额（元）\n"
            "1　　苗德全　110105199003078115　32,600\n"
            "2　　上官云鹏　110105198811230029　26,500\n")
    hidden, masked = _hidden(text, party_name="某劳务队", party_kind="individual_business")
    assert ("110105199003078115", "id_number") in hidden
    assert ("110105198811230029", "id_number") in hidden
    assert ("苗德全", "person_name") in hidden and ("上官云鹏", "person_name") in hidden
    assert "32,600" in masked and "26,500" in masked


def test_a_traditional_character_scan_is_read_as_simplified_R_PUB_05():
    text = ("違法行為人 蒙志軍，戶籍所在地 南津區白鶴鎮青山村三組３１號。現查明：蒙志軍騙取"
            "被害人閻秀蘭現金。閻秀蘭患阿爾茨海默病。")
    hidden, masked = _hidden(text, party_name="蒙志军", party_kind="natural_person")
    assert ("閻秀蘭", "person_name") in hidden
    assert any(kind == "address" and "白鶴鎮" in value for value, kind in hidden)
    assert any(kind == "health" and "阿爾茨海默" in value for value, kind in hidden)
    assert "蒙志軍" in masked  # the party, named in the record in simplified characters


def test_a_condition_named_by_what_brought_the_person_to_hospital_is_hidden_R_PUB_05():
    text = "租户鞠红梅因吸入性损伤住院治疗，其父亲因多器官功能衰竭死亡。另因工作需要住院陪护。"
    hidden, _masked = _hidden(text, party_name="黎秋生", party_kind="natural_person")
    # (ADR 0062: hidden with the rest of their clause, 住院治疗 and 死亡 too)
    health = [value for value, kind in hidden if kind == "health"]
    assert any("吸入性损伤" in value for value in health)
    assert any("多器官功能衰竭" in value for value in health)
    assert ("鞠红梅", "person_name") in hidden
    assert not any("工作需要" in value for value, _kind in hidden)


def test_neighbours_named_at_a_plots_sides_are_persons_R_PUB_05():
    text = "该地块四至为：东至村道，南至符德胜承包地，西至邬桂兰宅基地，北至王家村。"
    hidden, masked = _hidden(text, party_name="覃家旺", party_kind="natural_person")
    assert ("符德胜", "person_name") in hidden and ("邬桂兰", "person_name") in hidden
    assert "王家村" in masked
