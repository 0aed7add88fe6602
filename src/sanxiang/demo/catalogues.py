"""The demo county's published lists (R-PUB-01): fixed tables, no randomness.

The laws and articles are real; the county, its units and phone numbers are not. The
emergency-management, market-regulation, urban-management and ecology-environment bodies
get full lists (items, benchmarks, no-penalty lists, guides, random inspections, recording
items, supervision channels, review catalogue); every other body gets an item list, the
recording items and its supervision channels. Some lists get a second version so the portal
has history to show. Everything goes through ``sanxiang.catalog.actions``.
"""

from datetime import date, timedelta

from sanxiang.catalog import actions, queries
from sanxiang.demo.bodies import COUNTY_GOVERNMENT

SAFETY = "《中华人民共和国安全生产法》"
FOOD = "《中华人民共和国食品安全法》"
CITY = "《城市市容和环境卫生管理条例》"
AIR = "《中华人民共和国大气污染防治法》"
ENV = "《中华人民共和国环境保护法》"
PENALTY_LAW = "《中华人民共和国行政处罚法》"
COERCION_LAW = "《中华人民共和国行政强制法》"

# (category, code, name, legal basis, responsible unit, time limit in days)
ITEMS = {
    "emergency": [
        ("行政处罚", "YJ-CF-001", "对生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理"
                              "人员的行政处罚",
         f"{SAFETY}第九十七条第一项", "综合执法大队", 90),
        ("行政处罚", "YJ-CF-002", "对生产经营单位未如实记录安全生产教育和培训情况的行政处罚",
         f"{SAFETY}第九十七条第四项", "综合执法大队", 90),
        ("行政处罚", "YJ-CF-003", "对未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安"
                              "全警示标志的行政处罚",
         f"{SAFETY}第九十九条第一项", "综合执法大队", 90),
        ("行政处罚", "YJ-CF-004", "对未建立事故隐患排查治理制度的行政处罚",
         f"{SAFETY}第一百零一条第五项", "综合执法大队", 90),
        ("行政处罚", "YJ-CF-005", "对生产经营单位未采取措施消除事故隐患的行政处罚",
         f"{SAFETY}第一百零二条", "综合执法大队", 90),
        ("行政强制", "YJ-QZ-001", "对不符合保障安全生产的国家标准或者行业标准的设施、设备、器材予以"
                              "查封或者扣押",
         f"{SAFETY}第六十五条第一款第四项；{COERCION_LAW}第二十四条", "综合执法大队", 30),
        ("行政检查", "YJ-JC-001", "对生产经营单位执行安全生产法律法规和国家标准或者行业标准情况的监"
                              "督检查",
         f"{SAFETY}第六十五条", "综合执法大队", None),
    ],
    "market": [
        ("行政许可", "SC-XK-001", "食品经营许可", f"{FOOD}第三十五条第一款", "行政审批股", 10),
        ("行政处罚", "SC-CF-001", "对未取得食品生产经营许可从事食品生产经营活动的行政处罚",
         f"{FOOD}第一百二十二条第一款", "执法稽查大队", 90),
        ("行政处罚", "SC-CF-002", "对食品生产经营企业未按规定建立食品安全管理制度的行政处罚",
         f"{FOOD}第一百二十六条第一款第三项", "执法稽查大队", 90),
        ("行政处罚", "SC-CF-003", "对安排未取得健康证明的人员从事接触直接入口食品工作的行政处罚",
         f"{FOOD}第一百二十六条第一款第六项", "执法稽查大队", 90),
        ("行政检查", "SC-JC-001", "食品生产经营监督检查", f"{FOOD}第一百一十条", "食品安全监管股",
         None),
    ],
    "urban": [
        ("行政许可", "CG-XK-001", "设置大型户外广告审批", f"{CITY}第十一条", "市容管理股", 20),
        ("行政处罚", "CG-CF-001", "对在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣"
                              "传品的行政处罚",
         f"{CITY}第三十六条第二项", "综合执法大队", 90),
        ("行政处罚", "CG-CF-002", "对在临街建筑物的阳台和窗外堆放、吊挂有碍市容物品的行政处罚",
         f"{CITY}第三十六条第三项", "综合执法大队", 90),
        ("行政强制", "CG-QZ-001", "对逾期未改造或者拆除不符合城市容貌标准的建筑物或者设施的强制拆除"
                              "",
         f"{CITY}第三十七条；{COERCION_LAW}第四十四条", "综合执法大队", 30),
        ("行政检查", "CG-JC-001", "市容环境卫生监督检查"
                              "", f"{CITY}第三十六条", "综合执法大队", None),
    ],
    "environment": [
        ("行政处罚", "HJ-CF-001", "对未依法取得排污许可证排放大气污染物的行政处罚",
         f"{AIR}第九十九条第一项", "生态环境保护综合执法大队", 90),
        ("行政处罚", "HJ-CF-002", "对超过大气污染物排放标准排放大气污染物的行政处罚",
         f"{AIR}第九十九条第二项", "生态环境保护综合执法大队", 90),
        ("行政强制", "HJ-QZ-001", "对违法排放污染物造成或者可能造成严重污染的设施、设备予以查封、扣"
                              "押",
         f"{ENV}第二十五条", "生态环境保护综合执法大队", 30),
        ("行政检查", "HJ-JC-001", "对排放污染物的企业事业单位和其他生产经营者的现场检查",
         f"{ENV}第二十四条", "生态环境保护综合执法大队", None),
    ],
    "transport": [
        ("行政检查", "JT-JC-001", "道路运输经营监督检查", "《中华人民共和国道路运输条例》第五十九条"
                                            "",
         "运输管理股", None),
    ],
    "agriculture": [
        ("行政检查", "NY-JC-001", "农药经营监督检查", "《农药管理条例》第四十一条"
                                          "", "农业综合执法大队",
         None),
    ],
    "resources": [
        ("行政检查", "ZR-JC-001", "土地利用监督检查", "《中华人民共和国土地管理法》第六十八条",
         "执法监察大队", None),
    ],
    "health": [
        ("行政检查", "WJ-JC-001", "公共场所卫生监督检查", "《公共场所卫生管理条例》第十条",
         "卫生健康综合监督执法队", None),
    ],
    "culture": [
        ("行政检查", "WH-JC-001", "文化市场经营活动监督检查", "《娱乐场所管理条例》第三十四条",
         "文化市场综合执法队", None),
    ],
    "housing": [
        ("行政检查", "ZJ-JC-001", "建设工程质量安全监督检查", "《建设工程质量管理条例》第四十八条",
         "建设工程质量安全监督站", None),
    ],
    "water": [
        ("行政检查", "SL-JC-001", "河道管理范围内建设活动监督检查", "《中华人民共和国水法》第六十一"
                                                 "条",
         "水政监察大队", None),
    ],
    "labour": [
        ("行政检查", "RS-JC-001", "劳动保障监察", "《劳动保障监察条例》第十一条"
                                        "", "劳动保障监察大队",
         None),
    ],
    "town": [
        ("行政检查", "LL-JC-001", "乡镇安全生产监督检查", f"{SAFETY}第七十九条第二款",
         "综合行政执法队", None),
    ],
    "fire": [
        ("行政检查", "XF-JC-001", "消防监督检查", "《中华人民共和国消防法》第五十三条"
                                        "", "防火监督科",
         None),
    ],
    "justice": [
        ("行政检查", "SF-JC-001", "法律服务机构执业活动监督检查", "《中华人民共和国律师法》第五十二"
                                                "条",
         "律师公证工作股", None),
    ],
    "transport_team": [
        ("行政检查", "JD-JC-001", "道路运输车辆技术状况路面检查",
         "《中华人民共和国道路运输条例》第五十九条", "执法中队", None),
    ],
}

