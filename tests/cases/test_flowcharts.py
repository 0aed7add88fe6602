"""The public flowcharts (执法流程图, R-PUB-01): SVG from the definitions, pages without login."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from sanxiang.cases.flowchart import NOTE_SIZE, WIDTH, render_svg, wrap
from sanxiang.cases.workflows import PROCEDURES, procedure
from sanxiang.core import rulebook

SVG = "{http://www.w3.org/2000/svg}"
# Text must stay ≥ 14 px on a 360-px phone (page padding 2 × 16 px).
PHONE_COLUMN = 360 - 32


def svg_root(svg: str) -> ET.Element:
    if svg.startswith("<?xml"):
        svg = svg.split("\n", 1)[1]
    return ET.fromstring(svg)


def texts(root: ET.Element) -> str:
    return "".join(node.text or "" for node in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("code", sorted(PROCEDURES))
def test_svg_parses_and_names_every_step(code):
    proc = procedure(code)
    with translation.override("zh-hans"):
        root = svg_root(render_svg(proc))
        all_text = texts(root)
        for step in proc.steps:
            assert str(step.name) in all_text.replace("\n", "")
            assert root.find(f".//{SVG}g[@id='flowchart-{code}-{step.code}']") is not None
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text == str(proc.name)
        assert root.find(f"{SVG}desc").text
        assert root.get("aria-labelledby") == f"flowchart-{code}-title flowchart-{code}-desc"


@pytest.mark.parametrize("code", sorted(PROCEDURES))
def test_svg_is_phone_readable_and_uses_no_inline_styles(code):
    root = svg_root(render_svg(procedure(code)))
    width = float(root.get("viewBox").split()[2])
    assert width == WIDTH and root.get("width") == "100%"
    for node in root.iter(f"{SVG}text"):
        assert float(node.get("font-size")) * PHONE_COLUMN / width >= 14
    assert NOTE_SIZE * PHONE_COLUMN / WIDTH >= 14
    for node in root.iter():
        assert "style" not in node.attrib and node.tag != f"{SVG}style"
        if node.tag == f"{SVG}rect":
            assert float(node.get("x")) + float(node.get("width")) <= width


def test_svg_shows_deadlines_and_recording():
    with translation.override("zh-hans"):
        all_text = texts(svg_root(render_svg(procedure("penalty_general"))))
        assert "时限：7个工作日内" in all_text  # service, R-CASE-06
        assert "时限：90日内" in all_text  # decision, R-CASE-05
        assert "全程音像记录" in all_text and "需音像记录" in all_text
        assert "需法制审核" in all_text  # a branch label
        coercion = texts(svg_root(render_svg(procedure("coercion"))))
        assert "全程音像记录" in coercion and "时限：30日内" in coercion


def test_svg_is_deterministic_and_follows_amounts():
    proc = procedure("licence")
    with translation.override("zh-hans"):
        first = render_svg(proc)
        assert render_svg(proc) == first
        changed = render_svg(proc, amounts={"licence.decision_workdays": 15})
    assert changed != first and "15个工作日内" in changed


def test_svg_escapes_text():
    import dataclasses

    proc = procedure("inspection")
    hostile = dataclasses.replace(proc, name='A<b> & "c"', steps=(
        dataclasses.replace(proc.steps[0], name="<script>x</script>"), *proc.steps[1:]))
    svg = render_svg(hostile)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = svg_root(svg)
    assert root.find(f"{SVG}title").text == 'A<b> & "c"'
    assert "<script>x</script>" in texts(root)


def test_wrap_keeps_lines_inside_the_box():
    lines = wrap("无需法制审核和集体讨论：决定无需法制审核和集体讨论：决定", 100, 16)
    assert all(len(line) <= 6 for line in lines) and "".join(lines).startswith("无需")
    assert wrap("Investigate and collect evidence", 234, 18) == ["Investigate and",
                                                                "collect evidence"]


@pytest.mark.django_db
def test_index_is_public_and_lists_every_procedure(client):
    response = client.get("/flowcharts/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "执法流程图" in html
    for code in PROCEDURES:
        assert f'href="/flowcharts/{code}/"' in html
    assert "行政处罚一般程序" in html and "行政许可" in html


@pytest.mark.django_db
def test_home_links_to_flowcharts(client):
    assert 'href="/flowcharts/"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_page_is_public_with_svg_and_text_alternative(client):
    response = client.get("/flowcharts/penalty_general/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert 'style="' not in html  # the CSP forbids inline styles
    # The text alternative: an ordered list of every step with its documents and limits.
    alternative = html.split('<ol class="flow-steps">', 1)[1].split("</ol>", 1)[0]
    for name in ("立案", "调查取证", "事先告知", "听证告知", "法制审核", "集体讨论", "决定",
                 "送达", "执行", "结案", "归档", "不予处罚", "移送", "撤销立案"):
        assert f"<h3>{name}" in alternative
    assert "行政处罚决定书" in alternative and "送达回证" in alternative
    assert "自作出决定之日起7个工作日内（R-CASE-06" in alternative
    assert "全程音像记录" in alternative
    assert "R-REV-02" in alternative
    assert 'href="/flowcharts/penalty_general.svg"' in html


@pytest.mark.django_db
def test_page_shows_the_rulebook_value_in_force(client):
    from datetime import date

    from sanxiang.core.models import RulebookEntry

    # A province that gives 5 working days for service: the public chart follows the rulebook.
    RulebookEntry.objects.create(key="case.service_workdays", value=5,
                                 effective_from=date(2020, 1, 1))
    assert rulebook.get("case.service_workdays") == 5
    html = client.get("/flowcharts/penalty_general/").content.decode()
    assert "自作出决定之日起5个工作日内" in html


@pytest.mark.django_db
def test_svg_endpoint(client):
    response = client.get("/flowcharts/coercion.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    root = svg_root(response.content.decode())
    assert root.tag == f"{SVG}svg"
    assert "查封" in texts(root)


@pytest.mark.django_db
def test_unknown_procedure_is_404(client):
    assert client.get("/flowcharts/nope/").status_code == 404
    assert client.get("/flowcharts/nope.svg").status_code == 404
