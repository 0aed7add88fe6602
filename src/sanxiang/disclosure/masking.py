"""Desensitization of decision texts before publication (R-PUB-05).

``propose(text, party_name=…, party_kind=…)`` finds what must never be published — natural
persons' identity card numbers, phone numbers, bank card and account numbers, home
addresses, health information, and the names of natural persons other than the party — and
returns ``Redaction`` spans with the kind and the rule that found each. The clerk reviews
and changes the list; ``mask(text, redactions)`` then replaces every span with a fixed
marker that carries no digit of what it hides.

The detectors are deliberately conservative where a miss would leak (an 18-digit number with
a valid check digit is always an ID unless it is a valid credit code; a labelled number is
masked even with a wrong check digit) and use labels to leave alone what the public record
needs: 统一社会信用代码, article numbers (第六十条, 第12条), document numbers (〔2026〕83号),
amounts, dates, 执法证号 and postal codes. ``blocked_reason(case)`` says when a case is not
to be published online at all (a minor, state or trade secrets, personal privacy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sanxiang.core.identifiers import (
    PROVINCE_CODES,
    IdentifierError,
    resident_id_check_char,
    validate_credit_code,
)

ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
ADDRESS = "address"
PERSON_NAME = "person_name"
HEALTH = "health"
KINDS = (ID_NUMBER, PHONE, BANK_ACCOUNT, ADDRESS, PERSON_NAME, HEALTH)

# What replaces a span. Names follow the 裁判文书 convention (surname + 某) so the text
# still reads; every other marker states what was removed and holds no digit.
MARKERS = {
    ID_NUMBER: "【身份证号码已隐去】",
    PHONE: "【电话号码已隐去】",
    BANK_ACCOUNT: "【银行账号已隐去】",
    ADDRESS: "【住址已隐去】",
    PERSON_NAME: "某某",
    HEALTH: "【健康信息已隐去】",
}


def kind_labels() -> dict[str, str]:
    return {
        ID_NUMBER: _("identity card number"),
        PHONE: _("phone number"),
        BANK_ACCOUNT: _("bank account"),
        ADDRESS: _("home address"),
        PERSON_NAME: _("name of another natural person"),
        HEALTH: _("health information"),
    }


@dataclass(frozen=True, order=True)
class Redaction:
    start: int
    end: int
    kind: str
    rule: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "kind": self.kind, "rule": self.rule}


# --------------------------------------------------------------------------------------
# Helpers

_CLAUSE_END = "，。；;,\n！？!?）)】"
# Labels that make a number something the record publishes.
_PUBLIC_NUMBER_LABELS = ("执法证", "证号", "证件编号", "编号", "许可证", "注册号", "文号",
                         "案号", "批准号", "登记号", "邮编", "邮政编码", "信用代码",
                         "批次", "条码", "型号")
_ACCOUNT_WORDS = ("账号", "帐号", "账户", "帐户", "卡号")
_PERSONAL_NUMBER_LABELS = ("身份证", "公民身份号码", "身份号码", "电话", "手机", "联系方式",
                           "联系电话", "账号", "帐号", "账户", "帐户", "卡号", "银行卡")


_PUBLIC_LABEL_RE = re.compile("|".join(_PUBLIC_NUMBER_LABELS))
_PERSONAL_LABEL_RE = re.compile("|".join(_PERSONAL_NUMBER_LABELS))


def _label_before(text: str, start: int, window: int = 14) -> str:
    """The text just before ``start`` within its clause (labels precede their value)."""
    lo = max(0, start - window)
    chunk = text[lo:start]
    for stop in "。；;\n":
        cut = chunk.rfind(stop)
        if cut >= 0:
            chunk = chunk[cut + 1:]
    return chunk


def _last(pattern: re.Pattern, text: str) -> int:
    found = -1
    for match in pattern.finditer(text):
        found = match.start()
    return found


def _has_public_label(text: str, start: int) -> bool:
    before = _label_before(text, start)
    return _last(_PUBLIC_LABEL_RE, before) > _last(_PERSONAL_LABEL_RE, before)


def _personal_label(text: str, start: int, labels) -> bool:
    before = _label_before(text, start)
    return any(label in before for label in labels)


_NOT_DIGIT = re.compile(r"[^0-9Xx]")


def _digits(value: str) -> str:
    return _NOT_DIGIT.sub("", value)


def valid_birth(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date(2100, 1, 1)


def is_resident_id(value: str) -> bool:
    value = value.upper()
    return (len(value) == 18 and value[:17].isdigit() and value[:2] in PROVINCE_CODES
            and valid_birth(value[6:14]) and resident_id_check_char(value[:17]) == value[17])


def is_old_resident_id(value: str) -> bool:
    return (len(value) == 15 and value.isdigit() and value[:2] in PROVINCE_CODES
            and valid_birth("19" + value[6:12]))


def is_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except IdentifierError:
        return False
    return True


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# --------------------------------------------------------------------------------------
# Detectors: each yields Redaction spans

# A run of digits (with at most single spaces or dashes inside), and an ID's final X.
# Full-width digits are NFKC-equivalent; they are matched too so they cannot slip through.
_D = "0-9０-９"
_NUMBER_RUN = re.compile(rf"(?<![{_D}A-Za-z])[{_D}](?:[ \-－]?[{_D}]){{6,}}(?:[ \-－]?[Xx])?"
                         rf"(?![{_D}A-Za-z])")
_ALNUM18 = re.compile(r"(?<![0-9A-Za-z])[0-9A-Z]{18}(?![0-9A-Za-z])")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")
_AMOUNT_AFTER = re.compile(r"\s*(?:[.．]\d+)?\s*(?:元|万|亿|角|分|%|％|人民币|年|月|日|号|条|款|项|"
                           r"kg|千克|公斤|吨|件|箱|个|台|份|米|平方|立方|次|名|户|家|天|小时)")
_LANDLINE = re.compile(rf"(?<![{_D}])(?:[(（]0\d{{2,3}}[)）]\s?|0\d{{2,3}}[\-－ ])"
                       rf"\d{{7,8}}(?:[\-－]\d{{1,5}})?(?![{_D}])")
_ACCOUNT_CUE = re.compile(r"(?:账号|帐号|账户|帐户|卡号|银行卡号?|存折号?)[：:\s为是]*"
                          r"(?:[（(][^）)]{0,12}[)）])?[：:\s]*")
_ACCOUNT_VALUE = re.compile(r"[0-9０-９][0-9０-９ \-－]{5,40}[0-9０-９]")


def _id_and_numbers(text: str):
    for match in _NUMBER_RUN.finditer(text):
        raw = match.group()
        start, end = match.span()
        digits = _digits(raw.translate(_FULLWIDTH))
        n = len(digits)
        if n < 7:
            continue
        if _AMOUNT_AFTER.match(text, end) and n < 15:
            continue
        upper = digits.upper()
        labelled_id = _personal_label(text, start, ("身份证", "公民身份号码", "身份号码"))
        if n == 18 and is_resident_id(upper):
            if is_credit_code(upper) and _personal_label(text, start, ("信用代码",)):
                continue
            yield Redaction(start, end, ID_NUMBER, "id18_check_digit")
            continue
        if n == 18 and labelled_id:
            yield Redaction(start, end, ID_NUMBER, "id18_labelled")
            continue
        if n == 15 and (labelled_id or (is_old_resident_id(digits)
                                         and not _has_public_label(text, start)
                                         and not _personal_label(text, start, _ACCOUNT_WORDS))):
            yield Redaction(start, end, ID_NUMBER, "id15")
            continue
        if "X" in upper:
            continue
        if _is_mobile(digits) and not _has_public_label(text, start):
            yield Redaction(start, end, PHONE, "mobile")
            continue
        if 16 <= n <= 19 and luhn_ok(digits) and not _has_public_label(text, start):
            if n == 18 and is_credit_code(upper):
                continue
            yield Redaction(start, end, BANK_ACCOUNT, "card_luhn")
            continue
        if 10 <= n <= 12 and digits.startswith("0") and _personal_label(
                text, start, ("电话", "座机", "联系方式", "传真")):
            yield Redaction(start, end, PHONE, "landline_labelled")


def _is_mobile(digits: str) -> bool:
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _mobile_with_prefix(text: str):
    for match in re.finditer(r"\+86[ \-]?(1[3-9]\d(?:[ \-]?\d{4}){2})(?!\d)", text):
        yield Redaction(match.start(), match.end(), PHONE, "mobile")


def _landlines(text: str):
    for match in _LANDLINE.finditer(text):
        if _has_public_label(text, match.start()):
            continue
        yield Redaction(match.start(), match.end(), PHONE, "landline")


def _accounts(text: str):
    for cue in _ACCOUNT_CUE.finditer(text):
        value = _ACCOUNT_VALUE.match(text, cue.end())
        if value is None:
            continue
        end = value.end()
        while end > value.start() and text[end - 1] in " -－":
            end -= 1
        if len(_digits(text[value.start():end])) >= 6:
            yield Redaction(value.start(), end, BANK_ACCOUNT, "account_keyword")


_ADDRESS_CUE = re.compile(r"(?:家庭住址|家庭地址|住址|家住|现住|现居住于?|居住地址?|户籍地址?|"
                          r"暂住|住所地?|住在)[：:\s]*(?:为|在|于|是)?[：:\s]*")
_ORG_MARKERS = re.compile(r"公司|厂|店|中心|合作社|协会|医院|学校|单位|企业|集团|商行|"
                          r"超市|门市|经营部|信用代码|法定代表人")


def _addresses(text: str, party_kind: str):
    for cue in _ADDRESS_CUE.finditer(text):
        start = cue.end()
        end = start
        while end < len(text) and text[end] not in _CLAUSE_END and end - start < 80:
            end += 1
        if end - start < 2:
            continue
        # An organisation's registered seat is public; a person's 住所 is a home.
        if (cue.group().startswith("住所") and party_kind != "natural_person"
                and _ORG_MARKERS.search(text, max(0, cue.start() - 60), cue.start())):
            continue
        yield Redaction(start, end, ADDRESS, "address_cue")


_HEALTH_CUE = re.compile(r"病历|诊断|患有|罹患|病史|残疾|伤残|HIV|艾滋|乙肝|丙肝|梅毒|"
                         r"精神疾病|精神病|抑郁症|住院治疗|住院|怀孕|妊娠|传染病|体检报告|"
                         r"癌症|肿瘤|糖尿病|高血压|心脏病", re.IGNORECASE)
_HEALTH_NOT = re.compile(r"健康证|诊疗|医疗机构|患者|诊所")


def _health(text: str):
    for cue in _HEALTH_CUE.finditer(text):
        if _HEALTH_NOT.match(text, max(0, cue.start() - 2)) or _HEALTH_NOT.match(
                text, cue.start()):
            continue
        # From the cue to the end of its clause: what follows a cue is the condition.
        start = cue.start()
        end = cue.end()
        while end < len(text) and text[end] not in _CLAUSE_END and end - start < 80:
            end += 1
        yield Redaction(start, end, HEALTH, "health_cue")


# Common surnames (百家姓 by frequency) so cue-based name detection does not eat ordinary
# words after 员工 or 邻居.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷"
    "詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
    "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
                     "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫")
# Characters that, right after a two-character name, start the rest of the sentence.
_AFTER_NAME = set("称说证在于是等和及与的到向对被将已曾也都均因为作系所家处从把给让叫"
                  "某之同以经签确承未不无现于告反提陈指驾负出担任")
_NAME_CUE = re.compile(r"(?:证人|目击者|邻居|员工|职工|工人|雇员|雇工|店员|厨师|服务员|"
                       r"其妻|其夫|其子|其女|其父|其母|之子|之女|之妻|之夫|之父|之母|妻子|"
                       r"丈夫|儿子|女儿|父亲|母亲|联系人|委托代理人|代理人|举报人|投诉人|"
                       r"受害人|被害人|驾驶员|司机|会计|出纳|保管员|操作工|电工|焊工|"
                       r"安全员|现场人员|当班人员|工作人员)[：:\s]*")
_NAME_JOIN = "、和及与"


def _name_at(text: str, pos: int) -> int:
    """The length of a Chinese personal name at ``pos``, or 0."""
    surname = next((s for s in COMPOUND_SURNAMES if text.startswith(s, pos)), "")
    if not surname:
        if pos >= len(text) or text[pos] not in SURNAMES:
            return 0
        surname = text[pos]
    rest = pos + len(surname)
    given = 0
    while given < 2 and rest + given < len(text) and "\u4e00" <= text[rest + given] <= "\u9fff":
        given += 1
    if given == 0:
        return 0
    if text[rest] == "某":  # already 张某 / 张某某: nothing to hide
        return 0
    if given == 2 and text[rest + 1] in _AFTER_NAME:
        given = 1
    return len(surname) + given


def _names(text: str, keep: set[str]):
    found: dict[str, str] = {}
    for cue in _NAME_CUE.finditer(text):
        pos = cue.end()
        while True:
            length = _name_at(text, pos)
            if not length:
                break
            name = text[pos:pos + length]
            if name not in keep and not any(name in k or k in name for k in keep if k):
                found.setdefault(name, "name_cue")
            pos += length
            if pos < len(text) and text[pos] in _NAME_JOIN:
                pos += 1
                continue
            break
    # A name found once is hidden wherever it occurs.
    for name, rule in found.items():
        start = text.find(name)
        while start >= 0:
            yield Redaction(start, start + len(name), PERSON_NAME, rule)
            start = text.find(name, start + len(name))


# --------------------------------------------------------------------------------------
# The public functions


def propose(text: str, *, party_name: str = "", party_kind: str = "",
            keep_names=()) -> list[Redaction]:
    """The spans of ``text`` that must not be published, sorted, without overlaps.

    ``keep_names`` are names the record publishes (the party when a natural person, its
    legal representative or operator, the officers) and are never proposed.
    """
    text = text or ""
    keep = {n for n in (party_name, *keep_names) if n}
    found: list[Redaction] = []
    found.extend(_id_and_numbers(text))
    found.extend(_mobile_with_prefix(text))
    found.extend(_landlines(text))
    found.extend(_accounts(text))
    found.extend(_addresses(text, party_kind))
    found.extend(_health(text))
    found.extend(_names(text, keep))
    return normalise(found, len(text))


_PRIORITY = {ID_NUMBER: 0, BANK_ACCOUNT: 1, PHONE: 2, HEALTH: 3, ADDRESS: 4, PERSON_NAME: 5}


def normalise(redactions, length: int) -> list[Redaction]:
    """Clip to the text, drop empty spans and merge overlaps (the stronger kind wins)."""
    spans = []
    for r in redactions:
        start, end = max(0, int(r.start)), min(length, int(r.end))
        if end > start:
            spans.append(Redaction(start, end, r.kind, r.rule))
    spans.sort(key=lambda r: (r.start, _PRIORITY.get(r.kind, 9), -r.end))
    merged: list[Redaction] = []
    for r in spans:
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            if r.end > last.end:
                merged[-1] = Redaction(last.start, r.end, last.kind, last.rule)
            continue
        merged.append(r)
    return merged


def marker(redaction: Redaction, text: str) -> str:
    if redaction.kind == PERSON_NAME:
        name = text[redaction.start:redaction.end]
        surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
        if surname and ("\u4e00" <= surname[0] <= "\u9fff"):
            return surname + "某"
        return MARKERS[PERSON_NAME]
    return MARKERS.get(redaction.kind, "【已隐去】")


def mask(text: str, redactions) -> str:
    """``text`` with every span replaced by its kind's marker."""
    text = text or ""
    out, pos = [], 0
    for r in normalise(redactions, len(text)):
        out.append(text[pos:r.start])
        out.append(marker(r, text))
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def from_dicts(items) -> list[Redaction]:
    return [Redaction(int(i["start"]), int(i["end"]), str(i["kind"]), str(i.get("rule", "")))
            for i in items or ()]


def blocked_reason(case) -> str:
    """Why ``case`` must not be published online at all (R-PUB-05), or ""."""
    flags = set(case.flags or ())
    if case.parties.filter(minor=True).exists():
        return _("The party is a minor.")
    if "state_secret" in flags:
        return _("The main facts involve state secrets.")
    if "trade_secret" in flags:
        return _("The main facts involve trade secrets.")
    if "privacy" in flags:
        return _("The main facts involve personal privacy.")
    return ""
