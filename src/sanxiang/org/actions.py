"""Actions on the register of bodies, officers, certificates and accounts (R-ORG-01, 02).

Every change to these models goes through a function here: it checks the acting user's
rights (``sanxiang.org.permissions``), every rule (``sanxiang.org.validation``), writes, and
appends a ledger event naming the actor — all in one transaction. ``acting_user=None`` is
the platform itself (the demo loader, imports run from the command line).

Updates lock the row (``select_for_update``) and accept ``expected_updated_at``: the
``updated_at`` the editor saw. When someone else saved in between, the update is refused
with code ``CONFLICT`` instead of silently overwriting their change.
"""

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.core import public_cache
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.text import strip_invisible
from sanxiang.ledger.events import EventKind
from sanxiang.org import permissions, second_factor, validation, validity
from sanxiang.org.models import AnnualInspection, Body, Certificate, EnforcementField, Officer, User
from sanxiang.org.roles import GROUP_NAMES, Role, roles_of
from sanxiang.org.search_index import schedule_bodies, schedule_officers
from sanxiang.org.validation import (
    Problem,
    account_problems,
    body_duplicates,
    body_problems,
    certificate_duplicate,
    certificate_problems,
    field_problems,
    inspection_problems,
    normalise_credit_code,
    officer_problems,
)

BODY_FIELDS = (
    "name", "short_name", "credit_code", "nature", "subject_kind", "funding", "staffing",
    "duties", "legal_representative", "address", "complaint_phone", "supervising_body",
    "region_code", "entrusting_body", "entrustment_agreement",
)
OFFICER_FIELDS = ("name", "body", "post", "areas", "legal_qualification", "is_reviewer",
                  "phone")
OFFICER_CHANGES = frozenset({*OFFICER_FIELDS, "field_codes"})
USER_CHANGES = frozenset({"full_name", "email", "body", "officer", "jurisdiction"})
ACCOUNT = validation.ACCOUNT


# --------------------------------------------------------------------------------------
# Helpers


def _raise(problems: list[Problem]):
    raise RuleViolation(
        problems[0].code,
        "；".join(p.message for p in problems),
        problems=problems,
        field=problems[0].field,
    )


def _text(value) -> str:
    # NFKC, and no bidi controls or zero-width characters (names read as they are stored).
    if value is None:
        return ""
    return strip_invisible(unicodedata.normalize("NFKC", str(value))).strip()


def _json(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _snapshot(obj, names) -> dict:
    return {name: _json(getattr(obj, name)) for name in names}


def _diff(before: dict, after: dict) -> dict:
    return {k: {"before": before[k], "after": after[k]} for k in before if before[k] != after[k]}


def _sync(stale, fresh) -> None:
    """Bring the caller's instance up to date with the row the action saved."""
    if stale is not fresh:
        for field in fresh._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))


def _check_not_stale(current: datetime, expected) -> None:
    if expected in (None, ""):
        return
    if isinstance(expected, str):
        expected = datetime.fromisoformat(expected)
    if current != expected:
        raise RuleViolation("CONFLICT", _("This record has been changed by someone else; "
                                          "please reload it and try again."))


def _today() -> date:
    return timezone.localdate()


def _not_future(on: date, field: str, code: str) -> list[Problem]:
    if not isinstance(on, date):
        return [Problem(field, _("Please give a date."), code)]
    if on > _today():
        return [Problem(field, _("The date %(date)s is in the future.")
                        % {"date": on.isoformat()}, code)]
    return []


# --------------------------------------------------------------------------------------
# Bodies (R-ORG-01)


def _body_data(raw: dict) -> tuple[dict, list[Problem]]:
    data = {}
    for name, value in raw.items():
        if name == "entrusting_body":
            data[name] = value
        elif name == "staffing":
            data[name] = value if value not in (None, "") else 0
        else:
            data[name] = _text(value)
    problems = []
    if "credit_code" in data:
        data["credit_code"], problem = normalise_credit_code(data["credit_code"])
        if problem:
            problems.append(problem)
    return data, problems


