"""Verify an exported case file (案卷) offline (R-REC-09), without the platform.

This file needs only Python ≥ 3.11, the ``cryptography`` package, ``merkle.py`` (the
platform's RFC 6962 code) and ``signatures.py`` (its Ed25519 and SM2 checks) beside it: no
Django, no database. All three
are copied into every bundle, as ``verify_bundle.py``, ``merkle.py`` and ``signatures.py``,
so a third party can run it as is::

    python3 verify_bundle.py 案卷.zip [--key 公钥.pub]

It checks, and names the first item that fails:

1. every file listed in ``manifest.json`` is in the archive with the digest and size the
   manifest gives, and no unlisted file sits among them;
2. every line of ``ledger.jsonl`` hashes (RFC 6962 leaf, the ledger's canonical bytes) to
   the digest it states, and consecutive entries chain;
3. every entry's inclusion proof in ``proofs.json`` leads to the checkpoint's Merkle root;
4. each of the checkpoint's signatures (Ed25519, SM2 — GB/T 32918) holds under the included
   keys (or ``--key``);
5. the manifest is the one the CASE_FILE_EXPORTED ledger entry names, and each document
   and file's digest appears in the payload of the ledger entry that registered it;
6. ``state.json``: the rows of the case as stored are bound to the ledger — every entry's
   ``"bound_rows"`` digest is the digest of its bindings, every binding's digest is the digest
   of the row it keeps, every row equals its newest binding (nothing added, changed or
   deleted outside the platform's actions), and the manifest's case, parties, steps,
   documents and evidence say what those rows say.

The digests of files are ``sm3-tree:<hex>`` (or ``sha256-tree``): an RFC 6962 Merkle tree
over 8 MiB chunks. Check 4 only proves the platform's key signed the checkpoint: compare
the key id with the one the platform publishes (/ledger/checkpoints/), or pass ``--key``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import hashlib
import json
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "sanxiang-case-file/v1"
# The most a JSON member (the manifest, the checkpoint, the proofs, the state, the ledger's
# lines) or a key may expand to before it is read whole. A case's are a few megabytes; a
# crafted bundle whose member expands to gigabytes would take the verifying machine's
# memory (probe 7, ADR 0082). ``zipfile`` stops reading at the declared size, so checking
# the declared size is enough.
MAX_READ_BYTES = 256 * 1024 * 1024
STATEMENT_HEADER = "sanxiang-ledger-checkpoint/v1"
CHUNK_SIZE = 8 * 1024 * 1024
ALGORITHMS = ("sm3", "sha256")
SEPARATOR = "\x1f"
CASE_FILE_EXPORTED = 631
BOUND_ROWS = "bound_rows"  # the payload key of the digest of an entry's row bindings
CONTENT_DIRS = ("documents/", "evidence/")


# --------------------------------------------------------------------------------------
# Hashing (RFC 6962 / RFC 9162): the platform's one Django-free module, ``merkle.py``,
# shipped beside this file in every bundle so a third party reads all the code that checks


def _load_beside(filename: str, installed: str):
    """``filename`` beside this file (in a bundle), else the installed platform's module."""
    beside = Path(__file__).with_name(filename)
    if beside.is_file():
        import importlib.util

        name = f"sanxiang_bundle_{beside.stem}"
        spec = importlib.util.spec_from_file_location(name, beside)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while building
        spec.loader.exec_module(module)
        return module
    import importlib

    return importlib.import_module(installed)


merkle = _load_beside("merkle.py", "sanxiang.ledger.merkle")
signatures = _load_beside("signatures.py", "sanxiang.ledger.signatures")
hash_leaf = merkle.hash_leaf
hash_children = merkle.hash_children
merkle_root = merkle.root
root_from_inclusion = merkle.root_from_inclusion


def _new(algorithm: str):
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown digest algorithm {algorithm!r}")
    return hashlib.new(algorithm)


