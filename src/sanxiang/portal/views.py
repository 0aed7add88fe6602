"""Public pages (R-PUB-01, R-ORG-06): no login, only public fields, indexed queries.

The officer search pages by keyset (``?after=<id of the last officer shown>``, in the order
name, id of the index): the hundredth page costs what the first does and no page counts
the officers of the province. The list of bodies (about a thousand) keeps numbered pages.
"""

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from sanxiang.core import throttle
from sanxiang.org.models import Body, Certificate, Officer
from sanxiang.org.public_rows import (
    body_ref,
    categories_of,
    officer_key,
    officers_page,
    statuses_of,
)
from sanxiang.portal.forms import OfficerSearchForm
from sanxiang.portal.templatetags.chrome import url_maker
from sanxiang.workbench.forms import looks_like_certificate_number
from sanxiang.workbench.staffing import public_status_of_certificate, public_statuses

PAGE_SIZE = 20
_ID_CURSOR = re.compile(r"\d{1,18}")


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_string(request, drop=("page",)) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def public_bodies():
    """The bodies the portal lists, public fields only, in the portal's order."""
    return Body.objects.only(
        "name", "credit_code", "subject_kind", "address", "complaint_phone", "region_code"
    ).order_by("region_code", "name", "pk")


def public_officers():
    """In-service officers with what R-ORG-06 shows, in the portal's order (name, pk)."""
    return Officer.objects.active().select_related("body").prefetch_related("fields").order_by(
        "name", "pk"
    )


def with_public_status(officers, on):
    """Set ``officer.public`` (a ``PublicStatus``) on each officer, in a few queries."""
    officers = list(officers)
    statuses = public_statuses(officers, on)
    for officer in officers:
        officer.public = statuses[officer.pk]
    return officers


@require_safe
def home(request):
    return render(request, "portal/home.html", {"form": OfficerSearchForm()})


@require_safe
def body_list(request):
    return render(request, "portal/body_list.html", {
        "page_obj": _page(request, public_bodies()),
        "query_string": _query_string(request),
    })


@require_safe
def body_detail(request, credit_code):
    body = get_object_or_404(Body.objects.select_related("entrusting_body"),
                             credit_code=credit_code)
    return render(request, "portal/body_detail.html", {"body": body})


@dataclass(frozen=True)
class OfficerRow:
    """What a search result shows of an officer (R-ORG-06): public fields only."""

    name: str
    url: str  # the officer's page (by the shown certificate), or "" without one
    body: str
    post: str
    number: str  # the shown certificate's, or ""
    categories: list[str]
    areas: str
    valid: bool


def officer_rows(officers, on) -> list[OfficerRow]:
    """The result rows of ``officers`` (a values() page of ``public_rows.OFFICER_VALUES``)
    in two more queries: their categories, their certificates with the stored validity."""
    ids = [o["pk"] for o in officers]
    categories = categories_of(ids)
    statuses = statuses_of(ids, on)
    page_url = url_maker("portal:officer_page")
    rows = []
    for o in officers:
        public = statuses[o["pk"]]
        number = public.certificate.number if public.certificate else ""
        rows.append(OfficerRow(
            name=o["name"], url=page_url(number) if number else "", body=o["body__name"],
            post=o["post"], number=number, categories=categories[o["pk"]], areas=o["areas"],
            valid=public.valid))
    return rows


@require_safe
@throttle.limited("public_search", "SANXIANG_PUBLIC_SEARCHES_PER_MINUTE")
def officer_search(request):
    """Search by name (prefix) or certificate number (exact), optionally within one body."""
    form = OfficerSearchForm(request.GET or None)
    text, body_code = form.text, form.body_code
    body = body_ref(body_code) if body_code else None
    officers_found, next_cursor = None, None
    today = timezone.localdate()
    if text or body:
        found, next_cursor = [], None
        if body is not None or not body_code:  # an unknown body: no officer
            number = text if text and looks_like_certificate_number(text) else None
            prefix = text if text and number is None else None
            after = request.GET.get("after")
            key = officer_key(int(after)) if _ID_CURSOR.fullmatch(after or "") else None
            found = officers_page(limit=PAGE_SIZE + 1, body_id=body.pk if body else None,
                                 number=number, prefix=prefix, after=key)
            if len(found) > PAGE_SIZE:
                found = found[:PAGE_SIZE]
                next_cursor = str(found[-1]["pk"])
        officers_found = officer_rows(found, today)
    return render(request, "portal/officer_search.html", {
        "form": form,
        "body": body,
        "searched": bool(text or body_code),
        "officers": officers_found,
        "next_cursor": next_cursor,
        "first_page": not request.GET.get("after"),
        "query_string": _query_string(request, drop=("page", "after")),
        "today": today,
    })


@require_safe
def officer_page(request, number):
    """The page a party reaches from the QR code on a document (R-PUB-03, R-ORG-06)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("officer", "officer__body"), number=number
    )
    officer = certificate.officer
    today = timezone.localdate()
    return render(request, "portal/officer_page.html", {
        "certificate": certificate,
        "officer": officer,
        "body": officer.body,
        "categories": categories_of([officer.pk])[officer.pk],  # names, in code order
        "public": public_status_of_certificate(certificate, today),
        "today": today,
    })
