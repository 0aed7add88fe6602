"""``ledger adopt`` (R-REC-02): rows written before rows were bound to the ledger (an older
installation) enter it openly, one ROWS_ADOPTED event per page naming them; a row changed
after its binding is never adopted and stays reported by ``ledger verify --state``."""

import json

import pytest
from django.core.management import call_command

from sanxiang.cases.models import Party
from sanxiang.core.models import LedgerEvent, RowBinding
from sanxiang.ledger import adopt, state, state_verify
from sanxiang.ledger import verify as ledger_verify
from sanxiang.ledger.events import EventKind

from .test_ledger_state import case, problems, sql  # noqa: F401

pytestmark = pytest.mark.django_db


def unbound_parties(case, count):  # noqa: F811
    """Rows as an installation older than the bindings has them: no event binds them."""
    party = case.parties.first()
    Party.objects.bulk_create([
        Party(case=case, kind=party.kind, name=f"旧系统当事人{i}", id_kind=party.id_kind,
              id_number=f"OLD{i}", position=10 + i) for i in range(count)])
    return list(Party.objects.filter(name__startswith="旧系统当事人").order_by("pk"))


def test_unbound_rows_are_adopted_one_event_per_page_R_REC_02(case):  # noqa: F811
    old = unbound_parties(case, 3)
    _result, found = problems()
    assert [f[0] for f in found] == ["added"] * 3
    result = adopt.adopt(batch=2, labels=["cases.party"])
    assert result.rows == 3 and result.by_model == {"cases.party": 3}
    events = list(LedgerEvent.objects.filter(kind=EventKind.ROWS_ADOPTED).order_by("seq"))
    assert [e.seq for e in events] == result.events and len(events) == 2  # pages of 2
    named = [i for e in events for i in json.loads(e.payload)["ids"]]
    assert sorted(named) == [p.pk for p in old]
    for event in events:
        bindings = RowBinding.objects.filter(seq=event.seq)
        assert json.loads(event.payload)["bound_rows"] == state.bindings_digest(
            "sm3", [(b.model, b.row_id, b.digest) for b in bindings])
        assert {b.aggregate_id for b in bindings} == {case.pk}
    after = state_verify.verify_state()
    assert after.ok, after.summary()
    assert ledger_verify.verify(check_signatures=False).ok
    # Nothing left: a second run appends nothing.
    again = adopt.adopt()
    assert again.rows == 0 and "没有需要纳入台账的数据行" in again.summary()


def test_a_changed_row_is_never_adopted_R_REC_02_attack_edit_then_adopt(case):  # noqa: F811
    sql("UPDATE cases_case SET title = %s WHERE id = %s", ["改过的案由", case.pk])
    result = adopt.adopt()
    assert result.rows == 0
    _result, found = problems()
    assert found == [("changed", "cases_case", case.pk, ("title",))]


def test_ledger_adopt_command_R_REC_02(case, capsys):  # noqa: F811
    unbound_parties(case, 1)
    call_command("ledger", "adopt")
    out = capsys.readouterr().out
    assert "已将 1 行此前未绑定的数据纳入台账" in out and "cases.party 1 行" in out
    assert state_verify.verify_state().ok
