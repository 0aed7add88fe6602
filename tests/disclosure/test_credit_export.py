"""The 双公示 export (R-PUB-08): the national field order, 万元, the party categories, the
masking of natural persons' ID numbers and the validation report.

Cases are driven to their decision through the case engine; the publication is made and
approved through ``disclosure.actions``. The helpers here are shared by the statistics and
overdue tests.
"""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case, party_company, party_person
from django.test import override_settings
from django.urls import include, path, reverse

from sanxiang import urls as project_urls
from sanxiang.calendar import workdays
from sanxiang.cases.models import Case
from sanxiang.core import clock
from sanxiang.disclosure import actions as publication
from sanxiang.disclosure import credit_export
from sanxiang.disclosure.models import Disclosure


def _mounted(prefix: str) -> bool:
    return any(str(p.pattern) == prefix for p in project_urls.urlpatterns)


# The project mounts these once the lead wires them; until then the tests do.
urlpatterns = list(project_urls.urlpatterns)
if not _mounted("workbench/publication/"):
    urlpatterns.insert(0, path("workbench/publication/",
                               include("sanxiang.disclosure.report_urls")))
if not _mounted("statistics/"):
    urlpatterns.insert(0, path("statistics/", include("sanxiang.disclosure.stats_public_views")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


# --------------------------------------------------------------------------------------
# Shared helpers


def decide_penalty(body, officers, *, decided_ago=30, fine="5000", party=None,
                   kinds=("fine",), user=None,
                   facts="当事人未按规定对重大危险源进行安全评估。"):
    """A general-procedure penalty case decided ``decided_ago`` days ago."""
    start = decided_ago + 30
    case = make_case(body, officers, acting_user=user, days_ago=start, party=party)
    step(case, "open", on=ago(start), user=user)
    step(case, "investigate", on=ago(start - 5), to="investigation_report", user=user,
         data={"summary": "现场检查发现未对重大危险源进行安全评估。"})
    step(case, "investigation_report", on=ago(start - 10), to="notify", user=user,
         data={"proposed_kinds": list(kinds), "proposed_fine": fine, "summary": "建议罚款。"})
    step(case, "notify", on=ago(decided_ago + 15), to="statement", user=user,
         data={"notified_kinds": list(kinds), "notified_fine": fine,
               "served_on": ago(decided_ago + 15)})
    step(case, "statement", on=ago(decided_ago + 14), to="decide", data={"waived": True},
         user=user)
    step(case, "decide", on=ago(decided_ago), user=user,
         data={"decided_kinds": list(kinds), "decided_fine": fine,
               "legal_basis": "《中华人民共和国安全生产法》第九十七条第一项",
               "facts": facts})
    case.refresh_from_db()
    return case


def disclosure_of(case) -> Disclosure:
    """The decision's disclosure: made by the decision (the engine calls
    ``publication.on_decision``); made here through the same action until that is wired."""
    found = Disclosure.objects.filter(case=case).order_by("-id").first()
    if found is None:
        record = case.steps.filter(step="decide").order_by("-seq").first()
        found = publication.on_decision(case=case, record=record, acting_user=None)
    return found


def publish(case, clerk, *, on=None) -> Disclosure:
    disclosure = disclosure_of(case)
    with clock.replaying(on or disclosure.decided_on):
        return publication.approve_and_publish(acting_user=clerk, disclosure=disclosure)


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))


# --------------------------------------------------------------------------------------
# Formatting


def test_amounts_in_wan_yuan_with_six_decimals_R_PUB_08():
    assert credit_export.wan_yuan(Decimal("12345.67")) == "1.234567"
    assert credit_export.wan_yuan("5000") == "0.500000"
    assert credit_export.wan_yuan("0.05") == "0.000005"
    assert credit_export.wan_yuan(None) == ""


def test_columns_in_the_national_order_R_PUB_08():
    columns = credit_export.PENALTY_COLUMNS
    assert columns[:3] == ("行政相对人名称", "行政相对人类别", "统一社会信用代码")
    assert columns.index("行政处罚决定书文号") == 13
    assert columns[-4:] == ("处罚机关统一社会信用代码", "数据来源单位",
                            "数据来源单位统一社会信用代码", "备注")
    assert columns.index("罚款金额（万元）") + 1 == columns.index(
        "没收违法所得、没收非法财物的金额（万元）")
    assert len(columns) == 30
    licence = credit_export.LICENCE_COLUMNS
    assert licence[13:16] == ("行政许可决定文书名称", "行政许可决定文书号", "许可类别")
    assert "当前状态" in licence and licence[-1] == "备注"


