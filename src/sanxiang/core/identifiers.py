"""Chinese identifiers: 居民身份证号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015).

``validate_*`` return the normalised value (NFKC, spaces removed, upper case) or raise
``IdentifierError`` — a Django ``ValidationError``, so forms show it as a field error — whose
message names the position that is wrong. ``make_*`` build valid identifiers for the demo
and the tests.

What the check characters guarantee (proven by ``tests/core/test_identifiers.py``):

- 统一社会信用代码: the weights 3^i mod 31 are all non-zero modulo the prime 31 and two
  characters of the 31-symbol alphabet differ by 1–30, so **every** single-character
  substitution anywhere in the 18 characters changes the check and is detected; so is every
  swap of two different adjacent characters among the first 17 (the difference is
  -2·w·(b-a), non-zero mod 31).
- 居民身份证号码: the weights 2^(17-i) mod 11 are all non-zero modulo 11 and two digits
  differ by 1–9, so every single-digit substitution is detected.
"""

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# GB/T 2260 province-level codes (first two digits), plus 10 for central organs in
# credit codes and 81–83 for the Hong Kong, Macao and Taiwan residence permits, which use
# the resident ID number scheme.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
})
CENTRAL_REGION_PREFIX = "10"

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 table 1 (with its amendments): registration authority → organization kinds.
REGISTRATION_AUTHORITIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 编办直接管理的群众团体, 其他
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 工商/市场监管: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}


class IdentifierError(ValidationError):
    """A wrong identifier; ``position`` is the 1-based position at fault (0: the whole)."""

    def __init__(self, message: str, *, code: str, position: int = 0):
        super().__init__(message, code=code)
        self.position = position

    def __str__(self):
        return self.message


def normalise(text) -> str:
    """Full-width to half-width, no whitespace at all, upper case."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(text.split()).upper()


# ---------------------------------------------------------------------------------------
# 居民身份证号码, GB 11643-1999


def resident_id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def validate_resident_id(text, *, today: date | None = None) -> str:
    value = normalise(text)
    if len(value) != 18:
        raise IdentifierError(
            _("A resident identity card number has 18 characters; this one has %(count)d.")
            % {"count": len(value)},
            code="length",
        )
    for position, char in enumerate(value[:17], start=1):
        if not char.isascii() or not char.isdigit():
            raise IdentifierError(
                _("Character %(position)d “%(char)s” of the resident identity card number "
                  "is not a digit.") % {"position": position, "char": char},
                code="character", position=position,
            )
    if value[17] not in "0123456789X":
        raise IdentifierError(
            _("Character 18 of the resident identity card number must be a digit or X, "
              "not “%(char)s”.") % {"char": value[17]},
            code="character", position=18,
        )
    if value[:2] not in PROVINCE_CODES:
        raise IdentifierError(
            _("Characters 1–2 “%(code)s” of the resident identity card number are not a "
              "province code.") % {"code": value[:2]},
            code="region", position=1,
        )
    birth = resident_id_birth_date(value)
    if birth is None:
        raise IdentifierError(
            _("Characters 7–14 “%(text)s” of the resident identity card number are not a "
              "valid date of birth.") % {"text": value[6:14]},
            code="birth_date", position=7,
        )
    today = today or timezone.localdate()
    if birth > today:
        raise IdentifierError(
            _("The date of birth %(date)s in the resident identity card number is in the "
              "future.") % {"date": birth.isoformat()},
            code="birth_date", position=7,
        )
    if birth < EARLIEST_BIRTH:
        raise IdentifierError(
            _("The date of birth %(date)s in the resident identity card number is before "
              "1900.") % {"date": birth.isoformat()},
            code="birth_date", position=7,
        )
    expected = resident_id_check_char(value[:17])
    if value[17] != expected:
        raise IdentifierError(
            _("Check character 18 of the resident identity card number is wrong; it should "
              "be %(expected)s.") % {"expected": expected},
            code="check", position=18,
        )
    return value


def resident_id_birth_date(value: str) -> date | None:
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def resident_id_sex(value: str) -> str:
    """"male" or "female", from the parity of character 17."""
    return "male" if int(value[16]) % 2 else "female"


def make_resident_id(*, region: str = "110105", birth: date = date(1990, 1, 1), seq: int = 0,
                     sex: str = "male") -> str:
    """A valid number. ``seq`` picks one of the 500 order codes per sex and day."""
    if len(region) != 6 or not region.isdigit() or region[:2] not in PROVINCE_CODES:
        raise ValueError(f"not a region code: {region!r}")
    male = sex in {"male", "m", "M", "男"}
    order = (seq % 500) * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + resident_id_check_char(first17)


# ---------------------------------------------------------------------------------------
# 统一社会信用代码, GB 32100-2015, with the 组织机构代码 of GB 11714 inside


def org_code_value(char: str) -> int:
    """GB 11714 values: digits as themselves, Latin letters A=10 … Z=35."""
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def org_code_check_char(first8: str) -> str:
    total = sum(org_code_value(c) * w for c, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS,
                                                          strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(text) -> str:
    value = normalise(text)
    if len(value) != 18:
        raise IdentifierError(
            _("A unified social credit code has 18 characters; this one has %(count)d.")
            % {"count": len(value)},
            code="length",
        )
    for position, char in enumerate(value, start=1):
        if char not in CREDIT_CODE_ALPHABET:
            raise IdentifierError(
                _("Character %(position)d “%(char)s” is not used in unified social credit "
                  "codes (the letters I, O, Z, S and V never occur).")
                % {"position": position, "char": char},
                code="character", position=position,
            )
    kinds = REGISTRATION_AUTHORITIES.get(value[0])
    if kinds is None:
        raise IdentifierError(
            _("Character 1 “%(char)s” of the unified social credit code is not a "
              "registration authority code.") % {"char": value[0]},
            code="authority", position=1,
        )
    if value[1] not in kinds:
        raise IdentifierError(
            _("Character 2 “%(char)s” of the unified social credit code is not a kind of "
              "organization registered by authority “%(authority)s”.")
            % {"char": value[1], "authority": value[0]},
            code="kind", position=2,
        )
    region = value[2:8]
    if not region.isdigit() or region[:2] not in PROVINCE_CODES | {CENTRAL_REGION_PREFIX}:
        raise IdentifierError(
            _("Characters 3–8 “%(region)s” of the unified social credit code are not an "
              "administrative region code.") % {"region": region},
            code="region", position=3,
        )
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise IdentifierError(
            _("Check character 18 of the unified social credit code is wrong; it should be "
              "%(expected)s.") % {"expected": expected},
            code="check", position=18,
        )
    expected_org = org_code_check_char(value[8:16])
    if value[16] != expected_org:
        raise IdentifierError(
            _("Character 17 of the unified social credit code, the check character of the "
              "organization code, is wrong; it should be %(expected)s.")
            % {"expected": expected_org},
            code="org_check", position=17,
        )
    return value


def make_credit_code(*, prefix: str = "11", region: str = "110000", seed: int = 0) -> str:
    """A valid code: registration prefix (authority + kind), region, then an organization
    code derived from ``seed`` (eight digits), its check character and the code's."""
    if len(prefix) != 2 or REGISTRATION_AUTHORITIES.get(prefix[0], "").find(prefix[1]) < 0:
        raise ValueError(f"not a registration prefix: {prefix!r}")
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"not a region code: {region!r}")
    org_body = f"{seed % 10**8:08d}"
    first17 = prefix + region + org_body + org_code_check_char(org_body)
    return first17 + credit_code_check_char(first17)
