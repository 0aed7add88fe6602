"""Code that test_ledger_processes runs in separate OS processes (spawned, sharing nothing).

Every function sets Django up on the database it is handed, so only plain data crosses
the process boundary. Nothing from Django is imported at the top: a spawned child imports
this module before Django is set up.
"""


def _setup(database: dict) -> None:
    from sanxiang.ledger import workers as ledger_workers

    ledger_workers.setup(database)


def migrate(database: dict) -> None:
    _setup(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def append_many(database: dict, count: int, worker: int, barrier=None) -> None:
    """``count`` appends, each its own transaction, as concurrent requests would make."""
    _setup(database)
    from django.db import connection

    from sanxiang import ledger
    from sanxiang.ledger.events import EventKind

    connection.ensure_connection()
    if barrier is not None:
        barrier.wait(timeout=60)  # start together, so the appends really interleave
    for i in range(count):
        ledger.append(kind=EventKind.IMPORT_COMPLETED, subject=("test.worker", worker),
                      payload={"worker": worker, "i": i})
    connection.close()


def verify(database: dict, workers: int = 1, chunk: int = 1 << 14) -> dict:
    _setup(database)
    from sanxiang.ledger import verify as ledger_verify

    result = ledger_verify.verify(workers=workers, chunk=chunk, check_signatures=False)
    return {"ok": result.ok, "size": result.size, "root": result.root,
            "bad_seq": result.bad_seq, "problem": result.problem, "workers": result.workers}


def entries(database: dict) -> list[tuple[int, str, str]]:
    _setup(database)
    from sanxiang.core.models import LedgerEvent

    return list(LedgerEvent.objects.order_by("seq").values_list("seq", "subject_id", "payload"))
