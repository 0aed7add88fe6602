"""Running case steps in tests through the real actions: documents issued, recordings
stored, then ``complete_step``.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from sanxiang.cases import actions
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.guards import recording_level
from sanxiang.cases.workflows import Recording
from sanxiang.records.actions import store_evidence_file


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def prepare(case, step_code, *, user=None, on, data=None, documents=True, recording=True):
    """Issue the step's required documents and store its recording, dated ``on``."""
    case.refresh_from_db()
    step = case.workflow.step(step_code)
    if documents:
        for doc_type in step.documents:
            if not case.documents.filter(step=step_code, doc_type=doc_type).exists():
                issue_document(acting_user=user, case=case, doc_type=doc_type,
                               issued_on=on, data=data or {})
    if recording and recording_level(case, step, data) != Recording.NONE:
        record(case, step_code, on=on, user=user)


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
                                 data=data or {}, officers=officers)
