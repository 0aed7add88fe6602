"""Similar-case search benchmark (R-AST-01, docs/adr/0017-similar-cases.md).

    .venv/bin/python benchmarks/similar_cases_bench.py [--cases N] [--queries Q]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--no-bm25s]

On a throw-away database (SQLite in a temporary directory, or a scratch PostgreSQL
database ``sx_similar_bench`` dropped at the end) it

(a) generates N closed cases (default 200 000; ``--cases 1000000`` for a province) in 40
    bodies of two cities, their facts from phrase lists, with 50 planted targets at random
    places, each with two near-duplicates (same body, a few words changed), and loads the
    index rows exactly as ``similar.index_case`` would write them (words, word counts) —
    bulk-inserted, since a million cases opened one action at a time would only measure
    the case engine;
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
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
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
    parser.add_argument("--no-bm25s", action="store_true")
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
            urlsplit(args.database_url)._replace(path=f"/{SCRATCH_DB}"))
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


def generate(count: int, bodies, officers):
    """Cases as (body index, act, facts); planted targets' ids and their two duplicates."""
    rng = random.Random(20261206)
    rows, planted = [], {}
    places = set(rng.sample(range(count - 3), TARGETS))
    i = 0
    while len(rows) < count:
        body = rng.randrange(BODIES) if i not in places else 0
        act, text = facts(rng)
        rows.append((body, act, text))
        if i in places:
            target = len(rows) - 1
            for _ in range(2):
                rows.append((0, act, near_duplicate(text, rng)))
            planted[target] = (len(rows) - 2, len(rows) - 1)
        i += 1
    planted = {t: pair for t, pair in planted.items() if pair[1] < count}
    return rows[:count], planted


def load(rows, bodies, officers) -> tuple[list[int], float, list[list[str]]]:
    from django.db import connection, transaction

    from sanxiang.assist import similar
    from sanxiang.assist.models import CaseText, TermCount
    from sanxiang.cases.models import Case
    from sanxiang.org.models import EnforcementField

    field = EnforcementField.objects.get(code="AQSC")
    started = time.perf_counter()
    counts: Counter = Counter()
    corpus: list[list[str]] = []
    ids: list[int] = []
    pg = connection.vendor == "postgresql"
    if pg:  # build the GIN index once after the load, not row by row
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS assist_casetext_vector_gin")
    batch = 5_000
    opened = date(2025, 1, 1)
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        with transaction.atomic():
            cases = Case.objects.bulk_create([
                Case(body=bodies[b], procedure="penalty_general",
                     number=f"基准〔2025〕{start + k}号",
                     title=f"{ACTS[act][:20]}案", field=field, item_code=f"AQ-{act:03d}",
                     item_name=ACTS[act], current_step="archive", state="archived",
                     opened_on=opened + timedelta(days=(start + k) % 300), facts=text,
                     decided_kinds=["fine"], decided_fine=1000 * (1 + (start + k) % 50),
                     decided_on=opened + timedelta(days=30 + (start + k) % 300),
                     lead_officer=officers[b])
                for k, (b, act, text) in enumerate(chunk)])
            entries = []
            for case in cases:
                words = similar.case_words(case)
                corpus.append(words)
                counts.update(set(words))
                entries.append(CaseText(
                    case_id=case.pk, body_id=case.body_id, item_code=case.item_code,
                    level="general", outcome="decide", fine=case.decided_fine,
                    decided_on=case.decided_on, tokens=" ".join(words)))
                ids.append(case.pk)
            CaseText.objects.bulk_create(entries)
        if start // batch % 20 == 0:
            print(f"  {start + len(chunk):,} cases, {time.perf_counter() - started:.0f} s",
                  flush=True)
    counts[""] = len(rows)
    TermCount.objects.bulk_create([TermCount(term=t, cases=n) for t, n in counts.items()],
                                  batch_size=5_000)
    with connection.cursor() as cursor:
        if pg:
            cursor.execute("CREATE INDEX assist_casetext_vector_gin "
                           "ON assist_casetext USING gin (search_vector)")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("INSERT INTO assist_casetext_fts(assist_casetext_fts) "
                           "VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return ids, time.perf_counter() - started, corpus


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def measure(queries, planted, ids, users):
    from django.db import connection

    from sanxiang.assist import similar
    from sanxiang.cases.models import Case

    results = {}
    for label, user in users.items():
        ours, raw, hits_at_2, targets = [], [], 0, 0
        for index in queries:
            case = Case.objects.get(pk=ids[index])
            similar.similar_cases(case, user=user)  # warm
            started = time.perf_counter()
            hits = similar.similar_cases(case, user=user)
            ours.append(time.perf_counter() - started)
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
        results[label] = (ours, raw, hits_at_2, targets)
    return results


def bm25s_compare(corpus, rows, queries, planted, ids):
    import bm25s
    import numpy as np

    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    built = time.perf_counter() - started
    mask = np.array([1.0 if b == 0 else 0.0 for b, _a, _t in rows])  # the officer's body
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
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.cases:,} cases")
    if args.database_url:
        admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        admin_execute(args.database_url, f"CREATE DATABASE {SCRATCH_DB}")
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup_django(args, Path(data_dir))
            from django.db import connection

            bodies, officers, users = people()
            rows, planted = generate(args.cases, bodies, officers)
            ids, seconds, corpus = load(rows, bodies, officers)
            print(f"{connection.vendor}: {len(ids):,} cases generated and indexed in "
                  f"{seconds:.0f} s ({len(ids) / seconds:,.0f} cases/s)")
            rng = random.Random(7)
            queries = list(planted) + rng.sample(range(len(ids)),
                                                 max(0, args.queries - len(planted)))
            results = measure(queries, planted, ids, users)
            header = (f"{'user':<11} {'similar p50':>11} {'p99':>8} {'raw SQL p50':>11} "
                      f"{'p99':>8} {'ratio p50':>9} {'recall@2':>9}")
            print(header)
            print("-" * len(header))
            for label, (ours, raw, good, targets) in results.items():
                print(f"{label:<11} {percentile(ours, .5):>9.1f}ms {percentile(ours, .99):>6.1f}ms"
                      f" {percentile(raw, .5):>9.1f}ms {percentile(raw, .99):>6.1f}ms "
                      f"{percentile(ours, .5) / percentile(raw, .5):>9.2f} "
                      f"{good:>4}/{targets}")
            print("ratio = similar_cases() p50 ÷ its bare SQL p50 (word choice and the rows "
                  "shown are the difference)")
            if not args.no_bm25s:
                try:
                    built, timings, good, targets = bm25s_compare(corpus, rows, queries,
                                                                  planted, ids)
                except ImportError:
                    print("bm25s not installed: comparison skipped")
                else:
                    print(f"bm25s (in memory, officer's body as weight mask): indexed in "
                          f"{built:.0f} s; p50 {percentile(timings, .5):.1f} ms, p99 "
                          f"{percentile(timings, .99):.1f} ms, recall@2 {good}/{targets}")
            connection.close()
    finally:
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


if __name__ == "__main__":
    main()
