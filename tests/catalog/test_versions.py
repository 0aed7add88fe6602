"""Every list is versioned; nothing published is overwritten (R-PUB-02)."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sanxiang.catalog import actions, queries
from sanxiang.catalog.models import Catalogue, EnforcementItem
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import LedgerEvent
from sanxiang.ledger.events import EventKind

from .conftest import ITEMS, item

pytestmark = pytest.mark.django_db


def codes(version):
    return [e.code for e in queries.entries_of(version)]


def names(version):
    return {e.code: e.name for e in queries.entries_of(version)}


def test_first_version_holds_the_entries_with_structured_bases_R_PUB_01(items_v1):
    assert items_v1.number == 1
    entries = list(queries.entries_of(items_v1))
    assert [e.code for e in entries] == [i["code"] for i in ITEMS]
    first = entries[0]
    assert first.legal_bases == [{"law": "中华人民共和国安全生产法", "article": "第九十七条",
                                  "paragraph": "", "item": ""}]
    assert first.category == EnforcementItem.Category.PENALTY
    assert first.field.code == "AQSC"
    assert "安全生产" in first.search_text


def test_a_change_makes_a_new_version_and_the_old_stays_readable_exactly_R_PUB_02(
        items_catalogue, items_v1):
    before = {e.pk: (e.name, e.valid_from, e.digest) for e in queries.entries_of(items_v1)}
    first, second, third = queries.entries_of(items_v1)
    v2 = actions.publish_version(
        catalogue=items_catalogue, acting_user=None, effective_from=date(2026, 3, 1),
        note="调整名称，删除一项，新增一项",
        change={first.pk: {"name": "对未设置安全生产管理机构或配备安全生产管理人员的处罚"}},
        remove=[third.pk],
        add=[item("AQ-CF-003", "对未建立事故隐患排查治理制度的行政处罚", "第一百零一条")],
    )
    assert v2.number == 2 and (v2.added, v2.changed, v2.removed) == (1, 1, 1)
    assert codes(v2) == ["AQ-CF-001", "AQ-CF-002", "AQ-CF-003"]
    assert names(v2)["AQ-CF-001"].startswith("对未设置安全生产管理机构或配备")
    # Version 1 reads exactly as published: same rows, same text, same digests.
    old = {e.pk: (e.name, e.valid_from, e.digest) for e in queries.entries_of(items_v1)}
    assert old == before
    # The unchanged entry kept its row; the changed one shares its lineage.
    v2_rows = {e.code: e for e in queries.entries_of(v2)}
    assert v2_rows["AQ-CF-002"].pk == second.pk
    assert v2_rows["AQ-CF-001"].pk != first.pk
    assert v2_rows["AQ-CF-001"].lineage == first.lineage
    # Rows are never deleted: the table only grew.
    assert EnforcementItem.objects.filter(catalogue=items_catalogue).count() == 5


def test_effective_dates_pick_the_version_in_force_R_PUB_02(items_catalogue, items_v1):
    first = queries.entries_of(items_v1).first()
    v2 = actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                 effective_from=date(2026, 6, 1), note="删除一项",
                                 remove=[first.pk])
    assert queries.current_version(items_catalogue, date(2025, 12, 31)) is None
    assert queries.current_version(items_catalogue, date(2026, 1, 1)) == items_v1
    assert queries.current_version(items_catalogue, date(2026, 5, 31)) == items_v1
    assert queries.current_version(items_catalogue, date(2026, 6, 1)) == v2
    across = queries.current_entries(Catalogue.Kind.ITEMS, on=date(2026, 5, 31))
    assert across.count() == 3
    assert queries.current_entries(Catalogue.Kind.ITEMS, on=date(2026, 6, 1)).count() == 2


def test_a_version_cannot_take_effect_before_the_previous_one_R_PUB_02(items_catalogue,
                                                                       items_v1):
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                effective_from=date(2025, 12, 1), note="回溯",
                                add=[item("AQ-X", "某事项")])
    assert raised.value.code == "R-PUB-02"


def test_a_version_needs_a_note_and_a_change_R_PUB_02(items_catalogue, items_v1):
    with pytest.raises(RuleViolation, match="R-PUB-02"):
        actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                effective_from=date(2026, 2, 1), note=" ",
                                add=[item("AQ-X", "某事项")])
    first = queries.entries_of(items_v1).first()
    with pytest.raises(RuleViolation, match="R-PUB-02"):
        actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                effective_from=date(2026, 2, 1), note="未改动",
                                change={first.pk: {"name": first.name}})


def test_history_names_what_each_version_changed_R_PUB_02(items_catalogue, items_v1):
    first, _second, third = queries.entries_of(items_v1)
    actions.publish_version(catalogue=items_catalogue, acting_user=None,
                            effective_from=date(2026, 3, 1), note="第二版",
                            change={first.pk: {"unit": "综合执法大队"}}, remove=[third.pk],
                            add=[item("AQ-CF-009", "新增事项")])
    newest, oldest = queries.history(items_catalogue)
    assert newest.version.number == 2 and oldest.version.number == 1
    assert newest.added == ["新增事项"]
    assert newest.changed == [first.name]
    assert newest.removed == [third.name]
    assert len(oldest.added) == 3 and not oldest.changed and not oldest.removed


def TODAY():  # a person publishes with effect from today at the earliest (R-PUB-02)
    return timezone.localdate()


def test_list_version_takes_effect_no_earlier_than_publication_R_PUB_02(items_catalogue,
                                                                       items_v1, clerk_user_a):
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(catalogue=items_catalogue, acting_user=clerk_user_a,
                                effective_from=TODAY() - timedelta(days=1), note="补登",
                                add=[item("AQ-Y", "倒签")])
    assert raised.value.code == "R-PUB-02" and "公布" in raised.value.message
    assert items_catalogue.versions.count() == 1


def test_each_version_is_one_ledger_event_naming_the_author_R_PUB_02(
        items_catalogue, items_v1, clerk_user_a):
    first = queries.entries_of(items_v1).first()
    v2 = actions.publish_version(catalogue=items_catalogue, acting_user=clerk_user_a,
                                 effective_from=TODAY(), note="第二版",
                                 change={first.pk: {"time_limit_days": 60}})
    events = LedgerEvent.objects.filter(kind=EventKind.CATALOGUE_VERSION_PUBLISHED)
    assert events.count() == 2
    event = events.get(subject_id=str(v2.pk))
    assert event.actor_id == clerk_user_a.pk and event.actor_name == "周丽"
    payload = json.loads(event.payload)
    assert payload["version"] == 2 and payload["author"] == "周丽"
    new_row = queries.entries_of(v2).get(lineage=first.lineage)
    assert payload["changed"] == [[first.lineage, new_row.digest]]
    assert v2.author == clerk_user_a


def test_invalid_entries_are_refused_with_chinese_messages_R_PUB_01(items_catalogue,
                                                                    items_v1):
    bad = item("AQ-CF-001", "重复编码")
    wrong_basis = item("AQ-CF-010", "依据不规范") | {"legal_bases": "安全生产法第九十七条"}
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                effective_from=date(2026, 3, 1), note="x",
                                add=[wrong_basis, item("AQ-CF-011", "") | {"category": "许可"}])
    problems = raised.value.details["problems"]
    assert {(p.where, p.field) for p in problems} == {
        (("add", 0), "legal_bases"), (("add", 1), "name"), (("add", 1), "category")}
    assert "不是规范的法律依据" in problems[0].message or "《" in problems[0].message
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(catalogue=items_catalogue, acting_user=None,
                                effective_from=date(2026, 3, 1), note="x", add=[bad])
    assert raised.value.details["problems"][0].field == "code"


def test_a_clerk_of_body_b_cannot_change_body_a_lists_R_PUB_02(items_catalogue, items_v1,
                                                               body_b, officer_user_a,
                                                               clerk_user_a):
    from sanxiang.org import actions as org_actions
    from sanxiang.org.roles import Role

    clerk_b = org_actions.create_user(acting_user=None, username="clerk_b", password="x" * 12,
                                      full_name="钱多", roles=[Role.CLERK], body=body_b)
    for user in (clerk_b, officer_user_a):
        with pytest.raises(PermissionDenied):
            actions.publish_version(catalogue=items_catalogue, acting_user=user,
                                    effective_from=TODAY(), note="越权",
                                    add=[item("AQ-Z", "越权新增")])
        with pytest.raises(PermissionDenied):
            actions.get_or_create_catalogue(body=items_catalogue.body, kind="guides",
                                            acting_user=user)
    assert items_catalogue.versions.count() == 1
    # The body's own clerk may.
    actions.publish_version(catalogue=items_catalogue, acting_user=clerk_user_a,
                            effective_from=TODAY(), note="新增",
                            add=[item("AQ-Z", "新增")])


def test_benchmarks_must_name_an_item_of_the_body_R_CASE_08(body_a, items_v1):
    catalogue = actions.get_or_create_catalogue(body=body_a, kind="benchmarks",
                                                acting_user=None)
    good = {"item_code": "AQ-CF-001", "violation": "未按规定设置安全生产管理机构",
            "level": "一般", "circumstances": "逾期未改正", "penalty_kinds": "罚款",
            "fine_min": "100000", "fine_max": "200000",
            "legal_bases": "《中华人民共和国安全生产法》第九十七条第一款第一项"}
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(catalogue=catalogue, acting_user=None,
                                effective_from=date(2026, 1, 1), note="x",
                                add=[good | {"item_code": "NO-SUCH"},
                                     good | {"violation": "b", "fine_min": "5", "fine_max": "1"},
                                     good | {"violation": "c", "penalty_kinds": "警告"}])
    fields = [(p.where[1], p.field) for p in raised.value.details["problems"]]
    assert fields == [(1, "fine_max"), (2, "penalty_kinds")]
    with pytest.raises(RuleViolation) as raised:
        actions.publish_version(catalogue=catalogue, acting_user=None,
                                effective_from=date(2026, 1, 1), note="x",
                                add=[good | {"item_code": "NO-SUCH"}])
    assert raised.value.details["problems"][0].field == "item_code"
    version = actions.publish_version(catalogue=catalogue, acting_user=None,
                                      effective_from=date(2026, 1, 1), note="x", add=[good])
    benchmark = queries.entries_of(version).get()
    assert benchmark.level == "general" and benchmark.penalty_kinds == ["fine"]
    assert benchmark.legal_bases[0]["item"] == "第一项"
