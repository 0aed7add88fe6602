"""The tamper-evident ledger: append, and the canonical bytes every entry is hashed from.

Each entry's digest is the RFC 6962 leaf hash H(0x00 ‖ canonical bytes); the canonical
bytes include the previous entry's digest, so entries form a chain as well as the leaves
of a Merkle tree (``sanxiang.core.merkle``). Appends lock ``LedgerHead`` first, so there
is exactly one writer at a time and the chain never forks.
"""

import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from sanxiang.core import digests
from sanxiang.core.events import EventKind
from sanxiang.core.models import LedgerEvent, LedgerHead

GENESIS = "genesis"


def canonical_json(value) -> str:
    """JSON with sorted keys, no spaces, UTF-8 kept as is: one text for one value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def entry_bytes(*, seq, recorded_at, actor_id, actor_name, kind, subject_type, subject_id,
                payload, prev_digest) -> bytes:
    """The exact bytes an entry's leaf hash covers. Changing this breaks every old entry."""
    return canonical_json(
        [seq, recorded_at, actor_id, actor_name, kind, subject_type, subject_id, payload,
         prev_digest]
    ).encode("utf-8")


def leaf_hash(algorithm: str, data: bytes) -> bytes:
    return digests.digest_bytes(algorithm, b"\x00" + data)


def event_bytes(event: LedgerEvent) -> bytes:
    return entry_bytes(
        seq=event.seq,
        recorded_at=format_time(event.recorded_at),
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        kind=event.kind,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        payload=event.payload,
        prev_digest=event.prev_digest,
    )


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def subject_of(subject) -> tuple[str, str]:
    if isinstance(subject, tuple):
        return subject[0], str(subject[1])
    return subject._meta.label_lower, str(subject.pk)


def append(*, kind: EventKind, subject, payload: dict, actor=None,
           algorithm: str | None = None) -> LedgerEvent:
    """Append one event. Call it inside the action's transaction.

    ``subject`` is a saved model instance or a ``(type, id)`` pair; ``actor`` a user or
    ``None`` for the platform itself.
    """
    algorithm = algorithm or settings.SANXIANG_DIGEST_ALGORITHM
    with transaction.atomic():
        head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
        seq = head.size + 1
        prev = head.last_digest or GENESIS
        # Microseconds are kept in the bytes, so the time stored must be exactly that.
        recorded_at = datetime.now(UTC)
        actor_id = actor.pk if actor is not None else None
        actor_name = actor_display(actor)
        subject_type, subject_id = subject_of(subject)
        payload_text = canonical_json(payload)
        data = entry_bytes(
            seq=seq, recorded_at=format_time(recorded_at), actor_id=actor_id,
            actor_name=actor_name, kind=int(kind), subject_type=subject_type,
            subject_id=subject_id, payload=payload_text, prev_digest=prev,
        )
        digest = digests.format_digest(algorithm, leaf_hash(algorithm, data))
        event = LedgerEvent.objects.create(
            seq=seq, recorded_at=recorded_at, actor_id=actor_id, actor_name=actor_name,
            kind=int(kind), subject_type=subject_type, subject_id=subject_id,
            payload=payload_text, prev_digest=prev, digest=digest,
        )
        head.size = seq
        head.last_digest = digest
        head.save(update_fields=["size", "last_digest"])
    return event


def actor_display(actor) -> str:
    if actor is None:
        return "系统"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full}（{actor.get_username()}）" if full else actor.get_username()


def history(subject):
    """The ledger entries about one subject, oldest first (indexed)."""
    subject_type, subject_id = subject_of(subject)
    return LedgerEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by(
        "seq"
    )
