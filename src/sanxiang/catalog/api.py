"""Public JSON endpoints of the published lists (R-PUB-01, R-PUB-02): open data, no login.

For every body and kind of list: its versions (with date, author, note and counts) and the
entries of the version in force or of any older one. Entries carry their content fields only
— typed values and their display text — never digests, search text or account ids. Entries
are keyset-paginated on (position, entry number, id), the order of the list itself.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from sanxiang.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, keyset_page
from sanxiang.catalog import queries, values
from sanxiang.catalog.models import Catalogue, CatalogueVersion
from sanxiang.org.models import EnforcementField

router = Router(tags=["公示清单"])

After = Annotated[str, Query(max_length=200, description="上一页返回的游标（首页不传）")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"每页条数（1–{MAX_LIMIT}）")]
KIND_HELP = "清单类别：" + "，".join(f"{k.value} {k.label}" for k in Catalogue.Kind)


class VersionOut(Schema):
    number: int = Field(description="版本号")
    effective_from: date = Field(description="生效日期")
    note: str = Field(description="调整说明")
    author: str = Field(description="发布人")
    entries: int = Field(description="本版条目数")
    added: int = Field(description="较上一版新增条数")
    changed: int = Field(description="较上一版修改条数")
    removed: int = Field(description="较上一版删除条数")


class CatalogueOut(Schema):
    kind: str = Field(description=KIND_HELP)
    body_credit_code: str = Field(description="执法主体统一社会信用代码")
    body_name: str = Field(description="执法主体名称")
    current_version: int | None = Field(description="现行版本号（尚无施行版本时为 null）")
    versions: list[VersionOut] = Field(description="全部版本，新版在前")


class EntryOut(Schema):
    id: int = Field(description="条目记录号（同一版本内唯一）")
    entry_number: int = Field(description="条目编号：各版本中同一条目的编号不变")
    fields: dict[str, Any] = Field(description="条目内容（字段名为英文，法律依据为结构化列表）")
    text: dict[str, str] = Field(description="条目内容的中文显示文本，键为中文字段名")


class EntryPage(Schema):
    version: int = Field(description="所列条目所属的版本号")
    items: list[EntryOut] = Field(description="本页条目")
    next: str | None = Field(description="下一页游标，作为 after 参数传入；无下一页时为 null")


def _catalogue(kind: str, credit_code: str) -> Catalogue:
    if kind not in Catalogue.Kind.values:
        raise Http404
    return get_object_or_404(Catalogue.objects.select_related("body"),
                             body__credit_code=credit_code, kind=kind)


def _json(value):
    if isinstance(value, EnforcementField):
        return value.code
    if isinstance(value, Decimal):
        return str(value)
    return value


def _entry_out(entry) -> dict:
    model = type(entry)
    return {
        "id": entry.pk,
        "entry_number": entry.lineage,
        "fields": {name: _json(getattr(entry, name)) for name in entry.content_fields},
        "text": {values.label(model, name): values.format_value(entry, name)
                 for name in entry.content_fields},
    }


def _version_out(version: CatalogueVersion) -> dict:
    return {"number": version.number, "effective_from": version.effective_from,
            "note": version.note, "author": version.author_name,
            "entries": version.entry_count, "added": version.added,
            "changed": version.changed, "removed": version.removed}


@router.get("/{kind}/{credit_code}", response=CatalogueOut, summary="某执法主体的一类清单及其版本")
def get_catalogue(request, kind: str, credit_code: str):
    catalogue = _catalogue(kind, credit_code)
    current = queries.current_version(catalogue)
    versions = CatalogueVersion.objects.filter(catalogue=catalogue).order_by("-number")
    return {"kind": catalogue.kind, "body_credit_code": catalogue.body.credit_code,
            "body_name": catalogue.body.name,
            "current_version": current.number if current else None,
            "versions": [_version_out(v) for v in versions]}


@router.get("/{kind}/{credit_code}/entries", response=EntryPage,
            summary="清单条目（现行或指定版本）")
def list_entries(request, kind: str, credit_code: str,
                 version: Annotated[int | None, Query(ge=1, description="版本号；不传为现行版本")]
                 = None,
                 after: After = "", limit: Limit = DEFAULT_LIMIT):
    catalogue = _catalogue(kind, credit_code)
    if version is None:
        chosen = queries.current_version(catalogue)
        if chosen is None:
            raise Http404
    else:
        chosen = get_object_or_404(CatalogueVersion, catalogue=catalogue, number=version)
    chosen.catalogue = catalogue
    page = keyset_page(queries.entries_of(chosen), order=("position", "lineage", "pk"),
                       types=(int, int, int), after=after, limit=limit)
    return {"version": chosen.number, "items": [_entry_out(e) for e in page.items],
            "next": page.next}
