"""Desensitization of decision texts before publication (R-PUB-05).

``propose(text, party_name=…, party_kind=…)`` finds what must never be published — natural
persons' identity card numbers, phone numbers, bank card and account numbers, home
addresses, health information, and the names of natural persons other than the party — and
returns ``Redaction`` spans with the kind and the rule that found each. The clerk reviews
and changes the list; ``mask(text, redactions)`` then replaces every span with a fixed
marker that carries no digit of what it hides.

The detectors are deliberately conservative where a miss would leak (an 18-digit number with
a valid check digit is always an ID unless it is a valid credit code; a labelled number is
masked even with a wrong check digit) and use labels to leave alone what the public record
needs: 统一社会信用代码, article numbers (第六十条, 第12条), document numbers (〔2026〕83号),
amounts, dates, 执法证号 and postal codes. ``blocked_reason(case)`` says when a case is not
to be published online at all (a minor, state or trade secrets, personal privacy).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from django.utils.translation import gettext as _

from sanxiang.disclosure import accounts, detectors, health, health_clauses, names, textview
from sanxiang.disclosure.detectors import (  # noqa: F401 (the checks other callers use)
    is_credit_code,
    is_old_resident_id,
    is_resident_id,
    luhn_ok,
    valid_birth,
)
from sanxiang.disclosure.names import COMPOUND_SURNAMES, SURNAMES  # noqa: F401

ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
ADDRESS = "address"
PERSON_NAME = "person_name"
HEALTH = "health"
ONLINE_ACCOUNT = detectors.ONLINE_ACCOUNT  # 微信号, QQ号, 电子邮箱 (ADR 0066)
PASSPORT = detectors.PASSPORT  # 护照 (round 12, ADR 0070)
PERMIT = detectors.PERMIT  # 通行证, 回乡证, 台胞证, 居留证, 军官证 (round 12, ADR 0070)
KINDS = (ID_NUMBER, PHONE, BANK_ACCOUNT, ADDRESS, PERSON_NAME, HEALTH, ONLINE_ACCOUNT,
         PASSPORT, PERMIT)

# What replaces a span. Names follow the 裁判文书 convention (surname + 某) so the text
# still reads; every other marker states what was removed and holds no digit.
MARKERS = {
    ID_NUMBER: "【身份证号码已隐去】",
    PHONE: "【电话号码已隐去】",
    BANK_ACCOUNT: "【银行账号已隐去】",
    ADDRESS: "【住址已隐去】",
    PERSON_NAME: "某某",
    HEALTH: "【健康信息已隐去】",
    ONLINE_ACCOUNT: "【网络账号已隐去】",
    PASSPORT: "【护照号码已隐去】",
    PERMIT: "【证件号码已隐去】",
}


def kind_labels() -> dict[str, str]:
    return {
        ID_NUMBER: _("identity card number"),
        PHONE: _("phone number"),
        BANK_ACCOUNT: _("bank account"),
        ADDRESS: _("home address"),
        PERSON_NAME: _("name of another natural person"),
        HEALTH: _("health information"),
        ONLINE_ACCOUNT: _("online account or e-mail"),
        PASSPORT: _("passport number"),
        PERMIT: _("travel, residence or service permit number"),
    }


def rule_label(rule: str) -> str:
    """How a span was found, in words a clerk reads (the rule's name is an internal code:
    the walk of ADR 0058 found “address_cue”, “case_data” in the clerk's table)."""
    if rule == "case_data":
        return _("recorded in the case")
    if rule == "clerk":
        return _("marked by the clerk")
    if rule == "clerk_all":
        return _("marked by the clerk, every occurrence")
    if rule.endswith("_repeated"):
        return _("another occurrence of the same text")
    families = (("address", _("address pattern")), ("name", _("name pattern")),
                ("person", _("name pattern")), ("health", _("health information pattern")),
                ("document", _("identity document number after its label")),
                ("online", _("online account or e-mail pattern")),
                ("id", _("identity number and its check digit")),
                ("card", _("bank card or account pattern")),
                ("bank", _("bank card or account pattern")),
                ("account", _("bank card or account pattern")),
                ("mobile", _("phone number pattern")), ("phone", _("phone number pattern")),
                ("local", _("phone number pattern")))
    for prefix, label in families:
        if rule.startswith(prefix):
            return label
    return _("other pattern of the platform")


class Redaction(NamedTuple):
    # A tuple, not a dataclass: propose() makes thousands per megabyte.
    start: int
    end: int
    kind: str
    rule: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "rule": self.rule}


