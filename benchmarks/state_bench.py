"""State verification benchmark: ``ledger verify --state`` against raw hashing.

    .venv/bin/python benchmarks/state_bench.py [--rows N] [--batch N]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

On a throw-away database (as ``ledger_bench.py``), fills ``org_body`` with ``--rows``
rows, each bound to the ledger exactly as an action's event would bind it (a RowBinding
with the row's canonical fields and digest; one ledger entry per 1 000 rows carrying the
digest of their bindings), then measures ``state_verify.verify_state`` — both passes:
bindings against the ledger entries, rows against their newest binding — in rows/s and
MB/s of the bytes it hashes, and the ratio to raw hashlib over the same bytes in memory,
measured in the same run. Memory stays flat: the verifier reads keyset pages.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ledger_bench
from ledger_bench import admin_execute, setup_django

CHUNK = 1000
# Its own scratch database, so it can run beside ledger_bench.py.
SCRATCH_DB = ledger_bench.SCRATCH_DB = "sx_state_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="bound rows to verify")
    parser.add_argument("--batch", type=int, default=2000, help="rows per page")
    parser.add_argument("--database-url", default="",
                        help=f"a PostgreSQL server ('{SCRATCH_DB}' is created and dropped)")
    parser.add_argument("--algorithm", default="sm3", choices=["sm3", "sha256"])
    parser.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args()


def fill(rows: int, algorithm: str) -> list[bytes]:
    """Bodies bound in chunks; returns the bytes each row's digest covers."""
    from django.db import connection, transaction

    from sanxiang import ledger
    from sanxiang.ledger import state
    from sanxiang.ledger.events import EventKind
    from sanxiang.org.models import Body

    covered = []
    for start in range(0, rows, CHUNK):
        with transaction.atomic():
            made = Body.objects.bulk_create([Body(
                name=f"某某县第{i}号行政执法机关", short_name=f"执法机关{i}",
                credit_code=f"11{i:016d}", nature="administrative", subject_kind="statutory",
                funding="full", staffing=40, duties="依法负责本辖区安全生产行政执法工作。" * 3,
                legal_representative="王建国", address=f"某某市某某区政务中心{i}号",
                complaint_phone="0311-12345", region_code="130102")
                for i in range(start, min(start + CHUNK, rows))])
            ids = [b.pk for b in made] if made[0].pk else None
            queryset = Body.objects.filter(pk__in=ids) if ids else Body.objects.filter(
                credit_code__gte=f"11{start:016d}",
                credit_code__lt=f"11{start + CHUNK:016d}")
            bindings = []
            for pk, fields in state.row_fields("org.body", queryset.order_by("pk")).items():
                text = state.fields_text(fields)
                bindings.append(state.Binding("org.body", pk, state.row_digest(
                    algorithm, "org.body", pk, text), text))
                covered.append(f'["org.body",{pk},{text}]'.encode())
            event = ledger.append(kind=EventKind.IMPORT_COMPLETED, subject=("bench.chunk", start),
                                  payload={state.PAYLOAD_KEY: state.bindings_digest(
                                      algorithm, [(b.label, b.row_id, b.digest)
                                                  for b in bindings])})
            with connection.cursor() as cursor:
                state.write(cursor, event.seq, ("org.body", 0), bindings)
    return covered


def raw(algorithm: str, covered: list[bytes]) -> tuple[float, int]:
    """Seconds to hash every covered byte string twice (rows, then bindings), in memory."""
    import hashlib

    new = hashlib.new
    started = time.perf_counter()
    for _ in range(2):
        for data in covered:
            new(algorithm, data).digest()
    return time.perf_counter() - started, 2 * sum(map(len, covered))


def run(args) -> int:
    from sanxiang.ledger import state_verify

    started = time.perf_counter()
    covered = fill(args.rows, args.algorithm)
    print(f"filled {args.rows:,} bound rows in {time.perf_counter() - started:.1f} s")
    raw_seconds, raw_bytes = raw(args.algorithm, covered)
    del covered
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = state_verify.verify_state(batch=args.batch)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result.ok, result.summary()
    # The same bytes on both lines (each row hashed twice: as a row and as a binding),
    # so the ratio is one of times.
    mb = raw_bytes / 1e6
    print(f"{'what':<34}{'seconds':>9}{'rows/s':>12}{'MB/s':>9}{'vs raw':>8}")
    print(f"{'raw hashlib over the same bytes':<34}{raw_seconds:>9.2f}"
          f"{args.rows / raw_seconds:>12,.0f}{mb / raw_seconds:>9.1f}{1:>8.2f}")
    print(f"{'verify --state (both passes)':<34}{result.seconds:>9.2f}"
          f"{result.rows / result.seconds:>12,.0f}{mb / result.seconds:>9.1f}"
          f"{raw_seconds / result.seconds:>8.2f}")
    print(f"rows {result.rows:,}, bindings {result.bindings:,}, hashed {mb:.1f} MB; "
          f"peak RSS grew by {(after - before) / 1024:.1f} MB during verification")
    return 0


def main() -> int:
    args = parse_args()
    print(f"state_bench: {args.rows:,} rows, {args.algorithm}, "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}")
    with tempfile.TemporaryDirectory(prefix="sx-state-bench-") as tmp:
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            admin_execute(args.database_url, f"CREATE DATABASE {SCRATCH_DB}")
        try:
            setup_django(args, Path(tmp))
            return run(args)
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


if __name__ == "__main__":
    sys.exit(main())
