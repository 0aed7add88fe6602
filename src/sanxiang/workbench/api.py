"""待办 as JSON for the signed-in user (``GET /api/todo``), so that a government messaging
app can push it. The same list as the workbench home page (``sanxiang.workbench.todo``)."""

from datetime import date

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.security import django_auth

from sanxiang.workbench import todo

router = Router(tags=["待办"], auth=django_auth)


class TodoItemOut(Schema):
    kind: str = Field(description="待办类别代码，如 deadline、review_unassigned、publish")
    kind_label: str = Field(description="待办类别名称")
    title: str = Field(description="案号与案由（或公示的文书号与当事人）")
    note: str = Field(description="说明，如环节名称与规则编号")
    due: date | None = Field(description="期限届满日（无期限时为空）")
    overdue_workdays: int = Field(description="已超期的工作日数，未超期为 0")
    provisional: bool = Field(description="期限跨入尚未载入节假日安排的年份，为暂定")
    url: str = Field(description="办理该事项的页面地址")


class TodoGroupOut(Schema):
    kind: str = Field(description="待办类别代码")
    label: str = Field(description="待办类别名称")
    count: int = Field(description="该类待办的总数")
    count_is_lower_bound: bool = Field(description="总数为下限（“至少”）：候选案件已截断")


class TodoOut(Schema):
    today: date = Field(description="计算所依据的日期")
    total: int = Field(description="待办总数")
    groups: list[TodoGroupOut] = Field(description="各类待办及其数量")
    items: list[TodoItemOut] = Field(description=f"待办事项，每类最多 {todo.SHOWN_ROWS} 条")


@router.get("", response=TodoOut, summary="当前用户的待办", url_name="todo")
def my_todo(request):
    today = timezone.localdate()
    result = todo.for_user(request.user, today)
    return {
        "today": today,
        "total": result.total,
        "groups": [{"kind": g.kind, "label": g.label, "count": g.count,
                    "count_is_lower_bound": g.count_is_lower_bound} for g in result.groups],
        "items": todo.as_json(result),
    }
