"""An issued document's PDF is checked against its recorded digest when it is read
(R-REC-02): a file changed on disk is refused with a Chinese message, never served."""

import os

import pytest
from django.urls import reverse
from records.test_casefile import investigated_case

from sanxiang.cases import documents
from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_changed_document_pdf_is_refused_on_read_R_REC_02_attack_change_blob(
        body_a, officer_a1, officer_a2, officer_user_a, client_for):
    case = investigated_case(body_a, [officer_a1, officer_a2])
    document = case.documents.order_by("pk").first()
    client = client_for(officer_user_a)
    url = reverse("cases:document_file", args=[document.pk, "pdf"])
    assert client.get(url).status_code == 200
    assert documents.pdf_bytes(document).startswith(b"%PDF")
    path = blobs.path_of(document.digest)
    os.chmod(path, 0o600)
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01  # one bit in the trailer
    path.write_bytes(bytes(data))
    with pytest.raises(RuleViolation) as refused:
        documents.pdf_bytes(document)
    assert refused.value.code == "R-REC-02"
    response = client.get(url)
    assert response.status_code == 409
    text = response.content.decode()
    assert "摘要不符" in text and document.title in text
    path.unlink()
    assert client.get(url).status_code == 409  # removed: refused the same way
