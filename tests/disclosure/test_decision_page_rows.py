"""A decision's own page and its text read with one written-out statement
(``public_rows.decision``, docs/adr/0050) show exactly what the ORM's reading showed
(R-PUB-04, R-PUB-05, R-PUB-06): the same fields, ledger entry and covering checkpoint, the
same bytes of the page and the text, for a published decision with and without
redactions, before and after a checkpoint, a withdrawn one, a natural person's withdrawal
notice, one whose entry is found by its subject (no stored seq), and the 404s."""

import pytest
from django.shortcuts import render
from django.test import RequestFactory
from django.utils import timezone
from django.utils.safestring import mark_safe

from sanxiang.disclosure import canonical, public_pages, public_rows, public_views
from sanxiang.disclosure.models import Disclosure
from sanxiang.ledger import checkpoints

from .test_public_pages import URLS, decision_url, make_disclosure, publish, withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def case_a(body_a, officer_a1, officer_a2):
    from cases.factories import make_case

    return make_case(body_a, [officer_a1, officer_a2], days_ago=30)


def orm_page(pk, request=None):
    """The decision page as it was read before: the ORM's three queries."""
    request = request or RequestFactory().get(f"/decisions/{pk}/")
    disclosure = (Disclosure.objects.select_related("body")
                  .filter(pk=pk, state__in=public_views._VISIBLE,
                          published_on__isnull=False).first())
    if disclosure is None:
        return None
    context = {"disclosure": disclosure, "withdrawn": disclosure.state != "published"}
    if not context["withdrawn"]:
        entry = canonical.publication_entry(disclosure)
        context.update(entry=entry,
                       checkpoint=canonical.covering_checkpoint(entry.seq) if entry else None,
                       # The decision's own part rendered now from the ORM's instance:
                       # the page must show the same bytes as its publication stored.
                       own_html=mark_safe(public_pages.render_own(disclosure)),
                       verify_messages=public_views.verify_messages())
    return render(request, "disclosure/public_decision.html", context).content


def assert_same(client, d):
    """The written-out reading gives the ORM's fields, entry and checkpoint, and the page
    and its text are byte for byte what the ORM's reading rendered."""
    found = public_rows.decision(d.pk)
    orm = Disclosure.objects.select_related("body").get(pk=d.pk)
    disclosure, entry, checkpoint = found
    for name in public_rows._PAGE:
        assert getattr(disclosure, name if name != "body" else "body_id") == getattr(
            orm, name if name != "body" else "body_id"), name
    assert (disclosure.body.name, disclosure.body.credit_code) == (orm.body.name,
                                                                   orm.body.credit_code)
    assert disclosure.notice_party_name == orm.notice_party_name
    assert disclosure.get_category_display() == orm.get_category_display()
    assert disclosure.get_withdrawal_grounds_display() == orm.get_withdrawal_grounds_display()
    orm_entry = canonical.publication_entry(orm)
    assert (entry.seq if entry else None) == (orm_entry.seq if orm_entry else None)
    orm_checkpoint = canonical.covering_checkpoint(orm_entry.seq) if orm_entry else None
    assert (checkpoint.tree_size, checkpoint.signed_at) == (
        orm_checkpoint.tree_size, orm_checkpoint.signed_at) if orm_checkpoint else (
        checkpoint is None)
    response = client.get(decision_url(d))
    assert response.status_code == 200
    # The same request (the layout marks the section it belongs to).
    assert response.content == orm_page(d.pk, response.wsgi_request)
    return response.content.decode()


def test_decision_page_reads_what_the_orm_read_R_PUB_04_R_PUB_05(client, case_a,
                                                                    clerk_user_a):
    masked = publish(make_disclosure(case_a), clerk_user_a)
    plain = publish(make_disclosure(case_a, text="当事人未按规定进行安全评估，决定罚款。",
                                    number="冀应急罚〔2026〕84号"), clerk_user_a)
    assert masked.redactions and not plain.redactions
    page = assert_same(client, masked)
    assert 'id="masked-notice"' in page and 'id="verify-button"' not in page
    assert 'id="masked-notice"' not in assert_same(client, plain)

    checkpoints.sign_checkpoint()
    page = assert_same(client, masked)
    assert 'id="verify-button"' in page
    assert timezone.localtime(public_rows.decision(masked.pk)[2].signed_at).strftime(
        "%H:%M") in page
    assert_same(client, plain)

    # A decision published after the newest checkpoint: its entry is outside that tree.
    later = publish(make_disclosure(case_a, number="冀应急罚〔2026〕85号"), clerk_user_a)
    assert public_rows.decision(later.pk)[2] is None
    assert 'id="verify-button"' not in assert_same(client, later)

    # An entry found by its subject when the decision stores no seq (older rows).
    Disclosure.objects.filter(pk=plain.pk).update(published_seq=None)
    assert public_rows.decision(plain.pk)[1].seq == canonical.publication_entry(plain).seq
    assert_same(client, plain)

    # The text download reads the same row.
    text = client.get(decision_url(masked, "text.txt"))
    assert text.status_code == 200
    assert masked.masked_text in text.content.decode()
    assert masked.source_text not in text.content.decode()


def test_withdrawn_notices_read_what_the_orm_read_R_PUB_06(client, case_a, clerk_user_a):
    organisation = publish(make_disclosure(case_a), clerk_user_a)
    person = make_disclosure(case_a, party_name="赵志刚", number="冀应急罚〔2026〕86号")
    Disclosure.objects.filter(pk=person.pk).update(party_kind="natural_person", party_code="")
    person = publish(Disclosure.objects.get(pk=person.pk), clerk_user_a)
    checkpoints.sign_checkpoint()
    for d in (organisation, person):
        withdraw(d, clerk_user_a, "原处罚决定已被复议机关撤销")
        page = assert_same(client, d)
        assert "原处罚决定已被复议机关撤销" in page
        assert client.get(decision_url(d, "text.txt")).status_code == 404
    assert "赵志刚" not in assert_same(client, person)  # the notice names "赵某"


@pytest.mark.parametrize("state", [Disclosure.State.PENDING, Disclosure.State.BLOCKED,
                                   Disclosure.State.NOT_PUBLISHED, Disclosure.State.WITHDRAWN])
def test_never_public_decisions_and_unknown_ids_are_not_found_R_PUB_05(client, case_a, state):
    d = make_disclosure(case_a, state=state)
    assert public_rows.decision(d.pk) is None and orm_page(d.pk) is None
    for url in (decision_url(d), decision_url(d, "text.txt"), "/decisions/999999999/",
                f"/decisions/{2 ** 63}/", f"/decisions/{10 ** 30}/text.txt"):
        assert client.get(url).status_code == 404, url
