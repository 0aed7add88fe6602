"""同案不同罚 (R-AST-04) on a generated population decided through the case engine.

Group (item, 从轻): fines 600, 700, 800, 900, 1000 and 2800 (with a reason). By hand:
quartiles at positions 1.25, 2.5 and 3.75 of the sorted fines → 725, 850, 975; IQR 250;
fences 350 and 1350: 2800 is the one outlier among peers, and the one outside the
benchmark (从轻 500–1000). Group (item, 从重): 2500 and 2600, nothing stands out.
"""

import io
from decimal import Decimal

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case
from conftest import _user
from openpyxl import load_workbook

from sanxiang.discretion import spread
from sanxiang.org.roles import Role

from .helpers import ITEM, on_spot, publish_lists, record

D = Decimal
LIGHTER = [(600, 0), (700, 0), (800, 1), (900, 0), (1000, 1), (2800, 1)]
HEAVIER = [(2500, 0), (2600, 1)]


@pytest.fixture
def population(body_a, officer_a1, officer_a2):
    publish_lists(body_a)
    leads = [[officer_a1, officer_a2], [officer_a2, officer_a1]]
    for fines, first, level in ((LIGHTER, True, "lighter"), (HEAVIER, False, "heavier")):
        for fine, lead in fines:
            case = make_case(body_a, leads[lead], procedure="penalty_simple", days_ago=1,
                             item_code=ITEM)
            record(case, first=first, corrected=first)
            reason = "当事人拒不配合检查" if fine == 2800 else ""
            step(case, "decide_on_spot", on=ago(1),
                 data=on_spot(fine, level=level, reason=reason))
    return body_a


def test_groups_spread_and_outliers_R_AST_04(population, supervisor_user):
    found = {(g.item_code, g.level): g for g in spread.groups(spread.decided(supervisor_user))}
    lighter = found[(ITEM, "lighter")]
    assert (lighter.count, lighter.low, lighter.high) == (6, D(600), D(2800))
    assert (lighter.q1, lighter.median, lighter.q3) == (D(725), D(850), D(975))
    assert lighter.fences == (D(350), D(1350))
    assert (lighter.outliers, lighter.flagged, lighter.bodies, lighter.officers) == (1, 1, 1, 2)
    assert sorted(s.count for s in lighter.by_officer) == [3, 3]
    assert [s.count for s in lighter.by_body] == [6]
    heavier = found[(ITEM, "heavier")]
    assert (heavier.count, heavier.outliers, heavier.flagged) == (2, 0, 0)
    # The widest spread first: 2800 / 600 beats 2600 / 2500.
    assert spread.groups(spread.decided(supervisor_user))[0].level == "lighter"
    behind, following = spread.cases_behind(spread.decided(supervisor_user), item_code=ITEM,
                                            level="lighter", which="outliers")
    assert following is None
    assert [a.fine for a in behind] == [D(2800)]
    assert behind[0].reason == "当事人拒不配合检查"


def test_spread_is_scoped_to_the_jurisdiction_R_AST_04(population, head_user_a):
    elsewhere = _user("sup_far", "外市监督员", [Role.SUPERVISOR], jurisdiction="1302")
    assert spread.groups(spread.decided(elsewhere)) == []
    assert len(spread.groups(spread.decided(head_user_a))) == 2


def test_spread_page_and_excel_export_R_AST_04(population, client_for, supervisor_user,
                                               officer_user_a):
    assert client_for(officer_user_a).get("/workbench/discretion/spread/").status_code == 404
    client = client_for(supervisor_user)
    dashboard = client.get("/workbench/supervision/").content.decode()
    assert "/workbench/discretion/spread/" in dashboard
    page = client.get("/workbench/discretion/spread/")
    text = page.content.decode()
    assert page.status_code == 200 and "同案不同罚" in text and ITEM in text
    assert "2,800" in text or "2800" in text
    outliers = client.get("/workbench/discretion/spread/cases/",
                          {"group_item": ITEM, "group_level": "lighter", "which": "outliers"})
    assert "当事人拒不配合检查" in outliers.content.decode()
    export = client.get("/workbench/discretion/spread.xlsx")
    assert export.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True)
    groups, standing = workbook.worksheets
    rows = list(groups.iter_rows(values_only=True))
    assert rows[1][0] == ITEM and rows[1][2] == 6
    cases = list(standing.iter_rows(values_only=True))[1:]
    assert len(cases) == 1 and cases[0][-1] == "当事人拒不配合检查"


