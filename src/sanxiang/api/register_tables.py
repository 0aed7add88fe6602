"""The public register as tables, for the open-data downloads (CSV and Excel).

The columns are the public fields and nothing else — the same set the JSON API returns
(``sanxiang.org.api``): bodies per R-ORG-01 minus internal fields, officers per R-ORG-06
(never a phone). Rows are generated over ``.iterator()`` in keyset chunks, so a download
of a province's register streams in flat memory.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.org.models import Body, Officer
from sanxiang.workbench.staffing import public_statuses

OFFICER_CHUNK = 500


def body_header() -> list[str]:
    return [
        _("Unified social credit code"), _("Name"), _("Short name"), _("Nature"),
        _("Kind of subject"), _("Region code"), _("Legal representative"), _("Address"),
        _("Complaint and report phone"), _("Supervising body"), _("Entrusting body"),
        _("Entrustment agreement"), _("Duties and powers"),
    ]


def officer_header() -> list[str]:
    return [
        _("Full name"), _("Body"), _("Post"), _("Certificate number"),
        _("Enforcement categories"), _("Enforcement areas"), _("Certificate valid today"),
    ]


@dataclass
class Table:
    """A download: file name without extension, sheet title, header, and rows."""

    name: str
    sheet: str
    header: list
    rows: Iterable


def bodies_table() -> Table:
    return Table(name=_("Enforcement bodies"), sheet=_("Enforcement bodies"),
                 header=body_header(), rows=body_rows())


def officers_table(body: Body) -> Table:
    return Table(name=_("%(body)s enforcement officers") % {"body": body.name},
                 sheet=_("Enforcement officers"), header=officer_header(),
                 rows=officer_rows(body))


def body_rows():
    bodies = Body.objects.select_related("entrusting_body").only(
        "credit_code", "name", "short_name", "nature", "subject_kind", "region_code",
        "legal_representative", "address", "complaint_phone", "supervising_body",
        "entrustment_agreement", "duties", "entrusting_body__name",
    ).order_by("pk")
    for body in bodies.iterator(chunk_size=2000):
        yield [
            body.credit_code, body.name, body.short_name, str(body.get_nature_display()),
            str(body.get_subject_kind_display()), body.region_code,
            body.legal_representative, body.address, body.complaint_phone,
            body.supervising_body,
            body.entrusting_body.name if body.entrusting_body_id else "",
            body.entrustment_agreement, body.duties,
        ]


def officer_rows(body: Body):
    """The in-service officers of ``body`` with today's certificate standing (R-ORG-06)."""
    today = timezone.localdate()
    officers = Officer.objects.active().filter(body=body).only(
        "name", "post", "areas", "status", "left_on", "is_reviewer", "legal_qualification",
        "body_id",
    ).order_by("pk")
    last = 0
    while True:
        # Keyset chunks: the certificates and their stored validity are read per chunk.
        chunk = list(officers.filter(pk__gt=last).prefetch_related("fields")[:OFFICER_CHUNK])
        if not chunk:
            return
        statuses = public_statuses(chunk, today)
        for officer in chunk:
            public = statuses[officer.pk]
            yield [
                officer.name, body.name, officer.post,
                public.certificate.number if public.certificate else "",
                "、".join(f.name for f in officer.fields.all()), officer.areas,
                _("Yes") if public.valid else _("No"),
            ]
        last = chunk[-1].pk
