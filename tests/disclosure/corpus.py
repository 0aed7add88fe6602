"""A deterministic corpus of Chinese decision texts with planted personal data (R-PUB-05).

``generate(n=240, seed=20260305)`` returns ``Sample``s: the text, the spans that must be
hidden (``planted``: start, end, kind — kinds as in ``sanxiang.disclosure.masking``) and the
look-alikes that must stay (``lookalikes``: start, end, label): credit codes, article and
document numbers, amounts, dates, 执法证号, postal codes, registration numbers.
Identity numbers are valid (``make_resident_id``), card numbers pass Luhn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sanxiang.core.identifiers import make_credit_code, make_resident_id

REGIONS = ("130139", "130102", "130104", "110105", "310104", "440305", "510107", "420106",
           "370202", "130625", "130181", "320583")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
GIVEN = ("建国", "志强", "秀英", "丽", "伟", "明辉", "海燕", "国庆", "桂兰", "建军", "春梅",
         "晓东", "玉珍", "红", "俊杰", "雪", "立新", "文华", "振华", "淑芬", "永", "子涵")
COMPANIES = ("滹阳县宏达化工有限公司", "石家庄市恒通物流有限公司", "河北盛源食品有限公司",
             "滹阳县兴旺饭店", "长安区福满楼餐饮店", "河北华北特种设备检测有限公司",
             "石家庄市新华区老李家超市", "滹阳县永盛建材经营部")
STREETS = ("柳林镇东街", "滹阳镇建设路", "长安区建设北大街", "桥西区裕华路", "北宋镇南关村",
           "东王庄镇前进路", "新华区和平西路", "西坡乡白石口村")
DISEASES = ("糖尿病", "高血压", "冠心病", "乙肝", "抑郁症", "慢性肾炎", "肺结核")
INJURIES = ("左腿骨折", "轻度脑震荡", "腰椎间盘突出", "二级伤残", "右手烫伤")
CUES = ("证人", "邻居", "员工", "职工", "委托代理人", "其妻", "之子", "联系人", "驾驶员",
        "现场人员")
LAWS = ("《中华人民共和国安全生产法》", "《中华人民共和国食品安全法》", "《特种设备安全法》",
        "《消防法》", "《危险化学品安全管理条例》")
NUMERALS = "一二三四五六七八九十"
BANKS = ("中国农业银行滹阳支行", "中国工商银行石家庄长安支行", "河北银行裕华支行")


@dataclass
class Sample:
    text: str = ""
    planted: list[tuple[int, int, str]] = field(default_factory=list)
    lookalikes: list[tuple[int, int, str]] = field(default_factory=list)

    def add(self, text: str, kind: str | None = None, lookalike: str | None = None):
        start = len(self.text)
        self.text += text
        if kind:
            self.planted.append((start, len(self.text), kind))
        if lookalike:
            self.lookalikes.append((start, len(self.text), lookalike))
        return self


def luhn_complete(partial: str) -> str:
    total = 0
    for index, char in enumerate(reversed(partial)):
        n = int(char)
        if index % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return partial + str((10 - total % 10) % 10)


class Planter:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()

    def name(self) -> str:
        for _attempt in range(50):
            value = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if value not in self.used_names:
                self.used_names.add(value)
                return value
        return value

    def resident_id(self) -> str:
        birth = date(1950, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 55))
        value = make_resident_id(region=self.rng.choice(REGIONS), birth=birth,
                                 seq=self.rng.randrange(500),
                                 sex=self.rng.choice(("male", "female")))
        return value if self.rng.random() > 0.1 else value.lower()

    def old_id(self) -> str:
        birth = date(1940, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 50))
        return f"{self.rng.choice(REGIONS)}{birth:%y%m%d}{self.rng.randrange(1000):03d}"

    def mobile(self) -> str:
        digits = f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"
        style = self.rng.randrange(4)
        if style == 1:
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        if style == 2:
            return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
        if style == 3:
            return f"+86 {digits}"
        return digits

    def landline(self) -> str:
        area = self.rng.choice(("0311", "010", "021", "0312", "0755"))
        local = f"{self.rng.randrange(2, 9)}{self.rng.randrange(10**6, 10**7)}"[:8]
        return self.rng.choice((f"{area}-{local}", f"（{area}）{local}", f"({area}){local}"))

    def card(self) -> str:
        length = self.rng.choice((16, 19))
        partial = "622202" + "".join(str(self.rng.randrange(10)) for _ in range(length - 7))
        value = luhn_complete(partial)
        if self.rng.random() < 0.4:
            return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
        return value

    def account(self) -> str:
        length = self.rng.randrange(12, 21)
        value = "".join(str(self.rng.randrange(10)) for _ in range(length))
        return "5" + value[1:] if self.rng.random() < 0.5 else value

    def address(self) -> str:
        rng = self.rng
        return (f"河北省石家庄市{rng.choice(STREETS)}{rng.randrange(1, 300)}号"
                f"{rng.randrange(1, 9)}单元{rng.randrange(1, 30)}0{rng.randrange(1, 5)}室")

    def credit_code(self) -> str:
        return make_credit_code(prefix=self.rng.choice(("91", "92", "12", "52")),
                                region=self.rng.choice(REGIONS),
                                seed=self.rng.randrange(10**8))

    def article(self) -> str:
        if self.rng.random() < 0.5:
            tens = self.rng.randrange(1, 10)
            return f"第{NUMERALS[tens - 1]}十{NUMERALS[self.rng.randrange(9)]}条"
        return f"第{self.rng.randrange(1, 200)}条"


def _sample(p: Planter, index: int) -> Sample:
    rng = p.rng
    s = Sample()
    year = rng.choice((2025, 2026))
    s.add("石家庄市长安区应急管理局行政处罚决定书\n")
    s.add(f"冀应急罚〔{year}〕{rng.randrange(1, 400)}号", lookalike="document_number")
    s.add("\n")
    person = index % 2 == 0
    party = p.name() if person else rng.choice(COMPANIES)
    if person:
        s.add(f"当事人：{party}，性别{rng.choice('男女')}，身份证号码：")
        s.add(p.resident_id(), "id_number")
        s.add("，住址：")
        s.add(p.address(), "address")
        s.add("，联系电话：")
        s.add(p.mobile(), "phone")
        s.add("。\n")
    else:
        s.add(f"当事人：{party}\n统一社会信用代码：")
        s.add(p.credit_code(), lookalike="credit_code")
        s.add(f"\n法定代表人：{p.name()}\n住所：滹阳县工业园区纬三路{rng.randrange(1, 99)}号\n")
        s.add("邮政编码：")
        s.add(f"0{rng.randrange(50000, 79999)}", lookalike="postal_code")
        s.add("\n")
    s.add(f"违法事实：经查，当事人于{year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日")
    s.add("在生产经营活动中未按规定对重大危险源进行安全评估。")
    pieces = list(range(12))
    rng.shuffle(pieces)
    for piece in pieces[:rng.randrange(5, 10)]:
        _piece(p, s, piece, year)
    law = rng.choice(LAWS)
    s.add(f"\n依据：上述行为违反了{law}")
    s.add(p.article(), lookalike="article")
    s.add("的规定，依据")
    s.add(p.article(), lookalike="article")
    s.add(f"第（{NUMERALS[rng.randrange(5)]}）项，决定给予罚款人民币")
    s.add(f"{rng.randrange(1, 200) * 500:,}.00元", lookalike="amount")
    s.add("的行政处罚。\n执法人员：张伟（执法证号：")
    s.add(f"130102010{rng.randrange(10, 99)}", lookalike="certificate")
    s.add("）、刘洋（执法证号：")
    s.add(f"13{rng.randrange(10**8, 10**9)}", lookalike="certificate")
    s.add(f"）\n作出决定日期：{year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日\n")
    return s


def _piece(p: Planter, s: Sample, piece: int, year: int) -> None:
    rng = p.rng
    if piece == 0:
        cue = rng.choice(CUES)
        s.add(f"{cue}")
        s.add(p.name(), "person_name")
        s.add(rng.choice(("称", "证实", "在场，", "陈述，")) + "当事人未组织安全评估。")
    elif piece == 1:
        s.add("证人")
        s.add(p.name(), "person_name")
        s.add("（身份证号")
        s.add(p.resident_id(), "id_number")
        s.add("）证实了上述事实。")
    elif piece == 2:
        s.add(f"{rng.choice(('员工', '职工'))}")
        s.add(p.name(), "person_name")
        s.add("、")
        s.add(p.name(), "person_name")
        s.add("和")
        s.add(p.name(), "person_name")
        s.add("在现场作业。")
    elif piece == 3:
        s.add(f"{rng.choice(('联系人', '委托代理人'))}")
        s.add(p.name(), "person_name")
        s.add("，手机")
        s.add(p.mobile(), "phone")
        s.add("，办公电话")
        s.add(p.landline(), "phone")
        s.add("。")
    elif piece == 4:
        s.add("邻居")
        s.add(p.name(), "person_name")
        s.add("家住")
        s.add(p.address(), "address")
        s.add("，反映当事人夜间违规作业。")
    elif piece == 5:
        s.add("其妻")
        s.add(p.name(), "person_name")
        s.add("因")
        s.add("患有")
        s.add(rng.choice(DISEASES), "health")
        s.add("，长期在家休养。")
    elif piece == 6:
        s.add("受伤工人经医院")
        s.add("诊断为")
        s.add(rng.choice(INJURIES), "health")
        s.add("。")
    elif piece == 7:
        s.add("当事人以银行卡（卡号")
        s.add(p.card(), "bank_account")
        s.add("）支付了部分货款。")
    elif piece == 8:
        s.add(f"当事人在{rng.choice(BANKS)}开立的账户，账号：")
        s.add(p.account(), "bank_account")
        s.add("，用于收取违法所得。")
    elif piece == 9:
        s.add("当事人之父所持旧版身份证号码为")
        s.add(p.old_id(), "id_number")
        s.add("。")
    elif piece == 10:
        s.add("现场查获的产品批号")
        s.add(f"{year}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}", lookalike="batch")
        s.add("，涉案货值金额")
        s.add(f"{rng.randrange(1000, 99999)}元", lookalike="amount")
        s.add("，原营业执照注册号：")
        s.add(f"130139{rng.randrange(10**8, 10**9)}", lookalike="registration_number")
        s.add("。")
    else:
        s.add("检查日期")
        s.add(f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
              lookalike="date")
        s.add("，供货单位")
        s.add(rng.choice(COMPANIES))
        s.add("（统一社会信用代码")
        s.add(p.credit_code(), lookalike="credit_code")
        s.add("）。")


def generate(n: int = 240, seed: int = 20260305) -> list[Sample]:
    planter = Planter(random.Random(seed))
    return [_sample(planter, index) for index in range(n)]


def party_of(sample: Sample) -> tuple[str, str]:
    """(party name, party kind) as the masking call needs them."""
    line = sample.text.split("\n")[2]
    name = line.removeprefix("当事人：").split("，")[0]
    return name, "natural_person" if "，" in line else "organisation"
