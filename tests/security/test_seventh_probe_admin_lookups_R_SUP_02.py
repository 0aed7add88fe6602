"""The admin's lists filter only as their filters offer (R-SUP-02).

Probe 7 (ADR 0082): the complaint's admin page leaves out who complained for anyone but
the handling office, yet its list took any lookup on the complaint's own columns. On the
demo, as the system administrator, ``?complainant_phone__startswith=1`` listed 4 of the 6
complaints and ``…=0`` none: the phone, the name and the address of a complainant could be
read a character at a time from the number of rows, and so could the query code's hash.
"""

import pytest
from django.contrib import admin
from supervision.test_complaints import file

from sanxiang.org.admin_lookups import ListedLookupsOnly

pytestmark = pytest.mark.django_db

LIST = "/admin/supervision/complaint/"


def test_admin_list_refuses_a_lookup_on_the_hidden_complainant_R_SUP_02(
    body_a, admin_user, client_for
):
    complaint, _code = file(body_a)
    assert complaint.complainant_phone.startswith("139")
    client = client_for(admin_user)
    for lookup in (
        "complainant_phone__startswith=139",
        "complainant_name__contains=%E9%A9%AC",
        "complainant_address__isnull=False",
        "code_hash__startswith=pbkdf2",
        "conduct__contains=a",
        "pk__in=1",
    ):
        answer = client.get(f"{LIST}?{lookup}")
        assert answer.status_code == 400, lookup
        assert complaint.number not in answer.content.decode()


def test_admin_list_filters_still_work_R_SUP_02(body_a, admin_user, client_for):
    complaint, _code = file(body_a)
    client = client_for(admin_user)
    listed = client.get(f"{LIST}?state__exact={complaint.state}&kind__exact={complaint.kind}")
    assert listed.status_code == 200 and complaint.number in listed.content.decode()
    assert client.get(f"{LIST}?q={complaint.number}").status_code == 200
    # A date hierarchy and a filter of the platform's own kind (the access log's).
    assert client.get("/admin/core/accessentry/?at__year=2026").status_code == 200
    assert client.get("/admin/core/accessentry/?subject_type=cases.case").status_code == 200
    assert client.get("/admin/org/officer/?fields__id__exact=1").status_code == 200


def test_every_model_admin_takes_only_its_listed_lookups_R_SUP_02():
    missing = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ListedLookupsOnly)
    ]
    assert missing == []
