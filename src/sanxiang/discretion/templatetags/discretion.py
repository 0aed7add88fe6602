"""The discretion panel of the case page (R-AST-01): ``{% discretion_panel case user %}``.

An inclusion tag, so the case page needs one line and no change to its view.
"""

from django import template

from sanxiang.cases.permissions import is_case_officer
from sanxiang.discretion import benchmarks
from sanxiang.discretion.models import Assessment
from sanxiang.org.roles import Role, has_role

register = template.Library()


@register.inclusion_tag("discretion/case_panel.html")
def discretion_panel(case, user, typed=None):
    """``typed``: a refused form as the officer sent it ({violation, values, base_amount,
    note, error}), shown again in place of the recorded levels."""
    if not case.procedure.startswith("penalty"):
        return {"show": False}
    advice = benchmarks.advise(case)
    item = advice.item_code
    may_record = case.state == case.State.OPEN and (
        is_case_officer(user, case)
        or (has_role(user, Role.HEAD) and user.body_id == case.body_id))
    recorded = advice.record.values if advice.record is not None else {}
    forms = []
    for violation, entries in advice.violations.items():
        factors = benchmarks.factors_of(entries)
        if factors:
            forms.append({
                "violation": violation,
                "needs_base": any(e.multiple_max is not None for e in entries),
                "factors": [{"name": f["name"], "levels": [lv["name"] for lv in f["levels"]],
                             "chosen": recorded.get(f["name"], "")
                             if advice.record is not None
                             and advice.record.violation == violation else ""}
                            for f in factors]})
    for form in forms:
        if typed and typed.get("violation") == form["violation"]:
            form.update(typed=True, base_amount=typed.get("base_amount") or "",
                        note=typed.get("note") or "", error=typed.get("error"))
            for factor in form["factors"]:
                factor["chosen"] = typed.get("values", {}).get(factor["name"], "")
    return {
        "show": True, "case": case, "advice": advice, "item": item,
        "basis": benchmarks.legal_basis(case, item),
        "leniency": benchmarks.leniency(case, item),
        "forms": forms, "may_record": may_record and bool(forms),
        "assessments": list(Assessment.objects.filter(case=case).select_related(
            "step_record").order_by("id")),
    }


@register.inclusion_tag("discretion/review_note.html")
def discretion_review(case):
    """The flags and reasons of the case's penalty checks, for the legal reviewer (R-AST-02)."""
    rows = list(Assessment.objects.filter(case=case).order_by("id"))
    return {"assessments": rows, "flagged": any(a.flagged for a in rows)}
