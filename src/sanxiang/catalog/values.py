"""The content fields of list entries: reading them from text, writing them as text,
checking them.

The actions, the Excel/CSV import and export and the pages all go through here, so a rule
holds the same on every path. Each entry model declares its ``content_fields``; their kind
(choice, money, whole number, legal basis, penalty kinds, category) is read from the model.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxiang.catalog import factors as factor_text
from sanxiang.catalog import legal
from sanxiang.catalog.models import Entry, PenaltyKind
from sanxiang.core.opendata import unquote_spreadsheet_text
from sanxiang.core.parsing import parse_int
from sanxiang.org.models import EnforcementField

LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")
CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
HUNDRED = Decimal(100)


class ValueProblem(ValueError):
    pass


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def model_field(model, name: str):
    return model._meta.get_field(name)


def label(model, name: str) -> str:
    return str(model_field(model, name).verbose_name)


# A recording-list entry names a workflow's procedure and step by code (the export and the
# import round-trip the codes); a reader sees their names.
_WORKFLOW_FIELDS = ("procedure", "step")


def display_label(model, name: str) -> str:
    """The heading a reader sees for a field (pages, the printed list)."""
    if model.__name__ == "RecordingRequirement" and name in _WORKFLOW_FIELDS:
        return pgettext("list", "procedure") if name == "procedure" else pgettext("list", "step")
    return label(model, name)


def display_value(entry, name: str, model=None) -> str:
    """The text a reader sees: ``format_value``, with a workflow code by its name."""
    model = model or type(entry)
    if model.__name__ == "RecordingRequirement" and name in _WORKFLOW_FIELDS:
        from sanxiang.cases import workflows

        procedure = workflows.PROCEDURES.get(entry.procedure)
        if procedure is not None:
            if name == "procedure":
                return str(procedure.name)
            step = next((s for s in procedure.steps if s.code == entry.step), None)
            if step is not None:
                return str(step.name)
    return format_value(entry, name, model)


def is_required(model, name: str) -> bool:
    field = model_field(model, name)
    if isinstance(field, models.JSONField):
        return name == "legal_bases" and model.__name__ == "EnforcementItem"
    return not (field.blank or field.null)


# --------------------------------------------------------------------------------------
# Text → value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # The export quotes text a spreadsheet would run ("'=…"): read back what was written.
    return unquote_spreadsheet_text(str(value).strip())


def _choice(field, text: str) -> str:
    for value, name in field.choices:
        if text in {value, str(name)}:
            return value
    raise ValueProblem(_("“%(value)s” is not one of %(options)s.") % {
        "value": text, "options": "、".join(str(name) for _v, name in field.choices)})


def _penalty_kinds(text: str) -> list[str]:
    kinds = []
    for part in LIST_SEPARATORS.split(text):
        if part:
            kind = next((v for v, name in PenaltyKind.choices if part in {v, str(name)}), None)
            if kind is None:
                raise ValueProblem(_("“%(value)s” is not a kind of penalty; use %(options)s.")
                                   % {"value": part, "options": "、".join(
                                       str(n) for n in PenaltyKind.labels)})
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def _decimal(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("，", "").rstrip("元%％").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not value.is_finite() or value < 0:
        raise ValueProblem(_("“%(value)s” is not a number.") % {"value": text})
    return value.quantize(Decimal("0.01"))


def _whole(text: str) -> int:
    value = parse_int(text)
    if value is None:
        raise ValueProblem(_("“%(value)s” is not a whole number.") % {"value": text})
    return value


def _enforcement_field(text: str, fields_by_text) -> EnforcementField:
    found = fields_by_text.get(text) or fields_by_text.get(text.upper())
    if found is None:
        raise ValueProblem(_("There is no enforcement category %(name)s.") % {"name": text})
    return found


def fields_lookup() -> dict[str, EnforcementField]:
    found = {}
    for category in EnforcementField.objects.all():
        found[category.code] = category
        found[category.name] = category
    return found


def parse_value(model, name: str, raw, *, categories=None):
    """The value of a cell as the model stores it; ``ValueProblem`` if it cannot be read."""
    field = model_field(model, name)
    if name == "legal_bases":
        if isinstance(raw, list):
            return _basis(raw)
        return _basis(_text(raw))
    if name == "penalty_kinds":
        if isinstance(raw, list):
            return _penalty_kinds("、".join(str(k) for k in raw))
        return _penalty_kinds(_text(raw))
    if name == "factors":
        try:
            if isinstance(raw, list):
                return factor_text.check(raw)
            return factor_text.parse(_text(raw))
        except factor_text.FactorError as error:
            raise ValueProblem(str(error)) from None
    if isinstance(field, models.ForeignKey):
        if isinstance(raw, EnforcementField) or raw is None:
            return raw
        text = _text(raw)
        if not text:
            return None
        return _enforcement_field(text, categories if categories is not None
                                  else fields_lookup())
    text = _text(raw)
    if field.choices:
        return _choice(field, text) if text else ""
    if isinstance(field, models.DecimalField):
        if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
            return _decimal(str(raw))
        return _decimal(text) if text else None
    if isinstance(field, models.PositiveIntegerField):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        return _whole(text) if text else None
    return text


def _basis(raw) -> list[dict]:
    try:
        return legal.check(raw) if isinstance(raw, list) else legal.parse(raw)
    except legal.BasisError as error:
        raise ValueProblem(str(error)) from None


# --------------------------------------------------------------------------------------
# Value → text


def format_value(entry_or_data, name: str, model=None) -> str:
    """The text of a field as the export writes it and the import reads it back."""
    if isinstance(entry_or_data, dict):
        value = entry_or_data.get(name)
    else:
        model = type(entry_or_data)
        value = getattr(entry_or_data, name)
    field = model_field(model, name)
    if value in (None, ""):
        return ""
    if name == "legal_bases":
        return legal.format_bases(value)
    if name == "penalty_kinds":
        return "、".join(str(PenaltyKind(kind).label) for kind in value)
    if name == "factors":
        return factor_text.format_factors(value)
    if isinstance(field, models.ForeignKey):
        return value.name if isinstance(value, EnforcementField) else str(value)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


# --------------------------------------------------------------------------------------
# Checking an entry


def content_of(entry: Entry) -> dict:
    return {name: getattr(entry, name) for name in entry.content_fields}


def canonical(model, data: dict) -> dict:
    """JSON-ready content, the same for equal entries: what the digest covers."""
    result = {}
    optional = getattr(model, "digest_optional", ())
    for name in model.content_fields:
        value = data.get(name)
        if name in optional and value in (None, "", []):
            continue  # added later: entries without it keep the digest they were given
        if isinstance(value, EnforcementField):
            value = value.code
        elif isinstance(value, Decimal):
            value = format(value.quantize(Decimal("0.01")), "f")
        elif value is None:
            value = ""
        result[name] = value
    return result


def problems_of(model, data: dict) -> list[Problem]:
    """Every problem of one entry's content (already parsed)."""
    problems = []
    for name in model.content_fields:
        value = data.get(name)
        field = model_field(model, name)
        if is_required(model, name) and value in (None, "", []):
            problems.append(Problem(name, _("Please fill in %(field)s.")
                                    % {"field": label(model, name)}))
        max_length = getattr(field, "max_length", None)
        if isinstance(value, str) and max_length and len(value) > max_length \
                and not isinstance(field, models.ForeignKey):
            problems.append(Problem(name, _("%(field)s may have at most %(max)d characters.")
                                    % {"field": label(model, name), "max": max_length}))
        if isinstance(field, models.DecimalField) and isinstance(value, Decimal):
            limit = Decimal(10) ** (field.max_digits - field.decimal_places)
            if value >= limit:
                problems.append(Problem(name, _("%(field)s is too large.")
                                        % {"field": label(model, name)}))
    problems.extend(_rules(model, data))
    return problems


