"""``manage verify_record PROOF.json [--key PUB] [--checkpoint CP.json] [--list]``.

Checks a published decision's proof file, downloaded from its public page, offline
(R-PUB-04; DESIGN.md "The ledger makes history tamper-evident"):

1. the record's canonical JSON hashes to the stated digest;
2. the ledger entry hashes (RFC 6962 leaf of the ledger's canonical bytes) to its stated
   digest, is a DISCLOSURE_PUBLISHED entry, and its payload names that digest;
3. the inclusion proof leads from the entry to the checkpoint's Merkle root;
4. each of the checkpoint's signatures (Ed25519, SM2) holds, under ``--key`` if given,
   else a key this platform trusts (``DATA_DIR/keys``), else the keys in the file (then
   the key ids must be compared with those the platform publishes at /ledger/checkpoints/);
5. with ``--checkpoint`` (a checkpoint kept earlier, or /ledger/checkpoints.json), the
   proof's checkpoint is that one.

Exit status 0 when every check passes, 1 otherwise (also while no checkpoint covers the
entry yet). The hashing and proof code is ``records.bundle_verify``'s, which trusts
nothing of the platform's own.
"""

import base64
import binascii
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from sanxiang.core.cli_text import file_error_text
from sanxiang.records import bundle_verify as bv

FORMAT = "sanxiang-decision-proof/v1"
DISCLOSURE_PUBLISHED = 804


def canonical_bytes(record) -> bytes:
    """The ledger's canonical JSON: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def _load_key(pem: bytes):
    try:
        return bv.signatures.load_public(pem)
    except ValueError:
        return None


def _candidate_keys(document: dict, key_path, platform_keys):
    """[(where, key)], best source first (see the module docstring, check 4)."""
    if key_path:
        try:
            key = _load_key(Path(key_path).read_bytes())
        except OSError:
            key = None
        return [(f"公钥文件 {key_path}", key)] if key else []
    found = [("本平台公布的公钥", key) for key in platform_keys or []]
    embedded = [document.get("public_key"), *(document.get("public_keys") or [])]
    for item in embedded:
        pem = item.get("pem") if isinstance(item, dict) else None
        if isinstance(pem, str):
            key = _load_key(pem.encode("ascii", "replace"))
            if key is not None and all(key != k for _w, k in found):
                found.append(("证明文件附带的公钥（请与平台公布的密钥编号核对）", key))
    return found


def verify(document, *, key_path=None, platform_keys=(), kept_checkpoints=None) -> bv.Report:
    """Check a decision's proof document; ``report.ok`` only when every check passed."""
    report = bv.Report()
    try:
        _verify(document, report, key_path, platform_keys, kept_checkpoints)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        report.add("structure", False, f"证明文件的格式无效（{error!r}）：文件已被改动。")
    return report


