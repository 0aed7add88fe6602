"""What the role walk of ADR 0058 found on pages, held in a real browser.

The walk logged in as each demo role and followed every link from the workbench and the
portal; these tests keep what it found fixed.
"""

import re

import pytest
from cases.engine_helpers import ago
from cases.factories import make_case
from inspections.factories import target_data

from sanxiang.cases import actions as case_actions
from sanxiang.disclosure.models import Disclosure
from sanxiang.inspections import actions
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role

from .conftest import TYPED_PASSWORD
from .test_flows import log_in
from .test_publication_flow import decided_case

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
RULE_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")

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


def test_head_todo_states_the_day_of_a_withdrawal_request_in_chinese_R_CASE_09(
        browser_page, live_server, head_user_a, password, body_a, officer_a1, officer_a2):
    """The head's 待办 read “王思峰于2026-11-30申请”: the day as officials write it."""
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=30)
    case_actions.apply_recusal(acting_user=None, case=case, officer=officer_a1,
                               applicant="party", reason="当事人称执法人员系其亲属",
                               applied_on=ago(3))
    page = browser_page
    log_in(page, live_server, "head_a", password)
    page.wait_for_url(f"{live_server.url}/workbench/")
    todo = page.locator("#todo").inner_text()
    day = ago(3)
    assert f"{officer_a1.name}于{day.year}年{day.month}月{day.day}日申请" in todo
    assert not ISO_DATE.search(todo), todo


def test_clerk_reads_how_each_span_was_found_in_words_R_PUB_05(
        browser_page, live_server, body_a, officer_a1, officer_a2):
    """The redaction table's 规则 column showed the platform's rule codes (case_data,
    address_cue); it now says how the span was found."""
    org_actions.create_user(acting_user=None, username="clerk_a", password=TYPED_PASSWORD,
                            full_name="周丽", roles=[Role.CLERK], body=body_a)
    case = decided_case(body_a, [officer_a1, officer_a2])
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.redactions
    page = browser_page
    log_in(page, live_server, "clerk_a", TYPED_PASSWORD)
    page.wait_for_url(f"{live_server.url}/workbench/")
    page.goto(f"{live_server.url}/workbench/disclosure/{disclosure.pk}/")
    headers = page.locator("table:has(th:text('规则')) thead th").all_inner_texts()
    column = headers.index("规则")
    rows = page.locator("table:has(th:text('规则')) tbody tr")
    rules = [rows.nth(i).locator("td").nth(column).inner_text() for i in range(rows.count())]
    assert rules and all(rule.strip() for rule in rules)
    assert not any(RULE_CODE.search(rule) for rule in rules), rules
    titles = page.locator("#original-text mark").evaluate_all(
        "marks => marks.map(m => m.title)")
    assert titles and not any(RULE_CODE.search(title) for title in titles), titles
