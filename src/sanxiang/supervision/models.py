"""行政执法监督: complaints and reports from the public (R-SUP-02) and the outcomes of
reconsideration and litigation recorded on a case (R-SUP-05). Rows are written only by
``sanxiang.supervision.actions``.

A complaint's due dates are stored (not recomputed) so that "overdue" is one indexed
query at province scale.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.cases.querysets import CaseRecordQuerySet
from sanxiang.org.querysets import _scope


class ComplaintQuerySet(models.QuerySet):
    """Staff of the body complained about and supervisors of its region see the complaint;
    only supervisors (the handling office) see who filed it (``may_see_identity``)."""

    def visible_to(self, user):
        scope = _scope(user)
        if scope[0] == "all":
            return self
        if scope[0] == "region":
            return self.filter(body__region_code__startswith=scope[1])
        if scope[0] == "body":
            return self.filter(body_id=scope[1])
        return self.none()


class Complaint(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", pgettext_lazy("supervision", "complaint")
        REPORT = "report", pgettext_lazy("supervision", "report")

    class State(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("supervision", "received, awaiting acceptance")
        ACCEPTED = "accepted", pgettext_lazy("supervision", "accepted, being handled")
        REFUSED = "refused", pgettext_lazy("supervision", "not accepted")
        ANSWERED = "answered", pgettext_lazy("supervision", "answered")

    number = models.CharField(_("tracking number"), max_length=20, unique=True)
    code_hash = models.CharField(_("query code (hash)"), max_length=200)
    kind = models.CharField(pgettext_lazy("supervision", "kind"), max_length=10,
                            choices=Kind.choices)
    body = models.ForeignKey("org.Body", verbose_name=_("body complained about"),
                             on_delete=models.PROTECT, related_name="complaints")
    conduct = models.TextField(_("conduct complained of"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant's name"), max_length=60, blank=True)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=30, blank=True)
    complainant_address = models.CharField(_("complainant's address"), max_length=200,
                                           blank=True)
    attachments = models.JSONField(_("attachments"), default=list)
    filed_on = models.DateField(_("filed on"))
    state = models.CharField(pgettext_lazy("supervision", "state"), max_length=10,
                             choices=State.choices, default=State.RECEIVED)
    accept_due = models.DateField(_("accept or refuse by"))
    decided_on = models.DateField(_("accepted or refused on"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("accepted or refused by"))
    decision_reason = models.TextField(_("reasons"), blank=True)
    answer_due = models.DateField(_("answer by"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300,
                                        blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("answered by"))
    answer = models.TextField(pgettext_lazy("supervision", "answer"), blank=True)
    # A case the body opened on the complaint (shown on both sides).
    case = models.ForeignKey("cases.Case", verbose_name=_("case opened on it"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="complaints")

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("supervision", "complaint or report")
        verbose_name_plural = pgettext_lazy("supervision", "complaints and reports")
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["body", "state"]),
            models.Index(fields=["state", "accept_due"]),
            models.Index(fields=["state", "answer_due"]),
        ]

    def __str__(self):
        return self.number


class Outcome(models.Model):
    """A reconsideration (行政复议) or litigation (行政诉讼) outcome of a case's decision."""

    class Proceeding(models.TextChoices):
        RECONSIDERATION = "reconsideration", pgettext_lazy("supervision", "reconsideration")
        LITIGATION = "litigation", pgettext_lazy("supervision", "litigation")

    class Result(models.TextChoices):
        UPHELD = "upheld", pgettext_lazy("supervision", "upheld")
        REVOKED = "revoked", pgettext_lazy("supervision", "revoked")
        CHANGED = "changed", pgettext_lazy("supervision", "changed")
        CONFIRMED_ILLEGAL = "confirmed_illegal", pgettext_lazy("supervision",
                                                               "confirmed illegal")
        VOID = "void", pgettext_lazy("supervision", "confirmed void")
        ORDERED_TO_ACT = "ordered_to_act", pgettext_lazy("supervision", "ordered to act")
        DISMISSED = "dismissed", pgettext_lazy("supervision", "claim dismissed")
        WITHDRAWN = "withdrawn", pgettext_lazy("supervision", "application withdrawn")

    case = models.ForeignKey("cases.Case", verbose_name=pgettext_lazy("supervision", "case"),
                             on_delete=models.PROTECT, related_name="outcomes")
    # The case's body, copied when the outcome is recorded (a case never changes body):
    # the dashboard counts outcomes per body without joining the cases (ADR 0028).
    body = models.ForeignKey("org.Body", verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="+")
    proceeding = models.CharField(_("proceeding"), max_length=20,
                                  choices=Proceeding.choices)
    forum = models.CharField(_("reconsideration body or court"), max_length=100)
    applied_on = models.DateField(_("applied or filed on"))
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    decided_on = models.DateField(_("result dated"))
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("reconsideration or litigation outcome")
        verbose_name_plural = _("reconsideration and litigation outcomes")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["proceeding", "result"])]

    def __str__(self):
        return f"{self.case_id} {self.get_proceeding_display()} {self.get_result_display()}"


