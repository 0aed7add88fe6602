# ruff: noqa: E501  (decision texts read better unbroken)
"""An evaluation set for 脱敏, written independently of ``tests/disclosure/corpus.py`` and never
used to build the masker's rules (issue 12, R-PUB-05).

Decision texts in the styles of several authors and fields (market regulation, food,
traffic, urban management, health, environment, emergency management, culture and tourism,
agriculture, housing), for natural persons, 个体工商户 and organisations. Inline markup marks
what must be hidden and what must stay:

    ⟨kind|text⟩   gold: kind in id, ph, ba, ad, nm, he (ID number, phone, bank account,
                  home address, another person's name, health information)
    ⟪label|text⟫  a look-alike that must stay (law and article, credit code, 执法证号, …)

Every template is rendered in three layouts: ``clean``; ``pdf`` (hard line breaks every
26–38 characters, mid-word and mid-number, as text copied out of a PDF); ``ocr`` (digits
and X in full width here and there, stray spaces). ``build()`` returns ``Doc`` objects with
the plain text and the gold and look-alike spans over it.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, field
from datetime import date

from sanxiang.core.identifiers import make_credit_code, make_resident_id

KINDS = {"id": "id_number", "ph": "phone", "ba": "bank_account", "ad": "address",
         "nm": "person_name", "he": "health"}
LAYOUTS = ("clean", "pdf", "ocr")


@dataclass
class Doc:
    name: str
    layout: str
    text: str
    party_name: str
    party_kind: str
    keep_names: list[str]
    party_address: str = ""
    gold: list[tuple[int, int, str]] = field(default_factory=list)
    lookalikes: list[tuple[int, int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Pools (names include rare surnames and given names that read on into the next word)

OTHER_NAMES = ("郭勇", "姜霞", "孔有为", "么红梅", "訾晓东", "仝海涛", "亓春生", "逯建", "禚丽娟",
               "隗明", "钮得胜", "冼志坚", "郜平", "蔺文静", "薄玉兰", "栗长河", "郗敏", "阚立军",
               "揭小燕", "诸葛明远", "欧阳婷", "司马青", "黄小明", "陈静", "林国栋", "吴桂芳",
               "柴进", "尚德", "边疆", "谷雨", "伍佰", "白雪", "金山", "安康")
PARTY_NAMES = ("王建设", "刘凤琴", "赵国强", "孙丽华", "马卫东", "张秀兰", "杜海波", "田野")
OFFICERS = ("李振华", "周立新", "韩冬梅", "高志远", "宋晓峰", "曹丽")
COMPANIES = ("沧州市运河区鑫源商贸有限公司", "保定市莲池区德丰食品有限责任公司",
             "邯郸市丛台区华盛建筑劳务有限公司", "廊坊市广阳区远航物流有限公司",
             "唐山市路北区东方化工股份有限公司")
SHOPS = ("运河区老马家卤肉店", "莲池区惠民药房", "丛台区兴旺五金门市", "广阳区小芳美发店",
         "路北区顺心农资店")
HOMES = ("沧州市运河区南陈屯乡后屯村116号", "肥西县三河镇新民村二组35号",
         "保定市莲池区东关大街18号院3号楼2单元401室", "邯郸市丛台区联纺东路169号4-2-301",
         "廊坊市广阳区新开路金泰小区12栋1单元502", "唐山市路北区龙泽南路7号",
         "河北省衡水市桃城区红旗大街北段278号", "献县淮镇东旺村", "青县流河镇大王庄村三组",
         "石家庄市长安区谈固东街9号")
BANKS = ("中国农业银行沧州运河支行", "中国建设银行保定莲池支行", "河北农村信用社丛台分社",
         "中国邮政储蓄银行广阳区营业所")
LAWS = (("《中华人民共和国食品安全法》", "第一百二十四条第一款第（三）项"),
        ("《中华人民共和国传染病防治法》", "第三十条第一款"),
        ("《中华人民共和国道路交通安全法》", "第九十九条第一款第（一）项"),
        ("《中华人民共和国安全生产法》", "第九十七条第（一）项"),
        ("《城市市容和环境卫生管理条例》", "第三十四条"),
        ("《医疗机构管理条例》", "第二十四条"),
        ("《中华人民共和国大气污染防治法》", "第一百零八条第（五）项"),
        ("《娱乐场所管理条例》", "第二十条"),
        ("《中华人民共和国动物防疫法》", "第九十二条"),
        ("《残疾人保障法》", "第三十八条"),
        ("《精神卫生法》", "第七十五条"))


def luhn(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return partial + str((10 - total % 10) % 10)


class Fill:
    """Values for one text, with their markup."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        names = rng.sample(OTHER_NAMES, 4)
        self.w1, self.w2, self.w3, self.w4 = names
        self.party = rng.choice(PARTY_NAMES)
        self.officers = rng.sample(OFFICERS, 2)
        self.company = rng.choice(COMPANIES)
        self.shop = rng.choice(SHOPS)
        self.home, self.home2 = rng.sample(HOMES, 2)
        self.bank = rng.choice(BANKS)

    def idn(self, sex="male", x=None) -> str:
        for seq in range(self.rng.randrange(900), 1000):
            value = make_resident_id(region=self.rng.choice(("130902", "130602", "410105",
                                                             "340123", "131102")),
                                     birth=date(self.rng.randrange(1950, 2003),
                                                self.rng.randrange(1, 13),
                                                self.rng.randrange(1, 28)),
                                     seq=seq, sex=sex)
            if x is None or value.endswith("X") == x:
                return value
        return value

    def mobile(self) -> str:
        return self.rng.choice(("138", "159", "186", "133", "177", "199", "147")) + \
            f"{self.rng.randrange(10 ** 8):08d}"

    def card(self) -> str:
        return luhn(self.rng.choice(("622848", "621700", "622202", "623052")) +
                    f"{self.rng.randrange(10 ** 12):012d}")

    def corporate_account(self) -> str:
        return f"1305{self.rng.randrange(10 ** 16):016d}"

    def credit_code(self) -> str:
        return make_credit_code(prefix="91", region="130902", seed=self.rng.randrange(10 ** 6))

    def cert(self) -> str:
        # 执法证号 of Hebei (13…), Shanxi (14…) and Inner Mongolia (15…): 11 digits.
        return self.rng.choice(("1309", "1306", "1411", "1501")) + \
            f"{self.rng.randrange(10 ** 7):07d}"

    def ear_tag(self) -> str:
        return self.rng.choice(("1", "2", "3")) + "130925" + f"{self.rng.randrange(10 ** 8):08d}"


