"""``sanxiang storage push``: put into the object store every original stored before a
bucket was configured (``core.object_store``), under the same Object Lock retention as new
ones get from the worker.

Idempotent: an original already in the bucket is skipped (objects are named by digest, so
one there holds the same bytes), and a run stopped half-way is finished by running it
again. Progress is printed as it goes; the exit status is 1 when an original could not be
put (named), 0 otherwise.
"""

import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "对象存储：push 将配置存储桶之前保存的原始文件上传到存储桶（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["push"], help="push：上传尚未在存储桶中的原始文件")
        parser.add_argument("--every", type=int, default=100,
                            help="每处理多少个文件报告一次进度（默认 100）")

    def handle(self, *args, action, every, **options):
        from sanxiang.core import blobs, object_store

        if not object_store.enabled():
            raise CommandError("尚未配置对象存储：请先设置 SANXIANG_S3_BUCKET 等环境变量"
                               "（见 docs/deploy.md）。")
        total = sum(1 for _digest in blobs.iter_digests())
        self.stdout.write(f"本地共有 {total} 个原始文件，开始上传尚未在存储桶中的文件。")
        pushed = present = 0
        failed = []
        for done, digest in enumerate(blobs.iter_digests(), start=1):
            try:
                if object_store.put(digest):
                    pushed += 1
                else:
                    present += 1
            except FileNotFoundError:
                continue  # removed since the count (an abandoned upload's part): nothing to put
            except Exception as error:  # the bucket refused or could not be reached
                failed.append((digest, error))
            if done % max(every, 1) == 0 or done == total:
                self.stdout.write(f"进度：{done} / {total}（新上传 {pushed}，已在存储桶中 "
                                  f"{present}，失败 {len(failed)}）")
        for digest, error in failed:
            self.stderr.write(f"上传失败：{digest}\n    {error}")
        self.stdout.write(f"完成：新上传 {pushed} 个，已在存储桶中 {present} 个，"
                          f"失败 {len(failed)} 个。")
        if failed:
            sys.exit(1)