def _rules(model, data: dict) -> list[Problem]:
    kind = model.__name__
    problems = []
    for name in ("code", "item_code"):
        value = data.get(name)
        if name in model.content_fields and value and not CODE.match(value):
            problems.append(Problem(name, _("A code has letters, digits, “-”, “_” or “.” "
                                            "only, at most 40.")))
    if kind == "DiscretionBenchmark":
        low, high = data.get("fine_min"), data.get("fine_max")
        if low is not None and high is not None and low > high:
            problems.append(Problem("fine_max", _("The highest fine is below the lowest.")))
        if (low is not None or high is not None) and PenaltyKind.FINE not in (
                data.get("penalty_kinds") or []):
            problems.append(Problem("penalty_kinds", _("A fine range is given, so the kinds "
                                                       "of penalty must include a fine.")))
        if not data.get("penalty_kinds") and not data.get("penalty"):
            problems.append(Problem("penalty_kinds", _("Give the kinds of penalty or the "
                                                       "penalty standard.")))
        problems.extend(_computable_rules(data))
    if kind == "InspectionItem":
        ratio = data.get("ratio")
        if ratio is not None and not (0 < ratio <= HUNDRED):
            problems.append(Problem("ratio", _("The ratio is a percentage above 0 and at "
                                               "most 100.")))
    if kind == "RecordingRequirement":
        problems.extend(_workflow_rules(data))
    if kind == "SupervisionChannel" and data.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(data["url"])
        except ValidationError:
            problems.append(Problem("url", _("“%(value)s” is not a web address.")
                                    % {"value": data["url"]}))
    if kind == "ReviewCriterion":
        problems.extend(_criterion_rules(model, data))
    return problems


