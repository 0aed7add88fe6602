"""Digests carry their algorithm: ``sm3:<hex>`` or ``sha256:<hex>``.

SM3 (GB/T 32905) comes from OpenSSL through ``hashlib``; SHA-256 is the alternative.
"""

import hashlib

ALGORITHMS = ("sm3", "sha256")


def new(algorithm: str):
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown digest algorithm {algorithm!r}")
    return hashlib.new(algorithm)


def digest_bytes(algorithm: str, data: bytes) -> bytes:
    h = new(algorithm)
    h.update(data)
    return h.digest()


def format_digest(algorithm: str, raw: bytes) -> str:
    return f"{algorithm}:{raw.hex()}"


def parse_digest(text: str) -> tuple[str, bytes]:
    algorithm, _, hexdigits = text.partition(":")
    if algorithm not in ALGORITHMS or not hexdigits:
        raise ValueError(f"not a digest: {text!r}")
    return algorithm, bytes.fromhex(hexdigits)
