"""R-CASE-15 as a property: whatever order facts are entered in, nothing out of order is
accepted. Hypothesis draws dates for each act (many of them before what they depend on);
the actions take the lawful ones and refuse the rest, and what was stored is always in order.
"""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.cases import actions
from sanxiang.cases.models import Milestone
from sanxiang.core.errors import RuleViolation
from sanxiang.records.actions import store_evidence_file

from .engine_helpers import OPENING_APPROVAL, ago, prepare, step
from .factories import make_case

pytestmark = pytest.mark.django_db

SLOW = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
days = st.integers(min_value=-2, max_value=70)  # days ago; negative: in the future


def _try(call, *args, **kwargs) -> bool:
    try:
        call(*args, **kwargs)
    except RuleViolation:
        return False
    return True


@SLOW
@given(approve=days, investigate=days, report=days, issued=days, served=days)
def test_random_order_of_facts_never_stored_out_of_order_R_CASE_15(
        officer_a1, officer_a2, body_a, approve, investigate, report, issued, served):
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=60)
    plan = [
        ("open", approve, {**OPENING_APPROVAL}, "investigate"),
        ("investigate", investigate, {"summary": "现场检查"}, "investigation_report"),
        ("investigation_report", report, {"proposed_kinds": ["fine"],
                                          "proposed_fine": "5000", "summary": "建议罚款"},
         "notify"),
    ]
    for code, back, data, to in plan:
        if back < 0 or not _try(step, case, code, on=ago(back), to=to, data=data):
            break
    else:
        if issued >= 0 and _try(prepare, case, "notify", on=ago(issued)):
            _try(step, case, "notify", on=ago(min(issued, served) if served >= 0 else issued),
                 to="statement", prepare_first=False,
                 data={"notified_kinds": ["fine"], "notified_fine": "5000",
                       "served_on": ago(served)})
    case.refresh_from_db()
    today = timezone.localdate()
    records = list(case.steps.order_by("seq"))
    dates = [r.done_on for r in records]
    assert dates == sorted(dates)
    assert all(case.opened_on <= d <= today for d in dates)
    for m in Milestone.objects.filter(case=case):
        assert case.opened_on <= m.on <= today
    notice = case.documents.filter(doc_type="penalty_prior_notice").first()
    served_row = case.milestones.filter(event="prior_notice_served").first()
    if served_row is not None:
        assert notice is not None and served_row.on >= notice.issued_on


@SLOW
@given(start_hours_ago=st.integers(min_value=-30, max_value=24 * 40),
       length_minutes=st.integers(min_value=-30, max_value=180))
def test_random_capture_times_never_stored_out_of_order_R_CASE_15(
        officer_a1, officer_a2, body_a, start_hours_ago, length_minutes):
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=20)
    start = timezone.now() - timedelta(hours=start_hours_ago)
    stored = _try(store_evidence_file, acting_user=None, case=case,
                  path_or_bytes=b"\x00\x00\x00\x18ftypmp42" + bytes(64), filename="a.mp4",
                  content_type="video/mp4",
                  metadata={"step": "investigate", "kind": "video", "title": "执法记录仪视频",
                            "proves": "现场检查经过", "captured_from": start,
                            "captured_to": start + timedelta(minutes=length_minutes),
                            "place": "车间", "captured_by": officer_a1.pk,
                            "device": "执法记录仪 #1"})
    began = datetime.combine(min(case.opened_on, case.discovered_on), time.min)
    lawful = (length_minutes >= 0 and start + timedelta(minutes=length_minutes)
              <= timezone.now() and timezone.localtime(start).replace(tzinfo=None) >= began)
    assert stored == lawful
    for evidence in case.evidence.all():
        assert evidence.captured_from <= evidence.captured_to <= evidence.uploaded_at


@SLOW
@given(first=days, length=st.integers(min_value=-5, max_value=20))
def test_random_excluded_periods_stay_within_the_case_R_CASE_15(
        officer_a1, officer_a2, body_a, first, length):
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=30)
    start = ago(first)
    last = start + timedelta(days=length)
    _try(actions.start_excluded_period, acting_user=None, case=case, kind="testing",
         first=start, last=last, reason="委托检验", cause="检验报告 JC-1")
    for period in case.excluded_periods.all():
        assert case.opened_on <= period.first <= period.last <= timezone.localdate()
