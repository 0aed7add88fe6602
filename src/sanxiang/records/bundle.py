"""Export a case file (案卷) as a ZIP a third party can verify offline (R-REC-09).

The archive holds::

    manifest.json      the case, its timeline and completeness, every document and evidence
                       file with digest, size and ledger entry
    documents/…pdf     the issued documents, byte for byte from the blob store
    evidence/…         the evidence files, only with include_media=True (videos are large;
                       their digests are always in the manifest)
    ledger.jsonl       every ledger entry about the case, its documents and evidence, with
                       all the fields its leaf hash covers
    state.json         the case's rows as stored (case, parties, steps, documents, evidence,
                       review, publication …) and every binding of them to the ledger
                       entries above (``sanxiang.ledger.state``): the manifest is checked
                       against these rows, and the rows against the ledger
    proofs.json        an inclusion proof of each entry in the checkpoint's tree
    checkpoint.json    a signed checkpoint covering all those entries
    keys/*.pub         the checkpoint's public keys (Ed25519, SM2 or both)
    verify_bundle.py   the verifier (``bundle_verify``), runnable without the platform
    merkle.py          the RFC 6962 code it uses (``sanxiang/ledger/merkle.py``)
    signatures.py      the Ed25519 and SM2 checks it uses (``sanxiang/ledger/signatures.py``)
    README.txt         how to verify, in Chinese

The export is recorded first (a CASE_FILE_EXPORTED ledger event naming the manifest's
digest, and a custody entry with the reason, R-REC-06), so the manifest is anchored in the
ledger the bundle proves. The large files are copied before that transaction and the
proofs computed after it: nothing slow runs while the ledger is locked.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.cases.models import Case, Document
from sanxiang.cases.workflows import DOCUMENT_TYPES
from sanxiang.core import blobs, digests
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import Checkpoint, LedgerEvent, RowBinding
from sanxiang.ledger import checkpoints, merkle, signatures, state
from sanxiang.ledger import proofs as ledger_proofs
from sanxiang.ledger.events import EventKind
from sanxiang.records import bundle_verify, casefile, custody, integrity
from sanxiang.records.models import CustodyEntry, Evidence, RecordingException

FORMAT = bundle_verify.FORMAT
_UNSAFE = re.compile(r"[^\w〔〕\-.]+")


def exports_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("._") or "_"


def _require_viewer(acting_user, case: Case) -> None:
    if acting_user is None:
        return
    if not (acting_user.is_active
            and Case.objects.visible_to(acting_user).filter(pk=case.pk).exists()):
        raise PermissionDenied(_("You may not export the file of this case."))


def export_case_file(*, acting_user, case: Case, reason: str, include_media: bool = False,
                     request=None, directory: Path | None = None, progress=None) -> Path:
    """Write the case file ZIP under ``directory`` (``DATA_DIR/exports``); return its path.

    ``progress(done, total)``, when given, is called as the files are copied (a background
    job shows it: ``sanxiang.jobs.runner``)."""
    _require_viewer(acting_user, case)
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("R-REC-06", _("Give the reason for exporting the case file."),
                            field="reason")
    documents = list(Document.objects.filter(case=case).order_by("issued_at", "pk"))
    evidence = list(Evidence.objects.filter(case=case).select_related("captured_by", "uploaded_by")
                    .order_by("captured_from", "pk"))
    directory = Path(directory) if directory is not None else exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    final = directory / f"{_safe(case.number)}-{stamp}-{secrets.token_hex(3)}.zip"
    temporary = directory / f".{final.name}.part"
    try:
        with zipfile.ZipFile(temporary, "x", compression=zipfile.ZIP_DEFLATED) as archive:
            manifest = _manifest(acting_user, case, reason, documents, evidence,
                                 include_media)
            _write_files(archive, manifest, progress)
            manifest_bytes = _json_bytes(manifest)
            archive.writestr("manifest.json", manifest_bytes)
            manifest_digest = blobs.digest_of_bytes(manifest_bytes)
            with transaction.atomic():
                event = ledger.append(
                    kind=EventKind.CASE_FILE_EXPORTED, subject=case, actor=acting_user,
                    payload={"number": case.number, "reason": reason,
                             "manifest": manifest_digest, "documents": len(documents),
                             "evidence": len(evidence), "media_included": include_media,
                             "file": final.name})
                if acting_user is not None:
                    custody.log_access(user=acting_user, action=CustodyEntry.Action.EXPORT,
                                       reason=reason, case=case, request=request)
                bound = _state(case, event.seq)
            archive.writestr("state.json", _json_bytes(bound))
            _write_proof(archive, case, documents, evidence, event.seq,
                         {b["seq"] for b in bound["bindings"]})
        os.chmod(temporary, 0o600)  # personal data: readable by the platform only
        temporary.rename(final)
    finally:
        temporary.unlink(missing_ok=True)
    return final


# --------------------------------------------------------------------------------------
# Content


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _json_bytes(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True,
                      default=_plain).encode("utf-8")


def _document_file(doc: Document, taken: set[str]) -> str:
    stem = _safe(doc.number) if doc.number else f"{doc.doc_type}-{doc.pk}"
    name = f"documents/{stem}-v{doc.version}.pdf"
    if name in taken:
        name = f"documents/{stem}-{doc.pk}-v{doc.version}.pdf"
    taken.add(name)
    return name


def _manifest(acting_user, case: Case, reason: str, documents, evidence,
              include_media: bool) -> dict:
    workflow = case.workflow
    taken: set[str] = set()
    doc_items = [{
        "id": doc.pk, "doc_type": doc.doc_type,
        "type_name": str(DOCUMENT_TYPES[doc.doc_type][0]) if doc.doc_type in DOCUMENT_TYPES
        else doc.doc_type,
        "title": doc.title, "number": doc.number, "version": doc.version,
        "corrects": doc.corrects_id, "step": doc.step, "issued_on": doc.issued_on,
        "issued_at": doc.issued_at, "digest": doc.digest, "size": doc.size,
        "ledger_seq": doc.ledger_seq, "file": _document_file(doc, taken),
    } for doc in documents]
    evidence_items = [{
        "id": item.pk, "kind": item.kind, "title": item.title, "step": item.step,
        "proves": item.proves, "captured_from": item.captured_from,
        "captured_to": item.captured_to, "place": item.place,
        "captured_by": item.captured_by.name, "device": item.device,
        "uninterrupted": item.uninterrupted, "gaps": item.gaps, "filename": item.filename,
        "content_type": item.content_type, "digest": item.digest, "size": item.size,
        "uploaded_at": item.uploaded_at, "late": item.late, "late_reason": item.late_reason,
        # 补充归档 (R-REC-02): who added it to the archived file and why ("" otherwise).
        "uploaded_by": ledger.actor_display(item.uploaded_by),
        "supplement_reason": item.supplement_reason,
        "ledger_seq": item.ledger_seq,
        "file": f"evidence/{item.pk}-{_safe(item.filename)}" if include_media else None,
    } for item in evidence]
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "exported_by": ledger.actor_display(acting_user),
        "reason": reason,
        "case": {
            "id": case.pk, "number": case.number, "title": case.title,
            "body": case.body.name, "body_credit_code": case.body.credit_code,
            "procedure": case.procedure, "procedure_name": str(workflow.name),
            "state": case.state, "current_step": case.current_step,
            "opened_on": case.opened_on, "closed_on": case.closed_on,
            "parties": [p.name for p in case.parties.all()],
        },
        "steps": [{"seq": r.seq, "step": r.step, "name": casefile._step_name(workflow, r.step),
                   "condition": r.condition, "done_on": r.done_on, "ledger_seq": r.ledger_seq}
                  for r in case.steps.order_by("seq")],
        "documents": doc_items,
        "evidence": evidence_items,
        "media_included": include_media,
        "timeline": [entry.as_dict() for entry in casefile.timeline(case)],
        "completeness": [finding.as_dict() for finding in casefile.completeness(case)],
    }


def _write_files(archive: zipfile.ZipFile, manifest: dict, progress=None) -> None:
    items = [item for item in manifest["documents"] + manifest["evidence"] if item["file"]]
    for done, item in enumerate(items):
        if progress is not None:
            progress(done, len(items))
        # An original changed on disk is not exported as if intact (R-REC-02).
        state = integrity.state_of(item["digest"], item["size"])
        if state in (integrity.State.CHANGED, integrity.State.UNCHECKED):
            raise RuleViolation("R-REC-02", _(
                "The stored original of “%(title)s” does not match its digest (or has not "
                "been checked since it changed on disk); the case file cannot be exported.")
                % {"title": item["title"]})
        try:
            source = blobs.open_blob(item["digest"])
        except (FileNotFoundError, blobs.BlobError):
            raise RuleViolation("R-REC-02", _(
                "The stored original of “%(title)s” is missing; the case file cannot be "
                "exported.") % {"title": item["title"]}) from None
        # Recordings and PDFs are compressed already; storing them saves the CPU.
        with source, archive.open(zipfile.ZipInfo(item["file"], _zip_time()), "w",
                                  force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
    if progress is not None:
        progress(len(items), len(items))


def _zip_time():
    return timezone.localtime().timetuple()[:6]


# --------------------------------------------------------------------------------------
# Proof


def _state(case: Case, export_seq: int) -> dict:
    """The case's rows and every binding of them up to the export (R-REC-02)."""
    rows = []
    for member in state.AGGREGATES[state.CASE]:
        queryset = state.model_of(member.label).objects.filter(**{member.key: case.pk})
        for pk, fields in state.row_fields(member.label, queryset.order_by("pk")).items():
            rows.append({"model": member.label, "id": pk, "fields": fields})
    bindings = list(RowBinding.objects.filter(aggregate=state.CASE, aggregate_id=case.pk,
                                              seq__lte=export_seq)
                    .order_by("seq", "model", "row_id")
                    .values("seq", "model", "row_id", "digest", "fields"))
    return {"aggregate": state.CASE, "id": case.pk, "algorithm": ledger.ledger_algorithm(),
            "rows": rows, "bindings": bindings}


