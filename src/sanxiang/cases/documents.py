"""Case documents (文书) generated from the case's structured data (R-REC-08, R-AST-03).

A document's *content* is a JSON snapshot taken when it is issued: the issuer, the case,
the parties, the officers on the case with their certificates, every step's recorded data
and the values the caller supplied. ``render`` turns content into PDF bytes and reads
nothing else, so a correction (R-REC-02) re-renders the original's content with the
changed values, and ``docx_bytes`` gives officers an editable copy of the same text.

Templates live in ``cases/documents/``: ``base.html`` lays out the 公文 frame (issuer,
title, number, parties, officers with their QR codes, signature); a type with its own
template (``penalty_decision.html`` …) fills in the body, every other type uses
``generic.html``, which lists the content fields.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache
from html.parser import HTMLParser

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxiang.cases import hooks, step_data
from sanxiang.cases.workflows import DOCUMENT_TYPES
from sanxiang.catalog.models import PartyKind, PenaltyKind
from sanxiang.core import blobs
from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_id
from sanxiang.core.pdf import render_pdf

DOCUMENT_LANGUAGE = "zh-hans"
TEMPLATE_DIR = "cases/documents"
# Types whose text is the penalty decision of 《行政处罚法》第五十九条.
DECISION_TYPES = frozenset({"penalty_decision", "on_spot_penalty_decision"})
CONTENT_VERSION = 1

# --------------------------------------------------------------------------------------
# Chinese forms: dates, amounts, amounts in words (大写)

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_LARGE_UNITS = ("", "万", "亿", "万亿")
_CENT = Decimal("0.01")


def _four_digits(value: int) -> str:
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = value // 10 ** position % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
        text += _DIGITS[digit] + _SMALL_UNITS[position]
        zero = False
    return text


def amount_in_words(value) -> str:
    """An amount of 元 as written on financial documents: 12000 → 壹万贰仟元整."""
    amount = Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)
    sign = "负" if amount < 0 else ""
    cents = int(abs(amount) * 100)
    yuan, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    if yuan >= 10 ** 16:
        raise ValueError(f"amount too large for words: {value}")
    groups = []
    rest = yuan
    while rest:
        rest, group = divmod(rest, 10000)
        groups.append(group)
    text, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _four_digits(group) + _LARGE_UNITS[index]
        gap = False
    if text:
        text += "元"
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    if fen:
        if not jiao and yuan:
            text += "零"
        text += _DIGITS[fen] + "分"
    return sign + text


def money(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "")).quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


def format_amount(value) -> str:
    amount = money(value)
    return "" if amount is None else f"{amount:,.2f}元"


def format_amount_with_words(value) -> str:
    amount = money(value)
    if amount is None:
        return ""
    return _("%(amount)s (in words: %(words)s)") % {
        "amount": format_amount(amount), "words": amount_in_words(amount)}


def as_date(value) -> date | None:
    if isinstance(value, datetime):  # the day in the platform's time zone, not UTC's
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    return parse_date(str(value)[:10])


def format_date(value) -> str:
    day = as_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


_UPPER_DIGITS = "〇一二三四五六七八九"


def _upper_number(n: int) -> str:
    """1-31 as written in dates: 十, 十二, 二十一, 三十一."""
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _UPPER_DIGITS[tens] + "十"))
    return text + (_UPPER_DIGITS[ones] if ones or not tens else "")


def format_date_upper(value) -> str:
    """The date of a 公文 in Chinese numerals: 二〇二六年十二月六日 (GB/T 9704)."""
    day = as_date(value)
    if day is None:
        return ""
    year = "".join(_UPPER_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{_upper_number(day.month)}月{_upper_number(day.day)}日"


def format_datetime(value) -> str:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value or ""))
    if moment is None:
        return format_date(value)
    if timezone.is_aware(moment):  # a time given in UTC (…Z) is stated as the clock read here
        moment = timezone.localtime(moment)
    return f"{format_date(moment)}{moment.hour}时{moment.minute:02d}分"


def kind_labels(kinds) -> str:
    labels = []
    for kind in kinds or []:
        try:
            labels.append(str(PenaltyKind(kind).label))
        except ValueError:
            labels.append(str(kind))
    return "、".join(labels)


# --------------------------------------------------------------------------------------
# Content: the JSON snapshot a document is rendered from


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, models.Model):
            return o.pk
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def json_safe(value):
    return json.loads(json.dumps(value, cls=_Encoder, ensure_ascii=False))


def officer_url(certificate_number: str) -> str:
    """The officer's public page (R-PUB-03), absolute when the public address is known."""
    path = reverse("portal:officer_page", args=[certificate_number])
    base = (getattr(settings, "SANXIANG_PUBLIC_URL", "") or "").rstrip("/")
    return base + path


def _field_specs(procedure: str) -> dict[str, step_data.Field]:
    specs: dict[str, step_data.Field] = {}
    for (proc, _step), fields in step_data.FIELDS.items():
        if proc == procedure:
            for spec in fields:
                specs.setdefault(spec.name, spec)
    return specs


def _officer_names(values: dict, specs) -> dict:
    """Officer fields hold an id; a document shows the name it had when issued."""
    from sanxiang.org.models import Officer

    ids = {name: value for name, value in values.items()
           if name in specs and specs[name].kind == step_data.OFFICER
           and isinstance(value, int | str) and parse_id(value) is not None}
    if not ids:
        return values
    names = dict(Officer.objects.filter(pk__in=[parse_id(v) for v in ids.values()])
                 .values_list("pk", "name"))
    return {**values, **{name: names.get(int(value), value) for name, value in ids.items()}}


