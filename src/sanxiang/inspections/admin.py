"""Random inspections in the Django admin: read only.

Everything changes through ``inspections.actions`` (the workbench pages, the import, the
demo); a draw in particular can never be edited or deleted (R-INS-03), so the admin shows
and searches but never writes.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sanxiang.inspections import candidates, permissions
from sanxiang.inspections.models import (
    Assignment,
    Conflict,
    Draw,
    Inspector,
    Plan,
    Result,
    ScanReport,
    Target,
    Task,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return permissions.may_manage_directory(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_manage_directory(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "industry", "region_code", "credit_class",
                    "abnormal", "last_inspected_on")
    list_filter = ("kind", "credit_class", "abnormal", "size")
    search_fields = ("code", "name")


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyAdmin):
    list_display = ("officer", "target", "reason", "declared_on")
    list_filter = ("reason",)


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyAdmin):
    list_display = ("officer", "status", "region_code")
    list_filter = ("status",)


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "body", "year", "planned_tasks", "planned_objects", "filed_on")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "body", "filter_kind", "ratio", "state")
    list_filter = ("state", "filter_kind")
    search_fields = ("number", "title")
    readonly_fields = ("filters_shown", "class_ratios_shown")

    def get_fields(self, request, obj=None):
        # The JSON columns read as the workbench shows them, never as raw JSON.
        shown = {"filters": "filters_shown", "class_ratios": "class_ratios_shown"}
        return list(dict.fromkeys(shown.get(name, name)
                                  for name in super().get_fields(request, obj)))

    @admin.display(description=_("filter"))
    def filters_shown(self, obj):
        return "；".join(f"{label}：{'、'.join(str(v) for v in values)}"
                        for label, values in obj.filter_rows) or "-"

    @admin.display(description=_("ratios by credit-risk class (%)"))
    def class_ratios_shown(self, obj):
        return "；".join(f"{candidates.stratum_label(key)}：{ratio}%"
                        for key, ratio in (obj.class_ratios or {}).items()) or "-"


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ("task", "sequence", "state", "lists_digest", "seed", "witness", "drawn_at")
    list_filter = ("state",)
    exclude = ("lists", "result")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("draw", "position", "target", "stratum_shown", "current")
    readonly_fields = ("stratum_shown",)

    def get_fields(self, request, obj=None):
        return list(dict.fromkeys("stratum_shown" if name == "stratum" else name
                                  for name in super().get_fields(request, obj)))

    @admin.display(description=_("stratum"))
    def stratum_shown(self, obj):
        return candidates.stratum_label(obj.stratum)


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "body", "category", "follow_up", "due_on", "state")
    list_filter = ("state", "category", "follow_up")


@admin.register(ScanReport)
class ScanReportAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "reporter", "reported_at")
