"""Every staff read of a supervision record is in the access log (R-REC-06).

The complaint's page (which may show who complained), a supervision document's page and its
PDF were read without a row in the access log (probe 5, ADR 0064).
"""

import pytest
from django.urls import reverse

from sanxiang.core.models import AccessEntry

from .test_complaints import file
from .test_documents import issue

pytestmark = pytest.mark.django_db


def logged(user, subject_type, pk, action="view"):
    return AccessEntry.objects.filter(user_id=user.pk, subject_type=subject_type,
                                      subject_id=str(pk), action=action).count()


def test_complaint_and_document_reads_logged_R_REC_06(body_a, supervisor_user, head_user_a,
                                                      client_for):
    complaint, _code = file(body_a)
    document = issue(body_a, supervisor_user)
    assert document.pdf_digest
    supervisor = client_for(supervisor_user)

    page = supervisor.get(reverse("supervision:complaint", args=[complaint.pk]))
    assert page.status_code == 200 and "13912345678" in page.content.decode()
    assert logged(supervisor_user, "supervision.complaint", complaint.pk) == 1

    head = client_for(head_user_a)
    assert head.get(reverse("supervision:document", args=[document.pk])).status_code == 200
    assert logged(head_user_a, "supervision.supervisiondocument", document.pk) == 1
    assert head.get(reverse("supervision:document_pdf", args=[document.pk])).status_code == 200
    assert logged(head_user_a, "supervision.supervisiondocument", document.pk,
                  "download") == 1