def _verify(document, report, key_path, platform_keys, kept_checkpoints) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        report.add("structure", False, f"这不是本平台的公开决定证明文件（应为 {FORMAT}）。")
        return
    record, stated = document["record"], str(document["digest"])
    algorithm, expected = bv.parse_digest(stated)
    number = record.get("document_number") or record.get("title") or ""
    if bv._digest(algorithm, canonical_bytes(record)) != expected.hex():
        report.add("record", False, f"公开决定“{number}”的内容与其摘要不符：内容已被改动。")
    else:
        report.add("record", True, f"公开决定“{number}”的内容与摘要 {stated} 一致。")

    entry = document.get("entry")
    if not isinstance(entry, dict):
        report.add("ledger", False, "证明文件中没有台账记录。")
        return
    seq = entry["seq"]
    entry_algorithm, leaf = bv.parse_digest(entry["digest"])
    if bv.hash_leaf(entry_algorithm, bv.entry_bytes(entry)) != leaf:
        report.add("ledger", False, f"台账第 {seq} 条记录的内容与其哈希不符：该记录已被改动。")
    elif entry.get("kind") != DISCLOSURE_PUBLISHED:
        report.add("ledger", False, f"台账第 {seq} 条记录不是公开决定的登记。")
    elif not bv._contains(bv._payload(entry), stated):
        report.add("ledger", False, f"台账第 {seq} 条记录登记的摘要不是 {stated}。")
    else:
        report.add("ledger", True, f"台账第 {seq} 条记录登记了该决定的公开，哈希正确。")

    checkpoint, proof = document.get("checkpoint"), document.get("proof")
    if not isinstance(checkpoint, dict) or not isinstance(proof, dict):
        report.add("proof", False, f"台账第 {seq} 条记录尚无签名检查点覆盖，请等下一个检查点后"
                                   "重新下载证明文件。")
        return
    size = int(checkpoint["tree_size"])
    root_algorithm, root = bv.parse_digest(checkpoint["root"])
    path = []
    for node in proof.get("path") or []:
        node_algorithm, raw = bv.parse_digest(node)
        if node_algorithm != root_algorithm:
            raise ValueError(node)
        path.append(raw)
    if proof.get("tree_size") != size or proof.get("leaf_index") != seq - 1 or \
            entry_algorithm != root_algorithm or \
            bv.root_from_inclusion(root_algorithm, leaf, seq - 1, size, path) != root:
        report.add("proof", False, f"台账第 {seq} 条记录的包含证明不能得出检查点的默克尔根："
                                   "记录或证明已被改动。")
    else:
        report.add("proof", True, f"台账第 {seq} 条记录包含在检查点（规模 {size}）中。")
    _check_signature(document, checkpoint, report, key_path, platform_keys)
    if kept_checkpoints is not None:
        same = [c for c in kept_checkpoints if isinstance(c, dict)
                and c.get("tree_size") == size]
        if not same:
            report.add("kept", False, f"所给的检查点中没有规模为 {size} 的检查点。")
        elif any(c.get("root") != checkpoint["root"] for c in same):
            report.add("kept", False, f"规模 {size} 的检查点与所给的检查点不同：默克尔根不一致。")
        else:
            report.add("kept", True, f"检查点（规模 {size}）与所给的检查点一致。")


def _check_signature(document, checkpoint, report, key_path, platform_keys) -> None:
    try:
        bv.parse_digest(str(checkpoint["key_id"]))
        signature = base64.b64decode(str(checkpoint["signature"]), validate=True)
    except (binascii.Error, ValueError):
        signature = b""
    if not signature:
        report.add("checkpoint", False, "检查点的签名格式无效。")
        return
    ok, message = bv.signature_findings(
        checkpoint, _candidate_keys(document, key_path, platform_keys))
    report.add("checkpoint", ok, message)


def summary(report: bv.Report) -> str:
    failure = report.first_failure
    if failure is None and report.ok:
        return f"核验通过：共 {len(report.checks)} 项检查全部通过，公开决定未被篡改。"
    if failure is None:
        return "核验失败：证明文件中没有可核验的内容。"
    return f"核验失败。{failure.message}"


def _kept(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict) and isinstance(data.get("checkpoints"), list):
        return data["checkpoints"]
    return data if isinstance(data, list) else [data]


class Command(BaseCommand):
    help = "离线核验从公开决定页面下载的证明文件：内容摘要、台账记录、包含证明和检查点签名。"

    def add_arguments(self, parser):
        parser.add_argument("proof", help="从决定页面下载的证明文件（JSON）")
        parser.add_argument("--key", default=None,
                            help="另行取得的平台签名公钥（PEM）")
        parser.add_argument("--checkpoint", default=None,
                            help="此前保存的检查点（JSON，可为 /ledger/checkpoints.json）")
        parser.add_argument("--list", action="store_true", dest="list_checks",
                            help="列出每一项检查")

    def handle(self, *args, proof, key, checkpoint, list_checks, **options):
        from sanxiang.ledger import checkpoints

        try:
            document = json.loads(Path(proof).read_text(encoding="utf-8"))
            kept = _kept(checkpoint) if checkpoint else None
        except (OSError, UnicodeDecodeError, ValueError) as error:
            self.stderr.write(f"核验失败：无法读取文件（{file_error_text(error)}）。")
            sys.exit(1)
        report = verify(document, key_path=key, platform_keys=checkpoints.trusted_keys(),
                        kept_checkpoints=kept)
        if list_checks or not report.ok:
            for check in report.checks:
                self.stdout.write(f"{'通过' if check.ok else '失败'}  {check.message}")
        if not report.ok:
            self.stderr.write(summary(report))
            sys.exit(1)
        self.stdout.write(summary(report))
