"""The rules a step's guards name, one check per REQUIREMENTS.md ID.

``check_step`` runs every guard the workflow lists for a step, then the document and
audio-video requirements every step has. A failed check raises ``RuleViolation`` with the
rule's ID and a Chinese message saying which rule and why — the officer sees it as is.
Checks read recorded facts only (steps, milestones, documents, evidence), never a view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from sanxiang.calendar import workdays
from sanxiang.calendar.workdays import format_date
from sanxiang.cases import deadlines
from sanxiang.cases.models import Case, Document, Recusal
from sanxiang.cases.review_policy import case_facts, review_required_for
from sanxiang.cases.workflows import DEFAULT_CONDITIONS, DOCUMENT_TYPES, Recording, Step
from sanxiang.catalog.models import Catalogue, PartyKind, PenaltyKind, RecordingRequirement
from sanxiang.catalog.queries import current_version, entries_of
from sanxiang.core import rulebook
from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_id
from sanxiang.org.qualification import require_qualified, require_two_officers

# Penalties that give the party a right to a hearing whatever the amount (处罚法 63).
HEARING_KINDS = frozenset({
    PenaltyKind.CONFISCATE_PROPERTY, PenaltyKind.DOWNGRADE, PenaltyKind.REVOKE_LICENCE,
    PenaltyKind.SUSPEND_BUSINESS, PenaltyKind.CLOSE, PenaltyKind.BAN_PRACTICE,
    PenaltyKind.RESTRICT_BUSINESS, PenaltyKind.CONFISCATE_GAINS,
})
SIMPLE_KINDS = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})


@dataclass
class Context:
    case: Case
    step: Step
    to: str | None
    done_on: date
    data: dict
    officers: list
    user: object = None
    cache: dict = field(default_factory=dict)

    def records(self, step_code: str):
        return [r for r in self.all_records() if r.step == step_code]

    def all_records(self):
        if "records" not in self.cache:
            self.cache["records"] = list(self.case.steps.order_by("seq"))
        return self.cache["records"]

    def milestone(self, event: str) -> date | None:
        row = self.case.milestones.filter(event=event).order_by("-on", "-id").first()
        return row.on if row else None


def fail(rule: str, message: str, **details):
    raise RuleViolation(rule, message, **details)


def _yuan(amount) -> str:
    return f"{Decimal(amount):,.2f} 元"


def _party_is_person(case: Case) -> bool:
    party = case.parties.first()
    return party is not None and party.kind == PartyKind.NATURAL_PERSON


# --------------------------------------------------------------------------------------
# Officers (R-ORG-03, R-ORG-04) and recusal (R-CASE-09)


def check_officers(officers, *, field_code: str, on: date, body, minimum) -> None:
    if "R-ORG-04" in minimum:
        require_two_officers(officers, category_code=field_code, on=on, body=body)
    else:
        require_qualified(officers, category_code=field_code, on=on)


def _recusal(ctx: Context) -> None:
    pending = Recusal.objects.filter(case=ctx.case, outcome=Recusal.Outcome.PENDING,
                                     officer__in=ctx.officers).select_related("officer")
    names = [r.officer.name for r in pending]
    if names:
        fail("R-CASE-09", _("R-CASE-09 recusal: the application for %(names)s to withdraw "
                            "has not been decided by the head; the step waits for it.")
             % {"names": "、".join(names)})


# --------------------------------------------------------------------------------------
# Limitation (R-CASE-07)


def check_limitation(*, violation_on, discovered_on, opened_on, serious_harm, body) -> None:
    if violation_on is None or discovered_on is None:
        fail("R-CASE-07", _("R-CASE-07 limitation: record when the violation ended and when "
                            "it was discovered."), field="violation_on")
    if discovered_on < violation_on:
        fail("R-CASE-07", _("The violation cannot have been discovered before it happened."),
             field="discovered_on")
    if discovered_on > opened_on:
        fail("R-CASE-07", _("The case cannot be opened before the violation was discovered."),
             field="discovered_on")
    key = "case.limitation_years_serious" if serious_harm else "case.limitation_years"
    years = int(rulebook.get(key, body=body, on=opened_on))
    try:
        limit = violation_on.replace(year=violation_on.year + years)
    except ValueError:  # 29 February
        limit = violation_on.replace(year=violation_on.year + years, day=28)
    if discovered_on > limit:
        fail("R-CASE-07", _(
            "R-CASE-07 limitation: the violation ended on %(end)s and was discovered on "
            "%(found)s, more than %(years)d years later (Administrative Penalty Law, art. "
            "36); no penalty case may be opened.") % {
            "end": format_date(violation_on), "found": format_date(discovered_on),
            "years": years}, field="discovered_on")


# --------------------------------------------------------------------------------------
# Transitions: which way on, and which conditions the platform decides itself


def hearing_eligible(case: Case, kinds, fine) -> bool:
    if set(kinds) & HEARING_KINDS:
        return True
    if fine is None:
        return False
    key = "case.hearing_fine_person" if _party_is_person(case) else "case.hearing_fine_org"
    return Decimal(fine) >= Decimal(str(rulebook.get(key, body=case.body)))


def review_criteria(case: Case, on: date | None = None) -> list:
    """The review catalogue's criteria the case matches (R-REV-01); empty: none needed."""
    return review_required_for(case, on=on)


# 处罚法 57: 情节复杂或者重大违法行为 → the heads discuss collectively; the officer may add a
# case (DISCUSSION_REQUESTED), never take one off the list (R-CASE-17).
DISCUSSION_FLAGS = frozenset({"complex", "serious"})
DISCUSSION_REQUESTED = "discussion_requested"


def discussion_criteria(case: Case, on: date | None = None, *, kinds=None, fine=None) -> list:
    """Why the case must be discussed collectively: the statutory circumstances flagged on
    the case, the officer's request, and the criteria of the body's published list
    (R-CASE-17) its facts match. Empty: no discussion is required."""
    from sanxiang.catalog.review import StatutoryCriterion
    from sanxiang.catalog.review import discussion_required as listed

    flags = set(case.flags or ())
    found = [StatutoryCriterion(_("Complex circumstances or a serious violation "
                                  "(Administrative Penalty Law, art. 57)"))
             ] if flags & DISCUSSION_FLAGS else []
    if DISCUSSION_REQUESTED in flags:
        found.append(StatutoryCriterion(_("Put forward for collective discussion by the "
                                          "handling officers")))
    return found + listed(case.body, case_facts(case, kinds=kinds, fine=fine), on=on)


