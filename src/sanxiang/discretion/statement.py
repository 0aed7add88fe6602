"""The facts of the decision's 裁量说明 (R-AST-03), frozen into a document's content when it
is issued: the factors recorded on the case and the benchmark's suggestion at that moment.
The sentence itself is written by ``cases.documents.elements`` with the level and the
reason the step records."""

from __future__ import annotations

from datetime import date

from sanxiang.discretion import benchmarks


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
