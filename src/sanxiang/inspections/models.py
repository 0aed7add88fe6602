"""Random inspections (双随机、一公开, R-INS-01 … R-INS-06).

"One list, two directories": the item list is the body's published random-inspection list
(``catalog.InspectionItem``); the directory of inspection objects is ``Target``; the
directory of inspectors is ``Inspector`` over the officer register. A body files its
annual ``Plan``; a ``Task`` names items, an object filter, ratios and the number of
inspectors per object; a ``Draw`` fixes and publishes the ordered candidate lists and their
digest, then takes a witnessed seed and selects objects and inspectors
(``inspections.drawing``); each selected object is an ``Assignment``; each body records its
``Result`` per assignment. Nothing here is saved directly: ``inspections.actions`` checks
the rules and appends the ledger event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.models import Case
from sanxiang.org.models import Body, EnforcementField, Officer


class Target(models.Model):
    """An entry of the directory of inspection objects (检查对象名录库)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("enterprise or other market entity")
        PRODUCT = "product", _("product")
        PROJECT = "project", _("project")
        SITE = "site", _("site")

    class Size(models.TextChoices):
        LARGE = "large", _("large")
        MEDIUM = "medium", _("medium")
        SMALL = "small", _("small")
        MICRO = "micro", _("micro")

    class CreditClass(models.TextChoices):
        A = "A", _("A (low risk)")
        B = "B", _("B (fairly low risk)")
        C = "C", _("C (fairly high risk)")
        D = "D", _("D (high risk)")

    kind = models.CharField(_("kind of object"), max_length=12, choices=Kind.choices,
                            default=Kind.ENTERPRISE)
    # The object's public key in draws: the credit code of an enterprise, else "P0000123".
    code = models.CharField(_("directory code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    entity_type = models.CharField(_("type"), max_length=60, blank=True, db_index=True)
    industry = models.CharField(_("industry"), max_length=60, blank=True, db_index=True)
    region_code = models.CharField(_("region code"), max_length=6, db_index=True)
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, blank=True)
    credit_class = models.CharField(_("credit-risk class"), max_length=1,
                                    choices=CreditClass.choices, blank=True, db_index=True)
    abnormal = models.BooleanField(_("on the list of abnormal operations"), default=False)
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True)
    address = models.CharField(_("registered address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50,
                                            blank=True)
    active = models.BooleanField(_("in the directory"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection object")
        verbose_name_plural = _("inspection objects")
        ordering = ["code"]
        indexes = [models.Index(fields=["active", "credit_class", "code"])]

    def __str__(self):
        return self.name


class Conflict(models.Model):
    """A reason an officer must not inspect an object (回避, R-INS-02)."""

    class Reason(models.TextChoices):
        DECLARED = "declared", _("declared tie")
        FORMER_EMPLOYMENT = "former_employment", _("former employment")
        RELATIVE = "relative", _("relative")
        OBJECT_REQUEST = "object_request", _("the object's own request")

    target = models.ForeignKey(Target, verbose_name=_("inspection object"),
                               on_delete=models.PROTECT, related_name="conflicts")
    officer = models.ForeignKey(Officer, verbose_name=_("officer"), on_delete=models.PROTECT,
                                related_name="inspection_conflicts")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    declared_on = models.DateField(_("declared on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        indexes = [models.Index(fields=["target", "officer"])]

    def __str__(self):
        return f"{self.officer} · {self.target}"


class Inspector(models.Model):
    """An officer in the directory of inspectors (检查人员名录库)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("available")
        PAUSED = "paused", _("not available")

    officer = models.OneToOneField(Officer, verbose_name=_("officer"), on_delete=models.PROTECT,
                                   related_name="inspector")
    # Item codes of the body's list this officer may inspect; empty: every item.
    item_codes = models.JSONField(_("items they may inspect"), default=list, blank=True)
    region_code = models.CharField(_("area"), max_length=6, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")

    def __str__(self):
        return str(self.officer)


class Plan(models.Model):
    """A body's annual random-inspection plan (年度抽查计划, R-INS-06)."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="inspection_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    planned_tasks = models.PositiveIntegerField(_("tasks planned"))
    planned_objects = models.PositiveIntegerField(_("objects planned"))
    filed_on = models.DateField(_("filed on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("annual inspection plan")
        verbose_name_plural = _("annual inspection plans")
        ordering = ["-year", "body"]
        constraints = [models.UniqueConstraint(fields=["body", "year"],
                                               name="one_inspection_plan_a_year")]

    def __str__(self):
        return self.title


class Task(models.Model):
    """A random-inspection task (抽查任务, R-INS-02); joint when other bodies take part."""

    class FilterKind(models.TextChoices):
        UNDIRECTED = "undirected", _("undirected (the whole directory)")
        DIRECTED = "directed", _("directed (filtered)")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        LISTS_PUBLISHED = "lists_published", _("lists published, awaiting the seed")
        DRAWN = "drawn", _("drawn")

    body = models.ForeignKey(Body, verbose_name=_("lead body"), on_delete=models.PROTECT,
                             related_name="inspection_tasks")
    partners = models.ManyToManyField(Body, verbose_name=_("joint bodies"), blank=True,
                                      related_name="joint_inspection_tasks")
    plan = models.ForeignKey(Plan, verbose_name=_("annual plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField(_("task number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    field = models.ForeignKey(EnforcementField, verbose_name=_("enforcement category"),
                              on_delete=models.PROTECT, related_name="+")
    filter_kind = models.CharField(_("object filter"), max_length=12,
                                   choices=FilterKind.choices)
    # {"kinds": [], "types": [], "industries": [], "regions": [], "sizes": [], "classes": []}
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    ratio = models.DecimalField(_("ratio drawn (%)"), max_digits=5, decimal_places=2)
    # {"A": "5", "B": "10", …}: ratios by credit-risk class; empty: one ratio for all.
    class_ratios = models.JSONField(_("ratios by credit-risk class (%)"), default=dict,
                                    blank=True)
    per_object = models.PositiveSmallIntegerField(_("inspectors per object"))
    # Joint tasks (R-INS-05): an inspector of each taking-part body on every object.
    each_body = models.BooleanField(_("an inspector of each body on every object"),
                                    default=False)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))
    seed_source = models.CharField(_("source of the seed"), max_length=300)
    state = models.CharField(_("state"), max_length=16, choices=State.choices,
                             default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection task")
        verbose_name_plural = _("inspection tasks")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["body", "state"])]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def joint(self) -> bool:
        return self.partners.exists()

    # The filter's keys, named by the directory's fields they select on.
    FILTER_FIELDS = {"kinds": "kind", "types": "entity_type", "industries": "industry",
                     "regions": "region_code", "sizes": "size", "classes": "credit_class"}

    @property
    def filter_rows(self) -> list[tuple[str, list]]:
        """(label, values) for each filter that is set, labelled as the directory's fields."""
        rows = []
        for key, values in (self.filters or {}).items():
            if not values:
                continue
            field = self.FILTER_FIELDS.get(key)
            values = values if isinstance(values, list) else [values]
            if not field:
                rows.append((key, values))
                continue
            target_field = Target._meta.get_field(field)
            names = dict(target_field.choices or ())
            rows.append((target_field.verbose_name, [names.get(v, v) for v in values]))
        return rows


class TaskItem(models.Model):
    """An item of the body's published list that the task inspects (frozen as published)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT,
                             related_name="items")
    # Whose list the item is on: in a joint task each body inspects for its own items.
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="+")
    code = models.CharField(_("item code"), max_length=40, db_index=True)
    subject = models.CharField(_("inspection item"), max_length=200)
    legal_basis = models.TextField(_("legal basis"))
    ratio = models.DecimalField(_("item ratio (%)"), max_digits=5, decimal_places=2)
    # 重点 items may be inspected again within the repeat period (R-INS-02).
    key_item = models.BooleanField(_("key item"), default=False)

    class Meta:
        verbose_name = _("task item")
        verbose_name_plural = _("task items")
        ordering = ["task", "code"]

    def __str__(self):
        return f"{self.code} {self.subject}"


class Draw(models.Model):
    """A verifiable draw (R-INS-03): published lists first, then the seed, then the result."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("lists published, awaiting the seed")
        DRAWN = "drawn", _("drawn")
        SUPERSEDED = "superseded", _("superseded by a redraw")

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT,
                             related_name="draws")
    sequence = models.PositiveSmallIntegerField(_("draw number"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.PUBLISHED)
    lists = models.JSONField(_("candidate lists"))
    lists_digest = models.CharField(_("digest of the lists"), max_length=80)
    object_count = models.PositiveIntegerField(_("candidate objects"))
    inspector_count = models.PositiveIntegerField(_("candidate inspectors"))
    published_at = models.DateTimeField(_("lists published at"))
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    seed_entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"),
                                        null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    result = models.JSONField(_("result of the draw"), null=True, blank=True)
    result_digest = models.CharField(_("digest of the result"), max_length=80, blank=True)
    redraw_of = models.OneToOneField("self", verbose_name=_("redraw of"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="redrawn_by")
    redraw_reason = models.TextField(_("reason for the redraw"), blank=True)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["task", "sequence"]
        constraints = [models.UniqueConstraint(fields=["task", "sequence"],
                                               name="one_draw_number_per_task")]

    def __str__(self):
        return f"{self.task.number} #{self.sequence}"


class Assignment(models.Model):
    """An object selected by a draw, with the inspectors assigned to it."""

    draw = models.ForeignKey(Draw, verbose_name=_("draw"), on_delete=models.PROTECT,
                             related_name="assignments")
    position = models.PositiveIntegerField(_("order drawn"))
    stratum = models.CharField(_("stratum"), max_length=10)
    target = models.ForeignKey(Target, verbose_name=_("inspection object"),
                               on_delete=models.PROTECT, related_name="assignments")
    officers = models.ManyToManyField(Officer, verbose_name=_("inspectors"),
                                      through="AssignmentOfficer", related_name="+")
    # What the inspected enterprise scans (扫码入企): not part of the draw, never guessable.
    scan_code = models.CharField(_("scan code"), max_length=32, unique=True)
    # Current draws only: "inspected within 12 months" and the yearly cap count these.
    current = models.BooleanField(_("current"), default=True)
    drawn_on = models.DateField(_("drawn on"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["draw", "position"]
        indexes = [models.Index(fields=["target", "current", "drawn_on"])]

    def __str__(self):
        return f"{self.draw} · {self.target}"


class AssignmentOfficer(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT,
                                   related_name="assigned")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")
    certificate_number = models.CharField(_("certificate number"), max_length=30)

    class Meta:
        ordering = ["assignment", "id"]

    def __str__(self):
        return self.certificate_number


class Result(models.Model):
    """A body's result for one object (R-INS-04): category, method, follow-up, publication."""

    class Category(models.TextChoices):
        NO_PROBLEM = "no_problem", _("no problem found")
        NOT_DISCLOSED = "not_disclosed", _("did not disclose information it must disclose")
        FALSE_DISCLOSURE = "false_disclosure", _("disclosed information conceals the truth or "
                                                 "is falsified")
        CORRECTED = "corrected", _("problem found and corrected when ordered")
        PENDING = "pending", _("problem found, awaiting further handling")
        NO_ACTIVITY = "no_activity", _("no business activity subject to this inspection")
        UNREACHABLE = "unreachable", _("cannot be contacted at the registered address")
        OBSTRUCTED = "obstructed", _("refused to cooperate, seriously")
        CLOSED = "closed", _("closed, suspended or in liquidation")
        OTHER_DEPARTMENT = "other_department", _("violation within another department's "
                                                 "remit")

    class Method(models.TextChoices):
        ON_SITE = "on_site", _("on-site inspection")
        DOCUMENTS = "documents", _("documents")
        ONLINE = "online", _("online monitoring")
        TESTING = "testing", _("inspection and testing")
        EXPERTS = "experts", _("professional body")

    class FollowUp(models.TextChoices):
        NONE = "none", _("none")
        CORRECTION = "correction", _("order to correct")
        CASE = "case", _("case opened")
        TRANSFER = "transfer", _("transferred")
        NOTIFY = "notify", _("notified to the competent department")

    class State(models.TextChoices):
        RECORDED = "recorded", _("recorded, awaiting publication")
        PUBLISHED = "published", _("published")

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"),
                                   on_delete=models.PROTECT, related_name="results")
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="inspection_results")
    category = models.CharField(_("result category"), max_length=20, choices=Category.choices)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    findings = models.TextField(_("problems found"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=12, choices=FollowUp.choices)
    case = models.ForeignKey(Case, verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspection_results")
    inspected_on = models.DateField(_("date of inspection"))
    # Stamped by the platform (R-CASE-15); the publication deadline counts from it.
    recorded_on = models.DateField(_("recorded on"))
    due_on = models.DateField(_("publish by"), db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.RECORDED)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")
        ordering = ["-recorded_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "body"],
                                               name="one_result_per_body")]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"{self.assignment.target} · {self.get_category_display()}"


class ScanReport(models.Model):
    """An inspection the enterprise reports that is not on the platform (扫码入企)."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="reports")
    reporter = models.CharField(_("reported by"), max_length=100)
    content = models.TextField(_("what happened"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report of an unregistered inspection")
        verbose_name_plural = _("reports of unregistered inspections")
        ordering = ["-reported_at"]

    def __str__(self):
        return self.reporter
