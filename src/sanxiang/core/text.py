"""Normalising names and titles where they enter the platform.

A name that looks the same must be stored the same: Unicode NFC (a composed and a decomposed
"é" are one name), and no invisible characters that change how it reads — bidirectional
controls (an RTL override can show "罚款" where "款罚" is stored) and zero-width characters
(which make two identical-looking names differ, and hide words from search and masking).
Ordinary whitespace runs collapse to one space and the ends are trimmed.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides and isolates, the implicit marks, and zero-width characters.
_INVISIBLE = re.compile(
    "[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u180e]")
_SPACE = re.compile(r"\s+")


def clean_name(value) -> str:
    """A name or title as stored: NFC, no bidi controls or zero-width characters, one
    space between words. Other control characters (tabs, newlines) become spaces."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = _INVISIBLE.sub("", text)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return _SPACE.sub(" ", text).strip()


def strip_invisible(value) -> str:
    """NFC without bidi controls or zero-width characters; whitespace and lines kept (for
    longer texts that enter with names: duties, addresses)."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", str(value or "")))


def has_invisible(value: str) -> bool:
    return bool(_INVISIBLE.search(value or ""))
