"""The 案卷评查 standard as an Excel workbook (R-SUP-03): export a version, read a file back
as the next one — the round trip of the catalogue's lists (``catalog.spreadsheets``).

Sheet “评查项目”: one row per item — section (基本项目, 卷面, 内容), code, text, points,
points per defect, automatic check (the name of a check in ``evaluation.AUTO_CHECKS``, or
empty). Sheet “等次”: grade and minimum score, from the highest. An exported file read back
gives the same items and grades, so the digest is unchanged; the file checks (size, zip
bombs, old .xls) and ``RowError`` are the register import's (``org.imports``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sanxiang.core.opendata import xlsx_cell
from sanxiang.org.imports import ImportFileError, RowError, _open_workbook, _read_bytes
from sanxiang.supervision import evaluation

ITEMS_SHEET = "评查项目"
GRADES_SHEET = "等次"
ITEM_HEADERS = ["部分", "编号", "评查内容", "分值", "每处扣分", "自动检查"]
GRADE_HEADERS = ["等次", "最低分"]
SECTION_BY_NAME = {name: code for code, name in evaluation.SECTION_NAMES.items()}


def _number(value: Decimal | int | float | str):
    value = Decimal(str(value)).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def export_xlsx(standard) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ITEMS_SHEET)
    sheet.append(ITEM_HEADERS)
    for section in evaluation.SECTIONS:
        for item in standard.items.get(section) or []:
            sheet.append([
                evaluation.SECTION_NAMES[section], xlsx_cell(sheet, item["code"]),
                xlsx_cell(sheet, item["text"]),
                _number(item["points"]) if "points" in item else None,
                _number(item["per_defect"]) if "per_defect" in item else None,
                item.get("auto") or None])
    grades = workbook.create_sheet(GRADES_SHEET)
    grades.append(GRADE_HEADERS)
    for grade, minimum in standard.grades:
        # A grade's name is what a supervisor imported: text, never a formula (ADR 0072).
        grades.append([xlsx_cell(grades, grade), _number(minimum)])
    about = workbook.create_sheet("说明")
    about.append(["标准", xlsx_cell(about, standard.title)])
    about.append(["版本", standard.version])
    about.append(["生效日期", standard.effective_from.isoformat()])
    about.append(["自动检查可填", "、".join(sorted(evaluation.AUTO_CHECKS))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_name(standard) -> str:
    return f"{standard.title}-第{standard.version}版.xlsx"


@dataclass
class ReadResult:
    items: dict = field(default_factory=dict)
    grades: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    digest: str = ""  # of the file


def _cell(row, index):
    value = row[index] if index < len(row) else None
    return value.strip() if isinstance(value, str) else value


def _points(value):
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return points if points >= 0 else None


def _rows(workbook, title):
    if title not in workbook.sheetnames:
        raise ImportFileError(_("The workbook has no sheet “%(sheet)s”; start from the "
                                "exported standard.") % {"sheet": title})
    return [list(row) for row in workbook[title].iter_rows(values_only=True)]


def read_xlsx(file_or_bytes) -> ReadResult:
    """Items and grades from a workbook, with every row error (nothing raised for them)."""
    from django.conf import settings

    from sanxiang.core import digests

    data, _name = _read_bytes(file_or_bytes)
    algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    result = ReadResult(digest=digests.format_digest(
        algorithm, digests.digest_bytes(algorithm, data)))
    workbook = _open_workbook(data)
    try:
        item_rows, grade_rows = _rows(workbook, ITEMS_SHEET), _rows(workbook, GRADES_SHEET)
    finally:
        workbook.close()
    items = {section: [] for section in evaluation.SECTIONS}

    def error(number, column, message):
        result.errors.append(RowError(number, column, message))

    for number, row in enumerate(item_rows[1:], start=2):
        if all(v in (None, "") for v in row):
            continue
        section = SECTION_BY_NAME.get(_cell(row, 0) or "")
        code, text = str(_cell(row, 1) or ""), str(_cell(row, 2) or "")
        auto = str(_cell(row, 5) or "")
        if section is None:
            error(number, "部分", _("Write 基本项目, 卷面 or 内容."))
            continue
        if not code or not text:
            error(number, "编号" if not code else "评查内容", _("Required."))
            continue
        if auto and auto not in evaluation.AUTO_CHECKS:
            error(number, "自动检查", _("Unknown automatic check %(name)s.") % {"name": auto})
            continue
        item = {"code": code, "text": text}
        if section != "basic":
            points, per = _points(_cell(row, 3)), _points(_cell(row, 4))
            if points is None or points == 0:
                error(number, "分值", _("A number of points above 0."))
                continue
            if per is None or per == 0 or per > points:
                error(number, "每处扣分", _("A number of points above 0, at most the item's "
                                        "points."))
                continue
            item["points"], item["per_defect"] = _number(points), _number(per)
        if auto:
            item["auto"] = auto
        items[section].append(item)
    grades = []
    for number, row in enumerate(grade_rows[1:], start=2):
        if all(v in (None, "") for v in row):
            continue
        grade, minimum = str(_cell(row, 0) or ""), _points(_cell(row, 1))
        if not grade or minimum is None or minimum > 100:
            error(number, "最低分" if grade else "等次",
                  _("A grade and its minimum score between 0 and 100."))
            continue
        grades.append([grade, _number(minimum)])
    result.items, result.grades = items, grades
    return result


def changes(before, items: dict) -> dict:
    """Item codes added, changed and removed against the standard ``before``."""
    old = {i["code"]: i for s in evaluation.SECTIONS for i in before.items.get(s) or []}
    new = {i["code"]: i for s in evaluation.SECTIONS for i in items.get(s) or []}
    return {"added": [c for c in new if c not in old],
            "changed": [c for c in new if c in old and new[c] != old[c]],
            "removed": [c for c in old if c not in new]}
