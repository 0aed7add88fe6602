"""Checkpoints as C2SP signed notes (R-REC-09, ADR 0032).

The note served at /ledger/checkpoint is checked here by a second implementation of
c2sp.org/signed-note and c2sp.org/tlog-checkpoint written from the specifications and
independent of ``sanxiang.ledger.note``: it parses the note, recomputes the key ID from
the published verifier key, verifies the Ed25519 signature with ``cryptography`` and the
SM2 one with ``gmalg`` (not the platform's own SM2 verifier), and rebuilds the root from
the public tiles with its own RFC 6962 hashing. The Go reference implementation's known
answer (golang.org/x/mod/sumdb/note, the PeterNeumann example) pins the wire format.
"""

import base64
import hashlib

import gmalg
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sanxiang.core.models import Checkpoint
from sanxiang.ledger import checkpoints, note, signatures
from sanxiang.ledger import verify as ledger_verify

from .conftest import append_entries

# golang.org/x/mod/sumdb/note, package documentation and example_test.go.
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_NOTE = (GO_TEXT + "\n" + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNI"
           "uGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
SM2_TYPE = b"\xff" + b"sanxiang.ledger/sm2-sm3"  # documented on the checkpoints page


# -- the independent implementation ---------------------------------------------------


def spec_parse(data: bytes) -> tuple[bytes, list[tuple[str, bytes, bytes]]]:
    """(text, [(key name, 4-byte key ID, signature)]) per signed-note § Format."""
    data.decode("utf-8")  # must be UTF-8
    assert not any(b < 0x20 and b != 0x0A for b in data)
    cut = data.rindex(b"\n\n")
    text, block = data[:cut + 1], data[cut + 2:]
    assert block.endswith(b"\n")
    lines = []
    for line in block[:-1].split(b"\n"):
        assert line.startswith("\u2014 ".encode())
        name, encoded = line[len("\u2014 ".encode()):].decode().split(" ")
        assert name and "+" not in name
        blob = base64.b64decode(encoded, validate=True)
        lines.append((name, blob[:4], blob[4:]))
    return text, lines


def spec_vkey(vkey: str) -> tuple[str, bytes, bytes]:
    """(name, 4-byte key ID, type ‖ key) of a verifier key, its ID recomputed."""
    name, hexid, encoded = vkey.split("+", 2)
    material = base64.b64decode(encoded, validate=True)
    key_id = hashlib.sha256(name.encode() + b"\n" + material).digest()[:4]
    assert key_id.hex() == hexid, "the key ID is SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]"
    return name, key_id, material


def spec_verify(note_bytes: bytes, vkey: str) -> bytes:
    """The text, when the line of ``vkey`` verifies; AssertionError otherwise."""
    name, key_id, material = spec_vkey(vkey)
    text, lines = spec_parse(note_bytes)
    matching = [sig for n, i, sig in lines if (n, i) == (name, key_id)]
    assert len(matching) == 1, "one line of this key"
    if material[:1] == b"\x01":
        Ed25519PublicKey.from_public_bytes(material[1:]).verify(matching[0], text)
    else:
        assert material.startswith(SM2_TYPE)
        point, signature = material[len(SM2_TYPE):], matching[0]
        assert len(signature) == 64
        checker = gmalg.SM2(pk=point, uid=b"1234567812345678")
        assert checker.verify(text, signature[:32], signature[32:])
    return text


def spec_root(algorithm: str, leaves: list[bytes]) -> bytes:
    """RFC 6962 MTH over leaf hashes (already H(0x00 ‖ entry))."""
    if len(leaves) == 1:
        return leaves[0]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.new(algorithm, b"\x01" + spec_root(algorithm, leaves[:split])
                       + spec_root(algorithm, leaves[split:])).digest()


def tile_path(index: int) -> str:
    digits = f"{index:03d}"
    groups = [digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)][::-1]
    return "/".join([f"x{g}" for g in groups[:-1]] + [groups[-1]])


# -- the Go reference's known answer ----------------------------------------------------


def test_notes_are_the_go_reference_bytes_R_REC_09():
    seed = base64.b64decode(GO_SKEY.split("+", 4)[4])[1:]
    key = signatures.PrivateKey(signatures.ED25519, seed)
    assert note.verifier_key("PeterNeumann", key.public_key()) == GO_VKEY
    assert note.sign(GO_TEXT, "PeterNeumann", [key]) == GO_NOTE
    assert spec_verify(GO_NOTE.encode(), GO_VKEY) == GO_TEXT.encode()
    name, public = note.parse_verifier_key(GO_VKEY)
    opened = note.open_note(GO_NOTE, [(name, public)])
    assert opened.ok and opened.text == GO_TEXT


