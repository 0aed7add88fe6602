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
from sanxiang.review.rules import MATERIALS, NEGATIVE_ITEMS, OUTCOMES, REVIEW_ITEMS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OBSERVER_ROWS = 2
ATTENDEE_ROWS = 7


class QueueFilterForm(forms.Form):
    TABS = (
        ("pending", _("Awaiting assignment")),
        ("mine", _("Assigned to me")),
        ("all", _("All open reviews")),
    )
    tab = forms.ChoiceField(choices=TABS, required=False)


# What each material is usually made of among the case's issued documents (R-REV-04); the
# officer ticks or unticks, and adds a note where needed.
DEFAULT_ATTACHMENTS = {
    "facts": ("investigation_report", "inquiry_record", "site_inspection_record"),
    "legal_basis": ("penalty_prior_notice",),
    "draft_decision": ("penalty_prior_notice",),
    "evidence": ("inquiry_record", "site_inspection_record", "sampling_notice",
                 "evidence_preservation_notice", "evidence"),
    "hearing_record": ("hearing_record", "hearing_report"),
}


def attachment_choices(case) -> list[tuple[str, str, str]]:
    """(key, label, kind) of the case's issued documents and stored evidence."""
    from sanxiang.cases.documents import format_date

    rows = []
    for doc in case.documents.order_by("issued_on", "pk"):
        number = f" {doc.number}" if doc.number else ""
        rows.append((f"d{doc.pk}", f"《{doc.title}》{number}（{format_date(doc.issued_on)}）",
                     doc.doc_type))
    for item in case.evidence.order_by("captured_from", "pk"):
        rows.append((f"e{item.pk}", f"{item.title}（{format_date(item.captured_from)}）",
                     "evidence"))
    return rows


def _recorded_basis(case) -> str:
    values = {}
    for record in case.steps.order_by("seq"):
        values.update({k: v for k, v in record.data.items() if v})
    parts = []
    if values.get("violated_provision"):
        parts.append(_("Provision violated: %(text)s") % {"text": values["violated_provision"]})
    if values.get("penalty_provision"):
        parts.append(_("Penalty provision: %(text)s") % {"text": values["penalty_provision"]})
    return "；".join(str(p) for p in parts)


def _qualifications(case) -> str:
    rows = []
    for role in case.case_officers.filter(removed_on__isnull=True).select_related("officer"):
        certificate = role.officer.current_certificate
        rows.append(f"{role.officer.name}（{certificate.number}）" if certificate
                    else role.officer.name)
    return "、".join(rows)


class SubmitForm(forms.Form):
    """The R-REV-04 materials: for each, the case's issued documents and evidence are
    attached by ticking them (nothing is retyped); a note adds what no document holds. The
    ones this case needs are marked."""

    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE_INPUT)

    def __init__(self, *args, required_codes=(), case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()
        self.required_codes = list(required_codes)
        self.material_fields = []
        self.attachments = attachment_choices(case) if case is not None else []
        labels = {key: label for key, label, _kind in self.attachments}
        self.attachment_labels = labels
        notes = {"legal_basis": _recorded_basis(case), "qualifications": _qualifications(case),
                 "benchmark": _benchmark_note(case)} if case is not None else {}
        for code, label in MATERIALS.items():
            pick, name = f"a_{code}", f"m_{code}"
            wanted = DEFAULT_ATTACHMENTS.get(code, ())
            self.fields[pick] = forms.MultipleChoiceField(
                label=label, required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(key, text) for key, text, _kind in self.attachments],
                initial=[key for key, _text, kind in self.attachments if kind in wanted])
            self.fields[pick].needed = code in self.required_codes
            # Not required here: an incomplete submission is the action's to return, so it
            # is recorded with its list of what is missing.
            self.fields[name] = forms.CharField(
                label=_("Note on “%(material)s”") % {"material": label}, required=False,
                max_length=5000, initial=notes.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 2}))
            self.material_fields.append(code)

    def materials(self) -> dict:
        """Each material as the attached documents' names and numbers, then the note."""
        result = {}
        for code in self.material_fields:
            chosen = [self.attachment_labels[key]
                      for key in self.cleaned_data.get(f"a_{code}", [])
                      if key in self.attachment_labels]
            note = self.cleaned_data.get(f"m_{code}", "").strip()
            result[code] = "\n".join(filter(None, ["；".join(chosen), note]))
        return result


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


