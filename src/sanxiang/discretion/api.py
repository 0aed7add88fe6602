"""Discretion endpoints for staff systems (R-AST-01, R-AST-02): record a case's discretion
factors and read the suggestion they give.

Staff only, like the case endpoints: a case outside the caller's scope is a 404. Recording
calls the same action as the case page's form (``actions.record_factors``), so the same
permission (403) and the same rules (409 with the rule's ID and a Chinese message) apply.
"""

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from sanxiang.api.types import PathId
from sanxiang.cases.models import Case
from sanxiang.core.access import log_access
from sanxiang.discretion import actions, benchmarks
from sanxiang.discretion.gate import level_name

router = Router(tags=["裁量辅助（执法人员）"], auth=django_auth)


class FactorsIn(Schema):
    model_config = {"json_schema_extra": {"examples": [{
        "violation": "未按规定在作业场所设置安全警示标志",
        "values": {"初次/再次": "初次", "整改情况": "及时整改"}}]}}

    violation: str = Field(max_length=300, description="违法行为（本单位裁量基准所列）")
    values: dict[str, str] = Field(description="各裁量因素所处的档次：{因素名称: 档次名称}")
    base_amount: Decimal | None = Field(None, ge=0, lt=Decimal(10) ** 12, decimal_places=2,
                                        description="违法所得或货值金额（元；按倍数罚款时必填）")
    note: str = Field("", max_length=2000, description="说明")


class FactorsOut(Schema):
    id: int
    item_code: str = Field(description="执法事项编码")
    violation: str = Field(description="违法行为")
    values: dict[str, str] = Field(description="各裁量因素所处的档次")
    base_amount: Decimal | None = Field(description="违法所得或货值金额（元）")
    note: str = Field(description="说明")
    ledger_seq: int | None = Field(description="台账序号")


class SuggestionOut(Schema):
    mode: str = Field(description="计算方式：levels 分档，weighted 因素加权，statutory 法定幅度")
    level: str = Field(description="建议的情节档次代码：none、mitigated、lighter、general、"
                                   "heavier")
    level_name: str = Field(description="建议的情节档次")
    low: Decimal | None = Field(description="建议罚款下限（元）")
    high: Decimal | None = Field(description="建议罚款上限（元）")
    amount: Decimal | None = Field(description="加权计算得出的罚款（元；仅加权方式）")
    steps: list[str] = Field(description="计算过程")
    factors: list[list[str]] = Field(description="适用的因素：[因素, 档次, 取值]")


class AdviceOut(Schema):
    item_code: str = Field(description="执法事项编码")
    legal_basis: str = Field(description="法律依据")
    violation: str = Field(description="适用的违法行为")
    violations: list[str] = Field(description="该事项在裁量基准中列出的违法行为")
    computable: bool = Field(description="裁量基准是否列有裁量因素（可计算）")
    factors: dict[str, Any] | None = Field(description="最近一次记录的裁量因素；未记录时为 null")
    suggestion: SuggestionOut | None = Field(description="建议；因素未记录或不再适用时为 null")
    problem: str = Field(description="无法计算的原因（如有）")
    leniency: list[dict[str, str]] = Field(description="适用的首违不罚、轻微不罚清单条目")


def _case(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=pk)


@router.post("/cases/{int:pk}/factors", response={201: FactorsOut}, summary="记录裁量因素")
def record_factors(request, pk: PathId, payload: FactorsIn):
    record = actions.record_factors(
        acting_user=request.user, case=_case(request, pk), violation=payload.violation,
        values=payload.values, base_amount=payload.base_amount, note=payload.note)
    return Status(201, record)


@router.get("/cases/{int:pk}/suggestion", response=AdviceOut, summary="裁量建议")
def suggestion(request, pk: PathId):
    case = _case(request, pk)
    log_access(request.user, case)
    advice = benchmarks.advise(case)
    found = advice.suggestion
    record = advice.record
    return {
        "item_code": advice.item_code,
        "legal_basis": benchmarks.legal_basis(case, advice.item_code),
        "violation": advice.violation,
        "violations": list(advice.violations),
        "computable": advice.computable,
        "factors": ({"violation": record.violation, "values": record.values,
                     "base_amount": record.base_amount} if record is not None else None),
        "suggestion": None if found is None else {
            "mode": found.mode, "level": found.level, "level_name": level_name(found.level),
            "low": found.low, "high": found.high, "amount": found.amount,
            "steps": found.steps, "factors": [list(a) for a in found.applied]},
        "problem": str(advice.problem or ""),
        "leniency": [{"list_kind": e.list_kind, "violation": e.violation,
                      "conditions": e.conditions}
                     for e in benchmarks.leniency(case, advice.item_code)],
    }
