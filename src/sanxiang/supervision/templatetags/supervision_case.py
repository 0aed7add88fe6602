"""The complaints a case was opened on, on the case page (R-SUP-02):
``{% case_complaints case user %}``.

An inclusion tag, so the case page needs one line and no change to its view. Whoever may
see the case sees the complaint that led to it; the complainant's identity only the
supervision office handling the complaint (never the body complained about).
"""

from django import template

from sanxiang.supervision import actions
from sanxiang.supervision.models import Complaint

register = template.Library()


@register.inclusion_tag("supervision/includes/case_complaints.html")
def case_complaints(case, user):
    complaints = list(case.complaints.select_related("body").order_by("filed_on", "pk"))
    if not complaints:
        return {"rows": []}
    linkable = set(Complaint.objects.visible_to(user).filter(
        pk__in=[c.pk for c in complaints]).values_list("pk", flat=True))
    rows = [{"complaint": c, "show_identity": actions.may_see_identity(user, c),
             "link": c.pk in linkable} for c in complaints]
    return {"rows": rows}
