"""The platform's one JSON API (django-ninja): docs at /api/docs, schema at /api/openapi.json.

Each app that publishes data keeps its own router in ``sanxiang/<app>/api.py`` (a
``ninja.Router`` named ``router``) and adds it here with ONE line::

    api.add_router("/catalog/", "sanxiang.catalog.api.router")
api.add_router("/cases/", "sanxiang.cases.api.router")
api.add_router("/review/", "sanxiang.review.api.router")

The router is imported by its dotted path, so this module never imports the apps'
models at load time. Conventions every router follows (see docs/adr/0006-api.md):

- public endpoints return public fields only, listed explicitly in the app's schemas;
- lists are keyset-paginated with ``sanxiang.api.pagination`` (``?after=&limit=``);
- errors are the shared ones of ``sanxiang.api.errors``: a broken rule (``RuleViolation``)
  is 409, bad input 422, anything outside the caller's scope 404 — never a 500;
- field names are English, descriptions Chinese (the schema is read by the developers of
  provincial platforms).
"""

from ninja import NinjaAPI

from sanxiang.api.docs import LocalSwagger
from sanxiang.api.errors import documented_errors, install_error_handlers


class SanxiangAPI(NinjaAPI):
    """The API, with each operation's error responses in its OpenAPI document."""

    def get_openapi_schema(self, *args, **kwargs):
        return documented_errors(super().get_openapi_schema(*args, **kwargs))


api = SanxiangAPI(
    title="三项制度执法平台开放接口",
    version="1",
    description=(
        "行政执法公示（事前公开）数据的开放接口：执法主体、执法人员及各类清单。"
        "公开接口无需登录，只返回可公开的字段；列表采用游标分页（`after` + `limit`）。"
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("/org/", "sanxiang.org.api.router")
api.add_router("/catalog/", "sanxiang.catalog.api.router")
api.add_router("/cases/", "sanxiang.cases.api.router")
api.add_router("/review/", "sanxiang.review.api.router")
api.add_router("/inspections/", "sanxiang.inspections.api.router")
api.add_router("/todo", "sanxiang.workbench.api.router")
api.add_router("/discretion/", "sanxiang.discretion.api.router")
api.add_router("/assist/", "sanxiang.assist.api.router")
