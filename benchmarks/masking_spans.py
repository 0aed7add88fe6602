"""Every span the masker proposes on the six evaluation sets, for a speed round's proof.

    .venv/bin/python benchmarks/masking_spans.py OUT [--src SRC]

A speed change to the masker (R-PUB-05, issue 12) must not change a span. This writes one
JSON line per text and call — the generated corpus (``generate(240)``), the evaluation set
with its hold-out and the four independent sets, 897 texts — once bare (as
``masking_bench.py`` calls ``propose``) and once with the party's name, kind, kept names and
address (as the tests call it): the spans (start, end, kind, rule) and the masked text.
Run it on the old tree (``--src``, e.g. from ``git archive main src``) and on this one and
compare the two files byte for byte (``cmp``). ADR 0033, 0036, 0039 and 0046 used it.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path[:0] = [_SRC, str(ROOT / "tests")]

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)

from disclosure.corpus import generate, party_of  # noqa: E402
from disclosure.eval.decisions import build  # noqa: E402
from disclosure.eval.holdout import build_holdout  # noqa: E402
from disclosure.independent.load import load as load1  # noqa: E402
from disclosure.independent2.load import load as load2  # noqa: E402
from disclosure.independent3.load import load as load3  # noqa: E402
from disclosure.independent4.load import load as load4  # noqa: E402

from sanxiang.disclosure import masking  # noqa: E402


def texts():
    """(set, text, the arguments the tests pass) for every text of the five sets."""
    for sample in generate(240):
        name, kind = party_of(sample)
        yield "corpus", sample.text, {"party_name": name, "party_kind": kind}
    for label, docs in (("eval", build() + build_holdout()), ("independent", load1()),
                        ("independent2", load2()), ("independent3", load3()),
                        ("independent4", load4())):
        for doc in docs:
            yield label, doc.text, {
                "party_name": doc.party_name, "party_kind": doc.party_kind,
                "keep_names": doc.keep_names, "party_address": doc.party_address}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--src", help="the source tree to import the masker from")
    args = parser.parse_args()
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for index, (label, text, kwargs) in enumerate(texts()):
            for call, given in (("bare", {}), ("args", kwargs)):
                spans = masking.propose(text, **given)
                out.write(json.dumps([label, index, call, [list(r) for r in spans],
                                      masking.mask(text, spans)], ensure_ascii=False) + "\n")
            count += 1
    print(f"{count} texts, {2 * count} lines -> {args.out} ({masking.__file__})")


if __name__ == "__main__":
    main()
