"""Masking measured on the second blind set (issue 12, R-PUB-05).

``tests/disclosure/blind2``: 22 decisions, notices and records in fifteen fields written
without reading the masker's rules or the other sets' texts; no one tunes the masker on it
(see its README). The aims are those of ``assert_meets_the_aims``; they were not met on the
day the set was written, so that test is marked ``xfail(strict=False)``: it reports, it does
not gate. ``benchmarks/masking_heldout.py --set blind2`` prints every miss and damaged
look-alike.
"""

import pytest

from .blind2.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "ga", "jtys", "wsjk", "cg", "rs", "sthj", "yjgl", "sw", "nyny", "zrzy",
          "whly", "ybj", "zj", "jy"}


def test_the_blind2_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 20
    assert_well_formed(docs, load(), fields=FIELDS)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the second blind set was "
                   "written the masker did not meet the aims on it (see blind2/README.md)")
def test_masking_meets_its_aims_on_the_blind2_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
