"""Case pages of the workbench. Thin: fetch through ``visible_to`` (a case out of scope is a
404), call an action, show its Chinese message when a rule refuses.

A refused action re-renders the case page with the officer's input kept, so nothing typed
is lost; a stale form (someone else moved the case on) is refused by the action's version
check and the officer is told to reload.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.cases import actions, deadlines, guards, permissions
from sanxiang.cases.forms import (
    CaseFilterForm,
    DecisionForm,
    ExtensionForm,
    NewCaseForm,
    PeriodForm,
    ReasonForm,
    RecusalForm,
    StepForm,
)
from sanxiang.cases.models import Case, Document, ExcludedPeriod, Recusal
from sanxiang.cases.workflows import DOCUMENT_TYPES, Recording, StepKind
from sanxiang.core.access import log_access, log_list_export
from sanxiang.core.errors import RuleViolation
from sanxiang.org.roles import Role, has_role
from sanxiang.workbench import todo

PAGE_SIZE = 30
REVIEW_PAGE_STEPS = frozenset({"legal_review", "collective_discussion"})


def _visible(request, pk) -> Case:
    return get_object_or_404(Case.objects.visible_to(request.user).select_related(
        "body", "field", "lead_officer"), pk=pk)


def _filtered_cases(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    cases = form.filter(Case.objects.visible_to(request.user)).select_related(
        "body", "lead_officer")
    return form, cases


@login_required
@require_GET
def case_list(request):
    """Newest first, keyset-paginated on (opened_on, id): fast at millions of cases. "Only
    overdue" computes the derived deadlines of the oldest open cases (a bounded number) and
    lists those with a deadline passed."""
    form, cases = _filtered_cases(request)
    overdue_cut = False
    more = False
    if form.only_overdue:
        rows, overdue_cut = todo.overdue_cases(cases)
    else:
        after = request.GET.get("after", "")
        if after:
            try:
                on, pk = after.split("_")
                cases = cases.filter(Q(opened_on__lt=on) | Q(opened_on=on, pk__lt=int(pk)))
            except ValueError:
                raise Http404 from None
        rows = list(cases.order_by("-opened_on", "-pk")[: PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    params = request.GET.copy()
    params.pop("after", None)
    export_query = params.urlencode()
    if more:
        params["after"] = f"{rows[-1].opened_on.isoformat()}_{rows[-1].pk}"
    for case in rows:
        case.step_name = _step_name(case, case.current_step)
    return render(request, "cases/case_list.html", {
        "form": form, "cases": rows, "next_query": params.urlencode() if more else "",
        "export_query": export_query, "overdue_cut": overdue_cut,
        "candidate_limit": todo.CANDIDATE_LIMIT,
        "may_open": request.user.body_id and has_role(request.user, Role.OFFICER, Role.HEAD),
    })


# An export is for a report, not a backup: past this many rows, narrow the filters.
EXPORT_LIMIT = 20000


@login_required
@require_GET
def case_list_export(request):
    """The filtered list as an Excel workbook, newest first, streamed from an iterator."""
    from sanxiang.core.opendata import xlsx_response

    form, cases = _filtered_cases(request)
    if form.only_overdue:
        cases = todo.overdue_cases(cases)[0]
    else:
        cases = cases.order_by("-opened_on", "-pk")[:EXPORT_LIMIT].iterator(chunk_size=1000)
    header = [_("Case number"), _("Cause of action"), _("Procedure"), _("Current step"),
              _("Body"), _("Opened on"), _("Officer in charge"), _("State"), _("Closed on")]

    def rows():
        for case in cases:
            yield [case.number, case.title, case.get_procedure_display(),
                   str(_step_name(case, case.current_step)), case.body.name, case.opened_on,
                   case.lead_officer.name if case.lead_officer_id else "",
                   case.get_state_display(), case.closed_on]

    log_list_export(request.user, Case, query=request.GET.urlencode())
    filename = f"案件清单-{timezone.localdate().isoformat()}.xlsx"
    return xlsx_response(filename, _("Cases"), header, rows())


def _step_name(case, code):
    try:
        return case.workflow.step(code).name
    except KeyError:
        return code


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    body = request.user.body
    if body is None or not has_role(request.user, Role.OFFICER, Role.HEAD):
        raise Http404
    form = NewCaseForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(data["officers"])
        # The officer opening the case is in charge when among those chosen.
        chosen.sort(key=lambda o: o.pk != request.user.officer_id)
        try:
            case = actions.open_case(
                acting_user=request.user, body=body, procedure=data["procedure"],
                title=data["title"], field_code=data["field"].code, parties=[form.party()],
                officers=chosen, opened_on=data["opened_on"],
                violation_on=data["violation_on"], discovered_on=data["discovered_on"],
                serious_harm=data["serious_harm"], source=data["source"], facts=data["facts"],
                flags=data["flags"])
        except RuleViolation as refused:
            _form_error(form, refused)
        else:
            # Only the general procedure has a 立案, and the head approves it (R-CASE-13).
            text = (_("Case %(number)s proposed; the head approves the opening.")
                    if case.procedure == "penalty_general" else _("%(number)s registered."))
            messages.success(request, text % {"number": case.number})
            return redirect("cases:detail", case.pk)
    return render(request, "cases/case_new.html", {"form": form, "body": body})


def _form_error(form, refused: RuleViolation) -> None:
    """The refusal beside the field it names: the party rules name the party's own fields
    ("id_number"), which the 立案 form calls party_id_number."""
    field = refused.details.get("field")
    if field not in form.fields:
        field = "party_representative" if field == "legal_representative" else f"party_{field}"
    form.add_error(field if field in form.fields else None, refused.message)


def _side_forms(case, side: dict) -> dict:
    """The small forms beside the step form, blank, or as the user typed them when refused
    (``side``: {"recusal": form, ("recusal", pk): decision form, …})."""
    return {
        "recusal_form": side.get("recusal") or RecusalForm(case=case),
        "period_form": side.get("period") or PeriodForm(),
        "extension_form": side.get("extension") or ExtensionForm(),
        "discussion_form": side.get("discussion") or ReasonForm(auto_id="id_discussion_%s"),
        "exception_form": side.get("exception") or _exception_form(),
        "export_form": side.get("export") or _export_form(),
    }


def _page(request, case, *, step_form=None, error=None, status=200, side=None):
    user = request.user
    side = side or {}
    workflow = case.workflow
    step = workflow.step(case.current_step)
    is_open = case.state == Case.State.OPEN
    may_act = _may_act(user, case, step) if is_open else False
    if step_form is None and is_open:
        step_form = StepForm(case=case)
    documents = list(case.documents.order_by("issued_at", "id"))
    issued_here = {d.doc_type for d in documents if d.step == step.code}
    doc_choices = [(code, DOCUMENT_TYPES[code][0], code in issued_here, code in step.documents)
                   for code in (*step.documents, *step.optional_documents)]
    level = guards.recording_level(case, step) if is_open else Recording.NONE
    context = {
        "case": case, "workflow": workflow, "step": step, "is_end": step.kind == StepKind.END,
        "parties": case.parties.all(), "officers": case.case_officers.select_related(
            "officer").order_by("removed_on", "role", "pk"),
        "step_form": step_form, "may_act": may_act, "error": error,
        "deadlines": deadlines.case_deadlines(case),
        "documents": documents, "doc_choices": doc_choices,
        "recording_level": level, "recording_required": level != Recording.NONE,
        "recusals": _with_decision_forms(
            case.recusals.select_related("officer").order_by("-applied_on", "-pk"),
            side, "recusal"),
        "periods": case.excluded_periods.order_by("first"),
        "extensions": case.extensions.order_by("approved_on"),
        "decision_form": DecisionForm(), **_side_forms(case, side),
        "discretion_typed": side.get("discretion"),
        "is_head": has_role(user, Role.HEAD) and user.body_id == case.body_id,
        "is_officer": permissions.is_case_officer(user, case),
        "missing_documents": guards.missing_documents(case, step) if is_open else [],
        "records_enabled": _records_enabled(),
    }
    context.update(_records_context(case))
    from sanxiang.records.views import may_supplement, supplements_of

    context["supplements"] = supplements_of(case)
    context["may_supplement"] = may_supplement(user, case)
    context["exceptions"] = _with_decision_forms(
        case.recording_exceptions.order_by("-requested_at", "-pk"), side, "exception")
    from sanxiang.review.views import case_panel_context

    context.update(case_panel_context(case, user))
    # The review and the collective discussion are recorded through their own pages, which
    # produce the opinion and the record; the generic step form would skip them.
    context["review_step"] = step.code in REVIEW_PAGE_STEPS
    return render(request, "cases/case_detail.html", context, status=status)


def _records_enabled() -> bool:
    return True


def _records_context(case) -> dict:
    """Evidence, the timeline and the completeness check, from the records app."""
    from sanxiang.records import casefile

    evidence = list(case.evidence.select_related("captured_by").order_by("captured_from", "pk"))
    for item in evidence:
        item.step_name = _step_name(case, item.step)  # the step's name, not its code
    return {"evidence": evidence, "timeline": casefile.timeline(case),
            "findings": casefile.completeness(case)}


def _may_act(user, case, step) -> bool:
    try:
        permissions.require_case_staff(user, case, step)
    except RuleViolation:
        return False
    return True


@login_required
@require_GET
def case_detail(request, pk):
    case = _visible(request, pk)
    log_access(request.user, case)
    return _page(request, case)


@login_required
@require_POST
def complete_step(request, pk):
    case = _visible(request, pk)
    form = StepForm(request.POST, case=case)
    if not form.is_valid():
        return _page(request, case, step_form=form, status=422)
    data = form.cleaned_data
    officers = list(data["officers"]) or None
    try:
        record = actions.complete_step(
            acting_user=request.user, case=case, step=case.current_step, to=data.get("to"),
            done_on=data["done_on"], data=form.step_values(), officers=officers,
            expected_version=data["version"])
    except RuleViolation as refused:
        _form_error(form, refused)
        case.refresh_from_db()
        return _page(request, case, step_form=form, error=refused, status=409)
    messages.success(request, _("“%(step)s” recorded.") % {
        "step": _step_name(case, record.step)})
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def issue_document(request, pk):
    """Issue a document from the step form: the facts entered there, and the document's own
    facts, are what it states. The page comes back with the form as entered, so the step is
    then recorded with the same facts."""
    from sanxiang.cases.document_actions import issue_document as issue

    case = _visible(request, pk)
    doc_type = request.POST.get("issue", "")
    if doc_type not in DOCUMENT_TYPES or case.state != Case.State.OPEN:
        messages.error(request, _("The document request was not valid."))
        return redirect("cases:detail", case.pk)
    form = StepForm(request.POST, case=case, issuing=True)
    if not form.is_valid():
        return _page(request, case, step_form=form, status=422)
    data = {**form.step_values(), **form.document_values(doc_type)}
    try:
        document = issue(acting_user=request.user, case=case, doc_type=doc_type,
                         issued_on=form.cleaned_data["done_on"], data=data)
    except RuleViolation as refused:
        _form_error(form, refused)
        return _page(request, case, step_form=form, error=refused, status=409)
    messages.success(request, _("%(title)s issued: %(number)s.") % {
        "title": document.title, "number": document.number or _("no number")})
    case.refresh_from_db()
    return _page(request, case, step_form=StepForm(request.POST, case=case, issuing=True))


@login_required
@require_GET
def document_file(request, pk, fmt):
    from sanxiang.cases import documents as rendering
    from sanxiang.core.pdf import pdf_response

    document = get_object_or_404(Document.objects.visible_to(request.user)
                                 .select_related("case"), pk=pk)
    _log_document(request, document, "download" if fmt == "docx" else "view")
    name = f"{document.number or document.title}-v{document.version}"
    if fmt == "pdf":
        try:
            data = rendering.pdf_bytes(document)
        except RuleViolation as refused:
            return HttpResponse(refused.message, status=409,
                                content_type="text/plain; charset=utf-8")
        # ?print=1 opens it in the browser's viewer, ready to print (the 打印 link).
        return pdf_response(data, filename=f"{name}.pdf",
                            ascii_filename=f"document-{document.pk}.pdf",
                            inline=request.GET.get("print") == "1")
    if fmt == "docx":
        from django.utils.http import content_disposition_header

        response = HttpResponse(
            rendering.docx_bytes(document), content_type=(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.docx")
        return response
    raise Http404


def case_page(request, case, *, status=200, side=None):
    """The case page for a form of another app refused on it (the discretion factors)."""
    return _page(request, case, status=status, side=side)


def _with_decision_forms(rows, side: dict, kind: str) -> list:
    """Each pending request with its decision form: the head's refused one as typed."""
    rows = list(rows)
    for row in rows:
        row.decision_form = side.get((kind, row.pk)) or DecisionForm()
    return rows


