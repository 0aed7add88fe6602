"""Masking measured on the held-out set (issue 12, R-PUB-05).

``tests/disclosure/heldout``: 25 decisions in fifteen fields written without reading the
masker's rules, which no one tunes the masker on (see its README). The aims are those of
``assert_meets_the_aims``; they were not met on the day the set was written, so that test is
marked ``xfail(strict=False)``: it reports, it does not gate. Run with ``pytest -s`` for the
table, or ``benchmarks/masking_heldout.py`` for every miss and damaged look-alike.
"""

import pytest

from .heldout.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "sthj", "yjgl", "wsjk", "ybj", "rs", "jtys", "ga", "cg", "whly", "nyny",
          "zrzy", "zj", "jy", "sw"}


def test_the_heldout_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) == 25
    assert_well_formed(docs, load(), fields=FIELDS, luhn=False)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the held-out set was written the "
                   "masker missed about a fifth of the persons' names, a third of the health "
                   "spans and most unlabelled identifiers in tables (see heldout/README.md)")
def test_masking_meets_its_aims_on_the_heldout_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