class SupervisionDocument(models.Model):
    """A supervision document issued to a body (R-SUP-04), with a deadline to answer."""

    class Kind(models.TextChoices):
        OPINION = "opinion", pgettext_lazy("supervision", "supervision opinion")
        SUGGESTION = "suggestion", pgettext_lazy("supervision", "supervision suggestion")
        DECISION = "decision", pgettext_lazy("supervision", "supervision decision")
        CIRCULAR = "circular", pgettext_lazy("supervision", "circular")

    class State(models.TextChoices):
        ISSUED = "issued", pgettext_lazy("supervision", "awaiting the answer")
        ANSWERED = "answered", pgettext_lazy("supervision", "answered")

    kind = models.CharField(pgettext_lazy("supervision", "kind"), max_length=12,
                            choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("document number"), max_length=60, unique=True)
    body = models.ForeignKey("org.Body", verbose_name=_("body addressed"),
                             on_delete=models.PROTECT, related_name="supervision_documents")
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))
    answer_due = models.DateField(_("answer by"))
    state = models.CharField(pgettext_lazy("supervision", "state"), max_length=10,
                             choices=State.choices, default=State.ISSUED)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("answered by"))
    answer = models.TextField(pgettext_lazy("supervision", "answer"), blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint it answers"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="documents")
    # The PDF as issued: content-addressed bytes, their digest in the ledger.
    pdf_digest = models.CharField(_("digest of the PDF"), max_length=80, blank=True)
    pdf_size = models.PositiveIntegerField(_("size of the PDF"), null=True, blank=True)

    objects = ComplaintQuerySet.as_manager()  # the same scope: the body addressed

    class Meta:
        verbose_name = _("supervision document")
        verbose_name_plural = _("supervision documents")
        ordering = ["-issued_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "seq"],
                                               name="supervision_document_seq")]
        indexes = [models.Index(fields=["body", "state"]),
                   models.Index(fields=["state", "answer_due"])]

    def __str__(self):
        return self.number


# --------------------------------------------------------------------------------------
# 案卷评查 (R-SUP-03)


class EvaluationStandard(models.Model):
    """A versioned case-file evaluation standard (评查标准) as data, never code.

    ``items`` holds {"basic": [...], "form": [...], "content": [...]}: a basic item
    ({"code", "text", "auto"?}) found in a file makes it 不合格 (score 0); a form (卷面, 20
    points) or content (内容, 80 points) item ({"code", "text", "points", "per_defect",
    "auto"?}) is deducted per defect up to its points. ``grades`` is a list of
    [grade, minimum score] from the highest; below the last minimum a file is 不合格.
    ``auto`` names a check the platform decides from the record (``supervision.evaluation``).
    """

    code = models.CharField(_("standard code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("effective from"))
    items = models.JSONField(_("evaluation items"))
    grades = models.JSONField(_("grades"))
    digest = models.CharField(_("digest"), max_length=80)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Versions after the first are published on the platform (``publish_standard``).
    note = models.TextField(_("What this version changes"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))

    class Meta:
        verbose_name = _("evaluation standard")
        verbose_name_plural = _("evaluation standards")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"],
                                               name="one_standard_version")]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"


class EvaluationCampaign(models.Model):
    """An evaluation round (评查活动): files drawn at random, reproducibly (R-INS-03's draw)."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("evaluation", "draft")
        PUBLISHED = "published", pgettext_lazy("evaluation", "lists published, awaiting the seed")
        DRAWN = "drawn", pgettext_lazy("evaluation", "drawn, being evaluated")
        CLOSED = "closed", pgettext_lazy("evaluation", "closed, report issued")

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    standard = models.ForeignKey(EvaluationStandard, verbose_name=_("evaluation standard"),
                                 on_delete=models.PROTECT, related_name="campaigns")
    region_code = models.CharField(_("region code"), max_length=12)
    closed_from = models.DateField(_("files closed from"))
    closed_until = models.DateField(_("files closed until"))
    ratio = models.DecimalField(_("ratio drawn (%)"), max_digits=5, decimal_places=2)
    minimum = models.PositiveSmallIntegerField(_("at least per body"), default=1)
    evaluators = models.ManyToManyField(settings.AUTH_USER_MODEL,
                                        verbose_name=_("evaluators"), related_name="+")
    seed_source = models.CharField(_("source of the seed"), max_length=300)
    state = models.CharField(pgettext_lazy("evaluation", "state"), max_length=10,
                             choices=State.choices, default=State.DRAFT)
    lists = models.JSONField(_("candidate lists"), null=True, blank=True)
    lists_digest = models.CharField(_("digest of the lists"), max_length=80, blank=True)
    published_at = models.DateTimeField(_("lists published at"), null=True, blank=True)
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    result = models.JSONField(_("result of the draw"), null=True, blank=True)
    result_digest = models.CharField(_("digest of the result"), max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_on = models.DateField(_("created on"))
    # The report as issued when the round is closed: rendered once, content-addressed
    # bytes, their digest in the ledger (like a supervision document's PDF).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    report_digest = models.CharField(_("digest of the report"), max_length=80, blank=True)
    report_size = models.PositiveIntegerField(_("size of the report"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title


class EvaluationQuerySet(models.QuerySet):
    """Supervisors of the region see every evaluation; a head or officer the own body's."""

    def visible_to(self, user):
        scope = _scope(user)
        if scope[0] == "all":
            return self
        if scope[0] == "region":
            return self.filter(case__body__region_code__startswith=scope[1])
        if scope[0] == "body":
            return self.filter(case__body_id=scope[1])
        return self.none()


