"""Lockout beyond the (account, address) pair: password spraying from many addresses onto one
account, and one address trying many accounts (django-axes with two limits)."""

from django.conf import settings
from django.test import Client

from .conftest import TYPED_PASSWORD

LOGIN = "/accounts/login/"


def attempt(username, password, address):
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username,
                                                    "password": password})


def test_spraying_one_account_from_many_addresses_locks_the_account(officer_a2, account_for):
    account_for(officer_a2, "officer_a")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt("officer_a", f"guess-{n}", f"203.0.113.{n + 1}")
    locked = attempt("officer_a", TYPED_PASSWORD, "198.51.100.7")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账户已锁定" in page and "登录失败次数过多" in page


def test_one_address_over_many_accounts_is_locked_for_every_account(officer_a2, account_for):
    account_for(officer_a2, "officer_a")
    # Each name fails fewer times than the account limit: only the address adds up.
    limit = settings.SANXIANG_LOGIN_IP_FAILURE_LIMIT
    for n in range(limit - 1):
        assert attempt(f"user{n}", "guess", "203.0.113.50").status_code == 200
    # The failure that reaches the limit is answered with the lockout page, like the account's.
    assert attempt(f"user{limit}", "guess", "203.0.113.50").status_code == 429
    assert attempt("officer_a", TYPED_PASSWORD, "203.0.113.50").status_code == 429
    # The account itself is not locked: from another address its holder gets in.
    assert attempt("officer_a", TYPED_PASSWORD, "198.51.100.8").status_code == 302


def test_an_office_behind_one_address_survives_a_few_typos(officer_a2, account_for):
    account_for(officer_a2, "officer_a")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(f"colleague{n}", "typo", "192.0.2.10")
    assert attempt("officer_a", TYPED_PASSWORD, "192.0.2.10").status_code == 302


def test_logging_into_an_own_account_does_not_wipe_the_address_record(officer_a2, account_for):
    account_for(officer_a2, "officer_a")
    limit = settings.SANXIANG_LOGIN_IP_FAILURE_LIMIT
    for n in range(limit - 1):
        attempt(f"victim{n}", "guess", "203.0.113.60")
    # The attacker holds one account and logs into it from the same address …
    assert attempt("officer_a", TYPED_PASSWORD, "203.0.113.60").status_code == 302
    # … which must not reset the failures counted against the address.
    attempt("victim-last", "guess", "203.0.113.60")
    assert attempt("officer_a", TYPED_PASSWORD, "203.0.113.60").status_code == 429


def test_behind_the_proxy_the_client_is_counted_not_the_proxy(officer_a2, account_for,
                                                              settings):
    """With the reverse proxy of docs/deploy.md every request comes from the proxy's address;
    the lockout counts the client's address the proxy appended to X-Forwarded-For, so one
    client's failures lock that client, not everyone behind the proxy. What a client writes
    into the header itself (the left part) is not trusted."""
    settings.SANXIANG_PROXY_COUNT = 1
    account_for(officer_a2, "officer_a")
    proxy = "10.0.0.2"

    def through_proxy(username, password, client, forged=""):
        hops = f"{forged}, {client}" if forged else client
        return Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=hops).post(
            LOGIN, {"username": username, "password": password})

    limit = settings.SANXIANG_LOGIN_IP_FAILURE_LIMIT
    for n in range(limit):
        # Each failure claims another address on the left: only the proxy's entry counts.
        through_proxy(f"user{n}", "guess", "203.0.113.70", forged=f"198.51.100.{n + 1}")
    assert through_proxy("officer_a", TYPED_PASSWORD, "203.0.113.70").status_code == 429
    assert through_proxy("officer_a", TYPED_PASSWORD, "203.0.113.71").status_code == 302
