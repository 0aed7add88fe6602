"""The legal review workbench pages: the rules of R-REV-03 … R-REV-08 as the users meet them
(the refusal's rule and Chinese message on the page, input kept), with the real actions,
documents and PDF rendering.

Until the lead mounts the review URLs, these tests run against a URLconf that adds them to
the project's own (``urlpatterns`` below; the other review test modules use it too).
"""

import pytest
from cases.engine_helpers import ago
from conftest import qualified_officer
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import include, path, reverse

from sanxiang import urls as project_urls
from sanxiang.calendar import workdays
from sanxiang.cases.models import Case
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role
from sanxiang.review import actions as review
from sanxiang.review.models import Discussion, Submission
from sanxiang.review.rules import ALWAYS_REQUIRED, REVIEW_ITEMS

from .helpers import MATERIALS, OPINION, decide, not_ok, submitted, to_review


def _mounted(prefix: str) -> bool:
    return any(str(p.pattern) == prefix for p in project_urls.urlpatterns)


urlpatterns = list(project_urls.urlpatterns)
if not _mounted("workbench/review/"):
    urlpatterns.insert(0, path("workbench/review/", include("sanxiang.review.urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


@pytest.fixture
def case(body_a, officers):
    return to_review(body_a, officers)


def submit_form(materials=None, on=None):
    data = {"submitted_on": (on or ago(43)).isoformat()}
    for code, text in (MATERIALS if materials is None else materials).items():
        data[f"m_{code}"] = text
    return data


def review_form(outcome="passed", findings=None, opinion=OPINION, on=None):
    data = {"outcome": outcome, "opinion": opinion, "decided_on": (on or ago(40)).isoformat()}
    for code in REVIEW_ITEMS:
        finding = (findings or {}).get(code, {"ok": True, "note": ""})
        data[f"f_{code}"] = "ok" if finding["ok"] else "not_ok"
        data[f"n_{code}"] = finding["note"]
    return data


def test_incomplete_submission_returned_with_list_input_kept_R_REV_04(
        client_for, officer_user_a, case):
    client = client_for(officer_user_a)
    url = reverse("review:submit", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, submit_form({"facts": "当事人未对重大危险源进行安全评估。"}))
    assert response.status_code == 200
    body = response.content.decode()
    submission = Submission.objects.get(case=case)
    assert submission.state == Submission.State.RETURNED
    assert submission.missing == [c for c in ALWAYS_REQUIRED if c != "facts"]
    assert "R-REV-04" in body and 'id="missing-list"' in body
    missing_block = body.split('id="missing-list"')[1].split("</ul>")[0]
    assert missing_block.count("<li>") == len(ALWAYS_REQUIRED) - 1
    assert "当事人未对重大危险源进行安全评估。" in body  # what was typed is still there
    # Completed, the case goes to the legal unit as round 2, linked to round 1.
    response = client.post(url, submit_form())
    second = Submission.objects.get(case=case, round=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("review:submission", args=[second.pk])
    assert second.state == Submission.State.PENDING and second.previous_id == submission.pk
    page = client.get(response["Location"]).content.decode()
    assert reverse("review:submission", args=[submission.pk]) in page


def test_assignment_refused_shows_message_R_REV_03(client_for, head_user_a, body_a, fields,
                                                   officer_a1, officer_a2, officer_user_a):
    # A legal reviewer of the body who is also an officer on the case.
    conflicted = qualified_officer(body_a, "钱律", ["AQSC"], "13010201019", is_reviewer=True)
    account = org_actions.create_user(acting_user=None, username="reviewer_q", password="x" * 12,
                                      full_name="钱律", roles=[Role.REVIEWER],
                                      officer=conflicted)
    case = to_review(body_a, [officer_a1, officer_a2, conflicted])
    submission = submitted(case, officer_user_a)
    client = client_for(head_user_a)
    page = client.get(reverse("review:submission", args=[submission.pk]))
    assert 'class="assign-form"' in page.content.decode()
    response = client.post(reverse("review:assign", args=[submission.pk]),
                           {"reviewer": account.pk})
    assert response.status_code == 409
    body = response.content.decode()
    assert "R-REV-03" in body and "钱律" in body
    assert f'value="{account.pk}" selected' in body  # the choice is kept
    submission.refresh_from_db()
    assert submission.state == Submission.State.PENDING and submission.reviewer is None


def test_outcome_recorded_with_opinion_pdf_R_REV_06(client_for, head_user_a, reviewer_user_a,
                                                    officer_user_a, case):
    submission = submitted(case, officer_user_a)
    response = client_for(head_user_a).post(reverse("review:assign", args=[submission.pk]),
                                            {"reviewer": reviewer_user_a.pk})
    assert response.status_code == 302
    client = client_for(reviewer_user_a)
    page = client.get(reverse("review:submission", args=[submission.pk])).content.decode()
    assert 'class="review-form"' in page
    # A finding is missing: refused by the form, everything typed kept.
    incomplete = review_form()
    incomplete.pop("f_facts_clear")
    response = client.post(reverse("review:review", args=[submission.pk]), incomplete)
    assert response.status_code == 422 and OPINION in response.content.decode()
    response = client.post(reverse("review:review", args=[submission.pk]), review_form())
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.DECIDED
    assert submission.outcome == Submission.Outcome.PASSED
    assert submission.opinion == OPINION and submission.opinion_document is not None
    page = client.get(reverse("review:submission", args=[submission.pk])).content.decode()
    pdf_url = reverse("cases:document_file", args=[submission.opinion_document.pk, "pdf"])
    assert pdf_url in page and OPINION in page
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(
        b"%PDF")
    case.refresh_from_db()
    assert case.current_step == "decide"


def test_passing_with_a_failed_item_refused_on_the_page_R_REV_05(
        client_for, reviewer_user_a, officer_user_a, case):
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    response = client_for(reviewer_user_a).post(
        reverse("review:review", args=[submission.pk]),
        review_form(findings=not_ok()))
    assert response.status_code == 409
    assert "R-REV-05" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == Submission.State.REVIEWING


def test_revise_and_resubmit_is_a_new_round_R_REV_06(client_for, reviewer_user_a,
                                                     officer_user_a, case):
    first = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    response = client_for(reviewer_user_a).post(
        reverse("review:review", args=[first.pk]),
        review_form("revise", findings=not_ok(), opinion="证据不足，建议补充后再审。"))
    assert response.status_code == 302
    client = client_for(officer_user_a)
    page = client.get(reverse("review:submission", args=[first.pk])).content.decode()
    assert reverse("review:submit", args=[case.pk]) in page
    # The resubmission form starts from the materials of the last round.
    form = client.get(reverse("review:submit", args=[case.pk])).content.decode()
    assert MATERIALS["facts"] in form
    response = client.post(reverse("review:submit", args=[case.pk]),
                           submit_form(on=ago(40)))
    assert response.status_code == 302
    second = Submission.objects.get(case=case, round=2)
    assert second.previous_id == first.pk and second.state == Submission.State.PENDING


def test_overdue_flagged_in_queue_R_REV_07(client_for, reviewer_user_a, officer_user_a,
                                           case, body_a, officers):
    late = submitted(case, officer_user_a, on=ago(43))
    fresh_case = to_review(body_a, officers, catalogue=False)
    fresh = submitted(fresh_case, officer_user_a, on=ago(0))
    client = client_for(reviewer_user_a)
    body = client.get(reverse("review:queue") + "?tab=pending").content.decode()
    due = review.review_deadline(late).due
    days_late = workdays.count_workdays(due, ago(0)).count
    rows = body.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    late_row = next(r for r in rows if reverse("review:submission", args=[late.pk]) in r)
    fresh_row = next(r for r in rows if reverse("review:submission", args=[fresh.pk]) in r)
    assert "overdue" in late_row.split(">")[0] and "status-bad" in late_row
    assert str(days_late) in late_row
    assert "status-bad" not in fresh_row and "overdue" not in fresh_row.split(">")[0]
    # Why review was required (R-REV-01) is on the row.
    assert "三千元以上罚款" in late_row
    # The reviewer's own tab is empty until something is assigned.
    mine = client.get(reverse("review:queue") + "?tab=mine").content.decode()
    assert reverse("review:submission", args=[late.pk]) not in mine


def test_extension_once_R_REV_07(client_for, head_user_a, officer_user_a, case):
    submission = submitted(case, officer_user_a, on=ago(0))
    client = client_for(head_user_a)
    url = reverse("review:extend", args=[submission.pk])
    data = {"reason": "案情复杂，需进一步核实。", "approved_on": ago(0).isoformat()}
    # Dated before the submission was received (the walk of ADR 0065 sent 0001-01-01): refused
    # beside the date, the reason kept, nothing extended (R-CASE-15).
    early = client.post(url, {**data, "approved_on": "0001-01-01"})
    assert early.status_code == 409
    assert "不能早于收到报送材料的日期" in early.content.decode()
    assert "案情复杂，需进一步核实。" in early.content.decode()
    submission.refresh_from_db()
    assert not submission.extension_workdays
    assert client.post(url, data).status_code == 302
    submission.refresh_from_db()
    assert submission.extension_workdays > 0
    response = client.post(url, data)
    assert response.status_code == 409 and "R-REV-07" in response.content.decode()


def test_rejection_disputed_goes_to_collective_discussion_R_REV_08(
        client_for, reviewer_user_a, officer_user_a, head_user_a, case):
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    decide(submission, reviewer_user_a, outcome="rejected", findings=not_ok(),
           opinion="证据不足以认定违法事实，不同意。")
    client = client_for(officer_user_a)
    page = client.get(reverse("review:submission", args=[submission.pk])).content.decode()
    assert 'class="answer-form"' in page
    response = client.post(reverse("review:answer", args=[submission.pk]), {
        "accept": "disagree", "reason": "现场检查笔录及视听资料足以证明违法事实。",
        "on": ago(39).isoformat()})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:discussion", args=[case.pk])
    case.refresh_from_db()
    assert case.current_step == "collective_discussion"

    head = client_for(head_user_a)
    url = reverse("review:discussion", args=[case.pk])
    form = head.get(url).content.decode()
    assert 'class="panel discussion-form"' in form
    data = {"held_on": ago(38).isoformat(), "reason": "disagreement",
            "conclusion": "经集体讨论，认定违法事实清楚，同意罚款五千元。",
            "chair": "孙志强", "recorder": "周文"}
    people = [("孙志强", "局长", "同意处罚。"), ("李明", "副局长", "同意。"),
              ("赵芳", "法制科科长", "保留审核意见。")]
    # Two attendees only: refused, what was typed kept.
    for i, (name, post, opinion) in enumerate(people[:2], 1):
        data.update({f"name_{i}": name, f"post_{i}": post, f"opinion_{i}": opinion,
                     f"signed_{i}": "on"})
    response = head.post(url, data)
    assert response.status_code == 409 and "R-REV-08" in response.content.decode()
    assert "经集体讨论" in response.content.decode()
    data.update({"name_3": people[2][0], "post_3": people[2][1], "opinion_3": people[2][2],
                 "signed_3": "on"})
    response = head.post(url, data)
    assert response.status_code == 302
    discussion = Discussion.objects.get(case=case)
    assert [a["name"] for a in discussion.attendees] == [p[0] for p in people]
    assert discussion.opinions[2]["opinion"] == "保留审核意见。"
    page = head.get(url).content.decode()
    assert reverse("cases:document_file", args=[discussion.document_id, "pdf"]) in page
    case.refresh_from_db()
    assert case.current_step == "decide"


def test_accepting_a_rejection_returns_to_investigation_R_REV_08(
        client_for, reviewer_user_a, officer_user_a, case):
    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    decide(submission, reviewer_user_a, outcome="rejected", findings=not_ok(),
           opinion="不同意。")
    response = client_for(officer_user_a).post(
        reverse("review:answer", args=[submission.pk]),
        {"accept": "accept", "reason": "补充调查。", "on": ago(39).isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.current_step == "investigate"


def test_other_bodies_see_nothing(client_for, officer_user_a, officer_user_b, case):
    submission = submitted(case, officer_user_a)
    client = client_for(officer_user_b)
    for url in (reverse("review:submission", args=[submission.pk]),
                reverse("review:submit", args=[case.pk]),
                reverse("review:discussion", args=[case.pk]),
                reverse("review:queue"), reverse("review:statistics")):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("review:submit", args=[case.pk]),
                       submit_form()).status_code == 404
    assert Submission.objects.count() == 1


def test_supervisor_reads_the_queue_but_cannot_act(client_for, supervisor_user,
                                                   officer_user_a, case):
    submission = submitted(case, officer_user_a)
    client = client_for(supervisor_user)
    queue = client.get(reverse("review:queue")).content.decode()
    assert case.number in queue
    page = client.get(reverse("review:submission", args=[submission.pk])).content.decode()
    assert 'class="assign-form"' not in page and 'class="review-form"' not in page


def test_responsibility_panel_names_everyone_R_REV_09(reviewer_user_a, officer_user_a,
                                                      head_user_a, case):
    from sanxiang.review.views import case_panel_context

    submission = submitted(case, officer_user_a, reviewer=reviewer_user_a)
    decided = decide(submission, reviewer_user_a)
    case.refresh_from_db()
    request = RequestFactory().get("/")
    request.user = head_user_a
    html = render_to_string("review/includes/responsibility.html", {
        "case": case, **case_panel_context(case, head_user_a)}, request=request)
    assert "张伟" in html and "刘洋" in html  # handled
    assert reviewer_user_a.get_full_name() in html  # reviewed
    assert decided.opinion_document.number and decided.opinion_document.number in html
    assert Case.objects.get(pk=case.pk).current_step == "decide"


def test_queue_pages_by_keyset(client_for, head_user_a, officer_user_a, case, body_a,
                               officers, monkeypatch):
    from sanxiang.review import views

    older = submitted(case, officer_user_a, on=ago(43))
    newer = submitted(to_review(body_a, officers, catalogue=False), officer_user_a, on=ago(2))
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = client_for(head_user_a)
    first = client.get(reverse("review:queue"))
    assert first.context["rows"][0]["submission"] == older
    next_query = first.context["next_query"]
    assert next_query and "after=" in next_query
    second = client.get(reverse("review:queue") + "?" + next_query)
    assert [r["submission"] for r in second.context["rows"]] == [newer]
    assert not second.context["next_query"]
    assert client.get(reverse("review:queue") + "?after=bad").status_code == 404
