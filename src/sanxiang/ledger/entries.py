"""The tamper-evident ledger: append, and the canonical bytes every entry is hashed from.

Each entry's digest is the RFC 6962 leaf hash H(0x00 ‖ canonical bytes); the canonical
bytes include the previous entry's digest, so entries form a chain as well as the leaves
of a Merkle tree (``sanxiang.ledger.merkle``). Appends lock ``LedgerHead`` first, so there
is exactly one writer at a time and the chain never forks. Verification lives in
``ledger_verify``, proofs in ``ledger_proofs``, signed checkpoints in ``checkpoints``.

Canonical bytes (version 1) — the nine fields below, in this order, as UTF-8 text joined
by the byte 0x1F (the ASCII unit separator)::

    seq             decimal
    recorded_at     UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ"
    actor_id        decimal, or "-" for the platform itself
    actor_name      text
    kind            decimal
    subject_type    text
    subject_id      text
    payload         canonical JSON text (sorted keys, no spaces, UTF-8 kept as is)
    prev_digest     the previous entry's digest, "genesis" for the first

No field may contain 0x1F (``append`` refuses it; JSON escapes it), so the separators are
exactly the 0x1F bytes and two different entries never share bytes. A separator instead
of a length prefix keeps the bytes cheap to rebuild inside the database, which is what
makes verification fast (see ``entry_bytes_sql``).
"""

import functools
import json
from contextlib import nullcontext
from datetime import UTC, datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from sanxiang.core import digests
from sanxiang.core.models import LedgerEvent, LedgerHead
from sanxiang.ledger import merkle, nodes, state, touch
from sanxiang.ledger.events import EventKind

GENESIS = "genesis"
SEPARATOR = "\x1f"
NO_ACTOR = "-"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
TIME_FORMAT_TEXT = _TIME_FORMAT  # for parsing a stated time back
_SELECT_HEAD = "SELECT size, last_digest FROM core_ledgerhead WHERE id = 1"
_SELECT_HEAD_FOR_UPDATE = "SELECT size, last_digest FROM core_ledgerhead WHERE id = 1 FOR UPDATE"
_PAYLOAD_ENCODER = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
)


def canonical_json(value) -> str:
    """JSON with sorted keys, no spaces, UTF-8 kept as is: one text for one value."""
    return _PAYLOAD_ENCODER.encode(value)


def _number(value) -> str:
    # Anything but an int (a text smuggled into an integer column on SQLite) gets a mark
    # that no real entry carries, so it can never rebuild the original bytes.
    if value is None:
        return NO_ACTOR
    if type(value) is int:
        return str(value)
    return f"x{value}"


def entry_bytes(*, seq, recorded_at, actor_id, actor_name, kind, subject_type, subject_id,
                payload, prev_digest) -> bytes:
    """The exact bytes an entry's leaf hash covers. Changing this breaks every old entry."""
    return SEPARATOR.join((
        _number(seq), recorded_at, _number(actor_id), str(actor_name), _number(kind),
        str(subject_type), str(subject_id), str(payload), str(prev_digest),
    )).encode("utf-8")


