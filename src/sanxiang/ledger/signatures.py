"""Checkpoint signatures, Ed25519 and SM2 (GB/T 32918), without Django (R-REC-09, ADR 0022).

The platform signs with it (``checkpoints``), and every verifier that runs elsewhere checks
with it: the witness (``ledger witness``), ``verify_record`` and the offline case-file
verifier, which carries this file beside itself in every bundle as ``signatures.py``. So it
imports nothing of the platform's: Ed25519 comes from ``cryptography``; SM2 keys and
signatures are made with ``gmalg`` (pure Python, imported only to sign) and checked by the
few lines below, so a verifier needs no package beyond ``cryptography``.

SM2 as GB/T 32918.2 and GM/T 0009 fix it: the recommended 256-bit curve (GB/T 32918.5),
e = SM3(Z_A ‖ M) where Z_A hashes the default user ID "1234567812345678", the curve and the
public key; the signature is DER ``SEQUENCE {r INTEGER, s INTEGER}``; keys are PKCS#8 and
SubjectPublicKeyInfo PEM with id-ecPublicKey and the curve OID 1.2.156.10197.1.301, as
OpenSSL 3 writes them — an operator may make the key with ``openssl genpkey -algorithm SM2``
and anyone may check a signature with ``openssl dgst -sm3 -sigopt distid:1234567812345678``.

A checkpoint may carry several signatures (``SANXIANG_CHECKPOINT_SIGNATURE = "both"``): its
own fields ``signature_algorithm``/``key_id``/``signature``, the first, kept so verifiers
written before SM2 still read it, and ``signatures``, all of them. ``check`` verifies every
signature made with a key the verifier trusts: one that fails is a forgery, whatever the
others say; a signature with a key it does not know is left aside; at least one must hold.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
from dataclasses import dataclass, field

ED25519 = "ed25519"
SM2 = "sm2"
ALGORITHMS = (ED25519, SM2)
SM2_USER_ID = b"1234567812345678"  # GM/T 0009 §10: the default user ID
STATEMENT_HEADER = "sanxiang-ledger-checkpoint/v1"

# GB/T 32918.5 recommended curve: p, a, b and the order n.
_P = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFF
_A = _P - 3
_B = 0x28E9FA9E_9D9F5E34_4D5A9E4B_CF6509A7_F39789F5_15AB8F92_DDBCBD41_4D940E93
_N = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_7203DF6B_21C6052B_53BBF409_39D54123

_EC_PUBLIC_KEY_OID = bytes.fromhex("06072a8648ce3d0201")  # 1.2.840.10045.2.1
_SM2_CURVE_OID = bytes.fromhex("06082a811ccf5501822d")  # 1.2.156.10197.1.301


# --------------------------------------------------------------------------------------
# DER and PEM, just what the two key formats and the signature need


def _tlv(tag: int, body: bytes) -> bytes:
    size = len(body)
    if size < 0x80:
        return bytes([tag, size]) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + body


def _read(data: bytes, at: int = 0) -> tuple[int, bytes, int]:
    """(tag, body, offset after) of the DER element at ``at``; ValueError if cut short."""
    if at + 2 > len(data):
        raise ValueError("DER cut short")
    tag, size, at = data[at], data[at + 1], at + 2
    if size & 0x80:
        count = size & 0x7F
        if not 0 < count <= 2 or at + count > len(data):
            raise ValueError("DER length")
        size, at = int.from_bytes(data[at:at + count], "big"), at + count
    if at + size > len(data):
        raise ValueError("DER cut short")
    return tag, data[at:at + size], at + size


def _sequence(data: bytes) -> list[tuple[int, bytes]]:
    tag, body, end = _read(data)
    if tag != 0x30 or end != len(data):
        raise ValueError("not one DER SEQUENCE")
    items, at = [], 0
    while at < len(body):
        tag, value, at = _read(body, at)
        items.append((tag, value))
    return items


def _der_int(value: int) -> bytes:
    return _tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _int_of(tag: int, body: bytes) -> int:
    # DER: minimal, non-negative (a leading 0x00 only before a high bit).
    if tag != 0x02 or not body or body[0] & 0x80 or \
            (len(body) > 1 and body[0] == 0 and not body[1] & 0x80):
        raise ValueError("not a DER INTEGER")
    return int.from_bytes(body, "big")


def encode_sm2_signature(r: int, s: int) -> bytes:
    return _tlv(0x30, _der_int(r) + _der_int(s))


def decode_sm2_signature(der: bytes) -> tuple[int, int]:
    items = _sequence(der)
    if len(items) != 2:
        raise ValueError("an SM2 signature is two INTEGERs")
    return _int_of(*items[0]), _int_of(*items[1])


def _pem(label: str, der: bytes) -> bytes:
    text = base64.encodebytes(der).decode("ascii").replace("\n", "")
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return (f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"
            ).encode("ascii")


def _unpem(pem: bytes, label: str) -> bytes:
    text = pem.decode("ascii", "replace")
    begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
    if begin not in text or end not in text:
        raise ValueError(f"not a PEM {label}")
    body = text.split(begin, 1)[1].split(end, 1)[0]
    try:
        return base64.b64decode("".join(body.split()), validate=True)
    except binascii.Error:
        raise ValueError("PEM is not base64") from None


# --------------------------------------------------------------------------------------
# SM2 verification. Written here rather than taken from gmalg (which signs): three times
# faster (the portal checks a page of checkpoints, ``ledger verify`` all of them), and a
# third party checking a case file needs no package beyond ``cryptography`` (ADR 0022).
# Jacobian coordinates, both multiples in one pass (Shamir); nothing secret is handled.

_GX = 0x32C4AE2C_1F198119_5F990446_6A39C994_8FE30BBF_F2660BE1_715A4589_334C74C7
_GY = 0xBC3736A2_F4F6779C_59BDCEE3_6B692153_D0A9877C_C62A4740_02DF32E5_2139F0A0
_INFINITY = (1, 1, 0)


def _double(point):
    x, y, z = point
    if not z or not y:
        return _INFINITY
    yy, zz = y * y % _P, z * z % _P
    s = 4 * x * yy % _P
    m = 3 * (x - zz) * (x + zz) % _P  # 3x² + a·z⁴ with a = −3
    x3 = (m * m - 2 * s) % _P
    return x3, (m * (s - x3) - 8 * yy * yy) % _P, 2 * y * z % _P


def _add(p, q):
    if not p[2]:
        return q
    if not q[2]:
        return p
    z1z1, z2z2 = p[2] * p[2] % _P, q[2] * q[2] % _P
    u1, u2 = p[0] * z2z2 % _P, q[0] * z1z1 % _P
    s1, s2 = p[1] * q[2] * z2z2 % _P, q[1] * p[2] * z1z1 % _P
    if u1 == u2:
        return _double(p) if s1 == s2 else _INFINITY
    h, r = (u2 - u1) % _P, (s2 - s1) % _P
    hh = h * h % _P
    hhh, v = h * hh % _P, u1 * hh % _P
    x3 = (r * r - hhh - 2 * v) % _P
    return x3, (r * (v - x3) - s1 * hhh) % _P, p[2] * q[2] * h % _P


def _two_multiples(k1: int, k2: int, q) -> tuple:
    """k1·G + k2·Q."""
    g = (_GX, _GY, 1)
    table = (None, g, q, _add(g, q))
    total = _INFINITY
    for bit in range(max(k1.bit_length(), k2.bit_length()) - 1, -1, -1):
        total = _double(total)
        chosen = ((k1 >> bit) & 1) | (((k2 >> bit) & 1) << 1)
        if chosen:
            total = _add(total, table[chosen])
    return total


def _affine(point) -> bytes:
    """04‖x‖y of a Jacobian point (not infinity)."""
    inverse = pow(point[2], -1, _P)
    x, y = point[0] * inverse * inverse % _P, point[1] * inverse ** 3 % _P
    return b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")


@functools.lru_cache(maxsize=8)
def _sm2_public(secret: bytes) -> bytes:
    """d·G with the arithmetic above (a fifth of gmalg's time), kept: the platform asks for
    its public key on every page that publishes it. Tested against the standard's example
    key and against gmalg."""
    return _affine(_two_multiples(int.from_bytes(secret, "big"), 0, _INFINITY))


def sm2_z(public_raw: bytes, user_id: bytes = SM2_USER_ID) -> bytes:
    """Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A) (GB/T 32918.2 §5.5)."""
    fields = b"".join(v.to_bytes(32, "big") for v in (_A, _B, _GX, _GY))
    entl = (len(user_id) * 8).to_bytes(2, "big")
    return hashlib.new("sm3", entl + user_id + fields + public_raw[1:]).digest()


def sm2_verify(public_raw: bytes, r: int, s: int, message: bytes,
               user_id: bytes = SM2_USER_ID) -> bool:
    """GB/T 32918.2 §7: the signature (r, s) of ``message`` under the point 04‖x‖y."""
    if not _on_curve(public_raw) or not (0 < r < _N and 0 < s < _N):
        return False
    t = (r + s) % _N
    if not t:
        return False
    e = int.from_bytes(hashlib.new("sm3", sm2_z(public_raw, user_id) + message).digest(), "big")
    x, y = int.from_bytes(public_raw[1:33], "big"), int.from_bytes(public_raw[33:], "big")
    big_x, _big_y, z = _two_multiples(s, t, (x, y, 1))
    if not z:
        return False
    inverse = pow(z, -1, _P)
    return (e + big_x * inverse * inverse % _P) % _N == r


# --------------------------------------------------------------------------------------
# Keys


def _on_curve(point: bytes) -> bool:
    if len(point) != 65 or point[0] != 4:
        return False
    x, y = int.from_bytes(point[1:33], "big"), int.from_bytes(point[33:], "big")
    # The curve's cofactor is 1: a point on it other than infinity has order n.
    return x < _P and y < _P and (y * y - (x * x * x + _A * x + _B)) % _P == 0


@dataclass(frozen=True)
class PublicKey:
    """A checkpoint verification key: ``raw`` is the 32-byte Ed25519 key, or the SM2 point
    04‖x‖y (65 bytes); the key id is a digest of ``raw``."""

    algorithm: str
    raw: bytes

    def verify(self, signature: bytes, message: bytes) -> bool:
        if self.algorithm == ED25519:
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            try:
                Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
            except (InvalidSignature, ValueError):
                return False
            return True
        try:
            r, s = decode_sm2_signature(signature)
        except ValueError:
            return False
        return sm2_verify(self.raw, r, s, message)

    def pem(self) -> bytes:
        if self.algorithm == ED25519:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            return Ed25519PublicKey.from_public_bytes(self.raw).public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        algorithm = _tlv(0x30, _EC_PUBLIC_KEY_OID + _SM2_CURVE_OID)
        return _pem("PUBLIC KEY", _tlv(0x30, algorithm + _tlv(0x03, b"\x00" + self.raw)))

    def key_id(self, digest_algorithm: str) -> str:
        return f"{digest_algorithm}:{hashlib.new(digest_algorithm, self.raw).hexdigest()}"


@dataclass(frozen=True)
class PrivateKey:
    algorithm: str
    secret: bytes = field(repr=False)  # the Ed25519 seed, or the SM2 scalar d (32 bytes)

    def public_key(self) -> PublicKey:
        if self.algorithm == ED25519:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            raw = Ed25519PrivateKey.from_private_bytes(self.secret).public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return PublicKey(ED25519, raw)
        return PublicKey(SM2, _sm2_public(self.secret))

    def sign(self, message: bytes, *, _nonce=None) -> bytes:
        """The signature of ``message``; SM2's k comes from ``secrets`` (gmalg's default).
        ``_nonce`` fixes k, for the standard's known-answer test only."""
        if self.algorithm == ED25519:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            return Ed25519PrivateKey.from_private_bytes(self.secret).sign(message)
        import gmalg

        signer = gmalg.SM2(sk=self.secret, uid=SM2_USER_ID, pk=self.public_key().raw,
                           rnd_fn=(lambda _bits: _nonce) if _nonce else None)
        r, s = signer.sign(message)
        return encode_sm2_signature(int.from_bytes(r, "big"), int.from_bytes(s, "big"))

    def pem(self) -> bytes:
        if self.algorithm == ED25519:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

            return Ed25519PrivateKey.from_private_bytes(self.secret).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())
        # PKCS#8 around an RFC 5915 ECPrivateKey, as ``openssl genpkey -algorithm SM2``.
        ec_key = _tlv(0x30, _der_int(1) + _tlv(0x04, self.secret)
                      + _tlv(0xA1, _tlv(0x03, b"\x00" + self.public_key().raw)))
        algorithm = _tlv(0x30, _EC_PUBLIC_KEY_OID + _SM2_CURVE_OID)
        return _pem("PRIVATE KEY", _tlv(0x30, _der_int(0) + algorithm + _tlv(0x04, ec_key)))