def discussion_required(case: Case, on: date | None = None) -> bool:
    """Collective discussion before the decision (R-REV-08, R-CASE-17)."""
    return bool(discussion_criteria(case, on))


def review_passed(case: Case) -> bool:
    """R-REV-02: the latest decided review round passed, and the case has not gone back to
    investigation since (a return voids the review: the facts may have changed)."""
    from sanxiang.review.models import Submission

    latest = (Submission.objects.filter(case=case, state=Submission.State.DECIDED)
              .select_related("step_record").order_by("-round").first())
    if (latest is None or latest.outcome != Submission.Outcome.PASSED
            or latest.step_record is None):
        return False
    return not case.steps.filter(step="investigate", seq__gt=latest.step_record.seq).exists()


def _computed(ctx: Context, condition: str) -> bool | None:
    """The value of a condition the platform decides; None for the officer's choice."""
    case = ctx.case
    if condition in ("hearing_eligible", "hearing_not_eligible"):
        eligible = hearing_eligible(case, ctx.data.get("notified_kinds", ()),
                                    ctx.data.get("notified_fine"))
        return eligible == (condition == "hearing_eligible")
    if condition in ("review_required", "discussion_required", "no_review_required",
                     "no_discussion_required"):
        discuss = (ctx.step.code != "collective_discussion" and discussion_required(case)
                   and not ctx.records("collective_discussion"))
        if ctx.step.code == "legal_review":
            # This step is the review: the way on follows its outcome (review.actions).
            outcome, answer = ctx.data.get("review_outcome"), ctx.data.get("answer")
            disputed = outcome == "rejected" and answer == "disagreed"
            return {"review_required": False,
                    "discussion_required": (outcome == "passed" and discuss) or disputed,
                    "no_review_required": outcome == "passed" and not discuss,
                    "no_discussion_required": outcome == "passed" and not discuss}[condition]
        review = bool(review_criteria(case, ctx.done_on)) and not review_passed(case)
        return {"review_required": review,
                "discussion_required": discuss and not review,
                "no_review_required": not review and not discuss,
                "no_discussion_required": not discuss}[condition]
    if condition in ("execution_required", "nothing_to_execute"):
        owed = bool(case.decided_fine or case.confiscated) and case.procedure != "licence"
        return owed == (condition == "execution_required")
    if condition == "review_returned":
        return (ctx.data.get("review_outcome") in ("revise", "rejected")
                and ctx.data.get("answer") == "accepted")
    return None


def check_transition(ctx: Context) -> str:
    """Check the way on from the step and return the condition it was taken under."""
    transitions = ctx.step.next
    if not ctx.to:
        holding = [t for t in transitions if t.condition and _computed(ctx, t.condition)]
        usual = [t for t in transitions if t.condition in DEFAULT_CONDITIONS]
        if len(transitions) == 1:
            ctx.to = transitions[0].to
        elif len(holding) == 1:
            ctx.to = holding[0].to
        elif usual:
            ctx.to = usual[0].to
        else:
            fail("R-CASE-02", _("Choose what comes next."), field="to")
    chosen = next((t for t in transitions if t.to == ctx.to), None)
    if chosen is None:
        fail("R-CASE-02", _("R-CASE-02 procedure: “%(next)s” cannot follow “%(step)s”.") % {
            "next": ctx.to, "step": ctx.step.name})
    if chosen.condition:
        value = _computed(ctx, chosen.condition)
        if value is False:
            right = [t for t in transitions if t.condition and _computed(ctx, t.condition)]
            hint = (_(" The case must go to “%(step)s”.") % {
                "step": ctx.case.workflow.step(right[0].to).name}) if right else ""
            # The rule at fault is the one that demands the other way (review, discussion).
            rule = _rule_of(right[0].condition if right else chosen.condition)
            fail(rule, _(
                "%(rule)s: the condition “%(condition)s” does not hold for this case.%(hint)s")
                % {"rule": rule, "condition": chosen.condition_label, "hint": hint})
    return chosen.condition or ""


def _rule_of(condition: str) -> str:
    if condition.startswith("hearing"):
        return "R-CASE-04"
    if "review" in condition:
        return "R-REV-02"
    if "discussion" in condition:
        return "R-REV-08"
    return "R-CASE-02"


# --------------------------------------------------------------------------------------
# Penalty procedure rules


def _prior_notice(ctx: Context) -> None:
    """R-CASE-03 at the decision: notice served, statement period over or waived, and the
    penalty no heavier than notified."""
    if ctx.step.code == "notify":
        return
    served = ctx.milestone("prior_notice_served")
    if served is None:
        fail("R-CASE-03", _("R-CASE-03 prior notice: the prior notice of the penalty has not "
                            "been served; no decision may be made (Administrative Penalty "
                            "Law, arts. 44-45)."))
    statements = ctx.records("statement")
    waived = any(r.data.get("waived") for r in statements)
    period = deadlines.deadline(ctx.case, "statement", "R-CASE-03")
    if not waived and period is not None and ctx.done_on <= period.due:
        fail("R-CASE-03", _(
            "R-CASE-03 prior notice: the party may state and defend until %(due)s and has not "
            "waived that right; the decision may be made from the next day.") % {
            "due": format_date(period.due)}, explanation=period.explanation())
    decided_kinds = set(ctx.data.get("decided_kinds") or ())
    notified_kinds = set(ctx.case.notified_kinds or ())
    heavier = decided_kinds - notified_kinds - {PenaltyKind.WARNING}
    if heavier:
        fail("R-CASE-03", _("R-CASE-03: the decision adds penalties that were not notified "
                            "(%(kinds)s); notify the party again first.") % {
            "kinds": "、".join(str(PenaltyKind(k).label) for k in sorted(heavier))})
    fine, notified = ctx.data.get("decided_fine"), ctx.case.notified_fine
    if fine is not None and (notified is None or fine > notified):
        fail("R-CASE-03", _("R-CASE-03: the fine decided (%(fine)s) is heavier than the fine "
                            "notified (%(notified)s); notify the party again first.") % {
            "fine": _yuan(fine), "notified": _yuan(notified or 0)})
    _confiscation_notified(ctx)


