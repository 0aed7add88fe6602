"""Personal identifiers in the forms real decisions print them, besides the 18-digit ID, the
mainland phone and the bank card that ``detectors.numbers`` reads (R-PUB-05, ADR 0066):

* online accounts: a WeChat ID (微信号：Lh_1988), a QQ number (QQ号：284719305), an e-mail
  address anywhere (a person's; the body's own mailbox in its closing block, after a 举报/
  监督 label or on a government domain stays), an Alipay account (a phone or an e-mail,
  found as such);
* phones outside the mainland (+852, +853, +886) and with the country code in brackets
  ((86)139…), and a number after a phone label whose 0 and 1 OCR printed as O and l
  (电话：O571-8765432l) where the run is too short for ``textview``'s rule;
* travel and residence documents after their label: 护照, 港澳居民来往内地通行证, 往来港澳
  通行证, 台湾居民来往大陆通行证 (台胞证), 外国人永久居留身份证, 军官证 and 士兵证.

Each scan runs only when its anchor (a label, ``@`` or ``+``) is in the text, so a decision
without one costs a few substring tests. Spans are over the view (``textview.View.view``).
"""

from __future__ import annotations

import re

from sanxiang.disclosure.bodyblock import body_label, body_tail
from sanxiang.disclosure.detectors import (
    BANK_ACCOUNT,
    ONLINE_ACCOUNT,
    PASSPORT,
    PERMIT,
    PHONE,
    _official_phone,
    clause_before,
    closing_line,
    is_mobile,
)
from sanxiang.disclosure.tables import table_cells

# --------------------------------------------------------------------------------------
# Online accounts

# After the label: its own words (号, 账号, ID), a colon or 为/是, an opening bracket.
_GAP = r"[（(]?(?:号码|号|账号|帐号|账户|帐户|ID|id)?[）)]?[:：为是]?[（(“\"]?"
# 微信号：…, 微信（号）：…, but not 微信公众号, 微信群, 微信支付 (the next word is no label).
# (round 13) A print may break the ID once (tyq\n_2008, lin_\nxiaofeng88): read on over the
# break where the part before is too short for an ID or a ``_``/``-`` stands at the break.
_WECHAT = re.compile(r"(?:微信|WeChat|wechat|weixin)" + _GAP
                     + r"([A-Za-z][A-Za-z0-9_-]{2,19}(?:\n[A-Za-z0-9_-]{1,19})?)"
                       r"(?![A-Za-z0-9_@.-])")
_WECHAT_BREAK = re.compile(r"[_-]\n|\n[_-]")
_QQ = re.compile(r"(?:QQ|qq|Qq|ＱＱ|扣扣)" + _GAP + r"([1-9][0-9]{4,10})(?![0-9@])")
# A local part read backwards from the @, a domain forwards (a dot and a TLD of letters).
# (OCR and typing leave full-width letters in it: ＬＩＵ２０２６＠qq.com; the view folds
# only digits)
_WIDE_ALNUM = "".join(chr(c) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                       *range(0xFF41, 0xFF5B)))
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-"
                         "＿．" + _WIDE_ALNUM)
_DOMAIN = re.compile(r"[@＠]([A-Za-z0-9\-\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
                     r"(?:[.．][A-Za-z0-9\-\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+)*"
                     r"[.．][A-Za-z\uff21-\uff3a\uff41-\uff5a]{2,10})"
                     r"(?![A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])")
# A mailbox that is the body's: a government or party domain, or a reporting label before it.
_OFFICIAL_DOMAIN = re.compile(r"\.gov(?:\.cn)?$|\.gov\.[a-z]{2}$|12315|12345")
# (投诉人邮箱 is a person's: the label must name the mailbox's purpose, not its owner.)
_OFFICIAL_MAIL_LABEL = re.compile(r"(?:举报|投诉|监督|咨询|信访|受理|办公|公务)(?:电子)?"
                                  r"(?:邮箱|信箱|邮件)")


# A person's payment account (round 12): WeChat Pay and Alipay are the sets' ``bank_account``
# (a payment account, whatever its shape). After an account word (收款账号, 付款账户,
# 支付宝账号, 账户（…）) a value opening with a Latin letter is no bank's (a bank's is
# digits): wxid_…, a name and a year, an e-mail. A PDF may break it once (wx\nid_…).
_PAY_LABEL = re.compile(r"(?:账号|帐号|账户|帐户|收款码|收款人|支付宝号?)(?:名称|名)?"
                        r"[（(]?[:：为是]?[（(“\"]?"
                        r"([A-Za-z][A-Za-z0-9_.\-]*(?:\n[A-Za-z0-9_.\-]+)?"
                        r"(?:[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,10})?)"
                        r"(?![A-Za-z0-9_])")
