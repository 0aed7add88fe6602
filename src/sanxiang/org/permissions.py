"""Who may change the register of bodies, officers and accounts.

- ``acting_user=None`` is the platform itself (migrations, the demo loader): always allowed.
- A superuser, or a 系统管理员 (``Role.ADMIN``) with no body, administers everything.
- A 系统管理员 tied to a body is that body's administrator (单位管理员): they may edit their
  own body's record, its officers, certificates and annual inspections, and its accounts
  with the body roles (执法人员, 法制审核人员, 机关负责人, 公示员) — never create bodies or
  categories, grant 系统管理员 or 监督人员, nor touch another body.
- Everyone else may not change the register.
"""

from django.utils.translation import gettext as _

from sanxiang.core.errors import PermissionDenied
from sanxiang.org.roles import Role, roles_of

BODY_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.HEAD, Role.CLERK})


def is_global_admin(user) -> bool:
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (Role.ADMIN in roles_of(user) and not user.body_id)


def is_register_admin(user) -> bool:
    """May use the register at all (the admin site shows it to these users)."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or Role.ADMIN in roles_of(user)


def require_global_admin(user) -> None:
    if not is_global_admin(user):
        raise PermissionDenied(_("Only a system administrator may do this."))


def require_body_admin(user, body) -> None:
    """``user`` may change ``body``'s record and everything that belongs to it."""
    if is_global_admin(user):
        return
    if is_register_admin(user) and body is not None and body.pk == user.body_id:
        return
    raise PermissionDenied(_("You may change only the register of your own body."))


def require_role_grant(user, roles) -> None:
    """A body administrator grants only the body roles."""
    if is_global_admin(user):
        return
    refused = sorted(set(roles) - BODY_ROLES)
    if refused:
        raise PermissionDenied(_("You may not grant the roles %(roles)s.")
                               % {"roles": "、".join(Role(r).label for r in refused)})
