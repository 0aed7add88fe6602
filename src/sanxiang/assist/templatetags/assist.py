"""The assistance panels of the case page, each from one call (no change to the case view)."""

from django import template

from sanxiang.assist import similar

register = template.Library()


@register.inclusion_tag("assist/includes/similar_cases_panel.html")
def similar_cases_panel(case, user):
    return {"case": case, "similar": similar.similar_cases(case, user=user)}
