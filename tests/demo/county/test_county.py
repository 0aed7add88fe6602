"""Loading the demo county through the register's actions (``sanxiang demo``).

Loading writes thousands of rows with a ledger event each, so the tests that read a loaded
county share the package's one load (``loaded_demo``: rolled back after the package, and
each test's own writes undone before the next) and each checks several things. A failed
load needs an empty database: ``tests/demo/test_loading.py``.
"""

import hashlib
import json
from collections import Counter

import pytest
from django.test import RequestFactory
from django.utils import timezone

from sanxiang.core.identifiers import validate_credit_code
from sanxiang.core.models import LedgerEvent
from sanxiang.demo import county
from sanxiang.demo.bodies import REGION_CODE
from sanxiang.demo.plan import ACCOUNT_ORDER, DEMO_PASSWORD, build_plan
from sanxiang.ledger import state_verify
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind
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
    """The package's load of the county (``loaded_demo``)."""

    def test_load_writes_the_planned_county_through_the_actions(self, loaded_demo):
        # loaded_demo is county.load() with its defaults (seed 2026, as of today) and cases.
        today = timezone.localdate()
        plan = build_plan(seed=2026, today=today)
        assert loaded_demo.created

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
        # Every account (one per role, and the cases' and supervision's own) has its event.
        assert kinds[EventKind.USER_CREATED] == User.objects.count()
        assert {u for _, u in ACCOUNT_ORDER} <= set(User.objects.values_list("username",
                                                                           flat=True))


    def test_loading_twice_writes_nothing_the_second_time(self, loaded_demo):
        first = loaded_demo
        before = counts()
        second = county.load()
        assert first.created and not second.created
        assert counts() == before
        assert second.accounts == first.accounts


    def test_a_different_day_or_seed_does_not_load_a_second_county(self, loaded_demo):
        before = counts()
        assert not county.load(seed=99).created
        assert counts() == before


    def test_one_account_per_role_that_logs_in(self, loaded_demo, client):
        result = loaded_demo
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


    def test_exactly_the_planned_officers_are_qualified_R_ORG_03(self, loaded_demo):
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


    def test_three_bodies_fall_short_of_the_reviewer_ratio_R_ORG_05(self, loaded_demo):
        ratios = reviewer_ratios(Body.objects.all())
        short = sorted(r.body.name for r in ratios if r.shortfall)
        assert short == ["滹阳县文化广电和旅游局", "滹阳县柳林镇人民政府", "滹阳县水利局"]
        assert len(ratios) - len(short) >= 12


    def test_the_ledger_verifies_after_loading(self, loaded_demo):
        # ``sanxiang ledger verify`` (chain, Merkle tree, head), in this process: worker
        # processes would not see the test's uncommitted rows.
        result = ledger_verify.verify(workers=1)
        assert result.ok, result.summary()
        assert result.size == LedgerEvent.objects.count() > 900

    def test_every_row_the_load_wrote_is_bound_to_the_ledger_R_REC_02(self, loaded_demo):
        # Every write path the demo takes (register, cases of every procedure and state,
        # documents, recordings, review, publication, inspections, supervision) leaves its
        # rows bound: ``sanxiang ledger verify --state`` finds nothing.
        assert loaded_demo.cases.failures == []
        result = state_verify.verify_state()
        assert result.ok, result.summary()
        assert result.rows > 1000