def g(kind: str, text: str) -> str:
    return f"⟨{kind}|{text}⟩"


def k(label: str, text: str) -> str:
    return f"⟪{label}|{text}⟫"


def law(i: int) -> str:
    title, article = LAWS[i]
    return k("law", title + article)


def docno(rng, prefix) -> str:
    return k("docno", f"{prefix}〔2026〕{rng.randrange(1, 400)}号")


def amount(rng) -> str:
    return k("amount", rng.choice((f"{rng.randrange(1, 99)},{rng.randrange(1000):03d}.00元",
                                   f"{rng.randrange(500, 50000)}元",
                                   f"人民币{rng.choice('壹贰叁伍')}万元整")))


def day(rng) -> str:
    return k("date", f"2026年{rng.randrange(1, 12)}月{rng.randrange(1, 28)}日")


def officers(f: Fill) -> str:
    a, b = f.officers
    return (f"执法人员{k('officer', a)}（执法证号：{k('cert', f.cert())}）、{k('officer', b)}"
            f"（执法证号：{k('cert', f.cert())}）")


# --------------------------------------------------------------------------------------
# Templates: (name, party kind, function(fill) -> (markup, party name, keep names, address))


def t_food_person(f: Fill):
    r = f.rng
    text = (f"{k('docno', '运市监罚〔2026〕' + str(r.randrange(10, 300)) + '号')}\n"
            f"当事人：{f.party}，男，汉族，{k('date', '1978年5月6日')}出生，公民身份号码："
            f"{g('id', f.idn())}，住{g('ad', f.home)}，联系电话：{g('ph', f.mobile())}。\n"
            f"{day(r)}，本局接消费者{g('nm', f.w1)}投诉，称其在当事人摊位购买的熟食有异味。"
            f"{officers(f)}依法对当事人经营场所进行检查，现场查见标注生产日期"
            f"{k('date', '2026年3月2日')}的猪头肉{k('amount', '12.5公斤')}。购买人{g('nm', f.w1)}"
            f"系{g('he', '糖尿病')}患者，食用后出现腹泻，于次日就医。当事人雇佣的帮工"
            f"{g('nm', f.w2)}陈述，上述熟食系当事人从无证小作坊购进。\n"
            f"以上事实有现场检查笔录、询问笔录、{g('nm', f.w1)}提供的购物小票等证据证实。\n"
            f"当事人的行为违反了{law(0)}的规定。依据该法，决定：没收违法所得"
            f"{amount(r)}，并处罚款{amount(r)}。\n"
            f"罚款请于收到本决定书之日起十五日内缴至指定银行，缴款码"
            f"{k('payno', '1309' + str(r.randrange(10 ** 13, 10 ** 14)))}。")
    return text, f.party, [], f.home


