"""The OpenAPI document lists the error responses each operation really returns, with the
error body's schema (the fuzz in tests/security checks every answer against it)."""

from sanxiang.api.api import api


def _responses(schema, method, path):
    return schema["paths"][path][method]["responses"]


def test_error_responses_documented_per_operation():
    schema = api.get_openapi_schema()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "message"]
    public_list = _responses(schema, "get", "/api/org/bodies")
    assert set(public_list) == {200, 400, 422}
    public_detail = _responses(schema, "get", "/api/org/bodies/{credit_code}")
    assert {404, 422} <= set(public_detail) and 401 not in public_detail
    staff_write = _responses(schema, "post", "/api/cases/{pk}/steps")
    assert {400, 401, 403, 404, 409, 422} <= set(staff_write)
    error = staff_write[409]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert staff_write[409]["description"] == "违反规则（code 为规则编号）"
    staff_list = _responses(schema, "get", "/api/cases/")
    assert {401, 422} <= set(staff_list) and 409 not in staff_list


def test_openapi_served_with_error_responses(client):
    schema = client.get("/api/openapi.json").json()
    assert "401" in schema["paths"]["/api/cases/"]["get"]["responses"]
