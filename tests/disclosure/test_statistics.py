"""Enforcement statistics per body, year and quarter (R-PUB-09, R-SUP-05): counts by
category, "0" where the body holds the power and did nothing, "—" where it holds none, the
31 January deadline, the PDF with its CJK font and the pages."""

from datetime import date

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case, party_company
from django.urls import reverse

from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import Catalogue
from sanxiang.core import clock
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.pdf import has_cjk_font
from sanxiang.disclosure import credit_export, statistics
from sanxiang.disclosure.models import Disclosure

from .test_credit_export import decide_penalty, disclosure_of, publish

pytestmark = [pytest.mark.django_db, pytest.mark.urls("disclosure.test_credit_export")]

LAW = "《中华人民共和国安全生产法》"


def item(code, name, category, article="第九十七条"):
    return {"category": category, "code": code, "name": name,
            "legal_bases": f"{LAW}{article}", "unit": "执法大队", "time_limit": "九十日",
            "time_limit_days": 90, "field": "AQSC"}


@pytest.fixture
def item_list(body_a, fields):
    catalogue = catalog_actions.get_or_create_catalogue(body=body_a, kind=Catalogue.Kind.ITEMS,
                                                        acting_user=None)
    return catalog_actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2020, 1, 1), note="首次公布",
        add=[item("AQ-XK-001", "危险化学品经营许可", "行政许可", "第七十八条"),
             item("AQ-CF-001", "对未进行安全评估的行政处罚", "行政处罚"),
             item("AQ-QZ-001", "查封、扣押不符合国家标准的设施设备", "行政强制", "第六十五条"),
             item("AQ-JC-001", "安全生产监督检查", "行政检查", "第六十五条")])


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def inspect(body, officers, *, days_ago):
    case = make_case(body, officers, procedure="inspection", days_ago=days_ago + 2)
    step(case, "prepare", on=ago(days_ago + 2), data={"plan": "检查安全生产责任制落实情况。"})
    step(case, "inspect", on=ago(days_ago + 1), to="result",
         data={"findings": "安全生产责任制已落实，未发现违法行为。"})
    step(case, "result", on=ago(days_ago), to="finish",
         data={"summary": "未发现违法行为。"})
    case.refresh_from_db()
    return case


def test_period_bounds_and_deadline_R_PUB_09():
    assert statistics.period_bounds(2025) == (date(2025, 1, 1), date(2025, 12, 31))
    assert statistics.period_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert statistics.period_bounds(2024, 1)[1] == date(2024, 3, 31)
    assert statistics.period_bounds(2025, 3) == (date(2025, 7, 1), date(2025, 9, 30))
    assert statistics.period_bounds(2025, 4) == (date(2025, 10, 1), date(2025, 12, 31))
    assert statistics.publication_deadline(2025) == date(2026, 1, 31)


def test_counts_by_category_with_zero_for_powers_held_R_PUB_09(body_a, officers, item_list):
    first = decide_penalty(body_a, officers, decided_ago=30, fine="5000")
    second = decide_penalty(body_a, officers, decided_ago=31, fine="20000",
                            party=party_company(seed=21, name="滹阳县鑫盛物流有限公司"))
    inspection = inspect(body_a, officers, days_ago=30)
    decisions = [disclosure_of(first), disclosure_of(second), disclosure_of(inspection)]
    assert decisions[2].category == Disclosure.Category.INSPECTION
    for year in {d.decided_on.year for d in decisions}:
        figures = statistics.figures(body_a, year)
        in_year = [d for d in decisions if d.decided_on.year == year]
        penalties = [d for d in in_year if d.category == Disclosure.Category.PENALTY]
        assert figures.count(statistics.PENALTY) == len(penalties)
        assert figures.count(statistics.INSPECTION) == len(in_year) - len(penalties)
        # Held but unused: 0. Not held at all: None, shown "—".
        assert figures.count(statistics.LICENSING) == 0
        assert figures.count(statistics.COERCION) == 0
        assert figures.count(statistics.LEVY) is None
        assert figures.count(statistics.REQUISITION) is None
        assert figures.count(statistics.OTHER) is None
        assert [c.shown for c in figures.categories][3:5] == ["—", "—"]
        assert figures.total == len(in_year)
        assert figures.general == len(penalties) and figures.simple == 0
        fines = sum(d.case.decided_fine for d in penalties)
        assert figures.fines_wan == (fines / 10000).quantize(figures.fines_wan)


