"""A demo load that fails leaves nothing behind: it needs an empty database, so it loads on
its own, outside the shared county of ``tests/demo/county/``."""

import pytest

from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.demo import county
from sanxiang.org.actions import create_user
from sanxiang.org.models import Body, Officer
from sanxiang.org.roles import Role

pytestmark = pytest.mark.django_db


def test_a_failed_load_leaves_nothing_behind():
    # An account name the demo needs is taken: the last write of the load fails.
    create_user(acting_user=None, username="admin", password="another-long-secret",
                full_name="已有管理员", roles=[Role.ADMIN])
    events = LedgerEvent.objects.count()
    with pytest.raises(RuleViolation):
        county.load()
    assert not Body.objects.exists() and not Officer.objects.exists()
    assert LedgerEvent.objects.count() == events


def test_register_validity_is_stored_once_at_the_end_of_a_batch_R_ORG_02(officer_a1):
    # The register load refreshes stored validity once for all its officers (ADR 0041);
    # the rows are those that one refresh per write gives.
    from sanxiang.org import validity
    from sanxiang.org.models import CertificateValidity

    def rows():
        return sorted(CertificateValidity.objects.values_list(
            "officer_id", "certificate_id", "valid_from", "valid_until"))

    expected = rows()
    assert expected  # officer_a1's certificate is valid today
    CertificateValidity.objects.all().delete()
    with validity.batched():
        validity.refresh([officer_a1.pk])
        assert not CertificateValidity.objects.exists()  # not yet: at the end
    assert rows() == expected


def test_demo_accounts_share_one_real_hash_of_the_printed_password(settings):
    # The demo's password is hashed once with the configured hasher and the hash reused
    # (ADR 0041); it checks like any hash, and other passwords hash as always.
    from django.contrib.auth import base_user
    from django.contrib.auth.hashers import check_password

    original = base_user.make_password
    with county._password_hashed_once("sanxiang-demo"):
        first = base_user.make_password("sanxiang-demo")
        assert base_user.make_password("sanxiang-demo") == first
        assert base_user.make_password("another-password") != base_user.make_password(
            "another-password")  # salted afresh
    assert base_user.make_password is original
    assert check_password("sanxiang-demo", first)
    assert not check_password("sanxiang-dem0", first)


@pytest.mark.django_db
def test_a_load_that_runs_past_midnight_records_no_inspection_before_its_draw_R_CASE_15():
    """The platform dates a draw by the clock (R-CASE-15); a load begun before midnight,
    Beijing time, carries the day it began, and its draws are dated the next day. The
    county loads all the same, and no inspection is dated before its draw."""
    from datetime import timedelta

    from django.db.models import F
    from django.utils import timezone

    from sanxiang.inspections.models import Result

    county.load(today=timezone.localdate() - timedelta(days=1), cases=0)
    assert Result.objects.exists()
    assert not Result.objects.filter(inspected_on__lt=F("assignment__drawn_on")).exists()