def entry_bytes_sql(vendor: str) -> str:
    """The same bytes as ``entry_bytes``, built by the database from one row.

    Verification reads these instead of nine columns: the database does the joining in C
    (or in its own process), which is most of the cost per row. Any row for which this
    differs from ``entry_bytes`` is re-checked through ``event_bytes`` before it is
    called bad, so the Python function stays the definition.
    """
    if vendor == "postgresql":
        recorded = "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        actor = f"coalesce(actor_id::text, '{NO_ACTOR}')"
        fields = ["seq::text", recorded, actor, "actor_name", "kind::text", "subject_type",
                  "subject_id", "payload", "prev_digest"]
        return f"convert_to(concat_ws(chr(31), {', '.join(fields)}), 'UTF8')"
    if vendor == "sqlite":
        # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC; anything else is marked.
        # replace() is exact here: a text without "T" whose spaces become "T" can give
        # the canonical time only if it is the stored text itself (or, as ever, the same
        # instant with ".000000" spelled out); and it costs a third of substr()'s.
        recorded = (
            "(CASE WHEN typeof(recorded_at) = 'text' AND instr(recorded_at, 'T') = 0"
            " THEN replace(recorded_at, ' ', 'T')"
            " || (CASE length(recorded_at) WHEN 19 THEN '.000000Z' ELSE 'Z' END)"
            " ELSE 'x' || recorded_at END)"
        )

        def number(column):
            return (f"(CASE typeof({column}) WHEN 'integer' THEN {column}"
                    f" WHEN 'null' THEN '{NO_ACTOR}' ELSE 'x' || {column} END)")

        fields = ["seq", recorded, number("actor_id"), "actor_name", number("kind"),
                  "subject_type", "subject_id", "payload", "prev_digest"]
        # A NULL smuggled into any column would make the whole value NULL: hash b"" then.
        return f"coalesce(CAST({' || char(31) || '.join(fields)} AS BLOB), X'')"
    raise NotImplementedError(f"the ledger does not support {vendor}")


def leaf_hash(algorithm: str, data: bytes) -> bytes:
    return merkle.hash_leaf(algorithm, data)


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
    # isoformat is several times faster than strftime; the same text for years ≥ 1000.
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def subject_of(subject) -> tuple[str, str]:
    if isinstance(subject, tuple):
        return subject[0], str(subject[1])
    return subject._meta.label_lower, str(subject.pk)


def algorithm_of(digest: str) -> str:
    return digest.partition(":")[0]


def ledger_algorithm() -> str:
    """The ledger's digest algorithm: its first entry's, or the setting for a new ledger.

    One ledger keeps one algorithm for life, because the Merkle tree's inner nodes need
    one; ``SANXIANG_DIGEST_ALGORITHM`` only chooses for a ledger that is still empty.
    """
    last = LedgerHead.objects.filter(pk=1).values_list("last_digest", flat=True).first()
    return algorithm_of(last) if last else settings.SANXIANG_DIGEST_ALGORITHM


# The algorithm the last append of this process found under the head's lock: the guess
# for the next one (checked again under the lock), which saves a query per append.
_last_used: str | None = None
# On a SQLite connection: (the driver's connection, its total_changes, size, last digest)
# after its last append (ADR 0056).
_CARRIED = "_sanxiang_ledger_carried"


def _carried_head(db) -> tuple[int, str] | None:
    """(size, last digest) this SQLite connection's last append left, if no row was
    written on the connection since (``total_changes`` counts every row an INSERT,
    UPDATE or DELETE changed, the temporary triggers' included); else None. Only a
    guess: ``_insert_and_advance`` checks it, and that no bound row is noted, under the
    write lock."""
    carried = getattr(db, _CARRIED, None)
    if carried is None or carried[0] is not db.connection \
            or carried[1] != db.connection.total_changes or not touch.prepare_session(db):
        return None
    return carried[2], carried[3]


def _checked_text(name: str, value: str, max_length: int) -> str:
    if SEPARATOR in value:
        raise ValueError(f"ledger {name} must not contain the 0x1F separator")
    if len(value) > max_length:
        raise ValueError(f"ledger {name} is longer than {max_length}: {value[:80]!r}")
    return value


