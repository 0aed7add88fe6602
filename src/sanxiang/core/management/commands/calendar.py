"""``manage calendar``: statutory periods on the working-day calendar (R-CAL-01, R-CAL-02).

    calendar add 2026-02-12 5 [--explain] [--natural] [--exclude FROM..TO[:事由]] [--rule 文字]
    calendar explain 2026-02-12 5 [--natural] [--exclude …] [--rule …]
    calendar count 2026-02-12 2026-02-27 [--explain] [--exclude …]
    calendar load 2027.toml
    calendar status

``add`` prints the ISO date, followed by `` provisional`` when it depends on a year whose
holiday schedule is not loaded; ``count`` prints the number the same way.
"""

import argparse
import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sanxiang import ledger
from sanxiang.calendar import workdays
from sanxiang.core.actions import load_calendar_year
from sanxiang.core.cli_text import os_error_text
from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import CalendarYear

PROVISIONAL = "provisional"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应写作 YYYY-MM-DD，例如 2026-02-12：{text}") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"天数应为不小于 0 的整数：{text}")
    return value


def _period(text: str) -> workdays.ExcludedPeriod:
    span, _sep, reason = text.partition(":")
    first, sep, last = span.partition("..")
    if not sep:
        raise argparse.ArgumentTypeError(f"不计入期间应写作 起日..止日[:事由]：{text}")
    first_day, last_day = _date(first), _date(last)
    if last_day < first_day:
        raise argparse.ArgumentTypeError(f"不计入期间的止日早于起日：{text}")
    return workdays.ExcludedPeriod(first_day, last_day, reason.strip())


