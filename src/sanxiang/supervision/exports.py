"""Excel exports of the lists behind the dashboard's figures (R-SUP-01): the same filters
as the page (``supervision.lists``), streamed through ``core.opendata`` (write-only
openpyxl), at most ``LIMIT`` rows."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sanxiang.cases.models import Case
from sanxiang.core.access import log_list_export
from sanxiang.core.opendata import xlsx_response
from sanxiang.supervision import actions, lists
from sanxiang.supervision.models import Complaint, Evaluation, Outcome, SupervisionDocument
from sanxiang.supervision.views import _require_dashboard

LIMIT = 20000


def _cases(request, today):
    header = [_("Case number"), _("Cause of action"), _("Body"), _("Procedure"),
              _("State"), _("Opened on"), _("Decided on"), _("Fine (yuan)")]

    def rows():
        for case in lists.cases(request.user, request.GET).order_by(
                "-opened_on", "-pk")[:LIMIT].iterator(chunk_size=2000):
            yield [case.number, case.title, case.body.name, case.get_procedure_display(),
                   case.get_state_display(), case.opened_on, case.decided_on,
                   case.decided_fine]
    return _("Cases"), header, rows()


def _complaints(request, today):
    # The complainant's identity stays out of the export (R-SUP-02).
    header = [_("Tracking number"), _("Kind"), _("Body complained about"), _("Filed on"),
              _("State"), _("Accept or refuse by"), _("Answer by"), _("Answered on"),
              _("Overdue")]

    def rows():
        for c in lists.complaints(request.user, request.GET, today)[:LIMIT].iterator(
                chunk_size=2000):
            yield [c.number, c.get_kind_display(), c.body.name, c.filed_on,
                   c.get_state_display(), c.accept_due, c.answer_due, c.answered_on,
                   _("Yes") if actions.is_overdue(c, today) else _("No")]
    return _("Complaints and reports"), header, rows()


def _documents(request, today):
    header = [_("Document number"), _("Title"), _("Body addressed"), _("Issued on"),
              _("Answer by"), _("State"), _("Answered on"), _("Overdue")]

    def rows():
        for d in lists.documents(request.user, request.GET, today)[:LIMIT].iterator(
                chunk_size=2000):
            yield [d.number, d.title, d.body.name, d.issued_on, d.answer_due,
                   d.get_state_display(), d.answered_on,
                   _("Yes") if actions.document_overdue(d, today) else _("No")]
    return _("Supervision documents"), header, rows()


def _outcomes(request, today):
    header = [_("Case number"), _("Body"), _("Proceeding"), _("Reconsideration body or "
                                                               "court"),
              _("Applied or filed on"), _("Result"), _("Result dated")]

    def rows():
        for o in lists.outcomes(request.user, request.GET)[:LIMIT].iterator(chunk_size=2000):
            yield [o.case.number, o.case.body.name, o.get_proceeding_display(), o.forum,
                   o.applied_on, o.get_result_display(), o.decided_on]
    return _("Reconsideration and litigation outcomes"), header, rows()


def _evaluations(request, today):
    header = [_("Evaluation round"), _("Case number"), _("Body"), _("Score"), _("Grade"),
              _("Evaluated on")]

    def rows():
        for e in lists.evaluations(request.user, request.GET)[:LIMIT].iterator(
                chunk_size=2000):
            yield [e.campaign.title, e.case.number, e.body.name, e.score, e.grade,
                   e.evaluated_on]
    return _("Case-file evaluations"), header, rows()


KINDS = {"cases": (Case, _cases), "complaints": (Complaint, _complaints),
         "documents": (SupervisionDocument, _documents), "outcomes": (Outcome, _outcomes),
         "evaluations": (Evaluation, _evaluations)}


@login_required
@require_GET
def export(request, kind):
    _require_dashboard(request.user)
    if kind not in KINDS:
        raise Http404
    today = timezone.localdate()
    model, build = KINDS[kind]
    title, header, rows = build(request, today)
    log_list_export(request.user, model, query=request.GET.urlencode())
    return xlsx_response(f"{title}-{today.isoformat()}.xlsx", title, header, rows)
