"""Random-inspection test data, made through the real actions (the browser tests use it too)."""

from datetime import date

from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import Catalogue
from sanxiang.core.identifiers import make_credit_code

SAFETY_LAW = "《中华人民共和国安全生产法》"
CLASSES = "ABCD"


def inspection_item(code, subject, ratio):
    return {"code": code, "subject": subject, "legal_bases": f"{SAFETY_LAW}第六十五条",
            "inspected": "辖区内工贸企业", "content": "安全生产责任制、教育培训",
            "method": "现场检查", "ratio": ratio, "frequency": "每年一次"}


def publish_items(body, rows, effective_from=date(2026, 1, 1)):
    catalogue = catalog_actions.get_or_create_catalogue(
        body=body, kind=Catalogue.Kind.INSPECTIONS, acting_user=None)
    catalog_actions.publish_version(catalogue=catalogue, acting_user=None,
                                    effective_from=effective_from, note="首次公布", add=rows)
    return catalogue


def target_data(seed, **overrides):
    data = {"name": f"滹阳县第{seed}化工有限公司",
            "credit_code": make_credit_code(prefix="91", region="130102", seed=1000 + seed),
            "entity_type": "有限责任公司", "industry": "化工" if seed % 2 else "冶金",
            "region_code": "130102" if seed % 3 else "130104", "size": "small",
            "credit_class": CLASSES[seed % 4], "legal_representative": "赵立新",
            "address": f"工业园区{seed}号"}
    data.update(overrides)
    return data
