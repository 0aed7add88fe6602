"""Complaint → case and → supervision document (R-SUP-02, R-SUP-04), the PDF of a
supervision document as issued (R-SUP-04), and the dashboard's exports, trend charts and
figures for penalties and late uploads (R-SUP-01)."""

import io
from datetime import timedelta

import pytest
from cases.test_case_http import new_case_form
from disclosure.test_credit_export import decide_penalty
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from sanxiang.cases.documents import format_date_upper
from sanxiang.cases.models import Case
from sanxiang.core import blobs, pdf
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.supervision import actions, dashboard
from sanxiang.supervision.models import Complaint, SupervisionDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def accepted_complaint(body, supervisor):
    complaint, _code = actions.file_complaint(
        body=body, kind="report", anonymous=False, name="马建军", phone="13912345678",
        conduct="滹阳县鑫源化工有限公司夜间违规储存危险化学品。",
        filed_on=timezone.localdate() - timedelta(days=3))
    return actions.accept_complaint(acting_user=supervisor, complaint=complaint,
                                    on=timezone.localdate())


def body_text(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_body_opens_a_case_on_a_complaint_linked_both_ways_R_SUP_02(
        body_a, officers, supervisor_user, officer_user_a, client_for):
    complaint = accepted_complaint(body_a, supervisor_user)
    with pytest.raises(PermissionDenied):  # the supervisor does not open the body's cases
        actions.open_case_from_complaint(acting_user=supervisor_user, complaint=complaint)
    client = client_for(officer_user_a)
    page = client.get(reverse("supervision:complaint", args=[complaint.pk])).content.decode()
    assert "open-case" in page and "马建军" not in page
    form = client.get(reverse("supervision:complaint_case", args=[complaint.pk]))
    assert complaint.number in form.content.decode()
    response = client.post(reverse("supervision:complaint_case", args=[complaint.pk]),
                           new_case_form(officers, source=""))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.pk}/")
    complaint.refresh_from_db()
    assert complaint.case == case and complaint.number in case.source
    assert list(case.complaints.all()) == [complaint]
    assert LedgerEvent.objects.filter(kind=EventKind.COMPLAINT_CASE_OPENED,
                                      subject_id=str(complaint.pk)).exists()
    page = client.get(reverse("supervision:complaint", args=[complaint.pk])).content.decode()
    assert case.number in page and "open-case" not in page
    with pytest.raises(RuleViolation):
        actions.open_case_from_complaint(acting_user=officer_user_a, complaint=complaint)


def test_supervision_document_on_a_complaint_pdf_as_issued_R_SUP_04(
        body_a, supervisor_user, head_user_a, client_for):
    complaint = accepted_complaint(body_a, supervisor_user)
    client = client_for(supervisor_user)
    today = timezone.localdate()
    response = client.post(reverse("supervision:document_new"), {
        "complaint": complaint.pk, "body": body_a.pk, "kind": "opinion",
        "title": "关于依法处理危险化学品违规储存举报的监督意见",
        "content": "经核查，你局对群众举报未及时组织检查。\n请依法调查处理并反馈。",
        "issued_on": today.isoformat(), "answer_due": (today + timedelta(days=15)).isoformat()})
    assert response.status_code == 302
    document = SupervisionDocument.objects.get()
    assert document.complaint == complaint and document.pdf_digest
    event = LedgerEvent.objects.get(kind=EventKind.SUPERVISION_DOCUMENT_ISSUED)
    assert document.pdf_digest in event.payload
    stored = blobs.read_bytes(document.pdf_digest)
    assert pdf.has_cjk_font(stored)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(stored)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert f"监督意见〔{today.year}〕1号" in compact and "行政执法监督意见书" in compact
    assert body_a.name in compact and complaint.number in compact
    assert format_date_upper(today) in compact  # 二〇二六年十二月六日
    head = client_for(head_user_a)
    served = head.get(reverse("supervision:document_pdf", args=[document.pk]))
    assert body_text(served) == stored
    page = head.get(reverse("supervision:complaint", args=[complaint.pk])).content.decode()
    assert document.number in page


