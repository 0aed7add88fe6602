"""An officer records the discretion factors on the case page, sees the suggested level and
range with how it was computed, decides a fine outside it and is asked for the reason
(R-AST-01, R-AST-02)."""

import pytest
from cases.engine_helpers import PENALTY_PROVISION, ago, prepare
from cases.factories import make_case
from discretion.helpers import ITEM, on_spot, publish_lists

from sanxiang.discretion.models import Assessment

from .test_flows import log_in

pytestmark = pytest.mark.browser


def test_officer_sees_the_suggestion_and_must_give_a_reason_R_AST_02(
        browser_page, live_server, officer_account, officer_a1, officer_a2, body_a):
    publish_lists(body_a)
    case = make_case(body_a, [officer_a1, officer_a2], procedure="penalty_simple",
                     days_ago=1, item_code=ITEM)
    # The 决定书 issued with the facts the officer then records (the step and its
    # documents agree, R-REC-01).
    prepare(case, "decide_on_spot", on=ago(0), data=on_spot(2500) | {
        "facts": "当事人未在配电室设置安全警示标志。",
        "violated_provision": "《中华人民共和国安全生产法》第三十五条",
        "penalty_provision": PENALTY_PROVISION})
    page = browser_page
    log_in(page, live_server, *officer_account)
    page.goto(f"{live_server.url}/workbench/cases/{case.pk}/")
    panel = page.locator("#discretion")
    assert "首次违法、及时改正且未造成危害后果" in panel.inner_text()  # 首违不罚
    panel.locator("select[name='factor:初次/再次']").select_option("初次")
    panel.locator("select[name='factor:整改情况']").select_option("及时整改")
    with page.expect_navigation():
        panel.get_by_role("button", name="记录裁量因子").click()
    suggestion = page.locator("#discretion-suggestion").inner_text()
    assert "从轻处罚" in suggestion and "500" in suggestion and "1,000" in suggestion
    assert "情节统计：从轻 2 项，从重 0 项" in suggestion  # 计算过程
    form = page.locator("form.step-form")
    form.locator("[name=data_facts]").fill("当事人未在配电室设置安全警示标志。")
    form.locator("[name=data_item]").select_option(ITEM)
    form.locator("[name=data_violated_provision]").fill("《中华人民共和国安全生产法》第三十五条")
    form.locator("[name=data_penalty_provision]").fill(PENALTY_PROVISION)
    form.locator("input[name=data_decided_kinds][value=fine]").check()
    form.locator("[name=data_decided_fine]").fill("2500")
    form.locator("[name=data_place]").fill("厂区")
    assert form.locator("[name=data_circumstance_level]").input_value() == "lighter"
    with page.expect_navigation():
        page.locator("form.step-form > button[type=submit]").click()
    error = page.locator("#step-error").inner_text()
    assert "R-AST-02" in error and "偏离裁量基准的理由" in error
    page.locator("form.step-form [name=data_discretion_reason]").fill(
        "当事人拒不配合检查，隐匿安全台账")
    with page.expect_navigation():
        page.locator("form.step-form > button[type=submit]").click()
    assert page.locator("#step-error").count() == 0
    check = Assessment.objects.get(case=case)
    assert check.flagged and check.reason == "当事人拒不配合检查，隐匿安全台账"
    assert "超出裁量基准" in page.locator("#discretion-checks").inner_text()
