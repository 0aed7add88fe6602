"""Similar cases (R-AST-01): ranking by item and facts, within what the user may see.

Cases are opened and decided through the real case actions, which keep the index; the
population is generated from the same phrase lists as the benchmark.
"""

import random

import pytest
from cases.engine_helpers import ago, step
from cases.factories import make_case, party_company
from conftest import qualified_officer

from sanxiang.assist import similar
from sanxiang.assist.models import CaseText, TermCount
from sanxiang.disclosure import actions as disclosure_actions

pytestmark = pytest.mark.django_db

SUBJECTS = ["加油站", "建筑施工企业", "餐饮服务提供者", "危险化学品经营单位", "物业服务企业",
            "特种设备使用单位", "烟花爆竹批发企业", "商场超市"]
ACTS = ["未按照规定对从业人员进行安全生产教育和培训", "未建立事故隐患排查治理制度",
        "擅自改变消防设施用途", "未按照规定设置安全警示标志", "占用疏散通道",
        "未制定生产安全事故应急救援预案", "未按规定储存危险化学品", "使用未经检验的特种设备"]
PLACES = ["城关镇", "东山乡", "西河村", "开发区", "柳林镇", "高新区"]

TARGET = ("经查，当事人滹阳县鑫源石化加油站于2026年3月在柳林镇储油罐区违规动火作业，"
          "现场未配备灭火器材，作业人员无特种作业操作证，储油罐呼吸阀堵塞，"
          "油气回收装置停用达四十五日，存在重大事故隐患。")
NEAR_1 = ("经查，当事人滹阳县鑫源石化加油站于2026年4月在柳林镇储油罐区违规动火作业，"
          "现场未配备灭火器材，作业人员无特种作业操作证，储油罐呼吸阀堵塞，"
          "油气回收装置停用达三十日，存在重大事故隐患。")
NEAR_2 = ("经查，当事人滹阳县鑫源石化加油站柳林分站在储油罐区违规动火作业，现场未配备"
          "灭火器材，作业人员无特种作业操作证，油气回收装置停用，存在重大事故隐患。")


def filler_facts(rng: random.Random) -> str:
    return (f"经查，当事人{rng.choice(PLACES)}某{rng.choice(SUBJECTS)}{rng.choice(ACTS)}，"
            f"执法人员于{rng.randint(1, 12)}月{rng.randint(1, 28)}日现场检查时发现，"
            f"另{rng.choice(ACTS)}。")


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def opened(body, officers, facts, *, seed, item_code="", title="违法行为案"):
    return make_case(body, officers, facts=facts, item_code=item_code, title=title,
                     party=party_company(seed=seed))


def decided(body, officers, facts, *, seed, fine="20000", level="general",
            title="违规动火作业案", item_code=""):
    case = make_case(body, officers, days_ago=60, facts=facts, title=title,
                     item_code=item_code, party=party_company(seed=seed))
    step(case, "open", on=ago(60))
    step(case, "investigate", on=ago(55), to="investigation_report",
         data={"summary": "现场检查发现违规动火作业。"})
    step(case, "investigation_report", on=ago(50), to="notify",
         data={"proposed_kinds": ["fine"], "proposed_fine": fine, "summary": "建议罚款。"})
    step(case, "notify", on=ago(45), to="statement",
         data={"notified_kinds": ["fine"], "notified_fine": fine, "served_on": ago(45)})
    step(case, "statement", on=ago(44), to="decide", data={"waived": True})
    step(case, "decide", on=ago(30), data={"decided_kinds": ["fine"], "decided_fine": fine,
                                           "circumstance_level": level})
    case.refresh_from_db()
    return case


def ids(hits):
    return [h.case_id for h in hits]


def test_planted_near_duplicates_come_first_R_AST_01(body_a, officers, officer_user_a):
    rng = random.Random(15)
    for i in range(30):
        opened(body_a, officers, filler_facts(rng), seed=100 + i)
    target = opened(body_a, officers, TARGET, seed=1)
    near_1 = opened(body_a, officers, NEAR_1, seed=2)
    near_2 = opened(body_a, officers, NEAR_2, seed=3)

    hits = similar.similar_cases(target, user=officer_user_a)

    assert ids(hits)[:2] == [near_1.pk, near_2.pk]
    assert target.pk not in ids(hits)