def test_a_changed_note_fails_and_unknown_keys_are_left_aside_R_REC_09():
    name, public = note.parse_verifier_key(GO_VKEY)
    changed = GO_NOTE.replace("cryptography", "cryptographY")
    opened = note.open_note(changed, [(name, public)])
    assert not opened.ok and opened.invalid
    with pytest.raises(InvalidSignature):
        spec_verify(changed.encode(), GO_VKEY)
    # Same name, another key: its line is unknown, not a failure (signed-note).
    other = signatures.generate(signatures.ED25519).public_key()
    opened = note.open_note(GO_NOTE, [(name, other)])
    assert not opened.ok and not opened.invalid and len(opened.unknown) == 1
    for bad in ("no blank line\n", GO_TEXT + "\n- PeterNeumann AAAA\n",
                GO_TEXT + "\n\u2014 Peter+Neumann x08go/ZJkuBS9UG/Sff=\n"):
        with pytest.raises(note.NoteError):
            note.parse(bad)


# -- the platform's checkpoint note -----------------------------------------------------


@pytest.fixture
def signed(ledger_entries, ledger_keys, settings):
    settings.SANXIANG_LEDGER_ORIGIN = "zhifa.example.gov.cn/ledger"
    append_entries(300, start=500)  # a full level-0 tile and a partial one
    return checkpoints.sign_checkpoint()


def test_the_newest_checkpoint_is_served_as_a_signed_note_R_REC_09(client, signed):
    response = client.get("/ledger/checkpoint")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == signed.note
    page = client.get("/ledger/checkpoints/")
    vkeys = dict(page.context["verifier_keys"])
    assert set(vkeys) == {"Ed25519", "SM2"}
    for vkey in vkeys.values():
        assert vkey in page.content.decode()
    listing = client.get("/ledger/checkpoints.json").json()["note"]
    assert listing["origin"] == "zhifa.example.gov.cn/ledger"
    assert sorted(listing["verifier_keys"]) == sorted(vkeys.values())

    # Both lines verify independently; the Ed25519 one is the standard type 0x01.
    for vkey in vkeys.values():
        text = spec_verify(response.content, vkey)
    assert vkeys["Ed25519"].startswith("zhifa.example.gov.cn/ledger+")
    assert base64.b64decode(vkeys["Ed25519"].split("+", 2)[2])[:1] == b"\x01"
    origin, size, root, empty = text.decode().split("\n")
    assert (origin, int(size), empty) == ("zhifa.example.gov.cn/ledger", signed.tree_size, "")
    assert base64.b64decode(root) == bytes.fromhex(signed.root.partition(":")[2])
    _text, lines = spec_parse(response.content)
    assert {name for name, _id, _sig in lines} == {origin}  # the key name is the origin

    # The root is the one the public tiles give (tlog-tiles, height 8).
    algorithm = signed.root.partition(":")[0]
    leaves = []
    for index in range(0, signed.tree_size, 256):
        width = min(256, signed.tree_size - index)
        path = tile_path(index // 256) + ("" if width == 256 else f".p/{width}")
        tile = client.get(f"/ledger/tile/0/{path}")
        assert tile.status_code == 200, path
        leaves += [tile.content[i:i + 32] for i in range(0, len(tile.content), 32)]
    assert len(leaves) == signed.tree_size
    assert spec_root(algorithm, leaves) == base64.b64decode(root)


def test_the_note_is_the_newest_checkpoints_R_REC_09(client, signed):
    append_entries(3, start=900)
    newer = checkpoints.sign_checkpoint()
    assert newer.tree_size > signed.tree_size
    assert client.get("/ledger/checkpoint").content.decode() == newer.note
    assert f"\n{newer.tree_size}\n" in newer.note


@pytest.mark.django_db
def test_no_note_before_the_first_checkpoint(client):
    response = client.get("/ledger/checkpoint")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_changed_note_fails_verification_R_REC_09(signed, ledger_unguarded):
    assert ledger_verify.verify().ok
    forged = signed.note.replace(f"\n{signed.tree_size}\n", f"\n{signed.tree_size - 1}\n")
    Checkpoint.objects.filter(pk=signed.pk).update(note=forged)
    result = ledger_verify.verify()
    assert result.problem == "checkpoint_signature"
    assert "签名文本" in result.message
    # A line re-signed by another key under the same name is no signature of the platform.
    text = signed.note.split("\n\n")[0] + "\n"
    stranger = note.sign(text, "zhifa.example.gov.cn/ledger",
                         [signatures.generate(signatures.ED25519)])
    Checkpoint.objects.filter(pk=signed.pk).update(note=stranger)
    assert ledger_verify.verify().problem == "checkpoint_signature"


def test_older_checkpoints_are_vouched_for_by_later_ones_R_REC_09(signed, ledger_unguarded):
    for start in (1000, 1010, 1020):
        append_entries(4, start=start)
        checkpoints.sign_checkpoint()
    result = ledger_verify.verify()
    assert result.ok and result.checkpoints == 4
    assert result.signatures_checked == 1  # the newest; the others match their events
    assert ledger_verify.verify(all_signatures=True).signatures_checked == 4
    # An older checkpoint's row changed: it no longer matches its event, so its own
    # signatures are checked and fail.
    older = Checkpoint.objects.order_by("tree_size")[1]
    signature = base64.b64encode(b"\x00" * 64).decode()
    Checkpoint.objects.filter(pk=older.pk).update(signature=signature)
    result = ledger_verify.verify()
    assert result.problem == "checkpoint_signature"
    assert str(older.tree_size) in result.message
