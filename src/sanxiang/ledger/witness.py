"""Witness the platform's signed checkpoints (R-REC-09): ``sanxiang ledger witness URL``.

Run by another party — the justice bureau, an archive — on its own machine, with no
database and no Django: it needs Python, ``cryptography`` and this package's ``merkle``
and ``signatures`` (Ed25519 and SM2).
Each run fetches the newest checkpoint the portal publishes (``/ledger/checkpoints.json``)
and, against the last one it keeps in its directory:

* checks the signatures (Ed25519, SM2 or both) with the keys it pinned (``--key PUB`` on
  the first run, else the portal's keys are pinned then, trust on first use);
* refuses a checkpoint smaller than the one it holds (the ledger was truncated or an old
  checkpoint is being replayed), or of the same size with another root (a fork);
* checks the checkpoint's C2SP signed note, when it has one (ADR 0032): it must state the
  same size and root, and its lines made with the pinned keys must verify (the note is
  then kept in the record, for tools that read that format);
* fetches the consistency proof from the held size to the new one
  (``/ledger/consistency.json``) and checks that the new tree extends the held tree, so
  no entry it once witnessed was rewritten, removed or reordered (RFC 9162 §2.1.4).

Accepted checkpoints are kept as ``checkpoint-<size>.json`` plus ``latest.json``; give
one of them to ``sanxiang ledger verify --checkpoint FILE`` on the platform to check the
platform's own database against it.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import secrets
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sanxiang.ledger import merkle, note, signatures

STATEMENT_HEADER = signatures.STATEMENT_HEADER
LATEST = "latest.json"
KEYS = "keys"
TIMEOUT = 30
MAX_BYTES = 4 * 1024 * 1024


class WitnessFailure(Exception):
    def __init__(self, problem: str, message: str):
        super().__init__(message)
        self.problem, self.message = problem, message


@dataclass(frozen=True)
class Outcome:
    ok: bool
    problem: str  # "", signature, rollback, fork, consistency, fetch, format
    message: str
    checkpoint: dict | None = None


def statement(checkpoint: dict) -> bytes:
    return signatures.statement(checkpoint)


def parse_digest(text: str) -> tuple[str, bytes]:
    algorithm, _, hexdigits = str(text).partition(":")
    if algorithm not in ("sm3", "sha256") or len(hexdigits) != 64:
        raise ValueError(f"not a digest: {text!r}")
    return algorithm, bytes.fromhex(hexdigits)


def key_id(pem: bytes, algorithm: str) -> str:
    """The key id of an Ed25519 or SM2 public key (PEM); ValueError for anything else."""
    return signatures.load_public(pem).key_id(algorithm)


def _public_keys(pems: list[bytes]) -> list[signatures.PublicKey]:
    keys = []
    for pem in pems:
        try:
            keys.append(signatures.load_public(pem))
        except ValueError:
            continue
    return keys


def check_signature(checkpoint: dict, keys: list[bytes]) -> str:
    """Raise WitnessFailure unless every signature of ``checkpoint`` made with one of
    ``keys`` (PEM, Ed25519 or SM2) holds, and one does. Says which were checked."""
    size = checkpoint.get("tree_size")
    try:
        parse_digest(checkpoint["key_id"])
        parse_digest(checkpoint["root"])
        base64.b64decode(str(checkpoint["signature"]), validate=True)
        if type(size) is not int or size < 1:
            raise ValueError(size)
    except (KeyError, ValueError, binascii.Error):
        raise WitnessFailure("format", "检查点的内容不完整或格式无效。") from None
    verdict = signatures.check(checkpoint, _public_keys(keys))
    if verdict.malformed:
        names = "、".join(f"“{s['signature_algorithm']}”" for s in verdict.malformed)
        raise WitnessFailure("signature", f"检查点（规模 {size}）的签名（算法 {names}）"
                             f"格式无效或无法核验。")
    if verdict.invalid:
        names = "、".join(signatures.algorithm_name(s["signature_algorithm"])
                         for s in verdict.invalid)
        raise WitnessFailure("signature", f"检查点（规模 {size}）的 {names} 签名无效：检查点"
                             f"已被改动或不是平台签署的。")
    if not verdict.verified:
        raise WitnessFailure("signature", f"检查点（规模 {size}）的签名密钥 {checkpoint['key_id']} "
                             f"不是本地固定的平台公钥：平台换了密钥，或检查点是伪造的。")
    checked = "、".join(signatures.algorithm_name(s["signature_algorithm"])
                       for s, _key in verdict.verified) + " 签名有效"
    for item in verdict.unknown:
        checked += (f"（{signatures.algorithm_name(item['signature_algorithm'])} 签名的密钥"
                    f"未在本地固定，未核验）")
    return checked


def check_note(checkpoint: dict, keys: list[bytes]) -> str:
    """Raise WitnessFailure unless the checkpoint's signed note (if any) states its size
    and root and verifies under the pinned keys; "" or what was checked."""
    text = checkpoint.get("note")
    if not text:
        return ""
    size = checkpoint.get("tree_size")
    try:
        body, _lines = note.parse(str(text))
        stated = note.parse_checkpoint(body)
        if stated.tree_size != size or stated.root != parse_digest(checkpoint["root"])[1]:
            raise WitnessFailure("signature", f"检查点（规模 {size}）的签名文本与检查点的规模或"
                                 f"默克尔根不符。")
        opened = note.open_note(str(text), [(stated.origin, k) for k in _public_keys(keys)])
    except (note.NoteError, ValueError):
        raise WitnessFailure("format", f"检查点（规模 {size}）的签名文本格式无效。") from None
    if not opened.ok:
        raise WitnessFailure("signature", f"检查点（规模 {size}）的签名文本（C2SP）没有通过"
                             f"本地固定公钥的核验。")
    return "，签名文本（C2SP）有效"


def fetch_url(url: str) -> bytes:
    """HTTP(S) GET with a timeout and a size limit."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise WitnessFailure("fetch", f"只支持 http 或 https 地址：{url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            data = response.read(MAX_BYTES + 1)
    except OSError as error:
        raise WitnessFailure("fetch", f"无法取得 {url}：{error}") from None
    if len(data) > MAX_BYTES:
        raise WitnessFailure("fetch", f"{url} 的内容过大。")
    return data


def _json(fetch, url: str):
    try:
        return json.loads(fetch(url))
    except (ValueError, UnicodeDecodeError):
        raise WitnessFailure("format", f"{url} 返回的不是有效的 JSON。") from None


def feed_url(url: str) -> str:
    if url.endswith(".json"):
        return url
    return urllib.parse.urljoin(url.rstrip("/") + "/", "ledger/checkpoints.json")


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _pinned(directory: Path) -> list[bytes]:
    folder = directory / KEYS
    return [p.read_bytes() for p in sorted(folder.glob("*.pub"))] if folder.is_dir() else []


def _pin(directory: Path, pem: bytes) -> None:
    folder = directory / KEYS
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / f"{key_id(pem, 'sha256').partition(':')[2][:16]}.pub", pem)


