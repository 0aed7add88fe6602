"""Permissions as querysets: ``Model.objects.visible_to(user)`` is what a user may see.

Views fetch through these, so a record outside the user's scope is a 404, never a 403.
"""

from django.contrib.auth.models import UserManager
from django.db import models

from sanxiang.org.roles import Role, roles_of


def _scope(user):
    """Return ("all",), ("region", prefix), ("body", body_id) or ("none",)."""
    if not user.is_authenticated or not user.is_active:
        return ("none",)
    roles = roles_of(user)
    if user.is_superuser:
        return ("all",)
    # An administrator tied to a body administers that body only (a 单位管理员).
    if Role.ADMIN in roles:
        return ("body", user.body_id) if user.body_id else ("all",)
    if Role.SUPERVISOR in roles and user.jurisdiction:
        return ("region", user.jurisdiction)
    if user.body_id:
        return ("body", user.body_id)
    return ("none",)


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = _scope(user)
        if scope[0] == "all":
            return self
        if scope[0] == "region":
            return self.filter(region_code__startswith=scope[1])
        if scope[0] == "body":
            return self.filter(pk=scope[1])
        return self.none()


class OfficerQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = _scope(user)
        if scope[0] == "all":
            return self
        if scope[0] == "region":
            return self.filter(body__region_code__startswith=scope[1])
        if scope[0] == "body":
            return self.filter(body_id=scope[1])
        return self.none()

    def active(self):
        return self.filter(status="active")

    def with_qualification_data(self):
        """What ``qualification.check_qualification`` reads, in three queries for any count."""
        return self.prefetch_related("fields", "certificates__inspections")


class ScopedUserManager(UserManager):
    def visible_to(self, user):
        scope = _scope(user)
        qs = self.get_queryset()
        if scope[0] == "all":
            return qs
        if scope[0] == "region":
            return qs.filter(body__region_code__startswith=scope[1])
        if scope[0] == "body":
            return qs.filter(body_id=scope[1])
        return qs.none()