def generate(algorithm: str) -> PrivateKey:
    if algorithm == ED25519:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        seed = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
            serialization.NoEncryption())
        return PrivateKey(ED25519, seed)
    if algorithm == SM2:
        import gmalg

        secret, _public = gmalg.SM2().generate_keypair()  # d from ``secrets``
        return PrivateKey(SM2, secret.rjust(32, b"\x00"))
    raise ValueError(f"unknown signature algorithm {algorithm!r}")


def _sm2_algorithm(items) -> bool:
    return bool(items) and items[0][0] == 0x30 and \
        items[0][1] == _EC_PUBLIC_KEY_OID + _SM2_CURVE_OID


def load_private(pem: bytes) -> PrivateKey:
    """An Ed25519 or SM2 private key from PKCS#8 PEM; ValueError for anything else."""
    der = _unpem(pem, "PRIVATE KEY")
    items = _sequence(der)
    if len(items) >= 3 and _sm2_algorithm(items[1:2]) and items[2][0] == 0x04:
        ec_key = _sequence(items[2][1])
        if len(ec_key) < 2 or _int_of(*ec_key[0]) != 1 or ec_key[1][0] != 0x04:
            raise ValueError("not an SM2 private key")
        secret = ec_key[1][1].rjust(32, b"\x00")
        if len(secret) != 32 or not 0 < int.from_bytes(secret, "big") < _N - 1:
            raise ValueError("SM2 private key out of range")
        return PrivateKey(SM2, secret)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (TypeError, ValueError):
        raise ValueError("not an Ed25519 or SM2 private key") from None
    except Exception as error:  # cryptography's UnsupportedAlgorithm
        raise ValueError(f"not an Ed25519 or SM2 private key ({error})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 or SM2 private key")
    return PrivateKey(ED25519, key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption()))


