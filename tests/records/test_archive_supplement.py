"""Adding to an archived case file (补充归档, R-REC-02): refused to officers, done by the head
with the reason, recorded as a supplement (on the evidence and in the ledger entry)."""

import json

import pytest

from records import case_of_a, metadata
from sanxiang.cases.models import Case
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger import state_verify
from sanxiang.ledger.events import EventKind
from sanxiang.records import actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def supplement(user, case, officer, reason="复议机关调取后退回的现场照片原件，补充归档。"):
    return actions.supplement_archived_case(
        acting_user=user, case=case, path_or_bytes=b"\xff\xd8\xffphoto-original\xff\xd9",
        filename="现场照片.jpg", content_type="image/jpeg",
        metadata=metadata(officer, kind="photo", title="现场照片原件"), reason=reason)


def test_archived_case_takes_a_supplement_only_from_the_head_with_reason_R_REC_02(
        officer_a1, officer_a2, officer_user_a, officer_user_b, head_user_a):
    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    with pytest.raises(RuleViolation) as not_archived:
        supplement(head_user_a, case, officer_a1)
    assert "尚未归档" in not_archived.value.message
    Case.objects.filter(pk=case.pk).update(state=Case.State.ARCHIVED)  # as the last step does
    case.refresh_from_db()
    for outsider in (officer_user_a, officer_user_b, None):
        with pytest.raises(PermissionDenied):
            supplement(outsider, case, officer_a1)
    with pytest.raises(RuleViolation) as no_reason:
        supplement(head_user_a, case, officer_a1, reason="  ")
    assert no_reason.value.details.get("field") == "reason"
    evidence = supplement(head_user_a, case, officer_a1)
    assert evidence.supplement_reason.startswith("复议机关调取后退回")
    assert evidence.uploaded_by == head_user_a
    event = LedgerEvent.objects.filter(kind=EventKind.EVIDENCE_STORED).latest("seq")
    payload = json.loads(event.payload)
    assert payload["supplement"] is True and "补充归档" in payload["supplement_reason"]
    assert event.actor_id == head_user_a.pk
    # The ordinary path stays closed.
    with pytest.raises(RuleViolation):
        actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                    path_or_bytes=b"x", filename="a.jpg",
                                    content_type="image/jpeg", metadata=metadata(officer_a1))
    assert state_verify.verify_state().ok
