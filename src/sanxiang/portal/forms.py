from django import forms
from django.utils.translation import gettext_lazy as _


class OfficerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Officer's name or certificate number"), required=False, max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                      "enterkeyhint": "search"}),
    )
    # The body's unified social credit code, from the links on a body's public page.
    body = forms.CharField(required=False, max_length=18, widget=forms.HiddenInput)

    @property
    def text(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""

    @property
    def body_code(self) -> str:
        return self.cleaned_data.get("body", "").strip() if self.is_valid() else ""
