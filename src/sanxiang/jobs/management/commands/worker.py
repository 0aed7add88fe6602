"""``sanxiang worker``: run the background tasks and the periodic schedule.

One loop: enqueue the periodic tasks that are due (``jobs.schedule``), run every task that
is ready, sleep ``--interval`` seconds. With the database backend (the embedded default)
the tasks are run by django-tasks-db's worker; with Redis (``SANXIANG_TASKS_URL``) by an
RQ worker in burst mode. Run one or more per installation (docs/deploy.md); ``--once`` runs
one round and exits (a test, or a cron line on a machine that cannot keep a process).
"""

import os
import signal
import socket
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone


def drain() -> None:
    """Run every task that is ready now, then return."""
    if settings.SANXIANG_TASKS_BACKEND == "rq":
        import django_rq
        from django_tasks_rq.backend import Job  # runs django-tasks' Task objects

        django_rq.get_worker("default", job_class=Job).work(burst=True, with_scheduler=False)
        return
    _drain_database()


def _drain_database() -> None:
    """django-tasks-db's worker, one task at a time: claim the next ready task in a short
    exclusive transaction (SKIP LOCKED on PostgreSQL), run it, until none is ready. Its own
    loop would also recycle the database connection between tasks, which the loop of
    ``handle`` does instead (and must not do inside a test's transaction)."""
    from django.db import OperationalError
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, excluded_queue_names=[],
                    worker_id=worker_id)
    while True:
        tasks = DBTaskResult.objects.ready().filter(backend_name="default")
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(worker_id)
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise
            return  # another worker holds the queue: the next round takes the rest
        if task_result is None:
            return
        worker.run_task(task_result)


class Command(BaseCommand):
    help = "运行后台任务与定期任务（签署检查点、清理中断的上传、撤下到期公示、校验原件、导出等）"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="enqueue what is due, run what is ready, then exit")
        parser.add_argument("--interval", type=float, default=5.0,
                            help="seconds to wait between rounds (default 5)")

    def handle(self, *args, once=False, interval=5.0, **options):
        from sanxiang.jobs.schedule import enqueue_due

        stopping = []
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stopping.append(True))
            self.stdout.write(f"后台任务已启动（{settings.SANXIANG_TASKS_BACKEND}），"
                              f"每 {interval:g} 秒检查一次。")
        while True:
            if not connection.in_atomic_block:  # a test's transaction stays open
                close_old_connections()
            due = enqueue_due(timezone.now())
            if due and options.get("verbosity", 1) > 1:
                self.stdout.write("已排入定期任务：" + "、".join(due))
            drain()
            if once or stopping:
                return
            time.sleep(interval)
            if stopping:
                return
