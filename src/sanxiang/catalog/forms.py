from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("The whole new list, with the columns of the exported list."),
    )
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("What this version changes"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check and show the changes; publish nothing"), required=False,
    )
    only_valid = forms.BooleanField(
        label=_("Publish the rows without errors even if some rows have errors"),
        required=False,
        help_text=_("Entries missing from the file are then kept, not removed."),
    )
