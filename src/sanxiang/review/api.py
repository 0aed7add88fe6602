"""Legal review endpoints for staff systems (R-REV-03 … R-REV-08): the queue, a round, and
the acts on it. Each write calls the same action as the workbench, so a broken rule is a 409
with the rule's ID here exactly as it is a message on the page; out of scope is a 404.
"""

from datetime import date
from typing import Annotated

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from sanxiang.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, keyset_page
from sanxiang.api.types import Id, PathId
from sanxiang.cases.models import Case
from sanxiang.core.access import log_access
from sanxiang.core.errors import PermissionDenied
from sanxiang.org.roles import Role, has_role
from sanxiang.review import actions, rules
from sanxiang.review.models import Discussion, Submission

router = Router(tags=["法制审核"], auth=django_auth)

After = Annotated[str, Query(max_length=200, description="上一页返回的游标（首页不传）")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"每页条数（1–{MAX_LIMIT}）")]
Tab = Annotated[str, Query(pattern="^(pending|mine|all)$",
                           description="pending 待分配，mine 分配给我，all 全部")]
OPEN_STATES = (Submission.State.PENDING, Submission.State.REVIEWING)


class FindingIn(Schema):
    ok: bool = Field(description="是否符合")
    note: str = Field("", max_length=1000, description="说明（不符合时必填）")


class SubmitIn(Schema):
    materials: dict[str, str] = Field(description=(
        "报送材料：facts 事实、legal_basis 法律依据、benchmark 裁量基准适用、"
        "qualifications 执法资格、draft_decision 决定书代拟稿、evidence 证据、"
        "hearing_record 听证笔录、expert_reports 鉴定检测报告"))
    submitted_on: date = Field(description="报送日期")


class AssignIn(Schema):
    reviewer_id: Id = Field(description="审核人员的用户 ID")


class ExtendIn(Schema):
    reason: str = Field(max_length=300, description="延长理由")
    approved_on: date = Field(description="批准日期")


class ReviewIn(Schema):
    findings: dict[str, FindingIn] = Field(description="逐项审核意见，键为审核事项代码")
    outcome: str = Field(description=(
        "审核结论：passed 同意，revise 建议修改后再审，rejected 不同意"))
    opinion: str = Field(max_length=5000, description="书面审核意见")
    decided_on: date = Field(description="审核意见日期")


class AnswerIn(Schema):
    accept: bool = Field(description="true 接受审核意见（退回调查）；false 有异议（提请集体讨论）")
    reason: str = Field(max_length=2000, description="理由")
    on: date = Field(description="日期")


class PersonIn(Schema):
    name: str = Field(max_length=50, description="姓名")
    post: str = Field("", max_length=50, description="职务")
    opinion: str = Field("", max_length=2000, description="发表的意见")
    signed: bool = Field(False, description="是否已核对讨论记录并签名")


class ObserverIn(Schema):
    name: str = Field(max_length=50, description="姓名")
    post: str = Field("", max_length=50, description="职务")


class DiscussionIn(Schema):
    held_on: date = Field(description="讨论日期")
    reason: str = Field(description="讨论原因：disagreement 对审核意见有异议，complex 疑难复杂，"
                                    "serious 重大")
    chair: str = Field("", max_length=50, description="主持人（须为出席人员）")
    attendees: list[PersonIn] = Field(description="出席人员及其意见、签名")
    observers: list[ObserverIn] = Field([], description="列席人员")
    recorder: str = Field("", max_length=50, description="记录人")
    conclusion: str = Field(max_length=5000, description="讨论结论")


class SubmissionOut(Schema):
    id: int
    case_id: int = Field(description="案件 ID")
    case_number: str = Field(description="案号")
    round: int = Field(description="审核轮次")
    previous_id: int | None = Field(description="上一轮 ID")
    state: str = Field(description="状态：returned 材料不全退回，pending 待分配，reviewing 审核中，"
                                   "decided 已出具意见")
    submitted_on: date = Field(description="报送日期")
    received_on: date | None = Field(description="法制机构收到日期")
    missing: list[str] = Field(description="缺少的材料代码")
    reviewer_id: int | None = Field(description="审核人员用户 ID")
    due: date | None = Field(description="审核期限（R-REV-07）")
    overdue: bool = Field(description="是否超期")
    extension_workdays: int = Field(description="延长的工作日数")
    outcome: str = Field(description="审核结论")
    opinion: str = Field(description="书面审核意见")
    decided_on: date | None = Field(description="审核意见日期")
    opinion_document_id: int | None = Field(description="法制审核意见书的文书 ID")
    answer: str = Field(description="承办机构对不同意意见的答复")
    ledger_seq: int | None = Field(description="台账序号")


class SubmissionDetail(SubmissionOut):
    materials: dict[str, str] = Field(description="报送材料")
    findings: dict[str, FindingIn] = Field(description="逐项审核意见")
    criteria: list[str] = Field(description="需要审核的目录情形（R-REV-01）")


class QueuePage(Schema):
    items: list[SubmissionOut]
    next: str | None = Field(description="下一页游标；无下一页时为 null")


class DiscussionOut(Schema):
    id: int
    case_id: int
    held_on: date
    reason: str
    chair: str = Field(description="主持人")
    attendees: list[dict]
    observers: list[dict] = Field(description="列席人员")
    recorder: str = Field(description="记录人")
    opinions: list[dict]
    conclusion: str
    document_id: int | None = Field(description="集体讨论笔录的文书 ID")
    ledger_seq: int | None