def _confiscation_notified(ctx: Context) -> None:
    """R-CASE-03: confiscations no heavier than the latest prior notice stated them — the
    illegal gains by amount, the property by its value and only where a property was
    notified."""
    notices = ctx.records("notify")
    notice = notices[-1].data if notices else {}
    checks = (
        ("confiscated", "notified_gains", _("the illegal gains confiscated")),
        ("confiscated_property_value", "notified_property_value",
         _("the value of the property confiscated")),
    )
    for decided_key, notified_key, what in checks:
        decided = ctx.data.get(decided_key)
        if not decided:
            continue
        notified = notice.get(notified_key)
        notified = Decimal(str(notified)) if notified not in (None, "") else None
        if notified is None or Decimal(decided) > notified:
            fail("R-CASE-03", _("R-CASE-03: %(what)s (%(decided)s) is heavier than the prior "
                                "notice stated (%(notified)s); notify the party again first.")
                 % {"what": what, "decided": _yuan(decided), "notified": _yuan(notified or 0)},
                 field=decided_key)
    if (ctx.data.get("confiscated_property") or "").strip() and not (
            notice.get("notified_property") or "").strip():
        fail("R-CASE-03", _("R-CASE-03: the prior notice did not state any property to be "
                            "confiscated; notify the party again first."),
             field="confiscated_property")


def _hearing(ctx: Context) -> None:
    """R-CASE-04 at each hearing step and at the decision."""
    code = ctx.step.code
    if code == "hearing_offer":
        if ctx.to == "statement":
            _hearing_not_requested(ctx)
        return
    if code == "hearing_request":
        period = deadlines.deadline(ctx.case, "hearing_request", "R-CASE-04")
        requested = ctx.data.get("requested_on")
        if period is not None and requested and requested > period.due:
            fail("R-CASE-04", _("R-CASE-04 hearing: the request of %(on)s came after the "
                                "period ended on %(due)s; the party is taken to have waived "
                                "the hearing.") % {"on": format_date(requested),
                                                    "due": format_date(period.due)},
                 explanation=period.explanation())
        return
    if code == "hearing_notice":
        served, held = ctx.data.get("served_on"), ctx.data.get("hearing_on")
        if served and held:
            earliest = workdays.add_workdays(served, int(rulebook.get(
                "case.hearing_notice_workdays", body=ctx.case.body, on=served)),
                rule="R-CASE-04")
            if held < earliest.date:
                fail("R-CASE-04", _("R-CASE-04 hearing: the party must be notified %(n)s "
                                    "working days ahead; with notice served on %(served)s the "
                                    "hearing can be held on %(earliest)s at the earliest.") % {
                    "n": rulebook.get("case.hearing_notice_workdays", body=ctx.case.body),
                    "served": format_date(served), "earliest": format_date(earliest.date)},
                    explanation=workdays.explain(earliest))
        _chair_not_investigator(ctx)
        return
    if code == "hearing":
        notice = ctx.records("hearing_notice")
        if notice:
            planned = date.fromisoformat(notice[-1].data["hearing_on"])
            if ctx.done_on < planned:
                fail("R-CASE-04", _("R-CASE-04 hearing: the hearing was noticed for %(date)s "
                                    "and cannot be held earlier.") % {
                    "date": format_date(planned)})
        _chair_not_investigator(ctx)
        return
    # At the decision: a requested hearing must have been held.
    if ctx.records("hearing_request") and not ctx.records("hearing"):
        fail("R-CASE-04", _("R-CASE-04 hearing: the party requested a hearing and it has not "
                            "been held; no decision may be made before it."))


def _hearing_not_requested(ctx: Context) -> None:
    """"No hearing requested" is a fact only once the request window has passed, or with
    the party's written waiver on record (处罚法 63-64)."""
    served = ctx.data.get("served_on")
    if served is None:
        return
    if ctx.data.get("waived_in_writing"):
        waived = ctx.data.get("waived_on")
        if waived is None:
            fail("R-CASE-04", _("Record the date of the party's written waiver."),
                 field="waived_on")
        if not served <= waived <= ctx.done_on:
            fail("R-CASE-15", _("The written waiver must be dated between the service of the "
                                "hearing notification (%(served)s) and this step.") % {
                "served": format_date(served)}, field="waived_on")
        return
    workdays_ = int(rulebook.get("case.hearing_request_workdays", body=ctx.case.body,
                                 on=served))
    window = workdays.add_workdays(served, workdays_, rule="R-CASE-04")
    if ctx.done_on <= window.date:
        fail("R-CASE-04", _(
            "R-CASE-04 hearing: the party may ask for a hearing until %(due)s; until then "
            "“no hearing requested” can only be recorded with the party's written waiver.") % {
            "due": format_date(window.date)}, explanation=workdays.explain(window),
            field="waived_in_writing")


def _chair_not_investigator(ctx: Context) -> None:
    chair = ctx.data.get("chair")
    if chair is None:
        return
    investigators = {o.pk for r in ctx.records("investigate") for o in r.officers.all()}
    investigators |= set(ctx.case.case_officers.values_list("officer_id", flat=True))
    if chair.pk in investigators:
        fail("R-CASE-04", _("R-CASE-04 hearing: %(name)s investigated this case and cannot "
                            "chair its hearing (Administrative Penalty Law, art. 64).") % {
            "name": chair.name}, field="chair")


def opening_due(case: Case) -> workdays.DeadlineResult | None:
    """The last day the head may approve the 立案 (R-CASE-13): the sector's period from
    discovery, plus an approved extension."""
    if case.discovered_on is None:
        return None
    days = int(rulebook.get("case.opening_days", body=case.body, on=case.discovered_on))
    extra = sum(e.amount for e in case.extensions.filter(rule="R-CASE-13"))
    return workdays.add_days(case.discovered_on, days + extra, rule="R-CASE-13")


