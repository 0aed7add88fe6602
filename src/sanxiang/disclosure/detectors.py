"""The detectors behind ``masking.propose`` (R-PUB-05). Each reads the normalised view of a
text (``textview.View.view``: ASCII digits, no spaces, no wrap breaks) and yields
``(start, end, kind, rule)`` over it.

Numbers are judged by what they are (the check digit of an ID, a birth date, Luhn, a mobile
prefix) and by the label before them, the nearer label winning: a number after 执法证号,
耳标号 or 证书编号 is public, one after 身份证, 电话 or 账号 is not. Addresses are read after
the words that introduce a home (住, 家住, 户籍所在地, 送达地址 …) and must look like one
(an administrative unit, a road, a village or a house number). Health information is read
in ``health.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache

from sanxiang.core.identifiers import (
    PROVINCE_CODES,
    IdentifierError,
    resident_id_check_char,
    validate_credit_code,
)
from sanxiang.disclosure.bodyblock import body_label, body_tail
from sanxiang.disclosure.wordtrie import WordScan, trie_pattern

ID_NUMBER = "id_number"
PHONE = "phone"
BANK_ACCOUNT = "bank_account"
ADDRESS = "address"
HEALTH = "health"
ONLINE_ACCOUNT = "online_account"  # 微信号, QQ号, e-mail (accounts.py)
# Travel and residence documents (accounts.py, round 12): a passport's number is no 身份证号码,
# and the marker must say what it hides.
PASSPORT = "passport"
PERMIT = "permit"  # 通行证, 回乡证, 台胞证, 居留证, 军官证 …

# --------------------------------------------------------------------------------------
# Checks


def valid_birth(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date(2100, 1, 1)


@lru_cache(maxsize=4096)
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


def is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


# --------------------------------------------------------------------------------------
# Labels

_STOPS = "。；;\n"
_PUBLIC = re.compile(r"执法证|证号|证件编号|证编号|编号|许可证|注册号|文号|案号|批准号|登记号|邮编|"
                     r"邮政编码|信用代码|批次|批号|条码|型号|耳标|标识|检疫|证书|合格证|报告|票据|"
                     r"缴款码|决定书|档案|车牌|牌号|车架|发动机|订单|运单|单号|流水号|税号|备案")
_ID_LABEL = re.compile(r"身份证号码|身份证号|身份证|公民身份号码|身份号码|驾驶证号?|居民身份|"
                       r"证件号码|居住证号码|居住证号|居住证|居留证号码|居留证号|居留证")
_PHONE_LABEL = re.compile(r"电话|手机|联系方式|座机|微信号?|号码为|致电|来电|拨打")
_ACCOUNT_LABEL = re.compile(r"账号|帐号|账户|帐户|卡号|银行卡|存折|收款码|尾号")
_PERSONAL = re.compile(f"{_ID_LABEL.pattern}|{_PHONE_LABEL.pattern}|{_ACCOUNT_LABEL.pattern}")
# An account the public pays fines into is published on purpose.
_PUBLIC_ACCOUNT = re.compile(r"财政|非税|国库|代收|缴至|缴入|缴款|指定银行|收款单位|执收")
_PRIVATE_ACCOUNT = re.compile(r"个人|本人|私人|名下|其妻|其夫|其子|其女|转账|转入其|转至")
_OFFICIAL = re.compile(r"执法人员|执法证|执法员|承办人|监督电话|举报电话|投诉电话")


_LAST_DIGIT = re.compile(r".*[0-9]", re.DOTALL)


def clause_before(text: str, start: int, window: int = 24, *, own: bool = True) -> str:
    """The clause before ``start``; with ``own``, only what follows the previous number
    (a label belongs to the number right after it, not to the next one)."""
    return _clause(text[max(0, start - window):start], own)


def _clause(chunk: str, own: bool = True) -> str:
    for stop in _STOPS:
        cut = chunk.rfind(stop)
        if cut >= 0:
            chunk = chunk[cut + 1:]
    if own:
        last = _LAST_DIGIT.match(chunk)
        if last:
            chunk = chunk[last.end():]
    return chunk


def _last(pattern: re.Pattern, text: str) -> int:
    found = -1
    for match in pattern.finditer(text):
        found = match.end()
    return found


def _public_label(before: str) -> bool:
    return _labels(before)[0]


@lru_cache(maxsize=8192)
def _labelled(chunk: str) -> tuple[str, tuple[bool, bool, bool, bool, bool]]:
    """``clause_before`` and ``_labels`` of the 24 characters before a number, read once per
    distinct chunk (身份证号码：, 执法证号：, 联系电话： repeat across a day's batch)."""
    before = _clause(chunk)
    return before, _labels(before)


@lru_cache(maxsize=8192)
def _labels(before: str) -> tuple[bool, bool, bool, bool, bool]:
    """What the clause before a number says, read once per distinct clause (a decision and a
    day's batch repeat their labels: 身份证号码：, 执法证号：, 联系电话：): public label
    nearer than a personal one, ID label, account label, phone label, phone label in its
    last six characters."""
    public = _last(_PUBLIC, before) > _last(_PERSONAL, before)
    return (public, _ID_LABEL.search(before) is not None,
            _ACCOUNT_LABEL.search(before) is not None,
            _PHONE_LABEL.search(before) is not None,
            _PHONE_LABEL.search(before[-6:]) is not None)


# --------------------------------------------------------------------------------------
# Numbers

# A run of digits with single dashes inside, an ID's X, letters either side (T + ID).
# The pattern starts with a plain class (``re`` skips to it at C speed); the lookbehinds say
# that no digit came before the number and that a "+" starts one only as +86.
_RUN = re.compile(r"[+0-9](?<![0-9][+0-9])(?:(?<=\+)(?=86)[0-9]|(?<=[0-9]))(?:-?[0-9]){6,}"
                  r"(?:[Xx](?![A-Za-z]))?")
_AMOUNT_AFTER = re.compile(r"(?:\.\d+)?(?:元|万|亿|角|分|%|％|人民币|年|月|日|时|号|条|款|项|kg|"
                           r"千克|"
                           r"公斤|吨|克|件|箱|个|台|份|米|平方|立方|次|名|户|家|天|小时|头|只|株|亩|岁|"
                           r"周岁|cm|mm|ml|L|g)")
# The first character is a plain class (re skips to it at C speed); the lookbehind after it
# says that no digit came before the number.
_LANDLINE = re.compile(r"[(（0](?<![0-9].)(?:(?<=[(（])0\d{2,3}[)）]|(?<=0)\d{2,3}[-—–]?)\d{7,8}"
                       r"(?:-\d{1,5})?(?![0-9])")
# The same number as one field of a row, whatever comes before it.
_LANDLINE_FIELD = re.compile(r"0\d{2,3}[-—–]?\d{7,8}(?:-\d{1,5})?")
_LOCAL_AFTER_LABEL = re.compile(r"(?:电话(?:号码)?|座机|联系方式)[:：为是]?"
                                r"(\d{7,8})(?![0-9])")




def _number_kind(text: str, start: int, end: int, keep: tuple[str, ...]):
    raw = text[start:end]
    # replace, not translate: a translate table costs 5 µs even on 11 characters
    digits = raw.replace("+", "").replace("-", "").upper() if (
        "-" in raw or "+" in raw) else raw.upper()
    if raw.startswith(("+86", "0086", "86")) and is_mobile(digits[-11:]) and \
            len(digits) in (13, 15):
        return PHONE, "mobile_prefix"
    if raw.startswith(("+86", "0086")) and 9 <= len(digits) - (
            2 if raw[0] == "+" else 4) <= 12:
        return PHONE, "phone_prefix"  # +86-21-5876 4402: a landline with the country code
    n = len(digits)
    if n < 7:
        return None
    if n < 15 and _AMOUNT_AFTER.match(text, end):
        return None
    if n != 11 and n < 15 and not _ACCOUNT_LABEL.search(text, max(0, start - 24), start):
        return None  # only an account number is this short (local phones are read apart)
    chunk = text[max(0, start - 24):start]
    if n == 18 and is_resident_id(digits):
        # an ID with its check digit whatever the labels say: they are not read (the clause
        # is, only when the chunk names a credit code at all)
        if "信用代码" in chunk and "信用代码" in _clause(chunk) and is_credit_code(digits):
            return None
        return ID_NUMBER, "id18_check_digit"
    before, (public, id_label, account_label, phone_label, phone_near) = _labelled(chunk)
    id_label = id_label and not public
    if n == 18 and id_label and digits[:17].isdigit():
        return ID_NUMBER, "id18_labelled"
    if n == 15 and digits.isdigit():
        if id_label:
            return ID_NUMBER, "id15_labelled"
        if is_old_resident_id(digits) and not public and not account_label:
            return ID_NUMBER, "id15"
    if "X" in digits:
        return None
    if is_mobile(digits):
        if public and not phone_near:
            return None
        if not phone_label and _official_number(text, start, before, keep):
            return None  # an 11-digit 执法证号 of Hebei, Shanxi or Inner Mongolia
        return PHONE, "mobile"
    if account_label and 8 <= n <= 30:
        if _PUBLIC_ACCOUNT.search(clause_before(text, start, 60, own=False)) and \
                not _PRIVATE_ACCOUNT.search(clause_before(text, start, 60, own=False)):
            return None
        return BANK_ACCOUNT, "account_label"
    if 16 <= n <= 19 and luhn_ok(digits) and not public:
        if n == 18 and is_credit_code(digits):
            return None
        return BANK_ACCOUNT, "card_luhn"
    if 16 <= n <= 19 and digits.startswith("62") and not public and not (
            n == 18 and is_credit_code(digits)):
        return BANK_ACCOUNT, "card_unionpay"  # a 银联 card (IIN 62) the check digit missed
    return None


def _official_number(text: str, start: int, before: str, keep: tuple[str, ...]) -> bool:
    """An 11-digit number in a clause about officers, or right after an officer's name
    (not after a person's payment account: 负责人某某的支付宝139…, round 13)."""
    if _OFFICIAL.search(clause_before(text, start, 80, own=False)):
        return True
    near = text[max(0, start - 12):start]
    return any(name and name in near and not _PAYMENT_WORD.search(near, near.find(name))
               for name in keep)


_PAYMENT_WORD = re.compile(r"支付宝|微信|账号|帐号|账户|帐户|卡号|收款")


def _runs(text: str):
    return _RUN.finditer(text)


# A landline's extension (0792-3265118转602, 分机602) is part of the number.
_EXTENSION = re.compile(r"(?:转|分机号?)[:：]?[0-9]{1,5}(?![0-9])")


def numbers(text: str, keep: tuple[str, ...] = (), breaks: list[int] | tuple = ()):
    """Numbers over the view (see ``_numbers``); a phone takes its extension."""
    for start, end, kind, rule in _numbers(text, keep, breaks):
        if kind == PHONE and (extension := _EXTENSION.match(text, end)):
            end = extension.end()
        yield start, end, kind, rule


def _numbers(text: str, keep: tuple[str, ...] = (), breaks: list[int] | tuple = ()):
    """Numbers over the view. ``breaks`` are the view positions where the text had blanks
    or a wrap (``View.pieces``): a run that is no number as a whole may be several side by
    side, as in a table row (姓名 身份证号 电话 账号), and is then read field by field."""
    for match in _runs(text):
        start, end = match.span()
        # Letters glued to a number make it a code — unless it is an ID with its check digit
        # (T + ID on a 特种作业操作证 does not hide the ID).
        if ((start and text[start - 1].isascii() and text[start - 1].isalpha() and not (
                # the X of an ID just before (a table row: 11010519900307451X 139…)
                text[start - 1] in "Xx" and is_resident_id(text[max(0, start - 18):start])
        )) or (end < len(text) and text[end].isascii() and text[end].isalpha())) and not (
                # unless the run itself is an ID with its check digit
                end - start == 18 and is_resident_id(text[start:end])):
            continue
        found = _number_kind(text, start, end, keep)
        if found:
            if found[0] == ID_NUMBER and text[end - 1] in "Xx" and \
                    _TWO_DIGITS.match(text, end) and end not in breaks:
                end += 2  # 残疾人证号: the ID, then its category and grade (…451X43)
            yield start, end, *found
        elif breaks and (at := bisect_right(breaks, start)) < len(breaks) and \
                breaks[at] < end:
            # blanks inside a run that is no number: fields side by side, unless a label
            # says it is one number (收款账号：1305 0161 …)
            if not any(_labelled(text[max(0, start - 24):start])[1][:4]):
                yield from _fields(text, start, end, keep, breaks)
            elif end - start > 18 and _resident_id_inside(text, start, end):
                # (round 13) a labelled number that opens with an ID, spaced or broken
                # (残疾人证号：430524 19790215 035943)
                yield start, end, ID_NUMBER, "id18_inside"
        elif end - start > 18 and _resident_id_inside(text, start, end):
            # an ID that opens a longer number (残疾人证号 = ID + category and grade)
            yield start, end, ID_NUMBER, "id18_inside"
    for match in _LANDLINE.finditer(text):
        before = clause_before(text, match.start())
        if _public_label(before) or _official_phone(text, match.start(), keep) or \
                closing_line(text, match.start()):
            continue  # (the closing lines: round 13, now that OCR's O739-… reads as digits)
        yield match.start(), match.end(), PHONE, "landline"
    # ``in`` runs at memchr speed; a scan that cannot match costs as much as one that does
    if "电话" in text or "座机" in text or "联系方式" in text:
        for match in _LOCAL_AFTER_LABEL.finditer(text):
            if not _official_phone(text, match.start(1), keep):
                yield match.start(1), match.end(1), PHONE, "local_phone"


_TWO_DIGITS = re.compile(r"[0-9]{2}(?![0-9])")


def _resident_id_inside(text: str, start: int, end: int) -> bool:
    return end - start <= 22 and is_resident_id(text[start:start + 18])


_LONGEST_NUMBER = 22  # digits and dashes of the longest field read alone (an account)


def _fields(text: str, start: int, end: int, keep: tuple[str, ...], breaks):
    """The numbers in a run made of fields the text separated by blanks (a table row: 身份证号
    电话 账号). A field that is a number on its own is one (an ID, a mobile, a landline, a
    card); the fields left between them are joined, the longest group from the left first
    (a phone spaced 188 7712 6530, an account in groups of four)."""
    cuts = [start, *breaks[bisect_right(breaks, start):bisect_left(breaks, end)], end]
    if len(cuts) > 2 and end < len(text) - 1 and text[end] in ",，." and \
            text[end + 1].isdigit():
        cuts.pop()  # the last field opens the next number (16,200元), not this one's tail
        end = cuts[-1]
    last = len(cuts) - 1
    claimed: list = [None] * last
    for i in range(last):
        claimed[i] = _field_kind(text, cuts[i], cuts[i + 1], keep)
    i = 0
    while i < last:
        if claimed[i]:
            yield cuts[i], cuts[i + 1], *claimed[i]
            i += 1
            continue
        stop = i
        while stop < last and not claimed[stop]:
            stop += 1
        # fields i … stop-1 are no number alone: join neighbours, longest first
        while i < stop:
            for j in range(stop, i + 1, -1):
                found = None if cuts[j] - cuts[i] > _LONGEST_NUMBER else _field_kind(
                    text, cuts[i], cuts[j], keep)
                if found:
                    yield cuts[i], cuts[j], *found
                    i = j
                    break
            else:
                i += 1


def _field_kind(text: str, a: int, b: int, keep: tuple[str, ...]):
    if b - a < 7 or text[b - 1] == "-":
        return None
    found = _number_kind(text, a, b, keep)
    if found is None and _LANDLINE_FIELD.fullmatch(text, a, b) and not _public_label(
            clause_before(text, a)):
        found = PHONE, "landline"
    return found


_BODY_LINE = re.compile(r"监督电话|举报电话|投诉电话|咨询电话|12315|12345")
_OWN_STAFF = re.compile(r"[本我](?:局|委|厅|院|所|队|站|中心|单位|机关)[\u4e00-\u9fff]{0,10}?"
                        r"(?:工作人员|执法人员|干部|职工)")
# The body's word right before a phone label (…执法队电话, 本所值班电话).
_BODYS_PHONE = re.compile(r"(?:局|委员会|队|所|站|中心|政府|办公室|机关)的?"
                          r"(?:联系|办公|值班|咨询)?(?:电话|座机)[:：]?$")
_CONTACT_OFFICER = re.compile(r"联系人|执法人员|承办人")


# The party's own words on a line: a contact after them is the party's, not the body's.
_PARTY_LINE = re.compile(r"当事人|受送达人|送达人|被检查|被询问|被调查|被处罚|证人|申请人|举报人|"
                         r"投诉人|代理人|签名|签字|本人|身份证")


_CLOSING_LINES = 400  # characters after the last sentence: contact lines, name, date


def closing_line(s: str, start: int) -> bool:
    """``start`` stands in the lines after the text's last sentence (its contact lines, name
    and date), on a line that names no party, below one that names none: the body's own
    contact, even where OCR spoilt the date that ``bodyblock.body_tail`` reads the block by
    (２O２６年４月２日)."""
    last = s.rfind("。")
    if last < 0 or start < last or len(s) - last > _CLOSING_LINES:
        return False  # (a text without a sentence, a fragment or a table, has no closing)
    # its own line and the line above it (受送达人：X, then 电子邮箱：… on the next line)
    line = s.rfind("\n", 0, start) + 1
    above = s.rfind("\n", 0, max(0, line - 1)) + 1
    return _PARTY_LINE.search(s, max(last + 1, above), start) is None


def after_remedies(text: str) -> int:
    """Where the notice of remedies ends (…申请行政复议，或者…提起行政诉讼。): what follows it
    is the body's (its name, seal, date, contact). 0 if the text has none."""
    last = max(text.rfind("行政诉讼"), text.rfind("行政复议"))
    if last < 0:
        return 0
    stop = text.find("。", last)
    return stop + 1 if stop >= 0 else 0


def _official_phone(text: str, start: int, keep: tuple[str, ...]) -> bool:
    """The body's own line: a 举报/监督 label, or an officer named as the contact."""
    before = clause_before(text, start, 30)
    if _BODY_LINE.search(before) or body_label(before):
        return True
    if start >= body_tail(text):  # the closing block: its 联系电话 is the office's
        return True
    if _OWN_STAFF.search(before):
        return True  # (round 13) the body's own staff as its agent: 本局某科工作人员，电话…
    if _BODYS_PHONE.search(before) and 0 < after_remedies(text) <= start:
        return True  # (round 13) after the remedies: 有事打镇综合执法队电话…
    if _CONTACT_OFFICER.search(before) and (
            any(name and name in before for name in keep) or
            # the contact line after the notice of remedies is the body's (联系人：X　电话：…)
            ("联系人" in before and 0 < after_remedies(text) <= start)):
        return True
    # (round 13) in plain words: the sentence names the body's own staff (X，本局执法大队
    # 工作人员，电话…), or, after the notice of remedies, a body's unit right before its
    # number (有事打镇综合执法队电话…)
    sentence = _sentence_before(text, start)
    return _STAFF_SENTENCE.search(sentence) is not None or (
        _UNIT_LINE.search(sentence) is not None and 0 < after_remedies(text) <= start)


_STAFF_SENTENCE = re.compile(r"本(?:局|所|队|站|委|厅|院|机关|单位|中心)[\u4e00-\u9fff]{0,12}?"
                             r"(?:工作人员|执法人员|干部|科员|队员)")
_UNIT_LINE = re.compile(r"(?:局|委|厅|所|队|站|办|中心|政府|机关)的?(?:办公|值班|联系)?电话[：:]?$")


def _sentence_before(text: str, start: int) -> str:
    chunk = text[max(0, start - 40):start]
    return chunk[max(chunk.rfind("。"), chunk.rfind("\n"), chunk.rfind("；")) + 1:]


# --------------------------------------------------------------------------------------
# Addresses

_ADDRESS_WORDS = (
    "家庭住址", "家庭地址", "户籍所在地", "户籍地址", "户籍地", "户口所在地", "住址", "家住",
    "现住", "现住址", "现居", "现居住", "现居地", "现居住地", "居住地", "居住地址", "居住在",
    "居住于",
    "暂住", "暂住地", "租住", "租住在", "住在", "住于", "收货地址", "送达地址", "邮寄地址",
    "通讯地址", "联系地址", "身份证地址", "地址", "住所", "住所地", "住", "收件地址", "寄件地址",
    "居所", "实际居住地", "实际居住地址", "经常居住地", "联系住址", "家庭住所",
    # where a paper was served on a person (a 送达回证's line)
    "送达地点", "送达处所",
    # a worker's bed (round 12): a dormitory's, a site cabin's line (宿舍：…, 住宿地：…)
    "宿舍：", "住宿：", "住宿地", "住宿地址", "宿舍地址",
    # (round 13) a home's other labels: 暂住处：…, 常住地址：…, 登记住址：…
    "住处", "暂住处", "现住处", "居住处", "常住地", "常住地址", "登记住址", "户口地址",
    "暂住地址", "现住地", "现住地址", "现居住址")
_ADDRESS_CUE = re.compile(trie_pattern(_ADDRESS_WORDS) + r"[：:]?(?:为|在|于|是|的)?[：:]?")
# _ADDRESS_CUE's words in one pass (``WordScan``), its optional tail read after each: no
# word starts with a character of the tail, so a tail never hides the next word.
_ADDRESS_SCAN = WordScan(_ADDRESS_WORDS)
# A cue word broken over a line by the print (经常居住\n地：…, 家庭住\n址：…): the next line
# opens with the word's last characters and a colon; the line before ends with the rest.
# (户籍\n地址 with no colon: 地址 read whole is a label of its own, the head before it
# makes it the person's; round 12)
_BROKEN_CUE = re.compile(r"\n(?:(地址)|(所地|址|地|所)(?=[：:]))")
_BROKEN_HEADS = {tail: sorted((w[:-len(tail)] for w in _ADDRESS_WORDS
                               if w.endswith(tail) and len(w) > len(tail)), key=len, reverse=True)
                 for tail in ("地址", "所地", "址", "地", "所")}


def _cue_spans(text: str):
    """``_ADDRESS_SCAN.spans(text)`` and the cue words broken over a line, in order."""
    spans = _ADDRESS_SCAN.spans(text)
    if "\n地" not in text and "\n址" not in text and "\n所" not in text:
        return spans
    spans = list(spans)
    for broken in _BROKEN_CUE.finditer(text):
        for head in _BROKEN_HEADS[broken.group(1) or broken.group(2)]:
            if text.endswith(head, 0, broken.start()):
                spans.append((broken.start() - len(head), broken.end()))
                break
    spans.sort()
    return spans
_NOT_HOME_BEFORE = re.compile(r"(?:经营|生产|注册|办公|单位|公司|门店|营业|网店|工作|仓库|场所|"
                              r"厂|店|机关|作业|施工|项目|发货|退货|"
                              # the body's own (本局联系地址：…)
                              r"[本我](?:局|委|厅|院|所|队|站|办|机关|单位))$")
_ADDRESS_UNIT = re.compile(r"[省市县区旗镇乡村屯组街路道巷弄里号楼栋幢室院庄寨]|小区|社区|单元|"
                           # where workers sleep (round 12): a dormitory, a cabin, a shed
                           r"宿舍|板房|工棚|活动房|集装箱房|出租屋|"
                           # (round 13) a township and a village of Inner Mongolia, a
                           # village named …营子, a production team (三队), a room of a row
                           # of sheds (第4间), a boat's cabin
                           r"苏木|嘎查|营子|[0-9一二三四五六七八九十]队|[0-9一二三四五六七八九十]间|"
                           r"生活舱|船舱|"
                           # a farm regiment's company (一四三团十二连), a tower (B座), a flat
                           # block and the housing a person is given (公寓, 安置房, 公租房)
                           r"[0-9一二三四五六七八九十][团连]|[0-9A-Za-z]座|公寓|安置房|公租房|廉租房")
_ADDRESS_END = set("，。；;、）)\n】“”\"：:")
_ADDRESS_END_AT = re.compile("[" + re.escape("".join(sorted(_ADDRESS_END))) + "]").search
_ADDRESS_STOP = re.compile(r"的(?:住房|住宅|房屋|家|院|自建房|民房|门市|店|商铺|厂房)|家中|"
                           r"联系电话|电话|手机|身份证|收件人|联系人|邮编|邮政编码|签收|"
                           r"经营场所|法定代表人|当事人|，|。|现住|户籍|住址|暂住|送达地址|"
                           # each alternative led by a literal: the scan then skips to
                           # their first characters (a group in front made it try every one)
                           + "|".join(word + "(?![路街道巷村里大北南东西中])" for word in (
                               "储存", "存放", "销售", "经营", "从事", "开设", "设立", "建设",
                               "施工", "生产", "加工", "违法", "擅自", "未经")))
# A body or a business named right before a bare 地址: the address is its seat.
_BODY_BEFORE = re.compile(r"(?:局|委员会|委|院|所|公司|中心|站|队|厂|店|社|政府|办)[，,]?$")
# A person's own 住所 in a business's decision: the operator's, the legal representative's
# (经营者住所：…小区7栋…室), not the business's seat.
_PERSON_OWN = re.compile(r"(?:经营者|负责人|代表人|投资人|业主|本人|个人|"
                         # (round 13) the person a notice speaks to: 你登记的住所…
                         r"[你您](?:登记|申报|留存|提供)?的?)$")
_BARE_ZHU_NOT = re.compile(r"住(?:院|宿|房|宅|户|手|持|建|所内|处)")
_PLACE_OF = re.compile(r"位于|家(?:中[（(]|住|位于|在)|住处(?:即|为|位于|[（(])?")
_ORG_MARKERS = re.compile(r"公司|厂|店|中心|合作社|协会|医院|学校|单位|企业|集团|商行|超市|门市|"
                          r"经营部|信用代码|法定代表人|诊所|药房|部|站|馆|所")


# ``[0-9一…百]+…|[0-9]+…`` with the first character taken out in front: a pattern that opens
# with a repeat has no first-character set, and ``re`` tried it at every position of the
# address; the same alternatives, in the same order, after it.
_HOUSE_NUMBER = re.compile(r"[0-9一二三四五六七八九十百](?:[0-9一二三四五六七八九十百]*(?:-[0-9]+)*"
                           r"(?:号院|号楼|号|室|房|栋|幢|单元|组|社|户|楼|层|排|队|间|连)[0-9]*"
                           r"(?:-[0-9]+)*|"
                           r"(?<=[0-9])[0-9]*(?:-[0-9]+){1,3})")
_ADDRESS_GOES_ON = re.compile(r"[院楼栋幢室单元号附之甲乙丙东西南北侧内顶]|[0-9]|地下|"
                              r"房(?!屋|产|间)")  # 11栋303房
# A place a natural person's decision names with 在 that is a dwelling (小区…栋, 村…组):
# where the party built, kept or sold something at home (你在锦绣华庭小区8栋顶楼搭建…).
# The look-behind after 在, not before it: a pattern that opens with one has no first
# character, and ``re`` tries it at every position instead of skipping to each 在.
_AT_PLACE = re.compile(r"在(?<!所在)(?=[\u4e00-\u9fff]{2,8}?"
                       r"(?:省|市|县|区|镇|乡|街道|路|街|村|小区))")
# …but a plot where land was taken or dug is the scene of the violation (在X村第四村民小组
# “大丘田”占用耕地建房), not the party's home.
_LAND_USE = re.compile(r"占用|占地|耕地|林地|农田|草地|采挖|开挖|挖掘|取土|采砂|毁坏")
_DWELLING = re.compile(r"小区|栋|幢|单元|[0-9]室|号楼|顶楼|村[^，。；]{0,6}?[组号队]|"
                       r"[0-9一二三四五六七八九十]+[组队]")


# A house number broken over a line (…2单元1201\n室, …2单元1\n201\n室): the next line opens
# with the rest of the number and its unit.
_BROKEN_NUMBER = re.compile(r"[0-9]{0,5}(?:\n[0-9]{1,5})?(?:室|号|栋|幢|单元|层|户)")
# …or after the building's unit (…员工宿舍B栋3楼\n312室): the room opens the next line.
_BROKEN_ROOM = re.compile(r"[0-9]{1,5}(?:-[0-9]{1,4})?(?:室|号|房|户)")
_BUILDING_UNIT = frozenset("楼栋幢层座元")


# What opens a line of its own, not the rest of an address: a form's "label：".
_LINE_LABEL = re.compile(r"[\u4e00-\u9fff]{1,8}[：:]")


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _address_value(text: str, start: int) -> int:
    return _address_span(text, start)[0]


# (round 13) A page's furniture between two lines of an address: the footer (——第1页 共3页——,
# - 2 -) and the next page's running header (某局询问笔录, …决定书（第2页）), or a blank line.
# In the view the header may be joined to the line after it (a soft wrap): read as a prefix.
_PAGE_FOOTER = re.compile(r"[^\n]{0,30}?第[0-9一二三四五六七八九十]+页[^\n]{0,12}|"
                          r"共[0-9一二三四五六七八九十]+页|[—\-－–]{1,2}[0-9]{1,3}[—\-－–]{1,2}")
_RUNNING_HEADER = re.compile(r"[\u4e00-\u9fff（）()]{2,40}?(?:笔录|决定书|告知书|通知书|记录|"
                             r"报告|申请书|回证|催告书|公告)(?:[（(][^\n]{0,12}?[)）])?")
# A line that goes on with an address without a house number: a chain of named units to
# its end (…若水镇\n岩头村，), as a PDF breaks a village's name off its county.
_UNIT_CHAIN = re.compile(r"(?:[\u4e00-\u9fff]{1,8}?(?:自治区|自治州|省|市|县|区|旗|镇|乡|街道|"
                         r"苏木|嘎查|营子|自然村|村|屯|寨|社区|小区|组|社|队|路|街|巷|弄|胡同))+")
# A number unit right after a house number that ends with digits (…3组18|号): the number
# goes on to it before the address is cut.
_UNIT_AFTER = re.compile(r"号院|号楼|号|室|房|栋|幢|单元|组|社|户|楼|层|排|队|间|连")


def _furniture(text: str, pos: int) -> int:
    """Where the address goes on after the page's furniture that starts at ``pos``
    (``pos`` when there is none)."""
    for _ in range(4):
        line_end = text.find("\n", pos)
        if line_end < 0:
            break
        if line_end == pos or _PAGE_FOOTER.fullmatch(text, pos, line_end) or \
                _RUNNING_HEADER.fullmatch(text, pos, line_end):
            pos = line_end + 1
            continue
        break
    header = _RUNNING_HEADER.match(text, pos)  # a header the view joined to the next line
    if header and _is_han(text[header.end():header.end() + 1] or "a"):
        return header.end()
    return pos


def _address_span(text: str, start: int) -> tuple[int, tuple[int, int] | None]:
    """Where the address that opens at ``start`` ends, and the page furniture inside it (a
    footer and a header between its lines) to be left out, if any."""
    limit = min(len(text), start + 60)
    found = _ADDRESS_END_AT(text, start, limit)  # the first end character, at C speed
    hole = None
    # A hard break inside the address (住址：某县\n某镇某\n路8幢501室): the lines after go
    # on with it when the value has no house number yet and one of the next two lines,
    # neither a "label：" line, holds one before its punctuation, or is a chain of named
    # units (round 13); a page's footer and header between them are skipped.
    if found and found.group() == "\n" and _is_han(text[found.start() - 1]) and \
            not _HOUSE_NUMBER.search(text, start, found.start()):
        after = _furniture(text, found.start() + 1) if "页" in text or "\n\n" in text or \
            _RUNNING_HEADER.match(text, found.start() + 1) else found.start() + 1
        if after > found.start() + 1:
            limit = min(len(text), limit + after - found.start())
        line = after
        for _ in range(2):
            if _LINE_LABEL.match(text, line):
                break
            following = _ADDRESS_END_AT(text, line, limit)
            stop = following.start() if following else limit
            if _HOUSE_NUMBER.search(text, line, stop) or (
                    stop - line <= 30 and _UNIT_CHAIN.fullmatch(text, line, stop)):
                if after > found.start() + 1:
                    hole = (found.start(), after)
                found = following
                break
            if not following or following.group() != "\n" or not _is_han(text[stop - 1]):
                break
            line = following.start() + 1
    if found and found.group() == "\n":
        before = text[found.start() - 1]
        broken = _BROKEN_NUMBER.match(text, found.start() + 1) if "0" <= before <= "9" else \
            _BROKEN_ROOM.match(text, found.start() + 1) if before in _BUILDING_UNIT else None
        if broken:
            found = _ADDRESS_END_AT(text, broken.end(), min(len(text), broken.end() + 20))
    end = found.start() if found else max(start, limit)
    stop = _ADDRESS_STOP.search(text, start, hole[0] if hole else end) or (
        _ADDRESS_STOP.search(text, hole[1], end) if hole else None)
    if stop:
        end = stop.start()
        if hole and end <= hole[1]:
            end, hole = min(end, hole[0]), None
    # An address ends with its house number (…胡同5号被他人用于…): cut after the last
    # number unit unless the address goes on (号院2号楼, 1单元101).
    last = None
    for number in _HOUSE_NUMBER.finditer(text, hole[1] if hole else start, end):
        last = number
    if last and last.end() < end:
        cut = last.end()
        if "0" <= text[cut - 1] <= "9" and (unit := _UNIT_AFTER.match(text, cut, end)):
            cut = unit.end()  # (…3组18号: the number's own unit)
        if cut < end and not _ADDRESS_GOES_ON.match(text, cut):
            end = cut
    # An aside inside the address closes with it (…自然村（原五队）).
    if end < len(text) and text[end] in "）)" and \
            text.count("（", start, end) + text.count("(", start, end) > \
            text.count("）", start, end) + text.count(")", start, end):
        end += 1
    return end, hole


ADDRESS_UNIT = _ADDRESS_UNIT  # (a table's address column reads the same units)


def _looks_like_address(value: str) -> bool:
    return len(value) >= 4 and len(_ADDRESS_UNIT.findall(value)) >= 2


# A room alone in an aside after a person's name is their home (业主X（3栋2单元501室）):
# a building, maybe a unit, and a room, nothing else (a business gives its whole address).
_ROOM_ASIDE = re.compile(r"[（(](?<=[\u4e00-\u9fff][（(])([0-9A-Za-z]{1,4}(?:栋|幢|号楼|座)"
                         r"(?:[0-9]{1,2}单元)?[0-9]{2,5}(?:室|号|户)?)[)）]")
_HOME_AFTER = re.compile(r"的(?:住房|住宅|房屋|家|自建房|民房|院|住处|住所|居所)")
# …or a home named before 位于: one's own 宅基地, house or home (原有宅基地位于…).
_HOME_BEFORE = re.compile(r"(?:宅基地|住房|住宅|自建房|民房|住处|居所|家|户籍地|居住地)$")


# OCR's l, I and O for 1 and 0 beside a digit (益田村l2栋5O3): read as the digits they stand
# for, one character for one, so every position stays (round 12). Each alternative opens
# with its letter (``re`` skips to them); a letter inside a Latin word stays.
_OCR_DIGIT = re.compile(r"[lIO](?:(?<=[0-9][lIO])(?![A-Za-z])|(?<![A-Za-z][lIO])(?=[0-9]))")


def _ocr_digit(match: re.Match) -> str:
    return "0" if match.group() == "O" else "1"


# …and a house number OCR spelt in letters only, read by the unit after it (lO号, lOl室):
# two or more of l, I, O and digits, no Latin letter before them (round 13).
_OCR_NUMBER_UNIT = re.compile(r"(?<![A-Za-z0-9])[lIO0-9]+(?=号|室|栋|幢|组|单元|楼|层|队|社|户)")
_LETTERS_AS_DIGITS = str.maketrans("lIO", "110")


def _ocr_number_unit(match: re.Match) -> str:
    run = match.group()
    return run.translate(_LETTERS_AS_DIGITS) if len(run) >= 2 else run


# A flat named as the scene in a natural person's decision (…，某市某区某街道某小区5栋2单元
# 1703室发生火灾): a room after a unit or a building, the clause before it opening with a
# city, district or county. The person lives there (a private dwelling is no public place).
# (opening with a class of one character, which ``re`` skips to; 元 is checked for its 单)
_FLAT_ROOM = re.compile(r"[元栋幢座][0-9]{1,5}(?:-[0-9]{1,4})?(?:室|房|号|户)")
_LAST_OPEN = re.compile(r".*[，,。；;：:、\n（(“”\"]", re.DOTALL)
# (the clause opens with the place itself: no person or preposition before its first unit)
_FLAT_HEAD = re.compile(r"(?:(?![于在到从向人的和与])[\u4e00-\u9fff]){2,8}?"
                        r"(?:省|自治区|市|区|县|旗)")


def _flats(text: str, taken: list[tuple[int, int]]):
    for room in _FLAT_ROOM.finditer(text):
        end = room.end()
        if (room.group()[0] == "元" and text[room.start() - 1] != "单") or \
                any(a <= room.start() < b for a, b in taken):
            continue
        window = max(0, room.start() - 40)
        opened = _LAST_OPEN.match(text, window, room.start())
        start = opened.end() if opened else window
        if _FLAT_HEAD.match(text, start) and _looks_like_address(text[start:end]) and \
                not _ORG_MARKERS.search(text, max(0, start - 12), end) and \
                not _NOT_HOME_BEFORE.search(text, max(0, start - 4), start):
            yield start, end, ADDRESS, "address_bare"


def addresses(text: str, party_kind: str):
    tail = body_tail(text)  # (of the text itself: its memo is the other detectors')
    if _OCR_DIGIT.search(text):
        text = _OCR_DIGIT.sub(_ocr_digit, text)
    if "lO" in text or "Ol" in text or "ll" in text or "OO" in text:
        text = _OCR_NUMBER_UNIT.sub(_ocr_number_unit, text)
    found = list(_addresses(text, party_kind, tail))
    if party_kind == "natural_person" and ("单元" in text or "室" in text):
        found.extend(_flats(text, [(a, b) for a, b, _k, _r in found]))
    return found


# A table's header (姓名　身份证号码　联系电话　住址): the view drops the blanks between its
# cells and may join the first row to it (PDF wrap), so a 住址 there would read the whole
# row as one address. The cue is a column's name when the words before it on its line are
# other columns' names, with no punctuation: ``tables`` reads the column (round 12).
_HEADER_WORDS = re.compile(r"姓名|身份证|身份号码|电话|手机|性别|年龄|序号|证件|职务|岗位|工种|"
                           r"出生|民族|编号|关系")
_HEADER_STOP = re.compile(r"[，,。；;：:、（(“]")


def _in_header(text: str, cue_start: int) -> bool:
    line = text.rfind("\n", 0, cue_start) + 1
    return cue_start - line <= 40 and not _HEADER_STOP.search(text, line, cue_start) and \
        len(_HEADER_WORDS.findall(text, line, cue_start)) >= 2


def _addresses(text: str, party_kind: str, tail: int):
    size = len(text)
    remedies = -1  # (where the notice of remedies ends: read once, when a 地址 asks)
    for cue_start, start in _cue_spans(text):  # _ADDRESS_CUE.finditer
        if start < size and text[start] in "：:":  # the tail: [：:]?(?:为|在|于|是|的)?[：:]?
            start += 1
        if start < size and text[start] in "为在于是的即" and not (
                # a label names no verb: 住址于洪区… is 于洪区's (a place may open with 于)
                text[start] == "于" and text[start - 1] in "址地所处"):
            start += 1
        if start < size and text[start] in "：:":
            start += 1
        if text.startswith("确认", start) and text[start + 2:start + 3] in ("：", ":"):
            start += 3  # 送达地址确认：… (a form's line)
        if text[start:start + 1] == "\n" and _is_han(text[start + 1:start + 2] or "a"):
            start += 1  # the cue ends a line, the address opens the next (，住\n某县…)
        word = text[cue_start:start].replace("\n", "")
        if _NOT_HOME_BEFORE.search(text, max(0, cue_start - 4), cue_start) or \
                cue_start >= tail:  # the body's closing block (地址：… above its name)
            continue
        if word.startswith("住") and not word.startswith(("住址", "住在", "住于", "住宿",
                                                          "住处")):
            if _BARE_ZHU_NOT.match(text, cue_start):
                continue
            if word.startswith("住所") and not _PERSON_OWN.search(
                    text, max(0, cue_start - 4), cue_start) and (
                    party_kind in ("organisation", "individual_business") or (
                        party_kind != "natural_person" and _ORG_MARKERS.search(
                            text, max(0, cue_start - 60), cue_start))):
                continue  # an organisation's registered seat is public, whatever its name
        if word.startswith("地址") and party_kind in ("organisation", "individual_business") \
                and not _to_a_person(text, cue_start):
            continue  # the party's own 地址 line: a seat or premises, public
        if word.startswith(("地址", "住所")) and _BODY_BEFORE.search(
                text, max(0, cue_start - 4), cue_start):
            continue  # a body's 地址 or 住所地 after its name (被申请人：某某局，住所地…)
        if word.startswith("地址"):
            if remedies < 0:
                remedies = after_remedies(text)
            if 0 < remedies <= cue_start and _BODYS_LINE.search(
                    text, _sentence_start(text, cue_start), cue_start):
                continue  # (round 13) the body's line after the remedies: 执法队电话…，地址…
        end, hole = _address_span(text, start)
        value = text[start:end]
        if not _looks_like_address(value) and not (
                word.rstrip("：:为在于是的即") in _LIVING_VERBS and (
                    _SHELTER.search(value) or _VILLAGE.match(value))):
            continue
        if _in_header(text, cue_start) or (
                _premises_after(text, end) and not _LIVING_WORD.search(word)):
            continue
        rule = "address_bare" if word == "住" or word.startswith("地址") else "address_cue"
        if hole:
            yield start, hole[0], ADDRESS, rule
            yield hole[1], end, ADDRESS, rule
        else:
            yield start, end, ADDRESS, rule
    for room in _ROOM_ASIDE.finditer(text) if "栋" in text or "幢" in text else ():
        yield room.start(1), room.end(1), ADDRESS, "address_bare"
    if party_kind == "natural_person" and "在" in text:
        for cue in _AT_PLACE.finditer(text):
            start = cue.end()
            end = _address_value(text, start)
            value = text[start:end]
            if _looks_like_address(value) and _DWELLING.search(value) and \
                    not _LAND_USE.search(text, end, end + 16):
                yield start, end, ADDRESS, "address_bare"
    for cue in _PLACE_OF.finditer(text) if (
            "位于" in text or "家" in text or "住处" in text) else ():
        start = cue.end()
        end = _address_value(text, start)
        following = text[end:end + 4]
        if cue.group() == "位于" and not _HOME_AFTER.match(following) and not \
                _HOME_BEFORE.search(text, max(0, cue.start() - 4), cue.start()):
            continue
        if _looks_like_address(text[start:end]):
            yield start, end, ADDRESS, "address_home"
    yield from _asides(text)


# (round 13) Verbs of living: after them a shelter alone is a home (住在货船的生活舱里,
# 住工地板房), where an address needs two units.
_LIVING_VERBS = frozenset(("住", "居住", "暂住", "租住", "家住", "现住", "现居", "住宿",
                           "宿舍"))
_SHELTER = re.compile(r"宿舍|板房|工棚|活动房|集装箱房|出租屋|出租房|生活舱|船舱|船上|窝棚|帐篷|"
                      r"公寓|安置房|公租房|廉租房")
# …or a village or an estate named by itself, as speech gives it (我家住在桥头村那边).
_VILLAGE = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:村|屯|寨|嘎查|营子|小区|社区)(?![委民])")
# A business's premises named right after the value (…春谷路166号公司办公室): the paper was
# served at a workplace, not a home — unless a shelter follows (…8号公司宿舍3楼).
_PREMISES = re.compile(r"公司|厂区|厂房|门市|门店|店铺|办公室|办公楼|车间|仓库|营业厅|商铺|项目部|"
                       r"写字楼")


