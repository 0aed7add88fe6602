"""Health information in decision texts (R-PUB-05): conditions, symptoms, injuries,
treatments, drugs, pregnancy and disabilities of a person, found in the normalised view
(``textview.View.view``) and yielded as ``(start, end, "health", rule)``.

Read around cue words in both orders (患有X, X病史, X患者, 因X住院) and from the words
themselves; never inside a title in 《》, a quoted name or an advertising claim (宣称治疗X),
and not where the word names a field, an institution or a product (传染病防治, 精神病医院,
X药品).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from sanxiang.disclosure.wordtrie import WordScan

HEALTH = "health"


def _literal_first(firsts, rest: str) -> str:
    """``(?:a|b|c)REST`` as ``aREST|bREST|cREST``: the same matches in the same order, but
    every alternative starts with a literal, so ``re`` skips to their first characters at C
    speed instead of trying the pattern at every position."""
    return "|".join(re.escape(first) + rest for first in firsts)


def _class_star(chars: str, tail: str) -> str:
    """``[chars]*tail`` with every alternative starting with a literal."""
    return "|".join(f"{c}[{chars}]*{tail}" for c in chars) + "|" + tail


def _class_plus(chars: str, tail: str) -> str:
    """``[chars]+tail`` with every alternative starting with a literal."""
    return "|".join(f"{c}[{chars}]*{tail}" for c in chars)


_BODY_PARTS = ("腰椎", "颈椎", "胸椎", "椎间盘", "心脏", "心肺", "肝", "肺", "肾", "胃", "眼",
               "左眼", "右眼", "双眼", "耳", "视力", "听力", "腿", "手", "脚", "头部", "脑", "脊髓",
               "骨盆")
_BODY_TAILS = ("突出", "骨折", "损伤", "病变", "衰竭", "出血", "下降", "丧失", "受损", "起搏器",
               "支架", "手术", "移植", "栓塞", "梗死", "梗塞", "坏死", "功能障碍")
_BODY_CONDITION = _literal_first(
    _BODY_PARTS, r"[\u4e00-\u9fff]{0,6}?(?:" + "|".join(_BODY_TAILS) + ")")
# (round 8) found from the tail, in the Aho–Corasick pass, and read back to the part: the
# pattern above entered at every 手, 眼, 肝 … of a text and cost half of the health scan.
_BODY_BEFORE = re.compile("(?:" + "|".join(_BODY_PARTS) + r")[\u4e00-\u9fff]{0,6}$")
_CONDITION = (_BODY_CONDITION + r"|糖尿病|高血压|冠心病|心脏病|癫痫|肺结核|结核病|乙肝|丙肝|艾滋病|"
              r"HIV|hiv|梅毒|精神分裂症?|抑郁症|焦虑症|阿尔茨海默病?|老年痴呆|痴呆|脑梗塞?|脑出血|中风|偏瘫|瘫痪|白血病|肝硬化|"
              r"尿毒症|哮喘|慢阻肺|慢性阻塞性肺病|肺疾病|肺水肿|矽肺|硅肺|尘肺病?|噪声聋|"
              r"精神病(?:人|患者)?|多动障碍|神经病变|神经损伤|高原反应|高原病|周围炎|肩周炎|"
              + _class_star("肺肝胃肠乳腺宫颈鼻咽食管", "癌") + r"|肿瘤|苯中毒|一氧化碳中毒|"
              + _class_star("农药食物酒精", "中毒")
              + r"|骨折|离断伤?|截肢|烧伤|烫伤|脑震荡|过敏史|过敏性休克|怀孕|妊娠|流产|"
              r"智力障碍|精神障碍|孤独症|自闭症|听力障碍|视力障碍|失明|失聪|聋哑|传染性疾病|"
              # symptoms, injuries and conditions written without a cue word
              r"头晕|呕吐|腹泻|恶心|晕厥|昏迷|休克|心悸|失眠|发烧|高烧|发热|灼伤|轻微伤|轻伤|重伤|"
              r"色弱|色盲|恐惧症|心理治疗|发炎|坏死|肺炎|肝炎|胃炎|肠炎|鼻炎|关节炎|阑尾炎|"
              r"骨裂|外伤|抑郁|残疾|"
              # injuries, pains and conditions named by their last word (右腕软组织挫伤, 腰腿痛)
              r"挫裂伤|挤压伤|挫伤|裂伤|擦伤|咬伤|刺伤|扭伤|割伤|划伤|撕裂伤|抓伤|"
              + _class_plus("头腹胸腰腿牙胃", "痛") + r"|心绞痛|"
              r"支气管炎|气管炎|咽炎|皮炎|神经衰弱|多动症|寒战|呼吸困难|红肿|过敏(?!史|性)|"
              r"低血糖|高血糖|血糖[\u4e00-\u9fff]{0,2}(?:不佳|升高|异常|偏高|偏低|过高|过低|高(?=[，。；“”\"]))|"
              # conditions named without a cue (称其有痛风, 辩称其有双相情感障碍), a list's
              # later items (2型糖尿病、慢性肾功能不全), and whole names of which a part was
              # read before (产后抑郁, 类风湿性关节炎, 孕晚期)
              # (a common first character costs every scan: 产后, 先兆, 类, 双相 are read
              # as qualifiers before the condition instead)
              r"血压[\u4e00-\u9fff]{0,2}(?:骤升|升高|过高|异常)|痛风|情感障碍|"
              r"早产|功能不全|衰竭|椎管狭窄|半月板损伤|韧带损伤|"
              r"胸闷|皮疹|意识模糊|意识不清|意识障碍|血气胸|"
              r"孕[早中晚]期|呼吸道感染|肺部感染|尿路感染")
# Every alternative starts with a literal: the scan skips other positions at C speed.
def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern``."""
    alternatives, depth, current, pos = [], 0, "", 0
    while pos < len(pattern):
        char = pattern[pos]
        if char == "\\":
            current += pattern[pos:pos + 2]
            pos += 2
            continue
        if char == "[":
            close = pattern.index("]", pos + 1)
            current += pattern[pos:close + 1]
            pos = close + 1
            continue
        depth += (char == "(") - (char == ")")
        if char == "|" and not depth:
            alternatives.append(current)
            current = ""
        else:
            current += char
        pos += 1
    alternatives.append(current)
    return alternatives


