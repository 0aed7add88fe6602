"""Masking measured on the third blind set (issue 12, R-PUB-05).

``tests/disclosure/blind3``: 24 decisions, records, notices and replies in twenty fields
written without reading the masker's rules or the other sets' texts; a third of them are
written as a PDF extraction (hard breaks mid-sentence, page footers) and a third as OCR
output (stray spaces, full-width digits, 〇 for 0) before the loader's own layouts are
applied. No one tunes the masker on it (see its README). The aims are those of
``assert_meets_the_aims``; they were not met on the day the set was written, so that test is
marked ``xfail(strict=False)``: it reports, it does not gate.
``benchmarks/masking_heldout.py --set blind3`` prints every miss and damaged look-alike.
"""

import pytest

from .blind3.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "wsjk", "ybj", "rs", "jtys", "sthj", "zrzy", "cg", "yjgl", "whly", "nyny",
          "lc", "sl", "xf", "yp", "sw", "jy", "mz", "ga", "zj"}


def test_the_blind3_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 24
    assert_well_formed(docs, load(), fields=FIELDS)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the third blind set was "
                   "written the masker did not meet the aims on it (see blind3/README.md)")
def test_masking_meets_its_aims_on_the_blind3_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
