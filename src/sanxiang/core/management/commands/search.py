"""``manage search``: rebuild the public full-text index, or try a query.

    search rebuild [--kind K …]                 rebuild every registered kind (or those named)
    search query TEXT [--kind K …] [--body ID] [--limit N]
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.html import strip_tags

from sanxiang.core import search


class Command(BaseCommand):
    help = "重建公开全文检索索引，或试查一个检索词。"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="操作")
        rebuild = actions.add_parser("rebuild", help="从源数据重建索引（可重复执行）")
        rebuild.add_argument("--kind", action="append", default=None,
                             help="只重建这一类（可多次给出），例如 body、officer")
        query = actions.add_parser("query", help="检索并列出结果")
        query.add_argument("text", help="检索词")
        query.add_argument("--kind", action="append", default=None, help="只检索这一类")
        query.add_argument("--body", type=int, default=None, help="只检索这个执法主体（编号）")
        query.add_argument("--limit", type=int, default=20, help="最多列出的条数")

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _rebuild(self, *, kind, **options):
        started = time.perf_counter()
        try:
            results = search.rebuild_all(kind)
        except KeyError as error:
            raise CommandError(f"没有这一类的索引来源：{error}") from None
        for name, result in results.items():
            self.stdout.write(f"{name}：索引 {result.indexed} 条，移除 {result.removed} 条")
        search.optimize()
        self.stdout.write(f"用时 {time.perf_counter() - started:.2f} 秒")

    def _query(self, *, text, kind, body, limit, **options):
        started = time.perf_counter()
        hits = search.search(text, kinds=kind, body_id=body, limit=limit)
        elapsed = (time.perf_counter() - started) * 1000
        for number, hit in enumerate(hits, 1):
            self.stdout.write(f"{number}. [{hit.kind}] {hit.title}  {hit.url}  "
                              f"（得分 {hit.score:.4f}）")
            self.stdout.write(f"   {strip_tags(hit.snippet)}")
        if not hits:
            self.stdout.write("没有找到相关结果。")
        self.stdout.write(f"共 {len(hits)} 条，用时 {elapsed:.1f} 毫秒")