def create_body(*, acting_user, name, credit_code, nature, subject_kind, funding,
                legal_representative, address, complaint_phone, region_code, short_name="",
                staffing=0, duties="", supervising_body="", entrusting_body=None,
                entrustment_agreement="") -> Body:
    permissions.require_global_admin(acting_user)
    data, problems = _body_data({
        "name": name, "short_name": short_name, "credit_code": credit_code, "nature": nature,
        "subject_kind": subject_kind, "funding": funding, "staffing": staffing,
        "duties": duties, "legal_representative": legal_representative, "address": address,
        "complaint_phone": complaint_phone, "supervising_body": supervising_body,
        "region_code": region_code, "entrusting_body": entrusting_body,
        "entrustment_agreement": entrustment_agreement,
    })
    problems += body_problems(data)
    with transaction.atomic():
        problems += body_duplicates(data)
        if problems:
            _raise(problems)
        body = Body(**data)
        body.save()
        ledger.append(kind=EventKind.BODY_CREATED, subject=body,
                      payload={"body": _snapshot(body, BODY_FIELDS)}, actor=acting_user)
        schedule_bodies([body.pk])
    return body


def update_body(*, body, acting_user, expected_updated_at=None, **changes) -> Body:
    unknown = set(changes) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"update_body() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = Body.objects.select_for_update().get(pk=body.pk)
        permissions.require_body_admin(acting_user, locked)
        _check_not_stale(locked.updated_at, expected_updated_at)
        before = _snapshot(locked, BODY_FIELDS)
        cleaned, problems = _body_data(changes)
        data = {name: getattr(locked, name) for name in BODY_FIELDS} | cleaned
        data["pk"] = locked.pk
        problems += body_problems(data)
        problems += body_duplicates(data, exclude_pk=locked.pk)
        if (data["subject_kind"] == Body.SubjectKind.ENTRUSTED
                and locked.entrusted_bodies.exists()):
            problems.append(Problem("subject_kind", _(
                "%(body)s has entrusted other organizations and cannot itself become an "
                "entrusted subject.") % {"body": locked.name}))
        if problems:
            _raise(problems)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        after = _snapshot(locked, BODY_FIELDS)
        changed = _diff(before, after)
        if changed:
            locked.save()
            ledger.append(kind=EventKind.BODY_UPDATED, subject=locked,
                          payload={"changed": changed}, actor=acting_user)
            schedule_bodies([locked.pk], with_officers=True)
    _sync(body, locked)
    return locked


def create_enforcement_field(*, acting_user, code, name) -> EnforcementField:
    permissions.require_global_admin(acting_user)
    code, name = _text(code).upper(), _text(name)
    with transaction.atomic():
        problems = field_problems(code, name)
        if problems:
            _raise(problems)
        field = EnforcementField.objects.create(code=code, name=name)
        ledger.append(kind=EventKind.ENFORCEMENT_FIELD_CREATED, subject=field,
                      payload={"code": code, "name": name}, actor=acting_user)
    return field


# --------------------------------------------------------------------------------------
# Officers and certificates (R-ORG-02)


def resolve_field_codes(field_codes) -> tuple[list[EnforcementField], list[Problem]]:
    codes = list(dict.fromkeys(_text(c).upper() for c in field_codes or [] if _text(c)))
    found = {f.code: f for f in EnforcementField.objects.filter(code__in=codes)}
    problems = [
        Problem("fields", _("There is no enforcement category with the code %(code)s.")
                % {"code": code}, "R-ORG-02")
        for code in codes if code not in found
    ]
    return [found[c] for c in codes if c in found], problems


def _officer_snapshot(officer: Officer, field_codes) -> dict:
    return _snapshot(officer, (*OFFICER_FIELDS, "status", "left_on")) | {
        "field_codes": sorted(field_codes)}


def create_officer(*, acting_user, body, name, post, field_codes: list[str], areas,
                   legal_qualification=False, is_reviewer=False, phone="") -> Officer:
    permissions.require_body_admin(acting_user, body)
    fields, problems = resolve_field_codes(field_codes)
    data = {
        "name": _text(name), "body": body, "post": _text(post), "areas": _text(areas),
        "legal_qualification": bool(legal_qualification), "is_reviewer": bool(is_reviewer),
        "phone": _text(phone), "fields": fields, "status": Officer.Status.ACTIVE,
    }
    problems += officer_problems(data)
    if problems:
        _raise(problems)
    with transaction.atomic():
        officer = Officer(**{k: v for k, v in data.items() if k != "fields"})
        officer.save()
        officer.fields.add(*fields)
        ledger.append(kind=EventKind.OFFICER_CREATED, subject=officer,
                      payload={"officer": _officer_snapshot(officer, [f.code for f in fields])},
                      actor=acting_user)
        schedule_officers([officer.pk])
    return officer