FINDING_CHOICES = (("ok", pgettext_lazy("review answer", "yes")),
                   ("not_ok", pgettext_lazy("review answer", "no")))
# A question whose lawful answer is "no" (是否涉嫌犯罪需移送: 否) offers 否 first.
NEGATIVE_CHOICES = (("ok", pgettext_lazy("review answer", "no")),
                    ("not_ok", pgettext_lazy("review answer", "yes")))


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
            choices = NEGATIVE_CHOICES if code in NEGATIVE_ITEMS else FINDING_CHOICES
            self.fields[finding] = forms.ChoiceField(label=label, choices=choices,
                                                    widget=forms.RadioSelect)
            # The note sits in the item's table row, without a <label> of its own: a screen
            # reader names it after the item (the walk of ADR 0073 found it unnamed).
            self.fields[note] = forms.CharField(
                label=pgettext_lazy("review", "Note"), required=False, max_length=1000,
                widget=forms.TextInput(attrs={
                    "aria-label": _("Note on: %(item)s") % {"item": label}}))
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
    """集体讨论: who presided and who kept the record; a row per attendee (name, post,
    opinion, signed); a row per person sitting in (列席); blank rows are ignored."""

    held_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    reason = forms.ChoiceField(label=_("Why the case is discussed"),
                               choices=Discussion.Reason.choices)
    chair = forms.CharField(label=pgettext_lazy("discussion", "Presided by"), max_length=50,
                            required=False)
    recorder = forms.CharField(label=pgettext_lazy("discussion", "Record kept by"),
                               max_length=50, required=False)
    conclusion = forms.CharField(label=_("Conclusion"), max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    review_again = forms.BooleanField(
        label=_("Send the case to a new legal review round"), required=False)

    def __init__(self, *args, rows=ATTENDEE_ROWS, observer_rows=OBSERVER_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.rows = []
        for i in range(1, rows + 1):
            names = (f"name_{i}", f"post_{i}", f"opinion_{i}", f"signed_{i}")
            name, post, opinion, signed = names
            self.fields[name] = forms.CharField(label=pgettext_lazy("review", "Attendee"),
                                                required=False, max_length=50)
            self.fields[post] = forms.CharField(label=pgettext_lazy("review", "Post"),
                                                required=False, max_length=50)
            self.fields[opinion] = forms.CharField(label=_("Opinion given"), required=False,
                                                   max_length=2000)
            self.fields[signed] = forms.BooleanField(
                label=pgettext_lazy("discussion", "Signed the record"), required=False)
            self.rows.append(names)
        self.observer_rows = []
        for i in range(1, observer_rows + 1):
            names = (f"observer_name_{i}", f"observer_post_{i}")
            self.fields[names[0]] = forms.CharField(
                label=pgettext_lazy("discussion", "Sitting in"), required=False, max_length=50)
            self.fields[names[1]] = forms.CharField(label=pgettext_lazy("review", "Post"),
                                                    required=False, max_length=50)
            self.observer_rows.append(names)

    def attendee_rows(self):
        return [(i + 1, self[a], self[b], self[c], self[d])
                for i, (a, b, c, d) in enumerate(self.rows)]

    def observer_fields(self):
        return [(i + 1, self[a], self[b]) for i, (a, b) in enumerate(self.observer_rows)]

    def clean(self):
        data = super().clean()
        for name, post, opinion, _signed in self.rows:
            if not data.get(name, "").strip() and (data.get(post) or data.get(opinion)):
                self.add_error(name, _("Give the attendee's name."))
        return data

    def attendees(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data[n].strip(), "post": data.get(p, "").strip(),
                 "signed": bool(data.get(s))}
                for n, p, _o, s in self.rows if data.get(n, "").strip()]

    def observers(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data[n].strip(), "post": data.get(p, "").strip()}
                for n, p in self.observer_rows if data.get(n, "").strip()]

    def opinions(self) -> list[dict]:
        data = self.cleaned_data
        return [{"name": data[n].strip(), "opinion": data.get(o, "").strip()}
                for n, _p, o, _s in self.rows if data.get(n, "").strip()]


def _benchmark_note(case) -> str:
    """R-AST-02: the factors, the suggestion and any departure with its reason."""
    from sanxiang.discretion.benchmarks import review_note

    return review_note(case)
