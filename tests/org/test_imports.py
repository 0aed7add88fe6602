"""The Excel import of bodies and officers: the template, every error, all-or-nothing."""

import io
import json
import traceback
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import override_settings
from openpyxl import load_workbook

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.identifiers import make_credit_code
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions
from sanxiang.org.imports import (
    BODY_COLUMNS,
    OFFICER_COLUMNS,
    ImportFileError,
    import_workbook,
    template_workbook,
)
from sanxiang.org.models import AnnualInspection, Body, Certificate, Officer
from sanxiang.org.qualification import check_qualification

pytestmark = pytest.mark.django_db

COLUMNS = {"bodies": BODY_COLUMNS, "officers": OFFICER_COLUMNS}


def filled(kind: str, rows: list[dict], *, keep_example=True) -> bytes:
    """The template with ``rows`` (dicts by column key) written from row 3 on."""
    workbook = load_workbook(io.BytesIO(template_workbook(kind)))
    sheet = workbook.worksheets[0]
    keys = [c.key for c in COLUMNS[kind]]
    if not keep_example:
        sheet.delete_rows(2)
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def body_row(**overrides):
    row = {"name": "某县农业农村局", "credit_code": make_credit_code(region="130123", seed=31),
           "nature": "行政机关", "subject_kind": "法定行政机关", "funding": "全额拨款",
           "staffing": 25, "legal_representative": "周某", "address": "某县农业路8号",
           "complaint_phone": "0311-7777777", "region_code": "130123"}
    row.update(overrides)
    return row


def officer_row(owner, number, **overrides):
    row = {"name": "导入人员", "body": owner.name, "post": "执法队员",
           "categories": "安全生产、YJGL", "areas": "全区", "number": number,
           "issued_by": "河北省人民政府",
           "issued_on": date(2024, 3, 1), "expires_on": date(2029, 2, 28),
           "legal_qualification": "否", "is_reviewer": "否", "inspection_year": 2025,
           "inspection_result": "合格", "inspected_on": date(2025, 12, 20)}
    row.update(overrides)
    return row


def errors_of(report):
    return {(e.row, e.column) for e in report.errors}


def has_error(report, row, column, fragment):
    return any(e.row == row and e.column == column and fragment in e.message
               for e in report.errors)


# --- The template ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["bodies", "officers"])
def test_template_has_chinese_headers_an_example_and_instructions(kind, fields):
    workbook = load_workbook(io.BytesIO(template_workbook(kind)))
    sheet, help_sheet = workbook.worksheets
    headers = [cell.value for cell in sheet[1]]
    assert headers == [str(c.header) for c in COLUMNS[kind]]
    assert sheet["A2"].value.startswith("【示例】")
    assert help_sheet.title == "说明"
    explained = {row[0] for row in help_sheet.iter_rows(values_only=True)}
    assert set(headers) <= explained
    assert sheet.data_validations.dataValidation  # drop-down lists


def test_template_headers_for_bodies_read_as_an_official_would(db):
    headers = [str(c.header) for c in BODY_COLUMNS]
    assert headers[:4] == ["主体名称", "简称", "统一社会信用代码", "机构性质"]
    assert "委托机关（名称或统一社会信用代码）" in headers


def test_officer_template_lists_the_categories(fields):
    workbook = load_workbook(io.BytesIO(template_workbook("officers")))
    text = " ".join(str(v) for row in workbook["说明"].iter_rows(values_only=True)
                    for v in row if v)
    assert "安全生产（AQSC）" in text


# --- Round trips ----------------------------------------------------------------------


def test_bodies_round_trip_through_the_template_R_ORG_01(admin_user):
    first = body_row()
    second = body_row(name="某县农业综合执法大队", credit_code=make_credit_code(
        prefix="12", region="130123", seed=32), nature="事业单位", subject_kind="受委托组织",
        funding="差额拨款", entrusting_body="某县农业农村局",
        entrustment_agreement="农委〔2024〕3号")
    report = import_workbook("bodies", filled("bodies", [first, second]),
                             acting_user=admin_user)
    assert report.errors == []
    assert (report.total_rows, report.valid_rows, report.imported) == (2, 2, 2)
    entrusted = Body.objects.get(name="某县农业综合执法大队")
    assert entrusted.subject_kind == "entrusted" and entrusted.funding == "partial"
    assert entrusted.entrusting_body.name == "某县农业农村局"
    event = LedgerEvent.objects.filter(kind=EventKind.IMPORT_COMPLETED).get()
    payload = json.loads(event.payload)
    assert payload["imported"] == 2 and payload["digest"].startswith("sm3:")
    assert payload["digest"] == report.digest and event.actor_id == admin_user.pk
    created = LedgerEvent.objects.filter(kind=EventKind.BODY_CREATED, actor_id=admin_user.pk)
    assert created.count() == 2


