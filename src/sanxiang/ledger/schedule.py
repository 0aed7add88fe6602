"""Periodic checkpoints: sign one when the ledger has grown and the last is old enough.

Run ``sign_if_due()`` from a scheduled job (cron, the task worker) as often as you like:
it signs at most one checkpoint per ``SANXIANG_CHECKPOINT_MINUTES`` (default 60), and
none while the only entry since the last checkpoint is that checkpoint's own record, so
an idle ledger is not signed again and again. Each signed checkpoint is published on the
portal (/ledger/checkpoints/).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from sanxiang.core.models import Checkpoint, LedgerEvent, LedgerHead
from sanxiang.ledger import checkpoints
from sanxiang.ledger.events import EventKind

DEFAULT_MINUTES = 60


def interval() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "SANXIANG_CHECKPOINT_MINUTES",
                                         DEFAULT_MINUTES)))


def grown_since(checkpoint: Checkpoint | None) -> bool:
    """Entries other than checkpoint records were appended after ``checkpoint``."""
    size = LedgerHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    if checkpoint is None:
        return size > 0
    if size <= checkpoint.tree_size:
        return False
    # The primary key is seq: this reads the few newest entries only.
    return (LedgerEvent.objects.filter(seq__gt=checkpoint.tree_size)
            .exclude(kind=EventKind.CHECKPOINT_SIGNED).exists())


def sign_if_due(now=None) -> Checkpoint | None:
    """Sign a checkpoint if one is due; the new checkpoint, or None when none was."""
    now = now or timezone.now()
    latest = Checkpoint.objects.order_by("-tree_size").first()
    if latest is not None and now - latest.signed_at < interval():
        return None
    if not grown_since(latest):
        return None
    return checkpoints.sign_checkpoint(acting_user=None)