# ``_PAY_LABEL``'s value must be an account, not a word (a brand, an app): a digit or _ in
# it, or an e-mail; at least six characters.
_PAY_VALUE = re.compile(r"[0-9_@]")
# …and money must pass through it: a payment word in the label or the words before it (a
# WeChat account given to add a contact, 添加对方微信账号…, stays an online account).
_PAY_CONTEXT = re.compile(r"收款|付款|收钱|转账|转入|转至|支付|收取|缴费|货款|打款|汇款|工资|"
                          r"发放|私人|个人|本人")


def payment_accounts(s: str):
    for match in _PAY_LABEL.finditer(s):
        value = match.group(1)
        if len(value.replace("\n", "")) < 6 or not _PAY_VALUE.search(value) or \
                _bodys_account(s, match.start()):
            continue
        before = s[max(0, match.start() - 16):match.start(1)]
        if not _PAY_CONTEXT.search(before[before.rfind("。") + 1:]):
            continue
        yield match.start(1), match.end(1), BANK_ACCOUNT, "account_payment"


def online_accounts(s: str, present: set[str]):
    """``present`` are the text's characters of ``_ANCHORS``."""
    if ("微" in present and "微信" in s) or (
            ("W" in present or "w" in present) and ("eChat" in s or "echat" in s or
                                                    "weixin" in s)):
        for match in _WECHAT.finditer(s):
            start, end = match.span(1)
            value = match.group(1)
            if "\n" in value:
                head = value.index("\n")
                if head >= 6 and not _WECHAT_BREAK.search(value):
                    end = start + head  # the next line is no part of it
            if not 6 <= len(s[start:end].replace("\n", "")) <= 20:
                continue
            if not _bodys_account(s, match.start()):
                yield start, end, ONLINE_ACCOUNT, "online_wechat"
    if "Q" in present or "q" in present or "Ｑ" in present or (
            "扣" in present and "扣扣" in s):
        for match in _QQ.finditer(s):
            if not _bodys_account(s, match.start()):
                yield match.start(1), match.end(1), ONLINE_ACCOUNT, "online_qq"
    if "@" in present or "＠" in present:
        yield from _emails(s)


def _emails(s: str):
    tail = None
    at = _next_at(s, 0)
    while at >= 0:
        start = at
        while start > 0 and s[start - 1] in _LOCAL_CHARS:
            start -= 1
        while start < at and s[start] in ".-+":
            start += 1
        domain = _DOMAIN.match(s, at)
        if domain and start < at:
            end = domain.end()
            if tail is None:
                tail = body_tail(s)
            if not _official_mailbox(s, start, domain.group(1).lower(), tail):
                yield start, end, ONLINE_ACCOUNT, "online_email"
            at = _next_at(s, end)
        else:
            at = _next_at(s, at + 1)


def _next_at(s: str, pos: int) -> int:
    a, b = s.find("@", pos), s.find("＠", pos)
    return min(a, b) if a >= 0 and b >= 0 else max(a, b)


def _bodys_account(s: str, start: int) -> bool:
    """The body's own WeChat or QQ (本局微信号：…, or in its closing lines)."""
    return start >= body_tail(s) or closing_line(s, start) or _BODY_ACCOUNT.search(
        s, max(0, start - 12), start + 2) is not None


_BODY_ACCOUNT = re.compile(r"(?:[本我](?:局|委|厅|机关|院|所|队|站|办|中心|单位)|执法机关|"
                           r"行政机关|官方|公众)的?(?:微信|WeChat|QQ|qq|ＱＱ)")


def _official_mailbox(s: str, start: int, domain: str, tail: int) -> bool:
    if start >= tail or _OFFICIAL_DOMAIN.search(domain) or closing_line(s, start):
        return True
    before = clause_before(s, start, 20, own=False)
    return body_label(before) or _OFFICIAL_MAIL_LABEL.search(before) is not None


# --------------------------------------------------------------------------------------
# Phones in other forms

# +852 / 00852 (Hong Kong) and +853 / 00853 (Macau): eight digits; +886 / 00886 (Taiwan):
# a mobile 9xx xxx xxx or a landline of 8–9 digits after its area code, an optional (0).
# Matched at each + or 008 (found by ``str.find``), never scanned for.
_ABROAD = re.compile(r"(?:\+|00)(?:(85[23])|(886))[-–—]?(?:[(（]0[)）])?[-–—]?"
                     r"([0-9](?:[-–—.]?[0-9]){6,9})(?![0-9])")
