"""Every staff read of a record is recorded with who, when, what and why (调阅, R-REC-06):
as a row the system administrator searches, not only as a log line that the default log
level drops."""

import pytest
from cases.factories import make_case
from django.urls import reverse

from sanxiang.core.models import AccessEntry
from sanxiang.org.models import User

pytestmark = pytest.mark.django_db


def test_viewing_a_record_is_recorded_R_REC_06(client_for, head_user_a, officer_a1):
    response = client_for(head_user_a).get(f"/workbench/officers/{officer_a1.pk}/")
    assert response.status_code == 200
    entry = AccessEntry.objects.get()
    assert entry.user_id == head_user_a.pk and head_user_a.username in entry.user_name
    assert entry.action == AccessEntry.Action.VIEW
    assert (entry.subject_type, entry.subject_id) == ("org.officer", str(officer_a1.pk))
    assert entry.at is not None


def test_the_case_evidence_list_is_recorded_R_REC_06(client_for, body_a, officer_a1,
                                                    officer_a2, officer_user_a):
    case_a = make_case(body_a, [officer_a1, officer_a2])
    response = client_for(officer_user_a).get(
        reverse("records:case_evidence", args=[case_a.pk]))
    assert response.status_code == 200
    assert AccessEntry.objects.filter(user=officer_user_a, subject_type="cases.case",
                                      subject_id=str(case_a.pk)).exists()


def test_the_administrator_searches_the_access_records_in_chinese_R_REC_06(
        client_for, head_user_a, officer_a1):
    client_for(head_user_a).get(f"/workbench/officers/{officer_a1.pk}/")
    admin = client_for(User.objects.create_superuser("root", "root@example.org",
                                                     "x-Secret-2026!"))
    page = admin.get(reverse("admin:core_accessentry_changelist"),
                     {"q": head_user_a.username})
    html = page.content.decode()
    assert page.status_code == 200
    assert "调阅记录" in html and "查看" in html and "执法人员" in html
    assert head_user_a.username in html
    # Read-only: no one adds, changes or deletes an access record.
    entry = AccessEntry.objects.get()
    assert admin.post(reverse("admin:core_accessentry_delete", args=[entry.pk]),
                      {"post": "yes"}).status_code == 403
    assert AccessEntry.objects.filter(pk=entry.pk).exists()
