"""HEAD on the JSON API, and an over-long address, answered as a person or a link checker
expects: HEAD like GET without the body; a 414 in Chinese, never the server's English page."""

from urllib.parse import quote

import pytest
from django.http import JsonResponse
from django.test import RequestFactory

from sanxiang.api.middleware import HeadAsGetMiddleware
from sanxiang.core.middleware import MAX_URL_LENGTH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/org/bodies", "/api/org/officers", "/api/openapi.json",
                                  "/api/inspections/results"])
def test_api_get_endpoints_answer_head_like_get(client, body_a, path):
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == 200, path
    assert head.status_code == 200, head.content
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_staff_endpoint_answers_head_for_its_user_and_hides_it_from_others(
        client, client_for, officer_user_a):
    assert client_for(officer_user_a).head("/api/cases/").status_code == 200
    assert client.head("/api/cases/").status_code == 401  # as the GET: log in first


def test_head_is_refused_where_get_is(client):
    """An address without a GET (the case-opening POST) still answers HEAD with 405."""
    response = client.head("/api/cases/1/steps")
    assert response.status_code == 405
    assert "GET" not in response["Allow"]


def test_head_drops_the_body_itself_whatever_the_server_does():
    """The middleware empties the body (the test client and gunicorn would too): the length
    stays the GET's."""
    seen = []

    def view(request):
        seen.append(request.method)
        return JsonResponse({"message": "执法主体"}, json_dumps_params={"ensure_ascii": False})

    request = RequestFactory().head("/api/org/bodies")
    response = HeadAsGetMiddleware(view)(request)
    assert seen == ["GET"] and request.method == "HEAD"
    assert response.content == b""
    assert int(response["Content-Length"]) == len('{"message": "执法主体"}'.encode())


def test_over_long_address_gets_a_chinese_414(client):
    # As a browser sends it: percent-encoded, 9 bytes a character.
    long_query = "q=" + quote("王" * (MAX_URL_LENGTH // 9 + 10))
    page = client.get(f"/officers/?{long_query}")
    assert page.status_code == 414
    text = page.content.decode()
    assert "地址过长" in text
    assert "Request" not in text and "URI" not in text
    api = client.get(f"/api/org/officers?{long_query}")
    assert api.status_code == 414
    assert api.json()["code"] == "URI_TOO_LONG"
    assert "过长" in api.json()["message"]
    # An address within the limit is answered as usual.
    assert client.get("/officers/?q=" + quote("王" * 400)).status_code == 200


def test_serve_raises_gunicorn_request_line_to_its_maximum_not_unlimited(monkeypatch):
    """``sanxiang serve`` lets addresses up to gunicorn's maximum (8190) reach the platform,
    whose own limit (MAX_URL_LENGTH) is lower, so the 414 a user sees is the Chinese one."""
    from sanxiang import cli

    calls = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: calls.append(argv))
    cli.serve(bind="127.0.0.1:8999", workers=1)
    (argv,) = calls
    limit = int(argv[argv.index("--limit-request-line") + 1])
    assert limit == 8190 and limit > MAX_URL_LENGTH


def _serve_argv(port: int, monkeypatch) -> list[str]:
    from sanxiang import cli

    calls = []
    monkeypatch.setattr(cli.os, "execv", lambda path, argv: calls.append(argv))
    cli.serve(bind=f"127.0.0.1:{port}", workers=1)
    (argv,) = calls
    return argv


def _raw_request(port: int, data: bytes) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_requests_gunicorn_refuses_itself_are_answered_in_chinese(monkeypatch):
    """An address over gunicorn's request-line limit (8,190 bytes), a malformed request line
    and oversized headers never reach the platform: ``sanxiang serve``'s worker answers them
    with a Chinese page and gunicorn's status, not gunicorn's English one."""
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = _serve_argv(port, monkeypatch)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, *argv[1:]], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=dict(os.environ))
    try:
        for _ in range(300):  # until it listens (the worker loads the application first)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        cases = [
            (b"GET /decisions/?q=" + b"%E7%8E%8B" * 1000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
             414, "地址过长"),
            (b"GET\x01 / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "请求无法处理"),
            (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"a" * 9000 + b"\r\n\r\n",
             431, "请求头过大"),
        ]
        for request, status, title in cases:
            answer = _raw_request(port, request)
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(f"HTTP/1.1 {status} ".encode()), head[:80]
            assert b"charset=utf-8" in head
            for header in (b"Content-Security-Policy: ", b"X-Content-Type-Options: nosniff",
                           b"X-Frame-Options: ", b"Permissions-Policy: "):
                assert header in head
            text = body.decode()
            assert title in text and "返回首页" in text
            assert not any(word in text for word in ("Request", "Invalid", "Bad", "large"))
    finally:
        server.terminate()
        server.wait(timeout=30)