def t_food_shop(f: Fill):
    r = f.rng
    op = f.party
    text = (f"行政处罚决定书 {docno(r, '莲市监罚')}\n"
            f"当事人：{f.shop}　统一社会信用代码：{k('credit', f.credit_code())}\n"
            f"经营者：{op}　经营场所：莲池区裕华西路{r.randrange(10, 300)}号\n"
            f"食品经营许可证编号：{k('licence', 'JY1' + str(r.randrange(10 ** 13, 10 ** 14)))}\n"
            f"经查，当事人从业人员{g('nm', f.w1)}、{g('nm', f.w2)}未取得健康证明即从事接触直接入口"
            f"食品的工作。其中{g('nm', f.w2)}有{g('he', '活动性肺结核')}病史，"
            f"经{k('org', '莲池区疾病预防控制中心')}复查，系{g('he', '肺结核')}患者。"
            f"店员{g('nm', f.w1)}称其不知道需要办理健康证。\n"
            f"上述行为违反了{law(0)}，依据{k('law', '《中华人民共和国食品安全法》第一百二十六条')}，"
            f"责令改正，给予警告，并处罚款{amount(r)}。")
    return text, op, [op], ""


def t_traffic(f: Fill):
    r = f.rng
    idv = f.idn(x=True)
    text = (f"公安交通管理简易程序处罚决定书\n编号：{k('docno', '1309' + str(r.randrange(10 ** 11, 10 ** 12)))}\n"
            f"被处罚人{f.party}，驾驶证号{g('id', idv)}，"
            f"档案编号{k('licence', '1309' + str(r.randrange(10 ** 7, 10 ** 8)))}，"
            f"联系方式{g('ph', '0086-' + f.mobile())}。车辆牌号冀J{r.randrange(10000, 99999)}。\n"
            f"违法事实：{day(r)}，被处罚人驾驶小型轿车搭载乘客{g('nm', f.w1)}、{g('nm', f.w2)}"
            f"行经黄河路时，与骑电动车的{g('nm', f.w3)}发生剐蹭，{g('nm', f.w3)}"
            f"{g('he', '左腿胫骨骨折')}，经鉴定构成{g('he', '十级伤残')}。乘客{g('nm', f.w1)}证实，"
            f"驾驶员明知车辆制动不良仍上路行驶。\n"
            f"依据{law(2)}，决定处罚款{amount(r)}。")
    return text, f.party, [], ""