def update_officer(*, officer, acting_user, expected_updated_at=None, **changes) -> Officer:
    unknown = set(changes) - OFFICER_CHANGES
    if unknown:
        raise TypeError(f"update_officer() cannot change {sorted(unknown)}; "
                        "use officer_leaves() for a departure")
    with transaction.atomic():
        locked = Officer.objects.select_for_update(of=("self",)).select_related("body").get(
            pk=officer.pk)
        permissions.require_body_admin(acting_user, locked.body)
        _check_not_stale(locked.updated_at, expected_updated_at)
        old_codes = list(locked.fields.values_list("code", flat=True))
        before = _officer_snapshot(locked, old_codes)
        problems = []
        fields = None
        if "field_codes" in changes:
            fields, problems = resolve_field_codes(changes.pop("field_codes"))
        cleaned = {
            k: (v if k == "body" else bool(v) if k in {"legal_qualification", "is_reviewer"}
                else _text(v))
            for k, v in changes.items()
        }
        new_body = cleaned.get("body", locked.body)
        if new_body is not None and new_body.pk != locked.body_id:
            permissions.require_body_admin(acting_user, new_body)
            account = User.objects.filter(officer=locked).first()
            if account is not None:
                problems.append(Problem("body", _(
                    "%(name)s has the account %(username)s; unlink the account before moving "
                    "the officer to another body.")
                    % {"name": locked.name, "username": account.username}, "R-ORG-02"))
        data = {name: getattr(locked, name) for name in OFFICER_FIELDS} | cleaned
        data |= {"status": locked.status,
                 "fields": fields if fields is not None else old_codes}
        problems += officer_problems(data)
        if problems:
            _raise(problems)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        new_codes = [f.code for f in fields] if fields is not None else old_codes
        after = _officer_snapshot(locked, new_codes)
        changed = _diff(before, after)
        if changed:
            locked.save()
            if fields is not None:
                locked.fields.set(fields)
            ledger.append(kind=EventKind.OFFICER_UPDATED, subject=locked,
                          payload={"changed": changed}, actor=acting_user)
            validity.refresh([locked.pk])
            schedule_officers([locked.pk])
    _sync(officer, locked)
    return locked


@dataclass
class OfficerEntry:
    """One officer for ``register_officers``: ``create_officer``'s arguments, plus the
    arguments of ``issue_certificate`` and ``record_annual_inspection`` (or None)."""

    body: Body
    name: str
    post: str
    field_codes: list[str]
    areas: str
    legal_qualification: bool = False
    is_reviewer: bool = False
    phone: str = ""
    certificate: dict | None = None  # number, issued_by, issued_on, expires_on
    inspection: dict | None = None  # year, result, inspected_on, note (needs a certificate)