# The country code in brackets: (86)139-1234-5678, （852）9123 4567.
_BRACKETED = re.compile(r"[(（]\+?(?:(86)|(85[23])|(886))[)）][-–—]?"
                        r"([0-9](?:[-–—.]?[0-9]){6,10})(?![0-9])")
# A Taiwan mobile written at home, 0912-345-678 (no mainland number has that shape).
_TAIWAN_MOBILE = re.compile(r"09[0-9]{2}[-–—][0-9]{3}[-–—][0-9]{3}(?![0-9])")
# After a phone label: OCR's O and l for 0 and 1 in a number (电话：O571-8765432l); a Hong
# Kong or Macau number of eight digits, a Taiwan mobile of ten (香港手机：9123 4567).
# The value must hold a letter, or be eight or ten digits: a mainland number fails at C speed.
_PHONE_LABEL = re.compile(r"(?:电话|手机|座机|联系方式|传真)(?:号码|号)?[:：为是]?[（(]?"
                          r"((?=[0-9()（）\-–—]{0,16}[OoIl〇ｌＩＯｏ])"
                          r"[0-9OoIl〇ｌＩＯｏ(（][0-9OoIl〇ｌＩＯｏ()（）\-–—]{6,17}|"
                          r"[5689][0-9]{7}|09[0-9]{8})(?![0-9A-Za-z])")
_AS_DIGIT = str.maketrans("OoIl〇ｌＩＯｏ", "001101100")
_NOT_DIGIT = re.compile(r"[^0-9]")
_BRACKETED_CODE = re.compile(r"8(?:6|5[23]|86)[)）]")
_OCR_OR_ABROAD = frozenset("OoIl〇ｌＩＯｏ香澳湾")
_ABROAD_WORDS = re.compile(r"香港|澳门|台湾")


def other_phones(s: str, keep: tuple[str, ...], present: set[str]):
    """``keep`` are the names the record publishes (an officer named as the contact makes
    the number the body's: ``detectors._official_phone``); ``present`` are the text's
    characters of ``_ANCHORS``."""
    for anchor in ("+", "008") if "+" in present or "＋" in present else ("008",):
        at = s.find(anchor)
        while at >= 0:
            match = _ABROAD.match(s, at) if not (at and "0" <= s[at - 1] <= "9") else None
            if match and _abroad_length(match.group(1), match.group(3)) and \
                    not _official_phone(s, at, keep):
                yield at, match.end(), PHONE, "phone_abroad"
            at = s.find(anchor, at + 1)
    if _BRACKETED_CODE.search(s):
        for match in _BRACKETED.finditer(s):
            digits = _NOT_DIGIT.sub("", match.group(4))
            if match.group(1):  # +86: a mobile, or a landline without its 0
                fits = is_mobile(digits) or 9 <= len(digits) <= 11
            else:
                fits = _abroad_length(match.group(2), digits)
            if fits and not _official_phone(s, match.start(), keep):
                yield match.start(), match.end(), PHONE, "phone_prefix"
    if ("湾" in present or "胞" in present) and "09" in s:  # (a Taiwan person's)
        for match in _TAIWAN_MOBILE.finditer(s):
            if not _official_phone(s, match.start(), keep):
                yield match.start(), match.end(), PHONE, "phone_abroad"
    if not present.isdisjoint(_OCR_OR_ABROAD):
        yield from _labelled_phones(s, keep)


# Two numbers after one label, written in groups (联系电话：0455-83 26 471 158 4559 7012): the
# view drops the blanks and the run reads as one number of 22 or 23 digits. A landline of 7
# or 8 digits after its area code then a mobile, or two mobiles, are split back (round 12).
_TWO_NUMBERS = re.compile(r"(?:电话|手机|联系方式)(?:号码)?[:：为是]?"
                          r"(0[0-9]{2,3}[-–—]?[0-9]{18,19}|1[3-9][0-9]{20})(?![0-9])")


def joined_phones(s: str, keep: tuple[str, ...]):
    for match in _TWO_NUMBERS.finditer(s):
        digits = _NOT_DIGIT.sub("", match.group(1))
        if digits[0] == "1":
            fits = is_mobile(digits[:11]) and is_mobile(digits[11:])
        else:
            fits = is_mobile(digits[-11:]) and 10 <= len(digits) - 11 <= 12
        if fits and not _official_phone(s, match.start(1), keep) and \
                not closing_line(s, match.start(1)):
            split = match.end(1) - 11  # (the view holds the digits without their blanks)
            yield match.start(1), split, PHONE, "phone_two_numbers"
            yield split, match.end(1), PHONE, "phone_two_numbers"