# The article of 强制法 a measure's decision stands on: the seizure or freezing decision
# (24, 31) and its extension (25, 32). The enforcement item cites the power to seize; its
# own citation of 强制法 (a seizure item's is 24) is the seizure decision's, not the others'.
_COMPULSION_LAW_NAME = "中华人民共和国行政强制法"
_MEASURE_ARTICLES = {
    "seizure_decision": "第二十四条", "seizure_extension_decision": "第二十五条",
    "freezing_decision": "第三十一条", "freezing_extension_decision": "第三十二条",
}


def _legal_basis(case, doc_type: str) -> str:
    """The legal basis a document cites: the enforcement item's (执法事项清单); a measure's
    decision cites the item's other laws and its own article of 强制法."""
    from sanxiang.catalog.legal import format_bases

    bases = _item_bases(case)
    article = _MEASURE_ARTICLES.get(doc_type)
    if article is not None:
        # The item's citation of that article is kept as written (with its paragraph).
        own = [b for b in bases if b.get("law") == _COMPULSION_LAW_NAME
               and b.get("article") == article]
        bases = [*(b for b in bases if b.get("law") != _COMPULSION_LAW_NAME),
                 *(own or [{"law": _COMPULSION_LAW_NAME, "article": article}])]
    return format_bases(bases)


def _item_bases(case) -> list[dict]:
    if not case.item_code:
        return []
    from sanxiang.catalog.models import Catalogue, EnforcementItem
    from sanxiang.catalog.queries import current_version, entries_of

    catalogue = Catalogue.objects.filter(body=case.body, kind=Catalogue.Kind.ITEMS).first()
    version = current_version(catalogue) if catalogue is not None else None
    if version is None:
        return []
    item = entries_of(version).filter(code=case.item_code).first()
    return list(item.legal_bases or []) if isinstance(item, EnforcementItem) else []


def _typed_elsewhere(procedure: str) -> frozenset[str]:
    """The names of the typed facts (a date, an amount, the kinds of penalty, a choice, the
    documents served …) that the case records through a form of its own: a step's fields
    of the procedure or a document's own fields. Free texts (a summary, a proposal) are
    not among them: many documents state a text of their own under the same name."""
    from sanxiang.cases.document_specs import OWN_FIELDS

    specs = [spec for (code, _step), fields in step_data.FIELDS.items() if code == procedure
             for spec in fields]
    specs += [spec for fields in OWN_FIELDS.values() for spec in fields]
    return frozenset(spec.name for spec in specs
                     if spec.kind not in (step_data.TEXT, step_data.LONGTEXT))


def _clean_values(case, doc_type: str, step: str, data: dict,
                  platform: dict | None = None) -> dict:
    """The caller's values, typed: the step's facts and the document's own fields are cleaned
    like step facts (a wrong value is refused, an empty one is left out). Refused: a typed
    fact the case records through another form (a step's fine or kinds of penalty, a date
    of service, the documents a proof of service serves), and a name with a leading ``_``
    (what the platform derives). The elements read the caller's value before the case's
    record (``_latest``), so such a key would put in a numbered document what the case
    never recorded, untyped. Other keys (a text the form does not type, such as the facts
    of a 立案审批表) pass as given. ``platform``: what an
    action computed itself (the review's and the discussion's texts), laid over as given."""
    from sanxiang.cases.document_specs import APPROVAL_FORMS, own_fields

    data = dict(data or {})
    specs = (*step_data.fields_for(case.procedure, step), *own_fields(doc_type))
    named = {spec.name for spec in specs}
    # An approval form records the head's approval, at whatever step it is issued (who may
    # give it: ``document_actions.require_issuer`` and ``stamp_approval``).
    allowed = named | (set(step_data.APPROVAL_FIELDS) if doc_type in APPROVAL_FORMS else set())
    elsewhere = _typed_elsewhere(case.procedure)
    refused = sorted(str(name) for name in data if name not in allowed and (
        name in elsewhere or not isinstance(name, str) or name.startswith("_")))
    if refused:
        raise RuleViolation("R-REC-08", _("This document has no field “%(name)s”: a document "
                                          "states only the facts its form records.")
                            % {"name": refused[0][:50]}, field=refused[0][:50])
    given = [spec for spec in specs if data.get(spec.name) not in (None, "", [])]
    cleaned = step_data.clean_fields(given, data, case=case, partial=True)
    values = {name: value for name, value in data.items() if name not in named}
    values.update({name: value for name, value in cleaned.items()
                   if value not in (None, "", [])})
    values.update(platform or {})
    return step_data.as_json(values)


def _documents_of(case) -> list[dict]:
    return [{"id": d.pk, "doc_type": d.doc_type, "title": d.title, "number": d.number,
             "step": d.step, "issued_on": d.issued_on.isoformat(), "version": d.version}
            for d in case.documents.order_by("issued_on", "id")]