def test_document_for_another_body_than_the_complaint_is_refused_R_SUP_04(
        body_a, body_b, supervisor_user):
    complaint = accepted_complaint(body_a, supervisor_user)
    today = timezone.localdate()
    with pytest.raises(RuleViolation):
        actions.issue_supervision_document(
            acting_user=supervisor_user, body=body_b, kind="opinion", title="意见",
            content="内容", issued_on=today, answer_due=today + timedelta(days=5),
            complaint=complaint)


def test_dashboard_penalties_exports_and_trends_R_SUP_01(
        body_a, body_b, officers, supervisor_user, head_user_a, client_for):
    case = decide_penalty(body_a, officers, decided_ago=20, fine="25000")
    board = dashboard.build(supervisor_user, timezone.localdate())
    assert board.total.penalties == 1 and board.total.fines_text == "2.5万元"
    client = client_for(supervisor_user)
    page = client.get(reverse("supervision:dashboard")).content.decode()
    assert "<svg" in page and "trend-chart" in page and "2.5万元" in page
    # Amounts as the workbench writes them (ADR 0083): a body without fines reads 0元.
    assert "0.00元" not in page and ".00万元" not in page
    assert "<script" not in page.split("supervision-trends")[1]  # drawn on the server
    assert f"?month={case.opened_on:%Y-%m}" in page
    listed = client.get(reverse("supervision:cases") + f"?penalty=1&body={body_a.pk}")
    assert case.number in listed.content.decode()
    exported = client.get(reverse("supervision:export", args=["cases"])
                          + f"?penalty=1&body={body_a.pk}")
    sheet = load_workbook(io.BytesIO(body_text(exported))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == case.number
    none = client.get(reverse("supervision:export", args=["cases"]) + f"?body={body_b.pk}")
    assert len(list(load_workbook(io.BytesIO(body_text(none))).active.iter_rows())) == 1
    for kind in ("complaints", "documents", "outcomes", "evaluations"):
        response = client.get(reverse("supervision:export", args=[kind]))
        assert response.status_code == 200, kind
    assert client.get(reverse("supervision:export", args=["nothing"])).status_code == 404
    assert client.get(reverse("supervision:cases") + "?month=2026-13").status_code == 404
    svg = client.get(reverse("supervision:trend_chart"))
    assert svg["Content-Type"].startswith("image/svg+xml") and b"<polyline" in svg.content
    # A head sees the same figures for the own body only.
    head_board = dashboard.build(head_user_a, timezone.localdate())
    assert [line.body for line in head_board.bodies] == [body_a]


def test_complaint_export_never_carries_the_identity_R_SUP_02(body_a, supervisor_user,
                                                             client_for):
    accepted_complaint(body_a, supervisor_user)
    exported = client_for(supervisor_user).get(reverse("supervision:export",
                                                       args=["complaints"]))
    values = [v for row in load_workbook(io.BytesIO(body_text(exported))).active
              .iter_rows(values_only=True) for v in row]
    assert Complaint.objects.get().number in values
    assert "马建军" not in values and "13912345678" not in values


def test_case_page_shows_the_complaint_without_identity_to_the_body_R_SUP_02(
        body_a, officers, supervisor_user, officer_user_a, head_user_a, client_for):
    complaint = accepted_complaint(body_a, supervisor_user)
    client_for(officer_user_a).post(reverse("supervision:complaint_case", args=[complaint.pk]),
                                    new_case_form(officers, source=""))
    case = Case.objects.get()
    url = reverse("cases:detail", args=[case.pk])
    for user in (officer_user_a, head_user_a):  # the body complained about
        page = client_for(user).get(url).content.decode()
        assert 'id="case-complaints"' in page and complaint.number in page
        assert "夜间违规储存危险化学品" in page
        assert "马建军" not in page and "13912345678" not in page
        assert "实名；投诉举报人身份仅办理的司法行政部门可见。" in page
    page = client_for(supervisor_user).get(url).content.decode()
    assert complaint.number in page and "马建军" in page and "13912345678" in page