# Second versions: (body, code, changed fields, note) — the history the portal shows.
ITEM_CHANGES = {
    "emergency": ({"YJ-CF-002": {"unit": "安全生产执法大队"}},
                  [("行政处罚", "YJ-CF-006", "对生产经营单位未按照规定对从业人员进行安全生产教育和"
                                         "培训的行政处罚",
                    f"{SAFETY}第九十七条第三项", "安全生产执法大队", 90)],
                  "执法机构更名为安全生产执法大队；新增一项行政处罚事项"),
    "market": ({"SC-XK-001": {"time_limit": "受理之日起十个工作日内作出决定",
                              "time_limit_days": 10}}, [],
               "食品经营许可承诺时限调整"),
}

NO_SAFETY_UNIT = "未按照规定设置安全生产管理机构或者配备安全生产管理人员"
WARNING_SIGNS = "未在有较大危险因素的生产经营场所设置明显的安全警示标志"
WARNING_SIGN_FACTORS = ("初次/再次：初次=从轻，再次=从重；"
                        "整改情况：当场改正=从轻，限期内改正=一般，拒不改正=从重；"
                        "危险程度：一般场所=一般，涉及危险化学品=从重")

# (item code, violation, level, circumstances, penalty kinds, min, max, basis[, computable])
BENCHMARKS = {
    "emergency": [
        ("YJ-CF-001", NO_SAFETY_UNIT, "轻微", "首次被责令限期改正，在期限内全部改正",
         "罚款", 5000, 20000, f"{SAFETY}第九十七条第一项"),
        ("YJ-CF-001", NO_SAFETY_UNIT, "一般", "在期限内部分改正", "罚款", 20000, 60000,
         f"{SAFETY}第九十七条第一项"),
        ("YJ-CF-001", NO_SAFETY_UNIT, "较重", "涉及危险物品或者从业人员三十人以上", "罚款",
         60000, 100000, f"{SAFETY}第九十七条第一项"),
        ("YJ-CF-001", NO_SAFETY_UNIT, "严重", "逾期未改正", "罚款、责令停产停业", 100000,
         200000, f"{SAFETY}第九十七条第一项"),
        # Computable (R-AST-02): a range per level, the level from the factors.
        ("YJ-CF-003", WARNING_SIGNS, "从轻处罚", "首次被发现，危害后果轻微并及时改正", "罚款",
         5000, 20000, f"{SAFETY}第九十九条第一项",
         {"mode": "levels", "factors": WARNING_SIGN_FACTORS}),
        ("YJ-CF-003", WARNING_SIGNS, "一般", "从轻、从重情节相当", "罚款", 20000, 35000,
         f"{SAFETY}第九十九条第一项", {"mode": "levels"}),
        ("YJ-CF-003", WARNING_SIGNS, "从重处罚", "再次违法或者涉及危险化学品且拒不改正", "罚款",
         35000, 50000, f"{SAFETY}第九十九条第一项", {"mode": "levels"}),
        ("YJ-CF-005", "未采取措施消除事故隐患", "一般", "责令消除后按期消除的一般事故隐患",
         "罚款", 10000, 30000, f"{SAFETY}第一百零二条"),
        ("YJ-CF-005", "未采取措施消除事故隐患", "严重", "拒不执行，责令停产停业整顿",
         "罚款、责令停产停业", 30000, 50000, f"{SAFETY}第一百零二条"),
    ],
    "market": [
        ("SC-CF-001", "未取得食品经营许可从事食品经营活动", "一般",
         "违法经营的食品货值金额不足一万元", "没收违法所得、罚款", 50000, 100000,
         f"{FOOD}第一百二十二条第一款"),
        ("SC-CF-003", "安排未取得健康证明的人员从事接触直接入口食品的工作", "轻微",
         "首次发现并立即改正", "警告", None, None, f"{FOOD}第一百二十六条第一款第六项"),
        ("SC-CF-003", "安排未取得健康证明的人员从事接触直接入口食品的工作", "较重",
         "拒不改正", "罚款", 5000, 50000, f"{FOOD}第一百二十六条第一款第六项"),
        # Computable: the law sets 五千元以上五万元以下; the rulebook's defaults split it.
        ("SC-CF-003", "安排未取得健康证明的人员从事接触直接入口食品的工作", "一般",
         "按裁量因子确定从轻、一般、从重", "罚款", 5000, 50000,
         f"{FOOD}第一百二十六条第一款第六项",
         {"mode": "statutory", "factors": "初次/再次：初次=从轻，再次=从重；"
                                          "涉及人数：1至2人=从轻，3人以上=从重；"
                                          "整改情况：立即改正=从轻，拒不改正=从重"}),
    ],
    "urban": [
        ("CG-CF-001", "在城市建筑物、设施以及树木上涂写、刻画或者未经批准张贴宣传品", "轻微",
         "数量少、面积小，当场清除", "警告", None, None, f"{CITY}第三十六条第二项"),
        ("CG-CF-001", "在城市建筑物、设施以及树木上涂写、刻画或者未经批准张贴宣传品", "一般",
         "经责令拒不清除", "罚款", 50, 200, f"{CITY}第三十六条第二项"),
    ],
    "environment": [
        # Computable, 广东省生态环境 2022 style: Σ weight × score × the statutory maximum.
        ("HJ-CF-001", "未依法取得排污许可证排放大气污染物", "一般",
         "按裁量因子加权计算罚款数额", "罚款", 100000, 1000000, f"{AIR}第九十九条第一项",
         {"mode": "weighted", "factors": "危害后果（40%）：轻微=20，一般=50，严重=100；"
                                         "持续时间（30%）：一个月以内=20，一至三个月=50，"
                                         "三个月以上=100；主观过错（30%）：过失=30，故意=100"}),
    ],
}

