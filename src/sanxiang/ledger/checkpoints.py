"""Signed checkpoints: the platform's signed statement of the ledger's size and root.

A checkpoint is published; whoever keeps one can later ask for a consistency proof that
the ledger only grew since, and check any record's inclusion proof against it.

Signing is Ed25519, SM2 (GB/T 32918) or both, as ``SANXIANG_CHECKPOINT_SIGNATURE`` says
(``signatures``, ADR 0022), each with a key kept outside the data directory when
``SANXIANG_LEDGER_KEY_FILE`` / ``SANXIANG_LEDGER_SM2_KEY_FILE`` (a PEM file) or ``…_FD`` (a
descriptor the operator opens, read once) is set — so whoever can edit the database cannot
also re-sign a rewritten ledger — else in ``DATA_DIR/keys`` (made on first use, mode 0600).
The key id is the digest of the raw public key. The signed bytes are::

    sanxiang-ledger-checkpoint/v1
    <tree size>
    <root, e.g. sm3:…>
    <signed at, UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ>

each line ending in "\\n". The same tree head is also signed as a C2SP signed note
(``note``, ADR 0032): origin, size and base64 root, with the same keys, kept in the row's
``note`` and served at ``/ledger/checkpoint`` for witnesses and tools of that ecosystem.
The signature covers the tree *before* the CHECKPOINT_SIGNED
event that records it; that event is appended afterwards and is covered by the next one.
The event's payload keeps the tree's frontier and last digest, so the next checkpoint
verifies and hashes only the entries added since, not the whole ledger.
"""

import base64
import contextlib
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.core import digests
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import Checkpoint, LedgerEvent, LedgerHead
from sanxiang.ledger import merkle, note, signatures
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role

ED25519, SM2 = signatures.ED25519, signatures.SM2
SIGNATURE_ALGORITHM = ED25519  # the first signature when both are made
STATEMENT_HEADER = signatures.STATEMENT_HEADER
PRIVATE_KEY_FILE = "ledger-ed25519.pem"
PUBLIC_KEY_FILE = "ledger-ed25519.pub"
KEY_FILES = {ED25519: (PRIVATE_KEY_FILE, PUBLIC_KEY_FILE),
             SM2: ("ledger-sm2.pem", "ledger-sm2.pub")}
# Settings naming a key kept outside the data directory: (file, descriptor).
KEY_SETTINGS = {ED25519: ("SANXIANG_LEDGER_KEY_FILE", "SANXIANG_LEDGER_KEY_FD"),
                SM2: ("SANXIANG_LEDGER_SM2_KEY_FILE", "SANXIANG_LEDGER_SM2_KEY_FD")}


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


def signing_algorithms() -> tuple[str, ...]:
    """The algorithms new checkpoints are signed with (``SANXIANG_CHECKPOINT_SIGNATURE``),
    the first one's signature in the checkpoint's own fields."""
    chosen = getattr(settings, "SANXIANG_CHECKPOINT_SIGNATURE", "both")
    return (ED25519, SM2) if chosen == "both" else (chosen,)