def test_officers_round_trip_through_the_template_R_ORG_02(admin_user, fields, body_a, body_b):
    rows = [
        officer_row(body_a, "IMP-1", name="甲"),
        officer_row(body_b, "IMP-2", name="乙", body=body_b.credit_code, categories="SCJG",
                    is_reviewer="是", legal_qualification="是", inspection_year=None,
                    inspection_result=None, inspected_on=None),
    ]
    report = import_workbook("officers", filled("officers", rows), acting_user=admin_user)
    assert report.errors == []
    assert report.imported == 2
    first = Officer.objects.get(name="甲")
    assert sorted(first.fields.values_list("code", flat=True)) == ["AQSC", "YJGL"]
    certificate = Certificate.objects.get(number="IMP-1")
    assert certificate.officer == first and certificate.expires_on == date(2029, 2, 28)
    assert AnnualInspection.objects.get(certificate=certificate).result == "passed"
    assert check_qualification(first, category_code="AQSC", on=date(2026, 6, 1)).ok
    second = Officer.objects.get(name="乙")
    assert second.body == body_b and second.is_reviewer and second.legal_qualification
    assert not AnnualInspection.objects.filter(certificate__officer=second).exists()
    kinds = list(LedgerEvent.objects.filter(actor_id=admin_user.pk).values_list("kind",
                                                                                flat=True))
    assert kinds.count(EventKind.OFFICER_CREATED) == 2
    assert kinds.count(EventKind.CERTIFICATE_ISSUED) == 2
    assert kinds[-1] == EventKind.IMPORT_COMPLETED


def test_text_dates_and_a_file_without_the_example_row(admin_user, fields, body_a):
    rows = [officer_row(body_a, "TXT-1", issued_on="2024/3/1", expires_on="2029年2月28日",
                        inspected_on=None)]
    report = import_workbook("officers", filled("officers", rows, keep_example=False),
                             acting_user=admin_user)
    assert report.errors == [] and report.imported == 1
    certificate = Certificate.objects.get(number="TXT-1")
    assert certificate.issued_on == date(2024, 3, 1)
    assert certificate.inspections.get().inspected_on == date(2025, 12, 31)


# --- Errors ---------------------------------------------------------------------------


def test_every_bad_body_row_is_reported_with_row_and_column_R_ORG_01(admin_user, body_a):
    code = make_credit_code(region="130123", seed=40)
    rows = [
        body_row(name="好的主体"),  # row 3
        body_row(name="校验码错", credit_code=code[:17] + ("1" if code[17] != "1" else "2")),
        body_row(name="缺委托", credit_code=make_credit_code(region="130123", seed=41),
                 subject_kind="受委托组织"),
        body_row(name="缺地址", credit_code=make_credit_code(region="130123", seed=42),
                 address=None, nature="部委"),
        body_row(name=body_a.name, credit_code=make_credit_code(region="130123", seed=43)),
        body_row(name="重复代码", credit_code=make_credit_code(region="130123", seed=31)),
        body_row(name="无此委托机关", credit_code=make_credit_code(region="130123", seed=44),
                 subject_kind="受委托组织", entrusting_body="不存在的局",
                 entrustment_agreement="x"),
        body_row(name="区划错", credit_code=make_credit_code(region="130123", seed=45),
                 region_code="1301", staffing="很多"),
    ]
    report = import_workbook("bodies", filled("bodies", rows), acting_user=admin_user)
    assert report.total_rows == 8 and report.valid_rows == 1 and report.imported == 0
    assert has_error(report, 4, "统一社会信用代码", "第18位校验码")
    assert has_error(report, 5, "委托机关（名称或统一社会信用代码）", "须填写委托机关")
    assert has_error(report, 5, "委托协议", "委托协议")
    assert has_error(report, 6, "办公地址", "请填写办公地址")
    assert has_error(report, 6, "机构性质", "部委")
    assert has_error(report, 7, "主体名称", "已登记")
    assert has_error(report, 8, "统一社会信用代码", "与第 3 行重复")
    assert has_error(report, 9, "委托机关（名称或统一社会信用代码）", "不存在的局")
    assert has_error(report, 10, "行政区划代码", "6位")
    assert has_error(report, 10, "编制人数", "很多")
    assert not Body.objects.filter(name="好的主体").exists()
    assert not LedgerEvent.objects.filter(kind=EventKind.IMPORT_COMPLETED).exists()
    assert str(report.errors[0]).startswith("第 4 行「统一社会信用代码」：")


