"""Masking throughput: ``propose`` + ``mask`` over the generated decision corpus (R-PUB-05).

    .venv/bin/python benchmarks/masking_bench.py [--texts 240] [--rounds 5]

Reports MB/s (UTF-8 bytes of the texts) for masking, and the ratio to a baseline measured
in the same run over the same text: one plain ``re.findall(r"\\d{17}[\\dX]")`` pass — the
least any ID detector must do. Best of ``--rounds`` for both. No database is touched.
"""

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)

from disclosure.corpus import generate  # noqa: E402

from sanxiang.disclosure import masking  # noqa: E402


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
    args = parser.parse_args()
    samples = generate(args.texts)
    texts = [s.text for s in samples]
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

    masking_pass()  # warm the regex caches
    masking_time, spans = best(args.rounds, masking_pass)
    baseline_time, hits = best(args.rounds, baseline_pass)
    mb = size / 1e6
    print(f"corpus: {len(texts)} texts, {size:,} bytes (UTF-8), {spans} spans proposed")
    print(f"masking (propose + mask): {masking_time * 1000:8.1f} ms  {mb / masking_time:8.2f} MB/s")
    print(f"baseline re.findall:      {baseline_time * 1000:8.3f} ms  "
          f"{mb / baseline_time:8.2f} MB/s  ({hits} matches)")
    print(f"ratio masking/baseline throughput: {baseline_time / masking_time:.4f} "
          f"(masking is {masking_time / baseline_time:.0f}x slower)")


if __name__ == "__main__":
    main()
