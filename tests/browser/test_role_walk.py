"""What the role walk of ADR 0058 found on pages, held in a real browser.

The walk logged in as each demo role and followed every link from the workbench and the
portal; these tests keep what it found fixed.
"""

import pytest
from inspections.factories import target_data

from sanxiang.inspections import actions
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role

from .test_flows import log_in

pytestmark = pytest.mark.browser
PASSWORD = "Officer-Password-2026!"


def test_directory_shows_a_dash_where_an_object_has_no_such_fact_R_INS_01(
        browser_page, live_server, body_a, officer_a1, fields):
    """A project or a site has no kind of entity and no size: its cells read —, as the
    credit class beside them does, never a blank (the demo's 项目 and 场所 rows)."""
    actions.add_target(acting_user=None, **target_data(1))
    actions.add_target(acting_user=None, name="滹阳县城区供热管网改造工程", kind="project",
                       credit_code="", entity_type="", industry="建材", region_code="130102",
                       size="", credit_class="", address="城区")
    org_actions.create_user(acting_user=None, username="officer_a", password=PASSWORD,
                            full_name=officer_a1.name, roles=[Role.OFFICER], officer=officer_a1)
    page = browser_page
    log_in(page, live_server, "officer_a", PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/inspections/directory/")
    headers = page.locator("table thead th").all_inner_texts()
    row = page.locator("table tbody tr", has_text="滹阳县城区供热管网改造工程")
    cells = row.locator("td").all_inner_texts()
    assert len(cells) == len(headers)
    blank = [header for header, cell in zip(headers, cells, strict=True) if not cell.strip()]
    assert blank == [], f"empty cells under {blank}"
    by_header = dict(zip(headers, cells, strict=True))
    assert by_header["类型"] == "—" and by_header["规模"] == "—"
    company = page.locator("table tbody tr", has_text="滹阳县第1化工有限公司").locator("td")
    assert "有限责任公司" in company.all_inner_texts()
