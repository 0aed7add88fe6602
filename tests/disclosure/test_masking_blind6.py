"""Masking measured on the sixth blind set (issue 12, R-PUB-05).

``tests/disclosure/blind6``: 24 texts of township and county practice in twenty-four fields,
written without reading the masker's rules or the other sets' texts: question-and-answer
transcripts (询问笔录) in which parties, witnesses and parents talk about family, illness,
home and money, inspection records, a decision not to punish, seizure decisions, a reminder
before enforcement, an application to a court, a record of service and a notice served by
publication, a case-closing report, a whistle-blower's reward letter, 双公示 rows, informal
township decisions and a four-party case with relatives; minors, the elderly, disabled
persons, pregnancy, mental illness, drug rehabilitation, HIV and accident injuries; old
15-digit ID numbers, a Taiwan residence permit, foreign passports, payment accounts, QQ
numbers and e-mail addresses. A third of them are written as a PDF extraction and a third as
OCR output before the loader's own layouts are applied. No one tunes the masker on it (see
its README). The aims are those of ``assert_meets_the_aims``; they were not met on the day
the set was written, so that test is marked ``xfail(strict=False)``: it reports, it does not
gate. ``benchmarks/masking_heldout.py --set blind6`` prints every miss and damaged
look-alike.
"""

import pytest

from .blind6.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"ga", "wsjk", "scjg", "xzzf", "mz", "sf", "jk", "yjgl", "rs", "zj", "sthj", "cg",
          "zrzy", "jtys", "nyny", "yp", "sw", "xf", "lc", "sl", "jy", "ybj", "whly", "yc"}


def test_the_blind6_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 24
    assert_well_formed(docs, load(), fields=FIELDS, other_ids=True, old_ids=True)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the sixth blind set was "
                   "written the masker did not meet the aims on it (see blind6/README.md)")
def test_masking_meets_its_aims_on_the_blind6_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
