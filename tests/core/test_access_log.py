"""Every staff read of a record is recorded with who, when, what and why (调阅, R-REC-06):
as a row the system administrator searches, not only as a log line that the default log
level drops."""

import pytest
from cases.factories import make_case
from django.urls import reverse

from sanxiang.core.models import AccessEntry
from sanxiang.org.models import User

pytestmark = pytest.mark.django_db


def test_viewing_a_record_is_recorded_R_REC_06(client_for, head_user_a, officer_a1):
    response = client_for(head_user_a).get(f"/workbench/officers/{officer_a1.pk}/")
    assert response.status_code == 200
    entry = AccessEntry.objects.get()
    assert entry.user_id == head_user_a.pk and entry.user_name == head_user_a.get_full_name()
    assert entry.action == AccessEntry.Action.VIEW
    assert (entry.subject_type, entry.subject_id) == ("org.officer", str(officer_a1.pk))
    assert entry.at is not None


def test_the_case_evidence_list_is_recorded_R_REC_06(client_for, body_a, officer_a1,
                                                    officer_a2, officer_user_a):
    case_a = make_case(body_a, [officer_a1, officer_a2])
    response = client_for(officer_user_a).get(
        reverse("records:case_evidence", args=[case_a.pk]))
    assert response.status_code == 200
    assert AccessEntry.objects.filter(user=officer_user_a, subject_type="cases.case",
                                      subject_id=str(case_a.pk)).exists()


def test_the_administrator_searches_the_access_records_in_chinese_R_REC_06(
        client_for, head_user_a, officer_a1):
    client_for(head_user_a).get(f"/workbench/officers/{officer_a1.pk}/")
    admin = client_for(User.objects.create_superuser("root", "root@example.org",
                                                     "x-Secret-2026!"))
    page = admin.get(reverse("admin:core_accessentry_changelist"),
                     {"q": head_user_a.username})
    html = page.content.decode()
    assert page.status_code == 200
    assert "调阅记录" in html and "查看" in html and "执法人员" in html
    assert head_user_a.get_full_name() in html
    # The reader's name is searched too, not only the login name.
    assert head_user_a.get_full_name() in admin.get(
        reverse("admin:core_accessentry_changelist"),
        {"q": head_user_a.get_full_name()}).content.decode()
    # Read-only: no one adds, changes or deletes an access record.
    entry = AccessEntry.objects.get()
    assert admin.post(reverse("admin:core_accessentry_delete", args=[entry.pk]),
                      {"post": "yes"}).status_code == 403
    assert AccessEntry.objects.filter(pk=entry.pk).exists()



def test_the_access_log_filters_kinds_of_record_by_their_chinese_names_R_REC_06(
        client_for, head_user_a, officer_a1):
    """The walk of ADR 0073: the admin's filter listed the stored codes (org.officer,
    cases.case …). It lists 执法人员 and still filters by the code."""
    client_for(head_user_a).get(f"/workbench/officers/{officer_a1.pk}/")
    admin = client_for(User.objects.create_superuser("root", "root@example.org",
                                                     "x-Secret-2026!"))
    html = admin.get(reverse("admin:core_accessentry_changelist")).content.decode()
    assert ">org.officer<" not in html and ">执法人员<" in html
    assert "?subject_type=org.officer" in html
    filtered = admin.get(reverse("admin:core_accessentry_changelist"),
                         {"subject_type": "org.officer"}).content.decode()
    assert head_user_a.get_full_name() in filtered
    empty = admin.get(reverse("admin:core_accessentry_changelist"),
                      {"subject_type": "cases.case"}).content.decode()
    assert head_user_a.get_full_name() not in empty

RAW_CHANGES = [
    "UPDATE core_accessentry SET reason = '改过'",
    "UPDATE core_accessentry SET user_name = user_name",  # even a no-op rewrite
    "DELETE FROM core_accessentry",
]


def _refused(sql) -> bool:
    from django.db import IntegrityError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except IntegrityError as error:
        assert "调阅记录只能追加" in str(error) and "R-REC-06" in str(error)
        return True
    return False


def _read(client_for, user, officer):
    assert client_for(user).get(f"/workbench/officers/{officer.pk}/").status_code == 200
    return AccessEntry.objects.get()


def test_migrations_make_the_access_records_append_only_R_REC_06():
    from sanxiang.ledger import triggers

    assert triggers.installed(guard=triggers.ACCESS)


