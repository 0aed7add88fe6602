"""What a cold masking pass would cost if one of its parts cost nothing (issue 12, ADR 0046).

    .venv/bin/python benchmarks/masking_ceiling.py [--rounds 9] [--src SRC]

One cold pass is ``propose`` + ``mask`` over the 852 texts of the five sets
(``masking_spans.texts``) with every memo emptied first, as ``masking_bench.py`` measures
``cold_mb_s``. Before a speed round rewrites a part, this says how much the best possible
version of that part could give — the pass with the part made free:

* ``segmenter memo kept``: rjieba's tags of the pass before are kept (no segmenter call);
* ``name memos kept``: every memo of a name read kept (tags, reads, minority and listed
  names): what reading fewer or cheaper windows could give at most;
* ``all memos kept``: the warm pass (labels, ID checks and address variants too);
* ``full-text scans free``: every scan of a whole text (the ``finditer`` of the patterns in
  ``SCANS`` and the word scans) answered from a dict filled by the pass before: what one
  scan for the candidates of every rule could give at most, were it free;
* ``both: warm, scans free``: what is left when neither costs anything.

The configurations run alternately, ``--rounds`` times each, CPU time of this process;
best and median are printed. The substitutes cost a dict lookup each, so the figures are
slight underestimates of what a part costs.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import masking_spans  # puts --src (or this tree's src) first on sys.path

from sanxiang.disclosure import detectors, masking, names, textview, wordtrie

# The patterns run over a whole text with ``finditer`` (the rest are ``match``/``search``
# at one position, which a single scan would not replace).
SCANS = {
    names: ("_PUBLIC_ROLE", "_BEFORE_NAME", "_DESCRIBED", "_TITLE"),
    detectors: ("_RUN", "_LANDLINE", "_LOCAL_AFTER_LABEL", "_HEALTH_CUE", "_DISABILITY_LEVEL",
                "_CONDITION_BEFORE_PATIENT", "_BOOK_TITLE", "_QUOTED", "_AT_PLACE",
                "_PLACE_OF"),
    textview: ("_SPACE", "_AFTER_TEXT"),
}
NAME_MEMOS = ("_tag", "_name_in", "_minority_in", "_listed_name")


class _Answered:
    """A pattern or word scan whose whole-text scans are answered from a dict when on."""

    def __init__(self, inner, word_scan: bool):
        self.inner, self.word_scan, self.on, self.memo = inner, word_scan, False, {}

    def finditer(self, text, *bounds):
        if bounds or not self.on:
            return self.inner.finditer(text, *bounds)
        found = self.memo.get(text)
        if found is None:
            found = self.memo[text] = list(self.inner.finditer(text))
        return iter(found)

    def spans(self, text):
        if not self.on:
            return self.inner.spans(text)
        found = self.memo.get(text)
        if found is None:
            found = self.memo[text] = self.inner.spans(text)
        return list(found)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--src", help="the source tree to import the masker from")
    args = parser.parse_args()
    texts = [text for _label, text, _kwargs in masking_spans.texts()]
    size = sum(len(text.encode("utf-8")) for text in texts)
    answered = []
    for module, attributes in SCANS.items():
        for attribute in attributes:
            answered.append(_Answered(getattr(module, attribute), False))
            setattr(module, attribute, answered[-1])
    for module in (names, detectors):
        for attribute, value in list(vars(module).items()):
            if isinstance(value, wordtrie.WordScan):
                answered.append(_Answered(value, True))
                setattr(module, attribute, answered[-1])
    memos = {f"{module.__name__.rsplit('.', 1)[1]}.{attribute}": value
             for module in (names, detectors)
             for attribute, value in vars(module).items() if hasattr(value, "cache_clear")}

    def one_pass():
        for text in texts:
            masking.mask(text, masking.propose(text))

    configurations = {
        "cold": ((), False),
        "segmenter memo kept": (("names._tag",), False),
        "name memos kept": (tuple(f"names.{n}" for n in NAME_MEMOS), False),
        "all memos kept": (tuple(memos), False),
        "full-text scans free": ((), True),
        "both: warm, scans free": (tuple(memos), True),
    }
    for scan in answered:
        scan.on = True
    one_pass()  # fills the answers (and every memo)
    times: dict[str, list[float]] = {name: [] for name in configurations}
    for _ in range(args.rounds):
        for name, (kept, free_scans) in configurations.items():
            one_pass()  # every memo filled, as a configuration that keeps some needs
            for key, memo in memos.items():
                if key not in kept:
                    memo.cache_clear()
            for scan in answered:
                scan.on = free_scans
            start = time.process_time()
            one_pass()
            times[name].append(time.process_time() - start)
    cold = min(times["cold"])
    print(f"{len(texts)} texts, {size:,} bytes; best and median of {args.rounds} rounds, "
          "CPU time")
    for name, got in times.items():
        best = min(got)
        print(f"{name:22s} {best * 1000:7.1f} ms  median {statistics.median(got) * 1000:7.1f}"
              f"  {size / best / 1e6:5.2f} MB/s  {100 * (best - cold) / cold:+5.1f}%")


if __name__ == "__main__":
    main()
