"""``sanxiang restore DIR``: restore a backup into an empty data directory and database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.backup.manifest import BackupError
from sanxiang.backup.operations import restore


class Command(BaseCommand):
    help = "把备份恢复到空的数据目录和空的数据库，恢复后核对台账与默克尔根。"

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="sanxiang backup 写出的备份文件夹")

    def handle(self, *args, directory, **options):
        try:
            content = restore(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from None
        ledger = content["ledger"]
        self.stdout.write(f"已恢复：{len(content['files'])} 个文件；台账 {ledger['size']} 条，"
                          f"核对通过，默克尔根与备份时一致（{ledger['root']}）。")
