"""The 导入 page: templates to download, an upload, and the Chinese report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from sanxiang.org import imports
from sanxiang.org.models import Officer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def officer_row(body, name, number):
    today = timezone.localdate()
    return [name, body.credit_code, "执法队员", "安全生产", "本辖区", number, "河北省人民政府",
            today.replace(year=today.year - 1), today.replace(year=today.year + 4), "否", "否",
            "", "", "", ""]


def workbook(*rows) -> bytes:
    book = load_workbook(io.BytesIO(imports.template_workbook("officers")))
    sheet = book.worksheets[0]
    # Keep only the header row: the example row is for reading, not for importing.
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data, *, only_valid=False):
    form = {"kind": "officers", "file": SimpleUploadedFile("人员.xlsx", data, content_type=XLSX)}
    if only_valid:
        form["only_valid"] = "on"
    return client.post("/workbench/import/", form)


@pytest.mark.parametrize("persona", ["officer_user_a", "head_user_a", "supervisor_user"])
def test_only_administrators_may_import(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/workbench/import/").status_code == 403
    assert client.get("/workbench/import/templates/officers.xlsx").status_code == 403


@pytest.mark.parametrize("kind", ["bodies", "officers"])
def test_administrator_downloads_templates(client_for, admin_user, kind):
    response = client_for(admin_user).get(f"/workbench/import/templates/{kind}.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_column > 3


def test_unknown_template_is_404(client_for, admin_user):
    assert client_for(admin_user).get("/workbench/import/templates/cases.xlsx").status_code == 404


def test_import_reports_errors_and_imports_nothing(client_for, admin_user, body_a, fields):
    data = workbook(officer_row(body_a, "钱进", "13010201501"),
                    officer_row(body_a, "", "13010201502"))
    response = upload(client_for(admin_user), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "导入结果" in html
    assert "<td class=\"num\">3</td>" in html  # the row as Excel numbers it
    assert "姓名" in html
    assert "未导入任何数据" in html
    assert not Officer.objects.filter(name="钱进").exists()


def test_import_only_valid_rows(client_for, admin_user, body_a, fields):
    data = workbook(officer_row(body_a, "钱进", "13010201501"),
                    officer_row(body_a, "", "13010201502"))
    response = upload(client_for(admin_user), data, only_valid=True)
    assert response.status_code == 200
    officer = Officer.objects.get(name="钱进")
    assert officer.body == body_a
    assert officer.certificates.get().number == "13010201501"


def test_import_of_a_file_that_is_not_a_workbook(client_for, admin_user, db):
    response = upload(client_for(admin_user), b"this is not a workbook")
    assert response.status_code == 200
    assert "不是 Excel" in response.content.decode()
