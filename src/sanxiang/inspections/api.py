"""Public JSON of random inspections (R-INS-03, R-PUB-10): no login.

``GET /api/inspections/draws/{id}`` is the draw's file for ``sanxiang verify-draw``: the
published lists, their digest, the seed and its witness, the result and its digest.
"""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from sanxiang.inspections import public

router = Router(tags=["双随机、一公开"])


class ResultOut(Schema):
    task: str = Field(description="抽查任务编号")
    body: str = Field(description="检查机关")
    object: str = Field(description="检查对象名称")
    object_code: str = Field(description="检查对象代码（统一社会信用代码或名录编号）")
    category: str = Field(description="检查结果")
    method: str = Field(description="检查方式")
    follow_up: str = Field(description="后续处置")
    inspected_on: date = Field(description="检查日期")
    published_on: date = Field(description="公示日期")


@router.get("/draws/{draw_id}", summary="一次抽取的全部公开数据（可离线复算）",
            response=dict)
def draw_detail(request, draw_id: int):
    """名单、名单摘要、种子及见证人、抽取结果及其摘要；用 ``sanxiang verify-draw`` 复算。"""
    return public.draw_record(get_object_or_404(public.draws(), pk=draw_id))


@router.get("/results", summary="已公示的抽查结果（最新 200 条）", response=list[ResultOut])
def result_list(request, q: str = ""):
    rows = public.search_results(q[:100])[:200]
    return [ResultOut(task=r.assignment.draw.task.number, body=r.body.name,
                      object=r.assignment.target.name, object_code=r.assignment.target.code,
                      category=r.get_category_display(), method=r.get_method_display(),
                      follow_up=r.get_follow_up_display(), inspected_on=r.inspected_on,
                      published_on=r.published_on) for r in rows]
