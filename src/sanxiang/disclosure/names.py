"""Names of natural persons other than the party in a decision text (R-PUB-05).

A name is found after a cue that says a person follows (证人, 患者, 乘客, 其母亲, 一名叫 …)
or in a list joined to one (、和及与). Where it ends is decided by the word segmenter the
project already ships (``rjieba``, jieba's dictionary compiled in, see ADR 0010) on a few
characters only, then by what may follow a name (称, 陈述, punctuation …); an ordinary
word after a cue (员工管理制度, 工作人员向当事人, 驾驶员明知) is not a name. A name found
once is hidden at every occurrence: the caller masks them all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import rjieba

from sanxiang.disclosure.bodyblock import body_label, body_tail
from sanxiang.disclosure.detectors import after_remedies, is_resident_id
from sanxiang.disclosure.wordtrie import WordScan, trie_pattern

# 百家姓 and the rarer surnames met in decisions (么, 訾, 仝, 亓, 逯, 禚 …).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷"
    "詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费"
    "卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘"
    "池查麻苑迟邝么訾仝亓逯禚隗钮冼郜蔺薄栗郗阚揭冀伊滑郦逄笪佴妫赫鄢粟练鞠井芮鹿储"
    "衣那郁闻隆钭蓟鄂蔚聂晋荆和丰廉酆汲邴糜松富乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁"
    "仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴"
    "胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿"
    "阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔"
    "隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
    "缑督强仉邸杭丘帅茅琚植"
    # surnames of the Hui and Salar in 青海 and 甘肃 (冶, 喇); Korean surnames written in
    # Han characters that are no common word's first character (朴, 玄)
    "冶喇朴玄"
    # the rest of 百家姓 but for characters that are common words (水 云 花 家 元 平 …)
    "奚昌凤萧湛禹狄贝伏谈危昝裘宣贲洪诸嵇荀羊惠封羿钦谯"
    # rarer surnames outside 百家姓 that are no common word's first character (谌, 庹 of
    # 湘西 and 鄂西, 檀, 禤 of 广西 …)
    "谌庹檀禤郇苌蹇綦雒郄俎甯亢佀虢戢芈茆笪")
# Characters common in given names. A surname followed by two of these, then a word, is
# read as a name even when the segmenter reads the two as a word (佘|建军|当晚, 桓|德胜|脑梗).
GIVEN_CHARS = frozenset(
    "一伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武"
    "新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦"
    "承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔"
    "旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠"
    "雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞"
    "莉桂娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚"
    "苑婕馨韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希欣滢馥筠柔竹凝晓欢霄枫芸菲寒伊亚宜可舒"
    "丽阳妮宝贝程恒鸿桦骅剑娇纪宽灵琪晴容睿堂唯威韦雯萱彦宇雨洋忠宗曼紫逸贤蝶菡儿小铁"
    "锁柱根满仓囤喜旺财来金银铜石水木春夏冬卫方向立设占魁奎禄寿孝廉智敏捷然亮昊二三四"
    "五六七八九大老长少继承连增加延殿廷汉满凤桐松柏枝梓杨槐彤晗涵韬铭锐锋钢"
    "为得民仁礼秉守远遥达辉雷霆电云虎豹鹤凤鹰燕莹萌娃妞丫蛋狗牛马羊"
    "佑禾花轩宸鑫淼森焱垚栓兵柳杉墨望蕾坤乾湘渝川闽粤")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容",
                     "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫",
                     "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "万俟", "闻人")

# Names of persons of minority nationalities written in Han characters have no Han surname
# (乌兰, 其木格, 巴特尔, 阿依古丽, 古丽米热·阿不都, 次仁央宗, 曲比阿呷, 岩温, 玉香): they are
# spelled with the characters of transliteration. These are the characters of common
# Mongolian, Tibetan, Uyghur, Kazakh, Yi and Dai given names; a run of two or more of them in
# a person's position (after a role word, in a list of names, before 证实/承认, in 从X处)
# that the segmenter does not read as an ordinary word or the start of a place (乌兰察布,
# 乌兰浩特, 乌兰县) is a name.
_MINORITY_NAMES = """
巴特尔 巴图 巴雅尔 巴音 巴桑 乌兰 乌云 乌日娜 乌力吉 乌恩 其木格 其其格 其勒木格 图雅 图门
敖登 格日勒 斯琴 斯日古楞 额尔敦 额尔登 额尔德木图 额日和木 娜仁 宝音 宝力道 宝鲁 朝鲁 朝克
哈斯 阿拉坦 萨仁 萨日娜 苏日娜 苏和 阿茹娜 那日苏 那顺 孟克 孟和 萨其拉 吉日嘎拉 布和 布仁
满都拉 达来 青格勒 呼和 阿古拉 通拉嘎 赛罕 白音 桑布 恩和 特古斯 毕力格 陶格斯 高娃 塔娜
托娅 琪琪格 达古拉 色音 吉雅 阿日 阿迪亚 敖其尔 扎西 次仁 央宗 卓玛 丹增 洛桑 央金 多吉
格桑 平措 旺堆 达瓦 尼玛 拉姆 德吉 普布 边巴 索朗 顿珠 白玛 强巴 群培 曲珍 益西 旦增 罗布
嘎玛 措姆 拉巴 琼达 仁青 贡布 赤列 欧珠 桑珠 米玛 久美 才让 卓嘎 德庆 次旦 加措 多杰 阿依古丽
古丽米热 古丽 买买提 艾尔肯 热合曼 帕提古丽 努尔兰 阿不都 吐尔逊 艾力 阿迪力 迪丽 热娜
再努尔 艾合买提 阿布都 热依拉 阿力木 吾斯曼 伊力哈木 努尔 麦麦提 依明 阿尔斯兰 叶尔兰 阿斯哈尔
加娜尔 沙吾提 哈力克 库尔班 肉孜 塔依尔 玉素甫 祖丽菲娅 米娜瓦尔 巴哈尔 阿娜尔 凯撒尔 赛买提
吐逊 热孜 江 阿拉坦仓 阿苦 日者 俄木 拉哈 曲比 阿呷 吉克 阿木 沙马 拉且 阿牛 木呷
瓦西 阿西 俄底 阿依
海来 吉伍 立洛 尔古 岩温 岩罕 玉罕 玉香 玉波 玉应 罕龙 岩香 玉叫 岩应
"""
_MINORITY_SET = frozenset(_MINORITY_NAMES.split())
# 和 joins names (乌兰和巴特尔, 岩温和…): it belongs to a run only as the end of a known name
# (苏和, 孟和, 布和).
_MINORITY_CHARS = frozenset("".join(_MINORITY_NAMES.split())) - {"和"}
_MINORITY_FIRST = frozenset(w[0] for w in _MINORITY_NAMES.split())
_NAME_DOTS = "·•・"
_COUNTS = frozenset("二两三四五六七八九十")
# A run of these followed by these is a place or a body, not a person (乌兰县, 乌兰牧骑).
_PLACE_NEXT = frozenset("县市旗盟州省区镇乡村街路道巷河湖山湾岛")
_PLACE_WORDS = ("苏木", "嘎查", "牧骑", "大街", "草原", "机场", "车站", "地区", "公司")
# Segmenter tags of a whole run that make it an ordinary word (多次, 日前, 提供).
_WORD_TAGS = frozenset(("v", "vd", "vn", "d", "a", "ad", "an", "p", "c", "u", "ul", "uj",
                        "l", "y", "m", "q", "t", "f", "r", "i", "mq", "z", "zg"))


@lru_cache(maxsize=4096)
def _minority_in(window: str) -> int:
    """The length of a minority name opening ``window`` (12 characters), or 0: the run of
    transliteration characters, unless it cuts a word, is one ordinary word or goes on into
    a place. Callers read it only where a person is expected."""
    end, letters = 0, 0
    while end < len(window) and letters < 8:
        char = window[end]
        if char in _MINORITY_CHARS:
            letters += 1
        elif char in _NAME_DOTS and letters and end + 1 < len(window) and \
                window[end + 1] in _MINORITY_CHARS:
            pass
        else:
            break
        end += 1
    if letters < 2:
        return 0
    if window[end:end + 1] == "和" and window[:end + 1] in _MINORITY_SET:
        end += 1
    if end < 4 and window[:2] in _MINORITY_SET and _yi_given(window):
        end = 4  # 曲比|阿果, 沙马|日作: a Yi clan name and a given name of two
    rest = window[end:]
    if rest[:1] in _PLACE_NEXT or rest.startswith(_PLACE_WORDS):
        return 0  # 乌兰县, 乌兰察布 below
    tokens = _tag(window[:end + 3])
    pos = 0
    for word, tag in tokens:
        if pos >= end:
            break
        if pos + len(word) > end and not (
                pos + len(word) == end + 1 and window[end] in _JOIN):
            return 0  # the run cuts a word: 乌兰察布, 乌兰浩特, 拉|木料 (not 岩|温和|…)
        if pos == 0 and len(word) == end and (tag in _WORD_TAGS or (
                tag == "ns" and window[:end] not in _MINORITY_SET)):
            return 0  # the run is one ordinary word or a place: 多次, 日前, 格尔木
        pos += len(word)
    return end


def _yi_given(window: str) -> bool:
    """``window`` opens with a known two-character part (a Yi clan name: 曲比, 沙马, 吉克)
    and two more characters that end where the sentence goes on strongly (the, a
    punctuation, 提供, 当晚 …), and that are no dictionary word: a four-character Yi name,
    written without a dot."""
    given = window[2:4]
    # (not a dictionary word: 乌兰|报警, 乌兰|劝阻 — a name of two, then the sentence)
    return len(given) == 2 and _all_han(given) and _tag(given)[0][0] != given and not any(
        c in _STRONG_CHARS or (c in _FOLLOW_CHARS and c not in GIVEN_CHARS and
                               c not in _MINORITY_CHARS) for c in given) and \
        _strength(window, 4) == 2


def place_goes_on(text: str, pos: int, name: str) -> bool:
    """The occurrence of ``name`` at ``pos`` begins a place or a body (乌兰察布市, 乌兰浩特,
    乌兰县, 乌兰牧骑), not the person found elsewhere in the text."""
    end = pos + len(name)
    if text[end:end + 1] in _PLACE_NEXT or text.startswith(_PLACE_WORDS, end):
        return True
    if name[:1] not in _MINORITY_FIRST or not _HAN.match(text, end):
        return False
    return len(_tag(text[pos:end + 4])[0][0]) > len(name)


# Who is named after these: roles, relations, "a man called". Longest first, so that
# 其母亲 is read before 其母 (the shorter alternative used to win and swallow 亲).
_CUE_WORDS = """
被询问人 被调查人 见证人 陪同人 受托人 检举人 报案人 报警人 发现人 证明人 知情人 在场人
证人 目击者 目击证人 邻居 从业人员 涉事人员 员工 职工 工人 雇员 雇工 帮工
店员 营业员 收银员 厨师 服务员 保安 保洁员 护士 医生 医师 患者 病人 乘客
顾客 消费者 购买人 购买者 买受人 投诉人 举报人 申请人 受害人 被害人 伤者 死者
居民 市民 村民 业主 房东 租户 承租人 出租人 驾驶员 驾驶人 司机 会计 出纳
保管员 操作工 电工 焊工 安全员 安全管理员 质检员 车间主任 主任 经理 厂长 店长
负责人 质量负责人 技术负责人 现场负责人 现场人员 当班人员 值班人员 联系人
委托代理人 代理人 收件人 签收人 监护人 学生 儿童 配偶 妻子 丈夫 儿子 女儿
父亲 母亲 其妻 其夫 其子 其女 其父 其母 其妻子 其丈夫 其儿子 其女儿 其父亲
其母亲 其配偶 之子 之女 之妻 之夫 之父 之母 朋友 其朋友 同事 亲属 亲戚 侄子
外甥 哥哥 弟弟 姐姐 妹妹 爷爷 奶奶 外公 外婆 孙子 孙女 一名叫 名叫 叫做
化名 男子 女子 老人 当事人之子 当事人之女 合伙人 户名 开户人 另有 还有 并由
委托 雇佣 聘用 聘请 指派 业务员 销售员 快递员 外卖员 学员 教练 教练员 导游
游客 船员 船长 乡医 村医 表弟 表哥 表姐 表妹 堂弟 堂哥 堂姐 堂妹 同学 爱人 老伴 嫂子
岳父 岳母 公公 婆婆 姑姑 舅舅 姨妈 叔叔 伯伯 侄女 外孙 外孙女 儿媳 女婿 弟媳 老乡 室友
工友 同伴 成员 所有人 实际控制人 股东 承包人 证人证言（ 证言（ 询问笔录（ 笔录（ 陈述（
老板 老板娘 前台 调度 调度员 牧民 农民 渔民 帮厨 计调 之孙 之孙子 之孙女 之兄 之弟 之姐 之妹
雇用 雇请
其兄 其弟 其姐 其妹 其哥哥 其弟弟 其姐姐 其妹妹 其兄弟 其孙 其孙子 其孙女
其侄子 其侄女 妻弟 妻兄 妻姐 妻妹 其妻弟 其妻兄 其妻姐 其妻妹 其女友 其男友 女友 男友
被侵害人 侵害人 被侵权人 助理 秘书 文员 副总 总监 参保人 投保人 被保险人 受益人
老婆 我老婆 他老婆 其老婆 老公 其老公 媳妇 其媳妇 前妻 前夫
祖父 祖母 外祖父 外祖母 继父 继母 养父 养母 孙媳 曾孙 公婆
供货商 供应商 经销商 批发商 代销商 进货商 幼儿 婴儿 患儿 同班组 同车间 同宿舍 同工地
家长 学生家长 同村 同村村民 同组 邻村 旅客 外籍旅客 翻译 翻译人员 译员 持照人
之侄 之侄子 之侄女 之外甥 其侄 其外甥
闺女 其闺女 他妈 她妈 我妈 他爸 她爸 我爸 他爹 她爹 我爹 他娘 她娘 俺娘 俺爹 丈母娘
儿媳妇 大儿子 小儿子 二儿子 大女儿 小女儿 二女儿 外甥女 舅妈 姨夫 姑父 姑妈 婶婶 孩子
小孩 水手 轮机员 老师 一个叫 一位叫 名字叫 大名叫 本名 原名 真名 曾用名 又名 别名 学名
"""
_CUES = sorted(set(_CUE_WORDS.split()), key=len, reverse=True)
# The lookahead on first characters lets the scan skip most positions at C speed.
NAME_CUE = re.compile(trie_pattern(_CUES) + r"[：:]?(?:为|是)?")
# NAME_CUE's words found in one pass (``WordScan``); its optional tail is read after each.
# No cue starts with ：, :, 为 or 是, so a tail never hides the start of the next cue.
_CUE_SCAN = WordScan(_CUES)
_CUE_FIRST = frozenset(cue[0] for cue in _CUES)
# What may follow a name and start the rest of the sentence: strongly (punctuation, 称, a
# verb of testimony) or weakly (a character that also occurs inside given names).
_STRONG_CHARS = set("，。；、：:（）()“”\"'\n称说等的系")
_FOLLOW_CHARS = _STRONG_CHARS | set("和及与讲在于是均也都已曾未不因为将到向对被把给让从自之"
                                    "同以经签确承现告反提陈指驾负出担任持住家所患有")
_FOLLOW_WORDS = ("证实", "陈述", "反映", "承认", "表示", "提供", "代为", "作证", "签字", "施救",
                 "行经", "驾驶", "驾车", "报警", "拨打", "前往", "进入", "到场", "购买", "食用",
                 "经营", "陪同", "发现", "受伤", "接受", "出现", "确诊", "患有", "名下", "家中",
                 "居住", "负责", "管理", "在场", "签收", "收取", "转账", "介绍", "带领", "带入",
                 "未取得", "未满", "个人", "发生", "骑", "驾", "介绍", "自称", "无", "误服", "多次",
                 "承建", "共同", "当场", "指认", "联名", "注射", "拨打", "帮助", "突发", "代为",
                 "女士", "先生", "同志", "师傅", "夫妇", "老人", "均未", "联系", "办理", "租住",
                 "投诉", "举报", "证明", "告知",
                 # 全志高经复查为…, 张三二人: the sentence goes on after the name
                 "经诊断", "经鉴定", "经复查", "经检查", "经查", "二人", "两人", "三人", "四人",
                 "五人", "承包地", "宅基地", "责任田", "自留地",
                 # a time word right after a name (苏振南当日不在岗), a denial
                 "当日", "当天", "当晚", "当时", "次日", "否认",
                 # (round 13) a count or an adverb of one (蒙秀芬一个人守着, X一直在…)
                 "一个", "一人", "一直", "一起", "一同", "一并", "一家")
_JOIN = "、和及与"
_ASIDE = re.compile(r"[（(][^（()）\n]{1,24}[)）]")
# An amount after each name of a list (业务员X98,400.00元、Y87,200.00元).
_AMOUNT_ASIDE = re.compile(r"[0-9][0-9,，.]*(?:万|余)?元(?=[、和及与])")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A quoted note after each name of a list (幼儿X“…”、Y“…”): the list goes on after it.
_QUOTE_ASIDE = re.compile(r"[“\"][^“”\"\n]{1,30}[”\"](?=[、和及与])")
# Two runs of characters joined by a name's dot (the second read to at most six).
_DOTTED = re.compile(r"[\u4e00-\u9fff]{2,12}([·•・])[\u4e00-\u9fff]{2,6}")


_COMPOUNDS = frozenset(COMPOUND_SURNAMES)
_COMPOUND_FIRST = frozenset(c[0] for c in COMPOUND_SURNAMES)
# The characters a name read by ``_reader`` can start with.
_NAME_FIRST = SURNAMES | _COMPOUND_FIRST | _MINORITY_FIRST


@lru_cache(maxsize=8192)
def _tag(window: str) -> tuple:
    # The segmenter's HMM pass over an unknown name costs up to 0.1 ms; a decision repeats
    # its names, and so does a day's batch, so a small cache pays.
    return tuple(rjieba.tag(window, hmm=False))


def surname_at(text: str, pos: int) -> str:
    two = text[pos:pos + 2]
    if two in _COMPOUNDS:
        return two
    if two and two[0] in SURNAMES:
        return two[0]
    return ""


_HAN_ONLY = re.compile("[\u4e00-\u9fff]+").fullmatch


def _all_han(value: str) -> bool:
    return _HAN_ONLY(value) is not None


# ``startswith`` with the whole tuple tries all ninety words; by first character, one or two.
_FOLLOW_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in _FOLLOW_WORDS:
    _FOLLOW_BY_FIRST[_word[0]] = (*_FOLLOW_BY_FIRST.get(_word[0], ()), _word)


def _follow_word_at(text: str, pos: int) -> bool:
    """One of ``_FOLLOW_WORDS`` starts at ``pos``."""
    words = _FOLLOW_BY_FIRST.get(text[pos:pos + 1])
    return words is not None and text.startswith(words, pos)


def _strength(text: str, end: int) -> int:
    if end >= len(text):
        return 2
    char = text[end]
    if char in _STRONG_CHARS:
        return 2
    words = _FOLLOW_BY_FIRST.get(char)
    if words is not None and text.startswith(words, end):
        return 2
    return 1 if char in _FOLLOW_CHARS else 0


# Characters that end a name only by accident: what follows them is the sentence.
_NOT_LAST = set("称说等的系也均于是在和与及都已曾未不将患有因被")


# Segmenter tags of words that are never a name: verbs, adverbs, adjectives, prepositions,
# conjunctions, particles, idioms.
_NOT_NAME_TAGS = frozenset(("v", "vd", "vn", "d", "a", "ad", "an", "p", "c", "u", "ul", "uj",
                            "l", "y", "t"))  # t: time words (黎明前, 明年)


def _word_starts(text: str, pos: int) -> bool:
    """A dictionary word of two or more characters, or what ends a name, starts at ``pos``."""
    if pos >= len(text) or _strength(text, pos) >= 1:
        return True
    return len(_tag(text[pos:pos + 4])[0][0]) >= 2


# Everything name_at reads lies within this many characters of the start.
_WINDOW = 12
_NONE = (0, False)


def name_at(text: str, pos: int) -> tuple[int, bool]:
    """(length of a personal name at ``pos`` or 0, whether the segmenter vouched for it)."""
    if pos >= len(text) or not (text[pos] in SURNAMES or (
            text[pos] in _COMPOUND_FIRST and text[pos:pos + 2] in _COMPOUNDS)):
        return 0, False
    return _name_in(text[pos:pos + _WINDOW])


def _reader(text: str):
    """``name_at`` over one text, each position read once: the scans below meet the same
    positions again (a cue word that ends in a role character, a public role, a clause
    start), and a dict lookup costs a fifth of slicing the window and hashing it again."""
    memo: dict[int, tuple[int, bool]] = {}
    minority: set[int] = set()  # positions read as a minority name
    size = len(text)

    def at(pos: int) -> tuple[int, bool]:
        got = memo.get(pos)
        if got is None:
            if pos >= size:
                got = (0, False)
            else:
                char = text[pos]
                got = _name_in(text[pos:pos + _WINDOW]) if (char in SURNAMES or (
                    char in _COMPOUND_FIRST and text[pos:pos + 2] in _COMPOUNDS)) else _NONE
                if got[0] > 2:
                    end = pos + got[0]
                    if text[end - 1] in _COUNTS and text[end:end + 1] in "人名":
                        got = (got[0] - 1, got[1])  # 乌兰三人: the count is not the name's
                    elif got[0] == 3 and text[end - 1:end + 1] in _MINORITY_SET and \
                            _HAN.match(text, end + 1):
                        # a Tibetan or Yi name of two parts whose second is a known one
                        # (X才|让): the name goes on into it
                        got = (4, False)
                if char in _MINORITY_FIRST:  # 巴特|尔 → 巴特尔, 其木格 (no Han surname)
                    length = _minority_in(text[pos:pos + 12])
                    if length > got[0]:
                        got = (length, False)
                        minority.add(pos)
            memo[pos] = got
        return got

    at.minority = minority  # type: ignore[attr-defined]
    return at


@lru_cache(maxsize=16384)
def _name_in(window: str) -> tuple[int, bool]:
    # A decision repeats its names after the same cues: the answer depends on the window only.
    length, sure = _name_at(window, 0)
    surname = surname_at(window, 0)
    if length > len(surname) + 1 and window[length - 1] in _NOT_LAST:
        length -= 1
    elif length == len(surname) + 1 and window[length - 1] in _NOT_LAST and \
            window[length - 1] not in GIVEN_CHARS:
        return _NONE  # 病人后未按规定: 后 and a word that goes on the sentence, no name
    if length and not sure and _ordinary_word(window, len(surname), length):
        return 0, False
    return length, sure


# Where a time word ends and a name would not go on: 白天时, 白天里.
_AFTER_TIME_WORD = frozenset("时里间")


def _ordinary_word(window: str, surname: int, length: int) -> bool:
    """The guessed name is an ordinary word the segmenter knows and does not tag as a
    person (白天: a time word; 巴士: a place word), or a time word and 时 (白天时). The
    older rules read a surname and one given-name character before a word or a pause as a
    name, even when the two were one dictionary word; 白天明, 巴特尔 are read elsewhere."""
    first, tag = _tag(window[:surname + 4])[0]
    if tag.startswith("nr") or len(first) != surname + 1:
        return False
    if length == len(first):
        return tag in _NOT_NAME_TAGS or tag in ("ns", "t")
    return tag == "t" and length == len(first) + 1 and window[len(first)] in _AFTER_TIME_WORD


def _name_at(text: str, pos: int) -> tuple[int, bool]:
    two = text[pos:pos + 2]
    if two in _COMPOUNDS:
        surname = two
    elif two and two[0] in SURNAMES:
        surname = two[0]
    else:
        return _NONE
    n_surname = len(surname)
    rest = pos + n_surname
    size = len(text)
    if rest >= size:
        return _NONE
    char = text[rest]
    if char == "某" or not ("\u4e00" <= char <= "\u9fff"):
        return _NONE  # 张某 / 张某某: nothing to hide
    tokens = _tag(text[pos:rest + 4])
    first, tag = tokens[0]
    n_first = len(first)
    after = pos + n_first
    if tag.startswith("nr"):
        if n_first == n_surname + 2 and first[-1] not in GIVEN_CHARS and \
                _word_tagged_person(first[:-1], surname):
            return _NONE  # 许可证, 安全带, 养老院, 陈述书: an nr-tagged word and a suffix
        if _word_tagged_person(first, surname) and (
                after >= size or _strength(text, after) >= 1 or
                text[after] not in GIVEN_CHARS or first[n_surname:][-1:] not in GIVEN_CHARS
                or not _word_starts(text, after + 1)):
            # 陈述, 张贴, 康复, 查明: jieba's dictionary tags these nr (孙子涵 goes on into a
            # name; 卫星遥感, 杨柳叶面, 陈述中 do not)
            return _NONE
        if n_surname < n_first <= n_surname + 2:
            length = n_first
            # 阚立|军称: the segmenter cut a three-character name short
            # (or a number: 上官云|鹏 and his ID in a table's row)
            if length == n_surname + 1 and _all_han(text[pos + length:pos + length + 1]) and (
                    _strength(text, pos + length + 1) > _strength(text, pos + length) or
                    "0" <= text[pos + length + 1:pos + length + 2] <= "9"):
                length += 1
            return length, True
    if first == surname and len(tokens) > 1:
        second, tag2 = tokens[1]
        if len(second) == 2 and _all_han(second) and (
                tag2.startswith("nr") or _strength(text, rest + 2) == 2 or (
                    second[0] in GIVEN_CHARS and second[1] in GIVEN_CHARS
                    and _word_starts(text, rest + 2))):
            return n_surname + 2, tag2.startswith("nr")
        # A name the dictionary does not know comes apart into single characters
        # (訾/晓/东/反映): they are the given name, up to two, until a word starts.
        given = 0
        for word, _pos in tokens[1:3]:
            if len(word) != 1 or not ("\u4e00" <= word <= "\u9fff") or (
                    given and (word in _STRONG_CHARS or word not in GIVEN_CHARS
                               or _follow_word_at(text, rest + given))):
                break
            given += 1
        following = tokens[1 + given][0] if len(tokens) > 1 + given else ""
        # 余/晓/东家/住: the window's next "word" took the name's last character
        if given == 1 and len(following) == 2 and _all_han(following) and \
                following[0] in GIVEN_CHARS and \
                _strength(text, rest + 1) == 0 and _strength(text, rest + 2) >= 1:
            given, following = 2, ""
        if given and (_strength(text, rest + given) >= 1 or len(following) >= 2):
            return n_surname + given, False
    if n_first > n_surname + 2 and tag in _NOT_NAME_TAGS:
        return _NONE  # 高度重视: an ordinary word where a name was expected
    # No name the segmenter knows: a name ends where the rest of the sentence starts.
    best, best_strength = 0, 0
    nr = tag.startswith("nr")
    for given in (2, 1):
        end = rest + given
        if end > size or not _all_han(text[rest:end]):
            continue
        if n_first > n_surname + given and not nr:
            continue  # the name would cut a dictionary word (管理制度, 明知)
        strength = _strength(text, end)
        # 郜平称: a second "given" character that itself starts the sentence is not one
        if strength > best_strength or (strength == 2 and given == 1):
            best, best_strength = n_surname + given, strength
    if not best:
        # 桓德胜脑梗后, 乌兰劝阻: the given name is the run of given-name characters
        given = 0
        while given < 2 and rest + given < size and text[rest + given] in GIVEN_CHARS:
            given += 1
        if given and (rest + given >= size or text[rest + given] not in GIVEN_CHARS):
            best = n_surname + given
    if best == n_first and tag in _NOT_NAME_TAGS:
        return _NONE  # 明知, 强制, 安全: the "name" is an ordinary word
    return best, False


def plausible(text: str, pos: int, length: int) -> bool:
    """The given name is made of given-name characters and a word starts after it."""
    surname = surname_at(text, pos)
    given = text[pos + len(surname):pos + length]
    return bool(given) and all(c in GIVEN_CHARS for c in given) and \
        _word_starts(text, pos + length)


# A name introduced by what follows it: 谷雨（68岁）, 王某（男，…）, 王丽娟女士.
# (a hard break may split the aside: （9\n岁）)
_DESCRIBED = re.compile(r"（(?:男|女|[0-9]{1,3}\n?岁|现年|身份证|住|电话|手机|联系|化名|另案|"
                        r"[\u4e00-\u9fff]{1,3}族[，,）)])|"
                        r"\((?:男|女|[0-9]{1,3}\n?岁|现年|身份证|住|电话|手机|联系|化名|另案)|"
                        r"女士|先生|同志|师傅|老人|夫妇|，(?:男|女)[，,]|,(?:男|女)[，,]")
# Any role or relation word right before a name: the words ending in these characters
# (随车人员, 求美者, 农户, 施工人, 儿媳, 收银员, 同车人, 校医, 顾客, 网管, 领队, 买家, 货主 …)
# beyond the listed cues; the name itself must still pass ``name_at``, so 工作人员向当事人
# and 经营户高度重视 are not names.
_SURNAME_CLASS = "[" + "".join(sorted(SURNAMES)) + "]"
# A name's start: a Han surname, or a minority name's first two characters (the second
# checked too: 的其他, 的日期, 的多少 need no reading).
# (and a compound surname whose first character is none: 班长上官志鹏)
# (as two classes, cheaper than the alternatives; ``name_at`` reads the surname itself)
_ODD_COMPOUNDS = [c for c in COMPOUND_SURNAMES if c[0] not in SURNAMES]
_NAME_START_CLASS = ("(?:" + _SURNAME_CLASS + "|["
                     + "".join(sorted({c[0] for c in _ODD_COMPOUNDS})) + "]["
                     + "".join(sorted({c[1] for c in _ODD_COMPOUNDS})) + "]|["
                     + "".join(sorted(_MINORITY_FIRST - SURNAMES))
                     + "][" + "".join(sorted(_MINORITY_CHARS)) + _NAME_DOTS + "])")
_ROLE = re.compile(r"[者户工长师媳婿嫂叔姨舅姑友属员人医客队家主生管](?:为|是|[：:])?(?="
                   + _NAME_START_CLASS + ")")
# Role characters that are role words only after these (领队, 买家, 货主, 学生, 网管).
_ROLE_AFTER = {"队": "领", "家": "买卖店商东厂", "主": "货车房店业雇船摊", "生": "学医考",
               "管": "网保仓库物主"}
# A role character whose word goes on into a surname character (主任, 户籍, 家长 …).
_ROLE_GOES_ON = frozenset((
    "主任", "户籍", "家长", "师傅", "队长", "属于", "医师", "工程", "人和", "长安", "员和", "人与",
    "工与", "者与", "户和", "生和", "客和", "主管", "家庭", "人民", "主要", "长期", "医疗", "生产",
    "生活", "户口", "主体", "人身", "家具", "工商", "长度", "员会", "人事", "管理", "师范"))
# Names in a public role stay (R-PUB-01: officers are public; R-PUB-08: the legal
# representative and the operator are published with the decision), and so does the party.
# Every alternative starts with a literal, so ``re`` skips to their first characters at C
# speed (a leading lookahead or lookbehind would make it try every position); the two with a
# context test it after the word.
_PUBLIC_ROLE = re.compile(
    r"(?:执法人员|执法检查人员|检查人员|执法员|执法队员|办案人员|办案民警|民警|"
    r"交通警察|警察|交警|承办人|卫生监督员|监督员|监督执法人员|稽查人员|稽查员|监察员|监察人员|"
    r"承办人员|审核人|批准人|法定代表人|主要负责人|负责人(?<![场班]负责人)(?=[：:])|经营者|投资人|"
    r"业主(?<![^\n，,；;。 ：:]业主)(?=[：:])|当事人|违法行为人|被处罚人|被处罚单位|违法嫌疑人|"
    # a record's officers (询问人, 记录人, 检查人 of a 笔录; not 被询问人, 被检查人)
    r"询问人(?<!被询问人)|记录人|记录员|检查人(?<!被检查人)|调查人员(?<!被调查人员)|"
    # a hearing's chair (听证主持人) and the case's investigators (案件调查人员)
    # (a hearing's chair, not a lecture's host: 主持人 with its colon or after 听证)
    r"调查人(?<!被调查人)|勘验人|主持人(?=[：:])|听证主持人|"
    # those at the body's own meeting (集体讨论记录: 出席人员, 列席人员, 参会人员)
    r"出席人员|列席人员|参会人员|出席人|列席人|"
    # a hearing's members and clerk, a customs officer, a tobacco monopoly's inspectors
    r"听证员|书记员|海关关员|关员(?=[：:])|专卖管理人员|专卖管理员|专卖检查人员|专卖稽查员|"
    # (round 13) a form's or a table's signers (制表：X 审核：Y, 复核人, 经办人 under a form),
    # and a body's own staff (司法所工作人员X, 本局工作人员: not 工作人员 alone, anyone's)
    r"审核(?=[：:])|复核人|复核(?=[：:])|制表人|制表(?=[：:])|填表人|审批人|签发人|"
    r"校对(?=[：:])|工作人员(?<=[所局队站委办厅庭]工作人员)|分管领导)"
    r"(?:姓名)?[：:]?(?:为|是)?")
# Names listed without a cue but closed by 等: 组织佘二宝、苑建军、牛占奎等人赌博.
# Read backwards from 等 (a literal the scan finds at C speed): the text before it ends
# with the list.
# A member may be broken over a line (卓美\n玲、何丹三人): read with the break, checked without.
_LIST_BEFORE_DENG = re.compile("(?:" + _SURNAME_CLASS + r"(?:\n?[\u4e00-\u9fff]){1,3}、)+"
                               + _SURNAME_CLASS + r"(?:\n?[\u4e00-\u9fff]){1,3}$")
# A count of people that closes a list as 等 does (X、Y、Z三人注射…).
_COUNT_OF_PEOPLE = re.compile(r"[二两三四五六七八九](?=人)")
_COUNTED = re.compile(r"[0-9一二两三四五六七八九十百]{1,4}(?:名|人|位)")
_ID_RUN = re.compile(r"[1-6][0-9]{16}[0-9Xx]")
_SIDE_OF_PLOT = re.compile("[东南西北]至(?=" + _SURNAME_CLASS + ")")
_HOLDING = re.compile(r"承包地|宅基地|责任田|自留地|房屋|住宅|菜地|林地|耕地|山林|鱼塘|家")
_SAYS_WORDS = (
    "称", "陈述", "证实", "承认", "供述", "反映", "表示", "证明", "辩称", "交代", "确认", "介绍",
    "说", "讲", "指认", "签字", "作证", "自述", "自称", "患有", "罹患", "身患", "被诊断",
    "经诊断", "确诊", "系", "否认")
_SAYS = re.compile("(?:" + trie_pattern(_SAYS_WORDS) + ")")
_SAYS_SCAN = WordScan(_SAYS_WORDS)  # _SAYS.finditer in one pass
_CLAUSE_START = frozenset("，。；：:\n")
_CLAUSE_THEN_SURNAME = re.compile(r"[，。；：:\n](?=" + _SURNAME_CLASS + ")")
_TITLE = re.compile(r"《[^《》\n]{1,60}》")
# A name after a word that takes a person (的, 与, 由 …), when the segmenter says so.
_TAKES_PERSON = re.compile(r"[的与和跟同被让叫由将给对向据请找派](?=" + _SURNAME_CLASS
                           + r"[\u4e00-\u9fff]|" + _NAME_START_CLASS + ")")


def _not_a_word(text: str, pos: int, length: int) -> bool:
    """The segmenter does not read ``text[pos:pos+length]`` as one ordinary word (的时间，
    的方式，的金额 are words; 的逯建发生 is not)."""
    first, tag = _tag(text[pos:pos + length + 2])[0]
    return len(first) < 2 or first in _COMPOUNDS or (tag.startswith("nr") and
                              not _word_tagged_person(first, surname_at(first, 0)))


# Ordinary words jieba's dictionary tags as persons although their characters could be a
# name (the rest are caught by their second character not being a given-name one).
_NR_WORDS = frozenset((
    "查明", "孙子", "李子", "洪水", "华为", "朱红", "杨树", "乔木", "沙石", "齐全", "邵阳",
    "秦皇岛", "明显", "高兴", "温和", "安全",
    # the most frequent two-character words jieba's dictionary tags nr whose characters pass
    # for a surname and a given name, as they occur in decisions (文明施工, 施工许可, 阳光厨房,
    # 卫星定位, 高峰时段, 林木采伐, 养老机构, 明珠小区 …); names of real persons in the
    # dictionary (李娜, 刘翔) are not words and stay out
    "文明", "阳光", "陆军", "卫星", "雷达", "古老", "明星", "宫殿", "权威", "封锁", "宣言", "高峰",
    "祖先", "石英", "辛勤", "胡子", "叶子", "安静", "鱼雷", "梅花", "吉祥", "宁可", "山珍", "高明",
    "丛林", "林立", "明珠", "王子", "黎明", "通达", "乌云", "宁静", "养老", "蓝天", "金刚", "师生",
    "许可", "柴禾", "松树", "兰花", "桂花", "麦子", "郎中", "金石", "陈设", "华丽", "麻木", "燕子",
    "练兵", "白发", "林子", "林木", "杨柳", "梅子", "石柱", "练功", "白云", "田园", "钱财", "温馨",
    "白银", "养牛", "殷勤", "明智", "祝福", "庄园", "金光", "高超", "高雅", "常青", "牛马", "富豪",
    "明朗", "汪洋", "滑雪", "盖子", "周全", "毛发", "边远", "越冬", "雷霆", "柳树", "伏兵", "苍天",
    "黄牛", "洪亮", "柏树", "丛生", "盛世", "雷雨", "利剑", "滑冰", "秋风", "冷清", "通晓", "白玉",
    "马虎", "白羊", "和善", "党羽", "沙龙", "梁柱", "冷杉", "苗子", "洪峰", "文雅", "桂冠", "查清",
    "松柏", "华贵", "安然", "阴森", "白杨", "富丽", "段子", "丁香", "滑翔", "雷鸣", "栗子", "殷红",
    "常胜", "安逸", "黄铜", "毛竹", "柳枝", "阴云", "钟爱", "温顺", "盛夏", "苍生", "金玉", "马达",
    "黄羊", "麻利", "胡来", "古琴", "冷凝", "白桦", "胡琴", "满堂", "王冠", "寿星", "严冬", "滑石",
    "桑树", "秋雨", "苗木", "红杉", "洪福", "阳春", "阳刚", "红松", "杨梅", "松香", "黄杨", "苍翠",
    "安保", "乌木", "金黄", "练武", "白布", "高薪", "银杏", "玉米", "周密", "英俊", "红旗", "宝贵",
    "宝石", "光辉", "光荣", "荣誉", "温泉", "沙滩", "雪山", "通宝", "黄金", "金银"))


def _word_tagged_person(token: str, surname: str) -> bool:
    """A two-character token tagged nr that is an ordinary word: its second character is not
    one of given names (陈述, 张贴, 康复, 易燃, 鲁莽), or it is a known word (查明, 洪水)."""
    if token in _NR_WORDS:
        return True
    return bool(surname) and len(token) == len(surname) + 1 and \
        token[len(surname)] not in GIVEN_CHARS


_FROM_PERSON = re.compile("[从向在](?=" + _NAME_START_CLASS + ")")
# The four rules above that want one character right before a name (a role word's last
# character, a clause's start, a word that takes a person, 从/向/在) as ONE scan: ``re``
# pays a character-class test for every character of the text in each scan, before any
# match, and the four classes are tested here once. Each hit is one character (the rest is
# a look-ahead), so the scan reports every position where any of the four matches; which
# of them does is sorted out per character in ``_before_names``.
_ROLE_CHARS = frozenset("者户工长师媳婿嫂叔姨舅姑友属员人医客队家主生管")
_TAKES_CHARS = frozenset("的与和跟同被让叫由将给对向据请找派")
_FROM_CHARS = frozenset("从向在")
_BEFORE_NAME = re.compile(
    "[" + re.escape("".join(sorted(_ROLE_CHARS | _TAKES_CHARS | _FROM_CHARS | _CLAUSE_START
                                   | {"、"})))
    + "](?=(?:为|是|[：:])?" + _NAME_START_CLASS + ")")
_NAME_STARTS = re.compile(_NAME_START_CLASS).match
_ROLE_THEN = frozenset("为是：:")


def _before_names(text: str) -> tuple[list, list, list, list, list]:
    """The matches of ``_ROLE`` (as (start, end)), and the ends of those of
    ``_CLAUSE_THEN_SURNAME``, ``_TAKES_PERSON`` and ``_FROM_PERSON``, in the order each
    ``finditer`` gives them, from one scan. Their matches never hide one another: each
    but a role's is one character, and a role's second (为, 是, ：) starts none of them."""
    roles: list[tuple[int, int]] = []
    openings: list[int] = []
    takers: list[int] = []
    froms: list[int] = []
    marks: list[int] = []  # after a list's 、 (read by the repeated-name step only)
    for hit in _BEFORE_NAME.finditer(text):
        pos = hit.start()
        char = text[pos]
        after = pos + 1
        then = text[after]  # the hit says a name starts here, or after 为/是/： here
        if char in _ROLE_CHARS:
            # ``(?:为|是|[：:])?`` is greedy: taken when a name starts after it
            roles.append((pos, after + 1 if then in _ROLE_THEN and
                          _NAME_STARTS(text, after + 1) is not None else after))
        elif then in _ROLE_THEN and _NAME_STARTS(text, after) is None:
            continue  # the name starts only after 为/是/：: the other three want it at once
        elif char in _CLAUSE_START:
            if then in SURNAMES:
                openings.append(after)
        elif char == "、":
            if then in SURNAMES:
                marks.append(after)
        else:
            if char in _TAKES_CHARS:
                takers.append(after)
            if char in _FROM_CHARS:
                froms.append(after)
    return roles, openings, takers, froms, marks
# Officers named as those who handle the case: 本案由李娜、张涛承办.
_HANDLED_BY = re.compile(r"由((?:[\u4e00-\u9fff]{2,4}[、和及与]){0,4}[\u4e00-\u9fff]{2,4})"
                         r"(?:同志)?(?:承办|办理|负责办理|具体承办)")
_PLACES_AFTER = frozenset("地市县省区城镇乡村处国")


_SURNAME_FIRST = SURNAMES | _COMPOUND_FIRST  # what a surname_then_given starts with


def _surname_then_given(text: str, pos: int) -> bool:
    """A surname at ``pos`` and a given-name character after it: what ``_listed_name`` wants
    first, read without the segmenter."""
    two = text[pos:pos + 2]
    if two in _COMPOUNDS:
        return text[pos + 2:pos + 3] in GIVEN_CHARS
    return two[:1] in SURNAMES and two[1:] in GIVEN_CHARS


@lru_cache(maxsize=4096)
def _listed_name(value: str) -> bool:
    """``value`` reads as a whole personal name of given-name characters."""
    surname = surname_at(value, 0)
    return bool(surname) and name_at(value + "、", 0)[0] == len(value) and \
        all(c in GIVEN_CHARS for c in value[len(surname):])


# A run between two strong boundaries where a person is expected (after a clause's start or
# a cue word, before 称 / （15岁） / an ID) is a name whatever its surname — when nothing in
# it reads as an ordinary word. These never start one: pronouns, determiners, numbers.
_SLOT_NOT_FIRST = frozenset("该其本他她我你此这那各每另某双两三几一二全多同原现前后上下")
# …and these never end one: a role, a body, a place (当事人, 公司员工, 派出所, 村委会).
_SLOT_NOT_LAST = frozenset("人员者司局厂部所队组村镇市县区省会院站们方号")
# Tags of a word of two or more characters that may stand inside a name: persons, places
# (沙马, 黄海), other proper nouns (宝库).
_SLOT_NAME_TAGS = ("nr", "ns", "nz")


@lru_cache(maxsize=4096)
def slot_name(value: str) -> bool:
    """``value`` (two to four characters between strong boundaries) reads as a name."""
    last = value[-1:]
    if not 2 <= len(value) <= 4 or not _all_han(value) or "某" in value or \
            value[0] in _SLOT_NOT_FIRST or last in _SLOT_NOT_LAST or (
                last in _FOLLOW_CHARS and last not in GIVEN_CHARS and
                last not in _MINORITY_CHARS):
        return False  # (刘玉珍因: the sentence goes on; tested before the segmenter)
    if len(value) == 2:  # 边巴, 乌兰; a surname and a given-name character
        return value in _MINORITY_SET or (value[0] in SURNAMES and value[1] in GIVEN_CHARS
                                          and _tag(value)[0][0] != value)
    if NAME_CUE.match(value):
        return False  # 证人, 乘客…
    words = _tag(value)
    if words[0][0] == value and not words[0][1].startswith("nr"):
        return False  # 当事人, 老板娘, 京东方: one ordinary word
    surname = 2 if value[:2] in _COMPOUNDS else 1
    first, tag = words[0]
    if len(first) > surname and not tag.startswith(_SLOT_NAME_TAGS):
        return False  # a word across the surname's end (白天|时, 同时): no name
    if all(c in GIVEN_CHARS for c in value[surname:]):
        return True  # a surname, listed or not, and given-name characters (眭|国庆, 揣|成林)
    if len(value) == 4 and value[:2] not in _COMPOUNDS and not all(
            c in GIVEN_CHARS or c in _MINORITY_CHARS or c in SURNAMES for c in value[1:]):
        # a name and the sentence's next character (粘海涛另称, 陆文军联系), unless the
        # segmenter reads a two-character name word, then nouns (沙马|阿|果)
        words = _tag(value)
        if len(words[0][0]) != 2 or not words[0][1].startswith(_SLOT_NAME_TAGS) or \
                not words[-1][1].startswith("n"):
            return False
    for word, tag in _tag(value):
        if len(word) >= 2:
            if word == value and not tag.startswith("nr"):
                return False  # 当事人, 老板娘: one ordinary word
            if not tag.startswith(_SLOT_NAME_TAGS) and word not in _MINORITY_SET:
                return False  # 在岗, 当日, 公司: the sentence, not a name
        elif word in _STRONG_CHARS or (word in _FOLLOW_CHARS and word not in GIVEN_CHARS
                                       and word not in _MINORITY_CHARS):
            return False
    return True


def _cue_to_aside(value: str) -> bool:
    """``value`` (between a cue word and a describing aside) can be a whole name: Han
    characters, none that ends a sentence or opens a role (not 证人证言, 其母亲)."""
    return _all_han(value) and "某" not in value and value[0] not in _SLOT_NOT_FIRST and \
        value[-1] not in _SLOT_NOT_LAST and not any(c in _STRONG_CHARS for c in value) and \
        not NAME_CUE.match(value) and not (
            _tag(value)[0][0] == value and _tag(value)[0][1] in _WORD_TAGS)


# A foreigner's name in Latin letters as a passport writes it, in the view (its blanks
# dropped): a given name then the surname in capitals (John SMITH → JohnSMITH), the surname
# first (SMITH, John; SMITH John), or two capitalised words (Smith, John; John Smith). OCR
# may print any letter full-width.
_UP, _LOW = "A-ZＡ-Ｚ", "a-zａ-ｚ"
_WORD = f"[{_UP}][{_LOW}]+"
_LATIN_NAME = re.compile(
    f"(?<![{_UP}{_LOW}])(?:(?:{_WORD}-?){{1,3}}[{_UP}]{{2,}}|[{_UP}]{{2,}}[,，]?(?:{_WORD}){{1,2}}|"
    f"{_WORD}[,，]?{_WORD}(?:{_WORD})?)(?![{_UP}{_LOW}])")
_ANY_LATIN = re.compile(f"[{_UP}][{_LOW}]").search
# Where a Latin name is a person's: after a cue or a role word, or before an aside that
# gives a nationality, a passport or a Chinese rendering (（波兰籍，护照号码…）, （中文译名…）).
_FOREIGNER_ASIDE = re.compile(r"[（(][^（）()\n]{0,20}(?:国籍|籍|护照|译名|男|女|[0-9]{1,3}岁)")


# (round 13) one capitalised word right after a cue word (岳母Wati常来, 其妻Maria，)
_ONE_WORD = re.compile(f"{_WORD}(?![{_UP}{_LOW}0-9])")
# a cell's or a list's member (| Nguyen Thi Hoa |, 、Maria Lopez Garcia通过): three words,
# or two before a passport's number in the next cell
_CELL_BEFORE = frozenset("|｜│、")
_PASSPORT_CELL = re.compile(r"[|｜│][A-Z]{1,2}[0-9]{7,8}[|｜│]")


def _latin_names(text: str, cued: set[int], take) -> None:
    for latin in _LATIN_NAME.finditer(text):
        start, end = latin.span()
        if start in cued or (start and text[start - 1] in _ROLE_CHARS) or \
                _FOREIGNER_ASIDE.match(text, end) or (
                    start and text[start - 1] in _CELL_BEFORE and (
                        sum(c.isupper() for c in latin.group()) >= 3 or
                        _PASSPORT_CELL.match(text, end))):
            take(latin.group(), False, start, True)
    for start in cued:
        if text[start:start + 1].isupper():
            word = _ONE_WORD.match(text, start)
            if word and len(word.group()) >= 3 and (
                    word.end() == len(text) or not text[word.end()].isascii()):
                take(word.group(), False, start, True)


# A child named by a pet name after a word for a child (女儿朵朵（四岁）, 其子小宝，, 患儿阿诺、):
# a doubled character, or 小 or 阿 and a given-name character, ended by punctuation or an
# aside. (Only after these cues: elsewhere 小王, 阿姨 and doubled words are ordinary.)
_CHILD_CUES = frozenset((
    "女儿", "儿子", "孙子", "孙女", "外孙", "外孙女", "其女", "其子", "其女儿", "其儿子", "其孙",
    "其孙子", "其孙女", "之子", "之女", "之孙", "之孙子", "之孙女", "患儿", "幼儿", "婴儿",
    "儿童", "学生", "侄子", "侄女", "外甥", "弟弟", "妹妹", "其弟", "其妹", "其弟弟", "其妹妹",
    "当事人之子", "当事人之女", "孩子", "小孩", "闺女", "大儿子", "小儿子", "大女儿", "小女儿"))
_PET_NOT = frozenset(("d", "t", "c", "p", "r", "m", "v", "vd", "ad", "u", "f"))
# 小名, 乳名, 昵称, 外号, 绰号 (with 叫, 是 or 为) before the name, in quotes or ended by a mark
_CALLED = re.compile(r"(?:小名|乳名|昵称|外号|绰号)(?:叫做|叫|是|为)?[“\"「]"
                     r"([\u4e00-\u9fff]{1,3})[”\"」]|(?:小名|乳名)(?:叫做|叫|是|为)?"
                     r"([\u4e00-\u9fff]{2})(?=[，。；、（(])")


def _pet_name(text: str, pos: int) -> int:
    """The length of a pet name at ``pos`` (after a word for a child), or 0."""
    pair = text[pos:pos + 2]
    if len(pair) < 2 or not _all_han(pair) or "某" in pair or \
            text[pos + 2:pos + 3] not in "，。；、（(“”\n":
        return 0
    first, second = pair
    if first == second:
        if first in _SLOT_NOT_FIRST or first in _COUNTS:
            return 0
    elif not (first in "小阿" and second in GIVEN_CHARS):
        return 0
    word, tag = _tag(pair)[0]
    if word == pair and tag in _PET_NOT:
        return 0  # 常常, 天天, 刚刚: an adverb or a time word
    return 2


# (round 13) A person called by a form of address only: 老 or 小 and a surname (老孟, 小蒋),
# 阿 or 小 and a given-name character (阿旺, 小芳) — named so where the text says who it is
# (工人阿旺（本名陈旺…）, 老孟，大名叫…, （即老蒋，…）) or right after a cue word (一个叫小芳，
# 隔壁 …; after a word for a child any character: 孩子小胖推了). Not a word the segmenter
# knows as one (老板, 小区, 老家, 阿姨, 老公), nor a kinship or address form (阿婆, 小姐).
_NICK_HEADS = frozenset("老小阿")
_NICK_NOT = frozenset("姨姐婆总伯叔公爸妈哥弟妹嫂爷奶舅婶娘爹兄孩子虎乡人师板家")
_NICK_TAGS = frozenset(("nr", "nrt", "ns", "nz", "z"))
_NICK_SAID = re.compile(r"[老小阿]\n?[\u4e00-\u9fff](?=[（(](?:本名|原名|真名|大名|学名|又名|"
                        r"曾用名|即)|[，,](?:大名|本名|真名|原名|学名))")
_NICK_IS = re.compile(r"即([老小阿]\n?[\u4e00-\u9fff])(?=[，,。；;）)\n])")  # after （ or ，


_KIN_AFTER = re.compile("的(?:妻子|丈夫|老婆|老公|媳妇|母亲|父亲|儿子|女儿|奶奶|爷爷|外婆|外公|"
                        "妈妈|爸爸|哥哥|姐姐|弟弟|妹妹|孩子|女友|男友|岳母|岳父|婆婆|公公)")
_TITLED = re.compile("老师|师傅|大姐|大哥|大妈|大爷|大叔|大婶|阿姨")


def nickname(text: str, pos: int, child: bool = False, strong: bool = True) -> int:
    """The length of a form of address used as a name at ``pos`` (2, or 3 with a hard
    break inside: 阿\n贵), or 0. ``strong``: the text says whose it is, or punctuation or a
    verb of speech ends it — then 老 or 小 and a surname the segmenter reads as a noun or a
    time word (老张, 小叶, 老周) is a name too."""
    pair = text[pos:pos + 3].replace("\n", "", 1)[:2]
    if len(pair) < 2 or pair[0] not in _NICK_HEADS or pair[1] in _NICK_NOT or \
            not "\u4e00" <= pair[1] <= "\u9fff" or pair[1] == "某":
        return 0
    if not child and pair[1] not in GIVEN_CHARS and (pair[0] == "阿" or pair[1] not in SURNAMES):
        return 0
    words = _tag(pair)
    if len(words) == 1 and words[0][1] not in _NICK_TAGS and not (
            strong and pair[0] != "阿" and pair[1] in SURNAMES and words[0][1] in ("n", "t")):
        return 0  # 老板, 小区, 老家: an ordinary word (老张, 小叶 too, unless ended strongly)
    return 3 if text[pos + 1:pos + 2] == "\n" else 2


def slot_run(text: str, pos: int) -> int:
    """The length of a name at ``pos`` that runs to a strong boundary (punctuation, 称,
    反映 …) and reads as a name (``slot_name``), the shortest first; 0 if none."""
    for length in (3, 2, 4):
        end = pos + length
        if end <= len(text) and _strength(text, end) == 2 and slot_name(text[pos:end]):
            return length
    return 0


# The body's contact roles (read as public in its closing block or under its own label;
# 承办人 is a public role anywhere).
_CONTACT_ROLES = ("联系人", "经办人")
_COLONS = frozenset("：:")


def _names_from(text: str, pos: int, at, out: set[str]) -> None:
    """The names listed from ``pos`` (经办人：赵德林　孟繁宇, 联系人：X、Y) into ``out``."""
    for _ in range(6):
        length, _sure = at(pos)
        if not length:
            return
        out.add(text[pos:pos + length])
        pos += length
        if pos < len(text) and text[pos] in _JOIN:
            pos += 1


_PUBLIC_MEMBER = re.compile(r"[\u4e00-\u9fff]{2,3}(?=[（(、\n]|$)")


def public_names(text: str, cue_ends: set[int] | None = None, at=None,
                 staff: set[str] | None = None) -> set[str]:
    """Names in a public role (officers, legal representative, operator, the party);
    ``cue_ends`` collects where each public role word ends. ``staff``: ``own_staff``'s
    names, when the caller has read them already."""
    at = at or _reader(text)
    out: set[str] = set()
    size = len(text)
    for cue in _PUBLIC_ROLE.finditer(text):
        pos = cue.end()
        if text[pos:pos + 1] == "\n" and text[pos + 1:pos + 2] in _NAME_FIRST:
            pos += 1  # (round 13) a PDF's hard break after the role (执法人员\n马晓东)
        if cue_ends is not None:
            cue_ends.add(pos)
        if pos >= size or text[pos] not in _NAME_FIRST:
            continue  # 当事人于…, 当事人的…: no name can start there
        # 为/是 after the role word: "the party is X" only when the name ends the clause
        # (当事人为王某，男，…); else 为 is "for" and X another person (当事人为X结算费用)
        copula = text[pos - 1] in "为是"
        first = pos
        while True:
            length, _sure = at(pos)
            if length < 3 and "\n" in text[pos + 1:pos + 3]:
                # (round 13) a member a PDF's hard break splits (、贾\n秋生（执法证号…）)
                length = max(length, _broken_name(text, pos))
            if not length:
                # a later member the reader takes for a word (执法人员：X（证号）、田园（证号）):
                # two or three characters up to its aside or the next member
                member = pos != first and (text[pos] in SURNAMES or (_HAN.match(
                    text, pos) and _OFFICER_ASIDE.match(text, pos + 2, pos + 24))) and \
                    _PUBLIC_MEMBER.match(text, pos)
                if not member:
                    break
                length = member.end() - pos
            if copula and text[pos + length:pos + length + 1] not in _STRONG_CHARS:
                break
            out.add(text[pos:pos + length])
            pos += length
            aside = _ASIDE.match(text, pos)  # 李明（执法证号：…）、王强
            if aside:
                pos = aside.end()
            if pos < len(text) and text[pos] in _JOIN:
                pos += 1
                continue
            break
    if "联系人" in text or "经办人" in text:
        # The body's contact: after the notice of remedies (联系人：X　电话：…), in the closing
        # block above its name and date, or under its own label (本局联系人：X).
        remedies = after_remedies(text) or size + 1
        tail = body_tail(text)
        for word in _CONTACT_ROLES:  # (``find`` at C speed: one regex scan cost more)
            contact = text.find(word)
            while contact >= 0:
                pos = contact + 3
                if text[pos:pos + 1] in _COLONS:
                    pos += 1
                if pos >= tail or (pos >= remedies and word == "联系人") or \
                        body_label(text[max(0, contact - 6):pos]):
                    if cue_ends is not None:
                        cue_ends.add(pos)
                    _names_from(text, pos, at, out)
                contact = text.find(word, pos)
    if "证" in text or "号" in text:
        _officers_by_number(text, out, at, cue_ends)
    if "意见" in text:
        # (round 13) who signs an approval's opinion (科室负责人意见：同意。X, 审批意见：同意
        # X 2026年3月2日): the name closing the opinion's line
        for signed in _SIGNED_OPINION.finditer(text):
            name = signed.group(1)
            if at(signed.start(1))[0] == len(name) or slot_name(name):
                out.add(name)
    if staff is None and "本" in text:
        staff = own_staff(text, at)
    if staff:
        out.update(staff)
    if "由" in text:
        for handled in _HANDLED_BY.finditer(text):
            for name in re.split("[、和及与]", handled.group(1)):
                if name_at(name + "、", 0)[0] == len(name):
                    out.add(name)
    return out


# Goods counted right after a "name" (a brand: 双喜（硬盒）12条, 椰树8条): no person.
_GOODS_COUNT = re.compile(r"(?:[（(][^（）()\n]{1,12}[)）])?[0-9lIO][0-9lIOo]{0,5}"
                          r"(?:条|盒|箱|瓶|袋|包|支|罐|桶|件|提|听|板|粒|斤|公斤|千克|克|吨|台|套|"
                          r"双|株|头|只)")
_GOODS_NEXT = frozenset("（(0123456789")
# What ends an organisation's or a shop sign's name: a "name" before it is the sign's.
_ORG_AFTER = ("银行", "公司", "集团", "医院", "卫生院", "诊所", "门诊", "药店", "药房", "大药房",
              "超市", "商店", "商行", "酒店", "宾馆", "饭店", "餐馆", "学校", "小学", "中学",
              "幼儿园", "工作室", "合作社", "经营部", "批发部", "便利店", "加油站", "农家乐")
_ORG_FIRST = frozenset(w[0] for w in _ORG_AFTER)


# The signer of an approval's opinion, at its line's end (before a date, if any).
_SIGNED_OPINION = re.compile(r"意见[：:][^\n]{0,60}?[。；，,、]([\u4e00-\u9fff]{2,4})"
                             r"(?:[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日)?(?=\n|$)")
# A name's apposition saying it is one of the body's own staff.
_OWN_STAFF = re.compile(r"本(?:局|所|队|站|委|厅|院|机关|单位|中心)[\u4e00-\u9fff]{0,12}?"
                        r"(?:工作人员|执法人员|干部|科员|队员|科长|队长|所长|副?局长|站长)")


def own_staff(text: str, at) -> set[str]:
    """(round 13) The names the text says are the body's own staff, in an apposition after
    the name (委托代理人：X，本局执法大队工作人员; X（本所干部）): public even after a cue."""
    out = set()
    for staff in _OWN_STAFF.finditer(text):
        end = staff.start() - 1
        if end <= 0 or text[end] not in "，,（(":
            continue
        for start in (end - 3, end - 2, end - 4):
            if start > 0 and text[start - 1] in _SLOT_LEFT and (
                    at(start)[0] == end - start or slot_name(text[start:end])):
                out.add(text[start:end])
                break
    return out


# An officer's number after a name: 执法证号, 检查证号 (专卖检查证号), 稽查证号, 监督证号,
# 关员号, 警号 — in an aside or right after it. (Not 身份证号: anyone's.)
_OFFICER_WORDS = ("执法证", "执法证件", "执法编号", "关员号", "警号",
                  *(f"{what}证{form}{number}" for what in ("检查", "稽查", "监察", "监督")
                    for form in ("", "件") for number in ("号", "编号")))
_OFFICER_SCAN = WordScan(_OFFICER_WORDS)  # (one Aho–Corasick pass: a regex cost a third more)
_OFFICER_ASIDE = re.compile(r"[（(]?[\u4e00-\u9fff]{0,4}(?:" + trie_pattern(_OFFICER_WORDS) + ")")


def _officers_by_number(text: str, out: set[str], at, cue_ends) -> None:
    """A name right before an officer's number is an officer's (张伟（执法证号：…）, 李娜执法证号…,
    X（专卖检查证号…）, 钟某（关员号…)); with a surname in no list, two or three characters after
    a list's mark, a role word or a clause's start."""
    for mark, _end in _OFFICER_SCAN.spans(text):
        # (the number's own qualifier: 专卖检查证号 — the name stands before it)
        while mark > 0 and text[mark - 1] in "专卖海关":
            mark -= 1
        if mark <= 0:
            continue
        end = mark - 1 if text[mark - 1] in "（(，,、：: " else mark
        # (not after a label, nor after a name read already: 执法人员：X（执法证号…）)
        if text[end - 1:end] in "：:号" or text[end - 3:end] in out or text[end - 2:end] in out:
            continue
        for start in (end - 4, end - 3, end - 2):
            if start >= 0 and at(start)[0] == end - start:
                break
        else:
            # a surname in no list: the run after a list's mark, a role word or a
            # clause's start (执法人员X（…）、拓晓丹（执法证号…）)
            for start in (end - 3, end - 2):
                if start > 0 and (text[start - 1] in _SLOT_LEFT or text[start - 1] in
                                  _ROLE_CHARS) and _all_han(text[start:end]) and \
                        text[start] not in _SLOT_NOT_FIRST:
                    break
            else:
                continue
        out.add(text[start:end])
        if cue_ends is not None:
            cue_ends.add(start)


# What ends a name read without a known surname: punctuation, or a verb of testimony.
_WEAK_SAYS = frozenset(("系", "说", "讲", "介绍", "签字"))
_UNKNOWN_SAYS = tuple(w for w in _SAYS_WORDS if w not in _WEAK_SAYS)
_SLOT_LEFT = _CLAUSE_START | {"、"}  # what a name between strong boundaries follows
_ETHNIC_LEFT = _SLOT_LEFT | _TAKES_CHARS | {"为"}  # (round 13) before X（藏族）
# A name read right before these is a document number's (武卫医罚〔2026〕) or a plate's or a
# code's (教练车琼A·5521): no person.
_NOT_AFTER_NAME = re.compile(r"[\u4e00-\u9fff]{0,8}[〔［]\d{4}[〕］]|[A-Za-zＡ-Ｚａ-ｚ]")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                     "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")


def _verb_at(text: str, pos: int) -> bool:
    """A verb of two or more characters starts at ``pos`` (转发, 发现): the sentence goes on."""
    word, tag = _tag(text[pos:pos + 4])[0]
    return len(word) >= 2 and tag == "v"


def unknown_surname_name(text: str, pos: int, says: bool = False, listed: bool = False,
                         verb: bool = False) -> int:
    """The length of a name at ``pos`` whose surname is in no list (粘海涛, 钟离秀英, 普艳芬):
    one or two characters, then one or two given-name characters, then what ends a name
    strongly (punctuation, 称, 证实 …; with ``says``, only a verb of testimony). 0 if none.
    Read only where a person is expected (after a role word, in a list of names, opening a
    clause before 称), and never as a dictionary word."""
    size = len(text)
    # every reading wants a given-name character second or third (the cheap test first)
    if text[pos + 1:pos + 2] not in GIVEN_CHARS and text[pos + 2:pos + 3] not in GIVEN_CHARS:
        return 0
    if text[pos:pos + 1] in _CUE_FIRST and NAME_CUE.match(text, pos):
        return 0  # a role word (乘客, 证人), not a name
    for length, surname in ((4, 2), (3, 1), (3, 2), (2, 1)):
        end = pos + length
        if end > size or (says and length < 3):
            continue
        if not says and _strength(text, end) < (1 if listed and length >= 3 else 2) and not (
                verb and length == 3 and surname == 1 and _verb_at(text, end)):
            continue  # (tested again below: the cheapest test first)
        value = text[pos:end]
        if surname == 2 and value[2] in SURNAMES:
            continue  # 职工马永: a word, then a name with a surname in the list
        if not _all_han(value) or any(c in _STRONG_CHARS or (c in _FOLLOW_CHARS and
                                       c not in GIVEN_CHARS) for c in value[:surname]):
            continue
        if not all(c in GIVEN_CHARS for c in value[surname:]):
            continue
        if says:
            if not text.startswith(_UNKNOWN_SAYS, end):
                continue
        elif _strength(text, end) < (1 if listed and length >= 3 else 2) and not (
                verb and length == 3 and surname == 1 and _verb_at(text, end)):
            continue  # the last of a list may go on into the sentence (、X金凤在岗)
            # (right after a cue word, before a verb: 店长X建明转发了)
        first, tag = _tag(text[pos:end + 2])[0]
        if len(first) > surname and not tag.startswith("nr"):
            continue  # 上前, 同时: an ordinary word where the name would start
        if len(first) >= length and not tag.startswith("nr"):
            continue
        return length
    return 0


# A name typed with a blank between its characters (王 小 明) in a line that is not spaced
# so: three single characters apart by blanks, no blank before the first or after the last
# (项目经理海 生 明长期, 转卖给刘 改 芳。), and no other blank between two characters on the
# line (a text spaced word by word, a table's cells, 姓名　张三 — all ambiguous). Read on the
# text, not the view (the view drops the blanks).
_SPACED = re.compile(r"(?<![ \u3000])[\u4e00-\u9fff][ \u3000]{1,2}[\u4e00-\u9fff]"
                     r"[ \u3000]{1,2}[\u4e00-\u9fff](?![ \u3000])")
# (the scan starts at the first blank: blanks are rare, a class of them is skipped to fast)
_SPACED_FROM_BLANK = re.compile(r"[ \u3000]{1,2}[\u4e00-\u9fff][ \u3000]{1,2}"
                                r"[\u4e00-\u9fff](?![ \u3000])")
_HAN_GAP = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]")


def spaced_names(text: str) -> set[str]:
    """The names ``text`` types with blanks between their characters, without the blanks:
    a surname in the list or given-name characters after the first, no ordinary word, no
    label (姓 名：, 地 址：) and no heading (决 定 书)."""
    if " " not in text and "\u3000" not in text:
        return set()
    out = set()
    spaced_lines: dict[int, bool] = {}
    pos = 0
    while True:
        hit = _SPACED_FROM_BLANK.search(text, pos)
        if hit is None:
            break
        pos = hit.start() + 1
        run = _SPACED.match(text, hit.start() - 1) if hit.start() else None
        if run is None or run.end() != hit.end():
            continue
        start, end = run.span()
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in spaced_lines:
            line_end = text.find("\n", end)
            line = text[line_start:len(text) if line_end < 0 else line_end]
            # another gap between characters on the line, outside every such run (a second
            # spaced name on the line is no such gap): no name's own spacing
            spaced_lines[line_start] = _HAN_GAP.search(_SPACED.sub("名", line)) is not None
        if spaced_lines[line_start]:
            continue
        value = "".join(run.group().split())
        after = text[run.end():run.end() + 1]
        if after in "：:" or "某" in value or value[0] in _SLOT_NOT_FIRST or \
                value[-1] in _SLOT_NOT_LAST:
            continue
        surname = 2 if value[:2] in _COMPOUNDS else 1
        rest = value[surname:]
        if not rest or not (value[:surname] in SURNAMES or value[:2] in _COMPOUNDS or all(
                c in GIVEN_CHARS for c in rest)) or any(
                c in _STRONG_CHARS or (c in _FOLLOW_CHARS and c not in GIVEN_CHARS)
                for c in value):
            continue
        word, tag = _tag(value)[0]
        if word == value and not tag.startswith("nr"):
            continue  # an ordinary word spaced out (决 定 书, 签 名)
        out.add(value)
    return out


def find_names(text: str, keep: set[str], ids=None, spaced=()) -> dict[str, bool]:
    """Names after cues in ``text`` → whether the segmenter vouched for each. ``ids``: where
    the ID numbers the caller found start (read here when not given). ``spaced``: names the
    original text typed with blanks between their characters (``spaced_names``)."""
    found: dict[str, bool] = {}
    public_cues: set[int] = set()
    at = _reader(text)
    staff = own_staff(text, at) if "本" in text else set()
    public = public_names(text, public_cues, at, staff)
    public_heads = {p[:2] for p in public}
    # where a published name's second or later character stands (read when a reading
    # starts right after one of its characters)
    public_chars = frozenset("".join(public))
    inside_public: set[int] = set()

    def inside_a_public_name(pos: int) -> bool:
        if not inside_public:
            inside_public.add(-1)
            for name in public:
                at_name = text.find(name)
                while at_name >= 0:
                    inside_public.update(range(at_name + 1, at_name + len(name)))
                    at_name = text.find(name, at_name + len(name))
        return pos in inside_public
    # 《…》 titles, disjoint and in order: a position is inside the last one opening before it
    titles = [m.span() for m in _TITLE.finditer(text)] if "《" in text else []
    title_starts = [a for a, _b in titles]

    def take(name: str, sure: bool, pos: int = -1, named: bool = False) -> None:
        known = found.get(name)
        if known is not None and (known or not sure):
            return  # already found, as surely: nothing below could change that
        if titles and pos >= 0:
            last = bisect_right(title_starts, pos) - 1
            if last >= 0 and pos < titles[last][1]:
                return  # 《中华人民共和国治安管理处罚法》 holds no name
        if keep and any(name in k or k in name for k in keep):
            return
        if staff and name in staff:
            return  # the body's own staff, whatever cue stands before (委托代理人：X，本局…)
        if pos >= 0:
            after = pos + len(name)
            # (the regex only where a bracket or a letter is near: most names have none)
            if (text[after:after + 1] in _LETTERS or "〔" in text[after:after + 9] or
                    "［" in text[after:after + 9]) and _NOT_AFTER_NAME.match(text, after):
                return  # 武卫|医罚〔2026〕19号, 教练车琼|A·5521学
            if text[after:after + 1] in _GOODS_NEXT and _GOODS_COUNT.match(text, after):
                return  # (round 13) goods and their count: 卷烟：双喜（硬盒）12条, 金叶5箱
            if not _ORG_FIRST.isdisjoint(text[pos + 1:after + 1]) and any(
                    text.startswith(_ORG_AFTER, at_org)
                    for at_org in range(pos + 1, min(after + 1, len(text)))):
                return  # (round 13) a bank's, a firm's or a shop's name (向长沙银行, X超市)
        # A name in a public role (执法人员张伟) stays, unless a cue names the same person
        # in a private role too (证人张伟): then privacy wins.
        if not named and (name in public or (name[:2] in public_heads and any(
                name.startswith(p) for p in public))):
            return  # (联系人：陆文军联系电话: the officer and the next word)
        found[name] = found.get(name, False) or sure

    def listed(pos: int, strict: bool, named: bool = False, loose: bool = False) -> None:
        """The name at ``pos`` and those joined to it (王五、赵六和钱七)."""
        later = False  # past a join: a list's later name
        while True:
            length, sure = at(pos)
            if length < 3 and "\n" in text[pos + 1:pos + 3]:
                broken = _broken_name(text, pos)  # 孙女向\n小雨、…: a PDF's hard break
                if broken > length:
                    length, sure, strict = broken, False, False
            if not length and not strict:
                # after a cue word or in a list: a surname in no list (粘海涛, 钟离秀英)
                # (right after a cue the name may go on into the sentence: 其女X在…)
                length = unknown_surname_name(text, pos, listed=later or loose,
                                              verb=loose and not later)
            if (not sure if length else not strict) and \
                    text[pos + length:pos + length + 1] not in _STRONG_CHARS and \
                    text[pos:pos + 1] not in _STRONG_CHARS and _strength(text, pos + length) < 2:
                # a name that runs to a strong boundary (店主沙马阿果报警, 邻居赫连桂芝、…)
                slot = slot_run(text, pos)
                if slot and slot != length:
                    length, sure, strict = slot, False, False
            if not length or (strict and not sure and pos not in at.minority and (
                    (_strength(text, pos + length) < 2 and not plausible(text, pos, length))
                    or not _not_a_word(text, pos, length))):
                return
            take(text[pos:pos + length], sure, pos, named)
            pos += length
            # 吴桂芳（房号3-1-502）、诸葛明远; 鄢晓慧98,400.00元、宓建华…
            aside = _ASIDE.match(text, pos) or (
                pos < len(text) and "0" <= text[pos] <= "9" and _AMOUNT_ASIDE.match(text, pos)
            ) or (text[pos:pos + 1] in "“\"" and _QUOTE_ASIDE.match(text, pos))
            if aside:
                pos = aside.end()
            # where a role word starts, the list has ended (车间主任X、安全员Y: not 安全)
            if pos < len(text) and text[pos] in _JOIN and not (
                    text[pos + 1:pos + 2] in _CUE_FIRST and NAME_CUE.match(text, pos + 1)):
                pos += 1
                strict = False
                later = True
                continue
            return

    def take_dotted(run: int, dot: int, limit: int) -> None:
        """A transliterated name in two parts joined by a dot (伊力夏提·买买提, 孛儿只斤·敖登):
        it starts after a role word or where the run of characters does, and ends before
        what goes on the sentence."""
        start = run
        for pos in range(run + 1, dot - 1):
            # (and after a label's 名: 中文译名X·Y, 姓名X·Y)
            if pos in cued or text[pos - 1] in _ROLE_CHARS or text[pos - 1] in "和及与名":
                start = pos  # (孟庆林和阿依古丽·买买提: the name after the join)
        end = dot + 1
        while end < limit and not (end - dot > 2 and (
                _strength(text, end) == 2 or text[end] in "与和及同在" or (
                    text[end] not in _MINORITY_CHARS and _word_starts(text, end)))):
            end += 1
        # in a public role: after its word, or joined to a name read there (执法人员X、
        # 吾斯曼·艾力)
        if start in public_cues or (start and text[start - 1] in _JOIN and any(
                text.endswith(p, 0, start - 1) for p in public)):
            return
        if dot - start >= 2 and end - dot >= 3:
            take(text[start:end], False, start)
            if end < len(text) and text[end] == "、":
                listed(end + 1, False)  # 乘客X·Y、赵春燕、马晓龙三人: the list goes on

    cued: set[int] = set()
    size = len(text)
    for start, end in _CUE_SCAN.spans(text):  # NAME_CUE.finditer, the tail read here
        if end < size and text[end] in "：:":
            end += 1
        if end < size and text[end] in "为是":
            end += 1
        if end + 1 < size and text[end] == "\n" and text[end + 1] in SURNAMES:
            end += 1  # (round 13) a PDF's hard break right after the cue (我老公\n郭建华用…)
        if end not in public_cues:  # 负责人：鞠文斌 heads an organisation's decision
            cued.add(end)
            if text[start:end].rstrip("：:为是") in _CHILD_CUES:
                pet = _pet_name(text, end)
                if pet:
                    take(text[end:end + pet], False, end, True)
                    continue
            if end < size and text[end] in _NAME_FIRST:
                listed(end, False, True)
            elif end + 2 < size and "\u4e00" <= text[end] <= "\u9fff" and (
                    text[end + 1] in GIVEN_CHARS or text[end + 2] in GIVEN_CHARS):
                # a surname in no list (粘海涛称); the name may go on into the sentence
                # (其女X在…) unless the cue word itself goes on (幼儿|园园长)
                listed(end, False, True,
                       len(_tag(text[start:end + 2])[0][0]) <= end - start)
    # a role character inside a published name is not a role (鲁长林承认: 长 is not 班长)
    inside_keep = {i for k in keep if len(k) > 1 for m in re.finditer(re.escape(k), text)
                   for i in range(m.start(), m.end())} if keep else set()
    roles, openings, takers, froms, marks = _before_names(text)
    for pos, role_end in roles:
        char = text[pos]
        if pos in inside_keep:
            continue
        if char in _ROLE_AFTER and (not pos or text[pos - 1] not in _ROLE_AFTER[char]):
            continue
        # a cue word ending in a role character (证人, 顾客) was read above, less strictly
        if role_end in cued or text[pos:pos + 2] in _ROLE_GOES_ON:
            continue
        # a role character alone after punctuation starts a name (：师德明), not a role word
        if at(role_end)[0] and role_end in at.minority and (
                not pos or not _HAN.match(text, pos - 1)):
            continue
        listed(role_end, True)
    closers = [m.start() for m in _COUNT_OF_PEOPLE.finditer(text)] if "、" in text else []
    next_deng = text.find("等")
    while next_deng >= 0 or closers:
        if closers and (next_deng < 0 or closers[0] < next_deng):
            deng = closers.pop(0)  # 曾某、卓某、何某三人: the count closes the list as 等 does
        else:
            deng = next_deng
            next_deng = text.find("等", deng + 1)
        # one name before 等 and a count of people (受理X等十一名劳动者的投诉, X等3人)
        if text[deng:deng + 1] == "等" and _COUNTED.match(text, deng + 1):
            for start in (deng - 4, deng - 3, deng - 2):
                if start >= 0 and text[start] in _SURNAME_FIRST and \
                        at(start)[0] == deng - start and _listed_name(text[start:deng]) and \
                        _not_a_word(text, start, deng - start):
                    take(text[start:deng], False, start)
                    break
        # 等人/等N人 closes a list of people; 等地/等市 one of places
        if "、" in text[max(0, deng - 5):deng] and text[deng + 1:deng + 2] not in _PLACES_AFTER:
            run = _LIST_BEFORE_DENG.search(text, max(0, deng - 30), deng)
            # every member must read as a name, else it is a list of things (张家口、唐山等)
            members = run.group().split("、") if run else []
            # the first member may have swallowed characters before it: keep its tail
            if members and all(_listed_name(m.replace("\n", "")) for m in members[1:]):
                first = members[0]
                for cut in range(len(first) - 1):
                    if first[cut] != "\n" and _listed_name(first[cut:].replace("\n", "")):
                        members[0] = first[cut:]
                        break
                else:
                    members = []
                pos = deng - sum(len(m) + 1 for m in members) + 1
                for m in members:
                    take(m, False, pos)
                    pos += len(m) + 1
    for end, word_end in _SAYS_SCAN.spans(text):  # _SAYS.finditer: its starts
        # any name between a clause's start and the verb (。林阿宝否认, 。智红梅称): the whole
        # run, before a shorter reading inside it (红梅). Not before 系, 说 … (联系, 小说).
        if text[end:word_end] not in _WEAK_SAYS:
            slot = 0
            for start in (end - 3, end - 2, end - 4):
                if start > 0 and text[start - 1] in _SLOT_LEFT and slot_name(text[start:end]):
                    take(text[start:end], False, start)
                    slot = 1
                    break
            if slot:
                continue
        for start in (end - 3, end - 2, end - 4):
            # _listed_name below wants a surname and a given-name character there (the
            # first character tested inline: most are none, and a call costs more)
            if start <= 0 or text[start] not in _SURNAME_FIRST or \
                    not _surname_then_given(text, start):
                continue
            length, sure = at(start)
            # at a clause's start, or anywhere the segmenter reads a person (邻摊鄢大伟证实)
            if (text[start - 1] in _CLAUSE_START or sure) and length == end - start and \
                    _not_a_word(text, start, length) and _listed_name(text[start:end]):
                take(text[start:end], False, start)
                break
        else:
            # a surname in no list opening the clause (。普艳芬经诊断, 。粘海涛称)
            for start in (end - 3, end - 4):
                if start > 0 and text[start - 1] in _CLAUSE_START and \
                        text[end - 1] in GIVEN_CHARS and text[start] not in SURNAMES and \
                        unknown_surname_name(text, start, True) == end - start:
                    take(text[start:end], False, start)
                    break
            # a minority name opening the clause (。次仁央宗承认): up to eight characters
            if end and text[end - 1] in _MINORITY_CHARS:
                for start in range(max(1, end - 8), end - 1):
                    if text[start - 1] in _CLAUSE_START and at(start)[0] == end - start and \
                            start in at.minority:
                        take(text[start:end], False, start)
                        break
    # Names with no cue at all, opening a clause: 经查，王建国于…, 张三、李四二人…,
    # 焦德明脑梗死后遗症. A whole name of given-name characters that the segmenter does not
    # read as an ordinary word, followed by the rest of the sentence or by another name.
    for pos in openings:
        if not _surname_then_given(text, pos):  # _listed_name below would say no
            continue
        length, sure = at(pos)
        if not length or not _listed_name(text[pos:pos + length]) or \
                not _not_a_word(text, pos, length):
            continue
        after = pos + length
        joined = after < len(text) and text[after] in _JOIN and \
            _listed_name(text[after + 1:after + 1 + at(after + 1)[0]])
        # a surname and one character (江文执罚…) only when the segmenter or a list vouches
        if sure or joined or _strength(text, after) == 2 or (
                length > len(surname_at(text, pos)) + 1 and (
                    _strength(text, after) >= 1 or _word_starts(text, after))):
            listed(pos, False)
    # A name right before an ID number (a table's row: 序号 姓名 身份证号码) or at a
    # plot's side (四至: 南至X承包地) is a person's.
    if ids is None:
        ids = [m.start() for m in _ID_RUN.finditer(text) if is_resident_id(m.group())]
    for end in ids:
        if end and text[end - 1] in "（(|｜│":
            end -= 1  # 达娃卓玛（540102…）: the ID in an aside, or the next cell, after the name
        if not end or not "\u4e00" <= text[end - 1] <= "\u9fff":
            continue
        # a table's cell or a list's member, between a row number, a gap or punctuation
        # and the ID (1　黄海生　450…: the segmenter reads 黄海 as a place), first
        for start in (end - 3, end - 2, end - 4):
            if start >= 0 and (not start or not _HAN.match(text, start - 1) or
                               text[start - 1] in "、") and slot_name(text[start:end]):
                take(text[start:end], False, start)
                break
        else:
            for start in (end - 4, end - 3, end - 2):
                if start >= 0 and _surname_then_given(text, start) and \
                        at(start)[0] == end - start and _listed_name(text[start:end]) and \
                        _not_a_word(text, start, end - start):
                    take(text[start:end], False, start)
                    break
    if "至" in text:
        for side in _SIDE_OF_PLOT.finditer(text):
            pos = side.end()
            length, sure = at(pos)
            if length and _HOLDING.match(text, pos + length) and (
                    sure or _not_a_word(text, pos, length)):
                take(text[pos:pos + length], sure, pos)
    for mark in _DESCRIBED.finditer(text):
        end = mark.start()
        # a cue word, then the whole run up to the describing aside (邻居X（住…）, a
        # name whose characters no reader knows): the run is the name
        whole = next((c for c in (end - 4, end - 3, end - 2) if c in cued), -1)
        if whole > 0 and _cue_to_aside(text[whole:end]):
            take(text[whole:end], False, whole)
            continue
        if "族" in mark.group():
            # (round 13) a name before an aside naming an ethnicity (为泽仁拉姆（藏族）, 、
            # 金成浩（朝鲜族）): the whole run after a mark or a word that takes a person,
            # when a known part of a minority name ends or opens it, or it reads as a name
            for start in (end - 4, end - 3, end - 2):
                value = text[start:end]
                if start > 0 and text[start - 1] in _ETHNIC_LEFT and _cue_to_aside(value) and (
                        value[:2] in _MINORITY_SET or value[-2:] in _MINORITY_SET or
                        slot_name(value)):
                    take(value, False, start)
                    break
            else:
                start = -1
            if start >= 0:
                continue
        if "\n" in text[end - 3:end - 1]:
            # a name broken by a hard break before its aside (的女儿王\n雨涵（8岁）)
            for start in (end - 4, end - 3):
                value = text[start:end]
                if start > 0 and value.count("\n") == 1 and value[0] in _NAME_FIRST and \
                        _listed_name(value.replace("\n", "")):
                    take(value, True, start)
                    break
        for start in (end - 4, end - 3, end - 2):
            if start >= 0 and text[start] in _NAME_FIRST and at(start)[0] == end - start:
                if start == end - 2 and start > 1 and text[start - 2] in _SLOT_LEFT and \
                        slot_name(text[start - 1:end]):
                    start -= 1  # ；资|桂芬（女，…）: the clause's run, a surname in no list
                take(text[start:end], True, start)
                break
        else:
            # a surname in no list (其中区慧珊（女，…）, 、母子涵（15岁）): three characters, or
            # four after punctuation
            for start in (end - 3, end - 4):
                if start >= 0 and (start == end - 3 or not start or
                                   not _HAN.match(text, start - 1)) and \
                        text[start] not in SURNAMES and \
                        unknown_surname_name(text, start) == end - start:
                    take(text[start:end], False, start)
                    break
            else:
                # any name between a clause's start or a list's mark and the aside
                # (、阿依莫（15岁）)
                for start in (end - 3, end - 2, end - 4):
                    if start > 0 and (text[start - 1] in _CLAUSE_START or
                                      text[start - 1] == "、" or start in cued) and \
                            slot_name(text[start:end]):
                        take(text[start:end], False, start)
                        break
    if _ANY_LATIN(text):
        _latin_names(text, cued, take)
    if "小名" in text or "乳名" in text or "昵称" in text or "外号" in text or "绰号" in text:
        # a child's or a person's pet name given as such (小名叫“X”, 乳名X，, 绰号“X”)
        for called in _CALLED.finditer(text):
            group = 1 if called.group(1) else 2
            take(called.group(group), False, called.start(group), True)
    if "的" in text:
        # (round 13) a clause opened by a person's name and 的 and a kin word (。X的妻子,
        # X的母亲): the run is a name even with given-name characters in no list (龚小毛)
        for kin in _KIN_AFTER.finditer(text):
            end = kin.start()
            for start in (end - 3, end - 2, end - 4):
                if start <= 0 or (text[start - 1] not in _SLOT_LEFT and start not in cued):
                    continue
                value = text[start:end]
                if slot_name(value) or (len(value) == 3 and value[0] in SURNAMES and
                                        _all_han(value) and "某" not in value and
                                        not NAME_CUE.match(value) and
                                        _tag(value)[0][0] != value):
                    take(value, False, start)
                    break
    if "老" in text or "小" in text or "阿" in text or "师" in text or "大" in text:
        _nicknames(text, cued, take)
    if "·" in text or "•" in text or "・" in text:
        for dotted in _DOTTED.finditer(text):
            take_dotted(dotted.start(), dotted.start(1), dotted.end())
    if "处" in text:  # 从乜德林处购得: a person is where goods or money came from
        for pos in froms:
            length, sure = at(pos)
            if length and text[pos + length:pos + length + 1] == "处" and (
                    pos in at.minority or _listed_name(text[pos:pos + length])):
                take(text[pos:pos + length], sure, pos)
    for pos in takers:
        if text[pos - 1] in public_chars and inside_a_public_name(pos):
            continue  # 戴向|阳意见: the word that takes a person is a published name's
        length, sure = at(pos)
        if length and pos in at.minority:  # 的次仁央宗担任, 由哈斯其其格接诊
            value = text[pos:pos + length]
            if _strength(text, pos + length) >= 1 and (
                    length >= 3 or value in _MINORITY_SET) and not any(
                    place_goes_on(text, m.start(), value)
                    for m in re.finditer(re.escape(value), text)):  # 由格尔木前往 (格尔木市)
                take(text[pos:pos + length], False, pos)
        elif length and (_strength(text, pos + length) == 2 or plausible(text, pos, length)) \
                and (sure or _not_a_word(text, pos, length)):
            take(text[pos:pos + length], False, pos)
    for value in spaced:
        pos = text.find(value)
        if pos > 0 and text[pos - 1] in public_chars and inside_a_public_name(pos):
            continue  # 经办人：戴永明 王 蕾: the run starts inside an officer's name (明 王 蕾)
        if pos >= 0 and value not in found:
            take(value, False, pos)
    # A name the text repeats: a run of three or four characters where a person is expected
    # (after a cue or role word, a clause's start, a list's mark or a word that takes a
    # person) that stands in the text again is a name when it reads as one — even when no
    # reading above ends there (其母亲白玉仙盖房…，白玉仙去年…; 问：卢二旦家里人…说卢二旦他…).
    # (where: after a cue word, a clause's start or a list's 、 before a surname; not after
    # 的, 与, 和 …: the commonest, and a name there stands after one of those too)
    runs = {text[pos:pos + 3] for pos in (*cued, *openings, *marks)}
    runs.difference_update(found)  # (most are names found already)
    given = GIVEN_CHARS
    for value in runs:
        # the cheap tests first: a listed surname, or given-name characters after the
        # first (not 加药泵, 县疾控)
        if len(value) < 3 or not "\u4e00" <= value[2] <= "\u9fff" or (
                value[0] not in SURNAMES and (value[1] not in given or value[2] not in given)):
            continue  # (张伟（: a name found and its aside)
        if value[:2] in _COMPOUNDS:
            pos = text.find(value)
            value = text[pos:pos + 4]
        # a run of characters that stands in the text at least twice and reads as a name
        # (the two finds first: most runs stand once, and ``slot_name`` asks the segmenter)
        pos = text.find(value)
        again = text.find(value, pos + len(value))
        if again < 0 or not slot_name(value):
            continue
        if "〔" in text[pos:pos + 14] or "〔" in text[again:again + 14]:
            continue  # a body's short name opening its document numbers (某某公（治）罚字〔…〕)
        # the last character must not start a word with the next (张伟开|车: 开车)
        end = pos + len(value)
        if len(_tag(text[end - 1:end + 2])[0][0]) == 1:
            take(value, False, pos)
    if "《" in text:
        for name in [n for n, sure in found.items() if not sure and "《" + n in text]:
            del found[name]  # (round 13) a title's first word (《艾滋病防治条例》): no person
    return found


def _nicknames(text: str, cued: set[int], take) -> None:
    """Forms of address used as a person's name (``nickname``): where the text says whose
    they are, and right after a cue word, ended by punctuation, 的 or a verb."""
    if "名" in text:
        for said in _NICK_SAID.finditer(text):
            if nickname(text, said.start()):
                take(said.group(), False, said.start(), True)
    if "即" in text:
        for said in _NICK_IS.finditer(text):
            start = said.start(1)
            if said.start() and text[said.start() - 1] in "（(，," and nickname(text, start):
                take(said.group(1), False, start, True)
    for end in cued:
        if text[end:end + 1] not in _NICK_HEADS:
            continue
        cue = text[max(0, end - 4):end]
        child = any(cue.endswith(c) for c in _CHILD_CUES)
        length = nickname(text, end, child, False)
        if not length and _strength(text, end + 2) == 2:
            length = nickname(text, end, child)  # 证人老张称, 工友小叶，
        if not length:
            continue
        after = end + length
        if _strength(text, after) >= 1 or (
                after < len(text) and _tag(text[after:after + 3])[0][1] in ("v", "d", "p")):
            take(text[end:after], False, end, True)
    # a surname and a title as the only name (庞老师, 韦师傅, 蔡大姐): after a cue word, a
    # mark or a word that takes a person
    for titled in _TITLED.finditer(text):
        pos = titled.start() - 1
        if pos >= 0 and text[pos] in SURNAMES and text[pos] not in _FOLLOW_CHARS and (
                pos in cued or not pos or not _HAN.match(text, pos - 1) or
                text[pos - 1] in _TAKES_CHARS or text[pos - 1] in _JOIN):
            take(text[pos:titled.end()], False, pos, True)


def with_table_names(text: str, found: list, people: dict[str, bool], keep) -> list:
    """``found`` without the names read in a table's 姓名 column (``tables``), each added to
    ``people`` instead, so that it is hidden wherever the text repeats it — unless it is a
    name the record publishes (the party, an officer)."""
    if not any(span[2] == "person_name" for span in found):
        return found
    out = []
    for span in found:
        if span[2] != "person_name":
            out.append(span)
            continue
        value = text[span[0]:span[1]]
        if not any(value in k or k in value for k in keep if k):
            people.setdefault(value, False)
    return out


def name_spans(text: str, found: dict[str, bool], kind: str) -> list[tuple]:
    """(start, end, ``kind``, rule) of every occurrence of each name ``find_names`` found,
    also where a hard break splits it (王\n雨涵) — but none of a name the text itself shows
    to be no person: a two-character one it also writes before a place's unit (龙山 of
    湖南龙山农商银行 and 龙山县; not a minority name: 乘客乌兰 and 乌兰县), one it also writes
    before a medicine's form (曲马多 of 曲马多片), and a shorter reading of such (苏沙 of
    苏沙多片). An occurrence that begins a place's name (乌兰 in 乌兰察布市) is left out, as
    ``place_goes_on`` says. (One pass over the text per name, the tests inline: this loop
    runs at every occurrence of every name.)"""
    out: list[tuple] = []
    add = out.append
    dropped = []
    kept = []
    for name, sure in found.items():
        size = len(name)
        if size > 2 and name[-1] in "县市":
            continue  # a county's or a city's name read after a cue (户名：某某县非税收入…)
        rule = "name_cue" if sure else "name_guess"
        minority = name[0] in _MINORITY_FIRST  # (``place_goes_on`` reads the segmenter)
        mark = len(out)
        pos = text.find(name)
        while pos >= 0:
            after = pos + size
            if text[after:after + 1] not in _AFTER_NAME_STOPS and not minority:
                add((pos, after, kind, rule))  # (most occurrences: nothing to read)
            else:
                what = _occurrence(text, pos, after, name)
                if what == _DROP:
                    dropped.append(name)
                    del out[mark:]
                    break
                if what == _KEEP:
                    add((pos, after, kind, rule))
            pos = text.find(name, after)
        else:
            kept.append((name, rule))
    if dropped:
        out = [span for span in out
               if not any(d.startswith(text[span[0]:span[1]]) for d in dropped)]
        kept = [(n, r) for n, r in kept if not any(d.startswith(n) for d in dropped)]
    if "\n" in text:
        # a PDF's hard break inside a name found elsewhere (王\n雨涵): the same name
        heads = set(_LINE_HEAD.findall(text))
        for name, rule in kept:
            if heads.isdisjoint(name[1:]):
                continue
            for cut in range(1, len(name)):
                if name[cut] in heads:
                    broken = f"{name[:cut]}\n{name[cut:]}"
                    pos = text.find(broken)
                    while pos >= 0:
                        add((pos, pos + len(broken), kind, rule))
                        pos = text.find(broken, pos + len(broken))
    return out


_LINE_HEAD = re.compile(r"\n([^\n])")
_KEEP, _SKIP, _DROP = 0, 1, 2


def _occurrence(text: str, pos: int, after: int, name: str) -> int:
    """What the occurrence of ``name`` at ``pos`` is: the person's (_KEEP), a place's
    (_SKIP: 乌兰察布市), or proof that the name is no person's (_DROP: 龙山县, 曲马多片)."""
    char = text[after:after + 1]
    # (a minority name is a person's and a place's alike: 乘客乌兰 and 乌兰县)
    if (char in _PLACE_UNITS and len(name) == 2 and name not in _MINORITY_SET) or (
            char in _DRUG_FIRST and _DRUG_FORM.match(text, after)):
        return _DROP
    return _SKIP if place_goes_on(text, pos, name) else _KEEP
_DRUG_FORM = re.compile(r"片(?![区警刻])|胶囊|注射液|颗粒|口服液|糖浆|软膏|滴眼液|缓释|肠溶|分散片")
_PLACE_UNITS = "县市区旗镇乡"
_DRUG_FIRST = frozenset("片胶注颗口糖软滴缓肠分")
# What may follow a name's occurrence that is not the person's: a place's unit or word
# (``place_goes_on``), a medicine's form.
_AFTER_NAME_STOPS = _DRUG_FIRST | _PLACE_NEXT | frozenset(w[0] for w in _PLACE_WORDS)


def _broken_name(text: str, pos: int) -> int:
    """The length of a name at ``pos`` with one hard break inside it (向\n小雨、), read
    as a whole name of given-name characters, ended strongly; 0 if none."""
    for length in (4, 3):
        value = text[pos:pos + length]
        if len(value) == length and value.count("\n") == 1 and value[-1] != "\n" and \
                _strength(text, pos + length) == 2 and _listed_name(value.replace("\n", "")):
            return length
    return 0


