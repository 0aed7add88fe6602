"""Load the hand-written independent evaluation set (see README.md) as ``Doc`` objects."""

from __future__ import annotations

import random
import re
import zlib
from pathlib import Path

from ..eval.decisions import KINDS, Doc

TEXTS = Path(__file__).resolve().parent / "texts"
LAYOUTS = ("clean", "pdf", "ocr")
_MARK = re.compile(r"⟨(\w+)\|([^⟩]*)⟩|⟪(\w+)\|([^⟫]*)⟫")
_WIDE = str.maketrans("0123456789XABCDEFGHJKLMNPQRT",
                      "０１２３４５６７８９ＸＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴ")


def _parse(path: Path):
    head, _sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    return ({k.strip(): v.strip() for k, v in meta.items()}, body)


def _render(body: str, layout: str, rng: random.Random):
    out: list[str] = []
    gold, looks = [], []
    length, column, width = 0, 0, rng.randrange(28, 37)
    pos = 0
    pieces = []
    for m in _MARK.finditer(body):
        pieces.append((body[pos:m.start()], None, None))
        if m.group(1):
            pieces.append((m.group(2), KINDS[m.group(1)], None))
        else:
            pieces.append((m.group(4), None, m.group(3)))
        pos = m.end()
    pieces.append((body[pos:], None, None))
    for piece, kind, label in pieces:
        start = length
        if layout == "ocr" and rng.random() < 0.5:
            piece = piece.translate(_WIDE)
        for ch in piece:
            chunk = ch
            if layout == "pdf":
                column = 0 if ch == "\n" else column + 1
                if column >= width:
                    chunk, column = ch + "\n", 0
            elif layout == "ocr" and ch not in "\n " and rng.random() < 0.05:
                chunk = ch + " "
            out.append(chunk)
            length += len(chunk)
        end = length
        if end > start and out[-1][-1:].isspace() and not piece[-1:].isspace():
            end -= 1
        if kind:
            gold.append((start, end, kind))
        elif label:
            looks.append((start, end, label))
    return "".join(out), gold, looks


def load(layouts=LAYOUTS, texts: Path = TEXTS) -> list[Doc]:
    """The set's texts in ``layouts``; ``texts`` is the folder (another set in the same
    format, e.g. ``independent2/texts``)."""
    docs = []
    for path in sorted(texts.glob("*.txt")):
        meta, body = _parse(path)
        for layout in layouts:
            rng = random.Random(zlib.crc32(f"{path.name}{layout}".encode()))
            text, gold, looks = _render(body, layout, rng)
            docs.append(Doc(name=path.stem, layout=layout, text=text,
                            party_name=meta.get("party", ""), party_kind=meta.get("kind", ""),
                            keep_names=meta.get("keep", "").split(), gold=gold,
                            lookalikes=looks))
    return docs