# (list kind, item code, violation, conditions)
LENIENCY = {
    "emergency": [
        ("首违不罚", "YJ-CF-002", "未如实记录安全生产教育和培训情况",
         "首次违法，已开展培训但记录不全，危害后果轻微并在责令期限内改正"),
        ("首违不罚", "YJ-CF-003", "未设置明显的安全警示标志",
         "首次违法，危害后果轻微并当场改正"),
    ],
    "market": [
        ("首违不罚", "SC-CF-002", "未按规定建立食品安全管理制度", "首次违法，危害后果轻微并及时改正"
                                                ""),
        ("轻微不罚", "SC-CF-003", "从业人员健康证明过期未及时换领",
         "过期不超过三十日，未造成危害后果，已及时换领"),
    ],
    "urban": [
        ("轻微不罚", "CG-CF-002", "在临街建筑物阳台和窗外吊挂有碍市容的物品",
         "违法行为轻微并及时改正，没有造成危害后果"),
    ],
}
LENIENCY_BASIS = f"{PENALTY_LAW}第三十三条第一款"

# (item code, item name, materials, process, days text)
GUIDES = {
    "market": [("SC-XK-001", "食品经营许可", "食品经营许可申请书；营业执照复印件；与食品经营相适应"
                                       "的"
                "主要设备设施布局、操作流程等文件；食品安全管理制度",
                "申请—受理—审查（必要时现场核查）—决定—发证", "受理之日起十个工作日内")],
    "urban": [("CG-XK-001", "设置大型户外广告审批", "申请表；设置位置图和效果图；场地使用证明；"
               "结构安全证明", "申请—受理—现场踏勘—审查—决定", "受理之日起二十个工作日内")],
    "emergency": [("YJ-JC-001", "安全生产监督检查", "无需申请人提交材料",
                   "制定检查计划—出示执法证件—现场检查—制作检查记录—依法处理", "依检查计划")],
    "environment": [("HJ-JC-001", "排污单位现场检查", "无需申请人提交材料",
                     "出示执法证件—现场检查—采样监测—制作笔录—依法处理", "依检查计划")],
}

