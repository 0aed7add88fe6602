"""Ledger benchmark: appends per second and verification speed against raw hashing.

    .venv/bin/python benchmarks/ledger_bench.py [--events N] [--appends N]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--workers N]

Runs on a throw-away database: SQLite in a temporary directory by default; with
``--database-url`` a scratch PostgreSQL database ``sx_bench`` on that server, dropped at
the end. Measures

(a) appends/s through ``sanxiang.ledger.entries.append``, each append its own transaction;
(b) ``ledger_verify.verify`` in MB/s and entries/s, in one process and with worker
    processes, as a ratio to raw hashlib leaf hashing of the same canonical bytes,
    measured in the same run.

The ledger is first filled to ``--events`` with rows built by ``ledger.entry_bytes``
(the same bytes ``append`` hashes) and bulk-inserted, because appending millions of
entries one transaction at a time would only measure (a) again.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SCRATCH_DB = "sx_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000,
                        help="entries in the ledger for the verification runs")
    parser.add_argument("--appends", type=int, default=5_000,
                        help="entries appended one transaction each for the append rate")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server (its database name is ignored; "
                             f"'{SCRATCH_DB}' is created and dropped)")
    parser.add_argument("--workers", type=int, default=0,
                        help="worker processes for a parallel run besides 1 and 2 (default: "
                             "what verify would choose)")
    parser.add_argument("--algorithm", default="sm3", choices=["sm3", "sha256"])
    return parser.parse_args()


def scratch_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{SCRATCH_DB}"))


def admin_execute(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as c:
        c.execute(sql)


def setup_django(args, data_dir: Path) -> None:
    os.environ["SANXIANG_ENV"] = "test"
    os.environ["SANXIANG_DATA_DIR"] = str(data_dir)
    os.environ["SANXIANG_DIGEST_ALGORITHM"] = args.algorithm
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.settings"
    if args.database_url:
        os.environ["DATABASE_URL"] = scratch_url(args.database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def payload_for(i: int) -> dict:
    """A payload the size and shape of a real action's (Chinese names, a few fields)."""
    return {
        "body": {"id": i % 3000, "name": f"某某县第{i % 97}应急管理局",
                 "credit_code": f"11130100MB{i:08d}"},
        "officer": {"id": i % 5000, "name": "张三", "certificate": f"13010{i:09d}"},
        "changes": {"status": ["在岗", "离岗"],
                    "note": "依据《中华人民共和国行政处罚法》第四十七条"},
        "step": i % 12,
    }


def measure_appends(count: int) -> float:
    from sanxiang import ledger
    from sanxiang.ledger.events import EventKind

    started = time.perf_counter()
    for i in range(count):
        ledger.append(kind=EventKind.OFFICER_UPDATED, subject=("org.officer", i % 5000),
                      payload=payload_for(i))
    return count / (time.perf_counter() - started)