def load_public(pem: bytes) -> PublicKey:
    """An Ed25519 or SM2 public key from SubjectPublicKeyInfo PEM; ValueError otherwise."""
    der = _unpem(pem, "PUBLIC KEY")
    items = _sequence(der)
    if len(items) == 2 and _sm2_algorithm(items[:1]) and items[1][0] == 0x03:
        point = items[1][1][1:] if items[1][1][:1] == b"\x00" else b""
        if not _on_curve(point):
            raise ValueError("not a point of the SM2 curve")
        return PublicKey(SM2, point)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(pem)
    except Exception as error:  # ValueError, or cryptography's UnsupportedAlgorithm
        raise ValueError(f"not an Ed25519 or SM2 public key ({error})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 or SM2 public key")
    return PublicKey(ED25519, key.public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw))


# --------------------------------------------------------------------------------------
# Checkpoints


def statement(checkpoint: dict) -> bytes:
    """The signed bytes of a checkpoint as published (``checkpoints.statement``)."""
    return (f"{STATEMENT_HEADER}\n{checkpoint['tree_size']}\n{checkpoint['root']}\n"
            f"{checkpoint['signed_at']}\n").encode()


SIGNATURE_FIELDS = ("signature_algorithm", "key_id", "signature")


def listed(checkpoint: dict) -> list[dict]:
    """Every signature of a published checkpoint: its own fields first, then those of its
    ``signatures`` list not already named (so stripping one from the list hides nothing)."""
    found = []
    candidates = [checkpoint] + [s for s in checkpoint.get("signatures") or []
                                 if isinstance(s, dict)]
    for item in candidates:
        if "signature" not in item and item is checkpoint:
            continue
        entry = {k: str(item.get(k, "")) for k in SIGNATURE_FIELDS}
        if entry not in found:
            found.append(entry)
    return found


