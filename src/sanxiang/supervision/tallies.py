"""The dashboard's case figures, counted as cases change (R-SUP-01, ADR 0028).

The supervisor's dashboard counted the cases table on every page: cases per body,
procedure and state; penalties and fines per body; opened, decided and fined per month.
At a million cases those scans were the page's cost. ``CaseTally`` and ``CaseMonthTally``
hold the same figures per bucket, and the case actions keep them current through the
``CASE_CHANGED`` hook, inside their transaction: the case as it was before the action
(``before``) is taken out of its buckets, the case as it is now is added. Each bucket is
one upsert (``INSERT … ON CONFLICT … DO UPDATE``, the same SQL on PostgreSQL and SQLite),
in a fixed order of keys so two actions never wait on each other crosswise.

``rebuild`` recounts both tables from the cases (the data migration and
``manage case_tally rebuild``); ``differences`` compares them with a recount
(``manage case_tally check``, and the tests after every kind of case action).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

# A case's share of the buckets: {(table, key): [values]} (see ``_shares``).
TALLY, MONTH = "tally", "month"
COLUMNS = {TALLY: ("cases", "penalties", "fines_fen"),
           MONTH: ("opened", "decided", "fines_fen")}
KEYS = {TALLY: ("body_id", "procedure", "state"), MONTH: ("body_id", "month")}


def fen(amount) -> int:
    """Yuan as whole fen (the tables count money exactly, on SQLite too)."""
    if not amount:
        return 0
    return int((Decimal(str(amount)) * 100).to_integral_value())


def month_of(day: date) -> date:
    return day.replace(day=1)


def _shares(case) -> dict[tuple, list[int]]:
    """What ``case`` adds to the buckets."""
    shares: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    fine = fen(case.decided_fine) if case.decided_on else 0
    tally = shares[(TALLY, (case.body_id, case.procedure, case.state))]
    tally[0] += 1
    if fine > 0:
        tally[1] += 1
        tally[2] += fine
    shares[(MONTH, (case.body_id, month_of(case.opened_on)))][0] += 1
    if case.decided_on:
        decided = shares[(MONTH, (case.body_id, month_of(case.decided_on)))]
        decided[1] += 1
        decided[2] += fine
    return shares


def _upsert_sql(table: str) -> str:
    from sanxiang.supervision.models import CaseMonthTally, CaseTally

    db_table = (CaseTally if table == TALLY else CaseMonthTally)._meta.db_table
    keys, columns = KEYS[table], COLUMNS[table]
    names = ", ".join(keys + columns)
    marks = ", ".join(["%s"] * (len(keys) + len(columns)))
    added = ", ".join(f"{c} = {db_table}.{c} + excluded.{c}" for c in columns)
    # Only the fixed table and column names above go into the text; values are parameters.
    return (f"INSERT INTO {db_table} ({names}) VALUES ({marks}) "  # noqa: S608
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {added}")


def apply(case, before=None) -> None:
    """Move ``case`` from the buckets of ``before`` (None: a new case) to its own."""
    delta: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (table, key), values in _shares(case).items():
        delta[(table, key)] = [a + b for a, b in zip(delta[(table, key)], values, strict=True)]
    if before is not None:
        for (table, key), values in _shares(before).items():
            delta[(table, key)] = [a - b for a, b in
                                   zip(delta[(table, key)], values, strict=True)]
    changed = sorted(((table, key), values) for (table, key), values in delta.items()
                     if any(values))
    if not changed:
        return
    with connection.cursor() as cursor:
        for (table, key), values in changed:
            cursor.execute(_upsert_sql(table), [*key, *values])


def on_case_changed(*, case, before=None) -> None:
    """The ``CASE_CHANGED`` hook (registered in ``SupervisionConfig.ready``)."""
    apply(case, before)


# ---------------------------------------------------------------------------- recount


def recount(case_model=None) -> tuple[dict, dict]:
    """Both tables' contents counted from the cases: ({key: (values)}, {key: (values)})."""
    if case_model is None:
        from sanxiang.cases.models import Case as case_model
    cases = case_model.objects.order_by()
    fined = Q(decided_on__isnull=False, decided_fine__gt=0)
    tally = {}
    for row in (cases.values("body_id", "procedure", "state")
                .annotate(n=Count("id"), penalties=Count("id", filter=fined),
                          fines=Sum("decided_fine", filter=fined))):
        tally[(row["body_id"], row["procedure"], row["state"])] = (
            row["n"], row["penalties"], fen(row["fines"]))
    months: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in (cases.annotate(month=TruncMonth("opened_on")).values("body_id", "month")
                .annotate(n=Count("id"))):
        months[(row["body_id"], _day(row["month"]))][0] += row["n"]
    for row in (cases.filter(decided_on__isnull=False)
                .annotate(month=TruncMonth("decided_on")).values("body_id", "month")
                .annotate(n=Count("id"), fines=Sum("decided_fine"))):
        bucket = months[(row["body_id"], _day(row["month"]))]
        bucket[1] += row["n"]
        bucket[2] += fen(row["fines"])
    return tally, {key: tuple(values) for key, values in months.items()}


def _day(value) -> date:
    return value.date() if hasattr(value, "hour") else value


def stored(tally_model=None, month_model=None) -> tuple[dict, dict]:
    """Both tables' contents as ``recount`` gives them (buckets counted down to zero are
    left in place and skipped here)."""
    if tally_model is None or month_model is None:
        from sanxiang.supervision.models import CaseMonthTally as month_model
        from sanxiang.supervision.models import CaseTally as tally_model
    tally = {(r[0], r[1], r[2]): tuple(r[3:]) for r in tally_model.objects.values_list(
        "body_id", "procedure", "state", *COLUMNS[TALLY]) if any(r[3:])}
    months = {(r[0], r[1]): tuple(r[2:]) for r in month_model.objects.values_list(
        "body_id", "month", *COLUMNS[MONTH]) if any(r[2:])}
    return tally, months


def differences(limit: int = 20) -> list[str]:
    """Buckets whose stored figures differ from a recount (empty: the tables are right)."""
    found = []
    for name, counted, kept in zip(("case tally", "case tally by month"), recount(),
                                   stored(), strict=True):
        for key in sorted(set(counted) | set(kept), key=str):
            if counted.get(key) != kept.get(key):
                found.append(f"{name} {key}: stored {kept.get(key)}, "
                             f"counted {counted.get(key)}")
    return found[:limit] if limit else found


@transaction.atomic
def rebuild(case_model=None, tally_model=None, month_model=None) -> tuple[int, int]:
    """Replace both tables by a recount of the cases (the models may be a migration's
    historical ones). Returns the bucket counts written."""
    if tally_model is None or month_model is None:
        from sanxiang.supervision.models import CaseMonthTally as month_model
        from sanxiang.supervision.models import CaseTally as tally_model
    tally, months = recount(case_model)
    tally_model.objects.all().delete()
    month_model.objects.all().delete()
    tally_model.objects.bulk_create(
        [tally_model(body_id=body, procedure=procedure, state=state, cases=n, penalties=p,
                     fines_fen=f) for (body, procedure, state), (n, p, f) in tally.items()],
        batch_size=2000)
    month_model.objects.bulk_create(
        [month_model(body_id=body, month=month, opened=o, decided=d, fines_fen=f)
         for (body, month), (o, d, f) in months.items()], batch_size=2000)
    return len(tally), len(months)
