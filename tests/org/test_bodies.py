"""R-ORG-01: what a body records, and who may change it."""

import json

import pytest

from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.identifiers import make_credit_code
from sanxiang.ledger.entries import history
from sanxiang.ledger.events import EventKind
from sanxiang.org import actions
from sanxiang.org.models import Body, EnforcementField

pytestmark = pytest.mark.django_db


def body_args(**overrides):
    args = dict(
        name="某某县城市管理综合行政执法局", credit_code=make_credit_code(region="130123", seed=7),
        nature="administrative", subject_kind="statutory", funding="full",
        legal_representative="钱某", address="某某县建设路2号", complaint_phone="0311-88888888",
        region_code="130123",
    )
    args.update(overrides)
    return args


def last_event(subject):
    event = history(subject).last()
    return event, json.loads(event.payload)


def test_create_body_records_every_field_and_a_ledger_event_R_ORG_01(admin_user):
    body = actions.create_body(acting_user=admin_user, **body_args(
        short_name="县城管局", staffing=60, duties="城市管理领域行政处罚",
        supervising_body="县司法局"))
    body.refresh_from_db()
    assert body.staffing == 60 and body.short_name == "县城管局"
    event, payload = last_event(body)
    assert event.kind == EventKind.BODY_CREATED
    assert event.actor_id == admin_user.pk
    assert "郑平" in event.actor_name
    assert payload["body"]["credit_code"] == body.credit_code


def test_credit_code_is_normalised(admin_user):
    code = make_credit_code(region="130123", seed=8)
    body = actions.create_body(acting_user=admin_user, **body_args(credit_code=f" {code.lower()} "))
    assert body.credit_code == code


def test_bad_credit_code_check_digit_is_refused_in_chinese_R_ORG_01(admin_user):
    code = make_credit_code(region="130123", seed=9)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(RuleViolation) as caught:
        actions.create_body(acting_user=admin_user, **body_args(credit_code=wrong))
    assert caught.value.code == "R-ORG-01"
    assert "第18位校验码" in caught.value.message
    assert not Body.objects.filter(credit_code=wrong).exists()


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("region_code", "13012", "行政区划代码"),
    ("region_code", "990100", "行政区划代码"),
    ("name", "", "请填写名称"),
    ("nature", "ministry", "机构性质"),
    ("complaint_phone", "call us", "电话"),
    ("staffing", -1, "编制人数"),
])
def test_each_field_is_checked_R_ORG_01(admin_user, field, value, fragment):
    with pytest.raises(RuleViolation) as caught:
        actions.create_body(acting_user=admin_user, **body_args(**{field: value}))
    assert caught.value.code == "R-ORG-01"
    assert fragment in caught.value.message
    assert caught.value.details["field"] == field


def test_duplicate_name_and_credit_code_are_refused_in_chinese_R_ORG_01(admin_user, body_a):
    with pytest.raises(RuleViolation) as caught:
        actions.create_body(acting_user=admin_user, **body_args(
            name=body_a.name, credit_code=body_a.credit_code))
    assert "已登记" in caught.value.message
    assert "已被" in caught.value.message


def test_entrusted_subject_needs_entrusting_body_and_agreement_R_ORG_01(admin_user, body_a):
    with pytest.raises(RuleViolation) as caught:
        actions.create_body(acting_user=admin_user, **body_args(subject_kind="entrusted"))
    assert "委托机关" in caught.value.message and "委托协议" in caught.value.message
    body = actions.create_body(acting_user=admin_user, **body_args(
        subject_kind="entrusted", entrusting_body=body_a,
        entrustment_agreement="委托书〔2024〕1号"))
    assert body.entrusting_body == body_a


def test_statutory_subject_must_not_have_an_entrusting_body_R_ORG_01(admin_user, body_a):
    with pytest.raises(RuleViolation) as caught:
        actions.create_body(acting_user=admin_user, **body_args(
            entrusting_body=body_a, entrustment_agreement="委托书"))
    assert "只有受委托组织" in caught.value.message


def test_an_entrusted_subject_cannot_entrust_again_R_ORG_01(admin_user, body_a):
    entrusted = actions.create_body(acting_user=admin_user, **body_args(
        subject_kind="entrusted", entrusting_body=body_a, entrustment_agreement="委托书"))
    with pytest.raises(RuleViolation) as caught:
        actions.create_body(acting_user=admin_user, **body_args(
            name="另一组织", credit_code=make_credit_code(region="130123", seed=99),
            subject_kind="entrusted", entrusting_body=entrusted, entrustment_agreement="转委托"))
    assert "不得再委托" in caught.value.message
    with pytest.raises(RuleViolation):
        actions.update_body(body=body_a, acting_user=admin_user, subject_kind="entrusted",
                            entrusting_body=entrusted, entrustment_agreement="x")


