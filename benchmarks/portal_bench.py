"""Portal benchmark: public officer search and list pages against a static file, same server.

    .venv/bin/python benchmarks/portal_bench.py [--officers 100000] [--bodies 1000]
        [--items 10000] [--requests 2000] [--concurrency 8] [--workers 2]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]
        [--baseline-src /tmp/old/src]

Builds a throw-away platform: SQLite in a temporary directory by default; with
``--database-url`` a scratch PostgreSQL database ``sx_portal_bench`` on that server,
dropped at the end. Loads ``--officers`` officers (each with a certificate valid today)
across ``--bodies`` bodies and, when the catalogue app is there, ``--items`` enforcement
items. Then starts the real server the way ``sanxiang serve`` does (gunicorn, gthread
workers, the demo profile) on a free port of 127.0.0.1, and measures with a bounded
number of requests from a thread pool:

- the home page and an officer's page (the address of a document's QR code);
- the public officer search by certificate number (exact) and by name prefix;
- a body's officer list page (the portal's search restricted to one body);
- the JSON API officers list (``/api/org/officers``, 50 a page, per body) and its name
  search (20 a page);
- a body's enforcement-item list page, when the catalogue serves one;
- for each of them, a static file of the same size served by WhiteNoise from the same
  server, right after: the yardstick the issue asks for ("vs static").

Each scenario runs twice: every request a URL drawn uniformly (at 100 000 officers almost
all distinct, so every request misses the page cache: the worst case), then URLs drawn with
a Zipf popularity (``--zipf``, s = 1.1: a few officers' QR codes, bodies and name prefixes
are asked for far more often than the rest, as real traffic does), where the page cache
answers the repeated ones.

With ``--baseline-src`` a second server runs another tree's ``src`` (e.g. ``git archive
main src | tar -x -C /tmp/old``) on the same data, and each row is measured on it too,
right before this tree's: before and after in one run, on one machine's same minute.

Only 127.0.0.1 is contacted; the server is stopped and the scratch data removed at the end.
"""

import argparse
import bisect
import http.client
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SCRATCH_DB = "sx_portal_bench"
BATCH = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--bodies", type=int, default=1_000)
    parser.add_argument("--items", type=int, default=10_000,
                        help="enforcement items (needs the catalogue app)")
    parser.add_argument("--requests", type=int, default=2_000, help="requests per scenario")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server (its database name is ignored; "
                             f"'{SCRATCH_DB}' is created and dropped)")
    parser.add_argument("--baseline-src", default="",
                        help="another tree's src directory, served and measured alongside")
    add_common_arguments(parser)
    return parser.parse_args()


def add_common_arguments(parser) -> None:
    parser.add_argument("--zipf", type=float, default=1.1,
                        help="exponent of the popular-URL rows (0: uniform rows only)")
    parser.add_argument("--no-cache", action="store_true",
                        help="serve with the public page cache off (every request is built)")
    parser.add_argument("--json", action="store_true",
                        help="end with one line of JSON: the figures of the run")


# --- scratch database --------------------------------------------------------------------

def scratch_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{SCRATCH_DB}"))


