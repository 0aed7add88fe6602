"""The demo county as pure data: ``build_plan(seed=…, today=…)`` touches no database.

Everything random comes from one ``random.Random(seed)`` consumed in a fixed order (the
body table's order, then each body's officers in turn), so the same seed and ``today``
always give the same county. ``today`` only places dates: certificates are issued and
expire relative to it, so "about 5% expired" stays true whenever the demo is loaded.

Certificate numbers (执法证号) have one format, 15 characters::

    冀 130139 2023 0017
    │  │      │    └ serial within the county and the year of issue, in order of issue
    │  │      └ year of issue
    │  └ GB/T 2260 code of the county whose government applied for the certificate
    └ province (河北)

Certificates are valid for five years. The annual inspection (年度审验) of year X is held
for each body in one batch between early January and late March of X+1, inside the
rulebook's grace period; a certificate is inspected from its first full year on. This is
how ``sanxiang.org.qualification`` reads inspections (R-ORG-03).
"""

import hashlib
import json
import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from sanxiang.core.identifiers import (
    credit_code_check_char,
    make_credit_code,
    org_code_check_char,
)
from sanxiang.demo import bodies as county
from sanxiang.demo.names import NameMaker
from sanxiang.org.roles import Role

CERTIFICATE_YEARS = 5
CERTIFICATE_ISSUER = "河北省人民政府"
CERTIFICATE_PREFIX = "冀"
EXPIRED_SHARE = 0.05
FAILED_SHARE = 0.03
NON_REVIEWER_LEGAL_QUALIFICATION = 0.04
OTHER_REVIEWER_LEGAL_QUALIFICATION = 0.7
# Printed beside the accounts; only ever used by the demo on 127.0.0.1.
DEMO_PASSWORD = "sanxiang-demo"  # noqa: S105
# One demo account per role, in the order they are printed.
ACCOUNT_ORDER: tuple[tuple[str, str], ...] = (
    (Role.OFFICER.value, "officer"),
    (Role.REVIEWER.value, "reviewer"),
    (Role.HEAD.value, "head"),
    (Role.CLERK.value, "clerk"),
    (Role.SUPERVISOR.value, "supervisor"),
    (Role.ADMIN.value, "admin"),
)

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "199",
)
# Market-supervision offices (市场监督管理所) each cover one or two towns.
MARKET_OFFICE_AREAS = (
    ("滹阳镇",), ("柳林镇", "西坡乡"), ("东王庄镇", "南营乡"), ("北宋镇", "白石口乡"),
)
LEAVING_REASONS = ("调任非执法岗位", "退休", "辞去公职", "调离本县")
FAILED_INSPECTION_NOTES = (
    "年度公共法律知识考试不合格",
    "年度执法案卷评查发现重大问题",
    "未完成年度执法业务培训学时",
)


@dataclass(frozen=True)
class BodyPlan:
    key: str
    name: str
    short_name: str
    credit_code: str
    nature: str
    subject_kind: str
    funding: str
    staffing: int
    duties: str
    legal_representative: str
    address: str
    complaint_phone: str
    supervising_body: str
    region_code: str
    entrusting_key: str
    entrustment_agreement: str
    field_codes: tuple[str, ...]


@dataclass(frozen=True)
class InspectionPlan:
    year: int
    result: str  # "passed" or "failed"
    inspected_on: date
    note: str = ""


@dataclass(frozen=True)
class OfficerPlan:
    key: str  # "<body key>-<nn>", stable across loads
    body_key: str
    name: str
    post: str
    field_codes: tuple[str, ...]
    areas: str
    legal_qualification: bool
    is_reviewer: bool
    phone: str
    # "qualified", "expired", "failed" (last annual inspection) or "left"
    condition: str
    certificate_number: str
    issued_on: date
    expires_on: date
    inspections: tuple[InspectionPlan, ...]
    left_on: date | None = None
    left_reason: str = ""


@dataclass(frozen=True)
class AccountPlan:
    role: str  # a sanxiang.org.roles.Role value
    username: str
    full_name: str
    body_key: str  # "" for none
    officer_key: str  # "" for none
    jurisdiction: str = ""


@dataclass(frozen=True)
class CountyPlan:
    seed: int
    today: date
    bodies: tuple[BodyPlan, ...]
    fields: tuple[tuple[str, str], ...]
    officers: tuple[OfficerPlan, ...]
    accounts: tuple[AccountPlan, ...]
    password: str = DEMO_PASSWORD
    certificate_issuer: str = CERTIFICATE_ISSUER

    def digest(self) -> str:
        """SHA-256 of the whole plan's canonical JSON: equal plans, equal digests."""
        text = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_plan(*, seed: int = 2026, today: date) -> CountyPlan:
    rng = random.Random(seed)  # noqa: S311 — reproducible fiction, not secrecy
    names = NameMaker(rng)
    body_plans = tuple(_plan_body(row, rng, names) for row in county.BODIES)
    drafts: list[dict] = []
    for row, body in zip(county.BODIES, body_plans, strict=True):
        drafts.extend(_draft_officers(row, body, rng, names))
    _assign_conditions(drafts, rng)
    officers = _date_and_number(drafts, rng, today)
    accounts = _plan_accounts(officers, _officer_account_key(drafts), names)
    return CountyPlan(
        seed=seed, today=today, bodies=body_plans, fields=county.FIELDS,
        officers=officers, accounts=accounts,
    )