def register_officers(*, acting_user, entries: list[OfficerEntry]) -> list[Officer]:
    """Many officers at once (the Excel import, the demo loader): all or nothing.

    The same rules as ``create_officer`` + ``issue_certificate`` +
    ``record_annual_inspection`` and the same ledger events, one per officer, certificate
    and inspection, in that order; but the checks and writes take a fixed number of queries
    whatever the count. A problem raises ``RuleViolation`` whose ``details["index"]`` is the
    position of the first bad entry.
    """
    for body in {e.body.pk: e.body for e in entries}.values():
        permissions.require_body_admin(acting_user, body)
    today = _today()
    all_codes = {_text(c).upper() for e in entries for c in e.field_codes}
    known = {f.code: f for f in EnforcementField.objects.filter(code__in=all_codes)}
    numbers = [_text(e.certificate["number"]) for e in entries if e.certificate]
    taken = set()
    for start in range(0, len(numbers), 5000):
        taken.update(Certificate.objects.filter(number__in=numbers[start:start + 5000])
                     .values_list("number", flat=True))
    seen_numbers = set()
    prepared = []
    for index, entry in enumerate(entries):
        codes = list(dict.fromkeys(_text(c).upper() for c in entry.field_codes if _text(c)))
        problems = [
            Problem("fields", _("There is no enforcement category with the code %(code)s.")
                    % {"code": code}, "R-ORG-02") for code in codes if code not in known]
        officer = Officer(body=entry.body, name=_text(entry.name), post=_text(entry.post),
                          areas=_text(entry.areas),
                          legal_qualification=bool(entry.legal_qualification),
                          is_reviewer=bool(entry.is_reviewer), phone=_text(entry.phone))
        problems += officer_problems({name: getattr(officer, name) for name in OFFICER_FIELDS}
                                     | {"fields": codes, "status": officer.status})
        certificate = inspection = None
        if entry.certificate is not None:
            data = dict(entry.certificate)
            data["number"], data["issued_by"] = _text(data["number"]), _text(data["issued_by"])
            problems += certificate_problems(data, today=today)
            if data["number"] in taken or data["number"] in seen_numbers:
                problems.append(Problem("number", _(
                    "The certificate number %(number)s is already registered.")
                    % {"number": data["number"]}, "R-ORG-02"))
            seen_numbers.add(data["number"])
            certificate = Certificate(**data)
            if entry.inspection is not None and isinstance(data.get("issued_on"), date):
                inspection = AnnualInspection(**entry.inspection)
                inspection.note = _text(inspection.note)
                problems += inspection_problems(
                    certificate, year=inspection.year, result=inspection.result,
                    inspected_on=inspection.inspected_on, today=today)
        if problems:
            try:
                _raise(problems)
            except RuleViolation as violation:
                violation.details["index"] = index
                raise
        prepared.append((officer, [known[c] for c in codes], certificate, inspection))
    with transaction.atomic():
        officers = Officer.objects.bulk_create([p[0] for p in prepared])
        Officer.fields.through.objects.bulk_create([
            Officer.fields.through(officer_id=o.pk, enforcementfield_id=f.pk)
            for o, fields, _c, _i in prepared for f in fields])
        for officer, _f, certificate, _i in prepared:
            if certificate is not None:
                certificate.officer = officer
        Certificate.objects.bulk_create([p[2] for p in prepared if p[2] is not None])
        for _o, _f, certificate, inspection in prepared:
            if inspection is not None:
                inspection.certificate = certificate
        AnnualInspection.objects.bulk_create([p[3] for p in prepared if p[3] is not None])
        public_cache.bump(public_cache.REGISTER)  # bulk writes send no signal
        for officer, fields, certificate, inspection in prepared:
            ledger.append(kind=EventKind.OFFICER_CREATED, subject=officer,
                          payload={"officer": _officer_snapshot(officer,
                                                                [f.code for f in fields])},
                          actor=acting_user)
            if certificate is not None:
                ledger.append(kind=EventKind.CERTIFICATE_ISSUED, subject=certificate,
                              payload={"certificate": _certificate_payload(certificate)},
                              actor=acting_user)
            if inspection is not None:
                ledger.append(kind=EventKind.ANNUAL_INSPECTION_RECORDED, subject=inspection,
                              payload=_inspection_payload(inspection), actor=acting_user)
        validity.refresh([o.pk for o in officers])
        schedule_officers([o.pk for o in officers])
    return officers


def _lock_officer(officer) -> Officer:
    return Officer.objects.select_for_update(of=("self",)).select_related("body").get(
        pk=officer.pk)


def _certificate_payload(certificate: Certificate) -> dict:
    return _snapshot(certificate, ("number", "issued_by", "issued_on", "expires_on",
                                   "cancelled_on", "cancel_reason")) | {
        "officer": certificate.officer_id}


def issue_certificate(*, officer, acting_user, number, issued_by, issued_on,
                      expires_on) -> Certificate:
    data = {"number": _text(number), "issued_by": _text(issued_by), "issued_on": issued_on,
            "expires_on": expires_on}
    with transaction.atomic():
        locked = _lock_officer(officer)
        permissions.require_body_admin(acting_user, locked.body)
        problems = certificate_problems(data)
        if locked.status != Officer.Status.ACTIVE:
            problems.append(Problem("officer", _("%(name)s has left; no certificate can be "
                                                 "issued.") % {"name": locked.name},
                                    "R-ORG-02"))
        if data["number"]:
            problems += [p for p in [certificate_duplicate(data["number"])] if p]
        if problems:
            _raise(problems)
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(officer=locked, **data)
        except IntegrityError:
            # Someone registered the same number between our check and our insert.
            _raise([Problem("number", _("The certificate number %(number)s is already "
                                        "registered.") % {"number": data["number"]},
                            "R-ORG-02")])
        ledger.append(kind=EventKind.CERTIFICATE_ISSUED, subject=certificate,
                      payload={"certificate": _certificate_payload(certificate)},
                      actor=acting_user)
        validity.refresh([locked.pk])
        schedule_officers([locked.pk])
    return certificate


