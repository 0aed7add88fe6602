"""The lists behind the dashboard's figures (R-SUP-01), one function per list: the page
and its Excel export (``supervision.exports``) filter through the same function, so the
export is exactly the list the figure links to. Every filter is on an indexed column and
scoped by ``visible_to``; a bad parameter is a 404, never a 500.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from sanxiang.cases.models import Case
from sanxiang.core.parsing import parse_id
from sanxiang.supervision import actions
from sanxiang.supervision.models import Complaint, Evaluation, Outcome, SupervisionDocument


def query_id(value):
    """A record's id from a query: words and numbers no database column holds are a 404."""
    if value in (None, ""):
        return None
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return pk


def cases(user, params):
    from sanxiang.records.models import Evidence

    rows = Case.objects.visible_to(user).select_related("body")
    body = query_id(params.get("body"))
    if body:
        rows = rows.filter(body_id=body)
    procedure = params.get("procedure", "")
    if procedure:
        rows = rows.filter(procedure=procedure)
    state = params.get("state", "")
    if state == "closed":
        rows = rows.exclude(state=Case.State.OPEN)
    elif state:
        rows = rows.filter(state=state)
    if params.get("penalty"):
        rows = rows.filter(decided_on__isnull=False, decided_fine__gt=0)
    if params.get("late_upload"):
        rows = rows.filter(Exists(Evidence.objects.filter(case=OuterRef("pk"), late=True)))
    month = params.get("month", "")
    if month:
        try:
            start = date.fromisoformat(f"{month}-01")
        except ValueError:
            raise Http404 from None
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        rows = rows.filter(opened_on__gte=start, opened_on__lt=end)
    return rows


def keyset(rows, after: str, *, page: int):
    """Newest first by opening day and id, from the cursor ``after`` ("YYYY-MM-DD_pk")."""
    if after:
        try:
            on, pk = after.split("_")
            rows = rows.filter(Q(opened_on__lt=on) | Q(opened_on=on, pk__lt=int(pk)))
        except (ValueError, ValidationError):
            raise Http404 from None
    page_rows = list(rows.order_by("-opened_on", "-pk")[:page + 1])
    cursor = ""
    if len(page_rows) > page:
        page_rows = page_rows[:page]
        cursor = f"{page_rows[-1].opened_on.isoformat()}_{page_rows[-1].pk}"
    return page_rows, cursor


def complaints(user, params, today: date):
    rows = Complaint.objects.visible_to(user).select_related("body")
    if params.get("state") in Complaint.State.values:
        rows = rows.filter(state=params["state"])
    if params.get("overdue"):
        rows = rows.filter(actions.overdue_filter(today))
    body = query_id(params.get("body"))
    if body:
        rows = rows.filter(body_id=body)
    return rows.order_by("-filed_on", "-id")


def documents(user, params, today: date):
    rows = SupervisionDocument.objects.visible_to(user).select_related("body")
    if params.get("overdue"):
        rows = rows.filter(actions.document_overdue_filter(today))
    body = query_id(params.get("body"))
    if body:
        rows = rows.filter(body_id=body)
    return rows.order_by("-issued_on", "-id")


def outcomes(user, params):
    rows = Outcome.objects.visible_to(user).select_related("case", "case__body")
    body = query_id(params.get("body"))
    if body:
        rows = rows.filter(case__body_id=body)
    if params.get("lost"):
        rows = rows.filter(result__in=actions.LOST_RESULTS)
    return rows.order_by("-decided_on", "-id")


def evaluations(user, params):
    rows = (Evaluation.objects.visible_to(user).filter(state=Evaluation.State.DONE)
            .select_related("case", "body", "campaign"))
    body = query_id(params.get("body"))
    if body:
        rows = rows.filter(body_id=body)
    if params.get("grade"):
        rows = rows.filter(grade=params["grade"])
    return rows.order_by("-evaluated_on", "-id")
