"""The field rules of the register (R-ORG-01, R-ORG-02), in one place.

The actions, the Excel import and the admin forms all ask these functions, so a rule can
never hold in one path and not in another. ``*_problems`` functions are pure (no database);
``*_duplicates`` ones ask the database for uniqueness. Each returns a list of ``Problem``s
naming the model field at fault, so forms and the import can put the message at the right
field or column.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.core.identifiers import PROVINCE_CODES, IdentifierError, validate_credit_code
from sanxiang.org.models import AnnualInspection, Body, Certificate, EnforcementField, Officer
from sanxiang.org.permissions import BODY_ROLES
from sanxiang.org.roles import Role

ACCOUNT = "ACCOUNT"

PHONE = re.compile(r"^\+?[0-9][0-9\-() 转]{2,39}$")
REGION_CODE = re.compile(r"^[0-9]{6}$")
FIELD_CODE = re.compile(r"^[A-Z0-9_]{1,20}$")

BODY_REQUIRED = (
    "name", "credit_code", "nature", "subject_kind", "funding", "legal_representative",
    "address", "complaint_phone", "region_code",
)
OFFICER_REQUIRED = ("name", "post", "areas")
CERTIFICATE_REQUIRED = ("number", "issued_by")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    code: str = "R-ORG-01"


def label(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def _required(model, data: dict, names, code: str) -> list[Problem]:
    return [
        Problem(name, _("Please fill in %(field)s.") % {"field": label(model, name)}, code)
        for name in names
        if data.get(name) in (None, "")
    ]


def _lengths(model, data: dict, code: str) -> list[Problem]:
    problems = []
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # keys that are not model fields (field_codes …)
            continue
        limit = getattr(field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            problems.append(Problem(
                name,
                _("%(field)s may have at most %(limit)d characters; this has %(count)d.")
                % {"field": label(model, name), "limit": limit, "count": len(value)},
                code,
            ))
    return problems


def _choice(model, data: dict, name: str, choices, code: str) -> list[Problem]:
    value = data.get(name)
    if value in (None, "") or value in choices.values:
        return []
    return [Problem(name, _("%(value)s is not a valid %(field)s.")
                    % {"value": value, "field": label(model, name)}, code)]


def normalise_credit_code(value) -> tuple[str, Problem | None]:
    try:
        return validate_credit_code(value), None
    except IdentifierError as error:
        return str(value or ""), Problem("credit_code", error.message)


def region_code_problem(value: str, field: str = "region_code",
                        code: str = "R-ORG-01") -> Problem | None:
    if REGION_CODE.match(value or "") and value[:2] in PROVINCE_CODES:
        return None
    return Problem(field, _("The region code must be a six-digit GB/T 2260 code such as "
                            "130102; “%(value)s” is not.") % {"value": value}, code)


def phone_problem(value: str, field: str, model, code: str) -> Problem | None:
    if not value or PHONE.match(value):
        return None
    return Problem(field, _("%(field)s “%(value)s” is not a telephone number.")
                   % {"field": label(model, field), "value": value}, code)


def body_problems(data: dict) -> list[Problem]:
    """Every rule of R-ORG-01 that needs no database. ``data`` holds all of a body's fields
    (for an update: the current values with the changes applied); ``credit_code`` must be
    normalised already (``normalise_credit_code``)."""
    code = "R-ORG-01"
    problems = _required(Body, data, BODY_REQUIRED, code) + _lengths(Body, data, code)
    problems += _choice(Body, data, "nature", Body.Nature, code)
    problems += _choice(Body, data, "subject_kind", Body.SubjectKind, code)
    problems += _choice(Body, data, "funding", Body.Funding, code)
    if data.get("region_code"):
        problems += [p for p in [region_code_problem(data["region_code"])] if p]
    problems += [p for p in [phone_problem(data.get("complaint_phone", ""), "complaint_phone",
                                           Body, code)] if p]
    staffing = data.get("staffing", 0)
    if not isinstance(staffing, int) or isinstance(staffing, bool) or staffing < 0:
        problems.append(Problem("staffing", _("The authorised staffing must be a whole number "
                                              "of zero or more."), code))
    entrusting = data.get("entrusting_body")
    agreement = data.get("entrustment_agreement") or ""
    if data.get("subject_kind") == Body.SubjectKind.ENTRUSTED:
        if entrusting is None:
            problems.append(Problem("entrusting_body", _(
                "An entrusted subject must name the body that entrusted it."), code))
        elif entrusting.subject_kind == Body.SubjectKind.ENTRUSTED:
            # 行政处罚法第二十条: an entrusted organization may not entrust again.
            problems.append(Problem("entrusting_body", _(
                "%(body)s is itself an entrusted subject and may not entrust another "
                "organization.") % {"body": entrusting.name}, code))
        elif data.get("pk") is not None and entrusting.pk == data.get("pk"):
            problems.append(Problem("entrusting_body", _(
                "A body cannot entrust itself."), code))
        if not agreement:
            problems.append(Problem("entrustment_agreement", _(
                "An entrusted subject must record its entrustment agreement."), code))
    elif data.get("subject_kind"):
        if entrusting is not None:
            problems.append(Problem("entrusting_body", _(
                "Only an entrusted subject has an entrusting body."), code))
        if agreement:
            problems.append(Problem("entrustment_agreement", _(
                "Only an entrusted subject has an entrustment agreement."), code))
    return problems


def body_duplicates(data: dict, *, exclude_pk=None) -> list[Problem]:
    code = "R-ORG-01"
    others = Body.objects.exclude(pk=exclude_pk) if exclude_pk else Body.objects.all()
    problems = []
    if data.get("name") and others.filter(name=data["name"]).exists():
        problems.append(Problem("name", _("A body named %(name)s is already registered.")
                                % {"name": data["name"]}, code))
    if data.get("credit_code"):
        holder = others.filter(credit_code=data["credit_code"]).only("name").first()
        if holder is not None:
            problems.append(Problem("credit_code", _(
                "The unified social credit code %(code)s is already used by %(body)s.")
                % {"code": data["credit_code"], "body": holder.name}, code))
    return problems


def field_problems(code_value: str, name: str) -> list[Problem]:
    problems = []
    if not FIELD_CODE.match(code_value):
        problems.append(Problem("code", _(
            "A category code has 1 to 20 capital letters, digits or underscores."), "R-ORG-02"))
    problems += _required(EnforcementField, {"name": name}, ["name"], "R-ORG-02")
    problems += _lengths(EnforcementField, {"name": name}, "R-ORG-02")
    if not problems:
        if EnforcementField.objects.filter(code=code_value).exists():
            problems.append(Problem("code", _("The category code %(code)s already exists.")
                                    % {"code": code_value}, "R-ORG-02"))
        if EnforcementField.objects.filter(name=name).exists():
            problems.append(Problem("name", _("The category %(name)s already exists.")
                                    % {"name": name}, "R-ORG-02"))
    return problems


def officer_problems(data: dict) -> list[Problem]:
    """R-ORG-02 for an officer's own fields; ``data["fields"]`` is the list of categories."""
    code = "R-ORG-02"
    problems = _required(Officer, data, OFFICER_REQUIRED, code) + _lengths(Officer, data, code)
    if data.get("body") is None:
        problems.append(Problem("body", _("Please choose the officer's body."), code))
    if not data.get("fields"):
        problems.append(Problem("fields", _(
            "An officer needs at least one enforcement category."), code))
    if data.get("is_reviewer") and data.get("status") == Officer.Status.LEFT:
        problems.append(Problem("is_reviewer", _(
            "%(name)s has left and cannot be a legal reviewer.") % {"name": data.get("name")},
            code))
    problems += [p for p in [phone_problem(data.get("phone", ""), "phone", Officer, code)] if p]
    return problems