_LIVING_WORD = re.compile(r"住|居|户籍|户口|家|宿")


def _premises_after(text: str, end: int) -> bool:
    return _PREMISES.match(text, end) is not None and \
        _SHELTER.search(text, end, end + 8) is None


# A 地址 in a letter to a person (您登记的联系方式为手机…，地址…): the sentence speaks to
# 您 or 你 (not 你单位, 你公司) and gives the person's phone, mail or ID before it.
_TO_YOU = re.compile(r"[您你](?!单位|公司|店|厂|司|户|部|社|中心|所|站|行|处)")
_PERSONAL_BEFORE = re.compile(r"手机|电话|邮箱|身份证|微信")


def _to_a_person(text: str, cue_start: int) -> bool:
    opens = _sentence_start(text, cue_start)
    return _TO_YOU.search(text, opens, cue_start) is not None and \
        _PERSONAL_BEFORE.search(text, opens, cue_start) is not None


# The body's own phone or address after the notice of remedies, named after the body's
# word (有事打镇综合执法队电话…，地址…; 本局联系电话…).
_BODYS_LINE = re.compile(r"(?:局|委员会|队|(?<!住)所|站|中心|政府|办公室|机关)的?"
                         r"(?:联系|办公|值班|咨询)?(?:电话|座机|地址)")


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos), text.rfind("；", 0, pos)) + 1


