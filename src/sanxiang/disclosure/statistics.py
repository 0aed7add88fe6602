"""Enforcement statistics per body, year and quarter (R-PUB-09, R-SUP-05).

Counts are of decisions: one ``Disclosure`` is made per decision, whatever became of its
publication (blocked, not published by rule, withdrawn), so counting disclosures by their
``decided_on`` counts every decision exactly once. 检查 adds the random inspections
(双随机, R-INS-04): one per result a body recorded, by the day of the inspection. The
categories are the ones R-PUB-09 names — 许可, 处罚, 强制, 征收, 征用, 检查 and 其他 —
and a category prints ``0`` when the body holds that power (its enforcement item list in
force at the end of the period has an item of that category) and did nothing; ``None``
(shown as "—") when it holds no such power and did nothing.

Beside the counts (R-SUP-05): simple against general procedure, fines and confiscations
in 万元, hearings held, legal reviews decided and how many of them asked for a correction,
transfers to other bodies (judicial transfers included), withdrawals of publications.
Reconsideration and litigation outcomes have no record in the platform yet and are left
out rather than shown as zeros.

The previous year's figures are due by 31 January (``publication_deadline``). Until the
snapshot model exists, ``publish_statistics`` renders the PDF from live figures.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from sanxiang.catalog.models import Catalogue, EnforcementItem
from sanxiang.catalog.queries import current_version, entries_of
from sanxiang.disclosure.models import Disclosure

LICENSING = "licensing"
PENALTY = "penalty"
COERCION = "coercion"
LEVY = "levy"
REQUISITION = "requisition"
INSPECTION = "inspection"
OTHER = "other"

CATEGORIES = (
    (LICENSING, pgettext_lazy("statistics", "licensing")),
    (PENALTY, pgettext_lazy("statistics", "penalty")),
    (COERCION, pgettext_lazy("statistics", "compulsion")),
    (LEVY, pgettext_lazy("statistics", "levy")),
    (REQUISITION, pgettext_lazy("statistics", "requisition")),
    (INSPECTION, pgettext_lazy("statistics", "inspection")),
    (OTHER, pgettext_lazy("statistics", "other")),
)
CATEGORY_CODES = tuple(code for code, _label in CATEGORIES)

# Item-list categories → statistics categories; the rest (charge, confirmation, reward,
# adjudication, other) are "other".
ITEM_CATEGORY = {
    EnforcementItem.Category.LICENSING: LICENSING,
    EnforcementItem.Category.PENALTY: PENALTY,
    EnforcementItem.Category.COERCION: COERCION,
    EnforcementItem.Category.LEVY: LEVY,
    EnforcementItem.Category.REQUISITION: REQUISITION,
    EnforcementItem.Category.INSPECTION: INSPECTION,
}
DISCLOSURE_CATEGORY = {
    Disclosure.Category.LICENCE: LICENSING,
    Disclosure.Category.PENALTY: PENALTY,
    Disclosure.Category.COERCION: COERCION,
    Disclosure.Category.INSPECTION: INSPECTION,
}
SIMPLE_PROCEDURE = "penalty_simple"
TEN_THOUSAND = Decimal(10000)


def period_bounds(year: int, quarter: int | None = None) -> tuple[date, date]:
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1 to 4")
    first = date(year, 3 * quarter - 2, 1)
    if quarter == 4:
        return first, date(year, 12, 31)
    return first, date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def period_label(year: int, quarter: int | None = None) -> str:
    if quarter is None:
        return pgettext("statistics", "%(year)d") % {"year": year}
    return pgettext("statistics", "%(year)d, quarter %(quarter)d") % {
        "year": year, "quarter": quarter}


def publication_deadline(year: int) -> date:
    """A year's statistics are published by 31 January of the next year (R-PUB-09)."""
    return date(year + 1, 1, 31)


