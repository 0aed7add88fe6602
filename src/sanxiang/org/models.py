from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.org.querysets import BodyQuerySet, OfficerQuerySet, ScopedUserManager


class Body(models.Model):
    """An enforcement body (执法主体), R-ORG-01."""

    class Nature(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("administrative organ")
        INSTITUTION = "institution", _("public institution")
        OTHER = "other", _("other organization")

    class SubjectKind(models.TextChoices):
        STATUTORY = "statutory", _("statutory subject")
        AUTHORISED = "authorised", _("authorised subject")
        ENTRUSTED = "entrusted", _("entrusted subject")

    class Funding(models.TextChoices):
        FULL = "full", _("fully funded by the budget")
        PARTIAL = "partial", _("partly funded by the budget")
        SELF = "self", _("self-funded")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    subject_kind = models.CharField(
        _("kind of subject"), max_length=20, choices=SubjectKind.choices
    )
    funding = models.CharField(_("funding source"), max_length=20, choices=Funding.choices)
    staffing = models.PositiveIntegerField(_("authorised staffing"), default=0)
    duties = models.TextField(_("duties and powers"), blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    address = models.CharField(_("address"), max_length=200)
    complaint_phone = models.CharField(_("complaint and report phone"), max_length=40)
    supervising_body = models.CharField(_("supervising body"), max_length=100, blank=True)
    region_code = models.CharField(_("region code"), max_length=6, db_index=True)
    entrusting_body = models.ForeignKey(
        "self",
        verbose_name=_("entrusting body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entrusted_bodies",
    )
    entrustment_agreement = models.CharField(_("entrustment agreement"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement body")
        verbose_name_plural = _("enforcement bodies")
        ordering = ["region_code", "name"]

    def __str__(self):
        return self.name


class EnforcementField(models.Model):
    """An enforcement category (执法类别) such as 安全生产 or 市场监管."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("enforcement category")
        verbose_name_plural = _("enforcement categories")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Officer(models.Model):
    """An enforcement officer (执法人员), R-ORG-02."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in service")
        LEFT = "left", _("left")

    name = models.CharField(_("full name"), max_length=50, db_index=True)
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="officers"
    )
    post = models.CharField(_("post"), max_length=50)
    fields = models.ManyToManyField(
        EnforcementField, verbose_name=_("enforcement categories"), related_name="officers"
    )
    areas = models.CharField(_("enforcement areas"), max_length=200)
    legal_qualification = models.BooleanField(_("holds legal professional qualification"),
                                              default=False)
    is_reviewer = models.BooleanField(_("legal reviewer"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Private: never shown on the portal (R-ORG-06).
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("enforcement officer")
        verbose_name_plural = _("enforcement officers")
        ordering = ["body", "name"]
        indexes = [models.Index(fields=["body", "status", "is_reviewer"])]

    def __str__(self):
        return self.name

    @property
    def current_certificate(self):
        return self.certificates.filter(cancelled_on__isnull=True).order_by("-expires_on").first()


class Certificate(models.Model):
    """An enforcement certificate (执法证). Cancelled, never deleted, when the officer leaves."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    issued_by = models.CharField(_("issued by"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancellation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("enforcement certificate")
        verbose_name_plural = _("enforcement certificates")
        ordering = ["-expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            )
        ]

    def __str__(self):
        return self.number


class CertificateValidity(models.Model):
    """A run of days on which a certificate is valid for the public register (R-ORG-06).

    Derived data, written only by ``sanxiang.org.validity.refresh`` inside the actions that
    change what validity depends on; the pages compare the stored dates with today.
    """

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.CASCADE,
        related_name="validity",
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="+",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("certificate validity")
        verbose_name_plural = _("certificate validity")
        indexes = [
            # The public question: is this certificate valid today?
            models.Index(fields=["certificate", "valid_until", "valid_from"],
                         name="org_validity_on_day"),
            models.Index(fields=["officer"], name="org_validity_officer"),
        ]

    def __str__(self):
        return f"{self.certificate_id} {self.valid_from}–{self.valid_until}"


class AnnualInspection(models.Model):
    """The yearly check (年度审验) of a certificate."""

    class Result(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT,
        related_name="inspections",
    )
    year = models.PositiveSmallIntegerField(_("year inspected"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    inspected_on = models.DateField(_("inspected on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("annual inspection")
        verbose_name_plural = _("annual inspections")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "year"], name="one_inspection_a_year")
        ]

    def __str__(self):
        return f"{self.certificate} {self.year} {self.get_result_display()}"


class User(AbstractUser):
    """A staff account. Roles are groups (``sanxiang.org.roles``); scope is body or region."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    officer = models.OneToOneField(
        Officer, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="user",
    )
    # For supervisors: the GB/T 2260 region prefix they oversee ("1301" = a city).
    jurisdiction = models.CharField(_("jurisdiction region code"), max_length=6, blank=True)
    # Set when an administrator sets or resets the password: the user must choose their own
    # at the next login, so no administrator goes on knowing it.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
