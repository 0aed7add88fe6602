"""Shared personas (STYLE.md, "Tests"), all built through the real actions — no raw rows.

Two bodies in 石家庄 (region 1301): body A (an emergency-management bureau) and body B (a
market-regulation bureau). Dates are relative to today, so the fixtures stay valid.

===================  =========================================================
fixture              what it is
===================  =========================================================
fields               dict code → EnforcementField: AQSC 安全生产, YJGL 应急管理, SCJG 市场监管
body_a, body_b       two statutory bodies, regions 130102 and 130104
officer_a1, _a2      body A, categories AQSC + YJGL, certificate valid today, inspections passed
officer_b1           body B, category SCJG, the same
reviewer_officer_a   body A, legal reviewer with 法律职业资格, qualified like the others
officer_user_a       Role.OFFICER, body A, linked to officer_a1
officer_user_b       Role.OFFICER, body B, linked to officer_b1
reviewer_user_a      Role.REVIEWER, body A, linked to reviewer_officer_a
head_user_a          Role.HEAD (机关负责人), body A
clerk_user_a         Role.CLERK (公示员), body A
supervisor_user      Role.SUPERVISOR, jurisdiction 1301 (covers both bodies), no body
admin_user           Role.ADMIN (系统管理员) with no body, not a superuser
client_for           client_for(user) → a django.test.Client logged in as ``user`` (with
                     the second factor for the roles that need one)
password             the personas' password (for tests of the login form itself)
===================  =========================================================

Tests hash passwords with MD5 (fast, test only).

``shared_rows(django_db_blocker)`` is for a class-scoped fixture whose rows are expensive to
write and read by every test of the class (the demo county: a thousand rows, each with its
ledger event); ``demo_county`` is one, and ``tests/demo/county/`` shares one load of the
county with its cases across a whole package.

Under ``--dist loadscope`` (``./dev test``) the work is handed to the xdist workers by the
scheduler below: the packages in ``SHARED_LOAD`` go whole to one worker, and the units that
take longest start first, so that no worker ends the run alone with a long unit.
"""

import contextlib
import os
import threading
import warnings
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import transaction
from django.db.backends.signals import connection_created
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from sanxiang.core.identifiers import make_credit_code
from sanxiang.org import actions, second_factor
from sanxiang.org.models import EnforcementField
from sanxiang.org.roles import Role

# The suite runs beside other work on two cores: a property is judged by what it finds, not
# by how fast inputs come. No deadline and no speed health check (the examples stay as set).
hypothesis_settings.register_profile(
    "sanxiang", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("sanxiang")

PASSWORD = "Sanxiang-Test-2026!"
CATEGORIES = {"AQSC": "安全生产", "YJGL": "应急管理", "SCJG": "市场监管"}


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _name_the_session(sender, connection, **kwargs):
    """On PostgreSQL a test's session carries its process and thread in its application
    name, so that a session left open (below) says who opened it; a session with no such
    name came from another program (a server or worker the test started)."""
    if connection.vendor == "postgresql":
        name = f"pytest {os.getpid()} {threading.current_thread().name}"[:63]
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('application_name', %s, false)", [name])


connection_created.connect(_name_the_session)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and on PostgreSQL no other session left on it at the
    end: a session another thread or process of a test left open makes the database's drop
    fail ("is being accessed by other users"). Each one left is named in a warning (its
    last query says which code opened it) and ended, so the drop goes through."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, backend_start, left(query, 200)"
            " FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()")
        others = cursor.fetchall()
        for pid, application, state, started, query in others:
            warnings.warn(f"a session was left on the test database: pid {pid}, "
                          f"{application or 'no application name'}, {state}, started "
                          f"{started:%H:%M:%S}, last query: {query}", stacklevel=1)
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    connection.close()


