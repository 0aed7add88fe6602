"""Keyset (cursor) pagination: ``?after=<cursor>&limit=N``, no OFFSET scans.

A page is the first ``limit`` rows after the cursor in a fixed ascending order whose last
key is the primary key, so the order is total and a row is never skipped or repeated
while paging, whatever is inserted meanwhile. Put an index on the leading key of the order.

The cursor is opaque to callers: URL-safe base64 of the last row's key values as JSON.
A tampered cursor is a 422, never a 500 (its values are type-checked before use).

    page = keyset_page(Officer.objects.active(), order=("name", "pk"), types=(str, int),
                       after=after, limit=limit)
    page.items, page.next   # the rows; the cursor of the next page or None
"""

import base64
import binascii
import json
from dataclasses import dataclass

from django.db.models import Q

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class InvalidCursor(ValueError):
    """The ``after`` cursor was not one this API issued."""


@dataclass(frozen=True)
class Page:
    items: list
    next: str | None


def encode_cursor(values) -> str:
    data = json.dumps(list(values), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_cursor(text: str, types: tuple[type, ...]) -> tuple:
    try:
        padded = text + "=" * (-len(text) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as error:
        raise InvalidCursor(text) from error
    if not isinstance(values, list) or len(values) != len(types):
        raise InvalidCursor(text)
    for value, kind in zip(values, types, strict=True):
        # bool is an int to Python, never a key here.
        if not isinstance(value, kind) or isinstance(value, bool):
            raise InvalidCursor(text)
        if kind is int and not -(2**63) <= value < 2**63:
            raise InvalidCursor(text)  # no key is that large; the database cannot take it
    return tuple(values)


def _after(order: tuple[str, ...], values: tuple) -> Q:
    """(a, b, pk) > (x, y, z) as ``a > x OR (a = x AND b > y) OR (a = x AND b = y AND pk > z)``."""
    condition = Q()
    for i, field in enumerate(order):
        equal = {order[j]: values[j] for j in range(i)}
        condition |= Q(**equal, **{f"{field}__gt": values[i]})
    return condition


def keyset_page(queryset, *, order: tuple[str, ...], types: tuple[type, ...],
                after: str = "", limit: int = DEFAULT_LIMIT) -> Page:
    """One page of ``queryset`` ordered by ``order`` (ascending; last key unique)."""
    if after:
        queryset = queryset.filter(_after(order, decode_cursor(after, types)))
    rows = list(queryset.order_by(*order)[: limit + 1])
    items = rows[:limit]
    more = len(rows) > limit
    last = items[-1] if more else None
    # Rows may be model instances or ``values()`` dicts (which need the order's fields).
    values = ((last[f] for f in order) if isinstance(last, dict)
              else (getattr(last, f) for f in order))
    next_cursor = encode_cursor(values) if more else None
    return Page(items=items, next=next_cursor)
