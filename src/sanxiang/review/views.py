"""The legal review workbench (法制审核): queue, submission, review, answer, collective
discussion and statistics. Thin, like the case pages: fetch through ``visible_to`` (out of
scope is a 404), call one of ``sanxiang.review.actions``, and show the rule's Chinese message
with the user's input kept when it refuses.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.cases import permissions as case_permissions
from sanxiang.cases.models import Case
from sanxiang.core.access import log_access, log_list_export
from sanxiang.core.errors import RuleViolation
from sanxiang.org.roles import Role, has_role
from sanxiang.review import actions, rules
from sanxiang.review import stats as review_stats
from sanxiang.review.forms import (
    AnswerForm,
    AssignForm,
    DiscussionForm,
    QueueFilterForm,
    ReviewExtensionForm,
    ReviewForm,
    SubmitForm,
)
from sanxiang.review.models import Discussion, Submission

PAGE_SIZE = 30
QUEUE_ROLES = (Role.REVIEWER, Role.HEAD, Role.SUPERVISOR, Role.ADMIN)
STATS_ROLES = (Role.HEAD, Role.SUPERVISOR, Role.ADMIN)
OPEN_STATES = (Submission.State.PENDING, Submission.State.REVIEWING)


def _require_role(user, roles) -> None:
    if not (user.is_superuser or has_role(user, *roles)):
        raise Http404


def _case(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user).select_related(
        "body", "lead_officer"), pk=pk)


def _submission(request, pk) -> Submission:
    return get_object_or_404(Submission.objects.visible_to(request.user).select_related(
        "case", "case__body", "reviewer", "submitted_by"), pk=pk)


def _is_head(user, case) -> bool:
    return has_role(user, Role.HEAD) and user.body_id == case.body_id


# ---------------------------------------------------------------------------- queue

def queue_rows(submissions) -> list[dict]:
    """What a queue row shows: deadline with its state (R-REV-07) and the catalogue
    criteria that made review required (R-REV-01)."""
    from sanxiang.calendar import workdays

    today = timezone.localdate()
    rows = []
    for submission in submissions:
        deadline = actions.review_deadline(submission)
        late = 0
        if deadline is not None and deadline.overdue:
            late = workdays.count_workdays(deadline.due, today).count
        criteria = rules.review_required_for(submission.case)
        rows.append({"submission": submission, "case": submission.case, "deadline": deadline,
                     "late": late,
                     "criteria": [c.description or str(c) for c in criteria]})
    return rows


def _queue_queryset(user, tab):
    submissions = Submission.objects.visible_to(user).filter(state__in=OPEN_STATES)
    if tab == "pending":
        submissions = submissions.filter(state=Submission.State.PENDING)
    elif tab == "mine":
        submissions = submissions.filter(reviewer=user)
    return submissions.select_related("case", "case__body", "reviewer")


def _default_tab(user, counts) -> str:
    """The queue opens on what needs the user: submissions awaiting a reviewer for those who
    may assign them (the body's reviewers and head), then their own, else everything."""
    may_assign = user.body_id and has_role(user, Role.REVIEWER, Role.HEAD)
    if may_assign and counts["pending"]:
        return "pending"
    if has_role(user, Role.REVIEWER):
        return "mine"
    return "all"


@login_required
@require_GET
def queue(request):
    """Open reviews, oldest receipt first, keyset-paginated on (received_on, id)."""
    _require_role(request.user, QUEUE_ROLES)
    form = QueueFilterForm(request.GET or None)
    tab = form.cleaned_data["tab"] if form.is_valid() and form.cleaned_data["tab"] else ""
    counts = {code: _queue_queryset(request.user, code).count()
              for code, _label in QueueFilterForm.TABS}
    if not tab:
        tab = _default_tab(request.user, counts)
    submissions = _queue_queryset(request.user, tab)
    if request.GET.get("format") == "xlsx":
        log_list_export(request.user, Submission, query=request.GET.urlencode())
        return _queue_export(submissions, tab)
    after = request.GET.get("after", "")
    if after:
        try:
            on, pk = after.split("_")
            submissions = submissions.filter(Q(received_on__gt=on)
                                             | Q(received_on=on, pk__gt=int(pk)))
        except ValueError:
            raise Http404 from None
    rows = list(submissions.order_by("received_on", "pk")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_query = ""
    if more:
        params = request.GET.copy()
        params["tab"] = tab
        params["after"] = f"{rows[-1].received_on.isoformat()}_{rows[-1].pk}"
        next_query = params.urlencode()
    return render(request, "review/queue.html", {
        "tab": tab, "tabs": [(code, label, counts[code]) for code, label in QueueFilterForm.TABS],
        "rows": queue_rows(rows),
        "next_query": next_query, "read_only": not has_role(
            request.user, Role.REVIEWER, Role.HEAD),
    })


# Open reviews are few per body; a province's export is cut here.
EXPORT_LIMIT = 5000


def _queue_export(submissions, tab):
    """The tab's open reviews as an Excel workbook, with their time limits (R-REV-07)."""
    from sanxiang.core.opendata import xlsx_response

    header = [_("Case number"), _("Cause of action"), _("Body"), _("Round"), _("Received on"),
              _("Due by"), _("Working days overdue"), _("Reviewer")]
    chunk = submissions.order_by("received_on", "pk")[:EXPORT_LIMIT]

    def rows():
        for row in queue_rows(chunk.iterator(chunk_size=500)):
            submission, deadline = row["submission"], row["deadline"]
            reviewer = submission.reviewer
            yield [row["case"].number, row["case"].title, row["case"].body.name,
                   submission.round, submission.received_on,
                   deadline.due if deadline else None, row["late"],
                   (reviewer.get_full_name() or reviewer.username) if reviewer else ""]

    return xlsx_response(f"法制审核队列-{timezone.localdate().isoformat()}.xlsx",
                         _("Legal review queue"), header, rows())


# ---------------------------------------------------------------------------- submit

def _label_list(codes, labels) -> list[str]:
    return [str(labels.get(code, code)) for code in codes]


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, case_pk):
    """报送法制审核 by the handling officer: the R-REV-04 checklist as a form."""
    case = _case(request, case_pk)
    required = rules.required_materials(case)
    returned = None
    error = None
    form = SubmitForm(request.POST or None, required_codes=required, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            submission = actions.submit_for_review(
                acting_user=request.user, case=case, materials=form.materials(),
                submitted_on=form.cleaned_data["submitted_on"])
        except RuleViolation as refused:
            error = refused
        else:
            if submission.state != Submission.State.RETURNED:
                messages.success(request, _("Submitted for legal review (round %(round)d).")
                                 % {"round": submission.round})
                return redirect("review:submission", submission.pk)
            returned = submission
    previous = _latest_round(case)
    if request.method == "GET" and previous is not None and previous.materials:
        # A resubmission starts from what was sent last time, to be revised.
        # Its attachments are already named in that text: nothing is ticked twice.
        form = SubmitForm(initial={**{f"m_{k}": v for k, v in previous.materials.items()},
                                   **{f"a_{k}": [] for k in previous.materials}},
                          required_codes=required, case=case)
    return render(request, "review/submit.html", {
        "case": case, "form": form, "error": error, "returned": returned,
        "missing": _label_list(returned.missing, rules.MATERIALS) if returned else [],
        "rounds": _rounds(case), "may_submit": actions.may_submit(request.user, case),
        "at_review": case.current_step == "legal_review",
        "criteria": [c.description for c in rules.review_required_for(case)],
    }, status=409 if error else 200)


def _rounds(case) -> list[Submission]:
    return list(actions.rounds(case))


def _latest_round(case):
    rounds = _rounds(case)
    return rounds[-1] if rounds else None


# ---------------------------------------------------------------------------- submission

def _page(request, submission, *, assign_form=None, extension_form=None, review_form=None,
          answer_form=None, error=None, status=200):
    user = request.user
    case = submission.case
    is_head = _is_head(user, case)
    may_assign = submission.is_open and actions.may_assign(user, submission)
    may_review = (submission.state == Submission.State.REVIEWING
                  and actions.may_review(user, submission))
    may_extend = (submission.is_open and is_head and not submission.extension_workdays)
    may_answer = (submission.outcome == Submission.Outcome.REJECTED and not submission.answer
                  and not submission.step_record_id
                  and (is_head or case_permissions.is_case_officer(user, case)))
    findings = []
    for code, label in rules.REVIEW_ITEMS.items():
        finding = (submission.findings or {}).get(code)
        if finding is not None:
            findings.append({"label": label, "ok": finding.get("ok"),
                             "answer": rules.checklist_answer(code, bool(finding.get("ok"))),
                             "note": finding.get("note", "")})
    context = {
        "submission": submission, "case": case,
        "materials": [(label, (submission.materials or {}).get(code, ""))
                      for code, label in rules.MATERIALS.items()
                      if (submission.materials or {}).get(code)],
        "missing": _label_list(submission.missing or [], rules.MATERIALS),
        "deadline": actions.review_deadline(submission),
        "rounds": _rounds(case), "findings": findings, "error": error,
        "criteria": [c.description for c in rules.review_required_for(case)],
        "may_assign": may_assign, "may_review": may_review, "may_extend": may_extend,
        "may_answer": may_answer, "is_head": is_head,
        "assign_form": assign_form or (AssignForm(body=case.body) if may_assign else None),
        "extension_form": extension_form or ReviewExtensionForm(),
        "review_form": review_form or ReviewForm(),
        "answer_form": answer_form or AnswerForm(),
        "may_discuss": is_head and case.current_step == "collective_discussion",
    }
    return render(request, "review/submission.html", context, status=status)


@login_required
@require_GET
def submission_detail(request, pk):
    submission = _submission(request, pk)
    log_access(request.user, submission.case)
    return _page(request, submission)


@login_required
@require_POST
def assign(request, pk):
    submission = _submission(request, pk)
    form = AssignForm(request.POST, body=submission.case.body)
    if not form.is_valid():
        return _page(request, submission, assign_form=form, status=422)
    try:
        actions.assign_reviewer(acting_user=request.user, submission=submission,
                                reviewer=form.cleaned_data["reviewer"])
    except RuleViolation as refused:
        form.add_error("reviewer", refused.message)
        submission.refresh_from_db()
        return _page(request, submission, assign_form=form, error=refused, status=409)
    messages.success(request, _("The reviewer is assigned."))
    return redirect("review:submission", submission.pk)


@login_required
@require_POST
def extend(request, pk):
    submission = _submission(request, pk)
    form = ReviewExtensionForm(request.POST)
    if not form.is_valid():
        return _page(request, submission, extension_form=form, status=422)
    try:
        actions.extend_review(acting_user=request.user, submission=submission,
                              reason=form.cleaned_data["reason"],
                              approved_on=form.cleaned_data["approved_on"])
    except RuleViolation as refused:
        submission.refresh_from_db()
        return _page(request, submission, extension_form=form, error=refused, status=409)
    messages.success(request, _("The time limit of the review is extended."))
    return redirect("review:submission", submission.pk)


@login_required
@require_POST
def review(request, pk):
    submission = _submission(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, submission, review_form=form, status=422)
    data = form.cleaned_data
    try:
        submission = actions.record_review(
            acting_user=request.user, submission=submission, findings=form.findings(),
            outcome=data["outcome"], opinion=data["opinion"], decided_on=data["decided_on"])
    except RuleViolation as refused:
        submission = _submission(request, pk)
        return _page(request, submission, review_form=form, error=refused, status=409)
    messages.success(request, _("The review opinion is recorded: %(outcome)s.")
                     % {"outcome": submission.get_outcome_display()})
    return redirect("review:submission", submission.pk)


@login_required
@require_POST
def answer(request, pk):
    submission = _submission(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, submission, answer_form=form, status=422)
    data = form.cleaned_data
    try:
        actions.answer_rejection(acting_user=request.user, submission=submission,
                                 accept=data["accept"], reason=data["reason"], on=data["on"])
    except RuleViolation as refused:
        submission = _submission(request, pk)
        return _page(request, submission, answer_form=form, error=refused, status=409)
    if data["accept"]:
        messages.success(request, _("The opinion is accepted; the case returns to "
                                    "investigation."))
        return redirect("cases:detail", submission.case_id)
    messages.success(request, _("The disagreement is recorded; the case goes to collective "
                                "discussion."))
    return redirect("review:discussion", submission.case_id)


# ---------------------------------------------------------------------------- discussion

@login_required
@require_http_methods(["GET", "POST"])
def discussion(request, case_pk):
    """集体讨论 by the body's heads: attendees, each one's opinion, the conclusion."""
    case = _case(request, case_pk)
    form = DiscussionForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_discussion(
                acting_user=request.user, case=case, held_on=data["held_on"],
                reason=data["reason"], attendees=form.attendees(), opinions=form.opinions(),
                conclusion=data["conclusion"], chair=data["chair"],
                recorder=data["recorder"], observers=form.observers(),
                review_again=data["review_again"])
        except RuleViolation as refused:
            error = refused
        else:
            messages.success(request, _("The collective discussion is recorded."))
            return redirect("review:discussion", case.pk)
    elif request.method == "GET":
        disputed = case.review_submissions.filter(answer=Submission.Answer.DISAGREED).exists()
        form.initial["reason"] = (Discussion.Reason.DISAGREEMENT if disputed
                                  else Discussion.Reason.COMPLEX)
        # The head recording it usually presided.
        form.initial["chair"] = request.user.get_full_name()
    return render(request, "review/discussion.html", {
        "case": case, "form": form, "error": error,
        "discussions": case.discussions.select_related("document", "recorded_by")
        .order_by("held_on", "pk"),
        "is_head": _is_head(request.user, case),
        "at_discussion": case.current_step == "collective_discussion",
    }, status=409 if error else (422 if request.method == "POST" else 200))


# ---------------------------------------------------------------------------- statistics

@login_required
@require_GET
def statistics(request):
    """Per body: reviewer ratio (R-ORG-05) and how the reviews went (R-REV-06, R-REV-07)."""
    _require_role(request.user, STATS_ROLES)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= today.year:
        raise Http404
    first, last = review_stats.period(year)
    rows = review_stats.body_rows(request.user, first, last)
    return render(request, "review/statistics.html", {
        "rows": rows, "totals": review_stats.totals(rows), "first": first, "last": last,
        "year": year, "years": range(today.year, today.year - 5, -1)})


# ---------------------------------------------------------------------------- case page

def case_panel_context(case, user) -> dict:
    """What ``review/includes/responsibility.html`` needs on the case page (R-REV-09)."""
    from sanxiang.review import trace

    rounds = _rounds(case)
    return {
        "review_trace": trace.responsibility(case),
        "review_rounds": rounds,
        "review_may_submit": (case.current_step == "legal_review"
                              and actions.may_submit(user, case)),
        "review_discussions": list(case.discussions.order_by("held_on", "pk")),
        "review_may_discuss": (case.current_step == "collective_discussion"
                               and _is_head(user, case)),
    }
