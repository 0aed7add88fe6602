"""The database refuses to change or delete ledger entries and checkpoints (R-REC-02)."""

import pytest
from django.db import IntegrityError, connection, transaction

from sanxiang.core.models import LedgerEvent, LedgerHead
from sanxiang.ledger import triggers as ledger_triggers
from sanxiang.ledger import verify as ledger_verify

from .conftest import append_entries

RAW_CHANGES = [
    "UPDATE core_ledgerevent SET payload = '{}' WHERE seq = 2",
    "UPDATE core_ledgerevent SET seq = 100 WHERE seq = 3",
    "UPDATE core_ledgerevent SET digest = digest",  # even a no-op rewrite
    "DELETE FROM core_ledgerevent WHERE seq = 3",
    "DELETE FROM core_ledgerevent",
]


def refused(sql) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except IntegrityError as error:
        assert "R-REC-02" in str(error)
        return True
    return False


@pytest.mark.django_db
def test_migrations_install_the_triggers():
    assert ledger_triggers.installed()


@pytest.mark.django_db
@pytest.mark.parametrize("sql", RAW_CHANGES)
def test_raw_update_and_delete_of_entries_are_refused_R_REC_02(sql):
    append_entries(4)
    assert refused(sql)
    assert LedgerEvent.objects.count() == 4
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_orm_update_and_delete_are_refused_too_R_REC_02():
    append_entries(2)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEvent.objects.filter(seq=1).update(actor_name="改过")
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEvent.objects.get(seq=2).delete()
    assert ledger_verify.verify().ok


@pytest.mark.django_db
def test_checkpoints_cannot_be_changed_or_deleted_R_REC_02(ledger_keys):
    from sanxiang.ledger import checkpoints

    append_entries(3)
    checkpoints.sign_checkpoint()
    assert refused("UPDATE core_checkpoint SET root = 'sm3:00'")
    assert refused("DELETE FROM core_checkpoint")


@pytest.mark.django_db
def test_appending_and_the_head_stay_writable():
    append_entries(3)
    assert not refused("UPDATE core_ledgerhead SET size = size WHERE id = 1")
    assert LedgerHead.objects.get(pk=1).size == 3


@pytest.mark.postgres
@pytest.mark.django_db
def test_truncate_of_a_ledger_with_entries_is_refused_on_postgresql_R_REC_02():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite has only DELETE, tested above")
    append_entries(2)
    assert refused("TRUNCATE core_ledgerevent")
    assert refused("TRUNCATE core_ledgerevent, core_ledgerhead CASCADE")
    assert LedgerEvent.objects.count() == 2


@pytest.mark.django_db
def test_an_empty_ledger_may_be_emptied():
    """What lets a test database be flushed after ``clear_for_tests``."""
    sql = "TRUNCATE core_ledgerevent" if connection.vendor == "postgresql" else (
        "DELETE FROM core_ledgerevent")
    assert not refused(sql)


@pytest.mark.django_db
def test_uninstall_and_install_round_trip_inside_a_transaction():
    append_entries(2)
    with transaction.atomic():
        ledger_triggers.uninstall()
        assert not ledger_triggers.installed()
        assert not refused("UPDATE core_ledgerevent SET actor_name = 'x' WHERE seq = 1")
        ledger_triggers.install()
        ledger_triggers.install()  # idempotent
        assert ledger_triggers.installed()
        assert refused("UPDATE core_ledgerevent SET actor_name = 'y' WHERE seq = 1")
        transaction.set_rollback(True)
    assert ledger_triggers.installed()
    assert ledger_verify.verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_flush_with_the_fixture(ledger_flushable):
    """Real commits, then pytest-django's flush: the fixture empties the ledger first."""
    append_entries(3)
    assert LedgerEvent.objects.count() == 3
    assert ledger_triggers.installed()


def test_unknown_databases_get_no_silent_pass():
    with pytest.raises(NotImplementedError):
        ledger_triggers.install_statements("mysql")
