"""The scans rewritten for speed find exactly what their plain forms found (R-PUB-05).

Issue 12's speed rounds change how patterns are written (a first character ``re`` can skip
to, one scan instead of four), never what they match: each test compares a rewritten scan
with the plain pattern it replaced, on hand-picked and generated texts.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.disclosure import detectors, masking, names, textview, wordtrie

from .corpus import generate

# The plain forms, as they were before the rewrite.
PLAIN_HOUSE_NUMBER = re.compile(r"[0-9一二三四五六七八九十百]+(?:-[0-9]+)*"
                                r"(?:号院|号楼|号|室|房|栋|幢|单元|组|户|楼|层|排)[0-9]*(?:-[0-9]+)*|"
                                r"[0-9]+(?:-[0-9]+){1,3}")
PLAIN_ADDRESS_STOP = re.compile(
    r"的(?:住房|住宅|房屋|家|院|自建房|民房|门市|店|商铺|厂房)|家中|"
    r"联系电话|电话|手机|身份证|收件人|联系人|邮编|邮政编码|签收|"
    r"经营场所|法定代表人|当事人|，|。|现住|户籍|住址|暂住|送达地址|"
    r"(?:储存|存放|销售|经营|从事|开设|设立|建设|施工|生产|加工|违法|擅自|未经)"
    r"(?![路街道巷村里大北南东西中])")
PLAIN_AT_PLACE = re.compile(r"(?<!所)在(?=[\u4e00-\u9fff]{2,8}?"
                            r"(?:省|市|县|区|镇|乡|街道|路|街|村|小区))")
PLAIN_SPACE = re.compile(r"[ \t\u3000\u00a0\r]+")

NAME_ALPHABET = ("员人工师主家生的和向从在由，。：:\n为是王李张明华建军乌兰巴特尔其木格"
                 "处某甲乙、")
ADDRESS_ALPHABET = "0123456789-一二十百号院楼室栋单元组户层排的住房家中电话储存路所在省市县村小区 "


def _before_names_plain(text):
    return ([m.span() for m in names._ROLE.finditer(text)],
            [m.end() for m in names._CLAUSE_THEN_SURNAME.finditer(text)],
            [m.end() for m in names._TAKES_PERSON.finditer(text)],
            [m.end() for m in names._FROM_PERSON.finditer(text)],
            # a list's 、 before a surname (round 11: read by the repeated-name step)
            [m.end() for m in re.finditer("、(?=" + names._SURNAME_CLASS + ")", text)])


def test_one_scan_before_names_finds_what_the_five_scans_found_R_PUB_05():
    for text in ("证人王明称", "员工为李华作证", "服务员是张建军", "店员：王明", "工人师傅王明",
                 "，王明于", "：李华称", "的乌兰劝阻", "向王某处", "从巴特尔处购得", "的为王明",
                 "：为王明", "员为", "人是，", "由其木格接诊", "人\n王明", "王明、李华、为张三"):
        assert names._before_names(text) == tuple(_before_names_plain(text)), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=NAME_ALPHABET, max_size=40))
def test_fuzz_one_scan_before_names_R_PUB_05(text):
    assert names._before_names(text) == tuple(_before_names_plain(text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ADDRESS_ALPHABET, max_size=40), st.integers(0, 40), st.integers(0, 60))
def test_fuzz_address_scans_with_a_first_character_R_PUB_05(text, start, width):
    end = start + width
    assert [m.span() for m in detectors._HOUSE_NUMBER.finditer(text, start, end)] == \
        [m.span() for m in PLAIN_HOUSE_NUMBER.finditer(text, start, end)]
    assert [m.span() for m in detectors._ADDRESS_STOP.finditer(text, start, end)] == \
        [m.span() for m in PLAIN_ADDRESS_STOP.finditer(text, start, end)]
    assert [m.span() for m in detectors._AT_PLACE.finditer(text)] == \
        [m.span() for m in PLAIN_AT_PLACE.finditer(text)]
    assert [m.span() for m in textview._SPACE.finditer(text)] == \
        [m.span() for m in PLAIN_SPACE.finditer(text)]


def test_address_scans_on_addresses_R_PUB_05():
    for text in ("住北京市朝阳区幸福路12号院3号楼2单元501室", "家住城关镇二组15号的住房",
                 "在所在小区", "你在锦绣华庭小区8栋顶楼搭建", "东街12-3-501，电话", "储存路5号",
                 "储存于仓库", "　\t 住 址 "):
        for pattern, plain in ((detectors._HOUSE_NUMBER, PLAIN_HOUSE_NUMBER),
                               (detectors._ADDRESS_STOP, PLAIN_ADDRESS_STOP),
                               (detectors._AT_PLACE, PLAIN_AT_PLACE),
                               (textview._SPACE, PLAIN_SPACE)):
            assert [m.span() for m in pattern.finditer(text)] == \
                [m.span() for m in plain.finditer(text)], (text, plain.pattern[:20])


# --------------------------------------------------------------------------------------
# The word lists found by one Aho–Corasick pass (``wordtrie.WordScan``) against the trie
# patterns that found them before: the same spans, in the same order, tails included.

CUE_ALPHABET = "证人明员工其母亲父住址家庭现居在于为是的：:称陈述系王李张，。\n户籍所地负责当事"


def _cue_ends(text):
    """find_names' reading of NAME_CUE: where each cue and its tail end."""
    size, ends = len(text), []
    for _start, end in names._CUE_SCAN.spans(text):
        if end < size and text[end] in "：:":
            end += 1
        if end < size and text[end] in "为是":
            end += 1
        ends.append(end)
    return ends


