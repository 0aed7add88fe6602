"""The staff workbench: shell, home tasks, scoped register pages (permissions as querysets)."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.org import actions


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# ------------------------------------------------------------------------------ the shell


def test_header_shows_platform_user_body_and_roles(client_for, officer_user_a):
    html = page(client_for(officer_user_a), "/workbench/")
    assert "行政执法“三项制度”工作平台" in html
    assert officer_user_a.get_full_name() in html
    assert officer_user_a.body.name in html
    assert "执法人员" in html


@pytest.mark.parametrize(("persona", "shown", "hidden"), [
    ("officer_user_a", ["执法人员", "执法主体"], ["审核人员配比", "数据导入", "系统管理"]),
    ("reviewer_user_a", ["审核人员配比"], ["数据导入", "系统管理"]),
    ("head_user_a", ["审核人员配比"], ["数据导入", "系统管理"]),
    ("clerk_user_a", ["执法主体"], ["审核人员配比", "数据导入"]),
    ("supervisor_user", ["审核人员配比"], ["数据导入", "系统管理"]),
    ("admin_user", ["审核人员配比", "数据导入", "系统管理"], []),
])
def test_menu_follows_the_role(request, client_for, persona, shown, hidden):
    html = page(client_for(request.getfixturevalue(persona)), "/workbench/")
    nav = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    for label in shown:
        assert label in nav, (persona, label)
    for label in hidden:
        assert label not in nav, (persona, label)
    # Features not built yet are not offered as dead links.
    for label in ("审核队列", "公示管理", "监督看板"):
        assert label not in nav


# ------------------------------------------------------------------------------ home page


def test_officer_home_shows_body_and_valid_certificate(client_for, officer_user_a):
    html = page(client_for(officer_user_a), "/workbench/")
    body = officer_user_a.body
    assert body.name in html and body.credit_code in html
    assert "13010201001" in html
    assert "可以从事执法活动" in html


def test_officer_home_shows_why_an_expired_certificate_blocks_R_ORG_03(
        client_for, officer_user_a):
    today = timezone.localdate()
    officer = officer_user_a.officer
    certificate = officer.certificates.get()
    actions.cancel_certificate(certificate=certificate, acting_user=None, on=today,
                               reason="证件遗失")
    html = page(client_for(officer_user_a), "/workbench/")
    assert "不能从事执法活动" in html
    assert "13010201001" in html and "注销" in html


def test_officer_home_has_no_oversight_tasks(client_for, officer_user_a):
    html = page(client_for(officer_user_a), "/workbench/")
    assert "今天没有需要处理的事项" in html
    assert "节假日安排" not in html


def test_head_sees_body_below_reviewer_ratio_R_ORG_05(client_for, head_user_a, officer_a1):
    html = page(client_for(head_user_a), "/workbench/")
    assert "1 个执法主体法制审核人员不足" in html
    assert head_user_a.body.name in html


def test_head_sees_no_shortfall_once_a_reviewer_is_staffed_R_ORG_05(
        client_for, head_user_a, officer_a1, reviewer_officer_a):
    html = page(client_for(head_user_a), "/workbench/")
    assert "法制审核人员不足" not in html


def test_supervisor_sees_shortfalls_across_the_jurisdiction_R_ORG_05(
        client_for, supervisor_user, officer_a1, officer_b1):
    html = page(client_for(supervisor_user), "/workbench/")
    assert "2 个执法主体法制审核人员不足" in html


def test_expiring_certificates_are_listed_within_scope(
        client_for, head_user_a, officer_a2, officer_b1):
    today = timezone.localdate()
    for officer, number in ((officer_a2, "13010201777"), (officer_b1, "13010401777")):
        actions.issue_certificate(officer=officer, acting_user=None, number=number,
                                  issued_by="河北省人民政府", issued_on=today - timedelta(days=10),
                                  expires_on=today + timedelta(days=20))
    html = page(client_for(head_user_a), "/workbench/")
    assert "13010201777" in html
    assert "13010401777" not in html  # body B is outside the head's scope


def test_missing_holiday_year_is_announced_to_administrators_R_CAL_01(client_for, admin_user):
    from sanxiang.calendar import workdays

    today = timezone.localdate()
    missing = workdays.unknown_years([today.year, today.year + 1])
    html = page(client_for(admin_user), "/workbench/")
    for year in missing:
        assert f"尚未导入 {year} 年节假日安排，期限计算将标注为暂定" in html
    if missing:
        assert f'href="{reverse("admin:core_calendaryear_load")}"' in html


def test_loaded_holiday_year_is_no_longer_announced_R_CAL_01(client_for, admin_user):
    from sanxiang.calendar import workdays
    from sanxiang.core.actions import load_calendar_year

    year = timezone.localdate().year + 1
    if not workdays.unknown_years([year]):
        pytest.skip(f"the calendar package already covers {year}")
    load_calendar_year(acting_user=None, text=f"""
year = {year}
source = "国务院办公厅关于{year}年部分节假日安排的通知"

