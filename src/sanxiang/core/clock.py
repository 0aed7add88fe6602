"""The platform's clock: the date and time the platform itself observes (R-CASE-15).

Dates the platform sees happen — a publication, a withdrawal, an early removal — are
stamped from here, never typed by a user. Only the platform's own loaders (the demo county,
an import of an earlier system's history) may replay a past moment, with ``replaying``: a
Python context, unreachable from a request, so no form or API call can move the clock.
Replayed moments are never in the future; the ledger still records the real time of
its entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time

from django.utils import timezone

_replayed: ContextVar[datetime | None] = ContextVar("sanxiang_replayed_moment", default=None)


def now() -> datetime:
    moment = _replayed.get()
    return moment if moment is not None else timezone.now()


def today() -> date:
    moment = _replayed.get()
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


def is_replaying() -> bool:
    return _replayed.get() is not None


@contextmanager
def replaying(moment: date | datetime) -> Iterator[None]:
    """Within the block the platform's clock reads ``moment`` (a loader replaying history)."""
    if not isinstance(moment, datetime):
        if moment > timezone.localdate():
            raise ValueError("the platform's clock cannot be set in the future")
        # A past day at office hours; today (at most) now.
        moment = min(timezone.make_aware(datetime.combine(moment, time(10, 0))),
                     timezone.now())
    elif timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ValueError("the platform's clock cannot be set in the future")
    token = _replayed.set(moment)
    try:
        yield
    finally:
        _replayed.reset(token)
