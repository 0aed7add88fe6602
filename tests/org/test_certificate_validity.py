"""Stored certificate validity (``sanxiang.org.validity``): the public register asks one
indexed question of the stored dates instead of running the R-ORG-03 rule per row
(R-ORG-06), and the stored answer is the rule's answer on every day."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanxiang.core.models import RulebookEntry
from sanxiang.org import actions, validity
from sanxiang.org.models import CertificateValidity, Officer
from sanxiang.workbench.staffing import public_status, public_statuses, standings

pytestmark = pytest.mark.django_db


def officer_with(body, *, name="王五", number="V-1", issued_on=date(2019, 3, 1),
                 expires_on=date(2024, 2, 28), inspections=(), field_codes=("AQSC",)):
    officer = actions.create_officer(acting_user=None, body=body, name=name, post="执法队员",
                                     field_codes=list(field_codes), areas="全区")
    certificate = actions.issue_certificate(officer=officer, acting_user=None, number=number,
                                            issued_by="河北省人民政府", issued_on=issued_on,
                                            expires_on=expires_on)
    for year, result, inspected_on in inspections:
        actions.record_annual_inspection(certificate=certificate, acting_user=None, year=year,
                                         result=result, inspected_on=inspected_on)
    return Officer.objects.get(pk=officer.pk), certificate


def _days(officer, first: date, last: date):
    """Every fifth day, and the days either side of every date a fact or the stored
    validity turns on (where an off-by-one would show)."""
    turns = set()
    for certificate in officer.certificates.all():
        turns |= {certificate.issued_on, certificate.expires_on, certificate.cancelled_on}
        turns |= {i.inspected_on for i in certificate.inspections.all()}
    for row in CertificateValidity.objects.filter(officer=officer):
        turns |= {row.valid_from, row.valid_until}
    for year in range(first.year, last.year + 1):
        turns |= {date(year, 1, 1) + timedelta(days=g) for g in (0, 30, 45, 60, 90)}
    days = {first + timedelta(days=n) for n in range(0, (last - first).days + 1, 5)}
    days |= {d + timedelta(days=k) for d in turns if d is not None for k in (-1, 0, 1)}
    return sorted(d for d in days if first <= d <= last)


def assert_stored_matches_rule(officer, first: date, last: date):
    """On every day, the stored answer is the answer of the rule run in full."""
    for day in _days(officer, first, last):
        ruled = public_status(standings(
            Officer.objects.filter(pk=officer.pk).prefetch_related("fields"), day)[officer.pk])
        stored = public_statuses([Officer.objects.get(pk=officer.pk)], day)[officer.pk]
        assert stored.valid == ruled.valid, day
        assert stored.certificate == ruled.certificate, day


def test_stored_validity_is_the_rule_on_every_day_R_ORG_03(fields, body_a):
    """Issue, late and failed inspections, the January grace period, cancellation: day by
    day over the certificate's whole life and beyond, stored = ruled."""
    RulebookEntry.objects.create(key="org.annual_inspection_grace_days", value=45,
                                 effective_from=date(2000, 1, 1))
    officer, certificate = officer_with(body_a, inspections=[
        (2019, "passed", date(2019, 12, 10)),
        (2020, "passed", date(2021, 3, 5)),  # recorded after the grace period: a gap
        (2021, "failed", date(2021, 12, 20)),  # invalid from the day it is recorded
        (2022, "passed", date(2022, 12, 1)),  # and valid again in 2023
    ])
    actions.cancel_certificate(certificate=certificate, acting_user=None,
                               on=date(2023, 9, 1), reason="遗失")
    assert CertificateValidity.objects.filter(certificate=certificate).count() >= 3
    assert_stored_matches_rule(officer, date(2019, 2, 20), date(2024, 3, 10))


def test_stored_validity_follows_a_late_inspection_and_leaving_R_ORG_03(fields, body_a):
    officer, certificate = officer_with(body_a, number="V-2", issued_on=date(2018, 6, 1),
                                        expires_on=date(2023, 5, 31))
    # No inspection yet: valid in 2018 and 2019 (issued in Y-1), then not.
    assert validity.valid_certificate_ids([certificate.pk], date(2019, 12, 31))
    assert not validity.valid_certificate_ids([certificate.pk], date(2020, 6, 1))
    actions.record_annual_inspection(certificate=certificate, acting_user=None, year=2019,
                                     result="passed", inspected_on=date(2020, 3, 1))
    assert validity.valid_certificate_ids([certificate.pk], date(2020, 6, 1))
    actions.officer_leaves(officer=officer, acting_user=None, on=date(2020, 7, 1),
                           reason="调离")
    assert_stored_matches_rule(officer, date(2018, 5, 30), date(2021, 2, 1))