def _by_first_character(pattern: str, loose: bool = False) -> str:
    """``a1|b1|a2`` as ``a(?:1|2)|b(?:1)``: alternatives that start with another literal
    cannot match where these do, so the matches are the same; ``re`` walks every top-level
    alternative at each candidate position, and there are a third fewer. ``loose``: the
    alternatives that do not start with a literal are kept as they are, after the groups
    (for a pattern whose matches do not depend on the order of its alternatives, such as
    ``(?:…)+$`` searched for its leftmost start)."""
    groups: dict[str, list[str]] = {}
    others = []
    for alternative in _alternatives(pattern):
        if not alternative or alternative[0] in "()[]\\.^$*+?{}|" or \
                alternative[1:2] in ("?", "*", "{", "+"):
            if not loose:
                return pattern  # not a list of literal-led alternatives: leave it
            others.append(alternative)
            continue
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join([first + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
                    + others)


# The conditions written as plain words (糖尿病, 头晕, 挫伤 …) are found with jieba's in one
# Aho–Corasick pass (``_scan``, ADR 0054); the regular expression keeps the patterns.
_PLAIN = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
_NOT_BODY = _alternatives(_CONDITION[len(_BODY_CONDITION) + 1:])
assert _CONDITION.startswith(_BODY_CONDITION + "|")
_CONDITION_LITERALS = tuple(a for a in _NOT_BODY if _PLAIN.fullmatch(a))
_CONDITION_PATTERNS = "|".join(a for a in _NOT_BODY if not _PLAIN.fullmatch(a))
_HEALTH_CUE = re.compile("(?:" + _by_first_character(
    r"突发(?!事件|情况|状况|公共)|突患|患有|罹患|身患|患(?<!隐患)(?![者])|确诊为?|诊断为|"
    r"诊断出|被诊断|经诊断|检查出|查出|住院|就医|就诊|病史|病历|伤残|残疾(?![人]证?)|致残|受伤|出现[^，。；]{1,10}症状|症状|体检报告|"
    f"{_CONDITION_PATTERNS}") + ")")
# Found from 级 (a literal, found at C speed), then the grade and the kind before it.
_DISABILITY_LEVEL = re.compile(r"级(?:残疾|伤残)")
_DISABILITY_BEFORE = re.compile(r"(?:听力|视力|言语|肢体|智力|精神|多重)?"
                                r"[一二三四五六七八九十1-9]$")
_CONDITION_BEFORE_PATIENT = re.compile(
    r"(?:病|症|炎|癌|瘤|核|毒|伤|折|疾|障碍|综合征|感染|阳性)(?:患者|病人)")
# A health word in these is not about a person: product claims, law and case titles, the
# field's own vocabulary (传染病防治, 残疾人证, 疾病预防控制中心).
_NOT_HEALTH_AFTER = re.compile(r"防治|预防|防控|控制|疫情|报告|管理|监测|药品?|茶|产品|保健|器械|"
                               r"机构|科|医院|门诊|诊所|中心|人证|人保障|人联合会|证明|情况|专科|"
                               r"事故|风险|隐患|标准|装置|设施|设备|措施|物品|物|源|性|"
                               # a benefit's name (一次性伤残补助金, 伤残津贴)
                               r"补助金|津贴|"
                               # (round 9) a period named for a class of workers (孕期女职工)
                               r"女职工|妇女|女工|职工")
# …but a person treated somewhere is not a claim (村民也曾在此治疗腰腿痛).
_TREATED_BEFORE = re.compile(r"(?:在此|来此|前来|在其诊所|接受|为其|给其|帮其)治疗[^，。；]{0,6}$")
_CLAIM_BEFORE = re.compile(r"(?:治疗|治愈|预防|防治|主治|功效|宣称|声称|辅助|降低|改善|缓解|专治|"
                           r"根治|可治)[^，。；]{0,6}$")
# …and what followed a treatment is the person's (治疗后出现牙龈出血, 治疗期间).
_AFTER_TREATMENT = re.compile(r"后|出现|期间|过程中|时")


def _claimed(text: str, start: int) -> bool:
    """The words before ``start`` claim a cure (宣称治疗X, 主治X), not a person's course."""
    claim = _CLAIM_BEFORE.search(text, max(0, start - 12), start) or (
        text[start - 1:start] in _JOINERS and  # (a list's later item only: the search is long)
        _CLAIM_LIST_BEFORE.search(text, max(0, start - 40), start))
    return bool(claim) and not _AFTER_TREATMENT.search(claim.group())


_JOINERS = frozenset("、及和与")
# A claim's later items (可治疗糖尿病、高血压及冠心病): the list goes back to the claim.
_CLAIM_LIST_BEFORE = re.compile(r"(?:治疗|治愈|预防|防治|主治|专治|根治|可治)"
                                r"(?:[^，。；、及和与]{1,10}[、及和与]){1,4}$")


_GRADE = re.compile(r"(?:[一二三四五六七八九十Ⅰ-Ⅻ1-9]+度|[Ⅰ-Ⅻ1-9一二三四]+期|轻度|中度|重度|"
                    r"严重|急性|慢性|化学|开放性|粉碎性|多处|大面积)+$")
_BACK_STOP = set("，。；、：:（）()》“”\n0123456789日时后")
_BACK_KEEP = set("系有患为是因")
# These cues name the condition after them; walking back would take the doctor or hospital.
_FORWARD_ONLY = ("突发", "突患", "患有", "罹患", "身患", "患", "确诊", "诊断", "被诊断", "经诊断",
                 "检查出", "查出", "出现")
_FORWARD_END = set("，。；;（）()《》“”\n")


_BOOK_TITLE = re.compile(r"《[^《》]{1,60}》")
_QUOTED = re.compile(r"“[^“”]{1,30}”")
# A quote of what was written or said about a person (栏填写“癫痫，服药控制”, 注明“…家有精神
# 病人”) is the person's health; other quotes are names and claims (“根治糖尿病”).
# (round 13: and speech quoted after a verb of saying, 附言“…是某病”, 说“…得了某病”, and
# a diagnosis quoted after its verb, 诊断为“…”, 开具“…”病假证明)
_REPORTED_BEFORE = re.compile(r"(?:填写|注明|写明|写有|载明|记载|记录|标注|自述|告知|陈述|称|"
                              r"说|讲|附言|留言|反映|表示|喊|骂|问|答|诊断为|确诊为|诊断|开具|出具)"
                              r"[：:，]?$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_DIGIT_OR_TITLE = re.compile(r"[0-9]|《")
_CONDITION_WORD = re.compile(_CONDITION)


def is_condition(word: str) -> bool:
    """``word`` names a condition as a whole (艾滋病, 白血病): a reading of it as a person's
    name (a surname 艾, 白 before two characters) is wrong (round 13)."""
    return _CONDITION_WORD.fullmatch(word) is not None


def _titles(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BOOK_TITLE.finditer(text)] if "《" in text else []
    if "“" in text:
        spans += [m.span() for m in _QUOTED.finditer(text)
                  if not _REPORTED_BEFORE.search(text, max(0, m.start() - 4), m.start())]
    return spans


def _inside(spans, start: int, end: int) -> bool:
    if not spans:  # most texts quote no title: no generator to make for each cue
        return False
    return any(a < end and start < b for a, b in spans)


# What may stand before a condition and belongs to it: side, body part, count, grade,
# substance (左小腿, 右手三根手指, 急性硫化氢, 吸入性, 2型); nothing else (not the subject).
_QUALIFIER_BODY = (
    r"左侧|右侧|双侧|两侧|[左右双]|"
    r"头皮|头部|头|面部|脸部|眼部|眼睛|眼|双耳|耳|鼻翼|鼻|口腔|牙齿|颈部|颈椎|颈|肩部|肩|锁骨|"
    r"胸部|胸椎|胸|肋骨|背部|腰部|腰椎间盘|腰椎|腰|腹部|腹|臀部|手部|手背|手掌|手指|手腕|腕|手|"
    r"上肢|下肢|肢体|臂|腿部|小腿|大腿|腿|膝关节|膝盖|膝|踝关节|脚踝|踝|脚|足部|足|股骨颈|股骨|"
    r"胫骨|腓骨|桡骨|尺骨|骨盆|脊柱|脊髓|皮肤|软组织|扁桃体|甲状腺|支气管|心脏|心|肝脏|肝|"
    r"肺部|肺|肾脏|肾|胃|肠道|肠|乳腺|宫颈|食管|角膜|视网膜|听力|视力|神经|关节|韧带|肌肉|"
    r"[一二三四五两]?指|食指|拇指|中指|无名指|小指|[小大]|智力|精神|言语|肢体|"
    r"[一二三四五六七八九十两多]+(?:根|处|颗|个)|[0-9一二ⅠⅡ]型|"
    r"[一二三四五六七八九十Ⅰ-Ⅻ1-9]+度|轻度|中度|重度|严重|急性|慢性|化学|开放性|粉碎性|多处|"
    r"大面积|幽闭|高原|周围|注意缺陷|全身|及|产后|先兆|双相|类|[\u4e00-\u9fff]{2}性|双目|目|额部|额头|额|示指|环指|"
    r"青霉素|头孢|药物|花粉|海鲜|酒精|一氧化碳|硫化氢|农药|甲醛|氨气|氯气|有机磷|亚硝酸盐|食物|"
    # (round 8) frequency and more anatomy: 反复, 牙龈, 颅内, ICU (a shape, 乳头状, is read
    # in _widened: one more class-led alternative here costs every search)
    r"反复|多次|长期|定期|再次|牙龈|口唇|嘴唇|舌|咽喉|喉咙|鼻腔|眼睑|眼底|"
    r"心肌|血管|动脉|静脉|淋巴结|淋巴|前列腺|子宫|卵巢|膀胱|胆囊|胰腺|脾|阑尾|直肠|结肠|颅脑|"
    r"颅内|脑部|脑|面颊|下颌|上颌|ICU")


def _reversed(pattern: str) -> str:
    """``pattern`` read right to left, for the simple alternatives of a qualifier: literals,
    classes, ``(?:a|b)`` groups, each with an optional ``?``, ``+`` or ``{n}``."""
    out = []
    for alternative in _alternatives(pattern):
        tokens, pos = [], 0
        while pos < len(alternative):
            if alternative[pos] == "[":
                end = alternative.index("]", pos) + 1
                atom = alternative[pos:end]
            elif alternative.startswith("(?:", pos):
                end = alternative.index(")", pos) + 1
                atom = "(?:" + _reversed(alternative[pos + 3:end - 1]) + ")"
            else:
                end = pos + 1
                atom = alternative[pos]
            if end < len(alternative) and alternative[end] in "?+":
                atom += alternative[end]
                end += 1
            elif alternative.startswith("{", end):
                close = alternative.index("}", end) + 1
                atom += alternative[end:close]
                end = close
            tokens.append(atom)
            pos = end
        out.append("".join(reversed(tokens)))
    # longest first, what may match nothing last: the greedy reading then takes the longest
    # qualifier, as the leftmost search did
    return "|".join(sorted(out, key=lambda a: ("?" in a, -len(a))))


# The same qualifiers matched once on the reversed ten characters before a condition (2 µs)
# instead of searched for at each of them (15 µs; every condition found pays it).
_QUALIFIER_REVERSED = re.compile(
    "(?:" + _by_first_character(_reversed(_QUALIFIER_BODY), loose=True) + ")+")


def _last_characters(pattern: str) -> frozenset:
    """The characters an alternative of ``pattern`` can end with: its last literal, the
    members of a last class (never a range there), the last characters of a last group."""
    out: set = set()
    for alternative in _alternatives(pattern):
        if alternative.endswith("]"):
            out.update(alternative[alternative.rindex("[") + 1:-1])
        elif alternative.endswith(")"):
            out |= _last_characters(alternative[alternative.index("(?:") + 3:-1])
        else:
            out.add(alternative[-1])
    return frozenset(out)


# What ends a qualifier is one of these (or a line break: ``$`` also matches before a final
# one); the search runs only after one (round 8: after the last characters, not every
# character of the pattern, which ran it after 期, 次, 复 …).
_QUALIFIER_CHARS = _last_characters(_QUALIFIER_BODY) | {"\n"}
assert not {"\\", "-", "?", "+", "}"} & _QUALIFIER_CHARS, _QUALIFIER_CHARS
# What may follow a condition and belongs to it: stage, term, sequelae (矽肺二期, 怀孕三个月,
# 妊娠28周, 心脏病史, 心绞痛发作).
_SUFFIX = re.compile(r"(?:约?[一二三四五六七八九十壹贰叁肆0-9Ⅰ-Ⅳ]+(?:个月|周|期|级|度)|后遗症|"
                     r"史(?!料)|急性发作|发作期?|发病期|术后|晚期|早期|中期|急性加重期|在床|卧床|"
                     # a stage in an aside: 尘肺病（矽肺贰期）
                     r"[（(][^（）()\n，。]{1,8}[期级度][)）]|"
                     # a wound's size and a test's result in an aside (约5厘米, （涂阳）)
                     r"约?[0-9.]+(?:厘米|cm|CM|毫米|mm)(?:[×xX*][0-9.]+(?:厘米|cm|毫米|mm)?)?|"
                     r"[（(](?:涂阳|涂阴|阳性|阴性|[^（）()\n，。]{1,6}型)[)）])+")
# Where a condition named after 患有/诊断为 ends: the sentence goes on (病史, 住院, 需透析,
# 正在服药, 后跌倒 …).
_CONDITION_STOP = re.compile(r"病史|住院|入院|就医|就诊|治疗|期间|症状|多次|反复|两天|"
                             r"后(?!遗)|[的需在被经送由于已致时并正而等，。；;（）()《》“”\n]")
# Cues that are events, not conditions (住院, 就诊, 病历): they hide nothing themselves; the
# condition near them is found by its own word.
_EVENT_CUES = frozenset(("住院", "就医", "就诊", "病历", "体检报告", "症状", "受伤", "病史",
                         "致残"))
# Two conditions joined by these are one span (脑梗后偏瘫, 寒战、呼吸困难, 头晕呕吐).
_HEALTH_JOIN = frozenset(("", "、", "后", "及", "和", "并", "伴"))


# The treatment said right after a condition is health information too (患有癫痫，服药控制;
# 尿毒症，需长期透析).
_TREATMENT_AFTER = re.compile(r"[，,](?:需|需要|正在|一直|定期|规律|长期)*"
                              r"(?:服药|用药|吃药|透析|治疗|注射胰岛素)(?:控制|治疗|中)?"
                              r"(?=[，。；;”\"」\n)）]|$)")


def health(text: str):
    # (round 9) each found condition widened to the phrase that describes it, then
    # conditions joined by a list's or a clause's joiner made one span
    spans = sorted((*_phrase(text, start, end), kind, rule)
                   for start, end, kind, rule in _health(text))
    merged: list[list] = []
    for start, end, kind, rule in spans:
        gap = text[merged[-1][1]:start] if merged and start <= merged[-1][1] + 4 else None
        if gap is not None and (
                start <= merged[-1][1] or gap in _HEALTH_JOIN or _JOIN_GAP.fullmatch(gap) or
                _PHRASE_GAP.fullmatch(gap) or _RESULT_GAP.fullmatch(gap) or
                (gap in ("，", ",") and (_quoted(text, merged[-1][0], end) or
                                         _PHRASE_GAP.match(text, start) or
                                         _ALSO_HEAD.match(text, start)))):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, kind, rule])
    for start, end, kind, rule in merged:
        treated = text[end:end + 1] in "，," and _TREATMENT_AFTER.match(text, end)
        # (癫痫，服药控制: the treatment too)
        yield start, treated.end() if treated else end, kind, rule


