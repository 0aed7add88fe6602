"""The public flowchart (执法流程图) of a procedure, drawn as SVG from its definition.

No layout engine (ADR 0003): one column of boxes in definition order, narrow enough for a
360-px phone (viewBox 360 wide, so 16-unit text stays above 14 px on screen). An arrow goes
straight down to the next box; every other move is an orthogonal connector in a lane on
the right, leaving the box at the line that names its condition. Steps off the usual path
have dashed borders. Only presentation attributes, no ``style``: the page CSP forbids
inline styles. The output depends only on the procedure, the amounts and the language, so
it is cacheable and tests can compare it.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from sanxiang.cases.describe import deadline_short, recording_label
from sanxiang.cases.workflows import Procedure, Step, StepKind

WIDTH = 360
BOX_X = 8
BOX_W = 250
PAD = 8
GAP = 30  # vertical space between boxes, room for an arrow
LANE_X0 = BOX_X + BOX_W + 10
LANE_X1 = WIDTH - 6
NAME_SIZE, NAME_LINE = 18, 24
NOTE_SIZE, NOTE_LINE = 16, 21
TOP = 40

FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
        "sans-serif")
INK, MUTED, BRAND, ACCENT, WASH, PAPER = (
    "#1b1b1b", "#4a4a4a", "#0b3a73", "#a8201a", "#e8eef6", "#ffffff")


def _text_width(text: str, size: int) -> float:
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def wrap(text: str, width: float, size: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width``: CJK anywhere, Latin at spaces."""
    words = re.findall(r"[\u0000-\u2e7f]+?(?= |$|[^\u0000-\u2e7f])| |[^\u0000-\u2e7f]", text)
    lines, line = [], ""
    for word in words:
        if line and _text_width(line + word, size) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
        while _text_width(line, size) > width:  # one word longer than a line
            cut = max(1, int(width // size))
            lines.append(line[:cut])
            line = line[cut:]
    if line:
        lines.append(line)
    return lines or [""]


@dataclass
class _Line:
    text: str
    size: int
    height: int
    bold: bool = False
    fill: str = INK
    exit_to: str | None = None  # a lane connector leaves at this line


@dataclass
class _Box:
    step: Step
    y: int = 0
    lines: list[_Line] = field(default_factory=list)

    @property
    def height(self) -> int:
        return 2 * PAD + sum(line.height for line in self.lines)


def _box_lines(proc: Procedure, step: Step, following: str | None, amounts) -> list[_Line]:
    inner = BOX_W - 2 * PAD
    lines = [_Line(t, NAME_SIZE, NAME_LINE, bold=True, fill=BRAND)
             for t in wrap(str(step.name), inner, NAME_SIZE)]
    for rule in step.deadlines:
        note = _("Time limit: %(limit)s") % {"limit": deadline_short(rule, amounts)}
        lines += [_Line(t, NOTE_SIZE, NOTE_LINE) for t in wrap(note, inner, NOTE_SIZE)]
    label = recording_label(step)
    if label:
        note = "● " + label
        lines += [_Line(t, NOTE_SIZE, NOTE_LINE, fill=ACCENT)
                  for t in wrap(note, inner, NOTE_SIZE)]
    for t in step.next:
        if t.to == following:
            if t.condition is None:
                continue  # the plain arrow down says it all
            text = "↓ " + str(t.condition_label)
        elif t.condition is None:
            text = "→ " + str(proc.step(t.to).name)
        else:
            text = _("→ %(condition)s: %(step)s") % {
                "condition": t.condition_label, "step": proc.step(t.to).name}
        wrapped = wrap(text, inner, NOTE_SIZE)
        for i, part in enumerate(wrapped):
            lines.append(_Line(part, NOTE_SIZE, NOTE_LINE, fill=MUTED,
                               exit_to=t.to if i == 0 and t.to != following else None))
    return lines


def _assign_tracks(spans: list[tuple[float, float]]) -> list[int]:
    """Greedy interval colouring: connectors whose vertical runs overlap get separate lanes."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i][0], i))
    tracks: list[list[tuple[float, float]]] = []
    result = [0] * len(spans)
    for i in order:
        low, high = spans[i]
        for n, taken in enumerate(tracks):
            if all(high + 4 < a or low - 4 > b for a, b in taken):
                taken.append((low, high))
                result[i] = n
                break
        else:
            tracks.append([(low, high)])
            result[i] = len(tracks) - 1
    return result


def render_svg(proc: Procedure, *, amounts: Mapping[str, int] | None = None,
               standalone: bool = False) -> str:
    """The flowchart of ``proc`` as an SVG string, in the active language."""
    main = set(proc.main_path())
    codes = [s.code for s in proc.steps]
    boxes: dict[str, _Box] = {}
    y = TOP
    for i, step in enumerate(proc.steps):
        following = codes[i + 1] if i + 1 < len(codes) else None
        box = _Box(step, y, _box_lines(proc, step, following, amounts))
        boxes[step.code] = box
        y += box.height + GAP
    height = y - GAP + 12

    out: list[str] = []
    ids = f"flowchart-{proc.code}"
    title, desc = str(proc.name), _(
        "Flowchart of %(procedure)s: %(count)s steps, from %(first)s to %(last)s. "
        "Dashed boxes are steps taken only where the law requires them.") % {
        "procedure": proc.name, "count": len(codes), "first": proc.start.name,
        "last": proc.step(proc.main_path()[-1]).name}
    xmlns = ' xmlns="http://www.w3.org/2000/svg"'
    out.append(
        f'<svg{xmlns} viewBox="0 0 {WIDTH} {height}" width="100%"'
        f' preserveAspectRatio="xMidYMin meet" role="img" class="flowchart"'
        f' aria-labelledby="{ids}-title {ids}-desc" font-family={quoteattr(FONT)}>')
    out.append(f'<title id="{ids}-title">{escape(title)}</title>')
    out.append(f'<desc id="{ids}-desc">{escape(desc)}</desc>')
    out.append(
        f'<defs><marker id="{ids}-arrow" viewBox="0 0 10 10" refX="9" refY="5"'
        f' markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0 0L10 5L0 10z" fill="{INK}"/></marker></defs>')
    legend = _("Dashed: only where required")
    out.append(f'<text x="{BOX_X}" y="24" font-size="{NOTE_SIZE}" fill="{MUTED}">'
               f'{escape(legend)}</text>')

    # Straight arrows to the next box, then the lanes.
    arrow = f' marker-end="url(#{ids}-arrow)"'
    cx = BOX_X + BOX_W // 2
    connectors: list[tuple[float, float]] = []
    for i, step in enumerate(proc.steps):
        box = boxes[step.code]
        following = codes[i + 1] if i + 1 < len(codes) else None
        if following and any(t.to == following for t in step.next):
            top = box.y + box.height
            out.append(f'<line x1="{cx}" y1="{top}" x2="{cx}" y2="{top + GAP - 1}"'
                       f' stroke="{INK}" stroke-width="2"{arrow}/>')
        line_y = box.y + PAD
        for line in box.lines:
            if line.exit_to:
                connectors.append((line_y + line.height / 2, boxes[line.exit_to].y + 16))
            line_y += line.height
    tracks = _assign_tracks([(min(a, b), max(a, b)) for a, b in connectors])
    count = max(tracks, default=-1) + 1
    step_x = min(8.0, (LANE_X1 - LANE_X0) / max(count, 1))
    right = BOX_X + BOX_W
    for (y1, y2), track in zip(connectors, tracks, strict=True):
        x = round(LANE_X0 + step_x * track, 1)
        out.append(f'<path d="M{right} {y1:g}H{x:g}V{y2:g}H{right + 2}" fill="none"'
                   f' stroke="{MUTED}" stroke-width="1.5"{arrow}/>')

    for step in proc.steps:
        box = boxes[step.code]
        dashed = "" if step.code in main else ' stroke-dasharray="6 4"'
        fill = WASH if step.kind in (StepKind.START, StepKind.END) else PAPER
        radius = 14 if step.kind in (StepKind.START, StepKind.END) else 4
        out.append(f'<g id="{ids}-{step.code}">')
        out.append(f'<rect x="{BOX_X}" y="{box.y}" width="{BOX_W}" height="{box.height}"'
                   f' rx="{radius}" fill="{fill}" stroke="{BRAND}" stroke-width="2"{dashed}/>')
        line_y = box.y + PAD
        for line in box.lines:
            weight = ' font-weight="700"' if line.bold else ""
            baseline = line_y + line.height - (line.height - line.size) // 2 - 3
            out.append(f'<text x="{BOX_X + PAD}" y="{baseline}" font-size="{line.size}"'
                       f' fill="{line.fill}"{weight}>{escape(line.text)}</text>')
            line_y += line.height
        out.append("</g>")
    out.append("</svg>")
    svg = "\n".join(out)
    if standalone:
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
    return svg + "\n"
