"""The register in the Django admin: every save goes through ``sanxiang.org.actions``.

The forms check the same rules as the actions (``sanxiang.org.validation``), so a mistake
shows at its field and nothing is written. A rule that only the action can see (a change by
someone else meanwhile, a right the user lacks) comes back as a ``RuleViolation``: the admin
shows its message above the form, with what was typed kept — never a server error. Nothing
is deleted here: officers leave, certificates are cancelled, accounts are deactivated.

Who sees what: superusers and 系统管理员 with no body everything; a 系统管理员 tied to a body
their own body (``visible_to``).
"""

from contextvars import ContextVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core.errors import RuleViolation
from sanxiang.core.forms import ModelMultipleChoiceField
from sanxiang.org import actions, permissions, validation
from sanxiang.org.models import AnnualInspection, Body, Certificate, EnforcementField, Officer, User
from sanxiang.org.qualification import ReviewerRules, with_reviewer_counts
from sanxiang.org.roles import Role, roles_of

admin.site.site_header = gettext_lazy("Three Systems Enforcement Platform")
# Authenticators are enrolled by their holders and reset by the account action below; an
# administrator never sees or sets a TOTP secret (it would let them pass as the holder).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.site_title = gettext_lazy("Three Systems Enforcement Platform")
admin.site.index_title = gettext_lazy("Administration")


def _add_problems(form, problems) -> None:
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


def _adopt(obj, saved) -> None:
    """Make the admin's in-memory object the row the action saved (for the log, redirect)."""
    obj.pk = saved.pk
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class ConcurrencyFormMixin(forms.Form):
    """Carries the ``updated_at`` the editor saw, so a concurrent change is refused."""

    # Hidden, but the admin still prints its label in the page.
    expected_updated_at = forms.CharField(label=gettext_lazy("Last changed when opened"),
                                          widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(self.instance, "pk", None):
            self.fields["expected_updated_at"].initial = self.instance.updated_at.isoformat()


class RegisterAdmin(admin.ModelAdmin):
    """Rights by role, no deletion, and rule violations shown instead of raised."""

    def has_module_permission(self, request):
        return permissions.is_register_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_register_admin(request.user)

    def has_add_permission(self, request):
        return permissions.is_register_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_register_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RuleViolation as violation:
            # The form's checks passed but the action refused (someone else's change meanwhile,
            # a missing right): the transaction was rolled back. A reload would drop what the
            # person typed, so the same POST is shown again with the refusal as the form's
            # error (``get_form``): that second pass fails validation and writes nothing.
            if request.method != "POST" or getattr(request, "register_refused", None):
                self.message_user(request, violation.message, messages.ERROR)
                return HttpResponseRedirect(request.get_full_path())
            request.register_refused = violation  # per request: admin instances are shared
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refused = getattr(request, "register_refused", None)
        if refused is None:
            return form

        class RefusedForm(form):
            def clean(self):
                cleaned = super().clean()
                field = refused.details.get("field")
                field = field if field in self.fields else None
                self.add_error(field, refused.message)
                return cleaned

        RefusedForm.__name__ = form.__name__
        return RefusedForm

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Django's own field passes a forged id no column can hold (an officer's fields
        # "99999999999999999999") to the database: a 500 on SQLite. Ours says it in Chinese.
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # Relations are written by the actions, not by form.save_m2m(). The inlines are
        # read-only: saving their formsets writes nothing but completes the admin's log.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def visible_bodies(self, request):
        return Body.objects.visible_to(request.user)


class ImmutableAfterCreationAdmin(RegisterAdmin):
    """Rows that are recorded once and then only viewed (or changed by admin actions)."""

    def has_change_permission(self, request, obj=None):
        return obj is None and permissions.is_register_admin(request.user)


class DateAndReasonForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=150)


def _date_and_reason_action(modeladmin, request, queryset, *, title, apply, success):
    """An admin action that asks for a date and a reason first (the pattern of Django's
    delete confirmation), then applies ``apply(obj, on, reason)`` to each selected row."""
    form = DateAndReasonForm(request.POST if "apply" in request.POST else None,
                             initial={"on": timezone.localdate()})
    if "apply" in request.POST and form.is_valid():
        done = 0
        for obj in queryset:
            try:
                apply(obj, form.cleaned_data["on"], form.cleaned_data["reason"])
            except RuleViolation as violation:
                modeladmin.message_user(request, f"{obj}：{violation.message}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/org/date_and_reason.html", context)


# --------------------------------------------------------------------------------------
# Bodies