def powers_held(body, on: date) -> set[str]:
    """The statistics categories of the items in the body's item list in force on ``on``."""
    catalogue = Catalogue.objects.filter(body=body, kind=Catalogue.Kind.ITEMS).first()
    version = current_version(catalogue, on) if catalogue is not None else None
    if version is None:
        return set()
    categories = entries_of(version).values_list("category", flat=True).distinct()
    return {ITEM_CATEGORY.get(c, OTHER) for c in categories}


@dataclass
class CategoryCount:
    code: str
    label: str
    count: int | None  # None: the body holds no such power and did nothing

    @property
    def shown(self) -> str:
        return "—" if self.count is None else str(self.count)


@dataclass
class Figures:
    body: object
    year: int
    quarter: int | None
    first: date
    last: date
    categories: list[CategoryCount] = field(default_factory=list)
    total: int = 0
    simple: int = 0
    general: int = 0
    fines_wan: Decimal = Decimal("0")
    confiscated_wan: Decimal = Decimal("0")
    hearings: int = 0
    reviews: int = 0
    review_corrections: int = 0
    transfers: int = 0
    withdrawals: int = 0

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)

    def count(self, code: str) -> int | None:
        return next(c.count for c in self.categories if c.code == code)

    def chart_data(self) -> dict:
        return {"labels": [str(c.label) for c in self.categories],
                "values": [c.count or 0 for c in self.categories]}


def _wan(amount) -> Decimal:
    return (Decimal(amount or 0) / TEN_THOUSAND).quantize(Decimal("0.0001"))


def random_inspections(body_ids, first: date, last: date) -> dict[int, int]:
    """检查 by random inspection (双随机, R-INS-04): one per result a body recorded for an
    object inspected in the period — in a joint task each body counts its own. These are
    not cases, so they have no decision disclosure of their own to be counted by."""
    from sanxiang.inspections.models import Result

    return dict(Result.objects.filter(body_id__in=body_ids,
                                      inspected_on__range=(first, last))
                .values_list("body_id").annotate(n=Count("id")).values_list("body_id", "n"))


def figures(body, year: int, quarter: int | None = None) -> Figures:
    """The body's figures for a year or one quarter of it. A handful of aggregate queries."""
    first, last = period_bounds(year, quarter)
    result = Figures(body=body, year=year, quarter=quarter, first=first, last=last)
    decisions = Disclosure.objects.filter(body=body, decided_on__range=(first, last))
    by_category = dict(decisions.values_list("category").annotate(n=Count("id"))
                       .values_list("category", "n"))
    counts = dict.fromkeys(CATEGORY_CODES, 0)
    for category, n in by_category.items():
        counts[DISCLOSURE_CATEGORY.get(category, OTHER)] += n
    counts[INSPECTION] += random_inspections([body.pk], first, last).get(body.pk, 0)
    held = powers_held(body, last)
    for code, label in CATEGORIES:
        n = counts[code]
        result.categories.append(CategoryCount(code, str(label),
                                               n if n or code in held else None))
    result.total = sum(counts.values())

    penalties = decisions.filter(category=Disclosure.Category.PENALTY)
    penalty_cases = penalties.values("case_id").distinct()
    from sanxiang.cases.models import Case, StepRecord

    cases = Case.objects.filter(pk__in=penalty_cases)
    aggregate = cases.aggregate(
        simple=Count("id", filter=Q(procedure=SIMPLE_PROCEDURE)),
        general=Count("id", filter=~Q(procedure=SIMPLE_PROCEDURE)),
        fines=Sum("decided_fine"), confiscated=Sum("confiscated"),
        hearings=Count("id", filter=Q(hearing_held=True)))
    result.simple = aggregate["simple"]
    result.general = aggregate["general"]
    result.fines_wan = _wan(aggregate["fines"])
    result.confiscated_wan = _wan(aggregate["confiscated"])
    result.hearings = aggregate["hearings"]

    from sanxiang.review.models import Submission

    reviews = Submission.objects.filter(case__body=body, decided_on__range=(first, last))
    result.reviews = reviews.count()
    result.review_corrections = reviews.filter(
        outcome__in=[Submission.Outcome.REVISE, Submission.Outcome.REJECTED]).count()
    result.transfers = StepRecord.objects.filter(
        case__body=body, step="transfer", done_on__range=(first, last)).count()
    result.withdrawals = Disclosure.objects.filter(
        body=body, withdrawn_on__range=(first, last)).count()
    return result


