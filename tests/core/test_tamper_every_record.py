"""Whole-process recording (全过程记录, R-REC-02, R-REC-06): every record users rely on is
tampered with by raw SQL, as an outside auditor with the database's password would — a
field updated, a row deleted, a forged row inserted, two rows' values swapped — and
``ledger verify --state`` must name the table, the record and the field (ADR 0075).

One set-up for the module (two cases of one body with their officers, accounts and access
records, written through the actions); each test tampers inside its own savepoint, so the
next one starts from the untouched rows. Inspections and supervision have the same attacks
in ``tests/inspections/test_state_binding.py`` and ``tests/supervision/test_state_binding.py``.
"""

import datetime as dt
import json

import pytest
from conftest import PASSWORD, _body, qualified_officer, shared_rows
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from records.test_casefile import investigated_case
from state_attacks import sql

from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import Catalogue, EnforcementItem
from sanxiang.core.access import log_access
from sanxiang.ledger import state, state_verify, triggers
from sanxiang.org import actions as org_actions
from sanxiang.org.models import EnforcementField
from sanxiang.org.roles import Role
from sanxiang.records import custody
from sanxiang.supervision import evaluation, evaluation_actions
from sanxiang.supervision.models import EvaluationStandard

# The records of the set-up, each tampered with in the four ways. ``org.user``: accounts,
# their roles (groups) and body membership; ``core.accessentry`` and
# ``records.custodyentry``: who read which record or evidence original (R-REC-06).
# ``catalog.*``: a published list, its versions and its entries (R-PUB-02);
# ``supervision.evaluationstandard``: the versions of the 评查标准 published by the province
# (R-SUP-03) — the shipped first version is checked against its copy, below.
RECORDS = ("cases.case", "cases.party", "cases.caseofficer", "cases.steprecord",
           "cases.milestone", "cases.document", "records.evidence", "org.body",
           "org.officer", "org.certificate", "org.annualinspection", "org.user",
           "core.accessentry", "records.custodyentry", "catalog.catalogue",
           "catalog.catalogueversion", "catalog.enforcementitem",
           "supervision.evaluationstandard")