def certificate_problems(data: dict, *, today: date | None = None) -> list[Problem]:
    code = "R-ORG-02"
    today = today or timezone.localdate()
    problems = _required(Certificate, data, CERTIFICATE_REQUIRED, code)
    problems += _lengths(Certificate, data, code)
    issued_on, expires_on = data.get("issued_on"), data.get("expires_on")
    for name, value in (("issued_on", issued_on), ("expires_on", expires_on)):
        if not isinstance(value, date):
            problems.append(Problem(name, _("Please fill in %(field)s.")
                                    % {"field": label(Certificate, name)}, code))
    if isinstance(issued_on, date) and issued_on > today:
        problems.append(Problem("issued_on", _("The issue date %(date)s is in the future.")
                                % {"date": issued_on.isoformat()}, code))
    if isinstance(issued_on, date) and isinstance(expires_on, date) and expires_on <= issued_on:
        problems.append(Problem("expires_on", _(
            "The certificate must expire after it is issued (issued %(issued)s, valid until "
            "%(expires)s).") % {"issued": issued_on.isoformat(), "expires": expires_on.isoformat()},
            code))
    return problems


def certificate_duplicate(number: str) -> Problem | None:
    if Certificate.objects.filter(number=number).exists():
        return Problem("number", _("The certificate number %(number)s is already registered.")
                       % {"number": number}, "R-ORG-02")
    return None


