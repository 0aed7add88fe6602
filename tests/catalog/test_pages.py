"""Public list pages and the clerks' page (R-PUB-01, R-PUB-02)."""

from datetime import date

import pytest
from django.urls import reverse

from sanxiang.catalog import actions, queries
from sanxiang.catalog.models import Catalogue

from .samples import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(body_a, fields):
    catalogue = actions.get_or_create_catalogue(body=body_a, kind="items", acting_user=None)
    actions.publish_version(catalogue=catalogue, acting_user=None,
                            effective_from=date(2025, 1, 1), note="首次公布",
                            add=SAMPLES["items"])
    inspection = queries.latest_version(catalogue)
    first = queries.entries_of(inspection).first()
    actions.publish_version(catalogue=catalogue, acting_user=None,
                            effective_from=date(2025, 6, 1), note="事项名称规范化",
                            change={first.pk: {"name": "对未设置安全生产管理机构的处罚"}})
    return catalogue


def url(name, catalogue, *extra):
    return reverse(f"catalog:{name}", args=[catalogue.kind, catalogue.body.credit_code, *extra])


def test_public_list_shows_the_version_in_force_without_internal_fields_R_PUB_01(
        client, items):
    response = client.get(url("catalogue", items))
    assert response.status_code == 200
    text = response.content.decode()
    assert "对未设置安全生产管理机构的处罚" in text
    assert "对生产经营单位未按规定设置安全生产管理机构的行政处罚" not in text
    assert "《中华人民共和国安全生产法》第六十五条" in text
    for internal in ("sm3:", "sha256:", "search_text", "检索文本", "摘要值"):
        assert internal not in text


def test_history_and_an_older_version_are_readable_in_full_R_PUB_02(client, items):
    history = client.get(url("history", items)).content.decode()
    assert "事项名称规范化" in history and "首次公布" in history
    assert "新增0条，修改1条，删除0条" in history
    old = client.get(url("version", items, 1)).content.decode()
    assert "对生产经营单位未按规定设置安全生产管理机构的行政处罚" in old
    assert "对未设置安全生产管理机构的处罚" not in old
    assert client.get(url("version", items, 9)).status_code == 404


