"""``sanxiang scrub``: re-hash every stored original and report those that no longer match.

Run it from cron (nightly, say). Every file of the blob store is hashed again and compared
with the digest it is stored under (R-REC-02); every evidence record's and document's blob
must be there. The result of each re-hash is kept (``BlobCheck``), so the platform refuses
to serve a changed original and serves a large one again once it has been re-hashed. Exit 0
when everything matches; 1, naming each bad file and the records that use it, otherwise.
"""

import sys

from django.core.management.base import BaseCommand

from sanxiang.core import blobs


def _users_of(digest: str) -> str:
    from sanxiang.cases.models import Document
    from sanxiang.records.models import Evidence

    names = [f"证据 #{e.pk}《{e.title}》（案件 {e.case.number}）"
             for e in Evidence.objects.filter(digest=digest).select_related("case")[:5]]
    names += [f"文书 {d.number or d.title}（案件 {d.case.number}）"
              for d in Document.objects.filter(digest=digest).select_related("case")[:5]]
    return "；".join(names) or "无记录引用"


def _referenced_digests():
    from sanxiang.cases.models import Document
    from sanxiang.records.models import Evidence

    for model in (Evidence, Document):
        yield from (model.objects.exclude(digest="").order_by("digest")
                    .values_list("digest", flat=True).distinct().iterator())


class Command(BaseCommand):
    help = "重新计算存储的每个原始文件的摘要，报告与摘要不符或缺失的文件"

    def handle(self, *args, **options):
        from sanxiang.records.integrity import State, rehash

        checked, bad = 0, []
        for digest in blobs.iter_digests():
            checked += 1
            if rehash(digest) is not State.INTACT:
                bad.append(("与摘要不符", digest))
        for digest in _referenced_digests():
            try:
                local = blobs.path_of(digest).is_file()
                present = local or blobs.exists(digest)
            except blobs.BlobError:
                local = present = False
            if not present:
                bad.append(("文件缺失", digest))
            elif not local:
                # Only in the object store: its copy is checked (and served once intact).
                checked += 1
                if rehash(digest) is not State.INTACT:
                    bad.append(("存储桶中的副本与摘要不符", digest))
        if not bad:
            self.stdout.write(f"已校验 {checked} 个文件，全部与摘要相符。")
            return
        for problem, digest in bad:
            try:
                where = str(blobs.path_of(digest))
            except blobs.BlobError:
                where = digest
            self.stderr.write(f"{problem}：{where}\n    {_users_of(digest)}")
        self.stderr.write(f"已校验 {checked} 个文件，{len(bad)} 个有问题（见上）。")
        sys.exit(1)
