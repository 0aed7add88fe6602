"""Checking an entry of the directory of inspection objects (R-INS-01), by hand or imported.

``clean(raw)`` returns the cleaned fields and every problem as (field, Chinese message), so
the form, the Excel import and the API report the same problems in the same words.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanxiang.core.identifiers import IdentifierError, validate_credit_code
from sanxiang.inspections.models import Target
from sanxiang.org.validation import region_code_problem

TEXT_FIELDS = ("name", "entity_type", "industry", "address", "legal_representative")
# The words spreadsheets use for the choices, beside the codes and the labels.
WORDS = {
    "kind": {"企业": Target.Kind.ENTERPRISE, "市场主体": Target.Kind.ENTERPRISE,
             "个体工商户": Target.Kind.ENTERPRISE, "产品": Target.Kind.PRODUCT,
             "项目": Target.Kind.PROJECT, "工程": Target.Kind.PROJECT,
             "场所": Target.Kind.SITE, "工地": Target.Kind.SITE, "现场": Target.Kind.SITE},
    "size": {"大型": Target.Size.LARGE, "中型": Target.Size.MEDIUM, "小型": Target.Size.SMALL,
             "微型": Target.Size.MICRO},
    "credit_class": {f"{c}类": c for c in "ABCD"},
}
CODE_PREFIX = {Target.Kind.PRODUCT: "P", Target.Kind.PROJECT: "J", Target.Kind.SITE: "S"}


def _choice(value, choices, field, label, problems) -> str:
    value = str(value or "").strip()
    if not value:
        return ""
    by_label = {str(lbl): key for key, lbl in choices.choices} | WORDS.get(field, {})
    key = value if value in choices.values else by_label.get(value)
    if key is None:
        problems.append((field, _("“%(value)s” is not a %(label)s; choose one of %(choices)s.")
                         % {"value": value, "label": label,
                            "choices": "、".join(str(lbl) for _k, lbl in choices.choices)}))
        return ""
    return key


def clean(raw: dict) -> tuple[dict, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    data = {f: " ".join(str(raw.get(f) or "").split()) for f in TEXT_FIELDS}
    if not data["name"]:
        problems.append(("name", _("The name is required.")))
    lengths = {f: Target._meta.get_field(f).max_length for f in TEXT_FIELDS}
    for f, limit in lengths.items():
        if len(data[f]) > limit:
            problems.append((f, _("At most %(limit)d characters.") % {"limit": limit}))
    data["kind"] = _choice(raw.get("kind") or Target.Kind.ENTERPRISE, Target.Kind, "kind",
                           _("kind of object"), problems) or Target.Kind.ENTERPRISE
    credit = str(raw.get("credit_code") or "").strip()
    data["credit_code"] = ""
    if credit:
        try:
            data["credit_code"] = validate_credit_code(credit)
        except IdentifierError as error:
            problems.append(("credit_code", error.message))
    elif data["kind"] == Target.Kind.ENTERPRISE:
        problems.append(("credit_code", _("An enterprise needs its unified social credit "
                                          "code.")))
    region = str(raw.get("region_code") or "").strip()
    problem = region_code_problem(region, "region_code", "R-INS-01")
    if problem:
        problems.append(("region_code", problem.message))
    data["region_code"] = region
    data["size"] = _choice(raw.get("size"), Target.Size, "size", _("size"), problems)
    data["credit_class"] = _choice(str(raw.get("credit_class") or "").strip().upper(),
                                   Target.CreditClass, "credit_class",
                                   _("credit-risk class"), problems)
    data["abnormal"] = _flag(raw.get("abnormal"), problems)
    data["last_inspected_on"] = raw.get("last_inspected_on") or None
    return data, problems


def _flag(value, problems) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("", "否", "no", "false", "0"):
        return False
    if text in ("是", "yes", "true", "1"):
        return True
    problems.append(("abnormal", _("Write 是 or 否.")))
    return False


def code_for(data: dict, serial: int) -> str:
    """The directory code: the credit code of an enterprise, else a letter and a number."""
    if data["credit_code"]:
        return data["credit_code"]
    return f"{CODE_PREFIX.get(data['kind'], 'X')}{serial:09d}"
