"""Numbers that vary by province or sector: national defaults, overridable per body.

Code never writes these numbers as literals; it asks ``rulebook.get(key, body=…, on=…)``.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import Q
from django.utils import timezone

from sanxiang.core.models import RulebookEntry

# key: (default value, what it is — shown to administrators)
DEFAULTS: dict[str, tuple[object, str]] = {
    "org.reviewer_ratio_min": (0.05, "法制审核人员占执法人员的最低比例（R-ORG-05）"),
    "org.reviewer_count_min": (1, "法制审核人员最少人数（R-ORG-05）"),
    "org.min_officers_per_act": (2, "执法行为最少执法人员数（R-ORG-04）"),
    "org.annual_inspection_grace_days": (
        90,
        "证件年度审验宽限天数：上一年度审验结果在本年度前若干天内仍可沿用（R-ORG-03）",
    ),
    # Procedure periods and limits read by the workflow definitions (sanxiang.cases.workflows).
    "case.decision_days": (90, "行政处罚一般程序自立案之日起作出决定的期限（日，R-CASE-05）"),
    "case.decision_extension_days": (30, "经批准延长作出处罚决定的期限（日，R-CASE-05）"),
    "case.service_workdays": (7, "处罚决定书送达期限（工作日，R-CASE-06）"),
    "case.statement_workdays": (3, "收到事先告知书后提出陈述、申辩的期限（工作日，R-CASE-03）"),
    "case.hearing_request_workdays": (5, "收到听证告知后申请听证的期限（工作日，R-CASE-04）"),
    "case.hearing_notice_workdays": (7, "举行听证前通知当事人的提前期（工作日，R-CASE-04）"),
    "case.hearing_fine_person": (10000, "应告知听证权利的较大数额罚款：自然人（元，R-CASE-04）"),
    "case.hearing_fine_org": (
        100000, "应告知听证权利的较大数额罚款：法人及非法人组织（元，R-CASE-04）",
    ),
    "case.opening_days": (
        15,
        "自发现违法行为线索之日起报机关负责人批准立案的期限（日，R-CASE-13；市场监管等行业可另行设定）",
    ),
    "case.opening_extension_days": (
        15, "特殊情况下经机关负责人批准延长立案的期限（日，R-CASE-13）",
    ),
    "case.on_spot_collection_limit": (
        100, "执法人员可以当场收缴的罚款数额上限（元，R-CASE-14）",
    ),
    "case.hand_in_days": (2, "当场收缴的罚款交至行政机关的期限（日，R-CASE-14）"),
    "case.payment_days": (15, "收到处罚决定书后缴纳罚款的期限（日，R-CASE-12）"),
    "simple.fine_limit_person": (200, "简易程序当场罚款上限：自然人（元，R-CASE-01）"),
    "simple.fine_limit_org": (3000, "简易程序当场罚款上限：法人及非法人组织（元，R-CASE-01）"),
    "case.limitation_years": (2, "违法行为未被发现的追责时效（年，R-CASE-07）"),
    "case.limitation_years_serious": (
        5, "涉及公民生命健康安全、金融安全且有危害后果的追责时效（年，R-CASE-07）",
    ),
    "case.late_payment_rate_permille": (30, "逾期缴纳罚款每日加处罚款比例（千分之，R-CASE-12）"),
    "records.upload_hours": (24, "音像记录应在采集后上传的时限（小时，R-REC-05）"),
    "records.capture_tolerance_hours": (
        24,
        "满足环节音像记录要求的录像须在该环节执法行为期间采集，前后允许的误差（小时，R-REC-03）",
    ),
    "records.upload_abandon_hours": (72, "未完成的上传在多少小时无进展后作废（小时）"),
    "records.unlinked_retention_months": (
        6, "未关联案件的音像记录最少保存期限（月，R-REC-07）",
    ),
    "review.workdays": (5, "法制审核期限（工作日，R-REV-07）"),
    "review.extension_workdays": (3, "法制审核经批准可延长的期限（工作日，R-REV-07）"),
    "coercion.seizure_days": (30, "查封、扣押期限（日，R-CASE-10）"),
    "coercion.seizure_extension_days": (
        30, "查封、扣押经批准延长的期限，仅可延长一次（日，R-CASE-10）",
    ),
    "coercion.freezing_days": (30, "冻结存款、汇款的期限（日，R-CASE-10）"),
    "coercion.freezing_extension_days": (
        30, "冻结经批准延长的期限，仅可延长一次（日，R-CASE-10）",
    ),
    "coercion.freezing_notice_days": (3, "作出冻结决定后交付冻结决定书的期限（日，R-CASE-10）"),
    "licence.correction_notice_workdays": (
        5, "申请材料不齐全时一次性告知补正的期限（工作日，R-CASE-11）",
    ),
    "licence.decision_workdays": (20, "受理后作出行政许可决定的期限（工作日，R-CASE-11）"),
    "licence.decision_extension_workdays": (
        10, "经批准延长行政许可决定的期限（工作日，R-CASE-11）",
    ),
    "licence.certificate_workdays": (
        10, "作出准予许可决定后颁发、送达证件的期限（工作日，R-CASE-11）",
    ),
    # Publication of decisions (事后公开, sanxiang.disclosure).
    "pub.penalty_workdays": (7, "行政处罚、行政许可决定公开期限（作出决定之日起工作日，R-PUB-04）"),
    "pub.other_workdays": (20, "其他行政执法决定公开期限（作出决定之日起工作日，R-PUB-04）"),
    "pub.withdrawal_workdays": (
        3, "已公开的决定被变更、撤销、确认违法或无效后撤下的期限（工作日，R-PUB-06）",
    ),
    "pub.penalty_min_months": (3, "行政处罚信息最短公示期（月，R-PUB-07）"),
    "pub.penalty_min_months_long": (
        12, "食品、药品、特种设备、安全生产、消防领域行政处罚信息最短公示期（月，R-PUB-07）",
    ),
    "pub.long_min_fields": (["AQSC", "XFJY"], "适用较长最短公示期的执法类别代码（R-PUB-07）"),
    "pub.long_min_keywords": (
        ["食品", "药品", "特种设备", "医疗器械", "化妆品", "消防", "安全生产"],
        "案由或事项名称含有这些词语时适用较长最短公示期（R-PUB-07）",
    ),
    "pub.penalty_max_months": (36, "行政处罚信息最长公示期（月，R-PUB-07）"),
    "pub.other_max_months": (36, "其他执法决定信息公示期（月）"),
    "pub.warning_unpublished_fields": (
        ["SCJG"], "仅受警告处罚时不予公示的执法类别代码（市场监管，R-PUB-07）",
    ),
    # Random inspections (双随机、一公开, sanxiang.inspections).
    "ins.ratio_floor_undirected": (3, "不定向抽查的最低抽取比例（%，R-INS-02）"),
    "ins.ratio_floor_directed": (5, "定向抽查的最低抽取比例（%，R-INS-02）"),
    "ins.class_ratio_ranges": (
        {"A": [0, 5], "B": [5, 20], "C": [21, 60], "D": [61, 100]},
        "按信用风险分类确定的抽取比例范围（%，A–D 类，R-INS-02）",
    ),
    "ins.repeat_months": (
        12, "同一事项对同一对象重复抽查的间隔（月，重点事项和 D 类除外，R-INS-02）",
    ),
    "ins.yearly_cap": (2, "同一对象每年被各部门抽查的次数上限（次，R-INS-02）"),
    "ins.result_workdays": (20, "抽查结果形成后公示的期限（工作日，R-INS-04、R-PUB-10）"),
    # Computable discretion benchmarks (R-AST-02, sanxiang.discretion).
    "discretion.range_bands": (
        {"lighter": [0, 30], "general": [30, 70], "heavier": [70, 100]},
        "法律规定罚款幅度时，从轻、一般、从重各占幅度的区间（%，自最低额起算，R-AST-02）",
    ),
    "discretion.max_only_bands": (
        {"lighter": [0, 20], "general": [20, 50], "heavier": [50, 100]},
        "法律只规定最高罚款时，从轻、一般、从重各占最高额的区间（%，R-AST-02）",
    ),
    "discretion.min_only_multiples": (
        {"lighter": [1, 1.5], "general": [1.5, 3], "heavier": [3, 5]},
        "法律只规定最低罚款时，从轻、一般、从重为最低额的倍数区间（倍，R-AST-02）",
    ),
    "discretion.weighted_band_points": (
        5, "因子加权计算的罚款，建议幅度为计算值上下浮动最高额的百分点（%，R-AST-02）",
    ),
    "discretion.weighted_level_bands": (
        {"lighter": 30, "heavier": 70},
        "因子加权裁量百分比低于前者为从轻、不低于后者为从重，其间为一般（%，R-AST-02）",
    ),
    "sup.complaint_accept_workdays": (5, "投诉举报受理期限（工作日，R-SUP-02）"),
    "sup.complaint_answer_days": (30, "投诉举报受理后办结答复期限（日，R-SUP-02）"),
    "sup.complaint_extension_days": (30, "投诉举报经批准可延长一次的期限（日，R-SUP-02）"),
}


# Inside ``memoized()`` the entries of a (key, body) are read once: a list that computes the
# deadlines of many cases (the 待办) asks for the same few settings hundreds of times.
_memo: ContextVar[dict | None] = ContextVar("sanxiang_rulebook_memo", default=None)


@contextmanager
def memoized():
    """Read each (key, body)'s entries at most once within the block (one request)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _latest(entries, on: date):
    for entry in entries:  # newest first
        if entry.effective_from <= on:
            return entry
    return None


