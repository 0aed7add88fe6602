"""Forms of the records pages: evidence metadata (R-REC-04), a reason (R-REC-06), filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.org.models import Officer
from sanxiang.records.models import REASON_MAX_LENGTH, Evidence

GAP_ROWS = 3


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                    "%Y-%m-%d %H:%M:%S"]


class EvidenceMetadataForm(forms.Form):
    """What R-REC-04 asks for. Only shapes the input: ``metadata.clean_metadata`` rules."""

    step = forms.ChoiceField(label=pgettext_lazy("record", "step"))
    kind = forms.ChoiceField(label=pgettext_lazy("record", "kind"), choices=Evidence.Kind.choices)
    title = forms.CharField(label=pgettext_lazy("record", "title"), max_length=200,
                            required=False)
    proves = forms.CharField(label=pgettext_lazy("record", "what it proves"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    captured_from = forms.DateTimeField(label=pgettext_lazy("record", "capture started"),
                                        input_formats=DATETIME_FORMATS, required=False,
                                        widget=DateTimeLocalInput())
    captured_to = forms.DateTimeField(label=pgettext_lazy("record", "capture ended"),
                                      input_formats=DATETIME_FORMATS, required=False,
                                      widget=DateTimeLocalInput())
    place = forms.CharField(label=pgettext_lazy("record", "place"), max_length=200,
                            required=False)
    captured_by = forms.ModelChoiceField(label=pgettext_lazy("record", "captured by"),
                                         queryset=Officer.objects.none(), required=False)
    device = forms.CharField(label=pgettext_lazy("record", "device"), max_length=100,
                             required=False,
                             help_text=_("For example: body camera No. DSJ-0012."))
    uninterrupted = forms.BooleanField(label=_("Uninterrupted recording (全程)"),
                                       required=False)
    late_reason = forms.CharField(
        label=_("Reason for a late upload"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if the recording is uploaded later than the rulebook allows."))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["step"].choices = [(s.code, s.name) for s in case.workflow.steps]
        self.fields["captured_by"].queryset = Officer.objects.filter(
            body=case.body).order_by("name", "pk")
        for n in range(1, GAP_ROWS + 1):
            self.fields[f"gap_from_{n}"] = forms.DateTimeField(
                label=_("Gap %(n)d from") % {"n": n}, required=False,
                input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput())
            self.fields[f"gap_to_{n}"] = forms.DateTimeField(
                label=_("Gap %(n)d to") % {"n": n}, required=False,
                input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput())
            self.fields[f"gap_explanation_{n}"] = forms.CharField(
                label=_("Gap %(n)d explanation") % {"n": n}, required=False, max_length=300)

    def gap_rows(self):
        return [(self[f"gap_from_{n}"], self[f"gap_to_{n}"], self[f"gap_explanation_{n}"])
                for n in range(1, GAP_ROWS + 1)]

    def metadata(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in (
            "step", "kind", "title", "proves", "captured_from", "captured_to", "place",
            "captured_by", "device", "uninterrupted", "late_reason")}
        gaps = []
        for n in range(1, GAP_ROWS + 1):
            row = {"from": self.cleaned_data.get(f"gap_from_{n}"),
                   "to": self.cleaned_data.get(f"gap_to_{n}"),
                   "explanation": self.cleaned_data.get(f"gap_explanation_{n}") or ""}
            if row["from"] or row["to"] or row["explanation"]:
                gaps.append(row)
        data["gaps"] = gaps
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need this record?"), max_length=300,
                             help_text=_("Recorded in the custody log with your name and the "
                                         "time (R-REC-06)."))


class CopyRequestForm(forms.Form):
    reason = forms.CharField(label=_("Why must the original be copied?"),
                             max_length=REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        # The evidence page also holds the viewing reason's field ``id_reason``: a second
        # element of that id left this one without its label for screen readers.
        kwargs.setdefault("auto_id", "copy_%s")
        super().__init__(*args, **kwargs)


class CustodyFilterForm(forms.Form):
    case = forms.CharField(label=_("Case number"), required=False, max_length=60)
    evidence = forms.IntegerField(label=_("Evidence no."), required=False, min_value=1,
                                  max_value=2 ** 63 - 1)
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    since = forms.DateField(label=pgettext_lazy("date range", "From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=pgettext_lazy("date range", "To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))


class SupplementForm(EvidenceMetadataForm):
    """补充归档 (R-REC-02): a file added to an archived case, its particulars and the reason.

    The reason is not required here: ``actions.supplement_archived_case`` refuses an empty
    one with the rule's own message.
    """

    file = forms.FileField(label=pgettext_lazy("record", "File"))
    reason = forms.CharField(
        label=_("Reason for adding to the archived case file"), required=False,
        max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the evidence and in the ledger, with your name and the time."))

    field_order = ["file", "reason"]
