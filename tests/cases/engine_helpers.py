"""Running case steps in tests through the real actions: documents issued, recordings
stored, then ``complete_step``.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from sanxiang.cases import actions, guards, step_data
from sanxiang.cases.document_actions import correct_document, issue_document
from sanxiang.cases.document_specs import APPROVAL_FORMS, ISSUED_BY_ACTION
from sanxiang.cases.guards import recording_level
from sanxiang.cases.workflows import Recording
from sanxiang.records.actions import store_evidence_file

from .factories import make_case


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


VIOLATED = "《中华人民共和国安全生产法》第二十八条第一款"
PENALTY_PROVISION = "《中华人民共和国安全生产法》第九十七条第四项"

# The facts a step states in its documents, as an officer would enter them on the form.
STEP_FACTS = {
    "investigation_report": {"violated_provision": VIOLATED,
                             "penalty_provision": PENALTY_PROVISION,
                             "proposed_kinds": ["warning"]},
    "notify": {"violated_provision": VIOLATED, "penalty_provision": PENALTY_PROVISION},
    "decide": {"violated_provision": VIOLATED, "penalty_provision": PENALTY_PROVISION,
               "payment_manner": "到本机关指定的代收银行缴纳"},
    "decide_on_spot": {"facts": "当事人在厂区外违规堆放易燃物品。", "violated_provision": VIOLATED,
                       "penalty_provision": PENALTY_PROVISION,
                       "payment_manner": "到本机关指定的代收银行缴纳"},
    "close": {"summary": "处罚决定已执行完毕，建议结案。"},
    "release": {"summary": "检验结论已出，解除查封。"},
    "decide_licence": {"summary": "申请材料齐全，符合法定条件。"},
    # 强制法 35, 37: the obligation the demand and the enforcement decision state.
    "demand": {"obligation": "缴纳罚款"},
    "enforcement_decision": {"obligation": "缴纳罚款"},
}


def step_facts(case, step_code, data=None) -> dict:
    """``data`` completed with what the step's documents state (left as given where set)."""
    extra = STEP_FACTS.get("decide_licence" if (case.procedure, step_code)
                           == ("licence", "decide") else step_code, {})
    return {**extra, **(data or {})}


def document_facts(case, doc_type, on) -> dict:
    """The facts a document records itself (document_specs.OWN_FIELDS) and the approval."""
    asked = timezone.make_aware(datetime.combine(on, time(9, 30)))
    party = case.parties.first()
    facts = {
        "inquiry_record": {"interviewee": f"{party.name}（负责人）", "asked_at": asked,
                           "doc_place": "当事人办公室", "signed": True,
                           "qa": "问：我们是执法人员，现依法询问，你是否听清？\n答：听清了。\n"
                                 "问：培训档案是否建立？\n答：没有建立。"},
        "site_inspection_record": {"inspected_at": asked, "doc_place": "当事人生产车间",
                                   "present": f"{party.name}安全员", "signed": True,
                                   "findings": "现场未见安全培训记录。"},
        "sampling_notice": {"doc_place": "当事人仓库", "goods": "样品一批"},
        "evidence_preservation_notice": {"doc_place": "当事人仓库", "goods": "账册三本"},
        "goods_disposal_notice": {"goods": "账册三本", "disposal": "退还当事人"},
        "correction_order": {"correction": "建立培训档案", "correct_by": on + timedelta(days=15)},
        "hearing_notice": {"doc_place": "本机关听证室"},
        "service_receipt": {"method": "direct", "recipient": party.name, "signed": True,
                            "served_on": on, "witnesses": "村委会主任李某",
                            "leaving_reason": "受送达人拒绝签收",
                            "method_detail": "经当事人书面同意，通过电子送达平台送达"},
        "enforcement_application": {"court": "滹阳县人民法院"},
        "on_site_record": {"doc_place": "当事人厂区", "record": "依法实施查封，清点物品。",
                           "party_signed": True},
        "seizure_list": {"party_signed": True},
        "hearing_record": {"party_signed": True, "signer": f"{party.name}委托代理人"},
        "case_opening_form": {"source": "日常检查", "facts": case.facts or "经检查发现违法行为。"},
        "statement_record": {"summary": "当事人无异议。"},
        "legal_review_opinion": {"reviewer": "法制审核人员"},
        "internal_approval_form": {"proposal": "建议依法作出决定，请负责人审批。"},
        "enforcement_demand": {"perform_by": on + timedelta(days=10)},
    }.get(doc_type, {})
    if doc_type in APPROVAL_FORMS:
        facts.update({"approval_opinion": "同意。", "approved_by": "机关负责人",
                      "approved_on": on})
    return facts


