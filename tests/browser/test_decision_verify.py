"""The public finds a published decision and verifies it in the browser (R-PUB-04): the
record's digest, the ledger entry, the inclusion proof and the signed checkpoint, with
SM3 implemented in verify.js."""

import base64
import hashlib
import json
import random
from datetime import timedelta

import pytest
from cases.factories import make_case
from django.utils import timezone

from sanxiang.core.identifiers import make_credit_code
from sanxiang.disclosure import actions, masking
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger import checkpoints
from sanxiang.org import actions as org_actions
from sanxiang.org.roles import Role

pytestmark = [pytest.mark.browser,
              pytest.mark.urls("disclosure.test_public_pages")]

SOURCE = ("经查，当事人滹阳县宏达化工有限公司未按规定对重大危险源进行安全评估，"
          "现场负责人电话13912345678。依据《中华人民共和国安全生产法》第一百零一条，"
          "决定罚款人民币30,000.00元。")


@pytest.fixture
def decision(body_a, officer_a1, officer_a2):
    clerk = org_actions.create_user(acting_user=None, username="clerk_a",
                                    password="Clerk-Password-2026!", full_name="周丽",
                                    roles=[Role.CLERK], body=body_a)
    case = make_case(body_a, [officer_a1, officer_a2], days_ago=30)
    decided = timezone.localdate() - timedelta(days=2)
    redactions = [{"start": r.start, "end": r.end, "kind": r.kind, "rule": r.rule,
                   "source": "proposed"}
                  for r in masking.propose(SOURCE, party_kind="organisation")]
    d = Disclosure.objects.create(
        case=case, body=body_a, category="penalty", decided_on=decided,
        due_on=decided + timedelta(days=9), title="未按规定对重大危险源进行安全评估案",
        party_name="滹阳县宏达化工有限公司", party_kind="organisation",
        party_code=make_credit_code(prefix="91", region="130139", seed=7),
        document_number="冀应急罚〔2026〕83号",
        conclusion="罚款人民币30,000.00元", source_text=SOURCE, redactions=redactions)
    d = actions.approve_and_publish(acting_user=clerk, disclosure=d,
                                    on=timezone.localdate())
    checkpoints.sign_checkpoint()
    return d


def open_decision(page, live_server, decision):
    page.goto(f"{live_server.url}/decisions/")
    page.fill("[name=party]", "滹阳县宏达")
    page.locator("form.filter-form button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="冀应急罚〔2026〕83号").click()
    page.wait_for_url(f"{live_server.url}/decisions/{decision.pk}/")
    assert "13912345678" not in page.content()


def test_public_search_then_verify_in_browser_R_PUB_04(browser_page, live_server, decision):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})  # phone first
    open_decision(page, live_server, decision)
    page.locator("#verify-button").click()
    verdict = page.locator("#verify-verdict")
    verdict.wait_for()
    checks = page.locator("#verify-result li").all_inner_texts()
    assert "verdict-ok" in verdict.get_attribute("class"), checks
    keys = page.locator("#verify-result li").evaluate_all(
        "items => items.map(i => i.dataset.check)")
    assert keys[:3] == ["record_ok", "entry_ok", "proof_ok"]
    # Chromium checks Ed25519 where SubtleCrypto has it; otherwise it says so, never "ok".
    # SM2 (sanxiang/sm2.js) is checked everywhere.
    assert keys[3] in ("sig_ok", "sig_skipped") and keys[4] == "sig_ok"


def test_tampered_proof_fails_in_browser_R_PUB_04(browser_page, live_server, decision):
    page = browser_page

    def tamper(route):
        response = route.fetch()
        proof = json.loads(response.text())
        proof["record"]["conclusion"] = "不予处罚"
        route.fulfill(response=response, body=json.dumps(proof, ensure_ascii=False),
                      headers={**response.headers, "content-type": "application/json"})

    page.route("**/proof.json", tamper)
    open_decision(page, live_server, decision)
    page.locator("#verify-button").click()
    page.locator("#verify-verdict").wait_for()
    assert "verdict-bad" in page.locator("#verify-verdict").get_attribute("class")
    assert page.locator("#verify-result li[data-check=record_bad]").count() == 1


