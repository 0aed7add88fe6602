"""The proof of a published decision verifies offline, and any change to it fails
(R-PUB-04; the ledger's signed checkpoints, DESIGN.md)."""

import base64
import copy
import hashlib
import io
import json

import pytest
from cases.factories import make_case
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from sanxiang.core.management.commands import verify_record
from sanxiang.ledger import checkpoints

from .test_public_pages import URLS, make_disclosure, publish

pytestmark = pytest.mark.urls(URLS)


@pytest.fixture
def case_a(body_a, officer_a1, officer_a2):
    return make_case(body_a, [officer_a1, officer_a2], days_ago=30)


@pytest.fixture
def proof(client, case_a, clerk_user_a, tmp_path):
    """(proof dict, path of the downloaded file) for a published, checkpointed decision."""
    d = publish(make_disclosure(case_a), clerk_user_a)
    checkpoints.sign_checkpoint()
    response = client.get(f"/decisions/{d.pk}/proof.json", {"download": "1"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    file = tmp_path / "proof.json"
    file.write_bytes(response.content)
    return document, file


def run(path, *extra) -> tuple[int, str]:
    """Exit status and all output of ``manage verify_record``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_record", str(path), *extra, stdout=out, stderr=err)
        status = 0
    except SystemExit as stop:
        status = stop.code
    return status, out.getvalue() + err.getvalue()


def write(tmp_path, document, name="changed.json"):
    file = tmp_path / name
    file.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return file


def test_downloaded_proof_verifies_with_the_cli_R_PUB_04(proof):
    document, file = proof
    assert document["format"] == verify_record.FORMAT
    assert document["checkpoint"] and document["proof"] and document["public_key"]
    status, output = run(file, "--list")
    assert status == 0, output
    assert "核验通过" in output
    assert "签名有效" in output


def test_tampered_text_fails_R_PUB_04(proof, tmp_path):
    document, _file = proof
    changed = copy.deepcopy(document)
    changed["record"]["masked_text"] = changed["record"]["masked_text"].replace(
        "30,000.00", "3,000.00")
    status, output = run(write(tmp_path, changed))
    assert status == 1
    assert "内容与其摘要不符" in output


@pytest.mark.parametrize("change", ["digest", "entry", "path", "root", "signature", "format"])
def test_any_tampering_fails_R_PUB_04(proof, tmp_path, change):
    document, _file = proof
    changed = copy.deepcopy(document)
    if change == "digest":
        # A new text with its own digest: the ledger entry does not register that digest.
        changed["record"]["conclusion"] = "不予处罚"
        changed["digest"] = verify_record_digest(changed["record"], changed["digest"])
    elif change == "entry":
        changed["entry"]["actor_name"] += "x"
    elif change == "path":
        if not changed["proof"]["path"]:
            changed["proof"]["path"] = [changed["checkpoint"]["root"]]
        else:
            changed["proof"]["path"][0] = changed["checkpoint"]["root"]
    elif change == "root":
        changed["checkpoint"]["root"] = changed["entry"]["digest"]
    elif change == "signature":
        changed["checkpoint"]["signature"] = base64.b64encode(bytes(64)).decode()
    else:
        changed["format"] = "something-else"
    status, output = run(write(tmp_path, changed))
    assert status == 1, output
    assert "核验失败" in output


def verify_record_digest(record, like):
    algorithm = like.partition(":")[0]
    raw = hashlib.new(algorithm, verify_record.canonical_bytes(record)).hexdigest()
    return f"{algorithm}:{raw}"


def test_another_key_fails_R_PUB_04(proof, tmp_path):
    _document, file = proof
    other = tmp_path / "other.pub"
    other.write_bytes(checkpoints.public_pem(Ed25519PrivateKey.generate().public_key()))
    status, output = run(file, "--key", str(other))
    assert status == 1
    assert "公钥" in output


def test_kept_checkpoint_must_match_R_PUB_04(proof, tmp_path, client):
    _document, file = proof
    listing = client.get("/ledger/checkpoints.json").content
    kept = tmp_path / "checkpoints.json"
    kept.write_bytes(listing)
    status, output = run(file, "--checkpoint", str(kept))
    assert status == 0, output
    data = json.loads(listing)
    for item in data["checkpoints"]:
        item["root"] = "sm3:" + "0" * 64
    kept.write_text(json.dumps(data), encoding="utf-8")
    status, output = run(file, "--checkpoint", str(kept))
    assert status == 1
    assert "默克尔根不一致" in output


def test_proof_before_any_checkpoint_does_not_pass_R_PUB_04(client, case_a, clerk_user_a,
                                                          tmp_path):
    d = publish(make_disclosure(case_a), clerk_user_a)
    document = json.loads(client.get(f"/decisions/{d.pk}/proof.json").content)
    assert document["checkpoint"] is None and document["proof"] is None
    status, output = run(write(tmp_path, document))
    assert status == 1
    assert "尚无签名检查点" in output
    # Its own parts still check: the record and the ledger entry.
    report = verify_record.verify(document)
    assert [c.ok for c in report.checks] == [True, True, False]


def test_unreadable_file_fails_cleanly_R_PUB_04(tmp_path):
    file = tmp_path / "broken.json"
    file.write_text("{not json", encoding="utf-8")
    status, output = run(file)
    assert status == 1
    assert "无法读取" in output


def test_proof_carries_sm2_and_a_flipped_sm2_signature_fails_R_PUB_04(proof, tmp_path):
    document, file = proof
    signed = document["checkpoint"]["signatures"]
    assert [s["signature_algorithm"] for s in signed] == ["ed25519", "sm2"]
    assert {k["algorithm"] for k in document["public_keys"]} == {"ed25519", "sm2"}
    status, output = run(file, "--list")
    assert status == 0 and "SM2 签名有效" in output, output
    changed = json.loads(json.dumps(document))
    sm2 = changed["checkpoint"]["signatures"][1]
    raw = bytearray(base64.b64decode(sm2["signature"]))
    raw[12] ^= 1
    sm2["signature"] = base64.b64encode(bytes(raw)).decode()
    status, output = run(write(tmp_path, changed))
    assert status == 1
    assert "SM2 签名无效" in output


def test_decision_page_names_the_documented_command_R_PUB_04(proof, client):
    """The page tells the public to run “sanxiang verify proof.json” (the README's command),
    not the management command's internal name, and that command checks the file."""
    from sanxiang import cli
    from sanxiang.disclosure.models import Disclosure

    _document, file = proof
    page = client.get(f"/decisions/{Disclosure.objects.get().pk}/").content.decode()
    assert "verify_record" not in page
    # Shown as code, in a Chinese sentence (ADR 0063).
    assert ('请下载证明文件并运行 <code class="command">sanxiang verify proof.json</code>。'
            in page)
    assert cli.COMMAND_ALIASES["verify"] == "verify_record"
    assert run(file)[0] == 0
