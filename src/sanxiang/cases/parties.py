"""当事人: kinds and identifiers, validated before a case is opened."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sanxiang.cases.models import Party
from sanxiang.catalog.models import PartyKind
from sanxiang.core import identifiers
from sanxiang.core.errors import RuleViolation
from sanxiang.core.text import clean_name

# Which identifier each kind of party must carry.
ID_KINDS = {
    PartyKind.NATURAL_PERSON: (Party.IdKind.RESIDENT_ID, Party.IdKind.PASSPORT,
                               Party.IdKind.OTHER),
    PartyKind.ORGANISATION: (Party.IdKind.CREDIT_CODE,),
    PartyKind.INDIVIDUAL_BUSINESS: (Party.IdKind.CREDIT_CODE, Party.IdKind.RESIDENT_ID),
}
FIELDS = ("kind", "name", "id_kind", "id_number", "legal_representative", "address", "phone",
          "electronic_service_consent", "birth_date", "age", "guardian")
ADULT_AGE = 18  # 民法典第十七条


@dataclass(frozen=True)
class PartyData:
    kind: str
    name: str
    id_kind: str
    id_number: str
    legal_representative: str = ""
    address: str = ""
    phone: str = ""
    electronic_service_consent: bool = False
    minor: bool = False
    birth_date: date | None = None
    age: int | None = None
    guardian: str = ""


def clean_party(raw: dict, *, on: date, position: int = 1) -> PartyData:
    """Validate one party; raise ``RuleViolation("PARTY", …)`` naming what is wrong."""
    where = _("Party %(n)d: ") % {"n": position}
    kind = str(raw.get("kind") or "")
    if kind not in PartyKind.values:
        raise RuleViolation("PARTY", where + _("choose the kind of party."), field="kind")
    name = clean_name(raw.get("name"))  # NFC, no bidi controls or zero-width characters
    if not name:
        raise RuleViolation("PARTY", where + _("the name is required."), field="name")
    id_kind = str(raw.get("id_kind") or "")
    if id_kind not in ID_KINDS[PartyKind(kind)]:
        raise RuleViolation(
            "PARTY", where + _("a %(kind)s is identified by %(allowed)s.") % {
                "kind": PartyKind(kind).label,
                "allowed": "、".join(str(Party.IdKind(k).label)
                                    for k in ID_KINDS[PartyKind(kind)])},
            field="id_kind")
    number = raw.get("id_number") or ""
    minor = False
    try:
        if id_kind == Party.IdKind.RESIDENT_ID:
            number = identifiers.validate_resident_id(number, today=on)
            birth = identifiers.resident_id_birth_date(number)
            minor = birth is not None and _age(birth, on) < ADULT_AGE
        elif id_kind == Party.IdKind.CREDIT_CODE:
            number = identifiers.validate_credit_code(number)
        else:
            number = identifiers.normalise(number)
            if not number:
                raise RuleViolation("PARTY", where + _("the identifier is required."),
                                    field="id_number")
    except identifiers.IdentifierError as error:
        raise RuleViolation("PARTY", where + error.message, field="id_number") from None
    birth_date, age, guardian = _minority_facts(raw, where, on)
    if kind == PartyKind.NATURAL_PERSON:
        minor = minor or bool(guardian) or (age is not None and age < ADULT_AGE) or (
            birth_date is not None and _age(birth_date, on) < ADULT_AGE)
    if kind != PartyKind.NATURAL_PERSON and not str(raw.get("legal_representative") or "").strip():
        raise RuleViolation("PARTY", where + _("the legal representative or operator is "
                                               "required."), field="legal_representative")
    phone = clean_phone(raw.get("phone"))
    if phone is None:
        raise RuleViolation("PARTY", where + _(
            "the phone number is written in digits, with the area code, “-” and an "
            "extension where needed (0311-6688123, 13800138000)."), field="phone")
    return PartyData(
        kind=kind, name=name, id_kind=id_kind, id_number=number,
        legal_representative=clean_name(raw.get("legal_representative")),
        address=str(raw.get("address") or "").strip(),
        phone=phone,
        electronic_service_consent=bool(raw.get("electronic_service_consent")),
        minor=minor, birth_date=birth_date, age=age, guardian=guardian,
    )


PHONE_CHARACTERS = re.compile(r"[0-9+\-() 转]*")


def clean_phone(value) -> str | None:
    """A phone number as people write it — full-width digits and brackets made ASCII — or
    None when it is not one (words, “电话”, too few or too many digits). Empty stays empty:
    the phone is optional."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return ""
    digits = sum(ch.isdigit() for ch in text)
    if not PHONE_CHARACTERS.fullmatch(text) or not 7 <= digits <= 20:
        return None
    return text


def _minority_facts(raw: dict, where: str, on: date) -> tuple:
    """Date of birth, age and guardian as given (each optional), checked."""
    birth = raw.get("birth_date") or None
    if isinstance(birth, str):
        try:
            birth = date.fromisoformat(birth.strip())
        except ValueError:
            raise RuleViolation("PARTY", where + _("the date of birth is not a date."),
                                field="birth_date") from None
    if birth is not None and birth > on:
        raise RuleViolation("PARTY", where + _("the date of birth cannot be after the case "
                                               "opens."), field="birth_date")
    age = raw.get("age")
    if age in ("", None):
        age = None
    else:
        try:
            age = int(age)
        except (TypeError, ValueError):
            age = -1
        if not 0 <= age <= 150:
            raise RuleViolation("PARTY", where + _("the age must be a whole number of years."),
                                field="age")
    guardian = " ".join(str(raw.get("guardian") or "").split())[:50]
    return birth, age, guardian


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
