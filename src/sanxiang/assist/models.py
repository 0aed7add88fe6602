"""Intelligent assistance: the similar-case index (R-AST-01) and transcripts (R-AST-05).

``CaseText`` is derived data, not a record: one row per case, written by the case actions
when the case's facts or its decision are recorded (``similar.index_case``), searched
through the database's own full-text index (``similar_schema``, docs/adr/0017-similar-cases
.md). ``TermCount`` holds how many cases use each word, so a query keeps only the words
that tell cases apart.

A ``Transcript`` is the text of one recording (``records.Evidence``): queued by an action,
filled by the background worker (``transcripts.run_pending``) with timestamped segments,
stored beside the recording in the content-addressed store, its digest on the ledger.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from sanxiang.cases.models import Case
from sanxiang.cases.querysets import _filter
from sanxiang.org.models import Body
from sanxiang.records.models import Evidence


class CaseText(models.Model):
    case = models.OneToOneField(Case, verbose_name=pgettext_lazy("assist", "case"),
                                primary_key=True, on_delete=models.CASCADE,
                                related_name="similar_text")
    body = models.ForeignKey(Body, verbose_name=pgettext_lazy("assist", "body"),
                             on_delete=models.CASCADE, related_name="+")
    item_code = models.CharField(pgettext_lazy("assist", "item code"), max_length=40,
                                 blank=True)
    # The outcome as shown beside a similar case (copied from the decision step).
    level = models.CharField(pgettext_lazy("assist", "circumstance level"), max_length=20,
                             blank=True)
    outcome = models.CharField(pgettext_lazy("assist", "outcome"), max_length=40, blank=True)
    fine = models.DecimalField(pgettext_lazy("assist", "fine (yuan)"), max_digits=14,
                               decimal_places=2, null=True, blank=True)
    decided_on = models.DateField(pgettext_lazy("assist", "decided on"), null=True, blank=True)
    # Space-separated words (core.segment.words) of the title, item and facts.
    tokens = models.TextField(pgettext_lazy("assist", "indexed words"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("assist", "similar-case index entry")
        verbose_name_plural = pgettext_lazy("assist", "similar-case index entries")
        indexes = [models.Index(fields=["item_code", "body"]),
                   # The latest decided cases of an item, read backwards (ADR 0031).
                   models.Index(fields=["item_code", "decided_on", "case"],
                                name="assist_casetext_item_latest")]

    def __str__(self):
        return f"{self.case_id} {self.item_code}"


class TermCount(models.Model):
    """How many indexed cases hold a word; the empty word counts the cases themselves."""

    term = models.CharField(pgettext_lazy("assist", "word"), max_length=64, primary_key=True)
    cases = models.PositiveIntegerField(pgettext_lazy("assist", "cases"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("assist", "word count")
        verbose_name_plural = pgettext_lazy("assist", "word counts")

    def __str__(self):
        return f"{self.term} {self.cases}"


class TranscriptQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _filter(self, user, "evidence__case__body")


class Transcript(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("assist", "waiting")
        RUNNING = "running", pgettext_lazy("assist", "transcribing")
        DONE = "done", pgettext_lazy("assist", "done")
        FAILED = "failed", pgettext_lazy("assist", "failed")

    evidence = models.ForeignKey(Evidence, verbose_name=pgettext_lazy("assist", "recording"),
                                 on_delete=models.PROTECT, related_name="transcripts")
    state = models.CharField(pgettext_lazy("assist", "state"), max_length=10,
                             choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(pgettext_lazy("assist", "progress (%)"),
                                                default=0)
    error = models.CharField(pgettext_lazy("assist", "error"), max_length=300, blank=True)
    engine = models.CharField(pgettext_lazy("assist", "engine"), max_length=200, blank=True)
    # [{"start": seconds, "end": seconds, "text": "…"}]
    segments = models.JSONField(pgettext_lazy("assist", "segments"), default=list, blank=True)
    text = models.TextField(pgettext_lazy("assist", "text"), blank=True)
    digest = models.CharField(pgettext_lazy("assist", "digest"), max_length=90, blank=True)
    duration = models.FloatField(pgettext_lazy("assist", "duration (s)"), null=True,
                                 blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     verbose_name=pgettext_lazy("assist", "requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(pgettext_lazy("assist", "requested at"))
    finished_at = models.DateTimeField(pgettext_lazy("assist", "finished at"), null=True,
                                       blank=True)
    ledger_seq = models.PositiveBigIntegerField(pgettext_lazy("assist", "ledger entry"),
                                                null=True, blank=True)

    objects = TranscriptQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("assist", "transcript")
        verbose_name_plural = pgettext_lazy("assist", "transcripts")
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self):
        return f"{self.evidence_id} {self.state}"
