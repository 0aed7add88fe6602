"""Decision search benchmark: the public search page against the same raw SQL, same run.

    .venv/bin/python benchmarks/decision_search_bench.py [--rows 1000000] [--bodies 200]
        [--requests 1000] [--concurrency 8] [--workers 2] [--threads 4] [--no-party-index]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
        [--baseline-src /tmp/old/src]

Builds a throw-away platform like ``portal_bench``: SQLite in a temporary directory by
default; with ``--database-url`` a scratch PostgreSQL database ``sx_decision_bench`` on
that server, dropped at the end. Loads ``--rows`` PUBLISHED decisions straight into the
table (executemany on SQLite, COPY on PostgreSQL: the actions write one ledger event per
publication, which is for real data, not for a million fixture rows). Then serves the
platform with gunicorn the way ``sanxiang serve`` does and measures, with a bounded pool
of client threads, the public search page (``/decisions/``) by

- party-name prefix (``?party=<the first five characters of a name>``),
- 统一社会信用代码 (``?code=``, exact),
- document number (``?number=``, exact),

each against the page's main query run as raw SQL on a direct database connection with
the same number of client threads (the yardstick the issue asks for): the ratios say
what the page costs beyond the query that answers it; and against a static file of the
page's size served by the same server ("vs static", as in ``portal_bench``). Each search
runs with values drawn uniformly from 500 samples, then (``--zipf``, s = 1.1) with a Zipf
popularity over the same samples, where the page cache answers the repeated searches.

The party-name prefix needs an index on ``party_name`` (``varchar_pattern_ops`` on
PostgreSQL, see org migration 0004); the benchmark creates it when the schema lacks it
and says so. ``--no-party-index`` measures without it.

With ``--baseline-src`` a second server runs another tree's ``src`` on the same data, and
each row is measured on both with the same URLs, which tree goes first alternating from
row to row ("baseline:" rows): before and after in one run.

Only 127.0.0.1 is contacted; the server is stopped and the scratch data removed at the end.
"""

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portal_bench as pb  # same server, client and scratch-database code

SCRATCH_DB = "sx_decision_bench"
BATCH = 20_000
COUNTIES = ["滹阳县", "石门市", "桥西区", "长安区", "新华区", "裕华区", "鹿泉区", "栾城区",
            "藁城区", "正定县", "行唐县", "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县",
            "平山县", "元氏县", "赵县", "辛集市", "晋州市", "新乐市", "井陉县", "井陉矿区"]
WORDS = ["宏达", "宏远", "永安", "恒通", "鑫源", "华北", "金泰", "盛世", "天成", "瑞丰",
         "顺发", "昌盛", "兴业", "东方", "新兴", "广源", "富康", "利民", "隆基", "汇丰",
         "通达", "嘉禾", "泰和", "中联", "博远", "正大", "万通", "联创", "华辰", "晨光"]
TRADES = ["化工", "建材", "商贸", "机械", "物流", "食品", "纺织", "矿业", "燃气", "电器"]
SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "厂", "经营部"]
PARTY_INDEX = "disclosure_party_name_prefix_idx"
KINDS = {"party": "party-name prefix", "code": "credit code", "number": "document number",
         "decision": "a decision's page", "statistics": "statistics of a body's year"}

COLUMNS = ("case_id", "body_id", "category", "state", "decided_on", "due_on", "blocked_reason",
           "title", "party_name", "party_kind", "party_code", "document_number", "conclusion",
           "source_text", "masked_text", "redactions", "published_on", "published_digest",
           "public_until", "withdrawal_reason", "withdrawal_grounds", "removal_reason",
           "performed", "commitment", "created_at")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scratch-db", default=SCRATCH_DB,
                        help="the throw-away PostgreSQL database (one per person on a shared "
                             f"server; default {SCRATCH_DB})")
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help=f"rows to measure, comma-separated (default: {','.join(KINDS)})")
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1_000, help="requests per scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--no-party-index", action="store_true",
                        help="do not create the party-name index when the schema lacks it")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server (its database name is ignored; "
                             f"'{SCRATCH_DB}' is created and dropped)")
    parser.add_argument("--baseline-src", default="",
                        help="another tree's src directory (e.g. git archive main src), "
                             "served on the same data and measured alongside, rows alternating")
    pb.add_common_arguments(parser)
    return parser.parse_args()


