"""The rules a step's guards name, one check per REQUIREMENTS.md ID.

``check_step`` runs every guard the workflow lists for a step, then the document and
audio-video requirements every step has. A failed check raises ``RuleViolation`` with the
rule's ID and a Chinese message saying which rule and why — the officer sees it as is.
Checks read recorded facts only (steps, milestones, documents, evidence), never a view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.cases import deadlines
from sanxiang.cases.models import Case, Document, Recusal
from sanxiang.cases.workflows import DOCUMENT_TYPES, Recording, Step
from sanxiang.catalog.models import Catalogue, PartyKind, PenaltyKind, RecordingRequirement
from sanxiang.catalog.queries import current_version, entries_of
from sanxiang.catalog.review import CaseFacts
from sanxiang.core import rulebook, workdays
from sanxiang.core.errors import RuleViolation
from sanxiang.core.workdays import format_date
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


def case_facts(case: Case, *, kinds=None, fine=None) -> CaseFacts:
    party = case.parties.first()
    kinds = case.decided_kinds or case.notified_kinds if kinds is None else kinds
    fine = (case.decided_fine if case.decided_fine is not None else case.notified_fine
            ) if fine is None else fine
    return CaseFacts(party_kind=party.kind if party else "", fine_amount=fine,
                     penalty_kinds=frozenset(kinds or ()), hearing_held=case.hearing_held,
                     flags=frozenset(case.flags or ()), procedure=case.procedure)


def review_criteria(case: Case, on: date | None = None) -> list:
    """The review catalogue's criteria the case matches (R-REV-01); empty: none needed."""
    from sanxiang.review.rules import review_required_for

    return review_required_for(case, on=on)


def discussion_required(case: Case) -> bool:
    """Complex or serious cases go to collective discussion (R-REV-08)."""
    return "complex" in (case.flags or ()) or "major_rights" in (case.flags or ())


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
        discuss = discussion_required(case) and not ctx.records("collective_discussion")
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
        if len(transitions) == 1:
            ctx.to = transitions[0].to
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
    from sanxiang.review.rules import review_required_for

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
    submission = (Submission.objects.filter(case=ctx.case, pk=int(ident)).first()
                  if ident.isdigit() else None)
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
    if not (ident.isdigit() and Discussion.objects.filter(
            case=ctx.case, pk=int(ident), step_record__isnull=True).exists()):
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
    if code == "extend":
        if case.steps.filter(step="extend").exists():
            fail("R-CASE-10", _("R-CASE-10: a seizure may be extended only once."))
        if not case.extensions.filter(rule="R-CASE-10").exists():
            fail("R-CASE-10", _("R-CASE-10: record the head's approval of the extension, with "
                                "written reasons, first."))
    if code in ("serve_seizure", "extend", "release"):
        started = ctx.milestone("seizure_started")
        if started is None:
            return
        days = int(rulebook.get("coercion.seizure_days", body=case.body, on=started))
        extended = sum(e.amount for e in case.extensions.filter(rule="R-CASE-10"))
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

    if not recording_satisfied(ctx.case, ctx.step.code, level):
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
    "R-REV-02": _review_gate,
    "R-REV-03": _review_step,  # the reviewer's independence: also in the permissions
    "R-REV-08": _discussion_gate,
    "R-REC-03": lambda ctx: None,  # every step's recording is checked below
}


def check_step(ctx: Context) -> None:
    for rule in ctx.step.guards:
        GUARDS[rule](ctx)
    _discussion_step(ctx)
    _documents_and_recordings(ctx)


def check_extension(*, case: Case, rule: str, step: str, amount: int, reason: str,
                    on: date) -> None:
    keys = {"R-CASE-05": "case.decision_extension_days",
            "R-CASE-10": "coercion.seizure_extension_days",
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


def naive_to_aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value
