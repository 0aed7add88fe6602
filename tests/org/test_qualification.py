"""R-ORG-03 (持证上岗), R-ORG-04 (two officers) and R-ORG-05 (reviewer ratio)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import RulebookEntry
from sanxiang.org import actions
from sanxiang.org.models import Body, Officer
from sanxiang.org.qualification import (
    check_qualification,
    check_qualifications,
    require_qualified,
    require_two_officers,
    reviewer_ratio,
    reviewer_ratios,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def set_rule(key, value, *, body=None, effective_from=date(2000, 1, 1)):
    # The rulebook has no action of its own yet (core owns it); a row is how it is set.
    RulebookEntry.objects.create(key=key, value=value, body=body, effective_from=effective_from)


def officer_with(body, *, name="王五", issued_on=date(2020, 3, 1), expires_on=date(2030, 2, 28),
                 inspections=(), number="Q-1", field_codes=("AQSC",)):
    officer = actions.create_officer(acting_user=None, body=body, name=name, post="执法队员",
                                     field_codes=list(field_codes), areas="全区")
    certificate = actions.issue_certificate(officer=officer, acting_user=None, number=number,
                                            issued_by="河北省人民政府", issued_on=issued_on,
                                            expires_on=expires_on)
    for year, result, inspected_on in inspections:
        actions.record_annual_inspection(certificate=certificate, acting_user=None, year=year,
                                         result=result, inspected_on=inspected_on)
    return officer


def test_qualified_officer_R_ORG_03(officer_a1):
    result = check_qualification(officer_a1, category_code="AQSC", on=TODAY())
    assert result.ok and result.reasons == []
    assert bool(result)


def test_officer_blocked_with_expired_certificate_R_ORG_03(fields, body_a):
    officer = officer_with(body_a, issued_on=date(2020, 3, 1), expires_on=date(2023, 3, 1),
                           inspections=[(2020, "passed", date(2020, 12, 1)),
                                        (2021, "passed", date(2021, 12, 1)),
                                        (2022, "passed", date(2022, 12, 1))])
    assert check_qualification(officer, category_code="AQSC", on=date(2023, 3, 1)).ok
    result = check_qualification(officer, category_code="AQSC", on=date(2023, 3, 2))
    assert not result.ok
    assert result.reasons == ["执法证 Q-1 已于 2023年3月1日 过期。"]


def test_officer_blocked_before_certificate_is_valid_R_ORG_03(fields, body_a):
    officer = officer_with(body_a, issued_on=date(2024, 5, 1), expires_on=date(2029, 5, 1))
    result = check_qualification(officer, category_code="AQSC", on=date(2024, 4, 30))
    assert not result.ok and "自 2024年5月1日 起生效" in result.reasons[0]


def test_officer_blocked_with_cancelled_certificate_R_ORG_03(officer_a1):
    certificate = officer_a1.certificates.get()
    day = TODAY() - timedelta(days=10)
    actions.cancel_certificate(certificate=certificate, acting_user=None, on=day, reason="遗失")
    assert check_qualification(officer_a1, category_code="AQSC", on=day - timedelta(days=1)).ok
    result = check_qualification(officer_a1, category_code="AQSC", on=day)
    assert not result.ok and "注销" in result.reasons[0]


def test_officer_who_left_is_blocked_R_ORG_03(officer_a1):
    actions.officer_leaves(officer=officer_a1, acting_user=None, on=TODAY(), reason="调离")
    result = check_qualification(officer_a1, category_code="AQSC", on=TODAY())
    assert not result.ok
    assert any("离职" in r for r in result.reasons)
    assert any("注销" in r for r in result.reasons)
    # What was true before the departure stays true.
    assert check_qualification(officer_a1, category_code="AQSC",
                               on=TODAY() - timedelta(days=1)).ok


def test_officer_blocked_outside_their_categories_R_ORG_03(officer_b1):
    result = check_qualification(officer_b1, category_code="AQSC", on=TODAY())
    assert not result.ok
    assert result.reasons == ["陈静 的执法类别不包括“安全生产”。"]
    unknown = check_qualification(officer_b1, category_code="NOPE", on=TODAY())
    assert "NOPE" in unknown.reasons[0]


def test_officer_without_certificate_is_blocked_R_ORG_03(fields, body_a):
    officer = actions.create_officer(acting_user=None, body=body_a, name="无证", post="p",
                                     field_codes=["AQSC"], areas="a")
    result = check_qualification(officer, category_code="AQSC", on=TODAY())
    assert result.reasons == ["无证 未持有执法证。"]


class TestAnnualInspectionRule:
    """Y = the act's year; the default grace is 90 days (rulebook)."""

    @pytest.fixture
    def officer(self, fields, body_a):
        return officer_with(body_a, inspections=[(2020, "passed", date(2020, 12, 1)),
                                                 (2021, "passed", date(2021, 12, 1))])

    def test_needs_a_pass_for_the_previous_year_R_ORG_03(self, officer):
        assert check_qualification(officer, category_code="AQSC", on=date(2022, 6, 1)).ok
        result = check_qualification(officer, category_code="AQSC", on=date(2023, 6, 1))
        assert result.reasons == ["执法证 Q-1 未通过 2022 年度审验。"]

    def test_grace_days_accept_the_year_before_R_ORG_03(self, officer):
        # 2023-02-01 is day 31 of the year: within 90 days, the 2021 pass still stands.
        assert check_qualification(officer, category_code="AQSC", on=date(2023, 2, 1)).ok
        assert not check_qualification(officer, category_code="AQSC", on=date(2023, 4, 1)).ok

    def test_grace_days_come_from_the_rulebook_R_ORG_03(self, officer, body_a):
        set_rule("org.annual_inspection_grace_days", 10, body=body_a)
        assert not check_qualification(officer, category_code="AQSC", on=date(2023, 2, 1)).ok
        assert check_qualification(officer, category_code="AQSC", on=date(2023, 1, 5)).ok

    def test_a_failed_inspection_disqualifies_from_its_date_R_ORG_03(self, officer):
        certificate = officer.certificates.get()
        actions.record_annual_inspection(certificate=certificate, acting_user=None, year=2022,
                                         result="failed", inspected_on=date(2023, 1, 15))
        assert check_qualification(officer, category_code="AQSC", on=date(2023, 1, 10)).ok
        result = check_qualification(officer, category_code="AQSC", on=date(2023, 1, 15))
        assert result.reasons == ["执法证 Q-1 的 2022 年度审验不合格。"]
        assert not check_qualification(officer, category_code="AQSC", on=date(2023, 12, 1)).ok

    def test_a_pass_recorded_later_does_not_rewrite_the_past_R_ORG_03(self, officer):
        certificate = officer.certificates.get()
        actions.record_annual_inspection(certificate=certificate, acting_user=None, year=2022,
                                         result="passed", inspected_on=date(2023, 5, 1))
        assert not check_qualification(officer, category_code="AQSC", on=date(2023, 4, 30)).ok
        assert check_qualification(officer, category_code="AQSC", on=date(2023, 5, 1)).ok

    def test_new_certificate_needs_no_inspection_in_its_first_years_R_ORG_03(self, fields,
                                                                             body_a):
        officer = officer_with(body_a, number="NEW-1", issued_on=date(2022, 5, 1))
        assert check_qualification(officer, category_code="AQSC", on=date(2022, 6, 1)).ok
        assert check_qualification(officer, category_code="AQSC", on=date(2023, 12, 31)).ok
        assert not check_qualification(officer, category_code="AQSC", on=date(2024, 6, 1)).ok


