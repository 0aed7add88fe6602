"""Every record page of the admin is a read in the access log (R-REC-06).

Probe 7 (ADR 0082): as the system administrator, the admin's pages of a case, its step
records and documents, a review round, a complaint, an officer, an inspection's assignment
and result and a user account were read on the demo — nine pages, no row in the access
log, while the same records read on the workbench or through the API are each logged.
"""

import pytest
from cases.factories import make_case, party_person
from django.contrib import admin
from supervision.test_complaints import file

from sanxiang.core.models import AccessEntry
from sanxiang.org.admin_reads import ReadsLogged

pytestmark = pytest.mark.django_db


def rows(user, subject_type, pk):
    return AccessEntry.objects.filter(
        user_id=user.pk, subject_type=subject_type, subject_id=str(pk), action="view"
    ).count()


def test_admin_record_pages_are_logged_R_REC_06(
    admin_user, officer_a1, officer_a2, body_a, client_for
):
    case = make_case(body_a, [officer_a1, officer_a2], party=party_person())
    complaint, _code = file(body_a)
    client = client_for(admin_user)

    for path, label, pk in [
        (f"/admin/cases/case/{case.pk}/change/", "cases.case", case.pk),
        (
            f"/admin/supervision/complaint/{complaint.pk}/change/",
            "supervision.complaint",
            complaint.pk,
        ),
        (f"/admin/org/officer/{officer_a1.pk}/change/", "org.officer", officer_a1.pk),
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        assert rows(admin_user, label, pk) == 1, path


def test_admin_page_of_a_row_out_of_scope_logs_nothing_R_REC_06(admin_user, client_for):
    client = client_for(admin_user)
    assert client.get("/admin/cases/case/999999/change/").status_code in (302, 404)
    assert not AccessEntry.objects.filter(subject_type="cases.case").exists()


def test_every_model_admin_logs_its_record_pages_R_REC_06():
    # A model registered later (or by a library, like auth's groups) is logged as well.
    missing = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ReadsLogged)
    ]
    assert missing == []
