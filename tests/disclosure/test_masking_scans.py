"""The scans rewritten for speed find exactly what their plain forms found (R-PUB-05).

Issue 12's speed rounds change how patterns are written (a first character ``re`` can skip
to, one scan instead of four), never what they match: each test compares a rewritten scan
with the plain pattern it replaced, on hand-picked and generated texts.
"""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.disclosure import detectors, names, textview

# The plain forms, as they were before the rewrite.
PLAIN_HOUSE_NUMBER = re.compile(r"[0-9一二三四五六七八九十百]+(?:-[0-9]+)*"
                                r"(?:号院|号楼|号|室|栋|幢|单元|组|户|楼|层|排)[0-9]*(?:-[0-9]+)*|"
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

NAME_ALPHABET = ("员人工师主家生的和向从在由，。：:\n为是王李张明华建军乌兰巴特尔其木格" "处某甲乙")
ADDRESS_ALPHABET = "0123456789-一二十百号院楼室栋单元组户层排的住房家中电话储存路所在省市县村小区 "


def _before_names_plain(text):
    return ([m.span() for m in names._ROLE.finditer(text)],
            [m.end() for m in names._CLAUSE_THEN_SURNAME.finditer(text)],
            [m.end() for m in names._TAKES_PERSON.finditer(text)],
            [m.end() for m in names._FROM_PERSON.finditer(text)])


def test_one_scan_before_names_finds_what_the_four_scans_found_R_PUB_05():
    for text in ("证人王明称", "员工为李华作证", "服务员是张建军", "店员：王明", "工人师傅王明",
                 "，王明于", "：李华称", "的乌兰劝阻", "向王某处", "从巴特尔处购得", "的为王明",
                 "：为王明", "员为", "人是，", "由其木格接诊", "人\n王明"):
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
