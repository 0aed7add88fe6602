"""Excel import of the register: bodies, and officers with their certificates.

``template_workbook(kind)`` gives the blank form (Chinese header row, one example row, drop-
down lists, a 说明 sheet explaining every column). ``import_workbook(kind, file, …)`` checks
every row first and reports every problem with its row and column; then, inside one
transaction, it imports through the actions (so every row passes the same rules and leaves
the same ledger events as a change made by hand) and appends one ``IMPORT_COMPLETED`` event
carrying the counts and the file's digest. With errors nothing is imported, unless
``only_valid`` asks for the good rows.

Checks need a fixed number of queries whatever the number of rows: one for the bodies named,
one for the categories, one per 5,000 certificate numbers.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from sanxiang import ledger
from sanxiang.core import digests
from sanxiang.core.cli_text import os_error_text
from sanxiang.core.errors import RuleViolation
from sanxiang.core.identifiers import IdentifierError, validate_credit_code
from sanxiang.core.parsing import parse_int
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions, permissions
from sanxiang.org.models import AnnualInspection, Body, Certificate, EnforcementField
from sanxiang.org.validation import (
    Problem,
    body_problems,
    certificate_problems,
    inspection_problems,
    normalise_credit_code,
    officer_problems,
)

KINDS = ("bodies", "officers")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# A zip bomb expands far beyond its size; a real register sheet compresses about 10:1.
MAX_EXPANSION = 40
NUMBER_CHUNK = 5000
SEPARATORS = re.compile(r"[、,，;；/\s]+")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
EXAMPLE_MARK = gettext_lazy("[Example]")


class ImportFileError(RuleViolation):
    """The file itself cannot be read: not .xlsx, corrupt, too large, wrong columns."""

    def __init__(self, message: str):
        super().__init__("IMPORT_FILE", message)


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as Excel shows it (the header is row 1)
    column: str  # the Chinese column header
    message: str

    def __str__(self):
        return _("Row %(row)d “%(column)s”: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    kind: str
    total_rows: int = 0
    valid_rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    help: Promise
    example: object
    required: bool = False
    choices: Callable[[], list[str]] | None = None
    width: int = 18
    is_date: bool = False


def _labels(choices) -> Callable[[], list[str]]:
    return lambda: [str(label) for label in choices.labels]


def _yes_no() -> list[str]:
    return [_("Yes"), _("No")]


BODY_COLUMNS = [
    Column("name", gettext_lazy("Name of the body"), gettext_lazy(
        "The full official name, unique in the register."), "某某县应急管理局",
        required=True, width=30),
    Column("short_name", gettext_lazy("Short name"), gettext_lazy(
        "Optional, at most 40 characters."), "县应急局"),
    Column("credit_code", gettext_lazy("Unified social credit code"), gettext_lazy(
        "18 characters (GB 32100); the check characters are verified."),
        "11130102000000019X", required=True, width=22),
    Column("nature", gettext_lazy("Nature"), gettext_lazy(
        "Choose from the list."), Body.Nature.ADMINISTRATIVE.label, required=True,
        choices=_labels(Body.Nature)),
    Column("subject_kind", gettext_lazy("Kind of subject"), gettext_lazy(
        "Statutory subject, authorised subject or entrusted subject; an entrusted subject "
        "also fills in the entrusting body and the entrustment agreement."),
        Body.SubjectKind.STATUTORY.label, required=True, choices=_labels(Body.SubjectKind),
        width=22),
    Column("funding", gettext_lazy("Funding source"), gettext_lazy(
        "Choose from the list."), Body.Funding.FULL.label, required=True,
        choices=_labels(Body.Funding), width=20),
    Column("staffing", gettext_lazy("Authorised staffing"), gettext_lazy(
        "A whole number; empty means 0."), 35),
    Column("duties", gettext_lazy("Duties and powers"), gettext_lazy(
        "Optional, free text."), "负责本县安全生产综合监督管理和行政执法工作", width=40),
    Column("legal_representative", gettext_lazy("Legal representative"), gettext_lazy(
        "The legal representative or person in charge."), "王某某", required=True),
    Column("address", gettext_lazy("Address"), gettext_lazy(
        "Office address."), "某某县人民路1号", required=True, width=30),
    Column("complaint_phone", gettext_lazy("Complaint and report phone"), gettext_lazy(
        "A telephone number published to the public."), "0311-12345", required=True),
    Column("supervising_body", gettext_lazy("Supervising body"), gettext_lazy(
        "Optional: the body that supervises this one."), "某某县司法局", width=24),
    Column("region_code", gettext_lazy("Region code"), gettext_lazy(
        "The six-digit GB/T 2260 code of the body's region."), "130102", required=True),
    Column("entrusting_body", gettext_lazy("Entrusting body (name or credit code)"),
           gettext_lazy("Entrusted subjects only: a registered body, or one in an earlier "
                        "row of this file."), "", width=30),
    Column("entrustment_agreement", gettext_lazy("Entrustment agreement"), gettext_lazy(
        "Entrusted subjects only: the title and number of the agreement."), "", width=30),
]

OFFICER_COLUMNS = [
    Column("name", gettext_lazy("Full name"), gettext_lazy("The officer's name."), "张某某",
           required=True),
    Column("body", gettext_lazy("Body (name or credit code)"), gettext_lazy(
        "A registered body, by its full name or unified social credit code."),
        "某某县应急管理局", required=True, width=30),
    Column("post", gettext_lazy("Post"), gettext_lazy("Position or duty."), "执法队员",
           required=True),
    Column("categories", gettext_lazy("Enforcement categories"), gettext_lazy(
        "Category names or codes, separated by 、 or commas."), "安全生产、应急管理",
        required=True, width=24),
    Column("areas", gettext_lazy("Enforcement areas"), gettext_lazy(
        "Where the officer may enforce."), "某某县全域", required=True, width=20),
    Column("number", gettext_lazy("Certificate number"), gettext_lazy(
        "Unique in the register and in this file."), "13010201001", required=True),
    Column("issued_by", gettext_lazy("Issued by"), gettext_lazy(
        "The authority that issued the certificate."), "河北省人民政府", required=True),
    Column("issued_on", gettext_lazy("Issued on"), gettext_lazy(
        "A date such as 2024-03-01; not in the future."), date(2024, 3, 1), required=True,
        is_date=True),
    Column("expires_on", gettext_lazy("Valid until"), gettext_lazy(
        "The last valid day; after the issue date."), date(2029, 2, 28), required=True,
        is_date=True),
    Column("legal_qualification", gettext_lazy("Legal professional qualification"),
           gettext_lazy("Yes or No; empty means No."), "否", choices=_yes_no),
    Column("is_reviewer", gettext_lazy("Legal reviewer"), gettext_lazy(
        "Yes or No; empty means No."), "否", choices=_yes_no),
    Column("phone", gettext_lazy("Contact phone"), gettext_lazy(
        "Optional; internal, never published."), "13800000000"),
    Column("inspection_year", gettext_lazy("Latest annual inspection: year"), gettext_lazy(
        "Optional: the year inspected, with the result."), 2025),
    Column("inspection_result", gettext_lazy("Latest annual inspection: result"),
           gettext_lazy("Passed or failed; fill in together with the year."),
           AnnualInspection.Result.PASSED.label,
           choices=_labels(AnnualInspection.Result)),
    Column("inspected_on", gettext_lazy("Latest annual inspection: date"), gettext_lazy(
        "Optional: when the inspection took place; empty means 31 December of the year "
        "inspected (or today, if earlier)."), date(2025, 12, 20), is_date=True),
]

COLUMNS = {"bodies": BODY_COLUMNS, "officers": OFFICER_COLUMNS}
SHEET_TITLES = {"bodies": gettext_lazy("Enforcement bodies"),
                "officers": gettext_lazy("Enforcement officers")}


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


# --------------------------------------------------------------------------------------
# The template


def template_workbook(kind: str) -> bytes:
    _check_kind(kind)
    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET_TITLES[kind])
    required_fill = PatternFill("solid", fgColor="FDE9D9")
    optional_fill = PatternFill("solid", fgColor="EDEDED")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = required_fill if column.required else optional_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.comment = Comment(_help_text(column), "Sanxiang")
        sheet.column_dimensions[letter].width = column.width
        example = column.example
        if isinstance(example, Promise):
            example = str(example)
        if index == 1:
            example = f"{EXAMPLE_MARK}{example}"
        example_cell = sheet.cell(row=2, column=index, value=example)
        example_cell.font = Font(italic=True, color="808080")
        if column.is_date:
            example_cell.number_format = "yyyy-mm-dd"
        if column.choices:
            options = column.choices()
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                                        allow_blank=not column.required)
            validation.error = _("Choose one of: %(options)s") % {"options": "、".join(options)}
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{_limit('SANXIANG_IMPORT_MAX_ROWS', MAX_ROWS) + 1}")
    sheet.freeze_panes = "A2"
    _instructions(workbook.create_sheet(_("Instructions")), kind, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _help_text(column: Column) -> str:
    text = str(column.help)
    if column.choices:
        text += " " + _("Allowed values: %(options)s.") % {"options": "、".join(column.choices())}
    return text


def _instructions(sheet, kind: str, columns: list[Column]) -> None:
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 80
    notes = [
        _("Fill in one row per %(what)s, from row 3 of the first sheet. Row 2 is an example: "
          "rows whose first cell starts with %(mark)s are skipped.")
        % {"what": _("body") if kind == "bodies" else _("officer"), "mark": EXAMPLE_MARK},
        _("Every row is checked before anything is imported; the report names each wrong "
          "cell by row and column. Keep the header row unchanged."),
        _("Dates as 2024-03-01 (Excel dates work too). Columns in red are required."),
    ]
    if kind == "officers":
        categories = EnforcementField.objects.order_by("code").values_list("code", "name")
        notes.append(_("Enforcement categories known to the platform: %(list)s.") % {
            "list": "、".join(f"{name}（{code}）" for code, name in categories)})
    for row, note in enumerate(notes, start=1):
        sheet.cell(row=row, column=1, value=note)
    start = len(notes) + 2
    for index, header in enumerate([_("Column"), _("Required"), _("Explanation")], start=1):
        sheet.cell(row=start, column=index, value=header).font = Font(bold=True)
    for offset, column in enumerate(columns, start=1):
        sheet.cell(row=start + offset, column=1, value=str(column.header))
        sheet.cell(row=start + offset, column=2, value=_("Yes") if column.required else _("No"))
        cell = sheet.cell(row=start + offset, column=3, value=_help_text(column))
        cell.alignment = Alignment(wrap_text=True)


# --------------------------------------------------------------------------------------
# Reading the file


def _read_bytes(file_or_bytes) -> tuple[bytes, str]:
    limit = _limit("SANXIANG_IMPORT_MAX_BYTES", MAX_BYTES)
    name = ""
    if isinstance(file_or_bytes, bytes | bytearray):
        data = bytes(file_or_bytes)
    elif isinstance(file_or_bytes, str | Path):
        path = Path(file_or_bytes)
        name = path.name
        try:
            if path.stat().st_size > limit:
                raise ImportFileError(_too_large(limit))
            data = path.read_bytes()
        except OSError as error:
            raise ImportFileError(_("The file cannot be read: %(error)s")
                                  % {"error": os_error_text(error)}) from None
    else:
        name = getattr(file_or_bytes, "name", "") or ""
        data = file_or_bytes.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(_too_large(limit))
    return data, Path(name).name


def _too_large(limit: int) -> str:
    return _("The file is larger than %(size)d MB; split it into several files.") % {
        "size": max(1, limit // (1024 * 1024))}


def _open_workbook(data: bytes):
    not_xlsx = _("The file is not an Excel workbook (.xlsx). Save it as “Excel Workbook "
                 "(*.xlsx)” and try again.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("This is an old Excel file (.xls). Save it as “Excel Workbook "
                                "(*.xlsx)” and try again."))
    if not data.startswith(b"PK"):
        raise ImportFileError(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(not_xlsx)
    except zipfile.BadZipFile:
        raise ImportFileError(_("The file is damaged and cannot be opened as an Excel "
                                "workbook.")) from None
    if expanded > MAX_EXPANSION * max(len(data), 1024 * 1024):
        raise ImportFileError(_too_large(_limit("SANXIANG_IMPORT_MAX_BYTES", MAX_BYTES)))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file — all mean the same
        raise ImportFileError(_("The file is damaged and cannot be opened as an Excel "
                                "workbook.")) from None


def _normal_header(value) -> str:
    text = str(value or "").strip().rstrip("*＊").strip()
    return re.sub(r"\s+", "", text)


def _rows(kind: str, workbook) -> tuple[dict[str, int], list[tuple[int, list]]]:
    """The column positions by key and the data rows (Excel row number, values)."""
    columns = COLUMNS[kind]
    title = str(SHEET_TITLES[kind])
    sheet = workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    by_header = {_normal_header(h): i for i, h in enumerate(header) if h is not None}
    for column in columns:
        index = by_header.get(_normal_header(column.header))
        if index is not None:
            positions[column.key] = index
    missing = [str(c.header) for c in columns if c.required and c.key not in positions]
    if missing:
        raise ImportFileError(_("The first row must hold the column headers of the template; "
                                "missing: %(columns)s. Download the template and start from "
                                "it.") % {"columns": "、".join(missing)})
    data = []
    max_rows = _limit("SANXIANG_IMPORT_MAX_ROWS", MAX_ROWS)
    mark = str(EXAMPLE_MARK)
    for number, values in enumerate(rows, start=2):
        values = list(values)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        first = values[0] if values else None
        if isinstance(first, str) and first.strip().startswith(mark):
            continue
        data.append((number, values))
        if len(data) > max_rows:
            raise ImportFileError(_("The file has more than %(rows)d rows; split it into "
                                    "several files.") % {"rows": max_rows})
    return positions, data


# --------------------------------------------------------------------------------------
# Cell values


class CellError(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:  # an Excel serial day number in a cell not formatted as a date
            return from_excel(value).date()
        except (ValueError, OverflowError, TypeError, AttributeError):
            raise CellError(_("“%(value)s” is not a date; write it as 2024-03-01.")
                            % {"value": text}) from None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 — a calendar day
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date; write it as 2024-03-01.") % {"value": text})


def _whole(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    if (number := parse_int(text)) is not None:
        return number
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})


def _yes(value) -> bool:
    text = _text(value).lower()
    if text in {"", "否", "no", "n", "0", "false", "×", "无"}:
        return False
    if text in {"是", "yes", "y", "1", "true", "√", "有"}:
        return True
    raise CellError(_("“%(value)s” should be Yes or No.") % {"value": _text(value)})


def _choice(value, choices) -> str:
    text = _text(value)
    if not text:
        return ""
    for choice_value, label in choices.choices:
        if text in {choice_value, str(label)}:
            return choice_value
    raise CellError(_("“%(value)s” is not one of %(options)s.") % {
        "value": text, "options": "、".join(str(label) for label in choices.labels)})


class _Row:
    """One data row being checked: its values by column key and its errors."""

    def __init__(self, kind: str, number: int, values: list, positions: dict[str, int]):
        self.number = number
        self.columns = {c.key: c for c in COLUMNS[kind]}
        self.raw = {key: values[index] if index < len(values) else None
                    for key, index in positions.items()}
        self.errors: list[RowError] = []
        self.data: dict = {}  # the checked values, as the action takes them
        self.transient: Body | None = None  # bodies: this row's body, before it exists

    def header(self, key: str) -> str:
        column = self.columns.get(key) or next(iter(self.columns.values()))
        return str(column.header)

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.header(key), message))

    def problems(self, problems: list[Problem], mapping: dict[str, str] | None = None) -> None:
        seen = set()
        for problem in problems:
            key = (mapping or {}).get(problem.field, problem.field)
            if (key, problem.message) not in seen:
                seen.add((key, problem.message))
                self.error(key, problem.message)

    def parse(self, key: str, parser, *args):
        try:
            return parser(self.raw.get(key), *args)
        except CellError as error:
            self.error(key, str(error))
            return None


def _body_reference(text: str) -> tuple[str, str]:
    """("credit_code", code) when the text is a valid credit code, else ("name", text)."""
    try:
        return "credit_code", validate_credit_code(text)
    except IdentifierError:
        return "name", text


def _bodies_by_reference(references, visible) -> dict[tuple[str, str], Body]:
    codes = [v for k, v in references if k == "credit_code"]
    names = [v for k, v in references if k == "name"]
    found = {}
    if codes or names:
        for body in visible.filter(Q(credit_code__in=codes) | Q(name__in=names)):
            found["credit_code", body.credit_code] = body
            found["name", body.name] = body
    return found


# --------------------------------------------------------------------------------------
# Checking the rows


def _check_bodies(rows: list[_Row]) -> None:
    references = set()
    for row in rows:
        text = _text(row.raw.get("entrusting_body"))
        if text:
            references.add(_body_reference(text))
    registered = _bodies_by_reference(references, Body.objects.all())
    names = {_text(r.raw.get("name")) for r in rows} - {""}
    codes = set()
    for row in rows:
        code, problem = normalise_credit_code(_text(row.raw.get("credit_code")))
        if problem is None:
            codes.add(code)
    taken = Body.objects.filter(Q(name__in=names) | Q(credit_code__in=codes)).values_list(
        "name", "credit_code")
    taken_names = {n for n, _c in taken}
    taken_codes = {c: n for n, c in taken}
    in_file: dict[tuple[str, str], tuple[_Row, Body]] = {}
    for row in rows:
        data = {key: _text(row.raw.get(key)) for key in (
            "name", "short_name", "duties", "legal_representative", "address",
            "complaint_phone", "supervising_body", "region_code", "entrustment_agreement")}
        data["nature"] = row.parse("nature", _choice, Body.Nature) or ""
        data["subject_kind"] = row.parse("subject_kind", _choice, Body.SubjectKind) or ""
        data["funding"] = row.parse("funding", _choice, Body.Funding) or ""
        data["staffing"] = row.parse("staffing", _whole) or 0
        data["credit_code"], problem = normalise_credit_code(_text(row.raw.get("credit_code")))
        if problem is not None and data["credit_code"]:
            row.problems([problem])
        data["entrusting_body"] = None
        reference_text = _text(row.raw.get("entrusting_body"))
        if reference_text:
            reference = _body_reference(reference_text)
            earlier = in_file.get(reference)
            if earlier is not None and earlier[0].errors:
                row.error("entrusting_body", _(
                    "The entrusting body %(body)s is in row %(row)d, which has errors.")
                    % {"body": reference_text, "row": earlier[0].number})
            elif earlier is not None:
                data["entrusting_body"] = earlier[1]
            elif reference in registered:
                data["entrusting_body"] = registered[reference]
            else:
                row.error("entrusting_body", _(
                    "No registered body, nor any earlier row of this file, is called "
                    "%(body)s.") % {"body": reference_text})
        reported = {e.column for e in row.errors}
        row.problems([p for p in body_problems(data) if row.header(p.field) not in reported])
        if data["name"] in taken_names:
            row.error("name", _("A body named %(name)s is already registered.")
                      % {"name": data["name"]})
        if data["credit_code"] in taken_codes:
            row.error("credit_code", _(
                "The unified social credit code %(code)s is already used by %(body)s.")
                % {"code": data["credit_code"], "body": taken_codes[data["credit_code"]]})
        for key in ("name", "credit_code"):
            previous = in_file.get((key, data[key]))
            if data[key] and previous is not None:
                row.error(key, _("The same as row %(row)d.") % {"row": previous[0].number})
        row.data = data
        transient = Body(**{k: v for k, v in data.items() if k != "entrusting_body"})
        for key in ("name", "credit_code"):
            if data[key]:
                in_file.setdefault((key, data[key]), (row, transient))
        row.transient = transient


def _existing_numbers(numbers) -> set[str]:
    numbers = sorted(numbers)
    found = set()
    for start in range(0, len(numbers), NUMBER_CHUNK):
        chunk = numbers[start:start + NUMBER_CHUNK]
        found.update(Certificate.objects.filter(number__in=chunk).values_list("number",
                                                                              flat=True))
    return found


def _check_officers(rows: list[_Row], acting_user) -> None:
    visible = Body.objects.all() if acting_user is None else Body.objects.visible_to(acting_user)
    references = {_body_reference(_text(r.raw.get("body"))) for r in rows} - {("name", "")}
    bodies = _bodies_by_reference(references, visible)
    categories = {}
    for category in EnforcementField.objects.all():
        categories[category.code] = category
        categories[category.name] = category
    numbers = {_text(r.raw.get("number")) for r in rows} - {""}
    registered_numbers = _existing_numbers(numbers)
    first_row_of_number: dict[str, int] = {}
    today = timezone.localdate()
    for row in rows:
        data = {key: _text(row.raw.get(key)) for key in (
            "name", "post", "areas", "number", "issued_by", "phone")}
        body_text = _text(row.raw.get("body"))
        body = bodies.get(_body_reference(body_text)) if body_text else None
        if body_text and body is None:
            row.error("body", _("No registered body you may manage is called %(body)s.")
                      % {"body": body_text})
        codes = []
        for item in SEPARATORS.split(_text(row.raw.get("categories"))):
            if not item:
                continue
            category = categories.get(item) or categories.get(item.upper())
            if category is None:
                row.error("categories", _("There is no enforcement category %(name)s.")
                          % {"name": item})
            elif category.code not in codes:
                codes.append(category.code)
        legal = row.parse("legal_qualification", _yes)
        reviewer = row.parse("is_reviewer", _yes)
        officer_data = {"name": data["name"], "post": data["post"], "areas": data["areas"],
                        "phone": data["phone"], "body": body, "fields": codes,
                        "is_reviewer": reviewer, "status": "active"}
        # A cell already reported as unreadable or unknown is not reported again as empty.
        reported = {e.column for e in row.errors}
        problems = [p for p in officer_problems(officer_data)
                    if row.header({"fields": "categories"}.get(p.field, p.field)) not in reported]
        row.problems(problems, {"fields": "categories"})
        issued_on = row.parse("issued_on", _date)
        expires_on = row.parse("expires_on", _date)
        certificate = {"number": data["number"], "issued_by": data["issued_by"],
                       "issued_on": issued_on, "expires_on": expires_on}
        reported = {e.column for e in row.errors}
        row.problems([p for p in certificate_problems(certificate, today=today)
                      if row.header(p.field) not in reported])
        number = data["number"]
        if number in registered_numbers:
            row.error("number", _("The certificate number %(number)s is already registered.")
                      % {"number": number})
        elif number and number in first_row_of_number:
            row.error("number", _("The certificate number %(number)s is also in row %(row)d.")
                      % {"number": number, "row": first_row_of_number[number]})
        elif number:
            first_row_of_number[number] = row.number
        inspection = _check_inspection(row, issued_on, today)
        row.data = {"body": body, "name": data["name"], "post": data["post"],
                    "field_codes": codes, "areas": data["areas"],
                    "legal_qualification": bool(legal), "is_reviewer": bool(reviewer),
                    "phone": data["phone"], "certificate": certificate,
                    "inspection": inspection}


def _check_inspection(row: _Row, issued_on: date | None, today: date) -> dict | None:
    year = row.parse("inspection_year", _whole)
    result_text = _text(row.raw.get("inspection_result"))
    result = row.parse("inspection_result", _choice, AnnualInspection.Result)
    inspected_on = row.parse("inspected_on", _date)
    if year is None and not result_text:
        if inspected_on is not None:
            row.error("inspection_year", _("Give the year and the result of the inspection."))
        return None
    if year is None:
        row.error("inspection_year", _("Give the year inspected together with the result."))
        return None
    if not result_text:
        row.error("inspection_result", _("Give the result together with the year inspected."))
        return None
    if result is None or issued_on is None:
        return None
    if inspected_on is None and _text(row.raw.get("inspected_on")) == "":
        inspected_on = min(date(year, 12, 31), today) if 1900 < year < 3000 else today
    if inspected_on is None:
        return None
    certificate = Certificate(number=_text(row.raw.get("number")), issued_on=issued_on)
    mapping = {"year": "inspection_year", "result": "inspection_result",
               "inspected_on": "inspected_on"}
    row.problems(inspection_problems(certificate, year=year, result=result,
                                     inspected_on=inspected_on, today=today), mapping)
    return {"year": year, "result": result, "inspected_on": inspected_on}


# --------------------------------------------------------------------------------------
# Importing


class _Abort(Exception):
    pass


def _report_violation(row: _Row, violation: RuleViolation, report: ImportReport) -> None:
    # Changed since the check (another user, a race): report it like the rest.
    problems = violation.details.get("problems") or [Problem("name", violation.message)]
    row.problems(problems, {"fields": "categories", "year": "inspection_year",
                            "result": "inspection_result"})
    report.errors.extend(row.errors)


def _import_bodies(rows: list[_Row], acting_user, report: ImportReport, only_valid) -> None:
    """One action per body, in file order, so a row may name an earlier row's body as its
    entrusting body."""
    created: dict = {}
    for row in rows:
        try:
            with transaction.atomic():
                _import_body(row, acting_user, created)
        except RuleViolation as violation:
            _report_violation(row, violation, report)
            if not only_valid:
                raise _Abort from None
            continue
        report.imported += 1


def _import_officers(rows: list[_Row], acting_user, report: ImportReport) -> None:
    """All officers in one ``register_officers`` action: a fixed number of queries."""
    entries = [actions.OfficerEntry(**row.data) for row in rows]
    try:
        actions.register_officers(acting_user=acting_user, entries=entries)
    except RuleViolation as violation:
        _report_violation(rows[violation.details.get("index", 0)], violation, report)
        raise _Abort from None
    report.imported = len(entries)


def _import_body(row: _Row, acting_user, created: dict) -> None:
    data = dict(row.data)
    entrusting = data["entrusting_body"]
    if entrusting is not None and entrusting.pk is None:
        # A body from an earlier row of the file: the one just created from it.
        data["entrusting_body"] = created.get(id(entrusting))
    body = actions.create_body(acting_user=acting_user, **data)
    created[id(row.transient)] = body


def import_workbook(kind: str, file_or_bytes, *, acting_user, only_valid: bool = False
                    ) -> ImportReport:
    _check_kind(kind)
    if kind == "bodies":
        permissions.require_global_admin(acting_user)
    elif not permissions.is_register_admin(acting_user):
        raise permissions.PermissionDenied(_("You may not change the register."))
    data, file_name = _read_bytes(file_or_bytes)
    algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    report = ImportReport(kind=kind, digest=digests.format_digest(
        algorithm, digests.digest_bytes(algorithm, data)))
    workbook = _open_workbook(data)
    try:
        positions, raw_rows = _rows(kind, workbook)
    finally:
        workbook.close()
    rows = [_Row(kind, number, values, positions) for number, values in raw_rows]
    if kind == "bodies":
        _check_bodies(rows)
    else:
        _check_officers(rows, acting_user)
    report.total_rows = len(rows)
    report.errors = [error for row in rows for error in row.errors]
    good = [row for row in rows if not row.errors]
    report.valid_rows = len(good)
    if report.errors and not only_valid:
        return report
    try:
        with transaction.atomic():
            if kind == "bodies":
                _import_bodies(good, acting_user, report, only_valid)
            else:
                _import_officers(good, acting_user, report)
            ledger.append(
                kind=EventKind.IMPORT_COMPLETED, subject=("org.import", report.digest[-64:]),
                payload={"kind": kind, "file": file_name, "digest": report.digest,
                         "rows": report.total_rows, "valid_rows": report.valid_rows,
                         "imported": report.imported, "errors": len(report.errors),
                         "only_valid": only_valid},
                actor=acting_user,
            )
    except _Abort:
        report.imported = 0
    report.valid_rows = report.total_rows - len({e.row for e in report.errors})
    return report