def tree_digest(stream, algorithm: str) -> tuple[str, int]:
    """``<alg>-tree:<hex>`` and size of a file: a Merkle tree over 8 MiB chunks."""
    leaves, size = [], 0
    while True:
        chunk = stream.read(CHUNK_SIZE)
        while chunk and len(chunk) < CHUNK_SIZE:
            more = stream.read(CHUNK_SIZE - len(chunk))
            if not more:
                break
            chunk += more
        if not chunk:
            break
        leaves.append(hash_leaf(algorithm, chunk))
        size += len(chunk)
    if not leaves:
        leaves.append(hash_leaf(algorithm, b""))
    return f"{algorithm}-tree:{merkle_root(algorithm, leaves).hex()}", size


def tree_algorithm(digest: str) -> str:
    scheme = str(digest).partition(":")[0]
    algorithm = scheme.removesuffix("-tree")
    if scheme == algorithm or algorithm not in ALGORITHMS:
        raise ValueError(f"not a file digest: {digest!r}")
    return algorithm


def parse_digest(text: str) -> tuple[str, bytes]:
    algorithm, _, hexdigits = str(text).partition(":")
    if algorithm not in ALGORITHMS or not hexdigits:
        raise ValueError(f"not a digest: {text!r}")
    return algorithm, bytes.fromhex(hexdigits)


def _number(value) -> str:
    if value is None:
        return "-"
    if type(value) is int:
        return str(value)
    return f"x{value}"


def entry_bytes(entry: dict) -> bytes:
    """The ledger's canonical bytes (version 1) of one entry, from its stated fields."""
    return SEPARATOR.join((
        _number(entry.get("seq")), str(entry.get("recorded_at")),
        _number(entry.get("actor_id")), str(entry.get("actor_name")),
        _number(entry.get("kind")), str(entry.get("subject_type")),
        str(entry.get("subject_id")), str(entry.get("payload")),
        str(entry.get("prev_digest")),
    )).encode("utf-8")


def statement(checkpoint: dict) -> bytes:
    return (f"{STATEMENT_HEADER}\n{checkpoint['tree_size']}\n{checkpoint['root']}\n"
            f"{checkpoint['signed_at']}\n").encode()


# --------------------------------------------------------------------------------------
# The report


@dataclass
class Check:
    name: str
    ok: bool
    message: str
    item: str = ""


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def first_failure(self) -> Check | None:
        return next((c for c in self.checks if not c.ok), None)

    def add(self, name: str, ok: bool, message: str, item: str = "") -> bool:
        self.checks.append(Check(name, ok, message, item))
        return ok

    def summary(self) -> str:
        failure = self.first_failure
        if failure is None and self.ok:
            return f"核验通过：共 {len(self.checks)} 项检查全部通过，案卷未被篡改。"
        if failure is None:
            return "核验失败：案卷中没有可核验的内容。"
        failed = sum(1 for c in self.checks if not c.ok)
        return f"核验失败（{failed} 项未通过）。第一项：{failure.message}"


class _Stop(Exception):
    """The bundle is too broken to go on checking."""


def _read(archive: zipfile.ZipFile, name: str, report: Report) -> bytes:
    """A member read whole, if it is not larger than anything the platform writes."""
    if archive.getinfo(name).file_size > MAX_READ_BYTES:
        limit = MAX_READ_BYTES // (1024 * 1024)
        report.add("structure", False,
                   f"{name} 解压后超过 {limit} MB，不是本平台导出的案卷内容。", name)
        raise _Stop
    return archive.read(name)


def _load_json(archive: zipfile.ZipFile, name: str, report: Report):
    try:
        return json.loads(_read(archive, name, report).decode("utf-8"))
    except KeyError:
        report.add("structure", False, f"案卷中缺少 {name}。", name)
    except (UnicodeDecodeError, ValueError):
        report.add("structure", False, f"{name} 不是有效的 JSON 文件。", name)
    raise _Stop


