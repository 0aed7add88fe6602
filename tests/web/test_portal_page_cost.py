"""The cheaper public pages still say what they said (docs/adr/0035-portal-page-cost.md).

The officer search builds its rows from ``values()`` rows and one query for the
certificates with their stored validity, and the layout's menus, footer and head are
rendered once per process (``{% memo %}``): these tests pin what a visitor reads.
"""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from sanxiang.org import actions
from sanxiang.org.models import Officer
from sanxiang.portal.templatetags import chrome
from sanxiang.workbench.staffing import public_statuses


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def result_facts(html: str) -> list[dict]:
    """Each search result as {title, link, label: value, …} (tags stripped)."""
    results = []
    for item in re.findall(r'<li class="result">(.*?)</li>', html, re.S):
        title = re.search(r'<h3 class="result-title">(.*?)</h3>', item, re.S)[1]
        link = re.search(r'href="([^"]+)"', title)
        facts = {"title": re.sub(r"<[^>]+>", "", title).strip(),
                 "link": link[1] if link else None}
        for label, value in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", item, re.S):
            facts[label] = re.sub(r"<[^>]+>", "", value).strip()
        results.append(facts)
    return results


def test_officer_result_shows_every_public_fact_R_ORG_06(client, officer_a1):
    [facts] = result_facts(html_of(client, "/officers/?q=13010201001"))
    assert facts == {
        "title": "张伟", "link": "/officers/13010201001/",
        "执法主体": officer_a1.body.name, "岗位（职务）": "执法队员", "执法证号": "13010201001",
        # The officer's categories in the order of their codes (AQSC, YJGL).
        "执法类别": "安全生产、应急管理", "执法区域": "本辖区", "执法证": "今日有效",
    }


def test_officer_without_certificate_has_no_link_and_is_not_valid_R_ORG_06(client, body_a,
                                                                          fields):
    actions.create_officer(acting_user=None, body=body_a, name="赵无证", post="协管员",
                           field_codes=["SCJG"], areas="城区")
    [facts] = result_facts(html_of(client, "/officers/?q=赵无"))
    assert facts == {"title": "赵无证", "link": None, "执法主体": body_a.name,
                     "岗位（职务）": "协管员", "执法证号": "—", "执法类别": "市场监管",
                     "执法区域": "城区", "执法证": "今日无效"}


def test_cancelled_certificate_shows_in_results_as_not_valid_R_ORG_06(client, officer_a1):
    actions.cancel_certificate(certificate=officer_a1.certificates.get(), acting_user=None,
                               on=timezone.localdate(), reason="证件遗失")
    [facts] = result_facts(html_of(client, f"/officers/?body={officer_a1.body.credit_code}"))
    assert facts["执法证号"] == "13010201001" and facts["执法证"] == "今日无效"
    assert facts["link"] == "/officers/13010201001/"


def test_results_show_the_current_of_several_certificates_R_ORG_06(client, officer_a1):
    today = timezone.localdate()
    actions.issue_certificate(officer=officer_a1, acting_user=None, number="13010209999",
                              issued_by="河北省人民政府", issued_on=today - timedelta(days=1),
                              expires_on=today + timedelta(days=4000))
    [facts] = result_facts(html_of(client, "/officers/?q=张伟"))
    # The live certificate running longest is the one shown (workbench.staffing).
    assert facts["执法证号"] == "13010209999"
    assert facts["link"] == "/officers/13010209999/"


def test_public_statuses_read_certificates_and_validity_in_one_query(
        officer_a1, officer_a2, officer_b1, django_assert_num_queries):
    today = timezone.localdate()
    actions.cancel_certificate(certificate=officer_a2.certificates.get(), acting_user=None,
                               on=today, reason="证件遗失")
    officers = [Officer(pk=o.pk) for o in (officer_a1, officer_a2, officer_b1)]
    with django_assert_num_queries(1):
        statuses = public_statuses(officers, today)
    assert {pk: (s.valid, s.certificate.number) for pk, s in statuses.items()} == {
        officer_a1.pk: (True, "13010201001"), officer_a2.pk: (False, "13010201002"),
        officer_b1.pk: (True, "13010401001")}
    # The same answer when the caller prefetched the certificates.
    prefetched = list(Officer.objects.filter(pk__in=statuses).prefetch_related("certificates"))
    again = public_statuses(prefetched, today)
    assert {pk: (s.valid, s.certificate.pk) for pk, s in again.items()} == {
        pk: (s.valid, s.certificate.pk) for pk, s in statuses.items()}


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_remembered_menu_still_marks_the_page_shown(client):
    chrome.forget()
    officers = html_of(client, "/officers/")
    bodies = html_of(client, "/bodies/")
    current = re.compile(r'<a href="([^"]+)" aria-current="page">')
    assert current.findall(officers) == ["/officers/"]
    assert current.findall(bodies) == ["/bodies/"]
    # Twice over: the second time from the kept fragments, the same.
    assert current.findall(html_of(client, "/officers/")) == ["/officers/"]
    for html in (officers, bodies):
        assert 'href="/static/' in html and "跳到主要内容" in html
        assert "工作人员登录" in html and 'aria-label="公示平台菜单"' in html


@override_settings(DEBUG=False)
def test_workbench_keeps_its_own_header_and_menu(client, client_for, officer_user_a):
    chrome.forget()
    html_of(client, "/")  # the portal's fragments are kept first
    html = html_of(client_for(officer_user_a), "/workbench/")
    assert '<a class="site-name" href="/workbench/">行政执法“三项制度”工作平台</a>' in html
    assert 'aria-label="公示平台菜单"' not in html
