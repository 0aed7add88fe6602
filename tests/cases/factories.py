"""Cases for tests, made through the real actions.

``make_case(body, officers)`` opens a general-procedure penalty case against a company ten
days ago; ``party_person()`` / ``party_company()`` give valid party dicts.
"""

from datetime import timedelta

from django.utils import timezone

from sanxiang.cases import actions
from sanxiang.core.identifiers import make_credit_code, make_resident_id


def party_company(seed: int = 7, **overrides) -> dict:
    data = {"kind": "organisation", "name": "滹阳县宏达化工有限公司", "id_kind": "credit_code",
            "id_number": make_credit_code(prefix="91", region="130139", seed=seed),
            "legal_representative": "赵立新", "address": "滹阳县工业园区纬三路8号",
            "phone": "0311-8800123"}
    data.update(overrides)
    return data


def party_person(seq: int = 3, **overrides) -> dict:
    data = {"kind": "natural_person", "name": "钱志强", "id_kind": "resident_id",
            "id_number": make_resident_id(region="130139", seq=seq), "address": "",
            "phone": "13912345678"}
    data.update(overrides)
    return data


def make_case(body, officers, *, acting_user=None, procedure="penalty_general",
              days_ago=10, party=None, field_code="AQSC", **kwargs):
    today = timezone.localdate()
    opened = today - timedelta(days=days_ago)
    kwargs.setdefault("violation_on", opened - timedelta(days=20))
    kwargs.setdefault("discovered_on", opened - timedelta(days=2))
    return actions.open_case(
        acting_user=acting_user, body=body, procedure=procedure,
        title=kwargs.pop("title", "未按规定对重大危险源进行安全评估案"), field_code=field_code,
        parties=[party or party_company()], officers=list(officers), opened_on=opened,
        **kwargs)
