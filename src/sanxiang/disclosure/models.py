"""Publication of enforcement decisions (事后公开, R-PUB-04 … R-PUB-09).

A ``Disclosure`` is created by the decision itself (``disclosure.actions``, called from the
case engine's transaction): one per decision, with the text proposed for publication, the
redactions, who approved it, when it went public and until when, and its withdrawal.
Nothing here is saved directly; the actions check the rules and append the ledger event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from sanxiang.cases.models import Case, Document, StepRecord
from sanxiang.cases.querysets import CaseRecordQuerySet
from sanxiang.org.models import Body


class Disclosure(models.Model):
    class Category(models.TextChoices):
        PENALTY = "penalty", pgettext_lazy("disclosure", "administrative penalty")
        LICENCE = "licence", pgettext_lazy("disclosure", "administrative licence")
        COERCION = "coercion", pgettext_lazy("disclosure", "administrative compulsion")
        INSPECTION = "inspection", pgettext_lazy("disclosure", "administrative inspection")
        OTHER = "other", pgettext_lazy("disclosure", "other decision")

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("disclosure", "awaiting masking and approval")
        BLOCKED = "blocked", pgettext_lazy("disclosure", "not to be published online")
        APPROVED = "approved", pgettext_lazy("disclosure", "approved")
        PUBLISHED = "published", pgettext_lazy("disclosure", "published")
        WITHDRAWN = "withdrawn", pgettext_lazy("disclosure", "withdrawn")
        REMOVED = "removed", pgettext_lazy("disclosure", "removed at the end of its period")
        NOT_PUBLISHED = "not_published", pgettext_lazy("disclosure", "not published by rule")

    class WithdrawalGrounds(models.TextChoices):
        CHANGED = "changed", pgettext_lazy("disclosure", "the decision was changed")
        REVOKED = "revoked", pgettext_lazy("disclosure", "the decision was revoked")
        CONFIRMED_ILLEGAL = "confirmed_illegal", pgettext_lazy(
            "disclosure", "the decision was confirmed illegal")
        VOID = "void", pgettext_lazy("disclosure", "the decision was confirmed void")

    case = models.ForeignKey(Case, verbose_name=pgettext_lazy("disclosure", "case"),
                             on_delete=models.PROTECT, related_name="disclosures")
    body = models.ForeignKey(Body, verbose_name=pgettext_lazy("disclosure", "body"),
                             on_delete=models.PROTECT, related_name="disclosures")
    document = models.ForeignKey(Document, verbose_name=pgettext_lazy("disclosure", "decision"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    # The decision step that created it: one disclosure per decision.
    step_record = models.OneToOneField(StepRecord, verbose_name=pgettext_lazy(
        "disclosure", "decision step"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="disclosure")
    category = models.CharField(pgettext_lazy("disclosure", "category"), max_length=12,
                                choices=Category.choices)
    state = models.CharField(pgettext_lazy("disclosure", "state"), max_length=14,
                             choices=State.choices, default=State.PENDING)
    decided_on = models.DateField(pgettext_lazy("disclosure", "decided on"))
    # Stored, not only derived, so "what is due / late" is one indexed query at province
    # scale; the explanation is recomputed from the calendar when shown (R-CAL-02).
    due_on = models.DateField(pgettext_lazy("disclosure", "publish by"))
    blocked_reason = models.CharField(pgettext_lazy("disclosure", "why not published online"),
                                      max_length=300, blank=True)
    # What the public sees: the fields of R-PUB-04, and the masked text.
    title = models.CharField(pgettext_lazy("disclosure", "title"), max_length=200)
    party_name = models.CharField(pgettext_lazy("disclosure", "party"), max_length=200)
    party_kind = models.CharField(pgettext_lazy("disclosure", "kind of party"), max_length=20)
    party_code = models.CharField(pgettext_lazy("disclosure", "credit code"), max_length=40,
                                  blank=True)  # organisations' codes only; never an ID number
    document_number = models.CharField(pgettext_lazy("disclosure", "document number"),
                                       max_length=60, blank=True)
    conclusion = models.TextField(pgettext_lazy("disclosure", "conclusion"), blank=True)
    source_text = models.TextField(pgettext_lazy("disclosure", "original text"))
    masked_text = models.TextField(pgettext_lazy("disclosure", "text to publish"), blank=True)
    # [{"start", "end", "kind", "rule", "source": "proposed"|"clerk", "by"}] over source_text.
    redactions = models.JSONField(pgettext_lazy("disclosure", "redactions"), default=list)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    verbose_name=pgettext_lazy("disclosure", "approved by"),
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(pgettext_lazy("disclosure", "approved at"), null=True,
                                       blank=True)
    published_on = models.DateField(pgettext_lazy("disclosure", "published on"), null=True,
                                    blank=True)
    published_digest = models.CharField(pgettext_lazy("disclosure", "digest"), max_length=90,
                                        blank=True)
    published_seq = models.PositiveBigIntegerField(pgettext_lazy("disclosure", "ledger entry"),
                                                   null=True, blank=True)
    public_until = models.DateField(pgettext_lazy("disclosure", "public until"), null=True,
                                    blank=True)
    removable_from = models.DateField(pgettext_lazy("disclosure", "early removal from"),
                                      null=True, blank=True)
    withdrawal_due = models.DateField(pgettext_lazy("disclosure", "withdraw by"), null=True,
                                      blank=True)
    withdrawn_on = models.DateField(pgettext_lazy("disclosure", "withdrawn on"), null=True,
                                    blank=True)
    withdrawal_reason = models.TextField(pgettext_lazy("disclosure", "reason for withdrawal"),
                                         blank=True)
    withdrawal_grounds = models.CharField(pgettext_lazy("disclosure", "grounds for withdrawal"),
                                          max_length=20, blank=True,
                                          choices=WithdrawalGrounds.choices)
    removed_on = models.DateField(pgettext_lazy("disclosure", "removed on"), null=True,
                                  blank=True)
    removal_reason = models.TextField(pgettext_lazy("disclosure", "reason for removal"),
                                      blank=True)
    # 信用修复 (R-PUB-07): the party performed the decision and gave a credit commitment.
    performed = models.BooleanField(pgettext_lazy("disclosure", "decision performed"),
                                    default=False)
    commitment = models.TextField(pgettext_lazy("disclosure", "credit commitment"), blank=True)
    created_at = models.DateTimeField(pgettext_lazy("disclosure", "created at"),
                                      auto_now_add=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("disclosure", "publication")
        verbose_name_plural = pgettext_lazy("disclosure", "publications")
        indexes = [
            models.Index(fields=["state", "due_on"]),
            models.Index(fields=["body", "state", "due_on"]),
            models.Index(fields=["state", "-published_on", "-id"]),
            models.Index(fields=["party_code"]),
            models.Index(fields=["party_name"]),
            models.Index(fields=["document_number"]),
            models.Index(fields=["state", "public_until"]),
        ]

    def __str__(self):
        return f"{self.document_number or self.title} ({self.get_state_display()})"

    @property
    def notice_party_name(self) -> str:
        """The party as a withdrawal notice names it: a natural person only as "张某".

        A withdrawn decision (revoked, changed, void) no longer justifies publishing who it
        concerned; the notice stays public, the person's name does not.
        """
        if self.party_kind != "natural_person":
            return self.party_name
        from sanxiang.disclosure import masking

        name = self.party_name or ""
        return masking.marker(masking.Redaction(0, len(name), masking.PERSON_NAME, "notice"),
                              name)


class StatisticsSnapshot(models.Model):
    """The public statistics as of ``taken_at`` (R-PUB-09; docs/adr/0050).

    Taken by the worker at most every ``SANXIANG_STATISTICS_MINUTES`` and by
    ``sanxiang manage statistics_snapshot``; the public page shows the newest one and says
    when it was taken, so it never aggregates the case tables per request and no case write
    has to touch a shared row. The figures are derived data: nothing here is an action.
    """

    taken_at = models.DateTimeField(pgettext_lazy("statistics", "taken at"))
    first_year = models.PositiveSmallIntegerField(pgettext_lazy("statistics", "first year"))
    last_year = models.PositiveSmallIntegerField(pgettext_lazy("statistics", "last year"))

    class Meta:
        verbose_name = pgettext_lazy("statistics", "statistics snapshot")
        verbose_name_plural = pgettext_lazy("statistics", "statistics snapshots")

    def __str__(self):
        return f"{self.taken_at:%Y-%m-%d %H:%M}"


class StatisticsFigure(models.Model):
    """One body's figures for one year (``quarter`` 0) or one quarter, in a snapshot: the
    fields of ``statistics.Figures``. A category is NULL where the body holds no such power
    and did nothing ("—")."""

    snapshot = models.ForeignKey(StatisticsSnapshot, on_delete=models.CASCADE,
                                 related_name="figures",
                                 verbose_name=pgettext_lazy("statistics", "snapshot"))
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+",
                             verbose_name=pgettext_lazy("statistics", "body"))
    year = models.PositiveSmallIntegerField(pgettext_lazy("statistics", "year"))
    quarter = models.PositiveSmallIntegerField(pgettext_lazy("statistics", "quarter"))
    licensing = models.PositiveIntegerField(pgettext_lazy("statistics", "licensing"),
                                            null=True)
    penalty = models.PositiveIntegerField(pgettext_lazy("statistics", "penalty"), null=True)
    coercion = models.PositiveIntegerField(pgettext_lazy("statistics", "compulsion"),
                                           null=True)
    levy = models.PositiveIntegerField(pgettext_lazy("statistics", "levy"), null=True)
    requisition = models.PositiveIntegerField(pgettext_lazy("statistics", "requisition"),
                                              null=True)
    inspection = models.PositiveIntegerField(pgettext_lazy("statistics", "inspection"),
                                             null=True)
    other = models.PositiveIntegerField(pgettext_lazy("statistics", "other"), null=True)
    total = models.PositiveIntegerField(pgettext_lazy("statistics", "total"))
    simple = models.PositiveIntegerField(pgettext_lazy("statistics", "simple procedure"))
    general = models.PositiveIntegerField(pgettext_lazy("statistics", "general procedure"))
    fines_wan = models.DecimalField(pgettext_lazy("statistics", "fines (10,000 yuan)"),
                                    max_digits=18, decimal_places=4)
    confiscated_wan = models.DecimalField(
        pgettext_lazy("statistics", "confiscated (10,000 yuan)"), max_digits=18,
        decimal_places=4)
    hearings = models.PositiveIntegerField(pgettext_lazy("statistics", "hearings"))
    reviews = models.PositiveIntegerField(pgettext_lazy("statistics", "legal reviews"))
    review_corrections = models.PositiveIntegerField(
        pgettext_lazy("statistics", "reviews asking for corrections"))
    transfers = models.PositiveIntegerField(pgettext_lazy("statistics", "transfers"))
    withdrawals = models.PositiveIntegerField(pgettext_lazy("statistics", "withdrawals"))
    # The year's row (quarter 0) holds the public page's chart and table of the year,
    # rendered when the snapshot was taken (docs/adr/0074); empty on quarters.
    fragment = models.TextField(pgettext_lazy("statistics", "rendered figures"), blank=True,
                                default="")

    class Meta:
        verbose_name = pgettext_lazy("statistics", "statistics figure")
        verbose_name_plural = pgettext_lazy("statistics", "statistics figures")
        constraints = [models.UniqueConstraint(fields=["snapshot", "body", "year", "quarter"],
                                               name="disclosure_statistics_figure_unique")]

    def __str__(self):
        return f"{self.body_id} {self.year} Q{self.quarter}"


class DecisionPage(models.Model):
    """What a published decision's public page shows of its own columns (party, category,
    dates, conclusion, the masked text), rendered once by the publication action in its
    transaction and deleted by the withdrawal or removal that takes the decision off the
    portal (docs/adr/0074). Derived data: the decision's row is what the ledger binds, so
    this is a table of its own, outside the case's aggregate."""

    disclosure = models.OneToOneField(Disclosure, on_delete=models.CASCADE, primary_key=True,
                                      related_name="+",
                                      verbose_name=pgettext_lazy("decision page", "decision"))
    html = models.TextField(pgettext_lazy("decision page", "rendered page"))

    class Meta:
        verbose_name = pgettext_lazy("decision page", "stored decision page")
        verbose_name_plural = pgettext_lazy("decision page", "stored decision pages")

    def __str__(self):
        return str(self.disclosure_id)
