"""A request over Django's body limits, or one Django refuses itself, is answered in Chinese.

A JSON body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB) was a 400 with the generic
请求参数有误 under /api/, and on the workbench Django's bare English "Bad Request (400)"
page — as was every request with a Host header not allowed (probe 4, ADR 0057).
"""

import json

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

OVER = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024


def test_api_json_over_the_limit_is_a_413_saying_the_limit(client_for, officer_user_a):
    client = client_for(officer_user_a)
    body = json.dumps({"title": "案" * (OVER // 3)})

    response = client.post("/api/cases", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "TOO_LARGE"
    assert "请求内容过大" in response.json()["message"]
    assert "2.5 MB" in response.json()["message"]


def test_workbench_form_over_the_limit_is_a_chinese_page(client_for, officer_user_a):
    client = client_for(officer_user_a)

    response = client.post("/workbench/cases/new/", {"facts": "x" * OVER})

    assert response.status_code == 413
    text = response.content.decode()
    assert 'lang="zh-Hans"' in text and "请求内容过大" in text and "Bad Request" not in text


def test_page_script_sending_json_gets_json(client_for, officer_user_a):
    client = client_for(officer_user_a)

    response = client.post("/workbench/records/uploads/", json.dumps({"name": "x" * OVER}),
                           content_type="application/json")

    assert response.status_code == 413
    assert "请求内容过大" in response.json()["message"]


def test_too_many_fields_is_a_chinese_400(client_for, officer_user_a):
    client = client_for(officer_user_a)
    fields = {f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}

    page = client.post("/workbench/cases/new/", fields)
    api = client.post("/api/cases", fields)

    assert page.status_code == 400 and "字段或文件过多" in page.content.decode()
    assert api.status_code == 400 and api.json()["message"] == "请求中的字段或文件过多。"


def test_host_not_allowed_is_a_chinese_page():
    response = Client().get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    text = response.content.decode()
    assert 'lang="zh-Hans"' in text and "请求无效" in text and "Bad Request" not in text
