"""Who may act on a case. Officers on the case run its steps; the body's head approves.

``acting_user=None`` is the platform itself (the demo loader, command-line imports): it
passes the permission checks but never the rules.
"""

from django.utils.translation import gettext as _

from sanxiang.core.errors import PermissionDenied
from sanxiang.org.roles import Role, has_role

# Steps that are the body's decision rather than the officers' work: the head (机关负责人)
# records them (处罚法 57: 行政机关负责人作出决定; 处罚法 54: 立案 with the head's approval).
HEAD_STEPS = frozenset({"open", "decide", "no_penalty", "transfer", "cancel", "approve",
                        "extend", "extend_freezing", "enforcement_decision"})


def _same_body(user, body) -> bool:
    return user.body_id == body.pk


def require_opener(user, body) -> None:
    if user is None:
        return
    if not (has_role(user, Role.OFFICER, Role.HEAD) and _same_body(user, body)):
        raise PermissionDenied(_("Only officers and heads of %(body)s may open its cases.")
                               % {"body": body.name})
    if has_role(user, Role.OFFICER) and not has_role(user, Role.HEAD) and not user.officer_id:
        raise PermissionDenied(_("Your account is not linked to an enforcement officer."))


def require_head(user, body) -> None:
    if user is None:
        return
    if not (has_role(user, Role.HEAD) and _same_body(user, body)):
        raise PermissionDenied(_("Only the head of %(body)s may approve this.")
                               % {"body": body.name})


def is_case_officer(user, case) -> bool:
    return bool(user is not None and user.officer_id and case.case_officers.filter(
        officer_id=user.officer_id, removed_on__isnull=True).exists())


def require_case_officer(user, case, *, lead_or_head: bool = False) -> None:
    if user is None:
        return
    if has_role(user, Role.HEAD) and _same_body(user, case.body):
        return
    if not is_case_officer(user, case):
        raise PermissionDenied(_("Only the officers on this case may do this."))
    if lead_or_head and user.officer_id != case.lead_officer_id:
        raise PermissionDenied(_("Only the officer in charge or the head may do this."))


REVIEW_STEPS = frozenset({"legal_review"})


def require_reviewer(user, case) -> None:
    """R-REV-03: a legal reviewer of the body who is not an officer on the case."""
    if user is None:
        return
    if not (has_role(user, Role.REVIEWER) and _same_body(user, case.body)):
        raise PermissionDenied(_("Only a legal reviewer of %(body)s may record the review.")
                               % {"body": case.body.name})
    if user.officer_id and case.case_officers.filter(officer_id=user.officer_id).exists():
        from sanxiang.core.errors import RuleViolation

        raise RuleViolation("R-REV-03", _("R-REV-03: you are an officer on this case and "
                                          "cannot review it."))


def require_case_staff(user, case, step) -> None:
    """The step's actor: the head for the body's decisions, a legal reviewer for the review,
    otherwise an officer on the case."""
    if user is None:
        return
    if step is not None and step.code in REVIEW_STEPS:
        require_reviewer(user, case)
        return
    if step is not None and step.code in HEAD_STEPS:
        require_head(user, case.body)
        return
    require_case_officer(user, case)


def may_view(user, case) -> bool:
    from sanxiang.cases.models import Case

    return Case.objects.visible_to(user).filter(pk=case.pk).exists()