def summaries(bodies, year: int) -> list[Figures]:
    """Counts by category and fines for many bodies in three queries (the overview page);
    the other figures stay zero here — ``figures`` gives them per body."""
    from sanxiang.catalog.queries import current_entries

    bodies = list(bodies)
    first, last = period_bounds(year)
    ids = [b.pk for b in bodies]
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(CATEGORY_CODES, 0) for pk in ids}
    rows = (Disclosure.objects.filter(body_id__in=ids, decided_on__range=(first, last))
            .values_list("body_id", "category").annotate(n=Count("id")))
    for body_id, category, n in rows:
        counts[body_id][DISCLOSURE_CATEGORY.get(category, OTHER)] += n
    for body_id, n in random_inspections(ids, first, last).items():
        counts[body_id][INSPECTION] += n
    held: dict[int, set[str]] = {pk: set() for pk in ids}
    for body_id, category in (current_entries(Catalogue.Kind.ITEMS, last)
                              .filter(catalogue__body_id__in=ids)
                              .values_list("catalogue__body_id", "category").distinct()):
        held[body_id].add(ITEM_CATEGORY.get(category, OTHER))
    fines = dict(Disclosure.objects.filter(body_id__in=ids, decided_on__range=(first, last),
                                           category=Disclosure.Category.PENALTY)
                 .values_list("body_id").annotate(total=Sum("case__decided_fine"))
                 .values_list("body_id", "total"))
    result = []
    for body in bodies:
        f = Figures(body=body, year=year, quarter=None, first=first, last=last)
        for code, label in CATEGORIES:
            n = counts[body.pk][code]
            f.categories.append(CategoryCount(code, str(label),
                                              n if n or code in held[body.pk] else None))
        f.total = sum(counts[body.pk].values())
        f.fines_wan = _wan(fines.get(body.pk))
        result.append(f)
    return result


def year_with_quarters(body, year: int) -> tuple[Figures, list[Figures]]:
    return figures(body, year), [figures(body, year, q) for q in (1, 2, 3, 4)]


def statistics_pdf(body, year: int, *, today: date | None = None, figures=None,
                   as_of: str | None = None) -> bytes:
    """The body's year in one PDF: the year, its quarters, the deadline (R-PUB-09).

    ``figures``: the (year, quarters) of a stored snapshot taken at ``as_of`` (the public
    PDF, ADR 0050); by default the live figures."""
    from sanxiang.core.pdf import render_pdf

    annual, quarters = figures if figures is not None else year_with_quarters(body, year)
    return render_pdf("disclosure/statistics_pdf.html", {
        "body": body, "year": year, "annual": annual, "quarters": quarters,
        "deadline": publication_deadline(year), "today": today, "as_of": as_of,
    })


def publish_statistics(*, acting_user, body, year: int) -> bytes:
    """The year's statistics for publication, as PDF.

    Until a snapshot model exists (asked for: ``disclosure.models.StatisticsRelease``), this
    checks the permission and the year and renders from the live figures; nothing is stored.
    """
    from django.utils import timezone

    from sanxiang.core.errors import PermissionDenied, RuleViolation
    from sanxiang.org.models import Body
    from sanxiang.org.roles import Role, has_role

    if not (has_role(acting_user, Role.CLERK, Role.HEAD, Role.ADMIN)
            and Body.objects.visible_to(acting_user).filter(pk=body.pk).exists()):
        raise PermissionDenied(_("Only the body's publication clerk or head may publish its "
                                 "statistics."))
    today = timezone.localdate()
    if year >= today.year:
        raise RuleViolation("R-PUB-09", _("Statistics are published for a year that has "
                                          "ended."), year=year)
    return statistics_pdf(body, year, today=today)
