"""Public JSON endpoints of the register: bodies (R-ORG-01) and officers (R-ORG-06).

No login. What is public is listed field by field in the schemas below; internal fields
(staffing, funding, timestamps, ids) and personal contact data (an officer's phone) are
never read into a response. Lists are keyset-paginated (``sanxiang.api.pagination``).
"""

from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from sanxiang.api.pagination import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Page,
    decode_cursor,
    encode_cursor,
    keyset_page,
)
from sanxiang.org.models import Body, Certificate, Officer
from sanxiang.org.public_rows import categories_of, officers_page, statuses_of
from sanxiang.workbench.forms import looks_like_certificate_number
from sanxiang.workbench.staffing import public_status_of_certificate

router = Router(tags=["执法主体与执法人员"])

After = Annotated[str, Query(max_length=200, description="上一页返回的游标（首页不传）")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"每页条数（1–{MAX_LIMIT}）")]

BODY_PUBLIC_FIELDS = (
    "name", "short_name", "credit_code", "nature", "subject_kind", "duties",
    "legal_representative", "address", "complaint_phone", "supervising_body", "region_code",
    "entrusting_body", "entrustment_agreement",
)


class BodyRef(Schema):
    credit_code: str = Field(description="统一社会信用代码")
    name: str = Field(description="执法主体名称")


class BodyOut(Schema):
    credit_code: str = Field(description="统一社会信用代码（18位，GB 32100）")
    name: str = Field(description="名称")
    short_name: str = Field(description="简称")
    nature: str = Field(description="机构性质代码：administrative 行政机关，institution 事业单位，"
                                    "other 其他组织")
    nature_label: str = Field(description="机构性质（中文）")
    subject_kind: str = Field(description="主体类别代码：statutory 法定，authorised 授权，"
                                          "entrusted 委托")
    subject_kind_label: str = Field(description="主体类别（中文）")
    region_code: str = Field(description="行政区划代码（GB/T 2260，6位）")
    legal_representative: str = Field(description="法定代表人（负责人）")
    address: str = Field(description="办公地址")
    complaint_phone: str = Field(description="投诉举报电话")
    supervising_body: str = Field(description="监督机关")
    duties: str = Field(description="职责与权限")
    entrusting_body: BodyRef | None = Field(description="委托机关（仅委托执法主体）")
    entrustment_agreement: str = Field(description="委托协议（仅委托执法主体）")


class BodyPage(Schema):
    items: list[BodyOut] = Field(description="本页执法主体")
    next: str | None = Field(description="下一页游标，作为 after 参数传入；无下一页时为 null")


class OfficerOut(Schema):
    name: str = Field(description="姓名")
    body: BodyRef = Field(description="所属执法主体")
    post: str = Field(description="职务（岗位）")
    certificate_number: str | None = Field(description="执法证号（当前证件）")
    categories: list[str] = Field(description="执法类别")
    areas: str = Field(description="执法区域")
    certificate_valid_today: bool = Field(
        description="今日证件是否有效（在岗、未过期、未注销、年度审验通过）")


class OfficerPage(Schema):
    items: list[OfficerOut] = Field(description="本页执法人员")
    next: str | None = Field(description="下一页游标，作为 after 参数传入；无下一页时为 null")


def _body_ref(body: Body) -> dict:
    return {"credit_code": body.credit_code, "name": body.name}


def _body_out(body: Body) -> dict:
    return {
        "credit_code": body.credit_code, "name": body.name, "short_name": body.short_name,
        "nature": body.nature, "nature_label": str(body.get_nature_display()),
        "subject_kind": body.subject_kind,
        "subject_kind_label": str(body.get_subject_kind_display()),
        "region_code": body.region_code, "legal_representative": body.legal_representative,
        "address": body.address, "complaint_phone": body.complaint_phone,
        "supervising_body": body.supervising_body, "duties": body.duties,
        "entrusting_body": _body_ref(body.entrusting_body) if body.entrusting_body else None,
        "entrustment_agreement": body.entrustment_agreement,
    }


def _public_bodies():
    return Body.objects.select_related("entrusting_body").only(
        *BODY_PUBLIC_FIELDS, "entrusting_body__name", "entrusting_body__credit_code")


def _officer_out(officer: Officer, public) -> dict:
    return {
        "name": officer.name, "body": _body_ref(officer.body), "post": officer.post,
        "certificate_number": public.certificate.number if public.certificate else None,
        "categories": [f.name for f in officer.fields.all()], "areas": officer.areas,
        "certificate_valid_today": public.valid,
    }


