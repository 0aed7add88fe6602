"""Who may publish a body's lists.

- ``acting_user=None`` is the platform itself (the demo loader): always allowed.
- A superuser or a 系统管理员 with no body: every body's lists.
- A 系统管理员 (单位管理员) or a 公示员 tied to a body: that body's lists only. The clerk keeps
  the lists because publishing is the clerk's job (DESIGN.md, "Users"); the body's
  administrator may stand in.
- Nobody else: officers, reviewers and heads propose changes to the clerk, supervisors only
  read.
"""

from django.utils.translation import gettext as _

from sanxiang.core.errors import PermissionDenied
from sanxiang.org.permissions import is_global_admin
from sanxiang.org.roles import Role, has_role

EDITOR_ROLES = (Role.ADMIN, Role.CLERK)


def may_edit(user, body) -> bool:
    if is_global_admin(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.body_id) and user.body_id == body.pk and has_role(user, *EDITOR_ROLES)


def may_edit_any(user) -> bool:
    """May see the staff pages of the lists at all."""
    if is_global_admin(user):
        return True
    return bool(user.is_authenticated and user.is_active and user.body_id
                and has_role(user, *EDITOR_ROLES))


def require_editor(user, body) -> None:
    if not may_edit(user, body):
        raise PermissionDenied(_("Only a system administrator or a publication clerk of "
                                 "%(body)s may change its lists.") % {"body": body.name})