def build_content(case, doc_type: str, step: str, data: dict | None, issued_on, *,
                  platform: dict | None = None) -> dict:
    """The snapshot a document of ``doc_type`` at ``step`` is rendered from."""
    from sanxiang.records.models import Evidence

    specs = _field_specs(case.procedure)
    body = case.body
    parties = [{
        "name": p.name, "kind": p.kind, "kind_label": str(PartyKind(p.kind).label),
        "id_kind_label": str(p.get_id_kind_display()), "id_number": p.id_number,
        "address": p.address, "legal_representative": p.legal_representative,
        "phone": p.phone,
    } for p in case.parties.all()]
    officers = []
    roles = case.case_officers.filter(removed_on__isnull=True).select_related("officer")
    for role in sorted(roles, key=lambda r: (r.role != "lead", r.pk)):
        certificate = role.officer.current_certificate
        number = certificate.number if certificate else ""
        officers.append({"id": role.officer_id, "name": role.officer.name, "role": role.role,
                         "certificate": number, "url": officer_url(number) if number else ""})
    records = list(case.steps.order_by("seq"))
    recorded = {record.step: _officer_names(record.data, specs) for record in records}
    evidence = list(Evidence.objects.filter(case=case).order_by("captured_from", "id")
                    .values_list("title", flat=True)[:30])
    values = _officer_names(_clean_values(case, doc_type, step, data or {}, platform), specs)
    case_documents = _documents_of(case)
    if doc_type == "service_receipt" and not values.get("served_documents"):
        # By default a proof of service serves the party's documents not yet served.
        from sanxiang.cases.document_specs import SERVED_TYPES

        served = {int(i) for data in case.documents.filter(doc_type=doc_type).values_list(
            "data", flat=True) for i in data.get("values", {}).get("served_documents", [])}
        values["served_documents"] = [d["id"] for d in case_documents
                                      if d["doc_type"] in SERVED_TYPES and d["id"] not in served]
    if values.get("served_documents"):
        wanted = {int(i) for i in values["served_documents"]}
        values["_served"] = [d for d in case_documents if d["id"] in wanted]
    on = as_date(issued_on)
    content = {
        "content_version": CONTENT_VERSION,
        "doc_type": doc_type,
        "step": step,
        "issued_on": on.isoformat(),
        "issuer": {"name": body.name, "address": body.address,
                   "credit_code": body.credit_code, "phone": body.complaint_phone,
                   "supervising_body": body.supervising_body},
        "case": {
            "number": case.number, "title": case.title, "procedure": case.procedure,
            "opened_on": case.opened_on.isoformat(), "facts": case.facts,
            "source": case.source, "item_code": case.item_code,
            "item_name": case.item_name, "legal_basis": _legal_basis(case, doc_type),
            "notified_kinds": case.notified_kinds, "notified_fine": case.notified_fine,
            "decided_kinds": case.decided_kinds, "decided_fine": case.decided_fine,
            "confiscated": case.confiscated,
            **_rulebook_periods(body, on),
            "hearing_eligible": _hearing_eligible(case, step, values, recorded),
            "measure_period": _measure_period(case, doc_type),
            # R-AST-03: e.g. the 裁量 facts a decision states (registered by ``discretion``).
            **hooks.document_content(case=case, doc_type=doc_type, on=on),
        },
        "parties": parties,
        "officers": officers,
        "evidence": evidence,
        "documents": case_documents,
        "recorded": recorded,
        "recorded_order": [record.step for record in records],
        "values": values,
    }
    return json_safe(content)


# The periods a document states, under their content names (the rulebook's keys).
_PERIODS = {"payment_days": "case.payment_days",
            "statement_workdays": "case.statement_workdays",
            "hearing_request_workdays": "case.hearing_request_workdays"}


def _rulebook_periods(body, on) -> dict:
    from sanxiang.core import rulebook

    values = rulebook.get_many(_PERIODS.values(), body=body, on=on)
    return {name: values[key] for name, key in _PERIODS.items()}


# The documents of a seizure or a freezing that state its period, extend it or lift it
# (强制法 24(二), 25, 28, 31(三), 32, 33), and the measure.
_MEASURE_OF = {
    "seizure_decision": "seizure", "seizure_extension_decision": "seizure",
    "seizure_release_decision": "seizure", "freezing_decision": "freezing",
    "freezing_extension_decision": "freezing", "freezing_release_decision": "freezing",
}
_EXTENSIONS = frozenset({"seizure_extension_decision", "freezing_extension_decision"})


def _measure_period(case, doc_type: str) -> dict | None:
    """The period of the seizure or freezing a document is about: the statutory days (the
    rulebook's, 30 by 强制法 25 and 32) from the day the measure began, and the day it ends
    without an extension; for an extension decision also the extension the head approved
    (its days, the days it runs from and to, and its reason). None before the measure has
    begun: the document then cannot be issued."""
    measure = _MEASURE_OF.get(doc_type)
    if measure is None:
        return None
    from sanxiang.cases.guards import MEASURES, measure_end
    from sanxiang.core import rulebook

    event, key, extension_step = MEASURES[measure]
    began = case.milestones.filter(event=event).order_by("-on", "-id").first()
    if began is None:
        return None
    end = measure_end(case, measure, extended=False)
    period = {"from": began.on.isoformat(),
              "days": int(rulebook.get(key, body=case.body, on=began.on)),
              "until": end.date.isoformat(), "measure": measure}
    extension = (case.extensions.filter(rule="R-CASE-10", step=extension_step)
                 .order_by("approved_on", "id").first() if doc_type in _EXTENSIONS else None)
    if extension is not None:
        period["extension"] = {
            "days": extension.amount, "reason": extension.reason,
            "approved_on": extension.approved_on.isoformat(),
            # The extension's days follow the period's own last day, even where that day
            # was a holiday and the period's end moved to the next working day (民法典 203).
            "from": ((end.moved_from or end.date) + timedelta(days=1)).isoformat(),
            "until": measure_end(case, measure).date.isoformat()}
    return period


