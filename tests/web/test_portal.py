"""The public portal: no login, only public fields (R-PUB-01, R-ORG-06, R-PUB-03)."""

import pytest
from django.utils import timezone

from sanxiang.org import actions

PRIVATE_PHONE = "13800000000"  # every persona officer's contact phone (tests/conftest.py)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
def test_portal_home_is_public_and_chinese(client):
    html = page(client, "/")
    assert "行政执法公示平台" in html
    for section in ("执法主体", "执法人员查询", "执法事项清单"):
        assert section in html
    assert 'href="/officers/"' in html and 'href="/bodies/"' in html


def test_public_body_list_and_page(client, body_a, body_b):
    html = page(client, "/bodies/")
    assert body_a.name in html and body_b.name in html
    html = page(client, f"/bodies/{body_a.credit_code}/")
    assert body_a.legal_representative in html
    assert body_a.complaint_phone in html
    # Internal fields stay internal.
    assert "编制" not in html and "经费" not in html


@pytest.mark.django_db
def test_unknown_body_is_404(client):
    page(client, "/bodies/000000000000000000/", status=404)


def test_officer_search_by_certificate_number_R_ORG_06(client, officer_a1, officer_b1):
    html = page(client, "/officers/?q=13010201001")
    assert officer_a1.name in html and officer_b1.name not in html
    assert officer_a1.body.name in html
    assert "执法队员" in html and "安全生产" in html and "本辖区" in html
    assert "今日有效" in html
    assert 'href="/officers/13010201001/"' in html
    assert PRIVATE_PHONE not in html


def test_officer_search_by_name_R_ORG_06(client, officer_a1, officer_a2):
    html = page(client, "/officers/?q=张")
    assert officer_a1.name in html and officer_a2.name not in html
    assert PRIVATE_PHONE not in html


def test_officer_search_within_a_body(client, officer_a1, officer_b1):
    html = page(client, f"/officers/?body={officer_b1.body.credit_code}")
    assert officer_b1.name in html and officer_a1.name not in html


def test_officer_search_finds_no_one_for_unknown_number(client, officer_a1):
    html = page(client, "/officers/?q=99999999999")
    assert "未找到" in html and officer_a1.name not in html


def test_officer_search_shows_no_officer_who_left(client, officer_a1):
    actions.officer_leaves(officer=officer_a1, acting_user=None, on=timezone.localdate(),
                           reason="调离")
    assert officer_a1.name not in page(client, "/officers/?q=张")


def test_officer_public_page_R_PUB_03_R_ORG_06(client, officer_a1):
    html = page(client, "/officers/13010201001/")
    assert officer_a1.name in html
    assert officer_a1.body.name in html
    assert "执法队员" in html and "安全生产" in html and "应急管理" in html and "本辖区" in html
    assert "该执法证今日（" in html and "）有效" in html
    # A complaint link to the body, never the officer's own phone.
    assert f'href="tel:{officer_a1.body.complaint_phone}"' in html
    assert PRIVATE_PHONE not in html


def test_cancelled_certificate_page_says_not_valid_R_PUB_03(client, officer_a1):
    certificate = officer_a1.certificates.get()
    actions.cancel_certificate(certificate=certificate, acting_user=None,
                               on=timezone.localdate(), reason="证件遗失")
    html = page(client, "/officers/13010201001/")
    assert "注销，不再有效" in html
    assert "）有效" not in html


@pytest.mark.django_db
def test_unknown_certificate_number_is_404(client):
    page(client, "/officers/NO-SUCH-NUMBER/", status=404)


def test_portal_needs_no_login_and_hides_nothing_public(client, officer_a1):
    for url in ("/", "/bodies/", "/officers/", "/officers/13010201001/"):
        page(client, url)


def test_large_text_toggle_sets_a_cookie_and_returns(client, db):
    response = client.get("/display/text-size/?size=large&next=/bodies/")
    assert response.status_code == 302 and response.url == "/bodies/"
    assert response.cookies["sx_text"].value == "large"
    assert 'class="text-large"' in page(client, "/")
    assert "标准字号" in page(client, "/")
    response = client.get("/display/text-size/?size=normal&next=/")
    assert response.cookies["sx_text"].value == ""
    assert 'class="text-large"' not in page(client, "/")


@pytest.mark.django_db
def test_large_text_toggle_is_no_open_redirect(client):
    response = client.get("/display/text-size/?size=large&next=https://evil.example.com/")
    assert response.url == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/bodies/", "/accounts/login/", "/no-such-page/"])
def test_pages_carry_the_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_workbench_pages_carry_the_content_security_policy(client_for, officer_user_a):
    response = client_for(officer_user_a).get("/workbench/")
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_stylesheet_is_served(client):
    html = page(client, "/")
    assert 'href="/static/sanxiang/site.css"' in html
    response = client.get("/static/sanxiang/site.css")
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)


@pytest.mark.django_db
def test_templates_use_no_inline_script_or_style(client):
    html = page(client, "/")
    assert "<script>" not in html and "<style" not in html and 'style="' not in html


@pytest.mark.django_db
def test_not_found_page_is_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "系统错误" in html and 'lang="zh-Hans"' in html


def test_officer_search_queries_do_not_grow_with_results(client, body_a, fields,
                                                          django_assert_max_num_queries):
    from datetime import timedelta

    today = timezone.localdate()
    for number in range(20):
        officer = actions.create_officer(acting_user=None, body=body_a, name=f"王{number:02d}",
                                         post="执法队员", field_codes=["AQSC"], areas="本辖区")
        actions.issue_certificate(officer=officer, acting_user=None, number=f"1301020{number:04d}",
                                  issued_by="河北省人民政府", issued_on=today - timedelta(days=30),
                                  expires_on=today + timedelta(days=900))
    with django_assert_max_num_queries(12):
        html = page(client, "/officers/?q=王")
    assert html.count("今日有效") == 20


def test_officer_search_pages_by_keyset_without_counting_R_ORG_06(client, body_a, fields,
                                                                   django_assert_max_num_queries):
    import re
    from datetime import timedelta

    today = timezone.localdate()
    for number in range(25):
        officer = actions.create_officer(acting_user=None, body=body_a, name=f"王{number:02d}",
                                         post="执法队员", field_codes=["AQSC"], areas="本辖区")
        actions.issue_certificate(officer=officer, acting_user=None, number=f"1301020{number:04d}",
                                  issued_by="河北省人民政府", issued_on=today - timedelta(days=30),
                                  expires_on=today + timedelta(days=900))
    first = page(client, "/officers/?q=王")
    assert re.findall(r"王\d\d", first)[:20] == [f"王{n:02d}" for n in range(20)]
    cursor = re.search(r'after=(\d+)" rel="next"', first)[1]
    with django_assert_max_num_queries(12):
        second = page(client, f"/officers/?q=王&after={cursor}")
    names = set(re.findall(r"王\d\d", second))
    assert names == {f"王{n:02d}" for n in range(20, 25)}
    assert 'rel="next"' not in second and "第一页" in second
    # A cursor that is not an officer's id is ignored: the first page.
    assert "王00" in page(client, "/officers/?q=王&after=x")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/bodies/", "/officers/", "/catalogues/", "/decisions/",
                                  "/statistics/", "/inspections/", "/ledger/checkpoints/"])
def test_public_pages_answer_head_like_get_without_the_body(client, body_a, path):
    """A link checker, a monitor or ``curl -I`` asks with HEAD: the public pages answer it
    as they answer GET (status and headers), without the body — not 405."""
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == 200, path
    assert head.status_code == 200, path
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
