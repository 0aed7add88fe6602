"""A normalised view of a decision text for the masking detectors (R-PUB-05).

Texts reach the platform clean, copied out of PDFs (hard line breaks every line, mid-word
and mid-number) or OCR-ed (full-width digits, stray spaces). The detectors work on one
view where none of that matters: full-width digits, letters and dashes are folded to ASCII,
spaces are dropped, and a line break is dropped when it is a wrap (the line is as long as
the text's wrap width) and kept as a hard break otherwise. ``View.span`` maps a span of the
view back onto the original text, covering any whitespace inside it; ``View.pieces`` says
where something was dropped (the number detector reads a table row's fields there).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from sanxiang.disclosure.traditional import SIMPLIFIED, TRADITIONAL

FOLD = str.maketrans("０１２３４５６７８９ＸｘＴ－＋", "0123456789XxT-+")
_FOLD_PAIRS = tuple(zip("０１２３４５６７８９ＸｘＴ－＋", "0123456789XxT-+", strict=True))


# Traditional characters, read as their simplified forms (a scan from a traditional print:
# 身份證號, 戶籍所在地, 閻秀蘭); one for one, so positions do not move. A decision printed in
# them has 號, 書 or 當 (文號, 決定書, 當事人), found at C speed; a simplified text has none
# (号, 书, 当), and the table (a dict lookup per character) is used only in the other.
_TO_SIMPLIFIED = str.maketrans(TRADITIONAL, SIMPLIFIED)


def fold(text: str) -> str:
    """``text.translate(FOLD)``, 20× faster: ``str.translate`` with a table looks up every
    character in a dict (5 µs for 11 characters), ``in`` and ``replace`` run at C speed.
    Traditional characters become simplified ones in a text printed in them (號, 書 or 當 in
    it); a simplified text that names one person in traditional characters is left as is."""
    for wide, narrow in _FOLD_PAIRS:
        if wide in text:
            text = text.replace(wide, narrow)
    # (``in``, inline: a generator over the three costs as much as the scans)
    if "號" in text or "書" in text or "當" in text:
        text = text.translate(_TO_SIMPLIFIED)
    for letter in _CONFUSABLE:
        if letter in text:
            return _OCR_NUMBER.sub(_ocr_digits, text)
    return text


# OCR reads a 1 as l or I and a 0 as O, o or 〇 inside a number (l3785249O63, 135 726O 339l).
# Inside a run of at least seven digits, with blanks or a wrap between its groups and no
# Latin letter either side, such a letter is read as the digit; one for one, so positions
# do not move. A word (ISO9001, Top100) or a code with other letters is left as it is.
_CONFUSABLE = "lIOo〇ｌＩＯｏ"
_AS_DIGIT = str.maketrans(_CONFUSABLE, "110001100")
# (a dash between the groups too, round 13: a landline O739-52l44O7)
_OCR_NUMBER = re.compile(r"(?<![A-Za-z])[0-9lIOo〇ｌＩＯｏ](?:[ \t\u3000\n]{0,2}-?"
                         r"[ \t\u3000\n]{0,2}[0-9lIOo〇ｌＩＯｏ]){6,}(?![A-Za-z])")
_MIN_DIGITS = 7
_MAX_LETTERS = 4


def _ocr_digits(match: re.Match) -> str:
    run = match.group()
    digits = sum(char.isdigit() for char in run)
    letters = sum(char in _CONFUSABLE for char in run)
    if digits < _MIN_DIGITS or not letters or letters > _MAX_LETTERS:
        return run
    return run.translate(_AS_DIGIT)
# ``[…][…]*``, not ``[…]+``: a pattern that opens with a repeat has no first-character set,
# and ``re`` then tries a match at every position instead of skipping to a blank.
_SPACE = re.compile(r"[ \t\u3000\u00a0\r][ \t\u3000\u00a0\r]*")
_BLANK = " \t\u3000\r"
_SPACES = " \t\u3000\u00a0\r"
# What starts the next line: a number that is a date opens a new paragraph (2026年5月1日，…),
# and so does the "label：" of a table row (现住：…, 电话：…).
_DATE_START = re.compile(r"(?:[0-9][ \t\u3000]*){4}年|(?:[0-9][ \t\u3000]*){1,2}月")
_LABEL_START = re.compile(r"[\u4e00-\u9fff]{1,8}[ \t\u3000]*[：:]")
_SOFT_MIN_LINE = 12
# Running text goes on: a character ends the line and the next starts with one, or with a
# number that is not a date (a date opens a new paragraph: 2026年5月1日，…).
_SOFT_BREAK = re.compile(r"(?:^|(?<=\n))[^\n]{11,}[\u4e00-\u9fff]"
                         r"[ \t\u3000]*(\n)(?=[ \t\u3000]*(?:[\u4e00-\u9fff]|"
                         r"[0-9]+(?![0-9]*年)))"
                         # nor a new "label：" line of a table (现住：…, 电话：…)
                         r"(?![ \t\u3000]*[\u4e00-\u9fff]{1,8}[ \t\u3000]*[：:])")
# A text is wrapped when at least this share of its longer lines have one length (±1).
_WRAP_SHARE = 0.4
_WRAP_MIN_LINES = 3
_WRAP_MIN_WIDTH = 14


def _wrap_width(text: str) -> int:
    lines = text.split("\n")
    lines.pop()  # the last line has no break after it
    # Counted in a dict, not a Counter: its Python-level __init__ and update cost more
    # than the counting on the twenty-odd lines of a decision. Insertion order is kept.
    counts: dict[int, int] = {}
    get = counts.get
    longer = 0
    for n in map(len, lines):
        if n >= _WRAP_MIN_WIDTH:
            counts[n] = get(n, 0) + 1
            longer += 1
    if longer < _WRAP_MIN_LINES:
        return 0
    width = max(counts, key=counts.__getitem__)  # the first of the most common, as before
    near = counts[width] + get(width - 1, 0) + get(width + 1, 0)
    return width if near >= max(_WRAP_MIN_LINES, _WRAP_SHARE * longer) else 0


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _wraps(text: str) -> list[tuple[int, int]]:
    """The line breaks of ``text`` that only wrap a line: inside a number whatever the
    layout; at the text's wrap width when it has one; otherwise between two characters of
    running text in a long line (a PDF with proportional lines, text typed with breaks),
    never before a date or a table row's label."""
    width = _wrap_width(text) if text.count("\n") > _WRAP_MIN_LINES else 0
    out: list[tuple[int, int]] = []
    if not width:
        # Without a wrap width only a break after a digit or a character can be a wrap:
        # the regex finds those at C speed (most lines end with punctuation).
        for match in _AFTER_TEXT.finditer(text):
            newline = match.start()
            _judge(text, text.rfind("\n", 0, newline) + 1, newline, 0, out)
        return out
    line_start = 0
    newline = text.find("\n")
    low, high = width - 2, width + 1
    while newline >= 0:
        # Away from the wrap width only a break inside a number is a wrap: a line that does
        # not end with a digit, a "+" or a blank needs no closer look (most do not).
        if low <= newline - line_start <= high or text[newline - 1] in _NUMBER_OR_BLANK:
            _judge(text, line_start, newline, width, out)
        line_start = newline + 1
        newline = text.find("\n", line_start)
    return out


