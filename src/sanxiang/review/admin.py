"""Review rounds and discussions in the admin: read only. A review changes only through
``sanxiang.review.actions`` (R-REV-02 holds in every path, the admin included)."""

from django.contrib import admin

from sanxiang.core.admin import ReadOnlyAdmin
from sanxiang.review.models import Discussion, Submission


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("case", "round", "state", "outcome", "reviewer", "received_on",
                    "decided_on")
    list_filter = ("state", "outcome")
    search_fields = ("case__number",)


@admin.register(Discussion)
class DiscussionAdmin(ReadOnlyAdmin):
    list_display = ("case", "held_on", "reason", "recorded_by")
    list_filter = ("reason",)
    search_fields = ("case__number",)
