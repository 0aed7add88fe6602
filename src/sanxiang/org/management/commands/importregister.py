"""``manage importregister KIND FILE`` — import bodies or officers from an Excel workbook.

``sanxiang import bodies FILE.xlsx`` maps to this. ``--template OUT.xlsx`` writes the blank
form instead. Exit status 1 when the file has errors and nothing was imported.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.core.errors import RuleViolation
from sanxiang.org.imports import KINDS, import_workbook, template_workbook
from sanxiang.org.models import User

KIND_NAMES = {"bodies": "执法主体", "officers": "执法人员"}


class Command(BaseCommand):
    help = "从 Excel 导入执法主体（bodies）或执法人员（officers）；--template 生成空白模板。"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="bodies 或 officers")
        parser.add_argument("file", nargs="?", help="要导入的 .xlsx 文件")
        parser.add_argument("--only-valid", action="store_true",
                            help="只导入没有错误的行（默认：有任何错误则全部不导入）")
        parser.add_argument("--template", metavar="OUT.xlsx", help="把空白模板写到此文件")
        parser.add_argument("--as", dest="username", metavar="USERNAME",
                            help="以该账号的身份导入（记入台账）；默认为系统")

    def handle(self, *args, kind, file, only_valid, template, username, **options):
        if template:
            Path(template).write_bytes(template_workbook(kind))
            self.stdout.write(f"已生成{KIND_NAMES[kind]}导入模板：{template}")
            if not file:
                return
        if not file:
            raise CommandError("请指定要导入的 .xlsx 文件。")
        acting_user = None
        if username:
            acting_user = User.objects.filter(username=username, is_active=True).first()
            if acting_user is None:
                raise CommandError(f"没有名为 {username} 的有效账号。")
        try:
            report = import_workbook(kind, file, acting_user=acting_user, only_valid=only_valid)
        except RuleViolation as violation:
            raise CommandError(violation.message, returncode=1) from None
        self.stdout.write(
            f"{KIND_NAMES[kind]}导入：共 {report.total_rows} 行，有效 {report.valid_rows} 行，"
            f"已导入 {report.imported} 行，错误 {len(report.errors)} 处。"
        )
        for line in report.lines():
            self.stdout.write(line)
        if report.errors and report.imported == 0:
            hint = "" if only_valid else "，或使用 --only-valid 只导入正确的行"
            raise CommandError(f"文件有错误，未导入任何数据。请改正后重新导入{hint}。",
                               returncode=1)
        if report.errors:
            self.stdout.write("其余有错误的行未导入。")
        self.stdout.write(f"文件摘要：{report.digest}")