def record_annual_inspection(*, certificate, acting_user, year, result, inspected_on,
                             note="") -> AnnualInspection:
    with transaction.atomic():
        locked = Certificate.objects.select_for_update(of=("self",)).select_related(
            "officer__body").get(pk=certificate.pk)
        permissions.require_body_admin(acting_user, locked.officer.body)
        problems = inspection_problems(locked, year=year, result=result,
                                       inspected_on=inspected_on)
        if isinstance(year, int) and locked.inspections.filter(year=year).exists():
            problems.append(Problem("year", _(
                "The annual inspection of certificate %(number)s for %(year)d is already "
                "recorded.") % {"number": locked.number, "year": year}, "R-ORG-02"))
        if problems:
            _raise(problems)
        inspection = AnnualInspection.objects.create(
            certificate=locked, year=year, result=result, inspected_on=inspected_on,
            note=_text(note))
        ledger.append(kind=EventKind.ANNUAL_INSPECTION_RECORDED, subject=inspection,
                      payload=_inspection_payload(inspection), actor=acting_user)
        validity.refresh([locked.officer_id])
    return inspection


def _inspection_payload(inspection: AnnualInspection) -> dict:
    certificate = inspection.certificate
    return {"certificate": certificate.number, "officer": certificate.officer_id,
            "year": inspection.year, "result": inspection.result,
            "inspected_on": inspection.inspected_on.isoformat(), "note": inspection.note}


def _cancel(certificate: Certificate, *, acting_user, on: date, reason: str) -> None:
    certificate.cancelled_on = on
    certificate.cancel_reason = reason
    certificate.save(update_fields=["cancelled_on", "cancel_reason"])
    ledger.append(kind=EventKind.CERTIFICATE_CANCELLED, subject=certificate,
                  payload={"number": certificate.number, "officer": certificate.officer_id,
                           "cancelled_on": on.isoformat(), "reason": reason},
                  actor=acting_user)


def cancel_certificate(*, certificate, acting_user, on, reason) -> Certificate:
    reason = _text(reason)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update(of=("self",)).select_related(
            "officer__body").get(pk=certificate.pk)
        permissions.require_body_admin(acting_user, locked.officer.body)
        problems = _not_future(on, "cancelled_on", "R-ORG-02")
        if locked.cancelled_on is not None:
            problems.append(Problem("cancelled_on", _(
                "Certificate %(number)s was already cancelled on %(date)s.")
                % {"number": locked.number, "date": locked.cancelled_on.isoformat()},
                "R-ORG-02"))
        if isinstance(on, date) and on < locked.issued_on:
            problems.append(Problem("cancelled_on", _(
                "A certificate cannot be cancelled before it was issued (%(date)s).")
                % {"date": locked.issued_on.isoformat()}, "R-ORG-02"))
        if not reason:
            problems.append(Problem("cancel_reason", _("Please give the reason for the "
                                                       "cancellation."), "R-ORG-02"))
        if problems:
            _raise(problems)
        _cancel(locked, acting_user=acting_user, on=on, reason=reason)
        validity.refresh([locked.officer_id])
        schedule_officers([locked.officer_id])
    _sync(certificate, locked)
    return locked


