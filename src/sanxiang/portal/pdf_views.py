"""PDF of the public lists, for printing and filing (issue 3, item 6; R-PUB-01, R-ORG-06).

The rows are the portal's own queries (``public_bodies``, ``public_officers``), so a PDF
shows exactly what the pages show — public fields only, never an officer's phone.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sanxiang.core.pdf import pdf_response, render_pdf
from sanxiang.org.models import Body
from sanxiang.portal.views import public_bodies, public_officers, with_public_status

# Officers are read in keyset chunks: the qualification check prefetches per chunk, so the
# query count grows with officers / CHUNK, and no IN list grows with the body's size.
CHUNK = 500


@require_safe
def body_list_pdf(request):
    today = timezone.localdate()
    bodies = list(public_bodies().iterator(chunk_size=2000))
    title = _("List of enforcement bodies")
    pdf = render_pdf("portal/pdf/body_list.html", {
        **_heading(request, title, today, reverse("portal:body_list")),
        "bodies": bodies,
    }, request=request)
    return pdf_response(pdf, filename=f"{title}_{today:%Y%m%d}.pdf",
                        ascii_filename=f"bodies-{today:%Y%m%d}.pdf")


@require_safe
def body_officers_pdf(request, credit_code):
    body = get_object_or_404(Body.objects.only("name", "credit_code"), credit_code=credit_code)
    today = timezone.localdate()
    officers = list(_officers_of(body, today))
    title = _("List of enforcement officers of %(body)s") % {"body": body.name}
    page = f"{reverse('portal:officer_search')}?body={body.credit_code}"
    pdf = render_pdf("portal/pdf/officer_list.html", {
        **_heading(request, title, today, page),
        "body": body,
        "officers": officers,
    }, request=request)
    return pdf_response(pdf, filename=f"{title}_{today:%Y%m%d}.pdf",
                        ascii_filename=f"officers-{body.credit_code}-{today:%Y%m%d}.pdf")


def _heading(request, title, today, page_path) -> dict:
    return {
        "title": title,
        "as_of": _("As of %(date)s") % {"date": date_format(today, "DATE_FORMAT")},
        "source": _("Source: %(platform)s, %(url)s. Printed on %(time)s; the listing on the "
                    "platform prevails.") % {
            "platform": _("Administrative Enforcement Disclosure Platform"),
            "url": request.build_absolute_uri(page_path),
            "time": date_format(timezone.localtime(), "DATETIME_FORMAT"),
        },
    }


def _officers_of(body, on):
    """The body's in-service officers in the portal's order, each with ``.public`` set."""
    officers = public_officers().filter(body=body)
    chunk = with_public_status(officers[:CHUNK], on)
    while chunk:
        yield from chunk
        last = chunk[-1]
        chunk = with_public_status(
            officers.filter(Q(name__gt=last.name) | Q(name=last.name, pk__gt=last.pk))[:CHUNK],
            on,
        )
