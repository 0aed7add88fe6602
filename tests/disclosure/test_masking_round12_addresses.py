"""Masking round 12 (issue 12, R-PUB-05; ADR 0070): homes where workers sleep, addresses the
print or OCR spoils, a flat that is the scene, payment accounts of persons, and passports and
permits under their own markers — with the look-alikes that must stay.

Every sentence here was written for this file (none is copied from an evaluation set); each
test but the guards fails on the masker before this round.
"""

import pytest

from sanxiang.disclosure import masking

ADDRESS = masking.ADDRESS


def _found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(text[r.start:r.end], r.kind) for r in masking.propose(text, **kwargs)]


def _hidden(text: str, value: str, kind: str | None = None, **kwargs) -> bool:
    """Every character of ``value`` (but blanks and breaks) is gone from the masked text,
    covered by spans of ``kind`` when one is given."""
    at = text.index(value)
    spans = masking.propose(text, **kwargs)
    covered = all(ch.isspace() or any(r.start <= at + i < r.end and kind in (None, r.kind)
                                      for r in spans)
                  for i, ch in enumerate(value))
    return covered and value.replace("\n", "") not in masking.mask(text, spans).replace("\n", "")


def _untouched(text: str, value: str, **kwargs) -> bool:
    return value in masking.mask(text, masking.propose(text, **kwargs))


# --------------------------------------------------------------------------------------
# Homes where people sleep: dormitories, cabins, rented rooms


@pytest.mark.parametrize("text, value", [
    ("证人薄某某（住单位职工宿舍3楼117）称其当晚未听到报警声。", "单位职工宿舍3楼117"),
    ("租户晏某住出租屋3楼西侧，月租四百元。", "出租屋3楼西侧"),
])
def test_a_dormitory_or_a_rented_room_is_a_home_R_PUB_05(text, value):
    assert _hidden(text, value, ADDRESS, party_kind="natural_person"), _found(text)


def test_a_dormitory_line_in_a_table_cell_is_a_home_R_PUB_05():
    text = ("| 序号 | 员工 | 欠薪（元） | 备注 |\n"
            "| 1 | 某甲 | 8,200 | 宿舍：厂内女工宿舍3号楼112 |\n")
    assert _hidden(text, "厂内女工宿舍3号楼112", ADDRESS, party_kind="organisation"), \
        _found(text, party_kind="organisation")


def test_a_column_named_for_where_workers_sleep_is_read_as_homes_R_PUB_05():
    text = ("现场登记如下：\n"
            "  姓名      工种      住宿\n"
            "  某甲      钢筋工    生活区5号板房3-12\n"
            "  某乙      木工      工地东侧工棚2号\n")
    for value in ("生活区5号板房3-12", "工地东侧工棚2号"):
        assert _hidden(text, value, ADDRESS, party_kind="organisation"), \
            (value, _found(text, party_kind="organisation"))


# --------------------------------------------------------------------------------------
# What the print or OCR does to an address


def test_a_village_group_called_she_across_a_hard_break_R_PUB_05():
    text = "证人戚某住平乐县沙子镇\n青龙村四社，电话13712345678。"
    assert _hidden(text, "平乐县沙子镇\n青龙村四社", ADDRESS), _found(text)


def test_a_home_label_broken_before_its_address_word_R_PUB_05():
    text = "4. 其母（户籍\n地址湖南省祁东县归阳镇白地村3组）的证言；"
    assert _hidden(text, "湖南省祁东县归阳镇白地村3组", ADDRESS, party_kind="organisation"), \
        _found(text, party_kind="organisation")


@pytest.mark.parametrize("text, value", [
    ("当事人：某某，住址广州市天河区沙河街道先烈东路l8栋6O2，联系电话见卷。",
     "广州市天河区沙河街道先烈东路l8栋6O2"),
    ("投诉人（住宜宾市翠屏区南岸街道金沙村l5栋3O4）称其未收到退款。",
     "宜宾市翠屏区南岸街道金沙村l5栋3O4"),
])
def test_ocr_letters_for_digits_in_a_house_number_R_PUB_05(text, value):
    assert _hidden(text, value, ADDRESS), _found(text)


def test_a_private_flat_named_as_the_scene_is_hidden_R_PUB_05():
    text = ("2026年3月2日22时许，长沙市岳麓区望月湖街道桐梓坡小区7栋3单元902室发生火灾，"
            "被处罚人系该室租住人。")
    assert _hidden(text, "长沙市岳麓区望月湖街道桐梓坡小区7栋3单元902室", ADDRESS,
                   party_kind="natural_person"), _found(text, party_kind="natural_person")


PDF_PIPE_TABLE = """检查情况如下：
序号 | 姓名 | 公民身份号码 | 联系电话 | 住
址 | 备注
1 | 某甲 | 43010419850312
4117 | l3874l25566 | 长沙市开福区湘春路2l
号3栋5O1 | 无
2 | 某乙 | 430104199001013
113 | 0731-84l2563 | 宁乡县花明楼镇
刘家村7组 | 有，已过期 |
 备注续行
3 | 某丙 | 430104197805064
818 | 13974112233 | 望城区
雷锋街道金星路8号 | 无
"""