@dataclass
class Verdict:
    verified: list = field(default_factory=list)  # [(signature dict, PublicKey)]
    invalid: list = field(default_factory=list)  # [signature dict]: fails under a trusted key
    unknown: list = field(default_factory=list)  # [signature dict]: no trusted key has its id
    malformed: list = field(default_factory=list)  # [signature dict]: unreadable or unknown alg

    @property
    def ok(self) -> bool:
        return bool(self.verified) and not (self.invalid or self.malformed)


def algorithm_name(algorithm: str) -> str:
    return {ED25519: "Ed25519", SM2: "SM2"}.get(algorithm, algorithm)


def check(checkpoint: dict, keys: list[PublicKey]) -> Verdict:
    """Check each signature of ``checkpoint`` (a published dict) against ``keys``."""
    verdict = Verdict()
    message = statement(checkpoint)
    for item in listed(checkpoint):
        algorithm, key_id = item["signature_algorithm"], item["key_id"]
        digest_algorithm = key_id.partition(":")[0]
        try:
            signature = base64.b64decode(item["signature"], validate=True)
            if algorithm not in ALGORITHMS or digest_algorithm not in ("sm3", "sha256") \
                    or not signature:
                raise ValueError(algorithm)
        except (ValueError, binascii.Error):
            verdict.malformed.append(item)
            continue
        matching = [k for k in keys
                    if k.algorithm == algorithm and k.key_id(digest_algorithm) == key_id]
        if not matching:
            verdict.unknown.append(item)
            continue
        if matching[0].verify(signature, message):
            verdict.verified.append((item, matching[0]))
        else:
            verdict.invalid.append(item)
    return verdict
