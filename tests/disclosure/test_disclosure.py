"""Publication of decisions (事后公开) through the real actions, by rule ID.

Cases run through the case engine to their decision; the decision itself creates the
publication record, which the clerk masks, approves and publishes, and later withdraws or
removes.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cases.engine_helpers import ago, frozen_case, step
from cases.factories import make_case, party_person
from conftest import qualified_officer
from django.utils.translation import gettext as _

from sanxiang.calendar.workdays import add_workdays
from sanxiang.core import clock
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.identifiers import make_resident_id
from sanxiang.core.models import LedgerEvent, RulebookEntry
from sanxiang.disclosure import actions
from sanxiang.disclosure.models import Disclosure
from sanxiang.disclosure.periods import add_months
from sanxiang.ledger.events import EventKind

pytestmark = pytest.mark.django_db

PERSON_ID = make_resident_id(region="130139", birth=date(1978, 4, 12), seq=41)
FACTS = ("经查，当事人于2026年1月在其经营场所未对重大危险源进行安全评估。证人李明辉称，"
         "当事人之妻患有糖尿病，长期住院。员工王建军联系电话13812345678。")


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def refused(rule, call, /, *args, **kwargs):
    with pytest.raises(RuleViolation) as raised:
        call(*args, **kwargs)
    assert raised.value.code == rule, raised.value.message
    return raised.value


def decided(body, officers, *, party=None, kinds=("fine",), fine="5000", flags=(),
            decide_on=30, facts=FACTS):
    case = make_case(body, officers, days_ago=decide_on + 30, party=party, flags=list(flags),
                     facts=facts)
    start = decide_on + 30
    step(case, "open", on=ago(start))
    step(case, "investigate", on=ago(start - 5), to="investigation_report",
         data={"summary": "现场检查发现未对重大危险源进行安全评估。"})
    step(case, "investigation_report", on=ago(start - 10), to="notify",
         data={"proposed_kinds": list(kinds), "proposed_fine": fine, "summary": "建议罚款。"})
    step(case, "notify", on=ago(start - 15), to="statement",
         data={"notified_kinds": list(kinds), "notified_fine": fine,
               "served_on": ago(start - 15)})
    step(case, "statement", on=ago(start - 16), to="decide", data={"waived": True})
    step(case, "decide", on=ago(decide_on), data={"decided_kinds": list(kinds),
                                                  "decided_fine": fine})
    case.refresh_from_db()
    return case


def person():
    return party_person(id_number=PERSON_ID, address="滹阳县柳林镇东街12号3单元201室",
                        phone="13912345678")


def published(case, clerk, on=None):
    disclosure = case.disclosures.get()
    # The platform stamps the day (R-CASE-15); the test replays the clock of that day.
    with clock.replaying(on or disclosure.decided_on + timedelta(days=1)):
        return actions.approve_and_publish(acting_user=clerk, disclosure=disclosure)


def kinds_logged(disclosure):
    return list(LedgerEvent.objects.filter(subject_type="disclosure.disclosure",
                                           subject_id=str(disclosure.pk))
                .order_by("seq").values_list("kind", flat=True))


# --------------------------------------------------------------------------------------
# R-PUB-04: every decision creates its publication record, due in 7 or 20 working days


def test_penalty_decision_due_in_7_working_days_R_PUB_04(body_a, officers):
    case = decided(body_a, officers)
    disclosure = case.disclosures.get()
    assert disclosure.category == "penalty" and disclosure.state == Disclosure.State.PENDING
    assert disclosure.decided_on == ago(30)
    assert disclosure.due_on == add_workdays(ago(30), 7).date
    lines = actions.due_explanation(disclosure)
    assert any("7" in line for line in lines)
    assert any(disclosure.due_on.strftime("%Y年%-m月%-d日") in line for line in lines)
    assert disclosure.document is not None and disclosure.document.doc_type == "penalty_decision"
    assert disclosure.document_number == disclosure.document.number
    # The fine is named once, with its amount (the walk of ADR 0083 read 罚款；罚款5,000.00元).
    assert disclosure.conclusion == "罚款5,000.00元"
    assert disclosure.party_name == "滹阳县宏达化工有限公司" and disclosure.party_code
    assert actions.is_overdue(disclosure)
    assert kinds_logged(disclosure) == [EventKind.DISCLOSURE_CREATED]


def test_inspection_result_due_in_20_working_days_R_PUB_04(body_a, officers):
    case = make_case(body_a, officers, procedure="inspection", days_ago=20)
    step(case, "prepare", on=ago(20), to="inspect", data={"plan": "对储罐区开展检查。"})
    step(case, "inspect", on=ago(19), to="result", data={"findings": "发现消防通道堵塞。"})
    step(case, "result", on=ago(18), to="recheck", data={"summary": "责令三日内改正。"})
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.category == "inspection"
    assert disclosure.due_on == add_workdays(ago(18), 20).date
    assert disclosure.conclusion == "责令限期改正"
    assert "20" in " ".join(actions.due_explanation(disclosure))


def test_seizure_and_freezing_published_from_their_decisions_R_PUB_04(body_a, officers):
    """A 查封扣押 or 冻结 is published from its written decision, with its number and what
    it seizes; the on-site record of the measure itself is no decision and creates nothing."""
    from sanxiang.cases.models import Document

    seized = make_case(body_a, officers, procedure="coercion", days_ago=20)
    step(seized, "approve", on=ago(20), to="seize", data={"measure": "扣押涉案危险化学品。"})
    step(seized, "seize", on=ago(20), data={"items": "危险化学品20桶", "place": "仓库"})
    assert not Disclosure.objects.filter(case=seized).exists()
    step(seized, "serve_seizure", on=ago(19), to="release", data={"served_on": ago(19)})
    frozen = frozen_case(body_a, officers, days_ago=20, served=18, to="unfreeze")
    for case, doc_type, conclusion in (
            (seized, "seizure_decision", "查封、扣押：危险化学品20桶"),
            (frozen, "freezing_decision", "冻结：银行存款5万元")):
        disclosure = Disclosure.objects.get(case=case)
        decision = Document.objects.get(case=case, doc_type=doc_type)
        assert disclosure.category == "coercion"
        assert disclosure.document_id == decision.pk
        assert disclosure.document_number == decision.number and "〔" in decision.number
        assert f"文号：{decision.number}" in disclosure.source_text
        assert disclosure.conclusion == conclusion
        assert f"强制措施：{conclusion}" in disclosure.source_text
        assert disclosure.due_on == add_workdays(disclosure.decided_on, 20).date


def test_steps_that_are_not_decisions_create_nothing_R_PUB_04(body_a, officers):
    case = make_case(body_a, officers, days_ago=60)
    step(case, "open", on=ago(60))
    assert not Disclosure.objects.filter(case=case).exists()


# --------------------------------------------------------------------------------------
# R-PUB-05: desensitized, approved by a person, the redaction recorded


def test_published_text_is_masked_and_approved_R_PUB_05(body_a, officers, clerk_user_a):
    case = decided(body_a, officers, party=person())
    disclosure = case.disclosures.get()
    assert PERSON_ID in disclosure.source_text
    kinds = {item["kind"] for item in disclosure.redactions}
    assert {"id_number", "address", "phone", "person_name", "health"} <= kinds
    disclosure = published(case, clerk_user_a)
    text = disclosure.masked_text
    assert disclosure.state == Disclosure.State.PUBLISHED
    for secret in (PERSON_ID, PERSON_ID[6:14], "东街12号", "13812345678", "李明辉", "王建军",
                   "糖尿病"):
        assert secret not in text, secret
    assert "钱志强" in text and "李某" in text and "王某" in text  # the party is published
    assert "【身份证号码已隐去】" in text and "【住址已隐去】" in text
    assert disclosure.party_code == ""  # a person's ID number is never a public code
    assert disclosure.approved_by == clerk_user_a and disclosure.approved_at
    record = actions.public_record(disclosure)
    assert record["redacted"] is True and "id_number" in record["redaction_kinds"]
    assert disclosure.published_digest == actions.digest_of(record)
    event = LedgerEvent.objects.get(seq=disclosure.published_seq)
    assert event.kind == EventKind.DISCLOSURE_PUBLISHED
    assert disclosure.published_digest in event.payload and PERSON_ID not in event.payload
    assert kinds_logged(disclosure) == [EventKind.DISCLOSURE_CREATED,
                                        EventKind.DISCLOSURE_APPROVED,
                                        EventKind.DISCLOSURE_PUBLISHED]
    refused("R-PUB-05", actions.set_redactions, acting_user=clerk_user_a,
            disclosure=disclosure, redactions=[])


def test_clerk_changes_redactions_and_each_is_recorded_R_PUB_05(body_a, officers,
                                                                 clerk_user_a):
    case = decided(body_a, officers)
    disclosure = case.disclosures.get()
    proposed = list(disclosure.redactions)
    spans = actions.spans_of(disclosure, "重大危险源")
    assert spans
    extra = [{**spans[0], "kind": "health", "rule": "clerk: privacy"}]
    dropped = proposed[0]
    disclosure = actions.set_redactions(acting_user=clerk_user_a, disclosure=disclosure,
                                        redactions=proposed[1:] + extra)
    added = [i for i in disclosure.redactions if i["source"] == "clerk"]
    assert added == [{**extra[0], "source": "clerk", "by": clerk_user_a.pk}]
    assert dropped not in disclosure.redactions
    event = LedgerEvent.objects.filter(kind=EventKind.DISCLOSURE_MASKED).latest("seq")
    assert '"removed":[{' in event.payload and "clerk: privacy" in event.payload
    disclosure = published(case, clerk_user_a)
    assert disclosure.masked_text.count("【健康信息已隐去】") >= 1
    refused("R-PUB-05", actions.set_redactions, acting_user=None, disclosure=disclosure,
            redactions=[])


def test_bad_redactions_refused_R_PUB_05(body_a, officers, clerk_user_a):
    disclosure = decided(body_a, officers).disclosures.get()
    length = len(disclosure.source_text)
    refused("R-PUB-05", actions.set_redactions, acting_user=clerk_user_a,
            disclosure=disclosure, redactions=[{"start": 0, "end": length + 5,
                                                "kind": "phone"}])
    refused("R-PUB-05", actions.set_redactions, acting_user=clerk_user_a,
            disclosure=disclosure, redactions=[{"start": 0, "end": 3, "kind": "nonsense"}])


def test_only_the_bodys_clerk_approves_R_PUB_05(body_a, officers, officer_user_a,
                                                head_user_a):
    disclosure = decided(body_a, officers).disclosures.get()
    for user in (officer_user_a, head_user_a):
        with pytest.raises(PermissionDenied):
            actions.approve_and_publish(acting_user=user, disclosure=disclosure)
    assert Disclosure.objects.get(pk=disclosure.pk).state == Disclosure.State.PENDING


def test_minor_party_is_never_published_online_R_PUB_05(body_a, officers, clerk_user_a):
    minor = party_person(id_number=make_resident_id(region="130139", birth=date(
        ago(0).year - 15, 5, 1), seq=8), name="孙小明")
    case = decided(body_a, officers, party=minor, fine="100", kinds=("warning",))
    disclosure = case.disclosures.get()
    assert disclosure.state == Disclosure.State.BLOCKED
    assert disclosure.blocked_reason == str(_("The party is a minor."))
    assert kinds_logged(disclosure) == [EventKind.DISCLOSURE_CREATED,
                                        EventKind.DISCLOSURE_BLOCKED]
    refused("R-PUB-05", actions.approve_and_publish, acting_user=clerk_user_a,
            disclosure=disclosure)


def test_trade_secret_case_is_not_published_online_R_PUB_05(body_a, officers):
    case = decided(body_a, officers, flags=["trade_secret"])
    disclosure = case.disclosures.get()
    assert disclosure.state == Disclosure.State.BLOCKED
    assert disclosure.blocked_reason == str(_("The main facts involve trade secrets."))


# --------------------------------------------------------------------------------------
# R-PUB-06: withdrawal within 3 working days, public, audited


def test_revoked_decision_withdrawn_within_3_working_days_R_PUB_06(body_a, officers,
                                                                    clerk_user_a):
    case = decided(body_a, officers)
    disclosure = published(case, clerk_user_a, on=ago(28))
    marked = actions.mark_withdrawal_needed(case=case, grounds="revoked", on=ago(10))
    assert [d.pk for d in marked] == [disclosure.pk]
    disclosure.refresh_from_db()
    assert disclosure.withdrawal_due == add_workdays(ago(10), 3).date
    assert disclosure.withdrawal_grounds == "revoked"
    assert actions.is_overdue(disclosure)  # still up after its withdrawal date
    with clock.replaying(ago(9)):
        refused("R-PUB-06", actions.withdraw, acting_user=clerk_user_a,
                disclosure=disclosure, reason=" ", grounds="revoked")
        refused("R-PUB-06", actions.withdraw, acting_user=clerk_user_a,
                disclosure=disclosure, reason="复议撤销", grounds="whatever")
        disclosure = actions.withdraw(acting_user=clerk_user_a, disclosure=disclosure,
                                      reason="经行政复议，该决定被撤销。", grounds="revoked")
    assert disclosure.state == Disclosure.State.WITHDRAWN
    assert disclosure.withdrawn_on == ago(9)
    assert disclosure.withdrawal_reason == "经行政复议，该决定被撤销。"
    # The record stays, with its published text: the withdrawal notice is public.
    assert Disclosure.objects.filter(pk=disclosure.pk, masked_text__gt="").exists()
    event = LedgerEvent.objects.filter(kind=EventKind.DISCLOSURE_WITHDRAWN).latest("seq")
    assert "经行政复议" in event.payload and '"late":false' in event.payload
    refused("R-PUB-06", actions.withdraw, acting_user=clerk_user_a, disclosure=disclosure,
            reason="再次", grounds="revoked")


def test_withdrawal_without_earlier_notice_is_due_3_working_days_later_R_PUB_06(
        body_a, officers, clerk_user_a):
    disclosure = published(decided(body_a, officers), clerk_user_a, on=ago(28))
    with clock.replaying(ago(5)):
        disclosure = actions.withdraw(acting_user=clerk_user_a, disclosure=disclosure,
                                      reason="决定被变更。", grounds="changed")
    assert disclosure.withdrawal_due == add_workdays(ago(5), 3).date


# --------------------------------------------------------------------------------------
# R-PUB-07: periods, warning-only market regulation, early removal


def test_publication_periods_from_the_rulebook_R_PUB_07(body_a, officers, clerk_user_a):
    disclosure = published(decided(body_a, officers), clerk_user_a, on=ago(28))
    # 安全生产: at least one year, at most three.
    assert disclosure.removable_from == add_months(ago(28), 12)
    assert disclosure.public_until == add_months(ago(28), 36) - timedelta(days=1)
    RulebookEntry.objects.create(key="pub.long_min_fields", body=body_a, value=[],
                                 effective_from=date(2000, 1, 1))
    RulebookEntry.objects.create(key="pub.long_min_keywords", body=body_a, value=[],
                                 effective_from=date(2000, 1, 1))
    other = published(decided(body_a, officers), clerk_user_a, on=ago(28))
    assert other.removable_from == add_months(ago(28), 3)


def test_warning_only_in_market_regulation_not_published_R_PUB_07(body_b, officer_b1):
    second = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    case = make_case(body_b, [officer_b1, second], procedure="penalty_simple", days_ago=3,
                     field_code="SCJG", title="未在经营场所显著位置悬挂营业执照案")
    step(case, "decide_on_spot", on=ago(3), data={"decided_kinds": ["warning"],
                                                  "place": "当事人经营场所"})
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.state == Disclosure.State.NOT_PUBLISHED
    assert disclosure.blocked_reason


def test_early_removal_only_after_minimum_with_commitment_R_PUB_07(body_a, officers,
                                                                   clerk_user_a):
    RulebookEntry.objects.create(key="pub.penalty_min_months_long", body=body_a, value=1,
                                 effective_from=date(2000, 1, 1))
    case = decided(body_a, officers, decide_on=80)
    disclosure = published(case, clerk_user_a, on=ago(79))
    assert disclosure.removable_from == add_months(ago(79), 1)
    with clock.replaying(disclosure.removable_from - timedelta(days=1)):
        refused("R-PUB-07", actions.early_removal, acting_user=clerk_user_a,
                disclosure=disclosure, performed=True, commitment="本单位承诺依法经营。")
    with clock.replaying(ago(1)):
        refused("R-PUB-07", actions.early_removal, acting_user=clerk_user_a,
                disclosure=disclosure, performed=False, commitment="承诺")
        refused("R-PUB-07", actions.early_removal, acting_user=clerk_user_a,
                disclosure=disclosure, performed=True, commitment="  ")
        disclosure = actions.early_removal(acting_user=clerk_user_a, disclosure=disclosure,
                                           performed=True,
                                           commitment="本单位已缴清罚款，承诺今后依法经营。")
    assert disclosure.state == Disclosure.State.REMOVED and disclosure.removed_on == ago(1)
    assert disclosure.performed and "承诺" in disclosure.commitment
    assert kinds_logged(disclosure)[-1] == EventKind.DISCLOSURE_REMOVED


def test_removed_at_the_end_of_the_maximum_period_R_PUB_07(body_a, officers, clerk_user_a):
    for key in ("pub.penalty_min_months_long", "pub.penalty_max_months"):
        RulebookEntry.objects.create(key=key, body=body_a, value=1,
                                     effective_from=date(2000, 1, 1))
    disclosure = published(decided(body_a, officers, decide_on=80), clerk_user_a,
                           on=ago(79))
    assert disclosure.public_until == add_months(ago(79), 1) - timedelta(days=1)
    assert actions.remove_expired(disclosure.public_until) == 0
    # 00:30 in Beijing on the day after the last day is still the evening before in UTC:
    # the period has ended all the same (the worker passes the moment it runs).
    the_day_after = disclosure.public_until + timedelta(days=1)
    half_past_midnight = datetime(the_day_after.year, the_day_after.month,
                                  the_day_after.day, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert half_past_midnight.astimezone(UTC).date() == disclosure.public_until
    assert actions.remove_expired(half_past_midnight) == 1
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.REMOVED
    assert kinds_logged(disclosure)[-1] == EventKind.DISCLOSURE_REMOVED
    assert actions.remove_expired() == 0