# (code, item, basis, objects, content, method, ratio %, frequency)
INSPECTIONS = {
    "emergency": [("YJ-SJ-001", "工贸企业安全生产情况检查", f"{SAFETY}第六十五条", "辖区内工贸企业",
                   "安全生产责任制、教育培训、隐患排查治理", "现场检查", 5, "每年不少于一次")],
    "market": [("SC-SJ-001", "食品经营者监督检查", f"{FOOD}第一百一十条", "辖区内食品经营者",
                "经营许可、进货查验、从业人员健康管理", "现场检查", 5, "每年一次"),
               ("SC-SJ-002", "食品生产者监督检查", f"{FOOD}第一百一十条", "辖区内食品生产企业",
                "生产条件、原料检验、出厂检验", "现场检查、抽样检验", 20, "每半年一次")],
    "urban": [("CG-SJ-001", "户外广告设施设置情况检查", f"{CITY}第十一条", "临街户外广告设施",
               "审批手续、设置位置、安全状况", "现场检查", 10, "每季度一次")],
    "environment": [("HJ-SJ-001", "排污单位排污许可执行情况检查", f"{AIR}第九十九条",
                     "持证排污单位", "许可排放浓度和排放量、自行监测", "现场检查、监测", 10,
                     "每年一次")],
}