def test_same_item_ranks_above_other_items_R_AST_01(body_a, officers, officer_user_a):
    target = opened(body_a, officers, TARGET, seed=1, item_code="AQ-001")
    other_item = opened(body_a, officers, NEAR_1, seed=2, item_code="AQ-099")
    same_item = opened(body_a, officers, NEAR_1, seed=3, item_code="AQ-001")

    hits = similar.similar_cases(target, user=officer_user_a)

    assert ids(hits)[:2] == [same_item.pk, other_item.pk]


def test_user_never_sees_cases_outside_their_scope_R_AST_01(
        body_a, body_b, officers, officer_b1, officer_user_a, officer_user_b, supervisor_user):
    second_b = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    target = opened(body_a, officers, TARGET, seed=1)
    mine = opened(body_a, officers, NEAR_2, seed=2)
    theirs = make_case(body_b, [officer_b1, second_b], facts=NEAR_1, field_code="SCJG",
                       party=party_company(seed=3))

    assert ids(similar.similar_cases(target, user=officer_user_a)) == [mine.pk]
    assert theirs.pk not in ids(similar.similar_cases(mine, user=officer_user_a))
    assert target.pk not in ids(similar.similar_cases(theirs, user=officer_user_b))
    # The supervisor of 石家庄 (1301) sees both bodies.
    assert set(ids(similar.similar_cases(target, user=supervisor_user))) == {mine.pk, theirs.pk}


def test_published_decisions_of_other_bodies_shown_as_published_R_AST_01(
        body_a, body_b, officers, officer_b1, officer_user_b, clerk_user_a):
    decision = decided(body_a, officers, TARGET, seed=1, fine="30000", level="serious")
    second_b = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    theirs = make_case(body_b, [officer_b1, second_b], facts=NEAR_1, field_code="SCJG",
                       party=party_company(seed=3))
    assert similar.similar_cases(theirs, user=officer_user_b) == []

    disclosure = decision.disclosures.get()
    disclosure_actions.approve_and_publish(acting_user=clerk_user_a, disclosure=disclosure)
    [hit] = similar.similar_cases(theirs, user=officer_user_b)

    assert hit.case_id == decision.pk and hit.published_only
    assert hit.url == f"/decisions/{disclosure.pk}/"  # the public page, never the case
    assert hit.number == disclosure.document_number
    # The penalty as published; the discretion level was not published (ADR 0064).
    assert hit.penalty == disclosure.conclusion and "30,000" in hit.penalty
    assert hit.level == ""


def test_decision_outcome_indexed_by_the_decide_action_R_AST_01(body_a, officers,
                                                                officer_user_a):
    earlier = decided(body_a, officers, NEAR_1, seed=2, fine="8000", level="slight")
    entry = CaseText.objects.get(pk=earlier.pk)
    assert (entry.level, entry.outcome, entry.fine) == ("slight", "decide", 8000)
    target = opened(body_a, officers, TARGET, seed=1)

    [hit] = similar.similar_cases(target, user=officer_user_a)

    assert (hit.case_id, hit.level, hit.penalty) == (earlier.pk, "轻微", "罚款，8000元")
    assert hit.outcome and hit.decided_on == earlier.decided_on


def test_facts_recorded_on_the_spot_are_indexed_R_AST_01(body_b, officer_b1, officer_user_b):
    second = qualified_officer(body_b, "王芳", ["SCJG"], "13010401002")
    case = make_case(body_b, [officer_b1, second], procedure="penalty_simple", days_ago=3,
                     field_code="SCJG", title="未悬挂营业执照案")
    assert "呼吸阀" not in CaseText.objects.get(pk=case.pk).tokens.split()
    step(case, "decide_on_spot", on=ago(3), data={
        "facts": TARGET, "decided_kinds": ["fine"], "decided_fine": "200",
        "place": "当事人经营场所"})
    assert "呼吸阀" in CaseText.objects.get(pk=case.pk).tokens.split()
    other = make_case(body_b, [officer_b1, second], facts=NEAR_1, field_code="SCJG",
                      party=party_company(seed=9))
    assert ids(similar.similar_cases(other, user=officer_user_b)) == [case.pk]


