"""Forms of the legal review workbench. They only shape input: completeness of a submission,
who may review, the one extension and every other rule are the actions' to decide, so the
API and the pages are refused alike (R-REV-03 … R-REV-08).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.org.roles import GROUP_NAMES, Role
from sanxiang.review.models import Discussion
from sanxiang.review.rules import MATERIALS, OUTCOMES, REVIEW_ITEMS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ATTENDEE_ROWS = 7


class QueueFilterForm(forms.Form):
    TABS = (
        ("pending", _("Awaiting assignment")),
        ("mine", _("Assigned to me")),
        ("all", _("All open reviews")),
    )
    tab = forms.ChoiceField(choices=TABS, required=False)


class SubmitForm(forms.Form):
    """The R-REV-04 materials as one text box each; the ones this case needs are marked."""

    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE_INPUT)

    def __init__(self, *args, required_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()
        self.required_codes = list(required_codes)
        self.material_fields = []
        for code, label in MATERIALS.items():
            name = f"m_{code}"
            # Not required here: an incomplete submission is the action's to return, so it
            # is recorded with its list of what is missing.
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[name].needed = code in self.required_codes
            self.material_fields.append(name)

    def materials(self) -> dict:
        return {name.removeprefix("m_"): self.cleaned_data.get(name, "").strip()
                for name in self.material_fields}


def reviewers_of(body):
    """Accounts holding the reviewer role in ``body`` and linked to an officer."""
    return (get_user_model().objects.filter(
        groups__name=GROUP_NAMES[Role.REVIEWER], body=body, is_active=True,
        officer__isnull=False).select_related("officer").order_by("first_name", "pk"))


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(label=pgettext_lazy("review", "Reviewer"),
                                   queryset=get_user_model().objects.none())

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers_of(body)


class ReviewExtensionForm(forms.Form):
    reason = forms.CharField(label=_("Reasons for the extension"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


FINDING_CHOICES = (("ok", pgettext_lazy("review finding", "conforms")),
                   ("not_ok", pgettext_lazy("review finding", "does not conform")))


class ReviewForm(forms.Form):
    """A finding for each R-REV-05 item, the outcome and the written opinion (R-REV-06)."""

    outcome = forms.ChoiceField(label=pgettext_lazy("review", "Outcome"),
                                choices=list(OUTCOMES.items()), widget=forms.RadioSelect)
    opinion = forms.CharField(label=_("Written opinion"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    decided_on = forms.DateField(label=_("Date of the opinion"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.items = []
        for code, label in REVIEW_ITEMS.items():
            finding = f"f_{code}"
            note = f"n_{code}"
            self.fields[finding] = forms.ChoiceField(label=label, choices=FINDING_CHOICES,
                                                    widget=forms.RadioSelect)
            self.fields[note] = forms.CharField(label=pgettext_lazy("review", "Note"),
                                                required=False, max_length=1000)
            self.items.append((code, label, finding, note))

    def item_rows(self):
        """(label, finding bound field, note bound field) for the template."""
        return [(label, self[finding], self[note]) for _code, label, finding, note in self.items]

    def findings(self) -> dict:
        data = self.cleaned_data
        return {code: {"ok": data[finding] == "ok", "note": data.get(note, "").strip()}
                for code, _label, finding, note in self.items}


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("The handling unit"), coerce=lambda v: v == "accept",
        choices=(("accept", _("accepts the opinion: back to investigation")),
                 ("disagree", _("disagrees: the case goes to collective discussion"))),
        widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reasons"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=pgettext_lazy("review", "Date"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class DiscussionForm(forms.Form):
    """集体讨论: a row per attendee (name, post, opinion); blank rows are ignored."""

    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    reason = forms.ChoiceField(label=_("Why the case is discussed"),
                               choices=Discussion.Reason.choices)
    conclusion = forms.CharField(label=_("Conclusion"), max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    review_again = forms.BooleanField(
        label=_("Send the case to a new legal review round"), required=False)

    def __init__(self, *args, rows=ATTENDEE_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.rows = []
        for i in range(1, rows + 1):
            names = (f"name_{i}", f"post_{i}", f"opinion_{i}")
            name, post, opinion = names
            self.fields[name] = forms.CharField(label=pgettext_lazy("review", "Attendee"),
                                                required=False, max_length=50)
            self.fields[post] = forms.CharField(label=pgettext_lazy("review", "Post"),
                                                required=False, max_length=50)
            self.fields[opinion] = forms.CharField(label=_("Opinion given"), required=False,
                                                   max_length=2000)
            self.rows.append(names)

    def attendee_rows(self):
        return [(i + 1, self[a], self[b], self[c]) for i, (a, b, c) in enumerate(self.rows)]

    def clean(self):
        data = super().clean()
        for name, post, opinion in self.rows:
            if not data.get(name, "").strip() and (data.get(post) or data.get(opinion)):
                self.add_error(name, _("Give the attendee's name."))
        return data

    def attendees(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data[n].strip(), "post": data.get(p, "").strip()}
                for n, p, _o in self.rows if data.get(n, "").strip()]

    def opinions(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data[n].strip(), "opinion": data.get(o, "").strip()}
                for n, _p, o in self.rows if data.get(n, "").strip()]
