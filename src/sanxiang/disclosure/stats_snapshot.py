"""The public statistics as stored snapshots (R-PUB-09; docs/adr/0050-statistics-snapshot.md).

The public page (/statistics/) used to compute each body's figures per request: five
periods of a dozen aggregate queries over decisions, cases, reviews and step records. Its
figures move with every case step of every body, so a page cache keyed by a version row
would have needed that row written by every case write of every body (ADR 0040). Instead
the figures of every body for the ended years shown are taken together, a few grouped
queries over the whole window, by the worker at most every ``SANXIANG_STATISTICS_MINUTES``
(and by ``sanxiang manage statistics_snapshot`` on demand), and stored as rows. The page
reads one body's five rows of the newest snapshot, says "统计截至…" with the snapshot's
time, and is cached under the ``statistics`` area, which moves once per snapshot.

``statistics.figures`` stays the definition: the tests compare every stored row with it.
"""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone

from sanxiang.disclosure import statistics as st
from sanxiang.disclosure.models import Disclosure, StatisticsFigure, StatisticsSnapshot

YEARS_SHOWN = 5
KEEP = 2  # the newest and the one before: a page being built keeps the rows it reads

_COUNTED = ("simple", "general", "hearings", "reviews", "review_corrections", "transfers",
            "withdrawals")


def ended_years(today: date) -> list[int]:
    """The years the public page offers: the last ``YEARS_SHOWN`` ended ones, newest first."""
    return list(range(today.year - 1, today.year - 1 - YEARS_SHOWN, -1))


def _periods(years):
    for year in years:
        for quarter in (1, 2, 3, 4):
            yield year, quarter


def _period(date_field: str, years) -> Case:
    """The quarter ``date_field`` falls in, as year × 10 + quarter: plain comparisons of the
    column with the quarters' bounds, which every database runs natively (SQLite runs
    ``ExtractYear`` and ``ExtractQuarter`` as Python functions, once per row)."""
    return Case(*(When(**{f"{date_field}__range": st.period_bounds(year, quarter)},
                       then=Value(year * 10 + quarter)) for year, quarter in _periods(years)),
                output_field=IntegerField())