def _opening(ctx: Context) -> None:
    """R-CASE-13: the head approves (or refuses) the 立案 on the 立案审批表, within the
    sector's period from discovery (处罚法 54)."""
    if ctx.step.code != "open" or ctx.to != "investigate":
        return
    due = opening_due(ctx.case)
    if due is not None and ctx.done_on > due.date:
        days = rulebook.get("case.opening_days", body=ctx.case.body)
        fail("R-CASE-13", _(
            "R-CASE-13 opening: the violation was discovered on %(found)s; the case had to be "
            "approved within %(days)s days, by %(due)s (Administrative Penalty Law, art. 54). "
            "Record the head's approved extension first.") % {
            "found": format_date(ctx.case.discovered_on), "days": days,
            "due": format_date(due.date)}, explanation=workdays.explain(due))


def _decision_time(ctx: Context) -> None:
    period = deadlines.deadline(ctx.case, ctx.step.code, "R-CASE-05")
    if period is not None and ctx.done_on > period.due:
        fail("R-CASE-05", _("R-CASE-05 time limit: the decision was due by %(due)s (%(days)s "
                            "days from the opening of the case, excluded periods not counted)."
                            " Record an approved extension first.") % {
            "due": format_date(period.due),
            "days": rulebook.get("case.decision_days", body=ctx.case.body)},
             explanation=period.explanation())


def _review_gate(ctx: Context) -> None:
    """R-REV-02: a major decision waits until its legal review has passed (处罚法 58). A
    collective discussion never stands in for a passed review."""
    criteria = review_required_for(ctx.case, kinds=ctx.data.get("decided_kinds"),
                                   fine=ctx.data.get("decided_fine"), on=ctx.done_on)
    if criteria and not review_passed(ctx.case):
        fail("R-REV-02", _("R-REV-02 legal review: this decision matches the body's review "
                           "catalogue (%(criteria)s) and no legal review has passed; it cannot "
                           "be made yet.") % {"criteria": "；".join(str(c) for c in criteria)},
             criteria=[str(c) for c in criteria])


def _review_step(ctx: Context) -> None:
    """The legal_review step is recorded from a decided review round only (review.actions):
    its outcome is the reviewer's opinion, never a value typed into a step form (R-REV-02),
    and the reviewer was never an officer on the case (R-REV-03)."""
    if ctx.step.code != "legal_review":
        return
    from sanxiang.review.models import Submission

    ident = str(ctx.data.get("submission") or "")
    submission = (Submission.objects.filter(case=ctx.case, pk=parse_id(ident)).first()
                  if parse_id(ident) is not None else None)
    if (submission is None or submission.state != Submission.State.DECIDED
            or submission.step_record_id is not None
            or submission.outcome != ctx.data.get("review_outcome")
            or submission.outcome == Submission.Outcome.REVISE
            or (submission.outcome == Submission.Outcome.REJECTED
                and submission.answer != ctx.data.get("answer"))
            or (submission.outcome == Submission.Outcome.REJECTED and not submission.answer)):
        fail("R-REV-02", _("R-REV-02 legal review: the review step is completed by the "
                           "reviewer's decided opinion (and, after a refusal, the handling "
                           "unit's answer) on the review page; it cannot be recorded "
                           "directly."))
    reviewer = submission.reviewer
    if reviewer is not None and reviewer.officer_id and ctx.case.case_officers.filter(
            officer_id=reviewer.officer_id).exists():
        fail("R-REV-03", _("R-REV-03: the reviewer %(name)s is an officer on this case.") % {
            "name": reviewer.get_full_name() or reviewer.username})


def _discussion_step(ctx: Context) -> None:
    """The collective_discussion step is recorded from a filed discussion record only
    (review.actions.record_discussion): attendees, each opinion and the conclusion, with its
    集体讨论笔录 (R-REV-08)."""
    if ctx.step.code != "collective_discussion":
        return
    from sanxiang.review.models import Discussion

    ident = str(ctx.data.get("discussion") or "")
    if not (parse_id(ident) is not None and Discussion.objects.filter(
            case=ctx.case, pk=parse_id(ident), step_record__isnull=True).exists()):
        fail("R-REV-08", _("R-REV-08 collective discussion: record the discussion (attendees, "
                           "each opinion, the conclusion) on the discussion page; the step "
                           "cannot be recorded directly."))


def _discussion_gate(ctx: Context) -> None:
    if discussion_required(ctx.case) and not ctx.records("collective_discussion"):
        fail("R-REV-08", _("R-REV-08 collective discussion: the case is marked complex or "
                           "serious and has not been discussed collectively; the heads must "
                           "discuss it before the decision."))


def _service(ctx: Context) -> None:
    served = ctx.data.get("served_on")
    if served is None:
        return
    decided = ctx.case.decided_on
    if decided is not None and served < decided:
        fail("R-CASE-06", _("The decision cannot be served before it was made (%(date)s).")
             % {"date": format_date(decided)}, field="served_on")
    period = deadlines.deadline(ctx.case, ctx.step.code, "R-CASE-06")
    if period is not None and served > period.due:
        fail("R-CASE-06", _("R-CASE-06 service: the decision had to be served by %(due)s "
                            "(%(n)s working days after it was made).") % {
            "due": format_date(period.due),
            "n": rulebook.get("case.service_workdays", body=ctx.case.body)},
             explanation=period.explanation())
    if ctx.data.get("method") == "electronic" and not ctx.case.parties.filter(
            electronic_service_consent=True).exists():
        fail("R-CASE-06", _("R-CASE-06 service: electronic service needs the party's "
                                "signed consent, which is not on record."), field="method")


def surcharge(case: Case, paid_on: date) -> tuple[Decimal, int]:
    """Late-payment surcharge (R-CASE-12): 3% of the fine a day after the due date, capped
    at the fine. Returns (amount, days late)."""
    fine = case.decided_fine or Decimal("0")
    served = case.milestones.filter(event="decision_served").order_by("-on").first()
    if not fine or served is None:
        return Decimal("0"), 0
    due = workdays.add_days(served.on, int(rulebook.get("case.payment_days",
                                                        body=case.body))).date
    late = max(0, (paid_on - due).days)
    rate = Decimal(int(rulebook.get("case.late_payment_rate_permille", body=case.body)))
    amount = min(fine * rate / 1000 * late, fine).quantize(Decimal("0.01"))
    return amount, late


