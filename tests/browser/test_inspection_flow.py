"""双随机、一公开 in a real browser: plan → task → publish the lists → enter the seed → draw →
the public 验证 (SM3 and the draw recomputed by draw.js) → the 扫码入企 page → a result →
its publication (R-INS-02, R-INS-03, R-INS-04, R-PUB-10)."""

import pytest
from django.utils import timezone
from inspections.factories import inspection_item, publish_items, target_data

from sanxiang.inspections import actions
from sanxiang.inspections.models import Draw, Task
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role

from .test_flows import log_in

pytestmark = pytest.mark.browser
PASSWORD = "Head-Password-2026!"


@pytest.fixture
def county(body_a, officer_a1, officer_a2, fields):
    publish_items(body_a, [inspection_item("AQ-SJ-001", "工贸企业安全生产情况检查", 5)])
    for index in range(12):
        actions.add_target(acting_user=None, **target_data(index))
    for officer in (officer_a1, officer_a2):
        actions.enroll_inspector(acting_user=None, officer=officer)
    org_actions.create_user(acting_user=None, username="head_a", password=PASSWORD,
                            full_name="孙志强", roles=[Role.HEAD], body=body_a)
    org_actions.create_user(acting_user=None, username="officer_a", password=PASSWORD,
                            full_name=officer_a1.name, roles=[Role.OFFICER], officer=officer_a1)


def submit(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_plan_task_draw_verify_scan_result_publication_R_INS_03(browser_page, live_server,
                                                                 county, body_a):
    page = browser_page
    base = live_server.url
    log_in(page, live_server, "head_a", PASSWORD)
    page.wait_for_url(f"{base}/workbench/")
    page.goto(f"{base}/workbench/inspections/plans/new/")
    page.locator("#id_title").fill("2026年度双随机抽查工作计划")
    page.locator("#id_planned_tasks").fill("2")
    page.locator("#id_planned_objects").fill("20")
    submit(page, "报送")
    assert "年度抽查计划已报送" in page.content()

    page.goto(f"{base}/workbench/inspections/tasks/new/")
    page.locator("#id_title").fill("工贸企业安全生产双随机抽查")
    page.locator("#id_field").select_option("AQSC")
    page.locator("input[name=items][value='AQ-SJ-001']").check()
    page.locator("input[name=filter_kind][value=undirected]").check()
    page.locator("#id_ratio").fill("25")
    page.locator("#id_ends_on").fill(timezone.localdate().isoformat())
    page.locator("#id_seed_source").fill("县公证处公证员现场摇出的五位数字")
    submit(page, "创建任务")
    assert "已创建" in page.content(), page.content()
    task = Task.objects.get()

    submit(page, "公布候选名单")
    draw = Draw.objects.get(task=task)
    assert draw.lists_digest in page.content()
    page.locator("#id_seed").fill("3 1 4 1 5")
    page.locator("#id_witness").fill("滹阳县公证处 刘公证员")
    submit(page, "抽取")
    draw.refresh_from_db()
    assert draw.state == Draw.State.DRAWN and len(draw.result["selected"]) == 3

    # The public page, logged out: the browser recomputes the digest and the draw.
    page.goto(f"{base}/inspections/draws/{draw.pk}/")
    assert page.locator("#lists-digest").inner_text() == draw.lists_digest
    page.get_by_role("button", name="验证").click()
    result = page.locator("#verify-result[data-outcome]")
    result.wait_for()
    text = result.inner_text()
    assert result.get_attribute("data-outcome") == "match", text
    assert "名单摘要与公布的名单一致" in text and "与公布结果一致：共 3 个" in text

    # 扫码入企: the enterprise sees the item, its basis and the inspectors' certificates.
    assignment = draw.assignments.order_by("position").first()
    page.goto(f"{base}/inspections/scan/{assignment.scan_code}/")
    content = page.content()
    assert "AQ-SJ-001" in content and "第六十五条" in content and "今日有效" in content
    for assigned in assignment.assigned.all():
        assert assigned.certificate_number in content

    # The head records the result and publishes it; the public sees it.
    page.goto(f"{base}/workbench/inspections/assignments/{assignment.pk}/")
    page.locator("#id_category").select_option("no_problem")
    page.locator("#id_method").select_option("on_site")
    page.locator("#id_follow_up").select_option("none")
    submit(page, "录入")
    assert "检查结果已录入" in page.content()
    page.locator("button[id^=publish-result-]").click()
    page.wait_for_load_state()
    assert "检查结果已在门户公示" in page.content()
    page.goto(f"{base}/inspections/results/")
    assert assignment.target.name in page.content()
    assert "未发现问题" in page.content()


def test_tampered_draw_data_fails_in_browser_R_INS_03(browser_page, live_server, county,
                                                       body_a):
    task = actions.create_task(acting_user=None, body=body_a, title="篡改测试", field_code="AQSC",
                               item_codes=["AQ-SJ-001"], filter_kind="undirected", ratio=50,
                               starts_on=timezone.localdate(), ends_on=timezone.localdate(),
                               seed_source="摇号")
    draw = actions.publish_lists(acting_user=None, task=task)
    draw = actions.enter_seed(acting_user=None, draw=draw, seed="27182", witness="见证人")
    # Someone rewrites the stored result behind the actions' back: the page must say so.
    selected = draw.result["selected"]
    selected[0], selected[1] = selected[1], selected[0]
    Draw.objects.filter(pk=draw.pk).update(result=draw.result)
    page = browser_page
    page.goto(f"{live_server.url}/inspections/draws/{draw.pk}/")
    page.get_by_role("button", name="验证").click()
    result = page.locator("#verify-result[data-outcome]")
    result.wait_for()
    assert result.get_attribute("data-outcome") == "mismatch"
    assert "第 1 个检查对象处与公布结果不一致" in result.inner_text()