def _entries(case: Case, documents, evidence, last_seq: int,
             binding_seqs=frozenset()) -> list[LedgerEvent]:
    subjects = Q(subject_type=Case._meta.label_lower, subject_id=str(case.pk))
    for model, ids in ((Document, [d.pk for d in documents]),
                       (Evidence, [e.pk for e in evidence]),
                       (RecordingException,
                        list(RecordingException.objects.filter(case=case)
                             .values_list("pk", flat=True)))):
        if ids:
            subjects |= Q(subject_type=model._meta.label_lower,
                          subject_id__in=[str(i) for i in ids])
    named = {row.ledger_seq for row in [*documents, *evidence] if row.ledger_seq}
    named |= set(case.steps.exclude(ledger_seq=None).values_list("ledger_seq", flat=True))
    named |= set(binding_seqs)
    if named:
        subjects |= Q(seq__in=sorted(named))
    return list(LedgerEvent.objects.filter(subjects, seq__lte=last_seq).order_by("seq"))


def _covering_checkpoint(last_seq: int) -> Checkpoint:
    latest = Checkpoint.objects.order_by("-tree_size").first()
    if latest is None or latest.tree_size < last_seq:
        latest = checkpoints.sign_checkpoint(acting_user=None)
    if checkpoints.verify_signature(latest) is not True:
        raise RuleViolation("R-REC-02", _("The latest ledger checkpoint does not verify; the "
                                          "case file cannot be exported."))
    return latest


