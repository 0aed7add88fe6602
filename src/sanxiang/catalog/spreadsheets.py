"""Excel and CSV of every list: export a version, import a file as the next version.

The columns are the entry model's ``content_fields``, headed by their Chinese names; a cell
holds the text ``values.format_value`` writes and ``values.parse_value`` reads, so an
exported file imported again changes nothing. An imported file is the whole new list: rows
whose entry is unchanged keep their identity (matched on the list's natural key), changed
ones become new rows of the same entry, entries missing from the file are removed. The
report says all that before anything is written (``dry_run``), and a file with errors is
refused unless ``only_valid`` — in which case entries missing from the file are kept, as a
bad row may be the one that meant them.

The file checks (size, zip bombs, damaged or old .xls files) and the cell helpers are the
register import's (``sanxiang.org.imports``).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sanxiang.catalog import actions, permissions, queries, values
from sanxiang.catalog.models import Catalogue, CatalogueVersion, entry_model
from sanxiang.catalog.queries import entries_of, latest_version
from sanxiang.core import digests
from sanxiang.core.errors import RuleViolation
from sanxiang.core.opendata import spreadsheet_text, xlsx_cell
from sanxiang.org.imports import (
    EXAMPLE_MARK,
    MAX_ROWS,
    ImportFileError,
    RowError,
    _limit,
    _normal_header,
    _open_workbook,
    _read_bytes,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
EXPORT_CHUNK = 2000


def headers(kind: str) -> list[str]:
    model = entry_model(kind)
    return [values.label(model, name) for name in model.content_fields]


def _rows(version: CatalogueVersion | None, kind: str):
    if version is None:
        return
    model = entry_model(kind)
    for entry in entries_of(version).iterator(chunk_size=EXPORT_CHUNK):
        yield [values.format_value(entry, name) for name in model.content_fields]


def export_xlsx(catalogue: Catalogue, version: CatalogueVersion | None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(catalogue.get_kind_display()))
    # Cells hold what staff typed and the public downloads: text, never a formula.
    sheet.append(headers(catalogue.kind))
    for row in _rows(version, catalogue.kind):
        sheet.append([xlsx_cell(sheet, value) for value in row])
    about = workbook.create_sheet(_("About this list"))
    about.append([_("Body"), xlsx_cell(about, catalogue.body.name)])
    about.append([_("List"), str(catalogue.get_kind_display())])
    if version is not None:
        about.append([_("Version"), version.number])
        about.append([_("Effective from"), version.effective_from.isoformat()])
        about.append([_("What changed"), xlsx_cell(about, version.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_csv(catalogue: Catalogue, version: CatalogueVersion | None) -> bytes:
    # UTF-8 with a byte-order mark: without it Excel reads the Chinese as GBK and garbles it.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(catalogue.kind))
    for row in _rows(version, catalogue.kind):
        writer.writerow([spreadsheet_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def file_name(catalogue: Catalogue, version: CatalogueVersion | None, extension: str) -> str:
    number = f"-v{version.number}" if version is not None else ""
    return f"{catalogue.body.name}-{catalogue.get_kind_display()}{number}.{extension}"


# --------------------------------------------------------------------------------------
# Import


@dataclass
class ImportReport:
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    digest: str = ""
    version: CatalogueVersion | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


def _read_table(data: bytes, kind: str) -> tuple[list, list[tuple[int, list]]]:
    if data.startswith(b"PK") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        workbook = _open_workbook(data)
        try:
            title = str(Catalogue.Kind(kind).label)
            sheet = workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]
            table = [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportFileError(_("The file is neither an Excel workbook (.xlsx) nor a "
                                        "CSV file in UTF-8 or GB 18030.")) from None
        table = list(csv.reader(io.StringIO(text)))
    if not table:
        raise ImportFileError(_("The file is empty."))
    numbered = []
    max_rows = _limit("SANXIANG_IMPORT_MAX_ROWS", MAX_ROWS)
    mark = str(EXAMPLE_MARK)
    for number, row in enumerate(table[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        if row and isinstance(row[0], str) and row[0].strip().startswith(mark):
            continue
        numbered.append((number, row))
        if len(numbered) > max_rows:
            raise ImportFileError(_("The file has more than %(rows)d rows; split it into "
                                    "several files.") % {"rows": max_rows})
    return table[0], numbered


def _positions(header: list, kind: str) -> dict[str, int]:
    model = entry_model(kind)
    by_header = {_normal_header(h): i for i, h in enumerate(header) if h is not None}
    positions = {}
    for name in model.content_fields:
        index = by_header.get(_normal_header(values.label(model, name)))
        if index is not None:
            positions[name] = index
    missing = [values.label(model, n) for n in model.content_fields
               if values.is_required(model, n) and n not in positions]
    if missing:
        raise ImportFileError(_("The first row must hold the column headers of the exported "
                                "list; missing: %(columns)s.") % {"columns": "、".join(missing)})
    return positions


def import_file(catalogue: Catalogue, file_or_bytes, *, acting_user, effective_from: date,
                note: str, dry_run: bool = False, only_valid: bool = False) -> ImportReport:
    """Check the file against the newest version and, unless ``dry_run`` or it has errors
    (and not ``only_valid``), publish it as the next version."""
    permissions.require_editor(acting_user, catalogue.body)
    model = entry_model(catalogue.kind)
    data, name = _read_bytes(file_or_bytes)
    algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    report = ImportReport(digest=digests.format_digest(
        algorithm, digests.digest_bytes(algorithm, data)))
    header, rows = _read_table(data, catalogue.kind)
    positions = _positions(header, catalogue.kind)
    report.total_rows = len(rows)
    categories = values.fields_lookup() if "field" in model.content_fields else None
    codes = (actions.item_codes(catalogue.body)
             if catalogue.kind in actions.ITEM_LINKED else None)
    current = {}
    if latest_version(catalogue) is not None:
        for row in model.objects.filter(catalogue=catalogue, valid_to__isnull=True
                                          ).select_related(*queries.relations(model)):
            current[actions.natural_key_of(model, values.content_of(row))] = row
    seen: dict[tuple, int] = {}
    add, change, add_rows, change_rows = [], {}, [], {}
    kept = set()

    def error(number, name, message):
        header_text = values.label(model, name) if name in model.content_fields else ""
        report.errors.append(RowError(number, header_text, message))

    for number, cells in rows:
        raw = {key: cells[index] if index < len(cells) else None
               for key, index in positions.items()}
        content, problems = actions.parse_entry(model, raw, categories=categories)
        for field_name, message in problems:
            error(number, field_name, message)
        if problems:
            continue
        key = actions.natural_key_of(model, content)
        if key in seen:
            error(number, model.natural_key[0], _("The same entry as row %(row)d.")
                  % {"row": seen[key]})
            continue
        seen[key] = number
        if catalogue.kind in actions.ITEM_LINKED and (codes is None
                                                     or content["item_code"] not in codes):
            error(number, "item_code", _("The enforcement item list of %(body)s has no item "
                                         "with the code %(code)s.")
                  % {"body": catalogue.body.name, "code": content["item_code"]})
            continue
        existing = current.get(key)
        if existing is None:
            add.append(content)
            add_rows.append(number)
            report.added.append(str(model(**content)))
        else:
            kept.add(existing.pk)
            if actions.entry_digest(model, content) == existing.digest:
                report.unchanged += 1
            else:
                change[existing.pk] = content
                change_rows[existing.pk] = number
                report.changed.append(str(existing))
    remove = []
    if not (report.errors and only_valid):
        remove = [row for row in current.values() if row.pk not in kept]
    report.removed = [str(row) for row in remove]
    if dry_run or (report.errors and not only_valid) or not report.has_changes:
        return report
    try:
        report.version = actions.publish_version(
            catalogue=catalogue, acting_user=acting_user, effective_from=effective_from,
            note=note, add=add, change=change, remove=[row.pk for row in remove],
            source={"file": name, "digest": report.digest},
        )
    except RuleViolation as violation:
        problems = violation.details.get("problems")
        if not problems:
            raise
        # Changed since the check (another user, a race): report it like the rest.
        for problem in problems:
            kind, key = problem.where
            number = add_rows[key] if kind == "add" else change_rows.get(key, 0)
            error(number, problem.field, problem.message)
    return report
