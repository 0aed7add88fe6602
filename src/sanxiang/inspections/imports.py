"""Excel import of the directory of inspection objects (R-INS-01).

The first sheet's header row names the columns (Chinese, as in ``COLUMNS``; a trailing *
marks the required ones). Every row is checked first, with the same checks as an object
added by hand (``targets.clean``), and every problem is reported with its row and column;
then the good rows are added through ``actions.import_targets`` in one transaction with
one ledger event carrying the file's digest. With errors nothing is imported unless
``only_valid`` asks for the good rows. File handling (size, .xls, damaged zips, dates) is
the register import's (``org.imports``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from sanxiang.core import digests
from sanxiang.core.identifiers import make_credit_code
from sanxiang.inspections import actions, targets
from sanxiang.inspections.models import Target
from sanxiang.org.imports import (
    CellError,
    ImportFileError,
    RowError,
    _date,
    _normal_header,
    _open_workbook,
    _read_bytes,
    _text,
)

MAX_ROWS = 200_000
# (key, Chinese header, required)
COLUMNS = (
    ("kind", gettext_lazy("Kind of object"), False),
    ("name", gettext_lazy("Name"), True),
    ("credit_code", gettext_lazy("Unified social credit code"), False),
    ("entity_type", gettext_lazy("Type"), False),
    ("industry", gettext_lazy("Industry"), False),
    ("region_code", gettext_lazy("Region code"), True),
    ("size", gettext_lazy("Size"), False),
    ("credit_class", gettext_lazy("Credit-risk class"), False),
    ("abnormal", gettext_lazy("On the list of abnormal operations"), False),
    ("last_inspected_on", gettext_lazy("Last inspected on"), False),
    ("address", gettext_lazy("Registered address"), False),
    ("legal_representative", gettext_lazy("Legal representative"), False),
)


@dataclass
class TargetImport:
    total_rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        return [str(e) for e in self.errors]


def template_workbook() -> bytes:
    import io

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Inspection objects"))
    sheet.append([f"{header}*" if required else str(header) for _k, header, required in COLUMNS])
    example = make_credit_code(prefix="91", region="130139", seed=1)
    sheet.append(["企业", "滹阳县宏达化工有限公司", example, "有限责任公司", "化工", "130139",
                  "小型", "B", "否", "2025-05-20", "滹阳县工业园区纬三路8号", "赵立新"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _positions(header) -> dict[str, int]:
    by_header = {_normal_header(h): i for i, h in enumerate(header) if h is not None}
    positions = {}
    for key, label, _required in COLUMNS:
        index = by_header.get(_normal_header(label))
        if index is not None:
            positions[key] = index
    missing = [str(label) for key, label, required in COLUMNS
               if required and key not in positions]
    if missing:
        raise ImportFileError(_("The first row must name the columns; missing: %(columns)s.")
                              % {"columns": "、".join(missing)})
    return positions


def read_targets(file_or_bytes) -> tuple[list[dict], TargetImport]:
    """The checked rows and the report; raises ``ImportFileError`` for an unusable file."""
    data, _name = _read_bytes(file_or_bytes)
    report = TargetImport(digest=digests.format_digest("sm3", digests.digest_bytes("sm3", data)))
    workbook = _open_workbook(data)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    positions = _positions(next(rows, None) or ())
    labels = {key: str(label) for key, label, _r in COLUMNS}
    good: list[dict] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        report.total_rows += 1
        if report.total_rows > MAX_ROWS:
            raise ImportFileError(_("At most %(n)d rows at a time; split the file.")
                                  % {"n": MAX_ROWS})
        raw = {key: (values[i] if i < len(values) else None) for key, i in positions.items()}
        errors = []
        try:
            raw["last_inspected_on"] = _date(raw.get("last_inspected_on"))
        except CellError as error:
            errors.append(RowError(number, labels["last_inspected_on"], str(error)))
            raw["last_inspected_on"] = None
        cleaned, problems = targets.clean({k: v if k == "last_inspected_on" else _text(v)
                                           for k, v in raw.items()})
        errors += [RowError(number, labels.get(f, f), message) for f, message in problems]
        code = cleaned["credit_code"]
        if code and not errors:
            if code in seen:
                errors.append(RowError(number, labels["credit_code"], _(
                    "Row %(row)d has the same code already.") % {"row": seen[code]}))
            seen[code] = number
        report.errors += errors
        if not errors:
            good.append(cleaned)
    existing = set(Target.objects.filter(code__in=list(seen)).values_list("code", flat=True))
    for code in existing:
        report.errors.append(RowError(seen[code], labels["credit_code"],
                                      _("The directory holds this object already.")))
    good = [row for row in good if row["credit_code"] not in existing]
    report.errors.sort(key=lambda e: e.row)
    return good, report


def import_targets(file_or_bytes, *, acting_user, only_valid: bool = False) -> TargetImport:
    rows, report = read_targets(file_or_bytes)
    if report.errors and not only_valid:
        return report
    if rows:
        actions.import_targets(acting_user=acting_user, rows=rows, file_digest=report.digest)
    report.imported = len(rows)
    return report