# (round 13) A landline a page break split after a phone label (联系电话0871-6532\n\n8810):
# the view keeps a blank line, so the number detector reads two short runs.
_BROKEN_LANDLINE = re.compile(r"(?:电话|座机|传真|联系方式)(?:号码)?[:：为是]?"
                              r"(0[0-9]{2,3}[-–—]?([0-9]{2,6})\n{1,3}([0-9]{2,6}))(?![0-9])")


def broken_landlines(s: str, keep: tuple[str, ...]):
    for match in _BROKEN_LANDLINE.finditer(s):
        if 7 <= len(match.group(2)) + len(match.group(3)) <= 8 and \
                not _official_phone(s, match.start(1), keep) and \
                not closing_line(s, match.start(1)):
            yield match.start(1), match.end(1), PHONE, "phone_broken"


def _abroad_length(hk_macau: str | None, digits: str) -> bool:
    n = len(_NOT_DIGIT.sub("", digits))
    return n == 8 if hk_macau else 8 <= n <= 10


def _labelled_phones(s: str, keep: tuple[str, ...]):
    for match in _PHONE_LABEL.finditer(s):
        value = match.group(1)
        digits = _NOT_DIGIT.sub("", value.translate(_AS_DIGIT))
        real = sum(char.isdigit() for char in value)
        letters = len(digits) - real
        if letters:  # O and l: a number only with enough real digits around them
            if real < 5 or not 7 <= len(digits) <= 12:
                continue
        elif (len(digits) == 8 and digits[0] in "5689") or (
                len(digits) == 10 and digits.startswith("09")):
            # eight digits, a Hong Kong or Macau number; 09 and ten, a Taiwan mobile: only
            # where the text says the person is from there (mainland numbers are read apart)
            if not _ABROAD_WORDS.search(s, max(0, match.start() - 30), match.start()):
                continue
        else:
            continue  # a number of the mainland: ``detectors.numbers`` reads it
        if not _official_phone(s, match.start(1), keep) and not closing_line(s, match.start(1)):
            yield match.start(1), match.end(1), PHONE, "phone_ocr_label"


# --------------------------------------------------------------------------------------
# Travel and residence documents

_DOC_GAP = (r"(?:证件)?(?:号码|号|编号|证号)?[:：为是]?(?:[（(][^（()）\n]{0,6}[)）])?[:：]?"
            r"[（(“]?")
# Each label, then the shape of its number, matched right after it.
# (round 13: a print may break the number after its letters, E\n48213957: the ``\n?``)
_DOC_VALUES = {
    "hk": r"[HMhmＨＭｈｍ]\n?[0-9]{8}(?:[0-9]{2})?",
    "cn": r"[CcＣｃ](?:\n?[0-9]{8}|[A-Za-zＡ-Ｚａ-ｚ]\n?[0-9]{7})",
    "tw": r"[0-9]{8}(?:[0-9]{2})?(?:[(（][A-Za-zＡ-Ｚａ-ｚ][)）])?",
    "twp": r"[A-Za-zＡ-Ｚａ-ｚ]\n?[0-9]{8}",
    "pr": r"[A-Za-zＡ-Ｚａ-ｚ]{3}\n?[0-9]{12}|9[0-9]{16}[0-9Xx]",
    "pp": r"[A-Za-zＡ-Ｚａ-ｚ]{0,2}\n?[0-9]{6,10}[A-Za-zＡ-Ｚａ-ｚ]?",
    "mil": r"(?:[\u4e00-\u9fff]{1,2}字第)?[A-Za-zＡ-Ｚａ-ｚ]{0,2}[0-9]{5,10}号?",
    "doc": r"[A-Za-zＡ-Ｚａ-ｚ]{1,3}\n?[0-9]{6,12}[A-Za-zＡ-Ｚａ-ｚ]?",
}
_DOC_LABELS = {
    "港澳居民来往内地通行证": "hk", "港澳居民居住证": "hk", "回乡证": "hk",
    "往来港澳通行证": "cn", "港澳通行证": "cn",
    "台湾居民来往大陆通行证": "tw", "台胞证": "tw",
    "往来台湾通行证": "twp", "赴台通行证": "twp",
    "外国人永久居留身份证": "pr", "外国人永久居留证": "pr", "永久居留身份证": "pr",
    "永久居留证": "pr",
    "护照": "pp",
    "军官证": "mil", "士兵证": "mil", "文职干部证": "mil", "士官证": "mil",
    # a generic label: only a number with letters (a passport's) — 18 digits are the ID
    # detector's, and an officer's 执法证件号 is public (see below)
    "证件号码": "doc", "证件号": "doc", "证件编号": "doc",
}
# Longest first, so 港澳居民来往内地通行证 wins over 港澳通行证 at the same place.
_DOC_LABEL = re.compile("|".join(sorted(_DOC_LABELS, key=len, reverse=True)))
# (OCR and typing leave full-width letters: ＣＡ3182704; the view folds only digits)
_DOC_VALUE = {kind: re.compile(_DOC_GAP + "(" + value + r")(?![0-9A-Za-zＡ-Ｚａ-ｚ])")
              for kind, value in _DOC_VALUES.items()}
