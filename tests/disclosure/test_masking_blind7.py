"""Masking measured on the seventh blind set (issue 12, R-PUB-05).

``tests/disclosure/blind7``: 27 texts in genres the fifth and sixth sets did not hold, written
without reading the masker's rules or the other sets' texts: hearing transcripts and a
hearing report, administrative-review decisions of a district government and a tax bureau, a
refusal of a licence and a revocation of one, a mediation agreement of a 城管 squadron and a
consumer-dispute mediation, orders to correct and a re-inspection opinion, answers to a
complaint, to a petition and to a tourist, a legal-review opinion and a collective-discussion
record that quote the facts, a notice of evidence preserved with a table of items, an
investigation-closing report with a table of workers, an enforcement decision, a random-
inspection results table, a body-camera transcript in speech, a supervision notice of a
justice bureau, a case-file review extract, an interview record of an old people's home, a
work-injury decision, a substitute-performance decision and a compulsory drug-rehabilitation
decision; Hong Kong, Macao and Taiwan residents (travel permits, identity cards, residence
permits, letters in traditional characters), a foreign permanent resident's new 18-character
card, a lower-case x, old 15-digit numbers, Uyghur, Kazakh, Tibetan, Korean, Yi and Zhuang
names, minors by pet name, occupational disease, dementia, mental illness and test results.
A third are written as a PDF extraction and a third as OCR output before the loader's own
layouts are applied. No one tunes the masker on it (see its README). The aims are those of
``assert_meets_the_aims``; they were not met on the day the set was written, so that test is
marked ``xfail(strict=False)``: it reports, it does not gate. ``benchmarks/masking_heldout.py
--set blind7`` prints every miss and damaged look-alike.
"""

import pytest

from .blind7.load import load
from .set_checks import assert_well_formed
from .test_masking_independent import assert_meets_the_aims

FIELDS = {"scjg", "ga", "zj", "cg", "yjgl", "wsjk", "xf", "sthj", "jtys", "yp", "rs", "zrzy",
          "sf", "nyny", "xzzf", "lc", "mz", "sw", "whly", "sl", "jy"}


def test_the_blind7_set_is_what_its_readme_says():
    docs = load(("clean",))
    assert len(docs) >= 24
    assert_well_formed(docs, load(), fields=FIELDS, other_ids=True, old_ids=True, permits=True)


@pytest.mark.xfail(strict=False, reason="issue 12: on the day the seventh blind set was "
                   "written the masker did not meet the aims on it (see blind7/README.md)")
def test_masking_meets_its_aims_on_the_blind7_set_R_PUB_05():
    assert_meets_the_aims(load(), shown_misses=300, shown_damage=40)
