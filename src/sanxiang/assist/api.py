"""Similar-case endpoint for staff systems (R-AST-01): the cases most like a case.

Staff only: the case asked about must be in the caller's scope (else 404), and the answer
holds only cases the caller may see, or published decisions shown as the public sees them —
the same ``similar.similar_cases`` the case page shows.
"""

from datetime import date
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from sanxiang.api.types import PathId
from sanxiang.assist import similar
from sanxiang.cases.models import Case
from sanxiang.core.access import log_access

router = Router(tags=["类案推送（执法人员）"], auth=django_auth)

Limit = Annotated[int, Query(ge=1, le=similar.MAX_LIMIT,
                             description=f"条数（1–{similar.MAX_LIMIT}）")]


class SimilarOut(Schema):
    case_id: int | None = Field(description="案件 ID；仅以公开决定显示时为 null")
    title: str = Field(description="案由（公开决定为其标题）")
    number: str = Field(description="案号（公开决定为其文号）")
    body: str = Field(description="执法主体")
    item: str = Field(description="执法事项")
    level: str = Field(description="情节档次")
    penalty: str = Field(description="处罚")
    outcome: str = Field(description="办理结果")
    decided_on: date | None = Field(description="决定日期")
    url: str = Field(description="查看地址（案件页或公开决定页）")
    published_only: bool = Field(description="是否仅以公开的处罚决定显示（不在调用者范围内）")
    score: float = Field(description="相似度得分（越大越相似）")


@router.get("/cases/{int:pk}/similar", response=list[SimilarOut], summary="相似案件")
def similar_cases(request, pk: PathId, limit: Limit = similar.DEFAULT_LIMIT):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    log_access(request.user, case)
    return [{**hit.__dict__, "case_id": None if hit.published_only else hit.case_id}
            for hit in similar.similar_cases(case, user=request.user, limit=limit)]
