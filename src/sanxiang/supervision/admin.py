"""Complaints and outcomes in the admin: read only; they change only through
``sanxiang.supervision.actions``. The complainant's identity is left out of the list, and
out of the complaint's page for anyone but its handling office (R-SUP-02)."""

from django.contrib import admin

from sanxiang.core.admin import ReadOnlyAdmin
from sanxiang.supervision.actions import may_see_identity
from sanxiang.supervision.models import Complaint, Outcome, SupervisionDocument


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "body", "filed_on", "state", "accept_due", "answer_due")
    list_filter = ("state", "kind")
    search_fields = ("number",)
    # What the complainant gave about themselves, attachments included (R-SUP-02).
    IDENTITY = ("complainant_name", "complainant_phone", "complainant_address", "attachments")

    def get_exclude(self, request, obj=None):
        hidden = ("code_hash",)
        if obj is None or not may_see_identity(request.user, obj):
            hidden += self.IDENTITY
        return hidden


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("case", "proceeding", "result", "forum", "decided_on")
    list_filter = ("proceeding", "result")
    search_fields = ("case__number",)


@admin.register(SupervisionDocument)
class SupervisionDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "body", "issued_on", "answer_due", "state")
    list_filter = ("kind", "state")
    search_fields = ("number", "title")
