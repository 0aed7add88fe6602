"""Workbench forms for cases. They only shape input; every rule is checked by the actions,
so a form never decides what is lawful (the API, imports and the demo hit the same wall).

A step's form is built from ``step_data.FIELDS``, the same table the engine cleans with.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.cases import hooks, step_data
from sanxiang.cases.models import Case, CaseOfficer, ExcludedPeriod, Party, Recusal
from sanxiang.cases.workflows import PROCEDURES, StepKind
from sanxiang.catalog.models import PartyKind, PenaltyKind
from sanxiang.core.forms import ModelMultipleChoiceField
from sanxiang.org.models import Body, EnforcementField, Officer

# Above this many bodies (a province) the body filter is not offered as a select.
BODY_SELECT_LIMIT = 200

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# 处罚法 58 (legal review) and 57 (collective discussion): what the 立案 records.
FLAG_CHOICES = (
    ("major_rights", _("touches major rights or the public interest")),
    ("public_interest", _("involves a major public interest")),
    ("complex", _("complex case")),
    ("serious", _("serious violation")),
)


class CaseFilterForm(forms.Form):
    """The case list's filters: procedure, state, officer, body, opening date and overdue.
    Every filter but "overdue" is an indexed query; overdue is computed from the derived
    deadlines over a bounded set of the oldest open cases (``workbench.todo``)."""

    q = forms.CharField(label=_("Case number, cause or party"), required=False, max_length=60,
                        widget=forms.TextInput(attrs={"type": "search"}))
    procedure = forms.ChoiceField(label=pgettext_lazy("case", "procedure"), required=False,
                                  choices=[("", _("All"))] + [
                                      (p.code, p.name) for p in PROCEDURES.values()])
    state = forms.ChoiceField(label=pgettext_lazy("case", "state"), required=False,
                              choices=[("", _("All")), *list(Case.State.choices)])
    officer = forms.CharField(label=_("Officer (name)"), required=False, max_length=30)
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none(),
                                  required=False, empty_label=_("All bodies"))
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=DATE_INPUT)
    opened_to = forms.DateField(label=_("Opened until"), required=False, widget=DATE_INPUT)
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = (Body.objects.visible_to(user).only("pk", "name", "region_code")
                  if user is not None else Body.objects.none())
        self.fields["body"].queryset = bodies
        # A user who sees one body (or a province of them) gets no select to scroll.
        if not 1 < bodies[: BODY_SELECT_LIMIT + 1].count() <= BODY_SELECT_LIMIT:
            self.fields["body"].widget = forms.HiddenInput()
        self.user = user

    def filter(self, cases):
        """``cases`` narrowed by every filter but "overdue"; nothing when the input is bad."""
        if not self.is_bound:
            return cases
        if not self.is_valid():
            return cases.none()
        data = self.cleaned_data
        if data["state"]:
            cases = cases.filter(state=data["state"])
        if data["procedure"]:
            cases = cases.filter(procedure=data["procedure"])
        if data["body"]:
            cases = cases.filter(body=data["body"])
        if data["opened_from"]:
            cases = cases.filter(opened_on__gte=data["opened_from"])
        if data["opened_to"]:
            cases = cases.filter(opened_on__lte=data["opened_to"])
        if data["mine"] and self.user is not None and self.user.officer_id:
            cases = cases.filter(pk__in=CaseOfficer.objects.filter(
                officer_id=self.user.officer_id, removed_on__isnull=True).values("case_id"))
        if name := data["officer"].strip():
            cases = cases.filter(pk__in=CaseOfficer.objects.filter(
                officer__name=name, removed_on__isnull=True).values("case_id"))
        if text := data["q"].strip():
            cases = cases.filter(Q(number=text) | Q(title__contains=text)
                                 | Q(pk__in=Party.objects.filter(name__startswith=text)
                                     .values("case_id")))
        return cases

    @property
    def only_overdue(self) -> bool:
        return self.is_bound and self.is_valid() and self.cleaned_data["overdue"]


class NewCaseForm(forms.Form):
    procedure = forms.ChoiceField(label=pgettext_lazy("case", "procedure"),
                                  choices=[(p.code, p.name) for p in PROCEDURES.values()])
    title = forms.CharField(label=pgettext_lazy("case", "cause of action"), max_length=200)
    field = forms.ModelChoiceField(label=pgettext_lazy("case", "enforcement category"),
                                   queryset=EnforcementField.objects.none(),
                                   to_field_name="code")
    officers = ModelMultipleChoiceField(
        label=_("Officers (the first chosen is in charge)"), queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    opened_on = forms.DateField(label=pgettext_lazy("case", "opened on"), widget=DATE_INPUT)
    violation_on = forms.DateField(label=pgettext_lazy("case", "violation ended on"),
                                   required=False, widget=DATE_INPUT)
    discovered_on = forms.DateField(label=pgettext_lazy("case", "discovered on"),
                                    required=False, widget=DATE_INPUT)
    serious_harm = forms.BooleanField(
        label=pgettext_lazy("case", "harmed life, health or financial safety"),
        required=False)
    source = forms.CharField(label=pgettext_lazy("case", "source of the case"), max_length=100,
                             required=False)
    facts = forms.CharField(label=pgettext_lazy("case", "facts"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    flags = forms.MultipleChoiceField(label=pgettext_lazy("case", "review circumstances"),
                                      choices=FLAG_CHOICES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    party_kind = forms.ChoiceField(label=pgettext_lazy("case", "kind of party"),
                                   choices=PartyKind.choices)
    party_name = forms.CharField(label=_("Party name"), max_length=200)
    party_id_kind = forms.ChoiceField(label=pgettext_lazy("case", "kind of identifier"),
                                      choices=Party.IdKind.choices)
    party_id_number = forms.CharField(label=pgettext_lazy("case", "identifier"), max_length=40)
    party_representative = forms.CharField(
        label=pgettext_lazy("case", "legal representative or operator"), max_length=50,
        required=False)
    party_address = forms.CharField(label=pgettext_lazy("case", "address"), max_length=200,
                                    required=False)
    party_phone = forms.CharField(label=pgettext_lazy("case", "phone"), max_length=30,
                                  required=False)
    party_birth_date = forms.DateField(label=pgettext_lazy("case", "date of birth"),
                                       required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    party_age = forms.IntegerField(label=pgettext_lazy("case", "age at the time of the act"),
                                   required=False, min_value=0, max_value=150)
    party_guardian = forms.CharField(label=pgettext_lazy("case", "guardian"), max_length=50,
                                     required=False)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = EnforcementField.objects.order_by("code")
        self.fields["officers"].queryset = Officer.objects.filter(body=body).order_by("name")
        self.fields["opened_on"].initial = timezone.localdate()

    def party(self) -> dict:
        data = self.cleaned_data
        return {"kind": data["party_kind"], "name": data["party_name"],
                "id_kind": data["party_id_kind"], "id_number": data["party_id_number"],
                "legal_representative": data["party_representative"],
                "address": data["party_address"], "phone": data["party_phone"],
                "birth_date": data.get("party_birth_date"), "age": data.get("party_age"),
                "guardian": data.get("party_guardian") or ""}


def _current_entries(case: Case, kind: str):
    from sanxiang.catalog.models import Catalogue
    from sanxiang.catalog.queries import current_version, entries_of

    catalogue = Catalogue.objects.filter(body_id=case.body_id, kind=kind).first()
    version = current_version(catalogue) if catalogue is not None else None
    return entries_of(version) if version is not None else None


def item_choices(case: Case) -> list[tuple[str, str]]:
    """The body's published penalty items, each with its penalty provision (执法事项清单)."""
    from sanxiang.catalog.legal import format_bases
    from sanxiang.catalog.models import Catalogue, EnforcementItem

    entries = _current_entries(case, Catalogue.Kind.ITEMS)
    if entries is None:
        return []
    rows = entries.filter(category__in=(EnforcementItem.Category.PENALTY,
                                        EnforcementItem.Category.COERCION,
                                        EnforcementItem.Category.LICENSING)).order_by("code")
    return [(item.code, f"{item.code} {item.name}（{format_bases(item.legal_bases)}）")
            for item in rows[:500]]


