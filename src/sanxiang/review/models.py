"""The legal review of a major decision (重大执法决定法制审核) and collective discussion.

A ``Submission`` is one round of review: what the handling unit sent, who reviewed it, each
item's finding and the outcome with its written opinion (R-REV-04 … R-REV-06). A
resubmission is a new row pointing at the round before. A ``Discussion`` is the record of
a collective discussion by the body's heads (集体讨论, R-REV-08). Rows are written only by
``sanxiang.review.actions``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.cases.querysets import CaseRecordQuerySet


class Submission(models.Model):
    class State(models.TextChoices):
        RETURNED = "returned", pgettext_lazy("review", "returned as incomplete")
        PENDING = "pending", pgettext_lazy("review", "awaiting a reviewer")
        REVIEWING = "reviewing", pgettext_lazy("review", "under review")
        DECIDED = "decided", pgettext_lazy("review", "decided")

    class Outcome(models.TextChoices):
        NONE = "", pgettext_lazy("review", "not decided")
        PASSED = "passed", pgettext_lazy("review", "approved")
        REVISE = "revise", pgettext_lazy("review", "revise and resubmit")
        REJECTED = "rejected", pgettext_lazy("review", "not approved")

    class Answer(models.TextChoices):
        NONE = "", pgettext_lazy("review", "not answered")
        ACCEPTED = "accepted", pgettext_lazy("review", "accepted by the handling unit")
        DISAGREED = "disagreed", pgettext_lazy("review", "disputed by the handling unit")

    case = models.ForeignKey("cases.Case", verbose_name=pgettext_lazy("review", "case"),
                             on_delete=models.PROTECT, related_name="review_submissions")
    round = models.PositiveSmallIntegerField(pgettext_lazy("review", "round"))
    previous = models.OneToOneField("self", verbose_name=_("previous round"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="next_round")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_on = models.DateField(_("submitted on"))
    received_on = models.DateField(_("received by the legal unit on"), null=True, blank=True)
    materials = models.JSONField(_("materials"), default=dict)
    missing = models.JSONField(_("missing materials"), default=list)
    state = models.CharField(pgettext_lazy("review", "state"), max_length=10,
                             choices=State.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    extension_workdays = models.PositiveSmallIntegerField(_("extension (working days)"),
                                                          default=0)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300,
                                        blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("extension approved by"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+")
    extension_approved_on = models.DateField(_("extension approved on"), null=True,
                                             blank=True)
    findings = models.JSONField(_("findings"), default=dict)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices,
                               blank=True, default="")
    opinion = models.TextField(_("review opinion"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    opinion_document = models.ForeignKey("cases.Document", verbose_name=_("opinion document"),
                                         null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    answer = models.CharField(_("answer of the handling unit"), max_length=10,
                              choices=Answer.choices, blank=True, default="")
    answer_reason = models.TextField(_("reasons of the answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The case's legal_review step this round closed (passed, or a rejection answered).
    step_record = models.OneToOneField("cases.StepRecord", verbose_name=_("step record"),
                                       null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="review_submission")
    ledger_seq = models.BigIntegerField(_("ledger sequence"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("review submission")
        verbose_name_plural = _("review submissions")
        ordering = ["case", "round"]
        constraints = [models.UniqueConstraint(fields=["case", "round"],
                                               name="review_one_round_number")]
        indexes = [models.Index(fields=["state", "received_on"])]

    def __str__(self):
        return f"{self.case} · {self.round}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.PENDING, self.State.REVIEWING)


class Discussion(models.Model):
    class Reason(models.TextChoices):
        DISAGREEMENT = "disagreement", _("the handling unit disputes the review opinion")
        COMPLEX = "complex", _("difficult or complex case")
        SERIOUS = "serious", _("serious case or major rights affected")

    case = models.ForeignKey("cases.Case", verbose_name=pgettext_lazy("review", "case"),
                             on_delete=models.PROTECT, related_name="discussions")
    held_on = models.DateField(_("held on"))
    reason = models.CharField(pgettext_lazy("review", "reason"), max_length=15,
                              choices=Reason.choices)
    # 主持人, 列席人员 and 记录人: a record of the discussion names who presided, who sat in
    # without a vote and who kept the record (R-REV-08); each attendee row carries whether
    # the attendee checked and signed the record (``signed``).
    chair = models.CharField(_("presided by"), max_length=50, blank=True)
    attendees = models.JSONField(_("attendees"), default=list)
    observers = models.JSONField(_("sitting in"), default=list, blank=True)
    recorder = models.CharField(_("record kept by"), max_length=50, blank=True)
    opinions = models.JSONField(_("opinions"), default=list)
    conclusion = models.TextField(_("conclusion"))
    document = models.ForeignKey("cases.Document", verbose_name=_("discussion record"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    step_record = models.OneToOneField("cases.StepRecord", verbose_name=_("step record"),
                                       null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="discussion")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    ledger_seq = models.BigIntegerField(_("ledger sequence"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective discussion")
        verbose_name_plural = _("collective discussions")
        ordering = ["case", "held_on", "id"]

    def __str__(self):
        return f"{self.case} · {self.held_on}"
