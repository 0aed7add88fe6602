"""/api/openapi.json and /api/docs: the schema is complete, the docs page works offline."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = {"/api/org/bodies", "/api/org/bodies/{credit_code}", "/api/org/officers",
                "/api/org/officers/{number}"}


def test_openapi_schema_is_json_with_the_public_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "三项制度执法平台开放接口"
    assert set(schema["paths"]) >= PUBLIC_PATHS
    # English field names, Chinese descriptions for the developers of provincial platforms.
    officer = schema["components"]["schemas"]["OfficerOut"]["properties"]
    assert officer["certificate_number"]["description"] == "执法证号（当前证件）"
    assert "phone" not in officer


def test_openapi_schema_never_offers_a_phone_field_R_ORG_06(client):
    schema = client.get("/api/openapi.json").json()
    for name, component in schema["components"]["schemas"].items():
        if name.startswith("Officer"):
            assert not any("phone" in p for p in component.get("properties", {}))


def test_docs_page_uses_only_local_static_assets(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a static file"
    # Under the platform's CSP: every script is a file or a JSON data block.
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy


@pytest.mark.browser
def test_docs_page_renders_in_chromium_under_the_csp(browser_page, live_server, tmp_path):
    problems = []
    browser_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    browser_page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    browser_page.goto(f"{live_server.url}/api/docs")
    browser_page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = browser_page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/org/officers" in p for p in paths)
    assert "三项制度执法平台开放接口" in browser_page.locator(".info .title").inner_text()
    browser_page.screenshot(path=str(tmp_path / "docs.png"), full_page=False)
    assert not problems, problems
