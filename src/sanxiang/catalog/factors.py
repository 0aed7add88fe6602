"""The discretion factors of a 裁量基准 entry (R-AST-02): stored as data, written as text.

In a cell of the exported list, and in the entry form, the factors read as a bureau writes
them::

    危害后果（40%）：轻微=20，一般=60，严重=100；主观过错（60%）：过失=40，故意=100
    初次/再次：初次=从轻，再次=从重；整改情况：及时整改=从轻，拒不整改=从重

Factors are separated by “；” (or a new line); a factor's name is followed by “：” and its
levels, separated by “，”; each level is ``name=value``. The value is either the
circumstance level it points to (不予、减轻、从轻、一般、从重 — the "range per level" and
"statutory defaults" modes) or a score in per cent (the "weighted" mode, where the factor's
weight in per cent follows its name in brackets). Stored as::

    [{"name": "危害后果", "weight": "40", "levels": [{"name": "轻微", "score": "20"}, …]},
     {"name": "初次/再次", "levels": [{"name": "初次", "effect": "lighter"}, …]}]
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

FACTOR_SEPARATORS = re.compile(r"[；;\n]+")
LEVEL_SEPARATORS = re.compile(r"[，,]+")
WEIGHTED_NAME = re.compile(r"^(?P<name>.+?)\s*[（(]\s*(?:权重)?\s*(?P<weight>[\d.]+)\s*[%％]"
                           r"\s*[)）]$")

# Effect codes are DiscretionBenchmark.Level values; the words are those of the lists.
EFFECTS = {
    "不予处罚": "none", "不予": "none",
    "减轻处罚": "mitigated", "减轻": "mitigated",
    "从轻处罚": "lighter", "从轻": "lighter",
    "一般": "general",
    "从重处罚": "heavier", "从重": "heavier",
}
EFFECT_WORDS = {"none": "不予", "mitigated": "减轻", "lighter": "从轻", "general": "一般",
                "heavier": "从重"}


class FactorError(ValueError):
    pass


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().rstrip("%％"))
    except InvalidOperation:
        raise FactorError(_("“%(value)s” is neither a circumstance level (不予、减轻、从轻、"
                            "一般、从重) nor a score.") % {"value": text}) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise FactorError(_("A score or weight is a percentage from 0 to 100: “%(value)s”.")
                          % {"value": text})
    return value


def _text(value: Decimal) -> str:
    value = Decimal(value)
    return format(value.normalize(), "f") if value == value.to_integral() else str(
        value.normalize())


def parse(text: str) -> list[dict]:
    """The factors written in ``text``; ``FactorError`` with a Chinese message if wrong."""
    factors = []
    for part in FACTOR_SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        name, sep, rest = part.replace("：", ":").partition(":")
        name = name.strip()
        if not sep or not rest.strip():
            raise FactorError(_("The factor “%(name)s” needs its levels after “：”, e.g. "
                                "初次=从轻，再次=从重.") % {"name": name})
        factor = {"name": name}
        weighted = WEIGHTED_NAME.match(name)
        if weighted:
            factor = {"name": weighted["name"].strip(),
                      "weight": _text(_number(weighted["weight"]))}
        levels = []
        for item in LEVEL_SEPARATORS.split(rest):
            item = item.strip()
            if not item:
                continue
            level, eq, value = item.replace("＝", "=").partition("=")
            level, value = level.strip(), value.strip()
            if not eq or not level or not value:
                raise FactorError(_("Write each level of “%(name)s” as level=value, e.g. "
                                    "初次=从轻: “%(item)s”.") % {"name": factor["name"],
                                                               "item": item})
            if any(existing["name"] == level for existing in levels):
                raise FactorError(_("The factor “%(name)s” lists the level “%(level)s” twice.")
                                  % {"name": factor["name"], "level": level})
            if value in EFFECTS:
                levels.append({"name": level, "effect": EFFECTS[value]})
            else:
                levels.append({"name": level, "score": _text(_number(value))})
        factor["levels"] = levels
        check_factor(factor)
        if any(existing["name"] == factor["name"] for existing in factors):
            raise FactorError(_("The factor “%(name)s” is listed twice.")
                              % {"name": factor["name"]})
        factors.append(factor)
    return factors


def check_factor(factor: dict) -> None:
    kinds = {"score" if "score" in level else "effect" for level in factor["levels"]}
    if len(kinds) > 1:
        raise FactorError(_("The levels of “%(name)s” mix scores and circumstance levels; use "
                            "one or the other.") % {"name": factor["name"]})
    if "weight" in factor and kinds == {"effect"}:
        raise FactorError(_("The factor “%(name)s” has a weight, so its levels need scores.")
                          % {"name": factor["name"]})


def check(value) -> list[dict]:
    """Stored factors (from the API or a form) checked and normalised like parsed ones."""
    if not isinstance(value, list):
        raise FactorError(_("The factors are not in the expected form."))
    return parse(format_factors(value))


def format_factors(factors: list[dict]) -> str:
    parts = []
    for factor in factors or []:
        try:
            name = factor["name"]
            if factor.get("weight") not in (None, ""):
                name = f"{name}（{_text(Decimal(str(factor['weight'])))}%）"
            levels = []
            for level in factor["levels"]:
                if "effect" in level:
                    levels.append(f"{level['name']}={EFFECT_WORDS[level['effect']]}")
                else:
                    levels.append(f"{level['name']}={_text(Decimal(str(level['score'])))}")
        except (KeyError, TypeError, InvalidOperation):
            raise FactorError(_("The factors are not in the expected form.")) from None
        parts.append(f"{name}：{'，'.join(levels)}")
    return "；".join(parts)


def is_weighted(factors: list[dict]) -> bool:
    return any("score" in level for factor in factors for level in factor["levels"])