def t_urban(f: Fill):
    r = f.rng
    text = (f"{k('org', '沧州市运河区城市管理综合行政执法局')}\n"
            f"行政处罚决定书\n{docno(r, '运城管罚决字')}\n"
            f"当事人{f.party}，身份证号 {g('id', f.idn())}，户籍所在地{g('ad', f.home)}，"
            f"现住{g('ad', f.home2)}。\n"
            f"{day(r)}，{officers(f)}巡查时发现，当事人在{k('place', '解放西路与新华路交叉口')}"
            f"占道经营烧烤。现场有居民{g('nm', f.w1)}反映油烟扰民，其母亲{g('nm', f.w2)}"
            f"患有{g('he', '慢性阻塞性肺病')}，长期吸入油烟后病情加重。市民{g('nm', f.w3)}"
            f"也提供了照片。当事人自述其在{g('ad', f.home2)}的住所内加工食材。\n"
            f"违反了{law(4)}，依据该条例第三十六条第（二）项，决定罚款{amount(r)}。\n"
            f"送达地址：{g('ad', f.home2)}　收件人：{f.party}　电话：{g('ph', str(r.randrange(5000000, 8999999)))}")
    return text, f.party, [], f.home2


def t_health_clinic(f: Fill):
    r = f.rng
    rep = f.party
    text = (f"卫生行政处罚决定书 {docno(r, '运卫医罚')}\n"
            f"被处罚单位：{f.company}，统一社会信用代码{k('credit', f.credit_code())}，"
            f"法定代表人{rep}，住所地运河区永安大道{r.randrange(1, 99)}号。\n"
            f"经查，该单位下设门诊部未取得《医疗机构执业许可证》擅自执业。"
            f"{day(r)}，患者{g('nm', f.w1)}在该门诊部接受输液治疗，其既往有{g('he', '青霉素过敏史')}，"
            f"输液后出现过敏性休克，经转院抢救脱离危险。"
            f"护士{g('nm', f.w2)}（电话 {g('ph', f.mobile()[:3] + ' ' + f.mobile()[3:7] + ' ' + f.mobile()[7:])}）"
            f"称，{g('nm', f.w1)}确诊为{g('he', '阿尔茨海默病')}后由其女儿{g('nm', f.w3)}陪同就诊。\n"
            f"上述行为违反了{law(5)}，依据该条例第四十四条，没收药品器械，"
            f"罚款{amount(r)}。执法人员：{k('officer', f.officers[0])}，"
            f"执法证编号：{k('cert', f.cert())}。")
    return text, f.company, [rep], ""


def t_environment(f: Fill):
    r = f.rng
    acc = f.corporate_account()
    text = (f"{k('org', '廊坊市生态环境局')}行政处罚决定书\n{docno(r, '廊环罚')}\n"
            f"{f.company}：\n统一社会信用代码：{k('credit', f.credit_code())}\n"
            f"法定代表人：{f.party}\n"
            f"我局于{day(r)}对你公司进行了调查，发现你公司喷涂车间未按规定使用污染防治设施，"
            f"车间主任{g('nm', f.w1)}承认设施停用达{k('amount', '二十余日')}。车间工人{g('nm', f.w2)}"
            f"、{g('nm', f.w3)}反映长期头晕，{g('nm', f.w2)}经{k('org', '广阳区人民医院')}诊断为"
            f"{g('he', '轻度苯中毒')}。检测报告编号{k('licence', 'HJ' + str(r.randrange(10 ** 9, 10 ** 10)))}，"
            f"执行{k('std', 'GB 16297-1996')}标准。\n"
            f"以上违法事实违反了{law(6)}。\n"
            f"罚款缴至：{k('org', '廊坊市财政局')}，开户银行{f.bank}，"
            f"账号 {k('acct_public', '13050161520800000123')}。\n"
            f"另查明，你公司质量负责人{g('nm', f.w4)}个人账户（{f.bank}，账号：{g('ba', acc)}）"
            f"曾收取废料款。")
    return text, f.company, [f.party], ""


def t_emergency(f: Fill):
    r = f.rng
    idv = f.idn()
    text = (f"{k('org', '唐山市应急管理局')}\n行政处罚决定书\n（{docno(r, '唐应急罚')}）\n"
            f"当事人：{f.party}，性别男，身份证号码：{g('id', idv)}，"
            f"家庭住址：{g('ad', f.home)}，系{f.company}安全管理人员。\n"
            f"{day(r)}，该公司发生一起机械伤害事故，工人{g('nm', f.w1)}施救时右手被卷入，"
            f"造成{g('he', '右手三指离断')}，{g('nm', f.w1)}的特种作业操作证号为T{g('id', f.idn())}。"
            f"经调查，当事人未履行安全检查职责。现场安全员{g('nm', f.w2)}陈述，员工管理制度"
            f"长期未落实，工作人员向当事人报告隐患后未获处理。\n"
            f"依据{law(3)}，对当事人处上一年年收入百分之四十的罚款，计{amount(r)}。")
    return text, f.party, [], f.home