def test_every_bad_officer_row_is_reported_with_row_and_column_R_ORG_02(admin_user, officer_a1,
                                                                         body_a):
    taken = officer_a1.certificates.get().number
    rows = [
        officer_row(body_a, "OK-1"),  # row 3
        officer_row(body_a, "E-1", body="不存在的主体"),
        officer_row(body_a, "E-2", categories="安全生产、养殖"),
        officer_row(body_a, "E-3", expires_on=date(2024, 1, 1)),
        officer_row(body_a, "OK-1"),
        officer_row(body_a, taken),
        officer_row(body_a, "E-6", post=None, areas=""),
        officer_row(body_a, "E-7", issued_on="去年"),
        officer_row(body_a, "E-8", is_reviewer="可能"),
        officer_row(body_a, "E-9", inspection_result=None),
        officer_row(body_a, "E-10", inspection_year=2019),
    ]
    report = import_workbook("officers", filled("officers", rows), acting_user=admin_user)
    assert report.total_rows == 11 and report.valid_rows == 1 and report.imported == 0
    assert has_error(report, 4, "所属执法主体（名称或统一社会信用代码）", "不存在的主体")
    assert has_error(report, 5, "执法类别", "养殖")
    assert has_error(report, 6, "有效期至", "应晚于发证日期")
    assert has_error(report, 7, "执法证号", "与第 3 行重复")
    assert has_error(report, 8, "执法证号", "已登记")
    assert has_error(report, 9, "岗位（职务）", "请填写")
    assert has_error(report, 9, "执法区域", "请填写")
    assert has_error(report, 10, "发证日期", "去年")
    assert has_error(report, 11, "法制审核人员", "可能")
    assert has_error(report, 12, "最近年度审验结果", "审验结果")
    assert has_error(report, 13, "最近年度审验年度", "审验年度")
    # Each cell reported once, not again as "missing".
    assert len([e for e in report.errors if e.row == 10]) == 1
    assert not Officer.objects.filter(name="导入人员").exists()


def test_only_valid_imports_the_good_rows(admin_user, fields, body_a):
    rows = [officer_row(body_a, "V-1", name="好"), officer_row(body_a, "V-2", body="无"),
            officer_row(body_a, "V-3", name="也好")]
    report = import_workbook("officers", filled("officers", rows), acting_user=admin_user,
                             only_valid=True)
    assert (report.total_rows, report.valid_rows, report.imported) == (3, 2, 2)
    assert errors_of(report) == {(4, "所属执法主体（名称或统一社会信用代码）")}
    assert set(Officer.objects.filter(name__in=["好", "也好"]).values_list(
        "name", flat=True)) == {"好", "也好"}
    payload = json.loads(LedgerEvent.objects.get(kind=EventKind.IMPORT_COMPLETED).payload)
    assert (payload["imported"], payload["errors"], payload["only_valid"]) == (2, 1, True)


def test_only_valid_bodies_skip_a_row_whose_entrusting_row_is_bad(admin_user):
    rows = [body_row(credit_code="bad"),
            body_row(name="受托", credit_code=make_credit_code(region="130123", seed=50),
                     subject_kind="受委托组织", entrusting_body="某县农业农村局",
                     entrustment_agreement="x"),
            body_row(name="独立", credit_code=make_credit_code(region="130123", seed=51))]
    report = import_workbook("bodies", filled("bodies", rows), acting_user=admin_user,
                             only_valid=True)
    assert report.imported == 1
    assert has_error(report, 4, "委托机关（名称或统一社会信用代码）", "第 3 行有错误")
    assert Body.objects.filter(name="独立").exists()


def test_officers_of_bodies_the_user_cannot_manage_are_unknown(fields, body_a, body_b):
    body_admin = actions.create_user(acting_user=None, username="admin_a",
                                     password="Sanxiang-Test-2026!", full_name="单位管理员",
                                     roles=["admin"], body=body_a)
    rows = [officer_row(body_a, "S-1"), officer_row(body_b, "S-2")]
    report = import_workbook("officers", filled("officers", rows), acting_user=body_admin)
    assert errors_of(report) == {(4, "所属执法主体（名称或统一社会信用代码）")}
    with pytest.raises(PermissionDenied):
        import_workbook("bodies", filled("bodies", [body_row()]), acting_user=body_admin)


def test_non_administrators_cannot_import(officer_user_a):
    with pytest.raises(PermissionDenied):
        import_workbook("officers", filled("officers", []), acting_user=officer_user_a)


# --- Files that are not registers -----------------------------------------------------