def measure_bare_commits(count: int = 500) -> float:
    """One-row INSERT transactions on a scratch table: the database's own commit floor."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit (x integer)")
    started = time.perf_counter()
    for i in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit VALUES (%s)", [i])
    rate = count / (time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_commit")
    return rate


def fill(target: int, algorithm: str, page: int = 5000) -> None:
    """Bulk-insert entries up to ``target``, exactly as ``append`` would have made them."""
    from django.db import transaction

    from sanxiang import ledger
    from sanxiang.core import digests
    from sanxiang.core.models import LedgerEvent, LedgerHead

    head = LedgerHead.objects.get(pk=1)
    seq, prev = head.size, head.last_digest
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while seq < target:
        rows = []
        for _ in range(min(page, target - seq)):
            seq += 1
            recorded_at = moment + timedelta(microseconds=seq * 7919)
            payload = ledger.canonical_json(payload_for(seq))
            fields = {
                "seq": seq, "actor_id": seq % 400 or None, "actor_name": "李四（lisi）",
                "kind": 112, "subject_type": "org.officer", "subject_id": str(seq % 5000),
                "payload": payload, "prev_digest": prev,
            }
            data = ledger.entry_bytes(recorded_at=ledger.format_time(recorded_at), **fields)
            prev = digests.format_digest(algorithm, ledger.leaf_hash(algorithm, data))
            rows.append(LedgerEvent(recorded_at=recorded_at, digest=prev, **fields))
        with transaction.atomic():
            LedgerEvent.objects.bulk_create(rows)
            LedgerHead.objects.filter(pk=1).update(size=seq, last_digest=prev)


def raw_hashing(algorithm: str, sample: int) -> tuple[float, float, float, int]:
    """Leaf hashes over the canonical bytes of the first ``sample`` entries, in memory.

    Returns (entries/s, MB/s, naive entries/s, bytes): the fast form copies a hasher fed
    0x00; the naive form is ``hashlib.new(alg, b"\\x00" + data)``.
    """
    import hashlib

    from sanxiang.core.models import LedgerEvent
    from sanxiang.ledger.entries import event_bytes

    blobs = [event_bytes(e) for e in LedgerEvent.objects.filter(seq__lte=sample)
             .order_by("seq").iterator(chunk_size=5000)]
    total = sum(map(len, blobs))
    best = naive = float("inf")
    for _ in range(3):
        base = hashlib.new(algorithm, b"\x00")
        started = time.perf_counter()
        for data in blobs:
            h = base.copy()
            h.update(data)
            h.digest()
        best = min(best, time.perf_counter() - started)
        started = time.perf_counter()
        for data in blobs:
            hashlib.new(algorithm, b"\x00" + data).digest()
        naive = min(naive, time.perf_counter() - started)
    return len(blobs) / best, total / best / 1e6, len(blobs) / naive, total


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="sx-bench-") as tmp:
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            admin_execute(args.database_url, f"CREATE DATABASE {SCRATCH_DB}")
        try:
            return run(args, Path(tmp))
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


def run(args, data_dir: Path) -> int:
    setup_django(args, data_dir)
    from django.db import connection

    from sanxiang.ledger import checkpoints
    from sanxiang.ledger import verify as ledger_verify

    vendor = connection.vendor
    cpus = ledger_verify._available_cpus()
    workers = args.workers or ledger_verify.default_workers()
    print(f"数据库 {vendor}，算法 {args.algorithm}，处理器 {cpus} 个，"
          f"Python {sys.version.split()[0]}")

    appends = min(args.appends, args.events) if args.events else args.appends
    append_rate = measure_appends(appends)
    commit_rate = measure_bare_commits()
    print(f"追加 {appends} 条（每条一个事务）完成；填充台账至 {args.events} 条 …", flush=True)
    started = time.perf_counter()
    fill(args.events, args.algorithm)
    print(f"填充用时 {time.perf_counter() - started:.1f} 秒", flush=True)

    raw_rate, raw_mb, naive_rate, sample_bytes = raw_hashing(args.algorithm,
                                                             min(args.events, 200_000))
    rows = [("raw hashlib leaf hash (copy)", f"{raw_rate:,.0f}", f"{raw_mb:,.1f}", "1.00")]
    rows.append(("raw hashlib leaf hash (new)", f"{naive_rate:,.0f}",
                 f"{naive_rate * sample_bytes / min(args.events, 200_000) / 1e6:,.1f}",
                 f"{naive_rate / raw_rate:.2f}"))
    results = []
    for count in sorted({1, 2, workers}):
        result = ledger_verify.verify(workers=count, check_signatures=False)
        assert result.ok, result.summary()
        mb = result.bytes_hashed / result.seconds / 1e6
        results.append(result)
        rows.append((f"verify, {result.workers} process(es)",
                     f"{result.size / result.seconds:,.0f}", f"{mb:,.1f}", f"{mb / raw_mb:.2f}"))

    started = time.perf_counter()
    checkpoint = checkpoints.sign_checkpoint()
    first_checkpoint = time.perf_counter() - started
    from sanxiang import ledger
    from sanxiang.ledger.events import EventKind

    for i in range(1000):
        ledger.append(kind=EventKind.OFFICER_UPDATED, subject=("org.officer", i),
                      payload=payload_for(i))
    started = time.perf_counter()
    checkpoints.sign_checkpoint()
    next_checkpoint = time.perf_counter() - started
    assert checkpoint.tree_size >= args.events

    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'ledger: ' + str(args.events) + ' entries, avg':<{width}}  "
          f"{sample_bytes / min(args.events, 200_000):.0f} canonical bytes per entry")
    print(f"{'measure':<{width}}  {'entries/s':>12}  {'MB/s':>8}  {'vs raw':>6}")
    for name, rate, mb, ratio in rows:
        print(f"{name:<{width}}  {rate:>12}  {mb:>8}  {ratio:>6}")
    print(f"{'append (own transaction each)':<{width}}  {append_rate:>12,.0f}")
    print(f"{'bare commit of a one-row INSERT':<{width}}  {commit_rate:>12,.0f}")
    print(f"{'first checkpoint (verifies all), s':<{width}}  {first_checkpoint:>12.2f}")
    print(f"{'next checkpoint (+1001 entries), s':<{width}}  {next_checkpoint:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
