"""Random-inspection fixtures, built through the real actions.

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

from datetime import date, timedelta

import pytest
from conftest import qualified_officer
from django.utils import timezone

from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import Catalogue
from sanxiang.core.identifiers import make_credit_code
from sanxiang.inspections import actions

SAFETY_LAW = "《中华人民共和国安全生产法》"
CLASSES = "ABCD"


def inspection_item(code, subject, ratio):
    return {"code": code, "subject": subject, "legal_bases": f"{SAFETY_LAW}第六十五条",
            "inspected": "辖区内工贸企业", "content": "安全生产责任制、教育培训",
            "method": "现场检查", "ratio": ratio, "frequency": "每年一次"}


@pytest.fixture
def inspection_items(body_a, fields):
    catalogue = catalog_actions.get_or_create_catalogue(
        body=body_a, kind=Catalogue.Kind.INSPECTIONS, acting_user=None)
    catalog_actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2026, 1, 1), note="首次公布",
        add=[inspection_item("AQ-SJ-001", "工贸企业安全生产情况检查", 5),
             inspection_item("AQ-SJ-002", "危险化学品经营单位检查", 3)])
    return catalogue


def target_data(seed, **overrides):
    data = {"name": f"滹阳县第{seed}化工有限公司", "credit_code": make_credit_code(
        prefix="91", region="130102", seed=1000 + seed), "entity_type": "有限责任公司",
        "industry": "化工" if seed % 2 else "冶金",
        "region_code": "130102" if seed % 3 else "130104",
        "size": "small", "credit_class": CLASSES[seed % 4], "legal_representative": "赵立新",
        "address": f"工业园区{seed}号"}
    data.update(overrides)
    return data


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
