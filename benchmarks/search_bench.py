"""Full-text search benchmark: search() against the same SQL run bare through the cursor.

    .venv/bin/python benchmarks/search_bench.py [--documents N] [--rounds N]
        [--database-url postgres://postgres@127.0.0.1:5432/postgres]

Runs on a throw-away database: SQLite in a temporary directory by default; with
``--database-url`` a scratch PostgreSQL database ``sx_search_bench`` on that server,
dropped at the end. It

(a) indexes N synthetic Chinese enforcement documents (default 100 000) through
    ``sanxiang.core.search.rebuild`` and reports documents/s;
(b) runs a mix of queries through ``search.search()`` (segmentation, SQL, snippets and
    highlighting) and, interleaved in the same run, the very SQL ``search()`` issues, with
    the same parameters, straight through the DB cursor; reports queries/s, p50 and p99
    latency of both and their ratio.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SCRATCH_DB = "sx_search_bench"

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
LAWS = [
    "《中华人民共和国安全生产法》", "《中华人民共和国食品安全法》",
    "《中华人民共和国特种设备安全法》", "《中华人民共和国消防法》",
    "《中华人民共和国行政处罚法》", "《危险化学品安全管理条例》",
    "《中华人民共和国道路运输条例》", "《中华人民共和国大气污染防治法》",
    "《生产安全事故应急条例》", "《中华人民共和国药品管理法》",
]
PENALTIES = [
    "责令限期改正，处一万元以上三万元以下的罚款", "没收违法所得，并处五万元以上十万元以下罚款",
    "责令停产停业整顿", "吊销许可证", "给予警告", "处二千元以上二万元以下的罚款",
    "责令停止使用有关设备", "对直接负责的主管人员处一万元以下罚款",
]
PLACES = ["城关镇", "长安区", "桥西区", "新华区", "裕华区", "开发区", "高新区", "东山乡", "西河村"]
KINDS = ["item", "guide", "decision"]

QUERIES = [
    "安全生产", "食品经营许可", "危险化学品", "特种设备使用登记", "消防安全检查", "罚款",
    "责令停产停业", "应急救援预案 演练", "未取得许可 无证经营", "长安区 加油站",
    "中华人民共和国消防法", "量子计算",  # the last matches nothing
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000, help="documents to index")
    parser.add_argument("--rounds", type=int, default=30,
                        help="times each query of the mix is run (each way)")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server (its database name is ignored; "
                             f"'{SCRATCH_DB}' is created and dropped)")
    return parser.parse_args()


def scratch_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{SCRATCH_DB}"))


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
        os.environ["DATABASE_URL"] = scratch_url(args.database_url)
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def documents(count: int):
    from sanxiang.core.search import Document

    rng = random.Random(20261122)
    for i in range(count):
        subject, act, law = rng.choice(SUBJECTS), rng.choice(ACTS), rng.choice(LAWS)
        place = rng.choice(PLACES)
        title = f"对{subject}{act}的行政处罚" if i % 3 else f"{act}检查事项"
        sentences = [
            f"{place}某{subject}{act}。",
            f"依据{law}第{rng.randint(10, 120)}条，{rng.choice(PENALTIES)}。",
            f"执法人员于{rng.randint(1, 12)}月{rng.randint(1, 28)}日进行现场检查，"
            f"发现{rng.choice(ACTS)}，当场制作现场检查笔录。",
            f"当事人对{rng.choice(SUBJECTS)}负有{rng.choice(['安全管理', '主体', '监督'])}责任，"
            f"应当{rng.choice(['立即整改', '制定整改方案', '完善应急救援预案并组织演练'])}。",
        ]
        rng.shuffle(sentences)
        yield Document("item", str(i), title, "".join(sentences), f"/items/{i}/",
                       boost=1.0)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(rounds: int) -> list[tuple[str, dict, dict, int]]:
    from django.db import connection

    from sanxiang.core import search

    rows = []
    for text in QUERIES:
        parsed = search.parse(text)
        sql, params = search.raw_sql(parsed, limit=20, offset=0)
        search.search(text)  # warm the caches for both
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        timings = {"search": [], "raw": []}
        hits = 0
        for _ in range(rounds):
            started = time.perf_counter()
            hits = len(search.search(text, limit=20))
            timings["search"].append(time.perf_counter() - started)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()
            timings["raw"].append(time.perf_counter() - started)
        rows.append((text, *[summary(timings[k]) for k in ("search", "raw")], hits))
    return rows


def summary(samples: list[float]) -> dict:
    return {"qps": len(samples) / sum(samples), "p50": percentile(samples, 0.5) * 1000,
            "p99": percentile(samples, 0.99) * 1000, "samples": samples}


def report(vendor: str, count: int, index_rate: float, rows) -> None:
    print(f"\n{vendor}: {count:,} documents, indexed at {index_rate:,.0f} documents/s")
    header = (f"{'query':<22} {'hits':>4} {'search q/s':>10} {'p50 ms':>8} {'p99 ms':>8} "
              f"{'raw q/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}")
    print(header)
    print("-" * len(header))
    all_search, all_raw = [], []
    for text, ours, raw, hits in rows:
        all_search += ours["samples"]
        all_raw += raw["samples"]
        print(f"{text:<{22 - sum(1 for c in text if ord(c) > 0x2e80)}} {hits:>4} "
              f"{ours['qps']:>10.1f} {ours['p50']:>8.2f} {ours['p99']:>8.2f} "
              f"{raw['qps']:>9.1f} {raw['p50']:>8.2f} {raw['p99']:>8.2f} "
              f"{ours['qps'] / raw['qps']:>6.2f}")
    ours, raw = summary(all_search), summary(all_raw)
    print("-" * len(header))
    print(f"{'whole mix':<22} {'':>4} {ours['qps']:>10.1f} {ours['p50']:>8.2f} "
          f"{ours['p99']:>8.2f} {raw['qps']:>9.1f} {raw['p50']:>8.2f} {raw['p99']:>8.2f} "
          f"{ours['qps'] / raw['qps']:>6.2f}")
    print("ratio = search() queries/s ÷ raw SQL queries/s (1.00 = no overhead)")


def main():
    args = parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if args.database_url:
        admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        admin_execute(args.database_url, f"CREATE DATABASE {SCRATCH_DB}")
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup_django(args, Path(data_dir))
            from django.db import connection

            from sanxiang.core import search

            started = time.perf_counter()
            result = search.rebuild("item", documents(args.documents))
            index_rate = result.indexed / (time.perf_counter() - started)
            search.optimize()
            rows = measure(args.rounds)
            report(connection.vendor, result.indexed, index_rate, rows)
            connection.close()
    finally:
        if args.database_url:
            admin_execute(args.database_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


if __name__ == "__main__":
    main()
