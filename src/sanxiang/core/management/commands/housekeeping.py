"""``sanxiang housekeeping``: the periodic work once, by hand (``sanxiang worker`` does it
on its own schedule, ``sanxiang.jobs.schedule``; no cron is needed).

Deadlines and "overdue" are queries over recorded facts and need no timer; what does need
one is: signing a ledger checkpoint when one is due (R-REC-09), dropping uploads abandoned
half-way (their partial files; nothing stored counts), and taking publications off the
portal at the end of their period (R-PUB-07), taking a snapshot of the public statistics
(R-PUB-09, ADR 0050), and storing the page of any published decision that has none
(decisions published before the publication stored it, ADR 0074). Each step is idempotent.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "定期任务：签署到期检查点、清理中断的上传、撤下公示期届满的信息、更新公开统计"

    def handle(self, *args, **options):
        from sanxiang.disclosure import public_pages, stats_snapshot
        from sanxiang.disclosure.actions import remove_expired
        from sanxiang.disclosure.stats_public_views import as_of
        from sanxiang.ledger import schedule as checkpoint_schedule
        from sanxiang.records.actions import abandon_stale_uploads

        now = timezone.now()
        checkpoint = checkpoint_schedule.sign_if_due(now)
        if checkpoint is None:
            self.stdout.write("检查点：无需签署")
        else:
            self.stdout.write(f"检查点：已签署，规模 {checkpoint.tree_size}")
        self.stdout.write(f"清理中断的上传：{abandon_stale_uploads(now=now)} 个")
        self.stdout.write(f"撤下公示期届满的信息：{remove_expired(now)} 条")
        self.stdout.write(f"存入公示决定的页面：{public_pages.fill()} 条")
        snapshot = stats_snapshot.take(now)
        self.stdout.write(f"公开统计：已更新，统计截至 {as_of(snapshot)}")
