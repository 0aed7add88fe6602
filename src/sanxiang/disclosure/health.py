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


_BODY_CONDITION = _literal_first(
    ("腰椎", "颈椎", "胸椎", "心脏", "心肺", "肝", "肺", "肾", "胃", "眼", "左眼", "右眼", "双眼",
     "耳", "视力", "听力", "腿", "手", "脚", "头部", "脑", "脊髓", "骨盆"),
    r"[\u4e00-\u9fff]{0,6}?(?:突出|骨折|损伤|病变|衰竭|出血|下降|丧失|受损|"
    r"起搏器|支架|手术|移植|栓塞|梗死|梗塞|坏死|功能障碍)")
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
              r"低血糖|高血糖|血糖[\u4e00-\u9fff]{0,2}(?:不佳|升高|异常)|"
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
def _by_first_character(pattern: str) -> str:
    """``a1|b1|a2`` as ``a(?:1|2)|b(?:1)``: alternatives that start with another literal
    cannot match where these do, so the matches are the same; ``re`` walks every top-level
    alternative at each candidate position, and there are a third fewer."""
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
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative or alternative[0] in "()[]\\.^$*+?{}|" or \
                alternative[1:2] in ("?", "*", "{"):
            return pattern  # not a list of literal-led alternatives: leave it
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(first + "(?:" + "|".join(rests) + ")" for first, rests in groups.items())


_HEALTH_CUE = re.compile("(?:" + _by_first_character(
    r"突发(?!事件|情况|状况|公共)|突患|患有|罹患|身患|患(?<!隐患)(?![者])|确诊为?|诊断为|"
    r"诊断出|被诊断|经诊断|检查出|查出|住院|就医|就诊|病史|病历|伤残|残疾(?![人]证?)|致残|受伤|出现[^，。；]{1,10}症状|症状|体检报告|"
    f"{_CONDITION}") + ")")
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
                               r"补助金|津贴")
# …but a person treated somewhere is not a claim (村民也曾在此治疗腰腿痛).
_TREATED_BEFORE = re.compile(r"(?:在此|来此|前来|在其诊所|接受|为其|给其|帮其)治疗[^，。；]{0,6}$")
_CLAIM_BEFORE = re.compile(r"(?:治疗|治愈|预防|防治|主治|功效|宣称|声称|辅助|降低|改善|缓解|专治|"
                           r"根治|可治)[^，。；]{0,6}$")
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
_REPORTED_BEFORE = re.compile(r"(?:填写|注明|写明|写有|载明|记载|记录|标注|自述|告知|陈述|称)"
                              r"[：:，]?$")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_DIGIT_OR_TITLE = re.compile(r"[0-9]|《")
_CONDITION_WORD = re.compile(_CONDITION)


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
_QUALIFIER = re.compile(
    r"(?:左侧|右侧|双侧|两侧|[左右双]|"
    r"头皮|头部|头|面部|脸部|眼部|眼睛|眼|双耳|耳|鼻翼|鼻|口腔|牙齿|颈部|颈椎|颈|肩部|肩|锁骨|"
    r"胸部|胸椎|胸|肋骨|背部|腰部|腰椎间盘|腰椎|腰|腹部|腹|臀部|手部|手背|手掌|手指|手腕|腕|手|"
    r"上肢|下肢|肢体|臂|腿部|小腿|大腿|腿|膝关节|膝盖|膝|踝关节|脚踝|踝|脚|足部|足|股骨颈|股骨|"
    r"胫骨|腓骨|桡骨|尺骨|骨盆|脊柱|脊髓|皮肤|软组织|扁桃体|甲状腺|支气管|心脏|心|肝脏|肝|"
    r"肺部|肺|肾脏|肾|胃|肠道|肠|乳腺|宫颈|食管|角膜|视网膜|听力|视力|神经|关节|韧带|肌肉|"
    r"[一二三四五两]?指|食指|拇指|中指|无名指|小指|[小大]|智力|精神|言语|肢体|"
    r"[一二三四五六七八九十两多]+(?:根|处|颗|个)|[0-9一二ⅠⅡ]型|"
    r"[一二三四五六七八九十Ⅰ-Ⅻ1-9]+度|轻度|中度|重度|严重|急性|慢性|化学|开放性|粉碎性|多处|"
    r"大面积|幽闭|高原|周围|注意缺陷|全身|及|产后|先兆|双相|类|[\u4e00-\u9fff]{2}性|双目|目|额部|额头|额|示指|环指|"
    r"青霉素|头孢|药物|花粉|海鲜|酒精|一氧化碳|硫化氢|农药|甲醛|氨气|氯气|有机磷|亚硝酸盐|食物)+$")
# Every alternative above ends with a character written in the pattern (a literal or a
# listed class, never a range): what ends a qualifier is one of these (or a line break: ``$``
# also matches before a final one).
_QUALIFIER_CHARS = frozenset(_QUALIFIER.pattern) | {"\n"}
# What may follow a condition and belongs to it: stage, term, sequelae (矽肺二期, 怀孕三个月,
# 妊娠28周, 心脏病史, 心绞痛发作).
_SUFFIX = re.compile(r"(?:约?[一二三四五六七八九十壹贰叁肆0-9Ⅰ-Ⅳ]+(?:个月|周|期|级|度)|后遗症|"
                     r"史(?!料)|急性发作|发作期?|发病期|术后|晚期|早期|中期|急性加重期|在床|卧床|"
                     # a stage in an aside: 尘肺病（矽肺贰期）
                     r"[（(][^（）()\n，。]{1,8}[期级度][)）])+")
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
    spans = sorted(_health(text))
    merged: list[list] = []
    for start, end, kind, rule in spans:
        if merged and start - merged[-1][1] <= 1 and text[merged[-1][1]:start] in _HEALTH_JOIN:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, kind, rule])
    for start, end, kind, rule in merged:
        treated = text[end:end + 1] in "，," and _TREATMENT_AFTER.match(text, end)
        # (癫痫，服药控制: the treatment too)
        yield start, treated.end() if treated else end, kind, rule


def _health(text: str):
    titles = _titles(text)
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
                _CLAIM_BEFORE.search(text, max(0, start - 12), start) and
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
        # a qualifier ends right before the cue, with one of its own characters
        qualifier = _QUALIFIER.search(text, max(0, start - 10), start) if (
            start and text[start - 1] in _QUALIFIER_CHARS) else None
        if qualifier:
            start = qualifier.start()
        suffix = _SUFFIX.match(text, end) or _SIDE_AFTER.match(text, end)
        if suffix:
            end = suffix.end()
        yield start, end, HEALTH, "health_term"


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
