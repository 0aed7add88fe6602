"""Production settings are safe: ``check --deploy`` is clean and a missing secret refuses."""

import os
import secrets
import string
import subprocess
import sys

import pytest

# Production settings in child processes with nothing of the test run (DATABASE_URL
# included): once, in the SQLite run (tests/conftest.py, EMBEDDED_ONLY).
pytestmark = pytest.mark.embedded

ALPHABET = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"


def production_env(tmp_path, **overrides) -> dict:
    # Start from a clean slate: nothing of the test profile may leak into production.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SANXIANG_", "DJANGO_", "DATABASE_URL"))}
    env.update({
        "SANXIANG_ENV": "production",
        "SANXIANG_SECRET_KEY": "".join(secrets.choice(ALPHABET) for _ in range(50)),
        "SANXIANG_ALLOWED_HOSTS": "example.gov.cn",
        "SANXIANG_PUBLIC_URL": "https://example.gov.cn",
        "SANXIANG_DATA_DIR": str(tmp_path),
    })
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sanxiang.cli", "manage", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage("check", env=production_env(tmp_path, SANXIANG_SECRET_KEY=None))
    assert result.returncode != 0
    assert "SANXIANG_SECRET_KEY" in result.stderr
    # It must not have quietly made one up, as the demo does.
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage("check", env=production_env(tmp_path, SANXIANG_ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "SANXIANG_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(("unsafe", "named"), [
    ({"SANXIANG_DEBUG": "true"}, "SANXIANG_DEBUG"),
    ({"SANXIANG_SECRET_KEY": "changeme"}, "SANXIANG_SECRET_KEY"),
    ({"SANXIANG_SECRET_KEY": "ab" * 30}, "SANXIANG_SECRET_KEY"),
    ({"SANXIANG_SECRET_KEY": "django-insecure-" + "x1y2z3w4v5" * 5}, "SANXIANG_SECRET_KEY"),
    ({"SANXIANG_ALLOWED_HOSTS": "*"}, "SANXIANG_ALLOWED_HOSTS"),
    ({"SANXIANG_PUBLIC_URL": None}, "SANXIANG_PUBLIC_URL"),
    ({"SANXIANG_PUBLIC_URL": "http://example.gov.cn"}, "SANXIANG_PUBLIC_URL"),
])
def test_production_refuses_unsafe_configuration(tmp_path, unsafe, named):
    """Debug pages, a guessable secret key, a wildcard host or a portal address that is not
    https (printed in the officers' QR codes, R-PUB-03) stop production at start-up, where
    ``check --deploy`` would only have warned."""
    result = manage("check", env=production_env(tmp_path, **unsafe))
    assert result.returncode != 0
    assert named in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                                  "SECURE_SSL_REDIRECT", "SESSION_COOKIE_HTTPONLY"])
def test_production_cookies_and_https_are_strict(tmp_path, name):
    result = subprocess.run(
        [sys.executable, "-c",
         f"from django.conf import settings; print(settings.{name})"],
        env=production_env(tmp_path, DJANGO_SETTINGS_MODULE="sanxiang.settings"),
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
