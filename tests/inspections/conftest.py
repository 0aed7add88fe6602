"""Random-inspection fixtures, built through the real actions (data in ``factories``).

===================  =========================================================
fixture              what it is
===================  =========================================================
inspection_items     body A's random-inspection list, in force: AQ-SJ-001 (5%),
                     AQ-SJ-002 (3%)
directory            30 enterprises in 130102/130104, credit classes A–D, via add_target
inspectors_a         officer_a1, officer_a2 and two more of body A, enrolled inspectors
make_task            make_task(**overrides) → a task of body A over AQ-SJ-001
===================  =========================================================
"""

from datetime import timedelta

import pytest
from conftest import qualified_officer
from django.utils import timezone

from sanxiang.inspections import actions

from .factories import inspection_item, publish_items, target_data


@pytest.fixture
def inspection_items(body_a, fields):
    return publish_items(body_a, [inspection_item("AQ-SJ-001", "工贸企业安全生产情况检查", 5),
                                  inspection_item("AQ-SJ-002", "危险化学品经营单位检查", 3)])


@pytest.fixture
def directory(db):
    return [actions.add_target(acting_user=None, **target_data(i)) for i in range(30)]


@pytest.fixture
def inspectors_a(officer_a1, officer_a2, body_a, inspection_items):
    extra = [qualified_officer(body_a, name, ["AQSC", "YJGL"], f"1301020110{i}")
             for i, name in enumerate(("王芳", "李强"))]
    officers = [officer_a1, officer_a2, *extra]
    for officer in officers:
        actions.enroll_inspector(acting_user=None, officer=officer)
    return officers


@pytest.fixture
def make_task(body_a, inspection_items, fields):
    def make(**overrides):
        today = timezone.localdate()
        kwargs = {"acting_user": None, "body": body_a, "title": "2026年工贸企业安全生产双随机抽查",
                  "field_code": "AQSC", "item_codes": ["AQ-SJ-001"], "filter_kind": "undirected",
                  "ratio": 10, "starts_on": today, "ends_on": today + timedelta(days=60),
                  "seed_source": "见证人现场摇号产生的五位数字"}
        kwargs.update(overrides)
        return actions.create_task(**kwargs)
    return make
