"""``sanxiang backup DIR``: a consistent copy of the database, stored files and keys."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sanxiang.backup.manifest import BackupError
from sanxiang.backup.operations import make_backup


class Command(BaseCommand):
    help = "把数据库（一致的快照）、存储的文件和密钥备份到一个新文件夹，并写出带摘要的清单。"

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="新的（或空的）备份文件夹")

    def handle(self, *args, directory, **options):
        try:
            content = make_backup(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from None
        ledger = content["ledger"]
        self.stdout.write(f"已备份到 {Path(directory).resolve()}：{len(content['files'])} 个文件，"
                          f"台账 {ledger['size']} 条，默克尔根 {ledger['root']}。")
        self.stdout.write("密钥在 keys/ 子文件夹中：请与数据分开保管。")
