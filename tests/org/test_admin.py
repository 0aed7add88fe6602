"""The register in the Django admin: Chinese, through the actions, nothing deleted."""

import json
from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanxiang.core.identifiers import make_credit_code
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.entries import history
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions
from sanxiang.org.models import Body, Certificate, Officer, User
from sanxiang.org.roles import Role, roles_of

pytestmark = pytest.mark.django_db


def body_post(**overrides):
    data = {
        "name": "某县市场监督管理局", "short_name": "", "nature": "administrative",
        "subject_kind": "statutory", "funding": "full", "staffing": "30",
        "region_code": "130123", "duties": "", "legal_representative": "吴某",
        "address": "某县人民路9号", "complaint_phone": "12315", "supervising_body": "",
        "entrusting_body": "", "entrustment_agreement": "", "expected_updated_at": "",
        "credit_code": make_credit_code(region="130123", seed=77),
    }
    data.update(overrides)
    return data


def body_change_post(body, **overrides):
    data = body_post(
        name=body.name, short_name=body.short_name, credit_code=body.credit_code,
        region_code=body.region_code, staffing=str(body.staffing), duties=body.duties,
        legal_representative=body.legal_representative, address=body.address,
        complaint_phone=body.complaint_phone, supervising_body=body.supervising_body,
        expected_updated_at=body.updated_at.isoformat())
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(admin_user, client_for):
    return client_for(admin_user)


def test_admin_pages_are_chinese(admin_client, officer_a1):
    page = admin_client.get("/admin/").content.decode()
    assert "执法主体与执法人员" in page and "执法人员" in page and "执法证" in page
    form = admin_client.get("/admin/org/body/add/").content.decode()
    for label in ("统一社会信用代码", "主体类别", "法定行政机关", "法律法规授权组织", "受委托组织",
                  "委托机关", "投诉举报电话"):
        assert label in form


@pytest.mark.parametrize("page", ["/admin/org/body/add/", "/admin/org/officer/add/",
                                  "/admin/org/user/add/"])
def test_admin_forms_carry_no_english_text(admin_client, page):
    """Found on the walk as administrator: the hidden concurrency field printed its English
    label (Expected updated at), and the user form Django's help text, which Django's own
    catalogue has only with a straight apostrophe."""
    html = admin_client.get(page).content.decode()
    assert "Expected updated at" not in html and "After you" not in html


def test_bad_credit_code_in_the_admin_shows_a_chinese_error_and_saves_nothing_R_ORG_01(
        admin_client):
    before = LedgerEvent.objects.count()
    code = make_credit_code(region="130123", seed=78)
    response = admin_client.post("/admin/org/body/add/", body_post(
        credit_code=code[:17] + ("0" if code[17] != "0" else "1")))
    assert response.status_code == 200
    assert "第18位校验码" in response.content.decode()
    assert not Body.objects.filter(name="某县市场监督管理局").exists()
    assert LedgerEvent.objects.count() == before


def test_entrusted_body_without_entrusting_body_is_a_form_error_R_ORG_01(admin_client):
    response = admin_client.post("/admin/org/body/add/", body_post(subject_kind="entrusted"))
    assert response.status_code == 200
    assert "受委托组织须填写委托机关" in response.content.decode()
    assert not Body.objects.filter(name="某县市场监督管理局").exists()


def test_saving_a_body_through_the_admin_appends_a_ledger_event(admin_client, admin_user):
    response = admin_client.post("/admin/org/body/add/", body_post())
    assert response.status_code == 302
    body = Body.objects.get(name="某县市场监督管理局")
    event = history(body).last()
    assert event.kind == EventKind.BODY_CREATED and event.actor_id == admin_user.pk
    response = admin_client.post(f"/admin/org/body/{body.pk}/change/",
                                 body_change_post(body, complaint_phone="0311-12315"))
    assert response.status_code == 302
    event = history(body).last()
    assert event.kind == EventKind.BODY_UPDATED
    assert json.loads(event.payload)["changed"] == {
        "complaint_phone": {"before": "12315", "after": "0311-12315"}}


def test_a_concurrent_edit_is_refused_with_a_message(admin_client, body_a):
    stale = body_change_post(body_a, short_name="旧页面")
    actions.update_body(body=body_a, acting_user=None, short_name="别人先改")
    response = admin_client.post(f"/admin/org/body/{body_a.pk}/change/", stale, follow=True)
    assert "该记录已被他人修改，请刷新后重试" in response.content.decode()
    body_a.refresh_from_db()
    assert body_a.short_name == "别人先改"


def test_delete_is_not_offered(admin_client, officer_a1, officer_user_a):
    body = officer_a1.body
    for model, pk in [("body", body.pk), ("officer", officer_a1.pk),
                      ("certificate", officer_a1.certificates.get().pk),
                      ("user", officer_user_a.pk)]:
        assert admin_client.get(f"/admin/org/{model}/{pk}/delete/").status_code == 403
        changelist = admin_client.get(f"/admin/org/{model}/").content.decode()
        assert "delete_selected" not in changelist
    change = admin_client.get(f"/admin/org/body/{body.pk}/change/").content.decode()
    assert "deletelink" not in change