# --------------------------------------------------------------------------------------
# What is uncertain: proposals the clerk should read twice (highlighted differently).

UNCERTAIN_RULES = frozenset({"id15", "address_bare", "health_term", "health_cue",
                             "name_guess", "local_phone", "card_luhn", "card_unionpay"})


def is_uncertain(rule: str) -> bool:
    return rule in UNCERTAIN_RULES


# --------------------------------------------------------------------------------------
# The public functions


def propose(text: str, *, party_name: str = "", party_kind: str = "",
            keep_names=(), party_address: str = "") -> list[Redaction]:
    """The spans of ``text`` that must not be published, sorted, without overlaps.

    ``keep_names`` are names the record publishes (the party when a natural person, its
    legal representative or operator, the officers) and are never proposed.
    ``party_address`` is a natural person's recorded home: it and its tails (the street
    and house number the facts repeat) are hidden wherever they occur.
    """
    text = text or ""
    if not text:
        return []
    view = textview.View(text)
    s = view.view
    keep = tuple(n for n in (party_name, *keep_names) if n)
    if s is not text and ("號" in text or "書" in text or "當" in text):
        # folded as the view is: a traditional print names 蒙志軍 where the record has 蒙志军
        keep = tuple(textview.fold(n) for n in keep)
    # Spans over the view first; mapped back onto the text once, at the end.
    found = list(detectors.numbers(s, keep, view.pieces()[0][1:]))
    addresses = list(detectors.addresses(s, party_kind))
    found += addresses
    found.extend(health.health(s))
    found.extend(accounts.identifiers(view, keep))  # other identifiers, tables
    # A name or a home address found once is hidden wherever it occurs.
    ids = [start for start, _end, kind, _rule in found if kind == ID_NUMBER]
    people = names.find_names(s, set(keep), ids, names.spaced_names(text))
    for name in [n for n in people if health.is_condition(n)]:
        del people[name]  # (round 13) 艾滋病 after 是 is no name: the health rules read it
    found = names.with_table_names(s, found, people, keep)  # (round 12) 姓名 cells
    found += names.name_spans(s, people, PERSON_NAME)
    # (round 11) a description of a body hidden by the clause, its names known by now
    found.extend(health_clauses.widen(s, found, keep))
    # (in any order: _merge sorts. An address read off the view is folded already.)
    values = {v for a, b, _k, _r in addresses for v in detectors.address_variants(s[a:b])}
    if party_address and party_kind in ("natural_person", ""):
        values.update(map(textview.fold, detectors.address_variants(party_address)))
    for value in values:
        _every(s, value, ADDRESS, "address_repeated", found)
    found += detectors.broken_repeats(s, values)  # (round 13) …新桥河\n村11组
    return _merge_mapped(view, found)


def _every(s: str, value: str, kind: str, rule: str, found: list, skip=None) -> None:
    """Every occurrence of ``value``, but those ``skip(s, start, value)`` says are another
    thing (a person's name at the start of a place's: 乌兰 in 乌兰察布市)."""
    if not value:
        return
    size = len(value)
    start = s.find(value)
    while start >= 0:
        if skip is None or not skip(s, start, value):
            found.append((start, start + size, kind, rule))
        start = s.find(value, start + size)


_PRIORITY = {ID_NUMBER: 0, PASSPORT: 0, PERMIT: 0, BANK_ACCOUNT: 1, PHONE: 2, ONLINE_ACCOUNT: 2,
             HEALTH: 3, ADDRESS: 4, PERSON_NAME: 5}


def _already_normal(redactions, length: int) -> bool:
    """``redactions`` is what ``normalise`` returns (``mask`` after ``propose``)."""
    last_end = 0
    for r in redactions:  # indexing, not the field names: a descriptor call each
        if type(r) is not Redaction or r[0] < last_end or r[1] <= r[0]:
            return False
        last_end = r[1]
    return last_end <= length