class Evaluation(models.Model):
    """One drawn file's evaluation: the platform's proposals and the evaluator's findings.

    ``checks`` maps each item code to {"proposed": bool|points, "evidence": [...],
    "value": bool|points, "note": "...", "reason": "..."}: ``reason`` is required where the
    evaluator departs from the proposal.
    """

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("evaluation", "awaiting evaluation")
        DONE = "done", pgettext_lazy("evaluation", "evaluated")

    campaign = models.ForeignKey(EvaluationCampaign, verbose_name=_("evaluation round"),
                                 on_delete=models.PROTECT, related_name="evaluations")
    case = models.ForeignKey("cases.Case", verbose_name=pgettext_lazy("supervision", "case"),
                             on_delete=models.PROTECT, related_name="evaluations")
    body = models.ForeignKey("org.Body", verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="+")
    position = models.PositiveIntegerField(_("order drawn"))
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"),
                                  on_delete=models.PROTECT, related_name="+")
    checks = models.JSONField(_("checks"), default=dict)
    state = models.CharField(pgettext_lazy("evaluation", "state"), max_length=10,
                             choices=State.choices, default=State.PENDING)
    basic_failed = models.BooleanField(_("fails a basic item"), default=False)
    form_score = models.DecimalField(_("form score"), max_digits=5, decimal_places=1,
                                     null=True, blank=True)
    content_score = models.DecimalField(_("content score"), max_digits=5, decimal_places=1,
                                        null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True,
                                blank=True)
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("case-file evaluation")
        verbose_name_plural = _("case-file evaluations")
        ordering = ["campaign", "position"]
        constraints = [models.UniqueConstraint(fields=["campaign", "case"],
                                               name="one_evaluation_per_file")]
        indexes = [models.Index(fields=["body", "state", "grade"])]

    def __str__(self):
        return f"{self.campaign} · {self.case_id}"


class CaseTally(models.Model):
    """The dashboard's case figures, pre-counted (R-SUP-01, ADR 0028): cases per body,
    procedure and state, and of them the penalties decided with a fine and their amount.

    Kept current by the case actions through ``cases.hooks.CASE_CHANGED``, in their
    transaction (``supervision.tallies``); ``manage case_tally rebuild`` recounts it and
    ``manage case_tally check`` compares it with a recount. Written only there.
    """

    body = models.ForeignKey("org.Body", verbose_name=_("body"), on_delete=models.CASCADE,
                             related_name="+")
    procedure = models.CharField(pgettext_lazy("case", "procedure"), max_length=40)
    state = models.CharField(pgettext_lazy("case", "state"), max_length=10)
    cases = models.IntegerField(_("cases counted"), default=0)
    penalties = models.IntegerField(_("penalties decided with a fine"), default=0)
    fines_fen = models.BigIntegerField(_("fines decided (fen)"), default=0)

    objects = ComplaintQuerySet.as_manager()  # the same scope: by body

    class Meta:
        verbose_name = _("case tally")
        verbose_name_plural = _("case tallies")
        constraints = [models.UniqueConstraint(fields=["body", "procedure", "state"],
                                               name="one_case_tally_per_bucket")]

    def __str__(self):
        return f"{self.body_id} {self.procedure} {self.state}: {self.cases}"


class CaseMonthTally(models.Model):
    """Cases per body and month for the trend charts (R-SUP-01, ADR 0028): opened in the
    month (by ``opened_on``), decided in it (by ``decided_on``) and the fines decided in it.
    Maintained and checked with ``CaseTally``."""

    body = models.ForeignKey("org.Body", verbose_name=_("body"), on_delete=models.CASCADE,
                             related_name="+")
    month = models.DateField(_("first day of the month"))
    opened = models.IntegerField(_("cases opened in the month"), default=0)
    decided = models.IntegerField(_("decisions in the month"), default=0)
    fines_fen = models.BigIntegerField(_("fines decided (fen)"), default=0)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("case tally by month")
        verbose_name_plural = _("case tallies by month")
        constraints = [models.UniqueConstraint(fields=["body", "month"],
                                               name="one_case_tally_per_body_month")]
        indexes = [models.Index(fields=["month", "body"])]

    def __str__(self):
        return f"{self.body_id} {self.month:%Y-%m}: {self.opened}"
