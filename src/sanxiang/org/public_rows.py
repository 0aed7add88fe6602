"""What the public register's lists show of officers, read as plain rows
(docs/adr/0035-portal-page-cost.md).

A page of results is a ``values()`` page of officers (no model instances), their
enforcement categories in one query of the officer–category table, and their certificates
with the stored validity in one more (``workbench.staffing.public_statuses``): three
queries whatever the page's length, and nothing built per row that the page does not show.
"""

from sanxiang.org.models import Officer
from sanxiang.workbench.staffing import public_statuses

# The officer columns a public list reads (never ``phone``: R-ORG-06).
OFFICER_VALUES = ("pk", "name", "post", "areas", "body__name", "body__credit_code")


def categories_of(officer_ids) -> dict[int, list[str]]:
    """The names of each officer's enforcement categories, in the order of their codes
    (that of ``officer.fields.all()``)."""
    found = {pk: [] for pk in officer_ids}
    for officer_id, name in (Officer.fields.through.objects.filter(officer_id__in=list(found))
                             .order_by("enforcementfield__code", "enforcementfield__pk")
                             .values_list("officer_id", "enforcementfield__name")):
        found[officer_id].append(name)
    return found


def statuses_of(officer_ids, on) -> dict:
    """``PublicStatus`` per officer id (``public_statuses``) from ids alone."""
    return public_statuses([Officer(pk=pk) for pk in officer_ids], on)
