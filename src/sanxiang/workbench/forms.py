from django import forms
from django.utils.translation import gettext_lazy as _

from sanxiang.core.lookups import starts_with
from sanxiang.org import permissions
from sanxiang.org.models import Body

# Above this many visible bodies a drop-down is no help; the body filter then comes from the
# links on each body's page.
BODY_SELECT_LIMIT = 200


def looks_like_certificate_number(text: str) -> bool:
    """Names have no digits and certificate numbers always do: pick the index to search."""
    return any(ch.isdigit() for ch in text)


class OfficerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or certificate number"), required=False, max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False,
        empty_label=_("All bodies"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.visible_to(user).only("pk", "name", "region_code")
        self.fields["body"].queryset = bodies
        self.fields["body"].widget.attrs["class"] = "select"
        if bodies[: BODY_SELECT_LIMIT + 1].count() > BODY_SELECT_LIMIT:
            self.fields["body"].widget = forms.HiddenInput()
        self.show_body_select = not isinstance(self.fields["body"].widget, forms.HiddenInput)

    def filter(self, officers):
        if not self.is_bound:
            return officers
        if not self.is_valid():
            # A body outside the user's scope, say: show nothing rather than everything.
            return officers.none()
        if body := self.cleaned_data["body"]:
            officers = officers.filter(body=body)
        if text := self.cleaned_data["q"].strip():
            if looks_like_certificate_number(text):
                officers = officers.filter(certificates__number=text)
            else:
                officers = officers.filter(starts_with("name", text))
        return officers


class ImportForm(forms.Form):
    KINDS = [("bodies", _("Enforcement bodies")), ("officers", _("Enforcement officers"))]

    kind = forms.ChoiceField(label=_("What the workbook contains"), choices=KINDS)
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    only_valid = forms.BooleanField(
        label=_("Import only the rows without errors"), required=False,
        help_text=_("Otherwise nothing is imported while any row has an error."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a system administrator without a body adds bodies; a body's administrator
        # imports that body's officers.
        if not permissions.is_global_admin(user):
            self.fields["kind"].choices = [c for c in self.KINDS if c[0] != "bodies"]