def test_body_list_shows_reviewer_ratio_and_shortfall_R_ORG_05(admin_client, officer_a1,
                                                               reviewer_officer_a, officer_b1):
    page = admin_client.get("/admin/org/body/").content.decode()
    assert "50.0%（应不少于 1 人）" in page
    assert "0.0%（应不少于 1 人）" in page
    assert 'alt="否"' in page and 'alt="是"' in page


@pytest.mark.parametrize("page", ["/admin/org/body/", "/admin/org/officer/",
                                  "/admin/org/user/"])
def test_admin_boolean_icons_are_read_in_chinese(admin_client, page, officer_a1,
                                                 reviewer_officer_a, officer_b1,
                                                 officer_user_a):
    """A screen reader reads an icon's alt text: 是/否, not "True"/"False"."""
    html = admin_client.get(page).content.decode()
    assert 'src="/static/admin/img/icon-yes.svg" alt="是"' in html
    for english in ('alt="True"', 'alt="False"', 'alt="None"'):
        assert english not in html, english


def test_an_unknown_boolean_reads_unknown_in_chinese():
    from django.contrib.admin.utils import display_for_value
    from django.utils import translation

    with translation.override("zh-hans"):
        assert 'alt="未知"' in display_for_value(None, "", boolean=True)
        assert 'alt="否"' in display_for_value(False, "", boolean=True)


def test_body_list_queries_do_not_grow_with_bodies_R_ORG_05(admin_client, body_a, body_b):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/org/body/").status_code == 200
        return len(captured)

    few = count()
    for seed in range(5):
        actions.create_body(acting_user=None, **{
            **{k: v for k, v in body_post().items()
               if k not in {"expected_updated_at", "entrusting_body"}},
            "name": f"主体{seed}", "credit_code": make_credit_code(region="130123",
                                                                  seed=200 + seed),
            "staffing": 1})
    assert count() == few


