"""May these officers act? R-ORG-03 (持证上岗), R-ORG-04 (two officers), R-ORG-05 (reviewers).

An officer is qualified for an act of category C on day D when all of these hold:

1. the officer is in service on D (not left, or left after D);
2. C is one of the officer's enforcement categories;
3. one of the officer's certificates is *valid on D*:
   a. issued_on <= D <= expires_on (``expires_on`` is the last valid day);
   b. not cancelled on D (``cancelled_on`` is empty or later than D);
   c. its annual inspection (年度审验) stands, for Y = D's year and G the rulebook's
      ``org.annual_inspection_grace_days`` (per body, as in force on D):
      - no inspection for year Y-1 or Y recorded on or before D has failed;
      - it has a passed inspection for year Y-1, recorded on or before D, unless it was
        issued in Y-1 or Y (a new certificate is inspected from its first full year);
      - during the first G days of Y (D < 1 January + G days) the inspection of Y-1 may
        still be pending: then a passed inspection for Y-2, or an issue in Y-2 or later,
        is enough.

Only facts recorded as happening on or before D count, so the answer for a past act does not
change when later facts are recorded.

When no certificate is valid, the reasons name the problems of the certificate that was
current on D (the latest issued on or before D; failing that, the first issued after D).
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanxiang.core import rulebook
from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import RulebookEntry
from sanxiang.org.models import AnnualInspection, Body, Certificate, EnforcementField, Officer


@dataclass
class Qualification:
    officer: Officer
    ok: bool
    reasons: list[str] = field(default_factory=list)

    def __bool__(self):
        return self.ok


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _prefetch(officers) -> list[Officer]:
    officers = list(officers)
    prefetch_related_objects(
        officers,
        "fields",
        Prefetch("certificates", queryset=Certificate.objects.order_by("issued_on", "pk")),
        Prefetch("certificates__inspections", queryset=AnnualInspection.objects.order_by("year")),
    )
    return officers


def _grace_days(officers, on: date) -> dict[int, int]:
    """The grace days per body of ``officers``, from one rulebook query."""
    key = "org.annual_inspection_grace_days"
    return _rule_per_body(key, {o.body_id for o in officers}, on)


def _rule_per_body(key: str, body_ids, on: date) -> dict:
    """A rulebook value for many bodies at once (``rulebook.get`` asks one body at a time)."""
    rows = RulebookEntry.objects.filter(key=key, effective_from__lte=on).filter(
        Q(body__isnull=True) | Q(body_id__in=list(body_ids))
    ).order_by("effective_from", "id").values_list("body_id", "value")
    national = rulebook.DEFAULTS[key][0]
    per_body = {}
    for body_id, value in rows:  # ascending: the latest row wins
        if body_id is None:
            national = value
        else:
            per_body[body_id] = value
    return {body_id: per_body.get(body_id, national) for body_id in body_ids}


def _inspection_problem(certificate: Certificate, on: date, grace_days: int) -> str | None:
    year = on.year
    in_grace = on < date(year, 1, 1) + timedelta(days=grace_days)
    accepted_years = {year - 1, year - 2} if in_grace else {year - 1}
    known = [i for i in certificate.inspections.all() if i.inspected_on <= on]
    failed = AnnualInspection.Result.FAILED
    for inspection in known:
        if inspection.year in {year - 1, year} and inspection.result == failed:
            return _("Certificate %(number)s failed its annual inspection for %(year)d.") % {
                "number": certificate.number, "year": inspection.year}
    if certificate.issued_on.year >= min(accepted_years):
        return None
    if any(i.year in accepted_years and i.result == AnnualInspection.Result.PASSED
           for i in known):
        return None
    return _("Certificate %(number)s has not passed its annual inspection for %(year)d.") % {
        "number": certificate.number, "year": year - 1}


def _certificate_problems(certificate: Certificate, on: date, grace_days: int) -> list[str]:
    problems = []
    if on < certificate.issued_on:
        problems.append(_("Certificate %(number)s is valid only from %(date)s.") % {
            "number": certificate.number, "date": _day(certificate.issued_on)})
    if on > certificate.expires_on:
        problems.append(_("Certificate %(number)s expired on %(date)s.") % {
            "number": certificate.number, "date": _day(certificate.expires_on)})
    if certificate.cancelled_on is not None and certificate.cancelled_on <= on:
        problems.append(_("Certificate %(number)s was cancelled on %(date)s.") % {
            "number": certificate.number, "date": _day(certificate.cancelled_on)})
    if not problems:
        problem = _inspection_problem(certificate, on, grace_days)
        if problem:
            problems.append(problem)
    return problems


def _assess(officer: Officer, category: EnforcementField | None, category_code: str, on: date,
            grace_days: int) -> Qualification:
    reasons = []
    if officer.status == Officer.Status.LEFT and (officer.left_on is None or officer.left_on <= on):
        reasons.append(_("%(name)s left on %(date)s.") % {
            "name": officer.name,
            "date": _day(officer.left_on) if officer.left_on else _("an unknown date")})
    if category is None:
        reasons.append(_("There is no enforcement category with the code %(code)s.")
                       % {"code": category_code})
    elif category.pk not in {f.pk for f in officer.fields.all()}:
        reasons.append(_("%(name)s is not authorised for %(category)s.") % {
            "name": officer.name, "category": category.name})
    certificates = list(officer.certificates.all())
    if not certificates:
        reasons.append(_("%(name)s holds no enforcement certificate.") % {"name": officer.name})
    else:
        checked = [(c, _certificate_problems(c, on, grace_days)) for c in certificates]
        if not any(not problems for _c, problems in checked):
            current = [c for c in certificates if c.issued_on <= on] or certificates[:1]
            shown = max(current, key=lambda c: (c.issued_on, c.pk))
            reasons.extend(dict(checked)[shown])
    return Qualification(officer=officer, ok=not reasons, reasons=reasons)


def check_qualifications(officers, *, category_code: str, on: date) -> list[Qualification]:
    """``check_qualification`` for many officers in a fixed number of queries."""
    officers = _prefetch(officers)
    category = EnforcementField.objects.filter(code=category_code).first()
    grace = _grace_days(officers, on)
    return [_assess(o, category, category_code, on, grace[o.body_id]) for o in officers]


def check_qualification(officer: Officer, *, category_code: str, on: date) -> Qualification:
    return check_qualifications([officer], category_code=category_code, on=on)[0]


def require_qualified(officers, *, category_code: str, on: date) -> None:
    """R-ORG-03: raise, listing every problem of every officer, unless all are qualified."""
    results = check_qualifications(officers, category_code=category_code, on=on)
    failing = [r for r in results if not r.ok]
    if failing:
        raise RuleViolation(
            "R-ORG-03",
            "；".join(reason for r in failing for reason in r.reasons),
            reasons={r.officer.pk: r.reasons for r in failing},
        )


def require_two_officers(officers, *, category_code: str, on: date, body=None) -> None:
    """R-ORG-04: at least the rulebook's minimum of distinct officers, all qualified."""
    officers = list({o.pk: o for o in officers}.values())
    body = body if body is not None else (officers[0].body if officers else None)
    minimum = rulebook.get("org.min_officers_per_act", body=body, on=on)
    if len(officers) < minimum:
        raise RuleViolation(
            "R-ORG-04",
            _("This act must be carried out by at least %(minimum)d enforcement officers; "
              "%(count)d named.") % {"minimum": minimum, "count": len(officers)},
        )
    require_qualified(officers, category_code=category_code, on=on)