# --- settings: mount /decisions/ if the site does not yet ---------------------------------

def write_bench_site(directory: Path) -> None:
    """A settings module whose URLconf mounts the public decision pages, unless the
    platform's own URLconf already does (then it is the platform's, unchanged)."""
    (directory / "decision_bench_urls.py").write_text(textwrap.dedent("""
        from django.urls import include, path

        from sanxiang.urls import urlpatterns as site

        mounted = any(getattr(p, "namespace", None) == "decisions" for p in site)
        urlpatterns = site if mounted else [
            path("decisions/", include("sanxiang.disclosure.public_urls")), *site]
    """), encoding="utf-8")
    (directory / "decision_bench_settings.py").write_text(textwrap.dedent("""
        from sanxiang.settings import *  # noqa: F403

        ROOT_URLCONF = "decision_bench_urls"
    """), encoding="utf-8")


def server_env(args, data_dir: Path) -> dict:
    env = pb.server_env(args, data_dir)
    if args.database_url:
        env["DATABASE_URL"] = pb.urlunsplit(
            pb.urlsplit(args.database_url)._replace(path=f"/{args.scratch_db}"))
    env["DJANGO_SETTINGS_MODULE"] = "decision_bench_settings"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(data_dir), str(pb.ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


# --- fixture ------------------------------------------------------------------------------

def load_owners(args) -> tuple[list[int], list[str], dict[int, int]]:
    """Bodies, and one case per body for the decisions to hang on (bulk, no actions)."""
    from django.db import transaction

    from sanxiang.cases.models import Case
    from sanxiang.core.identifiers import make_credit_code
    from sanxiang.org.models import Body, EnforcementField, Officer

    field = EnforcementField.objects.filter(code="AQSC").first() or \
        EnforcementField.objects.create(code="AQSC", name="安全生产")
    with transaction.atomic():
        Body.objects.bulk_create([Body(
            name=f"第{i + 1:04d}号应急管理局", short_name=f"第{i + 1}局",
            credit_code=make_credit_code(prefix="11", region="130102", seed=i + 1),
            nature="administrative", subject_kind="statutory", funding="full", staffing=60,
            legal_representative="王建国", address="某市某区政务中心", complaint_phone="12345",
            region_code="130102") for i in range(args.bodies)])
        bodies = list(Body.objects.order_by("pk"))
        Officer.objects.bulk_create([Officer(name="张伟", body=b, post="执法队员",
                                             areas="本辖区", phone="13800000000")
                                     for b in bodies])
        officers = {o.body_id: o for o in Officer.objects.all()}
        today = date.today()
        Case.objects.bulk_create([Case(
            body=b, procedure="penalty_general", number=f"冀应急立〔2026〕{b.pk}号",
            title="基准测试案件", field=field, current_step="closing", state="closed",
            opened_on=today - timedelta(days=1200), lead_officer=officers[b.pk])
            for b in bodies])
    cases = {c.body_id: c.pk for c in Case.objects.all()}
    return [b.pk for b in bodies], [b.credit_code for b in bodies], cases


def party_name(rng: random.Random) -> str:
    return (rng.choice(COUNTIES) + rng.choice(WORDS) + rng.choice(TRADES)
            + rng.choice(SUFFIXES))


def credit_code(n: int) -> str:
    # The search checks the shape only (GB 32100 alphabet); unique per row.
    return f"91130{n % 1000:03d}{n:09d}X"[:18]


def document_number(n: int) -> str:
    return f"冀应急罚〔{2024 + n % 3}〕{n}号"


def rows(args, rng: random.Random, body_ids: list[int], cases: dict[int, int], vendor: str):
    first = date.today() - timedelta(days=3 * 365)
    now = datetime.now(UTC)
    created = now.isoformat() if vendor == "sqlite" else now
    for n in range(1, args.rows + 1):
        body = body_ids[n % len(body_ids)]
        published = first + timedelta(days=rng.randrange(3 * 365))
        decided = published - timedelta(days=rng.randrange(1, 8))
        yield (cases[body], body, "penalty", "published", decided, decided + timedelta(days=9),
               "", "未按规定履行安全生产管理职责案", party_name(rng), "organisation",
               credit_code(n), document_number(n), "罚款人民币10,000.00元",
               "（基准测试数据）", "（基准测试数据）", "[]", published,
               f"sm3:{n:064x}", published + timedelta(days=3 * 365), "", "", "", False, "",
               created)


def secondary_indexes() -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes other than its primary key."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE "
                           "i.tablename = 'disclosure_disclosure' AND i.indexname NOT IN ("
                           "SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))")
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = 'disclosure_disclosure' AND sql IS NOT NULL")
        return cursor.fetchall()


