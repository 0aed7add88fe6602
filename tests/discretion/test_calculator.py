"""Worked examples of the three modes (R-AST-02), computed by hand from the rule texts
before the calculator was written. Amounts in yuan.

The settings are the rulebook's defaults (``discretion.*`` in ``core/rulebook.py``):
statutory range split at 30 % and 70 % (从轻 / 一般 / 从重); only a maximum: 从轻 up to 20 %,
一般 up to 50 %; weighted: ±5 percentage points of the maximum around the computed fine,
below 30 % 从轻, from 70 % 从重.
"""

from decimal import Decimal

import pytest

from sanxiang.catalog import factors as factor_text
from sanxiang.core import rulebook
from sanxiang.discretion import calculator
from sanxiang.discretion.calculator import Row

D = Decimal

# 《安全生产法》第九十七条 style: 从轻 1万–3万, 一般 3万–7万, 从重 7万–10万.
LEVEL_FACTORS = factor_text.parse(
    "初次/再次：初次=从轻，再次=从重；整改情况：及时整改=从轻，拒不整改=从重；"
    "危害后果：无=一般，造成后果=从重")
LEVEL_ROWS = [
    Row(level="lighter", fine_min=D(10000), fine_max=D(30000), mode="levels",
        factors=LEVEL_FACTORS),
    Row(level="general", fine_min=D(30000), fine_max=D(70000), mode="levels", factors=[]),
    Row(level="heavier", fine_min=D(70000), fine_max=D(100000), mode="levels", factors=[]),
]

# 《大气污染防治法》第一百零八条: 二万元以上二十万元以下, Guangdong-style weighted factors.
WEIGHTED = Row(level="general", fine_min=D(20000), fine_max=D(200000), mode="weighted",
               factors=factor_text.parse(
                   "危害后果（40%）：轻微=20，一般=60，严重=100；"
                   "持续时间（30%）：一个月以内=20，一至三个月=60，三个月以上=100；"
                   "主观过错（30%）：过失=40，故意=100"))

STATUTORY_FACTORS = factor_text.parse("初次/再次：初次=从轻，再次=从重；"
                                      "整改情况：及时整改=从轻，拒不整改=从重")


def settings():
    return calculator.settings_from(lambda key: rulebook.DEFAULTS[key][0])


def suggest(rows, recorded, **kwargs):
    return calculator.suggest(rows, recorded, settings=settings(), **kwargs)


def test_levels_mode_two_mitigating_factors_give_the_lighter_range_R_AST_02():
    result = suggest(LEVEL_ROWS, {"初次/再次": "初次", "整改情况": "及时整改", "危害后果": "无"})
    assert (result.level, result.low, result.high) == ("lighter", D(10000), D(30000))
    assert any("从轻 2 项" in line for line in result.steps)


def test_levels_mode_more_aggravating_factors_give_the_heavier_range_R_AST_02():
    result = suggest(LEVEL_ROWS, {"初次/再次": "再次", "整改情况": "及时整改",
                                  "危害后果": "造成后果"})
    assert (result.level, result.low, result.high) == ("heavier", D(70000), D(100000))


def test_levels_mode_balanced_factors_give_the_general_range_R_AST_02():
    result = suggest(LEVEL_ROWS, {"初次/再次": "初次", "整改情况": "拒不整改"})
    assert (result.level, result.low, result.high) == ("general", D(30000), D(70000))
    assert result.missing == ["危害后果"]


def test_weighted_mode_sums_weight_times_score_times_the_maximum_R_AST_02():
    # 40%×60 + 30%×20 + 30%×40 = 24 + 6 + 12 = 42 % → 200000 × 42 % = 84000; ±5 points
    # (10000) → 74000–94000; 42 % lies between 30 % and 70 %: 一般.
    result = suggest([WEIGHTED], {"危害后果": "一般", "持续时间": "一个月以内", "主观过错": "过失"})
    assert result.amount == D(84000)
    assert (result.low, result.high) == (D(74000), D(94000))
    assert result.level == "general"
    assert any("42%" in line for line in result.steps)


def test_weighted_mode_below_thirty_per_cent_is_lighter_R_AST_02():
    # 40%×20 + 30%×20 + 30%×40 = 8 + 6 + 12 = 26 % → 52000, range 42000–62000, 从轻.
    result = suggest([WEIGHTED], {"危害后果": "轻微", "持续时间": "一个月以内", "主观过错": "过失"})
    assert (result.amount, result.low, result.high, result.level) == (
        D(52000), D(42000), D(62000), "lighter")