@pytest.fixture
def page_cache(settings):
    """The public page cache on (the test profile has it off), in local memory, empty at
    the start and the end of the test."""
    from django.core.cache import caches

    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public-cache-tests"}}
    settings.SANXIANG_PUBLIC_CACHE_SECONDS = 3600
    caches["default"].clear()
    yield
    with contextlib.suppress(Exception):  # a test's own Redis may be stopped already
        caches["default"].clear()


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete_on_postgresql():
    """A transactional test ends with a flush of every table. On PostgreSQL Django flushes
    with one TRUNCATE of all of them, which makes each table a new empty file and waits for
    the disk: seconds, for tables that hold a few test rows. DELETE empties them as well, in
    one transaction, the foreign keys checked at its end (Django makes them DEFERRABLE)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences,
                            allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


EMBEDDED_ONLY = ("the platform runs here in child processes on the embedded SQLite database of "
                 "a data directory of its own, whatever DATABASE_URL says: the SQLite run "
                 "(./dev test without DATABASE_URL) runs exactly this")


def pytest_collection_modifyitems(config, items):
    """``embedded`` tests never reach the PostgreSQL database under test: in the PostgreSQL
    run they would repeat the SQLite run's test step for step (the CLI as a newcomer types
    it, production settings, the SQLite backup), so they run once, in the SQLite run."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason=EMBEDDED_ONLY)
    for item in items:
        if item.get_closest_marker("embedded"):
            item.add_marker(skip)


# Packages whose tests share a package-scoped load: one work unit each.
SHARED_LOAD = ("tests/demo/county/",)
# The work units that take longest (each a minute or more of one worker), started first.
LONGEST_FIRST = ("tests/demo/county/", "tests/test_cli.py", "tests/ops/test_backup_restore.py",
                 "tests/core/test_ledger_processes.py", "tests/cases/test_document_content.py",
                 "tests/browser/")


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            for package in SHARED_LOAD:
                if nodeid.startswith(package):
                    return package
            return super()._split_scope(nodeid)

        def schedule(self):
            first = self.collection is None
            super().schedule()
            if first and self.workqueue:
                # After the first units went out: the longest next, in a stable sort.
                # (Only the queue is reordered; the workers' collections, which the
                # scheduler addresses by index, stay as they are.)
                def rank(scope):
                    for position, prefix in enumerate(LONGEST_FIRST):
                        if scope.startswith(prefix):
                            return position
                    return len(LONGEST_FIRST)

                ordered = sorted(self.workqueue.items(), key=lambda unit: rank(unit[0]))
                self.workqueue.clear()
                self.workqueue.update(ordered)

    return Scheduling(config, log)


@contextmanager
def shared_rows(django_db_blocker):
    """Write rows once for every test of a class, in a transaction the class's end rolls back.

    Each test of the class runs in a savepoint inside it (pytest-django's ``db``), so what a
    test writes is gone before the next test starts, as with rows of its own; only the
    writing is shared. Not for ``transaction=True`` tests, which commit and flush. ``./dev
    test`` runs ``--dist loadscope``, which keeps a class's tests (and a module's test
    functions) on one xdist worker; spread over two, each would write the rows again.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@pytest.fixture(scope="class")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county as ``sanxiang demo`` loads it (no cases), once for a test class; the
    load's result (``county.load()``'s accounts and ``created``)."""
    from sanxiang.demo import county

    with shared_rows(django_db_blocker):
        yield county.load(cases=0)


@pytest.fixture
def fields(db):
    # The org migration seeds these; a transactional test's flush removes them, so recreate.
    existing = {f.code: f for f in EnforcementField.objects.filter(code__in=CATEGORIES)}
    return {
        code: existing.get(code)
        or actions.create_enforcement_field(acting_user=None, code=code, name=name)
        for code, name in CATEGORIES.items()
    }


def _body(name, short_name, region, seed, kind_of_work):
    return actions.create_body(
        acting_user=None,
        name=name,
        short_name=short_name,
        credit_code=make_credit_code(prefix="11", region=region, seed=seed),
        nature="administrative",
        subject_kind="statutory",
        funding="full",
        staffing=40,
        duties=f"依法负责本辖区{kind_of_work}行政执法工作。",
        legal_representative="王建国" if seed == 1 else "李红梅",
        address=f"石家庄市{short_name}政务中心{seed}号",
        complaint_phone="0311-12345",
        supervising_body="石家庄市司法局",
        region_code=region,
    )


@pytest.fixture
def body_a(db):
    return _body("石家庄市长安区应急管理局", "长安区应急局", "130102", 1, "安全生产")


@pytest.fixture
def body_b(db):
    return _body("石家庄市桥西区市场监督管理局", "桥西区市场监管局", "130104", 2, "市场监管")