def benchmark_help(case: Case, item_code: str) -> str:
    """The 裁量基准 ranges of the item, by circumstance level, shown beside the amount."""
    from django.template.defaultfilters import floatformat

    from sanxiang.catalog.models import Catalogue

    def format_amount(value) -> str:
        # As the workbench writes amounts (ADR 0073): 10000元, not a document's 10,000.00元.
        return f"{floatformat(value, '-2g')}元"

    entries = _current_entries(case, Catalogue.Kind.BENCHMARKS)
    if entries is None or not item_code:
        return ""
    parts = []
    for row in entries.filter(item_code=item_code).order_by("fine_min", "pk")[:12]:
        if row.fine_min is None and row.fine_max is None:
            continue
        parts.append(_("%(level)s: %(low)s to %(high)s") % {
            "level": row.get_level_display(), "low": format_amount(row.fine_min or 0),
            "high": format_amount(row.fine_max) if row.fine_max is not None else "—"})
    if not parts:
        return ""
    return _("Discretion benchmark: %(ranges)s") % {"ranges": "；".join(parts)}


def _field_for(spec: step_data.Field, case: Case, *, issuing: bool = False) -> forms.Field:
    common = {"label": spec.label,
              "required": spec.required and spec.kind != step_data.BOOL and not issuing,
              "help_text": spec.help}
    kind = spec.kind
    if kind == step_data.ITEM:
        return forms.ChoiceField(choices=[("", "—"), *item_choices(case)], **common)
    if kind == step_data.PROVISION:
        return forms.CharField(max_length=300, **common)
    if kind == step_data.DOCS:
        return forms.TypedMultipleChoiceField(
            coerce=int, widget=forms.CheckboxSelectMultiple, choices=[
                (d.pk, f"{d.title}（{d.number}）" if d.number else d.title)
                for d in case.documents.order_by("issued_on", "pk")], **common)
    if kind == step_data.DATE:
        return forms.DateField(widget=DATE_INPUT, **common)
    if kind == step_data.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                       format="%Y-%m-%dT%H:%M"), **common)
    if kind == step_data.TEXT:
        return forms.CharField(max_length=500, **common)
    if kind == step_data.LONGTEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == step_data.BOOL:
        return forms.BooleanField(**common)
    if kind == step_data.MONEY:
        return forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, **common)
    if kind == step_data.KINDS:
        return forms.MultipleChoiceField(choices=spec.choices or PenaltyKind.choices,
                                         widget=forms.CheckboxSelectMultiple, **common)
    if kind == step_data.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *list(spec.choices)], **common)
    if kind == step_data.OFFICER:
        return forms.ModelChoiceField(
            queryset=Officer.objects.filter(body=case.body).order_by("name"), **common)
    raise ValueError(kind)


