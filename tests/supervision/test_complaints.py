"""Complaints and reports from the public (R-SUP-02): filing without an account, the
tracking number and query code, acceptance within 5 working days, the answer within 30 days
with one extension, each step on the ledger, overdue flags, identity only to the handlers."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanxiang.calendar import workdays
from sanxiang.core import blobs
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.supervision import actions
from sanxiang.supervision.models import Complaint

pytestmark = pytest.mark.django_db

CONDUCT = "2026年3月5日，执法人员在检查中未出示执法证件即要求停业。"


def file(body, *, anonymous=False, filed_on=None, **extra):
    named = {} if anonymous else {"name": "马建军", "phone": "13912345678"}
    return actions.file_complaint(body=body, kind="complaint", conduct=CONDUCT,
                                  anonymous=anonymous, filed_on=filed_on, **named, **extra)


def kinds_of(complaint):
    return list(LedgerEvent.objects.filter(subject_type="supervision.complaint",
                                           subject_id=str(complaint.pk))
                .order_by("seq").values_list("kind", flat=True))


@pytest.fixture
def other_supervisor(db):
    # Supervises another city (1302): not the handler for bodies in 1301.
    return org_actions.create_user(acting_user=None, username="sup_other", password="x" * 12,
                                   full_name="钱进", roles=[Role.SUPERVISOR],
                                   jurisdiction="1302")


def test_complaint_acceptance_deadline_R_SUP_02(body_a):
    # Filed Monday 29 September 2025: 30 Sep is the 1st working day, 1–8 October are
    # holidays, 9, 10 October, Saturday 11 October (a make-up working day) and Monday
    # 13 October complete the five.
    complaint, _code = file(body_a, filed_on=date(2025, 9, 29))
    assert complaint.accept_due == date(2025, 10, 13)
    assert complaint.state == Complaint.State.RECEIVED
    assert actions.is_overdue(complaint, date(2025, 10, 14))
    assert not actions.is_overdue(complaint, date(2025, 10, 13))
    assert Complaint.objects.filter(actions.overdue_filter(date(2025, 10, 14))).count() == 1


def test_tracking_number_and_query_code_only_hash_kept_R_SUP_02(body_a):
    complaint, code = file(body_a)
    assert complaint.number.startswith("TS") and len(code) == 8
    assert code not in complaint.code_hash
    assert actions.find_complaint(complaint.number, code) == complaint
    assert actions.find_complaint(complaint.number, code.lower()) == complaint
    assert actions.find_complaint(complaint.number, "WRONG123") is None
    assert actions.find_complaint("TS000", code) is None


def test_named_complaint_needs_name_and_phone_anonymous_keeps_none_R_SUP_02(body_a):
    with pytest.raises(RuleViolation) as refused:
        actions.file_complaint(body=body_a, kind="complaint", conduct=CONDUCT,
                               anonymous=False, name="马建军")
    assert refused.value.code == "R-SUP-02"
    complaint, _code = actions.file_complaint(body=body_a, kind="report", conduct=CONDUCT,
                                              anonymous=True, name="马建军", phone="139")
    assert complaint.complainant_name == "" and complaint.complainant_phone == ""
    with pytest.raises(RuleViolation):
        actions.file_complaint(body=body_a, kind="report", conduct="  ", anonymous=True)


def test_acceptance_answer_and_one_extension_on_the_ledger_R_SUP_02(body_a, supervisor_user):
    today = timezone.localdate()
    complaint, _code = file(body_a, filed_on=today - timedelta(days=10))
    complaint = actions.accept_complaint(acting_user=supervisor_user, complaint=complaint,
                                         on=today - timedelta(days=9), note="属实性待核查")
    assert complaint.state == Complaint.State.ACCEPTED
    accepted_on = today - timedelta(days=9)
    assert complaint.answer_due == workdays.add_days(accepted_on, 30).date
    complaint = actions.extend_complaint(acting_user=supervisor_user, complaint=complaint,
                                         on=today, reason="需调取执法记录仪视频")
    assert complaint.answer_due == workdays.add_days(accepted_on, 60).date
    with pytest.raises(RuleViolation) as refused:
        actions.extend_complaint(acting_user=supervisor_user, complaint=complaint, on=today,
                                 reason="再次延长")
    assert refused.value.code == "R-SUP-02"
    complaint = actions.answer_complaint(acting_user=supervisor_user, complaint=complaint,
                                         on=today, answer="经查属实，已责令整改。")
    assert complaint.state == Complaint.State.ANSWERED
    assert kinds_of(complaint) == [EventKind.COMPLAINT_FILED, EventKind.COMPLAINT_ACCEPTED,
                                   EventKind.COMPLAINT_EXTENDED, EventKind.COMPLAINT_ANSWERED]
    # The ledger never carries the complainant's identity.
    payloads = "".join(LedgerEvent.objects.filter(subject_id=str(complaint.pk),
                                                   subject_type="supervision.complaint")
                       .values_list("payload", flat=True))
    assert "马建军" not in payloads and "13912345678" not in payloads


def test_refusal_needs_written_reasons_R_SUP_02(body_a, supervisor_user):
    complaint, _code = file(body_a)
    with pytest.raises(RuleViolation) as refused:
        actions.refuse_complaint(acting_user=supervisor_user, complaint=complaint,
                                 on=timezone.localdate(), reason=" ")
    assert refused.value.code == "R-SUP-02"
    complaint = actions.refuse_complaint(acting_user=supervisor_user, complaint=complaint,
                                         on=timezone.localdate(),
                                         reason="不属于行政执法监督范围，已告知向法院起诉。")
    assert complaint.state == Complaint.State.REFUSED
    assert kinds_of(complaint)[-1] == EventKind.COMPLAINT_REFUSED


def test_overdue_answer_flagged_R_SUP_02(body_a, supervisor_user):
    today = timezone.localdate()
    complaint, _code = file(body_a, filed_on=today - timedelta(days=60))
    complaint = actions.accept_complaint(acting_user=supervisor_user, complaint=complaint,
                                         on=today - timedelta(days=58))
    assert complaint.answer_due < today
    assert actions.is_overdue(complaint)
    assert list(Complaint.objects.filter(actions.overdue_filter(today))) == [complaint]


def test_only_supervisors_of_the_region_handle_R_SUP_02(body_a, head_user_a, other_supervisor):
    complaint, _code = file(body_a)
    for user in (head_user_a, other_supervisor):
        with pytest.raises(PermissionDenied):
            actions.accept_complaint(acting_user=user, complaint=complaint,
                                     on=timezone.localdate())


def test_identity_never_shown_to_the_body_complained_about_R_SUP_02(
        body_a, head_user_a, supervisor_user, other_supervisor, client_for):
    complaint, _code = file(body_a)
    url = reverse("supervision:complaint", args=[complaint.pk])
    head_page = client_for(head_user_a).get(url)
    assert head_page.status_code == 200
    text = head_page.content.decode()
    assert CONDUCT in text and "马建军" not in text and "13912345678" not in text
    supervisor_page = client_for(supervisor_user).get(url).content.decode()
    assert "马建军" in supervisor_page and "13912345678" in supervisor_page
    assert client_for(other_supervisor).get(url).status_code == 404
    listing = client_for(head_user_a).get(reverse("supervision:complaints")).content.decode()
    assert complaint.number in listing and "马建军" not in listing


def test_public_files_tracks_and_sees_the_answer_R_SUP_02(body_a, supervisor_user,
                                                          client_for, settings, tmp_path):
    public = Client()
    page = public.get(reverse("complaints:file"))
    assert page.status_code == 200
    attachment = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8photo-bytes", "image/jpeg")
    filed = public.post(reverse("complaints:file"), {
        "kind": "complaint", "body": body_a.pk, "conduct": CONDUCT, "name": "马建军",
        "phone": "13912345678", "attachments": [attachment]})
    assert filed.status_code == 200
    complaint = Complaint.objects.get()
    code = filed.context["code"]
    assert complaint.number in filed.content.decode() and code in filed.content.decode()
    assert complaint.attachments[0]["name"] == "现场照片.jpg"
    assert blobs.read_bytes(complaint.attachments[0]["digest"]) == b"\xff\xd8photo-bytes"

    wrong = public.post(reverse("complaints:track"), {"number": complaint.number,
                                                      "code": "AAAAAAAA"})
    assert wrong.context["complaint"] is None and wrong.context["not_found"]

    staff = client_for(supervisor_user)
    on = timezone.localdate().isoformat()
    response = staff.post(reverse("supervision:decide", args=[complaint.pk]),
                          {"decision": "accept", "on": on, "reason": ""})
    assert response.status_code == 302
    staff.post(reverse("supervision:answer", args=[complaint.pk]),
               {"on": on, "answer": "经查，执法人员未出示证件属实，已批评教育并责令整改。"})
    tracked = public.post(reverse("complaints:track"), {"number": complaint.number,
                                                        "code": code})
    text = tracked.content.decode()
    assert "已批评教育并责令整改" in text
    assert "马建军" not in text  # the tracking page never shows the identity back


def test_bad_input_gives_a_chinese_message_not_a_500_R_SUP_02(body_a, supervisor_user,
                                                               client_for):
    complaint, _code = file(body_a)
    staff = client_for(supervisor_user)
    response = staff.post(reverse("supervision:decide", args=[complaint.pk]),
                          {"decision": "refuse", "on": timezone.localdate().isoformat(),
                           "reason": ""})
    assert response.status_code == 200
    assert "书面理由" in response.content.decode()
    response = Client().post(reverse("complaints:file"), {
        "kind": "complaint", "body": body_a.pk, "conduct": CONDUCT, "name": "马建军"})
    assert response.status_code == 200 and Complaint.objects.count() == 1


def test_complaint_list_offers_the_excel_export_only_to_who_may_download_it_R_SUP_02(
        body_a, head_user_a, reviewer_user_a, client_for):
    """A reviewer reaches the list from a case opened on a complaint; the export belongs to
    the supervision dashboard, so the reviewer's list has no button that answers 404."""
    complaint, _code = file(body_a)
    export = reverse("supervision:export", args=["complaints"])
    for user, offered in ((head_user_a, True), (reviewer_user_a, False)):
        client = client_for(user)
        listing = client.get(reverse("supervision:complaints"))
        assert listing.status_code == 200
        text = listing.content.decode()
        assert (export in text) is offered, user
        if offered:
            assert complaint.number in text
            assert client.get(export).status_code == 200
