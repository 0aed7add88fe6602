"""One list, two directories (R-INS-01)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.identifiers import make_credit_code
from sanxiang.core.models import LedgerEvent
from sanxiang.inspections import actions, candidates, imports
from sanxiang.inspections.models import Target
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions as org_actions

from .factories import target_data


def workbook(rows, header=None):
    book = Workbook()
    sheet = book.active
    sheet.append(header or ["对象类别", "名称*", "统一社会信用代码", "类型", "行业",
                            "行政区划代码*",
                            "规模", "信用风险分类", "是否列入经营异常名录", "最近检查日期"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_target_credit_code_checked_R_INS_01(db):
    with pytest.raises(RuleViolation) as caught:
        actions.add_target(acting_user=None, **target_data(1, credit_code="91130102000000001X"))
    assert caught.value.code == "R-INS-01"
    assert "统一社会信用代码" in caught.value.message
    target = actions.add_target(acting_user=None, **target_data(1))
    assert target.code == target.credit_code
    assert LedgerEvent.objects.filter(kind=EventKind.INSPECTION_TARGET_ADDED).count() == 1


def test_site_without_credit_code_gets_directory_code_R_INS_01(db):
    site = actions.add_target(acting_user=None, kind="site", name="滹沱河大桥施工现场",
                              region_code="130102", credit_code="")
    assert site.code.startswith("S") and site.credit_code == ""
    with pytest.raises(RuleViolation):
        actions.add_target(acting_user=None, kind="enterprise", name="某公司",
                           region_code="130102")


def test_target_region_must_be_gb2260_R_INS_01(db):
    with pytest.raises(RuleViolation) as caught:
        actions.add_target(acting_user=None, **target_data(2, region_code="99"))
    assert "GB/T 2260" in caught.value.message


def test_officer_may_not_change_directory_R_INS_01(officer_user_a):
    with pytest.raises(PermissionDenied):
        actions.add_target(acting_user=officer_user_a, **target_data(3))


def test_excel_import_reports_row_errors_in_chinese_R_INS_01(db, admin_user):
    good = make_credit_code(prefix="91", region="130102", seed=77)
    data = workbook([
        ["企业", "滹阳县宏达化工有限公司", good, "有限责任公司", "化工", "130102", "小型", "B",
         "否", "2025-05-20"],
        ["企业", "", make_credit_code(prefix="91", region="130102", seed=78), "", "", "130102",
         "", "", "", ""],
        ["企业", "错误代码公司", "91130102000000001X", "", "", "130102", "巨型", "E", "也许",
         "昨天"],
        ["企业", "重复公司", good, "", "", "130102", "", "", "", ""],
    ])
    report = imports.import_targets(data, acting_user=admin_user)
    assert not report.ok and report.imported == 0
    assert Target.objects.count() == 0  # all or nothing
    text = "\n".join(report.lines())
    assert "第 3 行" in text or "第3行" in text
    assert "名称" in text and "统一社会信用代码" in text and "规模" in text
    assert "信用风险分类" in text and "最近检查日期" in text
    rows = {e.row for e in report.errors}
    assert rows == {3, 4, 5}
    report = imports.import_targets(data, acting_user=admin_user, only_valid=True)
    assert report.imported == 1
    target = Target.objects.get()
    assert target.size == "small" and target.credit_class == "B" and not target.abnormal
    assert str(target.last_inspected_on) == "2025-05-20"
    event = LedgerEvent.objects.get(kind=EventKind.INSPECTION_TARGETS_IMPORTED)
    assert report.digest in event.payload


def test_excel_import_refuses_non_excel_R_INS_01(db, admin_user):
    from sanxiang.org.imports import ImportFileError

    with pytest.raises(ImportFileError):
        imports.import_targets(b"not a workbook", acting_user=admin_user)
    with pytest.raises(ImportFileError) as caught:
        imports.import_targets(workbook([], header=["名称"]), acting_user=admin_user)
    assert "行政区划代码" in caught.value.message


def test_template_workbook_imports_cleanly_R_INS_01(db, admin_user):
    report = imports.import_targets(imports.template_workbook(), acting_user=admin_user)
    assert report.ok and report.imported == 1


def test_inspectors_are_qualified_on_the_day_R_INS_01(make_task, inspectors_a, officer_a1):
    task = make_task()
    today = timezone.localdate()
    numbers = [n for n, _o in candidates.inspector_candidates(task, today)]
    assert len(numbers) == 4
    # A certificate cancelled (the officer left) takes the officer out of the directory.
    org_actions.officer_leaves(officer=officer_a1, acting_user=None, on=today,
                               reason="调任非执法岗位")
    numbers = [n for n, _o in candidates.inspector_candidates(task, today)]
    assert "13010201001" not in numbers and len(numbers) == 3
    # And the day counts: the same inspectors, checked on a day after their expiry.
    later = today + timedelta(days=365 * 4)
    assert candidates.inspector_candidates(task, later) == []


def test_inspector_items_limit_what_they_inspect_R_INS_01(make_task, inspectors_a):
    actions.enroll_inspector(acting_user=None, officer=inspectors_a[0],
                             item_codes=["AQ-SJ-002"])
    task = make_task()
    numbers = [n for n, _o in candidates.inspector_candidates(task, timezone.localdate())]
    assert "13010201001" not in numbers
    with pytest.raises(RuleViolation) as caught:
        actions.enroll_inspector(acting_user=None, officer=inspectors_a[0],
                                 item_codes=["NOPE-1"])
    assert caught.value.code == "R-INS-01"


def test_nothing_outside_the_item_list_is_inspected_R_INS_01(make_task):
    with pytest.raises(RuleViolation) as caught:
        make_task(item_codes=["AQ-SJ-001", "XX-999"])
    assert caught.value.code == "R-INS-01" and "XX-999" in caught.value.message
