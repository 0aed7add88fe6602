"""The demo county as pure data: deterministic, realistic, and shaped as the demo promises.

No database here: ``build_plan`` is cheap, so its properties are checked directly.
"""

import math
import os
import subprocess
import sys
from collections import Counter
from datetime import date

import pytest

from sanxiang.core.identifiers import validate_credit_code
from sanxiang.demo import bodies as county
from sanxiang.demo.plan import ACCOUNT_ORDER, build_plan
from sanxiang.org.roles import Role

TODAY = date(2026, 5, 20)


@pytest.fixture(scope="module")
def plan():
    return build_plan(seed=2026, today=TODAY)


def test_same_seed_and_day_give_the_same_county(plan):
    again = build_plan(seed=2026, today=TODAY)
    assert again == plan
    assert again.digest() == plan.digest()


def test_the_plan_does_not_depend_on_the_process(plan):
    # Another interpreter with another string-hash seed: no set or dict ordering leaks in.
    code = (
        "from datetime import date; from sanxiang.demo.plan import build_plan; "
        f"print(build_plan(seed=2026, today=date({TODAY.year}, {TODAY.month}, {TODAY.day}))"
        ".digest())"
    )
    for hash_seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        output = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                                capture_output=True, text=True).stdout.strip()
        assert output == plan.digest()


def test_another_seed_gives_another_county(plan):
    other = build_plan(seed=7, today=TODAY)
    assert other.digest() != plan.digest()
    assert [b.name for b in other.bodies] == [b.name for b in plan.bodies]
    assert [o.name for o in other.officers] != [o.name for o in plan.officers]


def test_every_credit_code_is_valid_and_has_the_right_prefix_R_ORG_01(plan):
    for body in plan.bodies:
        assert validate_credit_code(body.credit_code) == body.credit_code
        assert body.credit_code[2:8] == county.REGION_CODE
        expected = "12" if body.nature == "institution" else "11"
        assert body.credit_code[:2] == expected, body.name
    assert len({b.credit_code for b in plan.bodies}) == len(plan.bodies)


def test_bodies_of_every_kind_R_ORG_01(plan):
    assert len(plan.bodies) >= 12
    kinds = Counter(b.subject_kind for b in plan.bodies)
    assert kinds["statutory"] >= 10 and kinds["authorised"] >= 1 and kinds["entrusted"] >= 1
    keys = [b.key for b in plan.bodies]
    for body in plan.bodies:
        assert body.legal_representative and body.address and body.duties
        assert body.complaint_phone.startswith(county.CITY_AREA_CODE + "-")
        assert body.supervising_body and body.staffing > 0
        if body.subject_kind == "entrusted":
            # Entrusting bodies are written first, so the loader can link them.
            assert keys.index(body.entrusting_key) < keys.index(body.key)
            assert "〔2024〕" in body.entrustment_agreement
        else:
            assert not body.entrusting_key and not body.entrustment_agreement
    assert any(b.name.endswith("镇人民政府") for b in plan.bodies)


def test_officers_are_many_unique_and_well_formed_R_ORG_02(plan):
    officers = plan.officers
    assert len([o for o in officers if o.condition != "left"]) >= 200
    assert len({o.name for o in officers}) == len(officers)
    assert len({o.certificate_number for o in officers}) == len(officers)
    for officer in officers:
        number = officer.certificate_number
        assert len(number) == 15 and number.startswith("冀" + county.REGION_CODE)
        assert int(number[7:11]) == officer.issued_on.year
        assert date(TODAY.year - 6, TODAY.month, TODAY.day) < officer.issued_on <= TODAY
        assert officer.expires_on > officer.issued_on
        assert 2 <= len(officer.name) <= 3
        assert officer.phone.isdigit() and len(officer.phone) == 11
        years = [i.year for i in officer.inspections]
        assert years == sorted(set(years))
        for inspection in officer.inspections:
            assert officer.issued_on < inspection.inspected_on <= TODAY
            assert inspection.inspected_on <= officer.expires_on