def test_groups_come_a_page_at_a_time_R_AST_04(population, supervisor_user, client_for,
                                               monkeypatch):
    rows = spread.decided(supervisor_user)
    first, more = spread.groups_page(rows, page=1, size=1)
    assert [g.level for g in first] == ["lighter"] and more
    assert first[0].outliers == 1 and first[0].by_officer  # a page's groups are complete
    second, more = spread.groups_page(rows, page=2, size=1)
    assert [g.level for g in second] == ["heavier"] and not more
    assert [g.level for g in spread.every_group(rows, batch=1)] == ["lighter", "heavier"]

    monkeypatch.setattr(spread, "GROUPS_PER_PAGE", 1)
    client = client_for(supervisor_user)
    page = client.get("/workbench/discretion/spread/", {"item": ITEM}).content.decode()
    assert "从轻" in page and "从重" not in page
    assert f"item={ITEM}&amp;page=2" in page
    page = client.get("/workbench/discretion/spread/", {"item": ITEM, "page": 2})
    text = page.content.decode()
    assert "从重" in text and "page=1" in text and "page=3" not in text
    # The export is not cut to a page: both groups, every case standing out.
    export = client.get("/workbench/discretion/spread.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True)
    groups, _standing = workbook.worksheets
    assert len(list(groups.iter_rows(values_only=True))) == 3


def test_cases_of_a_group_by_keyset_R_AST_04(population, supervisor_user, client_for,
                                             monkeypatch):
    rows = spread.decided(supervisor_user)
    seen, after = [], None
    while True:
        page, after = spread.cases_behind(rows, item_code=ITEM, level="lighter", after=after,
                                          size=4)
        seen += [a.fine for a in page]
        if after is None:
            break
    assert seen == [D(f) for f, _lead in LIGHTER]

    monkeypatch.setattr(spread, "CASES_PER_PAGE", 4)
    client = client_for(supervisor_user)
    query = {"group_item": ITEM, "group_level": "lighter"}
    first = client.get("/workbench/discretion/spread/cases/", query).content.decode()
    assert first.count('<td class="num">') == 4 and "after=900.00_" in first
    cursor = first.split("after=")[1].split('"')[0]
    rest = client.get("/workbench/discretion/spread/cases/", {**query, "after": cursor})
    assert rest.content.decode().count('<td class="num">') == 2
    broken = client.get("/workbench/discretion/spread/cases/", {**query, "after": "x_y"})
    assert broken.status_code == 200 and broken.content.decode().count('<td class="num">') == 4


def test_spread_amounts_say_yuan_and_a_missing_level_is_named_R_AST_04(
        population, client_for, supervisor_user):
    """Every fine on the 同案不同罚 pages and export carries its unit (元), and a group of
    fines decided before the circumstances were assessed reads 未认定裁量档次, not a blank."""
    from django.utils import translation

    from sanxiang.discretion.gate import level_name

    client = client_for(supervisor_user)
    text = client.get("/workbench/discretion/spread/").content.decode()
    for heading in ("最低（元）", "中位数（元）", "最高（元）"):
        assert heading in text, heading
    assert "600 – 2800元" in text
    cases = client.get("/workbench/discretion/spread/cases/",
                       {"group_item": ITEM, "group_level": "lighter"}).content.decode()
    assert "500 – 1000元" in cases
    export = client.get("/workbench/discretion/spread.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    assert header[3:8] == ("最低（元）", "下四分位数（元）", "中位数（元）", "上四分位数（元）",
                           "最高（元）")
    with translation.override("zh-hans"):
        assert level_name("") == "未认定裁量档次"
