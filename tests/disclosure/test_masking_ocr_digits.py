"""Phone numbers as OCR prints them, and a landline's extension (R-PUB-05, issue 12).

A scanned decision read by OCR shows a 1 as l or I and a 0 as O or 〇 inside a number; the
number is still the person's and must be hidden. A landline's extension (转602, 分机602) is
part of the number. Words and codes with letters stay as they are."""

import pytest

from sanxiang.disclosure import masking


def _hidden(text: str) -> list[str]:
    return [text[r.start:r.end] for r in masking.propose(text)]


@pytest.mark.parametrize("text, number", [
    ("证人手机号码l3785249O63，当日在场。", "l3785249O63"),
    ("其联系电话为l56 3l22 7O48。", "l56 3l22 7O48"),
    ("当事人电话：１３５ ７２６O ３３９l。", "１３５ ７２６O ３３９l"),
    ("投诉人留下的号码是139 o7I4 6258，要求回复。", "139 o7I4 6258"),
    ("举报人电话l\n３９ ９l４６  2O５8，系本人使用。", "l\n３９ ９l４６  2O５8"),
])
def test_ocr_letters_in_a_phone_are_read_as_digits_R_PUB_05(text, number):
    assert number in _hidden(text)
    assert number not in masking.mask(text, masking.propose(text))


@pytest.mark.parametrize("text, number", [
    ("其单位座机0792－3265118转602，无人接听。", "0792－3265118转602"),
    ("证人办公电话010-84561234分机3012。", "010-84561234分机3012"),
])
def test_a_landline_takes_its_extension_R_PUB_05(text, number):
    assert number in _hidden(text)


@pytest.mark.parametrize("text", [
    "该公司通过ISO9001质量管理体系认证，产品批号Top1000000。",
    "依据GB 2760-2014《食品安全国家标准 食品添加剂使用标准》。",
    "二〇二六年三月五日，执法人员进行检查。",
    "涉案设备型号为SO1234567A，共计3台。",
])
def test_words_and_codes_with_letters_stay_R_PUB_05(text):
    assert masking.mask(text, masking.propose(text)) == text