def _why(error: Exception) -> str:
    """Why the file could not be opened, in words (not Python's “[Errno 2] …”); kept here,
    not in the platform's cli_text: this file runs alone."""
    if isinstance(error, zipfile.BadZipFile):
        return "不是 ZIP 文件"
    if isinstance(error, FileNotFoundError):
        return "文件不存在"
    if isinstance(error, PermissionError):
        return "没有读取权限"
    if isinstance(error, IsADirectoryError):
        return "这是文件夹，不是文件"
    return str(error)


def verify(path, *, key_path=None) -> Report:
    """Check a case-file ZIP; ``report.ok`` is True only when every check passed."""
    report = Report()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        report.add("structure", False, f"无法打开案卷文件：{_why(error)}", str(path))
        return report
    with archive, contextlib.suppress(_Stop):
        try:
            _verify(archive, report, key_path)
        except (AttributeError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as error:
            # A bundle edited into a shape the platform never writes: a failure, not a crash.
            report.add("structure", False, f"案卷内容的格式无效（{error!r}）：案卷已被改动。")
    return report


def _verify(archive: zipfile.ZipFile, report: Report, key_path) -> None:
    manifest = _load_json(archive, "manifest.json", report)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        report.add("structure", False, f"manifest.json 不是本平台导出的案卷清单（应为 {FORMAT}）。",
                   "manifest.json")
        raise _Stop
    checkpoint = _load_json(archive, "checkpoint.json", report)
    proofs = _load_json(archive, "proofs.json", report)
    entries = _ledger_lines(archive, report)
    _check_files(archive, manifest, report)
    _check_signature(archive, checkpoint, report, key_path)
    _check_entries(entries, report)
    _check_proofs(entries, proofs, checkpoint, report)
    _check_registrations(archive, manifest, entries, report)
    _check_state(_load_json(archive, "state.json", report), manifest, entries, report)


def _ledger_lines(archive: zipfile.ZipFile, report: Report) -> dict[int, dict]:
    try:
        text = _read(archive, "ledger.jsonl", report).decode("utf-8")
    except KeyError:
        report.add("structure", False, "案卷中缺少 ledger.jsonl（台账记录）。", "ledger.jsonl")
        raise _Stop from None
    except UnicodeDecodeError:
        report.add("structure", False, "ledger.jsonl 不是 UTF-8 文本。", "ledger.jsonl")
        raise _Stop from None
    entries: dict[int, dict] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            seq = entry["seq"]
            if type(seq) is not int:
                raise TypeError(seq)
        except (ValueError, KeyError, TypeError):
            report.add("ledger", False, f"ledger.jsonl 第 {number} 行不是有效的台账记录。",
                       f"ledger.jsonl:{number}")
            raise _Stop from None
        entries[seq] = entry
    return entries


def _check_files(archive: zipfile.ZipFile, manifest: dict, report: Report) -> None:
    listed = {}
    for section, label in (("documents", "文书"), ("evidence", "证据")):
        for item in manifest.get(section) or []:
            if item.get("file"):
                listed[item["file"]] = (item, label)
    names = set(archive.namelist())
    for name, (item, label) in listed.items():
        title = item.get("title") or name
        if name not in names:
            report.add("file", False, f"{label}“{title}”的文件 {name} 不在案卷中。", name)
            continue
        try:
            algorithm = tree_algorithm(item.get("digest"))
        except ValueError:
            report.add("file", False, f"清单中{label}“{title}”的摘要格式无效。", name)
            continue
        if archive.getinfo(name).file_size != item.get("size"):
            # Not hashed: a size other than the manifest's fails anyway, and a member that
            # expands without end would keep the verifier hashing.
            digest, size = None, archive.getinfo(name).file_size
        else:
            with archive.open(name) as stream:
                digest, size = tree_digest(stream, algorithm)
        if digest != item.get("digest") or size != item.get("size"):
            report.add("file", False,
                       f"文件 {name}（{label}“{title}”）的摘要与清单不符：文件已被改动。", name)
        else:
            report.add("file", True, f"文件 {name} 与清单一致。", name)
    for name in sorted(names - set(listed)):
        if name.startswith(CONTENT_DIRS) and not name.endswith("/"):
            report.add("file", False, f"文件 {name} 不在清单中：案卷被添加了文件。", name)


def _public_keys(archive: zipfile.ZipFile, key_path):
    """[(where, signatures.PublicKey)] from ``--key`` or the bundle's keys/*.pub."""
    if key_path:
        try:
            sources = [(str(key_path), Path(key_path).read_bytes())]
        except OSError:
            return []
    else:
        sources = (
            [(n, archive.read(n)) for n in archive.namelist()
             if n.startswith("keys/") and n.endswith(".pub")
             and archive.getinfo(n).file_size <= MAX_READ_BYTES])
    keys = []
    for name, data in sources:
        try:
            keys.append((name, signatures.load_public(data)))
        except ValueError:
            continue
    return keys


def signature_findings(checkpoint: dict, keys: list) -> tuple[bool, str]:
    """(ok, message in Chinese) for the signatures of a published checkpoint, checked
    against ``keys`` [(where, PublicKey)]: every signature made with one of them must hold
    (Ed25519 and SM2 alike), and one must. Shared with ``verify_record``."""
    size = checkpoint["tree_size"]
    verdict = signatures.check(checkpoint, [key for _where, key in keys])
    if verdict.malformed:
        names = "、".join(f"“{s['signature_algorithm']}”" for s in verdict.malformed)
        return False, f"检查点（规模 {size}）的签名（算法 {names}）格式无效或无法核验。"
    if verdict.invalid:
        names = "、".join(signatures.algorithm_name(s["signature_algorithm"])
                         for s in verdict.invalid)
        return False, (f"检查点（规模 {size}）的 {names} 签名无效：检查点或其签名已被改动，"
                       f"或签名是伪造的。")
    if not verdict.verified:
        ids = "、".join(s["key_id"] for s in verdict.unknown)
        return False, f"没有与检查点签名密钥（{ids}）相符的公钥。"
    names = {id(key): where for where, key in keys}
    done = "；".join(f"{signatures.algorithm_name(s['signature_algorithm'])} 签名有效，"
                    f"密钥 {s['key_id']}（{names.get(id(key), '')}）"
                    for s, key in verdict.verified)
    skipped = "".join(f"；{signatures.algorithm_name(s['signature_algorithm'])} 签名的密钥"
                      f"未提供，未核验" for s in verdict.unknown)
    return True, f"检查点（规模 {size}，默克尔根 {checkpoint['root']}）：{done}{skipped}。"


def _check_signature(archive: zipfile.ZipFile, checkpoint: dict, report: Report,
                     key_path) -> None:
    try:
        size, root = int(checkpoint["tree_size"]), str(checkpoint["root"])
        parse_digest(str(checkpoint["key_id"]))
        parse_digest(root)
        base64.b64decode(str(checkpoint["signature"]), validate=True)
        if size < 1:
            raise ValueError
    except (KeyError, TypeError, ValueError, binascii.Error):
        report.add("checkpoint", False, "checkpoint.json 的内容不完整或格式无效。",
                   "checkpoint.json")
        raise _Stop from None
    keys = _public_keys(archive, key_path)
    ok, message = signature_findings(checkpoint, keys)
    if not ok and not keys:
        where = f"公钥文件 {key_path}" if key_path else "案卷中的公钥"
        message = f"{where}与检查点的签名密钥（{checkpoint['key_id']}）不符。"
    report.add("checkpoint", ok, message, "checkpoint.json")


def _digest(algorithm: str, data: bytes) -> str:
    h = _new(algorithm)
    h.update(data)
    return h.hexdigest()


def _check_entries(entries: dict[int, dict], report: Report) -> None:
    if not entries:
        report.add("ledger", False, "ledger.jsonl 中没有台账记录。", "ledger.jsonl")
        raise _Stop
    previous = None
    for seq in sorted(entries):
        entry = entries[seq]
        item = f"ledger.jsonl#{seq}"
        try:
            algorithm, stated = parse_digest(entry.get("digest"))
        except ValueError:
            report.add("ledger", False, f"台账第 {seq} 条记录的摘要格式无效。", item)
            continue
        if hash_leaf(algorithm, entry_bytes(entry)) != stated:
            report.add("ledger", False,
                       f"台账第 {seq} 条记录的内容与其哈希不符：该记录已被改动。", item)
        elif previous is not None and previous["seq"] == seq - 1 and \
                entry.get("prev_digest") != previous.get("digest"):
            report.add("ledger", False, f"台账第 {seq} 条记录与前一条记录的链接断开。", item)
        else:
            report.add("ledger", True, f"台账第 {seq} 条记录的哈希正确。", item)
        previous = entry


def _check_proofs(entries: dict[int, dict], proofs, checkpoint: dict, report: Report) -> None:
    size = int(checkpoint["tree_size"])
    algorithm, root = parse_digest(checkpoint["root"])
    by_seq = {}
    for proof in (proofs.get("proofs") if isinstance(proofs, dict) else None) or []:
        if isinstance(proof, dict) and type(proof.get("seq")) is int:
            by_seq[proof["seq"]] = proof
    for seq in sorted(entries):
        item = f"proofs.json#{seq}"
        proof = by_seq.get(seq)
        if proof is None:
            report.add("proof", False, f"台账第 {seq} 条记录没有包含证明。", item)
            continue
        if seq > size:
            report.add("proof", False,
                       f"台账第 {seq} 条记录不在检查点（规模 {size}）覆盖的范围内。", item)
            continue
        try:
            if proof.get("tree_size") != size or proof.get("leaf_index") != seq - 1:
                raise ValueError
            leaf = parse_digest(entries[seq]["digest"])[1]
            path = []
            for node in proof.get("path") or []:
                node_algorithm, raw = parse_digest(node)
                if node_algorithm != algorithm:
                    raise ValueError
                path.append(raw)
        except (ValueError, TypeError):
            report.add("proof", False, f"台账第 {seq} 条记录的包含证明与检查点不对应。", item)
            continue
        if root_from_inclusion(algorithm, leaf, seq - 1, size, path) != root:
            report.add("proof", False,
                       f"台账第 {seq} 条记录的包含证明不能得出检查点的默克尔根："
                       "记录或证明已被改动。", item)
        else:
            report.add("proof", True, f"台账第 {seq} 条记录包含在检查点（规模 {size}）中。", item)


def _payload(entry: dict):
    try:
        return json.loads(entry.get("payload") or "null")
    except ValueError:
        return None


def _contains(value, text: str) -> bool:
    if isinstance(value, dict):
        return any(_contains(v, text) for v in value.values())
    if isinstance(value, list):
        return any(_contains(v, text) for v in value)
    return value == text


def _check_registrations(archive: zipfile.ZipFile, manifest: dict,
                         entries: dict[int, dict], report: Report) -> None:
    manifest_bytes = archive.read("manifest.json")
    case_number = (manifest.get("case") or {}).get("number")
    anchors = [e for e in entries.values() if e.get("kind") == CASE_FILE_EXPORTED
               and isinstance(_payload(e), dict) and _payload(e).get("manifest")]
    computed = {}
    for algorithm in ALGORITHMS:
        computed[f"{algorithm}-tree"] = tree_digest(_BytesReader(manifest_bytes), algorithm)[0]
    anchor = next((e for e in anchors if _payload(e)["manifest"] in computed.values()
                   and _payload(e).get("number") == case_number), None)
    if anchor is None:
        report.add("manifest", False, "manifest.json 与台账中任何一条导出登记都不符："
                   "清单已被改动，或缺少本次导出的登记。", "manifest.json")
    else:
        report.add("manifest", True, f"清单与台账第 {anchor['seq']} 条导出登记一致。",
                   "manifest.json")
    for step in manifest.get("steps") or []:
        seq = step.get("ledger_seq")
        name = f"steps:{step.get('seq')}"
        payload = _payload(entries[seq]) if type(seq) is int and seq in entries else None
        if not isinstance(payload, dict) or payload.get("step") != step.get("step") \
                or payload.get("seq") != step.get("seq"):
            report.add("registration", False,
                       f"步骤“{step.get('name') or step.get('step')}”没有相符的台账记录。", name)
        else:
            report.add("registration", True, f"步骤“{step.get('name')}”已在台账第 {seq} 条登记。",
                       name)
    for section, label in (("documents", "文书"), ("evidence", "证据")):
        for item in manifest.get(section) or []:
            title = item.get("title") or item.get("file") or item.get("id")
            name = f"{section}:{item.get('id')}"
            seq = item.get("ledger_seq")
            entry = entries.get(seq) if type(seq) is int else None
            if entry is None:
                report.add("registration", False, f"{label}“{title}”没有对应的台账登记记录。", name)
            elif not _contains(_payload(entry), item.get("digest")):
                report.add("registration", False,
                           f"{label}“{title}”的摘要与台账第 {seq} 条登记记录不符。", name)
            else:
                report.add("registration", True, f"{label}“{title}”已在台账第 {seq} 条登记。",
                           name)


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def row_digest(algorithm: str, model: str, row_id: int, fields) -> str:
    """A row's digest as the ledger binds it: H(canonical JSON of [model, id, fields])."""
    text = fields if isinstance(fields, str) else canonical_json(fields)
    data = f"[{canonical_json(model)},{int(row_id)},{text}]".encode()
    return f"{algorithm}:{_digest(algorithm, data)}"


def bindings_digest(algorithm: str, bindings) -> str:
    items = sorted([b["model"], int(b["row_id"]), b["digest"]] for b in bindings)
    return f"{algorithm}:{_digest(algorithm, canonical_json(items).encode())}"


def _table(model: str) -> str:
    return str(model).replace(".", "_")


# What the manifest says about the case, and the row field it must equal.
_CASE_FIELDS = ("number", "title", "state", "current_step", "opened_on", "closed_on")
_ROW_FIELDS = {
    "documents": ("cases.document", ("title", "number", "version", "digest", "size",
                                      "issued_on", "doc_type")),
    "evidence": ("records.evidence", ("title", "digest", "size", "filename", "kind")),
}


def _check_state(bound, manifest: dict, entries: dict[int, dict], report: Report) -> None:
    item = "state.json"
    algorithm = bound.get("algorithm")
    if algorithm not in ALGORITHMS or not isinstance(bound.get("rows"), list) \
            or not isinstance(bound.get("bindings"), list):
        report.add("state", False, "state.json 的内容不完整或格式无效。", item)
        return
    groups: dict[int, list] = {}
    latest: dict[tuple[str, int], dict] = {}
    for binding in sorted(bound["bindings"], key=lambda b: b["seq"]):
        name = f"{_table(binding['model'])} #{binding['row_id']}"
        expected = (row_digest(algorithm, binding["model"], binding["row_id"],
                               binding["fields"]) if binding["digest"] else "")
        if binding["digest"] != expected:
            report.add("state", False, f"数据行 {name} 在台账第 {binding['seq']} 条的绑定记录"
                       f"与其内容不符：state.json 已被改动。", item)
        groups.setdefault(binding["seq"], []).append(binding)
        latest[(binding["model"], int(binding["row_id"]))] = binding
    for seq in sorted(groups.keys() | {s for s, e in entries.items()
                                       if isinstance(_payload(e), dict)
                                       and BOUND_ROWS in _payload(e)}):
        entry = entries.get(seq)
        claimed = _payload(entry).get(BOUND_ROWS) if entry and isinstance(
            _payload(entry), dict) else None
        found = groups.get(seq, [])
        if claimed is None or claimed != bindings_digest(algorithm, found):
            report.add("state", False, f"台账第 {seq} 条记录所绑定的数据行与 state.json 不符："
                       f"绑定记录缺失、多出或被改动。", f"ledger.jsonl#{seq}")
    rows: dict[tuple[str, int], dict] = {}
    for row in bound["rows"]:
        key = (row["model"], int(row["id"]))
        rows[key] = row["fields"]
        name = f"{_table(row['model'])} #{row['id']}"
        binding = latest.get(key)
        if binding is None or not binding["digest"]:
            report.add("state", False, f"数据行 {name} 没有写入它的台账记录：是在平台的操作之外"
                       f"新增的。", item)
        elif row_digest(algorithm, row["model"], row["id"], row["fields"]) != binding["digest"]:
            try:
                before = json.loads(binding["fields"])
            except ValueError:
                before = {}
            changed = sorted(k for k in set(before) | set(row["fields"])
                             if before.get(k) != row["fields"].get(k))
            report.add("state", False, f"数据行 {name} 与台账第 {binding['seq']} 条记录绑定的内容"
                       f"不符，在台账之外被修改：字段 {'、'.join(changed)}。", item)
        else:
            report.add("state", True, f"数据行 {name} 与台账第 {binding['seq']} 条记录一致。",
                       item)
    for key, binding in sorted(latest.items()):
        if binding["digest"] and key not in rows:
            name = f"{_table(key[0])} #{key[1]}"
            report.add("state", False, f"数据行 {name}（台账第 {binding['seq']} 条记录绑定）"
                       f"不在案卷中：在台账之外被删除。", item)
    _check_manifest_rows(manifest, rows, bound.get("id"), report)


def _check_manifest_rows(manifest: dict, rows: dict, case_id, report: Report) -> None:
    def differ(what: str, name: str, field_name: str):
        report.add("manifest_state", False, f"清单中{what}的“{field_name}”与平台存储并由台账"
                   f"绑定的数据不符（{name}）：清单与台账记录不一致。", "manifest.json")

    case = manifest.get("case") or {}
    stored = rows.get(("cases.case", case.get("id")))
    if stored is None or case.get("id") != case_id:
        differ("案件", f"cases_case #{case.get('id')}", "id")
        return
    ok = True
    for name in _CASE_FIELDS:
        if case.get(name) != stored.get(name):
            differ("案件", f"cases_case #{case_id}", name)
            ok = False
    parties = sorted(f["name"] for (m, _i), f in rows.items() if m == "cases.party")
    if sorted(case.get("parties") or []) != parties:
        differ("案件", "cases_party", "parties")
        ok = False
    steps = {(f["seq"], f["step"], f["done_on"]) for (m, _i), f in rows.items()
             if m == "cases.steprecord"}
    if {(s.get("seq"), s.get("step"), s.get("done_on")) for s in manifest.get("steps") or []} \
            != steps:
        differ("步骤", "cases_steprecord", "steps")
        ok = False
    for section, (model, names) in _ROW_FIELDS.items():
        for item in manifest.get(section) or []:
            row = rows.get((model, item.get("id")))
            for name in names:
                if row is None or item.get(name) != row.get(name):
                    differ(f"“{item.get('title')}”", f"{_table(model)} #{item.get('id')}", name)
                    ok = False
                    break
    if ok:
        report.add("manifest_state", True,
                   "清单中的案件、当事人、步骤、文书和证据与台账绑定的数据一致。", "manifest.json")


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._at = data, 0

    def read(self, n: int) -> bytes:
        part = self._data[self._at:self._at + n]
        self._at += len(part)
        return part


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sanxiang verify-bundle",
                                     description="离线核验导出的案卷（ZIP）是否完整、未被篡改。")
    parser.add_argument("bundle", help="案卷 ZIP 文件")
    parser.add_argument("--key", default=None,
                        help="另行取得的平台签名公钥（PEM）；不给时使用案卷中附带的公钥")
    parser.add_argument("--verbose", "-v", action="store_true", help="列出每一项检查")
    args = parser.parse_args(argv)
    report = verify(args.bundle, key_path=args.key)
    if args.verbose:
        for check in report.checks:
            print(f"{'通过' if check.ok else '失败'}  {check.message}")
    stream = sys.stdout if report.ok else sys.stderr
    print(report.summary(), file=stream)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