def _write_proof(archive: zipfile.ZipFile, case: Case, documents, evidence,
                 export_seq: int, binding_seqs=frozenset()) -> None:
    checkpoint = _covering_checkpoint(export_seq)
    entries = _entries(case, documents, evidence, export_seq, binding_seqs)
    algorithm = ledger.ledger_algorithm()
    lines = []
    for event in entries:
        # A tampered row would only make a bundle that fails: refuse it here, by name.
        if digests.format_digest(algorithm, ledger.leaf_hash(
                algorithm, ledger.event_bytes(event))) != event.digest:
            raise RuleViolation("R-REC-02", _("Ledger entry %(seq)d does not match its digest; "
                                              "run the ledger verification.") % {
                                                  "seq": event.seq})
        lines.append(json.dumps({
            "seq": event.seq, "recorded_at": ledger.format_time(event.recorded_at),
            "actor_id": event.actor_id, "actor_name": event.actor_name, "kind": event.kind,
            "kind_name": _kind_name(event.kind), "subject_type": event.subject_type,
            "subject_id": event.subject_id, "payload": event.payload,
            "prev_digest": event.prev_digest, "digest": event.digest,
        }, ensure_ascii=False, sort_keys=True))
    archive.writestr("ledger.jsonl", "\n".join(lines) + "\n")
    paths, root = inclusion_paths(algorithm, [e.seq for e in entries], checkpoint.tree_size)
    if digests.format_digest(algorithm, root) != checkpoint.root:
        raise RuleViolation("R-REC-02", _("The ledger no longer matches its signed checkpoint; "
                                          "run the ledger verification."))
    archive.writestr("proofs.json", _json_bytes({
        "algorithm": algorithm, "tree_size": checkpoint.tree_size, "root": checkpoint.root,
        "proofs": [{"type": "inclusion", "seq": e.seq, "leaf_index": e.seq - 1,
                    "tree_size": checkpoint.tree_size, "leaf_hash": e.digest,
                    "path": [digests.format_digest(algorithm, h) for h in paths[e.seq]]}
                   for e in entries],
    }))
    archive.writestr("checkpoint.json", _json_bytes({
        **checkpoints.published(checkpoint),
        "statement": checkpoints.statement(tree_size=checkpoint.tree_size,
                                           root=checkpoint.root,
                                           signed_at=checkpoint.signed_at).decode(),
    }))
    # The public key of each signature (Ed25519, SM2 or both, ADR 0022).
    wanted = {s["key_id"] for s in signatures.listed(checkpoints.published(checkpoint))}
    for key in checkpoints.trusted_keys():
        for key_id in wanted:
            if checkpoints.key_id(key, ledger.algorithm_of(key_id)) == key_id:
                archive.writestr(f"keys/{key_id.partition(':')[2][:16]}.pub", key.pem())
    archive.writestr("verify_bundle.py", Path(bundle_verify.__file__).read_bytes())
    archive.writestr("merkle.py", Path(merkle.__file__).read_bytes())
    archive.writestr("signatures.py", Path(signatures.__file__).read_bytes())
    archive.writestr("README.txt", readme(case, checkpoint))


