"""PDF of a published list for printing and filing (issue 3, item 6)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sanxiang.core.pdf import has_cjk_font

pytestmark = pytest.mark.django_db


def test_list_pdf_has_the_items_and_embeds_a_cjk_font(client, items_v1, items_catalogue):
    body = items_catalogue.body
    url = reverse("catalog:pdf", args=["items", body.credit_code])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    compact = "".join(text.split())
    assert "安全生产监督检查" in compact
    assert "第1版" in compact and "2026年1月1日起施行" in compact
    assert has_cjk_font(pdf)


def test_list_pdf_of_unknown_version_is_404(client, items_v1, items_catalogue):
    url = reverse("catalog:pdf", args=["items", items_catalogue.body.credit_code])
    assert client.get(url, {"version": "9"}).status_code == 404
    assert client.get(url, {"version": "x"}).status_code == 404
