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
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
    assert pdf.has_cjk_font(document)


def test_document_style_uses_the_serif_cjk_font_for_body_text(tmp_path):
    with template_dirs(tmp_path, **{"document.html": DOCUMENT_TEMPLATE}):
        document = pdf.render_pdf("document.html", {})
    assert any("Noto-Serif-CJK-SC" in name for name in pdf.embedded_fonts(document))
    text = text_of(document)
    assert "行政处罚决定书" in text and "冀应急罚〔2026〕83号" in text


def test_checker_reports_no_cjk_font_in_an_ascii_only_pdf():
    from weasyprint import HTML

    ascii_only = HTML(string="<p style='font-family: DejaVu Sans'>Hello</p>").write_pdf()
    assert ascii_only.startswith(b"%PDF-")
    assert not pdf.has_cjk_font(ascii_only)
    with pytest.raises(pdf.MissingCJKFont, match="未嵌入中文字体（请安装 fonts-noto-cjk）"):
        pdf.require_cjk_font(ascii_only)


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
