"""Lists for body A, built through the actions: an item list and its benchmarks."""

from datetime import date

import pytest

from sanxiang.catalog import actions
from sanxiang.catalog.models import Catalogue

SAFETY_LAW = "《中华人民共和国安全生产法》"


def item(code, name, article="第九十七条", category="行政处罚"):
    return {"category": category, "code": code, "name": name,
            "legal_bases": f"{SAFETY_LAW}{article}", "unit": "执法大队",
            "time_limit": "立案之日起九十日内作出处理决定", "time_limit_days": 90,
            "field": "AQSC"}


ITEMS = [
    item("AQ-CF-001", "对生产经营单位未按规定设置安全生产管理机构的行政处罚"),
    item("AQ-CF-002", "对生产经营单位未如实记录安全生产教育和培训情况的行政处罚"),
    item("AQ-JC-001", "安全生产监督检查", "第六十五条", "行政检查"),
]


@pytest.fixture
def items_catalogue(body_a, fields):
    return actions.get_or_create_catalogue(body=body_a, kind=Catalogue.Kind.ITEMS,
                                           acting_user=None)


@pytest.fixture
def items_v1(items_catalogue):
    return actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                   effective_from=date(2026, 1, 1), note="首次公布", add=ITEMS)