class BodyForm(ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = actions.BODY_FIELDS

    def clean_credit_code(self):
        code, problem = validation.normalise_credit_code(self.cleaned_data.get("credit_code"))
        if problem:
            raise forms.ValidationError(problem.message)
        return code

    def validate_unique(self):
        # Uniqueness is checked in clean(), with the register's own messages.
        pass

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        merged = {name: data.get(name) for name in actions.BODY_FIELDS}
        merged["staffing"] = merged["staffing"] or 0
        merged["pk"] = self.instance.pk
        _add_problems(self, validation.body_problems(merged))
        _add_problems(self, validation.body_duplicates(merged, exclude_pk=self.instance.pk))
        return data


class ShortfallFilter(admin.SimpleListFilter):
    title = gettext_lazy("legal reviewers")
    parameter_name = "reviewers"

    def lookups(self, request, model_admin):
        return [("none", gettext_lazy("no legal reviewer"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(reviewer_count=0)
        return queryset


class BodyChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # The rulebook's ratio and minimum for the page's bodies: one query per key.
        rules = ReviewerRules([b.pk for b in self.result_list])
        for body in self.result_list:
            body.reviewer_assessment = rules.assess(body, body.officer_count,
                                                    body.reviewer_count)


@admin.register(Body)
class BodyAdmin(RegisterAdmin):
    form = BodyForm
    list_display = ("name", "credit_code", "subject_kind", "region_code", "officer_count",
                    "reviewer_count", "reviewer_ratio", "reviewer_shortfall")
    list_filter = ("subject_kind", "nature", ShortfallFilter)
    search_fields = ("name", "short_name", "credit_code", "region_code")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "credit_code", "nature", "subject_kind",
                           "funding", "staffing", "region_code", "expected_updated_at")}),
        (gettext_lazy("Duties and contacts"), {"fields": (
            "duties", "legal_representative", "address", "complaint_phone",
            "supervising_body")}),
        (gettext_lazy("Entrustment"), {"fields": ("entrusting_body", "entrustment_agreement")}),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        # R-ORG-05 counts come with the page's one query, not one query per row.
        return with_reviewer_counts(self.visible_bodies(request))

    def has_add_permission(self, request):
        return permissions.is_global_admin(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "entrusting_body":
            kwargs["queryset"] = Body.objects.exclude(subject_kind=Body.SubjectKind.ENTRUSTED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return BodyChangeList

    def _assessment(self, obj):
        assessment = getattr(obj, "reviewer_assessment", None)
        if assessment is None:  # outside the change list (never in a loop)
            assessment = ReviewerRules([obj.pk]).assess(obj, obj.officer_count,
                                                        obj.reviewer_count)
        return assessment

    @admin.display(description=gettext_lazy("officers"), ordering="officer_count")
    def officer_count(self, obj):
        return obj.officer_count

    @admin.display(description=gettext_lazy("legal reviewers"), ordering="reviewer_count")
    def reviewer_count(self, obj):
        return obj.reviewer_count

    @admin.display(description=gettext_lazy("reviewer ratio"))
    def reviewer_ratio(self, obj):
        ratio = self._assessment(obj)
        return _("%(percent).1f%% (at least %(required)d)") % {
            "percent": ratio.ratio * 100, "required": ratio.required}

    @admin.display(description=gettext_lazy("reviewers sufficient"), boolean=True)
    def reviewer_shortfall(self, obj):
        return not self._assessment(obj).shortfall

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in actions.BODY_FIELDS}
        if change:
            changes = {name: data[name] for name in form.changed_data if name in data}
            saved = actions.update_body(
                body=obj, acting_user=request.user,
                expected_updated_at=form.cleaned_data.get("expected_updated_at") or None,
                **changes)
        else:
            saved = actions.create_body(acting_user=request.user, **data)
        _adopt(obj, saved)


# --------------------------------------------------------------------------------------
# Categories


class EnforcementFieldForm(forms.ModelForm):
    class Meta:
        model = EnforcementField
        fields = ("code", "name")

    def validate_unique(self):
        pass

    def clean(self):
        data = super().clean()
        if not self.errors:
            _add_problems(self, validation.field_problems(
                (data.get("code") or "").strip().upper(), (data.get("name") or "").strip()))
        return data


@admin.register(EnforcementField)
class EnforcementFieldAdmin(ImmutableAfterCreationAdmin):
    form = EnforcementFieldForm
    list_display = ("code", "name")
    search_fields = ("code", "name")

    def has_add_permission(self, request):
        return permissions.is_global_admin(request.user)

    def save_model(self, request, obj, form, change):
        _adopt(obj, actions.create_enforcement_field(
            acting_user=request.user, code=form.cleaned_data["code"],
            name=form.cleaned_data["name"]))


# --------------------------------------------------------------------------------------
# Officers, certificates, inspections


class OfficerForm(ConcurrencyFormMixin, forms.ModelForm):
    class Meta:
        model = Officer
        fields = ("name", "body", "post", "fields", "areas", "legal_qualification",
                  "is_reviewer", "phone")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        merged = {name: data.get(name) for name in self.Meta.fields}
        merged["fields"] = list(data.get("fields") or [])
        merged["status"] = self.instance.status if self.instance.pk else Officer.Status.ACTIVE
        _add_problems(self, validation.officer_problems(merged))
        return data


class CertificateInline(admin.TabularInline):
    model = Certificate
    fields = ("number", "issued_by", "issued_on", "expires_on", "cancelled_on",
              "cancel_reason")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.is_register_admin(request.user)


@admin.register(Officer)
class OfficerAdmin(RegisterAdmin):
    form = OfficerForm
    inlines = [CertificateInline]
    list_display = ("name", "body", "post", "status", "is_reviewer", "legal_qualification")
    list_filter = ("status", "is_reviewer", "legal_qualification", "fields")
    list_select_related = ("body",)
    search_fields = ("name", "certificates__number", "body__name")
    readonly_fields = ("status", "left_on", "created_at", "updated_at")
    filter_horizontal = ("fields",)
    actions = ["leave"]
    fieldsets = (
        (None, {"fields": ("name", "body", "post", "fields", "areas", "expected_updated_at")}),
        (gettext_lazy("Qualification"), {"fields": ("legal_qualification", "is_reviewer")}),
        (gettext_lazy("Internal"), {"fields": ("phone",)}),
        (gettext_lazy("Record"), {"fields": ("status", "left_on", "created_at",
                                             "updated_at")}),
    )

    def get_queryset(self, request):
        return Officer.objects.visible_to(request.user).select_related("body")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = self.visible_bodies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in OfficerForm.Meta.fields}
        data["field_codes"] = [f.code for f in data.pop("fields") or []]
        if change:
            changes = {name: data[name] for name in form.changed_data if name in data}
            if "fields" in form.changed_data:
                changes["field_codes"] = data["field_codes"]
            saved = actions.update_officer(
                officer=obj, acting_user=request.user,
                expected_updated_at=form.cleaned_data.get("expected_updated_at") or None,
                **changes)
        else:
            saved = actions.create_officer(acting_user=request.user, **data)
        _adopt(obj, saved)

    @admin.action(description=gettext_lazy("Register departure (cancels certificates)"))
    def leave(self, request, queryset):
        return _date_and_reason_action(
            self, request, queryset, title=_("Register departure"),
            apply=lambda officer, on, reason: actions.officer_leaves(
                officer=officer, acting_user=request.user, on=on, reason=reason),
            success=_("%(count)d officers registered as left; their certificates are "
                      "cancelled."))


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ("officer", "number", "issued_by", "issued_on", "expires_on")

    def validate_unique(self):
        pass

    def _post_clean(self):
        # The model's check constraint is the action's rule too; report it once, from clean().
        pass

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        values = {name: data.get(name) for name in self.Meta.fields}
        values["number"] = (values["number"] or "").strip()
        problems = validation.certificate_problems(values)
        duplicate = validation.certificate_duplicate(values["number"])
        if duplicate:
            problems.append(duplicate)
        _add_problems(self, problems)
        return data


@admin.register(Certificate)
class CertificateAdmin(ImmutableAfterCreationAdmin):
    form = CertificateForm
    list_display = ("number", "officer", "officer_body", "issued_on", "expires_on",
                    "cancelled_on")
    list_select_related = ("officer__body",)
    search_fields = ("number", "officer__name")
    list_filter = ("cancelled_on",)
    actions = ["cancel"]
    readonly_fields = ("cancelled_on", "cancel_reason")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            officer__body__in=self.visible_bodies(request))

    def get_fields(self, request, obj=None):
        return (*CertificateForm.Meta.fields, *(() if obj is None else self.readonly_fields))

    @admin.display(description=gettext_lazy("body"), ordering="officer__body__name")
    def officer_body(self, obj):
        return obj.officer.body

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            kwargs["queryset"] = Officer.objects.visible_to(request.user).active()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in CertificateForm.Meta.fields}
        _adopt(obj, actions.issue_certificate(acting_user=request.user, **data))

    @admin.action(description=gettext_lazy("Cancel certificates"))
    def cancel(self, request, queryset):
        return _date_and_reason_action(
            self, request, queryset, title=_("Cancel certificates"),
            apply=lambda certificate, on, reason: actions.cancel_certificate(
                certificate=certificate, acting_user=request.user, on=on, reason=reason),
            success=_("%(count)d certificates cancelled."))


