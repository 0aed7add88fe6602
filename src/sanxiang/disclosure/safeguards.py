"""What must hold before a decision text goes online, whatever the clerk cleared (R-PUB-05).

``minor_parties(case)`` — parties whose minority the case records: the ``minor`` flag, a
date of birth or an age under 18, a guardian, or a resident ID (18- or 15-digit) whose
birth date makes the person under 18 when the act was committed or the case opened.

``remaining_identifiers(text, …)`` — the identity card numbers (18- or 15-digit, spaced,
full-width, line-broken), phone numbers, bank accounts and home addresses still in a
masked text, found by the same detectors that proposed the redactions.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from sanxiang.catalog.models import PartyKind
from sanxiang.core import identifiers
from sanxiang.disclosure import masking

ADULT_AGE = 18  # 民法典第十七条
BLOCKING_KINDS = (masking.ID_NUMBER, masking.PHONE, masking.BANK_ACCOUNT, masking.ADDRESS,
                  masking.ONLINE_ACCOUNT, masking.PASSPORT, masking.PERMIT)


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _birth_from_id(party) -> date | None:
    if party.id_kind != "resident_id" or not party.id_number:
        return None
    number = "".join(party.id_number.split()).upper()
    if len(number) == 15 and number.isdigit():  # first-generation card: YYMMDD, 19xx
        number = number[:6] + "19" + number[6:]
    if len(number) < 14 or not number[6:14].isdigit():
        return None
    return identifiers.resident_id_birth_date(number)


def is_minor(party, on: date) -> bool:
    if party.kind not in (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS):
        return False
    if party.minor or (party.kind == PartyKind.NATURAL_PERSON and party.guardian):
        return True
    if party.age is not None and party.age < ADULT_AGE:
        return True
    for birth in (party.birth_date, _birth_from_id(party)):
        if birth is not None and _age(birth, on) < ADULT_AGE:
            return True
    return False


def minor_parties(case) -> list:
    """The case's parties who were minors when the act was committed (or, failing a date of
    the act, when the case opened)."""
    on = (getattr(case, "violation_on", None) or getattr(case, "discovered_on", None)
          or getattr(case, "opened_on", None) or timezone.localdate())
    return [p for p in case.parties.all() if is_minor(p, on)]


def _shown(kind: str, value: str) -> str:
    """Enough of a value for the clerk to find it, not enough to repeat it in a log."""
    value = " ".join(value.split())
    if kind == masking.ADDRESS:
        return value[:6] + ("…" if len(value) > 6 else "")
    return value[:4] + "…" + value[-2:] if len(value) > 8 else value


def remaining_identifiers(text: str, *, party_name: str = "", party_kind: str = "",
                          keep_names=(), party_address: str = "") -> list[tuple[str, str]]:
    """(kind, shortened value) of every blocking identifier still in ``text``."""
    found = masking.propose(text, party_name=party_name, party_kind=party_kind,
                            keep_names=keep_names, party_address=party_address)
    return [(r.kind, _shown(r.kind, text[r.start:r.end])) for r in found
            if r.kind in BLOCKING_KINDS]