def test_natural_person_id_masked_unless_platform_requires_it_R_PUB_08():
    assert credit_export.mask_id_number("130139199001010034") == "130139********0034"


# --------------------------------------------------------------------------------------
# The export


@pytest.fixture
def published_penalty(body_a, officers, clerk_user_a):
    case = decide_penalty(body_a, officers, fine="12345.67",
                          facts="当事人未对重大危险源进行安全评估，证人孙某（电话13912345678）证实。")
    publish(case, clerk_user_a)
    return case


def test_penalty_export_csv_row_R_PUB_08(published_penalty, body_a, clerk_user_a, client_for):
    response = client_for(clerk_user_a).get(
        reverse("disclosure_reports:export_download", args=["penalty", "csv"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == list(credit_export.PENALTY_COLUMNS)
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    party = published_penalty.parties.get()
    disclosure = disclosure_of(published_penalty)
    assert row["行政相对人名称"] == party.name
    assert row["行政相对人类别"] == "法人及非法人组织"
    assert row["统一社会信用代码"] == party.id_number
    assert row["法定代表人"] == party.legal_representative
    assert row["行政处罚决定书文号"] == disclosure.document_number != ""
    assert row["处罚类别"] == "罚款"
    assert row["罚款金额（万元）"] == "1.234567"
    assert row["处罚决定日期"] == disclosure.decided_on.strftime("%Y/%m/%d")
    assert row["公示截止期"] == (disclosure.public_until.strftime("%Y/%m/%d")
                                 if disclosure.public_until else "")
    assert row["处罚机关"] == body_a.name
    assert row["处罚机关统一社会信用代码"] == body_a.credit_code
    assert row["数据来源单位统一社会信用代码"] == body_a.credit_code
    assert "第九十七条" in row["处罚依据"]
    # The facts leave masked, as the published decision does (R-PUB-05).
    assert "重大危险源" in row["违法事实"] and "13912345678" not in row["违法事实"]


def test_excel_and_json_carry_the_same_columns_R_PUB_08(published_penalty, clerk_user_a,
                                                        client_for):
    from openpyxl import load_workbook

    client = client_for(clerk_user_a)
    response = client.get(reverse("disclosure_reports:export_download",
                                  args=["penalty", "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert list(values[0]) == list(credit_export.PENALTY_COLUMNS)
    assert values[1][credit_export.PENALTY_COLUMNS.index("罚款金额（万元）")] == "1.234567"

    response = client.get(reverse("disclosure_reports:export_download",
                                  args=["penalty", "json"]))
    records = json.loads(b"".join(response.streaming_content))
    assert len(records) == 1
    assert list(records[0]) == list(credit_export.PENALTY_COLUMNS)
    assert records[0]["行政相对人类别"] == "法人及非法人组织"


def test_natural_person_category_and_masked_id_R_PUB_08(body_a, officers, clerk_user_a):
    person = party_person(seq=5)
    case = decide_penalty(body_a, officers, fine="150", party=person)
    publish(case, clerk_user_a)
    queryset = credit_export.exportable("penalty")
    [row] = list(credit_export.rows("penalty", queryset))
    record = dict(zip(credit_export.PENALTY_COLUMNS, row, strict=True))
    assert record["行政相对人类别"] == "自然人"
    assert record["统一社会信用代码"] == ""
    assert record["证件类型"] == "身份证"
    assert record["证件号码"] != person["id_number"]
    assert record["证件号码"][-4:] == person["id_number"][-4:]
    assert record["罚款金额（万元）"] == "0.015000"
    with override_settings(SANXIANG_CREDIT_EXPORT_PERSON_IDS=True):
        [row] = list(credit_export.rows("penalty", queryset))
    assert row[credit_export.PENALTY_COLUMNS.index("证件号码")] == person["id_number"]


def test_only_published_decisions_exported_R_PUB_08(body_a, officers, clerk_user_a):
    published = decide_penalty(body_a, officers, decided_ago=40)
    publish(published, clerk_user_a)
    pending = decide_penalty(body_a, officers, decided_ago=20,
                             party=party_company(seed=11, name="滹阳县鑫盛物流有限公司"))
    disclosure_of(pending)
    names = [row[0] for row in credit_export.rows("penalty", credit_export.exportable("penalty"))]
    assert names == [published.parties.get().name]


def test_validation_report_lists_unexportable_records_R_PUB_08(
        body_a, officers, clerk_user_a, client_for):
    good = decide_penalty(body_a, officers, decided_ago=40)
    publish(good, clerk_user_a)
    bad = decide_penalty(body_a, officers, decided_ago=20,
                         party=party_company(seed=12, name="滹阳县鑫盛物流有限公司"))
    disclosure = publish(bad, clerk_user_a)
    # A record imported from an older system, without a code or a number.
    Disclosure.objects.filter(pk=disclosure.pk).update(party_code="", document_number="")
    good_count, rejected = credit_export.validation_report(
        "penalty", credit_export.exportable("penalty"))
    assert good_count == 1
    [item] = rejected
    assert item.disclosure.pk == disclosure.pk
    assert {p.code for p in item.reasons} == {"credit_code_missing", "number_missing"}
    Disclosure.objects.filter(pk=disclosure.pk).update(party_code="91130139MA0000000X",
                                                       document_number="X")
    [item] = credit_export.validation_report("penalty", credit_export.exportable("penalty"))[1]
    assert [p.code for p in item.reasons] == ["credit_code_invalid"]

    page = client_for(clerk_user_a).get(reverse("disclosure_reports:export"))
    assert page.status_code == 200
    assert "滹阳县鑫盛物流有限公司" in page.content.decode()


def test_export_scoped_to_the_users_bodies_R_PUB_08(published_penalty, officer_b1, client_for,
                                                    officer_user_b, body_b):
    from conftest import _user

    from sanxiang.org.roles import Role

    clerk_b = _user("clerk_b", "王芳", [Role.CLERK], body=body_b)
    response = client_for(clerk_b).get(
        reverse("disclosure_reports:export_download", args=["penalty", "csv"]))
    assert len(csv_rows(response)) == 1  # the header only
    assert client_for(officer_user_b).get(
        reverse("disclosure_reports:export")).status_code == 403


def test_due_date_is_seven_working_days_after_the_decision_R_PUB_04(published_penalty):
    disclosure = disclosure_of(published_penalty)
    assert disclosure.due_on == workdays.add_workdays(disclosure.decided_on, 7).date
    assert disclosure.decided_on == Case.objects.get(pk=published_penalty.pk).decided_on
    assert disclosure.due_on - disclosure.decided_on >= timedelta(days=7)


# --------------------------------------------------------------------------------------
# Licences


def decide_licence(body, officers, *, decided_ago=10, party=None):
    from sanxiang.cases.document_actions import issue_document

    case = make_case(body, officers, procedure="licence", days_ago=decided_ago + 5,
                     title="危险化学品经营许可申请", party=party or party_company(
                         seed=41, name="滹阳县安泰化工贸易有限公司"))
    step(case, "apply", on=ago(decided_ago + 5), data={"matter": "危险化学品经营许可证"})
    step(case, "accept", on=ago(decided_ago + 4), to="examine")
    step(case, "examine", on=ago(decided_ago + 2), to="decide",
         data={"summary": "申请材料齐全，符合法定条件。"})
    issue_document(acting_user=None, case=case, doc_type="licence_grant_decision",
                   issued_on=ago(decided_ago), data={"summary": "准予行政许可。"})
    step(case, "decide", on=ago(decided_ago), to="issue_certificate",
         data={"summary": "准予行政许可。"})
    step(case, "issue_certificate", on=ago(decided_ago - 1),
         data={"certificate_number": "冀（石）危化经字〔2026〕000123"})
    case.refresh_from_db()
    return case


def test_licence_without_its_category_is_reported_not_exported_R_PUB_08(
        body_a, officers, clerk_user_a):
    case = decide_licence(body_a, officers)
    disclosure = publish(case, clerk_user_a)
    assert disclosure.category == Disclosure.Category.LICENCE
    queryset = credit_export.exportable("licence")
    good, [rejected] = credit_export.validation_report("licence", queryset)
    assert good == 0
    # The licence step records no 许可类别 yet: the clerk is told, the platform is not sent
    # a guess.
    assert "licence_category_missing" in {p.code for p in rejected.reasons}
    assert list(credit_export.rows("licence", queryset)) == []
    # The rest of the row is built from what the steps recorded.
    row = dict(zip(credit_export.LICENCE_COLUMNS, credit_export.licence_row(disclosure),
                   strict=True))
    assert row["行政相对人类别"] == "法人及非法人组织"
    assert row["许可编号"] == "冀（石）危化经字〔2026〕000123"
    assert row["许可决定日期"] == disclosure.decided_on.strftime("%Y/%m/%d")
    assert row["当前状态"] == "有效"
    assert row["许可机关统一社会信用代码"] == body_a.credit_code
    assert row["许可类别"] == ""
    assert credit_export._licence_category({"licence_category": "general"}) == "普通"
