"""R-ORG-02: officers, certificates, annual inspections, departures."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.entries import history
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions
from sanxiang.org.models import Certificate, Officer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def payload(event):
    return json.loads(event.payload)


def new_officer(body, acting_user=None, **overrides):
    args = dict(body=body, name="李四", post="执法队员", field_codes=["AQSC"], areas="全区")
    args.update(overrides)
    return actions.create_officer(acting_user=acting_user, **args)


def test_create_officer_records_categories_and_a_ledger_event_R_ORG_02(admin_user, fields,
                                                                        body_a):
    officer = new_officer(body_a, admin_user, field_codes=["aqsc", "YJGL", "AQSC"],
                          legal_qualification=True, phone="13900000000")
    assert sorted(officer.fields.values_list("code", flat=True)) == ["AQSC", "YJGL"]
    event = history(officer).last()
    assert event.kind == EventKind.OFFICER_CREATED and event.actor_id == admin_user.pk
    assert payload(event)["officer"]["field_codes"] == ["AQSC", "YJGL"]
    assert payload(event)["officer"]["legal_qualification"] is True


def test_unknown_category_and_missing_values_are_refused_R_ORG_02(admin_user, fields, body_a):
    with pytest.raises(RuleViolation) as caught:
        new_officer(body_a, admin_user, field_codes=["NOPE"], post="")
    assert caught.value.code == "R-ORG-02"
    assert "NOPE" in caught.value.message and "岗位" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        new_officer(body_a, admin_user, field_codes=[])
    assert "至少应有一个执法类别" in caught.value.message


def test_body_administrator_manages_only_own_body_officers(fields, body_a, body_b):
    body_admin = actions.create_user(acting_user=None, username="admin_a",
                                     password="Sanxiang-Test-2026!", full_name="甲管理员",
                                     roles=["admin"], body=body_a)
    officer = new_officer(body_a, body_admin)
    with pytest.raises(PermissionDenied):
        new_officer(body_b, body_admin)
    with pytest.raises(PermissionDenied):
        actions.update_officer(officer=officer, acting_user=body_admin, body=body_b)
    other = new_officer(body_b)
    with pytest.raises(PermissionDenied):
        actions.update_officer(officer=other, acting_user=body_admin, post="队长")


def test_officer_user_cannot_change_officers(officer_user_a, officer_a2):
    with pytest.raises(PermissionDenied):
        actions.update_officer(officer=officer_a2, acting_user=officer_user_a, post="队长")


def test_update_officer_records_before_and_after(admin_user, officer_a2):
    actions.update_officer(officer=officer_a2, acting_user=admin_user, post="中队长",
                           field_codes=["AQSC"])
    event = history(officer_a2).last()
    assert event.kind == EventKind.OFFICER_UPDATED
    changed = payload(event)["changed"]
    assert changed["post"] == {"before": "执法队员", "after": "中队长"}
    assert changed["field_codes"] == {"before": ["AQSC", "YJGL"], "after": ["AQSC"]}
    assert list(officer_a2.fields.values_list("code", flat=True)) == ["AQSC"]


def test_update_officer_refuses_stale_edit_and_status_changes(admin_user, officer_a2):
    seen = officer_a2.updated_at
    actions.update_officer(officer=officer_a2, acting_user=admin_user, post="甲",
                           expected_updated_at=seen)
    with pytest.raises(RuleViolation) as caught:
        actions.update_officer(officer=officer_a2, acting_user=admin_user, post="乙",
                               expected_updated_at=seen)
    assert caught.value.code == "CONFLICT"
    with pytest.raises(TypeError):
        actions.update_officer(officer=officer_a2, acting_user=admin_user, status="left")


def test_moving_an_officer_with_an_account_is_refused(admin_user, officer_user_a, body_b):
    with pytest.raises(RuleViolation) as caught:
        actions.update_officer(officer=officer_user_a.officer, acting_user=admin_user,
                               body=body_b)
    assert "officer_a" in caught.value.message


def test_issue_certificate_R_ORG_02(admin_user, fields, body_a):
    officer = new_officer(body_a)
    certificate = actions.issue_certificate(
        officer=officer, acting_user=admin_user, number=" 1301-0001 ", issued_by="河北省人民政府",
        issued_on=date(2024, 1, 1), expires_on=date(2028, 12, 31))
    assert certificate.number == "1301-0001"
    event = history(certificate).last()
    assert event.kind == EventKind.CERTIFICATE_ISSUED and event.actor_id == admin_user.pk
    assert payload(event)["certificate"]["expires_on"] == "2028-12-31"


def test_certificate_expiry_must_follow_issue_R_ORG_02(fields, body_a):
    officer = new_officer(body_a)
    with pytest.raises(RuleViolation) as caught:
        actions.issue_certificate(officer=officer, acting_user=None, number="X1",
                                  issued_by="省政府", issued_on=date(2024, 1, 1),
                                  expires_on=date(2024, 1, 1))
    assert "应晚于发证日期" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        actions.issue_certificate(officer=officer, acting_user=None, number="X1",
                                  issued_by="省政府", issued_on=TODAY() + timedelta(days=1),
                                  expires_on=TODAY() + timedelta(days=900))
    assert "晚于今天" in caught.value.message


def test_certificate_number_is_unique_with_a_chinese_message_R_ORG_02(officer_a1, officer_a2):
    number = officer_a1.certificates.get().number
    with pytest.raises(RuleViolation) as caught:
        actions.issue_certificate(officer=officer_a2, acting_user=None, number=number,
                                  issued_by="省政府", issued_on=date(2024, 1, 1),
                                  expires_on=date(2029, 1, 1))
    assert caught.value.code == "R-ORG-02"
    assert f"执法证号 {number} 已登记" in caught.value.message


def test_annual_inspection_rules_R_ORG_02(officer_a1):
    certificate = officer_a1.certificates.get()
    year = TODAY().year
    with pytest.raises(RuleViolation) as caught:
        actions.record_annual_inspection(certificate=certificate, acting_user=None,
                                         year=year - 1, result="passed",
                                         inspected_on=date(year - 1, 12, 31))
    assert "已登记" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        actions.record_annual_inspection(certificate=certificate, acting_user=None,
                                         year=certificate.issued_on.year - 1, result="passed",
                                         inspected_on=TODAY())
    assert "审验年度" in caught.value.message
    with pytest.raises(RuleViolation):
        actions.record_annual_inspection(certificate=certificate, acting_user=None, year=year,
                                         result="maybe", inspected_on=TODAY())
    inspection = actions.record_annual_inspection(certificate=certificate, acting_user=None,
                                                  year=year, result="failed",
                                                  inspected_on=TODAY(), note="考试未通过")
    event = history(inspection).last()
    assert event.kind == EventKind.ANNUAL_INSPECTION_RECORDED
    assert payload(event)["result"] == "failed"


def test_cancel_certificate(admin_user, officer_a1):
    certificate = officer_a1.certificates.get()
    with pytest.raises(RuleViolation):
        actions.cancel_certificate(certificate=certificate, acting_user=admin_user, on=TODAY(),
                                   reason="")
    actions.cancel_certificate(certificate=certificate, acting_user=admin_user, on=TODAY(),
                               reason="遗失补办")
    certificate.refresh_from_db()
    assert certificate.cancelled_on == TODAY()
    assert history(certificate).last().kind == EventKind.CERTIFICATE_CANCELLED
    with pytest.raises(RuleViolation) as caught:
        actions.cancel_certificate(certificate=certificate, acting_user=admin_user, on=TODAY(),
                                   reason="again")
    assert "已于" in caught.value.message


def test_officer_leaving_cancels_every_certificate_R_ORG_02(admin_user, officer_user_a):
    officer = officer_user_a.officer
    second = actions.issue_certificate(officer=officer, acting_user=None, number="EXTRA-1",
                                       issued_by="省政府", issued_on=date(2025, 1, 1),
                                       expires_on=date(2030, 1, 1))
    actions.officer_leaves(officer=officer, acting_user=admin_user, on=TODAY(), reason="调离")
    officer.refresh_from_db()
    assert officer.status == Officer.Status.LEFT and officer.left_on == TODAY()
    assert not Certificate.objects.filter(officer=officer, cancelled_on__isnull=True).exists()
    second.refresh_from_db()
    assert "调离" in second.cancel_reason
    left = history(officer).last()
    assert left.kind == EventKind.OFFICER_LEFT and left.actor_id == admin_user.pk
    assert sorted(payload(left)["certificates_cancelled"]) == sorted(
        ["13010201001", "EXTRA-1"])
    # The account goes with the officer.
    officer_user_a.refresh_from_db()
    assert not officer_user_a.is_active
    assert history(officer_user_a).last().kind == EventKind.USER_DEACTIVATED
    with pytest.raises(RuleViolation):
        actions.officer_leaves(officer=officer, acting_user=admin_user, on=TODAY(),
                               reason="again")


def test_reviewer_flag_on_an_officer_who_left_is_refused_R_ORG_02(admin_user, reviewer_officer_a):
    actions.officer_leaves(officer=reviewer_officer_a, acting_user=admin_user, on=TODAY(),
                           reason="退休")
    reviewer_officer_a.refresh_from_db()
    assert reviewer_officer_a.is_reviewer is False
    with pytest.raises(RuleViolation) as caught:
        actions.update_officer(officer=reviewer_officer_a, acting_user=admin_user,
                               is_reviewer=True)
    assert "已离职" in caught.value.message


def test_no_certificate_for_an_officer_who_left_R_ORG_02(admin_user, officer_a2):
    actions.officer_leaves(officer=officer_a2, acting_user=admin_user, on=TODAY(), reason="x")
    with pytest.raises(RuleViolation) as caught:
        actions.issue_certificate(officer=officer_a2, acting_user=admin_user, number="N-9",
                                  issued_by="省政府", issued_on=TODAY(),
                                  expires_on=TODAY() + timedelta(days=365))
    assert "已离职" in caught.value.message


def test_departure_date_cannot_be_in_the_future(admin_user, officer_a2):
    with pytest.raises(RuleViolation):
        actions.officer_leaves(officer=officer_a2, acting_user=admin_user,
                               on=TODAY() + timedelta(days=3), reason="x")


def test_register_officers_writes_the_same_events_in_bulk_R_ORG_02(admin_user, fields, body_a):
    entries = [
        actions.OfficerEntry(
            body=body_a, name=f"批量{i}", post="执法队员", field_codes=["AQSC"], areas="全区",
            certificate={"number": f"B-{i}", "issued_by": "省政府",
                         "issued_on": date(2024, 1, 1), "expires_on": date(2029, 1, 1)},
            inspection={"year": 2025, "result": "passed", "inspected_on": date(2025, 12, 1)})
        for i in range(3)
    ]
    before = LedgerEvent.objects.count()
    officers = actions.register_officers(acting_user=admin_user, entries=entries)
    assert [o.name for o in officers] == ["批量0", "批量1", "批量2"]
    assert LedgerEvent.objects.count() == before + 9
    certificate = Certificate.objects.get(number="B-1")
    assert certificate.inspections.get().year == 2025
    assert [e.kind for e in history(certificate)] == [EventKind.CERTIFICATE_ISSUED]
    assert list(officers[2].fields.values_list("code", flat=True)) == ["AQSC"]


def test_register_officers_is_all_or_nothing(admin_user, fields, body_a, officer_a1):
    taken = officer_a1.certificates.get().number
    entries = [
        actions.OfficerEntry(body=body_a, name="甲", post="p", field_codes=["AQSC"], areas="a",
                             certificate={"number": "OK-1", "issued_by": "x",
                                          "issued_on": date(2024, 1, 1),
                                          "expires_on": date(2029, 1, 1)}),
        actions.OfficerEntry(body=body_a, name="乙", post="p", field_codes=["AQSC"], areas="a",
                             certificate={"number": taken, "issued_by": "x",
                                          "issued_on": date(2024, 1, 1),
                                          "expires_on": date(2029, 1, 1)}),
    ]
    with pytest.raises(RuleViolation) as caught:
        actions.register_officers(acting_user=admin_user, entries=entries)
    assert caught.value.details["index"] == 1
    assert not Officer.objects.filter(name__in=["甲", "乙"]).exists()