def _grouped(queryset, date_field, years, body_field="body_id"):
    """``queryset`` counted by (body, year, quarter) of ``date_field``."""
    rows = (queryset.annotate(p=_period(date_field, years)).values_list(body_field, "p")
            .annotate(n=Count("id")).order_by())
    return [(body, p // 10, p % 10, n) for body, p, n in rows]


def compute(years: list[int]) -> dict[tuple[int, int, int], dict]:
    """Every body's figures for each year of ``years`` (quarter 0) and its quarters:
    (body id, year, quarter) → the fields of a ``StatisticsFigure``. Grouped queries over
    the window, whatever the number of bodies: ≈ 30 statements for five years."""
    from sanxiang.cases.models import Case, StepRecord
    from sanxiang.catalog.models import Catalogue
    from sanxiang.catalog.queries import current_entries
    from sanxiang.inspections.models import Result
    from sanxiang.org.models import Body
    from sanxiang.review.models import Submission

    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    body_ids = list(Body.objects.order_by("pk").values_list("pk", flat=True))
    zero = {"categories": dict.fromkeys(st.CATEGORY_CODES, 0), "fines": Decimal(0),
            "confiscated": Decimal(0), **dict.fromkeys(_COUNTED, 0)}
    quarters: dict[tuple, dict] = defaultdict(
        lambda: {**zero, "categories": dict(zero["categories"])})

    window = Disclosure.objects.filter(decided_on__range=(first, last))
    for body_id, p, category, n in (
            window.annotate(p=_period("decided_on", years))
            .values_list("body_id", "p", "category").annotate(n=Count("id")).order_by()):
        quarters[body_id, p // 10, p % 10]["categories"][
            st.DISCLOSURE_CATEGORY.get(category, st.OTHER)] += n
    for body_id, y, q, n in _grouped(Result.objects.filter(inspected_on__range=(first, last)),
                                     "inspected_on", years):
        quarters[body_id, y, q]["categories"][st.INSPECTION] += n

    # Penalty cases: each counted once per period, as ``figures`` counts distinct cases.
    penalty_rows = (window.filter(category=Disclosure.Category.PENALTY)
                    .annotate(p=_period("decided_on", years))
                    .values_list("body_id", "p", "case_id").distinct().order_by())
    cases_by_period: dict[tuple, set] = defaultdict(set)
    case_ids = set()
    for body_id, p, case_id in penalty_rows.iterator(chunk_size=10_000):
        cases_by_period[body_id, p // 10, p % 10].add(case_id)
        case_ids.add(case_id)
    case_facts = {}
    ids = sorted(case_ids)
    for start in range(0, len(ids), 10_000):
        for pk, procedure, fine, confiscated, hearing in Case.objects.filter(
                pk__in=ids[start:start + 10_000]).values_list(
                "pk", "procedure", "decided_fine", "confiscated", "hearing_held"):
            case_facts[pk] = (procedure == st.SIMPLE_PROCEDURE, fine or Decimal(0),
                              confiscated or Decimal(0), hearing)

    def add_cases(target, cases):
        for case_id in cases:
            simple, fine, confiscated, hearing = case_facts[case_id]
            target["simple" if simple else "general"] += 1
            target["fines"] += fine
            target["confiscated"] += confiscated
            target["hearings"] += hearing

    for key, cases in cases_by_period.items():
        add_cases(quarters[key], cases)

    reviews = Submission.objects.filter(decided_on__range=(first, last))
    for body_id, y, q, n in _grouped(reviews, "decided_on", years, "case__body_id"):
        quarters[body_id, y, q]["reviews"] += n
    for body_id, y, q, n in _grouped(
            reviews.filter(outcome__in=[Submission.Outcome.REVISE,
                                        Submission.Outcome.REJECTED]),
            "decided_on", years, "case__body_id"):
        quarters[body_id, y, q]["review_corrections"] += n
    for body_id, y, q, n in _grouped(
            StepRecord.objects.filter(step="transfer", done_on__range=(first, last)),
            "done_on", years, "case__body_id"):
        quarters[body_id, y, q]["transfers"] += n
    for body_id, y, q, n in _grouped(
            Disclosure.objects.filter(withdrawn_on__range=(first, last)), "withdrawn_on",
            years):
        quarters[body_id, y, q]["withdrawals"] += n

    # The powers each body holds at the end of each period (its item list then in force).
    held: dict[tuple, set] = defaultdict(set)
    for year, quarter in _periods(years):
        on = st.period_bounds(year, quarter)[1]
        for body_id, category in (current_entries(Catalogue.Kind.ITEMS, on)
                                  .values_list("catalogue__body_id", "category")
                                  .distinct().order_by()):
            held[body_id, year, quarter].add(st.ITEM_CATEGORY.get(category, st.OTHER))

    result = {}
    for body_id in body_ids:
        for year in years:
            annual = {**zero, "categories": dict(zero["categories"])}
            for quarter in (1, 2, 3, 4):
                facts = quarters.get((body_id, year, quarter), zero)
                result[body_id, year, quarter] = _row(facts, held[body_id, year, quarter])
                for code, n in facts["categories"].items():
                    annual["categories"][code] += n
                for name in _COUNTED:
                    if name not in ("simple", "general", "hearings"):
                        annual[name] += facts[name]
            # A case decided in two quarters of the year is one case of the year.
            add_cases(annual, set().union(*(cases_by_period.get((body_id, year, q), ())
                                            for q in (1, 2, 3, 4))))
            result[body_id, year, 0] = _row(annual, held[body_id, year, 4])
    return result


def _row(facts, held) -> dict:
    row = {code: (n if n or code in held else None)
           for code, n in facts["categories"].items()}
    row["total"] = sum(facts["categories"].values())
    row["fines_wan"] = st._wan(facts["fines"])
    row["confiscated_wan"] = st._wan(facts["confiscated"])
    for name in _COUNTED:
        row[name] = facts[name]
    return row


def take(now: datetime | None = None) -> StatisticsSnapshot:
    """Compute every body's figures and store them as the newest snapshot; older snapshots
    beyond the last ``KEEP`` are dropped. The snapshot's save moves the ``statistics`` area
    of the page cache in the same transaction (``core.public_cache``)."""
    now = now or timezone.now()
    years = ended_years(timezone.localdate(now))
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Every query of the computation sees the database as of one moment. (Not on
        # SQLite, whose transactions here take the write lock: there each statement reads
        # the state of its own moment, within the minute the computation takes.)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            rows = compute(years)
    else:
        rows = compute(years)
    # Each body's year as the public page shows it, rendered once here so that a page the
    # cache has not seen reads one row instead of rendering 85 cells and a chart
    # (docs/adr/0074-public-pages-stored-by-their-writers.md).
    fragments = {(body_id, year): figures_html(*_figures(
        {q: SimpleNamespace(**rows[body_id, year, q]) for q in range(5)}, None, year), year)
        for (body_id, year, quarter) in rows if quarter == 0}
    with transaction.atomic():
        snapshot = StatisticsSnapshot.objects.create(taken_at=now, first_year=min(years),
                                                     last_year=max(years))
        StatisticsFigure.objects.bulk_create(
            (StatisticsFigure(snapshot=snapshot, body_id=body_id, year=year, quarter=quarter,
                              fragment=fragments[body_id, year] if quarter == 0 else "",
                              **fields)
             for (body_id, year, quarter), fields in rows.items()), batch_size=2_000)
        old = list(StatisticsSnapshot.objects.order_by("-taken_at", "-pk")
                   .values_list("pk", flat=True)[KEEP:])
        if old:
            StatisticsFigure.objects.filter(snapshot_id__in=old).delete()
            for stale in StatisticsSnapshot.objects.filter(pk__in=old):
                stale.delete()  # one by one: each delete moves the cache's area
    return snapshot


def latest() -> StatisticsSnapshot | None:
    return StatisticsSnapshot.objects.order_by("-taken_at", "-pk").first()


def figures_of(snapshot: StatisticsSnapshot, body, year: int):
    """The body's year and its four quarters from ``snapshot`` as ``statistics.Figures``
    (as ``statistics.year_with_quarters`` gives them live), or None when the snapshot does
    not hold that year or body."""
    rows = {row.quarter: row for row in StatisticsFigure.objects.filter(
        snapshot=snapshot, body_id=body.pk, year=year)}
    if len(rows) != 5:
        return None
    return _figures(rows, body, year)


def _figures(rows, body, year: int):
    """(the year, its four quarters) as ``statistics.Figures`` from rows by quarter (0: the
    year) holding a ``StatisticsFigure``'s fields."""
    made = {}
    for quarter, row in rows.items():
        first, last = st.period_bounds(year, quarter or None)
        f = st.Figures(body=body, year=year, quarter=quarter or None, first=first, last=last)
        for code, label in st.CATEGORIES:
            f.categories.append(st.CategoryCount(code, str(label), getattr(row, code)))
        for name in ("total", "fines_wan", "confiscated_wan", *_COUNTED):
            setattr(f, name, getattr(row, name))
        made[quarter] = f
    return made[0], [made[q] for q in (1, 2, 3, 4)]


def figures_html(annual, quarters, year: int) -> str:
    """A body's year on the public page: the chart, its data and the table of the year and
    its quarters (``public_statistics_figures.html``). Nothing in it depends on the request
    or on the body's name, so the snapshot stores it."""
    from django.template.loader import render_to_string

    from sanxiang.disclosure.stats_public_views import chart

    return render_to_string("disclosure/public_statistics_figures.html", {
        "year": year, "categories": st.CATEGORIES, "periods": [*quarters, annual],
        "chart": chart(annual), "chart_data": annual.chart_data()})


def page_row(credit_code: str, year: int):
    """(body, newest snapshot or None, the body's stored year: str, "" when that snapshot
    stored none, None when it holds no such year) for the public page, or None when no
    body has ``credit_code``: one written-out statement (body by its unique code, the
    newest snapshot, its row of the body's year by the unique key) in place of the ORM's
    three, whose building cost more than running them (docs/adr/0074)."""
    from sanxiang.org.models import Body

    quote = connection.ops.quote_name
    b, s, f = Body._meta, StatisticsSnapshot._meta, StatisticsFigure._meta

    def col(meta, alias, name):
        return f"{alias}.{quote(meta.get_field(name).column)}"

    sql = (f"SELECT {col(b, 'b', 'id')}, {col(b, 'b', 'name')}, s.id, s.taken_at, "  # noqa: S608
           f"{col(f, 'f', 'fragment')} FROM {quote(b.db_table)} b "
           f"LEFT JOIN (SELECT {quote(s.pk.column)} AS id, "
           f"{quote(s.get_field('taken_at').column)} AS taken_at FROM {quote(s.db_table)} "
           f"ORDER BY {quote(s.get_field('taken_at').column)} DESC, {quote(s.pk.column)} DESC "
           f"LIMIT 1) s ON 1 = 1 "
           f"LEFT JOIN {quote(f.db_table)} f ON {col(f, 'f', 'snapshot')} = s.id "
           f"AND {col(f, 'f', 'body')} = {col(b, 'b', 'id')} AND {col(f, 'f', 'year')} = %s "
           f"AND {col(f, 'f', 'quarter')} = 0 "
           f"WHERE {col(b, 'b', 'credit_code')} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, credit_code])
        row = cursor.fetchone()
    if row is None:
        return None
    body_id, name, snapshot_id, taken_at, fragment = row
    body = Body(pk=body_id, name=name, credit_code=credit_code)
    if snapshot_id is None:
        return body, None, None
    if connection.vendor == "sqlite":  # text or a naive datetime: as the ORM reads it
        taken_at = connection.ops.convert_datetimefield_value(taken_at, None, connection)
    return body, StatisticsSnapshot(pk=snapshot_id, taken_at=taken_at), fragment
