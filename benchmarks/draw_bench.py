"""Benchmark: a verifiable draw (R-INS-03) over a province-sized directory.

    .venv/bin/python benchmarks/draw_bench.py     # 1 000 000 objects, 10 000 inspectors
    .venv/bin/python benchmarks/draw_bench.py --objects 200000 --ratio 5

No database: the draw is a pure function of the published lists and the seed
(``sanxiang.inspections.drawing``). Measured in one run, each as seconds and as a ratio to
sorting the same candidate list (``sorted`` over the object codes, the yardstick):
digesting the lists (canonical JSON + SM3), drawing (objects by partial Fisher–Yates,
inspectors by shuffled rounds), and verifying (digest + draw + comparison).
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sanxiang.inspections import drawing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--objects", type=int, default=1_000_000)
    parser.add_argument("--inspectors", type=int, default=10_000)
    parser.add_argument("--ratio", type=float, default=3.0, help="% of objects drawn")
    parser.add_argument("--conflicts", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(1)
    objects = [f"9113{rng.randrange(10**14):014d}" for _ in range(args.objects)]
    inspectors = [f"冀130139{2020 + i % 6}{i:05d}" for i in range(args.inspectors)]

    started = time.perf_counter()
    ordered = sorted(objects)
    sort_seconds = time.perf_counter() - started

    conflicts = sorted({(rng.choice(ordered), rng.choice(inspectors))
                        for _ in range(args.conflicts)})
    lists = {"format": drawing.FORMAT, "algorithm": "sm3", "task": {"number": "bench"},
             "per_object": 2, "seed_source": "bench", "inspectors": inspectors,
             "conflicts": [list(p) for p in conflicts],
             "strata": [{"key": "ALL", "take": int(len(ordered) * args.ratio / 100),
                         "objects": ordered}]}

    def timed(label, function):
        start = time.perf_counter()
        value = function()
        seconds = time.perf_counter() - start
        print(f"{label:<28}{seconds:8.3f} s   {seconds / sort_seconds:6.2f} × sort")
        return value

    print(f"{args.objects:,} objects, {args.inspectors:,} inspectors, "
          f"{lists['strata'][0]['take']:,} drawn, {len(conflicts):,} conflicts")
    print(f"{'sort the candidate list':<28}{sort_seconds:8.3f} s   {1:6.2f} × sort")
    digest = timed("digest of the lists (SM3)", lambda: drawing.digest("sm3", lists))
    result = timed("draw (digest included)", lambda: drawing.draw(lists, "12345"))
    published = {"lists": lists, "lists_digest": digest, "seed": "12345", "result": result,
                 "result_digest": drawing.digest("sm3", result)}
    problems = timed("verify", lambda: drawing.verify(published))
    assert problems == [], problems


if __name__ == "__main__":
    main()
