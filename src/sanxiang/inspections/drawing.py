"""The verifiable draw (R-INS-03): a deterministic function of (published lists, seed).

This module imports nothing from Django: ``sanxiang verify-draw`` runs it on any machine
with Python. The algorithm is specified in docs/adr/0013-verifiable-draws.md so that it can
be reimplemented from the text alone; the browser's copy is
``inspections/static/inspections/draw.js``. Changing anything here breaks every published
draw: add a new ``FORMAT`` instead.

In short:

- ``canonical(value)``: JSON, keys sorted, no spaces, UTF-8 kept as is.
- ``lists_digest = H(canonical(lists))`` with H the lists' ``algorithm`` (sm3 or sha256).
- the random stream named ``label`` is the sequence of blocks
  ``H(FORMAT ␟ lists_digest ␟ seed ␟ label ␟ counter)`` (␟ = U+001F, counter decimal from 0);
  ``below(m)`` reads the first 6 bytes of the next block as a big-endian integer v and
  returns v mod m when v < 2^48 − (2^48 mod m), else reads the next block (no bias).
- each stratum s takes ``take`` objects by a forward partial Fisher–Yates shuffle on stream
  ``objects/<s>``: for i in 0 … take−1, j = i + below(n − i), swap a[i] and a[j], pick a[i].
- inspectors: the list is shuffled in full (Durstenfeld, i from n−1 down to 1, j =
  below(i + 1)) on stream ``inspectors/<r>`` for round r = 0, 1, …; the selected objects, in
  draw order, take the next inspectors of the current round in turn, skipping an inspector
  in conflict with the object or already on it; when a round is used up the next round is
  shuffled. Workloads stay even and pairs change every round.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

FORMAT = "sanxiang-draw/1"
ALGORITHMS = ("sm3", "sha256")
SEPARATOR = "\x1f"
RANDOM_BYTES = 6
SPACE = 1 << (8 * RANDOM_BYTES)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class DrawError(ValueError):
    """The lists or the seed cannot make a draw; the message says why (Chinese)."""


def canonical(value) -> str:
    return _ENCODER.encode(value)


def _hash(algorithm: str, data: bytes) -> bytes:
    if algorithm not in ALGORITHMS:
        raise DrawError(f"未知的摘要算法：{algorithm}")
    return hashlib.new(algorithm, data).digest()


def digest(algorithm: str, value) -> str:
    """``algorithm:hex`` over the canonical JSON of ``value``."""
    return f"{algorithm}:{_hash(algorithm, canonical(value).encode('utf-8')).hex()}"


def normalise_seed(seed: str) -> str:
    """The seed as used: runs of white space become one space, none at the ends."""
    return " ".join(str(seed).split())


class Stream:
    """Uniform integers from H(FORMAT ␟ digest ␟ seed ␟ label ␟ counter)."""

    def __init__(self, algorithm: str, lists_digest: str, seed: str, label: str):
        if algorithm not in ALGORITHMS:
            raise DrawError(f"未知的摘要算法：{algorithm}")
        # The hasher fed with the prefix, copied per block: the prefix is hashed once.
        self.base = hashlib.new(algorithm)
        self.base.update(SEPARATOR.join((FORMAT, lists_digest, seed, label, "")).encode("utf-8"))
        self.counter = 0

    def below(self, m: int) -> int:
        if m <= 0:
            raise DrawError("抽取范围为空。")
        limit = SPACE - SPACE % m
        while True:
            hasher = self.base.copy()
            hasher.update(str(self.counter).encode("ascii"))
            block = hasher.digest()
            self.counter += 1
            value = int.from_bytes(block[:RANDOM_BYTES], "big")
            if value < limit:
                return value % m


def shuffle(items: list, stream: Stream) -> list:
    """Durstenfeld's Fisher–Yates, from the last position down."""
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = stream.below(i + 1)
        items[i], items[j] = items[j], items[i]
    return items


def pick(n: int, take: int, stream: Stream) -> list[int]:
    """Positions of ``take`` of ``n`` items, in draw order (forward partial Fisher–Yates).

    The array is virtual (only swapped positions are stored), so picking 30,000 of a million
    costs 30,000 steps, not a million.
    """
    moved: dict[int, int] = {}
    chosen = []
    for i in range(min(take, n)):
        j = i + stream.below(n - i)
        at_i, at_j = moved.get(i, i), moved.get(j, j)
        moved[i], moved[j] = at_j, at_i
        chosen.append(at_j)
    return chosen


@dataclass(frozen=True)
class Selected:
    object: str
    stratum: str
    inspectors: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"object": self.object, "stratum": self.stratum,
                "inspectors": list(self.inspectors)}


