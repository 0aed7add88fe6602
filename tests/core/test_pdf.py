"""PDF rendering (sanxiang.core.pdf): Chinese text really embedded, never silent boxes."""

import io
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import override_settings
from pypdf import PdfReader

from sanxiang.core import pdf

A4 = (595, 842)  # points, rounded


def template_dirs(tmp_path, **templates):
    """Settings that add ``tmp_path`` (holding ``templates``) to the template folders."""
    for name, text in templates.items():
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    from django.conf import settings

    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    return override_settings(TEMPLATES=[engine])


LIST_TEMPLATE = """\
    {% extends "pdf/base.html" %}
    {% block title %}{{ title }}{% endblock %}
    {% block source %}来源：测试平台{% endblock %}
    {% block content %}<h1>{{ title }}</h1>
    <table class="print-table"><tbody>
    {% for name in names %}<tr><td>{{ name }}</td><td>安全生产</td></tr>{% endfor %}
    </tbody></table>{% endblock %}
"""

DOCUMENT_TEMPLATE = """\
    {% extends "pdf/base.html" %}
    {% block page_style %}document{% endblock %}
    {% block content %}<h1>行政处罚决定书</h1>
    <p class="document-number">冀应急罚〔2026〕83号</p>
    <p>当事人：石家庄某化工有限公司。</p>{% endblock %}
"""


def text_of(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def test_chinese_list_renders_to_a4_pdf_with_extractable_text(tmp_path):
    with template_dirs(tmp_path, **{"list.html": LIST_TEMPLATE}):
        document = pdf.render_pdf("list.html", {"title": "执法人员名单", "names": ["张伟", "刘洋"]})
    assert document.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(document))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    text = text_of(document)
    for expected in ("执法人员名单", "张伟", "刘洋", "安全生产", "来源：测试平台"):
        assert expected in text
    # The translated page numbers of the footer (core's catalogue).
    assert "第 1 页 共 1 页" in text


def test_cjk_sans_font_is_embedded_in_a_list(tmp_path):
    with template_dirs(tmp_path, **{"list.html": LIST_TEMPLATE}):
        document = pdf.render_pdf("list.html", {"title": "执法主体名单", "names": ["张伟"]})
    fonts = pdf.embedded_fonts(document)
    # The pre-subset Noto Sans CJK SC (ADR 0024), or Noto itself.
    assert any("Sans-CJK-SC" in name for name in fonts), fonts
    assert pdf.has_cjk_font(document)


def test_document_style_uses_the_serif_cjk_font_for_body_text(tmp_path):
    with template_dirs(tmp_path, **{"document.html": DOCUMENT_TEMPLATE}):
        document = pdf.render_pdf("document.html", {})
    assert any("Serif-CJK-SC" in name for name in pdf.embedded_fonts(document))
    text = text_of(document)
    assert "行政处罚决定书" in text and "冀应急罚〔2026〕83号" in text


SUBSET_DOCUMENT = """\
    {% extends "pdf/base.html" %}
    {% block page_style %}document{% endblock %}
    {% block content %}<h1>行政处罚决定书</h1>
    {% for n in rows %}<p>第{{ n }}条 当事人{{ name }}于2026年5月12日在滹阳县城关镇经营场所未按规定
    设置安全警示标志，违反了《中华人民共和国安全生产法》第三十五条的规定（罚款3,000元）。</p>
    <p><b>决定如下：</b>警告；罚款人民币叁仟元整。</p>{% endfor %}{% endblock %}
"""


def test_common_text_is_set_in_the_pre_subset_font_exactly_as_in_noto(tmp_path):
    """ADR 0024: the GB 2312 subset is used, and the pages read as with the full font."""
    from sanxiang.core import cjk_subset

    if not cjk_subset.font_faces():
        pytest.skip("libharfbuzz-subset is not installed: the subset cannot be built")
    with template_dirs(tmp_path, **{"doc.html": SUBSET_DOCUMENT}):
        from django.template.loader import render_to_string

        html = render_to_string("doc.html", {"rows": range(1, 30), "name": "么仝訾"})
    subset, full = pdf.html_to_pdf(html), pdf.html_to_pdf(html, full_fonts=True)
    fonts = pdf.embedded_fonts(subset)
    assert fonts == {"Sanxiang-Serif-CJK-SC", "Sanxiang-Serif-CJK-SC-Bold"}, fonts
    assert not any(name.startswith("Sanxiang") for name in pdf.embedded_fonts(full))
    # Same words on the same pages (the page numbers say so too), with the rare surnames.
    assert [p.extract_text() for p in PdfReader(io.BytesIO(subset)).pages] == \
        [p.extract_text() for p in PdfReader(io.BytesIO(full)).pages]
    assert "当事人么仝訾于" in text_of(subset).replace("\n", "")
    assert len(subset) < len(full)  # the subset's own subsets are smaller, too


