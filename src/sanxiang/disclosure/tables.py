"""Identifiers in a table whose header names the column (R-PUB-05, ADR 0066).

A decision lists the persons it concerns in a table: a header row (姓名　身份证号码　联系电话
住址) and rows below it, the cells apart by runs of spaces, tabs, full-width spaces or ``|``.
A value there has no label of its own on its line, so a number that is not an identifier by
itself (an ID with a wrong check digit, a phone spaced oddly) is read by its column: under
身份证号码 an 18-character ID shape is hidden, under 联系电话 a phone of 7–12 digits, under
账号 an account, under 微信号, QQ or 邮箱 the account, under 住址 a value that reads as an
address. A column that names the body's or an officer's data (执法证号, 单位电话) is left.

The table is read on the text (its blanks separate the cells), not on the view, and its
spans are mapped onto the view for ``masking.propose``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from sanxiang.disclosure.detectors import (
    ADDRESS,
    ADDRESS_UNIT,
    BANK_ACCOUNT,
    ID_NUMBER,
    ONLINE_ACCOUNT,
    PASSPORT,
    PERMIT,
    PHONE,
    is_credit_code,
    is_mobile,
)
from sanxiang.disclosure.textview import fold

# A header cell's words and the column they make; the first that matches wins.
_COLUMNS = (
    (re.compile(r"身份证|身份号码"), "id"),
    (re.compile(r"护照"), "passport"),
    (re.compile(r"通行证|证件号|证件编号|居留证"), "document"),
    (re.compile(r"微信"), "wechat"),
    (re.compile(r"QQ|qq|ＱＱ|扣扣"), "qq"),
    (re.compile(r"邮箱|电子邮件|邮件地址|[Ee]-?mail"), "email"),
    (re.compile(r"电话|手机|联系方式|联系号码|座机"), "phone"),
    (re.compile(r"账号|帐号|卡号|账户|帐户"), "account"),
    # (round 12: where a worker sleeps is the home: 住宿, 宿舍, 住处)
    (re.compile(r"住址|居住|户籍|家庭地址|现住|住所|住宿|宿舍|住处|暂住|租住|居所"), "address"),
    # (round 12) the persons' names: a name there has no cue of its own (序号|姓名|岗位)
    (re.compile(r"^(?:人员|员工|职工|学员|患者)?姓名$"), "name"),
)
_NOT_PERSONAL = re.compile(r"执法|单位|公司|企业|办公|监督|举报|投诉电话|机关|经营|注册")
_ANY_COLUMN = re.compile(r"身份证|身份号码|护照|通行证|证件号|证件编号|居留证|微信|QQ|qq|ＱＱ|扣扣|"
                         r"邮箱|电子邮件|电话|手机|联系方式|座机|账号|帐号|卡号|账户|帐户|住址|"
                         r"居住|现住|住宿|宿舍|住处|暂住|租住|居所|姓名")
_PIPES = "|｜│"
_PIPE = re.compile(r"[|｜│]")
_WIDE = re.compile(r"[ \t\u3000\u00a0]*[\t\u3000][ \t\u3000\u00a0]*|[ \u00a0]{2,}")
_ANY_BLANK = re.compile(r"[ \t\u3000\u00a0]+")
_STRIP = " \t\u3000\u00a0\r\n|｜│"
_RULE_ROW = re.compile(r"[\s|｜│:：\-—=+]*")
_MAX_HEADER_CELL = 12
_MAX_ROWS = 200

_ID_SHAPE = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
_DOCUMENT = re.compile(r"[A-Za-z]{0,3}[0-9]{6,17}[0-9A-Za-z]?")
_PHONE_CELL = re.compile(r"(?:\+?(?:86|852|853|886)|00(?:86|852|853|886)|[(（]\+?86[)）])?"
                         r"[-–—]?[(（]?[0-9][0-9()（）\-–—]{5,16}[0-9]")
_ACCOUNT_CELL = re.compile(r"[0-9]{8,30}")
_WECHAT_CELL = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}|1[3-9][0-9]{9}")
_QQ_CELL = re.compile(r"[1-9][0-9]{4,10}")
_EMAIL_CELL = re.compile(r"[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ADDRESS_UNIT = ADDRESS_UNIT  # (the detector's units: round 13 added 嘎查, 三队, 第4间 …)


def table_cells(text: str, view) -> list[tuple[int, int, str, str]]:
    """The identifiers in the text's tables, as (start, end, kind, rule) over ``view``."""
    found: list[tuple[int, int, str, str]] = []
    seen = -1
    # Only a line with a separator between two cells can be a header: found from each pipe,
    # tab, or blank after a character (an indent of full-width spaces is no separator).
    for separator in _INNER_SEPARATOR.finditer(text):
        if separator.start() < seen:
            continue
        line_start = text.rfind("\n", 0, separator.start()) + 1
        line_end = text.find("\n", separator.end())
        if line_end < 0:
            line_end = len(text)
        seen = line_end
        if _ANY_COLUMN.search(text, line_start, line_end):
            seen = _read_table(text, line_start, line_end, found)
    return [(*_to_view(view, a, b), kind, rule) for a, b, kind, rule in found]


