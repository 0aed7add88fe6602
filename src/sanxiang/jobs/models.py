"""Background jobs a person started (an export, a batch of PDFs …) and the schedule of the
periodic work, both run by ``sanxiang worker`` (docs/adr/0020-background-tasks.md).

The task queue itself is django-tasks' (the database in the embedded default, Redis/RQ in
production); these rows are what the platform shows and needs on top of it: who started a
job, how far it got, the file it made, and when each periodic task is next due.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job", "waiting to start")
        RUNNING = "running", pgettext_lazy("job", "running")
        DONE = "done", pgettext_lazy("job", "finished")
        FAILED = "failed", pgettext_lazy("job", "failed")

    kind = models.CharField(pgettext_lazy("job", "kind of job"), max_length=40)
    title = models.CharField(pgettext_lazy("job", "job"), max_length=200)
    params = models.JSONField(pgettext_lazy("job", "parameters"), default=dict)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                   verbose_name=pgettext_lazy("job", "started by"),
                                   on_delete=models.PROTECT, related_name="+")
    state = models.CharField(pgettext_lazy("job", "state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)
    done = models.PositiveIntegerField(pgettext_lazy("job", "done"), default=0)
    total = models.PositiveIntegerField(pgettext_lazy("job", "total"), null=True, blank=True)
    # The file a finished job made, relative to SANXIANG_JOBS_DIR, and the name to download as.
    file = models.CharField(pgettext_lazy("job", "file"), max_length=300, blank=True)
    file_name = models.CharField(pgettext_lazy("job", "file name"), max_length=200, blank=True)
    error = models.CharField(pgettext_lazy("job", "error"), max_length=300, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("job", "created at"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("job", "finished at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("job", "background job")
        verbose_name_plural = pgettext_lazy("job", "background jobs")
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class PeriodicRun(models.Model):
    """When a periodic task is next due; the worker that moves ``next_at`` enqueues it."""

    name = models.CharField(pgettext_lazy("job", "periodic task"), max_length=40, primary_key=True)
    next_at = models.DateTimeField(pgettext_lazy("job", "next run"))
    last_enqueued_at = models.DateTimeField(pgettext_lazy("job", "last enqueued"), null=True,
                                            blank=True)

    class Meta:
        verbose_name = pgettext_lazy("job", "periodic task")
        verbose_name_plural = pgettext_lazy("job", "periodic tasks")

    def __str__(self):
        return f"{self.name} @ {self.next_at}"