class Command(BaseCommand):
    help = "工作日日历：计算和解释法定期间、统计工作日、加载年度节假日安排（R-CAL-01、R-CAL-02）。"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="子命令")

        def period_options(sub, *, explain_flag: bool):
            sub.add_argument("--natural", action="store_true",
                             help="按自然日计算；最后一日为节假日或休息日的，顺延至其后第一个工作日")
            sub.add_argument("--exclude", action="append", type=_period, default=[],
                             metavar="起日..止日[:事由]",
                             help="不计入期间的日期范围（听证、检测、专家评审等），可重复")
            sub.add_argument("--rule", default="", help="适用的规则，写入解释")
            if explain_flag:
                sub.add_argument("--explain", action="store_true", help="同时输出计算说明")

        add = commands.add_parser("add", help="起算日后第 N 个工作日（或第 N 日）")
        add.add_argument("date", type=_date, help="起算日，YYYY-MM-DD（当日不计入）")
        add.add_argument("n", type=_count, help="期间天数")
        period_options(add, explain_flag=True)

        explain = commands.add_parser("explain", help="输出期间的计算说明")
        explain.add_argument("date", type=_date, help="起算日，YYYY-MM-DD（当日不计入）")
        explain.add_argument("n", type=_count, help="期间天数")
        period_options(explain, explain_flag=False)

        count = commands.add_parser("count", help="两日之间的工作日数（起日不计入，止日计入）")
        count.add_argument("start", type=_date, help="起日，YYYY-MM-DD")
        count.add_argument("end", type=_date, help="止日，YYYY-MM-DD")
        count.add_argument("--exclude", action="append", type=_period, default=[],
                           metavar="起日..止日[:事由]", help="不计入期间的日期范围，可重复")
        count.add_argument("--explain", action="store_true", help="同时输出计算说明")

        load = commands.add_parser("load", help="从文件加载一个年度的节假日安排")
        load.add_argument("file", help="年度节假日安排文件（TOML）")

        commands.add_parser("status", help="各年度节假日安排的来源")

    def handle(self, *args, **options):
        handler = getattr(self, f"handle_{options['subcommand']}")
        handler(options)

    def _period_result(self, options) -> workdays.DeadlineResult:
        compute = workdays.add_days if options["natural"] else workdays.add_workdays
        return compute(options["date"], options["n"], rule=options["rule"],
                       excluded=options["exclude"])

    def handle_add(self, options):
        result = self._period_result(options)
        line = result.date.isoformat()
        self.stdout.write(f"{line} {PROVISIONAL}" if result.provisional else line)
        if options["explain"]:
            self._lines(result.explanation_lines())

    def handle_explain(self, options):
        self._lines(self._period_result(options).explanation_lines())

    def handle_count(self, options):
        if options["end"] < options["start"]:
            raise CommandError("止日不能早于起日。")
        result = workdays.count_workdays(options["start"], options["end"],
                                         excluded=options["exclude"])
        self.stdout.write(f"{result.count} {PROVISIONAL}" if result.provisional
                          else str(result.count))
        if options["explain"]:
            self._lines(result.explanation_lines())

    def handle_load(self, options):
        path = Path(options["file"])
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{os_error_text(error)}") from None
        except UnicodeDecodeError:
            raise CommandError(f"文件 {path} 不是 UTF-8 编码的文本。") from None
        try:
            row = load_calendar_year(acting_user=None, text=text, source_name=path.name)
        except RuleViolation as error:
            errors = error.details.get("errors") or [error.message]
            raise CommandError("\n".join([f"文件 {path} 有误，未加载任何内容："]
                                         + [f"  {e}" for e in errors])) from None
        holidays = len({row.holiday_names[d] for d in row.days_off})
        self.stdout.write(
            f"已加载 {row.year} 年节假日安排：{row.source}。"
            f"法定节假日 {holidays} 个，放假 {len(row.days_off)} 天，"
            f"调休上班 {len(row.makeup_workdays)} 天。")
        event = ledger.history(row).last()
        self._lines(_change_summary(json.loads(event.payload)))

    def handle_status(self, options):
        today = timezone.localdate()
        rows = list(CalendarYear.objects.order_by("year"))
        if rows:
            self.stdout.write("已加载的年度：")
            for row in rows:
                loaded_at = timezone.localtime(row.loaded_at).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"  {row.year}  {row.source}（{row.loaded_by}，{loaded_at}）")
        else:
            self.stdout.write("尚未加载任何年度。")
        covered = workdays.package_years()
        self.stdout.write(f"chinesecalendar 软件包覆盖 {covered[0]}–{covered[-1]} 年。")
        for label, year in (("今年", today.year), ("明年", today.year + 1)):
            source = workdays.year_calendar(year).source
            text = {
                workdays.Source.LOADED: "已加载",
                workdays.Source.PACKAGE: "使用 chinesecalendar 软件包数据",
                workdays.Source.UNKNOWN: (
                    "尚无节假日安排，相关期间均为暂定；请加载国务院办公厅的通知"),
            }[source]
            self.stdout.write(f"{label}（{year} 年）：{text}")

    def _lines(self, lines):
        for line in lines:
            self.stdout.write(line)


def _change_summary(payload: dict) -> list[str]:
    if payload["replaces"] == "unknown":
        return [f"此前该年度没有节假日数据；内容摘要 {payload['content_digest']}。"]
    changes = payload["changes"]
    parts = []
    for key, label in (("days_off_added", "新增放假日"), ("days_off_removed", "取消放假日"),
                       ("makeup_workdays_added", "新增调休上班日"),
                       ("makeup_workdays_removed", "取消调休上班日")):
        if changes[key]:
            parts.append(f"{label} {'、'.join(changes[key])}")
    if changes["names_changed"]:
        parts.append("节日名称变更 " + "、".join(f"{d}（{a}→{b}）"
                                            for d, a, b in changes["names_changed"]))
    before = {"loaded": "此前加载的安排",
              "package": " chinesecalendar 软件包的数据"}[payload["replaces"]]
    if not parts:
        return [f"与{before}相比日期没有变化；内容摘要 {payload['content_digest']}。"]
    return [f"与{before}相比：" + "；".join(parts) + "。",
            f"内容摘要 {payload['content_digest']}。"]
