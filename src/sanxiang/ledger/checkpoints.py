"""Signed checkpoints: the platform's signed statement of the ledger's size and root.

A checkpoint is published; whoever keeps one can later ask for a consistency proof that
the ledger only grew since, and check any record's inclusion proof against it.

Signing is Ed25519 (``cryptography``) with a key kept outside the data directory when
``SANXIANG_LEDGER_KEY_FILE`` (a PEM file) or ``SANXIANG_LEDGER_KEY_FD`` (a descriptor the
operator opens, read once) is set — so whoever can edit the database cannot also re-sign
a rewritten ledger — else in ``DATA_DIR/keys`` (made on first use, mode 0600). The key id
is the digest of the raw public key. The signed bytes are::

    sanxiang-ledger-checkpoint/v1
    <tree size>
    <root, e.g. sm3:…>
    <signed at, UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ>

each line ending in "\\n". The signature covers the tree *before* the CHECKPOINT_SIGNED
event that records it; that event is appended afterwards and is covered by the next one.
The event's payload keeps the tree's frontier and last digest, so the next checkpoint
verifies and hashes only the entries added since, not the whole ledger.
"""

import base64
import binascii
import contextlib
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.core import digests
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import Checkpoint, LedgerEvent, LedgerHead
from sanxiang.ledger import merkle
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role

SIGNATURE_ALGORITHM = "ed25519"
STATEMENT_HEADER = "sanxiang-ledger-checkpoint/v1"
PRIVATE_KEY_FILE = "ledger-ed25519.pem"
PUBLIC_KEY_FILE = "ledger-ed25519.pub"


def keys_dir() -> Path:
    return Path(settings.DATA_DIR) / "keys"


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


_descriptor_key: bytes | None = None


def _configured_key() -> bytes | None:
    """The PEM of a key kept outside the data directory, or None."""
    global _descriptor_key
    path = getattr(settings, "SANXIANG_LEDGER_KEY_FILE", "")
    if path:
        return Path(path).read_bytes()
    descriptor = str(getattr(settings, "SANXIANG_LEDGER_KEY_FD", "") or "")
    if descriptor:
        if _descriptor_key is None:
            with os.fdopen(int(descriptor), "rb") as handle:
                _descriptor_key = handle.read()
        return _descriptor_key
    return None


def _load_private(pem: bytes, where: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{where} is not an Ed25519 private key")
    return key


def new_private_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())


def signing_key() -> Ed25519PrivateKey:
    """The platform's checkpoint key: the configured one, else DATA_DIR/keys (generated on
    first use)."""
    configured = _configured_key()
    if configured is not None:
        return _load_private(configured, "SANXIANG_LEDGER_KEY_FILE/FD")
    directory = keys_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / PRIVATE_KEY_FILE
    if not path.exists():
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_exclusive(path, pem, 0o600)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    public = directory / PUBLIC_KEY_FILE
    if not public.exists():
        _write_exclusive(public, public_pem(key.public_key()), 0o644)
    return key


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(public_key: Ed25519PublicKey, algorithm: str | None = None) -> str:
    algorithm = algorithm or settings.SANXIANG_DIGEST_ALGORITHM
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, raw))


def trusted_keys() -> list[Ed25519PublicKey]:
    """Public keys whose checkpoints verify: every ``*.pub`` in the keys directory.

    A retired key's ``.pub`` file stays there, so its old checkpoints keep verifying.
    """
    keys = []
    directory = keys_dir()
    if directory.is_dir():
        for path in sorted(directory.glob("*.pub")):
            key = serialization.load_pem_public_key(path.read_bytes())
            if isinstance(key, Ed25519PublicKey):
                keys.append(key)
    configured = _configured_key()
    if configured is not None:
        public = _load_private(configured, "SANXIANG_LEDGER_KEY_FILE/FD").public_key()
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        if all(k.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
               != raw for k in keys):
            keys.append(public)
    return keys


def statement(*, tree_size: int, root: str, signed_at) -> bytes:
    return (f"{STATEMENT_HEADER}\n{tree_size}\n{root}\n{ledger.format_time(signed_at)}\n"
            ).encode()


def verify_signature(checkpoint: Checkpoint, keys=None) -> bool | None:
    """True or False; None when no trusted key has the checkpoint's key id.

    ``keys``: ``trusted_keys()``, read once by a caller checking many checkpoints.
    """
    if checkpoint.signature_algorithm != SIGNATURE_ALGORITHM:
        return False
    algorithm = ledger.algorithm_of(checkpoint.key_id)
    if algorithm not in digests.ALGORITHMS:
        return False
    keys = trusted_keys() if keys is None else keys
    matching = [k for k in keys if key_id(k, algorithm) == checkpoint.key_id]
    if not matching:
        return None
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        matching[0].verify(signature, statement(tree_size=checkpoint.tree_size,
                                                root=checkpoint.root,
                                                signed_at=checkpoint.signed_at))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


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
    key = signing_key()
    signed_at = timezone.now()
    signature = base64.b64encode(
        key.sign(statement(tree_size=size, root=root, signed_at=signed_at))).decode("ascii")
    try:
        with transaction.atomic():
            checkpoint = Checkpoint.objects.create(
                tree_size=size, root=root, signed_at=signed_at,
                signature_algorithm=SIGNATURE_ALGORITHM, key_id=key_id(key.public_key()),
                signature=signature,
            )
            ledger.append(
                kind=EventKind.CHECKPOINT_SIGNED, subject=checkpoint, actor=acting_user,
                payload={
                    "tree_size": size, "root": root,
                    "signed_at": ledger.format_time(signed_at),
                    "signature_algorithm": SIGNATURE_ALGORITHM,
                    "key_id": checkpoint.key_id, "signature": signature,
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
                         key_id=str(held["key_id"]), signature=str(held["signature"]))
    except (KeyError, TypeError, ValueError):
        return "外部保存的检查点内容不完整或格式无效。"
    valid = verify_signature(row)
    if valid is None:
        return (f"外部保存的检查点（规模 {size}）的签名密钥 {row.key_id} 不在本机的信任密钥中。")
    if not valid:
        return f"外部保存的检查点（规模 {size}）的签名无效。"
    have = proofs.ledger_size()
    if have < size:
        return (f"台账被截短：外部保存的检查点（规模 {size}，签署于 {held['signed_at']}）"
                f"覆盖 {size} 条记录，本地台账只有 {have} 条。")
    if proofs.tree_root(size) != root:
        return (f"台账被改写（分叉）：前 {size} 条记录的默克尔根与外部保存的检查点"
                f"（签署于 {held['signed_at']}）不符。")
    return ""