def held(directory: Path) -> dict | None:
    path = directory / LATEST
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def check_extends(old: dict, new: dict, proof: dict) -> None:
    """Raise unless ``proof`` shows the tree of ``new`` extends the tree of ``old``."""
    old_size, new_size = old["tree_size"], new["tree_size"]
    try:
        algorithm, old_root = parse_digest(old["root"])
        new_algorithm, new_root = parse_digest(new["root"])
        if (proof.get("old_size"), proof.get("new_size")) != (old_size, new_size) \
                or new_algorithm != algorithm:
            raise ValueError
        path = [parse_digest(h)[1] for h in proof.get("path") or []]
    except (KeyError, TypeError, ValueError):
        raise WitnessFailure("consistency", f"平台给出的规模 {old_size} 到 {new_size} 的一致性证明"
                             f"格式无效。") from None
    if not merkle.verify_consistency(algorithm, old_size, new_size, old_root, new_root, path):
        raise WitnessFailure("fork", f"平台的台账（规模 {new_size}）不是本地保存的检查点（规模 "
                             f"{old_size}，签署于 {old.get('signed_at')}）的延续：已见证的历史记录"
                             f"被改写、删除或重排（分叉）。")


def witness(url: str, directory, *, key: bytes | None = None, fetch=fetch_url) -> Outcome:
    """One witnessing run; see the module docstring. Never raises for what it finds."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        source = feed_url(url)
        feed = _json(fetch, source)
        listed = feed.get("checkpoints") if isinstance(feed, dict) else None
        if not listed:
            raise WitnessFailure("format", f"{source} 中没有已签署的检查点。")
        newest = max(listed, key=lambda c: c.get("tree_size") or 0)
        keys = _pinned(directory)
        first_use = not keys
        if first_use:
            if key is not None:
                keys = [key]
            else:
                keys = [fetch(urllib.parse.urljoin(source, k["url"]))
                        for k in feed.get("keys") or []]
        checked = check_signature(newest, keys) + check_note(newest, keys)
        old = held(directory)
        if old is not None:
            if newest["tree_size"] < old["tree_size"]:
                raise WitnessFailure(
                    "rollback", f"平台公布的最新检查点（规模 {newest['tree_size']}）小于本地已"
                    f"保存的检查点（规模 {old['tree_size']}，签署于 {old.get('signed_at')}）："
                    f"台账被截短，或平台在重放旧的检查点。")
            if newest["tree_size"] == old["tree_size"]:
                if newest["root"] != old["root"]:
                    raise WitnessFailure(
                        "fork", f"平台公布的检查点（规模 {newest['tree_size']}）的默克尔根与本地"
                        f"保存的不同：同一规模出现两份不同的台账（分叉）。")
                return Outcome(True, "", f"没有新的检查点；规模 {old['tree_size']} "
                               f"与本地保存的一致。", old)
            template = feed.get("consistency") or urllib.parse.urljoin(
                source, "consistency.json")
            query = urllib.parse.urlencode({"old": old["tree_size"],
                                            "new": newest["tree_size"]})
            check_extends(old, newest, _json(fetch, f"{template}?{query}"))
        for pem in keys if first_use else ():
            _pin(directory, pem)
        record = {**{k: newest[k] for k in ("tree_size", "root", "signed_at",
                                            "signature_algorithm", "key_id", "signature")},
                  "signatures": signatures.listed(newest), "source": source}
        if newest.get("note"):
            record["note"] = newest["note"]
        data = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode()
        _write(directory / f"checkpoint-{newest['tree_size']}.json", data)
        _write(directory / LATEST, data)
    except WitnessFailure as failure:
        return Outcome(False, failure.problem, failure.message)
    except (KeyError, TypeError, AttributeError) as error:
        return Outcome(False, "format", f"平台公布的检查点格式无效（{error!r}）。")
    before = "" if old is None else f"，是本地保存的规模 {old['tree_size']} 的延续"
    pinned = "（首次运行，已固定平台公钥）" if first_use else ""
    return Outcome(True, "", f"已见证检查点：规模 {newest['tree_size']}，"
                   f"默克尔根 {newest['root']}{before}，{checked}。{pinned}", record)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sanxiang ledger witness",
        description="取得平台公布的台账检查点，核对签名以及与本地保存的上一个检查点的"
                    "一致性，并保存。")
    parser.add_argument("url", help="平台门户地址，或其 /ledger/checkpoints.json 地址")
    parser.add_argument("--dir", default="witness", help="保存检查点的目录（默认 ./witness）")
    parser.add_argument("--key", default=None,
                        help="另行取得的平台签名公钥（PEM），首次运行时固定；"
                             "不给时固定门户公布的公钥")
    args = parser.parse_args(argv)
    key = Path(args.key).read_bytes() if args.key else None
    outcome = witness(args.url, args.dir, key=key)
    print(outcome.message if outcome.ok else f"见证失败：{outcome.message}",
          file=sys.stdout if outcome.ok else sys.stderr)
    return 0 if outcome.ok else 1