def _payment(ctx: Context) -> None:
    paid_on, paid = ctx.data.get("paid_on"), ctx.data.get("paid_amount")
    fine = ctx.case.decided_fine or Decimal("0")
    if not fine:
        return
    if paid_on is None:
        if not ctx.data.get("enforcement_applied"):
            fail("R-CASE-12", _("R-CASE-12 payment: record the payment, or that compulsory "
                                "enforcement was applied for."), field="paid_on")
        return
    extra, late = surcharge(ctx.case, paid_on)
    owed = fine + extra
    ctx.data["surcharge"] = extra
    if paid is None or paid < owed:
        fail("R-CASE-12", _("R-CASE-12 payment: %(owed)s is owed (fine %(fine)s plus a "
                            "late-payment surcharge of %(extra)s for %(days)s days late); "
                            "%(paid)s is recorded.") % {
            "owed": _yuan(owed), "fine": _yuan(fine), "extra": _yuan(extra), "days": late,
            "paid": _yuan(paid or 0)}, field="paid_amount")


def _collection(ctx: Context) -> None:
    """R-CASE-14 罚缴分离 (处罚法 67-71): where the fine was paid, with the receipt; an officer
    collects on the spot only where the law allows, with the official receipt, and hands the
    money in within the set days (late hand-ins are flagged, not hidden)."""
    paid_on = ctx.data.get("paid_on")
    if paid_on is None:
        return
    decided = ctx.case.decided_on
    if decided is not None and paid_on < decided:
        fail("R-CASE-15", _("The fine cannot have been paid before the decision (%(date)s).")
             % {"date": format_date(decided)}, field="paid_on")
    channel = ctx.data.get("payment_channel")
    if not channel:
        fail("R-CASE-14", _("R-CASE-14: record where the fine was paid: the designated bank, "
                            "an electronic channel, or collection on the spot."),
             field="payment_channel")
    if channel != "on_spot":
        for name, label in (("collected_by", _("the collecting bank or channel")),
                            ("receipt_number", _("the receipt number"))):
            if not (ctx.data.get(name) or "").strip():
                fail("R-CASE-14", _("R-CASE-14: record %(what)s of the payment.") % {
                    "what": label}, field=name)
        return
    ground = ctx.data.get("on_spot_ground")
    limit = Decimal(str(rulebook.get("case.on_spot_collection_limit", body=ctx.case.body)))
    fine = ctx.case.decided_fine or Decimal("0")
    if ground == "small_amount":
        if ctx.case.procedure != "penalty_simple" or fine > limit:
            fail("R-CASE-14", _("R-CASE-14: only a fine of at most %(limit)s decided on the "
                                "spot may be collected on the spot for its small amount "
                                "(Administrative Penalty Law, art. 68).") % {
                "limit": _yuan(limit)}, field="on_spot_ground")
    elif ground == "hard_to_pay":
        if not (ctx.data.get("on_spot_reason") or "").strip():
            fail("R-CASE-14", _("R-CASE-14: say why paying at the bank later would be truly "
                                "hard (remote, water or traffic area)."),
                 field="on_spot_reason")
    else:
        fail("R-CASE-14", _("R-CASE-14: fines are paid to the designated bank; an officer "
                            "may collect on the spot only a fine of at most %(limit)s or where "
                            "paying later is truly hard, and must say which "
                            "(Administrative Penalty Law, arts. 67-69).") % {
            "limit": _yuan(limit)}, field="on_spot_ground")
    if not (ctx.data.get("bill_number") or "").strip():
        fail("R-CASE-14", _("R-CASE-14: record the number of the official fine receipt "
                            "issued by the province's finance department."),
             field="bill_number")
    handed = ctx.data.get("handed_in_on")
    if handed is None:
        fail("R-CASE-14", _("R-CASE-14: record when the money was handed in to the body."),
             field="handed_in_on")
    if handed < paid_on:
        fail("R-CASE-15", _("The money cannot be handed in before it was collected."),
             field="handed_in_on")
    days = int(rulebook.get("case.hand_in_days", body=ctx.case.body, on=paid_on))
    ctx.data["hand_in_late"] = handed > workdays.add_days(paid_on, days).date


def _leniency(ctx: Context) -> None:
    if not (ctx.data.get("education") or "").strip():
        fail("R-CASE-08", _("R-CASE-08: record the education given to the party."),
             field="education")


def _simple(ctx: Context) -> None:
    """R-CASE-01: on-the-spot penalties only within the simple procedure's limits."""
    if ctx.step.code != "decide_on_spot":
        return
    kinds = set(ctx.data.get("decided_kinds") or ())
    if kinds - SIMPLE_KINDS:
        fail("R-CASE-01", _("R-CASE-01 simple procedure: on the spot only a warning or a fine "
                            "may be imposed; use the general procedure."))
    fine = ctx.data.get("decided_fine")
    person = _party_is_person(ctx.case)
    limit = Decimal(str(rulebook.get("simple.fine_limit_person" if person
                                     else "simple.fine_limit_org", body=ctx.case.body)))
    if fine is not None and fine > limit:
        fail("R-CASE-01", _("R-CASE-01 simple procedure: an on-the-spot fine on %(whom)s may "
                            "not exceed %(limit)s (Administrative Penalty Law, art. 51); "
                            "use the general procedure.") % {
            "whom": _("a citizen") if person else _("an organisation"),
            "limit": _yuan(limit)}, field="decided_fine")
    if PenaltyKind.FINE in kinds and not fine:
        fail("R-CASE-01", _("Enter the amount of the fine."), field="decided_fine")


# --------------------------------------------------------------------------------------
# Compulsory measures (R-CASE-10) and licences (R-CASE-11)

NIGHT_START, NIGHT_END = time(22, 0), time(6, 0)