def load_decisions(args, rng, body_ids, cases) -> float:
    """Bulk load with the secondary indexes dropped and built again after, as one would
    load a table this size; returns the seconds the index builds took."""
    from django.db import connection

    indexes = secondary_indexes()
    with connection.cursor() as cursor:
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    insert(args, rng, body_ids, cases)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
    return time.perf_counter() - started


def insert(args, rng, body_ids, cases) -> None:
    from django.db import connection, transaction

    source = rows(args, rng, body_ids, cases, connection.vendor)
    columns = ", ".join(COLUMNS)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor, cursor.copy(
                f"COPY disclosure_disclosure ({columns}) FROM STDIN") as copy:
            for row in source:
                copy.write_row(row)
        raw.commit()
        return
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO disclosure_disclosure ({columns}) VALUES ({marks})"
    with transaction.atomic(), connection.cursor() as cursor:
        batch = []
        for row in source:
            batch.append(tuple(v.isoformat() if isinstance(v, date) else v for v in row))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def ensure_party_index(args) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "disclosure_disclosure")
        has = any(c["index"] and c["columns"] == ["party_name"] for c in indexes.values())
        if has:
            return "party_name index: from the schema"
        if args.no_party_index:
            return "party_name index: none (--no-party-index)"
        opclass = " varchar_pattern_ops" if connection.vendor == "postgresql" else ""
        cursor.execute(f"CREATE INDEX {PARTY_INDEX} ON disclosure_disclosure "
                       f"(party_name{opclass})")
    return "party_name index: CREATED BY THE BENCHMARK (the schema lacks it)"


