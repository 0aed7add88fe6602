# ruff: noqa: E501  (decision texts read better unbroken)
"""The held-out part of the evaluation set (issue 12): ten decisions in further styles,
written after the masker's rules were settled on ``decisions.py`` and measured once
before any change. Same markup, pools and layouts as ``decisions.py``.
"""

from __future__ import annotations

import random
import zlib

from .decisions import LAYOUTS, Doc, Fill, amount, day, docno, g, k, law, render


def h_price(f: Fill):
    r = f.rng
    text = (f"{k('org', '保定市竞秀区市场监督管理局')}\n行政处罚决定书\n{docno(r, '竞市监价罚')}\n"
            f"当事人：{f.company}\n统一社会信用代码：{k('credit', f.credit_code())}\n"
            f"法定代表人：{f.party}\n"
            f"本局于{day(r)}收到{g('nm', f.w1)}女士的投诉（投诉人身份证号{g('id', f.idn('female'))}"
            f"，联系电话{g('ph', f.mobile())}），反映当事人在结算时多收费用。经查，据店长"
            f"{g('nm', f.w2)}介绍，收银系统价格未及时更新。{g('nm', f.w1)}女士因"
            f"患有{g('he', '严重的类风湿性关节炎')}，需长期购买该药品。\n"
            f"上述行为违反了{k('law', '《明码标价和禁止价格欺诈规定》第十九条')}，依据"
            f"{k('law', '《价格违法行为行政处罚规定》第七条')}，罚款{amount(r)}。")
    return text, f.company, [f.party], ""


def h_transport(f: Fill):
    r = f.rng
    idv = f.idn()
    text = (f"{k('org', '沧州市交通运输局')}\n{docno(r, '沧交执罚')}\n"
            f"当事人{f.party}，从业资格证号{g('id', idv)}，住所{g('ad', f.home)}，"
            f"道路运输证号{k('licence', '130902' + str(r.randrange(10 ** 5, 10 ** 6)))}。\n"
            f"经查，当事人驾驶冀J{r.randrange(10000, 99999)}号重型货车从事道路货物运输，"
            f"随车人员{g('nm', f.w1)}、{g('nm', f.w2)}均无从业资格。执法人员"
            f"{k('officer', f.officers[0])}、{k('officer', f.officers[1])}（证号分别为"
            f"{k('cert', f.cert())}、{k('cert', f.cert())}）现场检查时，{g('nm', f.w2)}"
            f"自称因{g('he', '腰椎间盘突出')}无法长时间驾驶。\n"
            f"依据{k('law', '《中华人民共和国道路运输条例》第六十三条')}，决定罚款{amount(r)}。\n"
            f"当事人如不服，可在收到本决定书之日起六十日内申请行政复议。")
    return text, f.party, [], f.home


def h_beauty(f: Fill):
    r = f.rng
    text = (f"{k('org', '邯郸市卫生健康委员会')}行政处罚决定书\n{docno(r, '邯卫医罚')}\n"
            f"被处罚人：{f.shop}，经营者{f.party}\n"
            f"经查，被处罚人在未取得医疗机构执业许可证的情况下开展医疗美容活动。"
            f"求美者{g('nm', f.w1)}（{k('amount', '35岁')}）于{day(r)}在该店注射玻尿酸后"
            f"{g('he', '左眼视力明显下降')}，经{k('org', '邯郸市第一医院')}诊断为"
            f"{g('he', '视网膜动脉栓塞')}。{g('nm', f.w1)}的丈夫{g('nm', f.w3)}于次日报警。"
            f"操作人员{g('nm', f.w2)}无医师资格证书。\n"
            f"以上事实有{g('nm', f.w1)}的病历资料、询问笔录等证据为证。依据"
            f"{law(5)}及{k('law', '《医疗美容服务管理办法》第二十八条')}，没收违法所得"
            f"{amount(r)}，罚款{amount(r)}。")
    return text, f.shop, [f.party], ""


