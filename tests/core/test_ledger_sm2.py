"""SM2 checkpoint signatures (GB/T 32918, ADR 0022) beside Ed25519 (R-REC-02, R-REC-09).

The algorithm against the standard's own examples and against OpenSSL; then each verifier
of checkpoints — ``ledger verify``, ``ledger verify --checkpoint FILE``, the witness —
accepts an SM2-signed checkpoint and names, in Chinese, one whose SM2 signature or content
was changed by a single byte.
"""

import base64
import json
import shutil
import stat
import subprocess
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from sanxiang.core.models import Checkpoint
from sanxiang.ledger import checkpoints, signatures, witness
from sanxiang.ledger import verify as ledger_verify

pytestmark = pytest.mark.django_db
PORTAL = "http://testserver/"

MESSAGE = b"message digest"
# GB/T 32918.5-2017 (= GM/T 0003.5-2012) annex A: the recommended curve, the default
# user ID 1234567812345678, this key, this k, this (r, s).
RECOMMENDED = {
    "d": 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8,
    "k": 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21,
    "x": 0x09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020,
    "r": 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3,
    "s": 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA,
}


def flip(text: str, at: int = 10) -> str:
    """The base64 ``text`` with one byte of what it encodes flipped."""
    raw = bytearray(base64.b64decode(text))
    raw[at] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def test_known_answer_of_the_standard_R_REC_02():
    key = signatures.PrivateKey(signatures.SM2, RECOMMENDED["d"].to_bytes(32, "big"))
    public = key.public_key()
    assert int.from_bytes(public.raw[1:33], "big") == RECOMMENDED["x"]
    # Signing with the standard's k gives the standard's (r, s) …
    signed = key.sign(MESSAGE, _nonce=RECOMMENDED["k"])
    assert signatures.decode_sm2_signature(signed) == (RECOMMENDED["r"], RECOMMENDED["s"])
    # … and the platform's own verifier accepts it, and nothing else.
    assert public.verify(signed, MESSAGE)
    assert not public.verify(signed, MESSAGE + b".")
    wrong = signatures.encode_sm2_signature(RECOMMENDED["r"], RECOMMENDED["s"] + 1)
    assert not public.verify(wrong, MESSAGE)
    assert not public.verify(signed[:-1], MESSAGE)


def test_known_answer_of_the_example_curve_R_REC_02():
    """GB/T 32918.2 annex A's example (its own 256-bit curve, ID ALICE123@YAHOO.COM), run
    through gmalg's core with that curve: the package signs as the standard says."""
    from gmalg import ellipticcurve
    from gmalg.sm2 import SM2Core
    from gmalg.sm3 import SM3

    curve = ellipticcurve.ECDLP(
        0x8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3,
        0x787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498,
        0x63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A,
        (0x421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D,
         0x0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2),
        0x8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7)
    k = 0x6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F
    core = SM2Core(curve, SM3(), rnd_fn=lambda _bits: k)
    d = 0x128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263
    assert core.sign(MESSAGE, d, b"ALICE123@YAHOO.COM") == (
        0x40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1,
        0x6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7)


def test_own_arithmetic_agrees_with_gmalg_R_REC_02():
    import gmalg

    key = signatures.generate(signatures.SM2)
    raw = key.public_key().raw
    assert raw == gmalg.SM2().generate_pk(key.secret)  # d·G, ours and the package's
    for index in range(4):
        message = f"sanxiang-ledger-checkpoint/v1\n{index}\n".encode()
        r, s = signatures.decode_sm2_signature(key.sign(message))
        checker = gmalg.SM2(pk=raw, uid=signatures.SM2_USER_ID)
        for candidate in (s, s ^ 1):
            assert signatures.sm2_verify(raw, r, candidate, message) == checker.verify(
                message, r.to_bytes(32, "big"), candidate.to_bytes(32, "big"))


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command")
def test_openssl_checks_our_signature_and_we_check_its_R_REC_02(tmp_path):
    """An independent implementation (OpenSSL 3's SM2) both ways, with the key files as
    the platform writes them."""
    probe = subprocess.run(["openssl", "list", "-public-key-algorithms"],
                           capture_output=True, text=True)
    if "SM2" not in probe.stdout:
        pytest.skip("this OpenSSL has no SM2")
    key = signatures.generate(signatures.SM2)
    (tmp_path / "key.pem").write_bytes(key.pem())
    (tmp_path / "key.pub").write_bytes(key.public_key().pem())
    (tmp_path / "message").write_bytes(MESSAGE)
    (tmp_path / "ours.sig").write_bytes(key.sign(MESSAGE))
    sm3 = ["openssl", "dgst", "-sm3", "-sigopt", "distid:1234567812345678"]
    checked = subprocess.run([*sm3, "-verify", "key.pub", "-signature", "ours.sig", "message"],
                             cwd=tmp_path, capture_output=True, text=True)
    assert checked.returncode == 0 and "Verified OK" in checked.stdout, checked.stderr
    subprocess.run([*sm3, "-sign", "key.pem", "-out", "theirs.sig", "message"], cwd=tmp_path,
                   check=True, capture_output=True)
    theirs = (tmp_path / "theirs.sig").read_bytes()
    loaded = signatures.load_public((tmp_path / "key.pub").read_bytes())
    assert loaded.verify(theirs, MESSAGE)
    assert not loaded.verify(theirs, MESSAGE + b"!")
    assert signatures.load_private((tmp_path / "key.pem").read_bytes()) == key


