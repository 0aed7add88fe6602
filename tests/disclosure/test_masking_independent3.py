"""Masking measured on the third hand-written independent set (issue 12, R-PUB-05).

``tests/disclosure/independent3``: 10 decisions written before the fourth session changed the
masker, with persons of minority nationalities named without a Han surname pattern (乌兰,
其木格, 阿依古丽 …), places that begin like them (乌兰察布市, 乌兰浩特市) and ordinary words
jieba's dictionary tags as persons (许可, 文明, 林木 …). Run with ``pytest -s`` for the table.
"""

from .independent3.load import load
from .test_masking_independent import assert_meets_the_aims


def test_the_third_independent_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) == 10
    assert {doc.party_kind for doc in docs} == {"natural_person", "individual_business",
                                                "organisation"}
    for doc in docs:
        assert not set("⟨⟩⟪⟫") & set(doc.text), doc.name


def test_masking_meets_its_aims_on_the_third_independent_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=200, shown_damage=40)
