"""Document numbers (文号) in the GB/T 9704 form, unique and gap-free (R-REC-08).

A number is taken inside the transaction of the action that issues the document: the
series row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write lock is already
held from ``BEGIN IMMEDIATE``), incremented and written. If the action fails afterwards, the
increment rolls back with it, so a number is either used by an issued document or never
taken: no gaps, no duplicates, whatever the concurrency.
"""

import re

from django.db import IntegrityError, transaction

from sanxiang.cases.models import DocumentNumbering, DocumentSequence

# The usual 文号 type characters; a body's own ``DocumentNumbering`` rows override them.
TYPE_CHARS = {
    "case": "立",
    # Only the general procedure has a 立案; the others are numbered as what they are.
    "case_simple": "简",
    "case_inspection": "检",
    "case_coercion": "强",
    "case_licence": "许申",
    "penalty_decision": "罚",
    "no_penalty_decision": "不罚",
    "on_spot_penalty_decision": "简罚",
    "penalty_prior_notice": "罚告",
    "hearing_offer": "听告",
    "hearing_notice": "听通",
    "correction_order": "责改",
    "evidence_preservation_notice": "登保",
    "sampling_notice": "抽",
    "goods_disposal_notice": "物处",
    "transfer_letter": "移",
    "enforcement_application": "强申",
    "seizure_decision": "查扣",
    "seizure_extension_decision": "延扣",
    "seizure_release_decision": "解扣",
    "freezing_decision": "冻",
    "freezing_extension_decision": "延冻",
    "freezing_release_decision": "解冻",
    "enforcement_demand": "催",
    "enforcement_decision": "强执",
    "acceptance_notice": "受",
    "correction_materials_notice": "补",
    "non_acceptance_decision": "不受",
    "licence_grant_decision": "许",
    "licence_refusal_decision": "不许",
    "legal_review_opinion": "法审",
}

CASE_SERIES = {"penalty_general": "case", "penalty_simple": "case_simple",
               "inspection": "case_inspection", "coercion": "case_coercion",
               "licence": "case_licence"}
NUMBERED = frozenset(TYPE_CHARS) - set(CASE_SERIES.values())
DEFAULT_PATTERN = "{prefix}{type}〔{year}〕{serial}号"


def is_numbered(doc_type: str) -> bool:
    return doc_type in NUMBERED


def default_prefix(body) -> str:
    """Without a configured issuer code: the short name without its generic ending."""
    name = body.short_name or body.name
    for ending in ("管理局", "局", "委员会", "办公室", "人民政府", "政府", "大队", "支队"):
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def numbering_for(body, series: str) -> tuple[str, str, str]:
    """(prefix, type characters, pattern) for ``series`` of ``body``."""
    rows = {n.doc_type: n for n in DocumentNumbering.objects.filter(body=body,
                                                                    doc_type__in=[series, ""])}
    own, default = rows.get(series), rows.get("")
    prefix = (own or default).prefix if (own or default) else default_prefix(body)
    type_char = own.type_char if own and own.type_char else TYPE_CHARS.get(series, "")
    pattern = (own or default).pattern if (own or default) else DEFAULT_PATTERN
    return prefix, type_char, pattern


# The pattern is a small template language, not a Python format string (which would allow
# attribute access such as {prefix.__class__} and widths such as {serial:99999999}):
# literal text with the placeholders {prefix} {type} {year} {serial}, and {serial:N} for a
# serial zero-padded to N digits (1 ≤ N ≤ MAX_SERIAL_WIDTH). Nothing else is a placeholder.
PLACEHOLDERS = ("prefix", "type", "year", "serial")
MAX_SERIAL_WIDTH = 8
MAX_PATTERN_LENGTH = 80
_TOKEN = re.compile(r"\{([a-z]+)(?::([0-9]{1,2}))?\}", re.ASCII)


class PatternError(ValueError):
    """The pattern is not in the template language (the message says why, in English)."""


def parse_pattern(pattern: str) -> list[tuple[str, str | int]]:
    """The pattern as parts: ("text", literal) and (placeholder, width or 0)."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError("too long")
    parts: list[tuple[str, str | int]] = []
    position = 0
    for match in _TOKEN.finditer(pattern):
        parts.append(("text", pattern[position:match.start()]))
        name, width = match.group(1), match.group(2)
        if name not in PLACEHOLDERS:
            raise PatternError(f"unknown placeholder {name}")
        if width is not None and (name != "serial"
                                  or not 1 <= int(width) <= MAX_SERIAL_WIDTH):
            raise PatternError("bad width")
        parts.append((name, int(width or 0)))
        position = match.end()
    parts.append(("text", pattern[position:]))
    if any(kind == "text" and ("{" in value or "}" in value) for kind, value in parts):
        raise PatternError("stray brace")
    return [part for part in parts if part != ("text", "")]


def format_number(pattern: str, *, prefix: str, type_char: str, year: int, serial: int) -> str:
    values = {"prefix": prefix, "type": type_char, "year": str(year)}
    out = []
    for kind, value in parse_pattern(pattern):
        if kind == "text":
            out.append(value)
        elif kind == "serial":
            out.append(str(serial).zfill(value))
        else:
            out.append(values[kind])
    return "".join(out)


def take_number(body, series: str, year: int) -> tuple[str, int]:
    """Take the next number of ``series`` for ``body`` and ``year``. Call inside the
    issuing action's transaction: the number is only taken if that transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the issuing action's transaction")
    sequence = _locked_sequence(body, series, year)
    sequence.last += 1
    DocumentSequence.objects.filter(pk=sequence.pk).update(last=sequence.last)
    prefix, type_char, pattern = numbering_for(body, series)
    number = format_number(pattern, prefix=prefix, type_char=type_char, year=year,
                           serial=sequence.last)
    return number, sequence.last


def _locked_sequence(body, series: str, year: int) -> DocumentSequence:
    rows = DocumentSequence.objects.select_for_update().filter(body=body, series=series,
                                                               year=year)
    sequence = rows.first()
    if sequence is not None:
        return sequence
    try:
        # Two first issuers of a year may race to create the row: the loser's insert fails
        # on the unique constraint inside its savepoint and it locks the winner's row.
        with transaction.atomic():
            return DocumentSequence.objects.create(body=body, series=series, year=year, last=0)
    except IntegrityError:
        return rows.get()
