"""Document numbers (文号) in the GB/T 9704 form, unique, gap-free and in order (R-REC-08).

Two ways to take one, both under the series row's lock (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's write lock is held from ``BEGIN IMMEDIATE``), held only briefly:

* ``take_number`` inside the issuing action's transaction: the number is only taken if
  that transaction commits.
* ``reserve`` → render the document → ``settle`` (docs/adr/0014-documents-rendered-before-
  numbering.md): a number is reserved in a short transaction of its own, the PDF is
  rendered with no lock held, and a second short transaction issues the document once every
  earlier number of the series is issued. A reservation given back (``release``: the
  render failed, a rule refused) or abandoned by a dead process (``take_over_stale``) moves
  the later reservations down by one, whose issuers render again: no number is lost,
  duplicated or issued out of order.

The series keeps ``last`` (taken) and ``issued``; reservations hold exactly the serials
between, one each.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from sanxiang.cases.models import DocumentNumbering, DocumentSequence, NumberReservation

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


def number_for(body, series: str, year: int, serial: int) -> str:
    prefix, type_char, pattern = numbering_for(body, series)
    return format_number(pattern, prefix=prefix, type_char=type_char, year=year, serial=serial)


def take_number(body, series: str, year: int) -> tuple[str, int]:
    """Take the next number of ``series`` for ``body`` and ``year``. Call inside the
    issuing action's transaction: the number is only taken if that transaction commits.

    It is the next one to be issued; reservations still rendering move up by one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the issuing action's transaction")
    sequence = _locked_sequence(body, series, year)
    serial = sequence.issued + 1
    if sequence.last > sequence.issued:
        _shift(sequence, after=sequence.issued, by=1)
    DocumentSequence.objects.filter(pk=sequence.pk).update(last=sequence.last + 1,
                                                           issued=serial)
    return number_for(body, series, year, serial), serial


@dataclass
class Reservation:
    pk: int
    sequence_id: int
    serial: int
    body: object
    series: str
    year: int

    @property
    def number(self) -> str:
        return number_for(self.body, self.series, self.year, self.serial)


def reserve(body, series: str, year: int, *, case) -> Reservation:
    """Reserve the next number in a short transaction of its own (then render, then
    ``settle`` or ``release``)."""
    with transaction.atomic():
        sequence = _locked_sequence(body, series, year)
        serial = sequence.last + 1
        DocumentSequence.objects.filter(pk=sequence.pk).update(last=serial)
        row = NumberReservation.objects.create(sequence=sequence, serial=serial, case=case,
                                               reserved_at=timezone.now())
    return Reservation(row.pk, sequence.pk, serial, body, series, year)


READY, WAIT, MOVED, GONE = "ready", "wait", "moved", "gone"


def settle_if_ready(reservation: Reservation) -> str:
    """Inside the issuing transaction: lock the series and, when every earlier number is
    issued and the reservation still holds the serial rendered, mark it issued (READY).
    Otherwise WAIT (an earlier one is still rendering), MOVED (``reservation.serial`` is
    now another: render again) or GONE (taken over as abandoned: reserve again)."""
    sequence = DocumentSequence.objects.select_for_update().get(pk=reservation.sequence_id)
    serial = NumberReservation.objects.filter(pk=reservation.pk).values_list(
        "serial", flat=True).first()
    if serial is None:
        return GONE
    if serial != reservation.serial:
        reservation.serial = serial
        return MOVED
    if sequence.issued != serial - 1:
        return WAIT
    NumberReservation.objects.filter(pk=reservation.pk).delete()
    DocumentSequence.objects.filter(pk=sequence.pk).update(issued=serial)
    return READY


def release(reservation: Reservation) -> None:
    """Give a reservation back (its document will not be issued): later ones move down."""
    with transaction.atomic():
        sequence = DocumentSequence.objects.select_for_update().get(pk=reservation.sequence_id)
        _release(sequence, reservation.pk)


def _release(sequence: DocumentSequence, pk: int) -> None:
    serial = NumberReservation.objects.filter(pk=pk).values_list("serial", flat=True).first()
    if serial is None:
        return
    NumberReservation.objects.filter(pk=pk).delete()
    _shift(sequence, after=serial, by=-1)
    DocumentSequence.objects.filter(pk=sequence.pk).update(last=sequence.last - 1)


def lease() -> timedelta:
    return timedelta(seconds=settings.SANXIANG_NUMBER_LEASE_SECONDS)


def take_over_stale(reservation: Reservation) -> bool:
    """Give back the reservation just before ``reservation`` if it is older than the lease
    (its issuer died while rendering); True if one was."""
    with transaction.atomic():
        sequence = DocumentSequence.objects.select_for_update().get(pk=reservation.sequence_id)
        stale = NumberReservation.objects.filter(
            sequence=sequence, serial=sequence.issued + 1,
            reserved_at__lt=timezone.now() - lease()).exclude(pk=reservation.pk).first()
        if stale is None:
            return False
        _release(sequence, stale.pk)
        return True


def _shift(sequence: DocumentSequence, *, after: int, by: int) -> None:
    """Move the reservations above ``after`` by ``by``, in two steps so no two ever share
    a serial on the way (the unique constraint is checked row by row)."""
    rows = NumberReservation.objects.filter(sequence=sequence)
    rows.filter(serial__gt=after).update(serial=-(models.F("serial") + by))
    rows.filter(serial__lt=0).update(serial=-models.F("serial"))


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
