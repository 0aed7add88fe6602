"""Dashboard benchmark (R-SUP-01): the supervisor's dashboard page over many cases and
bodies, as a ratio to the raw aggregate SQL in the same run.

    .venv/bin/python benchmarks/dashboard_bench.py [--cases 100000] [--bodies 200]
        [--repeat 5] [--json]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

On a throw-away database (as ``ledger_bench.py``: SQLite in a temporary directory, or a
scratch PostgreSQL database ``sx_dashboard_bench`` created and dropped), bulk-inserts
``--bodies`` bodies of one city and ``--cases`` cases spread over them (every procedure,
open and closed, a third decided with a fine), with complaints and outcomes on 2 % of
them; then measures, best of ``--repeat``:

- **raw SQL**: the two aggregates the case figures need — cases per body, procedure and
  state; penalties and fines per body — as plain ``GROUP BY`` statements over the region's
  bodies, fetched with a cursor: the yardstick;
- **build**: ``supervision.dashboard.build`` (every figure of the page, folded per body),
  the case figures read from the tallies (ADR 0028);
- **build, recounted**: the same with ``recount=True``, the case figures counted from the
  cases table as before the tallies (the old path, in the same run);
- **page**: ``GET /workbench/supervision/`` for a supervisor of the city, through the
  Django test client (middleware, template, the inline trend chart);
- **trend SVG**: ``GET /workbench/supervision/trends.svg``.

Each as milliseconds and as a ratio to the raw SQL. ``--json`` ends with one line of JSON.

The cases are bulk-inserted, past the case actions, so the tallies are then rebuilt from
them (``tallies.rebuild``, the same as ``manage case_tally rebuild``; its time is
reported) and checked against a recount. At 1,000,000 cases on PostgreSQL use
``--cases 1000000 --bodies 1000``.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ledger_bench
from ledger_bench import admin_execute, setup_django

SCRATCH_DB = ledger_bench.SCRATCH_DB = "sx_dashboard_bench"
BATCH = 5000
REGION = "1301"

RAW_SQL = [
    "SELECT c.body_id, c.procedure, c.state, COUNT(*) FROM cases_case c"
    " JOIN org_body b ON b.id = c.body_id WHERE b.region_code LIKE %s"
    " GROUP BY c.body_id, c.procedure, c.state",
    "SELECT c.body_id, COUNT(*), SUM(c.decided_fine) FROM cases_case c"
    " JOIN org_body b ON b.id = c.body_id WHERE b.region_code LIKE %s"
    " AND c.decided_on IS NOT NULL AND c.decided_fine > 0 GROUP BY c.body_id",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; best counts")
    parser.add_argument("--database-url", default="",
                        help=f"a PostgreSQL server ('{SCRATCH_DB}' is created and dropped)")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--algorithm", default="sm3", help=argparse.SUPPRESS)
    return parser.parse_args()


def fill(args) -> object:
    """Bodies, cases, complaints and outcomes by bulk insert; returns the supervisor."""
    from django.db import transaction

    from sanxiang.cases.models import PROCEDURE_CHOICES, Case
    from sanxiang.org import actions as org_actions
    from sanxiang.org.models import Body, EnforcementField, Officer
    from sanxiang.org.roles import Role
    from sanxiang.supervision.models import Complaint, Outcome

    rng = random.Random(1)
    today = date.today()
    field = EnforcementField.objects.order_by("pk").first()
    bodies = Body.objects.bulk_create([Body(
        name=f"某某市第{i}号行政执法机关", short_name=f"执法机关{i}",
        credit_code=f"11{i:016d}", nature="administrative", subject_kind="statutory",
        funding="full", staffing=40, duties="依法负责本辖区安全生产行政执法工作。",
        legal_representative="王建国", address=f"某某市某某区政务中心{i}号",
        complaint_phone="0311-12345", region_code=f"1301{i % 8:02d}")
        for i in range(args.bodies)])
    body_ids = [b.pk for b in bodies] if bodies[0].pk else list(
        Body.objects.order_by("pk").values_list("pk", flat=True))
    Officer.objects.bulk_create([Officer(name=f"执法员{i}", body_id=body_id, post="科员",
                                         areas="安全生产")
                                 for i, body_id in enumerate(body_ids)])
    lead = dict(Officer.objects.values_list("body_id", "pk"))
    procedures = [code for code, _label in PROCEDURE_CHOICES]
    case_ids = []
    for start in range(0, args.cases, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, args.cases)):
            opened = today - timedelta(days=rng.randrange(730))
            closed = i % 3 != 0
            decided = closed and i % 3 == 1
            rows.append(Case(
                body_id=body_ids[i % len(body_ids)],
                lead_officer_id=lead[body_ids[i % len(body_ids)]],
                procedure=procedures[i % len(procedures)],
                number=f"冀应急罚〔{opened.year}〕{i}号", title="未按规定开展安全生产教育培训案",
                field=field, current_step="finish" if closed else "investigate",
                state=Case.State.CLOSED if closed else Case.State.OPEN, opened_on=opened,
                closed_on=opened + timedelta(days=40) if closed else None,
                decided_on=opened + timedelta(days=30) if decided else None,
                decided_fine=Decimal(rng.randrange(1, 200) * 500) if decided else None))
        with transaction.atomic():
            made = Case.objects.bulk_create(rows)
        case_ids += [c.pk for c in made if c.pk]
    if not case_ids:
        case_ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    complaints, outcomes = [], []
    for n, case_id in enumerate(case_ids[::50]):
        filed = today - timedelta(days=rng.randrange(365))
        complaints.append(Complaint(
            number=f"TS{n:012d}", code_hash="x", kind="complaint",
            body_id=body_ids[n % len(body_ids)], conduct="执法人员未出示证件。", anonymous=True,
            filed_on=filed, state=("received", "accepted", "answered")[n % 3],
            accept_due=filed + timedelta(days=7)))
        outcomes.append(Outcome(case_id=case_id, body_id=body_ids[(n * 50) % len(body_ids)],
                                proceeding="litigation", forum="某某区人民法院",
                                applied_on=filed, result=("upheld", "revoked")[n % 2],
                                decided_on=filed + timedelta(days=60)))
    Complaint.objects.bulk_create(complaints, batch_size=BATCH)
    Outcome.objects.bulk_create(outcomes, batch_size=BATCH)
    return org_actions.create_user(acting_user=None, username="bench_supervisor",
                                   password="bench-password-1", full_name="吴建华",
                                   roles=[Role.SUPERVISOR], jurisdiction=REGION)


def best(repeat, work) -> float:
    """The fastest of ``repeat`` runs, in milliseconds (the median is printed too)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def run(args) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from sanxiang.supervision import dashboard

    started = time.perf_counter()
    user = fill(args)
    filled = time.perf_counter() - started
    print(f"filled {args.bodies:,} bodies, {args.cases:,} cases in {filled:.1f} s")
    from sanxiang.supervision import tallies

    started = time.perf_counter()
    buckets, months = tallies.rebuild()
    rebuilt = time.perf_counter() - started
    print(f"tallies rebuilt in {rebuilt:.1f} s: {buckets:,} buckets, {months:,} body-months")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    assert tallies.differences() == []
    checked = time.perf_counter() - started
    print(f"tallies equal a recount (checked in {checked:.1f} s)")

    def raw():
        with connection.cursor() as cursor:
            for sql in RAW_SQL:
                cursor.execute(sql, [f"{REGION}%"])
                cursor.fetchall()

    client = Client()
    client.force_login(user)
    # A supervisor signs in with a second factor: enrolled and verified as in real use.
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.oath import TOTP

    from sanxiang.org import actions as org_actions

    device = org_actions.start_totp_enrolment(user=user, acting_user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    device = org_actions.confirm_totp_device(device=device, acting_user=user,
                                             token=f"{totp.token():0{device.digits}d}")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page_url, svg_url = reverse("supervision:dashboard"), reverse("supervision:trend_chart")

    def page():
        response = client.get(page_url)
        assert response.status_code == 200, (response.status_code, response.get("Location"))

    def svg():
        response = client.get(svg_url)
        assert response.status_code == 200, (response.status_code, response.get("Location"))

    today = date.today()
    board = dashboard.build(user, today)  # warms the caches a running server has warm
    assert board.total.cases == args.cases, (board.total.cases, args.cases)
    figures = {}
    assert board.total.cases == dashboard.build(user, today, recount=True).total.cases
    for name, work in (("raw_sql", raw), ("build", lambda: dashboard.build(user, today)),
                       ("build_recounted", lambda: dashboard.build(user, today, recount=True)),
                       ("page", page), ("trend_svg", svg)):
        figures[name] = best(args.repeat, work)
    base = figures["raw_sql"][0]
    print(f"{'what':<28}{'best ms':>10}{'median ms':>11}{'vs raw SQL':>12}")
    for name, (fastest, median) in figures.items():
        print(f"{name:<28}{fastest:>10.1f}{median:>11.1f}{fastest / base:>12.1f}")
    return {"benchmark": "dashboard", "database": connection.vendor, "cases": args.cases,
            "bodies": args.bodies, "fill_seconds": round(filled, 1),
            "tally_rebuild_seconds": round(rebuilt, 1), "tally_check_seconds": round(checked, 1),
            **{f"{name}_ms": round(fastest, 1) for name, (fastest, _m) in figures.items()},
            **{f"{name}_ratio": round(fastest / base, 2)
               for name, (fastest, _m) in figures.items() if name != "raw_sql"}}


def main() -> int:
    args = parse_args()
    print(f"dashboard_bench: {args.cases:,} cases, {args.bodies:,} bodies, "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="sx-dashboard-bench-") as tmp:
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            admin_execute(args.database_url, f"CREATE DATABASE {SCRATCH_DB}")
        try:
            setup_django(args, Path(tmp))
            summary = run(args)
        finally:
            if args.database_url:
                from django.db import connections

                connections.close_all()
                admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