def h_noise(f: Fill):
    r = f.rng
    text = (f"{k('org', '廊坊市生态环境局广阳分局')}\n{docno(r, '廊广环罚')}\n"
            f"{f.company}：\n你单位夜间施工产生噪声扰民。附近住户{g('nm', f.w1)}多次投诉，称"
            f"其家住{g('ad', f.home)}，{g('nm', f.w1)}的父亲{g('he', '心脏装有起搏器')}，"
            f"夜间施工导致其无法休息。住户{g('nm', f.w2)}提供了噪声录音。经监测，"
            f"夜间噪声值为{k('amount', '68.5分贝')}，超过{k('std', 'GB 12523-2011')}规定限值。\n"
            f"依据{k('law', '《中华人民共和国噪声污染防治法》第八十六条')}，罚款{amount(r)}。\n"
            f"你单位应于收到本决定书之日起十五日内将罚款缴至{k('org', '廊坊市非税收入汇缴专户')}"
            f"（账号：{k('acct_public', '1305 0160 0100 0000 0789')}）。")
    return text, f.company, [f.party], ""


def h_fireworks(f: Fill):
    r = f.rng
    text = (f"{k('org', '唐山市路南区应急管理局')}\n行政处罚决定书\n{docno(r, '路南应急罚')}\n"
            f"当事人：{f.party}，公民身份号码{g('id', f.idn())}，"
            f"户籍地址{g('ad', f.home)}，联系电话{g('ph', '0315-' + str(r.randrange(2000000, 2999999)))}。\n"
            f"经查，当事人未经许可在其租住的{g('ad', f.home2)}储存烟花爆竹"
            f"{k('amount', '120箱')}。其儿媳{g('nm', f.w1)}承认帮助搬运，邻居{g('nm', f.w2)}"
            f"证实存放已有{k('amount', '半个月')}。当事人称其患有{g('he', '帕金森病')}，"
            f"行动不便，货物由{g('nm', f.w1)}代为管理。\n"
            f"依据{k('law', '《烟花爆竹安全管理条例》第三十六条')}，没收非法储存的烟花爆竹，"
            f"罚款{amount(r)}。")
    return text, f.party, [], f.home


def h_travel(f: Fill):
    r = f.rng
    text = (f"{k('org', '石家庄市文化广电和旅游局')}\n{docno(r, '石文旅罚')}\n"
            f"当事人：{f.company}（旅行社业务经营许可证编号"
            f"{k('licence', 'L-HEB-' + str(r.randrange(10000, 99999)))}）\n"
            f"经查，当事人组织的“太行山三日游”团队中，游客{g('nm', f.w1)}于行程第二天"
            f"突发{g('he', '心脏病')}，导游{g('nm', f.w2)}（导游证号"
            f"{k('licence', 'D-1301-' + str(r.randrange(100000, 999999)))}）未及时报告。"
            f"同团游客{g('nm', f.w3)}拨打了120。当事人未按合同约定配备领队。\n"
            f"违反了{k('law', '《旅行社条例》第三十六条')}，依据该条例第五十六条，罚款{amount(r)}。")
    return text, f.company, [f.party], ""


def h_pesticide(f: Fill):
    r = f.rng
    card = f.card()
    text = (f"{k('org', '青县农业农村局')}\n行政处罚决定书\n{docno(r, '青农（药）罚')}\n"
            f"当事人：{f.shop}，经营者：{f.party}，经营场所：青县清州镇{r.randrange(1, 99)}号\n"
            f"经查，当事人销售的“百草枯”属禁用农药。农户{g('nm', f.w1)}反映其从当事人处购买后"
            f"用于除草，其孙子{g('nm', f.w2)}误服后{g('he', '中毒')}住院"
            f"。经{k('org', '青县农产品质量检测站')}检测，样品编号"
            f"{k('licence', '130922' + str(r.randrange(10 ** 8, 10 ** 9)))}。"
            f"{g('nm', f.w1)}居住于{g('ad', f.home)}。货款{k('amount', '360元')}由{g('nm', f.w1)}"
            f"通过银行卡{g('ba', card)}转至当事人。\n"
            f"依据{k('law', '《农药管理条例》第五十五条第一款第（二）项')}，没收违法所得"
            f"{amount(r)}，罚款{amount(r)}。")
    return text, f.shop, [f.party], ""


