"""Reading a case's discretion benchmark (R-AST-01): the item's legal basis, its 裁量基准
entries in force, the 首违不罚/轻微不罚 entries, and the suggestion from the factors
recorded on the case. The page, the step gate and the decision document all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.catalog.legal import format_bases
from sanxiang.catalog.models import Catalogue
from sanxiang.catalog.queries import current_version, entries_of
from sanxiang.core import rulebook
from sanxiang.discretion import calculator
from sanxiang.discretion.calculator import Row, Suggestion
from sanxiang.discretion.models import FactorRecord


def current_entries(body_id: int, kind: str, on: date | None = None):
    catalogue = Catalogue.objects.filter(body_id=body_id, kind=kind).first()
    version = current_version(catalogue, on) if catalogue is not None else None
    return entries_of(version) if version is not None else None


def item_code_of(case) -> str:
    """The item the case is about: the latest step that chose one, else the case's own."""
    for data in case.steps.order_by("-seq").values_list("data", flat=True)[:20]:
        if (data or {}).get("item"):
            return data["item"]
    return case.item_code or ""


def violations(body_id: int, item_code: str, on: date | None = None) -> dict[str, list]:
    """{violation: its entries in force} for the item, in list order."""
    entries = current_entries(body_id, Catalogue.Kind.BENCHMARKS, on)
    found: dict[str, list] = {}
    if entries is None or not item_code:
        return found
    for entry in entries.filter(item_code=item_code)[:60]:
        found.setdefault(entry.violation, []).append(entry)
    return found


def rows(entries) -> list[Row]:
    return [Row(level=e.level, fine_min=e.fine_min, fine_max=e.fine_max, mode=e.mode,
                factors=e.factors or [], multiple_min=e.multiple_min,
                multiple_max=e.multiple_max) for e in entries]


def factors_of(entries) -> list[dict]:
    return calculator.violation_factors(rows(entries))


def settings_for(body, on: date | None = None) -> dict:
    return calculator.settings_from(lambda key: rulebook.get(key, body=body, on=on))


def latest_factors(case) -> FactorRecord | None:
    return case.discretion_factors.order_by("-id").first()


@dataclass
class Advice:
    """What the officer is shown and what the gate checks."""

    item_code: str
    violations: dict[str, list] = field(default_factory=dict)
    violation: str = ""
    record: FactorRecord | None = None
    suggestion: Suggestion | None = None
    problem: str = ""

    @property
    def computable(self) -> bool:
        return any(factors_of(entries) for entries in self.violations.values())

    @property
    def entries(self) -> list:
        return self.violations.get(self.violation, [])


def advise(case, *, item_code: str | None = None, on: date | None = None) -> Advice:
    on = on or timezone.localdate()
    item_code = item_code if item_code is not None else item_code_of(case)
    record = latest_factors(case)
    found = violations(case.body_id, item_code, on)
    advice = Advice(item_code=item_code, violations=found, record=record)
    if record is not None and record.item_code == item_code and record.violation in found:
        advice.violation = record.violation
    elif found:
        advice.violation = next(iter(found))
    if record is None or not advice.violation or record.violation != advice.violation:
        return advice
    try:
        advice.suggestion = calculator.suggest(
            rows(advice.entries), record.values or {}, settings=settings_for(case.body, on),
            base_amount=record.base_amount)
    except ValueError:
        # The list changed since the factors were recorded: a level is no longer listed.
        advice.problem = _("The factors recorded no longer match the benchmark in force; "
                           "record them again.")
    return advice


def legal_basis(case, item_code: str, on: date | None = None) -> str:
    entries = current_entries(case.body_id, Catalogue.Kind.ITEMS, on)
    item = entries.filter(code=item_code).first() if entries is not None and item_code else None
    return format_bases(item.legal_bases) if item is not None else ""


def leniency(case, item_code: str, on: date | None = None) -> list:
    entries = current_entries(case.body_id, Catalogue.Kind.LENIENCY, on)
    if entries is None or not item_code:
        return []
    return list(entries.filter(item_code=item_code)[:20])


def review_note(case) -> str:
    """The submission's note on 裁量基准适用 (R-REV-04), from the latest check of the penalty:
    the factors, the suggestion, the penalty proposed and any flag with its reason."""
    from sanxiang.discretion.calculator import yuan
    from sanxiang.discretion.models import Assessment

    check = Assessment.objects.filter(case=case).order_by("-id").first()
    if check is None:
        return ""
    factors = "；".join(f"{name}：{level}" for name, level in
                       (check.computation.get("factors") or {}).items())
    parts = []
    if factors:
        parts.append(_("Factors recorded: %(factors)s.") % {"factors": factors})
    if check.low is not None:
        parts.append(_("Suggested: %(level)s, %(low)s to %(high)s.") % {
            "level": check.level_display or "—", "low": yuan(check.low),
            "high": yuan(check.high)})
    if check.fine is not None:
        parts.append(_("Fine %(stage)s: %(fine)s.") % {"stage": check.get_stage_display(),
                                                      "fine": yuan(check.fine)})
    if check.flagged:
        parts.append(_("Departs from the benchmark: %(flags)s Reason: %(reason)s") % {
            "flags": "".join(check.flags), "reason": check.reason})
    return "".join(parts)


def suggestion_for_form(*, case, item_code: str) -> tuple[str, str]:
    """(help text, suggested level) for the step form's fine and level fields (R-AST-01):
    the hook ``FINE_ADVICE`` of ``cases.hooks``."""
    from sanxiang.discretion.calculator import yuan

    advice = advise(case, item_code=item_code)
    suggestion = advice.suggestion
    if suggestion is None:
        return "", ""
    if suggestion.low is None:
        return "", suggestion.level
    return (_("Suggested from the factors recorded: %(level)s, %(low)s to %(high)s.") % {
        "level": suggestion.level_name, "low": yuan(suggestion.low),
        "high": yuan(suggestion.high)}, suggestion.level)
