"""Bounded number types for API inputs: what the database can hold, nothing larger.

A plain ``int`` lets JSON's ``1e20`` or a path's ``99999999999999999999`` through to a
query, where SQLite raises ``OverflowError`` and PostgreSQL "integer out of range" — a 500.
These types make such values a 422 with a Chinese message before any query runs.
"""

from typing import Annotated

from ninja import Field, Path

from sanxiang.core.parsing import MAX_BIGINT

# A record's ID in a body or a query.
Id = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
# A record's ID in the path (``/{int:pk}``).
PathId = Annotated[int, Path(ge=1, le=MAX_BIGINT)]
# A small count or version number.
Count = Annotated[int, Field(ge=0, le=2 ** 31 - 1)]