def _hearing_eligible(case, step, values, recorded) -> bool:
    """处罚法 63: the penalty proposed gives the party a right to a hearing."""
    from sanxiang.cases.guards import hearing_eligible

    notify = {**recorded.get("notify", {}), **(values if step == "notify" else {})}
    kinds = notify.get("notified_kinds") or case.notified_kinds or []
    fine = money(notify.get("notified_fine") or case.notified_fine)
    if notify.get("notified_gains") and "confiscate_gains" not in kinds:
        kinds = [*kinds, "confiscate_gains"]
    return bool(kinds) and hearing_eligible(case, kinds, fine)


def merge_values(content: dict, data: dict | None, *, case=None) -> dict:
    """``content`` with ``data`` laid over its values (a correction), cleaned like the
    original's."""
    merged = json.loads(json.dumps(content))
    specs = _field_specs(merged["case"]["procedure"])
    given = (_clean_values(case, merged["doc_type"], merged["step"], data or {})
             if case is not None else json_safe(data or {}))
    merged["values"] = {**merged.get("values", {}), **_officer_names(given, specs)}
    if given.get("served_documents") and case is not None:
        wanted = {int(i) for i in given["served_documents"]}
        merged["values"]["_served"] = [d for d in _documents_of(case) if d["id"] in wanted]
    return merged


# --------------------------------------------------------------------------------------
# What the templates see


