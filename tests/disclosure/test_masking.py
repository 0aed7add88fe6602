"""Desensitization (R-PUB-05): what is found, what is left alone, and fuzzing.

No database: masking is pure text work.
"""

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.core.identifiers import make_credit_code, make_resident_id
from sanxiang.disclosure.masking import (
    Redaction,
    mask,
    propose,
)

from .corpus import luhn_complete

ID = make_resident_id(region="130139", seq=3)


def kinds(text, **kwargs):
    return [(r.kind, text[r.start:r.end]) for r in propose(text, **kwargs)]


def test_identity_numbers_found_and_removed_R_PUB_05():
    with_x = next(v for v in (make_resident_id(region="130139", seq=n) for n in range(500))
                  if v.endswith("X"))
    text = f"身份证号码{ID}，旧证130139780412031，另有{with_x.lower()}"
    found = kinds(text)
    assert ("id_number", with_x.lower()) in found
    assert ("id_number", ID) in found
    assert ("id_number", "130139780412031") in found
    masked = mask(text, propose(text))
    assert not re.search(r"\d{6}", masked)


def test_wrong_check_digit_masked_only_when_labelled_R_PUB_05():
    wrong = ID[:17] + ("1" if ID[17] != "1" else "2")
    assert kinds(f"身份证号：{wrong}。") == [("id_number", wrong)]
    assert kinds(f"编号{wrong}。") == []


def test_phones_in_every_form_R_PUB_05():
    for phone in ("13912345678", "139 1234 5678", "139-1234-5678", "+86 13912345678",
                  "0311-88001234", "（0311）8800123", "(010)62345678"):
        assert kinds(f"联系电话{phone}，") == [("phone", phone)], phone


def test_bank_cards_and_accounts_R_PUB_05():
    card = luhn_complete("622202123456789012")
    assert kinds(f"卡号{card}。") == [("bank_account", card)]
    assert kinds(f"交易卡{card}。") == [("bank_account", card)]  # Luhn, no label
    assert kinds("账号：1302 0100 0900 1234 567。") == [
        ("bank_account", "1302 0100 0900 1234 567")]


def test_addresses_health_and_other_names_R_PUB_05():
    text = ("当事人钱志强，住址：滹阳县柳林镇东街12号。证人李明辉称，其妻患有糖尿病，"
            "员工王五、赵六在场。执法人员张伟在场。")
    found = kinds(text, party_name="钱志强", party_kind="natural_person", keep_names=["张伟"])
    assert ("address", "滹阳县柳林镇东街12号") in found
    assert ("person_name", "李明辉") in found and ("person_name", "王五") in found
    assert ("health", "糖尿病") in found  # the condition itself, not its cue
    masked = mask(text, propose(text, party_name="钱志强", party_kind="natural_person",
                                keep_names=["张伟"]))
    assert "钱志强" in masked and "张伟" in masked and "李某称" in masked
    assert "糖尿病" not in masked and "东街" not in masked


def test_organisation_seat_and_legal_representative_stay_R_PUB_05():
    code = make_credit_code(prefix="91", region="130139", seed=7)
    text = (f"当事人：滹阳县宏达化工有限公司\n统一社会信用代码：{code}\n法定代表人：赵立新\n"
            "住所：滹阳县工业园区纬三路8号\n")
    assert kinds(text, party_name="滹阳县宏达化工有限公司", party_kind="organisation") == []


def test_look_alikes_left_alone_R_PUB_05():
    text = ("依据《安全生产法》第九十七条第（一）项、第12条，冀应急罚〔2026〕83号，罚款5,000.00元，"
            "12000元，2026年3月5日，2026-03-05，执法证号：13010201009，邮编050000，"
            "注册号：130139000012345，批号20260305，安全隐患已整改。")
    assert kinds(text) == []


def test_credit_code_that_also_passes_the_id_check_stays_when_labelled():
    for seed in range(200000):
        code = make_credit_code(prefix="11", region="130000", seed=seed)
        if code.isdigit() and kinds(code):
            break
    else:  # no such code in range: nothing to prove
        return
    assert kinds(f"统一社会信用代码：{code}") == []
    assert kinds(f"身份证号码：{code}")


def test_mask_merges_overlaps_and_clips():
    text = "abc13912345678def"
    spans = [Redaction(2, 10, "phone", "x"), Redaction(5, 14, "id_number", "y"),
             Redaction(-5, 1, "health", "z"), Redaction(30, 40, "phone", "w")]
    masked = mask(text, spans)
    assert not any(c.isdigit() for c in masked)


# --------------------------------------------------------------------------------------
# Fuzzing

_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
_PIECES = st.one_of(
    st.text(_CHARS, max_size=20),
    st.sampled_from(["身份证号", "住址：", "证人", "患有", "账号", "电话", "其妻", "执法证号",
                     "统一社会信用代码", "员工", "、", "，", "。", "\n", "（", "）", "-", " ",
                     "某", "王", "李明", "第", "条", "〔2026〕", "号", "元", "X", "x"]),
    st.integers(min_value=0, max_value=10**20).map(str),
    st.builds(lambda seq: make_resident_id(region="130139", seq=seq),
              st.integers(0, 499)),
    st.builds(lambda d: luhn_complete("6222" + d), st.from_regex(r"\d{12}", fullmatch=True)),
)
TEXTS = st.lists(_PIECES, max_size=25).map("".join)


