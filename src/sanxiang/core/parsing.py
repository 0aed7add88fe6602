"""Strict parsing of numbers that arrive as text (query strings, form fields, headers).

``str.isdigit`` and ``int`` accept far more than ASCII digits: ``"²".isdigit()`` is true but
``int("²")`` fails, ``int("１２")`` (full-width) succeeds, and ``int("9" * 30)`` overflows
every database column. Input from outside goes through ``parse_int`` instead: ASCII digits
only, a bounded length, and a range the database can store; anything else is ``None``, which
callers turn into a 404 or a Chinese message — never a 500.
"""

from __future__ import annotations

import re

# The largest value of a signed 64-bit column (BigAutoField, PositiveBigIntegerField).
MAX_BIGINT = 2 ** 63 - 1
# The largest value of a 32-bit column (IntegerField, PositiveIntegerField).
MAX_INT = 2 ** 31 - 1
_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)


def parse_int(text, *, minimum: int = 0, maximum: int = MAX_BIGINT) -> int | None:
    """The integer written in ``text`` with ASCII digits only, within [minimum, maximum]."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    else:
        text = str(text if text is not None else "").strip()
        if not _DIGITS.fullmatch(text):
            return None
        value = int(text)
    return value if minimum <= value <= maximum else None


def parse_id(text) -> int | None:
    """A primary key: a positive integer a database column can hold."""
    return parse_int(text, minimum=1)
