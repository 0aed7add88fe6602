"""The supervisor's day in a real browser (R-SUP-01, R-SUP-03): the dashboard → a figure's
cases → an evaluation round: publish the lists, enter the witnessed seed, draw, evaluate
the drawn file (departing from the platform with a reason), see its grade and the report."""

import pytest
from django.utils import timezone
from supervision.test_evaluation import inspection

from sanxiang.supervision import evaluation, evaluation_actions
from sanxiang.supervision.models import Evaluation, EvaluationCampaign

from .test_flows import log_in

pytestmark = pytest.mark.browser


def test_dashboard_figure_cases_then_an_evaluation_R_SUP_03(
        browser_page, live_server, supervisor_user, password, body_a, officer_a1, officer_a2):
    case = inspection(body_a, [officer_a1, officer_a2], days_ago=6, seed=71, late_upload=True)
    evaluation_actions.create_round(
        acting_user=supervisor_user, title="第四季度案卷评查", year=timezone.localdate().year,
        standard=evaluation.ensure_default_standard(), closed_from=case.closed_on,
        closed_until=timezone.localdate(), ratio=100, minimum=1,
        evaluators=[supervisor_user], seed_source="见证人现场摇出的六位数字")
    page = browser_page
    base = live_server.url
    log_in(page, live_server, "supervisor", password)
    page.wait_for_url(f"{base}/workbench/")
    page.goto(f"{base}/workbench/supervision/")
    assert page.locator("#supervision-trends svg.trend-chart").count() == 2
    # The total of closed cases links to the cases behind it.
    page.locator("#supervision-total td").nth(1).get_by_role("link").click()
    page.wait_for_url(f"{base}/workbench/supervision/cases/?state=closed")
    assert case.number in page.locator("#supervision-cases").inner_text()
    assert page.locator("#export-xlsx").is_visible()
    page.goto(f"{base}/workbench/supervision/")
    page.locator("#evaluations-link").click()
    page.get_by_role("link", name="第四季度案卷评查").click()
    page.locator("#publish-lists").click()
    page.wait_for_load_state()
    assert page.locator("#round-digest").inner_text().startswith("sm3:")
    page.get_by_label("随机种子").fill("271828")
    page.get_by_label("见证人").fill("县公证处 赵公证员")
    page.locator("#draw").click()
    page.wait_for_load_state()
    page.locator("#round-files").get_by_role("link", name=case.number).click()
    page.wait_for_load_state()
    # The platform found the late upload (W06); departing from it needs a reason.
    assert "平台" in page.locator("#item-W06").inner_text()
    page.locator("input[name='W06-value']").fill("0")
    page.locator("input[name='N02-value']").fill("2")
    page.locator("input[name='N02-note']").fill("现场检查笔录未记载检查起止时间。")
    page.locator("#record-evaluation").click()
    page.wait_for_load_state()
    assert "音像记录未按规定及时上传归档" in page.locator("#supervision-error").inner_text()
    page.locator("input[name='W06-reason']").fill("迟延上传系设备故障，已书面说明。")
    page.locator("#record-evaluation").click()
    page.wait_for_load_state()
    assert page.locator("#evaluation-grade").inner_text() == "优秀"
    assert page.locator("#evaluation-score").inner_text().startswith("98")
    row = Evaluation.objects.get()
    assert row.checks["W06"]["reason"] and row.state == Evaluation.State.DONE
    campaign = EvaluationCampaign.objects.get()
    page.goto(f"{base}/workbench/supervision/evaluations/{campaign.pk}/")
    with page.expect_response(lambda r: r.url.endswith("report.pdf")) as response:
        page.locator("#round-report").click()
    assert response.value.headers["content-type"] == "application/pdf"
