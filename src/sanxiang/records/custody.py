"""The custody log (调阅记录, R-REC-06): who viewed, downloaded, exported or copied what, and why.

``log_access`` is the only writer; rows are never changed. ``entries`` is the supervisors'
query, newest first, keyset-paginated on (time, id) so deep pages cost the same as the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.core import client
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.parsing import parse_id
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role
from sanxiang.records.models import REASON_MAX_LENGTH, CustodyEntry

PAGE_SIZE = 50
SESSION_VIEWINGS = "records_viewings"
DEFAULT_VIEWING_MINUTES = 30


def _address(request) -> str | None:
    return client.address(request)


def log_access(*, user, action: str, reason: str, evidence=None, document=None, case=None,
               request=None) -> CustodyEntry:
    if action not in CustodyEntry.Action.values:
        raise ValueError(f"unknown custody action {action!r}")
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("R-REC-06", _("R-REC-06: give the reason for looking at this "
                                          "record."), field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise RuleViolation("R-REC-06", _(
            "R-REC-06: the reason runs to %(length)s characters; the custody log keeps it "
            "whole, so write it in %(limit)s characters at most.") % {
                "length": len(reason), "limit": REASON_MAX_LENGTH}, field="reason")
    if evidence is not None:
        case = evidence.case
    elif document is not None:
        case = document.case
    if case is None:
        raise ValueError("a custody entry needs a case, evidence or document")
    with transaction.atomic():
        entry = CustodyEntry.objects.create(
            user=user, user_name=ledger.actor_display(user)[:150], action=action, case=case,
            evidence=evidence, document=document, reason=reason,
            address=_address(request))
        # Bound to the ledger by its own event (ADR 0075): an entry
        # erased or rewritten by hand is named by ``ledger verify --state``.
        ledger.append(kind=EventKind.CUSTODY_RECORDED, subject=entry,
                      payload={"action": action, "case": case.pk}, actor=user)
    return entry


def viewing_minutes() -> int:
    return int(getattr(settings, "SANXIANG_CUSTODY_VIEWING_MINUTES", DEFAULT_VIEWING_MINUTES))


def log_viewing(request, *, evidence, reason: str) -> CustodyEntry | None:
    """Log a viewing session of ``evidence`` (R-REC-06): its first request of any Range.

    A player asks for an original in many Range requests (seeking starts anywhere, not at
    byte 0). The first request that hands out bytes writes the entry; the following ones
    of the same session — same browser session, same reason, each within the viewing
    minutes of the one before — do not. A new reason, or a pause longer than that, starts
    a new session and a new entry.
    """
    now = timezone.now()
    viewings = dict(request.session.get(SESSION_VIEWINGS) or {})
    key = str(evidence.pk)
    last = viewings.get(key) or {}
    seen = parse_datetime(last.get("at", "")) if last.get("at") else None
    entry = None
    if (last.get("reason") != reason or seen is None
            or now - seen > timedelta(minutes=viewing_minutes())):
        entry = log_access(user=request.user, action=CustodyEntry.Action.VIEW, reason=reason,
                           evidence=evidence, request=request)
    viewings[key] = {"reason": reason, "at": now.isoformat()}
    request.session[SESSION_VIEWINGS] = viewings
    return entry


def end_viewing(request, evidence) -> None:
    """The user gave a new reason: the next request starts a new viewing session."""
    viewings = dict(request.session.get(SESSION_VIEWINGS) or {})
    if viewings.pop(str(evidence.pk), None) is not None:
        request.session[SESSION_VIEWINGS] = viewings


def may_read_log(user) -> bool:
    return bool(user.is_authenticated and (
        user.is_superuser or has_role(user, Role.SUPERVISOR, Role.HEAD, Role.ADMIN)))


@dataclass
class Page:
    entries: list
    next_cursor: str  # "" on the last page


def cursor_of(entry: CustodyEntry) -> str:
    return f"{entry.at.isoformat()}|{entry.pk}"


def _parse_cursor(cursor: str) -> tuple[datetime, int] | None:
    """The (time, id) of a cursor this page issued; anything else is no cursor (the first
    page), never an error: "2026-13-45", a naive time, "²" or a huge id included."""
    moment, _sep, pk = (cursor or "")[:80].partition("|")
    try:
        at = parse_datetime(moment) if moment else None
    except ValueError:  # the shape of a date and time, but not a real one
        return None
    if at is None or timezone.is_naive(at) or parse_id(pk) is None:
        return None
    return at, parse_id(pk)


def entries(*, viewer, case=None, evidence=None, user=None, since=None, until=None,
            cursor: str = "", limit: int = PAGE_SIZE) -> Page:
    """Entries the viewer may see (supervisors and heads), filtered, newest first."""
    from django.db.models import Q

    if not may_read_log(viewer):
        raise PermissionDenied(_("Only supervisors and heads may read the custody log."))
    qs = CustodyEntry.objects.visible_to(viewer).select_related("case", "evidence")
    if case is not None:
        qs = qs.filter(case=case)
    if evidence is not None:
        qs = qs.filter(evidence=evidence)
    if user is not None:
        qs = qs.filter(user=user)
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    after = _parse_cursor(cursor)
    if after is not None:
        at, pk = after
        qs = qs.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
    rows = list(qs.order_by("-at", "-pk")[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(entries=rows, next_cursor=cursor_of(rows[-1]) if more and rows else "")
