"""What pages show about staffing: reviewer ratios (R-ORG-05) and qualification (R-ORG-03).

The rules themselves live in ``sanxiang.org.qualification``; this module only shapes their
answers for templates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from sanxiang.org.models import Body, Certificate, CertificateValidity, Officer
from sanxiang.org.qualification import check_qualifications, reviewer_ratios
from sanxiang.org.validity import valid_certificate_ids


@dataclass(frozen=True)
class Ratio:
    body: Body
    officers: int
    reviewers: int
    required: int
    ratio: float
    shortfall: bool

    @property
    def missing(self) -> int:
        return max(self.required - self.reviewers, 0)

    @property
    def percent(self) -> str:
        return f"{self.ratio * 100:.1f}%" if self.officers else "—"


def ratios(bodies) -> list[Ratio]:
    return [
        Ratio(body=r.body, officers=r.officers, reviewers=r.reviewers, required=r.required,
              ratio=r.ratio, shortfall=r.shortfall)
        for r in reviewer_ratios(bodies)
    ]


def ratio_of(body: Body) -> Ratio:
    return ratios(Body.objects.filter(pk=body.pk))[0]


@dataclass(frozen=True)
class Status:
    """An officer's standing on a day: may they take part in an enforcement act at all?"""

    on: date
    ok: bool
    reasons: list[str] = field(default_factory=list)
    certificate: Certificate | None = None


def current_certificate(officer: Officer, on: date) -> Certificate | None:
    """The certificate to show: the live one running longest, else the latest issued."""
    return choose_certificate(list(officer.certificates.all()), on)


def choose_certificate(certificates: list[Certificate], on: date) -> Certificate | None:
    """``current_certificate`` among ``certificates`` (one officer's, all of them)."""
    live = [c for c in certificates
            if c.issued_on <= on and (c.cancelled_on is None or c.cancelled_on > on)]
    if live:
        return max(live, key=lambda c: (c.expires_on, c.pk))
    return max(certificates, key=lambda c: (c.issued_on, c.pk), default=None)


def standings(officers, on: date) -> dict[int, Status]:
    """``Status`` per officer id, in a few queries per enforcement category on the page.

    Qualification is asked for one of the officer's own categories, so the answer is about
    the officer and the certificate — in service, certificate valid, inspection passed —
    not about any particular act.
    """
    officers = list(officers)
    by_category: dict[str, list[Officer]] = defaultdict(list)
    result: dict[int, Status] = {}
    for officer in officers:
        codes = sorted(f.code for f in officer.fields.all())
        if codes:
            by_category[codes[0]].append(officer)
        else:
            result[officer.pk] = Status(
                on=on, ok=False,
                reasons=[_("No enforcement category is recorded for %(name)s.")
                         % {"name": officer.name}],
            )
    for code, group in by_category.items():
        for answer in check_qualifications(group, category_code=code, on=on):
            result[answer.officer.pk] = Status(on=on, ok=answer.ok,
                                               reasons=list(answer.reasons))
    return {
        officer.pk: Status(on=on, ok=result[officer.pk].ok, reasons=result[officer.pk].reasons,
                           certificate=current_certificate(officer, on))
        for officer in officers
    }


def status_of(officer: Officer, on: date) -> Status:
    return standings(Officer.objects.filter(pk=officer.pk).prefetch_related("fields"), on)[
        officer.pk
    ]


@dataclass(frozen=True)
class PublicStatus:
    """What the portal says of a certificate (R-ORG-06): valid today or not, no reasons."""

    valid: bool
    certificate: Certificate | None


def public_status(status: Status, *, certificate: Certificate | None = None) -> PublicStatus:
    """``certificate`` is the one the visitor asked about; only the current one can be valid."""
    shown = certificate or status.certificate
    valid = (status.ok and shown is not None and status.certificate is not None
             and shown.pk == status.certificate.pk)
    return PublicStatus(valid=valid, certificate=shown)


def public_statuses(officers, on: date) -> dict[int, PublicStatus]:
    """``PublicStatus`` per officer id from the stored validity (``sanxiang.org.validity``).

    One query: the officers' certificates, each with whether it is stored as valid on ``on``
    (an indexed ``EXISTS``); if the caller prefetched ``certificates``, those and one indexed
    query for the shown ones. No rule is run per row.
    """
    officers = list(officers)
    if all("certificates" in getattr(o, "_prefetched_objects_cache", {}) for o in officers):
        shown = {officer.pk: current_certificate(officer, on) for officer in officers}
        valid = valid_certificate_ids([c.pk for c in shown.values() if c is not None], on)
        return {pk: PublicStatus(valid=c is not None and c.pk in valid, certificate=c)
                for pk, c in shown.items()}
    if not officers:
        return {}
    by_officer: dict[int, list[Certificate]] = {officer.pk: [] for officer in officers}
    ids = list(by_officer)
    # Raw SQL: the ORM's compilation of this EXISTS cost more than running it.
    sql = _CERTIFICATES_WITH_VALIDITY.format(marks=", ".join(["%s"] * len(ids)))
    for certificate in Certificate.objects.raw(sql, [on, on, *ids]):
        by_officer[certificate.officer_id].append(certificate)
    result = {}
    for pk, certificates in by_officer.items():
        shown = choose_certificate(certificates, on)
        result[pk] = PublicStatus(valid=shown is not None and bool(shown.stored_valid),
                                  certificate=shown)
    return result


def _certificates_with_validity_sql() -> str:
    certificate, validity = Certificate._meta, CertificateValidity._meta
    columns = ", ".join(f"c.{f.column}" for f in certificate.concrete_fields)
    column = {f.name: f.column for f in validity.concrete_fields}
    # Table and column names from the models' metadata; every value is a parameter.
    return (f"SELECT {columns}, EXISTS (SELECT 1 FROM {validity.db_table} v "  # noqa: S608
            f"WHERE v.{column['certificate']} = c.{certificate.pk.column} "
            f"AND v.{column['valid_from']} <= %s AND v.{column['valid_until']} >= %s) "
            f"AS stored_valid FROM {certificate.db_table} c "
            f"WHERE c.{certificate.get_field('officer').column} IN ({{marks}})")


_CERTIFICATES_WITH_VALIDITY = _certificates_with_validity_sql()


def public_status_of_certificate(certificate: Certificate, on: date) -> PublicStatus:
    """What the page a document's QR code opens says: only the officer's current
    certificate can be valid, and only on a day it is stored as valid.

    The officer's certificates and the stored validity in one query (``public_statuses``)
    rather than two built by the ORM (docs/adr/0038-portal-cache-hit-cost.md)."""
    current = public_statuses([certificate.officer], on)[certificate.officer_id]
    valid = (current.valid and current.certificate is not None
             and current.certificate.pk == certificate.pk)
    return PublicStatus(valid=valid, certificate=certificate)