def _write_exclusive(path: Path, data: bytes, mode: int) -> None:
    """Write ``path`` unless it exists, atomically: two processes never mix two keys."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # Another process may have made one first; then theirs is the key.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink()


# A descriptor can be read once only: its key is kept (per algorithm).
_descriptor_key: bytes | None = None
_descriptor_sm2_key: bytes | None = None


def _configured_key(algorithm: str = ED25519) -> bytes | None:
    """The PEM of a key kept outside the data directory, or None."""
    global _descriptor_key, _descriptor_sm2_key
    file_setting, fd_setting = KEY_SETTINGS[algorithm]
    path = getattr(settings, file_setting, "")
    if path:
        return Path(path).read_bytes()
    descriptor = str(getattr(settings, fd_setting, "") or "")
    if not descriptor:
        return None
    kept = _descriptor_key if algorithm == ED25519 else _descriptor_sm2_key
    if kept is None:
        with os.fdopen(int(descriptor), "rb") as handle:
            kept = handle.read()
        if algorithm == ED25519:
            _descriptor_key = kept
        else:
            _descriptor_sm2_key = kept
    return kept


def _load_private(pem: bytes, where: str, algorithm: str = ED25519) -> signatures.PrivateKey:
    key = signatures.load_private(pem)
    if key.algorithm != algorithm:
        raise ValueError(f"{where} is not an {signatures.algorithm_name(algorithm)} private key")
    return key


def new_private_pem(algorithm: str = ED25519) -> bytes:
    return signatures.generate(algorithm).pem()


def signing_key(algorithm: str = ED25519) -> signatures.PrivateKey:
    """The platform's checkpoint key of ``algorithm``: the configured one, else
    DATA_DIR/keys (generated on first use, mode 0600; its public key beside it)."""
    file_setting = KEY_SETTINGS[algorithm][0]
    configured = _configured_key(algorithm)
    if configured is not None:
        return _load_private(configured, f"{file_setting}/FD", algorithm)
    private_name, public_name = KEY_FILES[algorithm]
    directory = keys_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / private_name
    if not path.exists():
        _write_exclusive(path, new_private_pem(algorithm), 0o600)
    key = _load_private(path.read_bytes(), str(path), algorithm)
    public = directory / public_name
    if not public.exists():
        _write_exclusive(public, key.public_key().pem(), 0o644)
    return key


def _wrap(public_key) -> signatures.PublicKey:
    """A ``signatures.PublicKey``; also takes a ``cryptography`` Ed25519 public key."""
    if isinstance(public_key, signatures.PublicKey):
        return public_key
    from cryptography.hazmat.primitives import serialization

    return signatures.PublicKey(ED25519, public_key.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_pem(public_key) -> bytes:
    return _wrap(public_key).pem()


def key_id(public_key, algorithm: str | None = None) -> str:
    algorithm = algorithm or settings.SANXIANG_DIGEST_ALGORITHM
    raw = _wrap(public_key).raw
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, raw))


def trusted_keys() -> list[signatures.PublicKey]:
    """Public keys whose checkpoints verify: every ``*.pub`` in the keys directory (Ed25519
    or SM2), and the public halves of the keys configured outside it.

    A retired key's ``.pub`` file stays there, so its old checkpoints keep verifying.
    """
    keys = []
    directory = keys_dir()
    if directory.is_dir():
        for path in sorted(directory.glob("*.pub")):
            with contextlib.suppress(ValueError):
                keys.append(signatures.load_public(path.read_bytes()))
    for algorithm in (ED25519, SM2):
        configured = _configured_key(algorithm)
        if configured is not None:
            public = _load_private(configured, f"{KEY_SETTINGS[algorithm][0]}/FD",
                                   algorithm).public_key()
            if public not in keys:
                keys.append(public)
    return keys


def statement(*, tree_size: int, root: str, signed_at) -> bytes:
    return (f"{STATEMENT_HEADER}\n{tree_size}\n{root}\n{ledger.format_time(signed_at)}\n"
            ).encode()


def origin() -> str:
    """The ledger's name in its signed notes (``SANXIANG_LEDGER_ORIGIN``)."""
    return note.check_name(settings.SANXIANG_LEDGER_ORIGIN)


def note_text(*, tree_size: int, root: str) -> str:
    """The text of the checkpoint's signed note (tlog-checkpoint)."""
    return note.checkpoint_text(origin(), tree_size, digests.parse_digest(root)[1])


def verifier_keys(name: str | None = None) -> list[str]:
    """The verifier keys (note-verifier format) of the trusted keys under ``name`` (the
    origin): the Ed25519 one standard, the SM2 one of our own unregistered type."""
    name = name or origin()
    return [note.verifier_key(name, key) for key in trusted_keys()]


def published(checkpoint: Checkpoint) -> dict:
    """The checkpoint as published (checkpoints.json, proofs, bundles): its own signature
    fields (the first signature), ``signatures``, every one, and ``note`` when it has
    one."""
    first = {"signature_algorithm": checkpoint.signature_algorithm,
             "key_id": checkpoint.key_id, "signature": checkpoint.signature}
    result = {"tree_size": checkpoint.tree_size, "root": checkpoint.root,
              "signed_at": ledger.format_time(checkpoint.signed_at), **first,
              "signatures": list(checkpoint.signatures or [first])}
    if checkpoint.note:
        result["note"] = checkpoint.note
    return result


