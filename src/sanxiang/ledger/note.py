"""Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint), ADR 0032.

Without Django, like ``signatures`` (whose keys it uses): the portal serves the newest
checkpoint as a note at ``/ledger/checkpoint``, the witness checks it, and any verifier
that speaks the format (Go's ``golang.org/x/mod/sumdb/note``, the transparency-dev and
Sigsum tools) reads it with the verifier key published on the checkpoints page. A note::

    <origin>
    <tree size>
    <base64 of the raw Merkle root>

    — <key name> <base64(4-byte key ID ‖ signature)>

The text the signatures cover is the three lines, each ending in "\\n"; then one blank
line; then one signature line per key. The key name is the origin.

Signature types:

* ``0x01`` Ed25519 (RFC 8032) over the text, as the spec defines it; key ID =
  SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4]. Any C2SP verifier checks it.
* SM2 (GB/T 32918.2 with SM3 and the default user ID "1234567812345678") over the text,
  the signature as 64 bytes r ‖ s (big-endian, 32 each). **Not a registered C2SP type**:
  it uses the escape the spec reserves for unregistered types, the byte ``0xff``
  followed by the ASCII identifier ``sanxiang.ledger/sm2-sm3`` (``SM2_TYPE``), both in
  the key ID hash and in the verifier key. Verifiers that do not know it ignore the
  line, as the spec requires for unknown keys.

The root hash is the ledger's own: SM3 by default (``SANXIANG_DIGEST_ALGORITHM``), not
the SHA-256 that tlog-checkpoint assumes for RFC 6962 trees; a client that rebuilds the
root from the tiles (``/ledger/tile/``) must hash with the algorithm that
``/ledger/checkpoints.json`` names. The signed bytes do not depend on it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass, field

from sanxiang.ledger import signatures

DASH = "\u2014"  # em dash: every signature line starts with it and a space
ED25519_TYPE = b"\x01"
SM2_IDENTIFIER = b"sanxiang.ledger/sm2-sm3"
SM2_TYPE = b"\xff" + SM2_IDENTIFIER  # 0xff: "no identifier byte assigned" (signed-note)
TYPES = {signatures.ED25519: ED25519_TYPE, signatures.SM2: SM2_TYPE}
MAX_SIGNATURES = 100  # at least 16 must be accepted (signed-note); Go's own limit
MAX_BYTES = 1 << 20


class NoteError(ValueError):
    """Not a well-formed signed note or checkpoint (the message says why, in Chinese)."""


def check_name(name: str) -> str:
    """A key name (and origin): non-empty, no Unicode spaces, no "+" (signed-note)."""
    if not name or "+" in name or any(c.isspace() for c in name) or not name.isprintable():
        raise NoteError(f"签名密钥名称“{name}”无效：不能为空，不能含空白或“+”。")
    return name


def key_id(name: str, public: signatures.PublicKey) -> int:
    """SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] as a big-endian uint32."""
    data = name.encode() + b"\n" + TYPES[public.algorithm] + public.raw
    return int.from_bytes(hashlib.sha256(data).digest()[:4], "big")


def verifier_key(name: str, public: signatures.PublicKey) -> str:
    """``<name>+<hex key ID>+<base64(type ‖ public key)>``, the note-verifier format."""
    encoded = base64.b64encode(TYPES[public.algorithm] + public.raw).decode("ascii")
    return f"{check_name(name)}+{key_id(name, public):08x}+{encoded}"


def parse_verifier_key(text: str) -> tuple[str, signatures.PublicKey]:
    """(name, public key) of a verifier key of type Ed25519 or our SM2; NoteError else."""
    name, plus, rest = text.strip().partition("+")
    hexid, plus2, encoded = rest.partition("+")
    try:
        if not (plus and plus2 and len(hexid) == 8 and hexid == hexid.lower()):
            raise ValueError
        declared = int(hexid, 16)
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise NoteError(f"不是有效的验证公钥：{text[:80]}") from None
    check_name(name)
    if data[:1] == ED25519_TYPE and len(data) == 33:
        public = signatures.PublicKey(signatures.ED25519, data[1:])
    elif data.startswith(SM2_TYPE) and signatures._on_curve(data[len(SM2_TYPE):]):
        public = signatures.PublicKey(signatures.SM2, data[len(SM2_TYPE):])
    else:
        raise NoteError(f"验证公钥的签名类型不受支持：{text[:80]}")
    if key_id(name, public) != declared:
        raise NoteError(f"验证公钥的密钥标识与公钥不符：{text[:80]}")
    return name, public


def checkpoint_text(origin: str, tree_size: int, root: bytes) -> str:
    """The note text of a checkpoint (tlog-checkpoint): origin, size, base64 root."""
    if "\n" in origin or not origin.strip():
        raise NoteError("检查点的来源（origin）不能为空或含换行。")
    return f"{origin}\n{int(tree_size)}\n{base64.b64encode(root).decode('ascii')}\n"


def _raw_signature(key: signatures.PrivateKey, message: bytes) -> bytes:
    signature = key.sign(message)
    if key.algorithm == signatures.SM2:  # DER from ``signatures`` → fixed r ‖ s
        r, s = signatures.decode_sm2_signature(signature)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signature


def sign(text: str, name: str, keys: list[signatures.PrivateKey]) -> str:
    """The signed note of ``text`` with one line per key, all under the key name ``name``."""
    _check_text(text)
    check_name(name)
    lines = []
    for key in keys:
        ident = key_id(name, key.public_key()).to_bytes(4, "big")
        blob = ident + _raw_signature(key, text.encode())
        lines.append(f"{DASH} {name} {base64.b64encode(blob).decode('ascii')}\n")
    return text + "\n" + "".join(lines)


def _check_text(text: str) -> None:
    if not text.endswith("\n") or any(c < " " and c != "\n" for c in text):
        raise NoteError("签名文本必须以换行结尾，且不能含换行以外的控制字符。")


@dataclass(frozen=True)
class Line:
    name: str
    key_id: int
    signature: bytes  # without the key ID


@dataclass
class Opened:
    """A parsed note and what its signatures proved against the keys given."""

    text: str
    lines: list[Line]
    verified: list[tuple[Line, signatures.PublicKey]] = field(default_factory=list)
    invalid: list[tuple[Line, signatures.PublicKey]] = field(default_factory=list)
    unknown: list[Line] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Signed-note: one known key verifies, and no known key's signature fails."""
        return bool(self.verified) and not self.invalid


