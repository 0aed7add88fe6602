"""居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100): validation and generation.

The properties proven here are the ones ``sanxiang.core.identifiers`` documents: every
generated identifier validates; every single-character substitution is detected (for the
credit code at all 18 positions — the mod-31 weights are non-zero modulo a prime); every
swap of two different adjacent characters among the first 17 of a credit code is detected.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.core.identifiers import (
    CREDIT_CODE_ALPHABET,
    PROVINCE_CODES,
    REGISTRATION_AUTHORITIES,
    IdentifierError,
    make_credit_code,
    make_resident_id,
    resident_id_birth_date,
    resident_id_sex,
    validate_credit_code,
    validate_resident_id,
)

PREFIXES = [a + k for a, kinds in REGISTRATION_AUTHORITIES.items() for k in kinds]
PROVINCES = sorted(PROVINCE_CODES)

regions = st.builds(lambda p, rest: p + f"{rest:04d}", st.sampled_from(PROVINCES),
                    st.integers(0, 9999))
credit_codes = st.builds(lambda prefix, region, seed: make_credit_code(
    prefix=prefix, region=region, seed=seed),
    st.sampled_from(PREFIXES), regions, st.integers(0, 10**8 - 1))
births = st.dates(min_value=date(1900, 1, 1), max_value=timezone.localdate() - timedelta(days=1))
resident_ids = st.builds(lambda region, birth, seq, sex: make_resident_id(
    region=region, birth=birth, seq=seq, sex=sex),
    regions, births, st.integers(0, 499), st.sampled_from(["male", "female"]))


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


# --- 统一社会信用代码 -------------------------------------------------------------------


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the example the standard's commentaries cite
    "91110108551385082Q",
    "91440300708461136T",
    "91330100799655058B",
])
def test_known_real_credit_codes_validate(code):
    assert validate_credit_code(code) == code


@given(credit_codes)
def test_every_generated_credit_code_validates(code):
    assert validate_credit_code(code) == code


@given(credit_codes)
def test_credit_code_is_normalised_from_lower_case_and_spaces(code):
    messy = " " + code[:9].lower() + " " + code[9:].lower() + "\t"
    assert validate_credit_code(messy) == code


def test_credit_code_full_width_characters_are_normalised():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "91350100M000100Y43")
    assert validate_credit_code(full_width) == "91350100M000100Y43"


@settings(max_examples=60)
@given(credit_codes, st.integers(0, 17), st.integers(1, 30))
def test_any_single_substitution_in_a_credit_code_is_detected(code, position, shift):
    # Every other character of the alphabet at every position: the mod-31 check catches all.
    replacement = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + replacement + code[position + 1:]
    with pytest.raises(IdentifierError):
        validate_credit_code(changed)


@given(credit_codes, st.integers(0, 15))
def test_adjacent_swaps_in_the_first_17_credit_code_characters_are_detected(code, position):
    a, b = code[position], code[position + 1]
    if a == b:
        return
    swapped = code[:position] + b + a + code[position + 2:]
    with pytest.raises(IdentifierError):
        validate_credit_code(swapped)


def test_exhaustive_single_substitutions_of_one_code():
    code = "91350100M000100Y43"
    for position in range(18):
        for char in CREDIT_CODE_ALPHABET:
            if char != code[position]:
                changed = code[:position] + char + code[position + 1:]
                with pytest.raises(IdentifierError):
                    validate_credit_code(changed)


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(IdentifierError) as caught:
        validate_credit_code("91350100M000100Y44")
    assert caught.value.position == 18
    assert "第18位" in caught.value.message
    assert "3" in caught.value.message


def test_wrong_organization_code_check_is_reported_at_position_17():
    # A code whose 18th character is right for its first 17, but whose embedded
    # organization code (GB 11714) has a wrong check character.
    from sanxiang.core.identifiers import credit_code_check_char

    first17 = "91350100M000100Y5"
    code = first17 + credit_code_check_char(first17)
    with pytest.raises(IdentifierError) as caught:
        validate_credit_code(code)
    assert caught.value.position == 17
    assert "4" in caught.value.message


@pytest.mark.parametrize(("text", "position", "fragment"), [
    ("91350100M000100Y4", 0, "18位"),
    ("91350100M000100I43", 16, "I"),
    ("Z1350100M000100Y43", 1, "第1位"),
    ("94350100M000100Y43", 2, "第2位"),
    ("91990100M000100Y43", 3, "第3"),
])
def test_credit_code_errors_are_precise_and_chinese(text, position, fragment):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(text)
    assert caught.value.position == position
    assert fragment in caught.value.message


# --- 居民身份证号码 -------------------------------------------------------------------


def test_standard_example_resident_id_validates():
    assert validate_resident_id("11010519491231002X") == "11010519491231002X"
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"
    assert resident_id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert resident_id_sex("11010519491231002X") == "female"


@given(resident_ids)
def test_every_generated_resident_id_validates(number):
    assert validate_resident_id(number) == number


@given(regions, births, st.integers(0, 499), st.sampled_from(["male", "female"]))
def test_generated_resident_id_carries_its_birth_date_and_sex(region, birth, seq, sex):
    number = make_resident_id(region=region, birth=birth, seq=seq, sex=sex)
    assert resident_id_birth_date(number) == birth
    assert resident_id_sex(number) == sex


@given(resident_ids, st.integers(0, 17), st.integers(1, 10))
def test_any_single_substitution_in_a_resident_id_is_detected(number, position, shift):
    allowed = "0123456789X" if position == 17 else "0123456789"
    replacement = allowed[(allowed.index(number[position]) + shift) % len(allowed)]
    if replacement == number[position]:
        return
    changed = number[:position] + replacement + number[position + 1:]
    with pytest.raises(IdentifierError):
        validate_resident_id(changed)


@pytest.mark.parametrize(("text", "position", "fragment"), [
    ("1101051949123100", 0, "18位"),
    ("11010519491231002Y", 18, "第18位"),
    ("1101051949123A002X", 14, "第14位"),
    ("99010519491231002X", 1, "99"),
    ("11010519490231002X", 7, "19490231"),
    ("110105189912310027", 7, "1900"),
    ("110105194912310021", 18, "X"),
])
def test_resident_id_errors_are_precise_and_chinese(text, position, fragment):
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id(text)
    assert caught.value.position == position
    assert fragment in caught.value.message
    assert "居民身份证号码" in caught.value.message or "18位" in caught.value.message


def test_resident_id_birth_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)  # Beijing's tomorrow, not UTC's
    number = make_resident_id(region="110105", birth=tomorrow, seq=1)
    with pytest.raises(IdentifierError) as caught:
        validate_resident_id(number)
    assert "晚于今天" in caught.value.message


def test_generators_refuse_bad_input():
    with pytest.raises(ValueError):
        make_credit_code(prefix="Z1")
    with pytest.raises(ValueError):
        make_resident_id(region="990000")