# (round 13) An address in an aside after a home (租用村民某家后院（某村三队某家院子）), and
# a place given with an aside that says people live there (检查地点：…5-2（群租房）).
# Each scan opens with a class or a literal ``re`` skips to; the words are checked after.
_HOME_PAREN = re.compile(r"[家院宅房屋子里中]的?[（(]")
_HOME_ASIDE = re.compile(r"(?:(?<![厂商店卖买专国酒农])家|家中|家里|后院|前院|院子|老宅|住房|"
                         r"住宅|自建房|民房|出租屋|出租房)的?[（(]$")
_DWELLING_ASIDE = re.compile(r"(?:群租房|出租屋|出租房|住宅|民房|自住房|租住房|宿舍|住处)[)）]")
_PLACE_LABEL = re.compile(r"(?:地点|场所|位置|地址|现场)[：:]")


def _asides(text: str):
    for paren in _HOME_PAREN.finditer(text):
        start = paren.end()
        if not _HOME_ASIDE.search(text, max(0, start - 5), start):
            continue
        close = text.find("）" if text[start - 1] == "（" else ")", start, start + 40)
        if close < 0:
            continue
        value = text[start:close]
        if _looks_like_address(value) and (_HOUSE_NUMBER.search(value) or
                                           "村" in value or "小区" in value):
            yield start, close, ADDRESS, "address_aside"
    for aside in _DWELLING_ASIDE.finditer(text):
        opens = max(text.rfind("（", max(0, aside.start() - 8), aside.start()),
                    text.rfind("(", max(0, aside.start() - 8), aside.start()))
        if opens < 0:
            continue
        line = text.rfind("\n", 0, opens) + 1
        labels = list(_PLACE_LABEL.finditer(text, max(line, opens - 60), opens))
        if not labels:
            continue
        label = labels[-1]  # the nearest label before the aside
        value = text[label.end():opens]
        if _looks_like_address(value) and _HOUSE_NUMBER.search(value) and \
                not _ADDRESS_END_AT(value):
            yield label.end(), opens, ADDRESS, "address_aside"


