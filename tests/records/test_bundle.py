"""The exported case file (案卷) verifies offline, and any tampering is named (R-REC-09)."""

import base64
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

import sanxiang
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import Checkpoint, LedgerEvent
from sanxiang.ledger import proofs as ledger_proofs
from sanxiang.ledger.events import EventKind
from sanxiang.records import bundle, bundle_verify
from sanxiang.records.models import CustodyEntry

from .test_casefile import investigated_case

pytestmark = pytest.mark.django_db
REASON = "市司法局案卷评查调阅"


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def case(body_a, officers):
    return investigated_case(body_a, officers)


@pytest.fixture
def exported(case, officer_user_a, tmp_path):
    return bundle.export_case_file(acting_user=officer_user_a, case=case, reason=REASON,
                                   directory=tmp_path / "exports")


def tampered(path: Path, tmp_path: Path, name: str, change) -> Path:
    """A copy of the bundle with member ``name`` replaced by ``change(old bytes)``."""
    target = tmp_path / f"tampered-{name.replace('/', '_')}.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info.filename)
            copy.writestr(info, change(data) if info.filename == name else data)
    return target


def members(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def first_failure(path: Path):
    report = bundle_verify.verify(path)
    assert not report.ok
    return report.first_failure


def test_exported_case_file_verifies_offline_R_REC_09(case, exported):
    files = members(exported)
    manifest = json.loads(files["manifest.json"])
    document = case.documents.get()
    [item] = manifest["documents"]
    assert item["digest"] == document.digest and item["ledger_seq"] == document.ledger_seq
    assert files[item["file"]].startswith(b"%PDF")
    [video] = manifest["evidence"]
    assert video["file"] is None and video["digest"] == case.evidence.get().digest
    assert not any(name.startswith("evidence/") for name in files)
    assert [e["kind"] for e in manifest["timeline"]] == ["step", "document", "step",
                                                         "evidence"]
    assert manifest["completeness"] == []
    assert {"ledger.jsonl", "proofs.json", "checkpoint.json", "README.txt",
            "verify_bundle.py"} <= set(files)
    assert any(name.startswith("keys/") for name in files)
    assert "verify_bundle.py" in files["README.txt"].decode()
    report = bundle_verify.verify(exported)
    assert report.ok, report.summary()
    kinds = {c.name for c in report.checks}
    assert {"file", "ledger", "proof", "checkpoint", "manifest", "registration"} <= kinds


def test_export_records_ledger_event_and_custody_R_REC_06(case, exported, officer_user_a):
    event = LedgerEvent.objects.filter(kind=EventKind.CASE_FILE_EXPORTED).get()
    payload = json.loads(event.payload)
    assert payload["reason"] == REASON and payload["number"] == case.number
    assert payload["manifest"] == bundle_verify.tree_digest(
        bundle_verify._BytesReader(members(exported)["manifest.json"]), "sm3")[0]
    assert event.actor_id == officer_user_a.pk
    entry = CustodyEntry.objects.get(case=case)
    assert entry.action == CustodyEntry.Action.EXPORT and entry.reason == REASON
    lines = [json.loads(line) for line in members(exported)["ledger.jsonl"].splitlines()]
    assert event.seq in {line["seq"] for line in lines}
    checkpoint = json.loads(members(exported)["checkpoint.json"])
    assert checkpoint["tree_size"] >= event.seq
    assert Checkpoint.objects.filter(tree_size=checkpoint["tree_size"]).exists()


def test_export_with_media_carries_the_recording_R_REC_09(case, officer_user_a, tmp_path):
    path = bundle.export_case_file(acting_user=officer_user_a, case=case, reason=REASON,
                                   include_media=True, directory=tmp_path)
    files = members(path)
    [name] = [n for n in files if n.startswith("evidence/")]
    assert files[name].startswith(b"\x00\x00\x00\x18ftypmp42")
    assert bundle_verify.verify(path).ok


def test_tampered_pdf_fails_naming_the_file_R_REC_09(exported, tmp_path):
    [name] = [n for n in members(exported) if n.startswith("documents/")]
    bad = tampered(exported, tmp_path, name, lambda data: data.replace(b"%PDF", b"%PDX", 1))
    failure = first_failure(bad)
    assert failure.item == name and name in failure.message


def test_added_file_fails_R_REC_09(exported, tmp_path):
    bad = tmp_path / "added.zip"
    bad.write_bytes(exported.read_bytes())
    with zipfile.ZipFile(bad, "a") as archive:
        archive.writestr("documents/extra.pdf", b"%PDF-1.7 forged")
    assert first_failure(bad).item == "documents/extra.pdf"


def test_tampered_ledger_line_fails_naming_the_entry_R_REC_09(case, exported, tmp_path):
    seq = case.documents.get().ledger_seq

    def change(data):
        lines = [json.loads(line) for line in data.splitlines()]
        for line in lines:
            if line["seq"] == seq:
                line["payload"] = line["payload"].replace('"version":1', '"version":2')
        return "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()

    failure = first_failure(tampered(exported, tmp_path, "ledger.jsonl", change))
    assert failure.item == f"ledger.jsonl#{seq}"
    assert f"第 {seq} 条" in failure.message


def test_tampered_proof_fails_naming_the_entry_R_REC_09(exported, tmp_path):
    proofs = json.loads(members(exported)["proofs.json"])
    victim = next(p for p in proofs["proofs"] if p["path"])

    def change(data):
        value = json.loads(data)
        for proof in value["proofs"]:
            if proof["seq"] == victim["seq"]:
                algorithm, _sep, hexdigits = proof["path"][0].partition(":")
                proof["path"][0] = f"{algorithm}:{'0' * len(hexdigits)}"
        return json.dumps(value).encode()

    failure = first_failure(tampered(exported, tmp_path, "proofs.json", change))
    assert failure.item == f"proofs.json#{victim['seq']}"


def test_tampered_checkpoint_signature_fails_R_REC_09(exported, tmp_path):
    def change(data):
        value = json.loads(data)
        signature = bytearray(base64.b64decode(value["signature"]))
        signature[0] ^= 1
        value["signature"] = base64.b64encode(bytes(signature)).decode()
        return json.dumps(value).encode()

    failure = first_failure(tampered(exported, tmp_path, "checkpoint.json", change))
    assert failure.item == "checkpoint.json" and "签名" in failure.message


def flip_sm2(data: bytes) -> bytes:
    """checkpoint.json with one byte of its SM2 signature flipped (where it is listed and,
    when SM2 is the first signature, in the checkpoint's own fields)."""
    value = json.loads(data)
    for item in [value, *value["signatures"]]:
        if item["signature_algorithm"] == "sm2":
            signature = bytearray(base64.b64decode(item["signature"]))
            signature[12] ^= 1
            item["signature"] = base64.b64encode(bytes(signature)).decode()
    return json.dumps(value).encode()


def test_case_file_carries_and_checks_both_signatures_R_REC_09(exported, tmp_path):
    files = members(exported)
    checkpoint = json.loads(files["checkpoint.json"])
    assert [s["signature_algorithm"] for s in checkpoint["signatures"]] == ["ed25519", "sm2"]
    assert len([n for n in files if n.startswith("keys/")]) == 2
    assert "signatures.py" in files and "SM2" in files["README.txt"].decode()
    report = bundle_verify.verify(exported)
    assert report.ok, report.summary()
    [check] = [c for c in report.checks if c.name == "checkpoint"]
    assert "Ed25519 签名有效" in check.message and "SM2 签名有效" in check.message
    failure = first_failure(tampered(exported, tmp_path, "checkpoint.json", flip_sm2))
    assert failure.item == "checkpoint.json" and "SM2 签名无效" in failure.message


def test_sm2_only_case_file_verifies_and_a_flip_is_named_R_REC_09(
        case, officer_user_a, settings, tmp_path, capsys):
    settings.SANXIANG_CHECKPOINT_SIGNATURE = "sm2"
    path = bundle.export_case_file(acting_user=officer_user_a, case=case, reason=REASON,
                                   directory=tmp_path / "sm2")
    checkpoint = json.loads(members(path)["checkpoint.json"])
    assert checkpoint["signature_algorithm"] == "sm2"
    call_command("verify_bundle", str(path))
    assert "核验通过" in capsys.readouterr().out
    bad = tampered(path, tmp_path, "checkpoint.json", flip_sm2)
    with pytest.raises(SystemExit) as exited:
        call_command("verify_bundle", str(bad))
    assert exited.value.code == 1
    assert "SM2 签名无效" in capsys.readouterr().err


def test_tampered_manifest_fails_R_REC_09(exported, tmp_path):
    def change(data):
        value = json.loads(data)
        value["case"]["title"] = "另一案件"
        return json.dumps(value, ensure_ascii=False).encode()

    failure = first_failure(tampered(exported, tmp_path, "manifest.json", change))
    assert failure.item == "manifest.json"


def test_other_key_fails_R_REC_09(exported, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from sanxiang.ledger.checkpoints import public_pem

    other = tmp_path / "other.pub"
    other.write_bytes(public_pem(Ed25519PrivateKey.generate().public_key()))
    report = bundle_verify.verify(exported, key_path=other)
    assert not report.ok and report.first_failure.item == "checkpoint.json"


def _offline_env(tmp_path: Path, *, platform: bool = True) -> dict:
    empty = tmp_path / "empty-data"
    empty.mkdir()
    # The sanxiang under test, not whichever the interpreter has installed.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "SANXIANG_DATA_DIR": str(empty), "LANG": "C.UTF-8"}
    if platform:
        env["PYTHONPATH"] = str(Path(sanxiang.__file__).parent.parent)
    return env


def test_verifier_runs_without_django_or_database_R_REC_09(exported, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = ("import sys\n"
              "from sanxiang.records import bundle_verify\n"
              "code = bundle_verify.main(sys.argv[1:])\n"
              "assert 'django' not in sys.modules, 'the verifier imported Django'\n"
              "sys.exit(code)\n")
    env = _offline_env(tmp_path)
    ok = subprocess.run([sys.executable, "-c", script, str(exported)], cwd=elsewhere, env=env,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "核验通过" in ok.stdout
    bad = tampered(exported, tmp_path, "checkpoint.json",
                   lambda data: data.replace(b'"tree_size"', b'"tree_size_"'))
    failed = subprocess.run([sys.executable, "-c", script, str(bad)], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1 and "核验失败" in failed.stderr
    assert not list((tmp_path / "empty-data").iterdir())


def test_shipped_verifier_script_runs_alone_R_REC_09(exported, tmp_path):
    elsewhere = tmp_path / "third-party"
    elsewhere.mkdir()
    (elsewhere / "verify_bundle.py").write_bytes(members(exported)["verify_bundle.py"])
    (elsewhere / "merkle.py").write_bytes(members(exported)["merkle.py"])
    (elsewhere / "signatures.py").write_bytes(members(exported)["signatures.py"])
    # -I: isolated mode, so nothing of the platform is on the path but the script itself.
    result = subprocess.run([sys.executable, "-I", "verify_bundle.py", str(exported), "-v"],
                            cwd=elsewhere, env=_offline_env(tmp_path, platform=False),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "核验通过" in result.stdout and "检查点" in result.stdout
    assert "SM2 签名有效" in result.stdout  # SM2 checked with no package but cryptography


def test_management_command_exit_status_R_REC_09(exported, tmp_path, capsys):
    call_command("verify_bundle", str(exported))
    assert "核验通过" in capsys.readouterr().out
    [name] = [n for n in members(exported) if n.startswith("documents/")]
    bad = tampered(exported, tmp_path, name, lambda data: data + b"\n")
    with pytest.raises(SystemExit) as exited:
        call_command("verify_bundle", str(bad))
    assert exited.value.code == 1
    assert name in capsys.readouterr().err


def test_export_needs_a_reason_R_REC_06(case, officer_user_a, tmp_path):
    with pytest.raises(RuleViolation) as raised:
        bundle.export_case_file(acting_user=officer_user_a, case=case, reason="  ",
                                directory=tmp_path)
    assert raised.value.code == "R-REC-06"
    assert not LedgerEvent.objects.filter(kind=EventKind.CASE_FILE_EXPORTED).exists()


def test_staff_of_another_body_cannot_export(case, officer_user_b, tmp_path):
    with pytest.raises(PermissionDenied):
        bundle.export_case_file(acting_user=officer_user_b, case=case, reason=REASON,
                                directory=tmp_path)
    assert not list(tmp_path.iterdir())


def test_supervisor_may_export_R_REC_09(case, supervisor_user, tmp_path):
    path = bundle.export_case_file(acting_user=supervisor_user, case=case, reason=REASON,
                                   directory=tmp_path)
    assert bundle_verify.verify(path).ok


def test_batched_proofs_match_single_proofs_R_REC_02(case):
    size = ledger_proofs.ledger_size()
    seqs = list(range(1, size + 1))
    paths, root = bundle.inclusion_paths("sm3", seqs, size)
    assert root.hex() == ledger_proofs.tree_root(size).partition(":")[2]
    for seq in seqs:
        assert paths[seq] == ledger_proofs.inclusion_proof(seq, size).path


def test_malformed_bundle_fails_without_crashing_R_REC_09(exported, tmp_path):
    def change(data):
        value = json.loads(data)
        value["documents"] = ["不是对象"]
        return json.dumps(value, ensure_ascii=False).encode()

    bad = tampered(exported, tmp_path, "manifest.json", change)
    assert first_failure(bad).name == "structure"
    not_zip = tmp_path / "not.zip"
    not_zip.write_bytes(b"PK\x03\x04 broken")
    assert first_failure(not_zip).name == "structure"


def outside(statement, params):
    """A write by another database session (see tests/core/test_ledger_state.py)."""
    from django.db import connection

    from sanxiang.ledger import touch

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        cursor.execute(f"DELETE FROM {touch.TOUCHED}")


def test_bundle_carries_rows_bound_to_its_ledger_entries_R_REC_02(case, exported):
    files = members(exported)
    bound = json.loads(files["state.json"])
    models = {row["model"] for row in bound["rows"]}
    assert {"cases.case", "cases.party", "cases.steprecord", "cases.document",
            "records.evidence"} <= models
    report = bundle_verify.verify(exported)
    assert report.ok, report.summary()
    assert any(c.name == "manifest_state" and c.ok for c in report.checks)


def test_case_title_edited_in_database_fails_verify_bundle_R_REC_02_attack_edit_row(
        case, officer_user_a, tmp_path):
    from sanxiang.ledger import state_verify

    outside("UPDATE cases_case SET title = %s WHERE id = %s", ["改过的案由", case.pk])
    case.refresh_from_db()
    path = bundle.export_case_file(acting_user=officer_user_a, case=case, reason=REASON,
                                   directory=tmp_path / "exports")
    failure = first_failure(path)
    assert failure.name == "state"
    assert f"cases_case #{case.pk}" in failure.message and "title" in failure.message
    assert not state_verify.verify_state().ok
    result = subprocess.run([sys.executable, "-m", "sanxiang.cli", "verify-bundle", str(path)],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": "src"})
    assert result.returncode == 1 and "title" in result.stderr


def test_party_name_edited_in_database_fails_verify_bundle_R_REC_02_attack_edit_row(
        case, officer_user_a, tmp_path):
    party = case.parties.first()
    outside("UPDATE cases_party SET name = %s WHERE id = %s", ["李四", party.pk])
    path = bundle.export_case_file(acting_user=officer_user_a, case=case, reason=REASON,
                                   directory=tmp_path / "exports")
    failure = first_failure(path)
    assert f"cases_party #{party.pk}" in failure.message and "name" in failure.message


def test_manifest_disagreeing_with_bound_rows_fails_R_REC_02(exported, tmp_path):
    """A manifest rewritten to match edited rows still disagrees with the ledger."""
    def edit_rows(data):
        bound = json.loads(data)
        for row in bound["rows"]:
            if row["model"] == "cases.case":
                row["fields"]["title"] = "改过的案由"
        return json.dumps(bound).encode()

    failure = first_failure(tampered(exported, tmp_path, "state.json", edit_rows))
    assert failure.name == "state" and "title" in failure.message


def test_deleted_party_row_fails_verify_bundle_R_REC_02_attack_delete_row(
        case, officer_user_a, tmp_path):
    party = case.parties.first()
    outside("DELETE FROM cases_party WHERE id = %s", [party.pk])
    path = bundle.export_case_file(acting_user=officer_user_a, case=case, reason=REASON,
                                   directory=tmp_path / "exports")
    report = bundle_verify.verify(path)
    assert not report.ok
    assert any(f"cases_party #{party.pk}" in c.message and "删除" in c.message
               for c in report.checks if not c.ok)
