"""Published ledger checkpoints (DESIGN.md, "The ledger makes history tamper-evident").

Anyone may list the signed checkpoints (tree size, Merkle root, time, key ids, signatures:
Ed25519, SM2 or both, ADR 0022), as a page, as JSON or as an Atom feed, and download the
public keys that verify them, to
check a case file's proofs (R-REC-09) or keep a checkpoint for a later consistency proof.
Witnesses (``sanxiang ledger witness``) fetch the JSON and then the consistency proof
between the checkpoint they hold and the newest (``/ledger/consistency.json?old=&new=``,
up to a published checkpoint size only, and cached: the proof up to a signed size never
changes). Pages are keyset-paginated on the tree size, newest first: ``?before=<size>``.
The Merkle tree's hashes are served as tiles (``/ledger/tile/<L>/<N>``, C2SP tlog-tiles),
so a witness or a browser can build any proof itself against a signed root. The newest
checkpoint is also served as a C2SP signed note (``/ledger/checkpoint``, ADR 0032), whose
verifier keys the page and the JSON publish.
"""

import hashlib
import json
import re

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from sanxiang import ledger
from sanxiang.core.models import Checkpoint
from sanxiang.core.parsing import parse_int
from sanxiang.ledger import checkpoints, note, signatures
from sanxiang.ledger import proofs as ledger_proofs

PAGE_SIZE = 20
_HEX = re.compile(r"[0-9a-f]{64}")
# C2SP tlog-tiles paths: <L>/<N as x001/x234/067>[.p/<W>]
_TILE = re.compile(r"(\d{1,2})/((?:x\d{3}/)*\d{3})(?:\.p/(\d{1,3}))?")
TILE_MAX_AGE = 365 * 24 * 3600


def _before(request) -> int | None:
    text = request.GET.get("before", "")
    return parse_int(text)  # ASCII digits only ("²".isdigit() is true, int("²") fails)