def check_lists(lists: dict) -> None:
    if not isinstance(lists, dict) or lists.get("format") != FORMAT:
        raise DrawError(f"不是 {FORMAT} 格式的抽取名单。")
    if lists.get("algorithm") not in ALGORITHMS:
        raise DrawError("名单未注明摘要算法（sm3 或 sha256）。")
    per_object = lists.get("per_object")
    if not isinstance(per_object, int) or per_object < 1:
        raise DrawError("名单中每个对象的检查人员数不是正整数。")
    for stratum in lists.get("strata", []):
        if not isinstance(stratum.get("take"), int) or stratum["take"] < 0:
            raise DrawError(f"分层“{stratum.get('key')}”的抽取数不是非负整数。")


def draw(lists: dict, seed: str, *, lists_digest: str | None = None) -> dict:
    """The result of drawing from ``lists`` with ``seed``: the same inputs, the same result.

    ``lists_digest`` may be passed when already computed from these very lists.
    """
    check_lists(lists)
    algorithm = lists["algorithm"]
    seed = normalise_seed(seed)
    if not seed:
        raise DrawError("随机种子为空。")
    lists_digest = lists_digest or digest(algorithm, lists)
    selected: list[tuple[str, str]] = []
    for index, stratum in enumerate(lists.get("strata", [])):
        objects = stratum["objects"]
        stream = Stream(algorithm, lists_digest, seed, f"objects/{index}")
        for position in pick(len(objects), stratum["take"], stream):
            selected.append((objects[position], stratum["key"]))
    inspectors = lists.get("inspectors", [])
    conflicts = {(pair[0], pair[1]) for pair in lists.get("conflicts", [])}
    per_object = lists["per_object"]
    # Joint tasks that ask for it (R-INS-05): every group (body) has an inspector on each
    # object. Lists without "each_group" are drawn exactly as before.
    groups = lists.get("groups") or {} if lists.get("each_group") else {}
    required = sorted(set(groups.values()))
    round_number, order, position = 0, [], len(inspectors)
    if selected and len(inspectors) < per_object:
        raise DrawError("候选检查人员少于每个对象所需人数。")
    if len(required) > per_object:
        raise DrawError("每个对象的检查人员数少于参加联合抽查的部门数。")
    out = []
    for obj, stratum_key in selected:
        chosen: list[str] = []
        scanned = 0
        while len(chosen) < per_object:
            if position >= len(inspectors):
                order = shuffle(inspectors, Stream(algorithm, lists_digest, seed,
                                                   f"inspectors/{round_number}"))
                round_number += 1
                position = 0
            candidate = order[position]
            position += 1
            scanned += 1
            if scanned > 2 * len(inspectors) + per_object:
                raise DrawError(f"对象 {obj} 没有足够的无须回避的检查人员。")
            if candidate in chosen or (obj, candidate) in conflicts:
                continue
            if required:
                covered = {groups.get(c) for c in chosen} | {groups.get(candidate)}
                if len(chosen) + 1 + sum(g not in covered for g in required) > per_object:
                    continue  # the remaining places are for the groups not yet covered
            chosen.append(candidate)
        out.append(Selected(obj, stratum_key, tuple(chosen)).as_dict())
    return {"format": FORMAT, "lists_digest": lists_digest, "seed": seed, "selected": out}


# --------------------------------------------------------------------------------------
# Verification of a published draw (the file of GET /api/inspections/draws/{id})


def verify(published: dict) -> list[str]:
    """Every difference between the published draw and its recomputation; empty: it matches.

    ``published`` holds "lists", "lists_digest", and once drawn "seed", "result" and
    "result_digest". The first difference comes first.
    """
    problems = []
    lists = published.get("lists")
    try:
        check_lists(lists)
    except DrawError as error:
        return [str(error)]
    recomputed = digest(lists["algorithm"], lists)
    if recomputed != published.get("lists_digest"):
        problems.append(f"名单摘要不符：公布的是 {published.get('lists_digest')}，"
                        f"重新计算得到 {recomputed}。")
    if published.get("seed") in (None, ""):
        return problems
    try:
        result = draw(lists, published["seed"], lists_digest=recomputed)
    except DrawError as error:
        return [*problems, str(error)]
    shown = published.get("result") or {}
    if result != shown:
        problems.append(_first_difference(shown, result))
    if published.get("result_digest") and \
            digest(lists["algorithm"], result) != published["result_digest"]:
        problems.append("结果摘要不符。")
    return problems


def _first_difference(shown: dict, result: dict) -> str:
    if shown.get("seed") != result["seed"]:
        return f"种子不符：结果中为“{shown.get('seed')}”，应为“{result['seed']}”。"
    if shown.get("lists_digest") != result["lists_digest"]:
        return "结果所依据的名单摘要与名单不符。"
    theirs, ours = shown.get("selected") or [], result["selected"]
    for index, (a, b) in enumerate(zip(theirs, ours, strict=False), start=1):
        if a != b:
            return (f"第 {index} 个抽中对象不符：公布的是 {a.get('object')}"
                    f"（{'、'.join(a.get('inspectors') or [])}），重新计算得到 {b['object']}"
                    f"（{'、'.join(b['inspectors'])}）。")
    return f"抽中对象数不符：公布 {len(theirs)} 个，重新计算得到 {len(ours)} 个。"