def admin_execute(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as c:
        c.execute(sql)


def server_env(args, data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update(SANXIANG_ENV="demo", SANXIANG_DATA_DIR=str(data_dir),
               DJANGO_SETTINGS_MODULE="sanxiang.settings", SANXIANG_LOG_LEVEL="ERROR")
    # The page cache as deployed (local memory per worker), unless --no-cache.
    env["SANXIANG_PUBLIC_CACHE_SECONDS"] = "0" if getattr(args, "no_cache", False) else "3600"
    # The server's rate is measured, not the per-address limit on public searches: every
    # request of the benchmark comes from 127.0.0.1 (core.throttle.limited, ADR 0072).
    env["SANXIANG_PUBLIC_SEARCHES_PER_MINUTE"] = "0"
    if args.database_url:
        env["DATABASE_URL"] = scratch_url(args.database_url)
    else:
        env.pop("DATABASE_URL", None)
    return env


def setup_django(env: dict) -> None:
    os.environ.update({k: env[k] for k in ("SANXIANG_ENV", "SANXIANG_DATA_DIR",
                                           "DJANGO_SETTINGS_MODULE")})
    if "DATABASE_URL" in env:
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- fixture ------------------------------------------------------------------------------
# A benchmark's fixture loader may write rows directly with bulk_create: the actions (one
# transaction and one ledger event per change) are for real data; going through them for
# 100 000 officers would take most of an hour and measure nothing the portal does.

def person_names(rng: random.Random, count: int) -> list[str]:
    from sanxiang.demo import names

    surnames = [s for s, _ in names.SURNAMES]
    weights = [w for _, w in names.SURNAMES]
    firsts = names.MALE_FIRST + names.FEMALE_FIRST
    seconds = names.MALE_SECOND + names.FEMALE_SECOND
    solos = names.MALE_SOLO + names.FEMALE_SOLO
    drawn = rng.choices(surnames, weights=weights, k=count)
    return [s + (rng.choice(solos) if rng.random() < 0.18
                 else rng.choice(firsts) + rng.choice(seconds)) for s in drawn]


def load_register(args, rng: random.Random) -> dict:
    from django.db import transaction

    from sanxiang.core.identifiers import make_credit_code
    from sanxiang.org.models import Body, Certificate, EnforcementField, Officer
    from sanxiang.org.validity import refresh as refresh_validity

    fields = list(EnforcementField.objects.all())
    if not fields:
        fields = EnforcementField.objects.bulk_create(
            [EnforcementField(code="AQSC", name="安全生产"),
             EnforcementField(code="SCJG", name="市场监管")])
    today = date.today()
    bodies = []
    for i in range(args.bodies):
        region = f"13{1 + i % 11:02d}{1 + i % 23:02d}"
        bodies.append(Body(
            name=f"第{i + 1:04d}号执法局", short_name=f"第{i + 1}局",
            credit_code=make_credit_code(prefix="11", region=region, seed=i + 1),
            nature="administrative", subject_kind="statutory", funding="full", staffing=120,
            duties="依法负责本辖区行政执法工作。", legal_representative="王建国",
            address=f"某市某区政务中心{i + 1}号", complaint_phone="0311-12345",
            supervising_body="某市司法局", region_code=region,
        ))
    with transaction.atomic():
        Body.objects.bulk_create(bodies, batch_size=BATCH)
    bodies = list(Body.objects.order_by("pk"))
    all_names = person_names(rng, args.officers)
    through = Officer.fields.through
    numbers = []
    for start in range(0, args.officers, BATCH):
        with transaction.atomic():
            chunk = [
                Officer(name=all_names[n], body=bodies[n % len(bodies)], post="执法队员",
                        areas="本辖区", phone="13800000000")
                for n in range(start, min(start + BATCH, args.officers))
            ]
            Officer.objects.bulk_create(chunk)
            # Issued last January: no annual inspection is due yet (R-ORG-03), so the
            # certificate is valid today without inspection rows.
            certificates = [
                Certificate(officer=o, number=f"{13_000_000_000 + n:011d}",
                            issued_by="河北省人民政府", issued_on=date(today.year - 1, 1, 1),
                            expires_on=date(today.year + 4, 12, 31))
                for n, o in enumerate(chunk, start=start)
            ]
            Certificate.objects.bulk_create(certificates)
            through.objects.bulk_create(
                [through(officer_id=o.pk, enforcementfield_id=fields[n % len(fields)].pk)
                 for n, o in enumerate(chunk, start=start)])
            numbers += [c.number for c in certificates]
            # The stored validity the public pages read (the actions keep it; bulk rows
            # need it written, as the migration does for rows that predate it).
            refresh_validity([o.pk for o in chunk])
    return {"bodies": [b.credit_code for b in bodies], "numbers": numbers,
            "prefixes": sorted({name[:2] for name in all_names})}


def load_items(args, bodies: list[str]) -> tuple[str, list[str]]:
    """Enforcement items in the real catalogue, if its models are there; else a note why not."""
    from django.apps import apps
    from django.db import transaction

    try:
        item_model = apps.get_model("catalog", "EnforcementItem")
        catalogue_model = apps.get_model("catalog", "Catalogue")
        version_model = apps.get_model("catalog", "CatalogueVersion")
    except LookupError:
        return "no catalog.EnforcementItem model", []
    from sanxiang.org.models import Body

    per_body = 1_000
    count = max(1, args.items // per_body)
    chosen = list(Body.objects.filter(credit_code__in=bodies[:count]).order_by("pk"))
    try:
        with transaction.atomic():
            for body in chosen:
                catalogue = catalogue_model.objects.create(body=body, kind="items")
                version_model.objects.create(
                    catalogue=catalogue, number=1, effective_from=date(2026, 1, 1),
                    note="基准测试数据", author_name="benchmark", entry_count=per_body,
                    added=per_body)
                item_model.objects.bulk_create([
                    item_model(catalogue=catalogue, lineage=n + 1, valid_from=1, position=n,
                               digest=f"sm3:{n:064x}", search_text=f"第{n + 1}项 安全生产检查",
                               category="inspection", code=f"JC-{n + 1:05d}",
                               name=f"对生产经营单位安全生产情况的第{n + 1}项检查",
                               legal_bases=[{"law": "中华人民共和国安全生产法",
                                             "article": 65, "paragraph": 1, "item": None}],
                               unit="执法大队", time_limit="检查结束后15个工作日内")
                    for n in range(per_body)], batch_size=BATCH)
    except Exception as error:  # the catalogue is still taking shape: say why, go on
        return f"catalogue fixture failed: {type(error).__name__}: {error}"[:200], []
    return f"{per_body * len(chosen):,} items in {len(chosen)} catalogues", [
        b.credit_code for b in chosen]


# --- targets ------------------------------------------------------------------------------

class Zipf:
    """Draw items of a list with probability ∝ 1 / rank^s, the ranks a random permutation
    of the list fixed per list (popular officers are not the first ones loaded)."""

    def __init__(self, rng: random.Random, s: float):
        self.rng, self.s, self.tables = rng, s, {}

    def __call__(self, items: list):
        table = self.tables.get(id(items))
        if table is None:
            cumulative = list(itertools.accumulate(
                1 / rank ** self.s for rank in range(1, len(items) + 1)))
            order = list(range(len(items)))
            self.rng.shuffle(order)
            table = self.tables[id(items)] = (cumulative, order, items)
        cumulative, order, _items = table
        rank = bisect.bisect_left(cumulative, self.rng.random() * cumulative[-1])
        return items[order[min(rank, len(items) - 1)]]


def scenarios(register: dict, item_bodies: list[str], rng: random.Random,
              pick=None) -> dict:
    """URL makers per scenario; ``pick`` draws one of a list (uniform by default)."""
    from django.urls import NoReverseMatch, reverse

    pick = pick or rng.choice
    bodies, numbers, prefixes = register["bodies"], register["numbers"], register["prefixes"]
    found = {
        "home page": lambda: "/",
        "officer's page (QR code)": lambda: f"/officers/{pick(numbers)}/",
        "officer search, certificate number": lambda: (
            f"/officers/?q={pick(numbers)}"),
        "officer search, name prefix": lambda: (
            f"/officers/?q={quote(pick(prefixes))}"),
        "body's officer list page": lambda: (
            f"/officers/?body={pick(bodies)}"),  # keyset pages: the first
        "API officers list (50)": lambda: (
            f"/api/org/officers?body={pick(bodies)}&limit=50"),
        "API officers, name prefix": lambda: (
            f"/api/org/officers?q={quote(pick(prefixes))}&limit=20"),
    }
    if item_bodies:
        try:
            reverse("catalog:catalogue", kwargs={"kind": "items",
                                                 "credit_code": item_bodies[0]})
            found["body's item list page"] = lambda: reverse(
                "catalog:catalogue", kwargs={"kind": "items",
                                             "credit_code": pick(item_bodies)})
        except NoReverseMatch:
            pass
    return found


def typical_size(url_for) -> int:
    """The median body size of a few responses, from Django's test client (no server)."""
    from django.test import Client

    client = Client()
    sizes = []
    for _ in range(7):
        response = client.get(url_for())
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} from the fixture for a benchmark URL")
        sizes.append(len(response.content))
    return int(statistics.median(sizes))


def write_static_twin(static_root: Path, name: str, size: int) -> str:
    """A static file of ``size`` bytes of page-like text, for WhiteNoise to serve."""
    path = static_root / "bench" / f"{name}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    line = "<li>执法人员 张伟 执法证号 13010201001 安全生产 本辖区</li>\n".encode()
    text = (line * (size // len(line) + 1))[:size]
    path.write_bytes(text)
    return f"/static/bench/{name}.html"


# --- server and client --------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def baseline_env(env: dict, src: str) -> dict:
    """``env`` with another tree's sources first on the path (the server runs from it)."""
    return {**env, "PYTHONPATH": os.pathsep.join(
        [str(Path(src).resolve()), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep)
                                     if p and Path(p).resolve() != ROOT / "src"]])}


def start_server(args, env: dict, port: int) -> subprocess.Popen:
    # The same command ``sanxiang serve`` executes, with the worker count of the run.
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sanxiang.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--threads", str(args.threads), "--log-level", "warning"],
        env=env, cwd=str(ROOT))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


class Worker:
    """One keep-alive connection per client thread."""

    def __init__(self, port: int):
        self.port = port
        self.connection = None

    def get(self, url: str) -> tuple[float, int]:
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            started = time.perf_counter()
            try:
                self.connection.request("GET", url)
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise RuntimeError(f"{response.status} for {url}")
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return elapsed, len(body), response.getheader("X-Sanxiang-Cache") == "hit"
        raise AssertionError("not reached")


def run(port: int, urls: list[str], concurrency: int) -> dict:
    import threading

    local = threading.local()

    def one(url):
        if not hasattr(local, "worker"):
            local.worker = Worker(port)
        return local.worker.get(url)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, urls[: concurrency * 5]))  # warm up connections and caches
        started = time.perf_counter()
        results = list(pool.map(one, urls))
        wall = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    return {
        "rps": len(results) / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "bytes": int(statistics.median(r[1] for r in results)),
        "hits": sum(r[2] for r in results) / len(results),
    }


