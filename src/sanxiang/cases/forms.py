"""Workbench forms for cases. They only shape input; every rule is checked by the actions,
so a form never decides what is lawful (the API, imports and the demo hit the same wall).

A step's form is built from ``step_data.FIELDS``, the same table the engine cleans with.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.cases import step_data
from sanxiang.cases.models import Case, ExcludedPeriod, Party, Recusal
from sanxiang.cases.workflows import PROCEDURES, StepKind
from sanxiang.catalog.models import PartyKind, PenaltyKind
from sanxiang.org.models import EnforcementField, Officer

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# 处罚法 58 (legal review) and 57 (collective discussion): what the 立案 records.
FLAG_CHOICES = (
    ("major_rights", _("touches major rights or the public interest")),
    ("public_interest", _("involves a major public interest")),
    ("complex", _("complex case")),
    ("serious", _("serious violation")),
)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Case number, cause or party"), required=False, max_length=60,
                        widget=forms.TextInput(attrs={"type": "search"}))
    state = forms.ChoiceField(label=pgettext_lazy("case", "state"), required=False,
                              choices=[("", _("All")), *list(Case.State.choices)])
    procedure = forms.ChoiceField(label=pgettext_lazy("case", "procedure"), required=False,
                                  choices=[("", _("All"))] + [
                                      (p.code, p.name) for p in PROCEDURES.values()])
    mine = forms.BooleanField(label=_("Only my cases"), required=False)


class NewCaseForm(forms.Form):
    procedure = forms.ChoiceField(label=pgettext_lazy("case", "procedure"),
                                  choices=[(p.code, p.name) for p in PROCEDURES.values()])
    title = forms.CharField(label=pgettext_lazy("case", "cause of action"), max_length=200)
    field = forms.ModelChoiceField(label=pgettext_lazy("case", "enforcement category"),
                                   queryset=EnforcementField.objects.none(),
                                   to_field_name="code")
    officers = forms.ModelMultipleChoiceField(
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
                "address": data["party_address"], "phone": data["party_phone"]}


def _field_for(spec: step_data.Field, case: Case) -> forms.Field:
    common = {"label": spec.label, "required": spec.required and spec.kind != step_data.BOOL,
              "help_text": spec.help}
    kind = spec.kind
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


class StepForm(forms.Form):
    """Complete the case's current step: the facts it records, who did it, what comes next."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Date of the act"), widget=DATE_INPUT)
    officers = forms.ModelMultipleChoiceField(label=_("Officers who carried it out"),
                                              queryset=Officer.objects.none(),
                                              widget=forms.CheckboxSelectMultiple,
                                              required=False)

    def __init__(self, *args, case: Case, **kwargs):
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
            self.fields[name] = _field_for(spec, case)
            self.data_fields.append(name)

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


class IssueDocumentForm(forms.Form):
    doc_type = forms.CharField(widget=forms.HiddenInput)
    issued_on = forms.DateField(label=_("Date of the document"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Content"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()


class RecusalForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=Officer.objects.none())
    applicant = forms.ChoiceField(label=_("Who applies"), choices=Recusal.Applicant.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        active = case.case_officers.filter(removed_on__isnull=True).values("officer_id")
        self.fields["officer"].queryset = Officer.objects.filter(pk__in=active)


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                     choices=(("yes", _("Approve")), ("no", _("Refuse"))),
                                     widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=ExcludedPeriod._meta.get_field(
        "kind").choices)
    first = forms.DateField(label=_("From"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    cause = forms.CharField(
        label=_("What caused it (the hearing, the testing body and report, the expert "
                "review or the suspension decision)"), max_length=300)


class ExtensionForm(forms.Form):
    rule = forms.ChoiceField(label=_("Time limit"), choices=(
        ("R-CASE-13", _("Time limit for opening the case (R-CASE-13)")),
        ("R-CASE-05", _("Time limit for the decision (R-CASE-05)")),
        ("R-CASE-10", _("Seizure period (R-CASE-10)")),
        ("R-CASE-11", _("Licence decision (R-CASE-11)")),
    ))
    amount = forms.IntegerField(label=_("Extended by (days)"), min_value=1)
    reason = forms.CharField(label=_("Written reasons"), widget=forms.Textarea(attrs={"rows": 2}))