def _officer_row_out(row: dict, categories: list[str], public) -> dict:
    """``_officer_out`` of a ``public_rows.OFFICER_VALUES`` row."""
    return {
        "name": row["name"],
        "body": {"name": row["body__name"], "credit_code": row["body__credit_code"]},
        "post": row["post"],
        "certificate_number": public.certificate.number if public.certificate else None,
        "categories": categories, "areas": row["areas"],
        "certificate_valid_today": public.valid,
    }


# Never ``phone`` (R-ORG-06): the query does not even read it. The rest is what the
# qualification check reads, so nothing is loaded lazily per row.
OFFICER_COLUMNS = ("name", "post", "areas", "status", "left_on", "is_reviewer",
                   "legal_qualification", "body__name", "body__credit_code")


@router.get("/bodies", response=BodyPage, summary="执法主体列表",
            description="按行政区划代码、主体类别、名称筛选；按主键游标分页。")
def list_bodies(
    request,
    region: Annotated[str, Query(
        max_length=6, pattern=r"^\d*$",
        description="行政区划代码前缀，如 1301（石家庄市）、130102（长安区）")] = "",
    subject_kind: Annotated[Body.SubjectKind | None, Query(description="主体类别代码")] = None,
    name: Annotated[str, Query(max_length=50, description="名称包含的文字")] = "",
    after: After = "",
    limit: Limit = DEFAULT_LIMIT,
):
    bodies = _public_bodies()
    if region:
        bodies = bodies.filter(region_code__startswith=region)
    if subject_kind:
        bodies = bodies.filter(subject_kind=subject_kind)
    if name.strip():
        bodies = bodies.filter(name__contains=name.strip())
    page = keyset_page(bodies, order=("pk",), types=(int,), after=after, limit=limit)
    return {"items": [_body_out(b) for b in page.items], "next": page.next}


@router.get("/bodies/{credit_code}", response=BodyOut, summary="执法主体详情")
def get_body(request, credit_code: str):
    return _body_out(get_object_or_404(_public_bodies(), credit_code=credit_code))


@router.get("/officers", response=OfficerPage, summary="执法人员查询",
            description="按姓名开头或执法证号（完整）查询在岗执法人员，可限定执法主体；"
                        "按姓名排序，游标分页。不含任何个人联系方式。")
def list_officers(
    request,
    q: Annotated[str, Query(max_length=50,
                            description="姓名开头的文字，或完整的执法证号")] = "",
    body: Annotated[str, Query(max_length=18, description="执法主体的统一社会信用代码")] = "",
    after: After = "",
    limit: Limit = DEFAULT_LIMIT,
):
    # Plain rows, their categories and their certificates in three queries, the first
    # written out (docs/adr/0035-portal-page-cost.md, 0038-portal-cache-hit-cost.md).
    text = q.strip()
    number = text if text and looks_like_certificate_number(text) else None
    key = decode_cursor(after, (str, int)) if after else None
    rows = officers_page(limit=limit + 1, body_code=body or None, number=number,
                        prefix=text if text and number is None else None, after=key)
    more = len(rows) > limit
    page = Page(items=rows[:limit], next=encode_cursor(
        (rows[limit - 1]["name"], rows[limit - 1]["pk"])) if more else None)
    ids = [o["pk"] for o in page.items]
    categories = categories_of(ids)
    statuses = statuses_of(ids, timezone.localdate())
    return {
        "items": [_officer_row_out(o, categories[o["pk"]], statuses[o["pk"]])
                  for o in page.items],
        "next": page.next,
    }


@router.get("/officers/{number}", response=OfficerOut, summary="按执法证号核验执法人员",
            description="与文书上二维码指向的公开页面相同的信息（R-PUB-03）。")
def get_officer(request, number: str):
    certificate = get_object_or_404(Certificate.objects.only(
        "number", "officer_id", "issued_on", "expires_on", "cancelled_on"), number=number)
    # Also an officer who has left: the page of a served document must still answer, with
    # "not valid today".
    officer = Officer.objects.select_related("body").only(*OFFICER_COLUMNS).get(
        pk=certificate.officer_id)
    certificate.officer = officer
    public = public_status_of_certificate(certificate, timezone.localdate())
    return _officer_out(officer, public)