def test_certificate_expiring_tonight_is_expired_tomorrow_without_a_job_R_ORG_06(
        fields, body_a, client):
    """Dates are stored, not a flag: the page compares them with the day it is asked on."""
    today = timezone.localdate()
    _o, certificate = officer_with(body_a, number="V-3", issued_on=date(today.year - 1, 1, 1),
                                   expires_on=today)
    assert validity.valid_certificate_ids([certificate.pk], today) == {certificate.pk}
    assert validity.valid_certificate_ids([certificate.pk], today + timedelta(days=1)) == set()
    page = client.get(reverse("portal:officer_page", args=["V-3"]))
    assert "verdict-ok" in page.content.decode()
    # The same certificate one day later, in a fresh register: expired.
    officer_with(body_a, name="赵六", number="V-4", issued_on=date(today.year - 1, 1, 1),
                 expires_on=today - timedelta(days=1))
    page = client.get(reverse("portal:officer_page", args=["V-4"]))
    assert "verdict-bad" in page.content.decode()
    listed = client.get("/api/org/officers?q=赵六").json()["items"]
    assert listed[0]["certificate_valid_today"] is False


def test_new_grace_days_in_the_rulebook_change_stored_validity_R_ORG_03(fields, body_a):
    """A rulebook row is the only fact not written by an org action; storing one refreshes
    the validity of the certificates it covers, in the same transaction."""
    officer, certificate = officer_with(body_a, number="V-5", issued_on=date(2019, 3, 1),
                                        inspections=[(2019, "passed", date(2019, 12, 1))])
    day = date(2021, 2, 20)  # the 2020 inspection is missing; 90 days' grace by default
    assert validity.valid_certificate_ids([certificate.pk], day)
    RulebookEntry.objects.create(key="org.annual_inspection_grace_days", value=30,
                                 body=body_a, effective_from=date(2000, 1, 1))
    assert not validity.valid_certificate_ids([certificate.pk], day)
    RulebookEntry.objects.create(key="org.annual_inspection_grace_days", value=60,
                                 body=body_a, effective_from=date(2021, 2, 10))
    assert validity.valid_certificate_ids([certificate.pk], day)
    assert_stored_matches_rule(officer, date(2020, 12, 25), date(2021, 4, 10))


def test_public_status_takes_a_fixed_number_of_queries_R_ORG_06(fields, body_a):
    """The register's validity for 3 officers costs what it costs for 20: no rule per row."""
    today = timezone.localdate()

    def measured(count):
        for n in range(count):
            officer_with(body_a, name=f"孙{count}-{n}", number=f"W-{count}-{n}",
                         issued_on=date(today.year, 1, 1),
                         expires_on=date(today.year + 4, 12, 31))
        officers = list(Officer.objects.filter(name__startswith=f"孙{count}-"))
        with CaptureQueriesContext(connection) as queries:
            statuses = public_statuses(officers, today)
        assert all(s.valid for s in statuses.values()) and len(statuses) == count
        return len(queries)

    assert measured(3) == measured(20) == 1  # the certificates with their stored validity


def test_migration_stores_the_validity_of_certificates_registered_before_R_ORG_06(
        fields, body_a):
    """Migration org 0006 fills the table for the certificates already registered, with
    the same rule as the actions (run here over the live models' registry)."""
    import importlib

    from django.apps import apps

    officer_with(body_a, inspections=[(2019, "passed", date(2019, 12, 10)),
                                      (2021, "failed", date(2021, 12, 20))])
    officer_with(body_a, name="赵六", number="V-9", issued_on=date(2022, 1, 1),
                 expires_on=date(2026, 12, 31))
    kept = sorted(CertificateValidity.objects.values_list(
        "certificate_id", "officer_id", "valid_from", "valid_until"))
    assert kept
    CertificateValidity.objects.all().delete()
    migration = importlib.import_module("sanxiang.org.migrations.0006_certificate_validity")
    migration.backfill(apps, None)
    assert sorted(CertificateValidity.objects.values_list(
        "certificate_id", "officer_id", "valid_from", "valid_until")) == kept
