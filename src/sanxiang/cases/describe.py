"""Words for the workflow data: deadline phrases, recording labels, document names.

The flowchart, the public text alternative and (later) the case page share these, so a
deadline reads the same everywhere. Amounts come from a mapping of rulebook values; by
default the national defaults (``rulebook.DEFAULTS``), so the output is deterministic.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from sanxiang.calendar.workdays import Unit
from sanxiang.cases.workflows import (
    CONDITIONS,
    DOCUMENT_TYPES,
    EVENTS,
    EXCLUDED_PERIODS,
    RECORDING_LABELS,
    DeadlineKind,
    DeadlineRule,
    Procedure,
    Recording,
    Step,
)
from sanxiang.core import rulebook

Amounts = Mapping[str, int]


def rulebook_keys(proc: Procedure) -> list[str]:
    """Every rulebook key a procedure reads, in a stable order."""
    keys: list[str] = []
    for step in proc.steps:
        for rule in step.deadlines:
            keys += [k for k in (rule.amount_key, rule.extension_key) if k]
        keys += step.rulebook_keys
    return list(dict.fromkeys(keys))


def current_amounts(proc: Procedure, *, body=None) -> dict[str, int]:
    """The values in force today (for ``body``, or nationally), one query per key."""
    return {key: rulebook.get(key, body=body) for key in rulebook_keys(proc)}


def _amount(key: str, amounts: Amounts | None) -> int:
    if amounts is not None and key in amounts:
        return amounts[key]
    return rulebook.DEFAULTS[key][0]


def _period(unit: Unit, count: int) -> str:
    if unit == Unit.WORKDAYS:
        return ngettext("%(count)s working day", "%(count)s working days", count) % {
            "count": count}
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def deadline_short(rule: DeadlineRule, amounts: Amounts | None = None) -> str:
    """The phrase for a flowchart box: "7个工作日内", "至少提前7个工作日"."""
    period = _period(rule.unit, _amount(rule.amount_key, amounts))
    if rule.kind == DeadlineKind.NOT_BEFORE:
        return _("at least %(period)s ahead") % {"period": period}
    return _("within %(period)s") % {"period": period}


def deadline_long(rule: DeadlineRule, amounts: Amounts | None = None) -> str:
    """The full sentence for the text alternative (R-CAL-02: say where it comes from)."""
    text = _("%(event)s, %(period)s (%(rule)s; %(basis)s)") % {
        "event": EVENTS[rule.start_event], "period": deadline_short(rule, amounts),
        "rule": rule.rule, "basis": rule.basis}
    if rule.extension_key:
        text += _("; extendable once with approval by %(period)s") % {
            "period": _period(rule.unit, _amount(rule.extension_key, amounts))}
    if rule.excluded:
        separator = pgettext("list separator", ", ")
        text += _("; not counted: %(periods)s") % {
            "periods": separator.join(str(EXCLUDED_PERIODS[p]) for p in rule.excluded)}
    return text


def recording_label(step: Step) -> str | None:
    """The recording note of a step, or None when it needs none."""
    if step.recording == Recording.NONE:
        return None
    label = str(RECORDING_LABELS[step.recording])
    if step.recording_condition:
        return _("%(label)s (for %(condition)s)") % {
            "label": label, "condition": CONDITIONS[step.recording_condition]}
    return label


def document_names(codes) -> list[str]:
    return [str(DOCUMENT_TYPES[code][0]) for code in codes]