def test_word_counts_follow_the_index_R_AST_01(body_a, officers):
    before = TermCount.objects.filter(term="").values_list("cases", flat=True).first() or 0
    opened(body_a, officers, TARGET, seed=1)
    opened(body_a, officers, NEAR_1, seed=2)
    counts = dict(TermCount.objects.values_list("term", "cases"))
    assert counts[""] == before + 2
    assert counts["呼吸阀"] == 2
    assert counts["十五日"] == 1 and counts["三十日"] == 1


def test_case_page_shows_the_similar_cases_panel_R_AST_01(body_a, officers, officer_user_a,
                                                         officer_user_b, client_for):
    target = opened(body_a, officers, TARGET, seed=1)
    near = opened(body_a, officers, NEAR_1, seed=2)
    page = client_for(officer_user_a).get(f"/workbench/cases/{target.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "类似案件" in html and near.number in html
    # Someone who may not see the case gets no panel: the page is a 404.
    assert client_for(officer_user_b).get(f"/workbench/cases/{target.pk}/").status_code == 404


def test_index_rebuilt_by_command_after_a_restore_R_AST_01(body_a, officers, officer_user_a):
    from django.core.management import call_command

    target = opened(body_a, officers, TARGET, seed=1)
    near = opened(body_a, officers, NEAR_1, seed=2)
    CaseText.objects.all().delete()
    TermCount.objects.all().delete()
    assert similar.similar_cases(target, user=officer_user_a) == []

    call_command("similar_index", verbosity=0)

    assert ids(similar.similar_cases(target, user=officer_user_a)) == [near.pk]
    assert TermCount.objects.get(term="").cases == 2


def test_case_text_search_page_within_scope_R_AST_01(body_a, officers, officer_user_a,
                                                      officer_user_b, client_for):
    case = opened(body_a, officers, TARGET, seed=1)
    html = client_for(officer_user_a).get("/workbench/assist/search/",
                                          {"q": "呼吸阀 堵塞"}).content.decode()
    assert case.number in html
    html = client_for(officer_user_b).get("/workbench/assist/search/",
                                          {"q": "呼吸阀 堵塞"}).content.decode()
    assert case.number not in html and "未找到案件" in html
    # Punctuation and operators are only text, never query syntax.
    page = client_for(officer_user_a).get("/workbench/assist/search/", {"q": '" OR * ('})
    assert page.status_code == 200


def test_latest_cases_of_the_item_fill_the_list_after_the_matches_R_AST_01(
        body_a, officers, officer_user_a):
    target = opened(body_a, officers, TARGET, seed=1, item_code="AQ-001")
    near = opened(body_a, officers, NEAR_1, seed=2, item_code="AQ-002")
    # Share no word with the target, only its item: the decided one fills the list.
    same_item = decided(body_a, officers, "收费标准没有公示。", seed=3, item_code="AQ-001",
                        title="收费公示")
    opened(body_a, officers, "价目表没有张贴。", seed=4, item_code="AQ-001", title="价目")
    hits = similar.similar_cases(target, user=officer_user_a)
    assert ids(hits) == [near.pk, same_item.pk]
    assert hits[0].score > 0 and hits[1].score == 0


def test_rows_read_bounded_by_the_posting_budget_R_AST_01(body_a, officers, officer_user_a,
                                                         monkeypatch):
    """PostgreSQL selects candidates only by the rarest words within the budget (at least
    one) and scores them with all of the case's rarest words; SQLite's FTS5 matches at least
    MIN_TERMS words, which its BM25 scores."""
    from django.db import connection

    rng = random.Random(31)
    for i in range(12):
        opened(body_a, officers, filler_facts(rng), seed=200 + i)
    target = opened(body_a, officers, TARGET, seed=1)
    opened(body_a, officers, NEAR_1, seed=2)
    monkeypatch.setattr(similar, "POSTING_BUDGET", 4)
    query = similar.build_query(target)
    counts = dict(TermCount.objects.filter(term__in=query.terms).values_list("term", "cases"))
    if connection.vendor == "postgresql":
        assert len(query.terms) > len(query.matched)  # the others only score
        assert query.required == len(query.matched) >= 1
        assert len(query.matched) == 1 or sum(counts[t] for t in query.matched) <= 4
        sql, _params = similar.raw_sql(query, officer_user_a)
        assert sql.count("plainto_tsquery") == len(query.terms) + len(query.matched)
    else:
        assert query.matched == query.terms and len(query.terms) >= similar.MIN_TERMS
