"""待办: what each user has to do, from the same rules and deadlines the cases use.

Nothing here is stored (DESIGN.md, "Deadlines are derived"): every item is a query over
recorded facts, and every case deadline comes from ``cases.deadlines.case_deadlines``, the
review time limit from ``review.actions.review_deadline``, publication and withdrawal
lateness from ``disclosure.overdue``. So the list can never disagree with the case page.

Province scale: each kind is one indexed query in the user's scope, cut at ``SHOWN_ROWS``
items with a ``count`` of all of them. Case deadlines are computed in Python, so they are
computed only over a bounded set of candidate cases (the officer's own open cases, or the
oldest open cases of the scope, at most ``CANDIDATE_LIMIT``); when the candidates were cut
the count says "at least" (``count_is_lower_bound``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxiang.calendar import workdays
from sanxiang.cases import deadlines as case_deadlines
from sanxiang.cases.guards import recording_level
from sanxiang.cases.models import Case, Recusal
from sanxiang.cases.permissions import HEAD_STEPS, REVIEW_STEPS
from sanxiang.cases.workflows import Recording
from sanxiang.core import rulebook
from sanxiang.org.roles import Role, has_role

# How many items of a kind the lists show; the count always covers all of them.
SHOWN_ROWS = 10
# How many open cases at most have their deadlines computed for one list.
CANDIDATE_LIMIT = 200
# A running deadline enters the list this many working days before it falls due.
WARNING_WORKDAYS = 3
# Steps whose act is serving a document on the party.
SERVICE_RULE = "R-CASE-06"
PAYMENT_RULE = "R-CASE-12"

LABELS = {
    "deadline": gettext_lazy("Steps due and overdue"),
    "recording": gettext_lazy("Recordings to upload"),
    "serve": gettext_lazy("Documents to serve"),
    "payment": gettext_lazy("Payments overdue"),
    "review_answer": gettext_lazy("Review refusals to answer"),
    "approval": gettext_lazy("Decisions and approvals awaiting the head"),
    "recusal": gettext_lazy("Recusal applications to decide"),
    "recording_exception": gettext_lazy("Recording exceptions to decide"),
    "extension": gettext_lazy("Time limits running out (extension possible)"),
    "review_unassigned": gettext_lazy("Reviews awaiting assignment"),
    "review_mine": gettext_lazy("Reviews assigned to me"),
    "review_overdue": gettext_lazy("Reviews overdue"),
    "publish": gettext_lazy("Decisions to mask and approve"),
    "publish_overdue": gettext_lazy("Publications overdue"),
    "withdrawal": gettext_lazy("Withdrawals due"),
    "case_overdue": gettext_lazy("Case time limits overdue"),
}


@dataclass
class Item:
    kind: str
    title: str
    url: str
    due: date | None = None
    overdue_workdays: int = 0
    provisional: bool = False
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.overdue_workdays > 0


@dataclass
class Group:
    kind: str
    items: list[Item] = field(default_factory=list)
    count: int = 0
    count_is_lower_bound: bool = False
    more_url: str = ""

    @property
    def label(self) -> str:
        return str(LABELS[self.kind])

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue)


@dataclass
class Todo:
    groups: list[Group] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def items(self) -> list[Item]:
        return [item for group in self.groups for item in group.items]


def _lateness(due: date | None, today: date) -> tuple[int, bool]:
    """Working days past ``due`` (the due day not counted), and whether provisional."""
    if due is None or due >= today:
        return 0, False
    counted = workdays.count_workdays(due, today)
    # A due day just before a weekend is late from the next calendar day on, even when no
    # working day has passed yet: count it as one so that "overdue" is never 0.
    return max(counted.count, 1), counted.provisional


def _case_url(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _case_title(case) -> str:
    return f"{case.number} {case.title}"


def _group(kind: str, items: list[Item], count: int, *, more_url: str = "",
           lower_bound: bool = False) -> Group:
    return Group(kind=kind, items=items[:SHOWN_ROWS], count=count,
                 count_is_lower_bound=lower_bound, more_url=more_url)


# ------------------------------------------------------------------------ case deadlines

def _running(case: Case, today: date) -> list[case_deadlines.Deadline]:
    """The case's deadlines still running for acts not yet done at or after its current step,
    overdue or due within ``WARNING_WORKDAYS`` working days."""
    workflow = case.workflow
    order = {step.code: index for index, step in enumerate(workflow.steps)}
    here = order.get(case.current_step, 0)
    warn_until = workdays.add_workdays(today, WARNING_WORKDAYS).date
    result = []
    for deadline in case_deadlines.case_deadlines(case):
        if deadline.done_on is not None or deadline.not_before:
            continue
        if order.get(deadline.step.code, here) < here:
            continue  # a step the case went past on another branch
        if deadline.due <= warn_until:
            result.append(deadline)
    return result


def _deadline_item(case: Case, deadline, today: date) -> Item:
    late, provisional = _lateness(deadline.due, today)
    rule = deadline.rule.rule
    kind = {SERVICE_RULE: "serve", PAYMENT_RULE: "payment"}.get(rule, "deadline")
    return Item(kind=kind, title=_case_title(case), url=_case_url(case), due=deadline.due,
                overdue_workdays=late,
                provisional=provisional or deadline.result.provisional,
                note=f"{deadline.step.name}（{rule}）")


def _deadline_groups(cases, today: date, *, kinds=("deadline", "serve", "payment"),
                     only_overdue=False) -> dict[str, list[Item]]:
    found: dict[str, list[Item]] = {kind: [] for kind in kinds}
    for case in cases:
        for deadline in _running(case, today):
            item = _deadline_item(case, deadline, today)
            if only_overdue and not item.overdue:
                continue
            kind = item.kind if item.kind in found else kinds[0]
            item.kind = kind
            found[kind].append(item)
    for items in found.values():
        items.sort(key=lambda item: (item.due or today, item.title))
    return found


def _candidates(cases):
    """The open cases of a scope whose deadlines are computed: oldest first, bounded."""
    rows = list(cases.filter(state=Case.State.OPEN).select_related("body")
                .prefetch_related("milestones", "steps", "excluded_periods", "extensions")
                .order_by("opened_on", "pk")[: CANDIDATE_LIMIT + 1])
    return rows[:CANDIDATE_LIMIT], len(rows) > CANDIDATE_LIMIT


def overdue_cases(cases, today: date | None = None) -> tuple[list[Case], bool]:
    """Those of the oldest open ``cases`` (at most ``CANDIDATE_LIMIT``) with a deadline
    passed, oldest first; and whether the candidates were cut."""
    today = today or timezone.localdate()
    with rulebook.memoized():
        candidates, cut = _candidates(cases)
        return [case for case in candidates if _has_passed(case, today)], cut


def _has_passed(case: Case, today: date) -> bool:
    return any(not d.not_before and d.due < today for d in _running(case, today))


# ------------------------------------------------------------------------------ roles

def _my_cases(user):
    return Case.objects.filter(case_officers__officer_id=user.officer_id,
                               case_officers__removed_on__isnull=True).distinct()


def officer_groups(user, today: date) -> list[Group]:
    from sanxiang.records.models import Evidence
    from sanxiang.review.models import Submission

    cases, cut = _candidates(_my_cases(user))
    own_steps = [case for case in cases
                 if case.current_step not in HEAD_STEPS and case.current_step not in REVIEW_STEPS]
    found = _deadline_groups(cases, today)
    mine_url = reverse("cases:list") + "?mine=on"
    groups = [_group(kind, items, len(items), more_url=mine_url, lower_bound=cut)
              for kind, items in found.items()]

    # Recordings: the current step needs audio-video and none is on the platform yet; it
    # must be uploaded within the rulebook's hours of the recording (R-REC-05).
    recorded = set(Evidence.objects.filter(case__in=[c.pk for c in own_steps])
                   .values_list("case_id", "step"))
    recordings = []
    for case in own_steps:
        step = case.workflow.step(case.current_step)
        if step.recording == Recording.NONE or (case.pk, step.code) in recorded:
            continue
        if recording_level(case, step) == Recording.NONE:
            continue
        hours = int(float(rulebook.get("records.upload_hours", body=case.body, on=today)))
        recordings.append(Item(kind="recording", title=_case_title(case), url=_case_url(case),
                               note=_("%(step)s: upload the recording within %(hours)d hours "
                                      "of making it (R-REC-05)")
                               % {"step": step.name, "hours": hours}))
    groups.append(_group("recording", recordings, len(recordings), more_url=mine_url))

    refusals = (Submission.objects.filter(
        case__in=_my_cases(user).filter(state=Case.State.OPEN),
        state=Submission.State.DECIDED, outcome=Submission.Outcome.REJECTED, answer="",
        step_record__isnull=True).select_related("case").order_by("decided_on", "pk"))
    groups.append(_group("review_answer", [
        Item(kind="review_answer", title=_case_title(s.case),
             url=reverse("review:submission", args=[s.pk]), due=None,
             note=_("Round %(round)d refused on %(date)s") % {
                 "round": s.round, "date": date_format(s.decided_on)})
        for s in refusals[:SHOWN_ROWS]], refusals.count()))
    return groups


def head_groups(user, today: date) -> list[Group]:
    from sanxiang.records.models import RecordingException
    from sanxiang.review import actions as review_actions
    from sanxiang.review.models import Submission

    body = user.body
    groups = []
    waiting = (Case.objects.filter(body=body, state=Case.State.OPEN,
                                   current_step__in=HEAD_STEPS)
               .order_by("opened_on", "pk"))
    groups.append(_group("approval", [
        Item(kind="approval", title=_case_title(case), url=_case_url(case),
             note=str(_step_name(case)))
        for case in waiting[:SHOWN_ROWS]], waiting.count()))

    recusals = (Recusal.objects.filter(case__body=body, outcome=Recusal.Outcome.PENDING)
                .select_related("case", "officer").order_by("applied_on", "pk"))
    groups.append(_group("recusal", [
        Item(kind="recusal", title=_case_title(r.case), url=_case_url(r.case) + "#withdrawals",
             note=_("%(name)s applied on %(date)s") % {"name": r.officer.name,
                                                        "date": date_format(r.applied_on)})
        for r in recusals[:SHOWN_ROWS]], recusals.count()))

    exceptions = (RecordingException.objects.filter(
        case__body=body, outcome=RecordingException.Outcome.PENDING)
        .select_related("case").order_by("requested_at", "pk"))
    groups.append(_group("recording_exception", [
        Item(kind="recording_exception", title=_case_title(e.case),
             url=_case_url(e.case) + "#step", note=e.reason[:80])
        for e in exceptions[:SHOWN_ROWS]], exceptions.count()))

    # Time limits the head may extend: the review round's (R-REV-07) and the decision's
    # (R-CASE-05), overdue or about to be. Only cases old enough for the decision limit to
    # be near are candidates: the limit is at least its number of calendar days.
    extensions = []
    open_reviews = (Submission.objects.filter(case__body=body,
                                              state=Submission.State.REVIEWING,
                                              extension_workdays=0)
                    .select_related("case", "case__body").order_by("received_on", "pk"))
    warn_until = workdays.add_workdays(today, WARNING_WORKDAYS).date
    for submission in open_reviews[:CANDIDATE_LIMIT]:
        deadline = review_actions.review_deadline(submission)
        if deadline is not None and deadline.due <= warn_until:
            late, provisional = _lateness(deadline.due, today)
            extensions.append(Item(kind="extension", title=_case_title(submission.case),
                                   url=reverse("review:submission", args=[submission.pk]),
                                   due=deadline.due, overdue_workdays=late,
                                   provisional=provisional, note="R-REV-07"))
    days = int(rulebook.get("case.decision_days", body=body, on=today))
    old = Case.objects.filter(body=body, opened_on__lte=today - timedelta(days=days)
                              + timedelta(days=WARNING_WORKDAYS * 3))
    cases, cut = _candidates(old.exclude(extensions__rule="R-CASE-05"))
    for case in cases:
        for deadline in _running(case, today):
            if deadline.rule.rule == "R-CASE-05":
                extensions.append(_deadline_item(case, deadline, today))
                extensions[-1].kind = "extension"
    extensions.sort(key=lambda item: (item.due or today, item.title))
    groups.append(_group("extension", extensions, len(extensions), lower_bound=cut))
    return groups


def _step_name(case):
    try:
        return case.workflow.step(case.current_step).name
    except KeyError:
        return case.current_step


def _review_item(submission, today: date, kind: str) -> Item:
    from sanxiang.review import actions as review_actions

    deadline = review_actions.review_deadline(submission)
    due = deadline.due if deadline is not None else None
    late, provisional = _lateness(due, today)
    return Item(kind=kind, title=_case_title(submission.case),
                url=reverse("review:submission", args=[submission.pk]), due=due,
                overdue_workdays=late,
                provisional=provisional or bool(deadline and deadline.result.provisional),
                note=_("Round %(round)d") % {"round": submission.round})


def reviewer_groups(user, today: date) -> list[Group]:
    from sanxiang.review.models import Submission

    open_in_body = (Submission.objects.filter(
        case__body_id=user.body_id,
        state__in=(Submission.State.PENDING, Submission.State.REVIEWING))
        .select_related("case", "case__body").order_by("received_on", "pk"))
    queue = reverse("review:queue")
    unassigned = open_in_body.filter(state=Submission.State.PENDING)
    mine = open_in_body.filter(state=Submission.State.REVIEWING, reviewer=user)
    groups = [
        _group("review_unassigned",
               [_review_item(s, today, "review_unassigned") for s in unassigned[:SHOWN_ROWS]],
               unassigned.count(), more_url=queue + "?tab=pending"),
        _group("review_mine", [_review_item(s, today, "review_mine") for s in mine[:SHOWN_ROWS]],
               mine.count(), more_url=queue + "?tab=mine"),
    ]
    # Overdue: a round is late when its time limit (at least its number of calendar days
    # after receipt) has passed, so only rounds received that long ago are candidates.
    days = int(rulebook.get("review.workdays", body=user.body, on=today))
    candidates = list(open_in_body.filter(received_on__lt=today - timedelta(days=days))
                      [:CANDIDATE_LIMIT + 1])
    overdue = [item for item in (_review_item(s, today, "review_overdue")
                                 for s in candidates[:CANDIDATE_LIMIT]) if item.overdue]
    groups.append(_group("review_overdue", overdue, len(overdue), more_url=queue + "?tab=all",
                         lower_bound=len(candidates) > CANDIDATE_LIMIT))
    return groups


def _disclosure_item(line, kind: str) -> Item:
    disclosure = line.disclosure
    return Item(kind=kind, title=f"{disclosure.document_number or ''} {disclosure.party_name}"
                .strip() or _case_title(disclosure.case),
                url=reverse("disclosure:review", args=[disclosure.pk]), due=line.due,
                overdue_workdays=max(line.late_workdays, 1) if line.late else 0,
                provisional=line.provisional)


def clerk_groups(user, today: date, *, only_overdue: bool = False) -> list[Group]:
    from sanxiang.disclosure import overdue as disclosure_overdue
    from sanxiang.disclosure.models import Disclosure

    queue = reverse("disclosure:queue")
    pending = disclosure_overdue.pending_publications(user)
    late = pending.filter(due_on__lt=today)
    withdrawals = disclosure_overdue.pending_withdrawals(user)
    late_withdrawals = withdrawals.filter(withdrawal_due__lt=today)
    groups = []
    if not only_overdue:
        to_mask = pending.filter(state=Disclosure.State.PENDING)
        groups.append(_group("publish", [
            _disclosure_item(disclosure_overdue.line_for(d, d.due_on, today), "publish")
            for d in to_mask[:SHOWN_ROWS]], to_mask.count(), more_url=queue))
    groups.append(_group("publish_overdue", [
        _disclosure_item(disclosure_overdue.line_for(d, d.due_on, today), "publish_overdue")
        for d in late[:SHOWN_ROWS]], late.count(),
        more_url=reverse("disclosure_reports:board")))
    source = late_withdrawals if only_overdue else withdrawals
    groups.append(_group("withdrawal", [
        _disclosure_item(disclosure_overdue.line_for(d, d.withdrawal_due, today), "withdrawal")
        for d in source[:SHOWN_ROWS]], source.count(), more_url=queue))
    return groups


def supervisor_groups(user, today: date) -> list[Group]:
    from sanxiang.review.models import Submission

    cases, cut = _candidates(Case.objects.visible_to(user))
    found = _deadline_groups(cases, today, kinds=("case_overdue",), only_overdue=True)
    items = found["case_overdue"]
    groups = [_group("case_overdue", items, len(items), lower_bound=cut,
                     more_url=reverse("cases:list") + "?overdue=on")]
    days = int(rulebook.get("review.workdays", on=today))
    reviews = list(Submission.objects.visible_to(user).filter(
        state__in=(Submission.State.PENDING, Submission.State.REVIEWING),
        received_on__lt=today - timedelta(days=days))
        .select_related("case", "case__body").order_by("received_on", "pk")
        [:CANDIDATE_LIMIT + 1])
    overdue = [item for item in (_review_item(s, today, "review_overdue")
                                 for s in reviews[:CANDIDATE_LIMIT]) if item.overdue]
    groups.append(_group("review_overdue", overdue, len(overdue),
                         lower_bound=len(reviews) > CANDIDATE_LIMIT,
                         more_url=reverse("review:queue") + "?tab=all"))
    groups.extend(clerk_groups(user, today, only_overdue=True))
    return groups


def for_user(user, today: date | None = None) -> Todo:
    """The signed-in user's 待办, one group per kind with something in it, per role held."""
    with rulebook.memoized():
        return _for_user(user, today or timezone.localdate())


def _for_user(user, today: date) -> Todo:
    groups: list[Group] = []
    if has_role(user, Role.OFFICER) and user.officer_id:
        groups += officer_groups(user, today)
    if has_role(user, Role.HEAD) and user.body_id:
        groups += head_groups(user, today)
    if (has_role(user, Role.REVIEWER) or has_role(user, Role.HEAD)) and user.body_id:
        groups += reviewer_groups(user, today)
    if has_role(user, Role.CLERK):
        groups += clerk_groups(user, today)
    if has_role(user, Role.SUPERVISOR):
        groups += supervisor_groups(user, today)
    merged: dict[str, Group] = {}
    for group in groups:
        if group.count and group.kind not in merged:
            merged[group.kind] = group
    return Todo(groups=list(merged.values()))


def as_json(todo: Todo) -> list[dict]:
    return [{"kind": item.kind, "kind_label": str(LABELS[item.kind]), "title": item.title,
             "note": item.note, "due": item.due, "overdue_workdays": item.overdue_workdays,
             "provisional": item.provisional, "url": item.url}
            for item in todo.items]
