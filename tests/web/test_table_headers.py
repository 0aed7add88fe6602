"""Every column of every table names what it holds: a screen reader reads the header to
each cell, and a sighted reader needs it for a column of links."""

import re
from pathlib import Path

import sanxiang

TEMPLATES = Path(sanxiang.__file__).parent
EMPTY_HEADER = re.compile(r"<th\b[^>]*>\s*</th>")


def test_no_table_column_goes_without_a_header():
    empty = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
             for path in TEMPLATES.rglob("*.html")
             for match in EMPTY_HEADER.finditer(path.read_text(encoding="utf-8"))]
    assert not empty, empty