# ---------------------------------------------------------------------------------------
# Bodies


def _plan_body(row: county.BodyRow, rng: random.Random, names: NameMaker) -> BodyPlan:
    prefix = "12" if row.nature == "institution" else "11"
    if row.new_style_code:
        # Organization codes issued by the 编办 since the 2018 reform start with MB.
        org_body = f"MB{rng.randrange(10**6):06d}"
        first17 = prefix + county.REGION_CODE + org_body + org_code_check_char(org_body)
        credit_code = first17 + credit_code_check_char(first17)
    else:
        credit_code = make_credit_code(prefix=prefix, region=county.REGION_CODE,
                                       seed=rng.randrange(10**7))
    return BodyPlan(
        key=row.key,
        name=row.name,
        short_name=row.short_name,
        credit_code=credit_code,
        nature=row.nature,
        subject_kind=row.subject_kind,
        funding=row.funding,
        staffing=row.staffing,
        duties=row.duties,
        legal_representative=names.person(female=rng.random() < 0.2),
        address=f"{county.PROVINCE}{county.CITY}{row.address}",
        complaint_phone=f"{county.CITY_AREA_CODE}-8{rng.randrange(10**7):07d}",
        supervising_body=row.supervising_body,
        region_code=county.REGION_CODE,
        entrusting_key=row.entrusting_key,
        entrustment_agreement=row.entrustment_agreement,
        field_codes=row.field_codes,
    )


# ---------------------------------------------------------------------------------------
# Officers


def _draft_officers(row: county.BodyRow, body: BodyPlan, rng: random.Random,
                    names: NameMaker) -> list[dict]:
    """The body's officers without dates: leaders, reviewers, rank and file, leavers."""
    drafts = []
    posts = [p for p, _ in row.posts]
    weights = [w for _, w in row.posts]
    total = row.officers + row.officers_left
    for index in range(total):
        role = "rank"
        if index < len(row.leaders):
            role = "leader"
            post = row.leaders[index]
        elif index < len(row.leaders) + row.reviewers:
            role = "reviewer"
            chief = index == len(row.leaders) and row.reviewers > 1
            post = "政策法规股股长" if chief else "法制审核员"
        else:
            post = rng.choices(posts, weights=weights)[0]
        if index == 0 and row.head_holds_certificate:
            name = body.legal_representative
        else:
            name = names.person()
        first_reviewer = index == len(row.leaders)
        if role == "reviewer":
            qualified = first_reviewer or rng.random() < OTHER_REVIEWER_LEGAL_QUALIFICATION
        else:
            qualified = rng.random() < NON_REVIEWER_LEGAL_QUALIFICATION
        drafts.append({
            "key": f"{row.key}-{index + 1:02d}",
            "body_key": row.key,
            "name": name,
            "post": post,
            "field_codes": row.field_codes,
            "areas": _areas(row, role, rng),
            "legal_qualification": qualified,
            "is_reviewer": role == "reviewer",
            "phone": rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}",
            "role": role,
            # The last ``officers_left`` of each body are the ones who left.
            "condition": "left" if index >= row.officers else "qualified",
        })
    return drafts


def _areas(row: county.BodyRow, role: str, rng: random.Random) -> str:
    if row.area_scheme == "county" or (row.area_scheme == "towns" and role != "rank"):
        return county.WHOLE_COUNTY
    if row.area_scheme == "towns":
        if rng.random() < 0.3:
            return county.WHOLE_COUNTY
        return "、".join(rng.choice(MARKET_OFFICE_AREAS))
    return row.area_scheme


def _assign_conditions(drafts: list[dict], rng: random.Random) -> None:
    """Pick who has an expired certificate and who failed the last annual inspection.

    Only rank-and-file officers are picked, and never the first of 县应急管理局 (the demo
    officer account): leaders and reviewers stay qualified, so the demo accounts work and
    the reviewer ratios (R-ORG-05) are exactly what the body table says.
    """
    account_key = _officer_account_key(drafts)
    in_service = [d for d in drafts if d["condition"] == "qualified"]
    pool = [d for d in in_service if d["role"] == "rank" and d["key"] != account_key]
    expired = round(len(in_service) * EXPIRED_SHARE)
    failed = round(len(in_service) * FAILED_SHARE)
    chosen = rng.sample(pool, expired + failed)
    for draft in drafts:
        draft["account"] = draft["key"] == account_key
    for draft in chosen[:expired]:
        draft["condition"] = "expired"
    for draft in chosen[expired:]:
        draft["condition"] = "failed"