def h_building(f: Fill):
    r = f.rng
    text = (f"{k('org', '献县城市管理综合行政执法局')}\n{docno(r, '献城执罚')}\n"
            f"当事人：{f.party}，男，{k('date', '1969年8月12日')}出生，汉族，农民，"
            f"住{g('ad', f.home)}，身份证号：{g('id', f.idn())}。\n"
            f"经查，当事人未取得建设工程规划许可证，在{g('ad', f.home)}院内违法建设二层砖混结构"
            f"房屋{k('amount', '186.4平方米')}。房屋由当事人与其弟弟{g('nm', f.w1)}共同出资，"
            f"施工人{g('nm', f.w2)}承建。当事人之妻{g('nm', f.w3)}系{g('he', '智力残疾三级')}，"
            f"无法独立生活。\n依据{k('law', '《中华人民共和国城乡规划法》第六十四条')}，"
            f"责令限期拆除，并处罚款{amount(r)}。")
    return text, f.party, [], f.home


def h_property(f: Fill):
    r = f.rng
    acc = f.corporate_account()
    text = (f"{k('org', '衡水市住房和城乡建设局')}\n行政处罚决定书\n{docno(r, '衡住建罚')}\n"
            f"当事人：{f.company}，法定代表人：{f.party}\n"
            f"经查，当事人擅自挪用专项维修资金。业主{g('nm', f.w1)}（房号{k('place', '3-1-502')}"
            f"）、{g('nm', f.w2)}等二十余人联名举报。业主委员会主任{g('nm', f.w3)}提供了"
            f"当事人工作人员{g('nm', f.w4)}的个人银行账户流水，资金经"
            f"{f.bank}（户名：{g('nm', f.w4)}，账号：{g('ba', acc)}）转出。\n"
            f"依据{k('law', '《物业管理条例》第六十条')}，追回挪用的专项维修资金，"
            f"给予警告，并处挪用数额二倍的罚款，计{amount(r)}。")
    return text, f.company, [f.party], ""


def h_onspot(f: Fill):
    r = f.rng
    mob = f.mobile()
    text = (f"{k('org', '运河区市场监督管理局')}当场行政处罚决定书\n"
            f"当事人姓名：{f.party}　证件号码：{g('id', f.idn(x=True))}\n"
            f"家庭住址：{g('ad', f.home)}　联系方式：{g('ph', '+86 ' + mob)}\n"
            f"违法事实及证据：当事人在运河区菜市场销售过期食品。购买者{g('nm', f.w1)}当场指认。\n"
            f"处罚依据及内容：{law(0)}，罚款{k('amount', '200元')}。\n"
            f"执法人员：{k('officer', f.officers[0])} {k('cert', f.cert())}　"
            f"{k('officer', f.officers[1])} {k('cert', f.cert())}\n"
            f"注册号{k('licence', '130903600' + str(r.randrange(100000, 999999)))}")
    return text, f.party, [], f.home


HOLDOUT = (
    ("price", "organisation", h_price),
    ("transport", "natural_person", h_transport),
    ("beauty", "individual_business", h_beauty),
    ("noise", "organisation", h_noise),
    ("fireworks", "natural_person", h_fireworks),
    ("travel", "organisation", h_travel),
    ("pesticide", "individual_business", h_pesticide),
    ("building", "natural_person", h_building),
    ("property", "organisation", h_property),
    ("onspot", "natural_person", h_onspot),
)


def build_holdout(rounds: int = 5, seed: int = 2612) -> list[Doc]:
    docs = []
    rng = random.Random(seed)
    for n in range(rounds):
        for name, party_kind, template in HOLDOUT:
            fill = Fill(random.Random(rng.randrange(10 ** 9)))
            markup, party, keep, address = template(fill)
            for layout in LAYOUTS:
                layout_rng = random.Random(zlib.crc32(f"h{name}{n}{layout}".encode()))
                text, gold, looks = render(markup, layout, layout_rng)
                docs.append(Doc(name=f"{name}#{n}", layout=layout, text=text, party_name=party,
                                party_kind=party_kind, keep_names=[*keep, *fill.officers],
                                party_address=address, gold=gold, lookalikes=looks))
    return docs
