"""Open-data downloads of the public register (issue 3, item 5): CSV and Excel.

The tables (public columns only) come from ``sanxiang.api.register_tables``; the streaming
helpers from ``sanxiang.core.opendata``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from sanxiang.api.register_tables import Table, bodies_table, officers_table
from sanxiang.core.opendata import csv_response, xlsx_response
from sanxiang.org.models import Body


def _download(table: Table, fmt: str):
    if fmt == "csv":
        return csv_response(f"{table.name}.csv", table.header, table.rows)
    if fmt == "xlsx":
        return xlsx_response(f"{table.name}.xlsx", table.sheet, table.header, table.rows)
    raise Http404


@require_safe
def bodies(request, fmt):
    return _download(bodies_table(), fmt)


@require_safe
def body_officers(request, credit_code, fmt):
    body = get_object_or_404(Body.objects.only("name", "credit_code"), credit_code=credit_code)
    return _download(officers_table(body), fmt)
