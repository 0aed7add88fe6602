"""Stored certificate validity: the days on which each certificate is valid (R-ORG-02/06).

The public pages show, for every officer, whether the certificate is valid *today*. The
rule (``sanxiang.org.qualification``) reads the certificate's dates, its cancellation, its
annual inspections, the officer's leaving and the rulebook's grace days; run per row it
cost a handful of queries and Python per officer on every page. But all those facts change
only through the org actions, so the answer for every future day is known when they
change: this module turns them into the intervals of days on which the certificate is
valid (``CertificateValidity`` rows) and the actions store them in their own transaction.
A page then asks one indexed question, ``valid_from <= today <= valid_until``.

Dates are stored, not a "valid" flag: a certificate that expires tonight is not valid
tomorrow without any job running, because tomorrow's query compares with tomorrow.

The validity on a day is piecewise constant between the days on which some fact takes
effect (issue, the day after expiry, cancellation, each inspection's record date, leaving,
each 1 January and each end of the January grace period, each rulebook change). The rule
itself is evaluated once per piece — by ``qualification._certificate_problems``, the same
function that decides R-ORG-03 — so the stored answer cannot drift from the rule.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta

from django.db import transaction

from sanxiang.core import public_cache, rulebook
from sanxiang.org.qualification import _certificate_problems

GRACE_KEY = "org.annual_inspection_grace_days"


def grace_function(rows, body_id) -> Callable[[date], int]:
    """The grace days in force on a day for ``body_id``, from the rulebook rows of the key
    (``(body_id, effective_from, value)``), as ``qualification._rule_per_body`` reads them:
    the body's own latest row in force wins over the national one."""
    own = sorted((r for r in rows if r[0] == body_id), key=lambda r: r[1])
    national = sorted((r for r in rows if r[0] is None), key=lambda r: r[1])
    default = rulebook.DEFAULTS[GRACE_KEY][0]

    def grace(on: date) -> int:
        for source in (own, national):
            value = None
            for _body, effective_from, row_value in source:
                if effective_from <= on:
                    value = row_value
            if value is not None:
                return int(value)
        return int(default)

    return grace


def intervals(certificate, *, left: bool, left_on: date | None, has_categories: bool,
              grace: Callable[[date], int], rule_dates: Iterable[date] = (),
              grace_values: Iterable[int] = ()) -> list[tuple[date, date]]:
    """The (first, last) days, inclusive, on which ``certificate`` is valid for the public
    register, given every fact recorded now. ``certificate.inspections.all()`` must hold
    its inspections (a prefetch); ``rule_dates`` and ``grace_values`` are the effective
    dates and values of every rulebook row of the grace days."""
    if not has_categories or (left and left_on is None):
        return []
    first, last = certificate.issued_on, certificate.expires_on
    inspections = list(certificate.inspections.all())
    breaks = {first, last + timedelta(days=1)}
    breaks.update(d for d in (certificate.cancelled_on, left_on) if d is not None)
    breaks.update(i.inspected_on for i in inspections)
    breaks.update(rule_dates)
    grace_values = {int(rulebook.DEFAULTS[GRACE_KEY][0]), *(int(g) for g in grace_values)}
    for year in range(first.year, last.year + 2):
        new_year = date(year, 1, 1)
        breaks.add(new_year)
        breaks.update(new_year + timedelta(days=g) for g in grace_values)
    starts = sorted(d for d in breaks if first <= d <= last)
    found: list[tuple[date, date]] = []
    for index, start in enumerate(starts):
        end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else last
        valid = (not (left and left_on <= start)
                 and not _certificate_problems(certificate, start, grace(start)))
        if not valid:
            continue
        if found and found[-1][1] == start - timedelta(days=1):
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
    return found


def _grace_rows():
    from sanxiang.core.models import RulebookEntry

    return list(RulebookEntry.objects.filter(key=GRACE_KEY)
                .values_list("body_id", "effective_from", "value"))


# The officers whose refresh waits for the end of a ``batched()`` block; None outside one.
_batch: ContextVar[set[int] | None] = ContextVar("validity_batch", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Refreshes asked for inside are done once, for all their officers, at the end of the
    block (inside the caller's transaction). For a register load: the demo's writes 250
    officers with 413 annual inspections, one refresh per write was about a quarter of the
    register's CPU. The stored rows depend only on the facts at the end, so they are the
    same; nothing inside the block may read them (the rule itself never does)."""
    if _batch.get() is not None:  # already batching
        yield
        return
    token = _batch.set(set())
    try:
        yield
        ids = _batch.get()
    finally:
        _batch.reset(token)
    refresh(ids)


def refresh(officer_ids: Iterable[int]) -> None:
    """Store again the validity of every certificate of these officers. Called by the
    actions that change a certificate, an inspection, an officer's leaving or categories,
    inside their transaction."""
    from sanxiang.org.models import Certificate, CertificateValidity, Officer

    ids = sorted(set(officer_ids))
    if not ids:
        return
    batch = _batch.get()
    if batch is not None:
        batch.update(ids)
        return
    rows = _grace_rows()
    rule_dates, grace_values = {r[1] for r in rows}, {int(r[2]) for r in rows}
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            officers = {o.pk: o for o in Officer.objects.filter(pk__in=chunk)
                        .only("status", "left_on", "body_id").prefetch_related("fields")}
            certificates = list(Certificate.objects.filter(officer_id__in=chunk)
                                .prefetch_related("inspections"))
            CertificateValidity.objects.filter(officer_id__in=chunk).delete()
            graces = {}
            new = []
            for certificate in certificates:
                officer = officers[certificate.officer_id]
                if officer.body_id not in graces:
                    graces[officer.body_id] = grace_function(rows, officer.body_id)
                for first, last in intervals(
                        certificate, left=officer.status == Officer.Status.LEFT,
                        left_on=officer.left_on,
                        has_categories=bool(officer.fields.all()),
                        grace=graces[officer.body_id], rule_dates=rule_dates,
                        grace_values=grace_values):
                    new.append(CertificateValidity(certificate=certificate, officer=officer,
                                                   valid_from=first, valid_until=last))
            CertificateValidity.objects.bulk_create(new, batch_size=2000)
        # The register's cached pages show validity; bulk writes send no signal.
        public_cache.bump(public_cache.REGISTER)


def refresh_all() -> None:
    """Every officer's certificates (``sanxiang manage certificate_validity``; after a
    change of the rulebook's grace days)."""
    from sanxiang.org.models import Officer

    refresh(Officer.objects.values_list("pk", flat=True))


def valid_certificate_ids(certificate_ids: Iterable[int], on: date) -> set[int]:
    """Which of these certificates are valid on ``on``: one indexed query."""
    from sanxiang.org.models import CertificateValidity

    ids = list(certificate_ids)
    if not ids:
        return set()
    return set(CertificateValidity.objects.filter(
        certificate_id__in=ids, valid_from__lte=on, valid_until__gte=on,
    ).values_list("certificate_id", flat=True))