def _reported_digits(text, spans):
    """The digit strings of reported identifiers (IDs, phones, cards), 7 digits or more."""
    values = []
    for r in spans:
        if r.kind in ("id_number", "phone", "bank_account"):
            digits = "".join(c for c in text[r.start:r.end] if c.isdigit())
            if len(digits) >= 7:
                values.append(digits)
    return values


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.text(max_size=6), st.sampled_from(["natural_person", "organisation", ""]))
def test_fuzz_never_crashes_and_never_leaves_a_reported_identifier(text, party, kind):
    spans = propose(text, party_name=party, party_kind=kind)
    for r in spans:
        assert 0 <= r.start < r.end <= len(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    masked = mask(text, spans)
    # What stays of the original: the text between spans, each piece on its own.
    kept, pos = [], 0
    for r in spans:
        kept.append(text[pos:r.start])
        pos = r.end
    kept.append(text[pos:])
    kept_text = "\x00".join("".join(c for c in piece if not c.isspace()) for piece in kept)
    compact = "".join(c for c in masked if not c.isspace())
    for digits in _reported_digits(text, spans):
        if digits in kept_text:  # another, unreported occurrence of the same digits
            continue
        assert digits not in compact, digits


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-5, 250), st.integers(-5, 250),
                                                 st.sampled_from(["phone", "id_number"])),
                                       max_size=8))
def test_fuzz_mask_accepts_any_spans(text, raw):
    spans = [Redaction(a, b, k, "fuzz") for a, b, k in raw]
    masked = mask(text, spans)
    assert isinstance(masked, str)
    for a, b, _k in raw:
        a, b = max(0, a), min(len(text), b)
        if b - a >= 7 and text[a:b].isdigit():
            assert text[a:b] not in masked.replace("【", "").replace("】", "") or \
                text.count(text[a:b]) > 1


def names_in(text, **kwargs):
    return [text[r.start:r.end] for r in propose(text, **kwargs) if r.kind == "person_name"]


def test_minority_names_in_a_persons_position_are_hidden_R_PUB_05():
    # after a role word, in a list with Han names, after 从…处, before 证实 at a clause's start
    text = ("经查，牧民乌兰与邻居其木格、孟庆林和阿依古丽·买买提曾多次劝阻。嘎查长巴特尔证实，"
            "草料是从额尔敦处赊来的。次仁央宗承认其负责看管。")
    hidden = names_in(text)
    for name in ("乌兰", "其木格", "孟庆林", "阿依古丽·买买提", "巴特尔", "额尔敦", "次仁央宗"):
        assert name in hidden, name
    masked = mask(text, propose(text))
    assert "巴特尔" not in masked and "阿依古丽" not in masked and "次仁央宗" not in masked


def test_places_that_begin_like_a_minority_name_stay_R_PUB_05():
    # 乌兰 is a person here: every occurrence of the name is hidden, but not the places
    text = ("当事人将货物从乌兰察布市运往乌兰浩特市，途经乌兰县时，乘客乌兰报警。"
            "⟨乌兰⟩的陈述与乌兰牧骑演员的证言一致。")
    masked = mask(text, propose(text))
    for place in ("乌兰察布市", "乌兰浩特市", "乌兰县", "乌兰牧骑"):
        assert place in masked, place
    assert "乘客乌某报警" in masked and "⟨乌某⟩" in masked


def test_ordinary_words_jieba_tags_as_persons_stay_R_PUB_05():
    # jieba's dictionary tags these nr; in a decision they are words, even where a name
    # could stand (after 的/和/据, at a clause's start, after a role character)
    text = ("经查，当事人未取得卫生许可，擅自开办托管班；后厨阳光厨房设备未开启。"
            "据卫星定位记录，该车在高峰时段三次驶入禁行路段。施工许可证已过期，"
            "工地未落实文明施工措施，擅自砍伐小区内的林木和杨柳共五株，"
            "养老机构内的松树也被修剪。工人黎明前已离开现场。")
    assert names_in(text) == []
    masked = mask(text, propose(text))
    assert masked == text


def test_ordinary_words_after_a_role_are_not_names_R_PUB_05():
    # 白天 (daytime) and 巴士 (bus) are dictionary words, not 白某 and 巴某, even after a role
    # word where a name could stand; a time word and 时 neither (白天时)
    for text in ("经查，服务员白天时未取得健康证明。", "经查，服务员白天不在岗。",
                 "经查，业主巴士停放在小区门口。", "业主巴士，未取得停车许可。"):
        assert mask(text, propose(text)) == text, text


def test_real_names_that_begin_like_ordinary_words_stay_hidden_R_PUB_05():
    text = "服务员白天明称其未见到。业主巴特尔称其未见到。社区网格员乌兰劝阻无效。"
    assert mask(text, propose(text)) == (
        "服务员白某称其未见到。业主巴某称其未见到。社区网格员乌某劝阻无效。")
