"""The decision's 裁量说明 (R-AST-03), through the case engine's document hook points
(``cases.hooks``, registered in ``DiscretionConfig.ready``).

When a 行政处罚决定书, a 当场处罚决定书 or a 行政处罚事先告知书 is issued, ``document_content``
freezes into its content the factors recorded on the case and the benchmark's suggestion at
that moment; ``document_elements`` writes the sentence from that content alone, with the level
and the reason the issuing step records, so a document reads the same whenever it is
rendered again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from sanxiang.discretion import benchmarks
from sanxiang.discretion.calculator import yuan
from sanxiang.discretion.gate import level_name

DISCRETION_DOCUMENTS = frozenset({"penalty_decision", "on_spot_penalty_decision",
                                  "penalty_prior_notice"})


def content_for(case, on: date) -> dict:
    advice = benchmarks.advise(case, on=on)
    record = advice.record
    if record is None or advice.suggestion is None:
        return {}
    suggestion = advice.suggestion
    return {
        "violation": record.violation,
        "factors": [[name, level] for name, level, _value in suggestion.applied],
        "suggested_level": suggestion.level,
        "low": str(suggestion.low) if suggestion.low is not None else None,
        "high": str(suggestion.high) if suggestion.high is not None else None,
    }


def document_content(*, case, doc_type: str, on: date) -> dict:
    """Hook ``DOCUMENT_CONTENT``: ``content["case"]["discretion"]`` (empty for the other
    documents)."""
    return {"discretion": content_for(case, on) if doc_type in DISCRETION_DOCUMENTS else {}}


def statement(content: dict, here: dict) -> str:
    """裁量说明 (R-AST-03): the factors weighed and the level applied, and the reason for any
    departure from the benchmark's suggestion."""
    facts = content["case"].get("discretion") or {}
    level = here.get("circumstance_level") or facts.get("suggested_level") or ""
    if not level:
        return ""
    factors = "；".join(f"{name}：{chosen}" for name, chosen in facts.get("factors") or [])
    if factors:
        text = _("Having weighed the discretion factors (%(factors)s) under the discretion "
                 "benchmark, this body finds the circumstances of the violation to be: "
                 "%(level)s.") % {"factors": factors, "level": level_name(level)}
    else:
        text = _("Under the discretion benchmark, this body finds the circumstances of the "
                 "violation to be: %(level)s.") % {"level": level_name(level)}
    if facts.get("low") is not None and facts.get("high") is not None:
        text += _("The benchmark suggests a fine of %(low)s to %(high)s.") % {
            "low": yuan(Decimal(facts["low"])), "high": yuan(Decimal(facts["high"]))}
    reason = (here.get("discretion_reason") or "").strip()
    if reason:
        text += _("The penalty departs from the benchmark's suggestion for the following "
                  "reason: %(reason)s") % {"reason": reason}
    return text


def document_elements(*, content: dict, here: dict) -> dict:
    """Hook ``DOCUMENT_ELEMENTS``: the element ``discretion`` (the 裁量说明)."""
    return {"discretion": statement(content, here)}