# (Each alternative opens with its literal, the look-behind after it: ``re`` skips to them.)
_INNER_SEPARATOR = re.compile("[\t|｜│]|\u3000(?<=[^\\s]\u3000)|  (?<=[^\\s]  )")


def _header(text: str, start: int, end: int):
    """The columns of a header line, or None when the line is no header."""
    line = text[start:end].replace("\n", "")
    if "：" in line or ":" in line or "。" in line or any(c.isdigit() for c in line):
        return None
    piped = any(p in line for p in _PIPES)
    cells = _split(text, start, end, _PIPE if piped else _ANY_BLANK)
    if len(cells) < 2 or any(b - a > _MAX_HEADER_CELL for a, b in cells):
        return None
    if "执法" in line:
        return None  # the officers' table: their numbers are public
    columns = []
    for a, b in cells:
        word = text[a:b].replace("\n", "")
        kind = None
        if not _NOT_PERSONAL.search(word):
            kind = next((k for pattern, k in _COLUMNS if pattern.search(word)), None)
        columns.append((a - start, b - start, kind))
    if not any(kind for _a, _b, kind in columns):
        return None
    return piped, columns


# A PDF wraps a piped table's lines (round 12): the header goes on over a line that holds
# pipes and no digit (…| 住\n址 | 健康证 |), a row over the lines that bring its pipes up to
# the header's (…| 450821 1988072\n24175 | …); a line that opens the next row by its
# number (2 | …) is a row of its own.
_MAX_WRAPS = 3
_ROW_NUMBER = re.compile(r"[ \t\u3000]*[|｜│]?[ \t\u3000]*([0-9]{1,3})[ \t\u3000]*[|｜│]")


def _pipes(text: str, a: int, b: int) -> int:
    return len(_PIPE.findall(text, a, b))


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _wrapped_header(text: str, start: int, end: int) -> int:
    for _wrap in range(_MAX_WRAPS):
        if end >= len(text):
            break
        nxt = _line_end(text, end + 1)
        line = text[end + 1:nxt]
        if not _PIPE.search(line) or any(c.isdigit() for c in line) or "：" in line or \
                "。" in line or _RULE_ROW.fullmatch(line):
            break
        end = nxt
    return end


def _wrapped_row(text: str, start: int, end: int, pipes: int) -> int:
    serial = _ROW_NUMBER.match(text, start)
    number = int(serial.group(1)) if serial else None
    for _wrap in range(_MAX_WRAPS):
        if end >= len(text) or _pipes(text, start, end) >= pipes:
            break
        nxt = _line_end(text, end + 1)
        opens = _ROW_NUMBER.match(text, end + 1)
        if not text[end + 1:nxt].strip(_STRIP) or (
                opens and (number is None or int(opens.group(1)) == number + 1)):
            break
        end = nxt
    return end


