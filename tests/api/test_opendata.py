"""Open-data downloads: CSV with BOM and Chinese headers, Excel that opens, public fields."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from sanxiang.core.opendata import csv_response, xlsx_response

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_body_list_csv_has_bom_and_chinese_headers(client, body_a, body_b):
    response = client.get("/bodies.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    data = content(response)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["统一社会信用代码", "名称", "简称"]
    assert [r[1] for r in rows[1:]] == [body_a.name, body_b.name]
    assert "40" not in rows[1]  # staffing is internal


def test_body_officers_csv_has_public_fields_only_R_ORG_06(client, officer_a1, officer_a2,
                                                              officer_b1, body_a):
    response = client.get(f"/bodies/{body_a.credit_code}/officers.csv")
    text = content(response).decode("utf-8-sig")
    assert "13800000000" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["姓名", "执法主体", "岗位（职务）", "执法证号", "执法类别", "执法区域",
                       "证件今日是否有效"]
    assert sorted(r[0] for r in rows[1:]) == sorted([officer_a1.name, officer_a2.name])
    assert {r[6] for r in rows[1:]} == {"是"}
    assert rows[1][4] == "安全生产、应急管理"


def test_body_list_xlsx_opens_with_openpyxl(client, body_a, body_b, tmp_path):
    response = client.get("/bodies.xlsx")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    path = tmp_path / "bodies.xlsx"
    path.write_bytes(content(response))
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "执法主体"
    assert rows[0][0] == "统一社会信用代码"
    assert [r[1] for r in rows[1:]] == [body_a.name, body_b.name]


def test_body_officers_xlsx_opens(client, officer_a1, body_a, tmp_path):
    path = tmp_path / "officers.xlsx"
    path.write_bytes(content(client.get(f"/bodies/{body_a.credit_code}/officers.xlsx")))
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:4] == (officer_a1.name, body_a.name, "执法队员", "13010201001")


def test_unknown_format_or_body_is_404(client, body_a):
    assert client.get("/bodies.pdfx").status_code == 404
    assert client.get("/bodies/911301000000000000/officers.csv").status_code == 404


def test_download_links_on_the_portal_pages(client, body_a):
    html = client.get("/bodies/").content.decode()
    assert 'href="/bodies.csv"' in html and 'href="/bodies.xlsx"' in html
    html = client.get(f"/officers/?body={body_a.credit_code}").content.decode()
    assert f'href="/bodies/{body_a.credit_code}/officers.csv"' in html


def test_download_query_count_is_bounded(client, django_assert_max_num_queries,
                                         many_officers, body_a):
    with django_assert_max_num_queries(12):
        content(client.get(f"/bodies/{body_a.credit_code}/officers.csv"))


def test_csv_helper_neutralises_formulas_and_formats_cells(rf):
    response = csv_response("清单.csv", ["名称", "日期"],
                            iter([["=HYPERLINK(1)", date(2026, 1, 2)], ["-1+1", None], [3, 4.5]]))
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    assert rows == [["名称", "日期"], ["'=HYPERLINK(1)", "2026-01-02"], ["'-1+1", ""],
                    ["3", "4.5"]]
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E6%B8%85%E5%8D%95.csv")


def test_xlsx_helper_keeps_formula_text_as_text(tmp_path):
    response = xlsx_response("清单.xlsx", "事项/清单[1]", ["名称"], iter([["=1+1"], ["正常\x07"]]))
    path = tmp_path / "x.xlsx"
    path.write_bytes(content(response))
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    assert sheet.title == "事项 清单 1 "
    assert [c.value for c in sheet["A"]] == ["名称", "=1+1", "正常"]
    assert sheet["A2"].data_type == "s"