# (procedure, step, level, acts) — R-REC-03's fixed list, the same for every body.
RECORDINGS = [
    ("penalty_general", "investigate", "需要音像记录", "现场检查、调查取证、抽样取证"),
    ("penalty_general", "hearing", "需要全程不间断音像记录", "听证会（听证室）"),
    ("penalty_general", "serve", "需要音像记录", "留置送达、公告送达"),
    ("penalty_simple", "decide_on_spot", "需要音像记录", "当场作出行政处罚决定"),
    ("inspection", "inspect", "需要音像记录", "现场检查"),
    ("coercion", "seize", "需要全程不间断音像记录", "查封场所、设施或者财物，扣押财物"),
    ("coercion", "enforce", "需要全程不间断音像记录", "强制拆除等直接强制执行"),
]

# (criterion, party kind, amount, penalty kind, flag, description) — R-REV-01.
REVIEW = [
    ("罚款数额达到标准", "自然人", 10000, "", "", "对公民处以一万元以上罚款"),
    ("罚款数额达到标准", "法人或其他组织", 100000, "", "", "对法人或者其他组织处以十万元以上罚款"),
    ("罚款数额达到标准", "个体工商户", 50000, "", "", "对个体工商户处以五万元以上罚款"),
    ("处罚种类", "", None, "吊销许可证件", "", "吊销许可证件"),
    ("处罚种类", "", None, "责令停产停业", "", "责令停产停业"),
    ("处罚种类", "", None, "责令关闭", "", "责令关闭"),
    ("处罚种类", "", None, "降低资质等级", "", "降低资质等级"),
    ("经过听证程序", "", None, "", "", "经过听证程序作出的行政执法决定"),
    ("情形", "", None, "", "涉及重大公共利益", "涉及重大公共利益的"),
    ("情形", "", None, "", "可能造成重大社会影响或引发社会风险", "可能造成重大社会影响或者引发社会"
                                              "风险的"),
    ("情形", "", None, "", "案件情况疑难复杂、涉及多个法律关系", "案件情况疑难复杂、涉及多个法律关"
                                              "系的"),
]
# The market bureau reviews every penalty under the general procedure (R-REV-01 option).
# R-CASE-17: the heads' collective discussion criteria (处罚法 57).
DISCUSSION = [
    {"criterion_kind": "flag", "flag": "complex", "description": "情节复杂的行政处罚案件"},
    {"criterion_kind": "flag", "flag": "serious", "description": "对重大违法行为给予行政处罚的"},
]
REVIEW_ALL_GENERAL = ("market",)
FULL_LISTS = ("emergency", "market", "urban", "environment")


def load(*, bodies: dict, today: date) -> None:
    """Publish every demo list. ``bodies`` maps the plan's body keys to saved bodies."""
    first = date(today.year - 1, 1, 1)
    second = max(first, today - timedelta(days=30))
    for key, body in bodies.items():
        items = _publish(body, "items", first, "首次公布"
                                               "", [_item(row) for row in ITEMS.get(key, [])])
        if key in ITEM_CHANGES and items is not None:
            _second_items(items, second, *ITEM_CHANGES[key])
        _publish(body, "recordings", first, "依据《国务院办公厅关于全面推行行政执法公示制度执法"
                 "全过程记录制度重大执法决定法制审核制度的指导意见》制定"
                 "", [_recording(r) for r in RECORDINGS])
        _publish(body, "supervision", first, "首次公布", _channels(body))
        if key not in FULL_LISTS:
            continue
        _publish(body, "benchmarks", first, "首次公布",
                 [_benchmark(row) for row in BENCHMARKS.get(key, [])])
        _publish(body, "leniency", first, "首次公布",
                 [_leniency(row) for row in LENIENCY.get(key, [])])
        _publish(body, "guides", first, "首次公布",
                 [_guide(body, row) for row in GUIDES.get(key, [])])
        _publish(body, "inspections", first, "首次公布",
                 [_inspection(row) for row in INSPECTIONS.get(key, [])])
        review = [_criterion(row) for row in REVIEW]
        if key in REVIEW_ALL_GENERAL:
            review.append({"criterion_kind": "all_general_procedure",
                           "description": "适用一般程序作出的行政处罚决定均进行法制审核"})
        _publish(body, "review", first, "依据本机关重大执法决定法制审核办法制定", review)
        _publish(body, "discussion", first, "依据《中华人民共和国行政处罚法》第五十七条制定",
                 DISCUSSION)