def officer_leaves(*, officer, acting_user, on, reason) -> Officer:
    """The officer leaves (R-ORG-02): every certificate not yet cancelled is cancelled on
    ``on``, the reviewer flag is cleared and the officer's account, if any, deactivated."""
    reason = _text(reason)
    with transaction.atomic():
        locked = _lock_officer(officer)
        permissions.require_body_admin(acting_user, locked.body)
        problems = _not_future(on, "left_on", "R-ORG-02")
        if locked.status != Officer.Status.ACTIVE:
            problems.append(Problem("status", _("%(name)s has already left on %(date)s.")
                                    % {"name": locked.name,
                                       "date": _json(locked.left_on) or ""}, "R-ORG-02"))
        if not reason:
            problems.append(Problem("reason", _("Please give the reason for leaving."),
                                    "R-ORG-02"))
        if problems:
            _raise(problems)
        cancelled = []
        for certificate in locked.certificates.select_for_update().filter(
                cancelled_on__isnull=True).order_by("pk"):
            _cancel(certificate, acting_user=acting_user, on=max(on, certificate.issued_on),
                    reason=_("Officer left: %(reason)s") % {"reason": reason})
            cancelled.append(certificate.number)
        was_reviewer = locked.is_reviewer
        locked.status = Officer.Status.LEFT
        locked.left_on = on
        locked.is_reviewer = False
        locked.save()
        ledger.append(kind=EventKind.OFFICER_LEFT, subject=locked,
                      payload={"on": on.isoformat(), "reason": reason,
                               "certificates_cancelled": cancelled,
                               "was_reviewer": was_reviewer},
                      actor=acting_user)
        validity.refresh([locked.pk])
        schedule_officers([locked.pk])
        account = User.objects.select_for_update().filter(officer=locked, is_active=True).first()
        if account is not None:
            _deactivate(account, acting_user=acting_user, reason=_("Officer left"))
    _sync(officer, locked)
    return locked


# --------------------------------------------------------------------------------------
# Accounts and roles


def _set_groups(user: User, roles) -> None:
    groups = [Group.objects.get_or_create(name=GROUP_NAMES[Role(r)])[0] for r in roles]
    managed = set(GROUP_NAMES.values())
    keep = [g for g in user.groups.all() if g.name not in managed]
    user.groups.set(keep + groups)
    user._sanxiang_roles = {Role(r) for r in roles}


def _account_snapshot(user: User) -> dict:
    return {"username": user.username, "full_name": user.get_full_name(),
            "email": user.email, "body": user.body_id, "officer": user.officer_id,
            "jurisdiction": user.jurisdiction, "is_active": user.is_active}


def _normalise_roles(roles) -> list[str]:
    return sorted({str(r) for r in roles or []})


def _password_problems(password, user) -> list[Problem]:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return [Problem("password", "；".join(error.messages), ACCOUNT)]
    return []


def create_user(*, acting_user, username, password, full_name, roles: list[str], body=None,
                officer=None, jurisdiction="") -> User:
    roles = _normalise_roles(roles)
    jurisdiction = _text(jurisdiction)
    if body is None and officer is not None:
        body = officer.body
    if body is None:
        permissions.require_global_admin(acting_user)
    else:
        permissions.require_body_admin(acting_user, body)
    permissions.require_role_grant(acting_user, roles)
    username, full_name = _text(username), _text(full_name)
    user = User(username=username, first_name=full_name, body=body, officer=officer,
                jurisdiction=jurisdiction, is_staff=Role.ADMIN in roles)
    problems = account_problems(roles=roles, body=body, officer=officer,
                                 jurisdiction=jurisdiction)
    if not username:
        problems.append(Problem("username", _("Please fill in the user name."), ACCOUNT))
    else:
        try:
            User.username_validator(username)
        except ValidationError as error:
            problems.append(Problem("username", "；".join(error.messages), ACCOUNT))
    if not full_name:
        problems.append(Problem("full_name", _("Please fill in the full name."), ACCOUNT))
    problems += _password_problems(password, user)
    with transaction.atomic():
        if username and User.objects.filter(username__iexact=username).exists():
            problems.append(Problem("username", _("The user name %(username)s is taken.")
                                    % {"username": username}, ACCOUNT))
        if officer is not None and User.objects.filter(officer=officer).exists():
            problems.append(Problem("officer", _("%(name)s already has an account.")
                                    % {"name": officer.name}, ACCOUNT))
        if problems:
            _raise(problems)
        user.set_password(password)
        user.save()
        _set_groups(user, roles)
        ledger.append(kind=EventKind.USER_CREATED, subject=user,
                      payload=_account_snapshot(user) | {"roles": roles}, actor=acting_user)
    return user


def _lock_user(user) -> User:
    return User.objects.select_for_update(of=("self",)).select_related(
        "body", "officer__body").get(pk=user.pk)


def _require_account_admin(acting_user, target: User) -> None:
    if target.is_superuser and not (acting_user is None or acting_user.is_superuser):
        raise PermissionDenied(_("Only a superuser may change a superuser."))
    if target.body_id is None:
        permissions.require_global_admin(acting_user)
    else:
        permissions.require_body_admin(acting_user, target.body)
        # A body administrator manages the body's staff, not other administrators.
        if not permissions.is_global_admin(acting_user):
            permissions.require_role_grant(acting_user, roles_of(target))


