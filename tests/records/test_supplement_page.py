"""The 补充归档 page (R-REC-02) over HTTP: offered to the head of an archived case only, the
action's refusals shown in Chinese, the supplement listed on the case page and in the case
file (timeline and exported manifest) with who, when and why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from records import case_of_a
from records.test_upload_http import form_metadata
from sanxiang.cases.models import Case
from sanxiang.records import casefile
from sanxiang.records.models import Evidence

pytestmark = pytest.mark.django_db

REASON = "复议机关调取后退回的现场照片原件，补充归档。"


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def archived(officer_a1, officer_a2, officer_user_a):
    case = case_of_a([officer_a1, officer_a2], officer_user_a)
    Case.objects.filter(pk=case.pk).update(state=Case.State.ARCHIVED)  # as the last step does
    case.refresh_from_db()
    return case


def form(officer, reason=REASON, **overrides):
    data = form_metadata(officer, kind="photo", title="现场照片原件", **overrides)
    data.update(reason=reason, file=SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xffphoto\xff\xd9",
                                                       content_type="image/jpeg"))
    return data


def test_head_adds_to_an_archived_case_through_the_page_R_REC_02(
        archived, officer_a1, head_user_a, client_for):
    client = client_for(head_user_a)
    page = client.get(reverse("cases:detail", args=[archived.pk])).content.decode()
    url = reverse("records:supplement", args=[archived.pk])
    assert "补充归档" in page and url in page
    assert client.get(url).status_code == 200

    refused = client.post(url, form(officer_a1, reason="  "))
    assert refused.status_code == 400
    assert "请说明向已归档案卷补充材料的理由。" in refused.content.decode()
    assert not Evidence.objects.filter(case=archived).exists()

    done = client.post(url, form(officer_a1))
    assert done.status_code == 302 and done["Location"].endswith("#supplements")
    evidence = Evidence.objects.get(case=archived)
    assert evidence.supplement_reason == REASON and evidence.uploaded_by == head_user_a

    page = client.get(done["Location"]).content.decode()
    assert "已补充归档：现场照片原件。" in page
    section = page[page.index('id="supplements"'):page.index('id="completeness"')]
    assert "现场照片原件" in section and REASON in section
    # The name colleagues read, not the login name beside it.
    assert head_user_a.get_full_name() in section
    assert f"（{head_user_a.get_username()}）" not in section
    # The case file: its timeline names the supplement with who and why.
    entry = next(e for e in casefile.timeline(archived) if e.kind == casefile.SUPPLEMENT)
    assert REASON in entry.title and entry.who == head_user_a.get_full_name()
    assert str(entry.kind_label) == "补充归档"


def test_supplement_is_not_offered_to_officers_nor_to_open_cases_R_REC_02(
        archived, officer_a1, officer_user_a, head_user_a, client_for):
    url = reverse("records:supplement", args=[archived.pk])
    officer = client_for(officer_user_a)
    page = officer.get(reverse("cases:detail", args=[archived.pk])).content.decode()
    assert url not in page
    assert officer.get(url).status_code == 404
    # A forged form: the action refuses, in Chinese, and nothing is stored.
    refused = officer.post(url, form(officer_a1))
    assert refused.status_code == 403
    assert "的机关负责人可以批准。" in refused.content.decode()
    assert not Evidence.objects.filter(case=archived).exists()

    Case.objects.filter(pk=archived.pk).update(state=Case.State.OPEN)
    head = client_for(head_user_a)
    assert url not in head.get(reverse("cases:detail", args=[archived.pk])).content.decode()
    assert head.get(url).status_code == 404
    refused = head.post(url, form(officer_a1))
    assert refused.status_code == 400 and "尚未归档" in refused.content.decode()
