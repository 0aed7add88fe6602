"""Fixtures for the ledger's tests.

``ledger_flushable``  for a transactional test that appends to the ledger: before
                      pytest-django's flush (DELETE on SQLite, TRUNCATE on PostgreSQL),
                      which the append-only triggers refuse, it empties the ledger with the
                      triggers lifted for one transaction (ledger_triggers.clear_for_tests).
                      Any transactional test anywhere that appends needs the same.
``ledger_unguarded``  drops the triggers inside an ordinary test's transaction, so a test
                      can play someone editing the database by hand; the rollback at the
                      end restores them.
``ledger_keys``       a private keys directory (DATA_DIR/keys under tmp_path).
``ledger_entries``    a ledger of a dozen entries of every shape, through the real append.
"""

import pytest

from sanxiang import ledger
from sanxiang.ledger import triggers as ledger_triggers
from sanxiang.ledger.events import EventKind


@pytest.fixture
def ledger_flushable(transactional_db):
    yield
    ledger_triggers.clear_for_tests()


@pytest.fixture
def ledger_unguarded(db):
    ledger_triggers.uninstall()
    yield


@pytest.fixture
def ledger_keys(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "keys"


def append_entries(count: int, actor=None, start: int = 0):
    """``count`` entries of varied shape: Chinese text, nesting, numbers, the platform
    or a user as actor."""
    events = []
    for i in range(start, start + count):
        events.append(ledger.append(
            kind=EventKind.OFFICER_UPDATED if i % 2 else EventKind.BODY_CREATED,
            subject=("org.officer" if i % 2 else "org.body", 1000 + i),
            payload={"名称": f"某某县应急管理局{i}", "n": i, "list": [1, "二", None],
                     "quote": 'a "quoted" \\ value', "nested": {"z": 1, "a": 2.5}},
            actor=actor if i % 3 == 0 else None,
        ))
    return events


@pytest.fixture
def ledger_entries(admin_user):
    """The admin persona's own creation appends entries too; then twelve more."""
    append_entries(12, actor=admin_user)
    from sanxiang.core.models import LedgerEvent

    return list(LedgerEvent.objects.order_by("seq"))
