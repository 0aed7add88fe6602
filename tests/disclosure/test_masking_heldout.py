"""Masking measured on the held-out set (issue 12, R-PUB-05).

``tests/disclosure/heldout``: 25 decisions in fifteen fields written without reading the
masker's rules, which no one tunes the masker on (see its README). The aims are those of
``assert_meets_the_aims``; they were not met on the day the set was written, so that test is
marked ``xfail(strict=False)``: it reports, it does not gate. Run with ``pytest -s`` for the
table, or ``benchmarks/masking_heldout.py`` for every miss and damaged look-alike.
"""

import re

import pytest

from .heldout.load import load
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "sthj", "yjgl", "wsjk", "ybj", "rs", "jtys", "ga", "cg", "whly", "nyny",
          "zrzy", "zj", "jy", "sw"}
_WIDE = str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _id_is_valid(text):
    digits = re.sub(r"[\s\-—]", "", text).translate(_WIDE)
    if not re.fullmatch(r"\d{17}[\dX]", digits):
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(digits[:17], weights, strict=True))
    return "10X98765432"[total % 11] == digits[17]


def _credit_code_is_valid(code):
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    if len(code) != 18 or not set(code) <= set(_USCC):
        return False
    total = sum(_USCC.index(c) * w for c, w in zip(code[:17], weights, strict=True))
    return _USCC[(31 - total % 31) % 31] == code[17]


def test_the_heldout_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) == 25
    assert {doc.name.split("_")[1] for doc in docs} == FIELDS
    assert {doc.party_kind for doc in docs} == {"natural_person", "individual_business",
                                                "organisation"}
    kinds = set()
    for doc in docs:
        assert not set("⟨⟩⟪⟫") & set(doc.text), doc.name  # markup closed everywhere
        assert doc.gold and doc.lookalikes, doc.name
        covered = bytearray(len(doc.text))
        for start, end, kind in doc.gold:
            kinds.add(kind)
            covered[start:end] = b"\x01" * (end - start)
            value = doc.text[start:end]
            if kind == "id_number":  # every ID number has a valid check digit
                assert _id_is_valid(value), (doc.name, value)
            if kind == "person_name":  # published names are never marked for hiding
                assert value not in (doc.party_name, *doc.keep_names), (doc.name, value)
        for start, end, label in doc.lookalikes:
            if label == "credit":
                assert _credit_code_is_valid(doc.text[start:end]), (doc.name, label)
        # every occurrence of a marked name is marked (recall is per occurrence)
        for name in {doc.text[s:e] for s, e, k in doc.gold if k == "person_name"}:
            for m in re.finditer(re.escape(name), doc.text):
                assert all(covered[m.start():m.end()]), (doc.name, name, m.start())
    assert kinds == {"id_number", "phone", "bank_account", "address", "person_name", "health"}
    assert {doc.layout for doc in load()} == {"clean", "pdf", "ocr"}


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the held-out set was written the "
                   "masker missed about a fifth of the persons' names, a third of the health "
                   "spans and most unlabelled identifiers in tables (see heldout/README.md)")
def test_masking_meets_its_aims_on_the_heldout_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
