"""The demo county's enforcement supervision (行政执法监督, R-SUP-01 … R-SUP-05), through
``supervision.actions`` and ``supervision.evaluation_actions``.

- complaints and reports in every state — awaiting acceptance (one overdue), accepted and
  extended, refused with reasons, answered — one of which the 县应急局 opens a case on,
  and one the 司法局 answers with a supervision document;
- supervision documents: one answered with its rectification, one overdue;
- reconsideration and litigation outcomes: one upheld, one dismissed, and one revoked by a
  court, which marks the publication of the decision for withdrawal (R-PUB-06);
- an evaluation round over the county's closed files: the lists and their digest, a
  witnessed seed, the draw, and most files graded (one 不合格 on a basic item).

Everything is dated in the past relative to ``today``; the same seed loads the same data.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from sanxiang.cases.models import Case, CaseOfficer
from sanxiang.core.identifiers import make_credit_code
from sanxiang.disclosure.models import Disclosure
from sanxiang.supervision import actions, evaluation
from sanxiang.supervision import evaluation_actions as rounds
from sanxiang.supervision.models import Complaint, EvaluationStandard, Outcome

CONDUCTS = (
    ("complaint", "执法人员在检查我店时未出示执法证件，态度粗暴，当场要求停业。"),
    ("report", "滹阳县鑫源化工有限公司夜间在厂区外违规堆放危险化学品包装桶，存在安全隐患。"),
    ("complaint", "我单位于上月缴纳罚款后，至今未收到罚没款收据，多次询问无人答复。"),
    ("complaint", "执法人员查封我厂设备时未制作现场笔录，也未交付查封决定书。"),
    ("report", "柳林镇某饭店后厨卫生条件差，存在使用过期食材的情况。"),
    ("complaint", "处罚决定书送达后，执法人员口头要求另行缴纳“整改保证金”。"),
)


def _users():
    users = get_user_model().objects
    return (users.get(username="supervisor"), users.get(username="head"),
            users.get(username="officer"))


def _complaints(bodies, today, rng, supervisor) -> list[Complaint]:
    emergency, market = bodies["emergency"], bodies["market"]
    addressed = (emergency, emergency, market, emergency, market, emergency)
    made = []
    for index, (kind, conduct) in enumerate(CONDUCTS):
        body = addressed[index]
        named = index % 3 != 2
        complaint, _code = actions.file_complaint(
            body=body, kind=kind, conduct=conduct, anonymous=not named,
            name="马建军" if named else "", phone=f"139{rng.randrange(10**8):08d}" if named
            else "", filed_on=today - timedelta(days=40 - 6 * index))
        made.append(complaint)
    first, report, refused, extended, answered, waiting = made
    # Waiting for acceptance: the newest; the oldest unanswered is overdue.
    actions.accept_complaint(acting_user=supervisor, complaint=first,
                             on=first.filed_on + timedelta(days=3), note="属于受理范围。")
    actions.accept_complaint(acting_user=supervisor, complaint=report,
                             on=report.filed_on + timedelta(days=2), note="转县应急局调查处理。")
    actions.refuse_complaint(acting_user=supervisor, complaint=refused,
                             on=refused.filed_on + timedelta(days=4),
                             reason="该事项已由人民法院受理行政诉讼，依法不再作为投诉处理。")
    actions.accept_complaint(acting_user=supervisor, complaint=extended,
                             on=extended.filed_on + timedelta(days=1))
    actions.extend_complaint(acting_user=supervisor, complaint=extended,
                             on=extended.filed_on + timedelta(days=5),
                             reason="需调取查封现场音像记录并听取双方陈述。")
    accepted = actions.accept_complaint(acting_user=supervisor, complaint=answered,
                                        on=answered.filed_on + timedelta(days=2))
    actions.answer_complaint(
        acting_user=supervisor, complaint=accepted, on=min(today, answered.filed_on
                                                           + timedelta(days=12)),
        answer="经核查，执法人员未收取任何费用，但存在解释不到位的问题，已责令其书面说明并"
               "加强培训。")
    del waiting  # left awaiting acceptance
    return made


def _case_from_report(report: Complaint, bodies, officer_user, today) -> Case | None:
    """The 县应急局 opens a case on the report about hazardous chemicals."""
    template = (Case.objects.filter(body=bodies["emergency"], procedure="penalty_general")
                .order_by("-opened_on", "-pk").first())
    if template is None:
        return None
    officers = [row.officer for row in CaseOfficer.objects.filter(
        case=template, removed_on__isnull=True).select_related("officer").order_by("pk")]
    if officer_user.officer_id and officer_user.officer not in officers:
        officers.insert(0, officer_user.officer)
    return actions.open_case_from_complaint(
        acting_user=officer_user, complaint=report, procedure="penalty_general",
        title="违规堆放危险化学品包装物案", field_code=template.field.code,
        parties=[{"kind": "organisation", "name": "滹阳县鑫源化工有限公司",
                  "id_kind": "credit_code",
                  "id_number": make_credit_code(prefix="91", region="130139", seed=5150),
                  "address": "滹阳县工业园区纬三路8号", "legal_representative": "孟庆山"}],
        officers=officers[:2], opened_on=today - timedelta(days=3),
        violation_on=today - timedelta(days=20), discovered_on=today - timedelta(days=5),
        facts="群众举报，经现场核查属实。")


def _documents(bodies, today, supervisor, head, complaint) -> None:
    emergency, market = bodies["emergency"], bodies["market"]
    answered = actions.issue_supervision_document(
        acting_user=supervisor, body=emergency, kind="opinion",
        title="关于规范行政处罚案卷送达程序的监督意见",
        content="经评查，你局部分行政处罚案卷送达回证缺失、送达方式记载不全。\n"
                "请对本年度已办结案卷开展自查，补正送达材料，并完善案卷归档制度。",
        issued_on=today - timedelta(days=30), answer_due=today - timedelta(days=10))
    actions.answer_supervision_document(
        acting_user=head, document=answered, on=today - timedelta(days=12),
        answer="已组织全局开展案卷自查，共补正送达回证7份。",
        rectification="修订《行政执法案卷归档管理办法》，明确送达回证由主办人员当日归档。")
    actions.issue_supervision_document(
        acting_user=supervisor, body=market, kind="suggestion",
        title="关于加强现场执法音像记录的监督建议",
        content="你局现场检查环节音像记录上传不及时的问题较为突出，建议配备执法记录仪"
                "并落实当日上传制度。",
        issued_on=today - timedelta(days=25), answer_due=today - timedelta(days=5))
    actions.issue_supervision_document(
        acting_user=supervisor, body=complaint.body, kind="opinion", complaint=complaint,
        title="关于依法处理投诉事项的监督意见",
        content="群众投诉你局执法人员查封设备时未制作现场笔录、未交付查封决定书。\n"
                "请调取相关音像记录查明事实，依法处理并答复投诉人。",
        issued_on=today - timedelta(days=2), answer_due=today + timedelta(days=13))


def _outcomes(bodies, today, supervisor) -> None:
    # Published decisions first: the revocation (last) then has a publication to withdraw.
    decided = list(Case.objects.filter(
        decided_on__isnull=False, decided_on__lte=today - timedelta(days=20),
        disclosures__state=Disclosure.State.PUBLISHED).distinct().order_by("decided_on", "pk")
        [:3])
    plans = (
        (Outcome.Proceeding.RECONSIDERATION, "滹阳县人民政府", Outcome.Result.UPHELD,
         "滹政复决字〔{year}〕3号"),
        (Outcome.Proceeding.LITIGATION, "滹阳县人民法院", Outcome.Result.DISMISSED,
         "（{year}）冀0139行初8号"),
        (Outcome.Proceeding.LITIGATION, "滹阳县人民法院", Outcome.Result.REVOKED,
         "（{year}）冀0139行初12号"),
    )
    for case, (proceeding, forum, result, reference) in zip(decided, plans, strict=False):
        applied = case.decided_on + timedelta(days=5)
        actions.record_outcome(
            acting_user=supervisor, case=case, proceeding=proceeding, forum=forum,
            applied_on=applied, result=result,
            decided_on=min(today - timedelta(days=1), applied + timedelta(days=25)),
            reference=reference.format(year=applied.year))


def _evaluation(today, supervisor, rng) -> None:
    standard = (EvaluationStandard.objects.order_by("-version").first()
                or evaluation.ensure_default_standard())
    campaign = rounds.create_round(
        acting_user=supervisor, title=f"{today.year}年度行政执法案卷评查", year=today.year,
        standard=standard, closed_from=today - timedelta(days=365), closed_until=today,
        ratio=Decimal("20"), minimum=2, evaluators=[supervisor],
        seed_source="评查启动会上由县公证处公证员现场摇出的六位数字",
        created_on=today - timedelta(days=7))
    if not rounds.build_lists(campaign)["strata"]:
        return  # a demo loaded with very few cases has no closed file to draw
    campaign = rounds.publish_round_lists(acting_user=supervisor, campaign=campaign)
    campaign = rounds.enter_round_seed(acting_user=supervisor, campaign=campaign,
                                       seed=f"{rng.randrange(10**6):06d}",
                                       witness="滹阳县公证处 赵公证员")
    rows = list(campaign.evaluations.order_by("position"))
    notes = (("N02", "2", "询问笔录未记载询问地点。"), ("W02", "1", "文书项目填写不全。"),
             ("N09", "2", "未说明从轻处罚的裁量理由。"), ("W04", "1", "送达回证缺少日期。"))
    for index, row in enumerate(rows[:-1]):  # the last file still waits for its evaluator
        given = {}
        code, points, note = notes[index % len(notes)]
        given[code] = {"value": points, "note": note}
        if index == 0:  # one file fails on a basic item
            given["J04"] = {"value": True, "note": "违法所得的认定缺少账册等证据支持。"}
        for item in standard.items["content"] + standard.items["form"]:
            check = row.checks.get(item["code"]) or {}
            if check.get("auto") and check.get("proposed") not in (None, "0"):
                given.setdefault(item["code"], {"value": check["proposed"],
                                                "note": "平台核查属实。"})
        rounds.record_evaluation(acting_user=supervisor, evaluation_row=row, checks=given,
                                 on=today - timedelta(days=max(0, 5 - index)))


def load(*, bodies: dict, today: date, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed + 14)  # noqa: S311 - demo data, reproducible on purpose
    supervisor, head, officer = _users()
    complaints = _complaints(bodies, today, rng, supervisor)
    _case_from_report(complaints[1], bodies, officer, today)
    _documents(bodies, today, supervisor, head, complaints[3])
    _outcomes(bodies, today, supervisor)
    _evaluation(today, supervisor, rng)
    return {"complaints": len(complaints)}