def note_problem(checkpoint: Checkpoint, keys=None) -> str:
    """Why a checkpoint's signed note is wrong, in Chinese, or "" (also when it has none).

    The note must state the row's size and root, and every line made with a trusted key
    (under the note's own origin as key name) must verify, one at least.
    """
    if not checkpoint.note:
        return ""
    keys = trusted_keys() if keys is None else keys
    size = checkpoint.tree_size
    try:
        text, _lines = note.parse(checkpoint.note)
        stated = note.parse_checkpoint(text)
        if stated.tree_size != size or \
                stated.root != digests.parse_digest(checkpoint.root)[1]:
            return f"检查点（规模 {size}）的签名文本与检查点记录的规模或默克尔根不符。"
        opened = note.open_note(checkpoint.note, [(stated.origin, k) for k in keys])
    except (note.NoteError, ValueError):
        return f"检查点（规模 {size}）的签名文本格式无效。"
    if opened.invalid:
        names = "、".join(signatures.algorithm_name(k.algorithm) for _line, k in opened.invalid)
        return f"检查点（规模 {size}）签名文本的 {names} 签名无效：已被改动或是伪造的。"
    if not opened.verified:
        return f"检查点（规模 {size}）的签名文本没有信任密钥的签名。"
    return ""


def verdict(checkpoint: Checkpoint, keys=None) -> signatures.Verdict:
    keys = trusted_keys() if keys is None else keys
    return signatures.check(published(checkpoint), keys)


def verify_signature(checkpoint: Checkpoint, keys=None) -> bool | None:
    """True when every signature under a trusted key holds (and there is one); False when
    one fails or cannot be read; None when no trusted key has any of its key ids.

    ``keys``: ``trusted_keys()``, read once by a caller checking many checkpoints.
    """
    keys = trusted_keys() if keys is None else keys
    found = verdict(checkpoint, keys)
    if found.invalid or found.malformed or note_problem(checkpoint, keys):
        return False
    return True if found.verified else None


def problem(checkpoint: Checkpoint, keys=None) -> str:
    """Why a checkpoint's signatures do not verify, in Chinese, or ""."""
    keys = trusted_keys() if keys is None else keys
    found = verdict(checkpoint, keys)
    size = checkpoint.tree_size
    if found.malformed:
        names = "、".join(signatures.algorithm_name(s["signature_algorithm"])
                         for s in found.malformed)
        return f"检查点（规模 {size}）的签名（{names}）格式无效或算法无法核验。"
    if found.invalid:
        names = "、".join(signatures.algorithm_name(s["signature_algorithm"])
                         for s in found.invalid)
        return f"检查点（规模 {size}）的 {names} 签名无效：检查点已被改动或签名是伪造的。"
    if not found.verified:
        ids = "、".join(s["key_id"] for s in found.unknown)
        return f"检查点（规模 {size}）的签名密钥 {ids} 不在信任的密钥中。"
    return note_problem(checkpoint, keys)


def _require_admin(acting_user) -> None:
    if acting_user is None:
        return
    if acting_user.is_active and (acting_user.is_superuser or has_role(acting_user, Role.ADMIN)):
        return
    raise PermissionDenied(_("Only a system administrator may sign a ledger checkpoint."))


def _refuse(reason: str):
    return RuleViolation(
        code="R-REC-02",
        message=_("The ledger failed verification, so no checkpoint was signed: %(reason)s")
        % {"reason": reason},
    )


def _resume_from(checkpoint: Checkpoint | None, algorithm: str):
    """(tree size, frontier, last digest) to extend, taken from a checkpoint's event.

    The frontier is trusted only if the checkpoint's signature holds, the frontier folds
    to the signed root and the entry at the checkpoint's size still has the digest the
    event recorded. Otherwise the caller starts again from nothing.
    """
    if checkpoint is None or verify_signature(checkpoint) is not True:
        return None
    event = (LedgerEvent.objects.filter(kind=EventKind.CHECKPOINT_SIGNED,
                                        subject_type=Checkpoint._meta.label_lower,
                                        subject_id=str(checkpoint.pk))
             .order_by("seq").values_list("payload", flat=True).first())
    try:
        payload = json.loads(event) if event else {}
        size = int(payload["tree_size"])
        frontier = [bytes.fromhex(h) for h in payload["frontier"]]
        last_digest = payload["last_digest"]
    except (KeyError, TypeError, ValueError):
        return None
    if size != checkpoint.tree_size or len(frontier) != size.bit_count():
        return None
    root = digests.format_digest(algorithm, merkle.fold(algorithm, frontier))
    stored = LedgerEvent.objects.filter(seq=size).values_list("digest", flat=True).first()
    if root != checkpoint.root or stored != last_digest:
        return None
    return size, frontier, last_digest


