"""Masking measured on the fifth blind set (issue 12, R-PUB-05).

``tests/disclosure/blind5``: 24 decisions, reconsideration decisions, notices, hearing
reports, referrals, replies, credit-repair and compensation decisions and inspection records
of city- and province-level bodies in twenty-four fields, written without reading the
masker's rules or the other sets' texts: formal prose with long evidence lists (witness
statements, medical records in 主诉/现病史/诊断/处理 form, injury assessments), tables of
employees, health told both in medical-record style and in plain narrative, uncommon and
compound surnames, minority names with ·, a foreigner's name in Latin letters with a passport
number, a travel permit, payment accounts, QQ numbers and e-mail addresses. A third of them
are written as a PDF extraction and a third as OCR output before the loader's own layouts are
applied. No one tunes the masker on it (see its README). The aims are those of
``assert_meets_the_aims``; they were not met on the day the set was written, so that test is
marked ``xfail(strict=False)``: it reports, it does not gate.
``benchmarks/masking_heldout.py --set blind5`` prints every miss and damaged look-alike.
"""

import pytest

from .blind5.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"ga", "scjg", "wsjk", "sthj", "yjgl", "jtys", "zj", "zrzy", "nyny", "rs", "sw", "hg",
          "xf", "whly", "jy", "mz", "ybj", "yp", "cg", "sl", "lc", "yc", "yz", "sf"}


def test_the_blind5_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 24
    assert_well_formed(docs, load(), fields=FIELDS, other_ids=True)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the fifth blind set was "
                   "written the masker did not meet the aims on it (see blind5/README.md)")
def test_masking_meets_its_aims_on_the_blind5_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
