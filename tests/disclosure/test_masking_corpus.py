"""Recall and precision of the masking proposal on the generated corpus (R-PUB-05).

Run with ``pytest -s`` to see the table. A planted span counts as found when redactions
cover all of it (of any kind: what matters is that it does not leak); a proposed span is
correct when it lies inside a planted span of its kind. Look-alikes must never be touched.
"""

from collections import Counter

from sanxiang.core.identifiers import validate_resident_id
from sanxiang.disclosure import masking

from .corpus import generate, party_of

SAMPLES = generate()


def _covered(start, end, spans) -> bool:
    pos = start
    for r in spans:
        if r.start <= pos < r.end:
            pos = r.end
            if pos >= end:
                return True
    return pos >= end


def _measure():
    planted, found, proposed, correct = Counter(), Counter(), Counter(), Counter()
    misses, touched = [], []
    for sample in SAMPLES:
        name, kind = party_of(sample)
        spans = masking.propose(sample.text, party_name=name, party_kind=kind)
        for start, end, what in sample.planted:
            planted[what] += 1
            if _covered(start, end, spans):
                found[what] += 1
            else:
                misses.append((what, sample.text[start:end]))
        for r in spans:
            proposed[r.kind] += 1
            if any(s <= r.start and r.end <= e and k == r.kind for s, e, k in sample.planted):
                correct[r.kind] += 1
        for start, end, label in sample.lookalikes:
            if any(r.start < end and start < r.end for r in spans):
                touched.append((label, sample.text[start:end]))
    return planted, found, proposed, correct, misses, touched


def test_masking_recall_and_precision_on_the_corpus_R_PUB_05():
    assert len(SAMPLES) >= 200
    planted, found, proposed, correct, misses, touched = _measure()
    print(f"\n{len(SAMPLES)} texts, {sum(len(s.text) for s in SAMPLES)} characters")
    print(f"{'kind':<14}{'planted':>8}{'found':>7}{'recall':>9}{'proposed':>10}"
          f"{'correct':>9}{'precision':>11}")
    for kind in masking.KINDS:
        recall = found[kind] / planted[kind] if planted[kind] else 1.0
        precision = correct[kind] / proposed[kind] if proposed[kind] else 1.0
        print(f"{kind:<14}{planted[kind]:>8}{found[kind]:>7}{recall:>9.1%}{proposed[kind]:>10}"
              f"{correct[kind]:>9}{precision:>11.1%}")
    print(f"look-alikes touched: {len(touched)} of {sum(len(s.lookalikes) for s in SAMPLES)}")
    for what, text in misses[:10]:
        print("missed", what, text)
    for label, text in touched[:10]:
        print("touched", label, text)
    id_misses = [text for what, text in misses if what == "id_number"
                 and len(text) == 18 and _valid(text)]
    assert id_misses == []
    assert found["phone"] == planted["phone"]
    assert not touched
    for kind in masking.KINDS:
        assert found[kind] == planted[kind], kind


def _valid(text):
    try:
        validate_resident_id(text)
    except Exception:
        return False
    return True
