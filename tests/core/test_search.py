"""The public full-text index (sanxiang.core.search), on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection

from sanxiang.core import search, segment
from sanxiang.core.models import SearchEntry
from sanxiang.core.search import Document

pytestmark = pytest.mark.django_db

CORPUS = [
    Document("item", "1", "安全生产违法行为行政处罚",
             "依据《中华人民共和国安全生产法》第九十七条，生产经营单位未按照规定对从业人员"
             "进行安全生产教育和培训的，责令限期改正，处十万元以下的罚款。", "/items/1/",
             body_id=None),
    Document("item", "2", "食品经营许可",
             "未取得食品经营许可从事食品经营活动的，没收违法所得和违法生产经营的食品。"
             "经营场所应当符合安全生产要求。", "/items/2/"),
    Document("guide", "3", "危险化学品经营许可服务指南",
             "申请材料：危险化学品经营许可证申请表；安全管理制度；事故应急救援预案。"
             "办理时限：二十个工作日。", "/guides/3/"),
    Document("guide", "4", "特种设备使用登记服务指南",
             "特种设备在投入使用前或者投入使用后三十日内，使用单位应当办理使用登记。",
             "/guides/4/"),
    Document("item", "5", "消防监督检查",
             "对单位遵守消防法律法规情况进行监督检查，发现火灾隐患责令改正。", "/items/5/"),
]


@pytest.fixture
def corpus():
    for d in CORPUS:
        search.index(d.kind, d.key, title=d.title, text=d.text, url=d.url, body_id=d.body_id)


def keys(hits):
    return [f"{h.kind}:{h.key}" for h in hits]


def test_segmentation_splits_a_law_name_sensibly():
    words = segment.words("中华人民共和国安全生产法")
    assert {"安全", "生产", "安全生产", "法", "中华人民共和国"} <= set(words)
    assert segment.bigrams("安全生产法") == ["安全", "全生", "生产", "产法"]


def test_normalise_folds_width_and_case_and_drops_punctuation():
    folded = segment.normalise("ＧＢ１８２１８—２０１８《安全》").split()
    assert folded == ["gb18218", "2018", "安全"]
    assert "的" not in segment.words("生产经营单位的安全")


def test_search_finds_every_document_that_mentions_the_phrase(corpus):
    found = keys(search.search("安全生产"))
    assert set(found) == {"item:1", "item:2"}


def test_title_match_ranks_first(corpus):
    search.index("item", "9", title="罚款决定", text="安全生产 " * 5 + "检查", url="/items/9/")
    found = keys(search.search("安全生产"))
    assert found[0] == "item:1"  # the phrase in the title beats it five times in the text


def test_phrase_ranks_above_scattered_words(db):
    search.index("item", "a", title="检查", text="生产车间的通风安全很重要，还有照明。",
                 url="/a/")
    search.index("item", "b", title="检查", text="车间的安全生产很重要，还有照明。", url="/b/")
    assert keys(search.search("安全生产"))[0] == "item:b"


def test_query_split_differently_from_document_still_matches(corpus):
    # "经营许可证" is segmented 经营/许可/许可证 in the text; the bigrams bridge the gap.
    assert "guide:3" in keys(search.search("化学品经营"))
    assert "guide:3" in keys(search.search("危险化学品"))


def test_snippet_highlights_and_escapes(db):
    search.index("item", "x", title="<b>安全</b>生产",
                 text="开头<script>alert(1)</script>，中间讲安全生产。", url="/x/")
    hit = search.search("安全生产")[0]
    assert "<mark>安全生产</mark>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<b>" not in hit.title_html and "&lt;b&gt;" in hit.title_html
    assert hit.title == "<b>安全</b>生产"


def test_kind_and_body_filters(corpus, body_a, body_b):
    search.index("body", str(body_a.pk), title=body_a.name, text="负责安全生产执法",
                 url="/bodies/a/", body_id=body_a.pk)
    search.index("body", str(body_b.pk), title=body_b.name, text="负责安全生产监管",
                 url="/bodies/b/", body_id=body_b.pk)
    assert set(keys(search.search("安全生产", kinds=["body"]))) == {
        f"body:{body_a.pk}", f"body:{body_b.pk}"}
    assert keys(search.search("安全生产", body_id=body_b.pk)) == [f"body:{body_b.pk}"]
    assert set(keys(search.search("安全生产", kinds=["item", "guide"]))) == {"item:1", "item:2"}


def test_remove_and_reindex_replace(corpus):
    assert search.remove("item", "1") is True
    assert search.remove("item", "1") is False
    assert keys(search.search("安全生产")) == ["item:2"]
    search.index("item", "2", title="食品经营许可", text="只讲食品。", url="/items/2/")
    assert search.search("安全生产") == []
    assert SearchEntry.objects.filter(kind="item", key="2").count() == 1


def test_rebuild_is_idempotent_and_drops_what_is_gone(corpus):
    items = [d for d in CORPUS if d.kind == "item"]
    first = search.rebuild("item", iter(items))
    assert first.indexed == 3 and first.removed == 0
    before = keys(search.search("安全生产"))
    second = search.rebuild("item", iter(items), batch_size=2)
    assert second.indexed == 3 and second.removed == 0
    assert keys(search.search("安全生产")) == before
    assert SearchEntry.objects.count() == len(CORPUS)
    third = search.rebuild("item", iter(items[:1]))
    assert third.removed == 2
    assert keys(search.search("安全生产")) == ["item:1"]
    assert SearchEntry.objects.filter(kind="guide").count() == 2  # other kinds untouched


def test_pagination_by_offset(db):
    for n in range(7):
        search.index("item", str(n), title=f"安全生产第{n}条", text="", url=f"/i/{n}/")
    pages = [keys(search.search("安全生产", limit=3, offset=o)) for o in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 3, 1]
    assert len({k for p in pages for k in p}) == 7


@pytest.mark.parametrize("query", [
    "", "   ", "，。！", '"', "'", '"安全', "安全*", "-安全", "安全 OR 生产", "NOT 安全",
    "安全 AND", "(安全", "安全)", "title_tokens:安全", "NEAR(安全 生产)", "^安全",
    "'; DROP TABLE core_searchentry; --", "安全' OR '1'='1", "\\", "%", "_", "安全\x00生产",
    "a" * 5000, "安" * 500, "&|!<->:*", "安全 & 生产 | 法",
])
def test_odd_queries_never_raise_nor_inject(corpus, query):
    hits = search.search(query)
    assert isinstance(hits, list)
    assert SearchEntry.objects.count() == len(CORPUS)


def test_empty_query_finds_nothing(corpus):
    assert search.search("") == []
    assert search.search("的") == []


def test_operators_are_plain_text(corpus):
    # "OR" is a word to look for, not an operator that widens the search.
    assert search.search("安全生产 OR 特种设备") == []


def test_only_site_paths_are_indexed(db):
    for url in ("javascript:alert(1)", "//evil.example/", "/\\evil.example/",
                "https://evil.example/", "/a\nb"):
        with pytest.raises(ValueError):
            search.index("item", "1", title="t", text="", url=url)
    with pytest.raises(ValueError):
        search.index("Item!", "1", title="t", text="", url="/x/")


def test_same_results_as_the_other_database_would_give(corpus):
    # The expected lists are the ones both backends give; run on SQLite and PostgreSQL.
    assert connection.vendor in {"sqlite", "postgresql"}
    assert keys(search.search("特种设备"))[0] == "guide:4"
    assert set(keys(search.search("许可"))) == {"item:2", "guide:3"}
    assert keys(search.search("火灾隐患")) == ["item:5"]
    assert keys(search.search("安全生产法")) == ["item:1"]


def test_search_command_rebuilds_registered_sources_and_queries(officer_a1, body_a):
    from io import StringIO

    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    out = StringIO()
    call_command("search", "rebuild", stdout=out)
    assert "body：索引 1 条" in out.getvalue() and "officer：索引 1 条" in out.getvalue()
    out = StringIO()
    call_command("search", "query", "安全生产", "--kind", "body", stdout=out)
    assert body_a.name in out.getvalue() and "<mark>" not in out.getvalue()
    out = StringIO()
    call_command("search", "rebuild", "--kind", "officer", stdout=out)
    assert "officer：索引 1 条，移除 0 条" in out.getvalue()


def test_officer_phone_is_never_indexed_R_ORG_06(officer_a1):
    from sanxiang.org.search_index import reindex_bodies_and_officers

    reindex_bodies_and_officers()
    entry = SearchEntry.objects.get(kind="officer", key=str(officer_a1.pk))
    assert officer_a1.phone and officer_a1.phone not in entry.text + entry.tokens
    assert "13010201001" in entry.text  # the certificate number is public




def test_officers_scheduled_in_a_batch_are_indexed_by_one_hook(
        officer_a1, officer_a2, django_capture_on_commit_callbacks):
    # A register load schedules hundreds of officers: one pass over them at the commit.
    from sanxiang.org.search_index import officers_batched, schedule_officers

    SearchEntry.objects.filter(kind="officer").delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, officers_batched():
        schedule_officers([officer_a1.pk])
        schedule_officers([officer_a2.pk])
        assert not callbacks  # nothing until the batch ends
    assert len(callbacks) == 1
    assert set(SearchEntry.objects.filter(kind="officer").values_list("key", flat=True)) == {
        str(officer_a1.pk), str(officer_a2.pk)}
