"""Who looked at what (调阅, R-REC-06): every staff view of a protected record is logged.

Each read is a row of ``AccessEntry`` (who, when, what, why), which the system
administrator searches in the admin; the same line also goes to the ``sanxiang.access``
logger (at INFO) for operators who ship logs elsewhere. An evidence original's views,
downloads and copies have their own custody log (``records.custody``).
"""

import logging

from django.db import transaction

from sanxiang import ledger
from sanxiang.core.models import AccessEntry
from sanxiang.ledger.entries import actor_display
from sanxiang.ledger.events import EventKind

logger = logging.getLogger("sanxiang.access")


def log_access(user, obj, *, action: str = "view", reason: str = "") -> None:
    """Record that ``user`` performed ``action`` ("view", "download", "export") on ``obj``."""
    _log(user, action, obj._meta.label_lower, str(obj.pk), reason)


def log_list_export(user, model, *, query: str) -> None:
    """Record that ``user`` exported a list of ``model`` rows, filtered by ``query`` (the
    request's query string): a spreadsheet of cases is read as surely as each case's page."""
    _log(user, "export", model._meta.label_lower, "*", query)


def _log(user, action: str, subject_type: str, subject_id: str, reason: str) -> None:
    user_id = getattr(user, "pk", None)
    username = getattr(user, "get_username", lambda: "")()
    with transaction.atomic():
        entry = AccessEntry.objects.create(
            user_id=user_id, user_name=actor_display(user)[:150],
            action=action, subject_type=subject_type[:60], subject_id=subject_id[:40],
            reason=str(reason)[:500])
        # The row is bound to the ledger by its own event (ADR 0075): a read erased by
        # hand, the append-only triggers dropped first, is then named by ``ledger verify
        # --state``. The payload holds no reason (a filter may quote personal data).
        ledger.append(kind=EventKind.ACCESS_RECORDED, subject=entry,
                      payload={"action": action, "subject_type": entry.subject_type},
                      actor=user if user_id is not None else None)
    logger.info(
        "access user=%s(%s) action=%s subject=%s:%s reason=%s",
        user_id,
        username,
        action,
        subject_type,
        subject_id,
        reason,
        extra={
            "access_user_id": user_id,
            "access_action": action,
            "access_subject_type": subject_type,
            "access_subject_id": subject_id,
            "access_reason": reason,
        },
    )
