"""The 双公示 export for credit platforms (信用中国 and the provincial platforms, R-PUB-08).

One row per published decision (state PUBLISHED; withdrawn, removed, blocked and pending
ones never leave), with the columns of the national 行政处罚 / 行政许可 data standard in
its order and under its Chinese names (``PENALTY_COLUMNS``, ``LICENCE_COLUMNS``). The
column names and the coded values (party category, penalty category, status) are the
standard's own words, so they are plain Chinese here, not translated messages.

Formats chosen, as the standard's templates use them:

- dates ``YYYY/MM/DD`` (``DATE_FORMAT``); 2099/12/31 means "long-term" (处罚有效期);
- amounts in 万元 with six decimals, as text (``wan_yuan``), so 1,234.56 元 is
  ``0.123456`` and no spreadsheet rounds it;
- 当前状态 of a licence: ``有效`` or ``无效``.

Natural persons' identity numbers go out only when ``settings.SANXIANG_CREDIT_EXPORT_PERSON_IDS``
is true (the receiving platform requires them); otherwise they are masked to the region and
the last four characters. Organisations' codes are always given.

A record the platform would refuse is not exported: ``problems(record)`` says why (missing
or invalid credit code, missing decision number …) and ``validation_report`` lists them, so
the clerk fixes the source instead of the platform bouncing the whole file.

Large sets stream: rows are produced from ``queryset.iterator(chunk_size=…)``; CSV and JSON
are ``StreamingHttpResponse``s, Excel uses openpyxl's write-only mode (core.opendata).
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from sanxiang.core.identifiers import IdentifierError, validate_credit_code
from sanxiang.core.opendata import csv_response, xlsx_response
from sanxiang.disclosure import masking
from sanxiang.disclosure.models import Disclosure
from sanxiang.org.querysets import _scope
from sanxiang.org.roles import Role, has_role

CHUNK_SIZE = 2000
DATE_FORMAT = "%Y/%m/%d"
LONG_TERM = "2099/12/31"
SIX_PLACES = Decimal("0.000001")
TEN_THOUSAND = Decimal(10000)

PARTY_COLUMNS = (
    "行政相对人名称", "行政相对人类别", "统一社会信用代码", "工商注册号", "组织机构代码",
    "税务登记号", "事业单位证书号", "社会组织登记证号", "法定代表人", "法定代表人证件类型",
    "法定代表人证件号码", "证件类型", "证件号码",
)
PENALTY_COLUMNS = (
    *PARTY_COLUMNS,
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号",
    "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码",
    "数据来源单位", "数据来源单位统一社会信用代码", "备注",
)
LICENCE_COLUMNS = (
    *PARTY_COLUMNS,
    "行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号",
    "许可内容", "许可决定日期", "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码",
    "当前状态", "数据来源单位", "数据来源单位统一社会信用代码", "备注",
)

PARTY_CATEGORY = {
    "organisation": "法人及非法人组织",
    "natural_person": "自然人",
    "individual_business": "个体工商户",
}
ID_TYPE = {"resident_id": "身份证", "passport": "护照", "credit_code": "统一社会信用代码",
           "other": "其他"}
PENALTY_CATEGORY = {
    "warning": "警告", "censure": "通报批评", "fine": "罚款",
    "confiscate_gains": "没收违法所得", "confiscate_property": "没收非法财物",
    "suspend_licence": "暂扣许可证件", "downgrade": "降低资质等级",
    "revoke_licence": "吊销许可证件", "restrict_business": "限制开展生产经营活动",
    "suspend_business": "责令停产停业", "close": "责令关闭", "ban_practice": "限制从业",
    "detention": "行政拘留", "other": "其他",
}
LICENCE_CATEGORIES = ("普通", "特许", "认可", "核准", "登记", "其他")
LICENCE_CATEGORY_CODES = {"general": "普通", "special": "特许", "recognition": "认可",
                          "approval": "核准", "registration": "登记", "other": "其他"}
SEPARATOR = "；"


class Kind:
    PENALTY = Disclosure.Category.PENALTY.value
    LICENCE = Disclosure.Category.LICENCE.value


COLUMNS = {Kind.PENALTY: PENALTY_COLUMNS, Kind.LICENCE: LICENCE_COLUMNS}
FILE_STEM = {Kind.PENALTY: "双公示_行政处罚", Kind.LICENCE: "双公示_行政许可"}


# --------------------------------------------------------------------------------------
# Formatting


def wan_yuan(amount) -> str:
    """元 → 万元 with six decimals, as text; blank for no amount."""
    if amount in (None, ""):
        return ""
    value = (Decimal(str(amount)) / TEN_THOUSAND).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)
    return f"{value:.6f}"


def standard_date(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime(DATE_FORMAT)


def mask_id_number(number: str) -> str:
    """Region code and last four characters; the birth date and sequence never leave."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def person_ids_required() -> bool:
    return bool(getattr(settings, "SANXIANG_CREDIT_EXPORT_PERSON_IDS", False))