def _page(request):
    """(checkpoints of this page, tree size the next page starts below, or None)."""
    rows = Checkpoint.objects.order_by("-tree_size")
    before = _before(request)
    if before is not None:
        rows = rows.filter(tree_size__lt=before)
    rows = list(rows[:PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, (rows[-1].tree_size if more else None)


def _keys():
    """[(key id, hex part, PEM text, algorithm)] of every published public key."""
    result = []
    for key in checkpoints.trusted_keys():
        key_id = checkpoints.key_id(key)
        result.append((key_id, key_id.partition(":")[2], key.pem().decode("ascii"),
                       key.algorithm))
    return result


def _verified(checkpoint: Checkpoint, keys) -> bool | None:
    """``checkpoints.verify_signature``, cached: an SM2 check costs some 30 ms of pure
    Python and a page lists 20 checkpoints. The key names the signed statement, every
    signature and every trusted key, so a changed row or key set is checked afresh."""
    material = json.dumps([checkpoints.published(checkpoint),
                           sorted(k.algorithm + k.raw.hex() for k in keys)], sort_keys=True)
    key = "sanxiang:checkpoint-verified:" + hashlib.sha256(material.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = {"valid": checkpoints.verify_signature(checkpoint, keys)}
        cache.set(key, found, 24 * 3600)
    return found["valid"]


def _as_dict(checkpoint: Checkpoint, verified) -> dict:
    return {**checkpoints.published(checkpoint), "signature_valid": verified}


@require_safe
def checkpoint_note(request):
    """The newest checkpoint that has a signed note, as the note (c2sp.org/tlog-checkpoint).

    Not cached for long: a new checkpoint replaces it every ``SANXIANG_CHECKPOINT_MINUTES``.
    """
    text = (Checkpoint.objects.exclude(note="").order_by("-tree_size")
            .values_list("note", flat=True).first())
    if text is None:
        return HttpResponse("尚未签署检查点。\n", status=404,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def checkpoint_list(request):
    rows, next_before = _page(request)
    keys = checkpoints.trusted_keys()
    for row in rows:
        row.verified = _verified(row, keys)
        row.key_hex = row.key_id.partition(":")[2]
        row.all_signatures = checkpoints.published(row)["signatures"]
    return render(request, "portal/checkpoints.html", {
        "checkpoints": rows, "next_before": next_before,
        "first_page": _before(request) is None,
        "keys": [(key_id, hex_part, signatures.algorithm_name(algorithm))
                 for key_id, hex_part, _pem, algorithm in _keys()],
        "origin": checkpoints.origin(),
        "verifier_keys": _verifier_keys(),
        # The note's link is offered once there is a note: before, it led to a 404.
        "has_note": Checkpoint.objects.exclude(note="").exists(),
    })


def _verifier_keys() -> list[tuple[str, str]]:
    """[(algorithm name, verifier key)]: Ed25519 first, the one C2SP tools know."""
    found = [(signatures.algorithm_name(key.algorithm), note.verifier_key(checkpoints.origin(),
                                                                          key))
             for key in checkpoints.trusted_keys()]
    return sorted(found, key=lambda item: item[0] != "Ed25519")


@require_safe
def checkpoint_list_json(request):
    rows, next_before = _page(request)
    keys = checkpoints.trusted_keys()
    next_url = None
    if next_before is not None:
        next_url = request.build_absolute_uri(
            f"{reverse('portal:checkpoints_json')}?before={next_before}")
    return JsonResponse({
        "checkpoints": [_as_dict(row, _verified(row, keys)) for row in rows],
        "next": next_url,
        "consistency": request.build_absolute_uri(reverse("portal:checkpoint_consistency")),
        "tiles": {"url": request.build_absolute_uri(reverse("portal:ledger_tile",
                                                            args=["0/000"]))[:-len("0/000")],
                  "format": "C2SP tlog-tiles", "height": 8, "hash_size": 32,
                  "algorithm": ledger.ledger_algorithm()},
        "statement_format": checkpoints.STATEMENT_HEADER,
        "note": {"url": request.build_absolute_uri(reverse("portal:checkpoint_note")),
                 "format": "C2SP tlog-checkpoint", "origin": checkpoints.origin(),
                 "verifier_keys": [vkey for _name, vkey in _verifier_keys()]},
        "keys": [{"key_id": key_id, "algorithm": algorithm,
                  "url": request.build_absolute_uri(reverse("portal:checkpoint_key",
                                                            args=[hex_part]))}
                 for key_id, hex_part, _pem, algorithm in _keys()],
        "sm2_user_id": signatures.SM2_USER_ID.decode("ascii"),
    }, json_dumps_params={"ensure_ascii": False})


@require_safe
def public_key(request, key_hex):
    if not _HEX.fullmatch(key_hex):
        raise Http404
    for _key_id, hex_part, pem, _algorithm in _keys():
        if hex_part == key_hex:
            response = HttpResponse(pem, content_type="application/x-pem-file")
            response["Content-Disposition"] = f'attachment; filename="{key_hex[:16]}.pub"'
            return response
    raise Http404


def _size(request, name: str) -> int | None:
    text = request.GET.get(name, "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


@require_safe
def consistency_json(request):
    """The consistency proof from any size to a published checkpoint (RFC 9162 §2.1.4)."""
    old, new = _size(request, "old"), _size(request, "new")
    if old is None or new is None or not 0 < old <= new:
        return JsonResponse({"error": "请给出两个检查点的规模：?old=较小规模&new=较大规模。"},
                            status=400, json_dumps_params={"ensure_ascii": False})
    # The new size must be a published checkpoint; the old one is whatever a witness
    # holds (the platform may no longer list it — that is what the proof will show).
    if not Checkpoint.objects.filter(tree_size=new).exists():
        return JsonResponse({"error": "较大的规模必须是已公布的检查点。"}, status=404,
                            json_dumps_params={"ensure_ascii": False})
    key = f"sanxiang:consistency:{old}:{new}"
    proof = cache.get(key)
    if proof is None:
        try:
            proof = ledger_proofs.consistency_proof(old, new).as_dict()
        except ledger_proofs.ProofError as error:
            return JsonResponse({"error": str(error)}, status=409,
                                json_dumps_params={"ensure_ascii": False})
        cache.set(key, proof, 24 * 3600)
    return JsonResponse(proof, json_dumps_params={"ensure_ascii": False})


@require_safe
def tile(request, path):
    """A hash tile of the ledger's Merkle tree (C2SP tlog-tiles, height 8): the 32-byte
    hashes of 256 nodes of level 8·L (``.p/W``: the first W of a tile still filling).
    Tiles never change once they exist, so they are cached for good by anyone."""
    from sanxiang.ledger import nodes

    match = _TILE.fullmatch(path)
    if match is None:
        raise Http404
    level, partial = int(match.group(1)), match.group(3)
    index = int(match.group(2).replace("x", "").replace("/", ""))
    width = nodes.BLOCK if partial is None else int(partial)
    if level > 7 or (partial is not None and not 0 < width < nodes.BLOCK):
        raise Http404
    data = nodes.tile_hashes(level, index, width)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Cache-Control"] = f"public, max-age={TILE_MAX_AGE}, immutable"
    response["Access-Control-Allow-Origin"] = "*"  # browsers check proofs from anywhere
    return response


@require_safe
def checkpoint_feed(request):
    """The newest signed checkpoints as an Atom feed; each entry's content is the JSON."""
    rows = list(Checkpoint.objects.order_by("-tree_size")[:PAGE_SIZE])
    page = request.build_absolute_uri(reverse("portal:checkpoints"))
    feed = Atom1Feed(title="台账检查点", link=page, feed_url=request.build_absolute_uri(),
                     description="平台台账的已签署检查点（规模、默克尔根、签名）。",
                     language="zh-hans")
    for row in rows:
        body = _as_dict(row, None)
        body.pop("signature_valid")
        feed.add_item(
            title=f"检查点：规模 {row.tree_size}", link=f"{page}#checkpoint-{row.tree_size}",
            description=ledger.canonical_json(body), unique_id=f"{page}#{row.tree_size}",
            pubdate=row.signed_at, updateddate=row.signed_at)
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml")
