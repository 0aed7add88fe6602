"""Lists people expect (issue 11, item 7): the case list filters by procedure, state,
officer, body, date and overdue and exports to Excel; the review queue exports; every issued
document has a print link; workbench pages carry breadcrumbs."""

import io

import pytest
from cases.factories import make_case
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(body_a, officer_a1, officer_a2):
    late = make_case(body_a, [officer_a1, officer_a2], days_ago=120, title="逾期未决定案")
    fresh = make_case(body_a, [officer_a2, officer_a1], days_ago=3, title="新立案件案")
    return late, fresh


def numbers(response):
    return [case.number for case in response.context["cases"]]


def test_case_list_filters_R_CASE_05(client_for, head_user_a, two_cases):
    late, fresh = two_cases
    client = client_for(head_user_a)
    url = reverse("cases:list")
    assert set(numbers(client.get(url))) == {late.number, fresh.number}
    assert numbers(client.get(url, {"overdue": "on"})) == [late.number]
    assert numbers(client.get(url, {"opened_from": fresh.opened_on.isoformat()})) == [
        fresh.number]
    assert numbers(client.get(url, {"opened_to": late.opened_on.isoformat()})) == [late.number]
    lead = fresh.lead_officer.name
    assert numbers(client.get(url, {"officer": lead})) == [fresh.number, late.number]
    assert numbers(client.get(url, {"officer": "无此人"})) == []
    assert numbers(client.get(url, {"procedure": "licence"})) == []
    assert numbers(client.get(url, {"state": "closed"})) == []
    # A body outside the user's scope lists nothing rather than everything.
    assert numbers(client.get(url, {"body": "999999"})) == []


def test_case_list_exports_the_filtered_cases_to_excel(client_for, head_user_a, two_cases):
    late, _fresh = two_cases
    response = client_for(head_user_a).get(reverse("cases:export_list"), {"overdue": "on"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "案件编号"
    assert [row[0] for row in rows[1:]] == [late.number]
    assert rows[1][2] == "行政处罚一般程序"


def test_case_list_offers_export_and_breadcrumbs(client_for, officer_user_a, two_cases):
    page = client_for(officer_user_a).get(reverse("cases:list")).content.decode()
    assert reverse("cases:export_list") in page and "导出 Excel" in page
    detail = client_for(officer_user_a).get(
        reverse("cases:detail", args=[two_cases[0].pk])).content.decode()
    assert 'class="breadcrumbs' in detail
    assert f'href="{reverse("cases:list")}"' in detail.split('class="breadcrumbs')[1][:600]


def test_review_queue_exports_to_excel(client_for, head_user_a):
    response = client_for(head_user_a).get(reverse("review:queue"), {"tab": "all",
                                                                     "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert next(sheet.iter_rows(values_only=True))[0] == "案件编号"


def test_publication_list_filters_and_exports(client_for, clerk_user_a):
    client = client_for(clerk_user_a)
    page = client.get(reverse("disclosure:queue"), {"overdue": "on"})
    assert page.status_code == 200 and "只看超期" in page.content.decode()
    response = client.get(reverse("disclosure:queue"), {"overdue": "on", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert "执法主体" in header and len(list(sheet.iter_rows())) == 1
