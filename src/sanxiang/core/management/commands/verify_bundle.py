"""``manage verify_bundle FILE.zip [--key PUB] [-v]``: verify an exported case file (R-REC-09).

Exit status 0 when every check passes, 1 naming the first bad item. The checks themselves
are ``sanxiang.records.bundle_verify``, which needs no database: ``sanxiang verify-bundle``
runs it without setting Django up at all.
"""

import sys

from django.core.management.base import BaseCommand

from sanxiang.records import bundle_verify


class Command(BaseCommand):
    help = "离线核验导出的案卷（ZIP）：文件摘要、台账记录、包含证明和检查点签名。"

    def add_arguments(self, parser):
        parser.add_argument("bundle", help="案卷 ZIP 文件")
        parser.add_argument("--key", default=None,
                            help="另行取得的平台签名公钥（PEM）；不给时使用案卷中附带的公钥")
        parser.add_argument("--list", action="store_true", dest="list_checks",
                            help="列出每一项检查")

    def handle(self, *args, bundle, key, list_checks, **options):
        report = bundle_verify.verify(bundle, key_path=key)
        if list_checks:
            for check in report.checks:
                self.stdout.write(f"{'通过' if check.ok else '失败'}  {check.message}")
        if not report.ok:
            self.stderr.write(report.summary())
            sys.exit(1)
        self.stdout.write(report.summary())
