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
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from html.parser import HTMLParser

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanxiang.cases import step_data
from sanxiang.cases.workflows import DOCUMENT_TYPES
from sanxiang.catalog.models import PartyKind, PenaltyKind
from sanxiang.core import blobs
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
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not value:
        return None
    return parse_date(str(value)[:10])


def format_date(value) -> str:
    day = as_date(value)
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def format_datetime(value) -> str:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value or ""))
    if moment is None:
        return format_date(value)
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


def _legal_basis(case) -> str:
    if not case.item_code:
        return ""
    from sanxiang.catalog.legal import format_bases
    from sanxiang.catalog.models import Catalogue, EnforcementItem
    from sanxiang.catalog.queries import current_version, entries_of

    catalogue = Catalogue.objects.filter(body=case.body, kind=Catalogue.Kind.ITEMS).first()
    version = current_version(catalogue) if catalogue is not None else None
    if version is None:
        return ""
    item = entries_of(version).filter(code=case.item_code).first()
    return format_bases(item.legal_bases) if isinstance(item, EnforcementItem) else ""


def build_content(case, doc_type: str, step: str, data: dict | None, issued_on) -> dict:
    """The snapshot a document of ``doc_type`` at ``step`` is rendered from."""
    from sanxiang.core import rulebook
    from sanxiang.records.models import Evidence

    specs = _field_specs(case.procedure)
    body = case.body
    parties = [{
        "name": p.name, "kind": p.kind, "kind_label": str(PartyKind(p.kind).label),
        "id_kind_label": str(p.get_id_kind_display()), "id_number": p.id_number,
        "address": p.address, "legal_representative": p.legal_representative,
    } for p in case.parties.all()]
    officers = []
    roles = case.case_officers.filter(removed_on__isnull=True).select_related("officer")
    for role in sorted(roles, key=lambda r: (r.role != "lead", r.pk)):
        certificate = role.officer.current_certificate
        number = certificate.number if certificate else ""
        officers.append({"id": role.officer_id, "name": role.officer.name, "role": role.role,
                         "certificate": number, "url": officer_url(number) if number else ""})
    recorded = {record.step: _officer_names(record.data, specs)
                for record in case.steps.order_by("seq")}
    evidence = list(Evidence.objects.filter(case=case).order_by("captured_from", "id")
                    .values_list("title", flat=True)[:30])
    content = {
        "content_version": CONTENT_VERSION,
        "doc_type": doc_type,
        "step": step,
        "issued_on": as_date(issued_on).isoformat(),
        "issuer": {"name": body.name, "address": body.address,
                   "credit_code": body.credit_code, "phone": body.complaint_phone},
        "case": {
            "number": case.number, "title": case.title, "procedure": case.procedure,
            "opened_on": case.opened_on.isoformat(), "facts": case.facts,
            "item_name": case.item_name, "legal_basis": _legal_basis(case),
            "notified_kinds": case.notified_kinds, "notified_fine": case.notified_fine,
            "decided_kinds": case.decided_kinds, "decided_fine": case.decided_fine,
            "confiscated": case.confiscated,
            "payment_days": rulebook.get("case.payment_days", body=body, on=as_date(issued_on)),
            "statement_workdays": rulebook.get("case.statement_workdays", body=body,
                                               on=as_date(issued_on)),
        },
        "parties": parties,
        "officers": officers,
        "evidence": evidence,
        "recorded": recorded,
        "values": _officer_names(json_safe(data or {}), specs),
    }
    return json_safe(content)


def merge_values(content: dict, data: dict | None) -> dict:
    """``content`` with ``data`` laid over its values (a correction)."""
    merged = json.loads(json.dumps(content))
    specs = _field_specs(merged["case"]["procedure"])
    merged["values"] = {**merged.get("values", {}), **_officer_names(json_safe(data or {}),
                                                                      specs)}
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
    """(label, text) of the step's recorded data and the caller's values, in form order."""
    procedure, step = content["case"]["procedure"], content["step"]
    specs = _field_specs(procedure)
    values = {**content.get("recorded", {}).get(step, {}), **content.get("values", {})}
    rows, seen = [], set()
    for spec in step_data.fields_for(procedure, step):
        seen.add(spec.name)
        text = _display(spec, values.get(spec.name))
        if text:
            rows.append((str(spec.label), text))
    extras = _extra_labels()
    for name, value in values.items():
        if name in seen or name.startswith("_"):
            continue
        text = _display(specs.get(name), value)
        if text:
            label = extras.get(name) or (str(specs[name].label) if name in specs else name)
            rows.append((label, text))
    return rows


