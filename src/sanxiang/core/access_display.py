"""An access record's filter as a person reads it (the admin's 调阅记录, R-REC-06).

A list export is recorded with the request's query string, unchanged
(``access.log_list_export``): ``q=%E5%BC%A0%E6%9F%90&procedure=penalty_general&page=2``.
The admin shows it decoded, in Chinese, with each filter's label and value as the list's
own form names them: 查询：案件编号、案由或当事人=张某；程序=一般程序；第2页. The stored
record is never rewritten (ADR 0052); only its display is.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from django import forms
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from sanxiang.calendar.workdays import format_date

# The filter form of each exported list, by the record kind it lists; imported when shown
# (core imports no app).
FILTER_FORMS = {
    "cases.case": "sanxiang.cases.forms.CaseFilterForm",
    "review.submission": "sanxiang.review.forms.QueueFilterForm",
    "disclosure.disclosure": "sanxiang.disclosure.clerk_views.QueueFilterForm",
}

# Filters of the lists without a form (supervision, discretion).
LABELS = {
    "q": pgettext_lazy("access filter", "search"),
    "body": pgettext_lazy("access filter", "body"),
    "procedure": pgettext_lazy("access filter", "procedure"),
    "state": pgettext_lazy("access filter", "state"),
    "penalty": pgettext_lazy("access filter", "penalty"),
    "late_upload": pgettext_lazy("access filter", "uploaded late"),
    "month": pgettext_lazy("access filter", "month"),
    "overdue": pgettext_lazy("access filter", "overdue only"),
    "lost": pgettext_lazy("access filter", "lost only"),
    "grade": pgettext_lazy("access filter", "grade"),
    "since": pgettext_lazy("access filter", "since"),
    "item": pgettext_lazy("access filter", "item"),
    "tab": pgettext_lazy("access filter", "tab"),
}
# Paging and the file format say nothing about what was read.
SKIPPED = {"after", "format", "download"}
YES = {"1", "on", "true", "True", "yes"}


def _form_field(subject_type: str, key: str):
    path = FILTER_FORMS.get(subject_type)
    if not path:
        return None
    try:
        return import_string(path).base_fields.get(key)
    except ImportError:
        return None


def _body_name(value: str) -> str:
    from django.apps import apps

    try:
        body = apps.get_model("org", "Body").objects.filter(pk=int(value)).only("name").first()
    except (LookupError, ValueError):
        return value
    return body.name if body else value


def _value(field, key: str, value: str) -> str:
    if isinstance(field, forms.ModelChoiceField) or (field is None and key == "body"):
        return _body_name(value)
    if isinstance(field, forms.BooleanField) or (field is None and value in YES
                                                  and key in ("overdue", "lost", "penalty",
                                                              "late_upload")):
        return _("yes") if value in YES else _("no")
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(field, forms.DateField):
        try:
            return format_date(value)
        except (TypeError, ValueError):
            return value
    if field is None and key == "procedure":
        # Imported here: core imports no app at module level.
        from sanxiang.cases.workflows import PROCEDURES

        procedure = PROCEDURES.get(value)
        return str(procedure.name) if procedure else value
    return value


def describe_filter(subject_type: str, query: str) -> str:
    """``query`` (an export's query string) as 查询：label=value；…；第N页."""
    parts, page = [], ""
    for key, value in parse_qsl(query or "", keep_blank_values=False):
        value = value.strip()
        if not value or key in SKIPPED:
            continue
        if key == "page":
            page = _("page %(n)s") % {"n": value}
            continue
        field = _form_field(subject_type, key)
        label = (field.label if field is not None and field.label else LABELS.get(key, key))
        parts.append(f"{label}={_value(field, key, value)}")
    if page:
        parts.append(page)
    if not parts:
        return pgettext("access filter", "Search: everything (no filter)")
    return pgettext("access filter", "Search: %(filters)s") % {"filters": "；".join(parts)}