def _read_table(text: str, start: int, end: int, found: list) -> int:
    header = _header(text, start, end)
    if header is None:
        return end
    piped, columns = header
    if piped:
        wrapped = _wrapped_header(text, start, end)
        if wrapped != end and _header(text, start, wrapped) is not None:
            end = wrapped
            piped, columns = _header(text, start, end)
        pipes = _pipes(text, start, end)
    header_widths = [(_width(text, start, start + a), _width(text, start, start + b))
                     for a, b, _k in columns]
    pos = end
    for _row in range(_MAX_ROWS):
        if pos >= len(text):
            break
        row_start = pos + 1
        row_end = text.find("\n", row_start)
        if row_end < 0:
            row_end = len(text)
        if piped and row_end < len(text):
            row_end = _wrapped_row(text, row_start, row_end, pipes)
        line = text[row_start:row_end]
        if piped and not _PIPE.search(line) and _PIPE.search(
                text, row_end, _line_end(text, row_end + 1)):
            pos = row_end
            continue  # the rest of the row above's last cell, wrapped (…| 有 |\n 阳性)
        if not line.strip(_STRIP) or _RULE_ROW.fullmatch(line):
            pos = row_end
            continue  # a rule under the header, or a blank line between rows
        cells = _row_cells(text, row_start, row_end, piped, len(columns))
        if cells is None:
            cells = _by_position(text, row_start, row_end, header_widths)
        if cells is None or "。" in line:
            break
        for (a, b), (_ca, _cb, kind) in zip(cells, columns, strict=False):
            if kind and b > a:
                hit = _cell_kind(text, a, b, kind)
                if hit:
                    found.append((a, b, *hit))
        pos = row_end
    return pos


def _row_cells(text: str, start: int, end: int, piped: bool, count: int):
    if piped:
        cells = _split(text, start, end, _PIPE, keep_empty=True)
        if len(cells) < count and _pipes(text, start, end) >= count - 1:
            cells += [(end, end)] * (count - len(cells))  # empty cells at the end dropped
        return cells if len(cells) == count else None
    for separator in (_WIDE, _ANY_BLANK):
        cells = _split(text, start, end, separator)
        if len(cells) == count:
            return cells
    return None


def _by_position(text: str, start: int, end: int, header_widths):
    """The cells of a row whose blanks do not match the header's count (a value with a blank
    in it, an empty cell), each given to the header column it stands under."""
    cells = _split(text, start, end, _WIDE)
    if len(cells) < 2:
        return None
    out = [(0, 0)] * len(header_widths)
    for a, b in cells:
        left, right = _width(text, start, a), _width(text, start, b)
        best, overlap = None, 0
        for index, (ha, hb) in enumerate(header_widths):
            shared = min(right, hb + 2) - max(left, ha - 2)
            if shared > overlap:
                best, overlap = index, shared
        if best is not None and out[best] == (0, 0):
            out[best] = (a, b)
    return out


def _split(text: str, start: int, end: int, separator: re.Pattern, keep_empty=False):
    cells, pos = [], start
    for match in separator.finditer(text, start, end):
        cells.append(_trim(text, pos, match.start()))
        pos = match.end()
    cells.append(_trim(text, pos, end))
    while cells and cells[0][0] == cells[0][1]:
        cells.pop(0)  # before a leading pipe or the indent
    while cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    return cells if keep_empty else [c for c in cells if c[1] > c[0]]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _STRIP:
        a += 1
    while b > a and text[b - 1] in _STRIP:
        b -= 1
    return a, b


def _width(text: str, a: int, b: int) -> int:
    """Display width: a Chinese or full-width character takes two columns, a tab four."""
    return sum(2 if ord(c) >= 0x2E80 else 4 if c == "\t" else 1 for c in text[a:b])


