"""What the discretion assistant records (R-AST-01, R-AST-02, R-AST-04).

``FactorRecord``: the factors an officer recorded on a case (the newest one counts); each is
a ledger event. ``Assessment``: the check made when a step proposes or decides a penalty —
the suggestion at that moment, the level and fine applied, the flags and the officer's
reason. Written by the case engine in the step's own transaction, never edited; the review
pages, the decision's 裁量说明 and the 同案不同罚 statistics read it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.models import Case, StepRecord
from sanxiang.cases.querysets import _filter
from sanxiang.org.models import Body, Officer


class FactorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _filter(self, user, "case__body")


class FactorRecord(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="discretion_factors")
    item_code = models.CharField(_("item code"), max_length=40)
    violation = models.CharField(_("violation"), max_length=300)
    values = models.JSONField(_("factors recorded"), default=dict)
    base_amount = models.DecimalField(_("illegal gains or value of the goods (yuan)"),
                                      max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    ledger_seq = models.BigIntegerField(null=True, blank=True)

    objects = FactorQuerySet.as_manager()

    class Meta:
        verbose_name = _("discretion factors of a case")
        verbose_name_plural = _("discretion factors of cases")
        indexes = [models.Index(fields=["case", "-id"], name="disc_factor_case_idx")]

    def __str__(self):
        return f"{self.case} · {self.violation}"


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _filter(self, user, "body")


class Assessment(models.Model):
    class Stage(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        NOTIFIED = "notified", _("notified")
        DECIDED = "decided", _("decided")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT,
                             related_name="discretion_assessments")
    step_record = models.OneToOneField(StepRecord, verbose_name=_("step"),
                                       on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    # Copied from the case so the 同案不同罚 groups are one indexed GROUP BY.
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT,
                             related_name="+")
    officer = models.ForeignKey(Officer, verbose_name=_("officer in charge"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="+")
    item_code = models.CharField(_("item code"), max_length=40)
    violation = models.CharField(_("violation"), max_length=300, blank=True)
    level = models.CharField(_("circumstance level applied"), max_length=10, blank=True)
    suggested_level = models.CharField(_("suggested level"), max_length=10, blank=True)
    low = models.DecimalField(_("lowest suggested fine"), max_digits=14, decimal_places=2,
                              null=True, blank=True)
    high = models.DecimalField(_("highest suggested fine"), max_digits=14, decimal_places=2,
                               null=True, blank=True)
    fine = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, null=True,
                               blank=True)
    flags = models.JSONField(_("flags"), default=list)
    flagged = models.BooleanField(_("outside the benchmark"), default=False)
    reason = models.TextField(_("reason given"), blank=True)
    computation = models.JSONField(_("computation"), default=dict)
    on = models.DateField(_("date"))

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("discretion check")
        verbose_name_plural = _("discretion checks")
        indexes = [
            models.Index(fields=["stage", "item_code", "level", "fine"],
                         name="disc_group_idx"),
            models.Index(fields=["case", "-id"], name="disc_case_idx"),
        ]

    def __str__(self):
        return f"{self.case} · {self.get_stage_display()}"

    @property
    def level_display(self) -> str:
        from sanxiang.discretion.gate import level_name

        return level_name(self.level) if self.level else ""