# --------------------------------------------------------------------------------------
# Records


# Who may export for the credit platform (R-PUB-08), in the request and in the background.
REPORT_ROLES = (Role.CLERK, Role.HEAD, Role.SUPERVISOR, Role.ADMIN)


def may_export(user) -> bool:
    return user.is_active and (user.is_superuser or has_role(user, *REPORT_ROLES))


def scope_of(user) -> list[str]:
    """The bodies ``user`` exports, as a job keeps it: its file is theirs while this holds."""
    return [str(part) for part in _scope(user)]


def exportable(kind: str, bodies=None):
    """Published (not withdrawn, not removed) disclosures of ``kind``, oldest first."""
    qs = Disclosure.objects.filter(category=kind, state=Disclosure.State.PUBLISHED)
    if bodies is not None:
        qs = qs.filter(body__in=bodies)
    return (qs.select_related("body", "body__entrusting_body", "case", "document")
            .prefetch_related("case__parties", "case__steps")
            .order_by("decided_on", "id"))


def _party(disclosure):
    parties = list(disclosure.case.parties.all())
    for party in parties:
        if party.name == disclosure.party_name:
            return party
    return parties[0] if parties else None


def _values(disclosure) -> dict:
    """What the decision recorded: the step data, then the decision document's values."""
    merged: dict = {}
    for record in disclosure.case.steps.all():
        if isinstance(record.data, dict):
            merged.update(record.data)
    document = disclosure.document
    if document is not None and isinstance(document.data, dict):
        case_data = document.data.get("case") or {}
        for key in ("legal_basis", "facts"):
            if case_data.get(key) and not merged.get(key):
                merged[key] = case_data[key]
        merged.update({k: v for k, v in (document.data.get("values") or {}).items() if v})
    return merged


def _deciding_body(body):
    """A body acting under entrustment decides in the entrusting body's name (R-ORG-02)."""
    return body.entrusting_body or body


def _party_cells(disclosure, party) -> list:
    kind = disclosure.party_kind or (party.kind if party else "")
    is_person = kind == "natural_person"
    code = "" if is_person else (disclosure.party_code or (
        party.id_number if party and party.id_kind == "credit_code" else ""))
    id_type = id_number = ""
    if is_person and party is not None:
        id_type = ID_TYPE.get(party.id_kind, "其他")
        id_number = party.id_number if person_ids_required() else mask_id_number(
            party.id_number)
    representative = party.legal_representative if party and not is_person else ""
    return [disclosure.party_name, PARTY_CATEGORY.get(kind, ""), code, "", "", "", "", "",
            representative, "", "", id_type, id_number]


@dataclass(frozen=True)
class Problem:
    code: str  # stable, for programs: party_category, credit_code_missing …
    message: str

    def __str__(self):
        return self.message


def problems(disclosure) -> list[Problem]:
    """Why the platform would refuse this record; empty when it can be exported."""
    found = []
    kind = disclosure.party_kind
    if kind not in PARTY_CATEGORY:
        found.append(Problem("party_category", _("Unknown party category.")))
    if not disclosure.party_name:
        found.append(Problem("party_name", _("The party's name is missing.")))
    if kind in ("organisation", "individual_business"):
        if not disclosure.party_code:
            found.append(Problem("credit_code_missing",
                                 _("The party's unified social credit code is missing.")))
        else:
            try:
                validate_credit_code(disclosure.party_code)
            except IdentifierError:
                found.append(Problem("credit_code_invalid",
                                     _("The party's unified social credit code is invalid.")))
    if kind == "natural_person" and person_ids_required():
        party = _party(disclosure)
        if party is None or not party.id_number:
            found.append(Problem("id_number_missing",
                                 _("The party's identity number is missing.")))
    if not disclosure.document_number:
        found.append(Problem("number_missing", _("The decision number is missing.")))
    for body in {_deciding_body(disclosure.body), disclosure.body}:
        try:
            validate_credit_code(body.credit_code)
        except IdentifierError:
            found.append(Problem("body_code_invalid",
                                 _("The credit code of %(body)s is invalid.")
                                 % {"body": body.name}))
    if disclosure.category == Kind.LICENCE:
        values = _values(disclosure)
        if _licence_category(values) not in LICENCE_CATEGORIES:
            found.append(Problem("licence_category_missing",
                                 _("The licence category is missing.")))
    return found


def _licence_category(values: dict) -> str:
    raw = str(values.get("licence_category") or "")
    return LICENCE_CATEGORY_CODES.get(raw, raw)


def _masked(disclosure, text: str) -> str:
    """Free text leaves masked like the published decision (R-PUB-05): the facts may name
    witnesses, addresses or numbers the decision's own masking removed."""
    if not text:
        return ""
    return masking.mask(text, masking.propose(text, party_name=disclosure.party_name,
                                              party_kind=disclosure.party_kind))


