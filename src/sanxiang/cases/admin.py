"""Cases in the Django admin: to look, never to change.

A case changes only through its actions (the workbench, the API, imports); the admin has no
path around them, so every record here is read-only and nothing can be added or deleted.
The one thing administrators configure is a body's document number format, and that save
goes through ``actions.set_document_numbering`` like any other change.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext_lazy

from sanxiang.cases import actions, step_data
from sanxiang.cases.documents import _display as value_text
from sanxiang.cases.documents import kind_labels
from sanxiang.cases.models import Case, Document, DocumentNumbering, StepRecord
from sanxiang.cases.workflows import CONDITIONS
from sanxiang.core.errors import RuleViolation
from sanxiang.org import permissions
from sanxiang.org.models import Body


def _step_name(case, code):
    """A step's Chinese name, not its code."""
    try:
        return case.workflow.step(code).name
    except KeyError:
        return code


def _shown(names, replaced: dict) -> list[str]:
    """The detail page's fields with each stored code or JSON column replaced by the text
    the workbench shows for it (a step's name, 罚款 for ``fine``, the recorded facts)."""
    return list(dict.fromkeys(replaced.get(name, name) for name in names))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return permissions.is_register_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_register_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "body", "procedure", "step_name", "state",
                    "opened_on")
    list_filter = ("state", "procedure")
    search_fields = ("=number", "title")
    show_full_result_count = False

    readonly_fields = ("step_name", "notified_kinds_shown", "decided_kinds_shown")

    def get_fields(self, request, obj=None):
        return _shown(super().get_fields(request, obj), {
            "current_step": "step_name", "notified_kinds": "notified_kinds_shown",
            "decided_kinds": "decided_kinds_shown"})

    @admin.display(description=pgettext_lazy("case", "current step"))
    def step_name(self, obj):
        return _step_name(obj, obj.current_step)

    @admin.display(description=pgettext_lazy("case", "penalty notified"))
    def notified_kinds_shown(self, obj):
        return kind_labels(obj.notified_kinds) or "-"

    @admin.display(description=pgettext_lazy("case", "penalty decided"))
    def decided_kinds_shown(self, obj):
        return kind_labels(obj.decided_kinds) or "-"


@admin.register(StepRecord)
class StepRecordAdmin(ReadOnlyAdmin):
    list_display = ("case", "seq", "step_name", "done_on", "ledger_seq")
    list_select_related = ("case",)

    readonly_fields = ("step_name", "next_step_name", "condition_shown", "data_shown")
    show_full_result_count = False

    def get_fields(self, request, obj=None):
        return _shown(super().get_fields(request, obj), {
            "step": "step_name", "next_step": "next_step_name",
            "condition": "condition_shown", "data": "data_shown"})

    @admin.display(description=pgettext_lazy("case", "step"))
    def step_name(self, obj):
        return _step_name(obj.case, obj.step)

    @admin.display(description=pgettext_lazy("case", "next step"))
    def next_step_name(self, obj):
        return _step_name(obj.case, obj.next_step) if obj.next_step else "-"

    @admin.display(description=pgettext_lazy("case", "outcome"))
    def condition_shown(self, obj):
        return CONDITIONS.get(obj.condition, obj.condition) if obj.condition else "-"

    @admin.display(description=pgettext_lazy("case", "recorded facts"))
    def data_shown(self, obj):
        rows = [(spec.label, value_text(spec, obj.data.get(spec.name)))
                for spec in step_data.fields_for(obj.case.procedure, obj.step)]
        return format_html_join("", "<p>{}：{}</p>", ((label, text) for label, text in rows
                                                     if text)) or "-"

    def get_queryset(self, request):
        # Step records have no scoped manager: scope them through their cases.
        return admin.ModelAdmin.get_queryset(self, request).filter(
            case__in=Case.objects.visible_to(request.user))


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "case", "version", "issued_on", "digest")
    search_fields = ("=number",)
    show_full_result_count = False
    readonly_fields = ("step_name", "files")

    def get_fields(self, request, obj=None):
        # What a document says is its PDF, not the JSON it was rendered from.
        return _shown(super().get_fields(request, obj), {"step": "step_name", "data": "files"})

    @admin.display(description=pgettext_lazy("case", "step"))
    def step_name(self, obj):
        return _step_name(obj.case, obj.step)

    @admin.display(description=pgettext_lazy("case", "content"))
    def files(self, obj):
        return format_html('<a href="{}">PDF</a> · <a href="{}">Word</a>',
                           reverse("cases:document_file", args=[obj.pk, "pdf"]),
                           reverse("cases:document_file", args=[obj.pk, "docx"]))


@admin.register(DocumentNumbering)
class DocumentNumberingAdmin(admin.ModelAdmin):
    list_display = ("body", "doc_type", "prefix", "type_char", "pattern")
    fields = ("body", "doc_type", "prefix", "type_char", "pattern")

    def has_module_permission(self, request):
        return permissions.is_register_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_register_admin(request.user)

    def has_add_permission(self, request):
        return permissions.is_register_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_register_admin(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            body__in=Body.objects.visible_to(request.user))

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            saved = actions.set_document_numbering(
                acting_user=request.user, body=obj.body, doc_type=obj.doc_type,
                prefix=obj.prefix, type_char=obj.type_char, pattern=obj.pattern)
        except RuleViolation as refused:
            request.numbering_refused = refused  # per request: admin instances are shared
            return
        obj.pk = saved.pk
        obj._state.adding = False

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request) or super().response_add(request, obj,
                                                                 post_url_continue)

    def response_change(self, request, obj):
        return self._after_save(request) or super().response_change(request, obj)

    def _after_save(self, request):
        refused = getattr(request, "numbering_refused", None)
        if refused is None:
            return None
        messages.error(request, refused.message)
        return HttpResponseRedirect(request.get_full_path())