def _decision(content: dict) -> dict:
    """The items 《行政处罚法》第五十九条 requires of a penalty decision."""
    case, values, recorded = content["case"], content.get("values", {}), content["recorded"]
    kinds = values.get("decided_kinds") or case.get("decided_kinds") or case.get(
        "notified_kinds") or []
    fine = money(values.get("decided_fine") or case.get("decided_fine")
                 or case.get("notified_fine"))
    confiscated = money(values.get("confiscated") or case.get("confiscated"))
    facts = (values.get("facts") or case.get("facts")
             or recorded.get("investigate", {}).get("summary", ""))
    evidence = values.get("evidence") or content.get("evidence") or []
    if isinstance(evidence, str):
        evidence = [line for line in evidence.splitlines() if line.strip()]
    return {
        "facts": facts,
        "evidence": evidence,
        "violated_provision": values.get("violated_provision", ""),
        "legal_basis": values.get("legal_basis") or case.get("legal_basis") or "",
        "kinds": kind_labels(kinds),
        "fine": fine,
        "fine_text": format_amount(fine) if fine is not None else "",
        "fine_words": amount_in_words(fine) if fine is not None else "",
        "confiscated_text": format_amount(confiscated) if confiscated else "",
        "confiscated_words": amount_in_words(confiscated) if confiscated else "",
        # The snapshot always carries the body's rulebook value (R-CASE-12).
        "payment_days": values.get("payment_days") or case["payment_days"],
        "bank": values.get("bank") or "",
        "bank_account": values.get("bank_account") or "",
        "review_body": values.get("review_body") or _("the people's government at the same "
                                                      "level"),
        # Statutory, not settings: 行政复议法 20 (60 days), 行政诉讼法 46 (6 months).
        "review_days": values.get("review_days") or 60,
        "court": values.get("court") or _("the people's court with jurisdiction"),
        "litigation_months": values.get("litigation_months") or 6,
        "place": values.get("place") or recorded.get(content["step"], {}).get("place", ""),
    }


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


def context(content: dict, number: str) -> dict:
    doc_type = content["doc_type"]
    officers = [{**o, "qr": _qr_data_uri(o["url"]) if o.get("url") else ""}
                for o in content.get("officers", [])]
    parties = [{**p, "organisation": p["kind"] != PartyKind.NATURAL_PERSON}
               for p in content.get("parties", [])]
    return {
        "content": content,
        "doc_type": doc_type,
        "title": str(DOCUMENT_TYPES[doc_type][0]),
        "number": number,
        "issuer": content["issuer"],
        "case": content["case"],
        "parties": parties,
        "officers": officers,
        "fields": _fields(content),
        "decision": _decision(content) if doc_type in DECISION_TYPES else None,
        "values": content.get("values", {}),
        "issued_on_text": format_date(content["issued_on"]),
        "opened_on_text": format_date(content["case"]["opened_on"]),
        "notified_fine_text": format_amount_with_words(content["case"].get("notified_fine")),
        "notified_kinds_text": kind_labels(content["case"].get("notified_kinds")
                                           or content.get("values", {}).get("notified_kinds")),
    }


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
    return blobs.read_bytes(document.digest)


class _TextBlocks(HTMLParser):
    """The document's text as blocks (heading or paragraph), read from the rendered HTML
    so the editable copy says exactly what the PDF says."""

    BLOCKS = {"h1", "h2", "h3", "p", "li", "tr", "div"}
    SKIP = {"style", "title", "head", "script"}

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self._text: list[str] = []
        self._tag = "p"
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._tag = tag
        elif tag in ("td", "th") and self._text:
            self._text.append("　")
        elif tag == "br":
            self._flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((self._tag, text))
        self._text = []
        self._tag = "p"


def docx_bytes(document) -> bytes:
    """An editable .docx with the same text as the document's PDF (for officers, R-AST-03)."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    parser = _TextBlocks()
    parser.feed(render_html({**document.data, "doc_type": document.doc_type,
                             "issued_on": document.issued_on.isoformat()}, document.number))
    parser.close()
    out = Docx()
    normal = out.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for tag, text in parser.blocks:
        if tag == "h1":
            paragraph = out.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(22)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag in ("h2", "h3"):
            paragraph = out.add_paragraph()
            paragraph.add_run(text).bold = True
        else:
            out.add_paragraph(text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