def get(key: str, *, body=None, on: date | None = None):
    if key not in DEFAULTS:
        raise KeyError(f"unknown rulebook key {key!r}")
    on = on or timezone.localdate()
    memo = _memo.get()
    if memo is not None:
        body_id = body.pk if body is not None else None
        if (key, body_id) not in memo:
            memo[(key, body_id)] = (
                list(RulebookEntry.objects.filter(key=key, body_id=body_id)
                     .order_by("-effective_from", "-id")) if body_id is not None else [],
                list(RulebookEntry.objects.filter(key=key, body__isnull=True)
                     .order_by("-effective_from", "-id")))
        own, general = memo[(key, body_id)]
        entry = _latest(own, on) or _latest(general, on)
        return entry.value if entry is not None else DEFAULTS[key][0]
    return _read((key,), body, on)[key]


def get_many(keys, *, body=None, on: date | None = None) -> dict:
    """``{key: get(key, body=body, on=on)}``, read in one query: a document states several
    (``cases.documents.build_content``)."""
    keys = tuple(keys)
    for key in keys:
        if key not in DEFAULTS:
            raise KeyError(f"unknown rulebook key {key!r}")
    on = on or timezone.localdate()
    if _memo.get() is not None:
        return {key: get(key, body=body, on=on) for key in keys}
    return _read(keys, body, on)


def _read(keys: tuple[str, ...], body, on: date) -> dict:
    """The body's own entry in force on ``on`` if it has one, else the general one, else
    the default; the body's and the general entries of every key in one query."""
    scope = Q(body__isnull=True) | Q(body=body) if body is not None else Q(body__isnull=True)
    own, general = {}, {}
    for entry in (RulebookEntry.objects.filter(scope, key__in=keys, effective_from__lte=on)
                  .order_by("-effective_from", "-id")):  # newest first: the first one wins
        (general if entry.body_id is None else own).setdefault(entry.key, entry)
    values = {}
    for key in keys:
        entry = own.get(key) or general.get(key)
        values[key] = entry.value if entry is not None else DEFAULTS[key][0]
    return values
