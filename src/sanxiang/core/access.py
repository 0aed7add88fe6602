"""Who looked at what (调阅, R-REC-06): every staff view of a protected record is logged.

For now the log goes to the ``sanxiang.access`` logger; the custody-log table that makes it
tamper-evident and searchable replaces the body of ``log_access`` later, keeping its
signature, so views already call the right thing.
"""

import logging

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
