"""Open-data downloads: stream a table as CSV or Excel without holding it in memory.

Both helpers take a header (a sequence of column titles, already translated) and an
iterable of rows (sequences of cells: str, int, float, Decimal, date, datetime or None;
turn booleans into translated words yourself, e.g. ``_("Yes")``). Feed them a
generator over ``queryset.iterator()`` so a province-sized list never sits in memory::

    from sanxiang.core.opendata import csv_response, xlsx_response

    def rows():
        for item in Item.objects.order_by("pk").iterator(chunk_size=2000):
            yield [item.code, item.name]

    return csv_response("执法事项清单.csv", [_("Code"), _("Name")], rows())
    return xlsx_response("执法事项清单.xlsx", _("Items"), [_("Code"), _("Name")], rows())

- ``csv_response(filename, header, rows)`` → a ``StreamingHttpResponse``: UTF-8 with a BOM
  (so Excel on Chinese Windows opens it as UTF-8), CRLF line ends (RFC 4180), written
  row by row as the client reads.
- ``xlsx_response(filename, sheet_title, header, rows)`` → a ``FileResponse`` of an .xlsx
  built with openpyxl's write-only mode into a temporary file (an .xlsx is a zip, so it
  cannot be sent before it is finished; write-only mode keeps memory flat).
  ``xlsx_sheets_response(filename, [(title, header, rows), …])`` does the same for several
  sheets.

Filenames may be Chinese: the Content-Disposition header carries them per RFC 6266/5987
(``filename*=utf-8''…``). Text cells that a spreadsheet would take for a formula (starting
with ``= + - @``, tab or CR) are neutralised, because the data comes from many hands
(OWASP "CSV injection").
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel caps sheet titles at 31 characters and forbids a few.
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet program shows as text, never runs as a formula (a leading ')."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def unquote_spreadsheet_text(value: str) -> str:
    """What ``spreadsheet_text`` was given: imports read back what exports wrote."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES) \
        else value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff".encode() + writer.writerow([str(h) for h in header]).encode("utf-8")
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row]).encode("utf-8")


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]
                 ) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(header, rows),
                                     content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_cell(sheet, value):
    """A write-only cell for ``value``; text stays text, never a formula."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML refuses
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl turns text starting with "=" into a formula; keep every text as text.
        cell.data_type = "s"
    return cell


def xlsx_response(filename: str, sheet_title: str, header: Sequence,
                  rows: Iterable[Sequence]) -> FileResponse:
    return xlsx_sheets_response(filename, [(sheet_title, header, rows)])


def xlsx_sheets_response(filename: str,
                         sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]
                         ) -> FileResponse:
    """An .xlsx of several sheets, each ``(title, header, rows)``, written one after the
    other (a sheet's rows may be a generator that runs its own queries)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet_title, header, rows in sheets:
        sheet = workbook.create_sheet(str(sheet_title).translate(_SHEET_TITLE_FORBIDDEN)[:31])
        heading = []
        for title in header:
            cell = xlsx_cell(sheet, str(title))
            cell.font = bold
            heading.append(cell)
        sheet.append(heading)
        for row in rows:
            sheet.append([xlsx_cell(sheet, v) for v in row])
    # Spooled: small lists stay in memory, large ones go to disk; closed by the response.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
