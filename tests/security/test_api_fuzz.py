"""Property-based fuzz of the whole JSON API from its own OpenAPI document (schemathesis).

Every operation of ``/api/openapi.json`` gets generated requests — valid and invalid
parameters, bodies, huge integers, Unicode digits, odd strings — once anonymous and once
as a logged-in officer (session cookie and CSRF token, as the workbench sends them). The
property: never a 5xx; every answer is JSON; its status is one the document lists for the
operation. Bounded by ``SANXIANG_FUZZ_EXAMPLES`` examples per operation (default 10), so a
run takes a minute or two per database.
"""

import collections
import os
import secrets

import pytest
import schemathesis
from cases.factories import make_case
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import status_code_conformance

from sanxiang.wsgi import application

EXAMPLES = int(os.environ.get("SANXIANG_FUZZ_EXAMPLES", "10"))


# Loaded once at collection, through the WSGI application (no server, no database query).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def staff_session(officer_user_a, officer_a1, officer_a2, body_a, client_for):
    """An officer's session with something to see (a case of body A): the session cookie,
    and a CSRF secret sent both as the csrftoken cookie and in the X-CSRFToken header."""
    make_case(body_a, [officer_a1, officer_a2], acting_user=officer_user_a)
    client = client_for(officer_user_a)
    token = secrets.token_hex(16)
    session = {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
               "headers": {"X-CSRFToken": token}}
    # The fuzz must really run logged in and past CSRF: an empty case is a 422, not 401/403.
    probe = Client(enforce_csrf_checks=True, headers=session["headers"])
    for name, value in session["cookies"].items():
        probe.cookies[name] = value
    answer = probe.post("/api/cases/", "{}", content_type="application/json")
    assert answer.status_code == 422, answer.content
    return session


# Values random generation seldom reaches but attackers type: an integer no column holds
# (SQLite's OverflowError, PostgreSQL's "out of range"), a float in an integer's place, a
# Unicode digit ("²".isdigit() is true, int("²") fails) and full-width digits.
EXTREMES = (10 ** 20, 1e20, -(2 ** 63) - 1, "²", "１２")


class _Replacer:
    """Replace numbers (and digit strings) by ``extreme``: all of them, or only the first —
    a list mixing a real ID with an impossible one reaches queries that an all-impossible
    list does not (Django drops out-of-range values only when none is left)."""

    def __init__(self, extreme, first_only: bool):
        self.extreme, self.first_only, self.done = extreme, first_only, False

    def __call__(self, value):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            if self.first_only and self.done:
                return value
            self.done = True
            return self.extreme
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self(v) for v in value]
        return value


# Only the first generated requests of each operation (its documented example and the
# coverage phase's boundary values come first) are repeated with the extremes: enough to
# reach every parameter, and it keeps the run within a couple of minutes.
VARIANT_CASES = int(os.environ.get("SANXIANG_FUZZ_VARIANT_CASES", "4"))
_variants_done: collections.Counter = collections.Counter()


def _check(case, session=None):
    _check_one(case, session)
    key = (case.method, case.path, session is None)
    if _variants_done[key] >= VARIANT_CASES:
        return
    _variants_done[key] += 1
    # The same request with numbers replaced by each extreme value.
    original = (case.path_parameters, case.query, case.body)
    try:
        for extreme in EXTREMES:
            for first_only in (False, True):
                replace = _Replacer(extreme, first_only)
                case.path_parameters = replace(original[0])
                case.query = replace(original[1])
                case.body = replace(original[2])
                if (case.path_parameters, case.query, case.body) != original:
                    _check_one(case, session, conformance=False)
    finally:
        case.path_parameters, case.query, case.body = original


def _call(case, session):
    """Through the real WSGI handler, whose request signals would close the database
    connection and the test's transaction with it; Django's test Client disconnects them
    the same way for each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return case.call(**(session or {}))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _check_one(case, session, conformance=True):
    response = _call(case, session)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:500]}")
    content_type = response.headers.get("Content-Type") or response.headers.get("content-type")
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert (content_type or "").startswith("application/json"), (
        f"{case.method} {case.formatted_path} → {response.status_code} {content_type}")
    if conformance:
        case.validate_response(response, checks=[status_code_conformance])


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_staff_never_5xx_always_json_documented_status(case, staff_session):
    _check(case, staff_session)


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=max(5, EXAMPLES // 5), deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_anonymous_never_5xx_always_json_documented_status(case, db):
    _check(case)
