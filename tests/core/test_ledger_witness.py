"""Witnessed checkpoints (R-REC-09): a checkpoint kept elsewhere exposes a ledger that was
truncated and re-signed, forked, or served with an old checkpoint replayed."""

import base64
import json
import os
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

from sanxiang.core.models import Checkpoint, LedgerEvent
from sanxiang.ledger import checkpoints, triggers, witness
from sanxiang.ledger import verify as ledger_verify

from .conftest import append_entries

pytestmark = pytest.mark.django_db
PORTAL = "http://testserver/"


@pytest.fixture
def fetch(client):
    """The witness's HTTP GET, answered by the platform through Django's test client."""
    def get(url):
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        if response.status_code != 200:
            raise witness.WitnessFailure("fetch", f"{url}: HTTP {response.status_code}")
        return response.content
    return get


@pytest.fixture
def signed(ledger_entries, ledger_keys):
    return checkpoints.sign_checkpoint(acting_user=None)


def grow_and_sign(count=3, start=100):
    append_entries(count, start=start)
    return checkpoints.sign_checkpoint(acting_user=None)


def truncate_to(size: int) -> None:
    """What an attacker with the database does: drop the triggers, delete the newest
    entries and every checkpoint, point the head at the new last entry."""
    triggers.uninstall()
    last = LedgerEvent.objects.get(seq=size).digest
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_ledgerevent WHERE seq > %s", [size])
        cursor.execute("DELETE FROM core_checkpoint")
        cursor.execute("UPDATE core_ledgerhead SET size = %s, last_digest = %s", [size, last])
    triggers.install()


def test_witness_keeps_each_checkpoint_that_extends_the_last_R_REC_09(signed, fetch, tmp_path):
    first = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert first.ok, first.message
    assert "首次运行" in first.message
    held = json.loads((tmp_path / "w" / "latest.json").read_text())
    assert held["tree_size"] == signed.tree_size and held["root"] == signed.root
    assert held["note"] == signed.note and "签名文本（C2SP）有效" in first.message
    assert list((tmp_path / "w" / "keys").glob("*.pub"))
    newer = grow_and_sign()
    second = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert second.ok, second.message
    assert f"规模 {signed.tree_size} 的延续" in second.message
    assert (tmp_path / "w" / f"checkpoint-{newer.tree_size}.json").exists()
    again = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert again.ok and "没有新的检查点" in again.message


def test_truncated_and_resigned_ledger_is_reported_R_REC_09_attack_truncate_resign(
        signed, fetch, tmp_path, capsys):
    assert witness.witness(PORTAL, tmp_path / "w", fetch=fetch).ok
    truncate_to(signed.tree_size - 4)
    resigned = checkpoints.sign_checkpoint(acting_user=None)
    # The platform's own check cannot see it: its key signed the shorter ledger again.
    assert ledger_verify.verify().ok
    # The witness refuses the smaller checkpoint …
    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert not outcome.ok and outcome.problem == "rollback"
    assert str(resigned.tree_size) in outcome.message
    # … and the checkpoint it kept names the truncation on the platform.
    held = tmp_path / "w" / "latest.json"
    assert "台账被截短" in checkpoints.compare_with_held(json.loads(held.read_text()))
    with pytest.raises(SystemExit) as exit_:
        call_command("ledger", "verify", "--checkpoint", str(held))
    assert exit_.value.code == 1
    assert "台账被截短" in capsys.readouterr().err


def test_forked_ledger_is_reported_R_REC_09_attack_fork(signed, fetch, tmp_path, capsys):
    assert witness.witness(PORTAL, tmp_path / "w", fetch=fetch).ok
    truncate_to(signed.tree_size - 2)
    fork = grow_and_sign(count=6, start=500)  # longer than what was witnessed
    assert fork.tree_size > signed.tree_size and ledger_verify.verify().ok
    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert not outcome.ok and outcome.problem == "fork"
    assert "分叉" in outcome.message
    held = tmp_path / "w" / "latest.json"
    assert "分叉" in checkpoints.compare_with_held(json.loads(held.read_text()))
    with pytest.raises(SystemExit):
        call_command("ledger", "verify", "--checkpoint", str(held))


def test_replayed_old_checkpoint_is_refused_R_REC_09_attack_replay(signed, fetch, tmp_path):
    old_feed = fetch(f"{PORTAL}ledger/checkpoints.json")
    grow_and_sign()
    assert witness.witness(PORTAL, tmp_path / "w", fetch=fetch).ok

    def replaying(url):
        return old_feed if url.endswith("checkpoints.json") else fetch(url)

    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=replaying)
    assert not outcome.ok and outcome.problem == "rollback"


def test_checkpoint_with_a_forged_root_is_refused_R_REC_09(signed, fetch, tmp_path):
    feed = json.loads(fetch(f"{PORTAL}ledger/checkpoints.json"))
    feed["checkpoints"][0]["root"] = "sm3:" + "0" * 64

    def forged(url):
        return json.dumps(feed).encode() if url.endswith("checkpoints.json") else fetch(url)

    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=forged)
    assert not outcome.ok and outcome.problem == "signature"
    assert not (tmp_path / "w" / "latest.json").exists()