def normalise(redactions, length: int) -> list[Redaction]:
    """Clip to the text, drop empty spans and merge overlaps (the stronger kind wins)."""
    if isinstance(redactions, list) and _already_normal(redactions, length):
        return redactions
    priority = _PRIORITY.get
    return _merge_sorted(sorted({
        (max(0, int(start)), priority(kind, 9), -min(length, int(end)), kind, rule)
        for start, end, kind, rule in redactions}))


def _merge(found) -> list[Redaction]:
    """``normalise`` of propose's own spans: integers inside the text already."""
    priority = _PRIORITY.get
    return _merge_sorted(sorted([(start, priority(kind, 9), -end, kind, rule)
                                 for start, end, kind, rule in found]))


def _merge_mapped(view: textview.View, found) -> list[Redaction]:
    """``_merge(view.spans(found))`` in one loop: each span mapped onto the text as its
    sort key is made (two Python loops over every span were a tenth of propose's glue)."""
    starts, origins = view.pieces()
    if len(starts) == 1:
        return _merge(found)
    priority = _PRIORITY.get
    keyed = []
    add = keyed.append
    for start, end, kind, rule in found:
        if end <= start:
            continue
        a = bisect_right(starts, start) - 1
        b = bisect_right(starts, end - 1, a) - 1
        add((origins[a] + start - starts[a], priority(kind, 9),
             starts[b] - origins[b] - end, kind, rule))
    # A list, not a set: a span found twice sorts next to its copy, and _merge_sorted
    # drops the copy (it lies inside the span before it); hashing every key cost more.
    keyed.sort()
    return _merge_sorted(keyed)


def _merge_sorted(spans) -> list[Redaction]:
    # ``spans`` sorted: a span found twice by the same rule comes right after its copy
    # and is dropped as lying inside it. A tuple is made without calling Redaction's
    # Python-level __new__.
    make = tuple.__new__
    merged: list[Redaction] = []
    append = merged.append
    last_end = -1
    for start, _p, neg_end, kind, rule in spans:
        end = -neg_end
        if end <= start:
            continue
        if start < last_end:
            if end <= last_end:
                continue
            last = merged[-1]
            if kind == last[2]:
                merged[-1] = make(Redaction, (last[0], end, kind, last[3]))
            else:  # a name then its health condition: each keeps its own marker
                append(make(Redaction, (last_end, end, kind, rule)))
            last_end = end
            continue
        append(make(Redaction, (start, end, kind, rule)))
        last_end = end
    return merged


_COMPOUND = frozenset(COMPOUND_SURNAMES)


def marker(redaction: Redaction, text: str) -> str:
    if redaction.kind == PERSON_NAME:
        name = text[redaction.start:redaction.end]
        surname = name[:2] if name[:2] in _COMPOUND else name[:1]
        if surname and ("\u4e00" <= surname[0] <= "\u9fff"):
            return surname + "某"
        return MARKERS[PERSON_NAME]
    return MARKERS.get(redaction.kind, "【已隐去】")


def mask(text: str, redactions) -> str:
    """``text`` with every span replaced by its kind's marker."""
    text = text or ""
    out, pos = [], 0
    append = out.append
    for start, end, kind, _rule in normalise(redactions, len(text)):
        append(text[pos:start])
        if kind == PERSON_NAME:  # marker(), inline: mask() runs once per span
            surname = text[start:min(start + 2, end)]
            if surname not in _COMPOUND:
                surname = surname[:1]
            append(surname + "某" if surname and "\u4e00" <= surname[0] <= "\u9fff"
                   else MARKERS[PERSON_NAME])
        else:
            append(MARKERS.get(kind, "【已隐去】"))
        pos = end
    append(text[pos:])
    return "".join(out)


def from_dicts(items) -> list[Redaction]:
    return [Redaction(int(i["start"]), int(i["end"]), str(i["kind"]), str(i.get("rule", "")))
            for i in items or ()]


def blocked_reason(case) -> str:
    """Why ``case`` must not be published online at all (R-PUB-05), or ""."""
    from sanxiang.disclosure.safeguards import minor_parties  # imports masking

    flags = set(case.flags or ())
    if minor_parties(case):
        return _("The party is a minor.")
    if "state_secret" in flags:
        return _("The main facts involve state secrets.")
    if "trade_secret" in flags:
        return _("The main facts involve trade secrets.")
    if "privacy" in flags:
        return _("The main facts involve personal privacy.")
    return ""