def set_roles(*, user, acting_user, roles: list[str]) -> User:
    roles = _normalise_roles(roles)
    with transaction.atomic():
        locked = _lock_user(user)
        _require_account_admin(acting_user, locked)
        permissions.require_role_grant(acting_user, roles)
        before = sorted(roles_of(locked))
        problems = account_problems(roles=roles, body=locked.body, officer=locked.officer,
                                     jurisdiction=locked.jurisdiction)
        if (acting_user is not None and acting_user.pk == locked.pk
                and Role.ADMIN in before and Role.ADMIN not in roles):
            problems.append(Problem("roles", _("You cannot remove your own administrator "
                                               "role."), ACCOUNT))
        if problems:
            _raise(problems)
        if before != roles:
            _set_groups(locked, roles)
            staff = locked.is_superuser or Role.ADMIN in roles
            if staff != locked.is_staff:
                locked.is_staff = staff
                locked.save(update_fields=["is_staff"])
            ledger.append(kind=EventKind.USER_ROLES_CHANGED, subject=locked,
                          payload={"username": locked.username, "before": before,
                                   "after": roles},
                          actor=acting_user)
    _sync(user, locked)
    user._sanxiang_roles = {Role(r) for r in roles}
    return locked


def update_user(*, user, acting_user, **changes) -> User:
    """Change an account's name, e-mail, body, officer link or jurisdiction."""
    unknown = set(changes) - USER_CHANGES
    if unknown:
        raise TypeError(f"update_user() cannot change {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock_user(user)
        _require_account_admin(acting_user, locked)
        before = _account_snapshot(locked)
        body = changes.get("body", locked.body)
        officer = changes.get("officer", locked.officer)
        if "officer" in changes and officer is not None and "body" not in changes:
            body = officer.body
        if body is not None and body.pk != locked.body_id:
            permissions.require_body_admin(acting_user, body)
        if body is None and locked.body_id is not None:
            permissions.require_global_admin(acting_user)
        jurisdiction = _text(changes.get("jurisdiction", locked.jurisdiction))
        problems = account_problems(roles=roles_of(locked), body=body, officer=officer,
                                     jurisdiction=jurisdiction)
        if (officer is not None and officer.pk != locked.officer_id
                and User.objects.filter(officer=officer).exclude(pk=locked.pk).exists()):
            problems.append(Problem("officer", _("%(name)s already has an account.")
                                    % {"name": officer.name}, ACCOUNT))
        full_name = _text(changes.get("full_name", locked.get_full_name()))
        if not full_name:
            problems.append(Problem("full_name", _("Please fill in the full name."), ACCOUNT))
        if problems:
            _raise(problems)
        if "full_name" in changes:
            locked.first_name, locked.last_name = full_name, ""
        locked.email = _text(changes.get("email", locked.email))
        locked.body, locked.officer, locked.jurisdiction = body, officer, jurisdiction
        changed = _diff(before, _account_snapshot(locked))
        if changed:
            locked.save()
            ledger.append(kind=EventKind.USER_UPDATED, subject=locked,
                          payload={"username": locked.username, "changed": changed},
                          actor=acting_user)
    _sync(user, locked)
    return locked


def set_password(*, user, acting_user, password) -> User:
    """Set a password (users set their own; administrators reset others').

    A password an administrator sets is temporary: the user must choose their own at the
    next login (``must_change_password``), so no administrator goes on knowing it.
    """
    with transaction.atomic():
        locked = _lock_user(user)
        own = acting_user is not None and acting_user.pk == locked.pk
        if not own:
            _require_account_admin(acting_user, locked)
        problems = _password_problems(password, locked)
        if problems:
            _raise(problems)
        locked.set_password(password)
        # Accounts made from the command line (no acting user) keep the password they chose.
        locked.must_change_password = not own and acting_user is not None
        locked.save(update_fields=["password", "must_change_password"])
        # Never the password, nor its hash: only that it was set and by whom.
        ledger.append(kind=EventKind.USER_PASSWORD_SET, subject=locked,
                      payload={"username": locked.username,
                               "must_change": locked.must_change_password},
                      actor=acting_user)
    _sync(user, locked)
    return locked


def change_own_password(*, user, acting_user, old_password, new_password) -> User:
    """A user replaces their own password, giving the current one first."""
    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can change this password this way."))
    if not user.check_password(old_password):
        _raise([Problem("old_password", _("The current password is not correct."), ACCOUNT)])
    if old_password == new_password:
        _raise([Problem("new_password1", _("The new password must differ from the current "
                                           "one."), ACCOUNT)])
    return set_password(user=user, acting_user=acting_user, password=new_password)


# Temporary passwords: no look-alike characters (0/O, 1/l/I), 16 of them (about 80 bits).
TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105


def reset_password(*, user, acting_user) -> tuple[User, str]:
    """An administrator resets a forgotten password: a random temporary one, shown once to
    hand over, which the user must replace at the first login. Returns (user, password)."""
    groups = ["".join(secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _letter in range(4))
              for _group in range(4)]
    temporary = "-".join(groups)
    with transaction.atomic():
        locked = _lock_user(user)
        if acting_user is None or acting_user.pk == locked.pk:
            raise PermissionDenied(_("Change your own password on the password page."))
        _require_account_admin(acting_user, locked)
        locked.set_password(temporary)
        locked.must_change_password = True
        locked.save(update_fields=["password", "must_change_password"])
        ledger.append(kind=EventKind.USER_PASSWORD_RESET, subject=locked,
                      payload={"username": locked.username}, actor=acting_user)
    _sync(user, locked)
    return locked, temporary


def start_totp_enrolment(*, user, acting_user, key: str | None = None):
    """The pending (unconfirmed) authenticator of the user's own enrolment; made once.

    ``key`` (hex) is for the demo only, whose accounts have published secrets; otherwise
    django-otp draws 20 random bytes.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if acting_user is None or acting_user.pk != user.pk:
        raise PermissionDenied(_("Only the account holder can enrol an authenticator."))
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            extra = {"key": key} if key else {}
            device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"),
                                               confirmed=False, **extra)
    return device


def confirm_totp_device(*, device, acting_user, token: str):
    """Confirm an enrolment with a code from the authenticator: proves the user holds it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if acting_user is None or acting_user.pk != device.user_id:
        raise PermissionDenied(_("Only the account holder can enrol an authenticator."))
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked.confirmed:
            _raise([Problem("token", _("This authenticator is already enrolled."), ACCOUNT)])
        if not locked.verify_token(second_factor.token_digits(token)):
            _raise([Problem("token", _("The code is not correct. Enter the six digits the "
                                       "authenticator app shows now."), ACCOUNT)])
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        # Other pending enrolments of the same user are dropped: one secret in use.
        TOTPDevice.objects.filter(user_id=locked.user_id, confirmed=False).delete()
        ledger.append(kind=EventKind.USER_SECOND_FACTOR_ENROLLED, subject=locked.user,
                      payload={"username": locked.user.username, "device": locked.pk},
                      actor=acting_user)
    return locked


def reset_second_factor(*, user, acting_user) -> User:
    """An administrator removes a user's authenticators (a lost phone): the user enrols a
    new one at the next login, after the password."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        locked = _lock_user(user)
        _require_account_admin(acting_user, locked)
        removed, _detail = TOTPDevice.objects.filter(user=locked).delete()
        ledger.append(kind=EventKind.USER_SECOND_FACTOR_RESET, subject=locked,
                      payload={"username": locked.username, "devices": removed},
                      actor=acting_user)
    _sync(user, locked)
    return locked



def _deactivate(user: User, *, acting_user, reason: str) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    ledger.append(kind=EventKind.USER_DEACTIVATED, subject=user,
                  payload={"username": user.username, "reason": reason}, actor=acting_user)


def deactivate_user(*, user, acting_user) -> User:
    with transaction.atomic():
        locked = _lock_user(user)
        _require_account_admin(acting_user, locked)
        problems = []
        if acting_user is not None and acting_user.pk == locked.pk:
            problems.append(Problem("is_active", _("You cannot deactivate your own account."),
                                    ACCOUNT))
        if not locked.is_active:
            problems.append(Problem("is_active", _("The account %(username)s is already "
                                                   "deactivated.")
                                    % {"username": locked.username}, ACCOUNT))
        if problems:
            _raise(problems)
        _deactivate(locked, acting_user=acting_user, reason="")
    _sync(user, locked)
    return locked
