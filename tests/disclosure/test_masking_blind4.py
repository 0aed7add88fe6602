"""Masking measured on the fourth blind set (issue 12, R-PUB-05).

``tests/disclosure/blind4``: 21 decisions, notices, records and replies of county-level
bodies in twenty fields, written without reading the masker's rules or the other sets'
texts, in plain and sometimes clumsy official prose (long run-on sentences, 问/答 records,
excerpts of reports and minutes). A third of them are written as a PDF extraction (hard
breaks mid-word and mid-number, page headers and footers) and a third as OCR output (stray
spaces, full/half-width mix, O for 0, l for 1) before the loader's own layouts are applied.
No one tunes the masker on it (see its README). The aims are those of
``assert_meets_the_aims``; they were not met on the day the set was written, so that test is
marked ``xfail(strict=False)``: it reports, it does not gate.
``benchmarks/masking_heldout.py --set blind4`` prints every miss and damaged look-alike.
"""

import pytest

from .blind4.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"ga", "scjg", "wsjk", "ybj", "jy", "mz", "jtys", "rs", "yjgl", "sthj", "cg", "zrzy",
          "nyny", "xf", "sw", "whly", "yp", "sl", "lc", "zj"}


def test_the_blind4_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 21
    assert_well_formed(docs, load(), fields=FIELDS)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the fourth blind set was "
                   "written the masker did not meet the aims on it (see blind4/README.md)")
def test_masking_meets_its_aims_on_the_blind4_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
