"""Personal identifiers in the other forms decisions print them (R-PUB-05, issue 12, ADR 0066).

Online accounts (微信号, QQ号, 支付宝账号, e-mail), phones outside the mainland or with the
country code in brackets, a number after a phone label with OCR's O and l in it, travel and
residence documents after their label, and identifiers in a table whose header names the
column. Each rule with its look-alikes that must stay: the body's own mailbox and hotline,
credit codes, licence and certificate numbers, standards, URLs, amounts and dates."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanxiang.disclosure import masking

ONLINE = "online_account"  # masking.ONLINE_ACCOUNT


def _found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(text[r.start:r.end], r.kind) for r in masking.propose(text, **kwargs)]


def _hidden(text: str, value: str, kind: str, **kwargs) -> bool:
    """``value`` lies inside one span of ``kind`` and is gone from the masked text."""
    at = text.index(value)
    spans = masking.propose(text, **kwargs)
    inside = any(r.start <= at and at + len(value) <= r.end and r.kind == kind for r in spans)
    return inside and value not in masking.mask(text, spans)


def _untouched(text: str, **kwargs) -> bool:
    return masking.mask(text, masking.propose(text, **kwargs)) == text


@pytest.mark.parametrize("text, value", [
    ("证人的微信号为Lh_19880312，当日通过微信收取货款。", "Lh_19880312"),
    ("当事人通过微信（微信号：wxid_k2m9q8d7）向顾客发送价目表。", "wxid_k2m9q8d7"),
    ("投诉人称其添加了对方微信账号 sun-shine_77 后被拉黑。", "sun-shine_77"),
    ("其QQ号：284719305，每日在群内发布广告。", "284719305"),
    ("投诉人扣扣 3849201 称未收到退款。", "3849201"),
    ("举报人留下的QQ：12345，要求回复。", "12345"),
    ("当事人通过微信(ID:abc_12345)联系买家。", "abc_12345"),
    ("当事人电子邮箱为wang.li-88@example.com.cn，已送达。", "wang.li-88@example.com.cn"),
    ("投诉人邮箱：ＬＩＵ２０２６＠qq.com，要求书面答复。", "qq.com"),
])
def test_online_accounts_of_persons_are_hidden_R_PUB_05(text, value):
    assert _hidden(text, value, ONLINE), _found(text)


def test_an_alipay_account_that_is_an_e_mail_is_a_payment_account_R_PUB_05():
    # (round 12, ADR 0070: an account money is paid into is hidden as an account)
    text = "买受人将款项转入当事人支付宝账号zhangwei_1990@163.com。"
    assert _hidden(text, "zhangwei_1990@163.com", masking.BANK_ACCOUNT), _found(text)


def test_a_partys_mailbox_in_the_closing_lines_is_hidden_R_PUB_05():
    text = ("如不服本决定，可在六十日内申请行政复议。\n受送达人：王某\n电子邮箱：wm_1990@163.com\n"
            "2026年3月5日")
    assert _hidden(text, "wm_1990@163.com", ONLINE), _found(text)


def test_alipay_account_that_is_a_phone_is_hidden_R_PUB_05():
    text = "违法所得通过支付宝账户13912345678收取。"
    assert _hidden(text, "13912345678", masking.PHONE)


@pytest.mark.parametrize("text", [
    "欢迎关注微信公众号“杭州市场监管”，或拨打12315。",
    "监督电话：0571-12345678，举报邮箱：jubao@hzscjg.com。",
    "详见http://www.hangzhou.gov.cn/art/2026/1/5/art_123.html，或发送至scjg@hangzhou.gov.cn。",
    "当事人在QQ群内发布广告，微信群成员有120人，罚款人民币5000元。",
    ("如不服本决定，可在六十日内申请行政复议。\n联系人：张明\n联系电话：0571-87001234\n"
     "电子邮箱：hzscjg_fw@163.com\n杭州市市场监督管理局\n2026年3月5日"),
])
def test_the_bodys_mailbox_and_public_accounts_stay_R_PUB_05(text):
    assert _untouched(text, keep_names=("张明",)), _found(text)


@pytest.mark.parametrize("text, value", [
    ("联系电话：+852 9123 4567（香港）。", "+852 9123 4567"),
    ("证人手机00853-6612-3456，系澳门居民。", "00853-6612-3456"),
    ("其台湾手机号码+886 912 345 678。", "+886 912 345 678"),
    ("当事人手机(86)139-1234-5678，已核实。", "(86)139-1234-5678"),
    ("当事人手机+86 138 1234 5678，已核实。", "+86 138 1234 5678"),
    ("其电话：O571-8765432l，无人接听。", "O571-8765432l"),
    ("证人电话：0571-876543l。", "0571-876543l"),
    ("其香港手机号码为9123 4567。", "9123 4567"),
    ("香港居民陈某（电话：（852）9123 4567）到场。", "（852）9123 4567"),
    ("台湾居民林某，手机0912-345-678。", "0912-345-678"),
])
def test_phones_in_other_forms_are_hidden_R_PUB_05(text, value):
    assert _hidden(text, value, masking.PHONE), _found(text)


@pytest.mark.parametrize("text", [
    "依据GB 2762-2022《食品安全国家标准 食品中污染物限量》，抽样编号+NC20260305。",
    "投诉举报电话：12315，监督电话：O571-12315OO（本局）。",
    "罚款人民币5000元，2026年3月5日缴清，比例+8.52%。",
    "当事人于2026年4月在乾佑河段采砂，处罚款２O０OO元。\n\n联系电话：O９l４-５３２１２O８",
])
def test_hotlines_standards_and_amounts_stay_R_PUB_05(text):
    assert _untouched(text), _found(text)


# (round 12, ADR 0070: each document under its own kind and marker, no 身份证号码's)
@pytest.mark.parametrize("text, value, kind", [
    ("护照号码：E12345678，国籍中国。", "E12345678", masking.PASSPORT),
    ("持美国护照，护照号为561234987。", "561234987", masking.PASSPORT),
    ("证件类型：护照 证件号码：KJ0123456。", "KJ0123456", masking.PASSPORT),
    ("港澳居民来往内地通行证号码H12345678。", "H12345678", masking.PERMIT),
    ("往来港澳通行证号：C12345678。", "C12345678", masking.PERMIT),
    ("往来港澳通行证（号码）：CA1234567。", "CA1234567", masking.PERMIT),
    ("台湾居民来往大陆通行证号码：05123456。", "05123456", masking.PERMIT),
    ("外国人永久居留身份证号码：USA110078120015。", "USA110078120015", masking.PERMIT),
    ("外国人永久居留身份证：933156198001015021。", "933156198001015021", None),
    ("其军官证号：南字第2012345号。", "南字第2012345号", masking.PERMIT),
    ("回乡证号码：H1234567801。", "H1234567801", masking.PERMIT),
    ("证件类型：外国护照；证件号码：N12345678。", "N12345678", masking.PASSPORT),
])
def test_travel_and_residence_documents_are_hidden_R_PUB_05(text, value, kind):
    # (an 18-digit residence card number is read as an ID or as a permit: either hides it)
    kinds = (kind,) if kind else (masking.ID_NUMBER, masking.PERMIT)
    assert any(_hidden(text, value, k) for k in kinds), _found(text)


@pytest.mark.parametrize("text", [
    "统一社会信用代码：91330106MA2H3K4L5X，执法证号：33010012345。",
    "食品经营许可证编号JY13301060012345，排污许可证编号91330106MA2H3K4L5X001P。",
    "车辆识别代号LSVAU2180N2183456，号牌浙A12345，产品批号20260305A12。",
    "当事人未查验购货者的护照，出入境通行证办理窗口位于一楼。",
    "执法人员出示执法证件，证件号码：ZF12345678。",
])
def test_licences_and_codes_stay_R_PUB_05(text):
    assert _untouched(text), _found(text)


SPACED_TABLE = """涉案人员情况如下：
序号  姓名      身份证号码              联系电话          微信号
1     王某      330106199003071234      8765 4321         wx_wang2020
2     李某      33010619880514002X      0571-8765 4321    lihong_88
经查，上述人员均在现场。"""

PIPE_TABLE = """| 序号 | 姓名 | 身份证号 | 手机 | 邮箱 |
|---|---|---|---|---|
| 1 | 赵某 | 110105199001011231 | 138 0000 1111 | zhao@example.cn |
| 2 | 钱某 | 110105198502031235 | 159-0000-2222 | qian@example.cn |
"""

TAB_TABLE = ("姓名\t证件号码\t联系电话\n陈某\tE12345678\t+852 9123 4567\n"
             "黄某\tH87654321\t6612 3456\n")


@pytest.mark.parametrize("table, values", [
    (SPACED_TABLE, [("330106199003071234", masking.ID_NUMBER),
                    ("33010619880514002X", masking.ID_NUMBER),
                    ("8765 4321", masking.PHONE),
                    ("0571-8765 4321", masking.PHONE),
                    ("wx_wang2020", ONLINE),
                    ("lihong_88", ONLINE)]),
    (PIPE_TABLE, [("110105199001011231", masking.ID_NUMBER),
                  ("110105198502031235", masking.ID_NUMBER),
                  ("138 0000 1111", masking.PHONE), ("159-0000-2222", masking.PHONE),
                  ("zhao@example.cn", ONLINE)]),
    (TAB_TABLE, [("E12345678", masking.PERMIT), ("H87654321", masking.PERMIT),
                 ("+852 9123 4567", masking.PHONE), ("6612 3456", masking.PHONE)]),
])
def test_identifiers_under_their_column_header_are_hidden_R_PUB_05(table, values):
    # the IDs have wrong check digits: only their column says what they are
    for value, kind in values:
        assert _hidden(table, value, kind), (value, _found(table))


def test_a_table_of_officers_or_businesses_keeps_its_numbers_R_PUB_05():
    officers = ("执法人员　执法证号　　　联系电话\n张执法　　33010012345　　0571-87001234\n")
    assert "33010012345" in masking.mask(officers, masking.propose(officers))
    firms = ("企业名称　　　统一社会信用代码　　　许可证编号\n"
             "某某食品公司　91330106MA2H3K4L5X　　JY13301060012345\n")
    assert _untouched(firms, party_kind="organisation"), _found(firms)
    # an 18-digit number under a column that is no ID column needs its check digit
    batch = "序号　产品名称　　批号\n1　　速冻水饺　　330106199003071237\n"
    assert _untouched(batch), _found(batch)


def test_the_bodys_own_wechat_stays_R_PUB_05():
    text = "当事人的微信号为Lh_19880312。如有疑问，可添加本局官方微信号：hzscjg12315咨询。"
    found = _found(text)
    assert ("Lh_19880312", ONLINE) in found
    assert "hzscjg12315" in masking.mask(text, masking.propose(text))


def test_the_clerk_reads_the_new_kind_and_rules_in_chinese_R_PUB_05():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert masking.kind_labels()[ONLINE] == "网络账号或电子邮箱"
        assert masking.rule_label("online_email") == "网络账号或电子邮箱特征"
        assert masking.rule_label("document_pp") == "证件标签后的证件号码"
        assert masking.rule_label("phone_abroad") == masking.rule_label("mobile")
    text = "其微信号为Lh_19880312。"
    assert masking.mask(text, masking.propose(text)) == "其微信号为【网络账号已隐去】。"


_PIECES = st.one_of(
    st.sampled_from(["微信号：", "QQ：", "扣扣", "@", "＠", ".com", "邮箱：", "+852", "00853",
                     "(86)",
                     "+886", "电话：", "O", "l", "护照号码：", "往来港澳通行证", "台胞证", "回乡证",
                     "军官证号：", "证件号码：", "执法", "姓名", "身份证号码", "联系电话", "住址",
                     "  ", "\t", "\u3000", "|", "\n", "。", "：", "-", "（", "）", "村", "号",
                     "E", "H", "C", "wx_", "本局", "举报邮箱",
                     # round 12: payment accounts, dormitories, a wrapped piped table
                     "收款账户", "付款账号", "支付宝账户", "宿舍：", "住宿", "栋", "单元", "室"]),
    st.from_regex(r"[A-Za-z0-9_.]{1,12}", fullmatch=True),
    st.integers(min_value=0, max_value=10**12).map(str),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_fuzz_new_identifier_forms_never_crash_nor_leave_what_they_report_R_PUB_05(text):
    spans = masking.propose(text)
    assert all(0 <= r.start < r.end <= len(text) for r in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    masked = masking.mask(text, spans)
    kept = "\x00".join(text[a.end:b.start] for a, b in itertools.pairwise(
        [masking.Redaction(0, 0, "", ""), *spans, masking.Redaction(len(text), 0, "", "")]))
    for r in spans:
        value = text[r.start:r.end]
        if r.kind in (ONLINE, masking.ID_NUMBER, masking.PASSPORT, masking.PERMIT,
                      masking.BANK_ACCOUNT) and len(value) >= 5 and value not in kept:
            assert value not in masked, value
