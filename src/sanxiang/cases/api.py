"""Case endpoints for staff systems (R-REC-01): open a case, record steps, issue documents.

Staff only: the caller is the logged-in user (session and CSRF, as the workbench); a case
outside the caller's scope is a 404. Every write calls the same action as the workbench, so
a rule refuses here exactly as on the page (409 with the rule's ID and a Chinese message).
"""

from datetime import date
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from sanxiang.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, keyset_page
from sanxiang.api.types import Count, Id, PathId
from sanxiang.cases import actions, deadlines
from sanxiang.cases.models import Case, Document
from sanxiang.core.access import log_access
from sanxiang.core.errors import PermissionDenied
from sanxiang.org.models import Officer

router = Router(tags=["案件办理（执法人员）"], auth=django_auth)

After = Annotated[str, Query(max_length=200, description="上一页返回的游标（首页不传）")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"每页条数（1–{MAX_LIMIT}）")]


class PartyIn(Schema):
    kind: str = Field(description="当事人类别：natural_person、organisation、individual_business")
    name: str = Field(max_length=200, description="姓名或名称")
    id_kind: str = Field(description="证件类型：resident_id、credit_code、passport、other")
    id_number: str = Field(max_length=40, description="证件号码")
    legal_representative: str = Field("", max_length=50, description="法定代表人或经营者")
    address: str = Field("", max_length=200, description="住所或地址")
    phone: str = Field("", max_length=30, description="联系电话")
    birth_date: date | None = Field(None, description="出生日期（自然人，可选）")
    age: int | None = Field(None, description="违法行为时的年龄（自然人，可选）")
    guardian: str = Field("", max_length=50, description="监护人（未成年当事人）")


class CaseIn(Schema):
    # An example in the document: for the callers' developers, and the fuzz's starting point.
    model_config = {"json_schema_extra": {"examples": [{
        "procedure": "penalty_general", "title": "未按规定设置安全警示标志案",
        "field_code": "AQSC", "officer_ids": [1, 2], "opened_on": "2026-03-02",
        "violation_on": "2026-02-10", "discovered_on": "2026-03-01",
        "parties": [{"kind": "organisation", "name": "滹阳县永兴建材有限公司",
                     "id_kind": "credit_code", "id_number": "91130139MA0000000X",
                     "legal_representative": "李永兴"}]}]}}

    procedure: str = Field(description="程序：penalty_general、penalty_simple、inspection、"
                                       "coercion、licence")
    title: str = Field(max_length=200, description="案由")
    field_code: str = Field(max_length=20, description="执法类别代码")
    parties: list[PartyIn] = Field(description="当事人")
    officer_ids: list[Id] = Field(description="办案人员 ID（第一位为主办人）")
    opened_on: date = Field(description="立案（启动）日期")
    violation_on: date | None = Field(None, description="违法行为终了之日")
    discovered_on: date | None = Field(None, description="发现之日")
    serious_harm: bool = Field(False, description="是否涉及生命健康安全、金融安全且有危害后果")
    source: str = Field("", max_length=100, description="案件来源")
    facts: str = Field("", description="基本案情")
    flags: list[str] = Field([], description="审核情形：complex 疑难复杂，major_rights 重大权益")


class StepIn(Schema):
    step: str = Field(description="当前环节代码")
    to: str | None = Field(None, description="下一环节代码（有分支时必填）")
    done_on: date = Field(description="办理日期")
    data: dict[str, Any] = Field({}, description="本环节记录事项（见流程定义）")
    officer_ids: list[Id] | None = Field(None, description="实施本环节的执法人员 ID")
    version: Count = Field(description="读取案件时的版本号（防止并发覆盖）")


class DocumentIn(Schema):
    doc_type: str = Field(description="文书种类代码")
    issued_on: date = Field(description="文书日期")
    data: dict[str, Any] = Field({}, description="文书内容补充")


class DocumentOut(Schema):
    id: int
    doc_type: str = Field(description="文书种类代码")
    title: str = Field(description="文书名称")
    number: str = Field(description="文号")
    version: int = Field(description="版本（更正后递增）")
    issued_on: date = Field(description="文书日期")
    digest: str = Field(description="PDF 摘要（算法:十六进制）")
    ledger_seq: int | None = Field(description="台账序号")