def _officer_account_key(drafts: list[dict]) -> str:
    for draft in drafts:
        if draft["body_key"] == county.BODIES[0].key and draft["role"] == "rank":
            return draft["key"]
    raise AssertionError("the first body has no rank-and-file officer")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _date_and_number(drafts: list[dict], rng: random.Random,
                     today: date) -> tuple[OfficerPlan, ...]:
    batch_days: dict[tuple[str, int], int] = {}

    def batch_day(body_key: str, year: int) -> date:
        # Each body's certificates are inspected together, once a year.
        if (body_key, year) not in batch_days:
            batch_days[(body_key, year)] = rng.randrange(8, 85)
        return date(year, 1, 1) + timedelta(days=batch_days[(body_key, year)])

    span = CERTIFICATE_YEARS * 365
    dated = []
    for draft in drafts:
        condition = draft["condition"]
        left_on = None
        if condition == "expired":
            expires_on = today - timedelta(days=rng.randrange(5, 240))
            issued_on = _add_years(expires_on + timedelta(days=1), -CERTIFICATE_YEARS)
        else:
            if condition == "failed" or draft["role"] != "rank" or draft["account"]:
                # Old enough to have a failed inspection that counts whatever the date;
                # leaders and reviewers are experienced hands, which also keeps the demo
                # accounts qualified with an inspection on record.
                issued_on = today - timedelta(days=rng.randrange(3 * 365, span - 60))
            elif condition == "left":
                issued_on = today - timedelta(days=rng.randrange(2 * 365, span - 60))
            else:
                issued_on = today - timedelta(days=rng.randrange(20, span - 30))
            expires_on = _add_years(issued_on, CERTIFICATE_YEARS) - timedelta(days=1)
        if condition == "left":
            left_on = today - timedelta(days=rng.randrange(20, 400))
        last_day = min(today, expires_on, left_on or today)
        inspections = []
        for year in range(issued_on.year + 1, last_day.year):
            inspected_on = batch_day(draft["body_key"], year + 1)
            if inspected_on <= last_day:
                inspections.append(InspectionPlan(year=year, result="passed",
                                                  inspected_on=inspected_on))
        if condition == "failed":
            last = inspections[-1]
            inspections[-1] = InspectionPlan(
                year=last.year, result="failed", inspected_on=last.inspected_on,
                note=rng.choice(FAILED_INSPECTION_NOTES),
            )
        dated.append((draft, issued_on, expires_on, tuple(inspections), left_on))

    # Serials run per year of issue, in order of issue.
    numbers: dict[str, str] = {}
    serials: dict[int, int] = {}
    for draft, issued_on, *_rest in sorted(dated, key=lambda d: (d[1], d[0]["key"])):
        serials[issued_on.year] = serials.get(issued_on.year, 0) + 1
        numbers[draft["key"]] = (
            f"{CERTIFICATE_PREFIX}{county.REGION_CODE}{issued_on.year}"
            f"{serials[issued_on.year]:04d}"
        )

    officers = []
    for draft, issued_on, expires_on, inspections, left_on in dated:
        officers.append(OfficerPlan(
            key=draft["key"], body_key=draft["body_key"], name=draft["name"],
            post=draft["post"], field_codes=draft["field_codes"], areas=draft["areas"],
            legal_qualification=draft["legal_qualification"],
            is_reviewer=draft["is_reviewer"], phone=draft["phone"],
            condition=draft["condition"], certificate_number=numbers[draft["key"]],
            issued_on=issued_on, expires_on=expires_on, inspections=inspections,
            left_on=left_on,
            left_reason=rng.choice(LEAVING_REASONS) if left_on else "",
        ))
    return tuple(officers)


# ---------------------------------------------------------------------------------------
# Accounts


def _plan_accounts(officers: tuple[OfficerPlan, ...], account_officer_key: str,
                   names: NameMaker) -> tuple[AccountPlan, ...]:
    """One account per role, tied to 县应急管理局 where the role works inside a body."""
    home = county.BODIES[0].key
    justice = "justice"
    in_home = [o for o in officers if o.body_key == home]
    head = in_home[0]
    reviewer = next(o for o in in_home if o.is_reviewer and o.legal_qualification)
    officer = next(o for o in in_home if o.key == account_officer_key)
    people = {
        Role.OFFICER.value: (officer.name, home, officer.key, ""),
        Role.REVIEWER.value: (reviewer.name, home, reviewer.key, ""),
        Role.HEAD.value: (head.name, home, head.key, ""),
        Role.CLERK.value: (names.person(), home, "", ""),
        # 行政执法监督 is the 司法局's job; the supervisor oversees the whole county.
        Role.SUPERVISOR.value: (names.person(), justice, "", county.REGION_CODE),
        Role.ADMIN.value: (names.person(), "", "", ""),
    }
    return tuple(
        AccountPlan(role=role, username=username, full_name=people[role][0],
                    body_key=people[role][1], officer_key=people[role][2],
                    jurisdiction=people[role][3])
        for role, username in ACCOUNT_ORDER
    )
