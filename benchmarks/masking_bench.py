"""Masking throughput: ``propose`` + ``mask`` over decision texts (R-PUB-05, issue 12).

    .venv/bin/python benchmarks/masking_bench.py [--texts 240] [--rounds 5]
        [--eval|--independent|--independent2|--independent3|--independent4] [--json]
        [--against OLD_SRC [--pairs 3]]

Reports MB/s (UTF-8 bytes of the texts, CPU time of this process, so other load on the
machine counts less) for masking, and the ratio to two baselines measured in the same run
over the same bytes: one plain ``re.findall(r"\\d{17}[\\dX]")`` pass — the least any ID
detector must do — and SHA-256. Best of ``--rounds``. ``--eval`` uses the evaluation set
(``tests/disclosure/eval``: PDF-wrapped and OCR-like layouts included) instead of the
generated corpus; ``--independent`` the hand-written set (``tests/disclosure/independent``,
three layouts), ``--independent2``, ``--independent3`` and ``--independent4`` the second,
third and fourth. ``--json``
prints one summary line as JSON (MB/s of masking and of each baseline, the ratios) after the
table. No database is touched. Aim: 5 MB/s.

The masker memoises what it reads of short windows (the segmenter's tags, a name at a window,
the labels before a number), so a batch that repeats its labels and names gets faster. The
main figure (``masking_mb_s``) is, as in earlier rounds, the best of the rounds after a warm-up
pass over the same texts: every memo is warm. ``cold_mb_s`` empties every memo before each
round, as for a decision masked once on its own: the honest figure for a single fresh text.

``--against OLD_SRC`` compares this tree's masker with another source tree (a ``src``
directory, e.g. from ``git archive <commit> src``) in the same run: each side runs in its own
process, alternately, ``--pairs`` times, over the same texts; the best warm and cold figures
of each side and their ratios are printed (single runs move by ±20% on a shared machine).
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ``--src`` (used by ``--against``) puts another tree's masker first
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path[:0] = [_SRC, str(ROOT / "tests")]

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)

from disclosure.corpus import generate  # noqa: E402

from sanxiang.disclosure import masking  # noqa: E402


def _clear_memos():
    """Empty every memo of the masking modules (functools caches)."""
    from sanxiang.disclosure import detectors, names
    for module in (names, detectors):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def best(rounds, call):
    times = []
    for _ in range(rounds):
        start = time.process_time()
        result = call()
        times.append(time.process_time() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--eval", action="store_true")
    parser.add_argument("--independent", action="store_true")
    parser.add_argument("--independent2", action="store_true")
    parser.add_argument("--independent3", action="store_true")
    parser.add_argument("--independent4", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--src", help="the source tree to import the masker from")
    parser.add_argument("--against", help="another source tree, measured alternately")
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    if args.against:
        return compare(args)
    if args.independent4:
        from disclosure.independent4.load import load as load4
        texts = [d.text for d in load4()]
    elif args.independent3:
        from disclosure.independent3.load import load as load3
        texts = [d.text for d in load3()]
    elif args.independent2:
        from disclosure.independent2.load import load as load2
        texts = [d.text for d in load2()]
    elif args.independent:
        from disclosure.independent.load import load
        texts = [d.text for d in load()]
    elif args.eval:
        from disclosure.eval.decisions import build
        from disclosure.eval.holdout import build_holdout
        texts = [d.text for d in build() + build_holdout()]
    else:
        texts = [s.text for s in generate(args.texts)]
    size = sum(len(t.encode("utf-8")) for t in texts)
    joined = "\n".join(texts)
    pattern = re.compile(r"\d{17}[\dX]")

    def masking_pass():
        spans = 0
        for text in texts:
            found = masking.propose(text)
            masking.mask(text, found)
            spans += len(found)
        return spans

    def baseline_pass():
        return len(pattern.findall(joined))

    data = joined.encode()

    def hash_pass():
        return hashlib.sha256(data).hexdigest()

    def cold_pass():
        _clear_memos()
        start = time.process_time()
        masking_pass()
        return time.process_time() - start

    cold_time = min(cold_pass() for _ in range(args.rounds))
    masking_pass()  # warm the regex caches and the memos
    masking_time, spans = best(args.rounds, masking_pass)
    baseline_time, hits = best(args.rounds, baseline_pass)
    hash_time, _digest = best(args.rounds * 20, hash_pass)
    mb = size / 1e6
    label = ("fourth independent set" if args.independent4 else
             "third independent set" if args.independent3 else
             "second independent set" if args.independent2 else "independent set"
             if args.independent else "evaluation set" if args.eval else "corpus")
    print(f"{label}: {len(texts)} texts, {size:,} bytes "
          f"(UTF-8), {spans} spans proposed")
    print(f"masking (propose + mask): {masking_time * 1000:8.1f} ms  {mb / masking_time:8.2f} MB/s")
    print(f"masking, memos emptied:   {cold_time * 1000:8.1f} ms  {mb / cold_time:8.2f} MB/s")
    print(f"baseline re.findall:      {baseline_time * 1000:8.3f} ms  "
          f"{mb / baseline_time:8.2f} MB/s  ({hits} matches)")
    print(f"baseline SHA-256:         {hash_time * 1000:8.3f} ms  {mb / hash_time:8.2f} MB/s")
    print(f"ratio masking/baseline throughput: {baseline_time / masking_time:.4f} "
          f"(masking is {masking_time / baseline_time:.0f}x slower)")
    print(f"ratio masking/SHA-256 throughput:  {hash_time / masking_time:.4f}")
    if args.json:
        print(json.dumps({
            "set": label, "texts": len(texts), "bytes": size, "spans": spans,
            "masking_mb_s": round(mb / masking_time, 3),
            "cold_mb_s": round(mb / cold_time, 3),
            "cold_ratio_to_regex": round(baseline_time / cold_time, 4),
            "regex_baseline_mb_s": round(mb / baseline_time, 2),
            "sha256_mb_s": round(mb / hash_time, 1),
            "ratio_to_regex": round(baseline_time / masking_time, 4),
            "ratio_to_sha256": round(hash_time / masking_time, 5),
            "aim_mb_s": 5.0, "meets_aim": mb / masking_time >= 5.0}))


def compare(args):
    """This tree and ``args.against``, each in its own process, alternately."""
    flags = [f"--{name}" for name in ("eval", "independent", "independent2", "independent3",
                                            "independent4")
             if getattr(args, name)]
    common = [sys.executable, __file__, "--json", "--texts", str(args.texts),
              "--rounds", str(args.rounds), *flags]
    sides = {"old": args.against, "new": str(ROOT / "src")}
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    for _ in range(args.pairs):
        for side, src in sides.items():
            out = subprocess.run([*common, "--src", src], capture_output=True, text=True,
                                 check=True).stdout.strip().splitlines()[-1]
            runs[side].append(json.loads(out))
    best = {side: {key: max(r[key] for r in got) for key in ("masking_mb_s", "cold_mb_s")}
            for side, got in runs.items()}
    summary = {"set": runs["new"][0]["set"], "pairs": args.pairs,
               "spans_old": runs["old"][0]["spans"], "spans_new": runs["new"][0]["spans"],
               "warm_old": best["old"]["masking_mb_s"], "warm_new": best["new"]["masking_mb_s"],
               "cold_old": best["old"]["cold_mb_s"], "cold_new": best["new"]["cold_mb_s"],
               "warm_ratio": round(best["new"]["masking_mb_s"] / best["old"]["masking_mb_s"], 3),
               "cold_ratio": round(best["new"]["cold_mb_s"] / best["old"]["cold_mb_s"], 3),
               "cold_pairs": [round(n["cold_mb_s"] / o["cold_mb_s"], 3)
                              for o, n in zip(runs["old"], runs["new"], strict=True)]}
    print(f"{summary['set']}: warm {summary['warm_old']} -> {summary['warm_new']} MB/s "
          f"(x{summary['warm_ratio']}), cold {summary['cold_old']} -> {summary['cold_new']} "
          f"MB/s (x{summary['cold_ratio']}), best of {args.pairs} alternate runs each")
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