def t_culture(f: Fill):
    r = f.rng
    op = f.party
    text = (f"{k('org', '邯郸市丛台区文化广电和旅游局')}\n行政处罚决定书 {docno(r, '丛文旅罚')}\n"
            f"当事人：{f.shop}（个体工商户），经营者{op}，"
            f"注册号{k('licence', '130403' + str(r.randrange(10 ** 8, 10 ** 9)))}。\n"
            f"经查，当事人经营的歌舞娱乐场所接纳未成年人。顾客{g('nm', f.w1)}、{g('nm', f.w2)}"
            f"均未满十八周岁，由一名叫{g('nm', f.w3)}的男子带入。{g('nm', f.w1)}系"
            f"{g('he', '听力二级残疾')}，持{k('licence', '残疾人证')}。服务员{g('nm', f.w4)}"
            f"称未查验身份证件。当事人委托其朋友{g('nm', f.w3)}代为管理，{g('nm', f.w3)}"
            f"住{g('ad', f.home)}，手机{g('ph', f.mobile())}。\n"
            f"依据{law(7)}、{k('law', '《娱乐场所管理条例》第四十八条')}，罚款{amount(r)}。")
    return text, f.shop, [op], ""


def t_agriculture(f: Fill):
    r = f.rng
    card = f.card()
    text = (f"{k('org', '献县农业农村局')}行政处罚决定书\n{docno(r, '献农（牧）罚')}\n"
            f"当事人：{f.party}　身份证：{g('id', f.idn())}\n住址：{g('ad', f.home)}\n"
            f"经查，当事人于{day(r)}从外省调入生猪{k('amount', '48头')}，未按规定报告，"
            f"耳标号{k('eartag', f.ear_tag())}至{k('eartag', f.ear_tag())}。同村村民{g('nm', f.w1)}"
            f"、{g('nm', f.w2)}证实生猪在其家中（{g('ad', f.home)}）圈养。动物检疫合格证明编号"
            f"{k('licence', '13' + str(r.randrange(10 ** 12, 10 ** 13)))}。"
            f"当事人患有{g('he', '高血压、冠心病')}，请求从轻处理。\n"
            f"违反了{law(8)}。罚款{amount(r)}已由当事人通过其本人银行卡（{g('ba', card)}）"
            f"转账缴纳。另有{g('nm', f.w3)}（{k('amount', '68岁')}）代为签收本决定书，"
            f"收货地址：{g('ad', f.home2)}。")
    return text, f.party, [], f.home


def t_market_company(f: Fill):
    r = f.rng
    text = (f"{k('org', '保定市莲池区市场监督管理局')}\n行政处罚决定书\n{docno(r, '莲市监处罚')}\n"
            f"当事人名称：{f.company}\n主体类型：有限责任公司\n"
            f"统一社会信用代码：{k('credit', f.credit_code())}\n住所：莲池区东风路{r.randrange(1, 200)}号\n"
            f"法定代表人：{f.party}\n"
            f"当事人在其网店销售宣称能“治疗高血压、糖尿病”的普通食品“降糖茶”，"
            f"产品批号{k('licence', '2026' + str(r.randrange(10 ** 5, 10 ** 6)))}。"
            f"投诉人{g('nm', f.w1)}（收货地址：{g('ad', f.home)}，电话{g('ph', f.mobile())}）称，"
            f"其父亲{g('nm', f.w2)}患{g('he', '糖尿病')}多年，服用该茶后停药，"
            f"{g('he', '血糖升高')}住院治疗。\n"
            f"依据{k('law', '《中华人民共和国广告法》第五十八条第一款第（二）项')}，罚款{amount(r)}。\n"
            f"联系人：{k('officer', f.officers[0])}，电话：{k('office_phone', '0312-5091234')}")
    return text, f.company, [f.party], ""