def sign_checkpoint(*, acting_user=None) -> Checkpoint:
    """Sign the ledger as it stands and record it (a Checkpoint row and a ledger event).

    Entries since the previous checkpoint are verified first; a ledger that fails is not
    signed (R-REC-02). Returns the existing checkpoint if the ledger has not grown.
    """
    from sanxiang.ledger import verify as ledger_verify

    _require_admin(acting_user)
    size = LedgerHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    if size == 0:
        raise RuleViolation(code="R-REC-02",
                            message=_("The ledger is empty; there is nothing to sign."))
    existing = Checkpoint.objects.filter(tree_size=size).first()
    if existing is not None:
        return existing
    algorithm = ledger.ledger_algorithm()
    previous = Checkpoint.objects.filter(tree_size__lt=size).order_by("-tree_size").first()
    resume = _resume_from(previous, algorithm)
    if resume is not None:
        start, frontier, last_digest = resume
        marks = ()
    else:
        start, frontier, last_digest = 0, [], ledger.GENESIS
        marks = (previous.tree_size,) if previous is not None else ()
    report = ledger_verify.verify_range(start, size, algorithm=algorithm,
                                        expected_prev=last_digest, marks=marks,
                                        start_size=start, start_frontier=frontier)
    if report.failure is not None:
        raise _refuse(report.failure.message)
    if previous is not None and resume is None:
        at_previous = digests.format_digest(
            algorithm, merkle.fold(algorithm, report.marks[previous.tree_size]))
        if verify_signature(previous) is not True or at_previous != previous.root:
            raise _refuse(f"检查点（规模 {previous.tree_size}）与台账不符")

    root = digests.format_digest(algorithm, merkle.fold(algorithm, report.frontier))
    signed_at = timezone.now()
    message = statement(tree_size=size, root=root, signed_at=signed_at)
    made, keys = [], [signing_key(algorithm) for algorithm in signing_algorithms()]
    for key in keys:
        made.append({"signature_algorithm": key.algorithm, "key_id": key_id(key.public_key()),
                     "signature": base64.b64encode(key.sign(message)).decode("ascii")})
    first = made[0]
    signed_note = note.sign(note_text(tree_size=size, root=root), origin(), keys)
    try:
        with transaction.atomic():
            checkpoint = Checkpoint.objects.create(
                tree_size=size, root=root, signed_at=signed_at, signatures=made,
                note=signed_note, **first)
            ledger.append(
                kind=EventKind.CHECKPOINT_SIGNED, subject=checkpoint, actor=acting_user,
                payload={
                    "tree_size": size, "root": root,
                    "signed_at": ledger.format_time(signed_at), **first,
                    "signatures": made, "note": signed_note,
                    "last_digest": report.last_digest,
                    "frontier": [h.hex() for h in report.frontier],
                },
            )
    except IntegrityError:
        # Signed at the same moment by another process: one checkpoint per size.
        return Checkpoint.objects.get(tree_size=size)
    return checkpoint


def compare_with_held(held: dict) -> str:
    """Why the ledger disagrees with a checkpoint kept elsewhere, or "" when it agrees.

    ``held`` is a checkpoint as published (tree_size, root, signed_at, key id, signature):
    its signature must hold under a trusted key, the ledger must still have that many
    entries, and its Merkle root over them must be the signed root. So a ledger truncated
    and re-signed, or rewritten and re-chained (a fork), is named even when its own
    checkpoints were deleted or signed again.
    """
    from sanxiang.ledger import proofs

    try:
        size, root = int(held["tree_size"]), str(held["root"])
        row = Checkpoint(tree_size=size, root=root,
                         signed_at=datetime.strptime(held["signed_at"], ledger.TIME_FORMAT_TEXT
                                                     ).replace(tzinfo=UTC),
                         signature_algorithm=str(held.get("signature_algorithm")),
                         key_id=str(held["key_id"]), signature=str(held["signature"]),
                         signatures=[s for s in held.get("signatures") or []
                                     if isinstance(s, dict)],
                         note=str(held.get("note") or ""))
    except (KeyError, TypeError, ValueError, AttributeError):
        return "外部保存的检查点内容不完整或格式无效。"
    found = problem(row)
    if found:
        return "外部保存的" + found
    have = proofs.ledger_size()
    if have < size:
        return (f"台账被截短：外部保存的检查点（规模 {size}，签署于 {held['signed_at']}）"
                f"覆盖 {size} 条记录，本地台账只有 {have} 条。")
    if proofs.tree_root(size) != root:
        return (f"台账被改写（分叉）：前 {size} 条记录的默克尔根与外部保存的检查点"
                f"（签署于 {held['signed_at']}）不符。")
    return ""