def test_entry_page_and_downloads(client, items):
    entry = queries.entries_of(queries.current_version(items)).first()
    response = client.get(url("entry", items, entry.pk))
    assert response.status_code == 200 and entry.name in response.content.decode()
    csv_response = client.get(url("export", items, "csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    old = client.get(url("export", items, "xlsx") + "?version=1")
    assert old.status_code == 200
    assert client.get(url("export", items, "pdf")).status_code == 404


def test_list_pages_use_a_bounded_number_of_queries_R_PUB_01(client, items,
                                                            django_assert_max_num_queries):
    many = [SAMPLES["items"][0] | {"code": f"AQ-X-{n:03d}", "name": f"事项{n}"}
            for n in range(40)]
    actions.publish_version(catalogue=items, acting_user=None, effective_from=date(2025, 7, 1),
                            note="新增一批", add=many)
    for name, args in (("catalogue", [items]), ("history", [items])):
        with django_assert_max_num_queries(12):
            assert client.get(url(name, *args)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("catalog:kind", args=["items"])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("catalog:body", args=[items.body.credit_code])).status_code \
            == 200
    assert client.get(reverse("catalog:index")).status_code == 200
    assert client.get(reverse("catalog:kind", args=["nonsense"])).status_code == 404


def test_across_bodies_lists_each_body_current_entries_R_PUB_01(client, items, body_b):
    other = actions.get_or_create_catalogue(body=body_b, kind="items", acting_user=None)
    actions.publish_version(catalogue=other, acting_user=None, effective_from=date(2099, 1, 1),
                            note="未来生效", add=[SAMPLES["items"][1] | {"code": "SC-1",
                                                                      "name": "市场监管检查"}])
    text = client.get(reverse("catalog:kind", args=["items"])).content.decode()
    assert "对未设置安全生产管理机构的处罚" in text
    assert "市场监管检查" not in text  # not in force yet


def test_manage_page_lists_own_body_and_refuses_officers_R_PUB_02(client_for, items,
                                                                  clerk_user_a, officer_user_a,
                                                                  body_b):
    page = client_for(clerk_user_a).get(reverse("catalog:manage"))
    assert page.status_code == 200 and "执法事项清单" in page.content.decode()
    assert client_for(officer_user_a).get(reverse("catalog:manage")).status_code == 403
    other = reverse("catalog:import", args=[body_b.pk, "items"])
    assert client_for(clerk_user_a).get(other).status_code == 404


def test_upload_page_checks_then_publishes_R_PUB_02(client_for, items, clerk_user_a):
    from sanxiang.catalog import spreadsheets

    data = spreadsheets.export_xlsx(items, queries.latest_version(items))
    page = reverse("catalog:import", args=[items.body_id, "items"])
    client = client_for(clerk_user_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(**extra):
        upload = SimpleUploadedFile("list.xlsx", data)
        return client.post(page, {"file": upload, "effective_from": "2026-01-01",
                                  "note": "无变化", **extra})

    response = post(dry_run="on")
    assert response.status_code == 200
    assert "文件与最新版本相同" in response.content.decode()
    assert items.versions.count() == 2


def test_admin_is_read_only(client_for, items, admin_user):
    client = client_for(admin_user)
    change = reverse("admin:catalog_catalogue_change", args=[items.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert client.post(change, {}).status_code == 403
    delete = reverse("admin:catalog_catalogue_delete", args=[items.pk])
    assert client.get(delete).status_code == 403
    assert client.get(reverse("admin:catalog_enforcementitem_add")).status_code == 403
    assert Catalogue.objects.count() == 1


def test_list_entries_link_to_their_pages_with_every_content_field_R_PUB_01(client, items):
    """The list page builds its entry links without a reverse per entry and translates the
    field labels once per page (docs/adr/0035-portal-page-cost.md): same links, same rows."""
    import re

    from sanxiang.catalog import values

    text = client.get(url("catalogue", items)).content.decode()
    shown = re.findall(r'<h2 class="result-title"><a href="([^"]+)">', text)
    entries = list(queries.entries_of(queries.current_version(items))[:len(shown)])
    assert shown and shown == [url("entry", items, e.pk) for e in entries]
    first = re.search(r'<dl class="facts facts-compact">(.*?)</dl>', text, re.S)[1]
    rows = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", first, re.S)
    expected = [(values.label(type(entries[0]), name), values.format_value(entries[0], name))
                for name in entries[0].content_fields]
    expected = [(label[:1].upper() + label[1:], text) for label, text in expected if text]
    assert [label for label, _text in rows] == [label for label, _text in expected]
    assert len(rows) >= 3 and all(value for _label, value in rows)


def test_recording_list_names_procedures_and_steps_in_chinese_R_PUB_01(client, body_a):
    """The audio-video list (音像记录事项清单) stores workflow codes, which its spreadsheet
    round-trips; the public page and the printed list name the procedure and the step."""
    recordings = actions.get_or_create_catalogue(body=body_a, kind="recordings",
                                                 acting_user=None)
    actions.publish_version(catalogue=recordings, acting_user=None,
                            effective_from=date(2025, 1, 1), note="首次公布",
                            add=SAMPLES["recordings"])
    entry = queries.entries_of(queries.current_version(recordings)).get(step="seize")
    for page in (url("catalogue", recordings), url("entry", recordings, entry.pk)):
        text = client.get(page).content.decode()
        assert "行政强制" in text and "实施查封、扣押" in text, page
        for code in ("penalty_general", "investigate", "coercion", "seize"):
            assert f">{code}<" not in text, (page, code)
    csv_text = client.get(url("export", recordings, "csv")).content.decode("utf-8-sig")
    assert "coercion" in csv_text and "seize" in csv_text  # what the import reads back


def test_supervision_channel_lists_show_its_own_web_address_R_PUB_01(client, body_a):
    """A 监督渠道 has a web address of its own (``url``): the list shows that address as 网址,
    never the platform's path of the entry's page, and a channel without one shows none."""
    channels = actions.get_or_create_catalogue(body=body_a, kind="supervision",
                                               acting_user=None)
    actions.publish_version(catalogue=channels, acting_user=None,
                            effective_from=date(2025, 1, 1), note="首次公布",
                            add=SAMPLES["supervision"])
    entries = {e.name: e for e in queries.entries_of(queries.current_version(channels))}
    for page in (url("catalogue", channels), reverse("catalog:kind", args=["supervision"])):
        text = client.get(page).content.decode()
        assert "<dt>网址</dt><dd>https://example.org/fy</dd>" in text, page
        assert text.count("<dt>网址</dt>") == 1, page  # the hotline has no web address
        assert f'<a href="{url("entry", channels, entries["12345政务服务便民热线"].pk)}">' in text
        assert f"<dd>{url('entry', channels, entries['申请行政复议'].pk)}</dd>" not in text
