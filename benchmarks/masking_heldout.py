"""Masking measured on the held-out set (issue 12, R-PUB-05): recall per kind and layout,
look-alike damage, and every miss and damaged look-alike.

    .venv/bin/python benchmarks/masking_heldout.py
        [--set heldout|blind2|blind3|blind4|blind5|blind6|blind7]
        [--layouts clean,pdf,ocr] [--src SRC] [--json]

The set is ``tests/disclosure/heldout`` (see its README): decisions written without reading
the masker's rules, which no one tunes the masker on; ``--set blind2`` scores
``tests/disclosure/blind2`` (the second blind set) instead, ``--set blind3`` the third
(``tests/disclosure/blind3``), ``--set blind4`` the fourth (``tests/disclosure/blind4``),
``--set blind5`` the fifth (``tests/disclosure/blind5``), ``--set blind6`` the sixth
(``tests/disclosure/blind6``), ``--set blind7`` the seventh (``tests/disclosure/blind7``).
The scoring is that of
``assert_meets_the_aims`` in ``tests/disclosure/test_masking_independent.py`` (the same
``_propose``, ``AIMS`` and ``MAX_DAMAGE``; ``eval/measure.py`` decides what is found and what
is damaged), so a figure here is the figure the test would hold. ``--src`` measures another
source tree's masker (a ``src`` directory, e.g. from ``git archive <commit> src``). ``--json``
ends with one line: recall per kind and layout, damage, and whether the aims are met. No
database is touched.
"""

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path[:0] = [_SRC, str(ROOT / "tests")]

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)

from disclosure.blind2.load import load as load_blind2  # noqa: E402
from disclosure.blind3.load import load as load_blind3  # noqa: E402
from disclosure.blind4.load import load as load_blind4  # noqa: E402
from disclosure.blind5.load import load as load_blind5  # noqa: E402
from disclosure.blind6.load import load as load_blind6  # noqa: E402
from disclosure.blind7.load import load as load_blind7  # noqa: E402
from disclosure.eval.decisions import KINDS  # noqa: E402
from disclosure.eval.measure import measure, table  # noqa: E402
from disclosure.heldout.load import LAYOUTS, load  # noqa: E402
from disclosure.test_masking_independent import AIMS, MAX_DAMAGE, _propose  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="heldout",
                        choices=("heldout", "blind2", "blind3", "blind4", "blind5", "blind6",
                                 "blind7"))
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    parser.add_argument("--src", help="the source tree to import the masker from")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    layouts = tuple(args.layouts.split(","))
    loaders = {"blind2": load_blind2, "blind3": load_blind3, "blind4": load_blind4,
               "blind5": load_blind5, "blind6": load_blind6, "blind7": load_blind7}
    docs = loaders.get(args.set, load)(layouts)
    start = time.process_time()
    figures = measure(_propose, docs)
    seconds = time.process_time() - start
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    title = {"blind2": "second blind", "blind3": "third blind",
             "blind4": "fourth blind", "blind5": "fifth blind",
             "blind6": "sixth blind", "blind7": "seventh blind"}.get(args.set, "held-out")
    print(f"{title} set: {len(docs) // len(layouts)} decisions x {len(layouts)} layouts, "
          f"{size:,} bytes; propose took {seconds:.2f} s CPU ({size / 1e6 / seconds:.2f} MB/s, "
          f"cold and warm mixed)")
    print(table(figures))
    short = [(kind, layout, round(figures.recall(kind, layout), 4))
             for kind, aim in AIMS.items() for layout in layouts
             if figures.recall(kind, layout) < aim]
    damage_ok = figures.damage_rate() <= MAX_DAMAGE
    print("aims: " + ("met" if not short and damage_ok else "NOT met") + "; below aim: "
          + (", ".join(f"{k} {lay} {r:.1%} < {AIMS[k]:.0%}" for k, lay, r in short) or "none")
          + f"; damage {figures.damage_rate():.2%} (at most {MAX_DAMAGE:.1%})")
    print(f"\nmisses ({len(figures.misses)}), by kind: "
          + ", ".join(f"{k} {n}" for k, n in Counter(m[0] for m in figures.misses).items()))
    for kind, layout, name, text in figures.misses:
        print(f"  missed   {kind:<13}{layout:<6}{name:<44}{text!r}")
    print(f"\ndamaged look-alikes ({len(figures.damage)}), by label: "
          + ", ".join(f"{k} {n}" for k, n in Counter(d[0] for d in figures.damage).items()))
    for label, layout, name, text in figures.damage:
        print(f"  damaged  {label:<13}{layout:<6}{name:<44}{text!r}")
    if args.json:
        print(json.dumps({
            "set": args.set, "decisions": len(docs) // len(layouts), "layouts": layouts,
            "recall": {kind: {lay: round(figures.recall(kind, lay), 4) for lay in layouts}
                       for kind in KINDS.values()},
            "planted": {kind: sum(n for (k, _l), n in figures.planted.items() if k == kind)
                        for kind in KINDS.values()},
            "damaged": sum(figures.damaged.values()), "lookalikes": sum(figures.looks.values()),
            "damage_rate": round(figures.damage_rate(), 5),
            "aims_met": not short and damage_ok}, ensure_ascii=False))


if __name__ == "__main__":
    main()