def parse(data: bytes | str) -> tuple[str, list[Line]]:
    """(text, signature lines) of a signed note; NoteError when malformed."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise NoteError("签名文本过大。")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError("签名文本不是有效的 UTF-8。") from None
    if any(c < " " and c != "\n" for c in data):
        raise NoteError("签名文本含换行以外的控制字符。")
    split = data.rfind("\n\n")
    if split < 0 or not data.endswith("\n"):
        raise NoteError("不是签名文本：缺少正文与签名之间的空行。")
    text, block = data[:split + 1], data[split + 2:]
    lines = []
    for raw in block[:-1].split("\n"):
        prefix, _, rest = raw.partition(" ")
        name, _, encoded = rest.partition(" ")
        try:
            if prefix != DASH or " " in encoded:
                raise ValueError
            blob = base64.b64decode(encoded, validate=True)
            if len(blob) < 5:
                raise ValueError
            check_name(name)
        except (ValueError, binascii.Error):
            raise NoteError(f"签名行格式无效：{raw[:80]}") from None
        lines.append(Line(name, int.from_bytes(blob[:4], "big"), blob[4:]))
    if not lines or len(lines) > MAX_SIGNATURES:
        raise NoteError("签名行的数量无效。")
    return text, lines


def _verify(public: signatures.PublicKey, signature: bytes, message: bytes) -> bool:
    if public.algorithm == signatures.SM2:
        if len(signature) != 64:
            return False
        return signatures.sm2_verify(public.raw, int.from_bytes(signature[:32], "big"),
                                     int.from_bytes(signature[32:], "big"), message)
    return public.verify(signature, message)


def open_note(data: bytes | str, keys: list[tuple[str, signatures.PublicKey]]) -> Opened:
    """Parse a note and check each line whose (name, key ID) is one of ``keys`` (pairs of
    key name and public key); lines of other keys are left aside (signed-note)."""
    text, lines = parse(data)
    known = {(name, key_id(name, public)): public for name, public in keys}
    opened = Opened(text, lines)
    message = text.encode()
    for line in lines:
        public = known.get((line.name, line.key_id))
        if public is None:
            opened.unknown.append(line)
        elif _verify(public, line.signature, message):
            opened.verified.append((line, public))
        else:
            opened.invalid.append((line, public))
    return opened


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root: bytes
    extensions: tuple[str, ...] = ()


def parse_checkpoint(text: str) -> Checkpoint:
    """The fields of a checkpoint's note text (tlog-checkpoint); NoteError when malformed."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or any(not line for line in lines[:-1]):
        raise NoteError("检查点正文至少三行，且每行非空。")
    origin, size, root = lines[:3]
    try:
        if not size.isascii() or not size.isdigit() or (size != "0" and size[0] == "0"):
            raise ValueError
        raw = base64.b64decode(root, validate=True)
        if base64.b64encode(raw).decode("ascii") != root:
            raise ValueError
    except (ValueError, binascii.Error):
        raise NoteError("检查点的规模或根哈希格式无效。") from None
    return Checkpoint(origin, int(size), raw, tuple(lines[3:-1]))
