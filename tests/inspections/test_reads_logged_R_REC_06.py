"""An inspection's record, read on its assignment page, is in the access log (R-REC-06).

The page shows the inspected party, the inspectors and every result recorded; it was read
without a row in the access log (probe 5, ADR 0064).
"""

import pytest
from django.urls import reverse

from sanxiang.core.models import AccessEntry

from .test_pages import drawn

pytestmark = pytest.mark.django_db


def test_assignment_page_read_logged_R_REC_06(make_task, directory, inspectors_a,
                                              officer_user_a, client_for):
    assignment = drawn(make_task(ratio=20)).assignments.filter(
        assigned__officer=inspectors_a[0]).first()

    page = client_for(officer_user_a).get(reverse("inspections:assignment",
                                                  args=[assignment.pk]))

    assert page.status_code == 200 and assignment.target.name in page.content.decode()
    assert AccessEntry.objects.filter(
        user_id=officer_user_a.pk, action="view", subject_type="inspections.assignment",
        subject_id=str(assignment.pk)).count() == 1
