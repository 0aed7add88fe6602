"""The lists in the Django admin: read only.

A list changes only by publishing a new version (``actions.publish_version``), from the
workbench page of the lists; the admin links there. Nothing is added, edited or deleted
here, so no published version can be rewritten from the admin.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.catalog import legal, permissions
from sanxiang.catalog.models import ENTRY_MODELS, Catalogue, CatalogueVersion, PenaltyKind
from sanxiang.org.models import Body


def kind_labels(kinds) -> str:
    labels = []
    for kind in kinds or []:
        try:
            labels.append(str(PenaltyKind(kind).label))
        except ValueError:
            labels.append(str(kind))
    return "、".join(labels)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return permissions.may_edit_any(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_edit_any(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def body_filter(self, request):
        return Body.objects.visible_to(request.user)


class VersionInline(admin.TabularInline):
    model = CatalogueVersion
    fields = ("number", "effective_from", "author_name", "note", "entry_count", "added",
              "changed", "removed", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Catalogue)
class CatalogueAdmin(ReadOnlyAdmin):
    list_display = ("body", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("body__name",)
    list_select_related = ("body",)
    fields = ("body", "kind", "created_at", "new_version")
    readonly_fields = fields
    inlines = [VersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(body__in=self.body_filter(request))

    @admin.display(description=_("new version"))
    def new_version(self, obj):
        url = reverse("catalog:import", args=[obj.body_id, obj.kind])
        return format_html('<a href="{}">{}</a>', url, _("Upload a new version"))


# JSON columns are shown as the Chinese text they stand for, never as raw JSON.
SHOWN_JSON = {"legal_bases": "legal_bases_shown", "penalty_kinds": "penalty_kinds_shown"}
HIDDEN_FIELDS = ("id", "search_text", "digest")


class EntryAdmin(ReadOnlyAdmin):
    list_select_related = ("catalogue__body",)
    list_filter = ("catalogue__kind",)
    search_fields = ("search_text",)

    def get_fields(self, request, obj=None):
        names = [f.name for f in self.model._meta.concrete_fields
                 if f.name not in HIDDEN_FIELDS]
        return [SHOWN_JSON.get(name, name) for name in names]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=pgettext_lazy("list", "legal basis"))
    def legal_bases_shown(self, obj):
        return legal.format_bases(obj.legal_bases) or "—"

    @admin.display(description=pgettext_lazy("list", "penalty kinds"))
    def penalty_kinds_shown(self, obj):
        return kind_labels(obj.penalty_kinds) or "—"

    def get_list_display(self, request):
        return ("__str__", "catalogue", "lineage", "valid_from", "valid_to")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            catalogue__body__in=self.body_filter(request))


for _model in dict.fromkeys(ENTRY_MODELS.values()):  # one model may serve two kinds
    admin.site.register(_model, EntryAdmin)