class StepOut(Schema):
    seq: int
    step: str = Field(description="环节代码")
    next_step: str = Field(description="下一环节")
    done_on: date = Field(description="办理日期")
    data: dict[str, Any] = Field(description="记录事项")
    ledger_seq: int | None = Field(description="台账序号")


class DeadlineOut(Schema):
    step: str = Field(description="环节代码")
    rule: str = Field(description="规则编号")
    due: date = Field(description="期限日")
    status: str = Field(description="状态")
    overdue: bool = Field(description="是否已逾期")
    explanation: list[str] = Field(description="期限计算说明")


class CaseOut(Schema):
    id: int
    number: str = Field(description="案号")
    title: str = Field(description="案由")
    procedure: str = Field(description="程序代码")
    state: str = Field(description="状态：open 办理中，closed 已结案，archived 已归档")
    current_step: str = Field(description="当前环节")
    opened_on: date = Field(description="立案日期")
    version: int = Field(description="版本号")


class CaseDetail(CaseOut):
    steps: list[StepOut]
    documents: list[DocumentOut]
    deadlines: list[DeadlineOut]


class CasePage(Schema):
    items: list[CaseOut]
    next: str | None = Field(description="下一页游标；无下一页时为 null")


def _case(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user), pk=pk)


def _detail(case: Case) -> dict:
    return {
        **CaseOut.from_orm(case).dict(),
        "steps": list(case.steps.order_by("seq")),
        "documents": list(case.documents.order_by("issued_at", "id")),
        "deadlines": [{"step": d.step.code, "rule": d.rule.rule, "due": d.due,
                       "status": d.status, "overdue": d.overdue,
                       "explanation": d.explanation()}
                      for d in deadlines.case_deadlines(case)],
    }


def _officers(request, ids) -> list[Officer]:
    found = {o.pk: o for o in Officer.objects.filter(pk__in=ids or [])}
    return [found[i] for i in ids or [] if i in found]


@router.get("/", response=CasePage, summary="可见案件列表")
def list_cases(request, after: After = "", limit: Limit = DEFAULT_LIMIT):
    page = keyset_page(Case.objects.visible_to(request.user), order=("pk",), types=(int,),
                       after=after, limit=limit)
    return {"items": page.items, "next": page.next}


@router.post("/", response={201: CaseDetail}, summary="立案")
def open_case(request, payload: CaseIn):
    if request.user.body is None:
        raise PermissionDenied(_("Only officers and heads of a body may open cases."))
    case = actions.open_case(
        acting_user=request.user, body=request.user.body, procedure=payload.procedure,
        title=payload.title, field_code=payload.field_code,
        parties=[p.dict() for p in payload.parties],
        officers=_officers(request, payload.officer_ids), opened_on=payload.opened_on,
        violation_on=payload.violation_on, discovered_on=payload.discovered_on,
        serious_harm=payload.serious_harm, source=payload.source, facts=payload.facts,
        flags=payload.flags)
    return Status(201, _detail(case))


@router.get("/{int:pk}", response=CaseDetail, summary="案件详情")
def case_detail(request, pk: PathId):
    case = _case(request, pk)
    log_access(request.user, case)
    return _detail(case)


@router.post("/{int:pk}/steps", response=CaseDetail, summary="办理当前环节")
def complete_step(request, pk: PathId, payload: StepIn):
    case = _case(request, pk)
    officers = _officers(request, payload.officer_ids) if payload.officer_ids else None
    actions.complete_step(acting_user=request.user, case=case, step=payload.step,
                          to=payload.to, done_on=payload.done_on, data=payload.data,
                          officers=officers, expected_version=payload.version)
    case.refresh_from_db()
    return _detail(case)


@router.post("/{int:pk}/documents", response={201: DocumentOut}, summary="制作文书")
def issue_document(request, pk: PathId, payload: DocumentIn):
    from sanxiang.cases.document_actions import issue_document as issue

    case = _case(request, pk)
    document = issue(acting_user=request.user, case=case, doc_type=payload.doc_type,
                     issued_on=payload.issued_on, data=payload.data)
    return Status(201, document)


@router.get("/documents/{int:pk}", response=DocumentOut, summary="文书信息")
def document_detail(request, pk: PathId):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    log_access(request.user, document)
    return document