def t_housing_person(f: Fill):
    r = f.rng
    idv = f.idn(sex="female")
    mob = f.mobile()
    text = (f"{k('org', '衡水市桃城区住房和城乡建设局')}\n{docno(r, '桃住建罚字')}\n"
            f"当事人：{f.party}，女，公民身份号码{g('id', idv[:6] + ' ' + idv[6:14] + ' ' + idv[14:])}，"
            f"地址：{g('ad', f.home)}。\n"
            f"当事人将其位于{g('ad', f.home2)}的住房改建为群租房，出租给租户{g('nm', f.w1)}、"
            f"{g('nm', f.w2)}等六人居住。房东{f.party}未办理消防验收。租户{g('nm', f.w1)}"
            f"{g('he', '怀孕七个月')}，{g('nm', f.w2)}有{g('he', '癫痫')}病史。"
            f"当事人联系电话 {g('ph', mob[:3] + '-' + mob[3:7] + '-' + mob[7:])}。\n"
            f"依据{k('law', '《住宅室内装饰装修管理办法》第三十八条')}，罚款{amount(r)}。"
            f"代收银行：{f.bank}，收款账号{k('acct_public', '1305 0161 5208 0000 0456')}。")
    return text, f.party, [], f.home


def t_minor_health(f: Fill):
    r = f.rng
    text = (f"{k('org', '沧州市卫生健康委员会')}\n卫生行政处罚决定书\n{docno(r, '沧卫传罚')}\n"
            f"当事人：{f.company}　法定代表人：{f.party}\n"
            f"经查，当事人未按规定报告传染病疫情。员工{g('nm', f.w1)}于{day(r)}"
            f"出现{g('he', '发热、咳嗽')}症状，后确诊为{g('he', '肺结核')}，当事人仍安排其在食堂工作。"
            f"职工{g('nm', f.w2)}的妻子{g('nm', f.w3)}反映此事。\n"
            f"违反了{law(1)}，依据{k('law', '《中华人民共和国传染病防治法》第六十九条')}"
            f"，给予警告，罚款{amount(r)}。\n"
            f"执法人员：{k('officer', f.officers[0])} {k('cert', f.cert())}，"
            f"{k('officer', f.officers[1])} {k('cert', f.cert())}")
    return text, f.company, [f.party], ""


def t_old_id_person(f: Fill):
    r = f.rng
    old = f"13092{r.randrange(1, 9)}{r.randrange(50, 79)}{r.randrange(1, 12):02d}" \
          f"{r.randrange(1, 28):02d}{r.randrange(100, 999)}"
    text = (f"{k('org', '青县市场监督管理局')}\n当场行政处罚决定书\n"
            f"编号：{k('docno', '青市监当罚〔2026〕' + str(r.randrange(1, 99)) + '号')}\n"
            f"当事人：{f.party}，身份证号：{g('id', old)}，住{g('ad', f.home)}\n"
            f"违法事实：当事人在集市销售未经检验的散装白酒，其配偶{g('nm', f.w1)}（电话"
            f"{g('ph', '0317-' + str(r.randrange(4000000, 4999999)))}）在场。"
            f"计量器具检定证书编号{k('licence', '130922' + str(r.randrange(10 ** 8, 10 ** 9)))}。\n"
            f"处罚依据：{k('law', '《中华人民共和国产品质量法》第四十九条')}\n罚款{amount(r)}，"
            f"当场收缴，票据号{k('payno', str(r.randrange(10 ** 9, 10 ** 10)))}。\n"
            f"执法人员：{k('officer', f.officers[0])}、{k('officer', f.officers[1])}"
            f"（{k('cert', f.cert())}、{k('cert', f.cert())}）")
    return text, f.party, [], f.home


