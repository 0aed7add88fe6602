"""案卷评查 (R-SUP-03): a versioned standard as data; rounds drawn at random with the
verifiable draw of R-INS-03; the platform's proposals from the record, confirmed or
departed from with a reason; scores, grades, the report and the dashboard."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from cases.engine_helpers import ago, record, step
from cases.factories import make_case, party_company
from disclosure.test_credit_export import decide_penalty
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sanxiang.core import pdf
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.inspections import drawing
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.supervision import dashboard, evaluation
from sanxiang.supervision import evaluation_actions as actions
from sanxiang.supervision.models import Evaluation, EvaluationCampaign, EvaluationStandard

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def standard(db):
    # The migration seeds it; a transactional test's flush on the same worker removes it.
    return evaluation.ensure_default_standard()


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def inspection(body, officers, *, days_ago, seed, late_upload=False):
    case = make_case(body, officers, procedure="inspection", days_ago=days_ago + 2,
                     party=party_company(seed=seed, name=f"滹阳县第{seed}机械厂"))
    step(case, "prepare", on=ago(days_ago + 2), data={"plan": "检查安全生产责任制落实情况。"})
    if late_upload:  # the recording reached the platform a day after it was made
        record(case, "inspect", on=ago(days_ago + 1), late=True)
    step(case, "inspect", on=ago(days_ago + 1), to="result", recording=not late_upload,
         data={"findings": "安全生产责任制已落实，未发现违法行为。"})
    step(case, "result", on=ago(days_ago), to="finish", data={"summary": "未发现违法行为。"})
    step(case, "finish", on=ago(days_ago))
    case.refresh_from_db()
    return case


def new_round(user, **overrides):
    standard = overrides.pop("standard", None) or EvaluationStandard.objects.get()
    fields = dict(title="2026年度行政执法案卷评查", year=timezone.localdate().year,
                  standard=standard, closed_from=ago(60),
                  closed_until=timezone.localdate(), ratio=Decimal("50"), minimum=1,
                  evaluators=[user], seed_source="评查启动会上由见证人现场摇号的六位数字")
    fields.update(overrides)
    return actions.create_round(acting_user=user, **fields)


def test_default_standard_is_data_with_basic_items_and_100_points_R_SUP_03():
    standard = EvaluationStandard.objects.get()
    evaluation.check_standard(standard.items, standard.grades)
    assert standard.version == 1 and len(standard.items["basic"]) >= 8
    assert sum(i["points"] for i in standard.items["form"]) == 20
    assert sum(i["points"] for i in standard.items["content"]) == 80
    # A standard whose content does not add up to 80 is refused.
    broken = {**standard.items, "content": standard.items["content"][1:]}
    with pytest.raises(RuleViolation) as refused:
        evaluation.check_standard(broken, standard.grades)
    assert refused.value.code == "R-SUP-03"


def test_any_basic_item_makes_the_file_fail_with_zero_R_SUP_03():
    standard = EvaluationStandard.objects.get()
    items, grades = standard.items, standard.grades
    clean = {i["code"]: {"value": False if s == "basic" else "0"}
             for s in evaluation.SECTIONS for i in items[s]}
    assert evaluation.score(items, clean, grades)["grade"] == "优秀"
    deducted = {**clean, "N02": {"value": "8"}, "N03": {"value": "6"}, "W01": {"value": "2"}}
    figures = evaluation.score(items, deducted, grades)
    assert figures["score"] == Decimal(84) and figures["grade"] == "良好"
    failed = {**deducted, "J04": {"value": True}}
    figures = evaluation.score(items, failed, grades)
    assert figures["score"] == 0 and figures["grade"] == "不合格" and figures["basic_failed"]


def test_round_draw_is_reproducible_and_cannot_be_redone_R_SUP_03(
        body_a, officers, supervisor_user, officer_user_a):
    for n in range(4):
        inspection(body_a, officers, days_ago=10 + n, seed=30 + n)
    with pytest.raises(PermissionDenied):
        new_round(officer_user_a)
    campaign = new_round(supervisor_user)
    with pytest.raises(RuleViolation):  # no seed before the lists are fixed
        actions.enter_round_seed(acting_user=supervisor_user, campaign=campaign,
                                 seed="123456", witness="公证员王某")
    campaign = actions.publish_round_lists(acting_user=supervisor_user, campaign=campaign)
    assert [s["take"] for s in campaign.lists["strata"]] == [2]
    campaign = actions.enter_round_seed(acting_user=supervisor_user, campaign=campaign,
                                        seed="  804 215 ", witness="公证员王某")
    assert Evaluation.objects.filter(campaign=campaign).count() == 2
    # Anyone recomputes the draw from the published file (the inspections' verifier).
    published = actions.draw_file(campaign)
    assert drawing.verify(published) == []
    assert drawing.verify({**published, "seed": "804216"})  # another seed: another draw
    drawn = [e.case.number for e in campaign.evaluations.order_by("position")]
    assert drawn == [s["object"] for s in drawing.draw(campaign.lists, "804 215")["selected"]]
    with pytest.raises(RuleViolation):
        actions.enter_round_seed(acting_user=supervisor_user, campaign=campaign,
                                 seed="999999", witness="公证员王某")
    kinds = list(LedgerEvent.objects.filter(subject_id=str(campaign.pk), kind__in=[
        EventKind.EVALUATION_ROUND_CREATED, EventKind.EVALUATION_LISTS_PUBLISHED,
        EventKind.EVALUATION_DRAWN]).order_by("seq").values_list("kind", flat=True))
    assert kinds == [EventKind.EVALUATION_ROUND_CREATED, EventKind.EVALUATION_LISTS_PUBLISHED,
                     EventKind.EVALUATION_DRAWN]


def test_platform_prefills_late_steps_and_late_uploads_from_the_record_R_SUP_03(
        body_a, officers):
    standard = EvaluationStandard.objects.get()
    # Decided 40 days ago and never served: the service deadline (R-CASE-06) is missed.
    unserved = decide_penalty(body_a, officers, decided_ago=40)
    checks = evaluation.prefill(unserved, standard.items)
    assert checks["N05"]["auto"] and checks["N05"]["proposed"] == "3"
    assert any("R-CASE-06" in line for line in checks["N05"]["evidence"])
    assert checks["J02"]["proposed"] is False  # two officers on every step
    assert checks["N02"] == {"auto": False, "proposed": "0", "evidence": [], "value": "0",
                             "note": "", "reason": ""}
    late = inspection(body_a, officers, days_ago=5, seed=41, late_upload=True)
    checks = evaluation.prefill(late, standard.items)
    assert checks["W06"]["proposed"] == "1" and checks["W06"]["evidence"]
    assert checks["N05"]["proposed"] == "0"


def test_evaluator_confirms_or_departs_with_a_reason_R_SUP_03(
        body_a, officers, supervisor_user, head_user_a):
    inspection(body_a, officers, days_ago=5, seed=41, late_upload=True)
    campaign = new_round(supervisor_user, ratio=Decimal("100"))
    actions.publish_round_lists(acting_user=supervisor_user, campaign=campaign)
    actions.enter_round_seed(acting_user=supervisor_user, campaign=campaign, seed="1",
                             witness="王某")
    row = Evaluation.objects.get()
    with pytest.raises(PermissionDenied):
        actions.record_evaluation(acting_user=head_user_a, evaluation_row=row, checks={})
    with pytest.raises(RuleViolation) as refused:  # departing from the platform, no reason
        actions.record_evaluation(acting_user=supervisor_user, evaluation_row=row,
                                  checks={"W06": {"value": "0"}})
    assert refused.value.details["field"] == "W06"
    with pytest.raises(RuleViolation) as refused:  # a deduction without a note
        actions.record_evaluation(acting_user=supervisor_user, evaluation_row=row,
                                  checks={"N02": {"value": "4"}})
    assert refused.value.details["field"] == "N02"
    row = actions.record_evaluation(
        acting_user=supervisor_user, evaluation_row=row, checks={
            "W06": {"value": "0", "reason": "迟延上传系设备故障，已书面说明并经负责人批准。"},
            "N02": {"value": "4", "note": "现场检查笔录未记载检查起止时间。"}})
    assert row.state == Evaluation.State.DONE
    assert (row.form_score, row.content_score, row.score) == (20, 76, 96)
    assert row.grade == "优秀"
    event = LedgerEvent.objects.get(kind=EventKind.EVALUATION_RECORDED)
    assert '"overridden":["W06"]' in event.payload.replace(" ", "")
    with pytest.raises(RuleViolation):
        actions.record_evaluation(acting_user=supervisor_user, evaluation_row=row, checks={})
    # The dashboard counts it for the body; the head sees the own body's result.
    board = dashboard.build(head_user_a, timezone.localdate())
    assert board.total.evaluated == 1 and board.total.evaluation_average == "96.0"


def test_round_pages_evaluation_form_and_report_pdf_R_SUP_03(
        body_a, officers, supervisor_user, client_for):
    inspection(body_a, officers, days_ago=5, seed=52)
    client = client_for(supervisor_user)
    page = client.get(reverse("supervision:round_new"))
    assert page.status_code == 200
    response = client.post(reverse("supervision:round_new"), {
        "title": "第四季度案卷评查", "year": timezone.localdate().year,
        "standard": EvaluationStandard.objects.get().pk,
        "closed_from": ago(30).isoformat(), "closed_until": timezone.localdate().isoformat(),
        "ratio": "100", "minimum": "1", "evaluators": [supervisor_user.pk],
        "seed_source": "见证人现场掷骰所得数字"})
    campaign = EvaluationCampaign.objects.get()
    assert response.status_code == 302
    client.post(reverse("supervision:round_publish", args=[campaign.pk]))
    page = client.post(reverse("supervision:round_seed", args=[campaign.pk]),
                       {"seed": "", "witness": ""})
    assert page.status_code == 200  # the form again, nothing drawn
    client.post(reverse("supervision:round_seed", args=[campaign.pk]),
                {"seed": "31415", "witness": "县公证处李某"})
    row = Evaluation.objects.get()
    page = client.get(reverse("supervision:evaluation", args=[row.pk])).content.decode()
    assert "J02" in page and "record-evaluation" in page
    refused = client.post(reverse("supervision:evaluation", args=[row.pk]),
                          {"N03-value": "abc"}).content.decode()
    assert "supervision-error" in refused and "N03" in refused
    client.post(reverse("supervision:evaluation", args=[row.pk]),
                {"J05-value": "on", "J05-note": "定性错误：应为未按规定开展安全培训。"})
    row.refresh_from_db()
    assert row.grade == "不合格" and row.score == 0
    # The same form sent again from a second tab: the file is evaluated already, said in
    # Chinese with the note typed still there (it was a bare 404; ADR 0065).
    stale = client.post(reverse("supervision:evaluation", args=[row.pk]),
                        {"J05-value": "on", "J05-note": "第二个标签页里的评查意见"})
    assert stale.status_code == 200
    assert "该案卷已经评查完毕" in stale.content.decode()
    assert "第二个标签页里的评查意见" in stale.content.decode()
    report = client.get(reverse("supervision:round_report", args=[campaign.pk]))
    assert report["Content-Type"] == "application/pdf"
    body = b"".join(report.streaming_content) if report.streaming else report.content
    assert pdf.has_cjk_font(body)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "第四季度案卷评查评查报告" in text and "不合格" in text and body_a.name in text
    results = client.get(reverse("supervision:evaluation_results") + "?grade=不合格")
    assert row.case.number in results.content.decode()
    draw_json = client.get(reverse("supervision:round_draw", args=[campaign.pk])).json()
    assert drawing.verify(draw_json) == []


def test_out_of_region_supervisor_and_other_body_see_nothing_R_SUP_03(
        body_a, body_b, officers, supervisor_user, officer_user_b, client_for):
    inspection(body_a, officers, days_ago=5, seed=61)
    campaign = new_round(supervisor_user, ratio=Decimal("100"))
    actions.publish_round_lists(acting_user=supervisor_user, campaign=campaign)
    actions.enter_round_seed(acting_user=supervisor_user, campaign=campaign, seed="7",
                             witness="王某")
    row = Evaluation.objects.get()
    other = client_for(officer_user_b)
    assert other.get(reverse("supervision:evaluation", args=[row.pk])).status_code == 404
    assert other.get(reverse("supervision:round", args=[campaign.pk])).status_code == 404
    assert not Evaluation.objects.visible_to(officer_user_b).exists()
    assert campaign.closed_until - campaign.closed_from == timedelta(days=60)


def test_files_no_evaluator_may_judge_are_left_to_the_level_above_R_SUP_03(
        body_a, officers, supervisor_user):
    # The round's only evaluator works at body_a: its own files are 回避 for them, so they
    # are not drawn here (the draw would have no one to give them to), not a failed draw.
    for n in range(3):
        inspection(body_a, officers, days_ago=10 + n, seed=60 + n)
    type(supervisor_user).objects.filter(pk=supervisor_user.pk).update(body=body_a)
    supervisor_user.refresh_from_db()
    campaign = new_round(supervisor_user)
    assert actions.build_lists(campaign)["strata"] == []


def test_closed_round_report_frozen_in_the_ledger_served_as_issued_R_SUP_03(
        body_a, officers, supervisor_user, head_user_a, client_for):
    from sanxiang.core import blobs

    inspection(body_a, officers, days_ago=5, seed=71)
    campaign = new_round(supervisor_user, ratio=Decimal("100"))
    actions.publish_round_lists(acting_user=supervisor_user, campaign=campaign)
    actions.enter_round_seed(acting_user=supervisor_user, campaign=campaign, seed="3",
                             witness="王某")
    with pytest.raises(RuleViolation) as refused:  # a file still awaiting evaluation
        actions.close_round(acting_user=supervisor_user, campaign=campaign)
    assert refused.value.code == "R-SUP-03"
    row = actions.record_evaluation(acting_user=supervisor_user,
                                    evaluation_row=Evaluation.objects.get(), checks={})
    with pytest.raises(PermissionDenied):
        actions.close_round(acting_user=head_user_a, campaign=campaign)
    client = client_for(supervisor_user)
    page = client.get(reverse("supervision:round", args=[campaign.pk])).content.decode()
    assert "close-round" in page
    response = client.post(reverse("supervision:round_close", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == EvaluationCampaign.State.CLOSED and campaign.closed_at
    stored = blobs.read_bytes(campaign.report_digest)
    assert len(stored) == campaign.report_size
    event = LedgerEvent.objects.get(kind=EventKind.EVALUATION_ROUND_CLOSED)
    assert campaign.report_digest in event.payload
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(stored)).pages)
    assert row.case.number in text and body_a.name in text
    # Served from the stored bytes: a body renamed afterwards does not change the report.
    type(body_a).objects.filter(pk=body_a.pk).update(name="改名后的执法机关")
    report = client.get(reverse("supervision:round_report", args=[campaign.pk]))
    body = b"".join(report.streaming_content) if report.streaming else report.content
    assert body == stored
    with pytest.raises(RuleViolation):  # closed: nothing changes, nothing closes again
        actions.close_round(acting_user=supervisor_user, campaign=campaign)
    page = client.get(reverse("supervision:round", args=[campaign.pk])).content.decode()
    assert campaign.report_digest in page and "close-round" not in page


def workbook_of(standard, change=None) -> bytes:
    from openpyxl import load_workbook

    from sanxiang.supervision import standards

    book = load_workbook(io.BytesIO(standards.export_xlsx(standard)))
    if change:
        change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_standard_excel_round_trip_changes_nothing_R_SUP_03(standard):
    from sanxiang.supervision import standards

    read = standards.read_xlsx(workbook_of(standard))
    assert read.errors == []
    assert read.items == standard.items and read.grades == standard.grades
    assert drawing.digest("sm3", {"items": read.items, "grades": read.grades}) \
        == standard.digest


@pytest.fixture
def provincial_supervisor(db):
    """A supervisor of the provincial justice department (省司法厅): all of province 13."""
    return org_actions.create_user(acting_user=None, username="sup_province",
                                   password="x" * 12, full_name="冯立群",
                                   roles=[Role.SUPERVISOR], jurisdiction="13")


def test_new_standard_version_previewed_published_later_rounds_use_it_R_SUP_03(
        standard, body_a, officers, supervisor_user, provincial_supervisor, head_user_a,
        client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    inspection(body_a, officers, days_ago=5, seed=81)
    old_round = new_round(supervisor_user)
    assert old_round.standard == standard

    def reword(book):
        book["评查项目"]["C2"] = "执法主体不合法、超越法定职权或者委托执法不符合规定"

    def upload(data, **fields):
        return client.post(reverse("supervision:standard_new"), {
            "file": SimpleUploadedFile("评查标准.xlsx", data),
            "title": "行政执法案卷评查标准（2027年版）",
            "effective_from": timezone.localdate().isoformat(),
            "note": "调整基本项目J01的表述", **fields})

    assert client_for(head_user_a).get(reverse("supervision:standard_new")).status_code == 404
    client = client_for(provincial_supervisor)
    page = upload(workbook_of(standard, reword), dry_run="on").content.decode()
    assert "standard-preview" in page and "J01" in page and "委托执法" in page
    assert EvaluationStandard.objects.count() == 1  # checked only
    bad = upload(workbook_of(standard, lambda b: b["评查项目"].__setitem__("A2", "其他")),
                 dry_run="on").content.decode()
    assert "standard-errors" in bad and "基本项目" in bad
    refused = upload(workbook_of(standard, reword),
                     effective_from=(timezone.localdate() - timedelta(days=1)).isoformat())
    assert "supervision-error" in refused.content.decode()
    assert EvaluationStandard.objects.count() == 1
    response = upload(workbook_of(standard, reword))
    assert response.status_code == 302
    second = EvaluationStandard.objects.get(version=2)
    assert second.items["basic"][0]["text"].endswith("委托执法不符合规定")
    assert second.published_by == provincial_supervisor and second.note
    event = LedgerEvent.objects.get(kind=EventKind.EVALUATION_STANDARD_PUBLISHED)
    assert second.digest in event.payload
    listing = client.get(reverse("supervision:standards")).content.decode()
    assert "行政执法案卷评查标准（2027年版）" in listing
    # A round started now uses version 2; the round started before keeps version 1.
    assert actions.current_standard() == second
    with pytest.raises(RuleViolation):
        new_round(supervisor_user, standard=standard)
    assert new_round(supervisor_user, standard=second).standard == second
    old_round.refresh_from_db()
    assert old_round.standard == standard
    with pytest.raises(RuleViolation):  # the same items again: nothing to publish
        actions.publish_standard(acting_user=provincial_supervisor, items=second.items,
                                 grades=second.grades, title="再次", note="无",
                                 effective_from=timezone.localdate())
    with pytest.raises(PermissionDenied):
        actions.publish_standard(acting_user=head_user_a, items=second.items,
                                 grades=second.grades, title="再次", note="无",
                                 effective_from=timezone.localdate())


def test_only_the_provincial_justice_department_publishes_the_standard_R_SUP_03(
        standard, supervisor_user, provincial_supervisor, client_for):
    """The standard is set for a whole province: a city or county supervisor uses it (runs
    rounds with it) but cannot publish a new version, in the action or on the pages."""
    def reword(book):
        book["评查项目"]["C2"] = "执法主体不合法、超越法定职权或者委托执法不符合规定"

    from sanxiang.supervision import standards

    items = standards.read_xlsx(workbook_of(standard, reword)).items
    publish = {"items": items, "grades": standard.grades, "title": "2027年版",
               "note": "调整J01", "effective_from": timezone.localdate()}
    assert actions.is_supervisor(supervisor_user)
    assert not actions.may_publish_standard(supervisor_user)
    with pytest.raises(PermissionDenied):
        actions.publish_standard(acting_user=supervisor_user, **publish)
    assert EvaluationStandard.objects.count() == 1
    city = client_for(supervisor_user)
    assert city.get(reverse("supervision:standard_new")).status_code == 404
    assert reverse("supervision:standard_new") not in city.get(
        reverse("supervision:standards")).content.decode()
    province = client_for(provincial_supervisor)
    assert reverse("supervision:standard_new") in province.get(
        reverse("supervision:standards")).content.decode()
    assert actions.publish_standard(acting_user=provincial_supervisor, **publish).version == 2


def test_each_automatic_check_directly_on_clean_and_faulty_files_R_SUP_03(body_a, officers):
    from sanxiang.records.casefile import completeness

    clean = inspection(body_a, officers, days_ago=5, seed=91)
    for name, check in evaluation.AUTO_CHECKS.items():
        assert check(clean) == [], name  # a complete file: no check finds a defect
    late = inspection(body_a, officers, days_ago=5, seed=92, late_upload=True)
    found = {name: check(late) for name, check in evaluation.AUTO_CHECKS.items()}
    assert found["late_upload"] == [f.message for f in completeness(late)
                                    if f.rule == "R-REC-05"] != []
    assert all(lines == [] for name, lines in found.items() if name != "late_upload"), found
    unserved = decide_penalty(body_a, officers, decided_ago=40)
    found = {name: check(unserved) for name, check in evaluation.AUTO_CHECKS.items()}
    assert any("R-CASE-06" in line for line in found["late_steps"])
    assert found["one_officer"] == [] and found["review_missing"] == []
    assert found["missing_documents"] == [f.message for f in completeness(unserved)
                                          if f.rule == "R-REC-01"]
