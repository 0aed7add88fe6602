"""Who looked at what (调阅, R-REC-06): every staff view of a protected record is logged.

For now the log goes to the ``sanxiang.access`` logger; the custody-log table that makes it
tamper-evident and searchable replaces the body of ``log_access`` later, keeping its
signature, so views already call the right thing.
"""

import logging

logger = logging.getLogger("sanxiang.access")


def log_access(user, obj, *, action: str = "view", reason: str = "") -> None:
    """Record that ``user`` performed ``action`` ("view", "download", "export") on ``obj``."""
    user_id = getattr(user, "pk", None)
    username = getattr(user, "get_username", lambda: "")()
    logger.info(
        "access user=%s(%s) action=%s subject=%s:%s reason=%s",
        user_id,
        username,
        action,
        obj._meta.label_lower,
        obj.pk,
        reason,
        extra={
            "access_user_id": user_id,
            "access_action": action,
            "access_subject_type": obj._meta.label_lower,
            "access_subject_id": str(obj.pk),
            "access_reason": reason,
        },
    )
