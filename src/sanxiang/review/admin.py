"""Review rounds and discussions in the admin: read only. A review changes only through
``sanxiang.review.actions`` (R-REV-02 holds in every path, the admin included).

The JSON columns (materials, missing materials, findings, attendees, opinions) are shown as
the Chinese text a reviewer reads on the workbench, never as raw JSON.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from sanxiang.core.admin import ReadOnlyAdmin
from sanxiang.ledger import actor_display
from sanxiang.review.models import Discussion, Submission
from sanxiang.review.rules import MATERIALS, REVIEW_ITEMS

EMPTY = "—"


def _shown_fields(model, shown: dict) -> list[str]:
    return [shown.get(f.name, f.name) for f in model._meta.concrete_fields if f.name != "id"]


def _label(labels: dict, code) -> str:
    return str(labels.get(code, code))


def _person(user) -> str:
    """The person's name, as the workbench names them: the lists showed the login name
    (reviewer, head), found by the walk of ADR 0073."""
    return actor_display(user) if user is not None else EMPTY


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("case", "round", "state", "outcome", "reviewer_shown", "received_on",
                    "decided_on")
    list_filter = ("state", "outcome")
    search_fields = ("case__number",)
    SHOWN = {"materials": "materials_shown", "missing": "missing_shown",
             "findings": "findings_shown"}

    def get_fields(self, request, obj=None):
        return _shown_fields(Submission, self.SHOWN)

    @admin.display(description=Submission._meta.get_field("reviewer").verbose_name,
                   ordering="reviewer")
    def reviewer_shown(self, obj):
        return _person(obj.reviewer)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("materials"))
    def materials_shown(self, obj):
        items = [(_label(MATERIALS, code), text) for code, text in (obj.materials or {}).items()]
        if not items:
            return EMPTY
        return format_html("<dl>{}</dl>", format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", items))

    @admin.display(description=_("missing materials"))
    def missing_shown(self, obj):
        return "、".join(_label(MATERIALS, code) for code in obj.missing or []) or EMPTY

    @admin.display(description=_("findings"))
    def findings_shown(self, obj):
        findings = obj.findings or {}
        if not findings:
            return EMPTY
        rows = [(_label(REVIEW_ITEMS, code), _("Yes") if f.get("ok") else _("No"),
                 f.get("note") or "") for code, f in findings.items() if isinstance(f, dict)]
        return format_html("<table>{}</table>", format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows))


@admin.register(Discussion)
class DiscussionAdmin(ReadOnlyAdmin):
    list_display = ("case", "held_on", "reason", "recorded_by_shown")
    list_filter = ("reason",)
    search_fields = ("case__number",)
    SHOWN = {"attendees": "attendees_shown", "observers": "observers_shown",
             "opinions": "opinions_shown"}

    def get_fields(self, request, obj=None):
        return _shown_fields(Discussion, self.SHOWN)

    @admin.display(description=Discussion._meta.get_field("recorded_by").verbose_name)
    def recorded_by_shown(self, obj):
        return _person(obj.recorded_by)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("attendees"))
    def attendees_shown(self, obj):
        return "、".join(f"{p.get('name', '')}（{p.get('post', '')}）" if p.get("post")
                        else str(p.get("name", "")) for p in obj.attendees or []) or EMPTY

    @admin.display(description=_("sitting in"))
    def observers_shown(self, obj):
        return "、".join(f"{p.get('name', '')}（{p.get('post', '')}）" if p.get("post")
                        else str(p.get("name", "")) for p in obj.observers or []) or EMPTY

    @admin.display(description=_("opinions"))
    def opinions_shown(self, obj):
        items = [(p.get("name", ""), p.get("opinion", "")) for p in obj.opinions or []]
        if not items:
            return EMPTY
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}：{}</li>", items))
