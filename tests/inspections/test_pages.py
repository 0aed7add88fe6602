"""Workbench and public pages of random inspections (R-PUB-10, R-INS-03 … R-INS-06)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanxiang.inspections import actions, drawing
from sanxiang.inspections.models import Draw, Result, Target, Task
from sanxiang.inspections.verify import main as verify_main

from .test_directories import workbook


def drawn(task, seed="12345"):
    draw = actions.publish_lists(acting_user=None, task=task)
    return actions.enter_seed(acting_user=None, draw=draw, seed=seed, witness="县公证处 刘公证员")


@pytest.fixture
def made(make_task, directory, inspectors_a):
    return drawn(make_task(ratio=20))


def test_public_draw_page_without_login_R_PUB_10(made):
    response = Client().get(reverse("inspection_portal:draw", args=[made.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert made.lists_digest in text and made.seed in text and "刘公证员" in text
    assert "inspections/draw.js" in text and 'id="verify-button"' in text
    assert '用 <code class="command">sanxiang verify-draw draw.json</code> 命令离线复算' in text
    first = made.assignments.order_by("position").first()
    assert first.target.name in text


def test_public_task_index_and_results_R_PUB_10(made, officer_user_a, inspectors_a):
    client = Client()
    assert made.task.title in client.get(reverse("inspection_portal:index")).content.decode()
    page = client.get(reverse("inspection_portal:task", args=[made.task.pk])).content.decode()
    assert "AQ-SJ-001" in page and "第六十五条" in page
    assignment = made.assignments.filter(assigned__officer=inspectors_a[0]).first()
    result = actions.record_result(acting_user=officer_user_a, assignment=assignment,
                                   body=made.task.body, category="no_problem",
                                   method="on_site", follow_up="none",
                                   inspected_on=timezone.localdate())
    results_url = reverse("inspection_portal:results")
    assert assignment.target.name not in client.get(results_url).content.decode()
    actions.publish_result(acting_user=None, result=result)
    assert assignment.target.name in client.get(results_url).content.decode()
    api = client.get("/api/inspections/results").json()
    assert api[0]["object"] == assignment.target.name


def test_draft_task_is_not_public_R_PUB_10(make_task):
    task = make_task()
    assert Client().get(reverse("inspection_portal:task", args=[task.pk])).status_code == 404


def test_api_draw_file_verifies_offline_R_INS_03(made, tmp_path, capsys):
    response = Client().get(f"/api/inspections/draws/{made.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["lists_digest"] == made.lists_digest and data["seed"] == made.seed
    assert drawing.verify(data) == []
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert verify_main([str(path)]) == 0
    data["seed"] = "54321"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert verify_main([str(path)]) == 1
    assert "不一致" in capsys.readouterr().out


def test_superseded_draw_stays_public_R_INS_03(made):
    second = actions.redraw(acting_user=None, draw=made, reason="名录数据有误")
    client = Client()
    old = client.get(reverse("inspection_portal:draw", args=[made.pk])).content.decode()
    assert "名录数据有误" in old
    new = client.get(reverse("inspection_portal:draw", args=[second.pk])).content.decode()
    assert "名录数据有误" in new
    assert client.get(f"/api/inspections/draws/{made.pk}").json()["state"] == "superseded"


def test_scan_page_shows_inspectors_and_takes_reports_R_INS_03(made):
    assignment = made.assignments.first()
    client = Client()
    url = reverse("inspection_portal:scan", args=[assignment.scan_code])
    page = client.get(url).content.decode()
    for assigned in assignment.assigned.all():
        assert assigned.certificate_number in page
    assert "AQ-SJ-001" in page and "第六十五条" in page
    response = client.post(url, {"reporter": "滹阳县第1化工有限公司",
                                 "content": "有人自称检查人员"})
    assert response.status_code == 302
    assert assignment.reports.count() == 1
    assert client.get(reverse("inspection_portal:scan", args=["nope"])).status_code == 404


def test_workbench_flow_for_the_head_R_INS_02(client_for, head_user_a, directory, inspectors_a,
                                              inspection_items, fields):
    client = client_for(head_user_a)
    assert client.get(reverse("inspections:home")).status_code == 200
    response = client.post(reverse("inspections:plan_new"), {
        "year": timezone.localdate().year, "title": "年度双随机抽查计划", "planned_tasks": 2,
        "planned_objects": 10, "content": "全年开展两次抽查"})
    assert response.status_code == 302
    today = timezone.localdate()
    response = client.post(reverse("inspections:task_new"), {
        "title": "工贸企业抽查", "field": "AQSC", "items": ["AQ-SJ-001"],
        "filter_kind": "undirected", "ratio": "10", "per_object": 2,
        "starts_on": today.isoformat(), "ends_on": today.isoformat(),
        "seed_source": "见证人摇号"})
    assert response.status_code == 302, response.content.decode()
    task = Task.objects.get(title="工贸企业抽查")
    client.post(reverse("inspections:publish_lists", args=[task.pk]))
    draw = Draw.objects.get(task=task)
    # The seed left blank: the task page again with the witness typed (ADR 0065), no draw.
    refused = client.post(reverse("inspections:enter_seed", args=[draw.pk]),
                          {"seed": "  ", "witness": "县公证处李某"})
    assert refused.status_code == 422 and "县公证处李某" in refused.content.decode()
    draw.refresh_from_db()
    assert draw.state == Draw.State.PUBLISHED
    client.post(reverse("inspections:enter_seed", args=[draw.pk]),
                {"seed": "8 8 8", "witness": "公证员"})
    draw.refresh_from_db()
    assert draw.state == Draw.State.DRAWN
    page = client.get(reverse("inspections:task", args=[task.pk])).content.decode()
    assert draw.assignments.first().target.name in page
    board = client.get(reverse("inspections:supervision")).content.decode()
    assert "年度双随机抽查计划" not in board or "%" in board


def test_task_form_refusal_is_chinese_not_500_R_INS_02(client_for, head_user_a,
                                                       inspection_items, fields):
    client = client_for(head_user_a)
    today = timezone.localdate()
    response = client.post(reverse("inspections:task_new"), {
        "title": "定向抽查", "field": "AQSC", "items": ["AQ-SJ-001"],
        "filter_kind": "directed", "ratio": "10", "per_object": 2,
        "starts_on": today.isoformat(), "ends_on": today.isoformat(), "seed_source": "摇号"})
    assert response.status_code == 200
    assert "定向抽查至少应设定一个条件" in response.content.decode()


def test_import_page_lists_row_errors_R_INS_01(client_for, admin_user):
    client = client_for(admin_user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = workbook([["企业", "", "", "", "", "130102", "", "", "", ""]])
    response = client.post(reverse("inspections:import"), {
        "file": SimpleUploadedFile("t.xlsx", data)})
    text = response.content.decode()
    assert response.status_code == 200 and "第 2 行" in text


def test_result_recording_page_R_INS_04(client_for, officer_user_a, made, inspectors_a):
    assignment = made.assignments.filter(assigned__officer=inspectors_a[0]).first()
    client = client_for(officer_user_a)
    url = reverse("inspections:assignment", args=[assignment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"category": "pending", "method": "on_site",
                                 "follow_up": "correction",
                                 "inspected_on": timezone.localdate().isoformat(),
                                 "findings": "消防通道堵塞"})
    assert response.status_code == 302
    result = Result.objects.get()
    response = client.post(reverse("inspections:open_case", args=[result.pk]),
                           {"title": "堵塞消防通道案", "facts": "抽查发现"})
    result.refresh_from_db()
    assert result.case is not None


def test_report_without_a_code_R_INS_03(db):
    client = Client()
    url = reverse("inspection_portal:report")
    assert "未在平台登记的检查" in client.get(url).content.decode()
    assert client.post(url, {"reporter": "某企业", "content": "无检查码的检查"}).status_code == 302
    page = client.post(url, {"reporter": "", "content": ""}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page


def test_cli_draw_verify_alias_R_INS_03(made, tmp_path):
    from sanxiang import cli

    path = tmp_path / "draw.json"
    path.write_text(json.dumps(Client().get(f"/api/inspections/draws/{made.pk}").json(),
                               ensure_ascii=False), encoding="utf-8")
    assert cli.main(["draw", "verify", str(path)]) == 0
    assert cli.main(["verify-draw", str(path)]) == 0
    assert cli.main(["verify-draw", str(tmp_path / "missing.json")]) == 2


@pytest.mark.parametrize("persona", ["officer_user_a", "head_user_a", "clerk_user_a",
                                     "supervisor_user", "admin_user"])
def test_every_persona_opens_the_pages_R_INS_06(request, persona, client_for, made):
    client = client_for(request.getfixturevalue(persona))
    for name in ("home", "directory", "inspectors", "supervision"):
        assert client.get(reverse(f"inspections:{name}")).status_code == 200, name
    task_url = reverse("inspections:task", args=[made.task.pk])
    # Body A's task: visible to its staff and the supervisor of the region.
    assert client.get(task_url).status_code == 200


def test_other_body_cannot_see_the_task_R_INS_02(client_for, officer_user_b, made):
    client = client_for(officer_user_b)
    assert client.get(reverse("inspections:task", args=[made.task.pk])).status_code == 404
    assignment = made.assignments.first()
    assert client.get(reverse("inspections:assignment", args=[assignment.pk])).status_code == 404


def test_supervision_board_counts_plan_vs_done_R_INS_06(client_for, supervisor_user, made):
    actions.file_plan(acting_user=None, body=made.task.body, year=timezone.localdate().year,
                      title="年度计划", planned_tasks=2, planned_objects=12)
    page = client_for(supervisor_user).get(reverse("inspections:supervision")).content.decode()
    drawn = made.assignments.count()
    assert "年度计划" not in page or made.task.body.name in page
    assert f"<td>{drawn}</td>" in page


def test_draw_page_names_strata_in_chinese_R_PUB_10(made, make_task):
    """The draw file keys its strata ``ALL``, ``A``…``D`` and ``-``; the public page names
    them: 不分层 for an unstratified draw, the credit-risk class otherwise."""
    text = Client().get(reverse("inspection_portal:draw", args=[made.pk])).content.decode()
    assert "<td>不分层</td>" in text and "<td>ALL</td>" not in text
    by_class = drawn(make_task(title="分级分类抽查",
                               class_ratios={"A": 5, "B": 20, "C": 40, "D": 80}))
    text = Client().get(reverse("inspection_portal:draw", args=[by_class.pk])).content.decode()
    label = str(Target.CreditClass(by_class.assignments.first().stratum).label)
    assert f"<td>{label}</td>" in text and "D 类（信用风险高）：" in text
    assert not any(f"<td>{key}</td>" in text for key in ("A", "B", "C", "D", "-"))


def test_inspection_pages_write_dates_as_officials_do_R_PUB_10(client_for, head_user_a, made,
                                                              officer_user_a, inspectors_a):
    """Dates read 2026年3月5日 on the inspection pages, as on every other page, never
    2026-03-05; the directory says 否 for an object that is not 经营异常 rather than nothing."""
    assignment = made.assignments.filter(assigned__officer=inspectors_a[0]).first()
    result = actions.record_result(acting_user=officer_user_a, assignment=assignment,
                                   body=made.task.body, category="no_problem",
                                   method="on_site", follow_up="none",
                                   inspected_on=timezone.localdate())
    actions.publish_result(acting_user=None, result=result)
    today = timezone.localdate()
    chinese = f"{today.year}年{today.month}月{today.day}日"
    pages = [(Client(), reverse("inspection_portal:index")),
             (Client(), reverse("inspection_portal:results")),
             (client_for(head_user_a), reverse("inspections:home")),
             (client_for(head_user_a), reverse("inspections:directory")),
             (client_for(officer_user_a), reverse("inspections:assignment",
                                                  args=[assignment.pk]))]
    for client, page in pages:
        text = client.get(page).content.decode()
        assert chinese in text, page
        assert today.isoformat() not in text, page
    directory = client_for(head_user_a).get(reverse("inspections:directory")).content.decode()
    assert "<td>否</td>" in directory


def test_too_long_input_is_refused_in_plain_chinese_R_PUB_10(db):
    """A length limit reads 最多填写 100 个字, not Django's “确保该变量包含不超过 100 字符”, and
    the form keeps what was typed."""
    url = reverse("inspection_portal:report")
    page = Client().post(url, {"reporter": "某" * 101, "content": "检查人员未出示证件"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "最多填写 100 个字，现为 101 个字。" in text and "变量" not in text
    assert "检查人员未出示证件" in text


def test_admin_task_and_assignment_pages_read_as_text_R_INS_02(client_for, admin_user,
                                                              make_task, directory,
                                                              inspectors_a):
    """The admin names a task's filter, its class ratios and each assignment's stratum as
    the workbench does: no ``{"industries": …}`` JSON, no ``ALL``."""
    task = make_task(filter_kind="directed", filters={"industries": ["化工"]},
                     class_ratios={"A": 5, "B": 20, "C": 40, "D": 80})
    draw = drawn(task)
    client = client_for(admin_user)
    text = client.get(f"/admin/inspections/task/{task.pk}/change/").content.decode()
    assert "行业：化工" in text and "D 类（信用风险高）：80.00%" in text
    assert "industries" not in text and "&quot;A&quot;" not in text
    assert text.count("行业：化工") == 1
    listing = client.get("/admin/inspections/assignment/").content.decode()
    assignment = draw.assignments.first()
    assert str(Target.CreditClass(assignment.stratum).label) in listing
    plain = drawn(make_task(title="不分层抽查"))
    page = client.get(f"/admin/inspections/assignment/{plain.assignments.first().pk}/change/")
    assert "不分层" in page.content.decode() and ">ALL<" not in page.content.decode()


def test_case_from_a_result_without_cause_keeps_the_facts_typed_R_INS_04(
        client_for, officer_user_a, made, inspectors_a):
    """立案 from a result with the cause left blank (or only spaces): the assignment page
    again, the facts as typed, the message beside the field; no case (ADR 0065)."""
    assignment = made.assignments.filter(assigned__officer=inspectors_a[0]).first()
    client = client_for(officer_user_a)
    client.post(reverse("inspections:assignment", args=[assignment.pk]), {
        "category": "pending", "method": "on_site", "follow_up": "correction",
        "inspected_on": timezone.localdate().isoformat(), "findings": "消防通道堵塞"})
    result = Result.objects.get()
    response = client.post(reverse("inspections:open_case", args=[result.pk]),
                           {"title": "　 ", "facts": "抽查发现二层消防通道堆放纸箱"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "抽查发现二层消防通道堆放纸箱" in body and "此项必填" in body
    assert f'id="open-case-{result.pk}" open' in body
    result.refresh_from_db()
    assert result.case is None


def test_the_task_form_names_each_item_with_its_ratio_as_written_R_INS_02(
        client_for, head_user_a, inspection_items, fields):
    """The walk of ADR 0083 read “AQ-SJ-001 …（5.00%）” among the task's items: the ratio
    as stored; a person writes 5%."""
    page = client_for(head_user_a).get(reverse("inspections:task_new")).content.decode()
    assert "AQ-SJ-001" in page
    assert not re.search(r"（\d+\.\d*0%）", page), re.findall(r"（[\d.]+%）", page)
    assert re.search(r"AQ-SJ-001 [^<（]+（\d+(\.\d*[1-9])?%）", page)