def _out(submission: Submission) -> dict:
    deadline = actions.review_deadline(submission)
    return {
        "id": submission.pk, "case_id": submission.case_id,
        "case_number": submission.case.number, "round": submission.round,
        "previous_id": submission.previous_id, "state": submission.state,
        "submitted_on": submission.submitted_on, "received_on": submission.received_on,
        "missing": list(submission.missing or []), "reviewer_id": submission.reviewer_id,
        "due": deadline.due if deadline else None,
        "overdue": bool(deadline and deadline.overdue and submission.is_open),
        "extension_workdays": submission.extension_workdays, "outcome": submission.outcome,
        "opinion": submission.opinion, "decided_on": submission.decided_on,
        "opinion_document_id": submission.opinion_document_id, "answer": submission.answer,
        "ledger_seq": submission.ledger_seq,
    }


def _detail(submission: Submission) -> dict:
    return {**_out(submission), "materials": submission.materials or {},
            "findings": submission.findings or {},
            "criteria": [c.description for c in rules.review_required_for(submission.case)]}


def _submission(request, pk) -> Submission:
    return get_object_or_404(Submission.objects.visible_to(request.user).select_related(
        "case", "case__body"), pk=pk)


def _case(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user).select_related("body"),
                             pk=pk)


@router.get("/queue", response=QueuePage, summary="审核队列（未结的审核）")
def review_queue(request, tab: Tab = "all", after: After = "", limit: Limit = DEFAULT_LIMIT):
    user = request.user
    if not (user.is_superuser or has_role(user, Role.REVIEWER, Role.HEAD, Role.SUPERVISOR,
                                          Role.ADMIN)):
        raise PermissionDenied(_("Only legal reviewers, heads and supervisors may see the "
                                 "review queue."))
    rows = Submission.objects.visible_to(user).filter(state__in=OPEN_STATES).select_related(
        "case", "case__body")
    if tab == "pending":
        rows = rows.filter(state=Submission.State.PENDING)
    elif tab == "mine":
        rows = rows.filter(reviewer=user)
    page = keyset_page(rows, order=("pk",), types=(int,), after=after, limit=limit)
    return {"items": [_out(s) for s in page.items], "next": page.next}


@router.get("/{int:pk}", response=SubmissionDetail, summary="审核轮次详情")
def submission_detail(request, pk: PathId):
    submission = _submission(request, pk)
    log_access(request.user, submission.case)
    return _detail(submission)


@router.post("/cases/{int:case_pk}/submit", response={201: SubmissionDetail},
             summary="报送法制审核（材料不全时记录为退回并列明缺少的材料）")
def submit(request, case_pk: PathId, payload: SubmitIn):
    submission = actions.submit_for_review(
        acting_user=request.user, case=_case(request, case_pk), materials=payload.materials,
        submitted_on=payload.submitted_on)
    return Status(201, _detail(submission))


@router.post("/{int:pk}/assign", response=SubmissionDetail, summary="分配审核人员")
def assign(request, pk: PathId, payload: AssignIn):
    submission = _submission(request, pk)
    reviewer = get_object_or_404(get_user_model().objects.filter(
        body_id=submission.case.body_id), pk=payload.reviewer_id)
    return _detail(actions.assign_reviewer(acting_user=request.user, submission=submission,
                                           reviewer=reviewer))


@router.post("/{int:pk}/extend", response=SubmissionDetail, summary="批准延长审核期限（一次）")
def extend(request, pk: PathId, payload: ExtendIn):
    return _detail(actions.extend_review(acting_user=request.user,
                                         submission=_submission(request, pk),
                                         reason=payload.reason,
                                         approved_on=payload.approved_on))


@router.post("/{int:pk}/review", response=SubmissionDetail, summary="出具审核意见")
def review(request, pk: PathId, payload: ReviewIn):
    findings = {code: finding.dict() for code, finding in payload.findings.items()}
    return _detail(actions.record_review(
        acting_user=request.user, submission=_submission(request, pk), findings=findings,
        outcome=payload.outcome, opinion=payload.opinion, decided_on=payload.decided_on))


@router.post("/{int:pk}/answer", response=SubmissionDetail, summary="答复不同意的审核意见")
def answer(request, pk: PathId, payload: AnswerIn):
    return _detail(actions.answer_rejection(
        acting_user=request.user, submission=_submission(request, pk), accept=payload.accept,
        reason=payload.reason, on=payload.on))


@router.post("/cases/{int:case_pk}/discussion", response={201: DiscussionOut},
             summary="记录集体讨论")
def discussion(request, case_pk: PathId, payload: DiscussionIn):
    people = payload.attendees
    record: Discussion = actions.record_discussion(
        acting_user=request.user, case=_case(request, case_pk), held_on=payload.held_on,
        reason=payload.reason,
        attendees=[{"name": p.name, "post": p.post, "signed": p.signed} for p in people],
        opinions=[{"name": p.name, "opinion": p.opinion} for p in people],
        conclusion=payload.conclusion, chair=payload.chair, recorder=payload.recorder,
        observers=[{"name": p.name, "post": p.post} for p in payload.observers])
    return Status(201, record)
