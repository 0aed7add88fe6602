"""The demo stays easy: its privileged accounts come enrolled with published secrets, the
demo prints them, and ``sanxiang demo-code`` shows the current codes (demo only)."""

import time
from base64 import b32decode

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang import cli
from sanxiang.demo import county
from sanxiang.demo import second_factor as demo_second_factor
from sanxiang.demo.plan import DEMO_PASSWORD


def test_privileged_demo_accounts_log_in_with_the_printed_key(loaded_demo, db, capsys):
    result = county.load()  # loaded already: the accounts as ``sanxiang demo`` prints them
    cli.print_accounts(result.accounts, 8000)
    printed = capsys.readouterr().out
    assert "sanxiang demo-code" in printed
    enrolled = set(TOTPDevice.objects.filter(confirmed=True)
                   .values_list("user__username", flat=True))
    assert {"head", "reviewer", "supervisor", "admin"} <= enrolled
    assert not {"officer", "clerk"} & enrolled

    secret = demo_second_factor.secret_text("head")
    assert f"head        \t密钥 {secret}" in printed
    # What a person types into an authenticator app gives the codes the platform accepts.
    key = b32decode(secret.replace(" ", ""))
    assert key.hex() == TOTPDevice.objects.get(user__username="head").key
    client = Client()
    client.post("/accounts/login/", {"username": "head", "password": DEMO_PASSWORD})
    assert client.get("/workbench/").url.startswith("/accounts/second-factor/")
    code = demo_second_factor.code_for_key(key.hex(), at=time.time() + 30)
    assert client.post("/accounts/second-factor/", {"token": code}).status_code == 302
    assert client.get("/workbench/").status_code == 200


def test_demo_code_refuses_outside_a_demo_data_directory(capsys):
    assert cli.main(["demo-code"]) == 1
    assert "只有演示环境" in capsys.readouterr().err
