"""Masking measured on the second blind set (issue 12, R-PUB-05).

``tests/disclosure/blind2``: 22 decisions, notices and records in fifteen fields written
without reading the masker's rules or the other sets' texts; no one tunes the masker on it
(see its README). The aims are those of ``assert_meets_the_aims``. They were not met on the
day the set was written; rounds 8–10 (ADR 0054, 0055) read the set and met them, so it is no
longer blind and its aims now gate: a change that loses what was won fails here.
``benchmarks/masking_heldout.py --set blind2`` prints every miss and damaged look-alike.
"""

from .blind2.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "ga", "jtys", "wsjk", "cg", "rs", "sthj", "yjgl", "sw", "nyny", "zrzy",
          "whly", "ybj", "zj", "jy"}


def test_the_blind2_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 20
    assert_well_formed(docs, load(), fields=FIELDS)


def test_masking_meets_its_aims_on_the_blind2_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
