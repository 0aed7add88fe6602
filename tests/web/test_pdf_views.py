"""PDF of the public lists (issue 3, item 6): public, Chinese, public fields only."""

import io
from urllib.parse import quote

import pytest
from conftest import qualified_officer
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from sanxiang.core.pdf import has_cjk_font
from sanxiang.org import actions
from sanxiang.portal import pdf_views

PRIVATE_PHONE = "13800000000"  # every persona officer's contact phone (tests/conftest.py)


def get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/pdf"
    document = response.content
    assert document.startswith(b"%PDF-")
    assert has_cjk_font(document)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
    return response, text


def as_of_today() -> str:
    return "截至" + date_format(timezone.localdate(), "DATE_FORMAT")


def test_body_list_pdf_is_public_and_chinese(client, body_a, body_b):
    response, text = get_pdf(client, "/bodies.pdf")
    assert "执法主体名单" in text and as_of_today() in text
    for body in (body_a, body_b):
        assert body.name in text and body.credit_code in text
    assert "投诉举报电话" in text and body_a.complaint_phone in text
    assert "来源：行政执法公示平台" in text and "第 1 页 共 1 页" in text
    stamp = timezone.localdate().strftime("%Y%m%d")
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="bodies-{stamp}.pdf"; ')
    assert f"filename*=UTF-8''{quote(f'执法主体名单_{stamp}.pdf')}" in disposition


def test_body_list_pdf_prints_each_kind_of_body_on_one_line_R_ORG_01(client, body_a):
    """The walk of ADR 0083 read 法定行政机 / 关 in the list's narrow 主体类别 column."""
    assert body_a.get_subject_kind_display() == "法定行政机关"
    _response, text = get_pdf(client, "/bodies.pdf")
    lines = [line.strip() for line in text.splitlines()]
    assert any("法定行政机关" in line for line in lines), lines
    assert not any(line in ("关", "机关") for line in lines), lines


def test_officer_list_pdf_shows_certificates_never_phones_R_ORG_06(
        client, officer_a1, officer_a2, officer_b1):
    body = officer_a1.body
    response, text = get_pdf(client, f"/bodies/{body.credit_code}/officers.pdf")
    assert f"{body.name}执法人员名单" in text and as_of_today() in text
    assert officer_a1.name in text and officer_a2.name in text
    assert "13010201001" in text and "13010201002" in text
    assert "执法队员" in text and "安全生产" in text and "本辖区" in text and "今日有效" in text
    assert officer_b1.name not in text and "13010401001" not in text
    assert PRIVATE_PHONE not in text and PRIVATE_PHONE.encode() not in response.content
    assert f"filename*=UTF-8''{quote(body.name + '执法人员名单_')}" in (
        response["Content-Disposition"])


def test_officer_list_pdf_says_when_a_certificate_is_not_valid_today(client, officer_a1):
    actions.cancel_certificate(certificate=officer_a1.certificates.get(), acting_user=None,
                               on=timezone.localdate(), reason="证件损毁")
    _, text = get_pdf(client, f"/bodies/{officer_a1.body.credit_code}/officers.pdf")
    assert officer_a1.name in text and "今日无效" in text and "今日有效" not in text


def test_officer_list_pdf_leaves_out_officers_who_left(client, officer_a1, officer_a2):
    actions.officer_leaves(officer=officer_a1, acting_user=None, on=timezone.localdate(),
                           reason="调离")
    _, text = get_pdf(client, f"/bodies/{officer_a1.body.credit_code}/officers.pdf")
    assert officer_a2.name in text and officer_a1.name not in text


def test_officer_list_pdf_of_a_body_without_officers(client, body_a):
    _, text = get_pdf(client, f"/bodies/{body_a.credit_code}/officers.pdf")
    assert "该执法主体暂无在职执法人员" in text


@pytest.mark.django_db
def test_officer_list_pdf_of_an_unknown_body_is_404(client):
    assert client.get("/bodies/000000000000000000/officers.pdf").status_code == 404


def test_officer_list_pdf_reads_every_officer_once_across_chunks(
        client, fields, body_a, monkeypatch):
    # Same names across a chunk boundary: the keyset must order by (name, pk).
    for number in range(1, 6):
        qualified_officer(body_a, "王芳", ["AQSC"], f"1301020190{number}")
    monkeypatch.setattr(pdf_views, "CHUNK", 2)
    _, text = get_pdf(client, f"/bodies/{body_a.credit_code}/officers.pdf")
    for number in range(1, 6):
        assert text.count(f"1301020190{number}") == 1


def test_officer_list_pdf_queries_do_not_grow_with_officers(client, fields, body_a):
    url = f"/bodies/{body_a.credit_code}/officers.pdf"
    qualified_officer(body_a, "张伟", ["AQSC", "YJGL"], "13010201001")
    with CaptureQueriesContext(connection) as few:
        get_pdf(client, url)
    for number in range(2, 9):
        qualified_officer(body_a, f"刘洋{number}", ["AQSC"], f"1301020100{number}")
    with CaptureQueriesContext(connection) as many:
        get_pdf(client, url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_portal_lists_link_to_their_pdf(client, body_a):
    assert 'href="/bodies.pdf"' in client.get("/bodies/").content.decode()
    html = client.get(f"/officers/?body={body_a.credit_code}").content.decode()
    assert f'href="/bodies/{body_a.credit_code}/officers.pdf"' in html
    assert "下载 PDF" in html
