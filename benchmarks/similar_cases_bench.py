"""Similar-case search benchmark (R-AST-01, docs/adr/0017-similar-cases.md).

    .venv/bin/python benchmarks/similar_cases_bench.py [--cases N] [--queries Q]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--no-bm25s]
        [--scratch-db NAME] [--keep] [--reuse] [--json]

On a throw-away database (SQLite in a temporary directory, or a scratch PostgreSQL
database, ``sx_similar_bench`` unless ``--scratch-db`` names another, dropped at the end
unless ``--keep``) it

(a) generates N closed cases (default 200 000; ``--cases 1000000`` for a province) in 40
    bodies of two cities, their facts from phrase lists, with 50 planted targets at random
    places, each with two near-duplicates (same body, a few words changed), and loads the
    index rows exactly as ``similar.index_case`` would write them (words, word counts) —
    bulk-inserted (COPY on PostgreSQL, executemany on SQLite, rows built from the models'
    own field conversions; the FTS structures built once after the load), since a million
    cases opened one action at a time would only measure the case engine, and ORM
    instances made it hours;
(b) runs ``similar.similar_cases()`` (word choice, the SQL, the rows shown) for Q cases
    (the 50 targets and random others) as three users — an officer of one body, a city's
    supervisor, a superuser — and, interleaved, the very SQL it issues bare through the
    cursor; reports p50/p99 ms of both and their ratio, and how often the two planted
    near-duplicates are the first two hits (recall@2);
(c) with bm25s installed (and not ``--no-bm25s``): the other approach the issue names,
    rjieba words + bm25s in memory over the same corpus, queried with each case's whole
    word list and the officer's body as a weight mask: index time, p50/p99, recall@2.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SCRATCH_DB = "sx_similar_bench"
BODIES = 40
TARGETS = 50

SUBJECTS = [
    "生产经营单位", "危险化学品经营单位", "建筑施工企业", "餐饮服务提供者", "食品生产企业",
    "特种设备使用单位", "道路运输企业", "非煤矿山企业", "烟花爆竹批发企业", "药品零售企业",
    "医疗机构", "物业服务企业", "校外培训机构", "加油站", "商场超市", "农贸市场开办者",
    "娱乐场所", "出租汽车经营者", "建设单位", "排污单位",
]
ACTS = [
    "未按照规定对从业人员进行安全生产教育和培训", "未取得食品经营许可从事食品经营活动",
    "未按规定办理特种设备使用登记", "未建立事故隐患排查治理制度", "擅自改变消防设施用途",
    "超过核定载质量运输货物", "未按照规定设置安全警示标志", "销售过期食品",
    "使用未经检验的特种设备", "未制定生产安全事故应急救援预案", "违法排放大气污染物",
    "占用疏散通道", "未按规定公示收费标准", "无证经营", "未进行消防安全检查",
    "伪造检验报告", "超范围经营", "未落实全员安全生产责任制", "未按规定储存危险化学品",
    "拒绝接受监督检查",
]
DETAILS = [
    "现场未配备灭火器材", "作业人员无特种作业操作证", "储油罐呼吸阀堵塞", "油气回收装置停用",
    "应急照明灯损坏", "安全出口上锁", "配电箱无防护门", "气瓶未固定", "冷库温度超标",
    "原料无进货查验记录", "从业人员无健康证明", "监控录像缺失", "防雷检测过期",
    "叉车未年检", "危化品混存", "货车超载百分之三十", "台账记录不全", "消防通道堆放杂物",
    "擅自拆除报警装置", "未按期复查",
]
PLACES = ["城关镇", "长安区", "桥西区", "新华区", "裕华区", "开发区", "高新区", "东山乡",
          "西河村", "柳林镇", "北关街道", "南湖社区"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000,
                        help="cases to generate (the issue asks 1 000 000: give it)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--scratch-db", default=SCRATCH_DB,
                        help="the throw-away PostgreSQL database (created, dropped at the end)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the scratch PostgreSQL database for a look at the plans")
    parser.add_argument("--reuse", action="store_true",
                        help="query the cases a --keep run left in --scratch-db (same --cases)")
    parser.add_argument("--no-bm25s", action="store_true")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    return parser.parse_args()


def admin_execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")),
                         autocommit=True) as connection:
        connection.execute(sql)


def setup_django(args, data_dir: Path) -> None:
    os.environ["SANXIANG_ENV"] = "test"
    os.environ["SANXIANG_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.settings"
    if args.database_url:
        os.environ["DATABASE_URL"] = urlunsplit(
            urlsplit(args.database_url)._replace(path=f"/{args.scratch_db}"))
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def facts(rng: random.Random) -> tuple[int, str]:
    act = rng.randrange(len(ACTS))
    text = (f"经查，当事人{rng.choice(PLACES)}某{rng.choice(SUBJECTS)}于{rng.randint(1, 12)}月"
            f"{rng.randint(1, 28)}日{ACTS[act]}，{rng.choice(DETAILS)}，{rng.choice(DETAILS)}，"
            f"执法人员现场检查时发现{rng.choice(DETAILS)}，当场制作现场检查笔录。"
            f"当事人编号{rng.randint(10_000, 99_999)}。")
    return act, text


def near_duplicate(text: str, rng: random.Random) -> str:
    """The same facts with a date and a number changed, as a second case of one party."""
    return text.replace("月", f"月（复查{rng.randint(2, 9)}次）", 1).replace(
        "当场制作", "再次当场制作", 1)


def people():
    from sanxiang.core.identifiers import make_credit_code
    from sanxiang.org import actions
    from sanxiang.org.models import User
    from sanxiang.org.roles import Role

    bodies, officers = [], []
    for i in range(BODIES):
        region = f"{1301 if i < BODIES // 2 else 1302}{i % 20 + 1:02d}"
        body = actions.create_body(
            acting_user=None, name=f"基准测试第{i + 1}执法局", short_name=f"第{i + 1}局",
            credit_code=make_credit_code(prefix="11", region=region, seed=i + 1),
            nature="administrative", subject_kind="statutory", funding="full", staffing=40,
            duties="依法负责本辖区安全生产行政执法工作。", legal_representative="王建国",
            address=f"某市政务中心{i + 1}号", complaint_phone="0311-12345",
            supervising_body="某市司法局", region_code=region)
        bodies.append(body)
        officers.append(actions.create_officer(
            acting_user=None, body=body, name=f"执法员{i + 1}", post="执法队员",
            field_codes=["AQSC"], areas="本辖区", phone="13800000000"))
    officer_user = actions.create_user(acting_user=None, username="bench_officer",
                                       password="Bench-2026-pass!", full_name="张伟",
                                       roles=[Role.OFFICER], officer=officers[0])
    supervisor = actions.create_user(acting_user=None, username="bench_supervisor",
                                     password="Bench-2026-pass!", full_name="吴建华",
                                     roles=[Role.SUPERVISOR], jurisdiction="1301")
    root = User.objects.create_superuser("bench_root", password="Bench-2026-pass!")
    return bodies, officers, {"officer": officer_user, "supervisor": supervisor,
                              "superuser": root}


def generate(count: int, planted: dict):
    """Cases as (body index, act, facts), one at a time (a million never sit in memory);
    fills ``planted`` with the targets' positions and those of their two duplicates."""
    rng = random.Random(20261206)
    places = set(rng.sample(range(count - 3), TARGETS))
    made = i = 0
    while made < count:
        body = rng.randrange(BODIES) if i not in places else 0
        act, text = facts(rng)
        yield body, act, text
        made += 1
        if i in places:
            target = made - 1
            for _ in range(2):
                if made < count:
                    yield 0, act, near_duplicate(text, rng)
                    made += 1
            if made - target == 3:
                planted[target] = (target + 1, target + 2)
        i += 1


