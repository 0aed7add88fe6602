"""Identifiers written side by side, as in a table row, and in the forms a clerk copies from
other systems (R-PUB-05, issue 12).

The masker reads numbers on a view without blanks (so a spaced ID is one number); a row of a
list of workers — name, ID, phone, card — then became one run of 48 digits that was no
number at all, and every identifier in it was published.
"""

import pytest

from sanxiang.disclosure.masking import mask, propose

ROWS = """欠薪人员名单：
序号 姓名 公民身份号码 手机 银行卡号 金额
1 覃某 11010519900307451X 13912345678 6222020200112233445 9,600元
2 黎某 440304198512010027 139 1234 5679 6217 0000 1000 2345 678 12,300元
3 侯某 320102197705150039 025-84561234 6228 4806 1812 3456 7 8,000元
"""


def _found(text, kind):
    return [text[r.start:r.end] for r in propose(text, party_name="某某建筑劳务有限公司",
                                                   party_kind="organisation") if r.kind == kind]


def test_identifiers_side_by_side_in_a_row_are_each_hidden_R_PUB_05():
    assert _found(ROWS, "id_number") == ["11010519900307451X", "440304198512010027",
                                         "320102197705150039"]
    assert _found(ROWS, "phone") == ["13912345678", "139 1234 5679", "025-84561234"]
    assert _found(ROWS, "bank_account") == ["6222020200112233445", "6217 0000 1000 2345 678",
                                            "6228 4806 1812 3456 7"]
    masked = mask(ROWS, propose(ROWS, party_name="某某建筑劳务有限公司",
                                party_kind="organisation"))
    # the amounts after the cards stay whole
    for amount in ("9,600元", "12,300元", "8,000元"):
        assert amount in masked
    for line in masked.splitlines()[2:]:
        serial, rest = line.split(" ", 1)
        identifiers = rest.rsplit(" ", 1)[0]
        assert serial.isdigit() and not any(ch.isdigit() for ch in identifiers), line


@pytest.mark.parametrize(("text", "kind", "value"), [
    # 残疾人证号: the ID and two digits (category, grade)
    ("持有残疾人证（证号11010519900307451X43）", "id_number", "11010519900307451X43"),
    ("联系电话0531—86123456", "phone", "0531—86123456"),
    ("其电话为＋86-10-6512 3456", "phone", "＋86-10-6512 3456"),
    ("手机0086-13912345678", "phone", "0086-13912345678"),
])
def test_identifiers_in_forms_copied_from_other_systems_R_PUB_05(text, kind, value):
    assert value in _found(text, kind)


def test_a_labelled_public_account_in_groups_stays_whole_R_PUB_05():
    text = ("请将罚款缴至：户名：某县财政局，收款账号：1305 0161 5208 0000 0456，"
            "开户银行：农业银行。")
    assert propose(text, party_name="张三", party_kind="natural_person") == []


@pytest.mark.parametrize("tail", ["٣", "3", "431"])
def test_an_id_ending_in_x_takes_two_digits_after_it_only_when_exactly_two_R_PUB_05(tail):
    """Found by the fuzz test: one digit (of any script) after an X-ended ID at the end of a
    text made the span run past the text."""
    text = "11010519900307451X" + tail
    (found,) = propose(text)
    assert (found.start, found.end) == (0, 18)
