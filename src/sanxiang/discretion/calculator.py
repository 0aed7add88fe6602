"""The discretion calculator (R-AST-02): from a benchmark's entries and the factors
recorded on a case, the suggested circumstance level and fine range, with every step of the
computation written out (the 计算过程 the officer, the reviewer and the decision read).

Pure: it reads plain rows and settings and touches no database, so the worked examples in
``tests/discretion/test_calculator.py`` test it directly. The three modes:

* ``levels`` — the list gives a range per level; the factors' levels point to 从轻 or 从重
  (or 减轻, 不予), and the count decides: any 不予 → 不予, else any 减轻 → 减轻, else more
  从重 than 从轻 → 从重, more 从轻 → 从轻, otherwise 一般.
* ``weighted`` — Σ weight × score gives a percentage of the statutory maximum (广东省生态
  环境 2022 style); the fine is that share of the maximum, never below the minimum; the range
  is the fine ± a number of percentage points of the maximum; the level follows the
  percentage.
* ``statutory`` — the law sets only a range, a maximum, a minimum or a multiple: the level is
  found as in ``levels``, the range is the rulebook's share of the statutory range for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sanxiang.catalog.factors import EFFECT_WORDS

HUNDRED = Decimal(100)
ZERO = Decimal(0)
LEVEL_WORDS = {"none": "不予处罚", "mitigated": "减轻处罚", "lighter": "从轻处罚",
               "general": "一般", "heavier": "从重处罚"}
SETTINGS = ("discretion.range_bands", "discretion.max_only_bands",
            "discretion.min_only_multiples", "discretion.weighted_band_points",
            "discretion.weighted_level_bands")


@dataclass(frozen=True)
class Row:
    """One 裁量基准 entry of the violation, as the calculator needs it."""

    level: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    mode: str = ""
    factors: list = field(default_factory=list)
    multiple_min: Decimal | None = None
    multiple_max: Decimal | None = None


@dataclass
class Suggestion:
    mode: str
    level: str
    low: Decimal | None
    high: Decimal | None
    amount: Decimal | None = None
    steps: list[str] = field(default_factory=list)
    applied: list[tuple[str, str, str]] = field(default_factory=list)  # factor, level, value
    missing: list[str] = field(default_factory=list)

    @property
    def level_name(self) -> str:
        return LEVEL_WORDS.get(self.level, self.level)

    def contains(self, amount: Decimal) -> bool:
        if self.low is None or self.high is None:
            return True
        return self.low <= amount <= self.high

    def as_json(self) -> dict:
        def text(value):
            return None if value is None else str(value)

        return {"mode": self.mode, "level": self.level, "low": text(self.low),
                "high": text(self.high), "amount": text(self.amount), "steps": self.steps,
                "missing": self.missing}


def settings_from(get) -> dict:
    """The calculator's settings from ``get(key)`` (the rulebook, per body and date)."""
    return {key: get(key) for key in SETTINGS}