def test_a_renewed_certificate_qualifies_when_the_old_one_expired_R_ORG_03(fields, body_a):
    officer = officer_with(body_a, issued_on=date(2018, 1, 1), expires_on=date(2022, 1, 1),
                           number="OLD")
    actions.issue_certificate(officer=officer, acting_user=None, number="RENEWED",
                              issued_by="省政府", issued_on=date(2022, 1, 2),
                              expires_on=date(2027, 1, 1))
    assert check_qualification(officer, category_code="AQSC", on=date(2022, 3, 1)).ok
    result = check_qualification(officer, category_code="AQSC", on=date(2021, 6, 1))
    assert result.reasons == ["执法证 OLD 未通过 2020 年度审验。"]


def test_require_qualified_lists_every_problem_R_ORG_03(officer_a1, officer_b1, fields, body_a):
    expired = officer_with(body_a, name="过期", number="EXP", issued_on=date(2019, 1, 1),
                           expires_on=date(2020, 1, 1))
    require_qualified([officer_a1], category_code="AQSC", on=TODAY())
    with pytest.raises(RuleViolation) as caught:
        require_qualified([officer_a1, officer_b1, expired], category_code="AQSC", on=TODAY())
    assert caught.value.code == "R-ORG-03"
    assert "陈静" in caught.value.message and "EXP" in caught.value.message
    assert set(caught.value.details["reasons"]) == {officer_b1.pk, expired.pk}