def _publish(body, kind, on, note, rows):
    if not rows:
        return None
    catalogue = actions.get_or_create_catalogue(body=body, kind=kind, acting_user=None)
    actions.publish_version(catalogue=catalogue, acting_user=None, effective_from=on, note=note,
                            add=rows)
    return catalogue


def _second_items(catalogue, on, changes, additions, note):
    current = {e.code: e for e in queries.entries_of(queries.latest_version(catalogue))}
    actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=on, note=note,
        change={current[code].pk: fields for code, fields in changes.items()},
        add=[_item(row) for row in additions],
    )


def _item(row):
    category, code, name, basis, unit, days = row
    return {"category": category, "code": code, "name": name, "legal_bases": basis,
            "unit": unit, "time_limit": f"{days}日内" if days else "",
            "time_limit_days": days}


def _benchmark(row):
    code, violation, level, circumstances, kinds, low, high, basis, *computable = row
    return {"item_code": code, "violation": violation, "level": level,
            "circumstances": circumstances, "penalty_kinds": kinds, "fine_min": low,
            "fine_max": high, "legal_bases": basis, **(computable[0] if computable else {})}


def _leniency(row):
    kind, code, violation, conditions = row
    return {"list_kind": kind, "item_code": code, "violation": violation,
            "conditions": conditions, "legal_bases": LENIENCY_BASIS}


def _guide(body, row):
    code, name, materials, process, limit = row
    return {"item_code": code, "item_name": name, "legal_bases": _basis_of(code),
            "unit": body.short_name or body.name, "materials": materials, "process": process,
            "time_limit": limit, "supervision": f"{COUNTY_GOVERNMENT}、滹阳县司法局",
            "remedies": "对决定不服的，可以依法申请行政复议或者提起行政诉讼",
            "hours": "工作日 上午8:30—12:00，下午14:30—17:30", "address": body.address,
            "phone": body.complaint_phone}


def _basis_of(code):
    for group in ITEMS.values():
        for row in group:
            if row[1] == code:
                return row[3]
    return ""


def _inspection(row):
    code, subject, basis, objects, content, method, ratio, frequency = row
    return {"code": code, "subject": subject, "legal_bases": basis, "inspected": objects,
            "content": content, "method": method, "ratio": ratio, "frequency": frequency}


def _recording(row):
    procedure, step, level, acts = row
    return {"procedure": procedure, "step": step, "level": level, "description": acts}


def _channels(body):
    return [
        {"channel_kind": "投诉举报", "name": f"{body.short_name or body.name}投诉举报电话",
         "authority": body.name, "phone": body.complaint_phone, "address": body.address},
        {"channel_kind": "投诉举报", "name": "12345政务服务便民热线",
         "authority": COUNTY_GOVERNMENT, "phone": "12345"},
        {"channel_kind": "行政复议", "name": "申请行政复议", "authority": COUNTY_GOVERNMENT,
         "address": "滹阳县人民政府行政复议办公室",
         "time_limit": "自知道或者应当知道行政行为之日起六十日内"},
        {"channel_kind": "行政诉讼", "name": "提起行政诉讼", "authority": "有管辖权的人民法院",
         "time_limit": "自知道或者应当知道作出行政行为之日起六个月内"},
        {"channel_kind": "监督", "name": "行政执法监督", "authority": "滹阳县司法局",
         "phone": "0311-8123148"},
    ]


def _criterion(row):
    kind, party, amount, penalty, flag, description = row
    return {"criterion_kind": kind, "party_kind": party, "amount": amount,
            "penalty_kind": penalty, "flag": flag, "description": description}