@pytest.fixture
def sm2_only(settings, ledger_keys):
    settings.SANXIANG_CHECKPOINT_SIGNATURE = "sm2"
    return ledger_keys


@pytest.fixture
def both(settings, ledger_keys):
    settings.SANXIANG_CHECKPOINT_SIGNATURE = "both"
    return ledger_keys


def test_sm2_checkpoint_signs_and_verifies_R_REC_09(ledger_entries, sm2_only):
    checkpoint = checkpoints.sign_checkpoint()
    assert checkpoint.signature_algorithm == "sm2"
    assert [s["signature_algorithm"] for s in checkpoint.signatures] == ["sm2"]
    public = signatures.load_public((sm2_only / "ledger-sm2.pub").read_bytes())
    assert checkpoint.key_id == public.key_id("sm3")
    assert checkpoints.verify_signature(checkpoint) is True
    assert stat.S_IMODE((sm2_only / "ledger-sm2.pem").stat().st_mode) == 0o600
    assert not (sm2_only / checkpoints.PRIVATE_KEY_FILE).exists()  # no Ed25519 key made
    result = ledger_verify.verify()
    assert result.ok and result.checkpoints == 1


def test_both_signatures_are_made_and_published_R_REC_09(ledger_entries, both, client):
    checkpoint = checkpoints.sign_checkpoint()
    assert checkpoint.signature_algorithm == "ed25519"  # read by verifiers before SM2
    assert [s["signature_algorithm"] for s in checkpoint.signatures] == ["ed25519", "sm2"]
    assert checkpoints.verdict(checkpoint).ok
    listing = client.get("/ledger/checkpoints.json").json()
    [published] = listing["checkpoints"]
    assert published["signature_valid"] is True
    assert [s["signature_algorithm"] for s in published["signatures"]] == ["ed25519", "sm2"]
    assert {k["algorithm"] for k in listing["keys"]} == {"ed25519", "sm2"}
    sm2_key = next(k for k in listing["keys"] if k["algorithm"] == "sm2")
    pem = client.get(urlsplit(sm2_key["url"]).path)
    assert signatures.load_public(pem.content).key_id("sm3") == sm2_key["key_id"]
    page = client.get("/ledger/checkpoints/").content.decode()
    assert "SM2" in page and "1234567812345678" in page


def test_sm2_key_can_live_outside_the_data_directory_R_REC_09(ledger_entries, sm2_only,
                                                              settings, tmp_path):
    outside = tmp_path / "hsm-export" / "sm2.pem"
    outside.parent.mkdir()
    outside.write_bytes(checkpoints.new_private_pem(signatures.SM2))
    settings.SANXIANG_LEDGER_SM2_KEY_FILE = str(outside)
    checkpoint = checkpoints.sign_checkpoint()
    assert checkpoint.key_id == signatures.load_private(outside.read_bytes()).public_key(
        ).key_id("sm3")
    assert not (sm2_only / "ledger-sm2.pem").exists()
    assert checkpoints.verify_signature(checkpoint) is True


def forge(checkpoint: Checkpoint, **changes) -> None:
    """What someone with the database does: change a checkpoint row by hand (the tests
    that call it drop the append-only triggers first, ``ledger_unguarded``)."""
    Checkpoint.objects.filter(pk=checkpoint.pk).update(**changes)