# Which rows of a model are tampered with: the published standards, not the shipped one.
PUBLISHED = {"supervision.evaluationstandard": {"version__gt": 1}}
KINDS = ("update", "delete", "insert", "swap")
_DATES = {"DateField", "DateTimeField"}
_SIMPLE = {"CharField", "TextField", "IntegerField", "PositiveIntegerField",
           "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "BooleanField"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_rows(django_db_blocker):
        for code, name in {"AQSC": "安全生产", "YJGL": "应急管理"}.items():
            if not EnforcementField.objects.filter(code=code).exists():
                org_actions.create_enforcement_field(acting_user=None, code=code, name=name)
        body = _body("石家庄市长安区应急管理局", "长安区应急局", "130102", 1, "安全生产")
        one = qualified_officer(body, "张伟", ["AQSC", "YJGL"], "13010201001")
        _body("石家庄市桥西区市场监督管理局", "桥西区市场监管局", "130104", 2, "市场监管")
        two = qualified_officer(body, "刘洋", ["AQSC", "YJGL"], "13010201002")
        head = org_actions.create_user(acting_user=None, username="head_a", password=PASSWORD,
                                       full_name="孙志强", roles=[Role.HEAD], body=body)
        org_actions.create_user(acting_user=None, username="officer_a", password=PASSWORD,
                                full_name="张伟", roles=[Role.OFFICER], officer=one)
        cases = [investigated_case(body, [one, two]), investigated_case(body, [two, one])]
        _lists_and_standards(body)
        for number, case in enumerate(cases):
            log_access(head, case, reason="复核案卷")
            custody.log_access(user=head, action="view", reason=f"复核第 {number} 份证据",
                               evidence=case.evidence.first())
        yield cases


def _item(code, name, article):
    return {"category": "行政处罚", "code": code, "name": name, "unit": "执法大队",
            "legal_bases": f"《中华人民共和国安全生产法》{article}", "field": "AQSC",
            "time_limit": "立案之日起九十日内作出处理决定", "time_limit_days": 90}


def _lists_and_standards(body):
    """Two item lists of two versions each, and two published versions of the standard,
    all through their actions."""
    items = catalog_actions.get_or_create_catalogue(body=body, kind=Catalogue.Kind.ITEMS,
                                                    acting_user=None)
    catalog_actions.get_or_create_catalogue(body=body, kind=Catalogue.Kind.GUIDES,
                                            acting_user=None)
    first = catalog_actions.publish_version(
        catalogue=items, acting_user=None, effective_from=dt.date(2026, 1, 1), note="首次公布",
        add=[_item("AQ-CF-001", "对未按规定设置安全生产管理机构的行政处罚", "第九十七条"),
             _item("AQ-CF-002", "对未如实记录安全生产教育和培训情况的行政处罚", "第九十七条")])
    entry = EnforcementItem.objects.get(catalogue=items, valid_from=first.number,
                                        code="AQ-CF-002")
    catalog_actions.publish_version(
        catalogue=items, acting_user=None, effective_from=dt.date(2026, 3, 1),
        note="调整名称", change={entry.pk: {"name": "对未如实记录教育和培训情况的行政处罚"}})
    province = org_actions.create_user(acting_user=None, username="sup_province",
                                       password=PASSWORD, full_name="冯立群",
                                       roles=[Role.SUPERVISOR], jurisdiction="13")
    shipped = evaluation.ensure_default_standard()
    grades = shipped.grades
    for number, title in enumerate(("2027年版", "2028年版")):
        items_now = json.loads(json.dumps(shipped.items))
        items_now["basic"][0]["text"] += "（修订" + "一二"[number] + "）"
        evaluation_actions.publish_standard(
            acting_user=province, items=items_now, grades=grades, title=title,
            note=f"第{number + 2}版", effective_from=timezone.localdate())


def _named(label):
    result = state_verify.verify_state(labels=[label])
    return result, {(p.problem, p.table, p.row_id, p.fields) for p in result.problems}


def _constrained(meta) -> set[str]:
    names = {f.name for f in meta.concrete_fields if f.unique}
    for constraint in meta.constraints:
        names |= set(getattr(constraint, "fields", ()))
    for together in meta.unique_together:
        names |= set(together)
    return names


def _column(label, ids):
    """A column of the rows' digest (not the key, not in a unique constraint) whose values
    differ between the rows ``ids`` (or, for one row, any): a plain one if there is one,
    else a date, else a link to another record (a party moved to another case)."""
    model = state.model_of(label)
    columns, _m2m = state._layout(label)
    rows = {pk: values for pk, *values in model.objects.filter(pk__in=ids)
            .values_list("pk", *columns)}
    constrained = _constrained(model._meta)
    for kinds in (_SIMPLE, _DATES, {"ForeignKey"}):
        for index, name in enumerate(columns):
            field = model._meta.get_field(name)
            if (field.primary_key or field.name in constrained
                    or field.get_internal_type() not in kinds):
                continue
            values = [rows[pk][index] for pk in ids]
            if None in values or (len(ids) == 1 and field.is_relation):
                continue
            if len(ids) == 1 or len(set(values)) == len(ids):
                return field, values
    pytest.fail(f"{label}: no column differs between rows {ids}")


def _other(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dt.date):  # and datetimes
        return value + dt.timedelta(days=1)
    return "改" + value[1:] if value else "改"


def _insert_copy(label, pk):
    """INSERT … SELECT: a forged row copied from a real one, with a new id and its unique
    columns altered so that the database takes it."""
    meta = state.model_of(label)._meta
    # One column of each unique constraint is altered (the last: the links come first).
    unique = {meta.get_field(f.name).column for f in meta.concrete_fields
              if f.unique and not f.primary_key}
    for group in [getattr(c, "fields", ()) for c in meta.constraints] + list(
            meta.unique_together):
        if group:
            unique.add(meta.get_field(group[-1]).column)
    columns, values = [], []
    for field in meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(f'"{field.column}"')
        if field.column not in unique:
            values.append(f'"{field.column}"')
        elif field.get_internal_type() in {"CharField", "TextField", "SlugField"}:
            values.append(f"""'伪' || substr("{field.column}", 2)""")
        else:
            values.append(f'"{field.column}" + 1000')
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {meta.db_table}")
        new_id = cursor.fetchone()[0] + 1000
    sql(f'INSERT INTO {meta.db_table} (id, {", ".join(columns)}) '
        f'SELECT %s, {", ".join(values)} FROM {meta.db_table} WHERE id = %s', [new_id, pk])
    return new_id


@pytest.fixture
def unguarded(db):
    """The auditor drops the append-only triggers first (they guard against mistakes, not
    against the database owner); the test's savepoint puts them back."""
    triggers.uninstall(connection, guard=triggers.ACCESS)
    yield
    triggers.install(connection, guard=triggers.ACCESS)


def test_the_untouched_records_verify_R_REC_02(world, db):
    result = state_verify.verify_state()
    assert result.ok, result.summary()
    for label in RECORDS:  # every record of the table below is in the set-up, twice
        assert state.model_of(label).objects.count() >= 2, label


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("label", RECORDS)
def test_tamper_is_named_R_REC_02(world, unguarded, label, kind):
    model = state.model_of(label)
    table = model._meta.db_table
    first, second = (model.objects.filter(**PUBLISHED.get(label, {})).order_by("pk")
                     .values_list("pk", flat=True)[:2])
    with transaction.atomic():
        if kind == "update":
            field, (value,) = _column(label, [first])
            sql(f'UPDATE {table} SET "{field.column}" = %s WHERE id = %s',
                [_other(value), first])
            expected = {("changed", table, first, (field.attname,))}
            words = [f"字段 {field.attname}（{field.verbose_name}）"]
        elif kind == "delete":
            sql(f"DELETE FROM {table} WHERE id = %s", [first])
            expected = {("deleted", table, first, ())}
            words = ["在台账之外被删除"]
        elif kind == "insert":
            forged = _insert_copy(label, first)
            expected = {("added", table, forged, ())}
            first = forged
            words = ["在台账之外新增"]
        else:
            field, (a, b) = _column(label, [first, second])
            for pk, value in ((first, b), (second, a)):
                sql(f'UPDATE {table} SET "{field.column}" = %s WHERE id = %s',
                    [value, pk])
            expected = {("changed", table, pk, (field.attname,)) for pk in (first, second)}
            words = [f"字段 {field.attname}（{field.verbose_name}）"]
        result, found = _named(label)
        transaction.set_rollback(True)
    assert not result.ok and found == expected, result.summary()
    summary = result.summary()
    assert f"表 {table}（{model._meta.verbose_name}）的记录 #{first}" in summary
    assert all(word in summary for word in words), summary


def test_a_deleted_access_record_is_named_by_the_command_R_REC_06(world, unguarded, capsys):
    """R-REC-06: the reads are append-only even against the database owner, who drops the
    triggers: ``sanxiang ledger verify --state`` names the erased read, in Chinese, exits 1
    and prints no traceback."""
    entry = state.model_of("core.accessentry").objects.order_by("pk").first()
    sql("DELETE FROM core_accessentry WHERE id = %s", [entry.pk])
    with pytest.raises(SystemExit) as exit_:
        call_command("ledger", "verify", "--state", "--no-signatures")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"表 core_accessentry（调阅记录）的记录 #{entry.pk}" in err
    assert "在台账之外被删除" in err and "Traceback" not in err


def test_a_role_given_by_hand_is_named_R_REC_02(world, db):
    """Roles are groups: a group added to an account by raw SQL changes the account's
    ``groups`` and is named."""
    from django.contrib.auth.models import Group

    user = state.model_of("org.user").objects.get(username="officer_a")
    admin, _created = Group.objects.get_or_create(name="系统管理员-伪")
    through = user.groups.through._meta.db_table
    sql(f"INSERT INTO {through} (user_id, group_id) VALUES (%s, %s)",
        [user.pk, admin.pk])
    _result, found = _named("org.user")
    assert found == {("changed", "org_user", user.pk, ("groups",))}


def test_the_shipped_standard_is_checked_against_its_copy_R_SUP_03(world, unguarded):
    """The first 评查标准 is the platform's own data, written by a migration, not an action:
    no event binds it, so ``verify --state`` compares it with the copy the platform ships —
    an item reworded by SQL is named, ``ledger adopt`` does not bind (launder) it, and the
    row deleted is written again as shipped when next needed."""
    from sanxiang.ledger import adopt

    shipped = EvaluationStandard.objects.get(version=1)
    assert adopt.adopt(labels=["supervision.evaluationstandard"]).rows == 0
    with transaction.atomic():
        items = json.loads(json.dumps(shipped.items))
        items["basic"][0]["text"] = "不作为扣分项"
        sql("UPDATE supervision_evaluationstandard SET items = %s WHERE id = %s",
            [json.dumps(items, ensure_ascii=False), shipped.pk])
        result, found = _named("supervision.evaluationstandard")
        transaction.set_rollback(True)
    assert found == {("changed", "supervision_evaluationstandard", shipped.pk, ("items",))}
    assert "与平台随附的参考数据不符" in result.summary()
    with transaction.atomic():
        sql("UPDATE supervision_evaluationcampaign SET standard_id = %s WHERE standard_id = %s",
            [EvaluationStandard.objects.get(version=2).pk, shipped.pk])
        sql("DELETE FROM supervision_evaluationstandard WHERE id = %s", [shipped.pk])
        # Gone is not lost: the platform writes it again as shipped when it is next needed.
        assert _named("supervision.evaluationstandard")[0].ok
        again = evaluation.ensure_default_standard()
        assert (again.items, again.grades, again.digest) == (
            shipped.items, shipped.grades, shipped.digest)
        assert _named("supervision.evaluationstandard")[0].ok
        transaction.set_rollback(True)
