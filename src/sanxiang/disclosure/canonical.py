"""The canonical published record of a decision, and its digest (R-PUB-04, R-PUB-05).

What the public sees of a published decision is this record: the R-PUB-04 fields and the
masked text. ``disclosure.actions.approve_and_publish`` puts its digest in the
DISCLOSURE_PUBLISHED ledger entry (its ``public_record`` / ``digest_of`` build the same
record; tests/disclosure/test_public_pages.py checks that they agree), the decision page
offers the record in its proof, and ``verify.js`` / ``manage verify_record`` recompute the
digest from it, so all must agree byte for byte: JSON with
sorted keys, no spaces, UTF-8 kept as is (the ledger's own ``canonical_json``). Only these
keys ever go in; never ``source_text``, which holds what the masking removed.
"""


from sanxiang.core import digests
from sanxiang.ledger.entries import canonical_json, ledger_algorithm


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def published_record(disclosure) -> dict:
    """The public fields, as published (call it once ``published_on`` is set)."""
    body = disclosure.body
    kinds = sorted({str(r.get("kind", "")) for r in disclosure.redactions or []} - {""})
    return {
        "id": disclosure.pk,
        "body": body.name,
        "body_code": body.credit_code,
        "category": disclosure.category,
        "party_name": disclosure.party_name,
        "party_kind": disclosure.party_kind,
        "party_code": disclosure.party_code,
        "document_number": disclosure.document_number,
        "title": disclosure.title,
        "conclusion": disclosure.conclusion,
        "decided_on": _iso(disclosure.decided_on),
        "published_on": _iso(disclosure.published_on),
        "public_until": _iso(disclosure.public_until),
        "masked_text": disclosure.masked_text,
        "redacted": bool(disclosure.redactions),
        "redaction_kinds": kinds,
    }


# The name ``disclosure.actions`` uses for it (the record published and digested).
public_record = published_record


def record_json(record: dict) -> bytes:
    return canonical_json(record).encode("utf-8")


def published_json(disclosure) -> bytes:
    return record_json(published_record(disclosure))


def digest_of(record: dict, algorithm: str | None = None) -> str:
    """``"sm3:<hex>"`` (the ledger's algorithm) of the record's canonical JSON: a plain
    hash of the bytes, not the blob store's chunk tree, so a browser recomputes it in one
    pass."""
    algorithm = algorithm or ledger_algorithm()
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, record_json(record)))


def published_digest(disclosure, algorithm: str | None = None) -> str:
    return digest_of(published_record(disclosure), algorithm)


# --- The downloadable proof ---------------------------------------------------------------

PROOF_FORMAT = "sanxiang-decision-proof/v1"
_PROOF_CACHE_SECONDS = 24 * 3600


def _candidates(payload):
    if isinstance(payload, dict):
        yield payload
        for value in payload.values():
            yield from _candidates(value)


def ledger_record(disclosure, entry) -> dict:
    """The record as the publication's ledger entry digested it.

    The proof carries the record the ledger vouches for, not one rebuilt now, so a later
    edit of the row cannot pass for what was published: the verifier recomputes its digest
    and finds it in the entry's payload. Falls back to the row's record when the payload
    does not hold the record itself (verification then still compares the digests).
    """
    import json

    wanted = disclosure.published_digest
    algorithm = wanted.partition(":")[0] if wanted else None
    try:
        payload = json.loads(entry.payload) if entry is not None else None
    except ValueError:
        payload = None
    if algorithm:
        for candidate in _candidates(payload):
            stripped = {k: v for k, v in candidate.items()
                        if k not in ("digest", "published_digest")}
            for record in (candidate, stripped):
                try:
                    if digest_of(record, algorithm) == wanted:
                        return record
                except ValueError:
                    break
    return published_record(disclosure)