def test_realism_knobs(plan):
    in_service = [o for o in plan.officers if o.condition != "left"]
    conditions = Counter(o.condition for o in plan.officers)
    assert conditions["expired"] == round(len(in_service) * 0.05)
    assert conditions["failed"] == round(len(in_service) * 0.03)
    assert conditions["left"] >= 3
    for officer in plan.officers:
        expired = officer.expires_on < TODAY
        assert expired == (officer.condition == "expired"), officer.key
        last = officer.inspections[-1].result if officer.inspections else "passed"
        assert (last == "failed") == (officer.condition == "failed"), officer.key
        if officer.condition == "left":
            assert officer.left_on and officer.left_reason and not officer.is_reviewer
    reviewers = [o for o in plan.officers if o.is_reviewer]
    assert all(o.condition == "qualified" for o in reviewers)
    assert sum(o.legal_qualification for o in reviewers) > len(reviewers) / 2


def test_three_bodies_fall_short_of_the_reviewer_ratio_R_ORG_05(plan):
    short = []
    for body in plan.bodies:
        staff = [o for o in plan.officers if o.body_key == body.key and o.condition != "left"]
        reviewers = sum(o.is_reviewer for o in staff)
        if reviewers < max(1, math.ceil(len(staff) * 0.05)):
            short.append(body.key)
    assert sorted(short) == ["culture", "town", "water"]


def test_one_account_per_role_tied_to_realistic_people(plan):
    accounts = {a.role: a for a in plan.accounts}
    assert [a.username for a in plan.accounts] == [u for _, u in ACCOUNT_ORDER]
    assert set(accounts) == set(Role.values)
    officers = {o.key: o for o in plan.officers}
    home = county.BODIES[0].key
    officer = officers[accounts[Role.OFFICER].officer_key]
    assert officer.body_key == home and officer.condition == "qualified"
    assert not officer.is_reviewer and officer.inspections
    reviewer = officers[accounts[Role.REVIEWER].officer_key]
    assert reviewer.is_reviewer and reviewer.legal_qualification
    head = officers[accounts[Role.HEAD].officer_key]
    assert head.name == plan.bodies[0].legal_representative
    assert accounts[Role.SUPERVISOR].jurisdiction == county.REGION_CODE
    assert accounts[Role.SUPERVISOR].body_key == "justice"
    assert not accounts[Role.ADMIN].body_key
    assert len({a.full_name for a in plan.accounts}) == len(plan.accounts)


@pytest.mark.parametrize("today", [date(2026, 1, 3), date(2027, 2, 28), date(2030, 12, 31)])
def test_any_day_gives_a_consistent_county(today):
    plan = build_plan(seed=2026, today=today)
    assert sum(o.condition == "expired" for o in plan.officers) >= 10
    for officer in plan.officers:
        assert (officer.expires_on < today) == (officer.condition == "expired")
        assert all(i.inspected_on <= today for i in officer.inspections)
        if officer.condition == "failed":
            assert officer.inspections[-1].result == "failed"


def test_the_loading_processes_take_whole_bodies_of_about_equal_work():
    # A body's document numbers run in date order only if one process issues all of them.
    from types import SimpleNamespace

    from sanxiang.demo import cases

    def run(body, acts):
        return SimpleNamespace(plan=SimpleNamespace(
            body_key=body, procedure="penalty_general",
            acts=[SimpleNamespace(label="not_a_step")] * acts))

    runs = [run("a", 10), run("b", 12), run("a", 10), run("c", 5), run("d", 4)]
    groups = cases._partition(runs, 2)
    bodies = [{r.plan.body_key for r in group} for group in groups]
    assert len(groups) == 2 and not bodies[0] & bodies[1]
    assert sorted(sum(len(r.plan.acts) for r in group) for group in groups) == [20, 21]
    [one] = cases._partition(runs, 1)
    assert sorted(map(id, one)) == sorted(map(id, runs))
    assert len(cases._partition(runs, 8)) == 4  # no more processes than bodies