_ADMIN_UNIT = re.compile(r"(?:自治区|自治州|省|市|县|区|旗|镇|乡|街道|(?<=[\u4e00-\u9fff])"
                         r"(?:大街|大道|路|街|巷))(?![0-9号])")


_WHITESPACE = re.compile(r"\s+")
# A sub-district's level after a county's or a district's: what the facts leave out.
_SUB_DISTRICT = re.compile(r"(?<=[县区市旗])(?:(?![县区市旗省])[\u4e00-\u9fff]){2,6}?"
                           r"(?:街道|镇|乡)(?![0-9号])")


def _district_tail(head: str) -> str:
    """The county or district that ends ``head`` (某某市|南岗区 → 南岗区)."""
    units = [m.end() for m in _ADMIN_UNIT.finditer(head)]
    return head[units[-2]:] if len(units) >= 2 else head


# The home's building: the first 号楼, 栋, 幢 or 座 after a number (…49号楼|2单元…).
_BUILDING = re.compile(r"[0-9一二三四五六七八九十]+(?:号楼|栋|幢|座)")
_TAIL_NUMBER = re.compile(r"[0-9号组村室栋单元]").search
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}").search


def broken_repeats(s: str, values) -> list[tuple[int, int, str, str]]:
    """(round 13) The occurrences of each address value that a hard line break splits
    (住…新桥河村11组。… 在新桥河\n村11组自家院内…): read on the view without its breaks and
    mapped back. Those a break does not split are ``masking._every``'s."""
    if not values or "\n" not in s:
        return []
    flat = s.replace("\n", "")
    # (a value found as often without the breaks as with them has no split occurrence: two
    # counts at C speed spare the walk over the breaks for most texts)
    values = [value for value in values if len(value) >= 5 and "\n" not in value and
              flat.count(value) > s.count(value)]
    if not values:
        return []
    cuts, at = [], s.find("\n")
    while at >= 0:
        cuts.append(at - len(cuts))  # where the break stood in ``flat``
        at = s.find("\n", at + 1)
    out = []
    for value in values:
        hit = flat.find(value)
        while hit >= 0:
            end = hit + len(value)
            first, last = bisect_right(cuts, hit), bisect_left(cuts, end)
            if last > first:  # a break inside: not found by a plain search
                out.append((hit + first, end + last, ADDRESS, "address_repeated"))
            hit = flat.find(value, end)
    return out


