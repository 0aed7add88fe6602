"""Recording the discretion factors of a case (R-AST-01, R-AST-02).

The officers on the case (or the head) record which level of each factor of the benchmark
applies; the newest record counts. Each record is a ledger event. The check of a proposed
or decided penalty against the suggestion is part of the case engine (``gate``), so every
path that records a step meets it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.cases.models import Case
from sanxiang.cases.permissions import require_case_officer
from sanxiang.core.errors import RuleViolation
from sanxiang.discretion import benchmarks
from sanxiang.discretion.models import FactorRecord
from sanxiang.ledger.events import EventKind


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
        raise RuleViolation("DATA", _("The illegal gains or value of the goods must be an "
                                      "amount in yuan."), field="base_amount")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def record_factors(*, acting_user, case: Case, violation: str, values: dict,
                   base_amount=None, note: str = "", item_code: str | None = None
                   ) -> FactorRecord:
    """Record the factors of ``violation`` (a violation of the case's item in the body's
    裁量基准): ``values`` is {factor name: level name}; every factor needs a level."""
    case = Case.objects.select_for_update().select_related("body").get(pk=case.pk)
    require_case_officer(acting_user, case)
    if case.state != Case.State.OPEN:
        raise RuleViolation("CASE", _("This case is %(state)s; its discretion factors can "
                                      "no longer be changed.")
                            % {"state": case.get_state_display()})
    item_code = item_code if item_code is not None else benchmarks.item_code_of(case)
    found = benchmarks.violations(case.body_id, item_code)
    entries = found.get(violation)
    factors = benchmarks.factors_of(entries or [])
    if not factors:
        raise RuleViolation("R-AST-02", _("The discretion benchmark of %(body)s lists no "
                                          "factors for this violation of item %(item)s.")
                            % {"body": case.body.name, "item": item_code or "—"},
                            field="violation")
    values = {str(k): str(v).strip() for k, v in (values or {}).items() if str(v).strip()}
    chosen = {}
    for factor in factors:
        level = values.pop(factor["name"], "")
        names = [lv["name"] for lv in factor["levels"]]
        if not level:
            raise RuleViolation("R-AST-02", _("Choose the level of the factor “%(factor)s”.")
                                % {"factor": factor["name"]}, field=factor["name"])
        if level not in names:
            raise RuleViolation("R-AST-02", _("“%(level)s” is not a level of “%(factor)s”; "
                                              "choose one of %(levels)s.")
                                % {"level": level, "factor": factor["name"],
                                   "levels": "、".join(names)}, field=factor["name"])
        chosen[factor["name"]] = level
    if values:
        raise RuleViolation("R-AST-02", _("The benchmark has no factor %(names)s.")
                            % {"names": "、".join(sorted(values))})
    needs_base = any(e.multiple_max is not None for e in entries)
    base = _amount(base_amount)
    if needs_base and base is None:
        raise RuleViolation("R-AST-02", _("The fine is a multiple of the illegal gains or the "
                                          "value of the goods: record that amount."),
                            field="base_amount")
    record = FactorRecord.objects.create(
        case=case, item_code=item_code, violation=violation, values=chosen,
        base_amount=base, note=(note or "").strip(), recorded_by=acting_user)
    event = ledger.append(kind=EventKind.DISCRETION_FACTORS_RECORDED, subject=record,
                          actor=acting_user, payload={
                              "case": case.pk, "number": case.number, "item": item_code,
                              "violation": violation, "factors": chosen,
                              "base_amount": str(base) if base is not None else None,
                              "note": record.note})
    FactorRecord.objects.filter(pk=record.pk).update(ledger_seq=event.seq)
    record.ledger_seq = event.seq
    return record
