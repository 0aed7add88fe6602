"""R-REV-01/02: "is review required" is one predicate, asked the same way everywhere.

For random case facts and random catalogue criteria, the decision gate refuses iff review is
required (and not passed), the case file reports a finding iff it is required, and the
review queue lists the case iff it is required.
"""

from datetime import date

import pytest
from cases.factories import make_case
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.cases import actions as case_actions
from sanxiang.cases.models import Case
from sanxiang.catalog import actions as catalog_actions
from sanxiang.core.errors import RuleViolation
from sanxiang.records.casefile import completeness
from sanxiang.review import actions as review
from sanxiang.review.rules import review_required_for

from .helpers import run_to_statement

pytestmark = pytest.mark.django_db

AMOUNTS = ["1000", "3000", "5000", "10000", "100000"]
criteria = st.one_of(
    st.builds(lambda a, p: {"criterion_kind": "fine_threshold", "amount": a, "party_kind": p,
                            "description": f"对{p}罚款{a}元以上"},
              st.sampled_from(AMOUNTS), st.sampled_from(["organisation", "natural_person"])),
    st.builds(lambda k: {"criterion_kind": "penalty_kind", "penalty_kind": k,
                         "description": f"处罚种类{k}"},
              st.sampled_from(["fine", "warning", "suspend_business", "revoke_licence"])),
    st.builds(lambda f: {"criterion_kind": "flag", "flag": f, "description": f"情形{f}"},
              st.sampled_from(["public_interest", "social_impact", "other"])),
    st.just({"criterion_kind": "all_general_procedure", "description": "一般程序全部审核"}),
)
facts = st.fixed_dictionaries({
    "fine": st.sampled_from(["500", "2999.99", "3000", "8000", "50000"]),
    "kinds": st.sets(st.sampled_from(["warning", "suspend_business"])),
    "flags": st.sets(st.sampled_from(["public_interest", "social_impact"])),
})


def _natural_key(criterion):
    return tuple(criterion.get(name, "") for name in ("criterion_kind", "party_kind",
                                                      "penalty_kind", "flag"))


class _Rollback(Exception):
    pass


@pytest.fixture
def statement_case(body_a, officer_a1, officer_a2):
    return run_to_statement(make_case(body_a, [officer_a1, officer_a2], days_ago=60))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rules=st.lists(criteria, max_size=3, unique_by=_natural_key),
       case_facts=facts)
def test_review_required_is_one_predicate_R_REV_02(statement_case, rules, case_facts):
    case = statement_case
    try:
        with transaction.atomic():
            if rules:
                catalogue = catalog_actions.get_or_create_catalogue(
                    body=case.body, kind="review", acting_user=None)
                catalog_actions.publish_version(catalogue=catalogue, acting_user=None,
                                                effective_from=date(2020, 1, 1), note="测试",
                                                add=rules)
            Case.objects.filter(pk=case.pk).update(
                notified_fine=case_facts["fine"],
                notified_kinds=sorted({"fine", *case_facts["kinds"]}),
                flags=sorted(case_facts["flags"]))
            case.refresh_from_db()
            required = bool(review_required_for(case))
            assert (case in review.cases_awaiting_review(case.body)) == required
            with transaction.atomic():
                try:
                    case_actions.complete_step(acting_user=None, case=case, step="statement",
                                               to="decide", done_on=_statement_day(case),
                                               data={"waived": True})
                    gate = None
                except RuleViolation as refused:
                    gate = refused.code
                raise _Rollback
    except _Rollback:
        pass
    assert (gate == "R-REV-02") == required, (rules, case_facts, gate)
    assert gate in (None, "R-REV-02")
    _check_file(case, rules, case_facts, required)


def _statement_day(case):
    return case.milestones.get(event="prior_notice_served").on


def _check_file(case, rules, case_facts, required):
    try:
        with transaction.atomic():
            if rules:
                catalogue = catalog_actions.get_or_create_catalogue(
                    body=case.body, kind="review", acting_user=None)
                catalog_actions.publish_version(catalogue=catalogue, acting_user=None,
                                                effective_from=date(2020, 1, 1), note="测试",
                                                add=rules)
            Case.objects.filter(pk=case.pk).update(
                current_step="decide", notified_fine=case_facts["fine"],
                notified_kinds=sorted({"fine", *case_facts["kinds"]}),
                flags=sorted(case_facts["flags"]))
            case.refresh_from_db()
            found = any(f.rule == "R-REV-02" for f in completeness(case))
            assert found == required
            raise _Rollback
    except _Rollback:
        pass
    case.refresh_from_db()