@lru_cache(maxsize=4096)
def address_variants(address: str) -> tuple[str, ...]:
    """The address and its tails after each administrative unit (what the facts repeat:
    柳林镇东街12号, 东街12号), longest first; tails too short to be one home are left."""
    address = _WHITESPACE.sub("", address or "")
    out = [address] if len(address) >= 4 else []
    # The facts name the home's building (在你居住的某街49号楼楼顶) and skip a level of the
    # address (某区|某街道|某街49号楼 → 某区某街49号楼): the building, and the address with
    # one unit left out, are read as the address, with their tails.
    for unit in _ADMIN_UNIT.finditer(address):
        tail = address[unit.end():]
        if len(tail) >= 5 and _TAIL_NUMBER(tail) and _TWO_HAN(tail):
            out.append(tail)
    building = _BUILDING.search(address)
    bases = [address]
    if building and building.end() < len(address):
        bases.append(address[:building.end()])
        # (its tail after the last unit only: each value is one more search of the text)
        units = list(_ADMIN_UNIT.finditer(bases[1]))
        tail = bases[1][units[-1].end():] if units else ""
        if len(tail) >= 5 and _TWO_HAN(tail):
            out.append(tail)
    # the sub-district's level left out after the county's or district's (某区|某街道|…)
    skipped = _SUB_DISTRICT.search(address)
    if skipped:
        head = address[:skipped.start()]
        for base in bases:
            rest = base[skipped.end():]
            if len(rest) >= 5 and _TWO_HAN(rest) and _TAIL_NUMBER(rest):
                out.append(_district_tail(head) + rest)
    return tuple(dict.fromkeys(out))