def test_weighted_mode_never_goes_below_the_statutory_minimum_R_AST_02():
    low = Row(level="general", fine_min=D(20000), fine_max=D(200000), mode="weighted",
              factors=factor_text.parse("危害后果（10%）：轻微=20，严重=100"))
    # 10%×20 = 2 % → 4000, below the minimum 20000: the fine is 20000; range 20000 to
    # 20000 + 5 % of 200000 = 30000.
    result = suggest([low], {"危害后果": "轻微"})
    assert result.amount == D(20000)
    assert (result.low, result.high) == (D(20000), D(30000))


def test_statutory_range_defaults_split_the_range_R_AST_02():
    # 《食品安全法》第一百二十六条: 五千元以上五万元以下. Span 45000: 30 % = 13500, 70 % = 31500.
    row = Row(level="general", fine_min=D(5000), fine_max=D(50000), mode="statutory",
              factors=STATUTORY_FACTORS)
    general = suggest([row], {"初次/再次": "初次", "整改情况": "拒不整改"})
    assert (general.level, general.low, general.high) == ("general", D(18500), D(36500))
    assert general.amount == D(27500)  # 一般 = the middle of the statutory range
    lighter = suggest([row], {"初次/再次": "初次", "整改情况": "及时整改"})
    assert (lighter.low, lighter.high) == (D(5000), D(18500))
    heavier = suggest([row], {"初次/再次": "再次", "整改情况": "拒不整改"})
    assert (heavier.low, heavier.high) == (D(36500), D(50000))


def test_statutory_maximum_only_defaults_R_AST_02():
    # "处二千元以下罚款": 从轻 up to 20 % (400), 一般 20 %–50 % (400–1000), 从重 above.
    row = Row(level="general", fine_min=None, fine_max=D(2000), mode="statutory",
              factors=STATUTORY_FACTORS)
    lighter = suggest([row], {"初次/再次": "初次", "整改情况": "及时整改"})
    assert (lighter.low, lighter.high) == (D(0), D(400))
    general = suggest([row], {"初次/再次": "初次", "整改情况": "拒不整改"})
    assert (general.low, general.high) == (D(400), D(1000))
    heavier = suggest([row], {"初次/再次": "再次", "整改情况": "拒不整改"})
    assert (heavier.low, heavier.high) == (D(1000), D(2000))


def test_statutory_minimum_only_defaults_R_AST_02():
    # "处一万元以上罚款": multiples of the minimum, 一般 1.5–3 倍 → 15000–30000.
    row = Row(level="general", fine_min=D(10000), fine_max=None, mode="statutory",
              factors=STATUTORY_FACTORS)
    general = suggest([row], {"初次/再次": "初次", "整改情况": "拒不整改"})
    assert (general.low, general.high) == (D(15000), D(30000))


def test_statutory_multiple_of_illegal_gains_R_AST_02():
    # "处违法所得一倍以上五倍以下罚款", gains 8000 → 8000–40000; span 32000: 30 % = 9600,
    # 70 % = 22400 → 一般 17600–30400.
    row = Row(level="general", fine_min=None, fine_max=None, mode="statutory",
              factors=STATUTORY_FACTORS, multiple_min=D(1), multiple_max=D(5))
    general = suggest([row], {"初次/再次": "初次", "整改情况": "拒不整改"},
                      base_amount=D(8000))
    assert (general.low, general.high) == (D(17600), D(30400))
    without_base = suggest([row], {"初次/再次": "初次", "整改情况": "拒不整改"})
    assert without_base.low is None and any("违法所得" in s for s in without_base.steps)


def test_mitigated_goes_below_the_minimum_and_none_is_no_fine_R_AST_02():
    row = Row(level="general", fine_min=D(5000), fine_max=D(50000), mode="statutory",
              factors=factor_text.parse("配合程度：主动消除危害后果=减轻，首次轻微=不予"))
    mitigated = suggest([row], {"配合程度": "主动消除危害后果"})
    assert (mitigated.level, mitigated.low, mitigated.high) == ("mitigated", D(0), D(5000))
    none = suggest([row], {"配合程度": "首次轻微"})
    assert (none.level, none.low, none.high) == ("none", D(0), D(0))


def test_unknown_recorded_level_is_refused_R_AST_02():
    with pytest.raises(ValueError):
        suggest(LEVEL_ROWS, {"初次/再次": "第三次"})


def test_factor_text_round_trips_R_AST_02():
    text = ("危害后果（40%）：轻微=20，一般=60，严重=100；初次/再次：初次=从轻，再次=从重")
    parsed = factor_text.parse(text)
    assert factor_text.format_factors(parsed) == text
    assert factor_text.parse(factor_text.format_factors(parsed)) == parsed
    with pytest.raises(factor_text.FactorError):
        factor_text.parse("初次/再次：初次=从轻，再次=100")