def _coercion(ctx: Context) -> None:
    code = ctx.step.code
    case = ctx.case
    if code in ("extend", "extend_freezing"):
        if case.steps.filter(step=code).exists():
            fail("R-CASE-10", _("R-CASE-10: a seizure may be extended only once."))
        if not case.extensions.filter(rule="R-CASE-10", step=code).exists():
            fail("R-CASE-10", _("R-CASE-10: record the head's approval of the extension, with "
                                "written reasons, first."))
    if code == "serve_freezing":
        period = deadlines.deadline(case, code, "R-CASE-10")
        served = ctx.data.get("served_on")
        if period is not None and served is not None and served > period.due:
            fail("R-CASE-10", _("R-CASE-10: the freezing decision had to reach the party by "
                                "%(due)s (%(n)s days after the freezing, Administrative "
                                "Compulsion Law, art. 31).") % {
                "due": format_date(period.due),
                "n": rulebook.get("coercion.freezing_notice_days", body=case.body)},
                explanation=period.explanation(), field="served_on")
    if code in ("extend_freezing", "unfreeze"):
        end = measure_end(case, "freezing")
        if end is not None and ctx.done_on > end.date:
            fail("R-CASE-10", _("R-CASE-10: the freezing ended on %(end)s; it must be lifted "
                                "at once.") % {"end": format_date(end.date)},
                 explanation=workdays.explain(end))
    if code in ("release", "unfreeze"):
        _check_released_on(ctx, "seizure" if code == "release" else "freezing")
    if code in ("serve_seizure", "extend", "release"):
        started = ctx.milestone("seizure_started")
        if started is None:
            return
        days = int(rulebook.get("coercion.seizure_days", body=case.body, on=started))
        extended = sum(e.amount for e in case.extensions.filter(rule="R-CASE-10",
                                                                 step="extend"))
        periods = deadlines.excluded_periods(case, ("testing", "expert_review"))
        end = workdays.add_days(started, days + extended, rule="R-CASE-10", excluded=periods)
        if code == "release" and ctx.done_on > end.date:
            fail("R-CASE-10", _("R-CASE-10: the seizure ended on %(end)s; lifting it on "
                                "%(on)s is late. Record the reason with the head and lift it "
                                "at once.") % {"end": format_date(end.date),
                                                "on": format_date(ctx.done_on)},
                 explanation=workdays.explain(end))
    if code == "enforce":
        started = ctx.data.get("started_at")
        if started is None:
            return
        local = timezone.localtime(started)
        night = local.time() >= NIGHT_START or local.time() < NIGHT_END
        rest_day = workdays.is_workday(local.date()) is False
        if (night or rest_day) and not (ctx.data.get("urgent")
                                        and (ctx.data.get("urgent_reason") or "").strip()):
            fail("R-CASE-10", _("R-CASE-10: compulsory enforcement may not be carried out at "
                                "night or on a holiday unless it is urgent; record the "
                                "urgency and its reason (Administrative Compulsion Law, art. "
                                "43)."), field="urgent_reason")


def _check_released_on(ctx: Context, measure: str) -> None:
    """The day a lifting takes effect lies within the measure: not before it began
    (R-CASE-15), not after it ended (R-CASE-10, 强制法 28(四), 33(四): lifted at once)."""
    released = ctx.data.get("released_on")
    began = ctx.milestone(MEASURES[measure][0])
    if released is None or began is None:
        return
    if released < began:
        fail("R-CASE-15", _("R-CASE-15: the measure cannot be lifted before it began "
                            "(%(began)s).") % {"began": format_date(began)},
             field="released_on")
    end = measure_end(ctx.case, measure)
    if released > end.date:
        fail("R-CASE-10", _("R-CASE-10: the measure ended on %(end)s; it is lifted from that "
                            "day at the latest.") % {"end": format_date(end.date)},
             explanation=workdays.explain(end), field="released_on")


MEASURES = {  # measure → (start event, rulebook key of the period, extension step)
    "seizure": ("seizure_started", "coercion.seizure_days", "extend"),
    "freezing": ("freezing_started", "coercion.freezing_days", "extend_freezing"),
}


def measure_end(case: Case, measure: str, *, extended: bool = True):
    """The last day of a seizure or freezing (30 days, plus the one approved extension;
    testing and expert review not counted for a seizure)."""
    event, key, extension_step = MEASURES[measure]
    row = case.milestones.filter(event=event).order_by("-on", "-id").first()
    if row is None:
        return None
    days = int(rulebook.get(key, body=case.body, on=row.on))
    extra = sum(e.amount for e in case.extensions.filter(rule="R-CASE-10",
                                                         step=extension_step)) if extended else 0
    periods = (deadlines.excluded_periods(case, ("testing", "expert_review"))
               if measure == "seizure" else [])
    return workdays.add_days(row.on, days + extra, rule="R-CASE-10", excluded=periods)


def acceptance_date(case: Case, on: date) -> date:
    """受理 (R-CASE-11, R-CASE-16): the day the application is accepted — or, when the
    applicant was not told within the set working days what was missing, the day the
    (last) materials were received (许可法 32)."""
    received = case.milestones.filter(event="application_received").order_by("-on").first()
    supplemented = case.steps.filter(step="supplement").order_by("-seq").first()
    base = supplemented.done_on if supplemented else (received.on if received else None)
    if base is None:
        return on
    window = workdays.add_workdays(base, int(rulebook.get(
        "licence.correction_notice_workdays", body=case.body, on=base)), rule="R-CASE-11")
    return base if on > window.date else on


def _licence(ctx: Context) -> None:
    code = ctx.step.code
    case = ctx.case
    if code == "accept" and ctx.to == "supplement":
        if not (ctx.data.get("missing") or "").strip():
            fail("R-CASE-11", _("R-CASE-11: list every missing material, all at once."),
                 field="missing")
        period = deadlines.deadline(case, "accept", "R-CASE-11")
        if period is not None and ctx.done_on > period.due:
            fail("R-CASE-11", _("R-CASE-11: materials had to be requested by %(due)s; after "
                                "that the application counts as accepted on the day it was "
                                "received (Administrative Licensing Law, art. 32).") % {
                "due": format_date(period.due)}, explanation=period.explanation())
    if code in ("decide", "issue_certificate"):
        if code == "decide" and ctx.milestone("application_accepted") is None:
            return
        period = deadlines.deadline(case, code, "R-CASE-11")
        if period is not None and ctx.done_on > period.due:
            fail("R-CASE-11", _("R-CASE-11: this was due by %(due)s.") % {
                "due": format_date(period.due)}, explanation=period.explanation())