FINE_FIELDS = ("proposed_fine", "notified_fine", "decided_fine")


def _prefill(case: Case, step_code: str) -> dict:
    """What the form starts from: the facts recorded at earlier steps under the same name
    (the legal basis carries from the report to the notice and the decision), then those
    the step's issued documents state."""
    from sanxiang.cases.documents import as_date

    values: dict = {}
    for record in case.steps.order_by("seq"):
        values.update({k: v for k, v in record.data.items() if v not in (None, "", [])})
    for content in case.documents.filter(step=step_code).order_by("issued_at", "pk") \
            .values_list("data", flat=True):
        values.update({k: v for k, v in content.get("values", {}).items()
                       if not k.startswith("_") and v not in (None, "", [])})
    specs = step_data.fields_for(case.procedure, step_code)
    initial = {}
    for spec in specs:
        value = values.get(spec.name)
        if value in (None, "", []):
            continue
        if spec.kind == step_data.DATE:
            value = as_date(value)
        initial[f"data_{spec.name}"] = value
    return initial


class StepForm(forms.Form):
    """Complete the case's current step: the facts it records, who did it, what comes next.

    The facts come first: the step's documents are issued from this form (each with the
    facts it records itself, ``document_specs.OWN_FIELDS``), so a document states what the
    officer entered and the step then records the same facts."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Date of the act"), widget=DATE_INPUT)
    officers = ModelMultipleChoiceField(label=_("Officers who carried it out"),
                                              queryset=Officer.objects.none(),
                                              widget=forms.CheckboxSelectMultiple,
                                              required=False)

    def __init__(self, *args, case: Case, issuing: bool = False, **kwargs):
        from sanxiang.cases.document_specs import own_fields

        super().__init__(*args, **kwargs)
        self.case = case
        step = case.workflow.step(case.current_step)
        self.step = step
        self.fields["version"].initial = case.version
        self.fields["done_on"].initial = timezone.localdate()
        active = case.case_officers.filter(removed_on__isnull=True).values("officer_id")
        self.fields["officers"].queryset = Officer.objects.filter(pk__in=active)
        self.fields["officers"].initial = list(self.fields["officers"].queryset)
        if len(step.next) > 1:
            self.fields["to"] = forms.ChoiceField(
                label=_("Next step"),
                choices=[(t.to, f"{case.workflow.step(t.to).name}"
                                + (f"（{t.condition_label}）" if t.condition else ""))
                         for t in step.next],
                widget=forms.RadioSelect)
        self.data_fields = []
        for spec in step_data.fields_for(case.procedure, step.code):
            if spec.stamped:  # the platform records who and when (R-CASE-15)
                continue
            name = f"data_{spec.name}"
            self.fields[name] = _field_for(spec, case, issuing=issuing)
            self.data_fields.append(name)
        fines = [name for name in FINE_FIELDS if f"data_{name}" in self.fields]
        if fines:
            recorded = case.steps.filter(data__has_key="item").order_by("-seq").first()
            code = (recorded.data.get("item") if recorded else "") or case.item_code
            # R-AST-01: the range the recorded factors suggest, beside the amount (the
            # FINE_ADVICE hook, registered by ``discretion``).
            suggested, level = hooks.fine_advice(case=case, item_code=code)
            for name in fines:
                self.fields[f"data_{name}"].help_text = " ".join(
                    part for part in (suggested, benchmark_help(case, code)) if part)
            if level and "data_circumstance_level" in self.fields:
                self.fields["data_circumstance_level"].initial = level
        if not self.is_bound:
            self.initial.update(_prefill(case, step.code))
        # The documents' own facts, grouped per document under the button that issues it.
        self.document_fields: dict[str, list[str]] = {}
        for code in (*step.documents, *step.optional_documents):
            names = []
            for spec in own_fields(code):
                name = f"doc_{code}__{spec.name}"
                self.fields[name] = _field_for(spec, case, issuing=True)
                names.append(name)
            self.document_fields[code] = names
        # Issuing leaves the act's other fields alone: only the date must be valid.
        if issuing:
            for name in ("officers", "to"):
                if name in self.fields:
                    self.fields[name].required = False

    @property
    def is_end(self) -> bool:
        return self.step.kind == StepKind.END

    def step_values(self) -> dict:
        values = {}
        for name in self.data_fields:
            value = self.cleaned_data.get(name)
            if isinstance(value, Officer):
                value = value.pk
            values[name.removeprefix("data_")] = value
        return values

    def main_fields(self):
        own = {name for names in self.document_fields.values() for name in names}
        return [field for field in self.visible_fields() if field.name not in own]

    def document_values(self, doc_type: str) -> dict:
        values = {}
        for name in self.document_fields.get(doc_type, ()):
            value = self.cleaned_data.get(name)
            values[name.split("__", 1)[1]] = value
        return values

    def document_groups(self):
        """(code, name, [bound fields]) for the template."""
        from sanxiang.cases.workflows import DOCUMENT_TYPES

        return [(code, DOCUMENT_TYPES[code][0], [self[name] for name in names])
                for code, names in self.document_fields.items()]


class RecusalForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    applicant = forms.ChoiceField(label=_("Who applies"), choices=Recusal.Applicant.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("auto_id", "id_recusal_%s")
        super().__init__(*args, **kwargs)
        active = case.case_officers.filter(removed_on__isnull=True).values("officer_id")
        self.fields["officer"].queryset = Officer.objects.filter(pk__in=active)


class ReasonForm(forms.Form):
    """A reason alone: asking for collective discussion, for a recording exception, or for
    an export. Whitespace only is no reason (Django strips it, then finds it empty)."""

    reason = forms.CharField(label=_("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, label=None, max_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_length:  # a line, not a paragraph (the export's reason)
            self.fields["reason"] = forms.CharField(max_length=max_length)
        if label:
            self.fields["reason"].label = label


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                     choices=(("yes", _("Approve")), ("no", _("Refuse"))),
                                     widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reasons"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=ExcludedPeriod._meta.get_field(
        "kind").choices)
    first = forms.DateField(label=_("From"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    cause = forms.CharField(
        label=_("What caused it (the hearing, the testing body and report, the expert "
                "review or the suspension decision)"), max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_period_%s")
        super().__init__(*args, **kwargs)


class ExtensionForm(forms.Form):
    rule = forms.ChoiceField(label=_("Time limit"), choices=(
        ("R-CASE-13", _("Time limit for opening the case (R-CASE-13)")),
        ("R-CASE-05", _("Time limit for the decision (R-CASE-05)")),
        ("R-CASE-10", _("Seizure period (R-CASE-10)")),
        ("R-CASE-11", _("Licence decision (R-CASE-11)")),
    ))
    amount = forms.IntegerField(label=_("Extended by (days)"), min_value=1, max_value=366)
    reason = forms.CharField(label=_("Written reasons"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_extension_%s")
        super().__init__(*args, **kwargs)
