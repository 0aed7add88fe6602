"""Excel and CSV import and export of every list (R-PUB-01, R-PUB-02)."""

import csv
import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from sanxiang.catalog import actions, queries, spreadsheets
from sanxiang.catalog.models import Catalogue, entry_model
from sanxiang.core.errors import PermissionDenied

from .samples import SAMPLES

pytestmark = pytest.mark.django_db


def publish(body, kind, rows, on=date(2026, 1, 1)):
    catalogue = actions.get_or_create_catalogue(body=body, kind=kind, acting_user=None)
    actions.publish_version(catalogue=catalogue, acting_user=None, effective_from=on,
                            note="首次公布", add=rows)
    return catalogue


@pytest.fixture
def with_items(body_a, fields):
    return publish(body_a, "items", SAMPLES["items"])


def xlsx_of(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def load(catalogue, data, **kwargs):
    return spreadsheets.import_file(catalogue, data, acting_user=None,
                                    effective_from=kwargs.pop("on", date(2026, 2, 1)),
                                    note=kwargs.pop("note", "导入"), **kwargs)


@pytest.mark.parametrize("kind", list(Catalogue.Kind.values))
def test_export_then_import_changes_nothing_for_every_kind_R_PUB_02(kind, body_a, with_items):
    catalogue = with_items if kind == "items" else publish(body_a, kind, SAMPLES[kind])
    version = queries.current_version(catalogue, date(2026, 1, 1))
    exported_xlsx = spreadsheets.export_xlsx(catalogue, version)
    exported_csv = spreadsheets.export_csv(catalogue, version)
    assert exported_csv.startswith(b"\xef\xbb\xbf")
    for data in (exported_xlsx, exported_csv):
        report = load(catalogue, data)
        assert report.ok, report.lines()
        assert (report.unchanged, report.added, report.changed, report.removed) == (2, [], [], [])
        assert report.version is None
    # The exported cells are what was typed (normalised), and read back the same.
    sheet = load_workbook(io.BytesIO(exported_xlsx)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == spreadsheets.headers(kind)
    assert len(rows) == 3
    assert catalogue.versions.count() == 1


def test_import_publishes_the_file_as_the_next_version_keeping_identity_R_PUB_02(
        body_a, with_items):
    model = entry_model("items")
    before = {e.code: e for e in queries.entries_of(queries.latest_version(with_items))}
    csv_text = spreadsheets.export_csv(with_items, queries.latest_version(with_items)).decode(
        "utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    header, first, _second = rows
    first[header.index("承办机构")] = "综合执法大队"
    new = list(first)
    new[header.index("事项编码")] = "AQ-CF-002"
    new[header.index("事项名称")] = "对未如实记录安全生产教育和培训情况的行政处罚"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, first, new])
    data = buffer.getvalue().encode("utf-8-sig")

    dry = load(with_items, data, dry_run=True)
    assert dry.ok and dry.version is None
    assert (dry.added, dry.changed, dry.removed) == (
        ["对未如实记录安全生产教育和培训情况的行政处罚"],
        ["对生产经营单位未按规定设置安全生产管理机构的行政处罚"], ["安全生产监督检查"])
    assert with_items.versions.count() == 1

    report = load(with_items, data, on=date(2026, 3, 1), note="调整承办机构")
    assert report.version.number == 2
    after = {e.code: e for e in queries.entries_of(report.version)}
    assert set(after) == {"AQ-CF-001", "AQ-CF-002"}
    assert after["AQ-CF-001"].lineage == before["AQ-CF-001"].lineage
    assert after["AQ-CF-001"].unit == "综合执法大队"
    assert model.objects.filter(catalogue=with_items).count() == 4


def test_row_level_errors_in_chinese_and_nothing_published_R_PUB_01(body_a, with_items):
    header = spreadsheets.headers("items")
    good = ["行政处罚", "AQ-CF-009", "某处罚事项", "《中华人民共和国安全生产法》第九十九条",
            "执法大队", "", "", ""]
    bad = ["处罚", "AQ CF 010", "", "安全生产法第九十九条", "执法大队", "", "九十", "不存在类别"]
    duplicate = list(good)
    report = load(with_items, xlsx_of(header, [good, bad, duplicate]))
    assert with_items.versions.count() == 1 and report.version is None
    by_column = {(e.row, e.column): e.message for e in report.errors}
    assert set(by_column) == {(3, "事项类别"), (3, "事项编码"), (3, "事项名称"), (3, "法律依据"),
                              (3, "时限天数"), (3, "执法类别"), (4, "事项编码")}
    assert "不是可选值" in by_column[3, "事项类别"]
    assert "请填写事项名称" in by_column[3, "事项名称"]
    assert "第2行" in by_column[4, "事项编码"]
    assert str(report.errors[0]).startswith("第 3 行") or "3" in str(report.errors[0])
    # only_valid publishes the good row and removes nothing.
    report = load(with_items, xlsx_of(header, [good, bad]), only_valid=True)
    assert report.version.number == 2 and report.removed == []
    assert queries.entries_of(report.version).count() == 3


def test_benchmarks_naming_unknown_items_are_refused_by_row_R_CASE_08(body_a, with_items):
    catalogue = actions.get_or_create_catalogue(body=body_a, kind="benchmarks",
                                                acting_user=None)
    header = spreadsheets.headers("benchmarks")
    row = list(SAMPLES["benchmarks"][0].values())
    row[0] = "NO-SUCH"
    report = load(catalogue, xlsx_of(header, [row]))
    assert [(e.row, e.column) for e in report.errors] == [(2, "事项编码")]


def test_a_file_without_the_headers_is_refused(body_a, with_items):
    with pytest.raises(spreadsheets.ImportFileError, match="列标题"):
        load(with_items, xlsx_of(["甲", "乙"], [["1", "2"]]))
    with pytest.raises(spreadsheets.ImportFileError):
        load(with_items, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100)


def test_only_the_body_editors_may_import_R_PUB_02(body_a, with_items, officer_user_a):
    data = spreadsheets.export_xlsx(with_items, queries.latest_version(with_items))
    with pytest.raises(PermissionDenied):
        spreadsheets.import_file(with_items, data, acting_user=officer_user_a,
                                 effective_from=date(2026, 2, 1), note="x")