def main() -> int:
    args = parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory(prefix="sx-portal-bench-") as tmp:
        data_dir = Path(tmp)
        env = server_env(args, data_dir)
        if args.database_url:
            admin_execute(args.database_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')
            admin_execute(args.database_url, f'CREATE DATABASE "{SCRATCH_DB}"')
        server = baseline = None
        try:
            setup_django(env)
            from django.conf import settings
            from django.db import connection

            print(f"CPUs: {os.cpu_count()}  database: {connection.vendor}  gunicorn: "
                  f"{args.workers} workers × {args.threads} threads  client: "
                  f"{args.concurrency} threads, {args.requests} requests per row")
            started = time.perf_counter()
            register = load_register(args, rng)
            items_note, item_bodies = load_items(args, register["bodies"])
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"Loaded {len(register['bodies']):,} bodies, {len(register['numbers']):,} "
                  f"officers; {items_note}; in {time.perf_counter() - started:.1f} s")

            plan = scenarios(register, item_bodies, rng)
            popular = scenarios(register, item_bodies, rng, Zipf(rng, args.zipf))
            static_root = Path(settings.STATIC_ROOT)
            twins = {}
            for i, (name, url_for) in enumerate(plan.items()):
                twins[name] = write_static_twin(static_root, f"page{i}", typical_size(url_for))
            connection.close()

            port = free_port()
            server = start_server(args, env, port)
            servers = [("", port)]
            if args.baseline_src:
                old_port = free_port()
                baseline = start_server(args, baseline_env(env, args.baseline_src), old_port)
                servers.insert(0, ("baseline: ", old_port))
            rows = []
            for name, url_for in plan.items():
                runs = [(name, url_for)]
                if args.zipf > 0:
                    runs.append((f"{name}, Zipf", popular[name]))
                for label, make_url in runs:
                    urls = [make_url() for _ in range(args.requests)]
                    # Neither tree always goes first.
                    turn = servers if len(rows) // len(servers) % 2 else servers[::-1]
                    for tag, at in turn:  # the same URLs on each server, one after the other
                        page = run(at, urls, args.concurrency)
                        static = run(at, [twins[name]] * args.requests, args.concurrency)
                        rows.append((tag + label, page, static))
                        print(f"  {tag}{label}: {page['rps']:.0f} req/s (static "
                              f"{static['rps']:.0f}), p99 {page['p99']:.0f} ms, cache hits "
                              f"{page['hits']:.0%}", flush=True)
        finally:
            for process in (server, baseline):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=30)
            if args.database_url:
                from django.db import connections

                connections.close_all()
                admin_execute(args.database_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')

    header = (f"{'scenario':<54}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>9}{'hits':>6}"
              f"{'static req/s':>14}{'static p50':>12}{'static p99':>12}{'vs static':>11}")
    print()
    print(header)
    print("-" * len(header))
    for name, page, static in rows:
        print(f"{name:<54}{page['rps']:>8.0f}{page['p50']:>9.1f}{page['p99']:>9.1f}"
              f"{page['bytes']:>9}{page['hits']:>6.0%}{static['rps']:>14.0f}{static['p50']:>12.1f}"
              f"{static['p99']:>12.1f}{page['rps'] / static['rps']:>10.2f}×")
    print("\n'vs static': the page's requests/s divided by those of a static file of the same "
          "size\nserved by WhiteNoise from the same server in the same run. 'Zipf' rows draw "
          f"URLs with\npopularity ∝ 1/rank^{args.zipf}; 'hits': the share answered from the "
          "page cache.")
    if args.json:
        print(json.dumps({
            "bench": "portal", "database": "postgresql" if args.database_url else "sqlite",
            "cpus": os.cpu_count(), "officers": args.officers, "bodies": args.bodies,
            "cache": not args.no_cache, "requests": args.requests, "zipf": args.zipf,
            "concurrency": args.concurrency,
            "rows": {name: {"rps": round(page["rps"], 1), "p50_ms": round(page["p50"], 2),
                            "p99_ms": round(page["p99"], 2),
                            "cache_hits": round(page["hits"], 3),
                            "static_rps": round(static["rps"], 1),
                            "vs_static": round(page["rps"] / static["rps"], 3)}
                     for name, page, static in rows}}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
