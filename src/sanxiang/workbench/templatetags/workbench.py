import re
from datetime import timedelta

from django import template
from django.utils.html import format_html

from sanxiang.org.roles import Role, roles_of
from sanxiang.workbench.navigation import entries_for, section_of

register = template.Library()


@register.filter
def minutes(delta: timedelta) -> int:
    """Whole minutes of a duration, rounded up: "try again after 30 minutes"."""
    seconds = int(delta.total_seconds())
    return -(-seconds // 60)


@register.inclusion_tag("workbench/includes/nav.html", takes_context=True)
def workbench_nav(context):
    request = context["request"]
    current = request.resolver_match.url_name if request.resolver_match else ""
    return {"entries": entries_for(request.user), "current": current, "request": request}


@register.simple_tag
def role_labels(user) -> list[str]:
    roles = roles_of(user)
    return [role.label for role in Role if role in roles]


@register.inclusion_tag("workbench/includes/breadcrumbs.html", takes_context=True)
def workbench_breadcrumbs(context):
    """工作台 › the menu section the page belongs to (linked), on every page but the home."""
    request = context["request"]
    match = request.resolver_match
    entry = None
    if match is not None and match.view_name != "workbench:home":
        entry = section_of(request.user, match.namespace, match.url_name)
    if entry is None:
        crumbs = []
    elif entry.url_name == match.view_name:
        crumbs = [(entry.label, "")]
    else:
        crumbs = [(entry.label, entry.url)]
    return {"crumbs": crumbs, "show": bool(crumbs)}


# "R-CASE-02 程序：…" or "R-REV-03：…": a rule ID (and a short category) before the sentence.
RULE_PREFIX = re.compile(r"^(R-[A-Z]+-\d+)(?:\s*[^\s：:，。]{1,8})?\s*[：:]\s*")


@register.filter
def rule_id_last(message):
    """A message leads with its sentence; the rule ID follows it, small (issue 11)."""
    text = str(message)
    match = RULE_PREFIX.match(text)
    if match is None or not text[match.end():]:
        return text
    return format_html('{} <small class="rule-id">{}</small>', text[match.end():],
                       match.group(1))


@register.filter
def refusal(error):
    """A refused action (``RuleViolation``) as users read it: the sentence, then the rule ID
    small. A platform code such as ``PERMISSION`` names the refusal for the API, not for
    people, so it is never shown."""
    message = rule_id_last(error.message)
    if error.code.startswith("R-") and error.code not in error.message:
        return format_html('{} <small class="rule-id">{}</small>', message, error.code)
    return message