def samples(rng: random.Random, count: int = 500) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT party_name, party_code, document_number FROM "
                       "disclosure_disclosure ORDER BY id LIMIT %s", [count * 4])
        found = cursor.fetchall()
    picked = rng.sample(found, min(count, len(found)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM disclosure_disclosure ORDER BY id LIMIT %s", [count * 4])
        ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT credit_code FROM org_body ORDER BY id")
        codes = [r[0] for r in cursor.fetchall()]
    last_year = date.today().year - 1
    return {"party": [r[0][:5] for r in picked], "code": [r[1] for r in picked],
            "number": [r[2] for r in picked],
            "decision": [f"/decisions/{pk}/" for pk in rng.sample(ids, min(count, len(ids)))],
            "statistics": [f"{code}|{last_year}"
                           for code in rng.sample(codes, min(count, len(codes)))]}


# --- the same query as raw SQL -----------------------------------------------------------

SELECT = ("SELECT d.id, d.category, d.state, d.decided_on, d.published_on, d.title, "
          "d.party_name, d.party_code, d.document_number, d.conclusion, b.id, b.name, "
          "b.credit_code FROM disclosure_disclosure d JOIN org_body b ON b.id = d.body_id "
          "WHERE d.state = 'published' AND {where} "
          "ORDER BY d.published_on DESC, d.id DESC LIMIT 21")


PARTY_SELECT = ("SELECT d.id, d.category, d.state, d.decided_on, d.published_on, d.title, "
                "d.party_name, d.party_code, d.document_number, d.conclusion, d.body_id "
                "FROM disclosure_disclosure d WHERE d.state = 'published' AND {name} >= {mark} "
                "AND {name} < {mark} ORDER BY {name}, d.published_on DESC, d.id DESC LIMIT 21")
# The party page's second query: the bodies of its rows, by primary key (run_sql adds it).
BODIES = "SELECT b.id, b.name, b.credit_code FROM org_body b WHERE b.id IN ({marks})"


def raw_query(kind: str, value: str, vendor: str) -> tuple[str, list]:
    """The page's main query as the ORM writes it (``disclosure.search``): a party-name
    prefix is a range of the name in binary order, ordered by name then newest first, read
    without the join (its bodies follow by primary key: ``BODIES``)."""
    mark = "?" if vendor == "sqlite" else "%s"
    if kind == "party":
        name = 'd.party_name COLLATE "C"' if vendor == "postgresql" else "d.party_name"
        upper = value[:-1] + chr(ord(value[-1]) + 1)
        return PARTY_SELECT.format(name=name, mark=mark), [value, upper]
    if kind == "decision":  # a decision's own page: the row and its body
        return DECISION_SELECT.format(mark=mark), [int(value.strip("/").split("/")[-1])]
    if kind == "statistics":  # a body's year in the newest snapshot (ADR 0050)
        code, year = value.split("|")
        return STATISTICS_SELECT.format(mark=mark), [code, int(year)]
    column = {"code": "party_code", "number": "document_number"}[kind]
    return SELECT.format(where=f"d.{column} = {mark}"), [value]


DECISION_SELECT = ("SELECT d.*, b.name, b.credit_code FROM disclosure_disclosure d "
                   "JOIN org_body b ON b.id = d.body_id WHERE d.id = {mark}")
STATISTICS_SELECT = (
    "SELECT f.* FROM disclosure_statisticsfigure f JOIN org_body b ON b.id = f.body_id "
    "WHERE f.snapshot_id = (SELECT MAX(id) FROM disclosure_statisticssnapshot) "
    "AND b.credit_code = {mark} AND f.year = {mark}")


def url_of(kind: str, value: str) -> str:
    if kind == "decision":
        return value
    if kind == "statistics":
        code, year = value.split("|")
        return f"/statistics/?body={code}&year={year}"
    return f"/decisions/?{kind}={quote(value)}"


def store_pages() -> str:
    """Each published decision's stored page (ADR 0074), which its publication action
    writes; the fixture's rows bypass the actions, so they are stored here as a deployment
    with decisions published before would (``public_pages.fill``): timed."""
    try:
        from sanxiang.disclosure import public_pages
    except ImportError:
        return "stored decision pages: none (this tree renders each page per request)"
    started = time.perf_counter()
    stored = public_pages.fill()
    return f"stored decision pages: {stored:,} in {time.perf_counter() - started:.1f} s"


def take_statistics_snapshot() -> str:
    """The public statistics' snapshot (ADR 0050), as the worker takes it: timed."""
    try:
        from sanxiang.disclosure import stats_snapshot
    except ImportError:
        return "statistics snapshot: none (this tree computes the page per request)"
    started = time.perf_counter()
    snapshot = stats_snapshot.take()
    return (f"statistics snapshot: {snapshot.figures.count():,} rows in "
            f"{time.perf_counter() - started:.1f} s")


def query_plan(sql: str, params: list) -> str:
    """The database's plan for the query, in one line (which index answers it)."""
    from django.db import connection

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql.replace("?", "%s"), params)
        rows = cursor.fetchall()
    return " / ".join(str(row[-1]).strip() for row in rows)[:400]


def run_sql(env: dict, queries: list[tuple[str, list]], concurrency: int) -> dict:
    local = threading.local()
    vendor = "postgresql" if "DATABASE_URL" in env else "sqlite"

    def connect():
        if vendor == "sqlite":
            return sqlite3.connect(env["SQLITE_PATH"], check_same_thread=False)
        import psycopg

        return psycopg.connect(env["DATABASE_URL"], autocommit=True)

    def one(query):
        if not hasattr(local, "connection"):
            local.connection = connect()
        sql, params = query
        started = time.perf_counter()
        cursor = local.connection.cursor()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if "d.body_id FROM" in sql and rows:  # a party page: its bodies follow
            bodies = sorted({row[-1] for row in rows})
            mark = "?" if vendor == "sqlite" else "%s"
            cursor.execute(BODIES.format(marks=", ".join([mark] * len(bodies))), bodies)
            cursor.fetchall()
        cursor.close()
        return time.perf_counter() - started, len(rows)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, queries[: concurrency * 5]))
        started = time.perf_counter()
        results = list(pool.map(one, queries))
        wall = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    return {"rps": len(results) / wall,
            "p50": latencies[len(latencies) // 2] * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "rows": statistics.mean(r[1] for r in results)}


def sqlite_path(env: dict) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = str(connection.settings_dict["NAME"])


# --- main ---------------------------------------------------------------------------------

def main() -> int:
    args = parse_args()
    rng = random.Random(20261129)
    with tempfile.TemporaryDirectory(prefix="sx-decision-bench-") as tmp:
        data_dir = Path(tmp)
        write_bench_site(data_dir)
        sys.path.insert(0, str(data_dir))
        env = server_env(args, data_dir)
        if args.database_url:
            pb.admin_execute(args.database_url, f'DROP DATABASE IF EXISTS "{args.scratch_db}"')
            pb.admin_execute(args.database_url, f'CREATE DATABASE "{args.scratch_db}"')
        server = baseline = None
        try:
            pb.setup_django(env)
            from django.db import connection

            sqlite_path(env)
            print(f"CPUs: {os.cpu_count()}  database: {connection.vendor}  gunicorn: "
                  f"{args.workers} workers × {args.threads} threads  client: "
                  f"{args.concurrency} threads, {args.requests} requests per row")
            started = time.perf_counter()
            body_ids, _codes, cases = load_owners(args)
            index_seconds = load_decisions(args, rng, body_ids, cases)
            note = ensure_party_index(args)
            print(store_pages(), flush=True)
            loaded = time.perf_counter() - started
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"Loaded {args.rows:,} published decisions in {loaded:.1f} s (indexes "
                  f"{index_seconds:.1f} s of it); {note} "
                  f"(+ANALYZE {time.perf_counter() - started - loaded:.1f} s)", flush=True)
            picks = samples(rng)
            from django.conf import settings

            print(take_statistics_snapshot(), flush=True)
            twins = {kind: pb.write_static_twin(
                Path(settings.STATIC_ROOT), f"decisions-{kind}",
                pb.typical_size(lambda kind=kind: url_of(kind, rng.choice(picks[kind]))))
                for kind in args.kinds.split(",")}
            zipf = pb.Zipf(rng, args.zipf)
            vendor = connection.vendor
            plan = query_plan(*raw_query("party", picks["party"][0], vendor))
            print(f"party-name query plan: {plan}", flush=True)
            connection.close()

            port = pb.free_port()
            server = pb.start_server(args, env, port)
            servers = [("", port)]
            if args.baseline_src:
                old_port = pb.free_port()
                baseline = pb.start_server(args, pb.baseline_env(env, args.baseline_src),
                                           old_port)
                servers.insert(0, ("baseline: ", old_port))
            rows_out = []
            for kind in args.kinds.split(","):
                label = KINDS[kind]
                draws = [(label, rng.choice)]
                if args.zipf > 0:
                    draws.append((f"{label}, Zipf", zipf))
                for row_label, draw in draws:
                    values = [draw(picks[kind]) for _ in range(args.requests)]
                    sql = run_sql(env, [raw_query(kind, v, vendor) for v in values],
                                  args.concurrency)
                    # The same URLs on each server; neither tree always goes first.
                    turn = servers if len(rows_out) // len(servers) % 2 else servers[::-1]
                    for tag, at in turn:
                        page = pb.run(at, [url_of(kind, v) for v in values],
                                      args.concurrency)
                        static = pb.run(at, [twins[kind]] * args.requests, args.concurrency)
                        rows_out.append((tag + row_label, page, sql, static))
                        print(f"  {tag}{row_label}: page {page['rps']:.0f} req/s, p99 "
                              f"{page['p99']:.0f} ms, SQL {sql['rps']:.0f} q/s, static "
                              f"{static['rps']:.0f} req/s, cache hits {page['hits']:.0%}",
                              flush=True)
        finally:
            for process in (server, baseline):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
            if args.database_url:
                from django.db import connections

                connections.close_all()
                pb.admin_execute(args.database_url,
                                 f'DROP DATABASE IF EXISTS "{args.scratch_db}"')

    print()
    print(f"{'search by':<36} {'page p50':>9} {'p99':>8} {'req/s':>7} {'hits':>5}   "
          f"{'SQL p50':>8} {'p99':>8} {'q/s':>7}   {'p50 ×':>6} {'req/s ÷':>8}  rows  "
          f"{'static':>7} {'vs static':>9}")
    for label, page, sql, static in rows_out:
        print(f"{label:<36} {page['p50']:>7.1f}ms {page['p99']:>6.1f}ms {page['rps']:>7.0f} "
              f"{page['hits']:>5.0%}   "
              f"{sql['p50']:>6.2f}ms {sql['p99']:>6.2f}ms {sql['rps']:>7.0f}   "
              f"{page['p50'] / sql['p50']:>6.1f} {sql['rps'] / page['rps']:>8.1f}  "
              f"{sql['rows']:.1f}  {static['rps']:>7.0f} {page['rps'] / static['rps']:>8.2f}×")
    print("p50 × = page p50 / SQL p50; req/s ÷ = SQL queries/s / page requests/s "
          "(same client threads);\nvs static = page requests/s / those of a static file of "
          "the page's size; hits: answered\nfrom the page cache. 'Zipf' rows draw the values "
          f"with popularity ∝ 1/rank^{args.zipf}.")
    if args.json:
        print(json.dumps({
            "bench": "decision_search",
            "database": "postgresql" if args.database_url else "sqlite",
            "cpus": os.cpu_count(), "rows": args.rows, "cache": not args.no_cache,
            "party_plan": plan,
            "requests": args.requests, "concurrency": args.concurrency, "zipf": args.zipf,
            "scenarios": {label: {"p50_ms": round(page["p50"], 2),
                                  "p99_ms": round(page["p99"], 2),
                                  "rps": round(page["rps"], 1),
                                  "sql_p50_ms": round(sql["p50"], 3),
                                  "sql_p99_ms": round(sql["p99"], 3),
                                  "sql_qps": round(sql["rps"], 1),
                                  "sql_per_page": round(sql["rps"] / page["rps"], 2),
                                  "cache_hits": round(page["hits"], 3),
                                  "static_rps": round(static["rps"], 1),
                                  "vs_static": round(page["rps"] / static["rps"], 3)}
                          for label, page, sql, static in rows_out}}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
