"""Access-record benchmark (R-REC-06, ADR 0075): what the ledger event of each staff read
costs, as a ratio to the same page without it, in the same run.

    .venv/bin/python benchmarks/access_bench.py [--cases 6] [--repeat 40] [--rounds 5]
        [--json] [--database-url postgres://postgres@127.0.0.1:5432/postgres]

On a throw-away database (as ``ledger_bench.py``: SQLite in a temporary directory, or a
scratch PostgreSQL database ``sx_access_bench`` created and dropped) the tests' personas
are made through the real actions (a body, two qualified officers, the officer's account)
with ``--cases`` cases; the officer, signed in with a second factor as in real use, opens
the case page of one of them (``GET /workbench/cases/<pk>/``). Measured in
alternating rounds (the best round of each counts, so a machine whose load changes during
the run compares like with like):

- **page, as shipped**: each read writes its ``AccessEntry`` and appends its
  ``ACCESS_RECORDED`` event in one transaction (``core.access.log_access``);
- **page, row only**: the same page with the read written as before ADR 0075 (the row, no
  ledger event), for the ratio;
- **log_access**: the read's record alone (row and event), called directly;
- **row only**: the row alone, in its own transaction.

Milliseconds per page or call, and the ratios ``page / page row-only`` and ``log_access /
row only``. ``--json`` ends with one line of JSON. The "row only" variants exist only
here, to measure; the platform always writes both.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import ledger_bench
from ledger_bench import admin_execute, setup_django

SCRATCH_DB = ledger_bench.SCRATCH_DB = "sx_access_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20,
                        help="cases of the body (the ledger and the access log grow with them)")
    parser.add_argument("--repeat", type=int, default=40, help="pages or calls per round")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    parser.add_argument("--database-url", default="",
                        help=f"a PostgreSQL server ('{SCRATCH_DB}' is created and dropped)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--algorithm", default="sm3", help=argparse.SUPPRESS)
    parser.add_argument("--scratch-db", default=SCRATCH_DB, help=argparse.SUPPRESS)
    return parser.parse_args()


def signed_in_client(user):
    """A test client for ``user``, second factor enrolled and verified, as in real use."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.oath import TOTP

    from sanxiang.org import actions as org_actions
    from sanxiang.org import second_factor

    client = Client()
    client.force_login(user)
    if second_factor.required_for(user) or second_factor.has_device(user):
        device = second_factor.confirmed_devices(user).first()
        if device is None:
            device = org_actions.start_totp_enrolment(user=user, acting_user=user)
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            device = org_actions.confirm_totp_device(
                device=device, acting_user=user, token=f"{totp.token():0{device.digits}d}")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def row_only(user, action, subject_type, subject_id, reason):
    """The read as it was written before ADR 0075: the row, no ledger event."""
    from django.db import transaction

    from sanxiang.core.models import AccessEntry
    from sanxiang.ledger.entries import actor_display

    with transaction.atomic():
        AccessEntry.objects.create(
            user_id=user.pk, user_name=actor_display(user)[:150], action=action,
            subject_type=subject_type[:60], subject_id=subject_id[:40],
            reason=str(reason)[:500])


def run(args) -> dict:
    from cases.factories import make_case
    from conftest import PASSWORD, _body, qualified_officer
    from django.db import connection

    from sanxiang.core import access
    from sanxiang.core.models import AccessEntry, LedgerEvent
    from sanxiang.ledger.events import EventKind
    from sanxiang.org import actions as org_actions
    from sanxiang.org.roles import Role

    started = time.perf_counter()
    body = _body("石家庄市长安区应急管理局", "长安区应急局", "130102", 1, "安全生产")
    one = qualified_officer(body, "张伟", ["AQSC", "YJGL"], "13010201001")
    two = qualified_officer(body, "刘洋", ["AQSC", "YJGL"], "13010201002")
    user = org_actions.create_user(acting_user=None, username="officer_a", password=PASSWORD,
                                   full_name="张伟", roles=[Role.OFFICER], officer=one)
    cases = [make_case(body, [one, two], days_ago=1 + n % 30) for n in range(args.cases)]
    case = cases[0]
    print(f"{len(cases)} cases made in {time.perf_counter() - started:.1f} s")
    client = signed_in_client(user)
    url = f"/workbench/cases/{case.pk}/"

    def pages():
        for _ in range(args.repeat):
            response = client.get(url)
            assert response.status_code == 200, (response.status_code, response.get("Location"))

    def log_calls():
        for _ in range(args.repeat):
            access.log_access(user, case)

    def row_calls():
        for _ in range(args.repeat):
            row_only(user, "view", "cases.case", str(case.pk), "")

    shipped = access._log

    def pages_row_only():
        access._log = row_only
        try:
            pages()
        finally:
            access._log = shipped

    events_before = LedgerEvent.objects.filter(kind=EventKind.ACCESS_RECORDED).count()
    pages()  # warm: templates, the session, the connection's prepared statements
    pages_row_only()
    best = {name: float("inf") for name in ("page", "page_row_only", "log_access", "row_only")}
    for _ in range(args.rounds):
        for name, work in (("page", pages), ("page_row_only", pages_row_only),
                           ("log_access", log_calls), ("row_only", row_calls)):
            began = time.perf_counter()
            work()
            best[name] = min(best[name], (time.perf_counter() - began) * 1000 / args.repeat)
    events = LedgerEvent.objects.filter(kind=EventKind.ACCESS_RECORDED).count() - events_before
    # Every shipped read appended its event; the row-only ones none.
    assert events == args.repeat * (1 + 2 * args.rounds), events
    assert AccessEntry.objects.count() >= args.repeat * (2 + 4 * args.rounds)
    print(f"{'what':<22}{'best ms':>10}")
    for name, value in best.items():
        print(f"{name:<22}{value:>10.2f}")
    page_ratio = best["page"] / best["page_row_only"]
    log_ratio = best["log_access"] / best["row_only"]
    print(f"page with the event / page row only: {page_ratio:.2f} "
          f"(the event adds {best['page'] - best['page_row_only']:.2f} ms a page)")
    print(f"log_access / row only: {log_ratio:.2f}")
    return {"benchmark": "access", "database": connection.vendor, "cases": args.cases,
            **{f"{name}_ms": round(value, 2) for name, value in best.items()},
            "page_vs_row_only": round(page_ratio, 3), "log_vs_row_only": round(log_ratio, 3)}


def main() -> int:
    args = parse_args()
    print(f"access_bench: {'PostgreSQL' if args.database_url else 'SQLite'}, "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="sx-access-bench-") as tmp:
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {args.scratch_db}")
            admin_execute(args.database_url, f"CREATE DATABASE {args.scratch_db}")
        try:
            setup_django(args, Path(tmp))
            summary = run(args)
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {args.scratch_db}")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
