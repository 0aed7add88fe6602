"""State bound to the ledger (R-REC-02): rows changed, added or deleted outside the
actions are named by ``ledger verify --state``."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from records.test_casefile import investigated_case

from sanxiang.cases.models import Case, Party
from sanxiang.core.models import LedgerEvent, RowBinding
from sanxiang.ledger import state, state_verify, touch, triggers
from sanxiang.org.models import Body, Officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(body_a, officer_a1, officer_a2):
    return investigated_case(body_a, [officer_a1, officer_a2])


def sql(statement, params=()):
    """A write by another database session (sqlite3, psql): the platform's session notes
    its own writes in a temporary table (``ledger.touch``); another session's are noted
    nowhere, so that note is cleared here."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        cursor.execute(f"DELETE FROM {touch.TOUCHED}")


def problems(**kwargs):
    result = state_verify.verify_state(**kwargs)
    return result, [(p.problem, p.table, p.row_id, p.fields) for p in result.problems]


def test_actions_leave_every_row_bound_R_REC_02(case):
    result, found = problems()
    assert result.ok, result.summary()
    assert found == []
    assert result.rows >= 10 and result.bindings >= result.rows
    # Each event that wrote rows carries one digest of them, not their contents.
    event = LedgerEvent.objects.filter(subject_type="cases.case", subject_id=str(case.pk)
                                       ).order_by("seq").first()
    payload = json.loads(event.payload)
    assert payload["bound_rows"].startswith("sm3:")
    bindings = RowBinding.objects.filter(seq=event.seq).order_by("model", "row_id")
    assert {b.model for b in bindings} >= {"cases.case", "cases.party"}
    assert payload["bound_rows"] == state.bindings_digest(
        "sm3", [(b.model, b.row_id, b.digest) for b in bindings])


def test_edited_case_title_is_named_R_REC_02_attack_edit_row(case):
    sql("UPDATE cases_case SET title = %s WHERE id = %s", ["改过的案由", case.pk])
    result, found = problems()
    assert not result.ok
    assert found == [("changed", "cases_case", case.pk, ("title",))]
    assert "cases_case" in result.summary() and "title" in result.summary()


def test_edited_party_name_is_named_R_REC_02_attack_edit_row(case):
    party = case.parties.first()
    sql("UPDATE cases_party SET name = %s WHERE id = %s", ["李四", party.pk])
    _result, found = problems()
    assert found == [("changed", "cases_party", party.pk, ("name",))]


def test_row_inserted_by_hand_is_named_R_REC_02_attack_add_row(case):
    party = case.parties.first()
    Party.objects.bulk_create([Party(case=case, kind=party.kind, name="冒名当事人",
                                     id_kind=party.id_kind, id_number="X1", position=9)])
    added = Party.objects.get(name="冒名当事人")
    _result, found = problems()
    assert found == [("added", "cases_party", added.pk, ())]


def test_row_deleted_by_hand_is_named_R_REC_02_attack_delete_row(case, body_a):
    party = case.parties.first()
    sql("DELETE FROM cases_party WHERE id = %s", [party.pk])
    _result, found = problems()
    assert found == [("deleted", "cases_party", party.pk, ())]


def test_body_and_officer_rows_are_bound_too_R_REC_02(case, officer_a1):
    sql("UPDATE org_body SET name = %s WHERE id = %s", ["假机关", officer_a1.body_id])
    sql("UPDATE org_certificate SET expires_on = %s WHERE officer_id = %s",
        ["2099-01-01", officer_a1.pk])
    _result, found = problems()
    kinds = {(p, t, f) for p, t, _i, f in found}
    assert ("changed", "org_body", ("name",)) in kinds
    assert ("changed", "org_certificate", ("expires_on",)) in kinds


def test_binding_rows_are_proved_by_the_ledger_R_REC_02_attack_rewrite_binding(case):
    """Changing the row *and* its binding still fails: the event's digest of its
    bindings no longer holds."""
    text = json.dumps({"x": 1})
    binding = RowBinding.objects.filter(model="cases.case", row_id=case.pk).order_by("-seq")[0]
    triggers.uninstall(connection)
    try:
        fields = json.loads(binding.fields)
        fields["title"] = "改过的案由"
        text = state.fields_text(fields)
        sql("UPDATE core_rowbinding SET fields = %s, digest = %s WHERE id = %s",
            [text, state.row_digest("sm3", "cases.case", case.pk, text), binding.pk])
    finally:
        triggers.install(connection)
    sql("UPDATE cases_case SET title = %s WHERE id = %s", ["改过的案由", case.pk])
    result, found = problems()
    assert ("binding", "core_rowbinding", None, ()) in found
    assert any(p.seq == binding.seq for p in result.problems)


def test_next_action_does_not_launder_an_edit_R_REC_02_attack_edit_then_act(case,
                                                                             officer_user_a):
    """An edit made outside, followed by a real action on the same case: the action's
    event binds only what the action wrote, so the edit is still named."""
    from sanxiang.cases import actions

    sql("UPDATE cases_case SET title = %s WHERE id = %s", ["改过的案由", case.pk])
    party = case.parties.first()
    sql("UPDATE cases_party SET name = %s WHERE id = %s", ["李四", party.pk])
    case.refresh_from_db()
    actions.start_excluded_period(acting_user=None, case=case, kind="testing",
                                  first=case.opened_on, reason="委托检测样品",
                                  cause="检验报告 JC-2026-031")
    result, found = problems()
    # The row stays unbound, so the action's own fields (version …) are listed as well.
    [row] = [p for p in result.problems if p.table == "cases_case"]
    assert row.problem == "changed" and row.row_id == case.pk and "title" in row.fields
    assert ("changed", "cases_party", party.pk, ("name",)) in found