# --------------------------------------------------------------------------------------
# (round 9) The phrase a clerk blacks out, not only its word: a condition found is widened
# over the list of further symptoms after it (腹痛、腹泻; 头晕、乏力), its count, duration,
# area or aside (三次, 共五次, 住院十天, 面积约2%, （浅Ⅰ度）), 症/症状 and 治疗 after its
# name, the death it caused (因X去世), and back over what introduces it in a description
# of a body (既往有, 对X过敏, 手臂出现, 被X砸伤, 伴有). Never over a sentence end, a title,
# an amount in 元 or a date: the patterns stop at those.
_COUNT = (r"(?:共|达|约|长达|累计|计|已)?(?:(?:[0-9]{1,3}|[一二三四五六七八九十百两几]+)[余多]?|"
          # (round 10) a spoken length (好几年, 好多天)
          r"好[几多])"
          r"(?:次|天|个月|周|针|处|年|小时)(?![0-9])")
_PHRASE_AFTER = re.compile(
    r"(?:症状|症(?!状)|病(?![人房区床例历院员])|了(?![解结])|术后|"
    # (an aside that says who the person is, （系某某公司工人）, is not the condition's)
    r"[（(](?![^（）()]*(?:简称|下称|以下|电话|[元年月日]|公司|集团|单位|工人|职工|员工)|系|即)"
    r"[^（）()\n，。；：:《》“”\"]{1,16}[)）]|"
    r"[，,]?(?:面积|范围|长度|深度|直径)约?[0-9.]+(?:%|％|平方厘米|厘米|cm|毫米|mm)|"
    r"约?[0-9.]+(?:%|％)|"
    r"(?:治疗|手术)(?![费室机中科所院])|感染|(?<=无效)(?:去世|死亡|身亡)|"
    r"人(?=[，,。；;、）)]))+")
