"""Published ledger checkpoints (DESIGN.md, "The ledger makes history tamper-evident").

Anyone may list the signed checkpoints (tree size, Merkle root, time, key id, signature),
as a page or as JSON, and download the public keys that verify them, to check a case
file's proofs (R-REC-09) or keep a checkpoint for a later consistency proof. Pages are
keyset-paginated on the tree size, newest first: ``?before=<tree size>``.
"""

import re

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from sanxiang import ledger
from sanxiang.core.models import Checkpoint
from sanxiang.core.parsing import parse_int
from sanxiang.ledger import checkpoints

PAGE_SIZE = 20
_HEX = re.compile(r"[0-9a-f]{64}")


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
    """[(key id, hex part, PEM text)] of every published public key."""
    result = []
    for key in checkpoints.trusted_keys():
        key_id = checkpoints.key_id(key)
        result.append((key_id, key_id.partition(":")[2],
                       checkpoints.public_pem(key).decode("ascii")))
    return result


def _as_dict(checkpoint: Checkpoint, verified) -> dict:
    return {"tree_size": checkpoint.tree_size, "root": checkpoint.root,
            "signed_at": ledger.format_time(checkpoint.signed_at),
            "signature_algorithm": checkpoint.signature_algorithm,
            "key_id": checkpoint.key_id, "signature": checkpoint.signature,
            "signature_valid": verified}


@require_GET
def checkpoint_list(request):
    rows, next_before = _page(request)
    keys = checkpoints.trusted_keys()
    for row in rows:
        row.verified = checkpoints.verify_signature(row, keys)
        row.key_hex = row.key_id.partition(":")[2]
    return render(request, "portal/checkpoints.html", {
        "checkpoints": rows, "next_before": next_before,
        "first_page": _before(request) is None,
        "keys": [(key_id, hex_part) for key_id, hex_part, _pem in _keys()],
    })


@require_GET
def checkpoint_list_json(request):
    rows, next_before = _page(request)
    keys = checkpoints.trusted_keys()
    next_url = None
    if next_before is not None:
        next_url = request.build_absolute_uri(
            f"{reverse('portal:checkpoints_json')}?before={next_before}")
    return JsonResponse({
        "checkpoints": [_as_dict(row, checkpoints.verify_signature(row, keys)) for row in rows],
        "next": next_url,
        "statement_format": checkpoints.STATEMENT_HEADER,
        "keys": [{"key_id": key_id,
                  "url": request.build_absolute_uri(reverse("portal:checkpoint_key",
                                                            args=[hex_part]))}
                 for key_id, hex_part, _pem in _keys()],
    }, json_dumps_params={"ensure_ascii": False})


@require_GET
def public_key(request, key_hex):
    if not _HEX.fullmatch(key_hex):
        raise Http404
    for _key_id, hex_part, pem in _keys():
        if hex_part == key_hex:
            response = HttpResponse(pem, content_type="application/x-pem-file")
            response["Content-Disposition"] = f'attachment; filename="{key_hex[:16]}.pub"'
            return response
    raise Http404