def test_update_body_records_before_and_after(admin_user, body_a):
    actions.update_body(body=body_a, acting_user=admin_user, complaint_phone="0311-99999",
                        address=body_a.address)
    event, payload = last_event(body_a)
    assert event.kind == EventKind.BODY_UPDATED
    assert payload["changed"] == {"complaint_phone": {"before": "0311-12345",
                                                      "after": "0311-99999"}}
    body_a.refresh_from_db()
    assert body_a.complaint_phone == "0311-99999"


def test_update_without_change_appends_nothing(admin_user, body_a):
    before = history(body_a).count()
    actions.update_body(body=body_a, acting_user=admin_user, name=body_a.name)
    assert history(body_a).count() == before


def test_update_refuses_a_stale_edit(admin_user, body_a):
    seen = body_a.updated_at
    actions.update_body(body=body_a, acting_user=admin_user, short_name="甲",
                        expected_updated_at=seen)
    with pytest.raises(RuleViolation) as caught:
        actions.update_body(body=body_a, acting_user=admin_user, short_name="乙",
                            expected_updated_at=seen)
    assert caught.value.code == "CONFLICT"
    assert "该记录已被他人修改，请刷新后重试" in caught.value.message
    body_a.refresh_from_db()
    assert body_a.short_name == "甲"
    # An ISO string (what a form carries) works as well.
    actions.update_body(body=body_a, acting_user=admin_user, short_name="丙",
                        expected_updated_at=body_a.updated_at.isoformat())


def test_update_rejects_unknown_fields(admin_user, body_a):
    with pytest.raises(TypeError):
        actions.update_body(body=body_a, acting_user=admin_user, created_at=None)


@pytest.mark.parametrize("persona", ["officer_user_a", "reviewer_user_a", "head_user_a",
                                     "clerk_user_a", "supervisor_user"])
def test_only_administrators_change_the_register(request, persona, body_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.create_body(acting_user=user, **body_args())
    with pytest.raises(PermissionDenied):
        actions.update_body(body=body_a, acting_user=user, short_name="x")
    with pytest.raises(PermissionDenied):
        actions.create_enforcement_field(acting_user=user, code="TEST", name="测试类别")


def test_body_administrator_edits_only_own_body(body_a, body_b):
    body_admin = actions.create_user(acting_user=None, username="body_admin",
                                     password="Sanxiang-Test-2026!", full_name="单位管理员",
                                     roles=["admin"], body=body_a)
    actions.update_body(body=body_a, acting_user=body_admin, short_name="长安应急")
    with pytest.raises(PermissionDenied):
        actions.update_body(body=body_b, acting_user=body_admin, short_name="x")
    with pytest.raises(PermissionDenied):
        actions.create_body(acting_user=body_admin, **body_args())


def test_create_enforcement_field(admin_user):
    field = actions.create_enforcement_field(acting_user=admin_user, code="tjgl", name="统计")
    assert field.code == "TJGL"
    event, payload = last_event(field)
    assert event.kind == EventKind.ENFORCEMENT_FIELD_CREATED
    assert payload == {"code": "TJGL", "name": "统计"}
    with pytest.raises(RuleViolation) as caught:
        actions.create_enforcement_field(acting_user=admin_user, code="TJGL", name="统计")
    assert "已存在" in caught.value.message
    with pytest.raises(RuleViolation):
        actions.create_enforcement_field(acting_user=admin_user, code="bad code!", name="x")


def test_data_migration_seeds_roles_and_categories(db):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    from sanxiang.org.roles import GROUP_NAMES

    # The seed as a fresh installation's migrate runs it: a transactional test's flush on
    # this worker may have emptied the tables since the test database was migrated.
    seed = import_module("sanxiang.org.migrations.0002_roles_and_categories")
    seed.create(apps, None)
    seed.create(apps, None)  # idempotent: run again, nothing doubles
    assert set(GROUP_NAMES.values()) <= set(Group.objects.values_list("name", flat=True))
    assert Group.objects.filter(name__in=GROUP_NAMES.values()).count() == len(GROUP_NAMES)
    names = set(EnforcementField.objects.values_list("name", flat=True))
    assert {"安全生产", "市场监管", "城市管理", "生态环境", "应急管理"} <= names
