"""What the public does with the published lists in a real browser (R-PUB-01, R-PUB-02)."""

from datetime import date

import pytest

from sanxiang.catalog import actions, queries
from sanxiang.catalog.models import Catalogue

pytestmark = pytest.mark.browser

SAFETY_LAW = "《中华人民共和国安全生产法》"
KEPT = "安全生产监督检查"
REMOVED = "对生产经营单位未如实记录安全生产教育和培训情况的行政处罚"
ADDED = "对生产经营单位未按规定设置安全生产管理机构的行政处罚"


def item(code, name, article, category):
    return {"category": category, "code": code, "name": name,
            "legal_bases": f"{SAFETY_LAW}{article}", "unit": "执法大队",
            "time_limit": "立案之日起九十日内作出处理决定", "time_limit_days": 90,
            "field": "AQSC"}


@pytest.fixture
def item_list(body_a, fields):
    """Body A's item list in two versions: the second removes one item and adds another."""
    catalogue = actions.get_or_create_catalogue(body=body_a, kind=Catalogue.Kind.ITEMS,
                                                acting_user=None)
    actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2025, 1, 1), note="首次公布",
        add=[item("AQ-JC-001", KEPT, "第六十五条", "行政检查"),
             item("AQ-CF-002", REMOVED, "第九十七条", "行政处罚")])
    removed = queries.entries_of(queries.latest_version(catalogue)).get(code="AQ-CF-002")
    actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2025, 6, 1),
        note="依据修订调整事项", remove=[removed.pk],
        add=[item("AQ-CF-001", ADDED, "第九十七条", "行政处罚")])
    return catalogue


def test_public_browses_a_bodys_item_list_and_opens_an_older_version_R_PUB_02(
        browser_page, live_server, item_list, body_a):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.locator("main").get_by_role("link", name="执法主体", exact=True).click()
    page.get_by_role("link", name=body_a.name).click()
    page.wait_for_url(f"{live_server.url}/**/{body_a.credit_code}/")
    page.get_by_role("link", name="本机关公示清单").click()
    page.get_by_role("link", name="执法事项清单").click()
    page.wait_for_url(f"{live_server.url}/catalogues/items/{body_a.credit_code}/")
    content = page.locator("main").inner_text()
    assert KEPT in content and ADDED in content
    assert REMOVED not in content

    page.locator("main").get_by_role("link", name="调整记录").first.click()
    page.wait_for_url(f"{live_server.url}/catalogues/items/{body_a.credit_code}/history/")
    history = page.locator("main").inner_text()
    assert "依据修订调整事项" in history and "首次公布" in history

    page.get_by_role("link", name="第1版").click()
    page.wait_for_url(f"{live_server.url}/catalogues/items/{body_a.credit_code}/versions/1/")
    old = page.locator("main").inner_text()
    assert REMOVED in old and KEPT in old
    assert ADDED not in old
    # The older version says so, and leads back to the one in force.
    page.get_by_role("status").get_by_role("link", name="查看现行版本（第2版）。").click()
    page.wait_for_url(f"{live_server.url}/catalogues/items/{body_a.credit_code}/")
    assert ADDED in page.locator("main").inner_text()


def search_from_home(page, live_server, words):
    page.goto(f"{live_server.url}/")
    box = page.get_by_label("检索公开信息")
    box.fill(words)
    page.locator("form", has=box).get_by_role("button").click()
    page.wait_for_url("**/search/?q=*")


def test_public_searches_items_in_chinese_from_the_home_page_R_PUB_01(
        browser_page, live_server, item_list, body_a):
    page = browser_page
    search_from_home(page, live_server, "安全生产")
    results = page.locator(".search-results")
    # Only the version in force is searchable: the removed item is not found.
    assert REMOVED not in results.inner_text()
    result = results.locator(".result-title a", has_text=ADDED).first
    # The query is segmented, so the matched words are marked wherever they occur.
    marked = result.locator("mark").all_inner_texts()
    assert "安全生产" in marked or {"安全", "生产"} <= set(marked), marked
    result.click()
    page.wait_for_url(f"{live_server.url}/catalogues/items/{body_a.credit_code}/entries/*/")
    assert ADDED in page.get_by_role("heading", level=1).inner_text()


def test_public_finds_a_body_by_its_chinese_name(browser_page, live_server, body_a):
    page = browser_page
    search_from_home(page, live_server, "应急管理局")
    result = page.locator(".search-results .result-title a", has_text=body_a.name).first
    assert "应急管理局" in result.locator("mark").first.inner_text()
    result.click()
    page.wait_for_url(f"{live_server.url}/**/{body_a.credit_code}/")
    assert page.get_by_role("heading", level=1).inner_text() == body_a.name


def no_horizontal_scroll(page) -> bool:
    # Only meaningful with the stylesheet applied: the header is blue only if it loaded.
    header = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(11, 58, 115)", "site.css did not load"
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_item_list_and_flowchart_fit_a_phone(browser_page, live_server, item_list, body_a):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/catalogues/items/{body_a.credit_code}/")
    assert KEPT in page.locator("main").inner_text()
    assert no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/catalogues/items/{body_a.credit_code}/versions/1/")
    assert no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/flowcharts/penalty_general/")
    assert page.locator("svg").first.is_visible()
    assert no_horizontal_scroll(page)