def prepare(case, step_code, *, user=None, on, data=None, documents=True, recording=True):
    """Issue the step's required documents and store its recording, dated ``on``."""
    case.refresh_from_db()
    step = case.workflow.step(step_code)
    data = step_facts(case, step_code, data)
    if documents:
        for doc_type in step.documents:
            if doc_type in ISSUED_BY_ACTION:
                continue  # the review's own actions issue it (the opinion, the record)
            _correct_if_different(case, step_code, doc_type, data, user=user, on=on)
            if not case.documents.filter(step=step_code, doc_type=doc_type).exists():
                # The head's approval is the head's: the platform records it here.
                issuer = None if doc_type in APPROVAL_FORMS else user
                issue_document(acting_user=issuer, case=case, doc_type=doc_type,
                               issued_on=on,
                               data={**document_facts(case, doc_type, on), **data})
    if recording and recording_level(case, step, data) != Recording.NONE:
        record(case, step_code, on=on, user=user)


def _correct_if_different(case, step_code, doc_type, data, *, user, on):
    """A test retrying a step with other facts corrects the document issued with the old
    ones first, as an officer must (the step and its documents agree, R-REC-01)."""
    document = case.documents.filter(step=step_code, doc_type=doc_type).order_by("pk").last()
    if document is None:
        return
    values = (document.data or {}).get("values") or {}
    stated = step_data.as_json(dict(data or {}))
    if all(name not in values or guards._fact(value) in (None, guards._fact(values[name]))
           for name, value in stated.items()):
        return
    issuer = None if doc_type in APPROVAL_FORMS else user
    correct_document(acting_user=issuer, document=document, reason="按本环节记录的事实更正。",
                     data={**document_facts(case, doc_type, on), **(data or {})},
                     issued_on=max(on, document.issued_on))


def record(case, step_code, *, on, user=None, late=False):
    start = timezone.make_aware(datetime.combine(on, time(9, 30)))
    uploaded_after = timedelta(hours=30) if late else timedelta(minutes=40)
    if start + uploaded_after > timezone.now():
        start = timezone.now() - uploaded_after
    return store_evidence_file(
        acting_user=user, case=case, path_or_bytes=b"\x00\x00\x00\x18ftypmp42" + bytes(2048),
        filename=f"{step_code}.mp4", content_type="video/mp4",
        metadata={"step": step_code, "kind": "video", "title": "执法记录仪视频",
                  "proves": "现场检查经过及当事人陈述", "captured_from": start,
                  "captured_to": start + timedelta(minutes=20), "place": "当事人生产车间",
                  "captured_by": case.lead_officer_id, "device": "执法记录仪 DSJ-A8 #0031",
                  "uninterrupted": recording_level(case, case.workflow.step(step_code))
                  == Recording.UNINTERRUPTED, "gaps": []},
        uploaded_at=start + uploaded_after)


# The head's 立案 approval (R-CASE-13) where a test does not care about its wording.
OPENING_APPROVAL = {"approval_opinion": "经审查，符合立案条件，同意立案。"}


def step(case, code, *, user=None, on, to=None, data=None, officers=None, prepare_first=True,
         **kwargs):
    if code == "open" and case.procedure == "penalty_general" and data is None:
        data = dict(OPENING_APPROVAL)
    if prepare_first:
        prepare(case, code, user=user, on=on, data=data, **kwargs)
    case.refresh_from_db()
    return actions.complete_step(acting_user=user, case=case, step=code, to=to, done_on=on,
                                 data=step_facts(case, code, data), officers=officers)


# The deposits a test freezing freezes (强制法 30-33), as an officer enters them.
FROZEN_DEPOSITS = {"items": "银行存款5万元", "institution": "滹阳县农村信用社"}


def frozen_case(body, officers, *, days_ago, served=None, to=None, **case_kwargs):
    """A coercion case whose deposits were frozen ``days_ago`` days ago, on the head's
    approval that day; with ``served`` (days ago) the freezing decision was served then and
    the case moved ``to`` its next step (``extend_freezing`` or ``unfreeze``)."""
    case = make_case(body, officers, procedure="coercion", days_ago=days_ago, **case_kwargs)
    step(case, "approve", on=ago(days_ago), to="freeze", data={"measure": "冻结涉案存款。"})
    step(case, "freeze", on=ago(days_ago), data=dict(FROZEN_DEPOSITS))
    if served is not None:
        step(case, "serve_freezing", on=ago(served), to=to, data={"served_on": ago(served)})
    case.refresh_from_db()
    return case
