"""Workbench forms of random inspections. They only shape input: every rule is the action's."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.core.forms import ModelMultipleChoiceField
from sanxiang.core.parsing import MAX_INT
from sanxiang.inspections.models import Conflict, Inspector, Result, Target, Task
from sanxiang.org.models import Body, EnforcementField

SPLIT = "、,，;；\n"


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"},
                                                               format="%Y-%m-%d"), **kwargs)


def words(text: str) -> list[str]:
    for sep in SPLIT:
        text = text.replace(sep, " ")
    return [w for w in text.split() if w]


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("inspection", "kind of object"),
                             choices=Target.Kind.choices)
    name = forms.CharField(label=pgettext_lazy("inspection", "name"), max_length=200)
    credit_code = forms.CharField(label=_("Unified social credit code"),
                                  max_length=30, required=False)
    entity_type = forms.CharField(label=pgettext_lazy("inspection", "type"), max_length=60,
                                  required=False)
    industry = forms.CharField(label=pgettext_lazy("inspection", "industry"), max_length=60,
                               required=False)
    region_code = forms.CharField(label=pgettext_lazy("inspection", "region code"),
                                  max_length=6)
    size = forms.ChoiceField(label=pgettext_lazy("inspection", "size"),
                             choices=[("", "—"), *Target.Size.choices], required=False)
    credit_class = forms.ChoiceField(label=pgettext_lazy("inspection", "credit-risk class"),
                                     choices=[("", "—"), *Target.CreditClass.choices],
                                     required=False)
    abnormal = forms.BooleanField(label=pgettext_lazy(
        "inspection", "on the list of abnormal operations"), required=False)
    address = forms.CharField(label=pgettext_lazy("inspection", "registered address"),
                              max_length=200,
                              required=False)
    legal_representative = forms.CharField(label=pgettext_lazy("inspection",
                                                               "legal representative"),
                                           max_length=50, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))
    only_valid = forms.BooleanField(label=_("Import the good rows even if some rows have "
                                            "errors"), required=False)


class ConflictForm(forms.Form):
    target_code = forms.CharField(label=_("Directory code of the object"), max_length=20)
    officer = forms.ModelChoiceField(label=pgettext_lazy("inspection", "officer"),
                                     queryset=None)
    reason = forms.ChoiceField(label=pgettext_lazy("inspection", "reason"),
                               choices=Conflict.Reason.choices)
    declared_on = _date(pgettext_lazy("inspection", "declared on"),
                        initial=timezone.localdate)
    note = forms.CharField(label=pgettext_lazy("inspection", "note"), max_length=200,
                           required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class InspectorForm(forms.Form):
    officer = forms.ModelChoiceField(label=pgettext_lazy("inspection", "officer"),
                                     queryset=None)
    item_codes = forms.CharField(label=_("Item codes they may inspect (empty: all)"),
                                 required=False, max_length=500)
    region_code = forms.CharField(label=pgettext_lazy("inspection", "area"), max_length=6,
                                  required=False)
    status = forms.ChoiceField(label=pgettext_lazy("inspection", "status"),
                               choices=Inspector.Status.choices)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class PlanForm(forms.Form):
    year = forms.IntegerField(label=pgettext_lazy("inspection", "year"), min_value=2000,
                              max_value=2100, initial=lambda: timezone.localdate().year)
    title = forms.CharField(label=pgettext_lazy("inspection", "title"), max_length=200)
    planned_tasks = forms.IntegerField(label=pgettext_lazy("inspection", "tasks planned"),
                                       min_value=1, max_value=MAX_INT)
    planned_objects = forms.IntegerField(label=pgettext_lazy("inspection", "objects planned"),
                                         min_value=1, max_value=MAX_INT)
    content = forms.CharField(label=pgettext_lazy("inspection", "content"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class TaskForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("inspection", "title"), max_length=200)
    field = forms.ModelChoiceField(label=pgettext_lazy("inspection", "enforcement category"),
                                   queryset=EnforcementField.objects.all(), to_field_name="code")
    items = forms.MultipleChoiceField(label=_("Items of the random-inspection list"),
                                      widget=forms.CheckboxSelectMultiple)
    key_items = forms.MultipleChoiceField(label=_("Key items (may be inspected again within "
                                                  "the repeat period)"),
                                          widget=forms.CheckboxSelectMultiple, required=False)
    partners = ModelMultipleChoiceField(label=_("Joint bodies"), required=False,
                                              queryset=Body.objects.all())
    filter_kind = forms.ChoiceField(label=pgettext_lazy("inspection", "object filter"),
                                    choices=Task.FilterKind.choices,
                                    widget=forms.RadioSelect)
    types = forms.CharField(label=_("Types (directed)"), required=False, max_length=300)
    industries = forms.CharField(label=_("Industries (directed)"), required=False,
                                 max_length=300)
    regions = forms.CharField(label=_("Region codes or prefixes (directed)"), required=False,
                              max_length=300)
    sizes = forms.MultipleChoiceField(label=_("Sizes (directed)"), required=False,
                                      choices=Target.Size.choices,
                                      widget=forms.CheckboxSelectMultiple)
    classes = forms.MultipleChoiceField(label=_("Credit-risk classes (directed)"),
                                        required=False, choices=Target.CreditClass.choices,
                                        widget=forms.CheckboxSelectMultiple)
    ratio = forms.DecimalField(label=pgettext_lazy("inspection", "ratio drawn (%)"),
                               max_digits=5, decimal_places=2)
    ratio_a = forms.DecimalField(label=_("Ratio for class A (%)"), required=False,
                                 max_digits=5, decimal_places=2)
    ratio_b = forms.DecimalField(label=_("Ratio for class B (%)"), required=False,
                                 max_digits=5, decimal_places=2)
    ratio_c = forms.DecimalField(label=_("Ratio for class C (%)"), required=False,
                                 max_digits=5, decimal_places=2)
    ratio_d = forms.DecimalField(label=_("Ratio for class D (%)"), required=False,
                                 max_digits=5, decimal_places=2)
    per_object = forms.IntegerField(label=pgettext_lazy("inspection", "inspectors per object"),
                                    min_value=1, max_value=20, initial=2)
    each_body = forms.BooleanField(
        label=_("Joint task: an inspector of each body on every object"), required=False)
    starts_on = _date(pgettext_lazy("inspection", "period from"), initial=timezone.localdate)
    ends_on = _date(pgettext_lazy("inspection", "period until"))
    seed_source = forms.CharField(label=pgettext_lazy("inspection", "source of the seed"),
                                  max_length=300)
    plan = forms.ModelChoiceField(label=pgettext_lazy("inspection", "annual plan"),
                                  queryset=None, required=False)

    def __init__(self, *args, items, plans, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items
        self.fields["key_items"].choices = items
        self.fields["plan"].queryset = plans
        self.fields["partners"].queryset = partners

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        ratios = {k: data[f"ratio_{k.lower()}"] for k in "ABCD"
                  if data.get(f"ratio_{k.lower()}") is not None}
        return {
            "title": data["title"], "field_code": data["field"].code, "item_codes": data["items"],
            "key_items": data["key_items"], "partners": list(data["partners"]),
            "filter_kind": data["filter_kind"],
            "filters": {"types": words(data["types"]), "industries": words(data["industries"]),
                        "regions": words(data["regions"]), "sizes": data["sizes"],
                        "classes": data["classes"]},
            "ratio": data["ratio"], "class_ratios": ratios, "per_object": data["per_object"],
            "starts_on": data["starts_on"], "ends_on": data["ends_on"],
            "seed_source": data["seed_source"], "plan": data["plan"],
            "each_body": data["each_body"],
        }


class SeedForm(forms.Form):
    seed = forms.CharField(label=pgettext_lazy("inspection", "seed"), max_length=200)
    witness = forms.CharField(label=_("Witness (name, organisation)"), max_length=200)


class RedrawForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("inspection", "reason for the redraw"),
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ResultForm(forms.Form):
    category = forms.ChoiceField(label=pgettext_lazy("inspection", "result category"),
                                 choices=Result.Category.choices)
    method = forms.ChoiceField(label=pgettext_lazy("inspection", "method"),
                               choices=Result.Method.choices)
    follow_up = forms.ChoiceField(label=pgettext_lazy("inspection", "follow-up"),
                                  choices=[c for c in Result.FollowUp.choices
                                           if c[0] != Result.FollowUp.CASE])
    inspected_on = _date(pgettext_lazy("inspection", "date of inspection"),
                         initial=timezone.localdate)
    findings = forms.CharField(label=pgettext_lazy("inspection", "problems found"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label=pgettext_lazy("inspection", "evidence"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Cause of action"), max_length=200)
    facts = forms.CharField(label=_("Facts found"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
