"""Per-kind and per-layout recall, precision and look-alike damage of a masker on the
evaluation set (issue 12). A gold span is found when every non-space character of it is
covered by proposed spans (of any kind: what matters is that nothing leaks); a look-alike
is damaged when any of its characters is covered."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .decisions import KINDS, Doc, build


@dataclass
class Figures:
    planted: Counter = field(default_factory=Counter)   # (kind, layout)
    found: Counter = field(default_factory=Counter)
    proposed: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    looks: Counter = field(default_factory=Counter)
    damaged: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    damage: list = field(default_factory=list)

    def recall(self, kind, layout=None) -> float:
        keys = [(kind, lay) for lay in (layout,)] if layout else \
            [key for key in self.planted if key[0] == kind]
        planted = sum(self.planted[key] for key in keys)
        return sum(self.found[key] for key in keys) / planted if planted else 1.0

    def damage_rate(self) -> float:
        total = sum(self.looks.values())
        return sum(self.damaged.values()) / total if total else 0.0


def measure(propose, docs: list[Doc] | None = None) -> Figures:
    figures = Figures()
    for doc in docs if docs is not None else build():
        spans = propose(doc)
        covered = bytearray(len(doc.text) + 1)
        for start, end, _kind in spans:
            covered[max(0, start):max(0, end)] = b"\x01" * (max(0, end) - max(0, start))
        for start, end, kind in doc.gold:
            figures.planted[kind, doc.layout] += 1
            if all(covered[i] or doc.text[i].isspace() for i in range(start, end)):
                figures.found[kind, doc.layout] += 1
            else:
                figures.misses.append((kind, doc.layout, doc.name, doc.text[start:end]))
        for start, end, kind in spans:
            figures.proposed[kind] += 1
            if any(s <= start and end <= e for s, e, _k in doc.gold):
                figures.correct[kind] += 1
        for start, end, label in doc.lookalikes:
            figures.looks[label] += 1
            if any(covered[i] for i in range(start, end)):
                figures.damaged[label] += 1
                figures.damage.append((label, doc.layout, doc.name, doc.text[start:end]))
    return figures


def table(figures: Figures) -> str:
    layouts = ("clean", "pdf", "ocr")
    lines = [f"{'kind':<14}{'planted':>8}{'recall':>9}" + "".join(f"{lay:>9}" for lay in layouts)
             + f"{'proposed':>10}{'precision':>11}"]
    for kind in KINDS.values():
        planted = sum(v for (k, _l), v in figures.planted.items() if k == kind)
        prec = figures.correct[kind] / figures.proposed[kind] if figures.proposed[kind] else 1
        lines.append(f"{kind:<14}{planted:>8}{figures.recall(kind):>9.1%}"
                     + "".join(f"{figures.recall(kind, lay):>9.1%}" for lay in layouts)
                     + f"{figures.proposed[kind]:>10}{prec:>11.1%}")
    total = sum(figures.looks.values())
    lines.append(f"look-alikes damaged: {sum(figures.damaged.values())} of {total} "
                 f"({figures.damage_rate():.2%})  " + ", ".join(
                     f"{label} {figures.damaged[label]}/{n}" for label, n in
                     sorted(figures.looks.items())))
    return "\n".join(lines)
