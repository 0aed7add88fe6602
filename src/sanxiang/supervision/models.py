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
