"""Versioned enforcement catalogues (R-PUB-01, R-PUB-02).

A ``Catalogue`` is one list of one body (its 执法事项清单, its 裁量基准 …). Every change
makes a ``CatalogueVersion`` numbered 1, 2, 3 … with an effective date, an author and a
note. Entries are rows with a validity range over version numbers, as a slowly changing
dimension: version *v* holds the rows with ``valid_from <= v`` and (``valid_to`` empty or
``valid_to > v``). A change closes the old row's range and adds a new row with the same
``lineage``; closing a range is the only update ever made to a row, so every published
version stays readable exactly as it was.
"""

from django.conf import settings
from django.db import models

# Aliased so makemessages reads the context: field names like "address" mean something
# else in other apps, whose catalogues would otherwise win.
from django.utils.translation import pgettext_lazy as pgettext

from sanxiang.org.models import Body, EnforcementField


class Catalogue(models.Model):
    class Kind(models.TextChoices):
        ITEMS = "items", pgettext("list", "enforcement item list")
        BENCHMARKS = "benchmarks", pgettext("list", "discretion benchmarks")
        LENIENCY = "leniency", pgettext("list", "no-penalty lists")
        GUIDES = "guides", pgettext("list", "service guides")
        INSPECTIONS = "inspections", pgettext("list", "random-inspection item list")
        RECORDINGS = "recordings", pgettext("list", "audio-video recording item list")
        SUPERVISION = "supervision", pgettext("list", "supervision channels and remedies")
        REVIEW = "review", pgettext("list", "major-decision legal review catalogue")
        # R-CASE-17: the same criteria, for the heads' collective discussion (处罚法 57).
        DISCUSSION = "discussion", pgettext("list", "collective discussion criteria list")

    body = models.ForeignKey(
        Body,
        verbose_name=pgettext("list", "body"),
        on_delete=models.PROTECT,
        related_name="catalogues",
    )
    kind = models.CharField(pgettext("list", "kind of list"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(pgettext("list", "created at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext("list", "catalogue")
        verbose_name_plural = pgettext("list", "catalogues")
        ordering = ["body", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind"], name="one_catalogue_per_kind"),
        ]

    def __str__(self):
        return f"{self.body} · {self.get_kind_display()}"


class CatalogueVersion(models.Model):
    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name=pgettext("list", "catalogue"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(pgettext("list", "version"))
    effective_from = models.DateField(pgettext("list", "effective from"))
    note = models.TextField(pgettext("list", "what changed"))
    # The name is frozen: a later rename of the account does not rewrite history.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext("list", "author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_name = models.CharField(pgettext("list", "author"), max_length=150)
    entry_count = models.PositiveIntegerField(pgettext("list", "entries"), default=0)
    added = models.PositiveIntegerField(pgettext("list", "added"), default=0)
    changed = models.PositiveIntegerField(pgettext("list", "changed"), default=0)
    removed = models.PositiveIntegerField(pgettext("list", "removed"), default=0)
    created_at = models.DateTimeField(pgettext("list", "created at"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext("list", "catalogue version")
        verbose_name_plural = pgettext("list", "catalogue versions")
        ordering = ["catalogue", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "number"], name="one_version_number"),
        ]
        indexes = [models.Index(fields=["catalogue", "effective_from", "number"])]

    def __str__(self):
        return f"{self.catalogue} v{self.number}"


class PenaltyKind(models.TextChoices):
    """The kinds of administrative penalty (行政处罚法 第九条)."""

    WARNING = "warning", pgettext("list", "warning")
    CENSURE = "censure", pgettext("list", "public censure")
    FINE = "fine", pgettext("list", "fine")
    CONFISCATE_GAINS = "confiscate_gains", pgettext("list", "confiscation of illegal gains")
    CONFISCATE_PROPERTY = (
        "confiscate_property",
        pgettext("list", "confiscation of illegal property"),
    )
    SUSPEND_LICENCE = "suspend_licence", pgettext("list", "temporary withholding of a licence")
    DOWNGRADE = "downgrade", pgettext("list", "lowering of qualification grade")
    REVOKE_LICENCE = "revoke_licence", pgettext("list", "revocation of a licence")
    RESTRICT_BUSINESS = (
        "restrict_business",
        pgettext("list", "restriction of production and business"),
    )
    SUSPEND_BUSINESS = (
        "suspend_business",
        pgettext("list", "order to suspend production or business"),
    )
    CLOSE = "close", pgettext("list", "order to close")
    BAN_PRACTICE = "ban_practice", pgettext("list", "restriction on practising")
    DETENTION = "detention", pgettext("list", "administrative detention")
    OTHER = "other", pgettext("list", "other penalty")


class Entry(models.Model):
    """What every list row has: its place in the versions and its identity across them."""

    catalogue = models.ForeignKey(
        Catalogue,
        verbose_name=pgettext("list", "catalogue"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Rows that are versions of "the same" entry share a lineage (1, 2, 3 … per catalogue).
    lineage = models.PositiveIntegerField(pgettext("list", "entry number"))
    valid_from = models.PositiveIntegerField(pgettext("list", "from version"))
    valid_to = models.PositiveIntegerField(pgettext("list", "until version"), null=True, blank=True)
    position = models.PositiveIntegerField(pgettext("list", "position"), default=0)
    digest = models.CharField(pgettext("list", "digest"), max_length=80)
    search_text = models.TextField(pgettext("list", "search text"), blank=True)

    # The fields a user fills in, in display order; the rest is bookkeeping.
    content_fields: tuple[str, ...] = ()
    # The fields that name the entry: two rows of one version may not share them.
    natural_key: tuple[str, ...] = ()
    # The field shown as the entry's name.
    title_field = ""

    class Meta:
        abstract = True
        ordering = ["position", "lineage"]

    def __str__(self):
        return str(getattr(self, self.title_field, "") or self.lineage)

    @classmethod
    def entry_indexes(cls, prefix: str):
        return [
            models.Index(
                fields=["catalogue", "valid_from", "valid_to"], name=f"{prefix}_version_idx"
            ),
            models.Index(fields=["catalogue", "lineage"], name=f"{prefix}_lineage_idx"),
        ]


LEGAL_BASES_HELP = pgettext(
    "list", "Laws as 《Law》 Article N, Paragraph M, Item K; several separated by ；"
)


def legal_bases_field():
    # A list of {"law", "article", "paragraph", "item"}: see ``sanxiang.catalog.legal``.
    return models.JSONField(
        pgettext("list", "legal basis"), default=list, help_text=LEGAL_BASES_HELP
    )


class EnforcementItem(Entry):
    class Category(models.TextChoices):
        LICENSING = "licensing", pgettext("list", "administrative licensing")
        PENALTY = "penalty", pgettext("list", "administrative penalty")
        COERCION = "coercion", pgettext("list", "administrative coercion")
        LEVY = "levy", pgettext("list", "administrative levy")
        REQUISITION = "requisition", pgettext("list", "administrative requisition")
        CHARGE = "charge", pgettext("list", "administrative charge")
        INSPECTION = "inspection", pgettext("list", "administrative inspection")
        CONFIRMATION = "confirmation", pgettext("list", "administrative confirmation")
        REWARD = "reward", pgettext("list", "administrative reward")
        ADJUDICATION = "adjudication", pgettext("list", "administrative adjudication")
        OTHER = "other", pgettext("list", "other administrative power")

    category = models.CharField(
        pgettext("list", "category"), max_length=20, choices=Category.choices
    )
    code = models.CharField(pgettext("list", "item code"), max_length=40, db_index=True)
    name = models.CharField(pgettext("list", "item name"), max_length=200)
    legal_bases = legal_bases_field()
    unit = models.CharField(pgettext("list", "responsible unit"), max_length=100)
    time_limit = models.CharField(pgettext("list", "time limit"), max_length=200, blank=True)
    time_limit_days = models.PositiveIntegerField(
        pgettext("list", "time limit in days"), null=True, blank=True
    )
    field = models.ForeignKey(
        EnforcementField,
        verbose_name=pgettext("list", "enforcement category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    content_fields = (
        "category",
        "code",
        "name",
        "legal_bases",
        "unit",
        "time_limit",
        "time_limit_days",
        "field",
    )
    natural_key = ("code",)
    title_field = "name"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "enforcement item")
        verbose_name_plural = pgettext("list", "enforcement items")
        indexes = Entry.entry_indexes("cat_item")


class DiscretionBenchmark(Entry):
    class Level(models.TextChoices):
        # The 裁量阶次 of 国办发〔2022〕27号 (R-AST-02) ...
        NONE = "none", pgettext("list", "no penalty")
        MITIGATED = "mitigated", pgettext("list", "mitigated penalty")
        LIGHTER = "lighter", pgettext("list", "lighter penalty")
        GENERAL = "general", pgettext("list", "general")
        HEAVIER = "heavier", pgettext("list", "heavier penalty")
        # ... and the 情节 grades older lists use.
        SLIGHT = "slight", pgettext("list", "slight")
        SERIOUS = "serious", pgettext("list", "serious")
        SEVERE = "severe", pgettext("list", "severe")

    class Mode(models.TextChoices):
        """How the suggested level and range are computed (R-AST-02, sanxiang.discretion)."""

        LEVELS = "levels", pgettext("list", "range per circumstance level")
        WEIGHTED = "weighted", pgettext("list", "weighted factors times the statutory maximum")
        STATUTORY = "statutory", pgettext("list", "defaults from the statutory range")

    item_code = models.CharField(pgettext("list", "item code"), max_length=40, db_index=True)
    violation = models.CharField(pgettext("list", "violation"), max_length=300)
    level = models.CharField(
        pgettext("list", "circumstance level"), max_length=10, choices=Level.choices
    )
    circumstances = models.TextField(pgettext("list", "circumstances"))
    penalty_kinds = models.JSONField(pgettext("list", "penalty kinds"), default=list)
    fine_min = models.DecimalField(
        pgettext("list", "lowest fine (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    fine_max = models.DecimalField(
        pgettext("list", "highest fine (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    penalty = models.TextField(pgettext("list", "penalty standard"), blank=True)
    legal_bases = legal_bases_field()
    # Computable benchmark (R-AST-02): the mode, the factors with their levels (see
    # sanxiang.discretion.factors for the text form), and, for fines set as a multiple of
    # the illegal gains or the goods' value, the statutory multiples.
    mode = models.CharField(pgettext("list", "calculation mode"), max_length=10,
                            choices=Mode.choices, blank=True)
    factors = models.JSONField(pgettext("list", "discretion factors"), default=list,
                               blank=True)
    multiple_min = models.DecimalField(
        pgettext("list", "lowest multiple"), max_digits=6, decimal_places=2, null=True,
        blank=True)
    multiple_max = models.DecimalField(
        pgettext("list", "highest multiple"), max_digits=6, decimal_places=2, null=True,
        blank=True)

    content_fields = (
        "item_code",
        "violation",
        "level",
        "circumstances",
        "penalty_kinds",
        "fine_min",
        "fine_max",
        "penalty",
        "legal_bases",
        "mode",
        "factors",
        "multiple_min",
        "multiple_max",
    )
    natural_key = ("item_code", "violation", "level")
    title_field = "violation"
    digest_optional = ("mode", "factors", "multiple_min", "multiple_max")

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "discretion benchmark")
        verbose_name_plural = pgettext("list", "discretion benchmarks")
        indexes = Entry.entry_indexes("cat_bench")

    def __str__(self):
        return f"{self.violation}（{self.get_level_display()}）"


class LeniencyEntry(Entry):
    class ListKind(models.TextChoices):
        FIRST = "first", pgettext("list", "first violation, no penalty")
        MINOR = "minor", pgettext("list", "minor violation, no penalty")

    list_kind = models.CharField(pgettext("list", "list"), max_length=10, choices=ListKind.choices)
    item_code = models.CharField(pgettext("list", "item code"), max_length=40, db_index=True)
    violation = models.CharField(pgettext("list", "violation"), max_length=300)
    conditions = models.TextField(pgettext("list", "conditions"))
    legal_bases = legal_bases_field()

    content_fields = ("list_kind", "item_code", "violation", "conditions", "legal_bases")
    natural_key = ("list_kind", "item_code", "violation")
    title_field = "violation"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "no-penalty list entry")
        verbose_name_plural = pgettext("list", "no-penalty list entries")
        indexes = Entry.entry_indexes("cat_len")


class ServiceGuide(Entry):
    item_code = models.CharField(pgettext("list", "item code"), max_length=40, db_index=True)
    item_name = models.CharField(pgettext("list", "item name"), max_length=200)
    legal_bases = legal_bases_field()
    unit = models.CharField(pgettext("list", "handling unit"), max_length=100)
    materials = models.TextField(pgettext("list", "materials required"))
    process = models.TextField(pgettext("list", "process"))
    time_limit = models.CharField(pgettext("list", "time limit"), max_length=200)
    supervision = models.CharField(pgettext("list", "supervision"), max_length=300, blank=True)
    remedies = models.CharField(pgettext("list", "remedies"), max_length=300, blank=True)
    hours = models.CharField(pgettext("list", "office hours"), max_length=200, blank=True)
    address = models.CharField(pgettext("list", "address"), max_length=200, blank=True)
    phone = models.CharField(pgettext("list", "phone"), max_length=40, blank=True)

    content_fields = (
        "item_code",
        "item_name",
        "legal_bases",
        "unit",
        "materials",
        "process",
        "time_limit",
        "supervision",
        "remedies",
        "hours",
        "address",
        "phone",
    )
    natural_key = ("item_code",)
    title_field = "item_name"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "service guide")
        verbose_name_plural = pgettext("list", "service guides")
        indexes = Entry.entry_indexes("cat_guide")


class InspectionItem(Entry):
    code = models.CharField(pgettext("list", "item code"), max_length=40, db_index=True)
    subject = models.CharField(pgettext("list", "inspection item"), max_length=200)
    legal_bases = legal_bases_field()
    inspected = models.CharField(pgettext("list", "objects inspected"), max_length=300)
    content = models.TextField(pgettext("list", "what is inspected"))
    method = models.CharField(pgettext("list", "method"), max_length=200)
    ratio = models.DecimalField(pgettext("list", "ratio drawn (%)"), max_digits=5, decimal_places=2)
    frequency = models.CharField(pgettext("list", "frequency"), max_length=100)

    content_fields = (
        "code",
        "subject",
        "legal_bases",
        "inspected",
        "content",
        "method",
        "ratio",
        "frequency",
    )
    natural_key = ("code",)
    title_field = "subject"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "random-inspection item")
        verbose_name_plural = pgettext("list", "random-inspection items")
        indexes = Entry.entry_indexes("cat_insp")


class RecordingRequirement(Entry):
    class Level(models.TextChoices):
        RECORDED = "recorded", pgettext("list", "audio-video recording required")
        UNINTERRUPTED = (
            "uninterrupted",
            pgettext("list", "uninterrupted audio-video recording required"),
        )

    # Codes of the workflow definitions (sanxiang.cases.workflows): procedure and step.
    procedure = models.CharField(pgettext("list", "procedure code"), max_length=40)
    step = models.CharField(pgettext("list", "step code"), max_length=40)
    level = models.CharField(pgettext("list", "requirement"), max_length=20, choices=Level.choices)
    description = models.TextField(pgettext("list", "acts to record"))

    content_fields = ("procedure", "step", "level", "description")
    natural_key = ("procedure", "step")
    title_field = "description"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "recording requirement")
        verbose_name_plural = pgettext("list", "recording requirements")
        indexes = Entry.entry_indexes("cat_rec")


class SupervisionChannel(Entry):
    class ChannelKind(models.TextChoices):
        COMPLAINT = "complaint", pgettext("list", "complaint and report")
        RECONSIDERATION = "reconsideration", pgettext("list", "administrative reconsideration")
        LITIGATION = "litigation", pgettext("list", "administrative litigation")
        SUPERVISION = "supervision", pgettext("list", "supervision")

    channel_kind = models.CharField(
        pgettext("list", "channel"), max_length=20, choices=ChannelKind.choices
    )
    name = models.CharField(pgettext("list", "name"), max_length=200)
    authority = models.CharField(pgettext("list", "accepting authority"), max_length=200)
    phone = models.CharField(pgettext("list", "phone"), max_length=40, blank=True)
    address = models.CharField(pgettext("list", "address"), max_length=200, blank=True)
    url = models.URLField(pgettext("list", "web address"), max_length=200, blank=True)
    time_limit = models.CharField(pgettext("list", "time limit"), max_length=200, blank=True)

    content_fields = ("channel_kind", "name", "authority", "phone", "address", "url", "time_limit")
    natural_key = ("channel_kind", "name")
    title_field = "name"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "supervision channel")
        verbose_name_plural = pgettext("list", "supervision channels")
        indexes = Entry.entry_indexes("cat_sup")


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", pgettext("list", "natural person")
    ORGANISATION = "organisation", pgettext("list", "legal person or other organisation")
    INDIVIDUAL_BUSINESS = "individual_business", pgettext("list", "individual business")


class ReviewCriterion(Entry):
    """One machine-readable criterion of the major-decision review catalogue (R-REV-01)."""

    class CriterionKind(models.TextChoices):
        FINE_THRESHOLD = "fine_threshold", pgettext("list", "fine at or above a threshold")
        PENALTY_KIND = "penalty_kind", pgettext("list", "kind of penalty")
        HEARING_HELD = "hearing_held", pgettext("list", "decided after a hearing")
        FLAG = "flag", pgettext("list", "circumstance")
        ALL_GENERAL_PROCEDURE = (
            "all_general_procedure",
            pgettext("list", "every penalty under the general procedure"),
        )

    class Flag(models.TextChoices):
        PUBLIC_INTEREST = "public_interest", pgettext("list", "involves major public interest")
        SOCIAL_IMPACT = "social_impact", pgettext("list", "may cause major social impact or risk")
        MAJOR_RIGHTS = (
            "major_rights",
            pgettext("list", "directly affects major rights of a party or third party"),
        )
        COMPLEX = (
            "complex",
            pgettext("list", "difficult or complex, with several legal relationships"),
        )
        SERIOUS = "serious", pgettext("list", "serious violation")
        OTHER = "other", pgettext("list", "other circumstance set by law")

    criterion_kind = models.CharField(
        pgettext("list", "criterion"), max_length=30, choices=CriterionKind.choices
    )
    party_kind = models.CharField(
        pgettext("list", "party kind"), max_length=20, choices=PartyKind.choices, blank=True
    )
    amount = models.DecimalField(
        pgettext("list", "amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    penalty_kind = models.CharField(
        pgettext("list", "penalty kind"), max_length=30, choices=PenaltyKind.choices, blank=True
    )
    flag = models.CharField(
        pgettext("list", "circumstance"), max_length=20, choices=Flag.choices, blank=True
    )
    description = models.TextField(pgettext("list", "description"))

    content_fields = (
        "criterion_kind",
        "party_kind",
        "amount",
        "penalty_kind",
        "flag",
        "description",
    )
    natural_key = ("criterion_kind", "party_kind", "penalty_kind", "flag")
    title_field = "description"

    class Meta(Entry.Meta):
        verbose_name = pgettext("list", "review criterion")
        verbose_name_plural = pgettext("list", "review criteria")
        indexes = Entry.entry_indexes("cat_review")


ENTRY_MODELS: dict[str, type[Entry]] = {
    Catalogue.Kind.ITEMS: EnforcementItem,
    Catalogue.Kind.BENCHMARKS: DiscretionBenchmark,
    Catalogue.Kind.LENIENCY: LeniencyEntry,
    Catalogue.Kind.GUIDES: ServiceGuide,
    Catalogue.Kind.INSPECTIONS: InspectionItem,
    Catalogue.Kind.RECORDINGS: RecordingRequirement,
    Catalogue.Kind.SUPERVISION: SupervisionChannel,
    Catalogue.Kind.REVIEW: ReviewCriterion,
    Catalogue.Kind.DISCUSSION: ReviewCriterion,
}


def entry_model(kind: str) -> type[Entry]:
    return ENTRY_MODELS[kind]
