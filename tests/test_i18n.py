"""Everything a user reads is Chinese: every msgid in the source has a zh_Hans translation.

Each app keeps its own catalogue (``<app>/locale``); the project catalogue
(``sanxiang/locale``) covers the rest — templates, settings, the CLI.
"""

import gettext
import os
import shutil
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "sanxiang"
# Every Django app of the project keeps its own catalogue.
APPS = sorted(path.parent.name for path in SRC.glob("*/apps.py"))
CATALOGUES = {app: SRC / app for app in APPS} | {"project": SRC}


def po_path(root: Path) -> Path:
    return root / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def source_msgids(name: str, root: Path, tmp_path: Path) -> set[str]:
    """Extract the msgids of one catalogue's sources with Django's makemessages."""
    from django.core.management import call_command

    copy = tmp_path / name
    # "vendor": third-party assets (static/<app>/vendor/…) whose code is not our strings.
    ignore = shutil.ignore_patterns("locale", "__pycache__", "migrations", "vendor", *(
        APPS if name == "project" else []))
    shutil.copytree(root, copy, ignore=ignore)
    (copy / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["zh_Hans"], no_location=True, verbosity=0)
        call_command("makemessages", locale=["zh_Hans"], domain="djangojs", no_location=True,
                     verbosity=0)
    finally:
        os.chdir(cwd)
    ids = set()
    for po_file in (copy / "locale").rglob("*.po"):
        ids |= {entry.msgid for entry in polib.pofile(str(po_file)) if entry.msgid}
    return ids


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_source_string_is_translated(name, tmp_path):
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is missing: ./dev test installs it (apt-get install gettext)")
    root = CATALOGUES[name]
    extracted = source_msgids(name, root, tmp_path)
    po_file = po_path(root)
    if not extracted:
        return
    assert po_file.exists(), f"{name}: {len(extracted)} strings but no zh_Hans catalogue"
    catalogue = polib.pofile(str(po_file))
    translated = {e.msgid for e in catalogue if e.translated() and "fuzzy" not in e.flags}
    missing = sorted(extracted - translated)
    assert not missing, f"{name}: untranslated strings: {missing[:20]}"


@pytest.mark.parametrize("name", sorted(n for n, root in CATALOGUES.items()
                                         if po_path(root).exists()))
def test_compiled_catalogue_matches_source(name):
    po_file = po_path(CATALOGUES[name])
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), f"{name}: run compilemessages"
    with mo_file.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in polib.pofile(str(po_file)):
        if entry.obsolete or not entry.msgid:
            continue
        assert "fuzzy" not in entry.flags, f"{name}: fuzzy entry {entry.msgid!r}"
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, f"{name}: {entry.msgid!r}"



def test_shared_strings_are_translated_alike():
    """Django merges the catalogues and the first one wins (LOCALE_PATHS, then the apps in
    INSTALLED_APPS order): a msgid translated differently in two catalogues shows the
    other app's words on a page. Give such strings a context, or the same translation."""
    seen: dict[tuple, tuple[str, str]] = {}
    clashes = []
    for name, root in sorted(CATALOGUES.items()):
        if not po_path(root).exists():
            continue
        for entry in polib.pofile(str(po_path(root))):
            if entry.obsolete or not entry.translated():
                continue
            value = entry.msgstr or str(sorted(entry.msgstr_plural.items()))
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != value:
                clashes.append((entry.msgid, seen[key], (name, value)))
            seen.setdefault(key, (name, value))
    assert not clashes, clashes[:10]


def test_our_wording_wins_over_djangos_catalogues():
    """Django's admin and auth come before our apps in INSTALLED_APPS, and among apps the
    first catalogue wins: a msgid Django translates too (“Summary”, “Close”, “Filter”) showed
    Django's words — 概览 instead of 摘要 printed on documents, 关闭 for 结案. Each of our
    catalogues' translations is the one the running platform gives."""
    from django.utils import translation

    wrong = []
    with translation.override("zh-hans"):
        for name, root in sorted(CATALOGUES.items()):
            if not po_path(root).exists():
                continue
            for entry in polib.pofile(str(po_path(root))):
                if entry.obsolete or not entry.translated() or entry.msgid_plural:
                    continue
                shown = (translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt
                         else translation.gettext(entry.msgid))
                if shown != entry.msgstr:
                    wrong.append((name, entry.msgid, entry.msgstr, shown))
    assert not wrong, wrong[:10]


def test_admin_widgets_are_chinese_R_ORG_01():
    """The admin's script strings come from Django's zh_Hans catalogue, which lacks some of
    Django 5.2's (the officer form's 执法类别 chooser read “Choose all 执法类别”); the project's
    djangojs catalogue gives those, so every string of the admin's scripts is Chinese."""
    import json

    import django
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.i18n import JSONCatalog

    english = polib.pofile(str(Path(django.__file__).parent / "contrib" / "admin" / "locale"
                               / "en" / "LC_MESSAGES" / "djangojs.po"))
    with translation.override("zh-hans"):
        response = JSONCatalog.as_view(packages=["django.contrib.admin"])(
            RequestFactory().get("/admin/jsi18n/"))
    catalog = json.loads(response.content)["catalog"]
    keys = {f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid for e in english if e.msgid}
    missing = sorted(keys - set(catalog))
    assert not missing, missing
    assert catalog["Choose all %s"] == "全选%s"


@pytest.mark.django_db
def test_djangos_form_refusals_read_as_plain_chinese():
    """Django's own refusals for a number with too many digits or an unknown choice read
    “确认总共不超过 14 个数字.” (an English full stop) and “选择一个有效的选项： 该选择不在可用
    的选项中。”; the project's catalogue words them as the rest of the platform does."""
    from django import forms
    from django.utils import translation

    from sanxiang.org.models import Body

    class Sample(forms.Form):
        amount = forms.DecimalField(max_digits=4, decimal_places=2)
        kind = forms.ChoiceField(choices=[("a", "甲")])
        body = forms.ModelChoiceField(queryset=Body.objects.all())

    with translation.override("zh-hans"):
        errors = Sample({"amount": "1.456", "kind": "b", "body": "999"}).errors
        assert errors["amount"] == ["小数最多 2 位。"]
        assert Sample({"amount": "12345"}).errors["amount"] == ["最多 4 位数字。"]
        assert errors["kind"] == ["“b”不在可选范围内，请重新选择。"]
        assert errors["body"] == ["所选的项不在可选范围内，请重新选择。"]
