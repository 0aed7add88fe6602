"""Admin for the core app: calendar years and rulebook entries, read-only.

Both change only through actions; here a calendar year is loaded from its file by
``load_calendar_year``, which checks who may do it and writes the ledger.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sanxiang.calendar import workdays
from sanxiang.calendar.files import CalendarFileError, changed_days, parse_year_file
from sanxiang.core import rulebook
from sanxiang.core.actions import load_calendar_year
from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import AccessEntry, CalendarYear, RulebookEntry
from sanxiang.org.roles import Role, has_role

# A year's file is a few kilobytes; anything much larger is not one.
MAX_CALENDAR_FILE_BYTES = 256 * 1024


class CalendarFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Holiday schedule file (TOML)"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Or paste the file's content"), required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError(_("Choose a file or paste its content."))
        if upload is not None:
            if upload.size > MAX_CALENDAR_FILE_BYTES:
                raise forms.ValidationError(_("The file is too large to be a holiday schedule."))
            try:
                data["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
            data["source_name"] = upload.name
        else:
            data["content"], data["source_name"] = text, ""
        return data


DAY_KIND_LABELS = {
    workdays.DayKind.WORKDAY: gettext_lazy("working day"),
    workdays.DayKind.MAKEUP_WORKDAY: gettext_lazy("make-up working day"),
    workdays.DayKind.HOLIDAY: gettext_lazy("holiday rest day"),
    workdays.DayKind.REST_DAY: gettext_lazy("weekend"),
}


def is_system_admin(user) -> bool:
    return bool(user.is_active and (user.is_superuser or has_role(user, Role.ADMIN)))


class ReadOnlyAdmin(admin.ModelAdmin):
    # The 系统管理员 role sees the calendar and the rulebook (the admin index lists them);
    # Django's per-model permissions are not used by the platform's roles.
    def has_module_permission(self, request):
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "source", "holiday_count", "days_off_count", "makeup_count",
                    "loaded_at", "loaded_by")
    fields = ("year", "source", "schedule", "loaded_at", "loaded_by")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("number of holidays"))
    def holiday_count(self, obj):
        return len({obj.holiday_names.get(day) for day in obj.days_off})

    @admin.display(description=gettext_lazy("number of rest days"))
    def days_off_count(self, obj):
        return len(obj.days_off)

    @admin.display(description=gettext_lazy("number of make-up working days"))
    def makeup_count(self, obj):
        return len(obj.makeup_workdays)

    @admin.display(description=gettext_lazy("schedule"))
    def schedule(self, obj):
        return "\n".join(workdays.loaded_calendar(obj).summary_lines())

    def get_urls(self):
        load = path("load/", self.admin_site.admin_view(self.load_view),
                    name="core_calendaryear_load")
        return [load, *super().get_urls()]

    def may_load(self, request) -> bool:
        return is_system_admin(request.user)

    def changelist_view(self, request, extra_context=None):
        # R-CAL-01: the administrator is told which years still need their schedule.
        this_year = timezone.localdate().year
        for year in workdays.unknown_years([this_year, this_year + 1]):
            messages.warning(request, _(
                "The holiday schedule for %(year)s has not been loaded: deadlines that reach "
                "into %(year)s are provisional. Load the State Council's notice for %(year)s.")
                % {"year": year})
        context = {**(extra_context or {}), "may_load": self.may_load(request)}
        return super().changelist_view(request, extra_context=context)

    def load_view(self, request):
        """Two steps: the file is checked and the days it changes are shown (preview); the
        administrator then confirms, and only then is it loaded."""
        if not self.may_load(request):
            raise DjangoPermissionDenied
        form = CalendarFileForm(request.POST or None, request.FILES or None)
        preview = None
        if request.method == "POST" and form.is_valid():
            content = form.cleaned_data["content"]
            if "confirm" in request.POST:
                try:
                    row = load_calendar_year(acting_user=request.user, text=content,
                                             source_name=form.cleaned_data["source_name"]
                                             or request.POST.get("source_name", ""))
                except RuleViolation as error:
                    for message in error.details.get("errors") or [error.message]:
                        form.add_error(None, message)
                else:
                    messages.success(request, _(
                        "The holiday schedule for %(year)s was loaded from “%(source)s”. "
                        "Every deadline reaching into %(year)s is now counted on it and no "
                        "longer provisional.") % {"year": row.year, "source": row.source})
                    return redirect(reverse("admin:core_calendaryear_changelist"))
            else:
                try:
                    schedule = parse_year_file(content)
                except CalendarFileError as error:
                    for message in error.errors:
                        form.add_error(None, message)
                else:
                    preview = {
                        "schedule": schedule, "content": content,
                        "source_name": form.cleaned_data["source_name"],
                        "current": workdays.year_calendar(schedule.year).describe_source(),
                        "changes": [
                            {"day": change.day, "weekday": workdays.weekday_name(change.day),
                             "before": DAY_KIND_LABELS[change.before],
                             "after": DAY_KIND_LABELS[change.after],
                             "holiday": change.holiday}
                            for change in changed_days(schedule)],
                    }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load a year's holiday schedule"),
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/core/calendaryear/load.html", context)


@admin.register(RulebookEntry)
class RulebookEntryAdmin(ReadOnlyAdmin):
    list_display = ("key", "description", "body", "value", "effective_from", "note",
                    "created_at", "created_by")
    list_filter = ("key",)
    search_fields = ("key", "note")
    list_select_related = ("body",)
    date_hierarchy = "effective_from"

    @admin.display(description=gettext_lazy("description"))
    def description(self, obj):
        default = rulebook.DEFAULTS.get(obj.key)
        return default[1] if default else ""


def _model_label(subject_type: str) -> str:
    """``cases.case`` as the administrator calls it (案件); the code when no model has it."""
    from django.apps import apps

    try:
        return str(apps.get_model(subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject_type


class SubjectTypeFilter(admin.SimpleListFilter):
    """The kinds of record read, by their Chinese names: Django's own filter listed the
    stored codes (cases.case, org.officer …), found by the walk of ADR 0073."""

    title = AccessEntry._meta.get_field("subject_type").verbose_name
    parameter_name = "subject_type"

    def lookups(self, request, model_admin):
        kinds = (AccessEntry.objects.order_by().values_list("subject_type", flat=True)
                 .distinct())
        return sorted(((kind, _model_label(kind)) for kind in kinds), key=lambda row: row[1])

    def queryset(self, request, queryset):
        return queryset.filter(subject_type=self.value()) if self.value() else queryset


@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnlyAdmin):
    """调阅记录 (R-REC-06): who read which record, newest first; searchable by the reader's
    name and by the record's number."""

    list_display = ("at", "user_name", "action", "kind", "subject_shown", "reason_shown")
    fields = ("at", "user", "user_name", "action", "kind", "subject_shown", "reason_shown")
    readonly_fields = fields
    list_filter = ("action", SubjectTypeFilter)
    search_fields = ("user_name", "user__username", "subject_id")
    ordering = ("-at",)
    date_hierarchy = "at"
    show_full_result_count = False  # a province's log has hundreds of millions of rows

    @admin.display(description=AccessEntry._meta.get_field("subject_id").verbose_name)
    def subject_shown(self, obj):
        return pgettext("access", "the list") if obj.subject_id == "*" else obj.subject_id

    @admin.display(description=AccessEntry._meta.get_field("reason").verbose_name)
    def reason_shown(self, obj):
        """A list export's query string decoded into the list's own filters (ADR 0063); a
        read's reason as written. The stored record is unchanged."""
        from sanxiang.core.access_display import describe_filter

        if obj.action == AccessEntry.Action.EXPORT and obj.subject_id == "*":
            return describe_filter(obj.subject_type, obj.reason)
        return obj.reason or "—"

    @admin.display(description=AccessEntry._meta.get_field("subject_type").verbose_name,
                   ordering="subject_type")
    def kind(self, obj):
        return _model_label(obj.subject_type)
