"""Loading the demo county through the register's actions (``sanxiang demo``).

Loading writes about 1,000 rows with a ledger event each, so the tests that read a loaded
county share one load (``demo_county``: rolled back after the class, and each test's own
writes undone before the next) and each checks several things. A failed load needs an empty
database and loads on its own.
"""

import hashlib
import json
from collections import Counter

import pytest
from django.test import RequestFactory
from django.utils import timezone

from sanxiang.core.errors import RuleViolation
from sanxiang.core.identifiers import validate_credit_code
from sanxiang.core.models import LedgerEvent
from sanxiang.demo import county
from sanxiang.demo.bodies import REGION_CODE
from sanxiang.demo.plan import ACCOUNT_ORDER, DEMO_PASSWORD, build_plan
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind
from sanxiang.org.actions import create_user
from sanxiang.org.models import AnnualInspection, Body, Certificate, Officer, User
from sanxiang.org.qualification import check_qualification, check_qualifications, reviewer_ratios
from sanxiang.org.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def register_digest(bodies, officers) -> str:
    text = json.dumps([sorted(bodies), sorted(officers)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def database_digest() -> str:
    bodies = Body.objects.values_list("name", "credit_code")
    officers = Certificate.objects.values_list("officer__name", "number")
    return register_digest([list(b) for b in bodies], [list(o) for o in officers])


def plan_digest(plan) -> str:
    return register_digest(
        [[b.name, b.credit_code] for b in plan.bodies],
        [[o.name, o.certificate_number] for o in plan.officers],
    )


def counts():
    return (Body.objects.count(), Officer.objects.count(), Certificate.objects.count(),
            AnnualInspection.objects.count(), User.objects.count(),
            LedgerEvent.objects.count())


class TestTheLoadedCounty:
    """One load of the county for these tests (``demo_county``)."""

    def test_load_writes_the_planned_county_through_the_actions(self, demo_county):
        # demo_county is county.load() with its defaults: seed 2026, as of today.
        today = timezone.localdate()
        plan = build_plan(seed=2026, today=today)
        assert demo_county.created

        # Deterministic: the register holds exactly the plan, which depends only on the seed.
        assert database_digest() == plan_digest(plan)

        bodies = list(Body.objects.all())
        assert len(bodies) >= 12
        for body in bodies:
            assert validate_credit_code(body.credit_code) == body.credit_code
            assert body.region_code == REGION_CODE
        kinds = Counter(b.subject_kind for b in bodies)
        assert kinds[Body.SubjectKind.AUTHORISED] >= 1
        entrusted = Body.objects.get(subject_kind=Body.SubjectKind.ENTRUSTED)
        assert entrusted.entrusting_body is not None
        assert entrusted.entrusting_body.subject_kind == Body.SubjectKind.STATUTORY
        assert entrusted.entrustment_agreement

        assert Officer.objects.active().count() >= 200
        assert not Officer.objects.filter(fields__isnull=True).exists()
        assert Certificate.objects.filter(expires_on__lt=today, cancelled_on__isnull=True).exists()
        assert AnnualInspection.objects.filter(result=AnnualInspection.Result.FAILED).exists()
        left = Officer.objects.filter(status=Officer.Status.LEFT)
        assert left.exists()
        assert not Certificate.objects.filter(officer__in=left, cancelled_on__isnull=True).exists()

        # An event per write, of the right kind.
        kinds = Counter(LedgerEvent.objects.values_list("kind", flat=True))
        assert kinds[EventKind.BODY_CREATED] == len(plan.bodies)
        assert kinds[EventKind.OFFICER_CREATED] == len(plan.officers)
        assert kinds[EventKind.CERTIFICATE_ISSUED] == len(plan.officers)
        assert kinds[EventKind.ANNUAL_INSPECTION_RECORDED] == sum(
            len(o.inspections) for o in plan.officers)
        assert kinds[EventKind.OFFICER_LEFT] == sum(o.left_on is not None for o in plan.officers)
        assert kinds[EventKind.CERTIFICATE_CANCELLED] == kinds[EventKind.OFFICER_LEFT]
        assert kinds[EventKind.USER_CREATED] == len(ACCOUNT_ORDER)


    def test_loading_twice_writes_nothing_the_second_time(self, demo_county):
        first = demo_county
        before = counts()
        second = county.load()
        assert first.created and not second.created
        assert counts() == before
        assert second.accounts == first.accounts


    def test_a_different_day_or_seed_does_not_load_a_second_county(self, demo_county):
        before = counts()
        assert not county.load(seed=99).created
        assert counts() == before


    def test_one_account_per_role_that_logs_in(self, demo_county, client):
        result = demo_county
        assert [row[1] for row in result.accounts] == [u for _, u in ACCOUNT_ORDER]
        assert [row[0] for row in result.accounts] == [Role(r).label for r, _ in ACCOUNT_ORDER]
        for role_label, username, password, full_name, body_name in result.accounts:
            assert password == DEMO_PASSWORD
            assert full_name and body_name
            user = User.objects.get(username=username)
            assert user.get_full_name() == full_name
            assert Role(dict((u, r) for r, u in ACCOUNT_ORDER)[username]) in roles_of(user)
            request = RequestFactory().post("/")
            assert client.login(request=request, username=username, password=password), role_label
            client.logout()

        users = {u.username: u for u in User.objects.select_related("body", "officer")}
        officer = users["officer"].officer
        assert officer.body.name == "滹阳县应急管理局" and not officer.is_reviewer
        assert users["reviewer"].officer.is_reviewer
        assert users["reviewer"].officer.legal_qualification
        assert users["head"].officer.body == officer.body
        assert users["clerk"].body == officer.body
        assert users["supervisor"].jurisdiction == REGION_CODE
        assert users["admin"].body is None


    def test_exactly_the_planned_officers_are_qualified_R_ORG_03(self, demo_county):
        today = timezone.localdate()
        plan = build_plan(seed=2026, today=today)
        planned = {o.certificate_number: o.condition for o in plan.officers}
        by_category = {}
        for officer in Officer.objects.prefetch_related("fields", "certificates"):
            code = officer.fields.order_by("code").first().code
            by_category.setdefault(code, []).append(officer)
        for code, officers in sorted(by_category.items()):
            for result in check_qualifications(officers, category_code=code, on=today):
                number = result.officer.certificates.get().number
                assert result.ok == (planned[number] == "qualified"), (number, result.reasons)
        accounts = User.objects.filter(username__in=["officer", "reviewer", "head"])
        for user in accounts.select_related("officer"):
            for category in user.officer.fields.all():
                assert check_qualification(user.officer, category_code=category.code, on=today)


    def test_three_bodies_fall_short_of_the_reviewer_ratio_R_ORG_05(self, demo_county):
        ratios = reviewer_ratios(Body.objects.all())
        short = sorted(r.body.name for r in ratios if r.shortfall)
        assert short == ["滹阳县文化广电和旅游局", "滹阳县柳林镇人民政府", "滹阳县水利局"]
        assert len(ratios) - len(short) >= 12


    def test_the_ledger_verifies_after_loading(self, demo_county):
        # ``sanxiang ledger verify`` (chain, Merkle tree, head), in this process: worker
        # processes would not see the test's uncommitted rows.
        result = ledger_verify.verify(workers=1)
        assert result.ok, result.summary()
        assert result.size == LedgerEvent.objects.count() > 900


def test_a_failed_load_leaves_nothing_behind():
    # An account name the demo needs is taken: the last write of the load fails.
    create_user(acting_user=None, username="admin", password="another-long-secret",
                full_name="已有管理员", roles=[Role.ADMIN])
    events = LedgerEvent.objects.count()
    with pytest.raises(RuleViolation):
        county.load()
    assert not Body.objects.exists() and not Officer.objects.exists()
    assert LedgerEvent.objects.count() == events