def test_characters_outside_the_subset_render_from_the_full_noto_font(tmp_path):
    """Names with characters beyond GB 2312 (堃, 喆, 𠮷) still print, from Noto CJK."""
    with template_dirs(tmp_path, **{"doc.html": SUBSET_DOCUMENT}):
        document = pdf.render_pdf("doc.html", {"rows": [1], "name": "王堃、张喆、𠮷田"})
    text = text_of(document).replace("\n", "")
    assert "当事人王堃、张喆、𠮷田于" in text
    assert any(name.startswith("Noto-Serif-CJK-SC") for name in pdf.embedded_fonts(document))


def test_the_subset_is_renamed_and_carries_the_licence_note():
    """OFL 1.1: a modified font has its own name; the licence note lies beside it."""
    from fontTools.ttLib import TTFont

    from sanxiang.core import cjk_subset

    faces = cjk_subset.font_faces()
    if not faces:
        pytest.skip("libharfbuzz-subset is not installed: the subset cannot be built")
    for face, path in faces:
        names = TTFont(path, lazy=True)["name"]
        assert names.getDebugName(1) == face.family
        assert not any("Noto" in str(record) or "Source" in str(record)
                       for record in names.names if record.nameID in (1, 4, 6, 16))
        assert "SIL Open Font License" in (path.parent / "OFL.txt").read_text()


def test_checker_reports_no_cjk_font_in_an_ascii_only_pdf():
    from weasyprint import HTML

    ascii_only = HTML(string="<p style='font-family: DejaVu Sans'>Hello</p>").write_pdf()
    assert ascii_only.startswith(b"%PDF-")
    assert not pdf.has_cjk_font(ascii_only)
    with pytest.raises(pdf.MissingCJKFont, match="未嵌入中文字体（请安装 fonts-noto-cjk）"):
        pdf.require_cjk_font(ascii_only)


@pytest.mark.embedded
def test_render_refuses_chinese_drawn_as_boxes_when_no_cjk_font_is_installed(tmp_path):
    """A machine without fonts-noto-cjk: fontconfig sees one Latin font and nothing else."""
    latin = next((f for f in sorted(Path("/usr/share/fonts").rglob("*.ttf"))
                  if "CJK" not in f.name), None)
    if latin is None:  # fontconfig-config pulls in fonts-dejavu-core on Debian
        pytest.skip("no Latin TrueType font under /usr/share/fonts to stand alone")
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / latin.name).symlink_to(latin)
    (tmp_path / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{tmp_path / 'fonts'}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    script = textwrap.dedent("""\
        import django
        django.setup()
        from django.utils import translation
        from sanxiang.core import pdf
        translation.activate("zh-hans")
        try:
            pdf.html_to_pdf('<body class="page-list"><h1>执法主体名单</h1></body>')
        except pdf.MissingCJKFont as error:
            print("REFUSED", error)
        else:
            print("RENDERED")
    """)
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
           "DJANGO_SETTINGS_MODULE": "sanxiang.settings", "SANXIANG_ENV": "test",
           "SANXIANG_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert "REFUSED 未嵌入中文字体（请安装 fonts-noto-cjk）" in result.stdout, result.stderr[-2000:]


def test_templates_may_not_load_from_the_network(tmp_path):
    html = ('<body class="page-list"><h1>执法主体名单</h1>'
            '<img src="http://127.0.0.1:9/tracker.png"></body>')
    with pytest.raises(pdf.PdfResourceError):
        pdf.html_to_pdf(html)


def test_templates_may_not_load_files_outside_the_package(tmp_path):
    outside = tmp_path / "secret.css"
    outside.write_text("h1 { color: red }", encoding="utf-8")
    html = (f'<link rel="stylesheet" href="{Path(outside).as_uri()}">'
            '<body class="page-list"><h1>执法主体名单</h1></body>')
    with pytest.raises(pdf.PdfResourceError):
        pdf.html_to_pdf(html)


def test_concurrent_renders_each_embed_the_cjk_font():
    results, errors = [], []

    def render(index):
        try:
            results.append(pdf.html_to_pdf(
                f'<body class="page-list"><h1>执法人员名单第{index}号</h1></body>'))
        except Exception as error:  # reported below with the thread's own message
            errors.append(error)

    threads = [threading.Thread(target=render, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(results) == 4 and all(pdf.has_cjk_font(r) for r in results)


def test_pdf_response_names_the_file_in_chinese_per_rfc_5987():
    response = pdf.pdf_response(b"%PDF-1.7 test", filename="执法主体名单_20261122.pdf",
                                ascii_filename="bodies-20261122.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="bodies-20261122.pdf"; '
        f"filename*=UTF-8''{quote('执法主体名单_20261122.pdf')}"
    )
    assert response["Content-Length"] == str(len(b"%PDF-1.7 test"))
