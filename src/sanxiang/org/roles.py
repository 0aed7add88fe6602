"""Roles are Django groups; these are their fixed codes and Chinese names."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    REVIEWER = "reviewer", "法制审核人员"
    HEAD = "head", "机关负责人"
    CLERK = "clerk", "公示员"
    SUPERVISOR = "supervisor", "监督人员"
    ADMIN = "admin", "系统管理员"


# The group name is the Chinese label: it is what administrators see in the admin.
GROUP_NAMES = {role: role.label for role in Role}


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    names = {name: role for role, name in GROUP_NAMES.items()}
    cached = getattr(user, "_sanxiang_roles", None)
    if cached is None:
        cached = {names[g] for g in user.groups.values_list("name", flat=True) if g in names}
        user._sanxiang_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