# What a cell under each column must look like (the value without its blanks, folded).
_CELLS = {
    # (a passport's or a permit's number is hidden under its own marker: round 12)
    "id": ((_ID_SHAPE, ID_NUMBER), (_DOCUMENT, PERMIT)),
    "document": ((_ID_SHAPE, ID_NUMBER), (_DOCUMENT, PERMIT)),
    "passport": ((_DOCUMENT, PASSPORT),),
    "phone": ((_PHONE_CELL, PHONE),),
    "account": ((_ACCOUNT_CELL, BANK_ACCOUNT),),
    "wechat": ((_WECHAT_CELL, ONLINE_ACCOUNT),),
    "qq": ((_QQ_CELL, ONLINE_ACCOUNT),),
    "email": ((_EMAIL_CELL, ONLINE_ACCOUNT),),
}
_RULES = {ID_NUMBER: "id_table_column", PASSPORT: "document_table_column",
          PERMIT: "document_table_column", PHONE: "phone_table_column",
          BANK_ACCOUNT: "account_table_column", ONLINE_ACCOUNT: "online_table_column"}


_OCR_LETTER = re.compile(r"[lIOo]")
_AS_DIGIT = str.maketrans("lIOo", "1100")


# Full-width Latin letters (OCR, typing: Ｅ４８２１３９５７) as ASCII; fold() keeps them.
_WIDE_LETTERS = str.maketrans({chr(c): chr(c - 0xFEE0) for c in (*range(0xFF21, 0xFF3B),
                                                                  *range(0xFF41, 0xFF5B))})


def _cell_kind(text: str, a: int, b: int, column: str):
    compact = "".join(fold(text[a:b]).split())
    if column in ("id", "document", "passport") and not compact.isascii():
        compact = compact.translate(_WIDE_LETTERS)
    if column in ("account", "id", "document", "passport") and is_mobile(compact):
        # a row the blanks shifted under the next column: a mobile is a phone wherever it is
        return PHONE, "phone_table_column"
    if column == "name":
        # two to six Han characters (a dotted minority name too), no 某 (a name hidden
        # already), no role word: ``masking.propose`` hides it wherever the text repeats it
        if 2 <= len(compact) <= 8 and "某" not in compact and _NAME_CELL.fullmatch(compact):
            return PERSON_NAME, "name_table_column"
        return None
    if column == "address":
        if len(compact) >= 4 and len(_ADDRESS_UNIT.findall(compact)) >= 2:
            return ADDRESS, "address_table_column"
        return None
    if column == "account":
        compact = compact.replace("-", "")
    elif column in ("document", "passport") and (is_credit_code(compact.upper()) or
                                   sum(c.isdigit() for c in compact) < 6):
        return None  # an organisation's credit code under 证件号码
    elif column == "phone":
        if _OCR_LETTER.search(compact) and sum(c.isdigit() for c in compact) >= 5:
            compact = compact.translate(_AS_DIGIT)  # OCR's l and O (0771-53l2874; round 12)
        if not 7 <= sum(c.isdigit() for c in compact) <= 15:
            return None
    for shape, kind in _CELLS[column]:
        if shape.fullmatch(compact):
            return kind, _RULES[kind]
    return None


PERSON_NAME = "person_name"
_NAME_CELL = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,6}[·•・][\u4e00-\u9fff]{2,6}")


def _to_view(view, a: int, b: int) -> tuple[int, int]:
    """Text positions ``a``…``b`` as view positions (a dropped blank at an end moves in)."""
    starts, origins = view.pieces()
    size = len(view.view)
    i = max(0, bisect_right(origins, a) - 1)
    piece_end = starts[i + 1] if i + 1 < len(starts) else size
    start = min(starts[i] + max(0, a - origins[i]), piece_end)
    j = max(0, bisect_right(origins, b - 1) - 1)
    piece_end = starts[j + 1] if j + 1 < len(starts) else size
    end = min(starts[j] + max(0, b - origins[j]), piece_end)
    return start, max(start, end)