def append(*, kind: EventKind, subject, payload: dict, actor=None,
           algorithm: str | None = None) -> LedgerEvent:
    """Append one event. Call it inside the action's transaction.

    ``subject`` is a saved model instance or a ``(type, id)`` pair; ``actor`` a user or
    ``None`` for the platform itself. ``algorithm`` is only for tests and tools: it must
    match the ledger's own once the ledger has entries.

    Inside the action's transaction no savepoint is made (two round trips fewer on
    PostgreSQL): every check that can refuse an append runs before its first write, and a
    database error after it fails the action's transaction, as it must. The head is read
    and locked, and
    the entry written, through the driver's own cursor (Django's wrappers and the
    ``connection`` proxy were most of an append's time beside the commit).
    """
    global _last_used
    subject_type, subject_id = subject_of(subject)
    subject_type = _checked_text("subject type", subject_type, 64)
    subject_id = _checked_text("subject id", subject_id, 64)
    actor_id = actor.pk if actor is not None else None
    actor_name = _checked_text("actor name", actor_display(actor)[:150], 150)
    db = connections[DEFAULT_DB_ALIAS]
    vendor = db.vendor
    own = nullcontext() if db.in_atomic_block else transaction.atomic(using=db.alias)
    with own:
        raw = _driver_cursor(db)
        try:
            # SQLite: the head this connection's last append left, when nothing was
            # written on the connection since (ADR 0056), is tried instead of reading it.
            # The write checks it under the lock, so a head that moved since (another
            # process, a rolled-back transaction) only costs a second try.
            carried = _carried_head(db) if vendor == "sqlite" and algorithm is None \
                else None
            while True:
                if carried is not None:
                    size, last_digest = carried
                    guess, bound, clean = algorithm_of(last_digest), None, True
                else:
                    size, last_digest, guess, bound, clean = _head_and_bound(
                        db, vendor, raw, subject_type, subject_id, algorithm)
                seq = size + 1
                prev = last_digest or GENESIS
                used = algorithm_of(last_digest) if last_digest else (
                    algorithm or settings.SANXIANG_DIGEST_ALGORITHM)
                if algorithm is not None and algorithm != used:
                    raise ValueError(f"this ledger uses {used}, not {algorithm}")
                _last_used = used
                if bound is not None and used != guess:  # the very first entries only
                    bound = state.changes(used, subject_type, subject_id)
                entry_payload = payload
                if bound is not None and bound[1]:
                    if state.PAYLOAD_KEY in payload:
                        raise ValueError(
                            f"ledger payload key {state.PAYLOAD_KEY!r} is reserved")
                    entry_payload = {**payload, state.PAYLOAD_KEY: state.bindings_digest(
                        used, [(b.label, b.row_id, b.digest) for b in bound[1]])}
                payload_text = canonical_json(entry_payload)
                # Microseconds are kept in the bytes, so the time stored must be exactly
                # that.
                recorded_at = datetime.now(UTC)
                data = entry_bytes(
                    seq=seq, recorded_at=format_time(recorded_at), actor_id=actor_id,
                    actor_name=actor_name, kind=int(kind), subject_type=subject_type,
                    subject_id=subject_id, payload=payload_text, prev_digest=prev,
                )
                leaf = leaf_hash(used, data)
                digest = digests.format_digest(used, leaf)
                if vendor == "sqlite" and db.timezone_name == "UTC":
                    # What Django's adapt_datetimefield_value gives, without its checks.
                    stored_at = str(recorded_at.replace(tzinfo=None))
                else:
                    stored_at = db.ops.adapt_datetimefield_value(recorded_at)
                if _insert_and_advance(vendor, raw, [
                        seq, stored_at, actor_id, actor_name, int(kind), subject_type,
                        subject_id, payload_text, prev, digest, seq, digest],
                        carried) is not False:
                    break
                carried = None  # the head moved: read it under the lock, build again
        except db.Database.Error:
            # The driver's errors come out as Django's, as through Django's cursor.
            with db.wrap_database_errors:
                raise
        finally:
            raw.close()
        if not seq & (nodes.BLOCK - 1) or (bound is not None and bound[1]):
            with db.cursor() as cursor:
                if not seq & (nodes.BLOCK - 1):  # one append in 256 completes subtrees
                    nodes.on_append(cursor, used, seq, leaf)
                if bound is not None and bound[1]:
                    state.write(cursor, seq, *bound)
        if vendor == "sqlite":
            # Carried only when this session had no bound rows noted: then the next append,
            # if nothing is written before it, can know the same without asking.
            setattr(db, _CARRIED, (db.connection, db.connection.total_changes, seq, digest)
                    if clean else None)
    # Positional, in field order: much cheaper than keyword construction.
    event = LedgerEvent(seq, recorded_at, actor_id, actor_name, int(kind), subject_type,
                        subject_id, payload_text, prev, digest)
    event._state.adding = False
    event._state.db = db.alias
    return event