def test_not_an_excel_file_is_refused_in_chinese(admin_user):
    with pytest.raises(ImportFileError) as caught:
        import_workbook("bodies", "名称,代码\n".encode(), acting_user=admin_user)
    assert ".xlsx" in caught.value.message
    with pytest.raises(ImportFileError) as caught:
        import_workbook("bodies", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
                        acting_user=admin_user)
    assert ".xls" in caught.value.message


def test_a_damaged_file_is_refused(admin_user):
    data = filled("bodies", [body_row()])
    with pytest.raises(ImportFileError) as caught:
        import_workbook("bodies", data[: len(data) // 2], acting_user=admin_user)
    assert "损坏" in caught.value.message
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportFileError):
        import_workbook("bodies", buffer.getvalue(), acting_user=admin_user)


def test_a_file_over_the_size_limit_is_refused(admin_user):
    data = filled("bodies", [body_row()])
    with override_settings(SANXIANG_IMPORT_MAX_BYTES=1024), pytest.raises(
            ImportFileError) as caught:
        import_workbook("bodies", data, acting_user=admin_user)
    assert "超过" in caught.value.message


def test_a_sheet_without_the_template_headers_is_refused(admin_user):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["名称", "代码"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportFileError) as caught:
        import_workbook("bodies", buffer.getvalue(), acting_user=admin_user)
    assert "统一社会信用代码" in caught.value.message


def test_file_errors_are_rule_violations(admin_user):
    with pytest.raises(RuleViolation) as caught:
        import_workbook("bodies", b"", acting_user=admin_user)
    assert caught.value.code == "IMPORT_FILE"


# --- Efficiency -----------------------------------------------------------------------


def test_import_queries_do_not_grow_with_rows_except_the_ledger(admin_user, fields, body_a):
    def queries(count, offset):
        rows = [officer_row(body_a, f"Q-{offset + i}", name=f"人{i}") for i in range(count)]
        data = filled("officers", rows)
        register = []

        def outside_the_ledger(execute, sql, params, many, context):
            # The register's own queries; the ledger appends one entry per event by design,
            # and reads back the rows each entry binds (sanxiang.ledger.state).
            if '"org_' in sql and not any("sanxiang/ledger/" in frame.filename
                                          for frame in traceback.extract_stack()):
                register.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(outside_the_ledger):
            report = import_workbook("officers", data, acting_user=admin_user)
        assert report.imported == count
        return register

    small, large = queries(3, 0), queries(40, 100)
    assert len(small) == len(large), large


# --- The command ----------------------------------------------------------------------


def test_command_imports_and_reports(admin_user, fields, body_a, tmp_path):
    path = tmp_path / "officers.xlsx"
    path.write_bytes(filled("officers", [officer_row(body_a, "C-1")]))
    out = io.StringIO()
    call_command("importregister", "officers", str(path), "--as", "admin", stdout=out)
    text = out.getvalue()
    assert "共 1 行，有效 1 行，已导入 1 行" in text
    assert "sm3:" in text
    assert Certificate.objects.filter(number="C-1").exists()
    event = LedgerEvent.objects.get(kind=EventKind.IMPORT_COMPLETED)
    assert event.actor_id == admin_user.pk
    assert json.loads(event.payload)["file"] == "officers.xlsx"


def test_command_prints_every_error_and_exits_1(fields, body_a, tmp_path):
    path = tmp_path / "officers.xlsx"
    path.write_bytes(filled("officers", [officer_row(body_a, "C-2", body="无此主体"),
                                         officer_row(body_a, "C-3", categories="无")]))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("importregister", "officers", str(path), stdout=out)
    assert caught.value.returncode == 1
    text = out.getvalue()
    assert "第 3 行「所属执法主体（名称或统一社会信用代码）」：" in text
    assert "第 4 行「执法类别」：" in text
    assert "未导入任何数据" in str(caught.value)
    assert not Certificate.objects.filter(number__in=["C-2", "C-3"]).exists()


def test_command_only_valid_and_template(fields, body_a, tmp_path):
    path = tmp_path / "officers.xlsx"
    path.write_bytes(filled("officers", [officer_row(body_a, "C-4", body="无此主体"),
                                         officer_row(body_a, "C-5")]))
    out = io.StringIO()
    call_command("importregister", "officers", str(path), "--only-valid", stdout=out)
    assert "已导入 1 行" in out.getvalue()
    template = tmp_path / "template.xlsx"
    call_command("importregister", "bodies", "--template", str(template), stdout=io.StringIO())
    assert load_workbook(template).worksheets[0]["C1"].value == "统一社会信用代码"


def test_command_refuses_a_bad_file(tmp_path):
    path = tmp_path / "bodies.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("importregister", "bodies", str(path), stdout=io.StringIO())
    assert caught.value.returncode == 1
    assert "xlsx" in str(caught.value)