def inspection_problems(certificate: Certificate, *, year, result, inspected_on,
                        today: date | None = None) -> list[Problem]:
    code = "R-ORG-02"
    today = today or timezone.localdate()
    problems = []
    if result not in AnnualInspection.Result.values:
        problems.append(Problem("result", _("%(value)s is not a valid %(field)s.")
                                % {"value": result, "field": label(AnnualInspection, "result")},
                                code))
    if not isinstance(inspected_on, date):
        return [*problems, Problem("inspected_on", _("Please fill in %(field)s.") % {
            "field": label(AnnualInspection, "inspected_on")}, code)]
    if not isinstance(year, int) or not certificate.issued_on.year <= year <= inspected_on.year:
        problems.append(Problem("year", _(
            "The year inspected must lie between the year the certificate was issued "
            "(%(issued)d) and the year of the inspection (%(inspected)d).")
            % {"issued": certificate.issued_on.year, "inspected": inspected_on.year}, code))
    if inspected_on > today:
        problems.append(Problem("inspected_on", _("The inspection date %(date)s is in the "
                                                  "future.") % {"date": inspected_on.isoformat()},
                                code))
    if inspected_on < certificate.issued_on:
        problems.append(Problem("inspected_on", _(
            "The inspection date %(date)s is before the certificate was issued.")
            % {"date": inspected_on.isoformat()}, code))
    if certificate.cancelled_on is not None and inspected_on > certificate.cancelled_on:
        problems.append(Problem("inspected_on", _(
            "Certificate %(number)s was cancelled on %(date)s and cannot be inspected after.")
            % {"number": certificate.number, "date": certificate.cancelled_on.isoformat()},
            code))
    return problems


def account_problems(*, roles, body, officer, jurisdiction) -> list[Problem]:
    problems = []
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        problems.append(Problem("roles", _("Unknown roles: %(roles)s.")
                                % {"roles": "、".join(map(str, unknown))}, ACCOUNT))
    roles = set(roles) - set(unknown)
    if officer is not None and body is not None and officer.body_id != body.pk:
        problems.append(Problem("officer", _("%(name)s belongs to %(officer_body)s, not to "
                                             "%(body)s.")
                                % {"name": officer.name, "officer_body": officer.body.name,
                                   "body": body.name}, ACCOUNT))
    if roles & {Role.OFFICER, Role.REVIEWER} and officer is None:
        problems.append(Problem("officer", _(
            "The roles enforcement officer and legal reviewer need the officer's record."),
            ACCOUNT))
    if officer is not None and officer.status != Officer.Status.ACTIVE:
        problems.append(Problem("officer", _("%(name)s has left.") % {"name": officer.name},
                                ACCOUNT))
    if Role.REVIEWER in roles and officer is not None and not officer.is_reviewer:
        problems.append(Problem("roles", _("%(name)s is not registered as a legal reviewer.")
                                % {"name": officer.name}, ACCOUNT))
    if roles & BODY_ROLES and body is None:
        problems.append(Problem("body", _("The roles %(roles)s need a body.") % {
            "roles": "、".join(Role(r).label for r in sorted(roles & BODY_ROLES))},
            ACCOUNT))
    if Role.SUPERVISOR in roles and not jurisdiction:
        problems.append(Problem("jurisdiction", _(
            "A supervisor needs the region code of the jurisdiction they oversee."), ACCOUNT))
    if jurisdiction:
        padded = jurisdiction.ljust(6, "0")
        if (len(jurisdiction) not in (2, 4, 6) or not jurisdiction.isdigit()
                or region_code_problem(padded)):
            problems.append(Problem("jurisdiction", _(
                "The jurisdiction is a region code prefix of 2, 4 or 6 digits (13 = a province, "
                "1301 = a city, 130102 = a county); “%(value)s” is not.")
                % {"value": jurisdiction}, ACCOUNT))
    return problems
