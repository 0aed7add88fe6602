"""Random inspections in the Django admin: read only.

Everything changes through ``inspections.actions`` (the workbench pages, the import, the
demo); a draw in particular can never be edited or deleted (R-INS-03), so the admin shows
and searches but never writes.
"""

from django.contrib import admin

from sanxiang.inspections import permissions
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


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ("task", "sequence", "state", "lists_digest", "seed", "witness", "drawn_at")
    list_filter = ("state",)
    exclude = ("lists", "result")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("draw", "position", "target", "stratum", "current")


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "body", "category", "follow_up", "due_on", "state")
    list_filter = ("state", "category", "follow_up")


@admin.register(ScanReport)
class ScanReportAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "reporter", "reported_at")
