"""Cases (案件) and their record: parties, officers, steps, dated facts, documents (文书).

Nothing here is saved directly: ``sanxiang.cases.actions`` and
``sanxiang.cases.document_actions`` check the rules, write and append the ledger event in
one transaction. Rows that record what happened (steps, milestones, documents) are never
updated after the fact except where a model says so (a period's end, a decision on an
application); a correction is a new row pointing at the one it corrects (R-REC-02).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from sanxiang.cases.querysets import CaseQuerySet, CaseRecordQuerySet
from sanxiang.cases.workflows import DOCUMENT_TYPES, EVENTS, EXCLUDED_PERIODS, PROCEDURES
from sanxiang.catalog.models import PartyKind
from sanxiang.org.models import Body, EnforcementField, Officer

PROCEDURE_CHOICES = [(p.code, p.name) for p in PROCEDURES.values()]
DOCUMENT_CHOICES = [(code, name) for code, (name, _std) in DOCUMENT_TYPES.items()]


class Case(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("case", "in progress")
        CLOSED = "closed", pgettext_lazy("case", "closed")
        ARCHIVED = "archived", pgettext_lazy("case", "archived")

    body = models.ForeignKey(
        Body,
        verbose_name=pgettext_lazy("case", "body"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    procedure = models.CharField(
        pgettext_lazy("case", "procedure"), max_length=30, choices=PROCEDURE_CHOICES
    )
    number = models.CharField(pgettext_lazy("case", "case number"), max_length=60, unique=True)
    title = models.CharField(pgettext_lazy("case", "cause of action"), max_length=200)
    field = models.ForeignKey(
        EnforcementField,
        verbose_name=pgettext_lazy("case", "enforcement category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_code = models.CharField(pgettext_lazy("case", "item code"), max_length=40, blank=True)
    item_name = models.CharField(pgettext_lazy("case", "item name"), max_length=200, blank=True)
    current_step = models.CharField(pgettext_lazy("case", "current step"), max_length=40)
    state = models.CharField(
        pgettext_lazy("case", "state"), max_length=10, choices=State.choices, default=State.OPEN
    )
    opened_on = models.DateField(pgettext_lazy("case", "opened on"))
    closed_on = models.DateField(pgettext_lazy("case", "closed on"), null=True, blank=True)
    # Limitation (R-CASE-07): the violation's (last) day, the day it came to light, and
    # whether life, health or financial safety was harmed (5 years instead of 2).
    violation_on = models.DateField(
        pgettext_lazy("case", "violation ended on"), null=True, blank=True
    )
    discovered_on = models.DateField(pgettext_lazy("case", "discovered on"), null=True, blank=True)
    serious_harm = models.BooleanField(
        pgettext_lazy("case", "harmed life, health or financial safety"), default=False
    )
    source = models.CharField(
        pgettext_lazy("case", "source of the case"), max_length=100, blank=True
    )
    facts = models.TextField(pgettext_lazy("case", "facts"), blank=True)
    # The penalty as notified (R-CASE-03) and as decided; amounts in 元.
    notified_kinds = models.JSONField(
        pgettext_lazy("case", "penalty notified"), default=list, blank=True
    )
    notified_fine = models.DecimalField(
        pgettext_lazy("case", "fine notified (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    decided_kinds = models.JSONField(
        pgettext_lazy("case", "penalty decided"), default=list, blank=True
    )
    decided_fine = models.DecimalField(
        pgettext_lazy("case", "fine decided (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    confiscated = models.DecimalField(
        pgettext_lazy("case", "illegal gains confiscated (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    decided_on = models.DateField(pgettext_lazy("case", "decided on"), null=True, blank=True)
    # Facts the review catalogue and the decision gate read (R-REV-01, R-REV-08).
    flags = models.JSONField(
        pgettext_lazy("case", "review circumstances"), default=list, blank=True
    )
    hearing_held = models.BooleanField(pgettext_lazy("case", "hearing held"), default=False)
    lead_officer = models.ForeignKey(
        Officer,
        verbose_name=pgettext_lazy("case", "officer in charge"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("case", "created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("case", "created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("case", "updated at"), auto_now=True)
    # Optimistic concurrency: every action names the version it saw.
    version = models.PositiveIntegerField(pgettext_lazy("case", "version"), default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("case", "case")
        verbose_name_plural = pgettext_lazy("case", "cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["body", "state", "-opened_on", "-id"]),
            models.Index(fields=["body", "procedure", "current_step"]),
            models.Index(fields=["state", "current_step", "opened_on"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def workflow(self):
        return PROCEDURES[self.procedure]


class Party(models.Model):
    """当事人. Kept with the case as it was at the time (a later change is a new row)."""

    class IdKind(models.TextChoices):
        RESIDENT_ID = "resident_id", pgettext_lazy("case", "resident identity card")
        CREDIT_CODE = "credit_code", pgettext_lazy("case", "unified social credit code")
        PASSPORT = "passport", pgettext_lazy("case", "passport or other travel document")
        OTHER = "other", pgettext_lazy("case", "other identity document")

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="parties",
    )
    kind = models.CharField(
        pgettext_lazy("case", "kind of party"), max_length=20, choices=PartyKind.choices
    )
    name = models.CharField(pgettext_lazy("case", "name"), max_length=200)
    id_kind = models.CharField(
        pgettext_lazy("case", "kind of identifier"), max_length=20, choices=IdKind.choices
    )
    id_number = models.CharField(pgettext_lazy("case", "identifier"), max_length=40)
    legal_representative = models.CharField(
        pgettext_lazy("case", "legal representative or operator"), max_length=50, blank=True
    )
    address = models.CharField(pgettext_lazy("case", "address"), max_length=200, blank=True)
    phone = models.CharField(pgettext_lazy("case", "phone"), max_length=30, blank=True)
    minor = models.BooleanField(pgettext_lazy("case", "minor"), default=False)
    # What shows a natural person's minority besides a resident ID (R-PUB-05): any one of
    # these recorded makes ``minor`` true (``cases.parties.clean_party``).
    birth_date = models.DateField(pgettext_lazy("case", "date of birth"), null=True, blank=True)
    age = models.PositiveSmallIntegerField(pgettext_lazy("case", "age at the time of the act"),
                                           null=True, blank=True)
    guardian = models.CharField(pgettext_lazy("case", "guardian"), max_length=50, blank=True)
    electronic_service_consent = models.BooleanField(
        pgettext_lazy("case", "signed consent to electronic service"), default=False
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("case", "position"), default=0)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("case", "party")
        verbose_name_plural = pgettext_lazy("case", "parties")
        ordering = ["case", "position", "id"]
        indexes = [models.Index(fields=["id_number"]), models.Index(fields=["name"])]

    def __str__(self):
        return self.name


class CaseOfficer(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("case", "officer in charge")
        ASSISTING = "assisting", pgettext_lazy("case", "assisting officer")

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="case_officers",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name=pgettext_lazy("case", "officer"),
        on_delete=models.PROTECT,
        related_name="case_roles",
    )
    role = models.CharField(pgettext_lazy("case", "role"), max_length=10, choices=Role.choices)
    added_on = models.DateField(pgettext_lazy("case", "added on"))
    # Set when the officer withdraws (R-CASE-09) or is replaced; the row stays as history.
    removed_on = models.DateField(pgettext_lazy("case", "removed on"), null=True, blank=True)
    removed_reason = models.CharField(
        pgettext_lazy("case", "reason for removal"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("case", "officer on a case")
        verbose_name_plural = pgettext_lazy("case", "officers on cases")
        ordering = ["case", "role", "id"]
        indexes = [models.Index(fields=["officer", "removed_on"])]

    def __str__(self):
        return f"{self.case_id}: {self.officer}"


class StepRecord(models.Model):
    """One completed step of the workflow: who, when, with which outcome and data."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="steps",
    )
    seq = models.PositiveIntegerField(pgettext_lazy("case", "sequence"))
    step = models.CharField(pgettext_lazy("case", "step"), max_length=40)
    next_step = models.CharField(pgettext_lazy("case", "next step"), max_length=40, blank=True)
    condition = models.CharField(pgettext_lazy("case", "outcome"), max_length=40, blank=True)
    done_on = models.DateField(pgettext_lazy("case", "date of the act"))
    data = models.JSONField(pgettext_lazy("case", "recorded facts"), default=dict, blank=True)
    officers = models.ManyToManyField(
        Officer, verbose_name=pgettext_lazy("case", "officers"), blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("case", "recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(pgettext_lazy("case", "recorded at"), auto_now_add=True)
    ledger_seq = models.PositiveBigIntegerField(
        pgettext_lazy("case", "ledger entry"), null=True, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("case", "step record")
        verbose_name_plural = pgettext_lazy("case", "step records")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="one_step_per_seq")]

    def __str__(self):
        # Read in the admin's headings and lists: the case number and the step's name.
        try:
            name = self.case.workflow.step(self.step).name
        except KeyError:
            name = self.step
        return f"{self.case.number} #{self.seq} {name}"


class Milestone(models.Model):
    """A dated fact a deadline counts from (``workflows.EVENTS``): served, received …"""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    event = models.CharField(
        pgettext_lazy("case", "event"), max_length=40, choices=list(EVENTS.items())
    )
    on = models.DateField(pgettext_lazy("case", "date"))
    step_record = models.ForeignKey(
        StepRecord,
        verbose_name=pgettext_lazy("case", "step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("case", "milestone")
        verbose_name_plural = pgettext_lazy("case", "milestones")
        ordering = ["case", "on", "id"]
        indexes = [models.Index(fields=["event", "on"])]

    def __str__(self):
        return f"{self.case_id} {self.event} {self.on}"


class ExcludedPeriod(models.Model):
    """Hearing, testing, expert review or suspension: days no deadline counts (R-CASE-05)."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="excluded_periods",
    )
    kind = models.CharField(
        pgettext_lazy("case", "kind"), max_length=20, choices=list(EXCLUDED_PERIODS.items())
    )
    first = models.DateField(pgettext_lazy("case", "from"))
    last = models.DateField(
        pgettext_lazy("case", "until"), null=True, blank=True
    )  # open while it runs
    reason = models.CharField(pgettext_lazy("case", "reason"), max_length=300)
    # What caused it (R-CASE-16): the hearing, the testing body and its report, the expert
    # review or the suspension decision.
    cause = models.CharField(pgettext_lazy("case", "cause"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("case", "recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("case", "excluded period")
        verbose_name_plural = pgettext_lazy("case", "excluded periods")
        ordering = ["case", "first", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.first}–{self.last or ''}"


class Extension(models.Model):
    """An approved extension of a time limit (R-CASE-05, R-CASE-10, R-CASE-11)."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="extensions",
    )
    rule = models.CharField(pgettext_lazy("case", "rule"), max_length=20)
    step = models.CharField(pgettext_lazy("case", "step"), max_length=40)
    amount = models.PositiveIntegerField(pgettext_lazy("case", "length"))
    reason = models.TextField(pgettext_lazy("case", "reason"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("case", "approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(pgettext_lazy("case", "approved on"))

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("case", "extension")
        verbose_name_plural = pgettext_lazy("case", "extensions")
        ordering = ["case", "approved_on", "id"]

    def __str__(self):
        return f"{self.case_id} {self.rule} +{self.amount}"


class Recusal(models.Model):
    """An application for an officer to withdraw, and the head's decision (R-CASE-09)."""

    class Applicant(models.TextChoices):
        OFFICER = "officer", pgettext_lazy("case", "the officer")
        PARTY = "party", pgettext_lazy("case", "the party")

    class Outcome(models.TextChoices):
        PENDING = "pending", pgettext_lazy("case", "pending")
        GRANTED = "granted", pgettext_lazy("case", "withdrawal ordered")
        REFUSED = "refused", pgettext_lazy("case", "application refused")

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="recusals",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name=pgettext_lazy("case", "officer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.CharField(
        pgettext_lazy("case", "applicant"), max_length=10, choices=Applicant.choices
    )
    reason = models.TextField(pgettext_lazy("case", "reason"))
    applied_on = models.DateField(pgettext_lazy("case", "applied on"))
    outcome = models.CharField(
        pgettext_lazy("case", "decision"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("case", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(pgettext_lazy("case", "decided on"), null=True, blank=True)
    decision_reason = models.TextField(
        pgettext_lazy("case", "reasons for the decision"), blank=True
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("case", "recusal")
        verbose_name_plural = pgettext_lazy("case", "recusals")
        ordering = ["case", "applied_on", "id"]

    def __str__(self):
        return f"{self.case_id} {self.officer}"


class DocumentNumbering(models.Model):
    """A body's document number format (R-REC-08), e.g. 冀应急罚〔2026〕83号.

    ``doc_type`` blank is the body's default; ``pattern`` may use {prefix}, {type},
    {year} and {serial}.
    """

    body = models.ForeignKey(
        Body,
        verbose_name=pgettext_lazy("case", "body"),
        on_delete=models.PROTECT,
        related_name="numberings",
    )
    doc_type = models.CharField(
        pgettext_lazy("case", "document type"), max_length=40, blank=True, choices=DOCUMENT_CHOICES
    )
    prefix = models.CharField(pgettext_lazy("case", "issuer code"), max_length=20)
    type_char = models.CharField(pgettext_lazy("case", "type code"), max_length=10, blank=True)
    pattern = models.CharField(
        pgettext_lazy("case", "pattern"),
        max_length=80,
        default="{prefix}{type}〔{year}〕{serial}号",
    )

    class Meta:
        verbose_name = pgettext_lazy("case", "document number format")
        verbose_name_plural = pgettext_lazy("case", "document number formats")
        constraints = [
            models.UniqueConstraint(fields=["body", "doc_type"], name="one_numbering_per_type")
        ]

    def __str__(self):
        return f"{self.body}: {self.doc_type or '*'}"


class DocumentSequence(models.Model):
    """The serials of one issuer, type and year; locked briefly while a number is taken.

    ``last`` is the last serial taken, ``issued`` the last one whose document is issued;
    the serials between are reserved by issuers rendering their documents right now
    (``NumberReservation``, ``cases.numbering``), and are issued in order.
    """

    body = models.ForeignKey(
        Body, verbose_name=pgettext_lazy("case", "body"), on_delete=models.PROTECT, related_name="+"
    )
    series = models.CharField(pgettext_lazy("case", "series"), max_length=40)
    year = models.PositiveSmallIntegerField(pgettext_lazy("case", "year"))
    last = models.PositiveIntegerField(pgettext_lazy("case", "last serial"), default=0)
    issued = models.PositiveIntegerField(pgettext_lazy("case", "last serial issued"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("case", "document number sequence")
        verbose_name_plural = pgettext_lazy("case", "document number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "series", "year"], name="one_sequence_per_series_year"
            )
        ]

    def __str__(self):
        return f"{self.body_id} {self.series} {self.year}: {self.last}"


class NumberReservation(models.Model):
    """A serial taken by an issuer who is rendering its document (``cases.numbering``).

    Deleted when the document is issued, or given back when issuing fails — the serials
    after it then move down by one, so numbers stay gap-free and in order (R-REC-08).
    """

    sequence = models.ForeignKey(DocumentSequence, on_delete=models.CASCADE,
                                 related_name="reservations",
                                 verbose_name=pgettext_lazy("case", "series"))
    serial = models.IntegerField(pgettext_lazy("case", "serial"))
    case = models.ForeignKey("Case", on_delete=models.CASCADE, related_name="+",
                             verbose_name=pgettext_lazy("case", "case"))
    reserved_at = models.DateTimeField(pgettext_lazy("case", "reserved at"))

    class Meta:
        verbose_name = pgettext_lazy("case", "reserved document number")
        verbose_name_plural = pgettext_lazy("case", "reserved document numbers")
        constraints = [models.UniqueConstraint(fields=["sequence", "serial"],
                                               name="one_reservation_per_serial")]

    def __str__(self):
        return f"{self.sequence_id} #{self.serial}"


class Document(models.Model):
    """An issued 文书: its data, its rendered PDF (by digest) and its number, if any."""

    case = models.ForeignKey(
        Case,
        verbose_name=pgettext_lazy("case", "case"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issuer = models.ForeignKey(
        Body,
        verbose_name=pgettext_lazy("case", "issuing body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    doc_type = models.CharField(
        pgettext_lazy("case", "document type"), max_length=40, choices=DOCUMENT_CHOICES
    )
    step = models.CharField(pgettext_lazy("case", "step"), max_length=40)
    title = models.CharField(pgettext_lazy("case", "title"), max_length=200)
    number = models.CharField(pgettext_lazy("case", "document number"), max_length=60, blank=True)
    serial = models.PositiveIntegerField(pgettext_lazy("case", "serial"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(pgettext_lazy("case", "version"), default=1)
    corrects = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("case", "corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(
        pgettext_lazy("case", "reason for the correction"), blank=True
    )
    data = models.JSONField(pgettext_lazy("case", "content"), default=dict)
    issued_on = models.DateField(pgettext_lazy("case", "date of the document"))
    digest = models.CharField(pgettext_lazy("case", "digest"), max_length=90)
    size = models.PositiveIntegerField(pgettext_lazy("case", "size (bytes)"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("case", "issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(pgettext_lazy("case", "issued at"), auto_now_add=True)
    ledger_seq = models.PositiveBigIntegerField(
        pgettext_lazy("case", "ledger entry"), null=True, blank=True
    )

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("case", "document")
        verbose_name_plural = pgettext_lazy("case", "documents")
        ordering = ["case", "issued_at", "id"]
        indexes = [models.Index(fields=["case", "doc_type"]), models.Index(fields=["number"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "version"],
                condition=~models.Q(number=""),
                name="document_number_unique_per_issuer",
            )
        ]

    def __str__(self):
        return self.number or self.title

    @property
    def superseded(self) -> bool:
        return self.corrections.exists()