def yuan(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    # As officials write it: 5,000元 (no space, no .00), 20,000.50元.
    text = f"{amount:,.2f}"
    return (text[:-3] if text.endswith(".00") else text) + "元"


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def violation_factors(rows: list[Row]) -> list[dict]:
    """The violation's factors: those of all its entries, each name once (first wins)."""
    seen, found = set(), []
    for row in rows:
        for factor in row.factors or []:
            if factor["name"] not in seen:
                seen.add(factor["name"])
                found.append(factor)
    return found


def _applied(factors: list[dict], recorded: dict) -> tuple[list, list[str]]:
    applied, missing = [], []
    for factor in factors:
        chosen = recorded.get(factor["name"])
        if not chosen:
            missing.append(factor["name"])
            continue
        level = next((lv for lv in factor["levels"] if lv["name"] == chosen), None)
        if level is None:
            raise ValueError(f"{factor['name']}: unknown level {chosen!r}")
        applied.append((factor, level))
    return applied, missing


def _level_from_effects(applied, steps: list[str]) -> str:
    effects = [level.get("effect", "general") for _factor, level in applied]
    lighter, heavier = effects.count("lighter"), effects.count("heavier")
    steps.append(f"情节统计：从轻 {lighter} 项，从重 {heavier} 项"
                 + (f"，减轻 {effects.count('mitigated')} 项" if "mitigated" in effects else "")
                 + (f"，不予 {effects.count('none')} 项" if "none" in effects else ""))
    if "none" in effects:
        steps.append("有不予处罚情节：建议不予处罚")
        return "none"
    if "mitigated" in effects:
        steps.append("有减轻处罚情节：建议减轻处罚（低于法定最低罚款）")
        return "mitigated"
    if heavier > lighter:
        level = "heavier"
    elif lighter > heavier:
        level = "lighter"
    else:
        level = "general"
    comparison = {"heavier": "从重情节多于从轻情节", "lighter": "从轻情节多于从重情节",
                  "general": "从轻、从重情节相当"}[level]
    steps.append(f"{comparison}：建议{LEVEL_WORDS[level]}")
    return level


def suggest(rows: list[Row], recorded: dict, *, settings: dict,
            base_amount: Decimal | None = None) -> Suggestion | None:
    """The suggestion for one violation's entries ``rows``; None when they are not
    computable (no factors). ``recorded``: {factor name: level name}. Raises ValueError for
    a recorded level the benchmark does not list."""
    factors = violation_factors(rows)
    if not factors:
        return None
    mode = next((row.mode for row in rows if row.mode), "levels")
    applied, missing = _applied(factors, recorded)
    steps = []
    for factor, level in applied:
        value = (EFFECT_WORDS[level["effect"]] if "effect" in level else f"{level['score']}分")
        steps.append(f"{factor['name']}：{level['name']}（{value}）")
    if missing:
        steps.append("未记录的因子：" + "、".join(missing))
    record = [(f["name"], lv["name"], lv.get("effect") or lv.get("score", ""))
              for f, lv in applied]
    # The weighted and statutory modes compute from the entry that names the mode.
    main = next((row for row in rows if row.mode), rows[0])
    if mode == "weighted":
        result = _weighted(main, applied, steps, settings)
    else:
        level = _level_from_effects(applied, steps)
        if mode == "statutory":
            result = _statutory(main, level, steps, settings, base_amount)
        else:
            result = _per_level(rows, level, steps)
    result.applied, result.missing = record, missing
    return result


def _per_level(rows: list[Row], level: str, steps: list[str]) -> Suggestion:
    row = next((r for r in rows if r.level == level), None)
    if level == "none":
        return Suggestion("levels", level, ZERO, ZERO, steps=steps)
    if row is None:
        steps.append(f"本基准未列“{LEVEL_WORDS[level]}”档次的幅度")
        return Suggestion("levels", level, None, None, steps=steps)
    steps.append(f"基准“{LEVEL_WORDS[level]}”档次的罚款幅度：{yuan(row.fine_min)}至"
                 f"{yuan(row.fine_max)}")
    return Suggestion("levels", level, row.fine_min if row.fine_min is not None else ZERO,
                      row.fine_max, steps=steps)


def _weighted(row: Row, applied, steps: list[str], settings: dict) -> Suggestion:
    total, terms = ZERO, []
    for factor, level in applied:
        weight = Decimal(factor.get("weight") or HUNDRED)
        share = Decimal(level["score"]) * weight / HUNDRED
        total += share
        terms.append(f"{level['score']}×{_percent(weight)}")
    steps.append(f"裁量百分比 = {' + '.join(terms) or '0'} = {_percent(total)}")
    maximum, minimum = row.fine_max or ZERO, row.fine_min or ZERO
    amount = _round(maximum * total / HUNDRED)
    steps.append(f"罚款 = 法定最高罚款 {yuan(maximum)} × {_percent(total)} = {yuan(amount)}")
    if amount < minimum:
        amount = minimum
        steps.append(f"低于法定最低罚款，按最低 {yuan(minimum)}")
    points = Decimal(str(settings["discretion.weighted_band_points"]))
    spread = _round(maximum * points / HUNDRED)
    low, high = max(amount - spread, minimum), min(amount + spread, maximum)
    steps.append(f"建议幅度：{yuan(amount)} 上下浮动最高额的 {_percent(points)}，即 "
                 f"{yuan(low)}至{yuan(high)}")
    bands = settings["discretion.weighted_level_bands"]
    if total < Decimal(str(bands["lighter"])):
        level = "lighter"
    elif total >= Decimal(str(bands["heavier"])):
        level = "heavier"
    else:
        level = "general"
    steps.append(f"裁量百分比 {_percent(total)}：建议{LEVEL_WORDS[level]}")
    return Suggestion("weighted", level, low, high, amount=amount, steps=steps)


def _statutory(row: Row, level: str, steps: list[str], settings: dict,
               base_amount: Decimal | None) -> Suggestion:
    minimum, maximum = row.fine_min, row.fine_max
    if row.multiple_max is not None:
        if base_amount is None:
            steps.append("罚款为违法所得（货值金额）的倍数：请记录违法所得（货值金额）")
            return Suggestion("statutory", level, None, None, steps=steps)
        minimum = _round(base_amount * (row.multiple_min or ZERO))
        maximum = _round(base_amount * row.multiple_max)
        steps.append(f"法定幅度：违法所得（货值金额）{yuan(base_amount)} 的 "
                     f"{_number(row.multiple_min or ZERO)} 至 {_number(row.multiple_max)} 倍，即 "
                     f"{yuan(minimum)}至{yuan(maximum)}")
    if level == "none":
        return Suggestion("statutory", level, ZERO, ZERO, steps=steps)
    if level == "mitigated":
        steps.append(f"减轻处罚：低于法定最低罚款 {yuan(minimum or ZERO)}")
        return Suggestion("statutory", level, ZERO, minimum or ZERO, steps=steps)
    if maximum is None:  # only a minimum
        low_times, high_times = (Decimal(str(v)) for v in
                                 settings["discretion.min_only_multiples"][level])
        low, high = _round(minimum * low_times), _round(minimum * high_times)
        steps.append(f"法律只规定最低罚款 {yuan(minimum)}：{LEVEL_WORDS[level]}为其 "
                     f"{_number(low_times)} 至 {_number(high_times)} 倍，"
                     f"即 {yuan(low)}至{yuan(high)}")
        return Suggestion("statutory", level, low, high, steps=steps)
    only_max = minimum is None or (minimum == 0 and row.multiple_max is None)
    floor = ZERO if minimum is None else minimum
    bands = settings["discretion.max_only_bands" if only_max else "discretion.range_bands"]
    start, end = (Decimal(str(v)) for v in bands[level])
    span = maximum - floor
    low, high = _round(floor + span * start / HUNDRED), _round(floor + span * end / HUNDRED)
    what = (f"法律只规定最高罚款 {yuan(maximum)}" if only_max
            else f"法定幅度 {yuan(floor)}至{yuan(maximum)}")
    steps.append(f"{what}：{LEVEL_WORDS[level]}取幅度的 {_percent(start)} 至 {_percent(end)}，"
                 f"即 {yuan(low)}至{yuan(high)}")
    amount = None
    if level == "general" and not only_max:
        amount = _round((floor + maximum) / 2)
        steps.append(f"一般情节以幅度中间值 {yuan(amount)} 为参考")
    return Suggestion("statutory", level, low, high, amount=amount, steps=steps)


def _number(value: Decimal) -> str:
    value = Decimal(value)
    return format(value.normalize(), "f") if value == value.to_integral() else str(
        value.normalize())


def _percent(value: Decimal) -> str:
    return f"{_number(value)}%"
