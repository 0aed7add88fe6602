"""Documents per second when several officers of one body issue at once (ADR 0014).

    .venv/bin/python benchmarks/document_bench.py [--processes N] [--documents N]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--json]

Runs on a throw-away database (SQLite in a temporary directory, or a scratch PostgreSQL
database ``sx_doc_bench``, dropped at the end). One body, ``--processes`` officers' cases
(made through the real actions), each process issuing ``--documents`` numbered documents
(责令改正通知书, all of one series) on its own case, all starting together. Two ways, in
the same run:

* ``rendered first`` — ``issue_document`` as the platform calls it: the PDF is rendered
  with no lock held, the number issued in a short transaction;
* ``one transaction`` — the same call inside ``transaction.atomic()``: number, render,
  store and ledger append in one transaction, the series locked through the render (how
  every document was issued before ADR 0014).

Each is run with 1 process and with N; the ratio N÷1 says how issuing scales with the
cores. Afterwards the numbers of the series are checked: 1 … total, in ledger order.
``--json`` ends with one JSON line of every figure.
"""

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # the tests' factories build the body, officers and cases

SCRATCH_DB = "sx_doc_bench"
SPAWN = multiprocessing.get_context("spawn")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--documents", type=int, default=6, help="documents per process")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args()


def admin_execute(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as c:
        c.execute(sql)


def environment(args, data_dir: Path) -> dict:
    env = {"SANXIANG_ENV": "test", "SANXIANG_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "sanxiang.settings"}
    if args.database_url:
        env["DATABASE_URL"] = urlunsplit(urlsplit(args.database_url)._replace(
            path=f"/{SCRATCH_DB}"))
    return env


def setup(env: dict) -> None:
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def prepare(env: dict, count: int) -> list[int]:
    """Migrate; one body, two officers, ``count`` opened cases. Returns the case ids."""
    setup(env)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from tests.cases.engine_helpers import step
    from tests.cases.factories import make_case
    from tests.conftest import _body, qualified_officer

    body = _body("石家庄市长安区应急管理局", "长安区应急局", "130102", 1, "安全生产")
    officers = [qualified_officer(body, "张伟", ["AQSC", "YJGL"], "13010201001"),
                qualified_officer(body, "刘洋", ["AQSC", "YJGL"], "13010201002")]
    ids = []
    for _ in range(count):
        case = make_case(body, officers)
        step(case, "open", on=case.opened_on)
        ids.append(case.pk)
    connection.close()
    return ids


def issue_many(env: dict, case_id: int, count: int, one_transaction: bool, barrier) -> None:
    setup(env)
    from django.db import connection, transaction
    from django.utils import timezone

    from sanxiang.cases.document_actions import issue_document
    from sanxiang.cases.models import Case

    case = Case.objects.get(pk=case_id)
    today = timezone.localdate()
    data = {"summary": "查明", "correction": "整改", "correct_by": today}
    issue_document(acting_user=None, case=case, doc_type="correction_order",
                   issued_on=today, data=data)  # warm: fonts, templates, connection
    barrier.wait(timeout=600)
    for _ in range(count):
        if one_transaction:
            with transaction.atomic():
                issue_document(acting_user=None, case=case, doc_type="correction_order",
                               issued_on=today, data=data)
        else:
            issue_document(acting_user=None, case=case, doc_type="correction_order",
                           issued_on=today, data=data)
    barrier.wait(timeout=600)
    connection.close()


def run_round(env, case_ids, count, one_transaction) -> float:
    barrier = SPAWN.Barrier(len(case_ids) + 1)
    workers = [SPAWN.Process(target=issue_many, args=(env, case_id, count, one_transaction,
                                                      barrier)) for case_id in case_ids]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=600)  # everyone warmed up
    started = time.perf_counter()
    barrier.wait(timeout=3600)  # everyone done
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    if any(worker.exitcode for worker in workers):
        raise SystemExit("an issuing process failed")
    return len(case_ids) * count / elapsed


def check(env) -> int:
    setup(env)
    from sanxiang.cases.models import Document

    serials = list(Document.objects.filter(doc_type="correction_order")
                   .order_by("ledger_seq").values_list("serial", flat=True))
    assert serials == list(range(1, len(serials) + 1)), "numbers lost or out of order"
    return len(serials)


def in_child(function, *args):
    with SPAWN.Pool(1) as pool:
        return pool.apply(function, args)


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="sx-doc-bench-") as tmp:
        env = environment(args, Path(tmp))
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            admin_execute(args.database_url, f"CREATE DATABASE {SCRATCH_DB}")
        try:
            case_ids = in_child(prepare, env, args.processes)
            figures = {}
            for name, one in (("rendered_first", False), ("one_transaction", True)):
                single = run_round(env, case_ids[:1], args.documents, one)
                many = run_round(env, case_ids, args.documents, one)
                figures[name] = {"docs_per_s_1": single, "docs_per_s_n": many,
                                 "scaling": many / single}
            total = in_child(check, env)
        finally:
            if args.database_url:
                admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB} "
                                                 "WITH (FORCE)")
    database = "postgresql" if args.database_url else "sqlite"
    print(f"数据库 {database}，处理器 {os.cpu_count()} 个，进程 {args.processes} 个，"
          f"每进程 {args.documents} 份文书；文号 1…{total} 连续且按台账顺序")
    print(f"{'way':<18} {'1 process':>10} {f'{args.processes} processes':>13} {'N÷1':>6}")
    for name, row in figures.items():
        print(f"{name:<18} {row['docs_per_s_1']:>10.2f} {row['docs_per_s_n']:>13.2f} "
              f"{row['scaling']:>6.2f}")
    ratio = figures["rendered_first"]["docs_per_s_n"] / figures["one_transaction"]["docs_per_s_n"]
    print(f"rendered first ÷ one transaction, {args.processes} processes: {ratio:.2f}")
    if args.json:
        print(json.dumps({"benchmark": "documents", "database": database,
                          "cpus": os.cpu_count(), "processes": args.processes,
                          "documents": total, **{k: {n: round(v, 3) for n, v in row.items()}
                                                 for k, row in figures.items()},
                          "rendered_first_vs_one_transaction": round(ratio, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
