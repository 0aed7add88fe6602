"""The major-decision review catalogue as data, evaluated for a case's facts (R-REV-01)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.catalog import actions
from sanxiang.catalog.models import PartyKind, PenaltyKind, ReviewCriterion
from sanxiang.catalog.review import CaseFacts, matching, review_required
from sanxiang.core.errors import RuleViolation

Kind = ReviewCriterion.CriterionKind
Flag = ReviewCriterion.Flag

CRITERIA = [
    {"criterion_kind": "fine_threshold", "party_kind": "natural_person", "amount": "10000",
     "description": "对公民处以一万元以上罚款"},
    {"criterion_kind": "fine_threshold", "party_kind": "organisation", "amount": "100000",
     "description": "对法人或者其他组织处以十万元以上罚款"},
    {"criterion_kind": "penalty_kind", "penalty_kind": "revoke_licence",
     "description": "吊销许可证件"},
    {"criterion_kind": "penalty_kind", "penalty_kind": "suspend_business",
     "description": "责令停产停业"},
    {"criterion_kind": "hearing_held", "description": "经过听证程序作出的决定"},
    {"criterion_kind": "flag", "flag": "complex", "description": "案件情况疑难复杂"},
]


def criteria(rows):
    return [ReviewCriterion(**actions.parse_entry(ReviewCriterion, row)[0]) for row in rows]


def test_thresholds_are_per_party_kind_and_inclusive_R_REV_01():
    rules = criteria(CRITERIA)
    person = CaseFacts(party_kind=PartyKind.NATURAL_PERSON, fine_amount=Decimal("10000"))
    assert [c.description for c in matching(rules, person)] == ["对公民处以一万元以上罚款"]
    assert matching(rules, CaseFacts(party_kind="natural_person", fine_amount=9999)) == []
    company = CaseFacts(party_kind="organisation", fine_amount=Decimal("50000"))
    assert matching(rules, company) == []
    closed = CaseFacts(party_kind="organisation", fine_amount=0,
                       penalty_kinds=frozenset({PenaltyKind.SUSPEND_BUSINESS}),
                       hearing_held=True, flags=frozenset({Flag.COMPLEX}))
    assert {c.criterion_kind for c in matching(rules, closed)} == {
        "penalty_kind", "hearing_held", "flag"}


def test_review_every_general_procedure_penalty_R_REV_01():
    rules = criteria([{"criterion_kind": "all_general_procedure", "description": "全部"}])
    assert matching(rules, CaseFacts(procedure="penalty_general"))
    assert not matching(rules, CaseFacts(procedure="penalty_simple"))


@given(amount=st.decimals(min_value=0, max_value=10**9, places=2),
       party=st.sampled_from(PartyKind.values),
       kinds=st.frozensets(st.sampled_from(PenaltyKind.values)),
       hearing=st.booleans(), flags=st.frozensets(st.sampled_from(Flag.values)))
def test_matching_agrees_with_the_rule_as_written_R_REV_01(amount, party, kinds, hearing, flags):
    rules = criteria(CRITERIA)
    facts = CaseFacts(party_kind=party, fine_amount=amount, penalty_kinds=kinds,
                      hearing_held=hearing, flags=flags)
    threshold = {"natural_person": Decimal(10000), "organisation": Decimal(100000)}
    expected = (
        (party in threshold and amount >= threshold[party])
        or bool(kinds & {"revoke_licence", "suspend_business"})
        or hearing or "complex" in flags
    )
    found = matching(rules, facts)
    assert bool(found) == expected
    # Adding a fact never removes a match: the criteria are monotone.
    more = CaseFacts(party_kind=party, fine_amount=amount + 1, penalty_kinds=kinds | {"close"},
                     hearing_held=True, flags=flags | {"public_interest"})
    assert {id(c) for c in found} <= {id(c) for c in matching(rules, more)}


@pytest.mark.django_db
def test_review_required_reads_the_catalogue_in_force_R_REV_01(body_a, body_b):
    catalogue = actions.get_or_create_catalogue(body=body_a, kind="review", acting_user=None)
    actions.publish_version(catalogue=catalogue, acting_user=None,
                            effective_from=date(2026, 1, 1), note="首次公布", add=CRITERIA)
    fine = CaseFacts(party_kind="natural_person", fine_amount=Decimal("20000"))
    assert review_required(body_a, fine, on=date(2025, 12, 31)) == []
    assert len(review_required(body_a, fine, on=date(2026, 1, 2))) == 1
    assert review_required(body_b, fine) == []
    # From July the body raises the threshold for citizens to ¥30,000.
    threshold = ReviewCriterion.objects.get(catalogue=catalogue, party_kind="natural_person")
    actions.publish_version(catalogue=catalogue, acting_user=None,
                            effective_from=date(2026, 7, 1), note="提高公民罚款审核标准",
                            change={threshold.pk: {"amount": "30000",
                                                   "description": "对公民处以三万元以上罚款"}})
    assert len(review_required(body_a, fine, on=date(2026, 6, 30))) == 1
    assert review_required(body_a, fine, on=date(2026, 7, 1)) == []


@pytest.mark.django_db
def test_criteria_are_checked_as_data_R_REV_01(body_a):
    catalogue = actions.get_or_create_catalogue(body=body_a, kind="review", acting_user=None)
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(
            catalogue=catalogue, acting_user=None, effective_from=date(2026, 1, 1), note="x",
            add=[{"criterion_kind": "fine_threshold", "amount": "10000", "description": "缺类型"},
                 {"criterion_kind": "hearing_held", "penalty_kind": "吊销许可证件",
                  "description": "多余"}])
    found = {(p.where[1], p.field) for p in raised.value.details["problems"]}
    assert found == {(0, "party_kind"), (1, "penalty_kind")}