def _head_and_bound(db, vendor, raw, subject_type, subject_id, algorithm):
    """Lock and read the head: (size, last digest, the algorithm guessed for the
    bindings, the bindings or None, whether SQLite's session had no bound row noted)."""
    # The rows the action wrote in the subject's aggregate (``state``); their digest
    # joins the payload, so the entry binds them.
    if vendor == "sqlite" and touch.prepare_session(db):
        # The write lock is held since BEGIN IMMEDIATE: one statement reads the head and
        # whether this session wrote any bound row at all.
        size, last_digest, wrote = _lock_head(db, raw, _SELECT_HEAD_AND_TOUCHED)
        guess = algorithm_of(last_digest) if last_digest else (
            algorithm or settings.SANXIANG_DIGEST_ALGORITHM)
        bound = state.changes(guess, subject_type, subject_id) if wrote else None
        return size, last_digest, guess, bound, not wrote
    elif vendor == "postgresql" and state.is_bound(subject_type) \
            and touch.prepare_session(db):
        # One round trip: the rows this transaction wrote, or, when it wrote none, the
        # head, locked. Otherwise the rows are read before the head is locked, so the
        # lock is held briefly.
        guess = algorithm or _last_used or ledger_algorithm()
        raw.execute(_PG_TOUCHED_OR_HEAD)
        written, head = {}, None
        for table, row_id, column, size, last_digest in raw.fetchall():
            if table is None:
                head = (size, last_digest)
            else:
                written.setdefault((table, int(row_id)), set()).add(column)
        bound = state.changes(guess, subject_type, subject_id, written=written) \
            if written else None
        if head is None:
            head = _lock_head(db, raw)
        size, last_digest = head[:2]
    else:
        guess = algorithm or _last_used or ledger_algorithm()
        bound = state.changes(guess, subject_type, subject_id)
        # The lock that makes appends one line (a row lock on PostgreSQL).
        size, last_digest = _lock_head(db, raw)[:2]
    return size, last_digest, guess, bound, False