# A list's later items (腹痛、腹泻; 头晕、乏力、白细胞偏低): what a list of symptoms goes on
# with is a symptom; not an item that names a party, a body or a sum.
# A count or a length after a symptom or condition (腹泻三次, 咳嗽两周), not after a
# treatment: how many sessions were billed is the case's sum (针灸治疗十余次).
_COUNT_AFTER = re.compile(_COUNT)
_LIST_ITEM = re.compile(r"、([\u4e00-\u9fffA-Za-z0-9.]{1,12}?)"
                        r"(?=[、，,。；;：:“”\"（(）)\n]|$)")
_NOT_ITEM = re.compile(r"等|当事人|公司|单位|医院|中心|机构|局|元|未|违反|罚|证|执法|人员|"
                       r"[0-9]{4}|年|月|日")
# Two conditions apart only by these are one phrase (尿毒症，每周透析; 蒙脱石散和口服补液盐).
_PHRASE_GAP = re.compile(r"[、，,和及与并伴]?(?:口服|外用|注射|每[日天周月]|长期|一直|需要?|"
                         r"伴有?|并有|并伴有?|后)")
_JOIN_GAP = re.compile(r"[、和及与并伴]")
# (round 10) an examination and what it showed or did not (拍了片子没有骨折; 照了CT，显示骨裂)
_RESULT_GAP = re.compile(r"[，,]?(?:没有?|未见|没看到|没发现|显示|说是|查出|确诊)|"
                         # …and what else was done to the same body (X，还做过Y手术)
                         r"[，,](?:还|也|又|而且)")
_ALSO_HEAD = re.compile(r"还|也|又|而且")
# …and two apart by a comma, when a record about a body is quoted (“X，Y”; （X，Y）): the
# quote is the description; outside one, two sentences' conditions stay two spans.
_OPENS, _CLOSES = "“\"（(「", "”\"）)」"
_QUOTE_END = re.compile(r"[^。；\n“”\"（）()「」]{0,60}[”\"）)」]")


def _quoted(text: str, start: int, end: int) -> bool:
    left = max(text.rfind(c, max(0, start - 60), start) for c in _OPENS)
    if left < 0 or any(c in text[left + 1:start] for c in "。；\n”）)」"):
        return False
    return bool(_QUOTE_END.match(text, end))
# What introduces a condition in a description of a body, read back from it.
_PHRASE_BEFORE = re.compile(
    r"(?:既往(?:史|病史)?[有患]?|"
    r"(?:[一二三四五六七八九十1-9]|[ⅠⅡⅢⅣ])级|(?:住院|门诊|急诊)(?:行|进行|接受)?|"
    r"(?:(?:[\u4e00-\u9fff]{1,3}部|[头脸手脚腿眼]|身上|全身|皮肤)?"
    r"(?:出现了?|伴有?|并发|突发|突然))|"
    # (round 10) what a person had done or fitted, said in everyday words (还装过心脏支架)
    r"(?:还|也|又|都|一直)?(?:装过|装了|做过|做了|动过|安过|放过|放了))$")
_ALLERGEN_BEFORE = re.compile(r"对[\u4e00-\u9fffA-Za-z0-9]{0,8}$")
_STRUCK_BEFORE = re.compile(r"被[\u4e00-\u9fff]{0,3}$")
_TREATED = ("治疗", "疗", "透析", "针灸", "理疗", "推拿", "输液", "术")
# …but a regimen's count is the person's (每周透析三次).
_REGIMEN = re.compile(r"每[日天周月]")
# A clause's first words before a condition (“…，去打胰岛素了”), when they name no one.
_CLAUSE_HEAD = re.compile(r"[，,“\"（(][\u4e00-\u9fff]{1,2}$")
# What a person's history says (既往有X体质, 既往体健): to the clause's end.
# A procedure named by its bare noun after a verb of undergoing it (行肝移植, 做完射频消融,
# 接受骨折内固定); not the words with an everyday or a land sense (引流, 置换, 植入, 复位).
_PROCEDURE_WORDS = ("移植", "消融", "内固定", "外固定", "切除", "插管", "缝合", "截肢")
_PROCEDURE = re.compile("|".join(_PROCEDURE_WORDS))
_UNDERGONE_BEFORE = re.compile(r".*(?:行|做完|做了|刚做|接受了?|实施|进行)"
                               r"([\u4e00-\u9fff]{0,8})$", re.DOTALL)
# …nor a work's (对旧管道进行切除作业).
_NOT_PROCEDURE = re.compile(r"[管道路墙桩树木线钢罐架板柱梁]|设备|部分|违法|违章")
_NOT_PROCEDURE_AFTER = re.compile(r"作业|工程|施工|工作|处理|方案")
_NOT_HEAD = re.compile(r"[因后在被将对向从于据经称]")
_PRIOR = re.compile(r"(?<!如)既往(?:史|病史)?[有患]?[^，。；;“”\"\n（）()《》]{1,10}")
# A part of the body or a side at a span's start (a list of parts may precede it).
_PART_START = re.compile(r"[左右双]|[\u4e00-\u9fff]{0,2}"
                         r"(?:指|趾|手|脚|足|腿|臂|眼|耳|部|肢|膝|踝|腕|肩)")
_DEATHS = ("去世", "死亡", "身亡", "病故", "病逝")
# The few words left of a clause about a body (孕期反应大; 血糖高，去打胰岛素了): to the
# clause's end, when they name no one, no place and no sum.
_CLAUSE_REST = re.compile(r"[\u4e00-\u9fff]{1,3}(?=[，,。；;“”\"）)\n]|$)")
_NOT_REST = re.compile(r"[的是为等和及与其我你他她医院局元证罚人费死亡世后"
                       r"一二三四五六七八九十百千万两几次天年月日]")