[[holiday]]
name = "元旦"
from = {year}-01-01
to = {year}-01-01
""")
    assert f"尚未导入 {year} 年" not in page(client_for(admin_user), "/workbench/")


def test_head_without_admin_rights_is_told_whom_to_ask_R_CAL_01(client_for, head_user_a):
    from sanxiang.calendar import workdays

    today = timezone.localdate()
    if not workdays.unknown_years([today.year + 1]):
        pytest.skip("no year is missing")
    html = page(client_for(head_user_a), "/workbench/")
    assert "请联系系统管理员导入" in html
    assert "calendaryear" not in html


# ------------------------------------------------------------------------------ scope


@pytest.mark.parametrize("url_of", [
    lambda o: f"/workbench/officers/{o.pk}/",
    lambda o: f"/workbench/bodies/{o.body_id}/",
])
def test_officer_of_body_a_gets_404_for_body_b(client_for, officer_user_a, officer_b1, url_of):
    page(client_for(officer_user_a), url_of(officer_b1), status=404)


def test_officer_sees_own_body_records(client_for, officer_user_a, officer_a2):
    client = client_for(officer_user_a)
    assert officer_a2.name in page(client, f"/workbench/officers/{officer_a2.pk}/")
    assert officer_a2.body.name in page(client, f"/workbench/bodies/{officer_a2.body_id}/")


@pytest.mark.parametrize("persona", ["reviewer_user_a", "head_user_a", "clerk_user_a"])
def test_body_staff_are_kept_to_their_body(request, client_for, persona, officer_b1):
    client = client_for(request.getfixturevalue(persona))
    page(client, f"/workbench/officers/{officer_b1.pk}/", status=404)
    assert officer_b1.name not in page(client, "/workbench/officers/")
    assert officer_b1.body.name not in page(client, "/workbench/bodies/")


def test_supervisor_sees_the_jurisdiction(client_for, supervisor_user, officer_a1, officer_b1):
    client = client_for(supervisor_user)
    listing = page(client, "/workbench/officers/")
    assert officer_a1.name in listing and officer_b1.name in listing
    page(client, f"/workbench/officers/{officer_b1.pk}/")


def test_supervisor_outside_the_jurisdiction_sees_nothing(client_for, officer_b1):
    from sanxiang.org.roles import Role

    other = actions.create_user(acting_user=None, username="far_supervisor",
                                password="Far-Away-Password-1", full_name="远方",
                                roles=[Role.SUPERVISOR], jurisdiction="4401")
    client = client_for(other)
    page(client, f"/workbench/officers/{officer_b1.pk}/", status=404)
    assert officer_b1.name not in page(client, "/workbench/officers/")


def test_viewing_an_officer_is_logged(client_for, head_user_a, officer_a1, caplog):
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        page(client_for(head_user_a), f"/workbench/officers/{officer_a1.pk}/")
    records = [r for r in caplog.records if r.name == "sanxiang.access"]
    assert len(records) == 1
    assert records[0].access_subject_type == "org.officer"
    assert records[0].access_subject_id == str(officer_a1.pk)
    assert records[0].access_user_id == head_user_a.pk


# ------------------------------------------------------------------------------ register pages


def test_officer_detail_shows_certificates_inspections_and_status(client_for, admin_user,
                                                                   officer_a1):
    html = page(client_for(admin_user), f"/workbench/officers/{officer_a1.pk}/")
    year = timezone.localdate().year
    assert "13010201001" in html
    assert str(year - 1) in html and "合格" in html
    assert "可以从事执法活动" in html
    assert "安全生产" in html


def test_officer_list_searches_by_name_and_certificate_number(
        client_for, admin_user, officer_a1, officer_a2, officer_b1):
    client = client_for(admin_user)
    html = page(client, "/workbench/officers/?q=张")
    assert officer_a1.name in html and officer_a2.name not in html
    html = page(client, "/workbench/officers/?q=13010401001")
    assert officer_b1.name in html and officer_a1.name not in html
    html = page(client, f"/workbench/officers/?body={officer_a2.body_id}")
    assert officer_a2.name in html and officer_b1.name not in html


def test_officer_list_cannot_be_filtered_into_another_body(client_for, officer_user_a,
                                                            officer_b1):
    html = page(client_for(officer_user_a), f"/workbench/officers/?body={officer_b1.body_id}")
    assert officer_b1.name not in html


def test_officer_list_pages(client_for, admin_user, body_a, fields):
    for number in range(30):
        actions.create_officer(acting_user=None, body=body_a, name=f"测试{number:02d}",
                               post="执法队员", field_codes=["AQSC"], areas="本辖区")
    client = client_for(admin_user)
    first = page(client, "/workbench/officers/")
    assert "测试00" in first and "测试29" not in first
    assert "第 1 页，共 2 页" in first
    assert "测试29" in page(client, "/workbench/officers/?page=2")


def test_reviewer_ratio_page_flags_shortfalls_R_ORG_05(
        client_for, supervisor_user, officer_a1, reviewer_officer_a, officer_b1):
    html = page(client_for(supervisor_user), "/workbench/reviewer-ratio/")
    row_b = html[html.index(officer_b1.body.name) - 200:html.index(officer_b1.body.name)]
    assert 'class="shortfall"' in row_b
    assert "缺 1 名" in html
    assert "50.0%" in html  # body A: one reviewer among two officers
    only = page(client_for(supervisor_user), "/workbench/reviewer-ratio/?shortfall=1")
    assert officer_b1.body.name in only and officer_a1.body.name not in only


def test_body_detail_shows_the_ratio_R_ORG_05(client_for, head_user_a, officer_a1):
    html = page(client_for(head_user_a), f"/workbench/bodies/{head_user_a.body_id}/")
    assert head_user_a.body.credit_code in html
    assert "还需配备 1 名法制审核人员" in html


def test_officer_list_queries_do_not_grow_with_the_page(client_for, admin_user, body_a, fields,
                                                        django_assert_max_num_queries):
    for number in range(25):
        actions.create_officer(acting_user=None, body=body_a, name=f"测试{number:02d}",
                               post="执法队员", field_codes=["AQSC"], areas="本辖区")
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        page(client, "/workbench/officers/")