def test_bulk_check_uses_a_fixed_number_of_queries_R_ORG_03(fields, body_a):
    officers = [officer_with(body_a, name=f"甲{i}", number=f"FQ-{i}",
                             inspections=[(2020, "passed", date(2020, 12, 1))])
                for i in range(6)]

    def queries(group):
        fresh = list(Officer.objects.filter(pk__in=[o.pk for o in group]))
        with CaptureQueriesContext(connection) as captured:
            check_qualifications(fresh, category_code="AQSC", on=date(2021, 6, 1))
        return len(captured)

    assert queries(officers[:1]) == queries(officers) <= 5


def test_two_officers_are_required_R_ORG_04(officer_a1, officer_a2):
    with pytest.raises(RuleViolation) as caught:
        require_two_officers([officer_a1], category_code="AQSC", on=TODAY())
    assert caught.value.code == "R-ORG-04"
    assert "不少于 2 名" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        require_two_officers([officer_a1, officer_a1], category_code="AQSC", on=TODAY())
    assert caught.value.code == "R-ORG-04"
    require_two_officers([officer_a1, officer_a2], category_code="AQSC", on=TODAY())


def test_both_officers_must_be_qualified_R_ORG_04(officer_a1, officer_b1):
    with pytest.raises(RuleViolation) as caught:
        require_two_officers([officer_a1, officer_b1], category_code="AQSC", on=TODAY())
    assert caught.value.code == "R-ORG-03"


def test_minimum_officers_comes_from_the_rulebook_R_ORG_04(officer_a1, officer_a2, body_a):
    set_rule("org.min_officers_per_act", 3, body=body_a)
    with pytest.raises(RuleViolation) as caught:
        require_two_officers([officer_a1, officer_a2], category_code="AQSC", on=TODAY())
    assert "不少于 3 名" in caught.value.message


def test_reviewer_ratio_and_shortfall_R_ORG_05(officer_a1, officer_a2, reviewer_officer_a,
                                               officer_b1):
    a = reviewer_ratio(reviewer_officer_a.body)
    assert (a.officers, a.reviewers, a.required, a.shortfall) == (3, 1, 1, False)
    assert a.ratio == pytest.approx(1 / 3)
    b = reviewer_ratio(officer_b1.body)
    assert (b.officers, b.reviewers, b.required, b.shortfall) == (1, 0, 1, True)


def _many_officers(body, count, reviewers=0):
    entries = [actions.OfficerEntry(body=body, name=f"员{i}", post="p", field_codes=["AQSC"],
                                    areas="a", is_reviewer=i < reviewers)
               for i in range(count)]
    actions.register_officers(acting_user=None, entries=entries)


def test_required_reviewers_is_five_percent_rounded_up_R_ORG_05(fields, body_a):
    _many_officers(body_a, 60, reviewers=3)
    ratio = reviewer_ratio(body_a)
    # 60 × 5% is exactly 3 (not 3.0000000000000004 rounded up to 4).
    assert (ratio.officers, ratio.required, ratio.shortfall) == (60, 3, False)
    _many_officers(body_a, 1)
    assert reviewer_ratio(body_a).required == 4
    assert reviewer_ratio(body_a).shortfall


def test_officers_who_left_do_not_count_R_ORG_05(admin_user, reviewer_officer_a, officer_a1):
    actions.officer_leaves(officer=reviewer_officer_a, acting_user=admin_user, on=TODAY(),
                           reason="退休")
    ratio = reviewer_ratio(officer_a1.body)
    assert (ratio.officers, ratio.reviewers, ratio.shortfall) == (1, 0, True)


def test_reviewer_ratios_take_one_aggregate_query_R_ORG_05(officer_a1, reviewer_officer_a,
                                                           officer_b1, body_b):
    set_rule("org.reviewer_ratio_min", 0.5, body=body_b)
    set_rule("org.reviewer_count_min", 2)
    with CaptureQueriesContext(connection) as captured:
        ratios = {r.body.pk: r for r in reviewer_ratios(Body.objects.all())}
    assert len(captured) == 3  # the aggregate, and one rulebook query per key
    assert ratios[officer_a1.body_id].required == 2  # the national minimum, raised to 2
    assert ratios[body_b.pk].required == 2
    assert all(r.shortfall for r in ratios.values())
