"""The demo county's random inspections (双随机、一公开), through ``inspections.actions``.

A directory of 72 objects of the county (enterprises with every credit class, some on the
abnormal list, and a few sites and projects), the inspectors of the emergency and market
bodies, two conflicts of interest, both bodies' plans for the year, and three tasks:

- 县应急局: a directed, class-stratified task over the industrial enterprises, drawn;
- 县市场监管局: an undirected task drawn, then redrawn with its reason (the first stays public);
- a joint task of both bodies (one visit per object, each body records its own result).

Results cover every official category, one leads to a case, most are published. Seeds
come from ``random.Random(seed)``, so the same seed gives the same draws.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from sanxiang.core.identifiers import make_credit_code
from sanxiang.demo.bodies import COUNTY, REGION_CODE, TOWNS
from sanxiang.inspections import actions
from sanxiang.inspections.models import Result, Target
from sanxiang.org.models import Officer
from sanxiang.org.qualification import check_qualifications

INDUSTRIES = (("化工", "化工有限公司"), ("冶金", "钢铁制品有限公司"),
              ("机械制造", "机械制造有限公司"), ("建材", "建材有限公司"), ("食品经营", "食品商行"),
              ("食品生产", "食品有限公司"))
NAMES = ("宏达", "鑫源", "华泰", "永盛", "恒通", "金穗", "瑞丰", "新兴", "利民", "东方", "长城",
         "润泽")
CLASSES = "A" * 6 + "B" * 9 + "C" * 4 + "D" * 1
SIZES = ("micro", "small", "small", "medium", "large")
# (category, follow-up): every official result category once at least (R-INS-04).
OUTCOMES = (
    (Result.Category.NO_PROBLEM, Result.FollowUp.NONE),
    (Result.Category.PENDING, Result.FollowUp.CORRECTION),  # → a case
    (Result.Category.CORRECTED, Result.FollowUp.CORRECTION),
    (Result.Category.NOT_DISCLOSED, Result.FollowUp.CORRECTION),
    (Result.Category.FALSE_DISCLOSURE, Result.FollowUp.TRANSFER),
    (Result.Category.NO_ACTIVITY, Result.FollowUp.NONE),
    (Result.Category.UNREACHABLE, Result.FollowUp.NOTIFY),
    (Result.Category.OBSTRUCTED, Result.FollowUp.TRANSFER),
    (Result.Category.CLOSED, Result.FollowUp.NONE),
    (Result.Category.OTHER_DEPARTMENT, Result.FollowUp.NOTIFY),
    (Result.Category.NO_PROBLEM, Result.FollowUp.NONE),
    (Result.Category.NO_PROBLEM, Result.FollowUp.NONE),
)
METHODS = (Result.Method.ON_SITE, Result.Method.ON_SITE, Result.Method.DOCUMENTS,
           Result.Method.TESTING, Result.Method.ONLINE, Result.Method.EXPERTS)
OTHER_OBJECTS = (
    ("site", "滹阳县滹沱河大桥施工现场"), ("project", "滹阳县城区供热管网改造工程"),
    ("site", "滹阳县柳林镇农贸市场"), ("project", "滹阳县工业园区标准厂房项目"),
    ("site", "滹阳县北宋镇加油站"), ("product", "滹阳县产小麦粉（批次抽检）"),
)
UNPUBLISHED = 3  # the newest results wait for the clerk


def _directory(rng: random.Random) -> list[Target]:
    targets = []
    for index in range(66):
        industry, suffix = INDUSTRIES[index % len(INDUSTRIES)]
        town = TOWNS[index % len(TOWNS)]
        batch = index // len(NAMES)  # 0 for the first dozen, then 1, 2 … to keep names unique
        number = f"{batch}号" if batch else ""
        name = f"{COUNTY}{town}{NAMES[index % len(NAMES)]}{number}{suffix}"
        targets.append(actions.add_target(
            acting_user=None, name=name, industry=industry,
            credit_code=make_credit_code(prefix="91", region=REGION_CODE, seed=70_000 + index),
            entity_type="有限责任公司" if suffix.endswith("公司") else "个体工商户",
            region_code=REGION_CODE, size=rng.choice(SIZES), credit_class=rng.choice(CLASSES),
            abnormal=index % 17 == 5, address=f"{COUNTY}{town}{index + 1}号",
            legal_representative=rng.choice(("赵立新", "钱建国", "孙丽", "李强", "周敏", "吴磊"))))
    for kind, name in OTHER_OBJECTS:
        targets.append(actions.add_target(acting_user=None, kind=kind, name=name,
                                          region_code=REGION_CODE, industry="建材"
                                          if kind != "product" else "食品生产"))
    return targets


def _inspectors(body, field_code: str, today: date, limit: int, first=None) -> list[Officer]:
    officers = list(Officer.objects.filter(body=body, status=Officer.Status.ACTIVE)
                    .order_by("pk"))
    if first is not None and first in officers:
        officers.remove(first)
        officers.insert(0, first)
    ok = [q.officer for q in check_qualifications(officers, category_code=field_code, on=today)
          if q.ok][:limit]
    for officer in ok:
        actions.enroll_inspector(acting_user=None, officer=officer)
    return ok


def _seed(rng: random.Random) -> str:
    return " ".join(f"{rng.randrange(10):d}" for _ in range(5))


def _record(assignment, body, outcome, index, today):
    category, follow_up = outcome
    findings = "" if follow_up == Result.FollowUp.NONE else {
        Result.Category.PENDING: "未建立安全生产教育和培训档案，特种作业人员未持证上岗。",
        Result.Category.CORRECTED: "消防通道堆放杂物，现场责令清理，已改正。",
        Result.Category.NOT_DISCLOSED: "未按规定在国家企业信用信息公示系统公示年度报告。",
        Result.Category.FALSE_DISCLOSURE: "公示的从业人数、资产状况与实际不符。",
        Result.Category.UNREACHABLE: "通过登记的住所无法联系，拟列入经营异常名录。",
        Result.Category.OBSTRUCTED: "拒绝检查人员进入生产场所，情节严重。",
        Result.Category.OTHER_DEPARTMENT: "发现涉嫌违法排污，属生态环境部门职责，已抄告。",
    }.get(category, "")
    return actions.record_result(
        acting_user=None, assignment=assignment, body=body, category=category,
        method=METHODS[index % len(METHODS)], follow_up=follow_up,
        # The platform dates the draw itself (R-CASE-15): a load that runs past midnight
        # (Beijing time) drew on the next day, and an inspection is never before its draw.
        inspected_on=max(today, assignment.drawn_on),
        findings=findings, evidence="现场检查笔录、现场照片" if findings else "")


def load(*, bodies: dict, today: date, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed * 13 + 7)  # noqa: S311 — demo data, reproducible by design
    emergency, market = bodies["emergency"], bodies["market"]
    _directory(rng)
    demo_officer = get_user_model().objects.filter(username="officer").values_list(
        "officer", flat=True).first()
    first = Officer.objects.filter(pk=demo_officer).first()
    safety = _inspectors(emergency, "AQSC", today, 8, first=first)
    food = _inspectors(market, "SCJG", today, 8)
    actions.declare_conflict(acting_user=None, target=Target.objects.order_by("pk")[0],
                             officer=safety[-1], reason="relative", declared_on=today,
                             note="配偶在该企业任职")
    actions.declare_conflict(acting_user=None, target=Target.objects.order_by("pk")[4],
                             officer=food[-1], reason="object_request", declared_on=today,
                             note="企业书面申请回避")
    year = today.year
    plan_e = actions.file_plan(acting_user=None, body=emergency, year=year,
                               title=f"{emergency.name}{year}年度“双随机、一公开”抽查工作计划",
                               planned_tasks=3, planned_objects=30,
                               content="重点检查工贸企业安全生产责任制落实、隐患排查治理情况。")
    plan_m = actions.file_plan(acting_user=None, body=market, year=year,
                               title=f"{market.name}{year}年度“双随机、一公开”抽查工作计划",
                               planned_tasks=4, planned_objects=40,
                               content="食品经营者、食品生产者监督检查，按信用风险分类确定比例。")
    ends = today + timedelta(days=60)
    safety_task = actions.create_task(
        acting_user=None, body=emergency, plan=plan_e, field_code="AQSC",
        title=f"{year}年工贸企业安全生产情况定向抽查", item_codes=["YJ-SJ-001"],
        filter_kind="directed", filters={"industries": ["化工", "冶金", "机械制造", "建材"]},
        ratio=10, class_ratios={"A": 5, "B": 15, "C": 40, "D": 100}, starts_on=today,
        ends_on=ends, seed_source="县公证处公证员现场摇号产生的五位数字（摇号时间另行公告）")
    food_task = actions.create_task(
        acting_user=None, body=market, plan=plan_m, field_code="SCJG",
        title=f"{year}年食品经营者监督检查不定向抽查", item_codes=["SC-SJ-001"],
        filter_kind="undirected", ratio=8, starts_on=today, ends_on=ends,
        seed_source="抽取次日福利彩票“排列5”开奖号码")
    joint_task = actions.create_task(
        acting_user=None, body=market, plan=plan_m, partners=[emergency], field_code="SCJG",
        title=f"{year}年食品生产企业部门联合抽查", item_codes=["SC-SJ-002", "YJ-SJ-001"],
        filter_kind="directed", filters={"industries": ["食品生产"]}, ratio=30,
        starts_on=today, ends_on=ends, key_items=["YJ-SJ-001"],
        seed_source="县市场监管局、县应急局联合摇号，县纪委监委派员见证")
    draws = {}
    for task, witness in ((safety_task, "滹阳县公证处 公证员 刘慧"),
                          (food_task, "滹阳县公证处 公证员 刘慧"),
                          (joint_task, "县纪委监委驻市场监管局纪检组 王明")):
        draw = actions.publish_lists(acting_user=None, task=task)
        draws[task.pk] = actions.enter_seed(acting_user=None, draw=draw, seed=_seed(rng),
                                            witness=witness)
    # The first market draw picked objects that had closed before the lists were fixed.
    redrawn = actions.redraw(acting_user=None, draw=draws[food_task.pk],
                             reason="抽取后核实名录中部分企业已于名单公布前注销，名录更新后重新抽取")
    draws[food_task.pk] = actions.enter_seed(acting_user=None, draw=redrawn, seed=_seed(rng),
                                             witness="滹阳县公证处 公证员 刘慧")
    results = []
    index = 0
    for task, body in ((safety_task, emergency), (joint_task, market), (food_task, market)):
        for assignment in draws[task.pk].assignments.order_by("position"):
            results.append(_record(assignment, body, OUTCOMES[index % len(OUTCOMES)], index,
                                   today))
            index += 1
            if task is joint_task:  # one visit, each body records its own result
                results.append(_record(assignment, emergency, OUTCOMES[0], index, today))
    pending = next(r for r in results if r.category == Result.Category.PENDING)
    actions.open_case_for_result(acting_user=None, result=pending,
                                 title="未如实记录安全生产教育和培训情况案",
                                 facts="双随机抽查发现该单位未建立安全生产教育和培训档案。")
    for result in results[:-UNPUBLISHED]:
        actions.publish_result(acting_user=None, result=result)
    return {"targets": Target.objects.count(), "results": len(results)}