@pytest.mark.parametrize("mode", ["sm2", "both"])
def test_flipped_sm2_signature_is_named_by_ledger_verify_R_REC_02(ledger_entries, settings,
                                                                  ledger_keys, mode,
                                                                  ledger_unguarded):
    settings.SANXIANG_CHECKPOINT_SIGNATURE = mode
    checkpoint = checkpoints.sign_checkpoint()
    changed = [dict(s, signature=flip(s["signature"])) if s["signature_algorithm"] == "sm2"
               else s for s in checkpoint.signatures]
    first = changed[0]
    forge(checkpoint, signatures=changed, signature=first["signature"])
    result = ledger_verify.verify()
    assert not result.ok
    assert result.failure.problem == "checkpoint_signature"
    assert "SM2 签名无效" in result.failure.message


def test_changed_checkpoint_fails_every_signature_R_REC_02(ledger_entries, both,
                                                           ledger_unguarded):
    checkpoint = checkpoints.sign_checkpoint()
    forge(checkpoint, root="sm3:" + "0" * 64)
    result = ledger_verify.verify()
    assert not result.ok and result.failure.problem == "checkpoint_signature"
    assert "Ed25519、SM2 签名无效" in result.failure.message


def held_file(tmp_path, checkpoint, **changes):
    held = {**checkpoints.published(checkpoint), **changes}
    path = tmp_path / "held.json"
    path.write_text(json.dumps(held, ensure_ascii=False), encoding="utf-8")
    return path


def run_ledger_verify(*args):
    try:
        call_command("ledger", "verify", *args)
    except SystemExit as stop:
        return stop.code
    return 0


def test_held_sm2_checkpoint_verifies_and_a_forged_one_is_named_R_REC_09(
        ledger_entries, sm2_only, tmp_path, capsys):
    checkpoint = checkpoints.sign_checkpoint()
    assert run_ledger_verify("--checkpoint", str(held_file(tmp_path, checkpoint))) == 0
    capsys.readouterr()
    forged = flip(checkpoint.signature, at=-3)
    path = held_file(tmp_path, checkpoint, signature=forged,
                     signatures=[dict(checkpoint.signatures[0], signature=forged)])
    assert checkpoints.compare_with_held(json.loads(path.read_text())) != ""
    assert run_ledger_verify("--checkpoint", str(path)) == 1
    output = capsys.readouterr()
    assert "SM2 签名无效" in output.out + output.err


def test_held_checkpoint_with_a_changed_size_is_named_R_REC_09(ledger_entries, both,
                                                               tmp_path):
    checkpoint = checkpoints.sign_checkpoint()
    held = {**checkpoints.published(checkpoint), "tree_size": checkpoint.tree_size - 1}
    problem = checkpoints.compare_with_held(held)
    assert "Ed25519、SM2 签名无效" in problem


@pytest.fixture
def fetch(client):
    def get(url):
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        if response.status_code != 200:
            raise witness.WitnessFailure("fetch", f"{url}: HTTP {response.status_code}")
        return response.content
    return get


@pytest.mark.parametrize("mode", ["sm2", "both"])
def test_witness_checks_sm2_and_names_a_forged_signature_R_REC_09(ledger_entries, settings,
                                                                  ledger_keys, fetch, tmp_path,
                                                                  mode, ledger_unguarded):
    settings.SANXIANG_CHECKPOINT_SIGNATURE = mode
    checkpoint = checkpoints.sign_checkpoint()
    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert outcome.ok, outcome.message
    assert "SM2" in outcome.message
    held = json.loads((tmp_path / "w" / "latest.json").read_text())
    assert "sm2" in {s["signature_algorithm"] for s in held["signatures"]}
    # The portal now serves the same checkpoint with one byte of its SM2 signature changed.
    changed = [dict(s, signature=flip(s["signature"])) if s["signature_algorithm"] == "sm2"
               else s for s in checkpoint.signatures]
    forge(checkpoint, signatures=changed, signature=changed[0]["signature"])
    fresh = tmp_path / "fresh"  # a new witness, pinning the portal's keys
    refused = witness.witness(PORTAL, fresh, fetch=fetch)
    assert not refused.ok and refused.problem == "signature"
    assert "SM2 签名无效" in refused.message
    assert not (fresh / "latest.json").exists()


def test_witness_with_only_the_ed25519_key_says_sm2_was_not_checked_R_REC_09(
        ledger_entries, both, fetch, tmp_path):
    checkpoints.sign_checkpoint()
    ed25519 = (both / checkpoints.PUBLIC_KEY_FILE).read_bytes()
    outcome = witness.witness(PORTAL, tmp_path / "w", key=ed25519, fetch=fetch)
    assert outcome.ok, outcome.message
    assert "Ed25519 签名有效" in outcome.message and "SM2 签名的密钥未在本地固定" in outcome.message
