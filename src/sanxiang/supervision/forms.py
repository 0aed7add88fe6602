from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.core.forms import ModelMultipleChoiceField
from sanxiang.core.parsing import MAX_BIGINT
from sanxiang.org.models import Body
from sanxiang.supervision.models import Complaint, Outcome, SupervisionDocument

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        single = super().clean
        return [single(item, initial) for item in (data if isinstance(data, list) else [data])]


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Complaint.Kind.choices,
                             widget=forms.RadioSelect, initial=Complaint.Kind.COMPLAINT)
    body = forms.ModelChoiceField(label=_("Body complained about"),
                                  queryset=Body.objects.order_by("region_code", "name"),
                                  empty_label=_("Choose the body"))
    conduct = forms.CharField(label=_("Conduct complained of"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=_("What happened, when and where, and who was "
                                          "involved."))
    anonymous = forms.BooleanField(label=_("File anonymously"), required=False,
                                   help_text=_("An anonymous complaint cannot be answered by "
                                               "phone; follow it with the tracking number "
                                               "and query code."))
    name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Your address"), max_length=200, required=False)
    attachments = MultipleFileField(label=_("Attachments"), required=False,
                                    help_text=_("Up to 5 files, 10 MB each."))


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=20)
    code = forms.CharField(label=_("Query code"), max_length=20)


def _today():
    return timezone.localdate()


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("accept", _("Accept")), ("refuse", _("Refuse"))])
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    reason = forms.CharField(label=_("Reasons"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))


class ExtendForm(forms.Form):
    on = forms.DateField(label=_("Approved on"), widget=DATE_INPUT, initial=_today)
    reason = forms.CharField(label=_("Reason for the extension"), max_length=300)


class AnswerForm(forms.Form):
    on = forms.DateField(label=_("Answered on"), widget=DATE_INPUT, initial=_today)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))


class ComplaintFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All")), *Complaint.State.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    body = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                              max_value=MAX_BIGINT)


class OutcomeForm(forms.Form):
    proceeding = forms.ChoiceField(label=_("Proceeding"), choices=Outcome.Proceeding.choices)
    forum = forms.CharField(label=_("Reconsideration body or court"), max_length=100)
    applied_on = forms.DateField(label=_("Applied or filed on"), widget=DATE_INPUT)
    result = forms.ChoiceField(label=_("Result"), choices=Outcome.Result.choices)
    decided_on = forms.DateField(label=_("Result dated"), widget=DATE_INPUT, initial=_today)
    reference = forms.CharField(label=_("Document number"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body addressed"), queryset=Body.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=SupervisionDocument.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 8}))
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_INPUT, initial=_today)
    answer_due = forms.DateField(label=_("Answer by"), widget=DATE_INPUT)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class DocumentAnswerForm(forms.Form):
    on = forms.DateField(label=_("Answered on"), widget=DATE_INPUT, initial=_today)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}))
    rectification = forms.CharField(label=_("Rectification"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 5}))


# ---------------------------------------------------------------------------- 案卷评查


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year)
    standard = forms.ModelChoiceField(label=_("Evaluation standard"), queryset=None,
                                      empty_label=None)
    closed_from = forms.DateField(label=_("Files closed from"), widget=DATE_INPUT)
    closed_until = forms.DateField(label=_("Files closed until"), widget=DATE_INPUT,
                                   initial=_today)
    ratio = forms.DecimalField(label=_("Ratio drawn (%)"), min_value=0, max_value=100,
                               decimal_places=2, initial=10)
    minimum = forms.IntegerField(label=_("At least per body"), min_value=0, max_value=1000,
                                 initial=1)
    evaluators = ModelMultipleChoiceField(label=_("Evaluators"), queryset=None,
                                                widget=forms.CheckboxSelectMultiple)
    seed_source = forms.CharField(
        label=_("Source of the seed"), max_length=300,
        help_text=_("A value that does not exist when the lists are published, e.g. the "
                    "digits drawn before a witness at the evaluation meeting."))

    def __init__(self, *args, standards, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = standards
        self.fields["evaluators"].queryset = evaluators
        self.fields["evaluators"].label_from_instance = (
            lambda u: u.get_full_name() or u.username)


class SeedForm(forms.Form):
    seed = forms.CharField(label=_("Seed"), max_length=200)
    witness = forms.CharField(label=_("Witness"), max_length=200)


class StandardForm(forms.Form):
    """A new version of the evaluation standard, uploaded as the exported workbook."""

    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("The whole standard, with the sheets and columns of the exported one."))
    title = forms.CharField(label=_("Title"), max_length=200)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE_INPUT,
                                     initial=_today)
    note = forms.CharField(label=_("What this version changes"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    dry_run = forms.BooleanField(
        label=_("Only check and show the changes; publish nothing"), required=False,
        initial=True)