_INSERT_EVENT = ("INSERT INTO core_ledgerevent (seq, recorded_at, actor_id, actor_name, kind,"
                 " subject_type, subject_id, payload, prev_digest, digest)"
                 " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
_ADVANCE_HEAD = "UPDATE core_ledgerhead SET size = %s, last_digest = %s WHERE id = 1"
# PostgreSQL: one statement, one round trip (a data-modifying WITH).
_PG_APPEND = f"WITH event AS ({_INSERT_EVENT}) {_ADVANCE_HEAD}"
_SQLITE_INSERT = _INSERT_EVENT.replace("%s", "?")
_SQLITE_ADVANCE = _ADVANCE_HEAD.replace("%s", "?")
_SQLITE_ADVANCE_IF = (  # constants only
    _SQLITE_ADVANCE + " AND size = ? AND last_digest = ?"  # noqa: S608
    f" AND NOT EXISTS (SELECT 1 FROM {touch.TOUCHED})")


def _driver_cursor(db):
    """The driver's own cursor for an append. On PostgreSQL one that binds on the server
    and prepares every statement it runs, once per connection, instead of sending it as
    text to be parsed and planned each time: Django's client-side cursors cannot prepare
    (and Django turns psycopg's automatic preparing off), and planning the two statements
    of an append cost more than running them."""
    if db.vendor == "postgresql":
        raw = db.connection
        if raw.prepare_threshold is None:
            # Django turns psycopg's preparing off (None, for connection poolers that
            # cannot keep prepared statements; this platform uses none). A threshold no
            # query reaches turns it back on only for statements that ask (prepare=True).
            raw.prepare_threshold = _ONLY_WHEN_ASKED
        return _preparing_cursor()(raw)
    return db.connection.cursor()


_ONLY_WHEN_ASKED = 2**31 - 1


@functools.cache
def _preparing_cursor():
    import psycopg

    class PreparingCursor(psycopg.Cursor):
        def execute(self, query, params=None, *, prepare=True, binary=None):
            return super().execute(query, params, prepare=prepare, binary=binary)

    return PreparingCursor


def _insert_and_advance(vendor: str, raw, params, expected=None) -> bool | None:
    """INSERT the entry and UPDATE the head (params: the entry's ten, then size and digest),
    through the driver's cursor ``raw``.

    With ``expected`` (SQLite: the head (size, last digest) the entry was built on, not
    read under this transaction's lock, and built binding no rows) the head is advanced
    only if it still says exactly that and this session has no bound row noted (which
    would have to be bound), and the entry written only then: False, nothing written,
    when not. The write lock (BEGIN IMMEDIATE) is held, so no other writer can move the
    head between this check and the INSERT.
    """
    if vendor == "sqlite" and expected is not None:
        raw.execute(_SQLITE_ADVANCE_IF, (*params[10:], *expected))
        if raw.rowcount != 1:
            return False
        raw.execute(_SQLITE_INSERT, params[:10])
        return True
    if vendor == "postgresql":
        raw.execute(_PG_APPEND, params)
    elif vendor == "sqlite":
        raw.execute(_SQLITE_INSERT, params[:10])
        raw.execute(_SQLITE_ADVANCE, params[10:])
    else:
        raw.execute(_INSERT_EVENT, params[:10])
        raw.execute(_ADVANCE_HEAD, params[10:])
    return None


_SELECT_HEAD_AND_TOUCHED = (  # constants only
    f"SELECT size, last_digest, EXISTS (SELECT 1 FROM {touch.TOUCHED})"  # noqa: S608
    " FROM core_ledgerhead WHERE id = 1")
# PostgreSQL: this transaction's notes of written rows (those of earlier transactions are
# dropped, as ``touch.touched``), or, when there are none, the head row, locked.
_PG_TOUCHED_OR_HEAD = (  # constants only
    f"WITH old AS (DELETE FROM {touch.TOUCHED} WHERE tx <> txid_current()),"  # noqa: S608
    f" t AS (SELECT DISTINCT tbl, id, col FROM {touch.TOUCHED} WHERE tx = txid_current())"
    " SELECT tbl, id, col, NULL::bigint, NULL::text FROM t"
    " UNION ALL SELECT NULL, NULL, NULL, h.size, h.last_digest FROM"
    " (SELECT size, last_digest FROM core_ledgerhead WHERE id = 1"
    "  AND NOT EXISTS (SELECT 1 FROM t) FOR UPDATE) AS h")


def _lock_head(db, raw, select: str | None = None) -> tuple:
    """Lock the head row (made on the first append) and return (size, last digest, …)."""
    if select is None:
        select = (_SELECT_HEAD_FOR_UPDATE if db.features.has_select_for_update
                  else _SELECT_HEAD)
    raw.execute(select)
    row = raw.fetchone()
    if row is None:
        # Two first appends at once: one inserts, the other waits for it and then locks it.
        raw.execute("INSERT INTO core_ledgerhead (id, size, last_digest) VALUES (1, 0, '')"
                    " ON CONFLICT (id) DO NOTHING")
        raw.execute(select)
        row = raw.fetchone()
    return row


def actor_display(actor) -> str:
    """The name a reader sees for who acted (ledger, custody and access records, the case
    file): the person's name, the account's login name only when it has none. The login
    name is no part of it: it is not what colleagues call the person, and the demo's
    accounts are named after their roles (康立飞（head）read as an English role code). Who
    it was exactly is the user id kept beside the name."""
    if actor is None:
        return "系统"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or actor.get_username()


def history(subject):
    """The ledger entries about one subject, oldest first (indexed)."""
    subject_type, subject_id = subject_of(subject)
    return LedgerEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by(
        "seq"
    )
