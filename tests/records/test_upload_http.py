"""The browser's side, over HTTP: resumable chunked upload, playback by Range, custody, 404s."""

import pytest
from django.urls import reverse
from django.utils import timezone

from records import case_of_a, metadata, video_bytes
from sanxiang.core import blobs
from sanxiang.records import actions
from sanxiang.records.models import CustodyEntry, Evidence

pytestmark = pytest.mark.django_db

SIZE = blobs.CHUNK_SIZE


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    # Unfinished uploads leave preallocated partial files: keep them out of the shared store.
    settings.DATA_DIR = tmp_path


def payload(n_bytes: int) -> bytes:
    block = bytes(range(256)) * 16
    return video_bytes((block * (n_bytes // len(block) + 1))[:n_bytes])


@pytest.fixture
def case(officer_a1, officer_a2, officer_user_a):
    return case_of_a([officer_a1, officer_a2], officer_user_a)


def form_metadata(officer, **overrides) -> dict:
    meta = metadata(officer)
    local = lambda moment: timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    data = {k: meta[k] for k in ("step", "kind", "title", "proves", "place", "device")}
    data.update(captured_from=local(meta["captured_from"]), captured_to=local(meta["captured_to"]),
                captured_by=str(officer.pk))
    data.update(overrides)
    return data


def start(client, case, data: bytes):
    response = client.post(reverse("records:upload_start"), data={
        "case": case.pk, "filename": "现场检查.mp4", "content_type": "video/mp4",
        "size": len(data)}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def put(client, upload: dict, data: bytes, index: int):
    begin = index * upload["chunk_size"]
    piece = data[begin:begin + upload["chunk_size"]]
    return client.put(upload["chunk_url"].replace("{index}", str(index)), data=piece,
                      content_type="application/octet-stream", headers={
                          "Content-Range": f"bytes {begin}-{begin + len(piece) - 1}/{len(data)}"})


def test_resumable_upload_over_http_out_of_order_R_REC_05(case, officer_user_a, officer_a1,
                                                           client_for):
    client = client_for(officer_user_a)
    data = payload(2 * SIZE + 4321)
    upload = start(client, case, data)
    assert upload["chunk_count"] == 3 and upload["missing"] == [0, 1, 2]
    assert put(client, upload, data, 2).status_code == 200
    # The connection drops here; after a reload the page asks what the server has.
    status = client.get(upload["status_url"]).json()
    assert status["present"] == [2] and status["missing"] == [0, 1]
    early = client.post(upload["finish_url"], data=form_metadata(officer_a1))
    assert early.status_code == 400 and early.json()["missing"] == [0, 1]
    assert put(client, upload, data, 0).status_code == 200
    assert put(client, upload, data, 0).status_code == 200  # a retry of a received chunk
    assert put(client, upload, data, 1).status_code == 200
    response = client.post(upload["finish_url"], data=form_metadata(officer_a1))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["digest"] == blobs.digest_of_bytes(data) and body["late"] is False
    evidence = Evidence.objects.get(pk=body["evidence"])
    assert evidence.size == len(data) and evidence.uploaded_by == officer_user_a
    page = client.get(body["url"])
    assert page.status_code == 200


def test_chunk_with_wrong_range_or_bytes_refused(case, officer_user_a, client_for):
    client = client_for(officer_user_a)
    data = payload(5000)
    upload = start(client, case, data)
    wrong = client.put(upload["chunk_url"].replace("{index}", "0"), data=data,
                       content_type="application/octet-stream",
                       headers={"Content-Range": "bytes 10-5009/5000"})
    assert wrong.status_code == 400
    assert put(client, upload, data, 0).status_code == 200
    other = client.put(upload["chunk_url"].replace("{index}", "0"), data=b"z" * 5000,
                       content_type="application/octet-stream")
    assert other.status_code == 400 and other.json()["error"] == "UPLOAD"


def test_finish_refuses_missing_place_R_REC_04(case, officer_user_a, officer_a1, client_for):
    client = client_for(officer_user_a)
    data = payload(1000)
    upload = start(client, case, data)
    put(client, upload, data, 0)
    response = client.post(upload["finish_url"], data=form_metadata(officer_a1, place=""))
    assert response.status_code == 400
    assert response.json()["field"] == "place" and response.json()["error"] == "R-REC-04"
    assert not Evidence.objects.filter(case=case).exists()


def test_size_limit_over_http(case, officer_user_a, client_for, settings):
    settings.SANXIANG_MAX_UPLOAD_BYTES = 1000
    response = client_for(officer_user_a).post(reverse("records:upload_start"), data={
        "case": case.pk, "filename": "a.mp4", "content_type": "video/mp4", "size": 5000},
        content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "size"


@pytest.fixture
def evidence(case, officer_user_a, officer_a1):
    return actions.store_evidence_file(acting_user=officer_user_a, case=case,
                                       path_or_bytes=payload(100_000), filename="v.mp4",
                                       content_type="video/mp4", metadata=metadata(officer_a1))


def give_reason(client, evidence, reason="审查案件证据"):
    response = client.post(reverse("records:evidence_reason", args=[evidence.pk]),
                           data={"reason": reason})
    assert response.status_code == 302


def test_range_request_returns_206_with_the_right_bytes(evidence, officer_user_a, client_for):
    client = client_for(officer_user_a)
    give_reason(client, evidence)
    url = reverse("records:evidence_media", args=[evidence.pk])
    data = payload(100_000)
    response = client.get(url, headers={"Range": "bytes=1000-1999"})
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1000-1999/100000"
    assert b"".join(response.streaming_content) == data[1000:2000]
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert b"".join(tail.streaming_content) == data[-10:]
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == data
    assert client.get(url, headers={"Range": "bytes=200000-"}).status_code == 416


def test_view_and_download_logged_with_reason_R_REC_06(evidence, officer_user_a, client_for):
    client = client_for(officer_user_a)
    url = reverse("records:evidence_media", args=[evidence.pk])
    assert client.get(url).status_code == 403  # no reason given yet
    detail = client.get(reverse("records:evidence_detail", args=[evidence.pk]))
    assert "<video" not in detail.content.decode()
    give_reason(client, evidence, "复核现场检查过程")
    detail = client.get(reverse("records:evidence_detail", args=[evidence.pk]))
    assert "<video" in detail.content.decode()
    client.get(url, headers={"Range": "bytes=0-"})
    client.get(url, headers={"Range": "bytes=5000-"})  # the same playback: no new entry
    download = client.post(reverse("records:evidence_download", args=[evidence.pk]),
                           data={"reason": "提交复议机关"})
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    entries = list(CustodyEntry.objects.filter(evidence=evidence).order_by("pk")
                   .values_list("action", "reason", "user_id"))
    assert entries == [("view", "复核现场检查过程", officer_user_a.pk),
                       ("download", "提交复议机关", officer_user_a.pk)]
    refused = client.post(reverse("records:evidence_download", args=[evidence.pk]),
                          data={"reason": ""})
    assert refused.status_code == 302
    assert CustodyEntry.objects.filter(evidence=evidence).count() == 2


def test_copy_over_http_needs_approval_R_REC_06(evidence, officer_user_a, head_user_a,
                                                client_for):
    officer, head = client_for(officer_user_a), client_for(head_user_a)
    copy_url = reverse("records:copy_original", args=[evidence.pk])
    assert officer.post(copy_url).status_code == 400
    officer.post(reverse("records:copy_request", args=[evidence.pk]), data={"reason": "移送"})
    copy = evidence.copy_requests.get()
    head.post(reverse("records:copy_decide", args=[copy.pk]), data={"approved": "1"})
    response = officer.post(copy_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == payload(100_000)
    assert CustodyEntry.objects.filter(evidence=evidence, action="copy").count() == 1


def test_user_of_another_body_gets_404(evidence, case, officer_user_b, officer_user_a,
                                       client_for):
    owner = client_for(officer_user_a)
    upload = start(owner, case, payload(10))
    client = client_for(officer_user_b)
    for url in (reverse("records:evidence_detail", args=[evidence.pk]),
                reverse("records:evidence_media", args=[evidence.pk]),
                reverse("records:case_evidence", args=[case.pk]),
                reverse("records:upload_page", args=[case.pk]),
                upload["status_url"]):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("records:evidence_reason", args=[evidence.pk]),
                       data={"reason": "x"}).status_code == 404
    assert client.put(upload["chunk_url"].replace("{index}", "0"), data=payload(10),
                      content_type="application/octet-stream").status_code == 404
    started = client.post(reverse("records:upload_start"), data={
        "case": case.pk, "filename": "a.mp4", "content_type": "video/mp4", "size": 10},
        content_type="application/json")
    assert started.status_code == 404
    assert client.get(reverse("records:custody_log")).status_code == 404


def test_pages_render(evidence, case, officer_user_a, supervisor_user, head_user_a,
                      client_for):
    officer = client_for(officer_user_a)
    page = officer.get(reverse("records:upload_page", args=[case.pk]) + "?step=investigate")
    text = page.content.decode()
    assert page.status_code == 200 and "records/uploader.js" in text and "<script>" not in text
    assert officer.get(reverse("records:case_evidence", args=[case.pk])).status_code == 200
    supervisor = client_for(supervisor_user)
    give_reason(supervisor, evidence, "执法监督检查")
    supervisor.get(reverse("records:evidence_media", args=[evidence.pk]))
    log = supervisor.get(reverse("records:custody_log"), data={"case": case.number})
    assert log.status_code == 200 and "执法监督检查" in log.content.decode()
    head_log = client_for(head_user_a).get(reverse("records:custody_log"),
                                           data={"evidence": evidence.pk})
    assert "执法监督检查" in head_log.content.decode()
    assert officer.get(reverse("records:custody_log")).status_code == 404


def test_case_evidence_list_names_each_step_in_chinese(evidence, case, officer_user_a,
                                                       client_for):
    """The list of a case's evidence says at which step each item was captured by the step's
    name (调查取证), never the workflow's code."""
    text = client_for(officer_user_a).get(
        reverse("records:case_evidence", args=[case.pk])).content.decode()
    name = str(case.workflow.step(evidence.step).name)
    assert f"<td>{name}</td>" in text
    assert f">{evidence.step}<" not in text


def test_a_blank_or_over_long_reason_to_view_is_refused_beside_the_field_R_REC_06(
        evidence, officer_user_a, client_for):
    """It redirected to the same page with no word (ADR 0065): nothing said what was wrong."""
    client = client_for(officer_user_a)
    url = reverse("records:evidence_reason", args=[evidence.pk])
    for reason, message in (("　 ", "此项必填"), ("查" * 301, "最多填写 300 个字")):
        response = client.post(url, data={"reason": reason})
        assert response.status_code == 422 and message in response.content.decode()
    media = client.get(reverse("records:evidence_media", args=[evidence.pk]))
    assert media.status_code == 403  # still no reason recorded
    refused = client.post(reverse("records:copy_request", args=[evidence.pk]),
                          data={"reason": "  "})
    assert refused.status_code == 422 and "此项必填" in refused.content.decode()
