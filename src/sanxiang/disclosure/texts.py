"""The text of a decision as proposed for publication, built from the case and the content
snapshot of its decision document (``Document.data``, see ``cases.documents``).

``build(case, record)`` returns the public fields of R-PUB-04 (party, category, conclusion,
document number, date) and ``source_text``: the decision as written, personal data included;
``masking`` proposes what to hide and the clerk approves the result (R-PUB-05). ``known``
lists values of the case that must be hidden wherever they occur (a natural person's
identifier, home address and phone), whatever the detectors find.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sanxiang.cases.documents import format_amount, format_date, kind_labels
from sanxiang.catalog.models import PartyKind
from sanxiang.disclosure import masking

# (procedure, step) of every decision, and its category.
DECISION_STEPS: dict[tuple[str, str], str] = {
    ("penalty_general", "decide"): "penalty",
    ("penalty_general", "no_penalty"): "penalty",
    ("penalty_simple", "decide_on_spot"): "penalty",
    ("licence", "decide"): "licence",
    # A seizure or freezing is decided by its written decision, served at the step after
    # the measure (强制法 24, 31): the on-site record of the measure is not the decision.
    ("coercion", "serve_seizure"): "coercion",
    ("coercion", "serve_freezing"): "coercion",
    ("coercion", "enforcement_decision"): "coercion",
    ("inspection", "result"): "inspection",
}
# The document that is the decision, per step, in order of preference.
DECISION_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "decide": ("penalty_decision", "licence_grant_decision", "licence_refusal_decision"),
    "no_penalty": ("no_penalty_decision",),
    "decide_on_spot": ("on_spot_penalty_decision",),
    "serve_seizure": ("seizure_decision",),
    "serve_freezing": ("freezing_decision",),
    "enforcement_decision": ("enforcement_decision",),
    "result": ("correction_order",),
}
# The step of the measure a served decision decides on.
MEASURE_STEPS = {"serve_seizure": "seize", "serve_freezing": "freeze"}
CONCLUSIONS = {
    "no_penalty": "不予行政处罚",
    "licence_granted": "准予行政许可",
    "licence_refused": "不予行政许可",
    "serve_seizure": "查封、扣押",
    "serve_freezing": "冻结",
    "enforcement_decision": "行政强制执行",
    "no_violation": "检查未发现违法行为",
    "correction_ordered": "责令限期改正",
    "violation_found": "发现违法行为，依法立案查处",
}


@dataclass
class Built:
    category: str
    title: str
    party_name: str
    party_kind: str
    party_code: str
    document_number: str
    conclusion: str
    source_text: str
    keep_names: list[str] = field(default_factory=list)
    party_address: str = ""  # a natural person's home: hidden wherever the text repeats it
    known: list[tuple[str, str]] = field(default_factory=list)  # (value, masking kind)


def decision_document(case, record):
    wanted = DECISION_DOCUMENTS.get(record.step, ())
    docs = [d for d in case.documents.filter(step=record.step, doc_type__in=wanted)
            .order_by("-version", "-id") if not d.corrections.exists()]
    docs.sort(key=lambda d: wanted.index(d.doc_type))
    return docs[0] if docs else None


def _conclusion(case, record, values: dict) -> str:
    procedure, step = case.procedure, record.step
    if step in ("decide", "decide_on_spot") and procedure != "licence":
        kinds = list(values.get("decided_kinds") or case.decided_kinds or [])
        fine = values.get("decided_fine") or case.decided_fine
        confiscated = values.get("confiscated") or case.confiscated
        # A kind stated with its amount is not named twice (罚款；罚款20,000.00元).
        stated = {"fine"} if fine else set()
        stated |= {"confiscate_gains"} if confiscated else set()
        parts = [kind_labels([kind for kind in kinds if kind not in stated])]
        if fine:
            parts.append(f"罚款{format_amount(fine)}")
        if confiscated:
            parts.append(f"没收违法所得{format_amount(confiscated)}")
        return "；".join(p for p in parts if p)
    if step in MEASURE_STEPS:
        # What was sealed up, seized or frozen is recorded at the measure itself.
        measure = case.steps.filter(step=MEASURE_STEPS[step]).order_by("-seq").first()
        items = (measure.data or {}).get("items", "") if measure is not None else ""
        return f"{CONCLUSIONS[step]}：{items}" if items else CONCLUSIONS[step]
    return CONCLUSIONS.get(record.condition) or CONCLUSIONS.get(step) or ""


def build(case, record, document=None) -> Built:
    document = document if document is not None else decision_document(case, record)
    content = document.data if document is not None else {}
    values = {**(record.data or {}), **content.get("values", {})}
    category = DECISION_STEPS[(case.procedure, record.step)]
    party = case.parties.order_by("position", "id").first()
    person = party is not None and party.kind == PartyKind.NATURAL_PERSON
    conclusion = _conclusion(case, record, values)
    number = document.number if document is not None else ""
    title = document.title if document is not None else ""
    lines = [f"{case.body.name}{title}".strip()]
    if number:
        lines.append(f"文号：{number}")
    known: list[tuple[str, str]] = []
    keep = [o.get("name", "") for o in content.get("officers", [])]
    if party is not None:
        lines.append(f"当事人：{party.name}")
        if party.id_kind == "credit_code":
            lines.append(f"统一社会信用代码：{party.id_number}")
        elif party.id_number:
            label = "身份证号码" if party.id_kind == "resident_id" else "证件号码"
            lines.append(f"{label}：{party.id_number}")
            known.append((party.id_number, masking.ID_NUMBER))
        if party.legal_representative:
            role = "经营者" if party.kind == PartyKind.INDIVIDUAL_BUSINESS else "法定代表人"
            lines.append(f"{role}：{party.legal_representative}")
            keep.append(party.legal_representative)
        if party.address:
            if person:
                lines.append(f"住址：{party.address}")
                known.append((party.address, masking.ADDRESS))
            else:
                place = "经营场所" if party.kind == PartyKind.INDIVIDUAL_BUSINESS else "住所"
                lines.append(f"{place}：{party.address}")
        if person and party.phone:
            known.append((party.phone, masking.PHONE))
    lines.append(f"案由：{case.title}")
    facts = (values.get("facts") or content.get("case", {}).get("facts") or case.facts
             or values.get("summary") or values.get("findings") or "")
    if facts:
        lines.append(f"{'违法事实' if category == 'penalty' else '主要事实'}：{facts}")
    basis = values.get("legal_basis") or content.get("case", {}).get("legal_basis") or ""
    if basis:
        lines.append(f"依据：{basis}")
    if conclusion:
        label = {"penalty": "处罚决定", "licence": "许可决定", "coercion": "强制措施",
                 "inspection": "检查结果"}[category]
        lines.append(f"{label}：{conclusion}")
    summary = values.get("summary") or values.get("education") or ""
    if summary and summary != facts:
        lines.append(f"说明：{summary}")
    lines.append(f"作出决定机关：{case.body.name}")
    lines.append(f"作出决定日期：{format_date(record.done_on)}")
    return Built(
        category=category, title=case.title, party_name=party.name if party else "",
        party_kind=party.kind if party else "",
        party_code=party.id_number if party is not None and party.id_kind == "credit_code"
        else "",
        document_number=number, conclusion=conclusion, source_text="\n".join(lines),
        party_address=party.address if person and party.address else "",
        keep_names=[n for n in keep if n], known=[(v, k) for v, k in known if v])