def test_bindings_are_append_only_R_REC_02(case):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        sql("DELETE FROM core_rowbinding")


def test_ledger_verify_state_command_exit_codes_R_REC_02(case, capsys):
    call_command("ledger", "verify", "--state", "--no-signatures")
    assert "数据与台账一致" in capsys.readouterr().out
    sql("UPDATE cases_case SET title = %s WHERE id = %s", ["改过的案由", case.pk])
    with pytest.raises(SystemExit) as exit_:
        call_command("ledger", "verify", "--state", "--no-signatures")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"表 cases_case（案件）的记录 #{case.pk}" in err and "字段 title（案由）" in err
    assert "Traceback" not in err


def test_state_verification_streams_in_pages_R_REC_02(case, officer_a2):
    """A page smaller than the data still finds every row once (keyset pages)."""
    whole = state_verify.verify_state()
    paged = state_verify.verify_state(batch=1)
    assert paged.ok and (paged.rows, paged.bindings) == (whole.rows, whole.bindings)
    sql("DELETE FROM org_annualinspection WHERE id = (SELECT min(id) FROM "
        "org_annualinspection)")
    assert [p.problem for p in state_verify.verify_state(batch=1).problems] == ["deleted"]


def test_every_bound_model_is_reachable(db):
    for label in state.bound_labels():
        assert state.model_of(label)._meta.pk.attname == "id"
    assert Case and Body and Officer  # imported models are the bound ones


def test_an_append_compares_each_row_with_its_newest_binding_R_REC_02(case):
    """The rows an action wrote are compared with their newest bindings, read for every model
    of the aggregate at once: a row bound several times gives its last binding, and an id
    of one model never gives another model's binding."""
    bound = list(RowBinding.objects.filter(aggregate=state.CASE, aggregate_id=case.pk)
                 .order_by("seq"))
    newest = {(b.model, b.row_id): (b.digest, b.fields) for b in bound}
    assert len(bound) > len(newest)  # some rows (the case's own) are bound more than once
    wanted = {}
    for label, row_id in newest:
        wanted.setdefault(label, []).append(row_id)
    unbound_id = max(row_id for _label, row_id in newest) + 1
    party_ids = [row_id for label, row_id in newest if label == "cases.party"]
    wanted["cases.party"] = [*party_ids, case.pk, unbound_id]
    last = state._last_bindings(state.CASE, case.pk, wanted)
    expected = {key: value for key, value in newest.items()
                if key[0] != "cases.party" or key[1] in party_ids}
    assert last == expected


def test_a_noted_row_is_bound_even_when_the_head_is_guessed_R_REC_02(case, monkeypatch):
    """A SQLite append may build on the head its connection's last append left (ADR 0056),
    but writes that way only if this session has no bound row noted: a row the action
    wrote is bound even when the guess says nothing was written since."""
    from sanxiang import ledger
    from sanxiang.core.models import LedgerHead
    from sanxiang.ledger import entries
    from sanxiang.ledger.events import EventKind

    with connection.cursor() as cursor:  # the platform's own session: noted
        cursor.execute("UPDATE cases_case SET title = %s WHERE id = %s", ["新案由", case.pk])
    head = LedgerHead.objects.get(pk=1)
    if connection.vendor == "sqlite":  # as if nothing had been written since the last append
        raw = connection.connection
        monkeypatch.setattr(connection, entries._CARRIED,
                            (raw, raw.total_changes, head.size, head.last_digest),
                            raising=False)
    event = ledger.append(kind=EventKind.CASE_DETAILS_CHANGED, subject=case, payload={})
    assert event.seq == head.size + 1
    assert json.loads(event.payload)[state.PAYLOAD_KEY].startswith("sm3:")
    result, found = problems()
    assert result.ok and found == [], result.summary()


def test_ledger_pointers_leave_no_note_R_REC_02(case):
    """The pointer to an event (``ledger_seq``), written right after it and in no digest,
    is not noted as a write of this session: such notes were never bound, so they stayed
    and every later append read them again (a long load slowed down with each act)."""
    assert case.steps.exclude(ledger_seq=None).exists()
    with connection.cursor() as cursor:
        noted = touch.touched(cursor)
    assert not [(key, columns) for key, columns in noted.items()
                if columns & state.LEDGER_POINTERS]
    # A pointer written by this session leaves no note; any other column still does.
    step = case.steps.order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_steprecord SET ledger_seq = ledger_seq + 1000 WHERE id = %s",
                       [step.pk])
        assert ("cases_steprecord", step.pk) not in touch.touched(cursor)
        cursor.execute("UPDATE cases_steprecord SET done_on = %s WHERE id = %s",
                       ["2020-01-02", step.pk])
        assert touch.touched(cursor)["cases_steprecord", step.pk] == {"done_on"}
