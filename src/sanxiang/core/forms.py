"""Form fields that read record ids from outside as ``core.parsing.parse_id`` does."""

from django import forms
from django.core.exceptions import ValidationError

from sanxiang.core.parsing import parse_id


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field tries each id with ``filter(pk=…)``, which takes an id no column holds
    (2**63) for "no such row", then fetches them all with ``pk__in``, which SQLite refuses
    with an OverflowError: a 500 for a forged form. Each id must be one a column can hold."""

    def _check_values(self, value):
        if self.to_field_name is None and not isinstance(value, (str, bytes)):
            try:
                chosen = list(value)
            except TypeError:
                chosen = []  # Django's own check names the wrong list
            for pk in chosen:
                if not isinstance(pk, self.queryset.model) and parse_id(pk) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"],
                                          code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)
