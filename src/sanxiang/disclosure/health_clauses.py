"""Health information read by the clause (R-PUB-05, issue 12, masking round 11, ADR 0062).

The word rules of ``health.py`` find a word of a description of someone's body (骨折, 住院十天,
缝了五针); a clerk blacks out the description: the injury, what was done about it and how it
ended, told as a run of clauses ("右手被机器卷入，两根手指切断，做了再植，没有成活"). Here a
clause — a run between ，；。、： or line ends — that is about a person's body is hidden from
where its health content starts (after the person's name, a pronoun, a verb of saying or a
dated lead-in such as 于3月5日) to its end, and the following clauses are hidden while they go
on with the same story: they hold health content of their own, or they open as a medical
story goes on (经…治疗, 后来, 最后, 住院, 术后, 至今, 仍 …). A clause that speaks of money, the
law, an office, a document or a procedure is never widened and ends the story.

Medical-record fields (主诉：…；诊断：…；处理：…) are read field by field: the value of a
field whose label is medical is hidden; the label stays.

It runs after the names are found (``masking.propose``): a name opening a clause is the
lead-in, not the description, and is left to the name rule.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from sanxiang.disclosure.health import _alternatives, _by_first_character, _literal_first
from sanxiang.disclosure.wordtrie import WordScan

HEALTH = "health"
PERSON_NAME = "person_name"

# A clause ends at these; the soft ones let a story go on into the next clause.
_DELIMITERS = frozenset("，,；;。！？!?\n：:、|")
# the last delimiter of a range: one with none after it up to the range's end
_LAST_DELIMITER = re.compile("[，,；;。！？!?\n：:、|](?=[^，,；;。！？!?\n：:、|]*$)")
_DELIMITER = re.compile("[" + re.escape("".join(sorted(_DELIMITERS))) + "]")
_SOFT = frozenset("，,；;、")

_GROUP_LED = re.compile(r"\(\?:((?:[\u4e00-\u9fff]+\|)+[\u4e00-\u9fff]+)\)")


def _literal_led(pattern: str) -> str:
    """``pattern`` with every top-level alternative led by a literal and grouped by it:
    ``(?:a|b)X`` becomes ``aX|bX`` (``health._literal_first``), then alternatives with the
    same first character share it (``health._by_first_character``). ``re`` then skips to
    candidate characters at C speed instead of trying every alternative everywhere (the
    plain pattern cost a third of ``propose``)."""
    alternatives = []
    for alternative in _alternatives(pattern):
        m = _GROUP_LED.match(alternative)
        if m:
            alternatives.append(_literal_first(m.group(1).split("|"), alternative[m.end():]))
        else:
            alternatives.append(alternative)
    return _by_first_character("|".join(alternatives), loose=True)


class _ByFirst:
    """``re.compile(pattern).match``, with only the alternatives that can start with the
    character at the position tried (in their order): an anchored match of a long list of
    alternatives tries every one of them, and the lead-in is matched at each clause."""

    def __init__(self, pattern: str):
        self.pattern = re.compile(pattern)
        groups: dict[str, list[str]] = {}
        for alternative in _alternatives(pattern):
            for char in _first_characters(alternative):
                groups.setdefault(char, []).append(alternative)
        self._by_char = {char: re.compile("|".join(alts)) for char, alts in groups.items()}

    def match(self, text: str, pos: int, endpos: int):
        regex = self._by_char.get(text[pos]) if pos < endpos else None
        return regex.match(text, pos, endpos) if regex is not None else None


def _first_characters(pattern: str) -> frozenset:
    """Every character a match of ``pattern`` can start with (a pattern led by literals,
    character classes of literals, whitespace and digits, optional items and groups)."""
    from re import _constants as c
    from re import _parser

    def firsts(items) -> tuple[set, bool]:
        found: set = set()
        for op, av in items:
            if op is c.LITERAL:
                return found | {chr(av)}, False
            if op is c.IN:
                for kind, value in av:
                    if kind is c.LITERAL:
                        found.add(chr(value))
                    elif kind is c.RANGE:
                        found.update(map(chr, range(value[0], value[1] + 1)))
                    elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                        found.update(" \t\n\r\f\v\u3000")
                    elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                        found.update("0123456789")
                    else:
                        raise ValueError(f"cannot list the first characters of {pattern}")
                return found, False
            if op is c.SUBPATTERN:
                inner, empty = firsts(av[3])
            elif op is c.BRANCH:
                inner, empty = set(), False
                for branch in av[1]:
                    more, maybe = firsts(branch)
                    inner |= more
                    empty = empty or maybe
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                inner, empty = firsts(av[2])
                empty = empty or av[0] == 0
            elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue  # (a look-around takes no character)
            else:
                raise ValueError(f"cannot list the first characters of {pattern}")
            found |= inner
            if not empty:
                return found, False
        return found, True

    chars, _empty = firsts(_parser.parse(pattern))
    return frozenset(chars)


# Health content that the word rules do not read as a word, by class (each a kind of
# telling of a body, not the words of any text): consciousness and breath, pregnancy,
# disability and its aids, addiction and withdrawal, self-harm, sleep, appetite and weight,
# movement and senses lost, care in a ward, a doctor's word, a death's cause.
_SIGNAL = re.compile(
    # consciousness, breath, heart
    r"不省人事|昏迷|没醒|醒不过来|植物人|没了?呼吸|呼吸心跳|心跳停|呼吸困难|喘不上气|"
    r"上不来气|休克|抽搐|晕厥|"
    # pregnancy and birth
    r"怀孕|怀了[一二三四五六七八九十两几0-9]|身孕|有孕|见红|保胎|流产|小产|早产|难产|"
    r"坐月子|顺产|剖腹产|"
    # disability and its aids
    r"伤残(?!证|补助|赔偿|等级鉴定)|残疾(?!人?证|人联合会|人联|人就业|人保障)|瘫痪|瘫了|偏瘫|截瘫|坐轮椅|拄拐|助听器|假肢|失明|失聪|聋哑|"
    # addiction and withdrawal
    r"上瘾|成瘾|戒断|戒毒|戒酒|吸毒|毒瘾|酒瘾|"
    # self-harm
    r"自杀|轻生|割腕|寻短见|"
    # sleep, appetite, weight, sweat, trembling, pallor
    r"睡不着|失眠|吃不下|没胃口|瘦了[一二三四五六七八九十两几0-9]|出虚汗|盗汗|手发抖|"
    r"面色苍白|脸色发[紫白青黄]|嘴唇发紫|"
    # movement and senses lost or failing
    r"动不了|不能动|不灵活|没有?知觉|说话不清|听不[清见到]|看不[清见]|认不得|认不出|"
    r"记不住|大小便失禁|"
    # care: oxygen, nebuliser, gastric lavage, a cast, a drip, stitches, a ward
    r"吸氧|雾化|洗胃|打了?石膏|上了?夹板|挂水|吊水|打点滴|插了?[^，。；]{0,4}管|"
    r"ICU|重症监护|监护室|病房|康复科|急诊科|"
    # a doctor's or a test's word on a person
    r"医生说|大夫说|诊断为|确诊|查出|检查结果|"
    # body parts struck, broken, burnt, bleeding
    # (not a part's word in a thing's name: 脚手架, 手续, 手机, 头部企业)
    r"(?:头|脸|眼|耳|鼻|嘴|牙|颈|脖子|肩|胸|肋骨|背|腰|腹|肚子|胳膊|手|腿|脚|膝|骨)"
    r"(?!手架|续|机|工|段|套|本|里|下|目|条|版|部企业|面|板|柄|架)"
    r"[\u4e00-\u9fff]{0,4}(?:断|碎|裂|破|肿|青|紫|淤|伤|出血|流血|冒血|塌|扎|烂|疼|痛|麻|"
    r"碾|轧|夹|卷入|砸)|"
    r"(?:砸|压|摔|撞|切|锯|轧|烫|烧|咬|抓|刺|扎)(?:断|伤|破|碎|中|穿)|"
    r"(?:头|脸|背|腰|臀|膝|后脑)部?(?:先)?着地|"
    r"被[\u4e00-\u9fff]{0,8}(?:夹住|卷入|绞入|砸中|压住|撞倒|咬伤|划伤|割伤|烫伤|烧伤)|"
    # what a body gives off when ill or hurt
    r"痰|血丝|带血|咯血|咳血|吐血|便血|尿血|流血|冒血|淤青|淤血|红肿|化脓|溃烂|褥疮|压疮|"
    r"失能|失智|半身不遂|"
    r"(?:断|折|伤|碎|破)了?[一二三四五六七八九十两几0-9]*[根处块颗节]?"
    r"(?:肋骨|骨头|手指|脚趾|牙|腿|胳膊)|"
    # symptoms said as people say them
    r"上吐下泻|吐了|呕吐|拉肚子|腹泻|脱水|发烧|发热|高烧|低烧|咳嗽|气喘|头晕|头疼|头痛|"
    r"胸闷|心慌|恶心|嗡嗡|耳鸣|穿孔|没怎么吃|不吃饭|犯了?[\u4e00-\u9fff]{0,3}病|"
    r"(?:心脏|肝|肾|胃|肺|身体|腰|腿|眼睛)[\u4e00-\u9fff]{0,2}(?:不好|不行|有问题|不舒服)|"
    r"(?:肺|肝|肾|胆|心|脑|胃|肠|甲状腺|乳腺|子宫|卵巢)[\u4e00-\u9fff]{0,2}"
    r"(?:气肿|积水|积液|结节|囊肿|肿大|功能不全)|"
    r"出过?[\u4e00-\u9fff]{0,2}疹|起[\u4e00-\u9fff]{0,3}疹|疹子|"
    # procedures, drips, drugs by the dose, tests of a body
    r"再植|截指|截肢|截掉|置换|支架|搭桥|开刀|开过刀|拔(?:除|掉|了)?[\u4e00-\u9fff]{0,6}牙|"
    r"牙槽|缝合|清创|包扎|停药|抢救(?!设备|药品|器材|室)|静脉滴注|静滴|肌肉注射|"
    r"输了?[\u4e00-\u9fff]{0,6}血|输血|打[\u4e00-\u9fff]{0,4}(?:针|霉素|疫苗)|"
    r"(?:吃|服)[一两三半几]?[片粒颗袋支]|挂了[\u4e00-\u9fff]{0,10}(?:素|星|林|液|水|针|吊瓶)|住了[\u4e00-\u9fff]{0,5}院|"
    r"白细胞|血小板|血红蛋白|转氨酶|肝功能|肾功能|心功能|肺功能|血常规|血压|血糖|血氧|心率|体温|心电图|B超|彩超|核磁|X光|片子|"
    # mental health
    r"抑郁|焦虑|精神[病分障失异]|痴呆|幻觉|幻听|"
    # allergy and constitution
    r"过敏|体质|"
    # a death and its cause
    r"死于|身亡|去世|病故|病逝|死亡|没了气|"
    # (round 12) a cough, breath, vomiting, a voice and a night said plainly (咳得睡不着,
    # 走几步就喘, 吃什么吐什么, 嗓子哑了, 做噩梦)
    r"咳|喘|吃[\u4e00-\u9fff]{0,2}吐|就吐|想吐|孕吐|嗓子|哑了|噩梦|惊醒|"
    # a body that cannot stand, walk or hold (站不住, 拿不住筷子, 手脚不利索), a mind
    # that fails (记性不好, 不认得人, 话说不清)
    r"(?:站|走|坐|拿|握|抬|爬|蹲|起)[都也]?(?:站|走|坐|拿|握|抬|爬|蹲|起)?"
    r"不(?:住|了|动|稳|起来)|不利索|记性不好|记不清|不认得|不认人|说不清|讲不清|口齿不清|"
    r"整个人[\u4e00-\u9fff]{0,4}(?:垮|瘦|不行)|"
    # care and treatment said as a patient says it (鼻饲, 化疗, 透析, 做过一次手术, 居家
    # 隔离, 吊瓶), burns (燎伤, 水泡), a test's shadow, a doctor's order
    r"鼻饲|化疗|放疗|透析|手术(?![费室刀器机台])|吊瓶|抗结核|(?:居家|在家|集中)隔离|隔离治疗|"
    r"燎伤|水泡|水疱|阴影|(?:医生|大夫)(?:让|叫|讲|建议|嘱)|"
    # leave for sickness (病休三天, 请了病假)
    r"病休|病假(?!条|证明|单|手续|制度|工资|为由)|"
    # (round 13) a mind clouded, an illness at its worst (神志不清, 病重时, 病危)
    r"神志不清|神志模糊|意识不清|昏昏沉沉|病重(?![点要大])|病危(?![害险])|病情加重|"
    # infectious diseases said as people name them, and a carrier's status (得了手足口,
    # 大三阳, 病毒载量)
    r"手足口|水痘|流感|甲流|诺如|猩红热|红眼病|疥疮|大三阳|小三阳|病毒载量|携带者|"
    # a development or a birth that is not typical (脑瘫, 智力低下, 发育迟滞, 唐氏)
    r"脑瘫|智障|智力低下|发育迟滞|发育迟缓|唐氏|先天性|"
    # a disability's kind and grade (残疾人证（肢体一级）), an illness by its old name
    # (羊角风, 肺痨, 老寒腿)
    r"(?:肢体|视力|听力|言语|智力|精神|多重)(?:残疾)?[一二三四1-4]级|"
    r"羊角风|羊癫疯|羊羔疯|痨病|肺痨|老寒腿|"
    # a wound said by what made it (抓了三道口子, 划开一个口子) and a fall (从梯子上摔下来)
    r"(?:抓|挠|划|割|砍|刮|剐|咬|磕)(?:了|破|开)?了?[一二三四五六七八九十两几0-9]*[道个条处]?"
    r"(?:口子|血口子|血口)|"
    r"(?:摔|跌|栽)了?(?:下来|下去)|摔倒|跌倒|摔了一?跤|"
    # smoke or gas breathed in (吸了烟雾, 呛了浓烟)
    r"(?:吸|呛)(?:了|进|入|到)了?[\u4e00-\u9fff]{0,3}(?:烟雾|浓烟|毒气|煤气|一氧化碳)")
# The plain words of the pattern are read in one Aho–Corasick pass (``wordtrie``), the
# rest by a smaller pattern: the whole pattern, even literal-led, cost a twentieth of
# ``propose``.
_SIGNAL_WORDS = WordScan(a for a in _alternatives(_SIGNAL.pattern)
                         if re.fullmatch(r"[\u4e00-\u9fffA-Za-z]+", a))
_SIGNAL = re.compile(_literal_led("|".join(
    a for a in _alternatives(_SIGNAL.pattern) if a not in _SIGNAL_WORDS.words)))


def _signals(text: str) -> list[tuple[int, int]]:
    found = _SIGNAL_WORDS.spans(text)
    found.extend(m.span() for m in _SIGNAL.finditer(text))
    found.sort()
    return found

# (两只手, 一只眼: a count of a body's parts, not of animals)
_NOT_LIMB = r"(?![手脚眼耳胳膊腿])"

# What a clause speaks of when it is not a person's body: money, the law, an office, a
# document, a procedure. Such a clause is not widened and ends the story.
_TOPIC_CHANGE = re.compile(
    r"[0-9.,，万千百]+元|元[）)]?$|罚款|处罚|违反|违法|依据|根据|依照|规定|条例|《|》|"
    r"第[一二三四五六七八九十百0-9]+[条款项]|本局|本机关|本委|执法人员|责令|"
    r"复议|诉讼|申辩|听证|电话|手机|身份证|证号|许可证|执照|营业|销售|购进|经营|"
    r"费|收取|当事人|赔偿|补助|工资|垫付|支付|报销|骗取|基金|"
    r"宣传|张贴|海报|广告|标签|说明书|防控|防治|疫情|报告|监测|预案|制度|培训|"
    r"以上事实|上述事实|证据|笔录|鉴定委员会|司法鉴定|未按|未向|未对|未取得|未经|应当|"
    # a claim for a product (广告: 可降血糖, 有显著疗效)
    r"疗效|功效|显著|宣称|声称|发布|公众号|微信|网站|直播|可降|可治|治愈率|有效率|内容|字样|"
    r"签收|代收|送达|请求|申请|编号|提供|小票|票据|发票|记录表|登记表|〔|[0-9]号|资料|科普|知识|展板|手册|"
    r"该[\u4e00-\u9fff]{0,3}(?:茶|产品|保健品|食品)|产品|"
    # a date (a procedural step's), animals (a herd's deaths are no one's health)
    r"[0-9〇零]{2,4}年|[0-9]{1,2}月[0-9]{1,2}日|"
    r"生猪|猪|牛|羊(?!癫|角风|羔疯)|禽|畜|鱼|[0-9一二三四五六七八九十两]+[头只羽]" + _NOT_LIMB)
_TOPIC_CHANGE = re.compile(_literal_led(_TOPIC_CHANGE.pattern))

# A clause about animals, a herd or a crop is no one's health, wherever its words fall.
# (羊 of an illness's old name, 羊癫疯, is no animal)
_NOT_PERSON = re.compile(r"生猪|猪|牛|羊(?!癫|角风|羔疯)|禽|畜|鱼|虾|蜂|"
                         r"[0-9一二三四五六七八九十两]+[头只羽]"
                         + _NOT_LIMB + r"|作物|苗木|树苗|庄稼")

# How a clause opens when a medical story goes on in it.
_GOES_ON = re.compile(
    r"(?:经|后经|又经)[\u4e00-\u9fff]{0,12}(?:治疗|抢救|救治|手术|处理|诊治)|"
    r"后来|随后|之后|最后|最终|此后|其后|后|住院|转院|术后|术前|诊断为|确诊|出院|落下|至今|"
    r"到现在|现在|目前|现仍|仍|还|也|又|一直|当场|当时|没有|没|未见|不能|无法|需要?|"
    r"在家|回家|卧床|每[天日周月]|一个礼拜|一周|一天|晚上|夜里|白天|整天|经常|总是|时常|"
    r"有时|已经|休学|病休|病假|休养|静养|建议|复查|复诊|随访|"
    # (round 12) what a condition forbids and what comes with it (不宜登高, 伴胸闷)
    r"不宜|不适合|不适宜|禁忌|伴|就是|有时候|天天|成天|整夜|"
    # (round 13) the person said as 人 while the story goes on (人还在ICU, 人到现在没醒)
    r"人(?:还|也|一直|现在|到现在|至今)|"
    # (round 13) the end of a stay or a treatment said after it (去年才出来, 上月刚出院)
    r"(?:去年|前年|今年|上个?月|上周|后来)?(?:才|刚|刚刚)(?:出来|出院|回来|回家|好)")

# A story's clause that names no health word but goes on with the same body: a part of
# it, a visit, a drug taken, care at home (在某某中心看过, 开了某某药, 随身带喷雾).
_BODY_ON = re.compile(
    r"身体|全身|浑身|伤口|手|脚|腿|胳膊|头|脸|眼|耳|嘴|牙|腰|背|胸|肚子|皮肤|指|趾|肢|骨|"
    r"关节|脾气|情绪|膝|肩|颈|臂|脖子|胸口|肝|肺|肾|心脏|胃|肠|体重|月经|"
    r"看过|看了|查了|开了|吃了|住了|打了|输了|做了|做过|拍了|照了|吃药|用药|服药|喷雾|"
    r"药|针|血|疼|痛|好了|好转|恢复|术前|醒|"
    # (round 12) a cough, a voice, sweat, sleep, care at home, leave and what is left of
    # a day (咳得少了, 汗湿透了, 大小便要人伺候, 请了两周假, 状态也不好)
    r"咳|喘|吐|哭|哑|嗓子|汗|梦|躺|走路|记性|认得|伺候|大小便|翻身|化疗|手术|透析|隔离|"
    r"请了?[\u4e00-\u9fff]{0,3}假|状态|精神|利索|心律|心跳|脉搏|"
    # (round 13) a pregnancy's count, a defect named after its condition (是第三胎,
    # 室间隔缺损), a test's value (病毒载量)
    r"第[一二三四五六七八九十两0-9]胎|头胎|胎儿|胎心|缺损|畸形|狭窄|萎缩|增生|载量")
_BODY_ON = re.compile(_literal_led(_BODY_ON.pattern))

# Just before a description: when it happened and how it is said (头天晚上, 三年前, 平时,
# 本来就).
_WHEN_BEFORE = re.compile(
    r"(?:头天|前天|昨天|当天|当晚|半夜|夜里|平时|平常|本来就?|本身|从小|早年|以前|之前|"
    r"早就|[一二三四五六七八九十两几0-9]+(?:个多?|多个?)?(?:年|个月|月|天|周)前|"
    r"上个?月|上周|上礼拜)(?:晚上|早上|夜里)?(?:就)?(?:有)?$")


def _before(text: str, floor: int, start: int) -> int:
    m = _WHEN_BEFORE.search(text, max(floor, start - 9), start)
    return m.start() if m else start


_DATE = (r"[0-9〇零一二三四五六七八九十]{2,4}年(?:[0-9一二三四五六七八九十]{1,2}月)?"
         r"(?:[0-9一二三四五六七八九十]{1,3}[日号])?|"
         r"[0-9一二三四五六七八九十]{1,2}月(?:[0-9一二三四五六七八九十]{1,3}[日号])?|"
         r"[0-9一二三四五六七八九十]{1,3}日")

# Who a clause speaks of, when a kin or role word (not a name) says it.
_WHO_PATTERN = (
    r"[其的她他你我]?(?:父亲|母亲|儿子|女儿|妻子|丈夫|孙子|孙女|爷爷|奶奶|外婆|外公|老伴|"
    r"媳妇|儿媳|女婿)(?=[\u4e00-\u9fff])|"
    r"(?:当事人|受送达人|受害人|被害人|伤者|患者|病人|死者|老人|乘客|顾客|消费者|村民|学生|工人|"
    r"驾驶员|孩子|其子|其女|其妻|其夫|其父|其母|家属|家人|本人|其本人|自己|"
    r"其中|另一名|其余|该人|该生|该员工|"
    r"的?(?:父亲|母亲|儿子|女儿|妻子|丈夫|孙子|孙女|爷爷|奶奶|外婆|外公|老伴|媳妇|儿媳|女婿)|"
    r"[他她你我其])(?=[\u4e00-\u9fff])|"
    r"(?:之子|之女|之妻|之夫|之母|之父|投诉人|举报人|证人|参保人|员工|职工|幼儿|儿童|"
    r"未成年人|学员|居民|住户|旅客|游客|司机|店员|护理员|宿管员|(?:学|住宿|中学|小学|大学|实习|新)生)"
    r"(?=[\u4e00-\u9fff])")
_WHO = re.compile(_WHO_PATTERN)

# A lead-in at a clause's start that is not the description: who (a name, a pronoun, a
# role), who says it, a procedural date (于2026年3月5日, 于当日).
_LEAD = re.compile(
    _WHO_PATTERN + r"|"
    r"\s+|[（(][^（）()]{0,40}[）)]|"
    # a date, and the year words a decision uses as dates (去年, 同年)
    r"(?:于|在|自|从)?(?:" + _DATE + r")(?:[至到-](?:" + _DATE + r"))?(?:起|以来)?|"
    r"(?:去年|今年|前年|当年|同年|次年)(?:[0-9一二三四五六七八九十]{1,2}月|(?=[因于经被到自从]))|"
    r"(?:经|另|又)(?:查|核实|调查|检查)(?:发现|明|实)?|(?:核实|调查|检查)(?:发现|明|实)?|"
    r"于(?:[0-9〇零一二三四五六七八九十]+年)?(?:[0-9一二三四五六七八九十]+月)?"
    r"(?:[0-9一二三四五六七八九十]+日)?(?:当日|当天|次日)?"
    r"(?:[上下]午)?(?:[0-9一二三四五六七八九十]+时)?许?|"
    r"执法人员发现时|发现时|以(?![前后上下来往])|"
    # the cue that says there is a condition stays readable, as before (患有|X, 被诊断为|X,
    # 的伤情为|X): what is hidden is which
    r"(?:被|经)?(?:诊断|确诊|鉴定|认定)为|患有|罹患|身患|"
    r"的?(?:伤情|病情|诊断结果|鉴定结论|鉴定意见|损伤程度)(?:为|是|系)?")

_LEAD_BY_FIRST = _ByFirst(_LEAD.pattern)

# Who says it (到场称, 辩称, 在询问中称, 证实; not 宣称, a claim): a verb of saying within
# a few characters of the lead's position, searched for rather than tried at each length.
_SAYS = re.compile(r"(?<![宣声])(?:辩称|自称|称|反映|陈述|表示|自述|介绍|承认|告知|证实|讲)|"
                   r"说(?!话)")
_SAYS_REACH = 7

# An organisation at the start of a story's first clause (在县医院, 到某某卫生院就诊): it is
# where the person was seen, and it stays.
_ORG_FIRST = re.compile(r"(?:[在到去往送转至][往到入]?)?[\u4e00-\u9fff]{2,24}?"
                        r"(?:医院|卫生院|卫生室|诊所|门诊部|中心|医务室)"
                        r"(?:[\u4e00-\u9fff]{0,3}科)?(?:急诊|门诊|就诊|就医)?")

# Medical-record fields: the value of a medical label is hidden, the label stays.
_RECORD_LABEL = re.compile(
    r"(?:主诉|现病史|既往史|既往病史|个人史|过敏史|家族史|月经史|婚育史|查体|体格检查|"
    r"专科检查|辅助检查|初步诊断|入院诊断|出院诊断|临床诊断|诊断|处理|处置|治疗经过|"
    r"诊疗经过|医嘱|病情|伤情|体检结论|诊断意见|门诊诊断|病理诊断)[:：]")
_LABELS = frozenset(_alternatives(_RECORD_LABEL.pattern[3:-5]))
_RECORD_COLON = re.compile(r"[:：]")
# (a record has a medical field: a text without one is not read field by field)
# (a label's last character and a colon found first, the label read behind it: the
# labels tried at every position cost more, round 12)
_GATE_LABELS = ("主诉", "病史", "既往史", "过敏史", "家族史", "月经史", "婚育史", "个人史", "查体",
                "检查", "体检结论", "诊断", "伤情")
# (and a treatment's, medical after a diagnosis said in prose: 诊断为…，处理：)
_GATE_TREATMENTS = ("处理", "处置", "医嘱")
_GATE = re.compile("[" + "".join({label[-1] for label in _GATE_LABELS + _GATE_TREATMENTS})
                   + "][:：](?:" + "|".join(f"(?<={label}.)" for label in
                                           _GATE_LABELS + _GATE_TREATMENTS) + ")")
_GATE_DIAGNOSED = re.compile(r"(?:诊断为|确诊为)[^。\n]*$")


def _has_record(text: str) -> bool:
    """A text with a medical field: a strong label at a colon, or a treatment's label
    within forty characters after 诊断为 (a text without one is not read field by field)."""
    for m in _GATE.finditer(text):
        if text[m.start() - 1:m.start() + 1] not in _GATE_TREATMENTS or \
                _GATE_DIAGNOSED.search(text, max(0, m.start() - 44), m.start() - 1):
            return True
    return False
_STRONG_LABELS = frozenset(("主诉", "现病史", "既往史", "既往病史", "过敏史", "家族史",
                            "月经史", "婚育史", "查体", "体格检查", "专科检查", "初步诊断",
                            "入院诊断", "出院诊断", "临床诊断", "诊断", "伤情", "体检结论",
                            "诊断意见", "门诊诊断", "病理诊断"))
# (round 12) A field's value is read piece by piece (pieces end at ，；、 or a line end, an
# aside in brackets is inside its piece): it goes on across ； and a PDF's wrap while the
# next piece is not a field of its own (处理：), an item of a list (（七）, 6., 五、), a new
# subject (其, 你, 当事人) or another topic, and ends at 。, a blank line or an unopened ）.
_PIECE = re.compile(r"(?:[（(][^（）()]{0,40}[）)]|[^，,；;、。\n|（）()：:])+")
_PIECE_NEXT = re.compile(r"[ \t\u3000]*(?:[（(][0-9一二三四五六七八九十]+[）)]|"
                         r"[0-9一二三四五六七八九十]+[、.．）)]|"
                         r"[其你我他她该]|当事人|经查|经营者|本局|以及|并|另|此外)")
# what a record's value is not: the law, money, the office's steps (a narrower list than
# ``_TOPIC_CHANGE``: 胃内容物, 检查报告 are a record's words)
_RECORD_TOPIC = re.compile(
    r"[0-9.,，万千百]+元|罚款|处罚|违反|违法|依据|根据|依照|规定|条例|《|》|"
    r"第[一二三四五六七八九十百0-9]+[条款项]|本局|本机关|执法人员|责令|整改|改正|"
    r"复议|诉讼|听证|电话|身份证|许可证|执照|营业|销售|经营|费|赔偿|当事人|"
    r"以上事实|上述事实|证据|笔录|送达|编号|〔|[0-9]号")
# (a 处理： after a diagnosis said in prose, 诊断为…，处理：…, is a record's too)
_DIAGNOSED_BEFORE = re.compile(r"诊断为|确诊为|诊断证明|病历|就诊")
_NOT_FIELD_BEFORE = re.compile(r"[\u4e00-\u9fff]")


def _field_value(text: str, pos: int):
    """Where the value of a field whose colon ends at ``pos`` ends, or None (no value)."""
    end = None
    n = len(text)
    while True:
        while pos < n and text[pos] in " \t\u3000":
            pos += 1
        m = _PIECE.match(text, pos)
        if m is None:
            return end
        if m.end() < n and text[m.end()] in "：:":
            return end  # (a field of its own: 处理：)
        if _RECORD_TOPIC.search(text, m.start(), m.end()):
            return end
        if end is not None and _PIECE_NEXT.match(text, m.start()):
            return end
        end = m.end()
        if end >= n or text[end] not in "，,；;、\n":
            return end
        if text[end] == "\n" and text[end + 1:end + 2] in ("\n", ""):
            return end  # (a blank line ends the record)
        pos = end + 1
        if text[end] != "\n" and text[pos:pos + 1] == "\n":
            if text[pos + 1:pos + 2] == "\n":
                return end
            pos += 1


def widen(text: str, found, keep=()) -> list[tuple[int, int, str, str]]:
    """Health spans over whole clauses, for the health spans and names in ``found`` (and
    the names ``keep``, the party's and the officers', which open clauses too)."""
    # (one pass over ``found`` for both kinds; the names only where a clause is read)
    healthy = []
    named = set()
    for s, e, kind, _r in found:
        if kind == HEALTH:
            healthy.append((s, e))
        elif kind == PERSON_NAME:
            named.add((s, e))
    healthy.sort()
    out = _records(text)
    signals = _signals(text)
    if not healthy and not signals:
        return out
    for name in keep:
        named.update((m, m + len(name)) for m in _occurrences(text, name))
    people = sorted(named)
    h_starts = [s for s, _e in healthy]
    g_starts = [s for s, _e in signals]
    p_starts = [s for s, _e in people]
    done = -1  # the end of the last clause read
    for seed in sorted({*h_starts, *g_starts}):
        if seed < done:
            continue
        chained = None  # where the last hidden clause ended, when the story may go on
        wrapped = False  # (the last clause ended at a PDF's wrap: this one is its rest)
        a, b = _clause_at(text, seed)
        done = max(done, b)  # (every seed of a clause reads it alike: once is enough)
        while a < len(text):
            earliest = _earliest(_first(h_starts, healthy, a, b), _first(g_starts, signals, a, b))
            lead, who = _lead(text, a, b, people, p_starts, earliest)
            # (a cue inside the lead, 被诊断为, is not where the description starts)
            first = _first(h_starts, healthy, lead, b)
            signal = _first(g_starts, signals, lead, b)
            content = b
            if first is not None:
                content = first
            if signal is not None and signal < content:
                content = signal
            if content < b and _NOT_PERSON.search(text, a, b):
                break
            if wrapped:
                start = content = chained  # (the rest of a clause a PDF broke: 上楼梯\n都得歇两回)
            elif content < b and (first is not None or not _GOODS.search(text, a, b)):
                start = lead if lead < content else content
                if start < content and _TOPIC_CHANGE.search(text, start, content):
                    # (驾驶员某某因头天犯了胃病: the clause opens with the case, the
                    # description starts at its word)
                    start = _before(text, start, content)
                elif start < content and (cause := _last_cause(text, start, content)):
                    # (round 13) a cause said before its result: what the shop or the
                    # accident did stays, the body's result is hidden (店员推荐某某药，
                    # 导致其母亲低血糖昏迷)
                    start = cause
                elif chained is not None and (start == a or not who):
                    start = chained  # (说头晕, 医生说…: the same person's story)
                else:
                    if chained is None or start > a:
                        start = _after_org(text, start, content)
                        cue = _CUE.match(text, start, b)  # (经医院|诊断为|X)
                        if cue and cue.end() < b:
                            start = cue.end()
                    start = _before(text, a, start)
            elif chained is not None and (_GOES_ON.match(text, a, b) or
                                          _BODY_ON.search(text, a, b)) and \
                    not _GOODS.search(text, a, b):  # (round 13: 药房店员推荐…, goods)
                start = chained
            else:
                break
            # (a name before where the description starts is the name rule's and keeps its
            # X某, however the clause opened: 事故中同车间某某右手擦伤)
            k = bisect_left(p_starts, content) - 1
            if k >= 0 and start <= people[k][0] and people[k][1] <= content:
                start = people[k][1]
            # (a list's item is read with the rest of its list: 对A、B、C有显著疗效)
            if _TOPIC_CHANGE.search(text, *_part(text, max(start, a), b, people, p_starts)):
                break
            end = _unopened(text, start, _trim(text, a, b))
            for a2, b2 in _without_orgs(text, start, end):
                b2 = _bare_end(text, a2, b2)
                if _HAN_PAIR.search(text, a2, b2):
                    if out and out[-1][3] == "health_clause" and _one_story(text, out[-1][1], a2):
                        a2 = out.pop()[0]  # one marker for one story
                    out.append((a2, b2, HEALTH, "health_clause"))
            done = b
            if b >= len(text):
                break
            wrapped = _wrapped(text, b)
            if text[b] not in _SOFT and not wrapped:
                break
            chained = end if end == b else None
            if chained is None:
                break
            a = b + 1
            # (round 13) a line that ends at a comma goes on in the next (咳嗽、胸闷，\n夜里…)
            while a < len(text) and text[a] in " \t\u3000\n" and text[a:a + 2] != "\n\n":
                a += 1
            b = _clause_end(text, a)
    return out


def _clause_end(text: str, pos: int) -> int:
    """Where the clause that holds ``pos`` ends (a comma between digits is a thousands
    separator, 38,000元, and ends nothing)."""
    while True:
        m = _DELIMITER.search(text, pos)
        if m is None:
            return len(text)
        at = m.start()
        if text[at] == "," and text[at - 1:at].isdigit() and text[at + 1:at + 2].isdigit():
            pos = at + 1
            continue
        return at


def _last_delimiter(text: str, floor: int, upto: int) -> int:
    """Where ``_LAST_DELIMITER.search(text, floor, upto)`` matches, or -1: the range read
    backwards by ``_DELIMITER`` (a third cheaper than the look-ahead tried at every
    delimiter). Its ``$`` also matches before a newline that ends the range, so a delimiter
    before such a newline wins over the newline itself."""
    end = upto - 1 if upto > floor and text[upto - 1] == "\n" else upto
    m = _DELIMITER.search(text[floor:end][::-1])
    if m is not None:
        return end - 1 - m.start()
    return end if end < upto else -1


def _clause_at(text: str, pos: int) -> tuple[int, int]:
    """The clause that holds ``pos``: after the last delimiter before it (read back from
    the nearest, at C speed, within a clause's reach)."""
    floor = max(0, pos - 160)
    upto = pos
    while True:
        at = _last_delimiter(text, floor, upto)
        if at < 0:
            start = floor
            break
        if text[at] == "," and text[at - 1:at].isdigit() and text[at + 1:at + 2].isdigit():
            upto = at  # (a thousands separator: look further back)
            continue
        if text[at] == "\n" and _wrapped(text, at):
            upto = at  # (round 12: a PDF's wrap inside the clause, 某某面部\n及双手被…)
            continue
        start = at + 1
        break
    return start, _clause_end(text, pos)


def _occurrences(text: str, name: str):
    at = text.find(name) if len(name) > 1 else -1
    while at >= 0:
        yield at
        at = text.find(name, at + len(name))


# A piece left between two institutions is kept only when it says something: two Han
# characters that are not a preposition or a conjunction (，经 | 某某医院 | 诊断为 …).
_HAN_PAIR = re.compile(r"[\u4e00-\u9fff](?<![经在到于被由并及和与后将对向从])"
                       r"[\u4e00-\u9fff]")
_BARE_END = frozenset("经在到于被由并及和与将对向从，,、；; \n")


def _bare_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _BARE_END:
        end -= 1
    return end


_PART_END = re.compile(r"[，,；;。！？!?\n：:|]")


def _part(text: str, start: int, b: int, people, p_starts) -> tuple[int, int]:
    """What to read for a change of topic: from ``start`` to the clause's end, or the whole
    comma clause after its lead-in when the clause is an item of a 、-list (宣称可治A、B及C);
    never past a pretext's 为由 (以X、Y为由申请延期: the request is not the story)."""
    if (b < len(text) and text[b] == "、") or text[start - 1:start] == "、":
        m = _PART_END.search(text, b)
        b = m.start() if m else len(text)
        floor = max(0, start - 120)
        begin = max(floor - 1, *(text.rfind(c, floor, start) for c in "，,；;。！？!?\n：:|")) + 1
        start = min(start, _lead(text, begin, b, people, p_starts)[0])
    pretext = text.find("为由", start, b)
    return start, b if pretext < 0 else pretext


def _first(starts, spans, a: int, b: int):
    """Where the first of ``spans`` inside the clause [a, b) starts (one overlapping its
    start counts from a), or None."""
    k = bisect_left(starts, a)
    if k and spans[k - 1][1] > a:
        return a
    if k < len(starts) and starts[k] < b:
        return starts[k]
    return None


def _earliest(first, signal):
    if first is None:
        return signal
    return first if signal is None or first < signal else signal


def _wrapped(text: str, at: int) -> bool:
    """The line ends at ``at`` inside a clause: a PDF's hard break between two Han
    characters (咳出来的\n痰), not the end of a paragraph or a list's item."""
    return text[at] == "\n" and 0 < at < len(text) - 1 and \
        "\u4e00" <= text[at - 1] <= "\u9fff" and "\u4e00" <= text[at + 1] <= "\u9fff"


def _lead(text: str, a: int, b: int, people, p_starts, earliest=None) -> tuple[int, bool]:
    """Where the description starts in the clause [a, b): after names, pronouns, roles,
    verbs of saying and a procedural date at its start; and whether the lead named who
    (a new person: a story told of someone else does not join the one before)."""
    pos = a
    who = False
    # (a clause that opens inside an aside, 蒙某（女，41岁）: the aside ends the lead-in)
    window = max(0, a - 40)
    opened = max(text.rfind("（", window, a), text.rfind("(", window, a))
    if opened >= 0 and opened > max(text.rfind("）", opened, a), text.rfind(")", opened, a)):
        close = _CLOSE.search(text, a, b)
        # (…，卧床，有褥疮）: the description is inside the aside, which is then no lead-in)
        if close and earliest is not None and earliest < close.start():
            close = None
        if close:
            pos = close.end()
    while pos < b:
        k = bisect_left(p_starts, pos)
        # a name, or a short role word and a name (租户某某, 组长某某)
        if k < len(p_starts) and p_starts[k] - pos <= 3 and (
                p_starts[k] == pos or _ROLE.fullmatch(text, pos, p_starts[k])):
            pos = people[k][1]
            who = True
            continue
        m = _LEAD_BY_FIRST.match(text, pos, b)
        if m is None or m.end() == pos:
            m = _SAYS.search(text, pos, min(b, pos + _SAYS_REACH))
            if m is None or (m.group() == "说" and m.start() > pos + 3):
                break
        who = who or _WHO.match(text, pos, m.end()) is not None
        pos = m.end()
    return pos, who


_ORG_GATE = re.compile(r"医院|卫生院|卫生室|诊所|门诊部|中心|医务室")
_CLOSE = re.compile(r"[）)]")
_CUE = re.compile(r"(?:被|经)?(?:诊断|确诊|鉴定|认定)为|患有|罹患|身患")
_ROLE = re.compile(r"[\u4e00-\u9fff]{1,3}")


def _after_org(text: str, start: int, content: int) -> int:
    """A story's first clause opens with where the person was seen (在某某医院): the
    institution stays."""
    if start >= content or not _ORG_GATE.search(text, start, content):
        return start  # (no institution's word: the lazy pattern below is not tried)
    m = _ORG_FIRST.match(text, start, content)
    return m.end() if m else start


# An institution named inside a description (送往某某医院救治, 经某某鉴定室鉴定) stays: it is
# where the person was seen, a public body, not the person's health.
_ORG_TAILS = ("医院", "卫生院", "卫生室", "诊所", "门诊部", "中心", "鉴定室", "鉴定所", "研究所",
              "派出所", "公安局", "委员会", "医务室", "保健院", "疾控")
# (a PDF's hard break may fall inside the name: 人民医\n院)
_ORG_TAIL = re.compile("|".join("\n?".join(tail) for tail in _ORG_TAILS))
_ORG_STOP = frozenset("在到去往送转至经由于被的，,。；;、（()）：:和与及从")


def _without_orgs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if not _KEPT_GATE.search(text, max(0, start - 3), end):
        return [(start, end)]  # (most stories name no institution and no year)
    pieces = []
    pos = start
    # (from a little before: a clause may open inside a name a PDF broke, 医\n院)
    for m in _ORG_TAIL.finditer(text, max(0, start - 3), end):
        if m.end() <= start:
            continue
        org = m.start()
        while org > max(start, m.start() - 20) and text[org - 1] not in _ORG_STOP and \
                text[org - 2:org] != "\n\n":
            org -= 1
        if org < pos:  # (中心 inside 某某市中心医院: the organisation goes on)
            pos = max(pos, m.end())
            continue
        if _STAYED.search(text, org, m.end()):
            continue  # (住了一个礼拜医院: a stay said with 医院, not an institution)
        if _GENERIC_ORG.fullmatch(text, org, m.end()):
            continue  # (去镇卫生院打吊瓶: no institution's name, the story's words)
        if org > pos:
            pieces.append((pos, org))
        pos = m.end()
    if end > pos:
        pieces.append((pos, end))
    return pieces


# (round 12: a year said as a word inside a story is part of it, 去年底中风, 前年骑摩托 —
# the sets mark it so; one before a cue of its own, 去年因…去世, is a lead-in and stays)
_KEPT_GATE = re.compile(r"院|所|室|中心|部|局|会|疾控")
# (round 13) An institution said by its kind and the level of its place only (县医院,
# 镇卫生院, 社区医院, 县精神卫生中心) names no one institution: inside a story it is the
# story's words. One with a place's or a founder's name (某某市第一人民医院) stays.
_GENERIC_ORG = re.compile(r"(?:县|镇|乡|村|旗|区|社区|当地|附近的?)(?:里的?)?"
                          r"(?:人民|中医|中心|妇幼保健|精神卫生|精神病|儿童|肿瘤)?"
                          r"(?:医院|卫生院|卫生室|诊所|医务室|保健院|中心)")
_STAYED = re.compile(r"住[了过]|[一二三四五六七八九十两几0-9]\s*(?:个\s*)?(?:礼拜|星期|天|周|月)")


_GOODS = re.compile(r"销售|售卖|出售|购买|购进|进货|库存|批号|规格|柜台|货架|药店|药房|推荐|推销")


# (round 13) A cause said before a body's result in one clause (推荐某药，导致其低血糖;
# 烟雾致使租户咳嗽): the result starts after the verb of causing and who it struck.
_CAUSE = re.compile(r"(?:导致|致使|造成|引起|引发|使得|(?<![一所以大极])致)(?:了)?")


def _last_cause(text: str, start: int, content: int):
    at = None
    for m in _CAUSE.finditer(text, start, content):
        at = m.end()
    if at is None:
        return None
    who = _WHO.match(text, at)  # (not bounded by ``content``: its look-ahead reads on)
    if who and who.end() <= content:
        at = who.end()
    while at < content and text[at] in "的 ":
        at += 1
    return at


def _one_story(text: str, last_end: int, start: int) -> bool:
    """Two clause spans apart only by one ，；、 (and a line's end after it) are one story."""
    if last_end == start:
        return True
    gap = text[last_end:start]
    return gap[:1] in _SOFT and not gap[1:].strip(" \t\u3000\n") and "\n\n" not in gap


# A clause's tail that is not the description: a pretext, a count of billed sessions or
# stitches after a treatment's name (针灸治疗十余次, 缝合5针: what was charged, ADR 0054
# round 9; a witness's 缝了五针 is read by the spoken rule).
_TAIL = re.compile(r"(?:为由|的情况|等情况|的事实|(?<=[疗合灸拿])[共计约]?"
                   r"[0-9一二三四五六七八九十百两几]+[余多]?[次针]|"
                   # (round 13) an aside that says who the person is (（系某某公司工人）)
                   r"[（(](?:系|即|原|现为)[^（）()]{0,30}[）)])$")


_TAIL_LAST = frozenset("由况实次针）)")


def _unopened(text: str, start: int, end: int) -> int:
    """``end``, or the closing bracket before it that closes an aside opened before
    ``start`` (（患者某某，诊断某病）与记录不符: the aside ends the description)."""
    close = text.find("）", start, end)
    other = text.find(")", start, end)
    if other >= 0 and (close < 0 or other < close):
        close = other
    if close < 0:
        return end
    if text.find("（", start, close) < 0 and text.find("(", start, close) < 0:
        return close  # (most clauses open no aside of their own: no walk)
    depth = 0
    for i in range(start, end):
        c = text[i]
        if c in "（(":
            depth += 1
        elif c in "）)":
            if depth == 0:
                return i
            depth -= 1
    return end


def _trim(text: str, a: int, b: int) -> int:
    if b <= a or text[b - 1] not in _TAIL_LAST:
        return b
    m = _TAIL.search(text, a, b)
    return m.start() if m else b


# (round 13) A diagnosis quoted from a certificate with a blank for its colon, as a typist
# or a scan leaves it (“诊断 腰椎间盘突出，建议休息七天”; （…，诊断 某某病）); the view
# has dropped the blank, so the label opens a quote, an aside or a clause and is followed
# by its value, not by a word that makes it prose (诊断为, 诊断书, 诊断证明).
_SPACED_LABEL = re.compile(r"[ \u3000]*(?=[^\s，,。；;为书证结意报机是：:明性的和及与、）)”"
                           r"发费依标技服项治疗中时后过出])")
_SPACED_KINDS = frozenset(("初步", "出院", "入院", "临床", "门诊"))
_SPACED_OPEN = frozenset("“（(，,")


def _records(text: str) -> list:
    """The values of a medical record's fields (主诉：…；诊断：…；处理：…)."""
    out = []
    at = text.find("诊断")
    while at >= 0:  # (found by its word, the opener read behind it: cheaper than a scan)
        label = at - 2 if text[max(0, at - 2):at] in _SPACED_KINDS else at
        m = _SPACED_LABEL.match(text, at + 2)
        if label > 0 and text[label - 1] in _SPACED_OPEN and m is not None:
            end = _field_value(text, m.end())
            if end is not None and end > m.end():
                out.append((m.end(), end, HEALTH, "health_record"))
        at = text.find("诊断", at + 2)
    if not _has_record(text):
        return out  # (no strong label: a 处理： alone is a step of the case)
    medical = False
    last = -1
    # (found at their colon, a rare character, and read back: the labels' own first
    # characters are common ones, 处, 出, 个, 月)
    for m in _RECORD_COLON.finditer(text):
        label = next((text[m.start() - n:m.start()] for n in (4, 3, 2)
                      if text[m.start() - n:m.start()] in _LABELS), None)
        if label is None or (label not in _STRONG_LABELS and _NOT_FIELD_BEFORE.match(
                text, max(0, m.start() - len(label) - 1), m.start() - len(label))):
            continue  # (不予处理：, 复诊：… the label ends a longer word)
        start = m.end()
        while start < len(text) and text[start] in " \t\u3000":
            start += 1
        end = _field_value(text, start)
        if end is None:
            continue
        # a 处理/处置/医嘱 field is medical only in a record that has a medical field
        # before it in the same paragraph, or after a diagnosis said in prose
        near = (medical and text.find("\n\n", last, m.start()) < 0) or \
            _DIAGNOSED_BEFORE.search(text, max(0, m.start() - 60, text.rfind("\n", 0, m.start())),
                                     m.start()) is not None
        if label in _STRONG_LABELS or near:
            out.append((start, end, HEALTH, "health_record"))
            medical = True
            last = end
    return out
