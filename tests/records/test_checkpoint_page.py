"""Checkpoints are signed on schedule and published on the portal (R-REC-02, R-REC-09)."""

from datetime import timedelta

import pytest

from sanxiang import ledger
from sanxiang.core.models import Checkpoint
from sanxiang.ledger import checkpoints
from sanxiang.ledger import schedule as checkpoint_schedule
from sanxiang.ledger.events import EventKind
from sanxiang.portal import checkpoint_views

pytestmark = pytest.mark.django_db


def grow(n=1):
    for i in range(n):
        ledger.append(kind=EventKind.RULEBOOK_CHANGED, subject=("core.rulebook", "test"),
                      payload={"change": i})


def signed(n):
    """``n`` checkpoints, one per new entry."""
    for _ in range(n):
        grow()
        checkpoints.sign_checkpoint(acting_user=None)
    return list(Checkpoint.objects.order_by("-tree_size"))


def test_sign_if_due_signs_only_when_grown_and_old_enough_R_REC_02(settings):
    settings.SANXIANG_CHECKPOINT_MINUTES = 60
    assert checkpoint_schedule.sign_if_due() is None  # an empty ledger
    grow(3)
    first = checkpoint_schedule.sign_if_due()
    assert first is not None and first.tree_size == 3
    grow()
    assert checkpoint_schedule.sign_if_due() is None  # grown, but signed too recently
    later = first.signed_at + timedelta(minutes=61)
    second = checkpoint_schedule.sign_if_due(now=later)
    assert second.tree_size == 5  # the entry added and the first checkpoint's own record
    # Only the second checkpoint's own record since: nothing new to sign.
    assert checkpoint_schedule.sign_if_due(now=later + timedelta(hours=5)) is None
    assert checkpoints.verify_signature(second) is True


def test_checkpoint_page_lists_signed_checkpoints(client):
    [newest, older] = signed(2)
    response = client.get("/ledger/checkpoints/")
    assert response.status_code == 200
    page = response.content.decode()
    for checkpoint in (newest, older):
        assert checkpoint.root in page and checkpoint.signature in page
    assert page.index(newest.root) < page.index(older.root)
    assert newest.key_id in page
    assert "style=" not in page and "<script>" not in page


def test_checkpoint_page_keyset_pagination(client, monkeypatch):
    monkeypatch.setattr(checkpoint_views, "PAGE_SIZE", 2)
    rows = signed(5)
    first = client.get("/ledger/checkpoints/")
    assert [c.tree_size for c in first.context["checkpoints"]] == [r.tree_size for r in rows[:2]]
    assert first.context["next_before"] == rows[1].tree_size
    second = client.get(f"/ledger/checkpoints/?before={rows[1].tree_size}")
    assert [c.tree_size for c in second.context["checkpoints"]] == [
        r.tree_size for r in rows[2:4]]
    last = client.get(f"/ledger/checkpoints/?before={rows[3].tree_size}")
    assert [c.tree_size for c in last.context["checkpoints"]] == [rows[4].tree_size]
    assert last.context["next_before"] is None
    assert client.get("/ledger/checkpoints/?before=nonsense").status_code == 200


def test_checkpoint_json_and_public_key(client, monkeypatch):
    monkeypatch.setattr(checkpoint_views, "PAGE_SIZE", 1)
    [newest, older] = signed(2)
    data = client.get("/ledger/checkpoints.json").json()
    [item] = data["checkpoints"]
    assert item == {"tree_size": newest.tree_size, "root": newest.root,
                    "signed_at": ledger.format_time(newest.signed_at),
                    "signature_algorithm": "ed25519", "key_id": newest.key_id,
                    "signature": newest.signature, "signature_valid": True,
                    "signatures": newest.signatures, "note": newest.note}
    assert [s["signature_algorithm"] for s in newest.signatures] == ["ed25519", "sm2"]
    assert data["next"].endswith(f"/ledger/checkpoints.json?before={newest.tree_size}")
    assert client.get(data["next"]).json()["checkpoints"][0]["tree_size"] == older.tree_size
    [key] = [k for k in data["keys"] if k["key_id"] == newest.key_id]
    pem = client.get(key["url"])
    assert pem.status_code == 200
    assert pem.content == checkpoints.public_pem(checkpoints.signing_key().public_key())
    assert client.get(f"/ledger/keys/{'0' * 64}.pub").status_code == 404
    assert client.get("/ledger/keys/zz.pub").status_code == 404
