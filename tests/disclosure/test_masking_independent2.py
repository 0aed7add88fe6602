"""Masking measured on the second hand-written independent set (issue 12, R-PUB-05).

``tests/disclosure/independent2``: 30 decisions written before the third session changed the
masker, each in three layouts. Run with ``pytest -s`` for the table per kind and layout.
"""

from .independent2.load import load
from .test_masking_independent import assert_meets_the_aims


def test_the_second_independent_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) == 30
    fields = {doc.name.split("_")[1] for doc in docs}
    assert fields >= {"scjg", "jtys", "wsjk", "sthj", "cg", "yjgl", "ga", "zrzy", "whly"}
    assert {doc.party_kind for doc in docs} == {"natural_person", "individual_business",
                                                "organisation"}
    for doc in docs:
        assert not set("⟨⟩⟪⟫") & set(doc.text), doc.name


def test_masking_meets_its_aims_on_the_second_independent_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=200, shown_damage=40)
