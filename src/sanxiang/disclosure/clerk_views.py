"""The clerk's (公示员) publication pages: the queue, the review of one decision's text with
its redactions, approval and publication, withdrawal and early removal (R-PUB-04 … 07).

Thin: fetch through ``visible_to`` (out of scope is a 404), call an action, show its
Chinese message when a rule refuses. Redactions are shown as ``<mark>`` server-side, the
uncertain proposals (``masking.UNCERTAIN_RULES``) marked apart; the clerk adds one by typing
the exact text to hide, and hides or reveals every occurrence of a value at once — always
through ``actions.set_redactions``, which records who changed what under which rule.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sanxiang.core.access import log_access, log_list_export
from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_int
from sanxiang.disclosure import actions, masking
from sanxiang.disclosure.models import Disclosure
from sanxiang.org.models import Body
from sanxiang.org.roles import Role, has_role

QUEUE_SIZE = 50


class AddRedactionForm(forms.Form):
    fragment = forms.CharField(label=gettext_lazy("Exact text to hide"), max_length=300,
                               strip=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of information"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(masking.kind_labels().items())


# No date field on these forms: the platform stamps the day it publishes, withdraws or
# removes (R-CASE-15); the page says so beside the button.


class PublishForm(forms.Form):
    pass


class WithdrawForm(forms.Form):
    grounds = forms.ChoiceField(label=gettext_lazy("Grounds"),
                                choices=Disclosure.WithdrawalGrounds.choices)
    reason = forms.CharField(label=gettext_lazy("Reason for withdrawal (published)"),
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class EarlyRemovalForm(forms.Form):
    performed = forms.BooleanField(label=gettext_lazy("The party has performed the decision"),
                                   required=False)
    commitment = forms.CharField(label=gettext_lazy("Credit commitment"),
                                 widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


def _visible(request, pk) -> Disclosure:
    return get_object_or_404(Disclosure.objects.visible_to(request.user).select_related(
        "case", "body", "approved_by"), pk=pk)


def _may_act(user, disclosure) -> bool:
    return has_role(user, Role.CLERK) and user.body_id == disclosure.body_id


def segments(text: str, redactions) -> list[dict]:
    """``text`` cut at the redactions: [{"text", "kind", "rule"}], kind "" outside."""
    out, pos = [], 0
    labels = masking.kind_labels()
    for r in masking.normalise(masking.from_dicts(redactions), len(text)):
        if r.start > pos:
            out.append({"text": text[pos:r.start], "kind": ""})
        out.append({"text": text[r.start:r.end], "kind": r.kind, "rule": r.rule,
                    "label": labels.get(r.kind, r.kind), "rule_label": masking.rule_label(r.rule),
                    "uncertain": masking.is_uncertain(r.rule)})
        pos = r.end
    if pos < len(text):
        out.append({"text": text[pos:], "kind": ""})
    return out


class QueueFilterForm(forms.Form):
    """The publication lists' filters: body, state, decision date and overdue (indexed:
    body, state, due_on)."""

    body = forms.ModelChoiceField(label=gettext_lazy("Body"), queryset=Body.objects.none(),
                                  required=False, empty_label=gettext_lazy("All bodies"))
    state = forms.ChoiceField(label=pgettext_lazy("disclosure", "state"), required=False,
                              choices=[("", gettext_lazy("All")), *Disclosure.State.choices])
    decided_from = forms.DateField(label=gettext_lazy("Decided from"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    decided_to = forms.DateField(label=gettext_lazy("Decided until"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    overdue = forms.BooleanField(label=gettext_lazy("Only overdue"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.visible_to(user).only("pk", "name", "region_code")
        self.fields["body"].queryset = bodies
        if not 1 < bodies[:201].count() <= 200:
            self.fields["body"].widget = forms.HiddenInput()

    def filter(self, rows, today):
        if not self.is_bound:
            return rows
        if not self.is_valid():
            return rows.none()
        data = self.cleaned_data
        if data["body"]:
            rows = rows.filter(body=data["body"])
        if data["state"]:
            rows = rows.filter(state=data["state"])
        if data["decided_from"]:
            rows = rows.filter(decided_on__gte=data["decided_from"])
        if data["decided_to"]:
            rows = rows.filter(decided_on__lte=data["decided_to"])
        if data["overdue"]:
            rows = rows.filter(Q(state__in=[Disclosure.State.PENDING,
                                            Disclosure.State.APPROVED], due_on__lt=today)
                               | Q(state=Disclosure.State.PUBLISHED,
                                   withdrawal_due__lt=today, withdrawn_on__isnull=True))
        return rows


# An export is for a report: past this many rows, narrow the filters.
EXPORT_LIMIT = 20000


@login_required
@require_GET
def queue(request):
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None, user=request.user)
    rows = form.filter(Disclosure.objects.visible_to(request.user)
                       .select_related("case", "body"), today)
    if request.GET.get("format") == "xlsx":
        log_list_export(request.user, Disclosure, query=request.GET.urlencode())
        return _export(rows)
    pending = list(rows.filter(state=Disclosure.State.PENDING).order_by("due_on", "id")
                   [:QUEUE_SIZE])
    for row in pending:
        row.overdue = row.due_on < today
    withdrawals = list(rows.filter(state=Disclosure.State.PUBLISHED,
                                   withdrawal_due__isnull=False)
                       .order_by("withdrawal_due", "id")[:QUEUE_SIZE])
    for row in withdrawals:
        row.overdue = row.withdrawal_due < today
    blocked = list(rows.filter(state__in=[Disclosure.State.BLOCKED,
                                          Disclosure.State.NOT_PUBLISHED])
                   .order_by("-decided_on", "-id")[:QUEUE_SIZE])
    published = list(rows.filter(state__in=[Disclosure.State.PUBLISHED,
                                            Disclosure.State.WITHDRAWN,
                                            Disclosure.State.REMOVED])
                     .order_by("-published_on", "-id")[:QUEUE_SIZE])
    params = request.GET.copy()
    params["format"] = "xlsx"
    return render(request, "disclosure/clerk_queue.html", {
        "pending": pending, "withdrawals": withdrawals, "blocked": blocked,
        "published": published, "today": today, "form": form,
        "export_query": params.urlencode()})


def _export(rows):
    from sanxiang.core.opendata import xlsx_response

    header = [pgettext("disclosure", "Decision"), pgettext("disclosure", "Party"),
              _("Body"), pgettext("disclosure", "Category"), pgettext("disclosure", "state"),
              pgettext("disclosure", "Decided on"), pgettext("disclosure", "Publish by"),
              _("Published on")]

    def lines():
        for row in rows.order_by("-decided_on", "-id")[:EXPORT_LIMIT].iterator(chunk_size=1000):
            yield [row.document_number or row.title, row.party_name, row.body.name,
                   row.get_category_display(), row.get_state_display(), row.decided_on,
                   row.due_on, row.published_on]

    return xlsx_response(f"执法决定公示清单-{timezone.localdate().isoformat()}.xlsx",
                         _("Publication of decisions"), header, lines())


def by_value(disclosure) -> list[dict]:
    """The redactions grouped by the text they hide: how often it is hidden and how often it
    occurs, so the clerk can hide or reveal every occurrence at once."""
    text, groups = disclosure.source_text, {}
    for item in disclosure.redactions:
        value = text[item["start"]:item["end"]]
        group = groups.setdefault(value, {"value": value, "kind": item["kind"], "hidden": 0,
                                          "uncertain": False})
        group["hidden"] += 1
        group["uncertain"] |= item.get("source") != "clerk" and masking.is_uncertain(
            item.get("rule", ""))
    labels = masking.kind_labels()
    for group in groups.values():
        group["occurs"] = text.count(group["value"])
        group["label"] = labels.get(group["kind"], group["kind"])
    return sorted(groups.values(), key=lambda g: (not g["uncertain"], text.find(g["value"])))


def _page(request, disclosure, *, status=200, **forms_given):
    today = timezone.localdate()
    redactions = list(enumerate(disclosure.redactions))
    labels = masking.kind_labels()
    preview = disclosure.masked_text or masking.mask(
        disclosure.source_text, masking.from_dicts(disclosure.redactions))
    context = {
        "disclosure": disclosure,
        "case": disclosure.case,
        "may_act": _may_act(request.user, disclosure),
        "original": segments(disclosure.source_text, disclosure.redactions),
        "preview": preview,
        "redactions": [{"index": i, "text": disclosure.source_text[r["start"]:r["end"]],
                        "label": labels.get(r["kind"], r["kind"]),
                        "rule_label": masking.rule_label(r.get("rule", "")),
                        "uncertain": r.get("source") != "clerk" and masking.is_uncertain(
                            r.get("rule", "")), **r}
                       for i, r in redactions],
        "values": by_value(disclosure),
        "due_explanation": actions.due_explanation(disclosure),
        "overdue": actions.is_overdue(disclosure, today),
        "add_form": forms_given.get("add_form") or AddRedactionForm(),
        "publish_form": forms_given.get("publish_form") or PublishForm(),
        "withdraw_form": forms_given.get("withdraw_form") or WithdrawForm(
            initial={"grounds": disclosure.withdrawal_grounds or None}),
        "removal_form": forms_given.get("removal_form") or EarlyRemovalForm(),
        "today": today,
        "error": forms_given.get("error"),
    }
    return render(request, "disclosure/clerk_review.html", context, status=status)


@login_required
@require_GET
def review(request, pk):
    disclosure = _visible(request, pk)
    log_access(request.user, disclosure)  # the decision's full text, before masking
    return _page(request, disclosure)


def _refused(request, disclosure, refused, **forms_given):
    disclosure.refresh_from_db()
    return _page(request, disclosure, status=409, error=refused, **forms_given)


@login_required
@require_POST
def change_redactions(request, pk):
    disclosure = _visible(request, pk)
    items = list(disclosure.redactions)
    add_form = None
    if request.POST.get("add"):
        add_form = AddRedactionForm(request.POST)
        if not add_form.is_valid():
            return _page(request, disclosure, status=422, add_form=add_form)
        spans = actions.spans_of(disclosure, add_form.cleaned_data["fragment"])
        if not spans:
            add_form.add_error("fragment", _("This text does not occur in the decision."))
            return _page(request, disclosure, status=422, add_form=add_form)
        kind = add_form.cleaned_data["kind"]
        items += [{**span, "kind": kind, "rule": "clerk"} for span in spans]
    elif "unmask_value" in request.POST:
        # Reveal every occurrence of a value (a look-alike taken for a name, say).
        value = request.POST["unmask_value"]
        text = disclosure.source_text
        items = [item for item in items if text[item["start"]:item["end"]] != value]
    elif "mask_value" in request.POST:
        # Hide every occurrence of a value already hidden somewhere, with the same kind.
        value, kind = request.POST["mask_value"], request.POST.get("mask_kind", "")
        items += [{**span, "kind": kind, "rule": "clerk_all"}
                  for span in actions.spans_of(disclosure, value)]
    else:
        # ASCII digits only: "²".isdigit() is true but int("²") fails (a 500 before).
        remove = {parse_int(i, maximum=10 ** 6) for i in request.POST.getlist("remove")}
        items = [item for index, item in enumerate(items) if index not in remove]
    try:
        actions.set_redactions(acting_user=request.user, disclosure=disclosure,
                               redactions=items)
    except RuleViolation as refused:
        return _refused(request, disclosure, refused, add_form=add_form)
    messages.success(request, _("Redactions saved."))
    return redirect("disclosure:review", disclosure.pk)


@login_required
@require_POST
def publish(request, pk):
    disclosure = _visible(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _page(request, disclosure, status=422, publish_form=form)
    try:
        actions.approve_and_publish(acting_user=request.user, disclosure=disclosure)
    except RuleViolation as refused:
        return _refused(request, disclosure, refused, publish_form=form)
    messages.success(request, _("Approved and published."))
    return redirect("disclosure:review", disclosure.pk)


@login_required
@require_POST
def withdraw(request, pk):
    disclosure = _visible(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _page(request, disclosure, status=422, withdraw_form=form)
    data = form.cleaned_data
    try:
        actions.withdraw(acting_user=request.user, disclosure=disclosure,
                         reason=data["reason"], grounds=data["grounds"])
    except RuleViolation as refused:
        return _refused(request, disclosure, refused, withdraw_form=form)
    messages.success(request, _("Withdrawn; the notice of withdrawal is public."))
    return redirect("disclosure:review", disclosure.pk)


@login_required
@require_POST
def early_removal(request, pk):
    disclosure = _visible(request, pk)
    form = EarlyRemovalForm(request.POST)
    if not form.is_valid():
        return _page(request, disclosure, status=422, removal_form=form)
    data = form.cleaned_data
    try:
        actions.early_removal(acting_user=request.user, disclosure=disclosure,
                              performed=data["performed"], commitment=data["commitment"])
    except RuleViolation as refused:
        return _refused(request, disclosure, refused, removal_form=form)
    messages.success(request, _("Removed after credit repair."))
    return redirect("disclosure:review", disclosure.pk)