def test_quarters_add_up_to_the_year_R_SUP_05(body_a, officers, item_list):
    case = decide_penalty(body_a, officers, decided_ago=30)
    year = case.decided_on.year
    annual, quarters = statistics.year_with_quarters(body_a, year)
    assert [q.quarter for q in quarters] == [1, 2, 3, 4]
    for code in statistics.CATEGORY_CODES:
        if annual.count(code) is not None:
            assert sum(q.count(code) or 0 for q in quarters) == annual.count(code)
    quarter = (case.decided_on.month - 1) // 3 + 1
    assert quarters[quarter - 1].count(statistics.PENALTY) == 1
    assert annual.count(statistics.PENALTY) == 1


def test_body_without_item_list_shows_dash_not_zero_R_PUB_09(body_b):
    figures = statistics.figures(body_b, 2025)
    assert all(c.count is None and c.shown == "—" for c in figures.categories)


def test_withdrawals_counted_R_SUP_05(body_a, officers, item_list, clerk_user_a):
    from sanxiang.disclosure import actions as publication

    case = decide_penalty(body_a, officers, decided_ago=30)
    disclosure = publish(case, clerk_user_a)
    with clock.replaying(ago(2)):
        publication.withdraw(acting_user=clerk_user_a, disclosure=disclosure,
                             reason="复议机关撤销原处罚决定。", grounds="revoked")
    assert statistics.figures(body_a, ago(2).year).withdrawals == 1
    # A withdrawn decision is still a decision made.
    assert statistics.figures(body_a, case.decided_on.year).count(statistics.PENALTY) == 1
    assert credit_export.validation_report("penalty", credit_export.exportable("penalty")) == (
        0, [])


def test_statistics_pdf_has_cjk_font_R_PUB_09(body_a, officers, item_list):
    case = decide_penalty(body_a, officers, decided_ago=30)
    pdf = statistics.statistics_pdf(body_a, case.decided_on.year)
    assert pdf.startswith(b"%PDF") and has_cjk_font(pdf)


def test_publish_statistics_checks_role_and_year_R_PUB_09(body_a, clerk_user_a, officer_user_a,
                                                          item_list):
    last_year = ago(0).year - 1
    pdf = statistics.publish_statistics(acting_user=clerk_user_a, body=body_a, year=last_year)
    assert has_cjk_font(pdf)
    with pytest.raises(PermissionDenied):
        statistics.publish_statistics(acting_user=officer_user_a, body=body_a, year=last_year)
    with pytest.raises(RuleViolation) as raised:
        statistics.publish_statistics(acting_user=clerk_user_a, body=body_a,
                                      year=last_year + 1)
    assert raised.value.code == "R-PUB-09"


def test_staff_statistics_pages_R_SUP_05(body_a, body_b, officers, item_list, supervisor_user,
                                         client_for):
    case = decide_penalty(body_a, officers, decided_ago=30)
    year = case.decided_on.year
    client = client_for(supervisor_user)
    page = client.get(reverse("disclosure_reports:statistics"), {"year": year})
    assert page.status_code == 200
    text = page.content.decode()
    assert body_a.name in text and body_b.name in text
    page = client.get(reverse("disclosure_reports:statistics_body", args=[body_a.pk]),
                      {"year": year})
    assert page.status_code == 200
    assert len(page.context["periods"]) == 5
    response = client.get(reverse("disclosure_reports:statistics_pdf", args=[body_a.pk, year]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_public_statistics_page_and_pdf_R_PUB_09(body_a, item_list, client):
    from sanxiang.disclosure import stats_snapshot
    from sanxiang.disclosure.models import StatisticsFigure

    year = ago(0).year - 1
    stats_snapshot.take()  # the page shows the newest snapshot (ADR 0050)
    page = client.get(reverse("public_statistics:index"),
                      {"body": body_a.credit_code, "year": year})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<script>" not in text and 'id="statistics-data"' in text
    # The page shows the year the snapshot stored, rendered when it was taken (ADR 0074).
    stored = StatisticsFigure.objects.get(body=body_a, year=year, quarter=0)
    assert stored.fragment and stored.fragment in text
    assert stored.penalty == 0 and stored.levy is None
    response = client.get(reverse("public_statistics:pdf", args=[body_a.credit_code, year]))
    assert response.status_code == 200 and has_cjk_font(response.content)
    # The current year has not ended: nothing to publish yet.
    assert client.get(reverse("public_statistics:pdf",
                              args=[body_a.credit_code, year + 1])).status_code == 404


def test_overview_summaries_match_per_body_figures_R_SUP_05(body_a, body_b, officers,
                                                            item_list):
    case = decide_penalty(body_a, officers, decided_ago=30, fine="7000")
    year = case.decided_on.year
    summary_a, summary_b = statistics.summaries([body_a, body_b], year)
    full = statistics.figures(body_a, year)
    assert [c.count for c in summary_a.categories] == [c.count for c in full.categories]
    assert summary_a.fines_wan == full.fines_wan
    assert summary_a.total == full.total == 1
    assert all(c.count is None for c in summary_b.categories)