def qualified_officer(body, name, field_codes, number, *, is_reviewer=False):
    """An officer with a certificate valid today whose annual inspections all passed."""
    today = timezone.localdate()
    officer = actions.create_officer(
        acting_user=None, body=body, name=name, post="执法队员" if not is_reviewer else "法制员",
        field_codes=field_codes, areas="本辖区", legal_qualification=is_reviewer,
        is_reviewer=is_reviewer, phone="13800000000",
    )
    certificate = actions.issue_certificate(
        officer=officer, acting_user=None, number=number, issued_by="河北省人民政府",
        issued_on=date(today.year - 3, 3, 1), expires_on=date(today.year + 3, 2, 28),
    )
    for year in range(today.year - 3, today.year):
        actions.record_annual_inspection(
            certificate=certificate, acting_user=None, year=year, result="passed",
            inspected_on=date(year, 12, 20),
        )
    return officer


@pytest.fixture
def officer_a1(fields, body_a):
    return qualified_officer(body_a, "张伟", ["AQSC", "YJGL"], "13010201001")


@pytest.fixture
def officer_a2(fields, body_a):
    return qualified_officer(body_a, "刘洋", ["AQSC", "YJGL"], "13010201002")


@pytest.fixture
def officer_b1(fields, body_b):
    return qualified_officer(body_b, "陈静", ["SCJG"], "13010401001")


@pytest.fixture
def reviewer_officer_a(fields, body_a):
    return qualified_officer(body_a, "赵敏", ["AQSC", "YJGL"], "13010201009", is_reviewer=True)


def _user(username, full_name, roles, **scope):
    return actions.create_user(acting_user=None, username=username, password=PASSWORD,
                               full_name=full_name, roles=roles, **scope)


@pytest.fixture
def officer_user_a(officer_a1):
    return _user("officer_a", officer_a1.name, [Role.OFFICER], officer=officer_a1)


@pytest.fixture
def officer_user_b(officer_b1):
    return _user("officer_b", officer_b1.name, [Role.OFFICER], officer=officer_b1)


@pytest.fixture
def reviewer_user_a(reviewer_officer_a):
    return _user("reviewer_a", reviewer_officer_a.name, [Role.REVIEWER],
                 officer=reviewer_officer_a)


@pytest.fixture
def head_user_a(body_a):
    return _user("head_a", "孙志强", [Role.HEAD], body=body_a)


@pytest.fixture
def clerk_user_a(body_a):
    return _user("clerk_a", "周丽", [Role.CLERK], body=body_a)


@pytest.fixture
def supervisor_user(db):
    return _user("supervisor", "吴建华", [Role.SUPERVISOR], jurisdiction="1301")


@pytest.fixture
def admin_user(db):
    return _user("admin", "郑平", [Role.ADMIN])


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def client_for(db):
    """``client_for(user)`` → a test Client with ``user`` logged in (no password needed).

    A user whose role needs a second factor is enrolled (through the actions) and the
    session marked as verified by that authenticator, as after a real two-step login.
    """

    def make(user):
        client = Client()
        client.force_login(user)
        if second_factor.required_for(user) or second_factor.has_device(user):
            device = (second_factor.confirmed_devices(user).first()
                      or enrol_authenticator(user))
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make


def totp_code(device, *, at=None) -> str:
    """The code the holder's authenticator app shows (now, or at Unix time ``at``)."""
    import time

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def enrol_authenticator(user):
    """Enrol a TOTP authenticator for ``user`` as they would at the enrolment page."""
    device = actions.start_totp_enrolment(user=user, acting_user=user)
    return actions.confirm_totp_device(device=device, acting_user=user,
                                       token=totp_code(device))


@pytest.fixture(autouse=True)
def _ledger_emptied_before_flush(request):
    """Let transactional tests end: the ledger's triggers refuse the flush's DELETE/TRUNCATE.

    For tests that commit for real (``transaction=True``, ``live_server``), the ledger is
    emptied — triggers dropped and recreated in one transaction — before pytest-django
    flushes the database. Ordinary tests roll back and need nothing.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or bool({"transactional_db", "live_server"} & set(request.fixturenames))
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")  # so this teardown runs before the flush
    yield
    from sanxiang.ledger import triggers as ledger_triggers

    ledger_triggers.clear_for_tests()


@pytest.fixture
def own_jobs_dir(settings, tmp_path):
    """A job directory of the test's own: jobs are numbered per database, and each xdist
    worker has its own database, so job 1 of two workers would share one folder."""
    settings.SANXIANG_JOBS_DIR = tmp_path / "jobs"
    return settings.SANXIANG_JOBS_DIR
