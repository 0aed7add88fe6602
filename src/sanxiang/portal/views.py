"""Public pages (R-PUB-01, R-ORG-06): no login, only public fields, indexed queries."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanxiang.core.lookups import starts_with
from sanxiang.org.models import Body, Certificate, Officer
from sanxiang.portal.forms import OfficerSearchForm
from sanxiang.workbench.forms import looks_like_certificate_number
from sanxiang.workbench.staffing import public_status, standings, status_of

PAGE_SIZE = 20


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
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
    statuses = standings(officers, on)
    for officer in officers:
        officer.public = public_status(statuses[officer.pk])
    return officers


@require_GET
def home(request):
    return render(request, "portal/home.html", {"form": OfficerSearchForm()})


@require_GET
def body_list(request):
    return render(request, "portal/body_list.html", {
        "page_obj": _page(request, public_bodies()),
        "query_string": _query_string(request),
    })


@require_GET
def body_detail(request, credit_code):
    body = get_object_or_404(Body.objects.select_related("entrusting_body"),
                             credit_code=credit_code)
    return render(request, "portal/body_detail.html", {"body": body})


@require_GET
def officer_search(request):
    """Search by name (prefix) or certificate number (exact), optionally within one body."""
    form = OfficerSearchForm(request.GET or None)
    text, body_code = form.text, form.body_code
    body = Body.objects.filter(credit_code=body_code).first() if body_code else None
    page_obj = None
    today = timezone.localdate()
    if text or body:
        officers = public_officers()
        if body is not None:
            officers = officers.filter(body=body)
        elif body_code:
            officers = officers.none()
        if text:
            if looks_like_certificate_number(text):
                officers = officers.filter(certificates__number=text)
            else:
                officers = officers.filter(starts_with("name", text))
        page_obj = _page(request, officers)
        page_obj.object_list = with_public_status(page_obj.object_list, today)
    return render(request, "portal/officer_search.html", {
        "form": form,
        "body": body,
        "searched": bool(text or body_code),
        "page_obj": page_obj,
        "query_string": _query_string(request),
        "today": today,
    })


@require_GET
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
        "categories": officer.fields.all(),
        "public": public_status(status_of(officer, today), certificate=certificate),
        "today": today,
    })
