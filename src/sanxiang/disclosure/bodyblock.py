"""The enforcement body's own lines in a decision or notice (R-PUB-05 look-alikes).

A decision, a notice or a record ends with the body that wrote it: its contact (联系人,
联系电话, 地址, 执法人员 or 经办人 with their numbers), its name and the date. Those lines are
published on purpose: the officer is a public role (R-PUB-01) and the number is the office's,
not a person's. They are told from a party's or a witness's contact by where they stand and by
their labels, as a reader does:

* **The closing block** (``body_tail``): read from the end of the text, every line is a
  contact line (it opens with a contact label: 联系人：, 联系电话：, 地址：, 经办人：, 本局地址：…),
  the body's name (…局, …委员会, …大队, with or without （印章）) or a date, and the block holds a
  contact line and a signature (a name or a date). A party's contact never opens its line with
  a bare label there: it follows its own form line (受送达人：…, 当事人签名：…), and a block whose
  line above is such a form line is not the body's.
* **A label that names the body** (``body_label``): 本局联系人：…, 我委联系电话：…,
  执法机关地址：…, anywhere in the text.

Officers named next to their 执法证号 are found by ``names.public_names``.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The labels a contact line opens with (after the body's word: 本局联系人：…).
_LABELS = ("联系人|联系电话|办公电话|咨询电话|电话|联系方式|传真|地址|联系地址|通讯地址|办公地址|"
           "邮编|邮政编码|电子邮箱|邮箱|执法人员|经办人|承办人|办案人员|办案民警|检查人员|执法检查人员|"
           "监督电话|举报电话|投诉电话")
_BODY_WORD = r"(?:[本我](?:局|委|厅|机关|院|所|队|站|办|中心|单位)|执法机关|行政机关|机关)"
# (a print may put the line in brackets under the date: （联系地址：…　电话：…）)
_CONTACT_LINE = re.compile("[（(]?" + _BODY_WORD + "?(?:" + _LABELS + ")[：:]|"
                           # an officer line under its title (劳动保障监察员：, 水政监察人员：)
                           r"(?!被)[\u4e00-\u9fff]{0,6}(?:执法|监察|监督|检查|稽查)"
                           r"[\u4e00-\u9fff]{0,2}(?:人员|员)[：:]")
# Lines that may stand among or after the block without ending it: a page's footer (第 2 页
# 共 2 页, 第1页/共2页, …决定书　第 3 页), a copy line (抄送：…), a party's receipt under the
# body's block, below everything else, with no number in it (被检查单位签收：X　2026年9月4日).
# (and a page number between dashes: —— 2 ——, - 3 -)
_FOOTER = re.compile(r"[^\n]{0,30}?第\s*[0-9一二三四五六七八九十]+\s*页[^\n]{0,12}|"
                     r"共\s*[0-9一二三四五六七八九十]+\s*页|"
                     r"[—\-－–]{1,2}\s*[0-9]{1,3}\s*[—\-－–]{1,2}")
_ASIDE_LINE = re.compile(r"抄送|抄报|[^\n：:]{0,12}(?:签收|签名|签字)[^\n：:]{0,4}[：:]"
                         r"(?![^\n]*[0-9]{5})")
_NUMERAL = "0-9〇○零一二三四五六七八九十"
_SEAL = r"(?:[（(](?:印章|盖章|公章|章)[)）])"
_DATE_LINE = re.compile(f"[{_NUMERAL}]{{2,4}}年[{_NUMERAL}]{{1,2}}月[{_NUMERAL}]{{1,3}}日"
                        + _SEAL + "?")
_BODY_NAME = re.compile(r"[\u4e00-\u9fff（）()]{2,40}?(?:局|委员会|委|厅|办公室|政府|大队|支队|"
                        r"中队|执法队|管理处|中心|所|站|院|办|海关|机关)" + _SEAL + "?|" + _SEAL)
# The body's name and its contact on one line (a print joins them: 某市卫生监督所　地址：…).
_NAMED_CONTACT = re.compile(r"[\u4e00-\u9fff（）()]{2,40}?(?:局|委员会|厅|办公室|政府|大队|支队|"
                            r"中队|执法队|管理处|中心|所|站|海关)[ \t\u3000]*"
                            r"(?:" + _LABELS + ")[：:]")
_OFFICERS_SIGN = re.compile(r"(?:执法|检查|监督|稽查)[^\n：:]{0,4}(?:签字|签名)[：:]")
# The form line of a party's own block: a contact after it is the party's.
_PARTY_FORM = re.compile(r"当事人|受送达人|送达|签名|签字|签收|捺印|被询问人|被检查人|被调查人|"
                         r"证人|申请人|举报人|投诉人|代理人|住址|住所|身份证")
_BLANKS = " \t\u3000\r"
# A label naming the body, in the clause before a number or a name.
_BODY_LABEL = re.compile(_BODY_WORD + "的?(?:" + _LABELS + ")|与[本我](?:局|委|厅|机关|院|队)联系")


@lru_cache(maxsize=16)
def body_tail(text: str) -> int:
    """Where the body's closing block starts (its contact lines, name and date), or
    ``len(text) + 1`` when the text ends otherwise. Cached: the number, address and name
    detectors each ask for it once per text."""
    none = len(text) + 1
    if "：" not in text[-400:] and ":" not in text[-400:]:
        return none  # no contact line in the last lines (most texts: one slice, one scan)
    end = len(text)
    tail = none
    contact = signed = False
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip(_BLANKS)
        if line:
            if tail > len(text) and "签" in line and _OFFICERS_SIGN.search(line):
                # the officers' signatures, the body's name and its contact joined into the
                # last line (…检查人员签字：X　Y　某市卫生监督所　地址：…　电话：…)
                joined = _NAMED_CONTACT.search(line, _OFFICERS_SIGN.search(line).end())
                if joined:
                    contact = signed = True
                    tail = start + text[start:end].find(joined.group())
                    end = start - 1
                    continue
            footer = "页" in line or line[0] in "—-－–"
            if (footer and _FOOTER.fullmatch(line) and not _signature(line)) or (
                    tail > end and _ASIDE_LINE.match(line)):
                end = start - 1  # (not part of the block: it neither opens nor ends it)
                continue
            if _CONTACT_LINE.match(line):
                contact = True
            elif _NAMED_CONTACT.match(line) and not _PARTY_FORM.match(line):
                contact = signed = True
            elif _DATE_LINE.fullmatch(line) or _BODY_NAME.fullmatch(line) or (
                    ("日" in line or "页" in line) and _signature(line)):
                signed = True
            else:
                # the line above the block: a party's form line makes the block the party's
                if "。" not in line and _PARTY_FORM.search(line):
                    return none
                break
            tail = start
        end = start - 1
    return tail if contact and signed else none


# A page's footer at the end of a line: a wrapped print joins the date or the body's name
# above it and the footer into one line (2026年1月9日某县城市管理局第2页), and the body's
# name and the date (某县卫生健康局2026年2月3日, with OCR's O for 0).
_PAGE_END = re.compile(f"第\\s*[{_NUMERAL}]+\\s*页(?:\\s*/?\\s*共\\s*[{_NUMERAL}]+\\s*页)?$")
_OCR_NUMERAL = _NUMERAL + "OoIl"
_OCR_DATE = re.compile(f"[{_OCR_NUMERAL}]{{2,4}}年[{_OCR_NUMERAL}]{{1,2}}月"
                       f"[{_OCR_NUMERAL}]{{1,3}}日" + _SEAL + "?")


def _signature(line: str) -> bool:
    """``line`` is the body's name and the date joined (either first), maybe with a page's
    footer after them."""
    if "日" not in line and "页" not in line:
        return False  # (most lines: neither a date nor a footer; the body's name alone
        # was tested before this)
    if "页" in line:
        page = _PAGE_END.search(line)
        if page:
            line = line[:page.start()].rstrip(_BLANKS)
    if not line:
        return False
    date = _OCR_DATE.search(line)
    if not date:
        return _BODY_NAME.fullmatch(line) is not None
    before = line[:date.start()].strip(_BLANKS)
    after = line[date.end():].strip(_BLANKS)
    return (not before or _BODY_NAME.fullmatch(before) is not None) and (
        not after or _BODY_NAME.fullmatch(after) is not None)


def body_label(before: str) -> bool:
    """``before`` (the clause before a number or a name) names the body's own contact."""
    return ("本" in before or "我" in before or "机关" in before) and \
        _BODY_LABEL.search(before) is not None
