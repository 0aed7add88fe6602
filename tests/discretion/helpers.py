"""A body with a computable 裁量基准 and cases decided on the spot, through the real actions."""

from datetime import timedelta

from django.utils import timezone

from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import Catalogue
from sanxiang.discretion import actions

ITEM = "AQ-CF-009"
VIOLATION = "未按规定在作业场所设置安全警示标志"
FACTORS = "初次/再次：初次=从轻，再次=从重；整改情况：及时整改=从轻，拒不整改=从重"


def publish_lists(body, *, item=ITEM, computable=True):
    """Item list, 裁量基准 (range per level: 从轻 500–1000, 一般 1000–2000, 从重 2000–3000)
    and the 首违不罚 list of ``body``."""
    on = timezone.localdate() - timedelta(days=400)

    def publish(kind, rows):
        catalogue = catalog_actions.get_or_create_catalogue(body=body, kind=kind,
                                                            acting_user=None)
        catalog_actions.publish_version(catalogue=catalogue, acting_user=None,
                                        effective_from=on, note="初版", add=rows)

    publish(Catalogue.Kind.ITEMS, [{
        "category": "penalty", "code": item, "name": "对未设置安全警示标志的行政处罚",
        "legal_bases": "《中华人民共和国安全生产法》第九十九条第一项", "unit": "执法大队"}])
    levels = (("lighter", "500", "1000"), ("general", "1000", "2000"),
              ("heavier", "2000", "3000"))
    publish(Catalogue.Kind.BENCHMARKS, [{
        "item_code": item, "violation": VIOLATION, "level": level,
        "circumstances": f"{level} 情节", "penalty_kinds": "罚款", "fine_min": low,
        "fine_max": high, "legal_bases": "《中华人民共和国安全生产法》第九十九条第一项",
        "mode": "levels" if computable else "",
        "factors": FACTORS if computable and level == "lighter" else ""}
        for level, low, high in levels])
    publish(Catalogue.Kind.LENIENCY, [{
        "list_kind": "first", "item_code": item, "violation": VIOLATION,
        "conditions": "首次违法、及时改正且未造成危害后果",
        "legal_bases": "《中华人民共和国行政处罚法》第三十三条第一款"}])


def record(case, first=True, corrected=True, user=None):
    return actions.record_factors(
        acting_user=user, case=case, violation=VIOLATION,
        values={"初次/再次": "初次" if first else "再次",
                "整改情况": "及时整改" if corrected else "拒不整改"})


def on_spot(fine, *, level="", reason="", item=ITEM):
    data = {"decided_kinds": ["fine"], "decided_fine": str(fine), "place": "厂区",
            "item": item}
    if level:
        data["circumstance_level"] = level
    if reason:
        data["discretion_reason"] = reason
    return data
