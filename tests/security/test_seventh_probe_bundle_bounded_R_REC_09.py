"""The offline verifier of an exported case file reads no member larger than the platform
writes (R-REC-09).

Probe 7 (ADR 0082): ``verify_bundle.py`` read the manifest, the checkpoint, the proofs, the
state and the ledger's lines whole into memory, whatever their size: a crafted bundle whose
JSON expands to gigabytes takes the memory of whoever verifies it (a court, a party).
"""

import json
import zipfile

from sanxiang.records import bundle_verify


def test_oversized_member_refused_before_it_is_read_R_REC_09(tmp_path, monkeypatch):
    monkeypatch.setattr(bundle_verify, "MAX_READ_BYTES", 4096, raising=False)
    path = tmp_path / "crafted.zip"
    manifest = json.dumps({"format": bundle_verify.FORMAT, "pad": " " * 10_000})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest)
    report = bundle_verify.verify(path)
    assert not report.ok
    failure = report.first_failure
    assert failure.item == "manifest.json" and "解压后超过" in failure.message


def test_member_of_the_wrong_size_fails_without_hashing_R_REC_09(tmp_path):
    # A member whose size differs from the manifest's fails as a changed file (its bytes
    # may expand without end), and the verifier goes on to name it.
    path = tmp_path / "crafted.zip"
    manifest = {
        "format": bundle_verify.FORMAT,
        "documents": [
            {
                "file": "documents/a.pdf",
                "title": "决定书",
                "size": 10,
                "digest": "sm3-tree:" + "0" * 64,
            }
        ],
        "evidence": [],
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("checkpoint.json", "{}")
        archive.writestr("proofs.json", "{}")
        archive.writestr("ledger.jsonl", "")
        archive.writestr("documents/a.pdf", b"\0" * 100_000)
    report = bundle_verify.verify(path)
    assert not report.ok
    assert any(not r.ok and r.item == "documents/a.pdf" for r in report.checks)