def _kind_name(kind: int) -> str:
    try:
        return EventKind(kind).name
    except ValueError:
        return str(kind)


def inclusion_paths(algorithm: str, seqs: list[int], size: int):
    """Inclusion proofs of many entries, from the stored subtree hashes: each reads
    O(log n) rows, and rows shared between them are read once. Returns ({seq: path}, root).
    """
    return ledger_proofs.inclusion_paths(algorithm, seqs, size)


def readme(case: Case, checkpoint: Checkpoint) -> str:
    return f"""案卷导出说明
============

本压缩包是案件 {case.number}（{case.title}）的电子案卷，由行政执法平台导出。
它可以在不连接平台、没有数据库的计算机上独立核验是否完整、是否被改动。

一、包含的内容
  manifest.json     案件概况、全过程记录（时间线）、完整性检查结果，以及每份文书、
                    每个证据文件的摘要（sm3-tree）、大小和台账记录序号
  documents/        文书 PDF 原件
  evidence/         证据文件原件（导出时选择附带时才有；音像文件较大，通常只列摘要）
  ledger.jsonl      与本案、本案文书和证据有关的全部台账记录，每行一条
  state.json        本案在平台中存储的各项数据（案件、当事人、步骤、文书、证据、
                    法制审核、公开等），以及每一行数据与台账记录的绑定
  proofs.json       每条台账记录包含在检查点默克尔树中的证明（RFC 6962/9162）
  checkpoint.json   平台签署的台账检查点（规模 {checkpoint.tree_size}，
                    默克尔根 {checkpoint.root}）
  keys/             检查点签名公钥（Ed25519 和/或 SM2）
  verify_bundle.py  核验程序
  merkle.py         核验程序所用的默克尔树代码（与平台所用的是同一份）
  signatures.py     核验程序所用的签名代码：Ed25519，以及 SM2（GB/T 32918，
                    默认用户标识 1234567812345678）

二、如何核验
  需要 Python 3.11 或更新版本，以及 cryptography 软件包（pip install cryptography）。
  在本文件所在目录之外执行：

      python3 verify_bundle.py 本压缩包.zip

  或在安装了本平台的计算机上执行：sanxiang verify-bundle 本压缩包.zip
  全部通过时输出“核验通过”，退出码为 0；否则输出“核验失败”并指出第一处问题，退出码为 1。
  加 -v 可列出每一项检查。

三、核验了什么
  1. 每个文件的摘要和大小与清单一致，没有多出未登记的文件；
  2. 每条台账记录按其内容重新计算的哈希与记录的摘要一致，相邻记录的链接完整；
  3. 每条台账记录的包含证明都能得出检查点的默克尔根；
  4. 检查点的每一个签名（Ed25519、SM2）都有效；
  5. 清单就是台账中“导出案卷”记录所登记的那一份，每份文书和证据的摘要
     都出现在登记它的台账记录中；
  6. 本案的每一行数据都与写入它的台账记录所绑定的摘要一致，没有在台账之外
     新增、修改或删除；清单中的案件名称、当事人、步骤、文书和证据与这些数据一致。

四、请另行核对签名密钥
  第 4 项只说明检查点由案卷所附公钥签署。请将 checkpoint.json 中的密钥标识
  （{checkpoint.key_id}）与平台门户“台账检查点”页面（/ledger/checkpoints/）公布的
  密钥标识核对，或从门户下载公钥后执行：

      python3 verify_bundle.py 本压缩包.zip --key 下载的公钥.pub

  也可以在门户上查到规模为 {checkpoint.tree_size} 的检查点，核对默克尔根是否相同。
"""
