"""The ledger across OS processes: concurrent appends, parallel verification, the CLI.

Appends are serialised (DESIGN.md): however many processes append at once, seq stays
1, 2, 3 … and the chain never forks. PostgreSQL runs this in the test database (the
workers are handed its name); SQLite in a database file of its own, because the SQLite
test database lives in one process's memory.
"""

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest
from django.db import connection

from sanxiang.core.models import LedgerEvent
from sanxiang.ledger import triggers as ledger_triggers
from sanxiang.ledger import verify as ledger_verify

from . import ledger_processes
from .conftest import append_entries

PROCESSES, APPENDS = 4, 50
SPAWN = multiprocessing.get_context("spawn")


def run_concurrent_appends(database: dict) -> None:
    barrier = SPAWN.Barrier(PROCESSES)
    workers = [SPAWN.Process(target=ledger_processes.append_many,
                             args=(database, APPENDS, n, barrier)) for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=180)
    assert [w.exitcode for w in workers] == [0] * PROCESSES


def check_nothing_lost(rows) -> None:
    assert [seq for seq, _subject, _payload in rows] == list(range(1, PROCESSES * APPENDS + 1))
    by_worker = {}
    for _seq, subject, payload in rows:
        by_worker.setdefault(subject, []).append(json.loads(payload)["i"])
    assert by_worker == {str(n): list(range(APPENDS)) for n in range(PROCESSES)}


def sqlite_file(tmp_path) -> dict:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite run covers SQLite; this run has its PostgreSQL twin")
    # The platform's own SQLite settings (BEGIN IMMEDIATE, WAL), on a file of our own.
    database = dict(connection.settings_dict, NAME=str(tmp_path / "ledger.sqlite3"))
    in_child(ledger_processes.migrate, database)
    return database


def in_child(function, *args):
    # Not multiprocessing.Pool: its workers are daemons, which may not start the
    # verification's own worker processes.
    with ProcessPoolExecutor(max_workers=1, mp_context=SPAWN) as pool:
        return pool.submit(function, *args).result(timeout=300)


@pytest.mark.postgres
def test_concurrent_appends_from_separate_processes_on_postgresql_R_REC_02(ledger_flushable):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; the SQLite run has its own version below")
    run_concurrent_appends(dict(connection.settings_dict))
    check_nothing_lost(list(LedgerEvent.objects.order_by("seq")
                            .values_list("seq", "subject_id", "payload")))
    result = ledger_verify.verify()
    assert result.ok and result.size == PROCESSES * APPENDS


def test_concurrent_appends_from_separate_processes_on_sqlite_R_REC_02(tmp_path):
    database = sqlite_file(tmp_path)
    run_concurrent_appends(database)
    check_nothing_lost(in_child(ledger_processes.entries, database))
    result = in_child(ledger_processes.verify, database)
    assert result["ok"] and result["size"] == PROCESSES * APPENDS


def test_parallel_verification_on_sqlite_matches_one_process(tmp_path):
    database = sqlite_file(tmp_path)
    run_concurrent_appends(database)
    one = in_child(ledger_processes.verify, database, 1)
    many = in_child(ledger_processes.verify, database, 2, 16)
    assert one["ok"] and many["ok"] and many["workers"] == 2
    assert (many["root"], many["size"]) == (one["root"], one["size"])

    with sqlite3.connect(database["NAME"]) as raw:
        raw.execute("DROP TRIGGER core_ledgerevent_no_update")
        raw.execute("UPDATE core_ledgerevent SET payload = '{}' WHERE seq = 77")
    for workers in (1, 2):
        result = in_child(ledger_processes.verify, database, workers, 16)
        assert (result["bad_seq"], result["problem"]) == (77, "digest")


def sanxiang(*args, env):
    return subprocess.run([sys.executable, "-m", "sanxiang.cli", "manage", *args], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_sanxiang_ledger_verify_exit_codes_on_sqlite(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite run covers SQLite; this run has its PostgreSQL twin")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SANXIANG_ENV="test", SANXIANG_DATA_DIR=str(tmp_path))
    assert sanxiang("migrate", "-v0", env=env).returncode == 0
    script = ("from sanxiang import ledger\nfrom sanxiang.ledger.events import EventKind\n"
              "for i in range(5):\n"
              "    ledger.append(kind=EventKind.BODY_CREATED, subject=('org.body', i),"
              " payload={'i': i})\n")
    assert sanxiang("shell", "-c", script, env=env).returncode == 0

    intact = sanxiang("ledger", "verify", env=env)
    assert intact.returncode == 0, intact.stderr
    assert "台账完整：共 5 条记录" in intact.stdout

    with sqlite3.connect(tmp_path / "sanxiang.sqlite3") as raw:
        raw.execute("DROP TRIGGER core_ledgerevent_no_update")
        raw.execute("UPDATE core_ledgerevent SET actor_name = '某人' WHERE seq = 3")
    broken = sanxiang("ledger", "verify", env=env)
    assert broken.returncode == 1
    assert "第 3 条记录的内容与其摘要不符" in broken.stderr


@pytest.mark.postgres
def test_sanxiang_ledger_verify_exit_codes_on_postgresql(ledger_flushable):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; the SQLite run has its own version above")
    settings_dict = connection.settings_dict
    url = (f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
           f"{settings_dict['PORT']}/{settings_dict['NAME']}")
    env = dict(os.environ, DATABASE_URL=url, SANXIANG_ENV="test")
    append_entries(5)
    intact = sanxiang("ledger", "verify", env=env)
    assert intact.returncode == 0, intact.stderr
    assert "台账完整：共 5 条记录" in intact.stdout

    ledger_triggers.uninstall()
    try:
        LedgerEvent.objects.filter(seq=3).update(actor_name="某人")
    finally:
        ledger_triggers.install()
    broken = sanxiang("ledger", "verify", env=env)
    assert broken.returncode == 1
    assert "第 3 条记录的内容与其摘要不符" in broken.stderr