_OFFICER_BEFORE = re.compile(r"执法|工作|检查|监察|稽查")


def documents(s: str):
    for label in _DOC_LABEL.finditer(s):
        kind = _DOC_LABELS[label.group()]
        match = _DOC_VALUE[kind].match(s, label.end())
        if match is None:
            continue
        if kind == "doc" and _OFFICER_BEFORE.search(s, max(0, label.start() - 4),
                                                    label.start()):
            continue
        yield match.start(1), match.end(1), document_kind(s, label.start(), kind), \
            "document_" + kind


_PASSPORT_BEFORE = re.compile(r"护照")


def document_kind(s: str, start: int, kind: str) -> str:
    """The marker's kind (round 12): a passport's number is hidden as a passport's, a
    permit's as a permit's; a generic 证件号码 is a passport's where 护照 stands just before
    it (证件类型：护照 证件号码：…)."""
    if kind == "pp" or (kind == "doc" and _PASSPORT_BEFORE.search(s, max(0, start - 12),
                                                                  start)):
        return PASSPORT
    return PERMIT

# The characters a text must hold for a scan here to find anything, read in one pass of one
# class (``re`` runs it at C speed; a dozen substring tests, or an alternation of the labels,
# cost several times more): 微信 QQ 扣扣 @ WeChat; O and l of OCR, 香港 澳门 台湾; 护照
# 港澳 台湾 台胞 居留 军官 士兵 回乡; the + of a country code; a table's pipe, tab or
# full-width space.
_ANCHORS = re.compile("[微QqＱ扣@＠WwOoIl〇ｌＩＯｏ香澳湾护胞留军兵乡+＋|｜│\t\u3000]")
_ONLINE = frozenset("微QqＱ扣@＠Ww")
# (军, 兵, 乡 stand in names and places too: 军官证, 士兵证, 回乡证 are looked for apart)
_DOCUMENT = frozenset("护澳湾胞留")
_TABLE = frozenset("|｜│\t\u3000")


def identifiers(view, keep: tuple[str, ...] = ()) -> list[tuple[int, int, str, str]]:
    """Every span of this module and of ``tables`` over ``view`` (a ``textview.View``);
    ``keep`` are the names the record publishes (an officer named as the contact makes the
    number the body's)."""
    s, text = view.view, view.text
    # read on the text, not the view: the blanks a table stands on are dropped from the view
    anchors = _ANCHORS.findall(text)
    found: list[tuple[int, int, str, str]] = []
    if "电话" in s or "手机" in s:
        found.extend(joined_phones(s, keep))
        if "\n\n" in s:
            found.extend(broken_landlines(s, keep))
    if "账" in s or "帐" in s or "收款" in s:
        found.extend(payment_accounts(s))
    if not anchors:  # most decisions: only a number abroad without its + can be there
        if "008" in s or _BRACKETED_CODE.search(s):
            found.extend(other_phones(s, keep, set()))
        if "  " in text:
            found.extend(table_cells(text, view))
        return found
    present = set(anchors)
    if not present.isdisjoint(_ONLINE):
        found.extend(online_accounts(s, present))
    found.extend(other_phones(s, keep, present))
    if not present.isdisjoint(_DOCUMENT) or (
            ("军" in present or "兵" in present) and ("官证" in s or "兵证" in s)) or (
            "乡" in present and "回乡证" in s):
        found.extend(documents(s))
    if not present.isdisjoint(_TABLE) or "  " in text:
        found.extend(table_cells(text, view))
    return found
