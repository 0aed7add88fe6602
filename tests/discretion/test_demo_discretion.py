"""The demo's discretion plans (R-AST-02, R-AST-04): deterministic, mostly inside the suggested
range, the departures with a reason, and groups with several decisions at one level."""

from collections import Counter

from sanxiang.demo import discretion


def plans():
    keys = [("emergency", "YJ-CF-003"), ("market", "SC-CF-003"), ("environment", "HJ-CF-001")]
    return [(key, discretion.plan_for(*key, index)) for key in keys for index in range(60)]


def test_demo_plans_are_deterministic_and_explained_R_AST_02():
    found = plans()
    assert found == plans()
    assert all(plan is not None for _key, plan in found)
    assert discretion.plan_for("emergency", "YJ-CF-001", 1) is None  # not computable
    departing = [plan for _key, plan in found if not plan.low <= plan.fine <= plan.high]
    assert 0 < len(departing) < len(found) / 2
    assert all(plan.reason for plan in departing)
    assert all(plan.fine > 0 for _key, plan in found)


def test_demo_plans_gather_peers_at_one_level_R_AST_04():
    levels = Counter((key, plan.level) for key, plan in plans())
    assert max(levels.values()) >= 20
