"""PDF of a published list for printing and filing (issue 3, item 6; R-PUB-01).

The version in force (or ``?version=N``), every entry with every public column, as the
list page shows them.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sanxiang.catalog import queries, values
from sanxiang.catalog.models import CatalogueVersion, entry_model
from sanxiang.catalog.views import _catalogue
from sanxiang.core.parsing import parse_int
from sanxiang.core.pdf import pdf_response, render_pdf


def _version(request, catalogue):
    number = request.GET.get("version", "")
    if not number:
        version = queries.current_version(catalogue)
        if version is None:
            raise Http404
        return version
    # ASCII digits only: "²".isdigit() is true but int("²") fails (a 500 before).
    if (number := parse_int(number, minimum=1, maximum=2 ** 31 - 1)) is None:
        raise Http404
    return get_object_or_404(CatalogueVersion, catalogue=catalogue, number=number)


def _rows(model, version):
    fields = model.content_fields
    for entry in queries.entries_of(version).iterator(chunk_size=1000):
        yield [values.display_value(entry, name, model) for name in fields]


@require_safe
def catalogue_pdf(request, credit_code, kind):
    catalogue = _catalogue(credit_code, kind)
    version = _version(request, catalogue)
    version.catalogue = catalogue
    body = catalogue.body
    model = entry_model(catalogue.kind)
    effective = version.effective_from
    title = _("%(body)s%(list)s (version %(number)s, in force from %(date)s)") % {
        "body": body.name, "list": catalogue.get_kind_display(), "number": version.number,
        "date": _("%(year)s-%(month)s-%(day)s") % {
            "year": effective.year, "month": effective.month, "day": effective.day},
    }
    page = reverse("catalog:version", args=[catalogue.kind, body.credit_code, version.number])
    pdf = render_pdf("catalog/pdf/catalogue.html", {
        "title": title, "version": version,
        "columns": [values.display_label(model, name) for name in model.content_fields],
        "rows": list(_rows(model, version)),
        "source": _("Source: %(platform)s, %(url)s. Printed on %(time)s; the listing on the "
                    "platform prevails.") % {
            "platform": _("Administrative Enforcement Disclosure Platform"),
            "url": request.build_absolute_uri(page),
            "time": date_format(timezone.localtime(), "DATETIME_FORMAT"),
        },
    }, request=request)
    return pdf_response(pdf, filename=f"{title}.pdf",
                        ascii_filename=f"{catalogue.kind}-{body.credit_code}-v{version.number}.pdf")
