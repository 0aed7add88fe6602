"""The demo county's enforcement cases: every procedure, every state, through the actions.

``load(bodies=…, officers=…, today=…, seed=…)`` opens a hundred or more cases spread over
the county's bodies and the last thirteen months and takes each as far as its scenario says:
just opened, investigating, waiting for the statement, at the decision, waiting for or
blocked by the legal review, served, executed, closed, archived; not penalised, transferred,
cancelled; with hearings, recusals, excluded periods and an approved extension; overdue
decisions and services; recordings uploaded late; on-the-spot penalties, inspections,
seizures and enforcement, licences. Every write goes through the same actions an officer's
click would (documents rendered as PDF, recordings stored, ledger events appended), so a
case that could not lawfully reach its state is never there: overdue cases are simply left
open past their deadline. Legal reviews go through ``sanxiang.review.actions``; a body
other than the demo's own gets an account for its first qualified legal reviewer
(``reviewer_<body key>``, the demo password) when its first review needs one.

Each case is planned from its own ``random.Random`` (seeded with the county's seed and the
case's index) as a list of dated acts; the acts of all cases are then carried out in date
order, so case and document numbers run in the order of their dates, exactly as if the
county had worked through the year. The same seed, ``today`` and count always give the same
cases and numbers.

Recordings are short generated WAV tones (a few KB, a different length for every recording
so that every digest differs) with the full R-REC-04 metadata, except one: the first
现场检查 recording of a case the demo officer is on is ``data/inquiry-zh.opus``, an 询问 in
Mandarin speech (R-AST-05; provenance in ``data/README.md``). With the speech recognition
extra installed its transcription is queued, and ``sanxiang worker`` writes the transcript.

The number of cases is ``count``, else the environment variable ``SANXIANG_DEMO_CASES``,
else ``DEFAULT_COUNT``. Documents are rendered as PDF (about a fifth of a second each with
the pre-subset CJK fonts of ADR 0024, four or five per case on average), most of the load. The
first ``len(SCENARIOS)`` cases are one of each scenario; a count at least that large shows
every state.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import random
import re
import wave
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from sanxiang.assist import engines
from sanxiang.assist.actions import request_transcript
from sanxiang.calendar import workdays
from sanxiang.cases import actions
from sanxiang.cases.document_actions import issue_document
from sanxiang.cases.document_specs import APPROVAL_FORMS, PARTY_SIGNED
from sanxiang.cases.guards import HEARING_KINDS, recording_level
from sanxiang.cases.models import Case, Document, Recusal
from sanxiang.cases.permissions import HEAD_STEPS, REVIEW_STEPS
from sanxiang.cases.workflows import PROCEDURES, Recording
from sanxiang.catalog.review import CaseFacts, review_required
from sanxiang.core import rulebook
from sanxiang.core.errors import RuleViolation
from sanxiang.core.identifiers import make_credit_code, make_resident_id
from sanxiang.demo import discretion
from sanxiang.demo.bodies import COUNTY, REGION_CODE, TOWNS
from sanxiang.demo.catalogues import _basis_of
from sanxiang.demo.names import NameMaker
from sanxiang.demo.plan import DEMO_PASSWORD
from sanxiang.discretion import actions as discretion_actions
from sanxiang.org import actions as org_actions
from sanxiang.org.models import Officer, User
from sanxiang.org.qualification import check_qualifications
from sanxiang.org.roles import Role
from sanxiang.records.actions import (
    decide_recording_exception,
    request_recording_exception,
    store_evidence_file,
)
from sanxiang.review import actions as review_actions
from sanxiang.review.models import Discussion
from sanxiang.review.rules import REVIEW_ITEMS, required_materials

ENV_COUNT = "SANXIANG_DEMO_CASES"
# Issue 11: at least 300 cases. One process per core (ADR 0030); on the shared 2-core machine
# of 2026-12-06, 300 cases loaded in 7 min 15 s wall (load 2-5), 120 in about 2 min.
DEFAULT_COUNT = 300
HISTORY_DAYS = 420  # about fourteen months
RECORDINGS_PER_CASE = 64  # more than any scenario makes: the recordings' lengths stay apart
# The demo accounts act on the cases of the body they belong to.
ACCOUNT_BODY = "emergency"

# ---------------------------------------------------------------------------------------
# Scenarios: (code, procedure). The first pass gives every scenario one case; the rest
# are drawn with these weights.

SCENARIOS: tuple[tuple[str, str, int], ...] = (
    ("opened", "penalty_general", 4),
    ("investigating", "penalty_general", 8),
    ("recusal_pending", "penalty_general", 1),
    ("statement", "penalty_general", 5),
    ("at_decision", "penalty_general", 5),
    ("review_pending", "penalty_general", 2),
    ("review_assigned", "penalty_general", 2),
    ("review_gate", "penalty_general", 1),
    ("review_returned", "penalty_general", 1),
    ("review_overdue", "penalty_general", 1),
    ("review_extended", "penalty_general", 1),
    ("served", "penalty_general", 8),
    ("executed", "penalty_general", 5),
    ("closed", "penalty_general", 5),
    ("archived", "penalty_general", 34),
    ("no_penalty", "penalty_general", 5),
    ("transfer", "penalty_general", 2),
    ("cancel", "penalty_general", 2),
    ("hearing_offered", "penalty_general", 1),
    ("hearing_requested", "penalty_general", 1),
    ("hearing_held", "penalty_general", 2),
    ("recusal_granted", "penalty_general", 1),
    ("excluded_period", "penalty_general", 1),
    ("extension", "penalty_general", 1),
    ("overdue_decision", "penalty_general", 3),
    ("overdue_service", "penalty_general", 2),
    ("recording_exception", "penalty_general", 1),
    ("simple_filed", "penalty_simple", 12),
    ("simple_paying", "penalty_simple", 2),
    ("inspection_clear", "inspection", 10),
    ("inspection_corrected", "inspection", 4),
    ("inspection_to_case", "inspection", 2),
    ("inspection_correcting", "inspection", 2),
    ("seizure_released", "coercion", 2),
    ("seizure_extended", "coercion", 1),
    ("seizure_running", "coercion", 1),
    ("enforcement", "coercion", 1),
    ("licence_granted", "licence", 4),
    ("licence_refused", "licence", 1),
    ("licence_supplement", "licence", 1),
    ("licence_examining", "licence", 1),
)
PROCEDURE_OF = {code: procedure for code, procedure, _w in SCENARIOS}

# Bodies for each procedure, with weights. The first body is the one the first pass uses.
PENALTY_BODIES = (("emergency", 24), ("market", 18), ("environment", 9), ("urban", 12),
                  ("transport_team", 6), ("agriculture", 5), ("resources", 4), ("health", 4),
                  ("culture", 3), ("housing", 3), ("water", 3), ("labour", 3), ("town", 4),
                  ("fire", 3))
# Scenarios the first pass puts elsewhere than the first body.
FIRST_PASS_BODY = {"review_pending": "market", "hearing_requested": "environment",
                   "simple_filed": "urban", "simple_paying": "transport_team",
                   "enforcement": "urban", "licence_granted": "market",
                   "licence_refused": "urban", "licence_supplement": "market",
                   "licence_examining": "market", "inspection_to_case": "market"}
SIMPLE_BODIES = (("urban", 5), ("transport_team", 4), ("town", 2), ("market", 2),
                 ("health", 1))
INSPECTION_BODIES = (("emergency", 6), ("market", 5), ("environment", 3), ("fire", 3),
                     ("health", 2), ("housing", 2), ("culture", 1), ("agriculture", 2),
                     ("labour", 1), ("transport_team", 2), ("water", 1), ("resources", 1),
                     ("justice", 1), ("town", 2))
COERCION_BODIES = {"seizure": (("emergency", 3), ("environment", 2), ("market", 2)),
                   "enforcement": (("urban", 3), ("town", 1))}
LICENCE_BODIES = (("market", 4), ("urban", 1))


# ---------------------------------------------------------------------------------------
# What the bodies' cases are about


@dataclass(frozen=True)
class Theme:
    field: str
    violation: str  # the cause of action without the party, e.g. 未如实记录……
    facts: str  # {party} and {place} are filled in
    kinds: tuple[str, ...] = ("fine",)
    fine: tuple[int, int] = (0, 0)  # range of the fine in yuan, 0 for none
    parties: tuple[str, ...] = ("organisation",)
    item_code: str = ""
    item_name: str = ""
    trade: str = "company"  # what kind of business the party is (names and places)
    lenient: bool = False  # on the body's 首违不罚 / 轻微不罚 list
    severe: tuple[str, ...] = ()  # kinds added in the serious variant (hearing)


VIOLATED = re.compile(r"违反了(《[^》]+》第[^的，。]*?)的规定")
# The provisions of themes whose facts or enforcement item do not give them.
VIOLATED_PROVISIONS = {
    "占道经营": "《城市市容和环境卫生管理条例》第十四条",
    "在城市建筑物、设施上张贴宣传品": "《城市市容和环境卫生管理条例》第十七条",
    "驾驶道路运输车辆未随车携带道路运输证": "《中华人民共和国道路运输条例》第三十三条",
    "所属货运车辆未按规定进行定期检验": "《中华人民共和国道路运输条例》第三十一条",
    "随意倾倒建筑垃圾": "《城市建筑垃圾管理规定》第十五条",
    "未在经营场所显著位置悬挂食品经营许可证": "《食品经营许可和备案管理办法》第三十二条",
    "未在经营场所醒目位置公示卫生许可证": "《公共场所卫生管理条例实施细则》第二十五条",
    "擅自占用城市道路堆放建筑材料": "《城市道路管理条例》第二十七条第三项",
    "未经批准临时占用耕地堆放物料": "《中华人民共和国土地管理法》第五十七条第一款",
}
PENALTY_PROVISIONS = {
    "占道经营": "《城市市容和环境卫生管理条例》第三十六条第三项",
    "在城市建筑物、设施上张贴宣传品": "《城市市容和环境卫生管理条例》第三十六条第二项",
    "驾驶道路运输车辆未随车携带道路运输证": "《中华人民共和国道路运输条例》第六十八条",
    "所属货运车辆未按规定进行定期检验": "《中华人民共和国道路运输条例》第七十条第一款",
    "随意倾倒建筑垃圾": "《城市建筑垃圾管理规定》第二十六条",
    "未在经营场所显著位置悬挂食品经营许可证": "《食品经营许可和备案管理办法》第五十四条",
    "未在经营场所醒目位置公示卫生许可证": "《公共场所卫生管理条例实施细则》第三十六条",
    "未按照规定设置危险废物识别标志":
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第一项",
    "未经批准擅自设置大型户外广告": "《城市市容和环境卫生管理条例》第三十六条第二项",
    "未取得道路运输经营许可擅自从事道路普通货物运输": "《中华人民共和国道路运输条例》第六十三条",
    "未取得农药经营许可证经营农药": "《农药管理条例》第五十五条第一款第一项",
    "未经批准非法占用土地建设厂房": "《中华人民共和国土地管理法》第七十七条第一款",
    "安排未获得有效健康合格证明的从业人员从事直接为顾客服务的工作":
        "《公共场所卫生管理条例实施细则》第三十八条",
    "互联网上网服务营业场所接纳未成年人": "《互联网上网服务营业场所管理条例》第三十一条第二项",
    "施工单位未按照规定编制危险性较大的分部分项工程专项施工方案":
        "《建设工程安全生产管理条例》第六十五条第四项",
    "未经批准在河道管理范围内采砂": "《中华人民共和国水法》第六十五条第一款",
    "用人单位未按规定建立职工名册": "《中华人民共和国劳动合同法实施条例》第三十三条",
    "擅自占用城市道路堆放建筑材料": "《城市道路管理条例》第四十二条第三项",
    "未经批准临时占用耕地堆放物料": "《中华人民共和国土地管理法》第七十七条第一款",
    "占用、堵塞、封闭疏散通道、安全出口": "《中华人民共和国消防法》第六十条第一款第三项",
}

THEMES: dict[str, tuple[Theme, ...]] = {
    "emergency": (
        Theme("AQSC", "未按照规定配备安全生产管理人员",
              "经查，{party}从业人员六十余人，未按照规定配备专职安全生产管理人员，现场检查时"
              "无法提供安全生产管理人员任命文件及相关资格证明，违反了《中华人民共和国安全生产"
              "法》第二十四条第一款的规定。", fine=(20000, 60000), item_code="YJ-CF-001",
              item_name="对生产经营单位未按照规定设置安全生产管理机构或者配备安全生产管理人员的"
                        "行政处罚", trade="factory"),
        Theme("AQSC", "未如实记录安全生产教育和培训情况",
              "经查，{party}2名新入职员工已参加岗前安全培训，但未建立培训档案，未如实记录培训"
              "时间、内容、参加人员及考核结果，违反了《中华人民共和国安全生产法》第二十八条第四"
              "款的规定。", fine=(10000, 30000), item_code="YJ-CF-002",
              item_name="对生产经营单位未如实记录安全生产教育和培训情况的行政处罚",
              trade="factory", lenient=True),
        Theme("AQSC", "未在有较大危险因素的生产经营场所设置明显的安全警示标志",
              "经查，{party}液氨储罐区、配电室等有较大危险因素的场所未设置明显的安全警示标志，"
              "违反了《中华人民共和国安全生产法》第三十五条的规定。", fine=(10000, 40000),
              item_code="YJ-CF-003",
              item_name="对未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示"
                        "标志的行政处罚", trade="factory", lenient=True),
        Theme("AQSC", "未采取措施消除事故隐患",
              "经查，{party}在责令限期整改后，仍未对粉尘涉爆除尘系统未按规定设置泄爆装置的重大"
              "事故隐患采取措施予以消除，违反了《中华人民共和国安全生产法》第四十一条第二款的"
              "规定。", fine=(10000, 30000), item_code="YJ-CF-005",
              item_name="对生产经营单位未采取措施消除事故隐患的行政处罚", trade="factory",
              severe=("suspend_business",)),
    ),
    "market": (
        Theme("SCJG", "未取得食品经营许可从事食品经营活动",
              "经查，{party}在未取得食品经营许可证的情况下，自今年年初起在{place}从事预包装"
              "食品及散装熟食销售活动，违法经营的食品货值金额不足一万元，违反了《中华人民共和国"
              "食品安全法》第三十五条第一款的规定。", fine=(50000, 90000),
              parties=("individual_business", "organisation"), item_code="SC-CF-001",
              item_name="对未取得食品生产经营许可从事食品生产经营活动的行政处罚", trade="food",
              severe=("confiscate_gains",)),
        Theme("SCJG", "未按规定建立食品安全管理制度",
              "经查，{party}未建立进货查验记录、从业人员健康管理、食品安全自查等食品安全管理"
              "制度，违反了《中华人民共和国食品安全法》第四十四条第一款的规定。",
              kinds=("warning", "fine"), fine=(5000, 20000), item_code="SC-CF-002",
              item_name="对食品生产经营企业未按规定建立食品安全管理制度的行政处罚",
              trade="food", lenient=True),
        Theme("SCJG", "安排未取得健康证明的人员从事接触直接入口食品的工作",
              "经查，{party}安排3名未取得健康证明的人员在后厨从事接触直接入口食品的工作，违反了"
              "《中华人民共和国食品安全法》第四十五条第一款的规定。", fine=(5000, 30000),
              parties=("individual_business", "organisation"), item_code="SC-CF-003",
              item_name="对安排未取得健康证明的人员从事接触直接入口食品工作的行政处罚",
              trade="restaurant"),
    ),
    "environment": (
        Theme("STHJ", "未依法取得排污许可证排放大气污染物",
              "经查，{party}喷漆工序于未取得排污许可证的情况下投入生产，挥发性有机物经集气罩"
              "收集后直接排放，违反了《中华人民共和国大气污染防治法》第十九条的规定。",
              fine=(100000, 300000), item_code="HJ-CF-001",
              item_name="对未依法取得排污许可证排放大气污染物的行政处罚", trade="factory",
              severe=("suspend_business",)),
        Theme("STHJ", "未按照规定设置危险废物识别标志",
              "经查，{party}危险废物暂存间未设置危险废物识别标志，废机油、废活性炭混放，违反了"
              "《中华人民共和国固体废物污染环境防治法》第七十七条的规定。",
              fine=(20000, 80000), trade="factory"),
    ),
    "urban": (
        Theme("CSGL", "在城市建筑物、设施上张贴宣传品",
              "经查，{party}未经批准在{place}附近的配电箱及路灯杆上张贴小广告二十余处，违反了"
              "《城市市容和环境卫生管理条例》第十七条的规定。", fine=(50, 200),
              parties=("natural_person",), item_code="CG-CF-001",
              item_name="对在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品的"
                        "行政处罚", trade="person"),
        Theme("CSGL", "在临街建筑物的阳台外吊挂有碍市容的物品",
              "经查，{party}在{place}临街阳台外吊挂杂物，影响市容，违反了《城市市容和环境卫生"
              "管理条例》第十五条的规定。", kinds=("warning",), parties=("natural_person",),
              item_code="CG-CF-002",
              item_name="对在临街建筑物的阳台和窗外堆放、吊挂有碍市容物品的行政处罚",
              trade="person", lenient=True),
        Theme("CSGL", "未经批准擅自设置大型户外广告",
              "经查，{party}未经审批在{place}楼顶设置大型户外广告牌一块，面积约六十平方米，"
              "违反了《城市市容和环境卫生管理条例》第十一条的规定。", fine=(5000, 20000),
              trade="shop"),
    ),
    "transport_team": (
        Theme("JTYS", "未取得道路运输经营许可擅自从事道路普通货物运输",
              "经查，{party}使用重型半挂牵引车在未取得道路运输经营许可的情况下，从事滹阳县至"
              "石家庄市的普通货物运输经营，违反了《中华人民共和国道路运输条例》第二十四条的"
              "规定。", fine=(10000, 50000), parties=("natural_person", "organisation"),
              trade="logistics"),
    ),
    "agriculture": (
        Theme("NYNC", "未取得农药经营许可证经营农药",
              "经查，{party}在未取得农药经营许可证的情况下在{place}销售杀虫剂、除草剂等农药"
              "共计十一个品种，违反了《农药管理条例》第二十四条的规定。", fine=(5000, 40000),
              parties=("individual_business",), trade="farm_shop"),
    ),
    "resources": (
        Theme("ZRZY", "未经批准非法占用土地建设厂房",
              "经查，{party}未经批准占用{place}集体土地约二千三百平方米建设钢结构厂房，违反了"
              "《中华人民共和国土地管理法》第四十四条的规定。", fine=(20000, 90000),
              parties=("organisation", "natural_person"), trade="factory"),
    ),
    "health": (
        Theme("WSJK", "安排未获得有效健康合格证明的从业人员从事直接为顾客服务的工作",
              "经查，{party}安排2名未取得有效健康合格证明的从业人员从事直接为顾客服务的工作，"
              "违反了《公共场所卫生管理条例实施细则》第十条的规定。", kinds=("warning", "fine"),
              fine=(500, 5000), parties=("individual_business",), trade="salon"),
    ),
    "culture": (
        Theme("WHSC", "互联网上网服务营业场所接纳未成年人",
              "经查，{party}在营业期间接纳2名未成年人进入营业场所上网，违反了《互联网上网服务"
              "营业场所管理条例》第二十一条的规定。", kinds=("warning", "fine"),
              fine=(5000, 15000), trade="netcafe"),
    ),
    "housing": (
        Theme("ZJ", "施工单位未按照规定编制危险性较大的分部分项工程专项施工方案",
              "经查，{party}承建的{place}住宅项目高大模板支撑工程未编制专项施工方案即组织施工，"
              "违反了《建设工程安全生产管理条例》第二十六条的规定。", fine=(10000, 50000),
              trade="builder"),
    ),
    "water": (
        Theme("SL", "未经批准在河道管理范围内采砂",
              "经查，{party}未经批准在滹河{place}段河道管理范围内使用装载机采砂约三百立方米，"
              "违反了《中华人民共和国水法》第三十九条的规定。", fine=(10000, 50000),
              parties=("natural_person", "organisation"), trade="sand"),
    ),
    "labour": (
        Theme("RLSB", "用人单位未按规定建立职工名册",
              "经查，{party}自成立以来未建立职工名册，无法提供劳动者姓名、用工形式、用工起始"
              "时间等信息，违反了《中华人民共和国劳动合同法实施条例》第八条的规定。",
              fine=(2000, 20000), trade="factory"),
    ),
    "town": (
        Theme("CSGL", "擅自占用城市道路堆放建筑材料",
              "经查，{party}未经批准在{place}门前道路上堆放砂石、砖块等建筑材料，占用道路约"
              "四十平方米，影响通行。", fine=(200, 2000), parties=("natural_person",),
              trade="person"),
        Theme("ZRZY", "未经批准临时占用耕地堆放物料",
              "经查，{party}未经批准在{place}北侧耕地上堆放钢材等物料，占用耕地约五百平方米。",
              fine=(5000, 20000), trade="factory"),
    ),
    "fire": (
        Theme("XFJY", "占用、堵塞、封闭疏散通道、安全出口",
              "经查，{party}营业期间将二层东侧安全出口用货架封堵，疏散通道堆放纸箱等杂物，违反"
              "了《中华人民共和国消防法》第二十八条的规定。", fine=(5000, 50000),
              trade="shop"),
    ),
    "justice": (),
}

# On-the-spot penalties, within the simple procedure's limits (R-CASE-01).
SIMPLE_THEMES: dict[str, tuple[Theme, ...]] = {
    "urban": (
        Theme("CSGL", "占道经营", "{party}在{place}人行道上摆摊销售水果，经劝导后仍未撤离。",
              fine=(50, 200), parties=("natural_person",), trade="person"),
        Theme("CSGL", "在城市建筑物、设施上张贴宣传品",
              "{party}在{place}公交站牌上张贴小广告五处，当场查获。", fine=(50, 200),
              parties=("natural_person",), trade="person"),
    ),
    "transport_team": (
        Theme("JTYS", "驾驶道路运输车辆未随车携带道路运输证",
              "{party}驾驶的普通货运车辆在{place}接受检查时未随车携带道路运输证。",
              fine=(20, 200), parties=("natural_person",), trade="person"),
        Theme("JTYS", "所属货运车辆未按规定进行定期检验",
              "{party}的货运车辆在{place}被查，车辆超过规定期限未进行定期检验。",
              fine=(1000, 3000), parties=("organisation",), trade="logistics"),
    ),
    "town": (
        Theme("CSGL", "随意倾倒建筑垃圾", "{party}在{place}路边随意倾倒建筑垃圾约一立方米。",
              fine=(50, 200), parties=("natural_person",), trade="person"),
    ),
    "market": (
        Theme("SCJG", "未在经营场所显著位置悬挂食品经营许可证",
              "{party}未在经营场所显著位置悬挂食品经营许可证，经检查当场责令改正。",
              kinds=("warning",), parties=("individual_business",), trade="restaurant"),
    ),
    "health": (
        Theme("WSJK", "未在经营场所醒目位置公示卫生许可证",
              "{party}未在经营场所醒目位置公示卫生许可证。", kinds=("warning", "fine"),
              fine=(100, 500), parties=("individual_business",), trade="salon"),
    ),
}

INSPECTION_SUBJECTS = {
    "emergency": ("AQSC", "安全生产情况监督检查", "factory",
                  "安全生产责任制、从业人员教育培训、事故隐患排查治理和应急预案落实情况"),
    "market": ("SCJG", "食品经营监督检查", "restaurant",
               "经营许可、进货查验记录、从业人员健康证明和后厨卫生状况"),
    "environment": ("STHJ", "排污单位现场检查", "factory",
                    "排污许可执行、污染防治设施运行和危险废物贮存情况"),
    "fire": ("XFJY", "消防监督检查", "shop", "疏散通道、安全出口、消防设施器材和消防安全管理"),
    "health": ("WSJK", "公共场所卫生监督检查", "salon", "卫生许可证、从业人员健康证明和消毒记录"),
    "housing": ("ZJ", "建设工程质量安全监督检查", "builder", "施工现场安全防护和专项施工方案"),
    "culture": ("WHSC", "文化市场经营活动检查", "netcafe", "经营许可、实名登记和未成年人保护"),
    "agriculture": ("NYNC", "农药经营监督检查", "farm_shop", "农药经营许可、进销货台账和标签"),
    "labour": ("RLSB", "劳动保障监察", "factory", "劳动合同签订、职工名册和工资支付情况"),
    "transport_team": ("JTYS", "道路运输车辆路面检查", "logistics",
                       "道路运输证、从业资格证和车辆技术状况"),
    "water": ("SL", "河道管理范围内建设活动检查", "sand", "涉河建设项目审批和河道采砂情况"),
    "resources": ("ZRZY", "土地利用监督检查", "factory", "建设用地审批手续和实际占地情况"),
    "justice": ("SFXZ", "法律服务机构执业活动检查", "law_office", "执业证书、收费公示和业务档案"),
    "town": ("AQSC", "乡镇安全生产监督检查", "factory", "安全生产责任制和事故隐患排查治理情况"),
}

SEIZURE_SUBJECTS = {
    "emergency": ("AQSC", "扣押不符合保障安全生产的国家标准的设备",
                  "不符合国家标准的移动式压力容器（液化气钢瓶）12只", "YJ-QZ-001"),
    "environment": ("STHJ", "查封违法排放污染物的设施",
                    "未配套污染防治设施的喷漆房1间及喷枪设备3套", "HJ-QZ-001"),
    "market": ("SCJG", "扣押不符合食品安全标准的食品", "超过保质期的预包装食品共计86件", ""),
}
# Why each body lifts its seizure (强制法 28(一)-(五), the step's ground) and what happened.
RELEASE_FACTS = {
    "emergency": ("no_violation", "经具备资质的检验机构检验，扣押的液化气钢瓶均符合国家标准，"
                                  "当事人没有违法行为，依法解除扣押并退还财物。"),
    "environment": ("handled", "当事人已配套建设污染防治设施并通过验收，本机关已对其违法行为"
                               "作出处理决定，不再需要查封，依法解除查封。"),
    "market": ("unrelated", "经核查，扣押的食品系当事人已下架、单独存放并标明待退货的过期"
                            "食品，未用于销售，与违法行为无关，依法解除扣押并退还。"),
}
ENFORCEMENT_SUBJECTS = {
    "urban": ("CSGL", "强制拆除违法设置的户外广告设施",
              "逾期未拆除的楼顶大型户外广告牌一块", "CG-QZ-001"),
    "town": ("CSGL", "强制清除占道堆放物", "逾期未清除的占道堆放建筑材料", ""),
}
LICENCE_SUBJECTS = {
    "market": ("SCJG", "食品经营许可", "restaurant", "SC-XK-001"),
    "urban": ("CSGL", "设置大型户外广告审批", "shop", "CG-XK-001"),
}

# Party names: trade → (name patterns, business words)
BRANDS = ("宏达", "鑫源", "华兴", "润丰", "恒泰", "金鼎", "永盛", "瑞祥", "德顺", "兴旺",
          "嘉禾", "盛世", "天成", "广源", "中诚", "万通", "聚丰", "新华", "博远", "远航",
          "正大", "康达", "福源", "昌盛", "利民", "同信", "泰和", "冀中", "滹沱", "北辰")
TRADE_NAMES = {
    "factory": ("{county}{brand}机械制造有限公司", "{county}{brand}化工有限公司",
                "{county}{brand}建材有限公司", "{county}{brand}家具有限公司",
                "河北{brand}金属制品有限公司", "{county}{brand}塑料制品厂"),
    "food": ("{county}{brand}商贸有限公司", "{town}{brand}超市", "{town}{brand}副食店"),
    "restaurant": ("{county}{brand}餐饮管理有限公司", "{town}{brand}饭店", "{town}{owner}小吃店"),
    "shop": ("{county}{brand}商贸有限公司", "{county}{brand}购物广场有限公司",
             "{county}{brand}宾馆有限公司"),
    "logistics": ("{county}{brand}物流有限公司", "{county}{brand}运输有限公司"),
    "farm_shop": ("{town}{brand}农资经营部", "{town}{owner}农资门市"),
    "salon": ("{town}{brand}美发店", "{town}{brand}足浴店", "{county}{brand}宾馆"),
    "netcafe": ("{county}{brand}网络会所有限公司", "{county}{brand}网吧"),
    "builder": ("河北{brand}建筑工程有限公司", "石家庄{brand}建设集团有限公司"),
    "sand": ("{county}{brand}建材有限公司",),
    "law_office": ("{county}{brand}法律服务所",),
}
STREETS = ("滹河大街", "建设北路", "胜利东街", "人民路", "振兴路", "育才路", "和平路",
           "文化路", "永安路", "府前街", "工业园区纬三路", "工业园区经二路", "柳林大街")
VILLAGES = ("东庄村", "西营村", "南关村", "北街村", "后屯村", "王家庄村", "李家营村", "小宋村")
HIGHER_REGIONS = ("130139", "130139", "130139", "130102", "130104", "130121", "130125",
                  "130182")

DEVICES = ("执法记录仪 DSJ-V9 #{n:04d}", "执法记录仪 DSJ-A8 #{n:04d}",
           "现场执法记录仪 ZFY-N5 #{n:04d}")
RECORDING_TITLES = {
    "investigate": ("现场检查执法记录仪录音", "现场检查、询问及调查取证经过"),
    "serve": ("留置送达过程录音", "送达过程及当事人拒收情况"),
    "hearing": ("听证会全程录音", "听证会全过程，包括调查人员陈述、当事人申辩及质证"),
    "decide_on_spot": ("当场处罚执法记录仪录音", "当场检查、告知及作出处罚决定的经过"),
    "deliver": ("当场交付决定书录音", "当场交付行政处罚决定书的经过"),
    "inspect": ("现场检查执法记录仪录音", "现场检查经过及发现的问题"),
    "recheck": ("复查执法记录仪录音", "复查经过及整改落实情况"),
    "seize": ("查封扣押全程录音", "实施查封、扣押的全过程及清点登记"),
    "release": ("解除查封扣押过程录音", "解除查封、扣押及返还财物的经过"),
    "enforce": ("强制执行全程录音", "实施强制执行的全过程"),
    "examine": ("现场核查录音", "对申请人经营场所的现场核查经过"),
}
OPINIONS = {
    "passed": "经审核，本案事实清楚，证据确凿，适用依据正确，程序合法，处罚裁量适当，同意拟作出"
              "的处罚决定。",
    "revise": "经审核，拟处罚数额未说明适用裁量基准档次的理由，请补充说明后重新报送审核。",
    "rejected": "经审核，拟处罚数额明显高于本机关裁量基准对应档次，不同意按拟处罚意见作出决定。",
}
LATE_REASONS = ("执法记录仪在偏远村庄无网络，次日返回单位后集中上传。",
                "连续两天外出执法，返回单位后上传。", "")
TRANSFER_RECEIVERS = {
    "emergency": ("滹阳县公安局", "涉嫌重大责任事故罪，依法移送公安机关处理。"),
    "market": ("石家庄市市场监督管理局", "违法行为涉及跨区域经营，依法移送有管辖权的机关。"),
    "environment": ("滹阳县公安局", "涉嫌污染环境罪，依法移送公安机关处理。"),
}


# ---------------------------------------------------------------------------------------
# Recordings

# The one recording with speech: an 询问 in Mandarin, 14.7 s of Ogg Opus (data/README.md).
SPEECH_CLIP = Path(__file__).resolve().parent / "data" / "inquiry-zh.opus"
SPEECH_STEP = "investigate"
SPEECH_TITLE = ("现场询问录音", "询问当事人的经过及当事人的陈述")


def tone_wav(length: int, pitch: int) -> bytes:
    """A short sine tone as an 8 kHz, 8-bit mono WAV; ``length`` samples (a few thousand)."""
    rate = 8000
    frequency = 300 + pitch % 600
    frames = bytes(int(128 + 90 * math.sin(2 * math.pi * frequency * i / rate)
                       * min(1.0, i / 400, (length - i) / 400)) for i in range(length))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------
# Planning


@dataclass
class Act:
    on: date
    do: object  # a callable of no arguments
    label: str


@dataclass
class CasePlan:
    index: int
    scenario: str
    procedure: str
    body_key: str
    field_code: str
    title: str
    facts: str
    party: dict
    place: str
    item_code: str = ""
    item_name: str = ""
    flags: tuple[str, ...] = ()
    acts: list[Act] = field(default_factory=list)


@dataclass
class LoadResult:
    cases: int
    scenarios: Counter
    failures: list[str]
    documents: int = 0
    recordings: int = 0
    transcripts_queued: int = 0  # the speech recording's, with the sanxiang[asr] extra
    seconds: float = 0.0
    case_pks: list[int] = field(default_factory=list)  # the loader's own cases


def requested_count(count: int | None) -> int:
    if count is not None:
        return max(0, int(count))
    raw = os.environ.get(ENV_COUNT, "").strip()
    return max(0, int(raw)) if raw else DEFAULT_COUNT


def scenario_list(count: int, rng: random.Random) -> list[str]:
    """Every scenario once (as far as ``count`` goes), then weighted draws."""
    codes = [code for code, _p, _w in SCENARIOS]
    chosen = codes[:count]
    weights = [w for _c, _p, w in SCENARIOS]
    chosen += rng.choices(codes, weights=weights, k=max(0, count - len(codes)))
    return chosen


class Loader:
    def __init__(self, *, bodies, officers, today: date, seed: int):
        self.bodies = bodies
        self.today = today
        self.seed = seed
        self.body_keys = {body.pk: key for key, body in bodies.items()}
        self.officers_by_body: dict[str, list[Officer]] = {}
        self.reviewers_by_body: dict[str, list[Officer]] = {}
        for officer in sorted(officers.values(), key=lambda o: o.pk):
            key = self.body_keys.get(officer.body_id)
            if key:
                group = self.reviewers_by_body if officer.is_reviewer else self.officers_by_body
                group.setdefault(key, []).append(officer)
        self.reviewer_users: dict[str, User] = {}
        self.users = {u.username: u for u in User.objects.filter(
            username__in=("officer", "head", "reviewer"), body=bodies.get(ACCOUNT_BODY))}
        account = self.users.get("officer")
        self.account_officer_id = account.officer_id if account else None
        used = set(Officer.objects.values_list("name", flat=True))
        self.names = NameMaker(random.Random(f"{seed}:cases:names"))  # noqa: S311
        self.names.used |= used
        self.documents = 0
        self.serial = 0
        self.speech = None  # the Evidence with Mandarin speech, once stored

    # --- the legal unit ---------------------------------------------------------------

    def reviewer_for(self, body_key: str) -> User:
        """The body's legal reviewer's account: the demo's own for its body; elsewhere an
        account is made for the body's first qualified reviewer when a review needs one."""
        if body_key in self.reviewer_users:
            return self.reviewer_users[body_key]
        user = self.users.get("reviewer") if body_key == ACCOUNT_BODY else None
        if user is None:
            officer = next(o for o in self.reviewers_by_body[body_key]
                           if o.legal_qualification and o.status == Officer.Status.ACTIVE)
            user = User.objects.filter(officer=officer).first() or org_actions.create_user(
                acting_user=None, username=f"reviewer_{body_key}", password=DEMO_PASSWORD,
                full_name=officer.name, roles=[Role.REVIEWER], body=officer.body,
                officer=officer)
        self.reviewer_users[body_key] = user
        return user

    def has_reviewer(self, body_key: str) -> bool:
        return any(o.legal_qualification and o.status == Officer.Status.ACTIVE
                   for o in self.reviewers_by_body.get(body_key, ()))

    def attendees(self, body_key: str, head: User | None, lead: Officer) -> list[dict]:
        """Who sits in a collective discussion: the leaders, the legal unit, the lead."""
        leaders = self.officers_by_body.get(body_key, [])[:3]
        people = [{"name": o.name, "post": o.post} for o in leaders]
        for reviewer in self.reviewers_by_body.get(body_key, [])[:1]:
            people.append({"name": reviewer.name, "post": reviewer.post})
        if head is not None and head.get_full_name() not in {p["name"] for p in people}:
            people.insert(0, {"name": head.get_full_name(), "post": "局长"})
        if lead.name not in {p["name"] for p in people}:
            people.append({"name": lead.name, "post": f"{lead.post}（承办人）"})
        return people

    # --- parties -------------------------------------------------------------------

    def _address(self, rng, *, village=False) -> tuple[str, str, str]:
        town = rng.choice(TOWNS)
        if village:
            place = f"{town}{rng.choice(VILLAGES)}"
            return f"{COUNTY}{place}", place, town
        place = f"{rng.choice(STREETS)}{rng.randrange(1, 260)}号"
        return f"{COUNTY}{town}{place}", place, town

    def party(self, rng, kind: str, trade: str) -> tuple[dict, str]:
        self.serial += 1
        address, place, town = self._address(rng, village=trade in ("farm_shop", "sand"))
        if kind == "natural_person":
            female = rng.random() < 0.3
            name = self.names.person(female=female)
            birth = date(rng.randrange(1958, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
            number = make_resident_id(region=rng.choice(HIGHER_REGIONS), birth=birth,
                                      seq=rng.randrange(500),
                                      sex="female" if female else "male")
            phone = rng.choice(("139", "135", "186", "152", "177")) + \
                f"{rng.randrange(10 ** 8):08d}"
            return ({"kind": "natural_person", "name": name, "id_kind": "resident_id",
                     "id_number": number, "address": address, "phone": phone}, place)
        owner = self.names.person()
        patterns = TRADE_NAMES.get(trade, TRADE_NAMES["factory"])
        if kind == "individual_business":
            patterns = tuple(p for p in patterns if "公司" not in p) or ("{town}{brand}经营部",)
        else:
            patterns = tuple(p for p in patterns if "公司" in p or "厂" in p or "所" in p) \
                or ("{county}{brand}商贸有限公司",)
        name = rng.choice(patterns).format(county=COUNTY, town=town, brand=rng.choice(BRANDS),
                                           owner=owner[0] + "记")
        # A distinct serial keeps the same brand in two parties apart.
        code = make_credit_code(prefix="92" if kind == "individual_business" else "91",
                                region=REGION_CODE, seed=self.seed * 1000 + self.serial)
        return ({"kind": kind, "name": name, "id_kind": "credit_code", "id_number": code,
                 "legal_representative": owner, "address": address,
                 "phone": f"0311-8{rng.randrange(10 ** 6, 10 ** 7)}"}, place)

    # --- officers --------------------------------------------------------------------

    def approver_name(self, body_key: str) -> str:
        """Who signs the body's approval forms as its head: the demo's head account at its
        body, the legal representative elsewhere."""
        head = self.users.get("head") if body_key == ACCOUNT_BODY else None
        return (head.get_full_name() if head is not None else "") or (
            self.bodies[body_key].legal_representative)

    def pick_officers(self, body_key: str, field_code: str, dates: list[date], rng,
                      count: int = 2) -> list[Officer]:
        # The head approves the case's forms (立案, 内部审批): they are not also one of the
        # officers who handle it, or the approval form names them on both sides.
        approver = self.approver_name(body_key)
        pool = [o for o in self.officers_by_body.get(body_key, []) if o.name != approver]
        for on in dates:
            results = check_qualifications(pool, category_code=field_code, on=on)
            pool = [r.officer for r in results if r.ok]
        if len(pool) < count:
            return []
        chosen = rng.sample(pool, count)
        account = next((o for o in pool if o.pk == self.account_officer_id), None)
        if account is not None and account not in chosen and rng.random() < 0.6:
            chosen[0] = account
        elif account is not None and account in chosen:
            chosen.remove(account)
            chosen.insert(0, account)
        return chosen

    def chair(self, body_key: str, field_code: str, exclude, on: date, rng) -> Officer | None:
        pool = [o for o in self.officers_by_body.get(body_key, []) if o not in exclude]
        results = check_qualifications(pool, category_code=field_code, on=on)
        good = [r.officer for r in results if r.ok]
        return rng.choice(good) if good else None


def _weighted(rng, pairs) -> str:
    return rng.choices([k for k, _w in pairs], weights=[w for _k, w in pairs])[0]


def _money(amount: int) -> str:
    return str(Decimal(amount))


def _round_fine(rng, low: int, high: int) -> int:
    if high <= 0:
        return 0
    step = 1000 if low >= 5000 else (100 if low >= 500 else 10)
    return max(low, min(high, round(rng.randint(low, high) / step) * step))


def hearing_eligible(kinds, fine: int, party_kind: str) -> bool:
    if set(kinds) & set(HEARING_KINDS):
        return True
    threshold = 10000 if party_kind == "natural_person" else 100000
    return fine >= threshold


# ---------------------------------------------------------------------------------------
# Running one case


class Run:
    """One case being carried out: its plan, the saved case and its acting users."""

    def __init__(self, loader: Loader, plan: CasePlan, officers: list[Officer], rng):
        self.loader = loader
        self.plan = plan
        self.officers = officers
        self.rng = rng
        self.case: Case | None = None
        self.on_case_account = (loader.account_officer_id is not None
                                and any(o.pk == loader.account_officer_id for o in officers)
                                and plan.body_key == ACCOUNT_BODY)
        self.exception_steps: set[str] = set()
        self.chair: Officer | None = None  # chosen with the officers, never one of them
        self.recordings = 0
        self.transcripts_queued = 0  # the speech recording's, with the sanxiang[asr] extra
        self.fine_text = ""
        self.hearing_on: date | None = None

    def actor(self, step: str | None):
        if self.plan.body_key != ACCOUNT_BODY:
            return None
        users = self.loader.users
        if step in HEAD_STEPS:
            return users.get("head")
        if step in REVIEW_STEPS:
            return users.get("reviewer")
        if self.on_case_account:
            return users.get("officer")
        return None

    def head_name(self) -> str:
        """Who approves for the platform's own loader: the body's head account, if any."""
        head = self.actor("open")
        return (head.get_full_name() if head is not None else "") or "机关负责人"

    def act(self, on: date, label: str, fn) -> date:
        self.plan.acts.append(Act(on=on, do=fn, label=label))
        return on

    # --- the acts ------------------------------------------------------------------

    def open(self, on: date, *, violation_on: date, discovered_on: date, source: str):
        plan = self.plan

        def do():
            self.case = actions.open_case(
                acting_user=self.actor("open") if self.on_case_account else None,
                body=self.loader.bodies[plan.body_key], procedure=plan.procedure,
                title=plan.title, field_code=plan.field_code, parties=[plan.party],
                officers=self.officers, opened_on=on, violation_on=violation_on,
                discovered_on=discovered_on, source=source, facts=plan.facts,
                item_code=plan.item_code, item_name=plan.item_name, flags=plan.flags)
        return self.act(on, "open_case", do)

    def step(self, on: date, code: str, *, to: str | None = None, data=None,
             late: bool = False, extra_documents: tuple[str, ...] = (), gap: bool = False,
             documents_only: bool = False):
        def do():
            values = data() if callable(data) else data
            case = Case.objects.get(pk=self.case.pk)
            definition = case.workflow.step(code)
            user = self.actor(code)
            for doc_type in (*definition.documents, *extra_documents):
                if not case.documents.filter(step=code, doc_type=doc_type).exists():
                    # Facts first: each document states the step's facts and its own.
                    facts = {**self.document_facts(case, doc_type, on, values or {}),
                             **(values or {})}
                    issuer = (self.actor("decide") if doc_type in APPROVAL_FORMS
                              and self.plan.body_key == ACCOUNT_BODY else user)
                    issue_document(acting_user=issuer, case=case, doc_type=doc_type,
                                   issued_on=on, data=facts, step=code)
                    self.loader.documents += 1
            level = recording_level(case, definition, values)
            if level != Recording.NONE and code not in self.exception_steps:
                self.record(case, code, on, level, late=late, gap=gap)
            if documents_only:
                return
            actions.complete_step(acting_user=user, case=case, step=code, to=to, done_on=on,
                                  data=values or {})
        return self.act(on, code, do)

    def record_factors(self, on: date, plan) -> None:
        """The officers record the discretion factors before proposing the penalty."""
        def do():
            discretion_actions.record_factors(
                acting_user=self.actor("investigation_report"), case=self.case,
                violation=plan.violation, values=plan.values)
        self.act(on, "record_factors", do)

    def document_facts(self, case, doc_type: str, on: date, values: dict) -> dict:
        """What the officer enters for a document beyond the step's facts (the inquiry's
        questions and answers, the proof of service …), and the head's approval."""
        plan = self.plan
        party = plan.party
        person = party.get("legal_representative") or party["name"]
        at = timezone.make_aware(datetime.combine(on, time(9, 30)))
        rng = random.Random(f"{self.loader.seed}:doc:{plan.index}:{doc_type}:{on}")  # noqa: S311
        violation = plan.title
        facts: dict = {}
        if doc_type == "inquiry_record":
            facts = {"interviewee": f"{person}（{party['name']}负责人）", "asked_at": at,
                     "doc_place": plan.place, "signed": True, "qa": "\n".join((
                         "问：我们是执法人员（出示执法证件），现依法向你询问有关情况，你应当如实"
                         "回答。如认为执法人员与本案有利害关系，可以申请回避。你听清楚了吗？",
                         "答：听清楚了，不申请回避。",
                         f"问：请说明{violation}的有关情况。",
                         "答：" + rng.choice(("情况属实，是我们管理上的疏忽。",
                                            "我们对相关规定不了解，愿意立即整改。",
                                            "确有此事，我们已经开始整改。")),
                         "问：你还有什么需要补充的吗？",
                         "答：没有了，以上情况属实。"))}
        elif doc_type == "site_inspection_record":
            facts = {"inspected_at": at, "doc_place": plan.place, "signed": True,
                     "present": f"{person}（当事人负责人）",
                     "findings": values.get("findings") or values.get("summary")
                     or plan.facts}
        elif doc_type == "service_receipt":
            method = values.get("method") or "direct"
            facts = {"method": method, "recipient": f"{party['name']}（{person}签收）"
                     if method != "leaving" else party["name"],
                     "served_on": values.get("served_on") or on, "signed": method != "leaving",
                     "served_place": plan.place}
            if method == "leaving":
                facts.update(witnesses="社区工作人员王建军、李秀兰",
                             leaving_reason="受送达人拒绝签收")
            elif method == "post":
                facts["method_detail"] = f"中国邮政特快专递，邮件号{rng.randrange(10**12):012d}"
        elif doc_type in APPROVAL_FORMS:
            head = self.actor("decide")
            facts = {"approval_opinion": rng.choice(("同意。", "同意，按程序办理。",
                                                     "同意承办人意见。")),
                     "approved_by": (head.get_full_name() if head is not None else "")
                     or self.loader.bodies[plan.body_key].legal_representative,
                     "approved_on": on,
                     "proposal": "建议依法作出决定，请负责人审批。"}
        elif doc_type == "correction_order":
            # An inspection's title names the check (对…的监督检查), not a violation.
            problem = ("检查发现" if plan.procedure == "inspection"
                       else violation.removesuffix("案"))
            facts = {"correction": f"立即停止违法行为，针对{problem}"
                                   "的问题完成整改，并将整改情况书面报告本机关。",
                     "correct_by": on + timedelta(days=15)}
        elif doc_type == "hearing_notice":
            body = self.loader.bodies[plan.body_key]
            facts = {"doc_place": f"{body.short_name or body.name}听证室"}
        elif doc_type == "enforcement_demand":
            facts = {"perform_by": on + timedelta(days=10)}
        elif doc_type == "on_site_record":
            facts = {"doc_place": plan.place, "record": "执法人员到场，通知当事人到场，当场告知"
                     "采取强制措施的理由、依据和当事人的权利、救济途径，听取当事人陈述和申辩，"
                     "现场清点并制作清单。"}
        if doc_type in PARTY_SIGNED:
            # 强制法 18, 24; 处罚法 64: the party signs, or the officers note its refusal with
            # a witness and the recording. A hearing is signed by the party's representative.
            if doc_type != "hearing_record" and rng.random() < 0.2:
                facts.update(party_signed=False, refusal="当事人拒绝签名",
                             witness="社区网格员周立新到场见证，执法记录仪全程录像")
            else:
                facts.update(party_signed=True, signer=f"{person}（{party['name']}）"
                             if person != party["name"] else person)
        return facts

    def record(self, case, code: str, on: date, level, *, late: bool, gap: bool):
        loader = self.loader
        self.recordings += 1
        rng = random.Random(f"{loader.seed}:rec:{self.plan.index}:{code}")  # noqa: S311
        start = timezone.make_aware(datetime.combine(on, time(rng.randrange(8, 16),
                                                              rng.randrange(60))))
        minutes = rng.randrange(6, 45) if code != "hearing" else rng.randrange(60, 150)
        end = start + timedelta(minutes=minutes)
        upload_after = (timedelta(hours=rng.randrange(27, 60)) if late
                        else timedelta(minutes=rng.randrange(20, 300)))
        now = timezone.now()
        if end + upload_after > now:  # a recording made today is uploaded by now
            shift = end + upload_after - now + timedelta(minutes=5)
            start, end = start - shift, end - shift
        uninterrupted = level == Recording.UNINTERRUPTED
        gaps = []
        if uninterrupted and gap:
            gap_from = start + timedelta(minutes=minutes // 2)
            gaps = [{"from": gap_from, "to": gap_from + timedelta(minutes=3),
                     "explanation": "执法记录仪电量不足，更换备用电池，期间现场由另一名执法"
                                    "人员持续见证。"}]
        title, proves = RECORDING_TITLES.get(code, ("执法记录仪录音", "执法过程"))
        # R-AST-05: one recording the demo officer can open carries real speech.
        speech = (code == SPEECH_STEP and loader.speech is None and self.on_case_account)
        if speech:
            title, proves = SPEECH_TITLE
            end, gaps = start + timedelta(minutes=1), []
        place = self.plan.place
        if code == "hearing":
            place = f"{loader.bodies[self.plan.body_key].short_name}听证室"
        lead = case.lead_officer
        staff = loader.officers_by_body.get(self.plan.body_key, [])
        number = next((i for i, o in enumerate(staff) if o.pk == lead.pk), 0) + 1
        device = DEVICES[number % len(DEVICES)].format(n=number)
        metadata = {"step": code, "kind": "audio", "title": title, "proves": proves,
                    "captured_from": start, "captured_to": end, "place": place,
                    "captured_by": lead.pk, "device": device, "uninterrupted": uninterrupted,
                    "gaps": gaps,
                    "late_reason": rng.choice(LATE_REASONS) if late else ""}
        # Named as an officer names the file: the case number and what it records.
        name = f"{case.number}-{title}"
        if speech:
            data, filename, content_type = SPEECH_CLIP.read_bytes(), f"{name}.opus", "audio/ogg"
        else:
            # A length of its own gives every recording its own digest: the case's index and
            # the recording's place in the case, so the length does not depend on the order
            # in which the cases are carried out (``load(workers=…)``).
            length = 2400 + 2 * (self.plan.index * RECORDINGS_PER_CASE + self.recordings)
            data = tone_wav(length, self.plan.index * 31 + len(code))
            filename, content_type = f"{name}.wav", "audio/wav"
        # The loader replays history, so the upload time is given: only the platform itself
        # may do that (R-CASE-15); a person's upload is stamped with the clock.
        evidence = store_evidence_file(acting_user=None, case=case, path_or_bytes=data,
                                       filename=filename, content_type=content_type,
                                       metadata=metadata, uploaded_at=end + upload_after)
        if speech:
            loader.speech = evidence
            if engines.engine() is not None:  # the sanxiang[asr] extra is installed
                request_transcript(acting_user=self.actor(code), evidence=evidence)
                self.transcripts_queued += 1

    def recusal(self, on: date, who, *, decide_on: date | None, granted: bool):
        """``who()`` names the officer: the officers are chosen after the acts are planned."""
        def apply():
            officer = who()
            actions.apply_recusal(
                acting_user=None, case=Case.objects.get(pk=self.case.pk), officer=officer,
                applicant=Recusal.Applicant.PARTY,
                reason=f"当事人申请：{officer.name}与当事人的法定代表人系近亲属，可能影响公正"
                       "执法。", applied_on=on)
        self.act(on, "apply_recusal", apply)
        if decide_on is None:
            return

        def decide():
            recusal = Recusal.objects.get(case=self.case, officer=who(),
                                          outcome=Recusal.Outcome.PENDING)
            actions.decide_recusal(
                acting_user=self.actor("decide"), recusal=recusal, granted=granted,
                reason=("经核实，申请事由属实，决定该执法人员回避。" if granted
                        else "经核实，该执法人员与当事人不存在近亲属关系，申请事由不成立。"),
                decided_on=decide_on)
        self.act(decide_on, "decide_recusal", decide)

    def excluded(self, on: date, kind: str, first: date, last: date, reason: str):
        def do():
            actions.start_excluded_period(acting_user=self.actor("excluded"),
                                          case=Case.objects.get(pk=self.case.pk), kind=kind,
                                          first=first, last=last, reason=reason,
                                          cause=PERIOD_CAUSES[kind])
        self.act(on, "excluded_period", do)

    def extension(self, on: date, rule: str, step: str, amount: int, reason: str):
        def do():
            actions.approve_extension(acting_user=self.actor("decide"),
                                      case=Case.objects.get(pk=self.case.pk), rule=rule,
                                      step=step, amount=amount, reason=reason,
                                      approved_on=on)
        self.act(on, "extension", do)

    def review(self, submitted: date, *, decided: date | None = None, outcome: str = "passed",
               assign: bool = True, answered: date | None = None,
               returned_first: bool = False, extended: date | None = None):
        """A round of legal review: submitted (materials complete), assigned, decided; a
        refusal answered by disputing it (which sends the case to collective discussion)."""
        key = self.plan.body_key

        def submit():
            case = Case.objects.get(pk=self.case.pk)
            if returned_first:
                # A first submission without the discretion reasoning comes back (R-REV-04).
                materials = self.materials(case)
                materials.pop("benchmark", None)
                review_actions.submit_for_review(acting_user=self.actor("submit"), case=case,
                                                 materials=materials, submitted_on=submitted)
            submission = review_actions.submit_for_review(
                acting_user=self.actor("submit"), case=case,
                materials=self.materials(case), submitted_on=submitted)
            if assign:
                review_actions.assign_reviewer(acting_user=self.actor("decide"),
                                               submission=submission,
                                               reviewer=self.loader.reviewer_for(key))
        self.act(submitted, "submit_for_review", submit)
        if extended is not None:
            def extend():
                review_actions.extend_review(
                    acting_user=self.actor("decide"),
                    submission=review_actions.current_submission(self.case),
                    reason="案件涉及多项法律关系，需调取相关行业标准核对。", approved_on=extended)
            self.act(extended, "extend_review", extend)
        if decided is None:
            return

        def decide():
            submission = review_actions.current_submission(self.case)
            findings = {code: {"ok": True, "note": ""} for code in REVIEW_ITEMS}
            if outcome != "passed":
                findings["discretion_proper"] = {
                    "ok": False, "note": "拟处罚数额未说明适用裁量基准档次的理由"}
            review_actions.record_review(acting_user=submission.reviewer,
                                         submission=submission, findings=findings,
                                         outcome=outcome, opinion=OPINIONS[outcome],
                                         decided_on=decided)
        self.act(decided, "record_review", decide)
        if answered is None:
            return

        def answer():
            review_actions.answer_rejection(
                acting_user=self.actor("answer"),
                submission=review_actions.current_submission(self.case), accept=False,
                reason="承办机构认为，当事人违法行为持续时间长、经责令改正仍未改正，拟处罚"
                       "数额符合裁量基准“较重”档次，不同意审核意见，提请集体讨论。", on=answered)
        self.act(answered, "answer_rejection", answer)

    def materials(self, case: Case) -> dict:
        names = "、".join(f"{o.name}（执法证号 {o.current_certificate.number}）"
                         for o in self.officers if o.current_certificate)
        fine = f"罚款{self.fine_text}" if self.fine_text else "警告"
        texts = {
            "facts": case.facts or case.title,
            "legal_basis": f"{case.item_name or case.title}的法律依据见权责清单及处罚决定书草案。",
            "benchmark": "适用本机关行政处罚裁量基准“一般”档次，当事人无从重、从轻情节。",
            "qualifications": f"承办人员：{names}，均持有有效行政执法证件。",
            "draft_decision": f"拟对当事人作出{fine}的行政处罚。",
            "evidence": "现场检查笔录、询问笔录、现场照片、执法记录仪录音、当事人营业执照复印件。",
            "hearing_record": "听证笔录、听证报告。",
            "expert_reports": "检验检测机构出具的检验报告。",
        }
        return {code: texts[code] for code in required_materials(case)}

    def discussion(self, held: date, reason: str):
        def do():
            case = Case.objects.get(pk=self.case.pk)
            head = self.actor("decide")
            people = [{**p, "signed": True} for p in self.loader.attendees(
                self.plan.body_key, head, case.lead_officer)]
            said = ("同意承办机构意见，依法作出处罚。", "违法事实清楚，同意处罚。",
                    "建议在决定书中充分说明裁量理由。", "证据确实充分，程序合法，同意。")
            # Every attendee's opinion is recorded (R-REV-08).
            opinions = [{"name": p["name"], "opinion": said[i % len(said)]}
                        for i, p in enumerate(people)]
            review_actions.record_discussion(
                acting_user=head, case=case, held_on=held, reason=reason, attendees=people,
                opinions=opinions,
                # The head presides; without a head account, the first of the leaders.
                chair=head.get_full_name() if head is not None else people[0]["name"],
                recorder=case.lead_officer.name,
                conclusion="经集体讨论，同意承办机构的处理意见，依法作出行政处罚决定。")
        self.act(held, "collective_discussion", do)

    def recording_exception(self, on: date, step: str, *, approved: bool | None):
        self.exception_steps.add(step)

        def do():
            case = Case.objects.get(pk=self.case.pk)
            exception = request_recording_exception(
                acting_user=self.actor(step), case=case, step=step,
                reason="执法记录仪在现场突发故障无法录制，现场情况已由两名执法人员及当事人签字"
                       "确认，并拍摄照片留存。")
            if approved is not None:
                decide_recording_exception(acting_user=self.actor("decide"),
                                           exception=exception, approved=approved,
                                           reason="同意，以现场笔录和照片代替音像记录。")
        self.act(on, "recording_exception", do)


# ---------------------------------------------------------------------------------------
# The scenarios, as dated acts


def bank_payment(rng, paid: date) -> dict:
    """罚缴分离 (R-CASE-14): paid at a designated bank or online, with the receipt."""
    channel = rng.choice(("bank", "bank", "electronic"))
    return {"payment_channel": channel,
            "collected_by": ("中国农业银行滹阳县支行" if channel == "bank"
                             else "河北省非税收入电子缴款平台"),
            "receipt_number": f"FS{paid:%Y%m%d}{rng.randrange(10000, 99999)}"}


def simple_payment(rng, fine: int, paid: date) -> dict:
    """On the spot only where the law allows (处罚法 68): ≤ 100 元, with the 专用票据 and the
    money handed in within 2 days; otherwise at the bank."""
    if fine > 100 or rng.random() < 0.5:
        return bank_payment(rng, paid)
    return {"payment_channel": "on_spot", "on_spot_ground": "small_amount",
            "bill_number": f"冀财罚{rng.randrange(1000000, 9999999)}",
            "handed_in_on": min(paid + timedelta(days=rng.choice((1, 1, 2, 3))),
                                timezone.localdate())}


# What caused each excluded period (R-CASE-16).
PERIOD_CAUSES = {"testing": "滹阳县产品质量检验所 检验报告", "expert_review": "专家论证意见书",
                 "hearing": "听证通知书及听证笔录", "suspension": "中止案件调查决定书"}


def _later(on: date, rng, low: int, high: int) -> date:
    return on + timedelta(days=rng.randint(low, high))


def _workday_on_or_after(day: date) -> date:
    while workdays.is_workday(day) is False:
        day += timedelta(days=1)
    return day


class Builder:
    """Plans the dated acts of one case from its opening day ``t0``."""

    def __init__(self, run: Run, theme: Theme, rng, t0: date):
        self.run = run
        self.theme = theme
        self.rng = rng
        self.t0 = t0
        self.plan = run.plan
        self.body = run.loader.bodies[self.plan.body_key]
        party_kind = self.plan.party["kind"]
        self.kinds = list(theme.kinds)
        self.fine = _round_fine(rng, *theme.fine) if "fine" in theme.kinds else 0
        self.gains = rng.randrange(20, 90) * 100  # illegal gains, where confiscated
        self.party_kind = party_kind
        # R-AST-02: the factors, the level and a fine the computable benchmark suggests.
        self.discretion = (discretion.plan_for(self.plan.body_key, theme.item_code,
                                               self.plan.index)
                           if self.fine and self.plan.procedure == "penalty_general" else None)
        if self.discretion is not None:
            self.fine = self.discretion.fine

    # --- the legal basis ---------------------------------------------------------------

    def basis(self) -> dict:
        """The provision violated (as the facts state it) and the penalty provision (the
        enforcement item's basis in the body's list, or the theme's)."""
        facts = self.theme.facts.replace("\n", "")
        found = VIOLATED.search(facts)
        violated = (found.group(1) if found else
                    VIOLATED_PROVISIONS.get(self.theme.violation, ""))
        penalty = (_basis_of(self.theme.item_code) if self.theme.item_code else ""
                   ) or PENALTY_PROVISIONS.get(self.theme.violation, "")
        return {"violated_provision": violated, "penalty_provision": penalty}

    def penalty_data(self, prefix: str) -> dict:
        data = {f"{prefix}_kinds": self.kinds}
        if self.fine:
            data[f"{prefix}_fine"] = _money(self.fine)
        plan = self.discretion
        if plan is not None and self.fine:
            data["circumstance_level"] = plan.level
            if not plan.low <= self.fine <= plan.high:
                data["discretion_reason"] = plan.reason or discretion.REASONS[0]
        if "confiscate_gains" in self.kinds:
            key = {"notified": "notified_gains", "proposed": "proposed_gains",
                   "decided": "confiscated"}[prefix]
            data[key] = _money(self.gains)
        return {**self.basis(), **data}

    # --- general procedure -----------------------------------------------------------

    def open(self, *, lag: int = 0) -> date:
        rng = self.rng
        discovered = self.t0 - timedelta(days=rng.randint(1, 6))
        violation = discovered - timedelta(days=rng.randint(0, 40))
        source = rng.choice(("日常检查", "投诉举报", "“双随机、一公开”抽查", "上级交办",
                             "其他机关移送"))
        self.run.open(self.t0, violation_on=violation, discovered_on=discovered, source=source)
        on = self.t0 + timedelta(days=lag)
        # The head approves the 立案 on the 立案审批表 (R-CASE-13, 处罚法 54).
        self.run.step(on, "open", to="investigate",
                      data={"approval_opinion": "经审查，违法事实初步成立，符合立案条件，"
                                                "同意立案。",
                            "approved_by": self.run.head_name()})
        return on

    def investigate(self, on: date, to: str = "investigation_report", *, late=False) -> date:
        on = _later(on, self.rng, 2, 12)
        summary = (f"{self.plan.facts}执法人员现场制作了检查笔录，对当事人进行了询问，调取了"
                   "相关台账资料并拍照取证。")
        return self.run.step(on, "investigate", to=to, data={"summary": summary}, late=late)

    def report(self, on: date, to: str = "notify") -> date:
        on = _later(on, self.rng, 3, 9)
        if to == "notify" and self.discretion is not None:
            self.run.record_factors(on, self.discretion)
        proposal = self.penalty_data("proposed") if to == "notify" else self.basis()
        data = {**proposal, "summary": "违法事实清楚，证据确凿，建议依法给予"
                "行政处罚。" if to == "notify" else "当事人系首次违法，危害后果轻微并已及时改正，"
                "建议不予行政处罚。"}
        return self.run.step(on, "investigation_report", to=to, data=data)

    def notify(self, on: date) -> date:
        on = _later(on, self.rng, 2, 6)
        data = {**self.penalty_data("notified"), "served_on": on}
        to = ("hearing_offer" if hearing_eligible(self.kinds, self.fine, self.party_kind)
              else "statement")
        self.run.step(on, "notify", to=to, data=data)
        return on

    def make_severe(self) -> None:
        """The theme's heavier variant: its severe kinds give the party a right to a
        hearing, and make the decision a major one where the body's catalogue says so."""
        self.kinds = sorted(set(self.kinds) | set(self.theme.severe or ("fine",)))
        if not self.eligible():
            self.fine = max(self.fine, 100000 if self.party_kind != "natural_person"
                            else 10000)

    def eligible(self) -> bool:
        return hearing_eligible(self.kinds, self.fine, self.party_kind)

    def hearing_offer(self, on: date, *, requested: bool) -> date:
        on = _later(on, self.rng, 0, 2)
        # Not requested within the window: recorded with the party's written waiver, since
        # the 5 working days have not run out yet (R-CASE-04).
        waiver = {} if requested else {"waived_in_writing": True, "waived_on": on}
        return self.run.step(on, "hearing_offer",
                             to="hearing_request" if requested else "statement",
                             data={"served_on": on, **waiver})

    def statement(self, on: date, notice: date, *, waived: bool | None = None) -> date:
        rng = self.rng
        waived = rng.random() < 0.3 if waived is None else waived
        on = _later(on, rng, 1, 3)
        data = {"waived": True} if waived else {
            "statement_made": True,
            "summary": rng.choice(("当事人对违法事实无异议，称已立即整改，请求从轻处罚。",
                                   "当事人提出系初次违法且经营困难，申请减轻处罚。",
                                   "当事人对违法事实无异议，未提出新的事实和理由。"))}
        to = ("legal_review" if self.review_needed(on) else
              "collective_discussion" if "complex" in self.plan.flags else "decide")
        self.run.step(on, "statement", to=to, data=data)
        if waived:
            return on
        due = workdays.add_workdays(notice, int(rulebook.get(
            "case.statement_workdays", body=self.body, on=notice))).date
        return max(on, due)

    def review_needed(self, on: date, *, hearing=False) -> bool:
        facts = CaseFacts(party_kind=self.party_kind,
                          fine_amount=self.fine if self.fine else None,
                          penalty_kinds=frozenset(self.kinds), hearing_held=hearing,
                          flags=frozenset(self.plan.flags), procedure="penalty_general")
        return bool(review_required(self.body, facts, on=on))

    def review(self, on: date) -> date:
        """A legal review that passes; the reviewer's opinion moves the case on."""
        submitted = _later(on, self.rng, 1, 2)
        decided = _later(submitted, self.rng, 1, 3)
        self.run.fine_text = f"{self.fine:,}元" if self.fine else ""
        self.run.review(submitted, decided=decided)
        return decided

    def discussion(self, on: date, reason: str = Discussion.Reason.COMPLEX) -> date:
        held = _later(on, self.rng, 1, 4)
        self.run.discussion(held, reason)
        return held

    def decide(self, on: date) -> date:
        on = _later(on, self.rng, 1, 4)
        data = {**self.penalty_data("decided"),
                "payment_manner": "到本机关指定的代收银行或者通过电子支付系统缴纳罚款"}
        return self.run.step(on, "decide", data=data)

    def serve(self, on: date, *, method: str | None = None, late=False) -> date:
        rng = self.rng
        on = _later(on, rng, 0, 4)
        method = method or _weighted(rng, (("direct", 8), ("post", 3), ("leaving", 1)))
        to = "execute" if self.fine else "close"
        self.run.step(on, "serve", to=to, data={"served_on": on, "method": method},
                      late=late)
        return on

    def execute(self, on: date) -> date:
        paid = _later(on, self.rng, 2, 13)
        return self.run.step(paid, "execute", data={"paid_on": paid,
                                                    "paid_amount": _money(self.fine),
                                                    **bank_payment(self.rng, paid)})

    def close(self, on: date, *, penalised=True) -> date:
        on = _later(on, self.rng, 2, 10)
        summary = ("当事人已按期缴纳罚款，违法行为已改正，建议结案。" if self.fine
                   else "处罚决定已执行完毕，建议结案。" if penalised
                   else "已作出不予行政处罚决定并送达当事人，违法行为已改正，建议结案。")
        return self.run.step(on, "close", data={"summary": summary})

    def archive(self, on: date) -> date:
        return self.run.step(_later(on, self.rng, 3, 20), "archive")

    def to_decision(self, *, stop: str = "", late_upload=False,
                    start: date | None = None) -> date:
        """Open … statement (with hearing offer where eligible) and, unless stopped, the
        review and discussion the body's rules demand; returns the last day. ``start``: the
        case is open already, the investigation starts after that day."""
        on = start or self.open()
        on = self.investigate(on, late=late_upload)
        on = self.report(on)
        notice = self.notify(on)
        if stop == "notify":
            return notice
        on = self.after_notice(notice)
        return self.review_and_discuss(on, stop=stop)

    def after_notice(self, notice: date, *, waived: bool | None = None,
                     on: date | None = None) -> date:
        """The hearing offer (declined) where the penalty is eligible, then the statement."""
        on = on or notice
        if self.eligible():
            on = self.hearing_offer(on, requested=False)
        return self.statement(on, notice, waived=waived)

    def review_and_discuss(self, on: date, *, stop="", hearing=False) -> date:
        """Where the body's catalogue makes the decision a major one, the legal review
        (``stop="review"``: the case is left at it); collective discussion for a complex
        case."""
        if self.review_needed(on, hearing=hearing):
            if stop == "review":
                return on
            on = self.review(on)
        if "complex" in self.plan.flags:
            on = self.discussion(on)
        return on

    def full(self, *, until: str, late_upload=False, start: date | None = None) -> date:
        on = self.to_decision(late_upload=late_upload, start=start)
        on = self.decide(on)
        if until == "decided":
            return on
        on = self.serve(on)
        if until == "served" or (not self.fine and until == "executed"):
            return on
        if self.fine:
            on = self.execute(on)
        if until == "executed":
            return on
        on = self.close(on)
        if until == "closed":
            return on
        return self.archive(on)


def plan_general(builder: Builder, scenario: str) -> None:
    b, run, rng = builder, builder.run, builder.rng
    if scenario == "opened":
        # Opened and the opening form issued, the 立案 step not yet recorded.
        b.run.open(b.t0, violation_on=b.t0 - timedelta(days=rng.randint(5, 30)),
                   discovered_on=b.t0 - timedelta(days=rng.randint(0, 4)), source="投诉举报")
        run.step(b.t0, "open", documents_only=True)
    elif scenario == "investigating":
        b.open()
    elif scenario == "recusal_pending":
        on = b.open()
        run.recusal(_later(on, rng, 1, 3), lambda: run.officers[-1], decide_on=None,
                    granted=False)
    elif scenario == "recusal_granted":
        on = b.open()
        applied = _later(on, rng, 1, 3)
        decided = _later(applied, rng, 1, 3)
        run.recusal(applied, lambda: run.officers[-1], decide_on=decided, granted=True)
        # The investigation goes on with the officers who remain.
        b.full(until=rng.choice(("served", "archived")), start=decided)
    elif scenario == "statement":
        b.to_decision(stop="notify")
    elif scenario == "at_decision":
        b.to_decision()
    elif scenario in ("review_pending", "review_assigned"):
        if b.plan.body_key != "market":
            b.make_severe()
        on = b.to_decision(stop="review")
        run.fine_text = f"{b.fine:,}元" if b.fine else ""
        submitted = _later(on, rng, 1, 2)
        if rng.random() < 0.35:
            # A first round came back for revision; the revised case is with the unit again.
            decided = _later(submitted, rng, 1, 3)
            run.review(submitted, decided=decided, outcome="revise")
            submitted = _later(decided, rng, 1, 3)
        run.review(submitted, assign=scenario == "review_assigned")
    elif scenario in ("review_returned", "review_overdue", "review_extended"):
        if b.plan.body_key != "market":
            b.make_severe()
        on = b.to_decision(stop="review")
        run.fine_text = f"{b.fine:,}元" if b.fine else ""
        submitted = _later(on, rng, 1, 2)
        run.review(submitted, returned_first=scenario == "review_returned",
                   extended=_later(submitted, rng, 2, 3) if scenario == "review_extended"
                   else None)
    elif scenario == "review_gate":
        # The reviewer asked for changes; the case went on to the decision, which the
        # R-REV-02 gate refuses until a legal review has passed.
        if b.plan.body_key != "market":
            b.make_severe()
        on = b.to_decision(stop="review")
        run.fine_text = f"{b.fine:,}元" if b.fine else ""
        submitted = _later(on, rng, 1, 2)
        decided = _later(submitted, rng, 1, 3)
        answered = _later(decided, rng, 1, 2)
        run.review(submitted, decided=decided, outcome="rejected", answered=answered)
        b.discussion(answered, Discussion.Reason.DISAGREEMENT)
    elif scenario in ("served", "executed", "closed", "archived"):
        b.full(until=scenario, late_upload=rng.random() < 0.15)
    elif scenario == "no_penalty":
        on = b.open()
        on = b.investigate(on)
        b.fine, b.kinds = 0, []
        on = b.report(on, to="no_penalty")
        on = _later(on, rng, 1, 4)
        run.step(on, "no_penalty", data={
            "basis": "first_violation",
            "education": "执法人员向当事人宣讲了相关法律规定，当事人签署了《守法承诺书》，"
                         "承诺今后严格遵守相关规定。"},
                 extra_documents=("correction_order",))
        on = b.serve(on, method="direct")
        if rng.random() < 0.7:
            on = b.close(on, penalised=False)
            b.archive(on)
    elif scenario in ("transfer", "cancel"):
        on = b.open()
        on = b.investigate(on, to=scenario)
        on = _later(on, rng, 1, 5)
        if scenario == "transfer":
            receiver, reason = TRANSFER_RECEIVERS.get(
                b.plan.body_key, ("石家庄市司法局", "本机关对该违法行为无管辖权，依法移送。"))
            data = {"receiver": receiver, "reason": reason}
        else:
            data = {"reason": "经调查，当事人的行为不构成违法，依法撤销立案。"}
        on = run.step(on, scenario, data=data)
        b.archive(on)
    elif scenario in ("hearing_offered", "hearing_requested", "hearing_held"):
        _plan_hearing(b, scenario)
    elif scenario == "excluded_period":
        on = b.open()
        on = b.investigate(on)
        first = _later(on, rng, 1, 3)
        last = first + timedelta(days=rng.randint(20, 35))
        run.excluded(first, "testing", first, last,
                     "委托河北省产品质量监督检验研究院对涉案产品进行检验。")
        on = b.report(last)
        notice = b.notify(on)
        on = b.after_notice(notice)
        on = b.review_and_discuss(on)
        on = b.decide(max(on, b.t0 + timedelta(days=92)))
        on = b.serve(on)
        if b.fine:
            b.execute(on)
    elif scenario == "extension":
        on = b.open()
        on = b.investigate(on)
        on = b.report(b.t0 + timedelta(days=rng.randint(55, 65)))
        notice = b.notify(b.t0 + timedelta(days=rng.randint(76, 80)))
        on = b.after_notice(notice, waived=True)
        approved = b.t0 + timedelta(days=88)
        run.extension(approved, "R-CASE-05", "decide", 30,
                      "案情复杂，需补充调取当事人财务资料以核定违法所得，经负责人批准延长三十日。")
        on = b.review_and_discuss(max(on, approved))
        on = b.decide(max(on, b.t0 + timedelta(days=95)))
        b.serve(on)
    elif scenario == "overdue_decision":
        # Left at the decision, or still being investigated, past the 90 days.
        if rng.random() < 0.6:
            b.to_decision()
        else:
            b.open()
    elif scenario == "overdue_service":
        b.full(until="decided")
    elif scenario == "recording_exception":
        on = b.open()
        on = _later(on, rng, 1, 4)
        run.recording_exception(on, "investigate", approved=True)
        on = b.investigate(on)
        b.report(on)


def _plan_hearing(b: Builder, scenario: str) -> None:
    run, rng = b.run, b.rng
    b.make_severe()
    on = b.open()
    on = b.investigate(on)
    on = b.report(on)
    notice = b.notify(on)
    offered = b.hearing_offer(notice, requested=True)
    if scenario == "hearing_offered":
        return
    requested = _later(offered, rng, 1, 2)
    run.step(requested, "hearing_request", data={"requested_on": requested})
    if scenario == "hearing_requested":
        return
    served = _later(requested, rng, 1, 3)
    earliest = workdays.add_workdays(served, int(rulebook.get(
        "case.hearing_notice_workdays", body=b.body, on=served))).date
    held = _workday_on_or_after(_later(earliest, rng, 0, 4))
    run.hearing_on = held
    run.step(served, "hearing_notice", data=lambda: {"served_on": served, "hearing_on": held,
                                                     "chair": run.chair.pk})
    run.excluded(held, "hearing", served, held, "依当事人申请组织听证。")
    run.step(held, "hearing", data=lambda: {"chair": run.chair.pk, "summary": (
        "调查人员陈述了违法事实、证据和拟处罚意见；当事人及其委托代理人进行了申辩和质证，"
        "称已全面整改，请求减轻处罚。")}, gap=rng.random() < 0.5)
    on = _later(held, rng, 1, 3)
    review = b.review_needed(on, hearing=True)
    discuss = "complex" in b.plan.flags
    to = "legal_review" if review else ("collective_discussion" if discuss else "decide")
    run.step(on, "hearing_report", to=to, data={
        "summary": "听证主持人认为，本案事实清楚，证据确凿，当事人提出的整改情况属实，建议在"
                   "裁量基准范围内依法作出处罚。"})
    on = b.review_and_discuss(on, hearing=True) if review or discuss else on
    on = b.decide(on)
    on = b.serve(on)
    if b.fine:
        b.execute(on)


def plan_simple(builder: Builder, scenario: str) -> None:
    b, run, rng = builder, builder.run, builder.rng
    on = b.t0
    run.open(on, violation_on=on, discovered_on=on, source="现场发现")
    data = {"decided_kinds": b.kinds, "place": b.plan.place, "facts": b.plan.facts,
            **b.basis(), "payment_manner": "当场缴纳罚款" if b.fine and b.fine <= 100
            else "到本机关指定的代收银行缴纳罚款"}
    if b.fine:
        data["decided_fine"] = _money(b.fine)
    run.step(on, "decide_on_spot", data=data, late=rng.random() < 0.1)
    run.step(on, "deliver", data={"served_on": on})
    if scenario == "simple_paying":
        return
    paid = _later(on, rng, 0, 10)
    run.step(paid, "execute", data={"paid_on": paid, "paid_amount": _money(b.fine),
                                    **simple_payment(rng, b.fine, paid)} if b.fine else {})
    run.step(_later(paid, rng, 0, 3), "file")


def plan_inspection(builder: Builder, scenario: str) -> None:
    b, run, rng = builder, builder.run, builder.rng
    subject = INSPECTION_SUBJECTS[b.plan.body_key]
    on = b.t0
    run.open(on, violation_on=on, discovered_on=on, source="年度检查计划")
    run.step(on, "prepare", data={"plan": f"按照年度检查计划，对{b.plan.party['name']}的"
                                          f"{subject[3]}进行检查。"})
    on = _later(on, rng, 1, 5)
    problems = scenario != "inspection_clear"
    # The themes' facts open with 经查, as a decision states them; after 检查发现 the record
    # would say it twice (检查发现：经查，…).
    found = b.theme.facts.format(party="当事人", place=b.plan.place).removeprefix("经查，")
    findings = ("检查发现：" + found
                if problems else f"检查了{subject[3]}，未发现违法行为。")
    run.step(on, "inspect", data={"findings": findings}, late=rng.random() < 0.1)
    on = _later(on, rng, 0, 2)
    if scenario == "inspection_clear":
        run.step(on, "result", to="finish", data={"summary": "未发现违法行为，检查结束。"})
        run.step(on, "finish")
        return
    if scenario == "inspection_to_case":
        run.step(on, "result", to="to_case", data={"summary": "发现涉嫌违法行为，建议立案调查。"})
        run.step(_later(on, rng, 0, 2), "to_case")
        return
    run.step(on, "result", to="recheck", data={"summary": "责令当事人限期十五日内改正。"},
             extra_documents=("correction_order",))
    if scenario == "inspection_correcting":
        return
    on = _later(on, rng, 12, 20)
    run.step(on, "recheck", to="finish", data={"findings": "复查发现当事人已按要求完成整改。"})
    run.step(on, "finish")


def plan_coercion(builder: Builder, scenario: str) -> None:
    b, run, rng = builder, builder.run, builder.rng
    on = b.t0
    run.open(on, violation_on=on - timedelta(days=rng.randint(1, 5)), discovered_on=on,
             source="现场检查")
    if scenario == "enforcement":
        subject = ENFORCEMENT_SUBJECTS[b.plan.body_key]
        run.step(on, "approve", to="demand", data={
            "measure": f"当事人逾期不履行限期拆除决定，拟依法{subject[1]}。"})
        on = _later(on, rng, 1, 3)
        # 强制法 35, 37: the obligation the decision imposed, stated by both documents.
        verb = subject[1][2:4]  # 强制拆除… → 拆除
        obligation = ("按照本机关作出的限期{0}决定，自行{0}{1}。"
                      .format(verb, subject[2].removeprefix(f"逾期未{verb}的")))
        run.step(on, "demand", to="enforcement_statement",
                 data={"obligation": obligation, "served_on": on})
        on = _later(on, rng, 11, 14)
        run.step(on, "enforcement_statement", data={
            "summary": "当事人在催告期内未履行义务，亦未提出陈述、申辩。"})
        on = _later(on, rng, 1, 3)
        run.step(on, "enforcement_decision", data={"obligation": obligation, "served_on": on})
        on = _workday_on_or_after(_later(on, rng, 5, 10))
        started = timezone.make_aware(datetime.combine(on, time(9, rng.randrange(60))))
        run.step(on, "enforce", data={"started_at": started}, gap=rng.random() < 0.5)
        run.step(_later(on, rng, 0, 3), "close")
        return
    subject = SEIZURE_SUBJECTS[b.plan.body_key]
    run.step(on, "approve", to="seize", data={"measure": f"{subject[1]}：{subject[2]}。"})
    run.step(on, "seize", data={"items": subject[2], "place": b.plan.place},
             gap=rng.random() < 0.3)
    extended = scenario == "seizure_extended"
    run.step(on, "serve_seizure", to="extend" if extended else "release",
             data={"served_on": on})
    if scenario == "seizure_running":
        return
    if extended:
        approved = on + timedelta(days=rng.randint(24, 27))
        run.extension(approved, "R-CASE-10", "extend", 30,
                      "涉案物品检测结果尚未出具，经负责人批准延长扣押期限三十日。")
        run.step(approved, "extend")
        on = approved + timedelta(days=rng.randint(10, 25))
    else:
        on = _later(on, rng, 8, 25)
    # 强制法 27, 28: lifting is the body's own decision, approved by the head at this step
    # (the approval form first), then issued with the ground and the day it takes effect.
    ground, summary = RELEASE_FACTS[b.plan.body_key]
    run.step(on, "release", data={"release_ground": ground, "released_on": on,
                                  "summary": summary},
             extra_documents=("internal_approval_form", "seizure_release_decision"))
    run.step(_later(on, rng, 0, 3), "close")


def plan_licence(builder: Builder, scenario: str) -> None:
    b, run, rng = builder, builder.run, builder.rng
    subject = LICENCE_SUBJECTS[b.plan.body_key]
    on = b.t0
    run.open(on, violation_on=on, discovered_on=on, source="当事人申请")
    run.step(on, "apply", data={"matter": subject[1]})
    on = _later(on, rng, 0, 2)
    if scenario == "licence_supplement":
        run.step(on, "accept", to="supplement", data={
            "missing": "1. 与食品经营相适应的主要设备设施布局图；2. 食品安全管理人员健康证明；"
                       "3. 经营场所使用证明。"}, extra_documents=("correction_materials_notice",))
        return
    run.step(on, "accept", to="examine", data={}, extra_documents=("acceptance_notice",))
    on = _later(on, rng, 2, 6)
    if scenario == "licence_examining":
        return
    refused = scenario == "licence_refused"
    run.step(on, "examine", to="decide", data={"on_site": True, "summary": (
        "经现场核查，经营场所布局、设备设施与申请材料一致。" if not refused else
        "经现场核查，经营场所与有毒、有害场所距离不符合要求。")})
    on = _later(on, rng, 1, 5)
    if refused:
        run.step(on, "decide", to="serve", data={"summary": "不符合法定条件，不予许可。"},
                 extra_documents=("licence_refusal_decision",))
    else:
        run.step(on, "decide", to="issue_certificate", data={"summary": "符合法定条件，准予许可。"},
                 extra_documents=("licence_grant_decision",))
        on = _later(on, rng, 1, 5)
        number = f"JY1{REGION_CODE}{rng.randrange(10 ** 7):07d}"
        run.step(on, "issue_certificate", data={"certificate_number": number})
    on = _later(on, rng, 0, 3)
    run.step(on, "serve", data={"served_on": on})


# Where each scenario's case ends up relative to today: the last act lands ``lag`` days
# ago, the case was opened at least ``age`` days ago.
TIMING: dict[str, tuple[tuple[int, int], int]] = {
    "opened": ((1, 4), 0),
    "investigating": ((2, 40), 0),
    "recusal_pending": ((1, 10), 0),
    "statement": ((1, 1), 0),
    "at_decision": ((1, 12), 0),
    "review_pending": ((1, 3), 0),
    "review_assigned": ((1, 3), 0),
    "review_gate": ((1, 6), 0),
    "review_returned": ((1, 3), 0),
    "review_overdue": ((12, 20), 0),
    "review_extended": ((3, 4), 0),
    "served": ((2, 30), 0),
    "executed": ((5, 40), 0),
    "closed": ((2, 25), 0),
    "archived": ((10, 330), 0),
    "no_penalty": ((5, 300), 0),
    "transfer": ((10, 300), 0),
    "cancel": ((10, 300), 0),
    "hearing_offered": ((1, 2), 0),
    "hearing_requested": ((1, 4), 0),
    "hearing_held": ((5, 200), 0),
    "recusal_granted": ((5, 200), 0),
    "excluded_period": ((5, 150), 0),
    "extension": ((3, 120), 0),
    "overdue_decision": ((30, 60), 100),
    "overdue_service": ((14, 40), 0),
    "recording_exception": ((1, 20), 0),
    "simple_filed": ((3, 390), 0),
    "simple_paying": ((1, 8), 0),
    "inspection_clear": ((2, 390), 0),
    "inspection_corrected": ((5, 360), 0),
    "inspection_to_case": ((3, 300), 0),
    "inspection_correcting": ((1, 10), 0),
    "seizure_released": ((5, 350), 0),
    "seizure_extended": ((5, 300), 0),
    "seizure_running": ((3, 20), 0),
    "enforcement": ((5, 300), 0),
    "licence_granted": ((3, 370), 0),
    "licence_refused": ((5, 300), 0),
    "licence_supplement": ((1, 3), 0),
    "licence_examining": ((1, 4), 0),
}

PLANNERS = {"penalty_general": plan_general, "penalty_simple": plan_simple,
            "inspection": plan_inspection, "coercion": plan_coercion,
            "licence": plan_licence}


def _body_for(scenario: str, procedure: str, first: bool, rng) -> str:
    if first and scenario in FIRST_PASS_BODY:
        return FIRST_PASS_BODY[scenario]
    if procedure == "penalty_general":
        pairs = PENALTY_BODIES
        if scenario.startswith("review"):
            pairs = (("emergency", 1), ("market", 3), ("environment", 1))
        elif scenario.startswith("hearing"):
            pairs = (("emergency", 2), ("environment", 2), ("market", 1))
        elif scenario == "no_penalty":
            pairs = (("emergency", 2), ("market", 2), ("urban", 1))
        elif scenario == "transfer":
            pairs = (("emergency", 1), ("market", 1), ("environment", 1))
    elif procedure == "penalty_simple":
        pairs = SIMPLE_BODIES
    elif procedure == "inspection":
        pairs = INSPECTION_BODIES
    elif procedure == "coercion":
        pairs = COERCION_BODIES["enforcement" if scenario == "enforcement" else "seizure"]
    else:
        pairs = LICENCE_BODIES
    return pairs[0][0] if first else _weighted(rng, pairs)


def _theme(body_key: str, procedure: str, scenario: str, rng) -> Theme:
    if procedure == "penalty_simple":
        return rng.choice(SIMPLE_THEMES[body_key])
    if procedure == "inspection":
        themes = THEMES.get(body_key) or ()
        field_code, _subject, trade, _content = INSPECTION_SUBJECTS[body_key]
        same = [t for t in themes if t.field == field_code]
        if same:
            return rng.choice(same)
        return Theme(field_code, "", "发现{party}的台账资料不完整。", trade=trade)
    if procedure == "coercion":
        table = ENFORCEMENT_SUBJECTS if scenario == "enforcement" else SEIZURE_SUBJECTS
        field_code = table[body_key][0]
        same = [t for t in THEMES.get(body_key, ()) if t.field == field_code]
        return rng.choice(same) if same else Theme(field_code, "", "", trade="factory")
    if procedure == "licence":
        field_code, _matter, trade, _code = LICENCE_SUBJECTS[body_key]
        return Theme(field_code, "", "", trade=trade, parties=("organisation",
                                                                "individual_business"))
    themes = THEMES[body_key]
    if scenario == "no_penalty":
        themes = tuple(t for t in themes if t.lenient) or themes
    elif scenario.startswith("hearing") or (
            scenario.startswith("review") and body_key != "market"):
        themes = tuple(t for t in themes if t.severe) or themes
    return rng.choice(themes)


def _title(procedure: str, scenario: str, body_key: str, theme: Theme, party: dict) -> str:
    name = party["name"]
    if procedure == "inspection":
        return f"对{name}的{INSPECTION_SUBJECTS[body_key][1]}"
    if procedure == "coercion":
        table = ENFORCEMENT_SUBJECTS if scenario == "enforcement" else SEIZURE_SUBJECTS
        return f"对{name}{table[body_key][1]}"
    if procedure == "licence":
        return f"{name}申请{LICENCE_SUBJECTS[body_key][1]}"
    return f"{name}{theme.violation}案"


def plan_case(loader: Loader, index: int, scenario: str, first: bool, today: date):
    """The case's plan and its run, or None when the body has too few qualified officers."""
    rng = random.Random(f"{loader.seed}:case:{index}")  # noqa: S311
    procedure = PROCEDURE_OF[scenario]
    body_key = _body_for(scenario, procedure, first, rng)
    theme = _theme(body_key, procedure, scenario, rng)
    party_kind = rng.choice(theme.parties)
    party, place = loader.party(rng, party_kind, theme.trade)
    title = _title(procedure, scenario, body_key, theme, party)
    facts = theme.facts.format(party=party["name"], place=place) if theme.facts else ""
    if procedure == "inspection":
        facts = f"检查内容：{INSPECTION_SUBJECTS[body_key][3]}。"
    item_code = theme.item_code
    item_name = theme.item_name
    if procedure == "coercion":
        table = ENFORCEMENT_SUBJECTS if scenario == "enforcement" else SEIZURE_SUBJECTS
        item_code, item_name = table[body_key][3], ""
    elif procedure == "licence":
        item_code, item_name = LICENCE_SUBJECTS[body_key][3], LICENCE_SUBJECTS[body_key][1]
    elif procedure != "penalty_general":
        item_code = item_name = ""
    # A few archived cases were complex: reviewed, then discussed collectively (R-REV-08).
    complex_case = scenario == "archived" and (first or rng.random() < 0.08)
    flags = ("complex",) if complex_case else ()
    (lag_low, lag_high), age = TIMING[scenario]
    lag = rng.randint(lag_low, lag_high)
    state = rng.getstate()
    end_target = today - timedelta(days=lag)
    t0 = end_target
    run = None
    for _attempt in range(4):
        rng.setstate(state)
        plan = CasePlan(index=index, scenario=scenario, procedure=procedure,
                        body_key=body_key, field_code=theme.field, title=title, facts=facts,
                        party=party, place=place, item_code=item_code, item_name=item_name,
                        flags=flags)
        run = Run(loader, plan, [], rng)
        PLANNERS[procedure](Builder(run, theme, rng, t0), scenario)
        last = max(a.on for a in plan.acts)
        if last <= end_target and (not age or (today - t0).days >= age):
            break
        t0 -= (last - end_target) if last > end_target else timedelta(0)
        if age and (today - t0).days < age:
            t0 = today - timedelta(days=age + rng.randint(0, 20))
    first_day, last_day = min(a.on for a in plan.acts), max(a.on for a in plan.acts)
    if first_day < today - timedelta(days=HISTORY_DAYS + 120) or last_day >= today:
        return None
    middle = first_day + (last_day - first_day) / 2
    three = scenario in ("recusal_pending", "recusal_granted")
    officers = loader.pick_officers(body_key, theme.field, [first_day, middle, last_day,
                                                            today], rng, 3 if three else 2)
    if not officers:
        return None
    run.officers = officers
    if run.hearing_on is not None:
        run.chair = loader.chair(body_key, theme.field, officers, run.hearing_on, rng)
        if run.chair is None:
            return None
    run.on_case_account = (body_key == ACCOUNT_BODY
                           and any(o.pk == loader.account_officer_id for o in officers))
    return run


def load(*, bodies: dict, officers: dict, today: date, seed: int = 2026,
         count: int | None = None, workers: int = 1) -> LoadResult:
    """Open and carry the demo cases forward; see the module docstring.

    ``bodies`` and ``officers`` map the plan's keys to the saved rows (as ``county._write``
    has them). A case whose act the rules refuse stops where it is and is listed in
    ``failures``; it never happens with the shipped tables.

    ``workers`` above 1 carries the cases out in that many processes, each taking whole
    bodies (``_partition``), every act in its own transaction, as officers of different
    bodies work at the same time: one process renders a document with no lock held
    (``issue_document``) while another writes. Each body's acts keep their date order, so
    its case and document numbers are the same as with one process; only the order of the
    bodies' events in the ledger (and the rows' ids) interleave differently. It needs
    committed rows and no open transaction (``county.load(workers=…)``, ADR 0030).
    """
    import time as clock

    started = clock.perf_counter()
    total = requested_count(count)
    result = LoadResult(cases=0, scenarios=Counter(), failures=[])
    if total == 0:
        return result
    loader = Loader(bodies=bodies, officers=officers, today=today, seed=seed)
    rng = random.Random(f"{seed}:cases")  # noqa: S311
    firsts = set()
    runs = []
    for index, scenario in enumerate(scenario_list(total, rng)):
        first = scenario not in firsts
        firsts.add(scenario)
        run = plan_case(loader, index, scenario, first, today)
        if run is None:
            result.failures.append(f"{index} {scenario}: not planned")
            continue
        runs.append(run)
    groups = _partition(runs, workers)
    parts = _carry_out_in_processes(groups) if len(groups) > 1 else [carry_out(runs)]
    for part in parts:
        result.cases += part.cases
        result.scenarios.update(part.scenarios)
        result.failures.extend(part.failures)
        result.documents += part.documents
        result.recordings += part.recordings
        result.transcripts_queued += part.transcripts_queued
        result.case_pks.extend(part.case_pks)
    result.seconds = clock.perf_counter() - started
    return result


def carry_out(runs: list[Run]) -> LoadResult:
    """Carry out the runs' acts in date order (then case, then the act's place)."""
    result = LoadResult(cases=0, scenarios=Counter(), failures=[])
    queue = sorted(((act.on, run.plan.index, position, act, run)
                    for run in runs for position, act in enumerate(run.plan.acts)),
                   key=lambda row: row[:3])
    broken: set[int] = set()
    for _on, index, _position, act, run in queue:
        if index in broken:
            continue
        try:
            act.do()
        except RuleViolation as error:
            broken.add(index)
            result.failures.append(f"{index} {run.plan.scenario} {act.label} {act.on}: "
                                   f"{error.code} {error.message}")
    for run in runs:
        if run.case is not None:
            result.cases += 1
            result.scenarios[run.plan.scenario] += 1
            result.case_pks.append(run.case.pk)
    # Review opinions and discussion records are issued by the review actions themselves.
    result.documents = Document.objects.filter(case_id__in=result.case_pks).count()
    result.recordings = sum(run.recordings for run in runs)
    result.transcripts_queued = sum(run.transcripts_queued for run in runs)
    return result


DOCUMENT_WORK = 3  # a document (rendered) costs about three other acts


def _work(run: Run) -> int:
    """The run's acts, a step's documents counted as ``DOCUMENT_WORK`` acts each."""
    procedure = PROCEDURES[run.plan.procedure]
    work = 0
    for act in run.plan.acts:
        work += 1
        with contextlib.suppress(KeyError):  # not a step: a review, a recusal …
            work += DOCUMENT_WORK * len(procedure.step(act.label).documents)
    return work


def _partition(runs: list[Run], workers: int) -> list[list[Run]]:
    """The runs in at most ``workers`` groups of whole bodies, of about equal work
    (``_work``), the busiest body first (longest-processing-time first). A body's cases stay
    together: its numbers are then issued in date order by one process."""
    by_body: dict[str, list[Run]] = {}
    for run in runs:
        by_body.setdefault(run.plan.body_key, []).append(run)
    work = {key: sum(_work(run) for run in group) for key, group in by_body.items()}
    groups: list[list[Run]] = [[] for _ in range(max(1, min(workers, len(by_body))))]
    loads = [0] * len(groups)
    for key in sorted(by_body, key=lambda k: (-work[k], k)):
        smallest = loads.index(min(loads))
        groups[smallest].extend(by_body[key])
        loads[smallest] += work[key]
    return [group for group in groups if group]


def _carry_out_in_processes(groups: list[list[Run]]) -> list[LoadResult]:
    """``carry_out`` of each group in a process of its own (forked: the planned acts are
    closures), each with its own database connection; a process that fails stops the load
    with its traceback."""
    import multiprocessing

    from django.db import connections

    if any(connection.in_atomic_block for connection in connections.all()):
        raise RuntimeError("the demo cases are loaded in processes only outside a transaction")
    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    children = []
    for group in groups:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(group, sender), daemon=True)
        process.start()
        sender.close()
        children.append((process, receiver))
    parts, errors = [], []
    for process, receiver in children:
        try:
            status, value = receiver.recv()
        except EOFError:
            status, value = "error", "the process ended without a result"
        process.join()
        if status == "ok":
            parts.append(value)
        else:
            errors.append(value)
    if errors:
        raise RuntimeError("loading the demo cases failed:\n" + "\n".join(errors))
    return parts


def _child(group: list[Run], sender) -> None:
    import traceback

    from django.db import connections

    try:
        try:
            sender.send(("ok", carry_out(group)))
        except BaseException:  # reported to the parent, which raises
            sender.send(("error", traceback.format_exc()))
        finally:
            connections.close_all()
            sender.close()
    finally:
        os._exit(0)  # not the parent's exit handlers
