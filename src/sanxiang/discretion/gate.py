"""R-AST-02 in the case engine: a penalty proposed (调查终结报告), notified (事先告知) or
decided outside the suggested range, or at a level the recorded factors do not support, is
flagged and needs the officer's written reason (``discretion_reason``).

``before_step_completed`` is registered on the case engine's hook point of that name
(``cases.hooks``, from ``DiscretionConfig.ready``), so the workbench, the API, imports and
the demo all meet it. ``check`` runs before the step is written and puts the check's
snapshot into the step's data (and so into the step's ledger event). ``save`` writes the
``Assessment`` the reviewer, the decision's 裁量说明 and the 同案不同罚 statistics read, in
the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sanxiang.catalog.models import DiscretionBenchmark
from sanxiang.core.errors import RuleViolation
from sanxiang.discretion import benchmarks
from sanxiang.discretion.calculator import LEVEL_WORDS, yuan
from sanxiang.discretion.models import Assessment

# (procedure, step) → (stage, the field holding the fine)
STAGES = {
    ("penalty_general", "investigation_report"): (Assessment.Stage.PROPOSED, "proposed_fine"),
    ("penalty_general", "notify"): (Assessment.Stage.NOTIFIED, "notified_fine"),
    ("penalty_general", "decide"): (Assessment.Stage.DECIDED, "decided_fine"),
    ("penalty_simple", "decide_on_spot"): (Assessment.Stage.DECIDED, "decided_fine"),
}
REASON = "discretion_reason"


@dataclass
class Pending:
    stage: str
    item_code: str
    violation: str
    level: str
    suggested_level: str
    low: object
    high: object
    fine: object
    flags: list
    reason: str
    computation: dict


def level_name(level: str) -> str:
    if not level:  # a fine decided before the circumstances were assessed
        return _("no level recorded")
    if level in LEVEL_WORDS:
        return LEVEL_WORDS[level]
    return str(dict(DiscretionBenchmark.Level.choices).get(level, level))


def _level_rows(entries, level: str) -> list:
    return [e for e in entries if e.level == level and (e.fine_min is not None
                                                         or e.fine_max is not None)]


def check(case, procedure: str, step: str, data: dict, *, on: date) -> Pending | None:
    """Flags of the step's penalty; refuses a flagged penalty without a reason."""
    stage = STAGES.get((procedure, step))
    if stage is None:
        return None
    stage, fine_field = stage
    fine = data.get(fine_field)
    level = data.get("circumstance_level") or ""
    item_code = data.get("item") or benchmarks.item_code_of(case)
    advice = benchmarks.advise(case, item_code=item_code, on=on)
    if not advice.violations or (fine is None and not level):
        return None
    flags = []
    suggestion = advice.suggestion
    low = high = None
    if suggestion is not None:
        low, high = suggestion.low, suggestion.high
        if level and level != suggestion.level:
            flags.append(_("The level chosen (%(chosen)s) is not the one the recorded factors "
                           "support (%(suggested)s).") % {
                "chosen": level_name(level), "suggested": suggestion.level_name})
        if fine is not None and not suggestion.contains(fine):
            flags.append(_("The fine of %(fine)s is outside the suggested range of %(low)s to "
                           "%(high)s.") % {"fine": yuan(fine), "low": yuan(low),
                                            "high": yuan(high)})
    elif advice.computable:
        flags.append(advice.problem or _("The benchmark of this item is computable, but no "
                                         "discretion factors were recorded on the case."))
    elif level and fine is not None:
        # A benchmark with a range per level and no factors: the range of the level chosen.
        ranges = [e for entries in advice.violations.values() for e in _level_rows(entries,
                                                                                 level)]
        if ranges:
            low = min((e.fine_min for e in ranges if e.fine_min is not None), default=None)
            high = max((e.fine_max for e in ranges if e.fine_max is not None), default=None)
            inside = any((e.fine_min is None or e.fine_min <= fine)
                         and (e.fine_max is None or fine <= e.fine_max) for e in ranges)
            if not inside:
                flags.append(_("The fine of %(fine)s is outside the benchmark's range for "
                               "the level %(level)s.") % {"fine": yuan(fine),
                                                          "level": level_name(level)})
    reason = (data.get(REASON) or "").strip()
    if flags and not reason:
        raise RuleViolation("R-AST-02", _("R-AST-02: %(flags)s Write the reason in "
                                          "“Reason for departing from the benchmark”.")
                            % {"flags": "".join(flags)}, field=REASON)
    computation = suggestion.as_json() if suggestion is not None else {}
    if advice.record is not None and suggestion is not None:
        computation["factors"] = advice.record.values
        computation["violation"] = advice.violation
    pending = Pending(stage=stage, item_code=item_code, violation=advice.violation,
                      level=level or (suggestion.level if suggestion else ""),
                      suggested_level=suggestion.level if suggestion else "",
                      low=low, high=high, fine=fine, flags=[str(f) for f in flags],
                      reason=reason, computation=computation)
    data["discretion"] = {"flags": pending.flags, "suggested_level": pending.suggested_level,
                          "low": str(low) if low is not None else None,
                          "high": str(high) if high is not None else None}
    return pending


def before_step_completed(*, case, procedure: str, step: str, data: dict, on: date):
    """The hook: check now, and save the assessment once the step is written."""
    pending = check(case, procedure, step, data, on=on)
    if pending is None:
        return None
    return lambda record: save(pending, case=case, record=record)


def save(pending: Pending | None, *, case, record) -> Assessment | None:
    if pending is None:
        return None
    return Assessment.objects.create(
        case=case, step_record=record, stage=pending.stage, body_id=case.body_id,
        officer_id=case.lead_officer_id, item_code=pending.item_code,
        violation=pending.violation, level=pending.level,
        suggested_level=pending.suggested_level, low=pending.low, high=pending.high,
        fine=pending.fine, flags=pending.flags, flagged=bool(pending.flags),
        reason=pending.reason, computation=pending.computation, on=record.done_on)


def latest(case, stage: str | None = None) -> Assessment | None:
    rows = Assessment.objects.filter(case=case)
    if stage:
        rows = rows.filter(stage=stage)
    return rows.order_by("-id").first()
