"""R-PUB-05 at publication: identifiers left in the text and minors, on every path (the
action, the clerk's page, the API and the new-case form that records minority).
"""

import json
from datetime import date, timedelta

import pytest
from cases.engine_helpers import ago
from cases.factories import make_case, party_person
from django.urls import include, path

from sanxiang.cases.forms import NewCaseForm
from sanxiang.cases.models import Party
from sanxiang.core import clock
from sanxiang.core.identifiers import make_resident_id
from sanxiang.disclosure import actions, masking
from sanxiang.disclosure.models import Disclosure
from sanxiang.urls import urlpatterns as project_urls

from .test_disclosure import decided, person, refused

urlpatterns = [path("workbench/disclosure/", include("sanxiang.disclosure.clerk_urls")),
               *project_urls]
pytestmark = [pytest.mark.django_db, pytest.mark.urls("disclosure.test_publication_safeguards")]

ID = make_resident_id(region="130139", birth=date(1980, 6, 1), seq=7)
FULL_WIDTH = ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


@pytest.fixture
def officers(officer_a1, officer_a2):
    return [officer_a1, officer_a2]


def _pending_with(body, officers, extra: str) -> Disclosure:
    """A person's decision whose text also holds ``extra``, with every proposal cleared."""
    disclosure = decided(body, officers, party=person()).disclosures.get()
    Disclosure.objects.filter(pk=disclosure.pk).update(
        source_text=disclosure.source_text + "\n" + extra, redactions=[])
    disclosure.refresh_from_db()
    return disclosure


def _publish(clerk, disclosure):
    with clock.replaying(disclosure.decided_on + timedelta(days=1)):
        return actions.approve_and_publish(acting_user=clerk, disclosure=disclosure)


@pytest.mark.parametrize("extra,kind", [
    (f"证人身份证号{ID[:6]} {ID[6:14]} {ID[14:]}", masking.ID_NUMBER),
    (f"另查明其身份证号码为{FULL_WIDTH}", masking.ID_NUMBER),
    ("旧身份证号130139780412031", masking.ID_NUMBER),
    ("联系电话：139 1234 5678", masking.PHONE),
    ("电话：0311-88001234", masking.PHONE),
    ("货款转入其本人账户，账号为6222 0212 3456 7890 128", masking.BANK_ACCOUNT),
    ("证人郭勇，住沧州市运河区南陈屯乡后屯村116号", masking.ADDRESS),
])
def test_publishing_refused_while_an_identifier_remains_R_PUB_05(body_a, officers, clerk_user_a,
                                                                 extra, kind):
    disclosure = _pending_with(body_a, officers, extra)
    error = refused("R-PUB-05", _publish, clerk_user_a, disclosure)
    assert str(masking.kind_labels()[kind]) in error.message
    disclosure.refresh_from_db()
    assert disclosure.state == Disclosure.State.PENDING and not disclosure.masked_text


def test_refusal_lists_what_remains_whoever_cleared_the_proposal_R_PUB_05(
        body_a, officers, clerk_user_a):
    disclosure = decided(body_a, officers, party=person()).disclosures.get()
    assert disclosure.redactions  # the platform proposed; the clerk clears everything
    actions.set_redactions(acting_user=clerk_user_a, disclosure=disclosure, redactions=[])
    error = refused("R-PUB-05", _publish, clerk_user_a, disclosure)
    labels = masking.kind_labels()
    for kind in (masking.ID_NUMBER, masking.ADDRESS, masking.PHONE):
        assert str(labels[kind]) in error.message, kind
    assert ID not in error.message  # the list shows where, not the whole number


def test_party_home_repeated_in_the_facts_is_masked_R_PUB_05(body_a, officers, clerk_user_a):
    facts = ("经查，当事人在其位于柳林镇东街12号3单元201室的住处存放易燃物品，"
             "执法人员在东街12号3单元201室现场查获。")
    disclosure = decided(body_a, officers, party=person(), facts=facts).disclosures.get()
    published = _publish(clerk_user_a, disclosure)
    assert "东街12号" not in published.masked_text
    assert "钱志强" in published.masked_text  # the party's own name is published


@pytest.mark.parametrize("facts", [
    {"birth_date": ago(16 * 366)},
    {"age": 16},
    {"guardian": "钱国强"},
    {"id_kind": "passport", "id_number": "E12345678", "age": 17},
])
def test_minority_recorded_any_way_blocks_publication_R_PUB_05(body_a, officers, facts):
    case = decided(body_a, officers, party=party_person(**facts))
    assert case.parties.get().minor
    disclosure = case.disclosures.get()
    assert disclosure.state == Disclosure.State.BLOCKED


def test_minority_read_from_a_resident_id_blocks_publication_R_PUB_05(body_a, officers):
    young = make_resident_id(region="130139", birth=ago(15 * 366), seq=5)
    disclosure = decided(body_a, officers, party=party_person(id_number=young)
                         ).disclosures.get()
    assert disclosure.state == Disclosure.State.BLOCKED


