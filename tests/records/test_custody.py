"""The custody log (R-REC-06): reasons, copies only with approval, the supervisors' query."""

import pytest

from records import case_of_a, metadata
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.records import actions, custody
from sanxiang.records.models import CopyRequest, CustodyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(officer_a1, officer_a2, officer_user_a):
    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    return actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                       path_or_bytes=b"original", filename="v.mp4",
                                       content_type="video/mp4", metadata=metadata(officer_a1))


def test_access_needs_a_reason_R_REC_06(evidence, officer_user_a):
    with pytest.raises(RuleViolation) as caught:
        custody.log_access(user=officer_user_a, action="view", reason="  ", evidence=evidence)
    assert caught.value.code == "R-REC-06"
    entry = custody.log_access(user=officer_user_a, action="view", reason="案件审查",
                               evidence=evidence)
    assert entry.case_id == evidence.case_id and entry.user_name.startswith("张伟")



def test_the_custody_log_keeps_a_long_reason_whole_or_refuses_it_R_REC_06(
        evidence, officer_user_a, head_user_a):
    """The log cut reasons at 300 characters without saying so: a copy request's reason
    (up to 1000) came back cut in the copy's entry. It is kept whole; a longer one is
    refused in Chinese, at the request, before anyone relies on it."""
    reason = "移送公安机关，" + "案情复杂需要比对原始录像。" * 70  # 917 characters
    request = actions.request_copy(acting_user=officer_user_a, evidence=evidence,
                                   reason=reason)
    actions.decide_copy(acting_user=head_user_a, copy_request=request, approved=True)
    actions.copy_original(acting_user=officer_user_a, evidence=evidence)
    entry = CustodyEntry.objects.get(evidence=evidence, action=CustodyEntry.Action.COPY)
    entry.refresh_from_db()
    assert entry.reason == reason
    too_long = "理" * 1001
    for attempt in (
            lambda: actions.request_copy(acting_user=officer_user_a, evidence=evidence,
                                         reason=too_long),
            lambda: custody.log_access(user=officer_user_a, action="view", reason=too_long,
                                       evidence=evidence)):
        with pytest.raises(RuleViolation) as caught:
            attempt()
        assert caught.value.code == "R-REC-06"
        assert "1001字" in caught.value.message and "1000字以内" in caught.value.message

def test_copy_without_approval_refused_R_REC_06(evidence, officer_user_a, head_user_a):
    with pytest.raises(RuleViolation) as caught:
        actions.copy_original(acting_user=officer_user_a, evidence=evidence)
    assert caught.value.code == "R-REC-06"
    request = actions.request_copy(acting_user=officer_user_a, evidence=evidence,
                                   reason="移送公安机关")
    with pytest.raises(RuleViolation):
        actions.copy_original(acting_user=officer_user_a, evidence=evidence)
    with pytest.raises(PermissionDenied):
        actions.decide_copy(acting_user=officer_user_a, copy_request=request, approved=True)
    actions.decide_copy(acting_user=head_user_a, copy_request=request, approved=True)
    used = actions.copy_original(acting_user=officer_user_a, evidence=evidence)
    assert used.pk == request.pk and used.used_at is not None
    entry = CustodyEntry.objects.get(evidence=evidence, action=CustodyEntry.Action.COPY)
    assert entry.reason == "移送公安机关"
    # One approval, one copy.
    with pytest.raises(RuleViolation):
        actions.copy_original(acting_user=officer_user_a, evidence=evidence)
    kinds = list(LedgerEvent.objects.filter(subject_type="records.copyrequest")
                 .order_by("seq").values_list("kind", flat=True))
    assert kinds == [EventKind.COPY_REQUESTED, EventKind.COPY_DECIDED,
                     EventKind.ORIGINAL_COPIED]


def test_refused_copy_stays_refused_R_REC_06(evidence, officer_user_a, head_user_a):
    request = actions.request_copy(acting_user=officer_user_a, evidence=evidence, reason="留存")
    actions.decide_copy(acting_user=head_user_a, copy_request=request, approved=False,
                        reason="无必要")
    assert CopyRequest.objects.get(pk=request.pk).outcome == CopyRequest.Outcome.REFUSED
    with pytest.raises(RuleViolation):
        actions.copy_original(acting_user=officer_user_a, evidence=evidence)


def test_custody_query_filters_and_keyset_pages_R_REC_06(
        evidence, officer_user_a, supervisor_user, head_user_a, officer_user_b):
    for n in range(7):
        custody.log_access(user=officer_user_a, action="view", reason=f"审查{n}",
                           evidence=evidence)
    custody.log_access(user=head_user_a, action="download", reason="审批", evidence=evidence)
    seen, cursor = [], ""
    while True:
        page = custody.entries(viewer=supervisor_user, evidence=evidence, cursor=cursor, limit=3)
        seen += page.entries
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == 8 and len({e.pk for e in seen}) == 8
    assert [e.pk for e in seen] == sorted((e.pk for e in seen), reverse=True)
    only_head = custody.entries(viewer=head_user_a, user=head_user_a)
    assert [e.reason for e in only_head.entries] == ["审批"]
    with pytest.raises(PermissionDenied):
        custody.entries(viewer=officer_user_a)