# A test's value (空腹血糖7.8mmol/L, 肝功能ALT136U/L): the units are a laboratory's.
# (not mg/L or g/L: a wastewater sample's units too)
_LAB = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,6}[0-9.]+(?:mmol/L|μmol/L|umol/L|U/L|IU/L|"
                  r"mg/dL|mmHg|×10⁹/L|×10\^9/L|x10\^9/L)")
# A stay in hospital with its length (住院十天, 住院治疗20日): how ill someone was.
_STAY = re.compile(r"住院(?:治疗)?(?:[0-9]{1,3}|[一二三四五六七八九十百两]+)[余多]?"
                   r"(?:天|日|个月|周)")


def _phrase(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a found condition widened to the phrase that describes it."""
    while True:
        after = _PHRASE_AFTER.match(text, end)
        if after:
            end = after.end()
            continue
        after = _COUNT_AFTER.match(text, end)
        if after and ((not text.endswith(_TREATED, start, end) and
                      text[start:end] not in _TREATMENT_SET) or
                      text.endswith("卧床", start, end) or  # (卧床三年多: no session billed)
                      _REGIMEN.search(text, max(0, start - 3), end)):
            end = after.end()
            continue
        item = _LIST_ITEM.match(text, end)
        if item and not _NOT_ITEM.search(item.group(1)):
            end = item.end()
            continue
        break
    rest = _CLAUSE_REST.match(text, end)
    if rest and not _NOT_REST.search(rest.group()):
        end = rest.end()
    if text.startswith("过敏", end - 2 if text.endswith("过敏", start, end) else start):
        allergen = _ALLERGEN_BEFORE.search(text, max(0, start - 9), start)
        if allergen:
            start = allergen.start()
    elif text[start - 1:start] == "伤" or text[end - 1:end] == "伤":
        struck = _STRUCK_BEFORE.search(text, max(0, start - 4), start)
        if struck:
            start = struck.start()
            # the parts struck, before 被 (右手中指、无名指被压伤)
            while start and text[start - 1] in _QUALIFIER_CHARS:
                qualifier = _QUALIFIER_REVERSED.match(text[max(0, start - 10):start][::-1])
                if not qualifier:
                    break
                start -= qualifier.end()
                if text[start - 1:start] != "、":
                    break
                start -= 1
    # a list of parts before the injury (左手食指、中指离断伤): each part is the injury's
    while text[start - 1:start] == "、" and _PART_START.match(text, start):
        part = _QUALIFIER_REVERSED.match(text[max(0, start - 11):start - 1][::-1])
        if not part or not _PART_START.match(text, start - 1 - part.end()):
            break
        start -= 1 + part.end()
    head = _CLAUSE_HEAD.search(text, max(0, start - 3), start)
    if head and not _NOT_REST.search(head.group()) and not _NOT_HEAD.search(head.group()):
        start = head.start() + 1
    before = _PHRASE_BEFORE.search(text, max(0, start - 9), start)
    if before:
        start = before.start()
    if text.endswith(_DEATHS, start, end) and text[start - 1:start] == "经":
        start -= 1  # 经抢救无效死亡
    return start, end


# --------------------------------------------------------------------------------------
# (round 10) A body described in everyday speech, as a witness or a complainant says it
# (询问笔录, complaint letters): a part and what happened to it (手腕肿起来, 膝盖磕破了),
# a fever's degree, a stay in a ward, a drip, stitches, an X-ray, an operation, a stroke,
# years in bed. Each is read from words a clerk would black out together; what follows a
# part's state in its clause is the same description (肿得很厉害).
_NUMBER = r"(?:[0-9]{1,3}|[一二三四五六七八九十百两几]+)[余多]?"
_SPOKEN_PART = (r"(?:半边身子|左边身子|右边身子|身子|后脑勺|脑袋|额头|头|脸|眼睛|眼|耳朵|鼻子|"
                r"嘴唇|嘴|牙|脖子|肩膀|胳膊|手臂|胳臂|"
                r"手掌|手腕|手背|手指头|手指|手|胸口|肚子|腰|后背|背|屁股|大腿|小腿|腿|膝盖|"
                r"脚踝|脚脖子|脚趾|脚|骨头|伤口|皮)")
_SPOKEN_STATE_REST = (
    r"(?:上|都|也|就|全)?(?:[磕擦摔划碰扭撞砸割蹭刮烫咬抓踢压夹戳扎]|"
    r"被[\u4e00-\u9fff]{1,3}?[磕擦摔划碰扭撞砸割蹭刮烫咬抓打踢压夹戳扎])?(?:了|得)?"
    r"(?:肿|破了?皮|破了|破|断了|断|裂了|裂开|骨折|青了|紫了|发黑|发紫|发青|发麻|"
    r"没有?知觉|没感觉|不能动|动不了|抬不起来|听不清|看不清|听不见|看不见|出血|流血|"
    r"流了[很好]?多?血|起了?一?个?大?包|疼|痛)")
# Every alternative led by a literal, grouped by it: the scan skips other characters at C
# speed (the part-led pattern cost a third of the health scan).
_SPOKEN_STATE = re.compile(_by_first_character(
    _literal_first(_alternatives(_SPOKEN_PART[3:-1]), _SPOKEN_STATE_REST) + "|"
    # a pain said by what it did (疼得睡不着)
    r"疼得(?:睡不着|受不了|直哭|直叫|走不了路|站不起来|动不了)|"
    r"痛得(?:睡不着|受不了|直哭|直叫|走不了路|站不起来|动不了)"))
# …a fever's degree (烧到三十九度, 体温38.5℃): only a body's temperatures.
_FEVER = re.compile(r"(?:发高烧|发烧|发热|高烧|烧|体温)(?:到了?|至|达到?|高达|有|是|了)?"
                    r"(?:3[5-9](?:\.[0-9])?|4[0-2](?:\.[0-9])?|三十[五六七八九]|四十[一二]?)"
                    r"(?:度|℃)[半多]?[一二三四五六七八九]?")
# …a stay in a ward or a hospital said as a verb (住进了骨科病房四天, 在医院住了两周),
# a drip, stitches, an injection's count, an X-ray, an operation, a stroke, a bed.
_SPOKEN_CARE = re.compile(_by_first_character(
    r"住(?:进了?|到|在|了)[\u4e00-\u9fff]{0,6}?(?:病房|监护室|ICU|急诊室|抢救室)"
    r"(?:里|中)?(?:了)?(?:" + _NUMBER + r"(?:天|日|周|个月|个星期))?|"
    r"住了" + _NUMBER + r"(?:天|周|个月|个星期)(?:的)?院|"
    r"院住了" + _NUMBER + r"(?:天|日|周|个月|个星期)|" +
    _literal_first("输挂打", r"了?(?:" + _NUMBER + r"(?:天|次|瓶|袋)(?:的)?)?"
                   r"(?:液|点滴|吊瓶|吊针)(?![器机管架费])") + "|"
    r"缝了?" + _NUMBER + r"针|缝(?:了|过)针|"
    r"打了?(?:" + _NUMBER + r"(?:天|针)(?:的)?)?[\u4e00-\u9fff]{0,4}?(?:破伤风|狂犬|消炎|止痛|退烧)"
    r"[\u4e00-\u9fff]{0,2}?针|打了?(?:破伤风|狂犬疫苗)|" +
    _literal_first("拍照", r"了?(?:个|张|两张)?(?:片子|X光|x光|CT|核磁)") + "|" +
    _literal_first("做动", r"(?:了|过)[\u4e00-\u9fff]{0,8}?手术") + "|"
    r"开(?:了|过)刀|搭(?:了|过)桥|装(?:了|过)[\u4e00-\u9fff]{0,4}?起搏器|中(?:过|了)风|" +
    _literal_first("瘫躺卧", r"在床上?(?:" + _NUMBER + r"(?:年|个月|天))?") + "|卧床不起|" +
    _literal_first("打扎挨", r"了?" + _NUMBER + r"针(?![管头织线])") + "|"
    r"吃(?:了|过)?[\u4e00-\u9fff]{0,6}?(?:药|药片|止痛片|胶囊)(?![品店房材监械费])"))
_SPOKEN_REST = re.compile(r"[^，。；;：:\n“”\"（）()《》、]{1,12}?(?=[，,。；;\n]|$)")
_NOT_SPOKEN_REST = re.compile(r"元|公司|局|罚|证|执法|单位|医院|[0-9]{4}|年|月|日|号|说|称|"
                              r"我|你|他|她|当事人")
_SPOKEN_TRIGGERS = re.compile(r"肿|破|断|裂|骨折|青了|紫了|发[黑紫青麻]|知觉|感觉|动|不清|不见|"
                              r"血|包|疼|痛")


def _spoken(text: str, titles):
    """A body's state, a fever, care and treatment said in everyday words (round 10)."""
    for match in _SPOKEN_STATE.finditer(text) if _SPOKEN_TRIGGERS.search(text) else ():
        start, end = match.span()
        if _inside(titles, start, end):
            continue
        rest = _SPOKEN_REST.match(text, end)
        if rest and not _NOT_SPOKEN_REST.search(rest.group()):
            end = rest.end()
        yield *_widened(text, start, end), HEALTH, "health_spoken"
    # (round 13: a fever needs its degree and a word of heat; 度 alone is in 年度, 制度)
    for match in _FEVER.finditer(text) if ("度" in text or "℃" in text) and (
            "烧" in text or "热" in text or "体温" in text) else ():
        if not _inside(titles, *match.span()):
            yield *match.span(), HEALTH, "health_spoken"
    for match in _SPOKEN_CARE.finditer(text):
        start, end = match.span()
        if _inside(titles, start, end) or _DRUG_GOODS.search(text, max(0, start - 16), end) \
                or _claimed(text, start) or end - start == 2:  # 输液 alone: the vocabulary's
            continue
        if text.startswith("院住", start):
            if text[start - 1:start] != "医":
                continue
            start += 1  # (在医院住了两周: the stay, not the hospital)
        yield start, end, HEALTH, "health_spoken"


def _health(text: str):
    titles = _titles(text)
    yield from _spoken(text, titles)
    # (a quoted value is a record's, not a name: no title guard; no title has such units)
    for match in _LAB.finditer(text) if "/L" in text or "mmHg" in text else ():
        yield *match.span(), HEALTH, "health_term"
    for match in _STAY.finditer(text) if "住院" in text else ():
        yield *match.span(), HEALTH, "health_term"
    # (round 13: the words looked for first, at C speed; most texts name no procedure)
    for match in _PROCEDURE.finditer(text) if any(w in text for w in _PROCEDURE_WORDS) else ():
        undergone = _UNDERGONE_BEFORE.match(text, max(0, match.start() - 12), match.start())
        if undergone and not _NOT_THERAPY.search(undergone.group(1)) and \
                not _NOT_PROCEDURE.search(undergone.group(1)) and \
                not _NOT_PROCEDURE_AFTER.match(text, match.end()) and \
                not _inside(titles, undergone.start(1), match.end()):
            yield undergone.start(1), match.end(), HEALTH, "health_term"
    for match in _PRIOR.finditer(text) if "既往" in text else ():
        if not _inside(titles, *match.span()):
            yield *match.span(), HEALTH, "health_cue"
    for match in _DISABILITY_LEVEL.finditer(text) if "级" in text else ():
        grade = _DISABILITY_BEFORE.search(text, max(0, match.start() - 3), match.start())
        if grade and not _inside(titles, grade.start(), match.end()):
            yield grade.start(), match.end(), HEALTH, "health_disability"
    for match in _CONDITION_BEFORE_PATIENT.finditer(text) if (
            "患者" in text or "病人" in text) else ():
        start = _back(text, match.start(), match.start())
        if not _inside(titles, start, match.end()):
            yield start, match.start(), HEALTH, "health_patient"
    for match in _BECAUSE.finditer(text) if "因" in text else ():
        start, end = match.span(1)
        if not _inside(titles, start, end) and not _NOT_CONDITION.search(match.group(1)):
            yield start, end, HEALTH, "health_cue"
    for cue in _HEALTH_CUE.finditer(text):
        start, end = cue.span()
        word = cue.group()
        if word in _EVENT_CUES or _inside(titles, start, end):
            continue
        if _NOT_HEALTH_AFTER.match(text, end) or (
                _claimed(text, start) and
                not _TREATED_BEFORE.search(text, max(0, start - 12), start)):
            continue
        if word.startswith("出现") and word.endswith("症状"):  # 出现哮喘症状: what is between
            yield start + 2, end - 2, HEALTH, "health_cue"
            continue
        if word.startswith(_FORWARD_ONLY) and not _CONDITION_WORD.fullmatch(word):
            # 患有高血压, 诊断为急性阑尾炎: the condition is what follows, to where the
            # sentence goes on; a stage or term with digits belongs to it (2型, 28周)
            if not word.startswith(("突发", "突患")):  # 突发心绞痛: the onset is the condition's
                start = end
            while start < len(text) and text[start] in "为是有了出 ":
                start += 1
            if text[start:start + 1] == "“":  # (round 13: 诊断为“腰肌劳损”, the quote's words)
                start += 1
            end = start
            limit = min(len(text), start + 16)
            while end < limit:
                if text[end].isdigit():
                    more = _SUFFIX.match(text, end) or _QUALIFIER_AHEAD.match(text, end)
                    if not more:
                        break
                    end = more.end()
                    continue
                if _CONDITION_STOP.match(text, end) and not (
                        text[end] == "的" and text[end - 2:end] in _DEGREES):
                    break
                end += 1
            if end > start:
                yield start, end, HEALTH, "health_cue"
            continue
        yield *_widened(text, start, end), HEALTH, "health_term"
    yield from _named(text, titles)


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    """A condition's span with its qualifier before it (左小腿, 2型, 陈旧性) and its stage,
    term or injured part after it (二期, 28周, 病史, 左手食指)."""
    if start >= 3 and text[start - 1] == "状" and _HAN_RUN.fullmatch(text, start - 3, start - 1):
        start -= 3  # a shape (乳头状癌, 弥漫状)
    # a qualifier ends right before the cue, with one of its own characters
    if start and text[start - 1] in _QUALIFIER_CHARS:
        qualifier = _QUALIFIER_REVERSED.match(text[max(0, start - 10):start][::-1])
        if qualifier:
            start -= qualifier.end()
    suffix = _SUFFIX.match(text, end) or _SIDE_AFTER.match(text, end)
    if suffix:
        end = suffix.end()
    return start, end


# What brought a person to hospital or to death is a condition, whatever its words
# (因吸入性损伤住院, 因多器官功能衰竭死亡): the clause between 因 and the event, without a
# date or place in it.
_BECAUSE = re.compile(r"因([^，。；、：:（）()“”《》\n于在被0-9]{2,12}?)"
                      r"(?:住院|入院|就医|就诊|死亡|去世|病故|病逝|离世|身亡)")
# …but not a cause that is no condition (因工作需要住院, 因其他原因死亡).
_NOT_CONDITION = re.compile(r"需要|原因|事故|工作|琐事|纠纷|经济|家庭|公司|单位")


# The injured part named after the injury (割伤左手食指, 烫伤右前臂): a side, then a part.
_SIDE_AFTER = re.compile(r"(?:左侧|右侧|双侧|[左右双])[\u4e00-\u9fff]{0,3}?"
                         r"(?:手指|食指|拇指|中指|无名指|小指|手掌|手背|手腕|脚趾|小腿|大腿|前臂|"
                         r"上臂|面部|额头|头部|[手脚足腿臂肘膝踝肩眼耳])"
                         r"(?:食指|拇指|中指|无名指|小指|手指|手掌|手背|手腕|脚趾|[一二三四五两]?指)?")


_QUALIFIER_AHEAD = re.compile(r"[0-9]+型")
_DEGREES = frozenset(("严重", "轻度", "中度", "重度"))


def _back(text: str, cue_start: int, floor: int) -> int:
    """Walk back from a cue over the condition that precedes it (有活动性肺结核病史), to the
    clause's start or a word that introduces the condition (系, 有, 患 …)."""
    start = min(cue_start, floor)
    limit = max(0, start - 12)
    pos = start
    while pos > limit and text[pos - 1] not in _BACK_STOP:
        pos -= 1
        if text[pos] in _BACK_KEEP:
            return pos - 2 if text[pos - 2:pos] == "既往" else pos
    # no introducing word: only the condition's own characters, not the subject before it
    return start if pos < start - 8 else pos


# --------------------------------------------------------------------------------------
# Conditions, symptoms, treatments and drugs known by name (ADR 0054): the rules above read
# the words their authors saw; these read the words of medicine.

def _words(text: str) -> list[str]:
    return text.split()


# Symptoms, signs and treatments a person has or gets (a hand-written list of classes: pain,
# cough, itch, swelling, bleeding, fever …; treatments, examinations, births; not the
# events 住院治疗 and 门诊治疗, which stay readable as 住院 does, ADR 0049). The
# conditions come from jieba's dictionary (data/health_words.txt). Words with an everyday
# sense are left out (无力缴纳, 整改乏力, 钢丝绳断裂, 错位).
_SYMPTOMS = _words("""
咳嗽 咳痰 干咳 咯血 咳血 呕血 吐血 便血 尿血 气喘 气短 气促 喘息 心慌 胸痛 腹痛 头痛
头疼 牙痛 牙疼 背痛 腰痛 腰疼 关节痛 肌肉痛 疼痛 剧痛 绞痛 隐痛 刺痛 瘙痒 痒痛 抽搐 痉挛 麻木
浮肿 水肿 黄疸 眩晕 耳鸣 盗汗 消瘦 贫血 高热 低热 吞咽困难 视物模糊 视力模糊 嗜睡
便秘 腹胀 溃烂 化脓 流脓 流血不止 出血不止 鼻出血 流鼻血 肿胀 肿痛 淤青 瘀青 淤血 瘀血 红斑
水泡 水疱 脱发 咽痛 喉咙痛 嗓子疼 腹部不适 身体不适 感到不适 食欲不振 意识丧失 大小便失禁
失禁 抑郁情绪 焦虑情绪 幻听 幻视 妄想 自残 自伤 自杀倾向 轻生 厌食 暴食 过敏反应 中暑 冻伤
骨裂 脱臼 淤肿 血肿 挫裂 擦挫伤 撕脱
昏倒 晕倒 昏过去 晕过去 丧失劳动能力""") + [
    # (round 9) an injury named by how it was done: a verb of harm and 伤 (砍伤, 轧伤)
    verb + "伤" for verb in "压砸撞碰夹摔跌砍戳踢踩轧绞卷碾戳烧刮扎"]
_TREATMENTS = _words("""
手术治疗 药物治疗 保守治疗 康复治疗 对症治疗 抗病毒治疗
抗感染治疗
化疗 放疗 化学治疗 放射治疗 靶向治疗 免疫治疗 介入治疗 透析 血液透析 腹膜透析 输血 输液 吸氧
针灸 理疗 康复训练 心理咨询 心理干预 人工流产 药物流产 引产 剖宫产 剖腹产 顺产 分娩 产检 孕检
保胎 气管插管 心肺复苏 抢救无效 急诊抢救 重症监护 缝合 清创 缝针 石膏固定 夹板固定 拔牙 补牙
种植牙 洗胃 导尿 吸痰 戒毒 美沙酮 胰岛素
孕期 哺乳期 妊娠期 产褥期 围产期 经期 更年期 卧床""")


_TREATMENT_SET = frozenset(_TREATMENTS)


def _vocabulary_words() -> list[str]:
    lines = resources.files("sanxiang.disclosure").joinpath(
        "data/health_words.txt").read_text(encoding="utf-8").splitlines()
    return [w for w in lines if w and not w.startswith("#")] + _SYMPTOMS + _TREATMENTS


# Operations by their last word (断指再植术, 腹腔镜下胆囊切除术, 冠状动脉搭桥术): the organ
# or part before it is read back to a verb or a clause's start.
_OPERATIONS = tuple(word + "术" for word in _words("""
切除 移植 置换 修复 成形 再植 缝合 摘除 介入 搭桥 引流 穿刺 固定 植入 复位 造瘘 结扎 清创 矫正
减压 融合 吻合 剥离 刮除 活检 造影 碎石 消融 取出 修补 重建 截除 扩张"""))
_SYNDROMES = ("综合征", "综合症")
# Words that end a walk back: verbs, prepositions, pronouns and conjunctions before a term
# (行断指再植术, 为其实施阑尾切除术, 被诊断患有…).
_WALK_STOP = frozenset("行做施予经于在因后了并其他她的是为有患和与及或前时等系称说诉见现出发到据"
                       "对向将把从由以该此本受接诊确查曾已又再需仍均被者")
# A treatment named after a verb of treating (接受放射性碘治疗, 进行根管治疗): the nearest
# verb before 治疗 (``.*`` is greedy), then the treatment's own characters.
_THERAPY_BEFORE = re.compile(r".*(?:接受|进行|行|予以|给予|实施|施行|做了)"
                             r"([\u4e00-\u9fff]{1,10})$", re.DOTALL)
_NOT_THERAPY = re.compile(r"^(?:该|此|这|上述|相关)|违法|处罚|整改|整治|专项|综合|环境|污染|"
                          r"无害化|废")
# What a person takes by mouth is a drug whatever its name (服用专注达, 服用安眠药), unless
# it is the goods of the case (服用该产品, 服用保健食品).
_TAKEN = re.compile(r"(?:服用|口服|吞服|含服)了?([\u4e00-\u9fffA-Za-z]{2,8}?)"
                    r"(?=[，。；、,;：:（(\s和及与等后治控维每0-9]|$)")
_NOT_TAKEN = re.compile(r"^(?:该|此|本|其|上述|这|那|过|后|前|时|药品|产品)|产品|食品|茶|酒|饮料|"
                        r"保健|饮品|样品")
# A drug taken, injected or prescribed: the name ends as drug names end (奥氮平, 阿莫西林,
# 头孢克肟, 二甲双胍片, 降压药); a drug sold, bought or advertised is goods, not health.
_DRUG_VERBS = _words("服用 口服 吞服 服下 注射 静滴 静脉滴注 输注 开具 开出 停用 停服 加用 换用"
                     " 处方"
                     # (round 9) the other ways a drug is taken or given
                     " 含服 舌下含服 外用 外敷 涂抹 肌注 肌肉注射 皮下注射 雾化 滴眼 吃药 在吃 服药"
                     " 用药 给药"
                     # (round 10) and as a witness says it (一直吃二甲双胍)
                     " 一直吃 长期吃 每天吃 天天吃 吃了 吃过")
_DRUG = re.compile(
    "(?:" + "|".join(_DRUG_VERBS) + ")了?"
    r"((?:[\u4e00-\u9fffA-Za-z]){1,10}?(?:平|嗪|酮|霉素|沙星|西林|替尼|单抗|洛尔|地平|他汀|"
    r"普利|沙坦|唑|胺|胍|肟|素|定|松|芬|韦|林|钠|钾|油|片|胶囊|颗粒|注射液|口服液|缓释片|丸|散|膏|剂|栓|"
    r"贴|针剂|药物|药))"
    r"(?=[，。；、,;：:（(\s和及与等后治控维每0-9]|$)")
_DRUG_GOODS = re.compile(r"销售|购进|购买|经营|出售|进货|采购|库存|宣称|声称|广告|宣传|标签|说明书|"
                         r"批号|生产|调剂|陈列|处方药|非处方|药店|药房|零售|"
                         # a drug stopped for a product (饮用该茶后停服X): the product's story
                         r"饮用|食用|该产品|该茶|保健食品")
# A positive test of a person (核酸检测结果为阳性, HIV抗体阳性, 尿检呈阳性); a food,
# animal or water sample's positive test is no one's health.
_POSITIVE = re.compile(r"阳性(?!对照|样品|样本|率|病例数)")
_PERSON_TEST = re.compile(r"核酸|抗体|抗原|HIV|hiv|艾滋|结核|乙肝|丙肝|梅毒|尿检|血检|毒品|吗啡|"
                          r"冰毒|苯丙胺|氯胺酮|孕检|妊娠|早孕|体检|菌素|痰涂片|涂片")
_TEST_STOP = set("，。；;：:、（）()“”\"《》\n其经系被|")


# Equipment, rooms and fees named after a treatment are no one's health (输液器, 透析机, 针灸科
# is caught above); a clinic's services listed are not a patient's (开展针灸、拔罐).
_NOT_NAMED_AFTER = re.compile(r"器|机|仪|包|管理|费")
_OFFERED_BEFORE = re.compile(r"(?:开展|提供|从事|项目|服务|经营范围)(?![^，。；]*(?:后|出现|期间))"
                             r"[^，。；]{0,12}$")
_OFFERS = re.compile(r"开展|提供|从事|项目|服务|经营范围")


_TRIGGERS = frozenset(_OPERATIONS + _SYNDROMES + ("治疗", "阳性", *_DRUG_VERBS)
                      + tuple(t for t in _BODY_TAILS if t not in _CONDITION_LITERALS))
_BODY_TAIL_SET = frozenset(_BODY_TAILS)


@lru_cache(maxsize=1)
def _scan() -> WordScan:
    """jieba's conditions, the symptoms and treatments above, and the words where an
    operation, a syndrome, a therapy, a drug or a positive test may be: one Aho–Corasick
    pass over the text (built once, on first use: 0.01 s) instead of a regular-expression
    scan for each. No trigger overlaps a condition it would hide (治疗 is in 化学治疗, which
    names the treatment itself)."""
    return WordScan(_vocabulary_words() + list(_CONDITION_LITERALS) + sorted(_TRIGGERS))


def _walk_back(text: str, start: int, limit: int = 8) -> int:
    floor = max(0, start - limit)
    while start > floor and "\u4e00" <= text[start - 1] <= "\u9fff" and \
            text[start - 1] not in _WALK_STOP:
        start -= 1
    return start


def _named(text: str, titles):
    """Conditions, symptoms and treatments by name, operations, therapies, drugs and
    positive tests."""
    offers = None
    for at, end in _scan().spans(text):
        word = text[at:end]
        body = _body(text, at, end, word, titles)
        if body:
            yield body
        if word not in _TRIGGERS:
            # a condition, symptom or treatment named
            if offers is None:
                offers = bool(_OFFERS.search(text))
            if _inside(titles, at, end) or _NOT_HEALTH_AFTER.match(text, end) or \
                    _NOT_NAMED_AFTER.match(text, end) or (offers and _OFFERED_BEFORE.search(
                        text, max(0, at - 14), at)) or (
                    _claimed(text, at) and
                    not _TREATED_BEFORE.search(text, max(0, at - 12), at)):
                continue
            yield *_widened(text, at, end), HEALTH, "health_term"
        elif word[-1] == "术" or word in _SYNDROMES:
            start = _walk_back(text, at)
            if start == at and word in _SYNDROMES:
                continue  # 综合 alone: a 综合执法 office, not a syndrome
            if not _inside(titles, start, end) and not _NOT_HEALTH_AFTER.match(text, end):
                yield *_widened(text, start, end), HEALTH, "health_term"
        elif word == "治疗":
            therapy = _THERAPY_BEFORE.match(text, max(0, at - 12), at)
            if therapy and not _NOT_THERAPY.search(therapy.group(1)) and \
                    not _inside(titles, therapy.start(1), end):
                yield therapy.start(1), end, HEALTH, "health_term"
        elif word == "阳性":
            yield from _positive(text, at, titles)
        else:
            yield from _drug(text, at, titles)


def _body(text: str, at: int, end: int, word: str, titles):
    """A part of the body, then within six characters a tail (腰椎间盘突出, 右眼角膜损伤,
    心脏起搏器), as the cue scan read it before round 8."""
    tail = word if word in _BODY_TAIL_SET else (
        word[-2:] if word[-2:] in _BODY_TAIL_SET else None)
    if tail is None:
        return None
    tail_at = end - len(tail)
    part = _BODY_BEFORE.search(text, max(0, tail_at - 8), tail_at)
    if not part:
        return None
    start = part.start()
    if _inside(titles, start, end) or _NOT_HEALTH_AFTER.match(text, end) or (
            _claimed(text, start) and
            not _TREATED_BEFORE.search(text, max(0, start - 12), start)):
        return None
    return *_widened(text, start, end), HEALTH, "health_term"


def _drug(text: str, at: int, titles):
    drug = _DRUG.match(text, at)
    if drug:
        start, end = drug.span(1)
        if not (_inside(titles, start, end) or _DRUG_GOODS.search(text, max(0, at - 16), end)
                or _claimed(text, at)):
            yield start, end, HEALTH, "health_term"
            return
    taken = _TAKEN.match(text, at) if "服" in text[at:at + 2] else None
    if taken:
        start, end = taken.span(1)
        if not (_NOT_TAKEN.search(taken.group(1)) or _inside(titles, start, end) or
                _DRUG_GOODS.search(text, max(0, at - 16), end)):
            yield start, end, HEALTH, "health_term"


def _positive(text: str, at: int, titles):
    if not _POSITIVE.match(text, at):
        return
    start = at
    floor = max(0, start - 14)
    while start > floor and text[start - 1] not in _TEST_STOP:
        start -= 1
    if _PERSON_TEST.search(text, start, at) and not _inside(titles, start, at + 2):
        yield start, at + 2, HEALTH, "health_term"