def t_shop_witness(f: Fill):
    r = f.rng
    op = f.party
    acc = f.card()
    text = (f"{k('org', '路北区市场监督管理局')}行政处罚决定书\n{docno(r, '路市监罚')}\n"
            f"当事人：{f.shop}，经营者：{op}，身份证号：{g('id', f.idn())}，"
            f"经营场所：路北区建设北路{r.randrange(1, 300)}号。\n"
            f"经查，当事人销售的复合肥经{k('org', '河北省产品质量监督检验研究院')}检验，"
            f"总养分不符合{k('std', 'GB/T 15063-2020')}要求，检验报告编号"
            f"{k('licence', 'W' + str(r.randrange(10 ** 9, 10 ** 10)))}。购买人{g('nm', f.w1)}"
            f"、{g('nm', f.w2)}提供了购货凭证。{g('nm', f.w1)}称，货款通过微信转至经营者"
            f"之子{g('nm', f.w3)}名下，{g('nm', f.w3)}的收款账户为{f.bank}，卡号末段以外的"
            f"完整号码为{g('ba', acc)}。\n"
            f"依据{k('law', '《中华人民共和国产品质量法》第五十条')}，没收违法所得{amount(r)}，"
            f"罚款{amount(r)}。")
    return text, f.shop, [op], ""


TEMPLATES = (
    ("food_person", "natural_person", t_food_person),
    ("food_shop", "individual_business", t_food_shop),
    ("traffic", "natural_person", t_traffic),
    ("urban", "natural_person", t_urban),
    ("health_clinic", "organisation", t_health_clinic),
    ("environment", "organisation", t_environment),
    ("emergency", "natural_person", t_emergency),
    ("culture", "individual_business", t_culture),
    ("agriculture", "natural_person", t_agriculture),
    ("market_company", "organisation", t_market_company),
    ("housing_person", "natural_person", t_housing_person),
    ("health_infectious", "organisation", t_minor_health),
    ("old_id_on_spot", "natural_person", t_old_id_person),
    ("shop_witness", "individual_business", t_shop_witness),
)


# --------------------------------------------------------------------------------------
# Rendering: markup → plain text with spans, in a layout

_MARK = re.compile(r"⟨(\w+)\|([^⟩]*)⟩|⟪(\w+)\|([^⟫]*)⟫")
_FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _pieces(markup: str):
    pos = 0
    for m in _MARK.finditer(markup):
        if m.start() > pos:
            yield markup[pos:m.start()], None, None
        if m.group(1):
            yield m.group(2), KINDS[m.group(1)], None
        else:
            yield m.group(4), None, m.group(3)
        pos = m.end()
    if pos < len(markup):
        yield markup[pos:], None, None


def render(markup: str, layout: str, rng: random.Random):
    out: list[str] = []
    gold, looks = [], []
    column, width = 0, rng.randrange(26, 39)
    length = 0
    for piece, kind, label in _pieces(markup):
        if layout == "ocr" and rng.random() < 0.5:
            piece = piece.translate(_FW)
        start = length
        for ch in piece:
            chunk = ch
            if layout == "pdf":
                if ch == "\n":
                    column = 0
                else:
                    column += 1
                    if column >= width:
                        chunk = ch + "\n"
                        column = 0
            elif layout == "ocr" and ch != "\n" and rng.random() < 0.04:
                chunk = ch + " "
            out.append(chunk)
            length += len(chunk)
        end = length
        # a span never ends on the layout's own inserted whitespace
        if end > start and out[-1] != piece[-1:] and out[-1][-1:].isspace():
            end -= 1
        if kind:
            gold.append((start, end, kind))
        elif label:
            looks.append((start, end, label))
    return "".join(out), gold, looks


def build(rounds: int = 5, seed: int = 1912) -> list[Doc]:
    docs = []
    rng = random.Random(seed)
    for n in range(rounds):
        for name, party_kind, template in TEMPLATES:
            fill = Fill(random.Random(rng.randrange(10 ** 9)))
            markup, party, keep, address = template(fill)
            for layout in LAYOUTS:
                text, gold, looks = render(markup, layout, random.Random(zlib.crc32(f"{name}{n}{layout}".encode())))
                docs.append(Doc(name=f"{name}#{n}", layout=layout, text=text, party_name=party,
                                party_kind=party_kind,
                                keep_names=[*keep, *fill.officers], party_address=address,
                                gold=gold, lookalikes=looks))
    return docs
