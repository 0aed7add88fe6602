import pytest
from django.conf import settings


def test_env_is_test():
    assert settings.SANXIANG_ENV == "test"


@pytest.mark.django_db
def test_favicon_is_found_where_browsers_look_for_it(client):
    """Pages without an icon link (the admin's) make the browser fetch /favicon.ico: it
    leads to the platform's icon, not to a 404 in the console."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200
