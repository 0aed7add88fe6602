"""Discretion in the demo county (R-AST-01 … R-AST-04): the cases of items with a computable
裁量基准 record their factors, apply the suggested level and mostly fine inside the suggested
range; about one in five departs from it, with the officer's reason — which gives the
supervisors' 同案不同罚 page groups with a visible spread and cases standing out.

Deterministic: each case draws from its own generator (seeded by its index), so the other
cases of the demo are the same as without this module.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from sanxiang.catalog import factors as factor_text
from sanxiang.core import rulebook
from sanxiang.demo.catalogues import BENCHMARKS
from sanxiang.discretion import calculator
from sanxiang.discretion.calculator import Row

LEVELS = {"一般": "general", "从轻处罚": "lighter", "从重处罚": "heavier"}
REASONS = (
    "当事人在检查中拒不配合、隐匿有关材料，实际情节重于记录的裁量因子所反映的情节，经集体讨论"
    "在建议幅度以上处罚。",
    "当事人积极配合调查并主动消除隐患，危害后果明显轻于同类案件，经机关负责人批准在建议幅度"
    "以下处罚。",
    "当事人系小微企业，受灾停产经营困难，经集体讨论酌情在建议幅度以下处罚。",
)
DEPARTING = 0.2
MILD = 0.6


@dataclass(frozen=True)
class Plan:
    violation: str
    values: dict
    level: str
    low: Decimal
    high: Decimal
    fine: int
    reason: str


@cache
def _computable() -> dict[tuple[str, str], tuple[str, tuple[Row, ...]]]:
    """{(body key, item code): (violation, its entries)} of the computable benchmarks."""
    found: dict[tuple[str, str], tuple[str, list[Row]]] = {}
    for body_key, rows in BENCHMARKS.items():
        for code, violation, level, _c, _k, low, high, _basis, *extra in rows:
            if not extra:
                continue
            found.setdefault((body_key, code), (violation, []))[1].append(Row(
                level=LEVELS.get(level, level),
                fine_min=Decimal(low) if low is not None else None,
                fine_max=Decimal(high) if high is not None else None,
                mode=extra[0].get("mode", ""),
                factors=factor_text.parse(extra[0].get("factors", ""))))
    return {key: (violation, tuple(rows)) for key, (violation, rows) in found.items()}


def plan_for(body_key: str, item_code: str, index: int) -> Plan | None:
    entry = _computable().get((body_key, item_code))
    if entry is None:
        return None
    violation, rows = entry
    rng = random.Random(f"discretion:{index}")  # noqa: S311 - demo data, not security
    factors = calculator.violation_factors(list(rows))
    # Mostly the first (mildest) level of each factor, so that the same item and level
    # gather several decisions: the 同案不同罚 groups need peers.
    values = {f["name"]: (f["levels"][0] if rng.random() < MILD else rng.choice(f["levels"])
                          )["name"] for f in factors}
    settings = calculator.settings_from(lambda key: rulebook.DEFAULTS[key][0])
    suggestion = calculator.suggest(list(rows), values, settings=settings)
    if suggestion is None or suggestion.low is None or suggestion.level in ("none",
                                                                            "mitigated"):
        return None
    low, high = int(suggestion.low), int(suggestion.high)
    statutory_max = max(int(r.fine_max) for r in rows if r.fine_max is not None)
    statutory_min = min(int(r.fine_min) for r in rows if r.fine_min is not None)
    step = 1000 if high >= 20000 else 100
    reason = ""
    if rng.random() < DEPARTING:
        span = max(high - low, step)
        if high < statutory_max and rng.random() < 0.6:
            fine = min(statutory_max, high + span // 2 + rng.randint(1, 4) * step)
            reason = REASONS[0]
        else:
            fine = max(statutory_min, low - span // 2 - rng.randint(1, 3) * step)
            reason = REASONS[rng.randint(1, 2)]
        if low <= fine <= high:
            reason = ""
    else:
        fine = low + rng.randint(0, (high - low) // step) * step
    return Plan(violation=violation, values=values, level=suggestion.level,
                low=suggestion.low, high=suggestion.high, fine=fine, reason=reason)