def test_checkpoint_with_a_forged_note_is_refused_R_REC_09(signed, fetch, tmp_path):
    feed = json.loads(fetch(f"{PORTAL}ledger/checkpoints.json"))
    listed = feed["checkpoints"][0]
    assert listed["note"] == signed.note
    # Same size and root; one byte of the first signature line changed.
    _text, _blank, rest = listed["note"].partition("\n\n")
    dash, name, encoded = rest.split("\n")[0].split(" ")
    blob = bytearray(base64.b64decode(encoded))
    blob[-1] ^= 1
    line = f"{dash} {name} {base64.b64encode(bytes(blob)).decode()}"
    listed["note"] = listed["note"].replace(rest.split("\n")[0], line)

    def forged(url):
        return json.dumps(feed).encode() if url.endswith("checkpoints.json") else fetch(url)

    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=forged)
    assert not outcome.ok and outcome.problem == "signature"
    assert not (tmp_path / "w" / "latest.json").exists()


def test_new_key_after_pinning_is_refused_R_REC_09_attack_resign_with_new_key(
        signed, fetch, tmp_path, ledger_keys):
    assert witness.witness(PORTAL, tmp_path / "w", fetch=fetch).ok
    for path in ledger_keys.iterdir():
        path.unlink()  # the attacker replaces the platform's key with their own …
    truncate_to(LedgerEvent.objects.count())  # … and deletes the checkpoints it signed
    grow_and_sign()
    outcome = witness.witness(PORTAL, tmp_path / "w", fetch=fetch)
    assert not outcome.ok and outcome.problem == "signature"


def test_intact_ledger_agrees_with_a_held_checkpoint(signed, fetch, tmp_path, capsys):
    assert witness.witness(PORTAL, tmp_path / "w", fetch=fetch).ok
    grow_and_sign()
    call_command("ledger", "verify", "--checkpoint", str(tmp_path / "w" / "latest.json"))
    assert "只增未改" in capsys.readouterr().out


def test_signing_key_can_live_outside_the_data_directory_R_REC_09(ledger_entries, ledger_keys,
                                                                  settings, tmp_path):
    key_file = tmp_path / "elsewhere" / "ledger.pem"
    key_file.parent.mkdir()
    key_file.write_bytes(checkpoints.new_private_pem())
    settings.SANXIANG_LEDGER_KEY_FILE = str(key_file)
    checkpoint = checkpoints.sign_checkpoint(acting_user=None)
    assert checkpoint.key_id == checkpoints.key_id(checkpoints.signing_key().public_key())
    assert not (ledger_keys / checkpoints.PRIVATE_KEY_FILE).exists()
    assert checkpoints.verify_signature(checkpoint) is True
    assert ledger_verify.verify().ok


def test_signing_key_can_be_given_as_a_file_descriptor_R_REC_09(ledger_entries, ledger_keys,
                                                                settings, monkeypatch):
    read, write = os.pipe()
    os.write(write, checkpoints.new_private_pem())
    os.close(write)
    monkeypatch.setattr(checkpoints, "_descriptor_key", None)
    settings.SANXIANG_LEDGER_KEY_FD = str(read)
    checkpoint = checkpoints.sign_checkpoint(acting_user=None)
    assert checkpoints.verify_signature(checkpoint) is True
    assert not (ledger_keys / checkpoints.PRIVATE_KEY_FILE).exists()


def test_consistency_endpoint_only_between_published_checkpoints(signed, client):
    newer = grow_and_sign()
    ok = client.get(f"/ledger/consistency.json?old={signed.tree_size}&new={newer.tree_size}")
    assert ok.status_code == 200 and ok.json()["old_size"] == signed.tree_size
    assert client.get("/ledger/consistency.json?old=2&new=3").status_code == 404
    assert client.get(f"/ledger/consistency.json?old=2&new={newer.tree_size}").status_code == 200
    assert client.get("/ledger/consistency.json?old=²&new=3").status_code == 400
    assert client.get(f"/ledger/consistency.json?old={newer.tree_size}"
                      f"&new={signed.tree_size}").status_code == 400


def test_checkpoints_are_published_as_an_atom_feed_R_REC_09(signed, client):
    response = client.get("/ledger/checkpoints.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert f"规模 {signed.tree_size}" in body and signed.signature in body
    assert Checkpoint.objects.count() == 1


def test_witness_over_real_http_R_REC_09(ledger_flushable, ledger_keys, live_server, tmp_path):
    """``sanxiang ledger witness`` against a running portal on 127.0.0.1."""
    import subprocess
    import sys

    append_entries(5)
    checkpoints.sign_checkpoint(acting_user=None)
    env = {**os.environ, "PYTHONPATH": "src"}
    command = [sys.executable, "-m", "sanxiang.cli", "ledger", "witness", live_server.url,
               "--dir", str(tmp_path / "w")]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    append_entries(3, start=50)
    checkpoints.sign_checkpoint(acting_user=None)
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "的延续" in second.stdout
    truncate_to(5)
    checkpoints.sign_checkpoint(acting_user=None)
    third = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert third.returncode == 1 and "见证失败" in third.stderr