def _address_cues(text):
    """addresses()' reading of _ADDRESS_CUE: (start, end of the tail, word)."""
    size, out = len(text), []
    for start, end in detectors._ADDRESS_SCAN.spans(text):
        for tail in ("：:", "为在于是的", "：:"):
            if end < size and text[end] in tail:
                end += 1
        out.append((start, end, text[start:end]))
    return out


def _same_as_the_patterns(text):
    assert _cue_ends(text) == [m.end() for m in names.NAME_CUE.finditer(text)], text
    assert [s for s, _e in names._SAYS_SCAN.spans(text)] == \
        [m.start() for m in names._SAYS.finditer(text)], text
    assert _address_cues(text) == [(m.start(), m.end(), m.group())
                                   for m in detectors._ADDRESS_CUE.finditer(text)], text


def test_word_scans_find_what_the_trie_patterns_found_R_PUB_05():
    assert names._CUE_SCAN._automaton is not None, "ahocorasick_rs missing: run ./dev"
    for text in ("证人王明称", "其母亲张某", "其母王某", "证明人：为李华", "员工是王五",
                 "家庭住址：为", "现住址在北京", "住在于", "户籍所在地：的：", "住所地",
                 "负责人：", "当事人陈述",
                 "经诊断系", "被询问人其父亲称", "证人证言（王明）", "𠀀证人李华", "证人", ""):
        _same_as_the_patterns(text)


def test_no_word_starts_with_a_character_of_its_tail_R_PUB_05():
    # what makes reading the optional tail after each word give re's matches: a tail
    # never covers the start of the next word
    assert not {w[0] for w in names._CUE_SCAN.words} & set("：:为是")
    assert not {w[0] for w in detectors._ADDRESS_SCAN.words} & set("：:为在于是的")


def test_word_scan_without_the_automaton_uses_the_trie_R_PUB_05():
    scan = wordtrie.WordScan(["其母", "其母亲", "证人", "证明人", "人"])
    plain = wordtrie.WordScan.__new__(wordtrie.WordScan)
    plain.words, plain._pattern, plain._automaton = scan.words, scan._pattern, None
    for text in ("其母亲证明人人证人", "证证人其其母", ""):
        assert scan.spans(text) == plain.spans(text) == \
            [m.span() for m in scan._pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CUE_ALPHABET, max_size=40))
def test_fuzz_word_scans_and_trie_patterns_R_PUB_05(text):
    _same_as_the_patterns(text)


def test_word_scans_on_the_generated_corpus_R_PUB_05():
    for sample in generate(60):
        _same_as_the_patterns(textview.View(sample.text).view)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="王明 \u3000\n12３４住址", max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40),
                          st.sampled_from(["person_name", "address", "phone"])), max_size=8))
def test_fuzz_spans_mapped_while_merging_as_mapped_then_merged_R_PUB_05(text, spans):
    view = textview.View(text)
    found = [(a, b, kind, "rule") for a, b, kind in spans if b <= len(view.view)]
    assert masking._merge_mapped(view, found) == masking._merge(view.spans(found))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="王明 12住址", max_size=30),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30),
                          st.sampled_from(["person_name", "address", "phone"]),
                          st.sampled_from(["address_cue", "address_repeated"])), max_size=8))
def test_fuzz_spans_found_twice_merge_as_once_R_PUB_05(text, spans):
    # _merge sorts a list (no set): a span found twice must give what the set gave
    found = [(a, b, kind, rule) for a, b, kind, rule in spans if b <= len(text)]
    twice = found + found[::2]
    assert masking._merge(twice) == masking._merge(set(found)) == \
        masking.normalise(found, len(text))