# --------------------------------------------------------------------------------------
# Documents and audio-video, for every step


def missing_documents(case: Case, step: Step) -> list[str]:
    issued = set(Document.objects.filter(case=case, step=step.code)
                 .values_list("doc_type", flat=True))
    return [code for code in step.documents if code not in issued]


def recording_level(case: Case, step: Step, data: dict | None = None) -> Recording:
    """The stronger of the workflow's default and the body's 音像记录事项清单 (R-REC-03)."""
    level = step.recording
    if step.recording_condition and level != Recording.NONE:
        applies = {
            "leaving_or_public_service": (data or {}).get("method") in ("leaving",
                                                                          "announcement"),
            "on_site_verification": bool((data or {}).get("on_site")),
        }.get(step.recording_condition, True)
        if not applies:
            level = Recording.NONE
    catalogue = Catalogue.objects.filter(body=case.body, kind=Catalogue.Kind.RECORDINGS).first()
    version = current_version(catalogue) if catalogue is not None else None
    if version is not None:
        for entry in entries_of(version).filter(procedure=case.procedure, step=step.code):
            listed = (Recording.UNINTERRUPTED
                      if entry.level == RecordingRequirement.Level.UNINTERRUPTED
                      else Recording.REQUIRED)
            if listed == Recording.UNINTERRUPTED or level == Recording.NONE:
                level = listed
    return level


def act_window(ctx: Context) -> tuple[datetime, datetime]:
    """When the step's act took place (R-REC-03, R-CASE-15): from the previous step's day
    (the step's own day for the first step) to the end of its own day, widened by the
    rulebook's tolerance. A recording meant to satisfy the step was captured in it."""
    records = ctx.all_records()
    first = records[-1].done_on if records else ctx.done_on
    hours = int(rulebook.get("records.capture_tolerance_hours", body=ctx.case.body,
                             on=ctx.done_on))
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(ctx.done_on, time.max))
    return start - timedelta(hours=hours), end + timedelta(hours=hours)


def _documents_and_recordings(ctx: Context) -> None:
    missing = missing_documents(ctx.case, ctx.step)
    if missing:
        names = "、".join(str(DOCUMENT_TYPES[m][0]) for m in missing)
        fail("R-REC-01", _("R-REC-01 record: this step needs the following documents, not yet "
                           "issued: %(names)s.") % {"names": names}, missing=missing)
    level = recording_level(ctx.case, ctx.step, ctx.data)
    if level == Recording.NONE:
        return
    from sanxiang.records.requirements import recording_satisfied

    if not recording_satisfied(ctx.case, ctx.step.code, level, during=act_window(ctx)):
        what = (_("an uninterrupted audio-video recording") if level == Recording.UNINTERRUPTED
                else _("an audio-video recording"))
        fail("R-REC-03", _("R-REC-03 audio-video: this step requires %(what)s; upload it, or "
                           "have an exception approved by the head.") % {"what": what})


GUARDS = {
    "R-ORG-03": lambda ctx: require_qualified(ctx.officers, category_code=ctx.case.field.code,
                                              on=ctx.done_on),
    "R-ORG-04": lambda ctx: require_two_officers(ctx.officers,
                                                 category_code=ctx.case.field.code,
                                                 on=ctx.done_on, body=ctx.case.body),
    "R-CASE-01": _simple,
    "R-CASE-03": _prior_notice,
    "R-CASE-04": _hearing,
    "R-CASE-05": _decision_time,
    "R-CASE-06": _service,
    "R-CASE-07": lambda ctx: check_limitation(
        violation_on=ctx.case.violation_on, discovered_on=ctx.case.discovered_on,
        opened_on=ctx.done_on, serious_harm=ctx.case.serious_harm, body=ctx.case.body)
    if ctx.case.procedure.startswith("penalty") else None,
    "R-CASE-08": _leniency,
    "R-CASE-09": _recusal,
    "R-CASE-10": _coercion,
    "R-CASE-11": _licence,
    "R-CASE-12": _payment,
    "R-CASE-13": _opening,
    "R-CASE-14": _collection,
    "R-REV-02": _review_gate,
    "R-REV-03": _review_step,  # the reviewer's independence: also in the permissions
    "R-REV-08": _discussion_gate,
    "R-REC-03": lambda ctx: None,  # every step's recording is checked below
}


def check_dates(ctx: Context) -> None:
    """R-CASE-15 for every step: the act and every date it records lie between the case's
    opening and today, and a service date is not before the documents it serves were
    issued."""
    case = ctx.case
    opened = case.opened_on
    if ctx.done_on < opened:
        fail("R-CASE-15", _("R-CASE-15: the act cannot be dated before the case was opened "
                            "(%(opened)s).") % {"opened": format_date(opened)},
             field="done_on")
    from sanxiang.cases import step_data

    for spec in step_data.fields_for(case.procedure, ctx.step.code):
        value = ctx.data.get(spec.name)
        if spec.kind == step_data.DATE and isinstance(value, date) and not spec.stamped:
            check_date(case, value, field=spec.name)
    served = ctx.data.get("served_on")
    if isinstance(served, date):
        issued = served_documents_issued(ctx)
        if issued is not None and served < issued:
            fail("R-CASE-15", _("R-CASE-15: a document cannot be served (%(served)s) before it "
                                "was issued (%(issued)s).") % {
                "served": format_date(served), "issued": format_date(issued)},
                field="served_on")