def _computable_rules(data: dict) -> list[Problem]:
    """R-AST-02: a computable benchmark has what its mode computes from."""
    mode, factors = data.get("mode") or "", data.get("factors") or []
    low, high = data.get("fine_min"), data.get("fine_max")
    times_low, times_high = data.get("multiple_min"), data.get("multiple_max")
    problems = []
    if times_low is not None and times_high is not None and times_low > times_high:
        problems.append(Problem("multiple_max", _("The highest multiple is below the "
                                                  "lowest.")))
    weighted = factor_text.is_weighted(factors)
    if mode == "weighted":
        if not factors or not weighted:
            problems.append(Problem("factors", _("The weighted mode needs factors whose "
                                                 "levels have scores.")))
        if high is None:
            problems.append(Problem("fine_max", _("The weighted mode needs the highest fine "
                                                  "the law sets.")))
    elif weighted:
        problems.append(Problem("factors", _("Scores and weights are for the weighted mode; "
                                             "in this mode a level names a circumstance "
                                             "level (从轻、一般、从重 …).")))
    if mode == "statutory" and high is None and low is None and times_high is None:
        problems.append(Problem("fine_max", _("The statutory defaults need the lowest or "
                                              "highest fine, or the multiples, the law "
                                              "sets.")))
    if mode == "levels" and low is None and high is None:
        problems.append(Problem("fine_max", _("The range per level needs this level's lowest "
                                              "and highest fine.")))
    return problems


def _workflow_rules(data: dict) -> list[Problem]:
    """The procedure and step must be those of the workflow definitions (R-REC-03)."""
    from sanxiang.cases import workflows

    procedure = workflows.PROCEDURES.get(data.get("procedure") or "")
    if data.get("procedure") and procedure is None:
        return [Problem("procedure", _("There is no procedure %(code)s; use one of %(codes)s.")
                        % {"code": data["procedure"],
                           "codes": "、".join(workflows.PROCEDURES)})]
    step = data.get("step") or ""
    if procedure is not None and step and step not in {s.code for s in procedure.steps}:
        return [Problem("step", _("The procedure %(procedure)s has no step %(code)s; use one "
                                  "of %(codes)s.") % {
            "procedure": procedure.code, "code": step,
            "codes": "、".join(s.code for s in procedure.steps)})]
    return []


def _criterion_rules(model, data: dict) -> list[Problem]:
    kind = data.get("criterion_kind")
    needs = {
        "fine_threshold": {"party_kind", "amount"},
        "penalty_kind": {"penalty_kind"},
        "flag": {"flag"},
    }.get(kind, set())
    problems = []
    for name in ("party_kind", "amount", "penalty_kind", "flag"):
        value = data.get(name)
        empty = value in (None, "")
        if name in needs and empty:
            problems.append(Problem(name, _("This criterion needs %(field)s.")
                                    % {"field": label(model, name)}))
        elif name not in needs and not empty:
            problems.append(Problem(name, _("This criterion does not take %(field)s; leave it "
                                            "empty.") % {"field": label(model, name)}))
    return problems


def search_text(model, data: dict) -> str:
    """The entry's words for full-text search: its text fields and its legal basis."""
    parts = []
    for name in model.content_fields:
        text = format_value(data, name, model)
        if text:
            parts.append(text)
    return "\n".join(parts)
