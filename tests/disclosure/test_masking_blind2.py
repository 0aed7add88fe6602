"""Masking measured on the second blind set (issue 12, R-PUB-05).

``tests/disclosure/blind2``: 22 decisions, notices and records in fifteen fields written
without reading the masker's rules or the other sets' texts; no one tunes the masker on it
(see its README). The aims are those of ``assert_meets_the_aims``; they were not met on the
day the set was written, so that test is marked ``xfail(strict=False)``: it reports, it does
not gate. ``benchmarks/masking_heldout.py --set blind2`` prints every miss and damaged
look-alike.
"""

import re

import pytest

from .blind2.load import load
from .test_masking_heldout import _credit_code_is_valid, _id_is_valid
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "ga", "jtys", "wsjk", "cg", "rs", "sthj", "yjgl", "sw", "nyny", "zrzy",
          "whly", "ybj", "zj", "jy"}


def _luhn_is_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def test_the_blind2_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 20
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
            if kind == "bank_account" and value.lstrip().startswith("62"):  # UnionPay: Luhn
                assert _luhn_is_valid(re.sub(r"\s", "", value)), (doc.name, value)
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


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the second blind set was "
                   "written the masker did not meet the aims on it (see blind2/README.md)")
def test_masking_meets_its_aims_on_the_blind2_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
