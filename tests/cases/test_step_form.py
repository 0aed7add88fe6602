"""The step form records the facts first; its documents are issued from it (issue 11).

Through the workbench pages as an officer uses them: the form's facts and the document's own
facts go into the document, a missing fact is refused by name, the entered facts stay on the
page, and the 裁量基准 range of the case's enforcement item is shown beside the amount.
"""

from datetime import date

import pytest
from django.urls import reverse

from sanxiang.catalog import actions as catalog_actions

from .engine_helpers import ago, step
from .factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def _post(client, case, doc_type, **fields):
    case.refresh_from_db()
    data = {"version": case.version, "done_on": ago(20).isoformat(), "issue": doc_type,
            "officers": list(case.case_officers.values_list("officer", flat=True))}
    data.update(fields)
    return client.post(reverse("cases:issue_document", args=[case.pk]), data)


def test_inquiry_record_issued_from_the_step_form_R_AST_03(client_for, officer_user_a,
                                                            officers):
    case = make_case(officers[0].body, officers, days_ago=30)
    step(case, "open", on=ago(30))
    client = client_for(officer_user_a)
    refused = _post(client, case, "inquiry_record",
                    data_summary="现场检查发现未建立培训档案。",
                    doc_inquiry_record__interviewee="赵立新（负责人）",
                    doc_inquiry_record__asked_at=f"{ago(20).isoformat()}T09:30",
                    doc_inquiry_record__doc_place="当事人办公室",
                    doc_inquiry_record__signed="on")
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "询问问答" in page and "R-AST-03" in page
    assert "现场检查发现未建立培训档案。" in page  # the facts entered are kept
    issued = _post(client, case, "inquiry_record",
                   data_summary="现场检查发现未建立培训档案。",
                   doc_inquiry_record__interviewee="赵立新（负责人）",
                   doc_inquiry_record__asked_at=f"{ago(20).isoformat()}T09:30",
                   doc_inquiry_record__doc_place="当事人办公室",
                   doc_inquiry_record__qa="问：培训档案是否建立？\n答：没有建立。",
                   doc_inquiry_record__signed="on")
    assert issued.status_code == 200
    document = case.documents.get(doc_type="inquiry_record")
    assert document.issued_by == officer_user_a and document.issued_on == ago(20)
    assert document.data["values"]["qa"].startswith("问：培训档案是否建立")
    assert "现场检查发现未建立培训档案。" in issued.content.decode()


def test_benchmark_range_shown_beside_the_amount_R_AST_01(client_for, officer_user_a,
                                                          officers, body_a):
    items = catalog_actions.get_or_create_catalogue(body=body_a, kind="items",
                                                    acting_user=None)
    catalog_actions.publish_version(
        catalogue=items, acting_user=None, effective_from=date(2020, 1, 1), note="首次公布",
        add=[{"category": "penalty", "code": "YJ-CF-002", "unit": "执法大队",
              "name": "对生产经营单位未如实记录安全生产教育和培训情况的行政处罚",
              "legal_bases": "《中华人民共和国安全生产法》第九十七条第四项"}])
    benchmarks = catalog_actions.get_or_create_catalogue(body=body_a, kind="benchmarks",
                                                         acting_user=None)
    catalog_actions.publish_version(
        catalogue=benchmarks, acting_user=None, effective_from=date(2020, 1, 1),
        note="首次公布",
        add=[{"item_code": "YJ-CF-002", "violation": "未如实记录安全生产教育和培训情况",
              "level": "general", "circumstances": "首次发现，及时改正",
              "penalty_kinds": ["fine"], "fine_min": "10000", "fine_max": "30000",
              "legal_bases": "《中华人民共和国安全生产法》第九十七条第四项"}])
    case = make_case(body_a, officers, days_ago=30, item_code="YJ-CF-002")
    step(case, "open", on=ago(30))
    step(case, "investigate", on=ago(25), to="investigation_report", data={"summary": "查明"})
    page = client_for(officer_user_a).get(reverse("cases:detail", args=[case.pk]))
    text = page.content.decode()
    assert "裁量基准" in text and "10000元" in text and "30000元" in text
    # The item is chosen from the body's list; its basis is the penalty provision.
    assert "YJ-CF-002" in text and "第九十七条第四项" in text
    step(case, "investigation_report", on=ago(22), to="notify",
         data={"item": "YJ-CF-002", "violated_provision": "《中华人民共和国安全生产法》第二十八条",
               "penalty_provision": "", "proposed_kinds": ["fine"], "proposed_fine": "20000",
               "summary": "建议罚款。"})
    record = case.steps.get(step="investigation_report")
    assert record.data["penalty_provision"] == "《中华人民共和国安全生产法》第九十七条第四项"