def test_minority_learnt_after_the_decision_refuses_publishing_R_PUB_05(body_a, officers,
                                                                        clerk_user_a):
    disclosure = decided(body_a, officers, party=person()).disclosures.get()
    assert disclosure.state == Disclosure.State.PENDING
    Party.objects.filter(case=disclosure.case).update(birth_date=ago(17 * 365))
    error = refused("R-PUB-05", _publish, clerk_user_a, disclosure)
    assert "钱志强" in error.message


def test_clerk_page_shows_the_refusal_and_what_remains_R_PUB_05(body_a, officers, clerk_user_a,
                                                                client_for):
    disclosure = _pending_with(body_a, officers, "联系电话：139 1234 5678")
    client = client_for(clerk_user_a)
    response = client.post(f"/workbench/disclosure/{disclosure.pk}/publish/",
                           {"on": (disclosure.decided_on + timedelta(days=1)).isoformat()})
    assert response.status_code == 409
    assert "R-PUB-05" in response.content.decode()
    assert str(masking.kind_labels()[masking.PHONE]) in response.content.decode()


def test_clerk_reveals_and_hides_every_occurrence_at_once_R_PUB_05(body_a, officers,
                                                                  clerk_user_a, client_for):
    facts = "证人李明辉称，当日李明辉在场，李明辉的证言与现场照片一致。"
    disclosure = decided(body_a, officers, party=person(), facts=facts).disclosures.get()
    text = disclosure.source_text
    assert sum(1 for r in disclosure.redactions
               if text[r["start"]:r["end"]] == "李明辉") == text.count("李明辉") == 3
    client = client_for(clerk_user_a)
    page = client.get(f"/workbench/disclosure/{disclosure.pk}/").content.decode()
    assert 'id="redaction-values"' in page and "3 / 3" in page
    url = f"/workbench/disclosure/{disclosure.pk}/redactions/"
    assert client.post(url, {"unmask_value": "李明辉"}).status_code == 302
    disclosure.refresh_from_db()
    assert not any(text[r["start"]:r["end"]] == "李明辉" for r in disclosure.redactions)
    assert client.post(url, {"mask_value": "李明辉", "mask_kind": "person_name"}
                       ).status_code == 302
    disclosure.refresh_from_db()
    hidden = [r for r in disclosure.redactions if text[r["start"]:r["end"]] == "李明辉"]
    assert len(hidden) == 3 and all(r["source"] == "clerk" and r["by"] == clerk_user_a.pk
                                    for r in hidden)


def test_uncertain_proposals_are_marked_apart_R_PUB_05(body_a, officers, clerk_user_a,
                                                      client_for):
    disclosure = _pending_with(body_a, officers, "另有证人，住献县淮镇东旺村。")
    proposed = masking.propose(disclosure.source_text)
    assert any(masking.is_uncertain(r.rule) for r in proposed)
    Disclosure.objects.filter(pk=disclosure.pk).update(redactions=[
        dict(r.as_dict(), source="proposed", by=None) for r in proposed])
    page = client_for(clerk_user_a).get(f"/workbench/disclosure/{disclosure.pk}/")
    html = page.content.decode()
    assert "redaction-uncertain" in html and "badge-uncertain" in html


def test_api_records_minority_by_age_R_PUB_05(client_for, officer_user_a, officers):
    payload = {
        "procedure": "penalty_general", "title": "销售不合格商品案", "field_code": "AQSC",
        "officer_ids": [o.pk for o in officers], "opened_on": ago(3).isoformat(),
        "violation_on": ago(20).isoformat(), "discovered_on": ago(4).isoformat(),
        "parties": [{"kind": "natural_person", "name": "钱小明", "id_kind": "passport",
                     "id_number": "E1234567", "age": 16, "guardian": "钱志强"}]}
    response = client_for(officer_user_a).post("/api/cases/", json.dumps(payload),
                                               content_type="application/json")
    assert response.status_code == 201, response.content
    party = Party.objects.get(case_id=response.json()["id"])
    assert party.minor and party.age == 16 and party.guardian == "钱志强"


def test_new_case_form_records_minority_by_birth_date_R_PUB_05(body_a, officers):
    form = NewCaseForm({
        "procedure": "penalty_general", "title": "x", "field": "", "officers": [],
        "party_kind": "natural_person", "party_name": "钱小明", "party_id_kind": "passport",
        "party_id_number": "E1234567", "party_birth_date": ago(10 * 365).isoformat()},
        body=body_a)
    form.is_valid()
    assert form.party()["birth_date"] == ago(10 * 365)
    case = make_case(body_a, officers, party=form.party())
    assert case.parties.get().minor


def test_bad_minority_facts_get_a_chinese_message_R_PUB_05(body_a, officers):
    from sanxiang.core.errors import RuleViolation
    with pytest.raises(RuleViolation) as raised:
        make_case(body_a, officers, party=party_person(age="十六"))
    assert raised.value.details["field"] == "age" and "年龄" in raised.value.message
    with pytest.raises(RuleViolation) as raised:
        make_case(body_a, officers, party=party_person(birth_date="2026-13-40"))
    assert raised.value.details["field"] == "birth_date"