def _log_document(request, document, action):
    try:
        from sanxiang.records.custody import log_access as custody_log
    except ImportError:
        log_access(request.user, document, action=action)
        return
    custody_log(user=request.user, action=action, reason=_("case handling"),
                document=document, case=document.case, request=request)


def _act(request, case, call, success: str):
    try:
        call()
    except RuleViolation as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, success)
    return redirect("cases:detail", case.pk)


def _side_act(request, case, key, form, call, success: str):
    """A small form of the case page: refused (a field left empty, a rule), the page comes
    back with the form as typed, its message beside the field and at the top; done, the
    case page with the success message."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except RuleViolation as refused:
            _form_error(form, refused)
            messages.error(request, refused.message)
            return _page(request, case, side={key: form}, status=409)
        messages.success(request, success)
        return redirect("cases:detail", case.pk)
    messages.error(request, _("The form was not saved: see the marked fields."))
    return _page(request, case, side={key: form}, status=422)


@login_required
@require_POST
def recusal_apply(request, pk):
    case = _visible(request, pk)
    return _side_act(request, case, "recusal", RecusalForm(request.POST, case=case),
                     lambda data: actions.apply_recusal(
                         acting_user=request.user, case=case, officer=data["officer"],
                         applicant=data["applicant"], reason=data["reason"],
                         applied_on=timezone.localdate()),
                     _("The application for withdrawal is recorded; the head decides."))


@login_required
@require_POST
def recusal_decide(request, pk):
    recusal = get_object_or_404(Recusal.objects.visible_to(request.user), pk=pk)
    return _side_act(request, recusal.case, ("recusal", recusal.pk), DecisionForm(request.POST),
                     lambda data: actions.decide_recusal(
                         acting_user=request.user, recusal=recusal, granted=data["granted"],
                         reason=data["reason"], decided_on=timezone.localdate()),
                     _("The decision on the withdrawal is recorded."))


@login_required
@require_POST
def period_start(request, pk):
    case = _visible(request, pk)
    return _side_act(request, case, "period", PeriodForm(request.POST),
                     lambda data: actions.start_excluded_period(
                         acting_user=request.user, case=case, kind=data["kind"],
                         first=data["first"], reason=data["reason"], cause=data["cause"]),
                     _("The period is recorded; it does not count towards the time limits."))


@login_required
@require_POST
def discussion_request(request, pk):
    """The officers put the case forward for collective discussion (R-CASE-17)."""
    case = _visible(request, pk)
    return _side_act(request, case, "discussion",
                     ReasonForm(request.POST, auto_id="id_discussion_%s"),
                     lambda data: actions.request_discussion(
                         acting_user=request.user, case=case, reason=data["reason"]),
                     _("The case is put forward for the heads' collective discussion."))


@login_required
@require_POST
def period_end(request, pk):
    period = get_object_or_404(ExcludedPeriod.objects.visible_to(request.user), pk=pk)
    return _act(request, period.case, lambda: actions.end_excluded_period(
        acting_user=request.user, period=period, last=timezone.localdate()),
        _("The period has ended."))


def _extension_step(case, rule: str) -> str:
    for step in case.workflow.steps:
        if any(d.rule == rule and d.extension_key for d in step.deadlines):
            return step.code
    if rule == "R-CASE-10":
        frozen = case.milestones.filter(event="freezing_started").exists()
        return "extend_freezing" if frozen else "extend"
    return case.current_step


@login_required
@require_POST
def extension_approve(request, pk):
    case = _visible(request, pk)
    return _side_act(request, case, "extension", ExtensionForm(request.POST),
                     lambda data: actions.approve_extension(
                         acting_user=request.user, case=case, rule=data["rule"],
                         step=_extension_step(case, data["rule"]), amount=data["amount"],
                         reason=data["reason"], approved_on=timezone.localdate()),
                     _("The extension is recorded."))


@login_required
@require_POST
def export_case_file(request, pk):
    """案卷导出 (R-REC-09): a ZIP anyone can verify offline; the reason is logged."""
    from django.http import FileResponse

    from sanxiang.records import bundle

    case = _visible(request, pk)
    form = _export_form(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for exporting the case file."))
        return _page(request, case, side={"export": form}, status=422)
    reason = form.cleaned_data["reason"]
    if request.POST.get("include_media"):
        # With the recordings the ZIP runs to gigabytes: a background job the officer
        # follows on its page and downloads from there. Without them it is a few documents
        # and proofs, and the officer gets the file at once, as before.
        from sanxiang.jobs import start as jobs

        job = jobs.start(user=request.user, kind="case_file",
                         title=_("Case file %(number)s with the recordings") % {
                             "number": case.number},
                         params={"case": case.pk, "reason": reason, "include_media": True})
        return redirect("jobs:detail", pk=job.pk)
    try:
        path = bundle.export_case_file(
            acting_user=request.user, case=case, reason=reason, request=request)
    except RuleViolation as refused:
        _form_error(form, refused)
        messages.error(request, refused.message)
        return _page(request, case, side={"export": form}, status=409)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name,
                        content_type="application/zip")


def _export_form(data=None):
    from django.utils.translation import gettext_lazy

    # The custody log keeps the reason whole; 200 characters, as the page always said.
    return ReasonForm(data, auto_id="export-%s", max_length=200,
                      label=gettext_lazy("Reason for the export"))


@login_required
@require_POST
def exception_request(request, pk):
    """Ask the head to accept that a step's recording could not be made (R-REC-03)."""
    from sanxiang.records import actions as records

    case = _visible(request, pk)
    return _side_act(request, case, "exception", _exception_form(request.POST),
                     lambda data: records.request_recording_exception(
                         acting_user=request.user, case=case, step=case.current_step,
                         reason=data["reason"]),
                     _("The exception is requested; the head decides."))


def _exception_form(data=None):
    from django.utils.translation import gettext_lazy

    return ReasonForm(data, auto_id="exception-%s", label=gettext_lazy(
        "Why no recording exists, and what records the act instead"))


@login_required
@require_POST
def exception_decide(request, pk):
    from sanxiang.records import actions as records
    from sanxiang.records.models import RecordingException

    exception = get_object_or_404(RecordingException.objects.visible_to(request.user), pk=pk)
    return _side_act(request, exception.case, ("exception", exception.pk),
                     DecisionForm(request.POST),
                     lambda data: records.decide_recording_exception(
                         acting_user=request.user, exception=exception,
                         approved=data["granted"], reason=data["reason"]),
                     _("The decision on the exception is recorded."))