def test_officer_add_and_change_go_through_the_actions(admin_client, admin_user, fields,
                                                      body_a):
    response = admin_client.post("/admin/org/officer/add/", {
        "name": "后台新增", "body": body_a.pk, "post": "执法队员",
        "fields": [fields["AQSC"].pk, fields["YJGL"].pk], "areas": "全区", "phone": "",
        "expected_updated_at": "",
        "certificates-TOTAL_FORMS": "0", "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "0",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    officer = Officer.objects.get(name="后台新增")
    assert sorted(officer.fields.values_list("code", flat=True)) == ["AQSC", "YJGL"]
    created = history(officer).last()
    assert created.kind == EventKind.OFFICER_CREATED and created.actor_id == admin_user.pk
    response = admin_client.post(f"/admin/org/officer/{officer.pk}/change/", {
        "name": "后台新增", "body": body_a.pk, "post": "中队长", "fields": [fields["AQSC"].pk],
        "areas": "全区", "phone": "", "is_reviewer": "on",
        "expected_updated_at": officer.updated_at.isoformat(),
        "certificates-TOTAL_FORMS": "0", "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "0",
    })
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_reviewer and list(officer.fields.values_list("code", flat=True)) == [
        "AQSC"]
    changed = json.loads(history(officer).last().payload)["changed"]
    assert set(changed) == {"post", "is_reviewer", "field_codes"}


def test_officer_page_shows_certificates_read_only(admin_client, officer_a1):
    page = admin_client.get(f"/admin/org/officer/{officer_a1.pk}/change/").content.decode()
    assert "13010201001" in page
    assert 'name="certificates-0-number"' not in page


def test_leave_action_cancels_certificates_R_ORG_02(admin_client, admin_user, officer_a1):
    ask = admin_client.post("/admin/org/officer/", {
        "action": "leave", ACTION_CHECKBOX_NAME: [officer_a1.pk]})
    assert ask.status_code == 200 and "办理离职" in ask.content.decode()
    done = admin_client.post("/admin/org/officer/", {
        "action": "leave", ACTION_CHECKBOX_NAME: [officer_a1.pk], "apply": "1",
        "on": timezone.localdate().isoformat(), "reason": "调离"}, follow=True)
    assert "已为 1 名执法人员办理离职" in done.content.decode()
    officer_a1.refresh_from_db()
    assert officer_a1.status == Officer.Status.LEFT
    assert not Certificate.objects.filter(officer=officer_a1, cancelled_on__isnull=True).exists()
    assert history(officer_a1).last().actor_id == admin_user.pk


def test_certificate_add_checks_the_rules_R_ORG_02(admin_client, officer_a1, officer_a2):
    taken = officer_a1.certificates.get().number
    response = admin_client.post("/admin/org/certificate/add/", {
        "officer": officer_a2.pk, "number": taken, "issued_by": "省政府",
        "issued_on": "2024-01-01", "expires_on": "2023-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"执法证号 {taken} 已登记" in page and "应晚于发证日期" in page
    response = admin_client.post("/admin/org/certificate/add/", {
        "officer": officer_a2.pk, "number": "ADMIN-1", "issued_by": "省政府",
        "issued_on": "2024-01-01", "expires_on": "2029-01-01"})
    assert response.status_code == 302
    certificate = Certificate.objects.get(number="ADMIN-1")
    assert history(certificate).last().kind == EventKind.CERTIFICATE_ISSUED


def test_annual_inspection_add(admin_client, officer_a1):
    certificate = officer_a1.certificates.get()
    year = timezone.localdate().year
    response = admin_client.post("/admin/org/annualinspection/add/", {
        "certificate": certificate.pk, "year": year - 1, "result": "passed",
        "inspected_on": date(year - 1, 12, 30).isoformat(), "note": ""})
    assert response.status_code == 200
    assert "年度审验已登记" in response.content.decode()


def test_user_add_through_the_admin_sets_roles_and_the_ledger(admin_client, admin_user,
                                                              officer_a2):
    response = admin_client.post("/admin/org/user/add/", {
        "username": "liuyang", "full_name": "刘洋", "password1": "Liu-Yang-Pass-2026",
        "password2": "Liu-Yang-Pass-2026", "roles": ["officer"], "body": "",
        "officer": officer_a2.pk, "jurisdiction": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="liuyang")
    assert roles_of(user) == {Role.OFFICER} and user.body == officer_a2.body
    assert history(user).last().kind == EventKind.USER_CREATED
    response = admin_client.post("/admin/org/user/add/", {
        "username": "nobody", "full_name": "某", "password1": "Liu-Yang-Pass-2026",
        "password2": "Liu-Yang-Pass-2026", "roles": ["officer"], "body": "", "officer": "",
        "jurisdiction": ""})
    assert response.status_code == 200
    assert "须关联执法人员档案" in response.content.decode()


def test_user_roles_change_and_password_through_the_admin(admin_client, clerk_user_a):
    response = admin_client.post(f"/admin/org/user/{clerk_user_a.pk}/change/", {
        "full_name": "周丽", "email": "", "roles": ["clerk", "head"],
        "body": clerk_user_a.body_id, "officer": "", "jurisdiction": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert roles_of(User.objects.get(pk=clerk_user_a.pk)) == {Role.CLERK, Role.HEAD}
    assert history(clerk_user_a).last().kind == EventKind.USER_ROLES_CHANGED
    response = admin_client.post(f"/admin/org/user/{clerk_user_a.pk}/password/", {
        "password1": "Brand-New-Pass-2026", "password2": "Brand-New-Pass-2026"})
    assert response.status_code == 302
    clerk_user_a.refresh_from_db()
    assert clerk_user_a.check_password("Brand-New-Pass-2026")
    assert history(clerk_user_a).last().kind == EventKind.USER_PASSWORD_SET


@pytest.mark.parametrize("persona", ["officer_user_a", "head_user_a", "supervisor_user"])
def test_other_personas_have_no_admin(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/admin/org/body/").status_code == 302  # to the admin login


def test_body_administrator_sees_only_own_body_in_the_admin(client_for, body_a, body_b,
                                                           officer_b1):
    body_admin = actions.create_user(acting_user=None, username="admin_a",
                                     password="Sanxiang-Test-2026!", full_name="单位管理员",
                                     roles=["admin"], body=body_a)
    client = client_for(body_admin)
    page = client.get("/admin/org/body/").content.decode()
    assert body_a.name in page and body_b.name not in page
    assert client.get(f"/admin/org/officer/{officer_b1.pk}/change/").status_code == 302
    assert client.get("/admin/org/body/add/").status_code == 403


def test_officer_with_a_forged_field_id_is_a_chinese_form_error_not_500_R_ORG_02(
        admin_client, fields, body_a):
    """A field id no column can hold (the walk of ADR 0065 sent 99999999999999999999999):
    Django's own multiple-choice field sent it to SQLite and answered 500."""
    response = admin_client.post("/admin/org/officer/add/", {
        "name": "后台新增", "body": body_a.pk, "post": "执法队员",
        "fields": ["99999999999999999999999", fields["AQSC"].pk], "areas": "全区",
        "phone": "", "expected_updated_at": "",
        "certificates-TOTAL_FORMS": "0", "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "0",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "“99999999999999999999999”不是" in body
    assert "后台新增" in body  # the name typed is still in the form
    assert not Officer.objects.filter(name="后台新增").exists()


def test_a_refused_change_keeps_what_was_typed_R_ORG_01(admin_client, body_a):
    """The walk of ADR 0073: the admin reloaded the page after the action refused a change,
    and what the administrator had typed was gone. Now the same form comes back, typed
    values in it, the refusal above it, and nothing is written."""
    stale = body_change_post(body_a, short_name="旧页面", complaint_phone="0311-55501234")
    actions.update_body(body=body_a, acting_user=None, short_name="别人先改")
    before = LedgerEvent.objects.count()
    response = admin_client.post(f"/admin/org/body/{body_a.pk}/change/", stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "该记录已被他人修改，请刷新后重试" in html
    assert 'value="旧页面"' in html and 'value="0311-55501234"' in html
    body_a.refresh_from_db()
    assert body_a.short_name == "别人先改"
    assert LedgerEvent.objects.count() == before