_NUMBER_OR_BLANK = "0123456789+-" + _BLANK


# A newline (a literal: found at C speed) after a digit, a character, a dash or a blank.
_AFTER_TEXT = re.compile("\n(?<=[0-9+\\-\u4e00-\u9fff" + _BLANK + "]\n)")


def _judge(text: str, line_start: int, newline: int, width: int, out: list) -> None:
    before = newline
    while before > line_start and text[before - 1] in _BLANK:
        before -= 1
    after = newline + 1
    while after < len(text) and text[after] in _BLANK:
        after += 1
    prev = text[before - 1] if before > line_start else ""
    nxt = text[after] if after < len(text) else ""
    at_width = width and width - 2 <= newline - line_start <= width + 1
    if prev and nxt:
        if prev in "0123456789+" and nxt in "0123456789Xx":
            if at_width or not _DATE_START.match(text, after):
                out.append((newline, newline + 1))
        elif (prev == "-" and nxt in "0123456789" and before - 2 >= line_start and
              text[before - 2] in "0123456789") or (
                prev in "0123456789" and nxt == "-" and text[after + 1:after + 2].isdigit()):
            out.append((newline, newline + 1))  # a number broken at its dash (0594-\n8272…)
        elif width:
            if at_width:
                out.append((newline, newline + 1))
        elif _is_han(prev) and newline - line_start >= _SOFT_MIN_LINE and (
                _is_han(nxt) or (nxt.isdigit() and not _DATE_START.match(text, after))) \
                and not _LABEL_START.match(text, after):
            out.append((newline, newline + 1))


class View:
    """``text`` folded and compacted; ``view`` is what detectors read."""

    __slots__ = ("_origins", "_starts", "text", "view")

    def __init__(self, text: str):
        self.text = text
        folded = fold(text)
        # ``in`` runs at memchr speed; the class scan costs as much as a match would
        drop: list[tuple[int, int]] = [m.span() for m in _SPACE.finditer(folded)] if any(
            blank in folded for blank in _SPACES) else []
        if "\n" in folded:
            drop += _wraps(folded)
        if not drop:
            self.view = folded
            self._starts = [0]
            self._origins = [0]
            return
        drop.sort()
        pieces, starts, origins, pos, out = [], [], [], 0, 0
        for a, b in drop:
            if a < pos:
                a = pos
            if a > pos:
                pieces.append(folded[pos:a])
                starts.append(out)
                origins.append(pos)
                out += a - pos
            pos = max(pos, b)
        if pos < len(folded):
            pieces.append(folded[pos:])
            starts.append(out)
            origins.append(pos)
        self.view = "".join(pieces)
        self._starts = starts or [0]
        self._origins = origins or [0]

    def origin(self, index: int) -> int:
        """The original position of view character ``index``."""
        piece = bisect_right(self._starts, index) - 1
        return self._origins[piece] + index - self._starts[piece]

    def pieces(self) -> tuple[list[int], list[int]]:
        """Where each kept piece starts in the view, and where it came from in the text
        (``spans`` maps through these; one piece when nothing was dropped)."""
        return self._starts, self._origins

    def spans(self, items: list[tuple]) -> list[tuple]:
        """``(start, end, …)`` items over the view, mapped onto the text."""
        if len(self._starts) == 1:
            return items
        starts, origins = self._starts, self._origins
        out = []
        append = out.append
        # The items are (start, end, kind, rule): indexing, not star-unpacking, which builds
        # a list per item (this loop ran at a fifth of the glue time of propose).
        for item in items:
            start, end = item[0], item[1]
            if end <= start:
                continue
            a = bisect_right(starts, start) - 1
            b = bisect_right(starts, end - 1, a) - 1
            append((origins[a] + start - starts[a], origins[b] + end - starts[b], *item[2:]))
        return out

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return start, start
        if len(self._starts) == 1:  # nothing was dropped: positions are the same
            return start, end
        return self.origin(start), self.origin(end - 1) + 1
