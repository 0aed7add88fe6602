"""Load the seventh blind evaluation set (see README.md) with the first independent set's loader."""

from __future__ import annotations

from pathlib import Path

from ..independent.load import LAYOUTS
from ..independent.load import load as _load

TEXTS = Path(__file__).resolve().parent / "texts"


def load(layouts=LAYOUTS):
    return _load(layouts, TEXTS)
