"""Keyset pagination for the directory and the public results (province scale: no COUNT,
no OFFSET). A page is the rows after a cursor taken from the last row shown; a cursor that
does not parse is a 404, never a 500."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.http import Http404


@dataclass
class Page:
    rows: list
    next_cursor: str
    first: bool  # no cursor given: the first page

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def _page(rows, size: int, cursor_of, first: bool) -> Page:
    rows = list(rows[:size + 1])
    cursor = ""
    if len(rows) > size:
        rows = rows[:size]
        cursor = cursor_of(rows[-1])
    return Page(rows, cursor, first)


def by_code(rows, after: str, size: int) -> Page:
    """Directory rows by their code, ascending."""
    after = (after or "")[:20]
    if after:
        rows = rows.filter(code__gt=after)
    return _page(rows.order_by("code"), size, lambda row: row.code, not after)


def by_publication(rows, after: str, size: int) -> Page:
    """Published results, newest publication first: cursor "YYYY-MM-DD_id"."""
    if after:
        try:
            on, pk = after.split("_")
            on, pk = date.fromisoformat(on), int(pk)
        except ValueError:
            raise Http404 from None
        rows = rows.filter(Q(published_on__lt=on) | Q(published_on=on, pk__lt=pk))
    return _page(rows.order_by("-published_on", "-id"), size,
                 lambda row: f"{row.published_on.isoformat()}_{row.pk}", not after)