def served_documents_issued(ctx: Context) -> date | None:
    """When the latest document the step serves was issued: the step's own documents other
    than the proof of service, or else the previous step's (the decision it serves)."""
    from sanxiang.cases.models import Document

    rows = Document.objects.filter(case=ctx.case).exclude(doc_type="service_receipt")
    own = rows.filter(step=ctx.step.code).order_by("-issued_on").first()
    if own is not None:
        return own.issued_on
    previous = ctx.all_records()[-1] if ctx.all_records() else None
    if previous is None:
        return None
    earlier = rows.filter(step=previous.step).order_by("-issued_on").first()
    return earlier.issued_on if earlier else None


def check_step(ctx: Context) -> None:
    check_dates(ctx)
    for rule in ctx.step.guards:
        GUARDS[rule](ctx)
    _discussion_step(ctx)
    _documents_and_recordings(ctx)
    documents_agree(ctx)


def _fact(value):
    """A comparable form of a recorded value (money as a number, lists unordered, text
    without surrounding space); ``None`` when nothing is stated."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        text = value.strip()
        moment = parse_datetime(text) if "T" in text or ":" in text else None
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return moment.replace(microsecond=0).astimezone(UTC)
        try:
            return Decimal(text.replace(",", "")).normalize() if text else None
        except ArithmeticError:
            return text or None
    if isinstance(value, list | tuple):
        items = [_fact(item) for item in value]
        return tuple(sorted((i for i in items if i is not None), key=repr)) or None
    if isinstance(value, dict):
        return tuple(sorted((k, repr(_fact(v))) for k, v in value.items()))
    return repr(value)


def documents_agree(ctx: Context) -> None:
    """A step and the documents issued at it state the same facts: the fine on the
    decision step is the fine in the 决定书 (R-REC-01, R-CASE-03). Refused naming both."""
    from sanxiang.cases import step_data

    # What the decision and the notice state in law: penalty kinds, amounts, the
    # provisions and the listed item. (Wording — opinions, summaries — may be rephrased in
    # a document; officers are ids on the step and names in the document.)
    compared = {step_data.MONEY, step_data.KINDS, step_data.PROVISION, step_data.ITEM}
    specs = {spec.name: spec for spec in step_data.fields_for(ctx.case.procedure, ctx.step.code)
             if spec.kind in compared and not spec.stamped}
    if not specs:
        return
    stated = step_data.as_json(ctx.data)
    latest: dict[str, Document] = {}
    for document in Document.objects.filter(case=ctx.case, step=ctx.step.code).order_by("pk"):
        latest[document.doc_type] = document  # a correction replaces what it corrects
    # The numbered documents the party receives first: they are what the message names.
    for document in sorted(latest.values(), key=lambda d: (not d.number, d.pk)):
        values = (document.data or {}).get("values") or {}
        for name, spec in specs.items():
            if name not in values:
                continue
            mine, theirs = _fact(stated.get(name)), _fact(values[name])
            if mine is None or theirs is None or mine == theirs:
                continue
            title = document.title or str(DOCUMENT_TYPES[document.doc_type][0])
            number = f"（{document.number}）" if document.number else ""
            fail("R-REC-01", _("“%(field)s” of the step “%(step)s” differs from the issued "
                               "《%(document)s》%(number)s. Record the same fact, or correct "
                               "the document first.")
                 % {"field": spec.label, "step": ctx.step.name, "document": title,
                    "number": number}, field=name, document=document.pk)


def check_extension(*, case: Case, rule: str, step: str, amount: int, reason: str,
                    on: date) -> None:
    keys = {"R-CASE-05": "case.decision_extension_days",
            "R-CASE-13": "case.opening_extension_days",
            # 强制法 32: a freezing's extension has a limit of its own (the rulebook's).
            "R-CASE-10": ("coercion.freezing_extension_days" if step == "extend_freezing"
                          else "coercion.seizure_extension_days"),
            "R-CASE-11": "licence.decision_extension_workdays",
            "R-REV-07": "review.extension_workdays"}
    if rule not in keys:
        fail("EXTENSION", _("This time limit cannot be extended."))
    if not (reason or "").strip():
        fail(rule, _("Give the written reasons for the extension."), field="reason")
    if case.extensions.filter(rule=rule, step=step).exists():
        fail(rule, _("%(rule)s: this time limit has already been extended once.") % {
            "rule": rule})
    most = int(rulebook.get(keys[rule], body=case.body, on=on))
    if amount <= 0 or amount > most:
        fail(rule, _("%(rule)s: the extension may be at most %(most)d.") % {
            "rule": rule, "most": most}, field="amount")
    check_date(case, on, field="approved_on")
    end = extended_period_end(case, rule, step)
    if end is not None and on > end:
        fail("R-CASE-16", _("R-CASE-16: the period this extends ended on %(end)s; an extension "
                            "must be approved before the period expires.") % {
            "end": format_date(end)}, field="approved_on")


def extended_period_end(case: Case, rule: str, step: str) -> date | None:
    """The last day of the period an extension of ``rule`` at ``step`` would extend."""
    if rule == "R-CASE-13":
        due = opening_due(case)
        return due.date if due else None
    if rule == "R-CASE-10":
        measure = "freezing" if step == "extend_freezing" else "seizure"
        end = measure_end(case, measure, extended=False)
        return end.date if end else None
    target = {"R-CASE-05": "decide", "R-CASE-11": "decide"}.get(rule)
    period = deadlines.deadline(case, target, rule) if target else None
    return period.due if period else None


def check_date(case: Case, on: date, *, field: str, after: date | None = None,
               after_what: str = "") -> None:
    """R-CASE-15: a date of the case lies between its opening (or ``after``, what it depends
    on) and today."""
    if on > timezone.localdate():
        fail("R-CASE-15", _("The date cannot be in the future."), field=field)
    floor = case.opened_on
    if case.procedure == "penalty_general" and case.discovered_on:
        floor = min(floor, case.discovered_on)
    if on < floor:
        fail("R-CASE-15", _("R-CASE-15: %(date)s is before the case began (%(opened)s).") % {
            "date": format_date(on), "opened": format_date(floor)}, field=field)
    if after is not None and on < after:
        fail("R-CASE-15", _("R-CASE-15: %(date)s is before %(what)s (%(after)s).") % {
            "date": format_date(on), "what": after_what, "after": format_date(after)},
            field=field)


def naive_to_aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value
