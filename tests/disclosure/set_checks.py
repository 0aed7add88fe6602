"""What every hand-written evaluation set of the masker must be (issue 12, R-PUB-05): its
markup closed, every kind present, ID numbers with their check digit, UnionPay cards that
pass Luhn, valid credit codes, and every occurrence of a marked name marked (recall is per
occurrence). Shared by the blind sets' tests."""

import re
import unicodedata
from datetime import date

from sanxiang.core.identifiers import credit_code_check_char, resident_id_check_char

KINDS = {"id_number", "phone", "bank_account", "address", "person_name", "health"}
PARTY_KINDS = {"natural_person", "individual_business", "organisation"}
_WIDE = str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")


def id_is_valid(text: str) -> bool:
    digits = re.sub(r"[\s\-—]", "", text).translate(_WIDE)
    return bool(re.fullmatch(r"\d{17}[\dX]", digits)) and \
        resident_id_check_char(digits[:17]) == digits[17]


# Passports (E/G/P + 8 digits, or a foreign one: letters and 7-9 digits) and the mainland
# travel permits for Hong Kong and Macao (C/H/M + 8 digits): ID numbers of another kind.
_OTHER_ID = re.compile(r"[A-Z]{1,2}\d{7,9}")


def other_id_is_valid(text: str) -> bool:
    return bool(_OTHER_ID.fullmatch(unicodedata.normalize("NFKC", re.sub(r"\s", "", text))))


# Identity documents of another shape (blind7): the mainland travel permit of a Hong Kong or
# Macao resident with its two renewal digits (H/M + 10 digits), a Taiwan resident's permit
# (8 digits), a Hong Kong identity card (A123456(7)), a Macao one (1234567(8)) and a foreign
# passport of two letters and six digits.
_PERMIT = re.compile(r"[HM]\d{10}|\d{8}|[A-Z]{1,2}\d{6}\([\dA]\)|[157]\d{6}\(\d\)|[A-Z]{2}\d{6}")


def permit_is_valid(text: str) -> bool:
    """A permit, identity card or passport of ``_PERMIT``; or a resident ID number whose
    check character is a lower-case x, as a clerk may type it."""
    value = unicodedata.normalize("NFKC", re.sub(r"\s", "", text))
    return bool(_PERMIT.fullmatch(value)) or (value.endswith("x") and id_is_valid(value.upper()))


def old_id_is_valid(text: str) -> bool:
    """A 15-digit ID number of the first generation (before 1999): region, yymmdd, a
    sequence; it has no check digit, so only its date is held."""
    digits = re.sub(r"\s", "", text).translate(_WIDE)
    if not re.fullmatch(r"\d{15}", digits):
        return False
    try:
        date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return False
    return True


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def credit_code_is_valid(code: str) -> bool:
    """The code's own check character (GB 32100); the organisation code inside it is not
    held to its check, as the sets were written."""
    return len(code) == 18 and credit_code_check_char(code[:17]) == code[17]


def assert_well_formed(clean_docs, all_docs, *, fields: set[str], luhn: bool = True,
                       other_ids: bool = False, old_ids: bool = False,
                       permits: bool = False) -> None:
    """``luhn``: UnionPay cards pass Luhn (the held-out set did not promise it).
    ``other_ids``: an ID number may also be a passport or travel-permit number (blind5).
    ``old_ids``: an ID number may also be a 15-digit one of the first generation (blind6).
    ``permits``: an ID number may also be a permit or identity card of ``permit_is_valid``, or
    end in a lower-case x (blind7)."""
    assert {doc.name.split("_")[1] for doc in clean_docs} == fields
    assert {doc.party_kind for doc in clean_docs} == PARTY_KINDS
    kinds = set()
    for doc in clean_docs:
        assert not set("⟨⟩⟪⟫") & set(doc.text), doc.name  # markup closed everywhere
        assert doc.gold and doc.lookalikes, doc.name
        covered = bytearray(len(doc.text))
        for start, end, kind in doc.gold:
            kinds.add(kind)
            covered[start:end] = b"\x01" * (end - start)
            value = doc.text[start:end]
            if kind == "id_number":
                assert id_is_valid(value) or (other_ids and other_id_is_valid(value)) \
                    or (old_ids and old_id_is_valid(value)) \
                    or (permits and permit_is_valid(value)), (doc.name, value)
            if luhn and kind == "bank_account" and value.lstrip().startswith("62"):
                assert luhn_is_valid(re.sub(r"\s", "", value)), (doc.name, value)
            if kind == "person_name":  # published names are never marked for hiding
                assert value not in (doc.party_name, *doc.keep_names), (doc.name, value)
        for start, end, label in doc.lookalikes:
            if label == "credit":
                assert credit_code_is_valid(doc.text[start:end]), (doc.name, label)
        for name in {doc.text[s:e] for s, e, k in doc.gold if k == "person_name"}:
            for m in re.finditer(re.escape(name), doc.text):
                assert all(covered[m.start():m.end()]), (doc.name, name, m.start())
    assert kinds == KINDS
    assert {doc.layout for doc in all_docs} == {"clean", "pdf", "ocr"}
