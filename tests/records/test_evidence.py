"""Evidence metadata (R-REC-04), late uploads (R-REC-05) and the recording requirement
(R-REC-03)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from records import case_of_a, metadata
from sanxiang.cases.workflows import Recording
from sanxiang.core import rulebook
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent, RulebookEntry
from sanxiang.ledger.events import EventKind
from sanxiang.records import actions
from sanxiang.records.models import Evidence, RecordingException
from sanxiang.records.requirements import recording_satisfied

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(officer_a1, officer_a2, officer_user_a):
    return case_of_a([officer_a1, officer_a2], officer_user_a)


def store(user, case, meta, **kwargs):
    return actions.store_evidence_file(acting_user=user, case=case, path_or_bytes=b"video",
                                       filename="v.mp4", content_type="video/mp4",
                                       metadata=meta, **kwargs)


def test_upload_within_hours_not_late_R_REC_05(case, officer_user_a, officer_a1):
    evidence = store(officer_user_a, case, metadata(officer_a1))
    assert evidence.late is False


def test_upload_flagged_late_R_REC_05(case, officer_user_a, officer_a1):
    end = timezone.now() - timedelta(hours=30)
    meta = metadata(officer_a1, captured_from=end - timedelta(minutes=10), captured_to=end,
                    late_reason="执法记录仪在外地检修")
    evidence = store(officer_user_a, case, meta)
    assert evidence.late is True
    assert evidence.late_reason == "执法记录仪在外地检修"
    assert '"late":true' in LedgerEvent.objects.get(seq=evidence.ledger_seq).payload


def test_late_limit_from_rulebook_R_REC_05(case, officer_user_a, officer_a1):
    end = timezone.now() - timedelta(hours=30)
    RulebookEntry.objects.create(key="records.upload_hours", value=48, body=None,
                                 effective_from=timezone.localdate() - timedelta(days=10))
    assert rulebook.get("records.upload_hours") == 48
    meta = metadata(officer_a1, captured_from=end - timedelta(minutes=10), captured_to=end)
    assert store(officer_user_a, case, meta).late is False
    # The upload time is the platform's clock: 49 hours after capture is late.
    older = timezone.now() - timedelta(hours=49)
    meta = metadata(officer_a1, captured_from=older - timedelta(minutes=10), captured_to=older)
    assert store(officer_user_a, case, meta).late is True
    # A person cannot type the upload time (R-CASE-15).
    with pytest.raises(RuleViolation) as raised:
        store(officer_user_a, case, meta, uploaded_at=older + timedelta(hours=1))
    assert raised.value.code == "R-CASE-15"


@pytest.mark.parametrize("change, field", [
    ({"place": ""}, "place"),
    ({"place": "   "}, "place"),
    ({"proves": ""}, "proves"),
    ({"device": ""}, "device"),
    ({"step": "no_such_step"}, "step"),
    ({"captured_to": "END_BEFORE_START"}, "captured_to"),
    ({"captured_to": "FUTURE"}, "captured_to"),
    ({"uninterrupted": True, "gaps": "UNEXPLAINED"}, "gaps"),
    ({"gaps": "GAP_NOT_UNINTERRUPTED"}, "gaps"),
    ({"kind": "photo", "uninterrupted": True}, "uninterrupted"),
])
def test_metadata_required_R_REC_04(case, officer_user_a, officer_a1, change, field):
    meta = metadata(officer_a1)
    start = meta["captured_from"]
    gap = {"from": start + timedelta(minutes=5), "to": start + timedelta(minutes=6),
           "explanation": ""}
    values = {"END_BEFORE_START": start - timedelta(minutes=1),
              "FUTURE": timezone.now() + timedelta(hours=1),
              "UNEXPLAINED": [gap], "GAP_NOT_UNINTERRUPTED": [dict(gap, explanation="换电池")]}
    meta.update({k: values.get(v, v) if isinstance(v, str) else v for k, v in change.items()})
    with pytest.raises(RuleViolation) as caught:
        store(officer_user_a, case, meta)
    assert caught.value.code == "R-REC-04"
    assert caught.value.details["field"] == field
    assert not Evidence.objects.filter(case=case).exists()


def test_officer_of_other_body_refused_as_capturer_R_REC_04(case, officer_user_a, officer_b1):
    with pytest.raises(RuleViolation) as caught:
        store(officer_user_a, case, metadata(officer_b1))
    assert caught.value.details["field"] == "captured_by"


def test_explained_gap_accepted_R_REC_04(case, officer_user_a, officer_a1):
    meta = metadata(officer_a1, uninterrupted=True)
    start = meta["captured_from"]
    meta["gaps"] = [{"from": (start + timedelta(minutes=5)).isoformat(),
                     "to": (start + timedelta(minutes=7)).isoformat(),
                     "explanation": "更换执法记录仪电池"}]
    evidence = store(officer_user_a, case, meta)
    assert evidence.uninterrupted and evidence.gaps[0]["explanation"] == "更换执法记录仪电池"


def test_recording_satisfied_by_recording_R_REC_03(case, officer_user_a, officer_a1):
    assert not recording_satisfied(case, "investigate", Recording.REQUIRED)
    assert recording_satisfied(case, "investigate", Recording.NONE)
    store(officer_user_a, case, metadata(officer_a1, kind="photo"))
    assert not recording_satisfied(case, "investigate", Recording.REQUIRED)
    store(officer_user_a, case, metadata(officer_a1))
    assert recording_satisfied(case, "investigate", Recording.REQUIRED)
    assert not recording_satisfied(case, "investigate", Recording.UNINTERRUPTED)
    assert not recording_satisfied(case, "notify", Recording.REQUIRED)
    store(officer_user_a, case, metadata(officer_a1, kind="audio", uninterrupted=True))
    assert recording_satisfied(case, "investigate", Recording.UNINTERRUPTED)


def test_recording_satisfied_by_approved_exception_only_R_REC_03(
        case, officer_user_a, head_user_a):
    exception = actions.request_recording_exception(
        acting_user=officer_user_a, case=case, step="investigate",
        reason="现场强电磁干扰，执法记录仪无法工作")
    assert not recording_satisfied(case, "investigate", Recording.REQUIRED)
    with pytest.raises(PermissionDenied):
        actions.decide_recording_exception(acting_user=officer_user_a, exception=exception,
                                           approved=True)
    actions.decide_recording_exception(acting_user=head_user_a, exception=exception,
                                       approved=True, reason="情况属实")
    assert recording_satisfied(case, "investigate", Recording.UNINTERRUPTED)
    assert not recording_satisfied(case, "notify", Recording.REQUIRED)
    kinds = list(LedgerEvent.objects.filter(subject_type="records.recordingexception")
                 .values_list("kind", flat=True))
    assert kinds == [EventKind.RECORDING_EXCEPTION_REQUESTED,
                     EventKind.RECORDING_EXCEPTION_DECIDED]


def test_refused_exception_does_not_satisfy_R_REC_03(case, officer_user_a, head_user_a):
    exception = actions.request_recording_exception(
        acting_user=officer_user_a, case=case, step="investigate", reason="忘记携带设备")
    with pytest.raises(RuleViolation):
        actions.decide_recording_exception(acting_user=head_user_a, exception=exception,
                                           approved=False, reason="")
    actions.decide_recording_exception(acting_user=head_user_a, exception=exception,
                                       approved=False, reason="理由不成立")
    exception.refresh_from_db()
    assert exception.outcome == RecordingException.Outcome.REFUSED
    assert not recording_satisfied(case, "investigate", Recording.REQUIRED)