@pytest.mark.parametrize("value, kind", [
    ("长沙市开福区湘春路2l\n号3栋5O1", ADDRESS),
    ("宁乡县花明楼镇\n刘家村7组", ADDRESS),
    ("望城区\n雷锋街道金星路8号", ADDRESS),
    ("0731-84l2563", masking.PHONE),
])
def test_a_piped_table_the_pdf_wrapped_is_read_row_by_row_R_PUB_05(value, kind):
    assert _hidden(PDF_PIPE_TABLE, value, kind, party_kind="organisation"), \
        (value, _found(PDF_PIPE_TABLE, party_kind="organisation"))


def test_a_header_joined_to_its_first_row_is_no_address_R_PUB_05():
    # The view joins a header line ending in 住址 to the row below it: the row is read by
    # its columns, not swallowed as one address (the ID keeps its own marker).
    text = ("经查，涉案人员如下：\n"
            "姓名　　身份证号码　　　　　　联系电话　　　　住址\n"
            "某甲　　330106199003071234　　13812345678　　杭州市西湖区文三路12号\n"
            "某乙　　330106198805140028　　13912345678　　杭州市上城区解放路8号\n")
    masked = masking.mask(text, masking.propose(text))
    first = masked.splitlines()[2]
    assert first.startswith("某甲") and "【身份证号码已隐去】" in first, masked


# --------------------------------------------------------------------------------------
# Payment accounts of persons (the sets' bank_account)


@pytest.mark.parametrize("text, value", [
    ("当事人收款账户zhou_lin1987系其本人私人账户。", "zhou_lin1987"),
    ("销售记录及顾客付款的转账截图（付款账号wx\nid_9pq3k7m2）。", "wx\nid_9pq3k7m2"),
    ("你通过个人支付宝账户（lin_\n2024@163.com）收取打赏。", "lin_\n2024@163.com"),
    ("被处罚人收款账号yuanhua1971，用于收取租金。", "yuanhua1971"),
])
def test_a_persons_payment_account_is_hidden_as_an_account_R_PUB_05(text, value):
    assert _hidden(text, value, masking.BANK_ACCOUNT), _found(text)


# --------------------------------------------------------------------------------------
# Passports and permits: their own kind and marker


@pytest.mark.parametrize("text, value, marker", [
    ("证人持波兰护照，护照号码ＧＤ１２３４５６７，现居境外。", "ＧＤ１２３４５６７",
     "【护照号码已隐去】"),
    ("护照号码：E12345678，国籍中国。", "E12345678", "【护照号码已隐去】"),
    ("持往来港澳通行证，证件号码ＣＢ３１２４５６７。", "ＣＢ３１２４５６７", "【证件号码已隐去】"),
    ("港澳居民来往内地通行证号码H12345678。", "H12345678", "【证件号码已隐去】"),
])
def test_a_passport_or_permit_carries_its_own_marker_R_PUB_05(text, value, marker):
    masked = masking.mask(text, masking.propose(text))
    assert value not in masked and marker in masked and "身份证号码" not in masked, masked


def test_the_clerk_reads_the_document_kinds_in_chinese_R_PUB_05():
    from django.utils import translation

    with translation.override("zh-hans"):
        labels = masking.kind_labels()
        assert labels[masking.PASSPORT] == "护照号码"
        assert labels[masking.PERMIT] == "通行证、居留证等证件号码"


# --------------------------------------------------------------------------------------
# Look-alikes that stay


def test_a_public_body_as_respondent_keeps_its_seat_R_PUB_05():
    text = "被申请人：某市交通运输局，住所地某市西岗区长江路2l6号。\n法定代表人：某某，局长。"
    assert _untouched(text, "某市西岗区长江路2l6号", party_kind="natural_person"), \
        _found(text, party_kind="natural_person")


@pytest.mark.parametrize("text, value", [
    # a workplace named after a person's preposition is no home
    ("当事人于长沙市岳麓区某某大厦2单元1203室从事咨询。", "长沙市岳麓区某某大厦2单元1203室"),
    # a business's seat with a room
    ("某某科技有限公司，长沙市雨花区劳动路5栋1203室。", "长沙市雨花区劳动路5栋1203室"),
    # the state's non-tax account and a waybill
    ("罚款缴至非税收入汇缴账户，账号430012345678901234567，户名某市财政局。",
     "430012345678901234567"),
    ("快递运单号SF1234567890123，订单号DD20260304123。", "SF1234567890123"),
])
def test_workplaces_seats_public_accounts_and_waybills_stay_R_PUB_05(text, value):
    assert _untouched(text, value, party_kind="natural_person"), \
        _found(text, party_kind="natural_person")


# --------------------------------------------------------------------------------------
# Two numbers after one label, written in groups


@pytest.mark.parametrize("text, values", [
    ("联系电话：0472-61 38 254 139 4725 8061\n", ("0472-61 38 254", "139 4725 8061")),
    ("手机：137 0471 2290 186 4803 5517。", ("137 0471 2290", "186 4803 5517")),
])
def test_two_numbers_after_one_label_are_each_hidden_R_PUB_05(text, values):
    for value in values:
        assert _hidden(text, value, masking.PHONE), (value, _found(text))
