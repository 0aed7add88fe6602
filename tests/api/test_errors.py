"""The API's error mapping: a broken rule is 409 with its code, bad input 422, never a 500.

The rule-violation cases run against a test-only API that installs the production
handlers (``install_error_handlers``), so no fake endpoint lives in production code.
"""

import itertools

import pytest
from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.testing import TestClient

from sanxiang.api.api import api as production_api
from sanxiang.api.errors import install_error_handlers
from sanxiang.core.errors import PermissionDenied, RuleViolation

_namespaces = itertools.count()


@pytest.fixture
def test_api():
    router = Router()

    @router.get("/rule")
    def broken_rule(request):
        raise RuleViolation(code="R-ORG-03", message="执法证已过期，不得参与执法。")

    @router.get("/permission")
    def forbidden(request):
        raise PermissionDenied("无权操作。")

    @router.get("/missing")
    def missing(request):
        raise Http404

    @router.get("/number")
    def number(request, n: int):
        return {"n": n}

    api = NinjaAPI(urls_namespace=f"test-errors-{next(_namespaces)}", docs_url=None)
    install_error_handlers(api)
    api.add_router("/", router)
    return TestClient(api)


def test_rule_violation_is_409_with_code_and_chinese_message(test_api):
    response = test_api.get("/rule")
    assert response.status_code == 409
    assert response.json() == {"code": "R-ORG-03", "message": "执法证已过期，不得参与执法。"}


def test_permission_denied_is_403(test_api):
    response = test_api.get("/permission")
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION"


def test_not_found_is_404_with_chinese_message(test_api):
    response = test_api.get("/missing")
    assert response.status_code == 404
    assert response.json() == {"code": "NOT_FOUND", "message": "未找到。"}


def test_validation_error_is_422_with_chinese_field_messages(test_api):
    response = test_api.get("/number?n=abc")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "VALIDATION"
    assert body["message"] == "请求参数有误。"
    assert body["errors"] == [{"field": "n", "message": "必须是整数。"}]
    missing = test_api.get("/number").json()
    assert missing["errors"] == [{"field": "n", "message": "此项必填。"}]


def test_production_api_installs_the_same_handlers():
    for exception in (RuleViolation, Http404):
        handler = production_api._lookup_exception_handler(exception("X", "x")
                                                           if exception is RuleViolation
                                                           else exception())
        assert handler.__module__ == "sanxiang.api.errors"