@pytest.mark.parametrize("sql", RAW_CHANGES)
def test_raw_sql_cannot_change_or_delete_an_access_record_R_REC_06(
        sql, client_for, head_user_a, officer_a1):
    entry = _read(client_for, head_user_a, officer_a1)
    assert _refused(sql)
    kept = AccessEntry.objects.get()
    assert (kept.pk, kept.reason, kept.user_name) == (entry.pk, entry.reason, entry.user_name)


def test_the_orm_cannot_change_or_delete_an_access_record_R_REC_06(
        client_for, head_user_a, officer_a1):
    from django.db import IntegrityError, transaction

    entry = _read(client_for, head_user_a, officer_a1)
    entry.reason = "补写的理由"
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessEntry.objects.filter(pk=entry.pk).update(user_name="别人")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessEntry.objects.get(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessEntry.objects.all().delete()
    kept = AccessEntry.objects.get()
    assert kept.reason == "" and kept.user_name == entry.user_name


@pytest.mark.postgres
def test_truncate_of_access_records_is_refused_on_postgresql_R_REC_06(
        client_for, head_user_a, officer_a1):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's; SQLite has only DELETE, tested above")
    _read(client_for, head_user_a, officer_a1)
    with connection.cursor() as cursor:  # the row's deferred foreign-key check, done now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert _refused("TRUNCATE core_accessentry")
    assert AccessEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_reads_still_flushes_R_REC_06(client_for, head_user_a,
                                                               officer_a1):
    """Real commits, then pytest-django's flush (DELETE on SQLite, TRUNCATE on PostgreSQL):
    the shared teardown (tests/conftest.py) empties the access records first."""
    _read(client_for, head_user_a, officer_a1)
    assert AccessEntry.objects.count() == 1


def test_a_reader_is_named_not_shown_by_login_name_R_REC_06(client_for, body_a, officer_a1):
    """The demo's accounts are named after their roles: 康立飞（head） read as an English
    code. The access record, its admin list and the ledger name the person."""
    from sanxiang import ledger
    from sanxiang.core.models import LedgerEvent
    from sanxiang.ledger.events import EventKind
    from sanxiang.org import actions
    from sanxiang.org.roles import Role

    head = actions.create_user(acting_user=None, username="head", password="x-Secret-2026!",
                               full_name="康立飞", roles=[Role.HEAD], body=body_a)
    _read(client_for, head, officer_a1)
    assert AccessEntry.objects.get().user_name == "康立飞"
    root = User.objects.create_superuser("root", "root@example.org", "x-Secret-2026!")
    html = client_for(root).get(reverse("admin:core_accessentry_changelist"),
                                {"q": "head"}).content.decode()
    assert "康立飞" in html and "（head）" not in html
    event = ledger.append(kind=EventKind.BODY_UPDATED, subject=body_a, payload={},
                          actor=head)
    assert LedgerEvent.objects.get(seq=event.seq).actor_name == "康立飞"


def test_an_export_filter_reads_as_chinese_in_the_admin_R_REC_06(
        client_for, body_a, officer_a1, officer_a2, head_user_a):
    """The admin showed a list export's filter as the raw query string
    (``q=%E5%BC%A0%E6%9F%90&procedure=penalty_general``): it now reads as the list's own
    filters, decoded, with the page as 第N页; the stored record keeps the query string."""
    make_case(body_a, [officer_a1, officer_a2])
    response = client_for(head_user_a).get(
        reverse("cases:export_list"),
        {"q": "张某", "procedure": "penalty_general", "state": "open", "overdue": "on",
         "body": body_a.pk, "page": "2"})
    assert response.status_code == 200
    entry = AccessEntry.objects.get(action=AccessEntry.Action.EXPORT)
    assert "q=%E5%BC%A0%E6%9F%90" in entry.reason  # unchanged in the record
    root = User.objects.create_superuser("root", "root@example.org", "x-Secret-2026!")
    admin = client_for(root)
    for page in (admin.get(reverse("admin:core_accessentry_changelist")),
                 admin.get(reverse("admin:core_accessentry_change", args=[entry.pk]))):
        html = page.content.decode()
        assert page.status_code == 200
        assert ("查询：案件编号、案由或当事人=张某；执法程序=行政处罚一般程序；案件状态=办理中；"
                f"只看超期=是；执法主体={body_a.name}；第2页") in html, html
        assert "%E5" not in html and "penalty_general" not in html