class AnnualInspectionForm(forms.ModelForm):
    class Meta:
        model = AnnualInspection
        fields = ("certificate", "year", "result", "inspected_on", "note")

    def validate_unique(self):
        pass

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        certificate = data["certificate"]
        problems = validation.inspection_problems(
            certificate, year=data["year"], result=data["result"],
            inspected_on=data["inspected_on"])
        if certificate.inspections.filter(year=data["year"]).exists():
            problems.append(validation.Problem("year", _(
                "The annual inspection of certificate %(number)s for %(year)d is already "
                "recorded.") % {"number": certificate.number, "year": data["year"]}))
        _add_problems(self, problems)
        return data


@admin.register(AnnualInspection)
class AnnualInspectionAdmin(ImmutableAfterCreationAdmin):
    form = AnnualInspectionForm
    list_display = ("certificate", "year", "result", "inspected_on")
    list_filter = ("result", "year")
    list_select_related = ("certificate",)
    search_fields = ("certificate__number", "certificate__officer__name")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            certificate__officer__body__in=self.visible_bodies(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "certificate":
            kwargs["queryset"] = Certificate.objects.filter(
                officer__body__in=self.visible_bodies(request), cancelled_on__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in AnnualInspectionForm.Meta.fields}
        _adopt(obj, actions.record_annual_inspection(acting_user=request.user, **data))


# --------------------------------------------------------------------------------------
# Accounts: roles are groups, set only through the actions


_acting_user: ContextVar = ContextVar("sanxiang_admin_acting_user", default=None)


def _role_field():
    return forms.MultipleChoiceField(label=gettext_lazy("roles"), choices=Role.choices,
                                     required=False, widget=forms.CheckboxSelectMultiple)


class AccountFormMixin(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("full name"), max_length=150)
    roles = _role_field()

    def check_account(self, data) -> None:
        officer = data.get("officer")
        body = data.get("body") or (officer.body if officer is not None else None)
        _add_problems(self, validation.account_problems(
            roles=data.get("roles") or [], body=body, officer=officer,
            jurisdiction=(data.get("jurisdiction") or "").strip()))


class UserAddForm(AccountFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "body", "officer", "jurisdiction")

    def validate_unique(self):
        # The officer link is checked by the account rules, with the register's messages.
        pass

    def clean(self):
        data = super().clean()
        if not self.errors:
            self.check_account(data)
        return data


class UserEditForm(AccountFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("password", "email", "body", "officer", "jurisdiction")

    def validate_unique(self):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].initial = self.instance.get_full_name()
        self.fields["roles"].initial = sorted(roles_of(self.instance))

    def clean(self):
        data = super().clean()
        if not self.errors:
            if data.get("officer") is not None and User.objects.filter(
                    officer=data["officer"]).exclude(pk=self.instance.pk).exists():
                self.add_error("officer", _("%(name)s already has an account.")
                               % {"name": data["officer"].name})
            self.check_account(data)
        return data


class PasswordForm(AdminPasswordChangeForm):
    """Sets the password through ``actions.set_password`` (one ledger event, no hash)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = True
        self.fields["password2"].required = True

    def save(self, commit=True):
        saved = actions.set_password(user=self.user, acting_user=_acting_user.get(),
                                     password=self.cleaned_data["password1"])
        self.user.password = saved.password
        return self.user


@admin.register(User)
class UserAdmin(DjangoUserAdmin, RegisterAdmin):
    form = UserEditForm
    add_form = UserAddForm
    change_password_form = PasswordForm
    list_display = ("username", "full_name", "body", "role_names", "is_active")
    list_filter = ("is_active", "groups")
    list_select_related = ("body",)
    search_fields = ("username", "first_name", "last_name", "body__name")
    ordering = ("username",)
    readonly_fields = ("is_active", "is_superuser", "must_change_password", "last_login",
                       "date_joined")
    actions = ["reset_passwords", "reset_second_factor", "deactivate"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Person"), {"fields": ("full_name", "email")}),
        (gettext_lazy("Roles and scope"), {"fields": ("roles", "body", "officer",
                                                       "jurisdiction")}),
        (gettext_lazy("Status"), {"fields": ("is_active", "is_superuser",
                                             "must_change_password", "last_login",
                                             "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "full_name", "password1", "password2")}),
        (gettext_lazy("Roles and scope"), {"fields": ("roles", "body", "officer",
                                                       "jurisdiction")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("username", *self.readonly_fields) if obj is not None else ()

    def get_queryset(self, request):
        return User.objects.visible_to(request.user).select_related("body").prefetch_related(
            "groups")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not permissions.is_global_admin(request.user):
            choices = [(r.value, r.label) for r in Role if r in permissions.BODY_ROLES]
            form.base_fields["roles"] = forms.MultipleChoiceField(
                label=gettext_lazy("roles"), choices=choices, required=False,
                widget=forms.CheckboxSelectMultiple)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["queryset"] = self.visible_bodies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            kwargs["queryset"] = Officer.objects.visible_to(request.user).active().select_related(
                "body")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("full name"), ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=gettext_lazy("roles"))
    def role_names(self, obj):
        return "、".join(g.name for g in obj.groups.all())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        roles = data.get("roles") or []
        if not change:
            saved = actions.create_user(
                acting_user=request.user, username=data["username"],
                password=data["password1"], full_name=data["full_name"], roles=roles,
                body=data.get("body"), officer=data.get("officer"),
                jurisdiction=data.get("jurisdiction") or "")
        else:
            changes = {name: data.get(name) for name in ("email", "body", "officer",
                                                         "jurisdiction")
                       if name in form.changed_data}
            if "full_name" in form.changed_data:
                changes["full_name"] = data["full_name"]
            saved = obj
            if changes:
                saved = actions.update_user(user=obj, acting_user=request.user, **changes)
            if sorted(roles) != sorted(roles_of(saved)):
                saved = actions.set_roles(user=saved, acting_user=request.user, roles=roles)
        _adopt(obj, saved)

    def user_change_password(self, request, id, form_url=""):
        token = _acting_user.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _acting_user.reset(token)

    def _account_reset(self, request, queryset, *, title, explanation, apply, done_text,
                       value_heading):
        """Confirm first (like deletion); then apply to each account and show the outcome
        on the page itself, never in a message: a temporary password is not stored."""
        context = {**self.admin_site.each_context(request), "title": title,
                   "explanation": explanation, "queryset": queryset, "opts": self.model._meta,
                   "action": request.POST.get("action"),
                   "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        if "apply" in request.POST:
            results = []
            for user in queryset:
                try:
                    results.append((user.get_username(), apply(user)))
                except RuleViolation as violation:
                    self.message_user(request, f"{user}：{violation.message}", messages.ERROR)
            if not results:
                return None
            context |= {"results": results, "done_text": done_text,
                        "value_heading": value_heading}
        response = TemplateResponse(request, "admin/org/account_reset.html", context)
        response.headers["Cache-Control"] = "no-store"
        return response

    @admin.action(description=gettext_lazy("Reset passwords (temporary, to be changed at "
                                           "first login)"))
    def reset_passwords(self, request, queryset):
        return self._account_reset(
            request, queryset, title=_("Reset passwords"),
            explanation=_("Each account gets a random temporary password, shown once on the "
                          "next page. Hand it to its holder: at the first login they must "
                          "choose their own, so nobody else goes on knowing it."),
            apply=lambda user: actions.reset_password(user=user, acting_user=request.user)[1],
            done_text=_("Temporary passwords (shown only now; each holder must change it at "
                        "the first login):"),
            value_heading=_("Temporary password"))

    @admin.action(description=gettext_lazy("Reset second factor (lost authenticator)"))
    def reset_second_factor(self, request, queryset):
        return self._account_reset(
            request, queryset, title=_("Reset second factor"),
            explanation=_("The authenticators of these accounts are removed: at the next "
                          "login, after the password, each holder enrols a new one."),
            apply=lambda user: _("removed") if actions.reset_second_factor(
                user=user, acting_user=request.user) else "",
            done_text=_("Second factor reset:"), value_heading=_("Authenticator"))

    @admin.action(description=gettext_lazy("Deactivate accounts"))
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                actions.deactivate_user(user=user, acting_user=request.user)
            except RuleViolation as violation:
                self.message_user(request, f"{user}：{violation.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d accounts deactivated.") % {"count": done},
                              messages.SUCCESS)
