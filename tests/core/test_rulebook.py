"""The rulebook read for several keys at once gives what reading each key gives."""

from datetime import date

import pytest

from sanxiang.core import rulebook
from sanxiang.core.models import RulebookEntry

pytestmark = pytest.mark.django_db

KEYS = ("case.payment_days", "case.statement_workdays", "case.hearing_request_workdays")


def test_get_many_reads_each_key_as_get_does(body_a, body_b):
    """A body's own entry wins over the general one once in force; an entry not yet in force
    is not read; a key with no entry gives the default (the periods a document states)."""
    RulebookEntry.objects.create(key=KEYS[0], value=20, body=None, effective_from=date(2024, 1, 1))
    RulebookEntry.objects.create(key=KEYS[0], value=25, body=body_a,
                                 effective_from=date(2025, 6, 1))
    RulebookEntry.objects.create(key=KEYS[1], value=7, body=body_a,
                                 effective_from=date(2024, 1, 1))
    RulebookEntry.objects.create(key=KEYS[1], value=9, body=None, effective_from=date(2027, 1, 1))
    for body in (None, body_a, body_b):
        for on in (date(2023, 1, 1), date(2024, 5, 1), date(2025, 6, 1), date(2027, 2, 1)):
            many = rulebook.get_many(KEYS, body=body, on=on)
            assert many == {key: rulebook.get(key, body=body, on=on) for key in KEYS}
            with rulebook.memoized():
                assert rulebook.get_many(KEYS, body=body, on=on) == many
    assert rulebook.get_many(KEYS, body=body_a, on=date(2026, 1, 1)) == {
        KEYS[0]: 25, KEYS[1]: 7, KEYS[2]: rulebook.DEFAULTS[KEYS[2]][0]}
    assert rulebook.get_many(KEYS, body=body_b, on=date(2027, 2, 1))[KEYS[1]] == 9


def test_get_many_refuses_an_unknown_key():
    with pytest.raises(KeyError):
        rulebook.get_many(["case.no_such_key"])
