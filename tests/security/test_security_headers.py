"""The third outside probe (docs/adr/0051): the answers made above Django's own middleware
went out without the security headers every page has."""

import pytest

pytestmark = pytest.mark.django_db


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Referrer-Policy", "Cross-Origin-Opener-Policy", "Permissions-Policy")


@pytest.mark.parametrize("path", [
    "/",                      # a page
    "/api/org/bodies",        # the API
    "/api/no-such-endpoint",  # the API's JSON 404, whose body JsonErrorsMiddleware replaces
    "/decisions/%00/",        # the 400 for a NUL character
    "/" + "a" * 5000,         # the Chinese 414 page (HTML)
    "/healthz",               # the load balancers' check
])
def test_every_answer_carries_the_security_headers(client, path):
    """The answers made above Django's own middleware (the API's JSON errors, the 414 page,
    the NUL 400, the health check) went out with none of the security headers: the 414 page
    is HTML that any site could frame and any browser could sniff."""
    response = client.get(path)
    missing = [name for name in SECURITY_HEADERS if not response.has_header(name)]
    assert not missing, (response.status_code, missing)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]