def _row_maker(model, fixed: dict, varying: tuple[str, ...]):
    """The table's columns and a function (values of ``varying``) → a row in that order:
    the other columns once from a template instance, as Django would write them."""
    from django.db import connection

    template = model(**fixed)
    fields = model._meta.concrete_fields
    columns = [f.column for f in fields]
    base = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
    slots = [(columns.index(model._meta.get_field(name).column), model._meta.get_field(name))
             for name in varying]

    def row(*values):
        out = list(base)
        for (slot, field), value in zip(slots, values, strict=True):
            out[slot] = field.get_db_prep_save(value, connection)
        return out

    return model._meta.db_table, columns, row


def bulk_insert(table: str, columns: list[str], rows: list[list]) -> None:
    """COPY on PostgreSQL, one executemany on SQLite: no model instances, no RETURNING."""
    from django.db import connection

    names = ", ".join(columns)
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor, cursor.copy(
                f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def load(rows, bodies, officers, keep_corpus: bool
         ) -> tuple[list[int], float, list[list[str]], list[int]]:
    """Bulk-load the cases and their index rows: COPY / executemany in batches, the
    similar-case index's FTS structures set up once after the load (``similar_schema``),
    the word counts written once at the end."""
    from django.db import connection, transaction
    from django.db.models import Max

    from sanxiang.assist import similar, similar_schema
    from sanxiang.assist.models import CaseText, TermCount
    from sanxiang.cases.models import Case
    from sanxiang.org.models import EnforcementField

    field = EnforcementField.objects.get(code="AQSC")
    started = time.perf_counter()
    counts: Counter = Counter()
    corpus: list[list[str]] = []
    body_of: list[int] = []
    ids: list[int] = []
    # Built once after the load, not row by row (the triggers, the FTS5 table, the GIN).
    similar_schema.uninstall(connection)
    opened = date(2025, 1, 1)
    case_table, case_columns, case_row = _row_maker(Case, {
        "body": bodies[0], "procedure": "penalty_general", "field": field,
        "current_step": "archive", "state": "archived", "opened_on": opened,
        "decided_kinds": ["fine"], "lead_officer": officers[0]}, (
        "id", "body", "number", "title", "item_code", "item_name", "opened_on", "facts",
        "decided_fine", "decided_on", "lead_officer"))
    text_table, text_columns, text_row = _row_maker(CaseText, {
        "case_id": 1, "body": bodies[0], "level": "general", "outcome": "decide"}, (
        "case_id", "body", "item_code", "fine", "decided_on", "tokens"))
    next_id = (Case.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    batch = 10_000
    chunk = []

    def flush(start):
        case_rows, text_rows = [], []
        for k, (b, act, text) in enumerate(chunk):
            pk, n = next_id + start + k, start + k
            title, item, fine = f"{ACTS[act][:20]}案", f"AQ-{act:03d}", 1000 * (1 + n % 50)
            decided_on = opened + timedelta(days=30 + n % 300)
            case_rows.append(case_row(
                pk, bodies[b].pk, f"基准〔2025〕{n}号", title, item, ACTS[act],
                opened + timedelta(days=n % 300), text, Decimal(fine), decided_on,
                officers[b].pk))
            # The words exactly as similar.index_case takes them (title, item, facts).
            words = similar.case_words(SimpleNamespace(title=title, item_name=ACTS[act],
                                                       facts=text))
            counts.update(set(words))
            if keep_corpus:
                corpus.append(words)
            body_of.append(b)
            text_rows.append(text_row(pk, bodies[b].pk, item, Decimal(fine), decided_on,
                                      " ".join(words)))
            ids.append(pk)
        with transaction.atomic():
            bulk_insert(case_table, case_columns, case_rows)
            bulk_insert(text_table, text_columns, text_rows)

    done = 0
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            flush(done)
            done += len(chunk)
            chunk = []
            if done % 100_000 == 0:
                print(f"  {done:,} cases, {time.perf_counter() - started:.0f} s", flush=True)
    if chunk:
        flush(done)
        done += len(chunk)
    counts[""] = done
    TermCount.objects.bulk_create([TermCount(term=t, cases=n) for t, n in counts.items()],
                                  batch_size=5_000)
    loaded = time.perf_counter() - started
    print(f"  rows loaded in {loaded:.0f} s; building the full-text index", flush=True)
    with transaction.atomic():
        similar_schema.install(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {similar_schema.FTS_TABLE}"
                           f"({similar_schema.FTS_TABLE}) VALUES ('optimize')")
        cursor.execute("ANALYZE")
    return ids, time.perf_counter() - started, corpus, body_of


def reuse(count: int, planted: dict):
    """The cases a ``--keep`` run left (same ``--cases``): their ids in load order and the
    planted targets, replayed from the generator without writing."""
    from django.db import connection

    from sanxiang.cases.models import Case
    from sanxiang.org.models import User

    for _row in generate(count, planted):
        pass
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    if len(ids) != count:
        sys.exit(f"the kept database holds {len(ids):,} cases, not {count:,}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    users = {label: User.objects.get(username=f"bench_{name}") for label, name in (
        ("officer", "officer"), ("supervisor", "supervisor"), ("superuser", "root"))}
    print(f"{connection.vendor}: reusing {len(ids):,} cases of a kept database")
    return ids, 0.0, [], [], users


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def measure(queries, planted, ids, users):
    from django.db import connection

    from sanxiang.assist import similar
    from sanxiang.cases.models import Case

    results = {}
    for label, user in users.items():
        ours, raw, hits_at_2, targets, shown = [], [], 0, 0, []
        for index in queries:
            case = Case.objects.get(pk=ids[index])
            similar.similar_cases(case, user=user)  # warm
            started = time.perf_counter()
            hits = similar.similar_cases(case, user=user)
            ours.append(time.perf_counter() - started)
            shown.append(len(hits))
            query = similar.build_query(case)
            if query.terms:
                sql, params = similar.raw_sql(query, user)
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    cursor.fetchall()
                raw.append(time.perf_counter() - started)
            if index in planted:
                targets += 1
                want = {ids[j] for j in planted[index]}
                hits_at_2 += want == {h.case_id for h in hits[:2]}
        results[label] = (ours, raw, hits_at_2, targets, sum(shown) / len(shown))
    return results


def bm25s_compare(corpus, body_of, queries, planted, ids):
    import bm25s
    import numpy as np

    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    built = time.perf_counter() - started
    mask = np.array([1.0 if b == 0 else 0.0 for b in body_of])  # the officer's body
    timings, hits_at_2, targets = [], 0, 0
    for index in queries:
        started = time.perf_counter()
        found, _scores = retriever.retrieve([corpus[index]], k=11, show_progress=False,
                                            weight_mask=mask, n_threads=1)
        timings.append(time.perf_counter() - started)
        top = [int(j) for j in found[0] if int(j) != index][:2]
        if index in planted:
            targets += 1
            hits_at_2 += set(top) == set(planted[index])
    return built, timings, hits_at_2, targets


def main():
    args = parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.cases:,} cases, "
          f"load average {os.getloadavg()[0]:.1f}")
    if args.reuse and (not args.database_url or not args.no_bm25s):
        sys.exit("--reuse needs --database-url and --no-bm25s")
    if args.database_url and not args.reuse:
        admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {args.scratch_db}")
        admin_execute(args.database_url, f"CREATE DATABASE {args.scratch_db}")
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup_django(args, Path(data_dir))
            from django.db import connection

            planted: dict = {}
            if args.reuse:
                ids, seconds, corpus, body_of, users = reuse(args.cases, planted)
            else:
                bodies, officers, users = people()
                ids, seconds, corpus, body_of = load(generate(args.cases, planted), bodies,
                                                     officers, keep_corpus=not args.no_bm25s)
                print(f"{connection.vendor}: {len(ids):,} cases generated and indexed in "
                      f"{seconds:.0f} s ({len(ids) / seconds:,.0f} cases/s), load average "
                      f"{os.getloadavg()[0]:.1f}")
            rng = random.Random(7)
            queries = list(planted) + rng.sample(range(len(ids)),
                                                 max(0, args.queries - len(planted)))
            results = measure(queries, planted, ids, users)
            header = (f"{'user':<11} {'similar p50':>11} {'p99':>8} {'raw SQL p50':>11} "
                      f"{'p99':>8} {'ratio p50':>9} {'recall@2':>9} {'hits':>5}")
            print(header)
            print("-" * len(header))
            summary = {"benchmark": "similar_cases", "database": connection.vendor,
                       "cases": len(ids), "load_seconds": round(seconds, 1), "users": {}}
            for label, (ours, raw, good, targets, mean_shown) in results.items():
                print(f"{label:<11} {percentile(ours, .5):>9.1f}ms {percentile(ours, .99):>6.1f}ms"
                      f" {percentile(raw, .5):>9.1f}ms {percentile(raw, .99):>6.1f}ms "
                      f"{percentile(ours, .5) / percentile(raw, .5):>9.2f} "
                      f"{good:>4}/{targets} {mean_shown:>5.1f}")
                summary["users"][label] = {
                    "p50_ms": round(percentile(ours, .5), 1),
                    "p99_ms": round(percentile(ours, .99), 1),
                    "raw_p50_ms": round(percentile(raw, .5), 1),
                    "raw_p99_ms": round(percentile(raw, .99), 1),
                    "ratio_p50": round(percentile(ours, .5) / percentile(raw, .5), 2),
                    "recall_at_2": f"{good}/{targets}", "mean_hits": round(mean_shown, 1)}
            print("ratio = similar_cases() p50 ÷ its bare SQL p50 (word choice and the rows "
                  "shown are the difference); hits = cases shown per query (at most 10)")
            print(f"load average after the queries {os.getloadavg()[0]:.1f} "
                  f"(1, 5, 15 min: {', '.join(f'{x:.1f}' for x in os.getloadavg())})")
            summary["load_average"] = [round(x, 1) for x in os.getloadavg()]
            if not args.no_bm25s:
                try:
                    built, timings, good, targets = bm25s_compare(corpus, body_of, queries,
                                                                  planted, ids)
                except ImportError:
                    print("bm25s not installed: comparison skipped")
                else:
                    print(f"bm25s (in memory, officer's body as weight mask): indexed in "
                          f"{built:.0f} s; p50 {percentile(timings, .5):.1f} ms, p99 "
                          f"{percentile(timings, .99):.1f} ms, recall@2 {good}/{targets}")
            if args.json:
                print(json.dumps(summary, ensure_ascii=False))
            connection.close()
    finally:
        if args.database_url and not args.keep and not args.reuse:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {args.scratch_db}")


if __name__ == "__main__":
    main()