def publication_entry(disclosure):
    from sanxiang.core.models import LedgerEvent
    from sanxiang.ledger.events import EventKind

    if disclosure.published_seq:
        return LedgerEvent.objects.filter(seq=disclosure.published_seq).first()
    return (LedgerEvent.objects.filter(
        kind=EventKind.DISCLOSURE_PUBLISHED, subject_type=disclosure._meta.label_lower,
        subject_id=str(disclosure.pk)).order_by("-seq").first())


def entry_dict(entry) -> dict:
    from sanxiang.ledger.entries import format_time

    return {
        "seq": entry.seq, "recorded_at": format_time(entry.recorded_at),
        "actor_id": entry.actor_id, "actor_name": entry.actor_name, "kind": entry.kind,
        "subject_type": entry.subject_type, "subject_id": entry.subject_id,
        "payload": entry.payload, "prev_digest": entry.prev_digest, "digest": entry.digest,
    }


def covering_checkpoint(seq: int):
    """The latest signed checkpoint whose tree holds entry ``seq``, or None (yet)."""
    from sanxiang.core.models import Checkpoint

    return Checkpoint.objects.filter(tree_size__gte=seq).order_by("-tree_size").first()


def _inclusion(entry, checkpoint) -> dict:
    """The proof's path: O(log n) stored rows (``ledger_proofs.inclusion_proof``), cached
    because for one (entry, signed tree) it never changes. The key names the entry's and
    the tree's digests, so a rebuilt ledger can never be served a stale path."""
    from django.core.cache import cache

    from sanxiang.ledger import proofs as ledger_proofs

    seq, tree_size = entry.seq, checkpoint.tree_size
    key = f"sanxiang:decision-proof:{seq}:{tree_size}:{entry.digest}:{checkpoint.root}"
    key = "sanxiang:decision-proof:" + digests.format_digest(
        "sha256", digests.digest_bytes("sha256", key.encode()))
    found = cache.get(key)
    if found is not None:
        return found
    proof = ledger_proofs.inclusion_proof(seq, tree_size)
    found = {"algorithm": proof.algorithm, "leaf_index": seq - 1, "tree_size": tree_size,
             "path": [digests.format_digest(proof.algorithm, h) for h in proof.path]}
    cache.set(key, found, _PROOF_CACHE_SECONDS)
    return found


def _public_key(key_id: str, keys) -> dict | None:
    import base64

    from sanxiang.ledger import checkpoints
    from sanxiang.ledger.entries import algorithm_of

    for key in keys:
        if checkpoints.key_id(key, algorithm_of(key_id)) == key_id:
            return {"key_id": key_id, "algorithm": key.algorithm,
                    "pem": key.pem().decode("ascii"),
                    "raw": base64.b64encode(key.raw).decode("ascii")}
    return None


def proof_document(disclosure) -> dict:
    """Everything needed to check a published decision offline (``verify_record``,
    ``verify.js``): the record, its digest, the ledger entry that registered it, the
    inclusion proof and the signed checkpoint it leads to, and the checkpoint's key.

    ``proof`` and ``checkpoint`` are None until a checkpoint covers the entry.
    """
    from sanxiang.ledger import checkpoints

    entry = publication_entry(disclosure)
    document = {
        "format": PROOF_FORMAT,
        "record": ledger_record(disclosure, entry),
        "digest": disclosure.published_digest,
        "entry": entry_dict(entry) if entry is not None else None,
        "proof": None, "checkpoint": None, "public_key": None, "public_keys": [],
    }
    checkpoint = covering_checkpoint(entry.seq) if entry is not None else None
    if checkpoint is not None:
        document["proof"] = _inclusion(entry, checkpoint)
        document["checkpoint"] = checkpoints.published(checkpoint)
        keys = checkpoints.trusted_keys()
        document["public_key"] = _public_key(checkpoint.key_id, keys)
        # The key of every signature (Ed25519 and SM2 when both are made, ADR 0022).
        found = [_public_key(s["key_id"], keys) for s in document["checkpoint"]["signatures"]]
        document["public_keys"] = [k for k in found if k is not None]
    return document