# --------------------------------------------------------------------------------------
# R-ORG-05: legal reviewers


@dataclass(frozen=True)
class ReviewerRatio:
    body: Body
    officers: int  # active officers, reviewers included
    reviewers: int  # active officers flagged as legal reviewers
    ratio: float  # reviewers / officers (0 when there are no officers)
    required: int  # max(ceil(officers × rulebook ratio), rulebook minimum)
    shortfall: bool


def with_reviewer_counts(bodies):
    """Annotate ``officer_count`` and ``reviewer_count`` in the query itself."""
    active = Q(officers__status=Officer.Status.ACTIVE)
    return bodies.annotate(
        officer_count=Count("officers", filter=active),
        reviewer_count=Count("officers", filter=active & Q(officers__is_reviewer=True)),
    )


class ReviewerRules:
    """The R-ORG-05 ratio and minimum for many bodies, read in one query per key."""

    def __init__(self, body_ids, *, on: date | None = None):
        on = on or timezone.localdate()
        body_ids = set(body_ids)
        self.ratios = _rule_per_body("org.reviewer_ratio_min", body_ids, on)
        self.minimums = _rule_per_body("org.reviewer_count_min", body_ids, on)

    def assess(self, body, officers: int, reviewers: int) -> ReviewerRatio:
        # Fraction: 60 × 0.05 must be 3, not the float 3.0000000000000004 rounded up to 4.
        required = max(math.ceil(officers * Fraction(str(self.ratios[body.pk]))),
                       int(self.minimums[body.pk]))
        return ReviewerRatio(
            body=body, officers=officers, reviewers=reviewers,
            ratio=reviewers / officers if officers else 0.0, required=required,
            shortfall=reviewers < required,
        )


def reviewer_ratios(bodies, *, on: date | None = None) -> list[ReviewerRatio]:
    """Per body of the queryset ``bodies``: one aggregate query plus the rulebook's two."""
    annotated = list(with_reviewer_counts(bodies))
    rules = ReviewerRules([b.pk for b in annotated], on=on)
    return [rules.assess(b, b.officer_count, b.reviewer_count) for b in annotated]


def reviewer_ratio(body: Body, *, on: date | None = None) -> ReviewerRatio:
    return reviewer_ratios(Body.objects.filter(pk=body.pk), on=on)[0]