def penalty_row(disclosure) -> list:
    case = disclosure.case
    values = _values(disclosure)
    kinds = values.get("decided_kinds") or case.decided_kinds or []
    fine = values.get("decided_fine") or case.decided_fine
    confiscated = values.get("confiscated") or case.confiscated
    licence = ""
    if {"suspend_licence", "revoke_licence"} & set(kinds):
        licence = " ".join(str(v) for v in (values.get("licence_name"),
                                             values.get("licence_number")) if v)
    decider = _deciding_body(disclosure.body)
    source = disclosure.body
    remarks = []
    if disclosure.redactions:
        remarks.append("已依法作去标识化处理")
    return [
        *_party_cells(disclosure, _party(disclosure)),
        disclosure.document_number,
        case.item_name or case.title,
        _masked(disclosure, values.get("facts") or case.facts or disclosure.conclusion),
        values.get("legal_basis", ""),
        SEPARATOR.join(PENALTY_CATEGORY.get(k, "其他") for k in kinds),
        disclosure.conclusion,
        wan_yuan(fine) if "fine" in kinds or fine else "",
        wan_yuan(confiscated),
        licence,
        standard_date(disclosure.decided_on),
        standard_date(values.get("valid_until")) or LONG_TERM,
        standard_date(disclosure.public_until),
        decider.name, decider.credit_code,
        source.name, source.credit_code,
        SEPARATOR.join(remarks),
    ]


def licence_row(disclosure) -> list:
    values = _values(disclosure)
    document = disclosure.document
    decider = _deciding_body(disclosure.body)
    source = disclosure.body
    valid_to = values.get("valid_to")
    expired = valid_to and date.fromisoformat(str(valid_to)[:10]) < timezone.localdate()
    current = "无效" if expired else "有效"
    return [
        *_party_cells(disclosure, _party(disclosure)),
        document.title if document is not None else disclosure.title,
        disclosure.document_number,
        _licence_category(values),
        values.get("certificate_name", ""),
        values.get("certificate_number", ""),
        values.get("licence_content") or disclosure.conclusion,
        standard_date(disclosure.decided_on),
        standard_date(values.get("valid_from")) or standard_date(disclosure.decided_on),
        standard_date(valid_to) or LONG_TERM,
        decider.name, decider.credit_code,
        current,
        source.name, source.credit_code,
        "",
    ]


ROW = {Kind.PENALTY: penalty_row, Kind.LICENCE: licence_row}


@dataclass
class Rejected:
    disclosure: Disclosure
    reasons: list[Problem] = field(default_factory=list)


def rows(kind: str, queryset, progress=None) -> Iterator[list]:
    """The rows of every exportable record of ``queryset``, streamed in chunks.

    ``progress(n)``, if given, is told every chunk how many records were read so far (a
    background export shows it to the person who started it)."""
    make = ROW[kind]
    read = 0
    for disclosure in queryset.iterator(chunk_size=CHUNK_SIZE):
        read += 1
        if progress is not None and read % CHUNK_SIZE == 0:
            progress(read)
        if not problems(disclosure):
            yield make(disclosure)
    if progress is not None:
        progress(read)


def validation_report(kind: str, queryset, limit: int | None = None) -> tuple[int, list]:
    """(how many records can go, the ``Rejected`` ones with their reasons)."""
    good = 0
    rejected = []
    for disclosure in queryset.iterator(chunk_size=CHUNK_SIZE):
        reasons = problems(disclosure)
        if reasons:
            if limit is None or len(rejected) < limit:
                rejected.append(Rejected(disclosure, reasons))
        else:
            good += 1
    return good, rejected


# --------------------------------------------------------------------------------------
# Responses


def filename(kind: str, extension: str, on: date) -> str:
    return f"{FILE_STEM[kind]}_{on:%Y%m%d}.{extension}"


def csv_export(kind: str, queryset, on: date, progress=None):
    return csv_response(filename(kind, "csv", on), COLUMNS[kind],
                        rows(kind, queryset, progress))


def xlsx_export(kind: str, queryset, on: date, progress=None):
    title = "行政处罚" if kind == Kind.PENALTY else "行政许可"
    return xlsx_response(filename(kind, "xlsx", on), title, COLUMNS[kind],
                         rows(kind, queryset, progress))


def _json_chunks(kind: str, queryset, progress=None) -> Iterator[bytes]:
    columns = COLUMNS[kind]
    yield b"["
    first = True
    for row in rows(kind, queryset, progress):
        item = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False,
                          default=str)
        yield (item if first else "," + item).encode("utf-8")
        first = False
    yield b"]"


def json_export(kind: str, queryset, on: date, progress=None):
    response = StreamingHttpResponse(_json_chunks(kind, queryset, progress),
                                     content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition_header(
        True, filename(kind, "json", on))
    return response


EXPORTS = {"csv": csv_export, "xlsx": xlsx_export, "json": json_export}