def _display(spec, value) -> str:
    if value in (None, "", []):
        return ""
    kind = spec.kind if spec else None
    if kind == step_data.DATE:
        return format_date(value)
    if kind == step_data.DATETIME:
        return format_datetime(value)
    if kind == step_data.MONEY:
        return format_amount_with_words(value)
    if kind == step_data.KINDS:
        return kind_labels(value)
    if kind == step_data.BOOL:
        return pgettext("document", "yes") if value else pgettext("document", "no")
    if kind == step_data.CHOICE:
        return str(dict(spec.choices).get(value, value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


# Values a caller may add to any document, beyond the step's fields.
def _extra_labels() -> dict[str, str]:
    return {
        "facts": _("Facts"), "evidence": _("Evidence"), "legal_basis": _("Legal basis"),
        "violated_provision": _("Provision violated"), "text": _("Text"),
        "remarks": _("Remarks"), "place": _("Place"), "summary": _("Summary"),
    }


def _fields(content: dict) -> list[tuple[str, str]]:
    return [(label, text) for _name, label, text in _field_rows(content)]


def _field_rows(content: dict) -> list[tuple[str, str, str]]:
    """(name, label, text) of the step's recorded data, the document's own facts and the
    caller's values, in form order; internal values (``_…``) are never printed."""
    from sanxiang.cases.document_specs import PARTY_SIGNATURE_FIELDS, own_fields

    procedure, step = content["case"]["procedure"], content["step"]
    specs = _field_specs(procedure)
    values = {**content.get("recorded", {}).get(step, {}), **content.get("values", {})}
    rows = []
    # The party's signature is stated in the record's signature block, not as a field.
    seen = set(PARTY_SIGNATURE_FIELDS)
    for spec in (*step_data.fields_for(procedure, step), *own_fields(content["doc_type"])):
        if spec.name in seen:
            continue
        seen.add(spec.name)
        text = _display(spec, values.get(spec.name))
        if text and (str(spec.label), text) not in {(r[1], r[2]) for r in rows}:
            # The step's place and the document's own place, both 地点: stated once.
            rows.append((spec.name, str(spec.label), text))
    extras = _extra_labels()
    for name, value in values.items():
        if name in seen or name.startswith("_") or not (name in extras or name in specs):
            continue  # an unknown key is never printed under an English name
        text = _display(specs.get(name), value)
        label = extras.get(name) or str(specs[name].label)
        if text and (label, text) not in {(r[1], r[2]) for r in rows}:
            rows.append((name, label, text))
    return rows


def _latest(content: dict, name: str, *, steps=None):
    """The caller's value of ``name``, else the latest step that recorded it (``steps``:
    only those steps)."""
    value = content.get("values", {}).get(name)
    if value not in (None, "", []):
        return value
    recorded = content.get("recorded", {})
    order = content.get("recorded_order") or list(recorded)
    for step in reversed(order):
        if steps is not None and step not in steps:
            continue
        value = recorded.get(step, {}).get(name)
        if value not in (None, "", []):
            return value
    return None


QUESTION, ANSWER = ("问", "答")


def qa_pairs(text) -> list[tuple[str, str]]:
    """Question-and-answer pairs of an inquiry record: lines starting with 问： and 答：
    (a line without a mark continues the one before)."""
    pairs: list[list[str]] = []
    for line in str(text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        mark, rest = line[:1], line[1:].lstrip("：:").strip()
        if mark == QUESTION and line[1:2] in "：:":
            pairs.append([rest, ""])
        elif mark == ANSWER and line[1:2] in "：:" and pairs:
            pairs[-1][1] = (pairs[-1][1] + "\n" + rest).strip()
        elif pairs:
            which = 1 if pairs[-1][1] else 0
            pairs[-1][which] = (pairs[-1][which] + "\n" + line).strip()
    return [(q, a) for q, a in pairs if q and a]


def _penalty_lines(kinds, fine, gains, property_text, property_value) -> list[str]:
    """The penalty as a document states it: each kind, with its amount where it has one."""
    lines = []
    fine, gains, value = money(fine), money(gains), money(property_value)
    kinds = list(kinds or [])
    if gains and "confiscate_gains" not in kinds:
        kinds.append("confiscate_gains")
    if property_text and "confiscate_property" not in kinds:
        kinds.append("confiscate_property")
    for kind in kinds:
        label = kind_labels([kind])
        if kind == "fine":
            if fine is None:
                continue  # a fine without its amount is not stated (the element is missing)
            lines.append(_("%(kind)s: %(amount)s (in words: %(words)s)") % {
                "kind": label, "amount": format_amount(fine), "words": amount_in_words(fine)})
        elif kind == "confiscate_gains":
            if gains is None:
                continue
            lines.append(_("%(kind)s: %(amount)s (in words: %(words)s)") % {
                "kind": label, "amount": format_amount(gains), "words": amount_in_words(gains)})
        elif kind == "confiscate_property":
            if not property_text:
                continue
            text = property_text
            if value is not None:
                text = _("%(items)s, valued at %(amount)s") % {
                    "items": property_text, "amount": format_amount(value)}
            lines.append(_("%(kind)s: %(items)s") % {"kind": label, "items": text})
        else:
            lines.append(label)
    return lines


def _complete_penalty(kinds, fine, gains, property_text) -> bool:
    """Every kind that has an amount or an object states it."""
    kinds = set(kinds or [])
    return bool(kinds or gains or property_text) and not (
        ("fine" in kinds and money(fine) is None)
        or ("confiscate_gains" in kinds and money(gains) is None)
        or ("confiscate_property" in kinds and not property_text))


def _receipt_proof(values: dict) -> str:
    """How the service is proved (民事诉讼法 87-95, applied by 处罚法 61)."""
    method = values.get("method")
    detail = values.get("method_detail") or ""
    if method == "leaving":
        witnesses, reason = values.get("witnesses"), values.get("leaving_reason")
        if not (witnesses and reason):
            return ""
        return _("The recipient refused to sign (%(reason)s); the documents were left at the "
                 "residence in the presence of the witnesses %(witnesses)s.") % {
            "reason": reason, "witnesses": witnesses}
    if method in ("post", "electronic", "announcement"):
        return detail
    if method in ("direct", "entrusted"):
        return _("Signed by the recipient.") if values.get("signed") else ""
    return ""


def _number_lines(number: str) -> list[str]:
    """A document number as the two pieces a narrow column may put on two lines: the
    body's code and 〔年〕序号号 (县市场监管罚告 / 〔2025〕1号), never 〔2025〕1 / 号."""
    head, bracket, tail = (number or "").partition("〔")
    return [head, bracket + tail] if bracket and head else [number] if number else []


def party_signature(content: dict) -> str:
    """How the party confirmed a record it signs (document_specs.PARTY_SIGNED): signed, by
    whom and on which day; or the refusal (or absence) the officers noted, with the witness
    or the recording (强制法 18(五)(六); 处罚法 64(八)). Empty when neither is recorded."""
    values = content.get("values", {})
    if values.get("party_signed"):
        signer = values.get("signer") or "、".join(
            p["name"] for p in content.get("parties", []))
        return _("Checked and signed by %(signer)s on %(date)s.") % {
            "signer": signer, "date": format_date(content["issued_on"])}
    refusal, witness = values.get("refusal"), values.get("witness")
    if not (refusal and witness):
        return ""
    return _("Not signed: %(refusal)s. Noted by the officers; witnessed by %(witness)s.") % {
        "refusal": str(refusal).rstrip("。."), "witness": str(witness).rstrip("。.")}


def attendee_signatures(content: dict) -> list[dict]:
    """The attendees of a collective discussion, each with the post and the signature the
    record keeps (R-REV-08). Empty unless every attendee signed: a record one of them did
    not sign is not the discussion's record."""
    people = content.get("values", {}).get("_attendees") or []
    if not people or not all(p.get("signed") for p in people):
        return []
    return [{"name": p["name"], "post": p.get("post", "")} for p in people]


# How recorded facts often open; a document that says 经查 itself states them after it.
_FOUND = re.compile(r"^经查[，,：:]\s*")


def elements(content: dict) -> dict:
    """Every element a document may state, as text (or a list), from the content only.
    Templates print these; ``missing_elements`` refuses a document whose required ones are
    empty."""
    case, values, step = content["case"], content.get("values", {}), content["step"]
    recorded = content.get("recorded", {})
    here = {**recorded.get(step, {}), **values}

    def latest(name, steps=None):
        return _latest(content, name, steps=steps)

    # An inspection's case states what it set out to check; its documents state what it found.
    found = latest("findings") if case.get("procedure") == "inspection" else ""
    facts = (latest("facts") or found or case.get("facts")
             or recorded.get("investigate", {}).get("summary", "")
             or (values.get("summary") if step == "investigate" else "")
             or latest("findings") or "")
    # The proposed penalty (notice, report) and the penalty decided.
    proposed_kinds = latest("notified_kinds") or latest("proposed_kinds") or []
    proposed_fine = latest("notified_fine") or latest("proposed_fine")
    gains_notified = latest("notified_gains") or latest("proposed_gains")
    property_notified = latest("notified_property")
    proposed = _penalty_lines(proposed_kinds, proposed_fine, gains_notified,
                              property_notified, latest("notified_property_value"))
    decided_kinds = here.get("decided_kinds") or case.get("decided_kinds") or []
    decided_fine = here.get("decided_fine") or case.get("decided_fine")
    gains = here.get("confiscated") or case.get("confiscated")
    property_text = here.get("confiscated_property")
    penalty = _penalty_lines(decided_kinds, decided_fine, gains, property_text,
                             here.get("confiscated_property_value"))
    owed = money(decided_fine) or money(gains)
    manner = latest("payment_manner")
    performance = ""
    if decided_kinds:
        if owed:
            performance = (_("Within %(days)s days of receiving this decision: %(manner)s.")
                           % {"days": case["payment_days"], "manner": manner}
                           if manner else "")
        else:
            performance = _("This decision takes effect on service.")
    statement = here.get("summary") or (_("The party expressly waived the right to make a "
                                          "statement and defence.")
                                        if here.get("waived") else "")
    served = values.get("_served") or []
    # A site record is signed by whoever was present (当事人或见证人), not by a person
    # questioned: that is an inquiry record's signer.
    signed = (_("Checked and signed by the person present.")
              if content.get("doc_type") == "site_inspection_record"
              else _("Signed by the person questioned."))
    signature = signed if values.get("signed") else values.get("unsigned_reason") or ""
    doc_place = values.get("doc_place") or here.get("place") or ""
    review_body = case.get("review_body") or content["issuer"].get("supervising_body") or ""
    result = {
        "party": [p["name"] for p in content.get("parties", [])],
        "facts": facts,
        "facts_found": _FOUND.sub("", facts.strip(), count=1),
        "source": values.get("source") or case.get("source") or "",
        "approval_opinion": here.get("approval_opinion") or "",
        "approved_by": here.get("approved_by") or "",
        "approved_on": format_date(here.get("approved_on")),
        "interviewee": values.get("interviewee") or "",
        "asked_at": format_datetime(values.get("asked_at")) if values.get("asked_at") else "",
        "inspected_at": (format_datetime(values.get("inspected_at"))
                         if values.get("inspected_at") else ""),
        "doc_place": doc_place,
        "place": here.get("place") or doc_place,
        "doc_place_or_place": doc_place,
        "qa": qa_pairs(values.get("qa")),
        "signature": signature,
        "party_signature": party_signature(content),
        "present": values.get("present") or "",
        "findings": values.get("findings") or here.get("findings") or "",
        "goods": values.get("goods") or "",
        "disposal": values.get("disposal") or "",
        "violated_provision": latest("violated_provision") or "",
        "penalty_provision": latest("penalty_provision") or case.get("legal_basis") or "",
        "proposed_penalty": proposed if _complete_penalty(
            proposed_kinds, proposed_fine, gains_notified, property_notified) else [],
        "penalty": penalty if _complete_penalty(decided_kinds, decided_fine, gains,
                                                property_text) else [],
        "performance": performance,
        "evidence": _evidence(content),
        "statement": statement,
        "hearing_on": format_date(latest("hearing_on")),
        "chair": latest("chair") or "",
        "summary": here.get("summary") or "",
        "review_outcome": _display(_spec(content, "review_outcome"),
                                   values.get("review_outcome")),
        "opinion": values.get("opinion") or "",
        "reviewer": values.get("reviewer") or "",
        "attendees": here.get("attendees") or "",
        "conclusion": here.get("conclusion") or "",
        "presided_by": values.get("presided_by") or "",
        "observers": values.get("observers") or "",
        "recorder": values.get("recorder") or "",
        "discussion_opinions": values.get("_opinions") or [],
        "attendee_signatures": attendee_signatures(content),
        "matter": _matter(content),
        "correction": values.get("correction") or "",
        "correct_by": format_date(values.get("correct_by")),
        "served_documents": [f"{d['title']}（{d['number']}）" if d["number"] else d["title"]
                             for d in served],
        "method": _display(_spec(content, "method", own="service_receipt"),
                           values.get("method")),
        "recipient": values.get("recipient") or "",
        "served_on": format_date(values.get("served_on")),
        "served_place": values.get("served_place") or "",
        "receipt_proof": _receipt_proof(values),
        "receiver": here.get("receiver") or "",
        "reason": here.get("reason") or "",
        "court": latest("court") or "",
        "case_documents": [{**d, "issued_on_text": format_date(d["issued_on"]),
                            "number_lines": _number_lines(d["number"])}
                           for d in content.get("documents", [])],
        "leniency_basis": _display(_spec(content, "basis"), here.get("basis")),
        "education": here.get("education") or "",
        "summary_or_items": (values.get("record") or here.get("items") or here.get("summary")
                             or ""),
        "measure": latest("measure") or "",
        "seized_items": latest("items") or "",
        "measure_period": _measure_period_text(case.get("measure_period")),
        "frozen_items": latest("items") or "",
        "institution": latest("institution") or "",
        "extension_period": _extension_text(case.get("measure_period")),
        "extension_reason": ((case.get("measure_period") or {}).get("extension") or {}).get(
            "reason", ""),
        "measure_began": format_date((case.get("measure_period") or {}).get("from")),
        "measure_decision": _measure_decision(content),
        "release_ground": _release_ground(content),
        "released_on": format_date(latest("released_on")),
        "matter_applied": latest("matter") or "",
        "missing": latest("missing") or "",
        "obligation": latest("obligation") or "",
        "perform_by": format_date(values.get("perform_by")),
        "review_body": review_body,
        "court_where": _("the people's court with jurisdiction"),
        "hearing_eligible": case.get("hearing_eligible", False),
        "fine_due": bool(money(decided_fine)),
        "discretion": "",  # 裁量说明 (R-AST-03), stated by ``discretion``'s handler
    }
    result.update(hooks.document_elements(content=content, here=here))
    return result


def _period_law(period: dict) -> str:
    """The article a measure's period and its extension stand on: 强制法 25 for a seizure
    (testing and appraisal not counted), 32 for a freezing."""
    if period["measure"] == "seizure":
        return _(" (time for testing, inspection, quarantine or technical appraisal is not "
                 "counted; Administrative Compulsion Law, art. 25)")
    return _(" (Administrative Compulsion Law, art. 32)")


def _measure_period_text(period: dict | None) -> str:
    if not period:
        return ""
    text = _("%(days)s days from %(start)s, until %(end)s") % {
        "days": period["days"], "start": format_date(period["from"]),
        "end": format_date(period["until"])}
    return text + _period_law(period)


def _extension_text(period: dict | None) -> str:
    """强制法 25, 32: approved by the head, how many days, from which day to which."""
    extension = (period or {}).get("extension")
    if not extension:
        return ""
    text = _("Approved by the head of this body on %(approved)s: extended by %(days)s days, "
             "from %(start)s until %(end)s") % {
        "approved": format_date(extension["approved_on"]), "days": extension["days"],
        "start": format_date(extension["from"]), "end": format_date(extension["until"])}
    return text + _period_law(period)


def _measure_decision(content: dict) -> str:
    """The decision that imposed the measure a lifting ends: 《title》（number）."""
    measure = (content["case"].get("measure_period") or {}).get("measure")
    if measure is None:
        return ""
    decision = f"{measure}_decision"
    issued = [d for d in content.get("documents", []) if d["doc_type"] == decision]
    title = issued[-1]["title"] if issued else str(DOCUMENT_TYPES[decision][0])
    number = issued[-1]["number"] if issued else ""
    return f"《{title}》（{number}）" if number else f"《{title}》"


COMPULSION_LAW = "《中华人民共和国行政强制法》"
# measure → (step field of the ground, its choices, the article listing the grounds).
_RELEASE_GROUNDS = {
    "seizure": ("release_ground", step_data.RELEASE_GROUNDS, "第二十八条"),
    "freezing": ("unfreeze_ground", step_data.UNFREEZE_GROUNDS, "第三十三条"),
}


def _release_ground(content: dict) -> str:
    """The circumstance of 强制法 28 (33 for a freezing) the officer recorded, citing the
    item of the article it is."""
    measure = (content["case"].get("measure_period") or {}).get("measure")
    if measure is None:
        return ""
    name, choices, article = _RELEASE_GROUNDS[measure]
    code = _latest(content, name)
    codes = [c for c, _label in choices]
    if code not in codes:
        return ""
    item = _upper_number(codes.index(code) + 1)
    return f"{dict(choices)[code]}（{COMPULSION_LAW}{article}第一款第{item}项）"


def _spec(content, name, own=None):
    if own:
        from sanxiang.cases.document_specs import own_fields

        return next((f for f in own_fields(own) if f.name == name), None)
    return _field_specs(content["case"]["procedure"]).get(name)


def _evidence(content: dict) -> list[str]:
    """The evidence a decision cites: the stored evidence and the investigation's records."""
    values = content.get("values", {})
    given = values.get("evidence")
    if isinstance(given, str):
        given = [line for line in given.splitlines() if line.strip()]
    items = list(given or content.get("evidence") or [])
    for document in content.get("documents", []):
        if document["doc_type"] in ("inquiry_record", "site_inspection_record",
                                    "sampling_notice", "evidence_preservation_notice"):
            items.append(f"{document['title']}（{format_date(document['issued_on'])}）")
    return items


def _matter(content: dict) -> list[tuple[str, str]]:
    """What the head approves on an approval form: the step's facts, without the approval."""
    from sanxiang.cases.workflows import procedure

    step = content["step"]
    rows = [(label, text) for name, label, text in _field_rows(content)
            if name not in step_data.APPROVAL_FIELDS and name != "proposal"]
    proposal = content.get("values", {}).get("proposal")
    if proposal:
        rows.append((str(pgettext("document", "proposal")), proposal))
    if not rows:
        return []
    try:
        name = str(procedure(content["case"]["procedure"]).step(step).name)
    except KeyError:
        name = step
    return [(str(pgettext("document", "matter")), name), *rows]


@cache
def _qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


def template_for(doc_type: str) -> str:
    name = f"{TEMPLATE_DIR}/{doc_type}.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return f"{TEMPLATE_DIR}/generic.html"
    return name


def stated_elements(doc_type: str, el: dict, fields) -> list[tuple[str, str]]:
    """(label, text) of the elements a document type must state (``REQUIRED``) that its
    step's facts do not already print: a document without a layout of its own states them
    all, as the issue action required them (R-AST-03)."""
    from sanxiang.cases.document_specs import ELEMENT_LABELS, HEAD_DECISIONS, REQUIRED

    printed = {"".join(str(text).split()) for _label, text in fields}
    # The party and its signature have places of their own (the head, the signature block).
    keys = [key for key in REQUIRED.get(doc_type, ()) if key not in ("party", "party_signature")]
    if doc_type in HEAD_DECISIONS:
        # A decision states its reasons and legal basis (强制法 24, 37; 许可法 38).
        keys += [key for key in ("measure", "penalty_provision") if key not in keys]
    rows = []
    for key in keys:
        text = el.get(key)
        if isinstance(text, str) and text and "".join(text.split()) not in printed:
            label = _("Legal basis") if key == "penalty_provision" else ELEMENT_LABELS[key]
            rows.append((str(label), text))
    return rows


def _long_text(text) -> bool:
    """A text of more than a few lines (a record, the items seized) is printed under its
    label as paragraphs, not in a table cell: WeasyPrint cannot carry part of a cell to the
    next page, so a cell ending at the foot of a page left the signatures alone on the next
    one (ADR 0063)."""
    text = str(text)
    return "\n" in text.strip() or len(text) > LONG_TEXT_CHARS


# About four lines of the text column of a generic document (14 pt, 70 % of 156 mm).
LONG_TEXT_CHARS = 80


def context(content: dict, number: str) -> dict:
    from sanxiang.cases.document_specs import PARTY_SIGNED, STATES_REMEDIES

    doc_type = content["doc_type"]
    officers = [{**o, "qr": _qr_data_uri(o["url"]) if o.get("url") else ""}
                for o in content.get("officers", [])]
    parties = [{**p, "organisation": p["kind"] != PartyKind.NATURAL_PERSON}
               for p in content.get("parties", [])]
    fields, el = _fields(content), elements(content)
    stated = stated_elements(doc_type, el, fields)
    return {
        "content": content,
        "doc_type": doc_type,
        "title": str(DOCUMENT_TYPES[doc_type][0]),
        "number": number,
        "issuer": content["issuer"],
        "case": content["case"],
        "parties": parties,
        "officers": officers,
        "fields": fields,
        "stated": stated,
        "field_rows": [(label, text, _long_text(text)) for label, text in [*stated, *fields]],
        "states_remedies": doc_type in STATES_REMEDIES,
        "party_signs": doc_type in PARTY_SIGNED,
        "el": el,
        "values": content.get("values", {}),
        "issued_on_text": format_date(content["issued_on"]),
        "opened_on_text": format_date(content["case"]["opened_on"]),
        "issued_on_upper": format_date_upper(content["issued_on"]),
    }


def missing_elements(content: dict) -> list[str]:
    """The names (Chinese) of the required elements the document would leave empty."""
    from sanxiang.cases.document_specs import ELEMENT_LABELS, REQUIRED

    found = elements(content)
    with translation.override(DOCUMENT_LANGUAGE):
        return [str(ELEMENT_LABELS[key]) for key in REQUIRED.get(content["doc_type"], ())
                if not found.get(key)]


def render_html(content: dict, number: str) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(template_for(content["doc_type"]), context(content, number))


def render(case, doc_type: str, content: dict, number: str, issued_on) -> bytes:
    """PDF bytes of a document. ``content`` is what ``build_content`` returned (raw values
    are accepted too: they are taken as the caller's data for ``case``)."""
    if "issuer" not in content:
        step = case.current_step
        content = build_content(case, doc_type, step, content, issued_on)
    content = {**content, "doc_type": doc_type, "issued_on": as_date(issued_on).isoformat()}
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf(template_for(doc_type), context(content, number))


# --------------------------------------------------------------------------------------
# Stored bytes and the editable copy


def pdf_bytes(document) -> bytes:
    """The issued PDF, checked against the digest recorded when it was issued (R-REC-02):
    a file changed on disk is refused, never served as the document."""
    try:
        return blobs.read_verified(document.digest)
    except blobs.BlobChanged:
        raise RuleViolation("R-REC-02", _(
            "The file of %(title)s %(number)s no longer matches the digest recorded when it "
            "was issued (it was changed or removed on disk), so it is not served. Tell the "
            "system administrator.") % {"title": f"《{document.title}》",
                                         "number": document.number}) from None


class _TextBlocks(HTMLParser):
    """The document's text as blocks (heading or paragraph), read from the rendered HTML
    so the editable copy says exactly what the PDF says. A block is its tag and its pieces:
    text, or ``(QR, address)`` where the PDF shows an officer's QR code (``data-url``)."""

    BLOCKS = {"h1", "h2", "h3", "p", "li", "tr", "div"}
    SKIP = {"style", "title", "head", "script"}
    QR = "qr"

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, list]] = []
        self._pieces: list = []
        self._text: list[str] = []
        self._tag = "p"
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._tag = tag
        elif tag in ("td", "th") and (self._text or self._pieces):
            self._text.append("　")
        elif tag == "br":
            self._flush()
        elif tag == "img" and dict(attrs).get("data-url"):
            self._end_text()
            self._pieces.append((self.QR, dict(attrs)["data-url"]))

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)

    def _end_text(self):
        text = " ".join("".join(self._text).split())
        if text:
            self._pieces.append(text)
        self._text = []

    def _flush(self):
        self._end_text()
        if self._pieces:
            self.blocks.append((self._tag, self._pieces))
        self._pieces = []
        self._tag = "p"


@lru_cache(maxsize=256)
def _qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=1)
    return buffer.getvalue()


def docx_bytes(document) -> bytes:
    """An editable .docx with the same text as the document's PDF (for officers, R-AST-03)."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    parser = _TextBlocks()
    parser.feed(render_html({**document.data, "doc_type": document.doc_type,
                             "issued_on": document.issued_on.isoformat()}, document.number))
    parser.close()
    out = Docx()
    normal = out.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for tag, pieces in parser.blocks:
        paragraph = out.add_paragraph()
        for n, piece in enumerate(pieces):
            if not isinstance(piece, str):  # the officer's QR code, as the PDF shows it
                paragraph.add_run(" ")
                paragraph.add_run().add_picture(io.BytesIO(_qr_png(piece[1])), width=Cm(2))
                continue
            run = paragraph.add_run(f" {piece}" if n else piece)
            if tag == "h1":
                run.bold = True
                run.font.size = Pt(22)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif tag in ("h2", "h3"):
                run.bold = True
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