def test_sm3_in_javascript_equals_python_R_PUB_04(browser_page, live_server, decision):
    page = browser_page
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.wait_for_function("() => window.SanxiangVerify !== undefined")
    rng = random.Random(32905)
    vectors = [b"", b"abc", b"abcd" * 16, SOURCE.encode()]
    # Around the padding boundaries of the 64-byte blocks, and a long input.
    vectors += [bytes(rng.randrange(256) for _ in range(n)) for n in (55, 56, 63, 64, 65, 1000)]
    got = page.evaluate(
        "vectors => vectors.map(v => SanxiangVerify.hex("
        "SanxiangVerify.sm3(new Uint8Array(v))))", [list(v) for v in vectors])
    assert got == [hashlib.new("sm3", v).hexdigest() for v in vectors]
    # GB/T 32905 appendix A, example 1.
    assert got[1] == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_canonical_json_in_javascript_equals_python_R_PUB_04(browser_page, live_server,
                                                             decision):
    """The browser hashes the record's JSON as it writes it, so it must write the ledger's
    canonical JSON byte for byte, whatever the masked text holds."""
    from sanxiang.disclosure import canonical
    from sanxiang.ledger.entries import canonical_json

    page = browser_page
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.wait_for_function("() => window.SanxiangVerify !== undefined")
    record = canonical.published_record(decision)
    record["masked_text"] = ('第一行\n第二行\t"引号"\\反斜杠 \x01\x1f 〔2026〕 😀 \u2028 '
                             "<script>&amp;</script>")
    record["redaction_kinds"] = ["phone", "id_number"]
    got = page.evaluate("r => SanxiangVerify.canonicalJson(r)", record)
    assert got == canonical_json(record)


def _flip_sm2(proof):
    for item in [proof["checkpoint"], *proof["checkpoint"]["signatures"]]:
        if item["signature_algorithm"] == "sm2":
            raw = bytearray(base64.b64decode(item["signature"]))
            raw[12] ^= 1
            item["signature"] = base64.b64encode(bytes(raw)).decode()
    return proof


def test_sm2_signature_is_checked_in_browser_R_PUB_04(browser_page, live_server, decision):
    page = browser_page
    open_decision(page, live_server, decision)
    page.locator("#verify-button").click()
    page.locator("#verify-verdict").wait_for()
    assert "verdict-ok" in page.locator("#verify-verdict").get_attribute("class")
    passed = page.locator("#verify-result li[data-check=sig_ok]").all_inner_texts()
    assert any("SM2 签名有效" in text for text in passed), passed


def test_flipped_sm2_signature_fails_in_browser_R_PUB_04(browser_page, live_server, decision):
    page = browser_page

    def tamper(route):
        response = route.fetch()
        proof = _flip_sm2(json.loads(response.text()))
        route.fulfill(response=response, body=json.dumps(proof, ensure_ascii=False),
                      headers={**response.headers, "content-type": "application/json"})

    page.route("**/proof.json", tamper)
    open_decision(page, live_server, decision)
    page.locator("#verify-button").click()
    page.locator("#verify-verdict").wait_for()
    assert "verdict-bad" in page.locator("#verify-verdict").get_attribute("class")
    failed = page.locator("#verify-result li[data-check=sig_bad]").all_inner_texts()
    assert len(failed) == 1 and "SM2 签名无效" in failed[0], failed


def test_sm2_in_javascript_equals_python_R_PUB_04(browser_page, live_server, decision):
    """sm2.js on the standard's example (GB/T 32918.5 annex A) and on signatures the
    platform makes, each also with one byte changed."""
    from sanxiang.ledger import signatures

    page = browser_page
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.wait_for_function("() => window.SanxiangSM2 !== undefined")
    d = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
    standard = signatures.PrivateKey(signatures.SM2, d.to_bytes(32, "big")).public_key()
    example = signatures.encode_sm2_signature(
        0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3,
        0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA)
    cases = [(standard.raw, example, b"message digest", True),
             (standard.raw, example, b"message digesT", False)]
    key = signatures.generate(signatures.SM2)
    for index in range(3):
        message = f"sanxiang-ledger-checkpoint/v1\n{index}\nsm3:{'ab' * 32}\n".encode()
        signed = key.sign(message)
        changed = bytearray(signed)
        changed[-1] ^= 1
        cases += [(key.public_key().raw, signed, message, True),
                  (key.public_key().raw, bytes(changed), message, False)]
    got = page.evaluate(
        "cases => cases.map(c => SanxiangSM2.verify(new Uint8Array(c[0]), new Uint8Array(c[1]),"
        " new Uint8Array(c[2])))",
        [[list(raw), list(sig), list(message)] for raw, sig, message, _ok in cases])
    assert got == [ok for *_rest, ok in cases]
