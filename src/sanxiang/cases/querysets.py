"""Who may see which cases (DESIGN.md, "Permissions are querysets").

Staff of a body see its cases; a supervisor sees the cases of the bodies in the
jurisdiction; everyone else sees none. A case outside the scope is a 404.
"""

from django.db import models

from sanxiang.org.querysets import _scope


def _filter(qs, user, body_path: str):
    scope = _scope(user)
    if scope[0] == "all":
        return qs
    if scope[0] == "region":
        return qs.filter(**{f"{body_path}__region_code__startswith": scope[1]})
    if scope[0] == "body":
        return qs.filter(**{f"{body_path}_id": scope[1]})
    return qs.none()


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _filter(self, user, "body")


class CaseRecordQuerySet(models.QuerySet):
    """Rows that belong to a case: visible when the case is."""

    def visible_to(self, user):
        return _filter(self, user, "case__body")
