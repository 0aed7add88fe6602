"""The dashboard's per-body rows (R-SUP-01): ``{% body_rows board %}``, and
``{% figure value url %}`` for a single figure — a link to the records behind it, or the
bare figure when it is zero.

The rows are built here, not with an ``{% include %}`` per figure: the dashboard shows
twenty figures for each of up to a thousand bodies, and the template engine's cost per
cell was more than all the page's queries together (ADR 0028). The markup is the one the
template wrote.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from sanxiang.supervision.evaluation import FAIL_GRADE

register = template.Library()


@register.simple_tag
def figure(value, url):
    if value:
        return format_html('<a href="{}">{}</a>', url, value)
    return format_html("{}", value)


def _figure(value, url: str) -> str:
    return f'<a href="{escape(url)}">{value}</a>' if value else str(value)


# (figure, list URL name, query before "body=" or None for a link without the body,
#  flagged red when not zero)
FIGURES = (
    ("cases_open", "supervision:cases", "state=open&", False),
    ("cases_closed", "supervision:cases", "state=closed&", False),
    ("reviews_open", "review:queue", None, False),
    ("reviews_overdue", "review:queue", None, True),
    ("publications_overdue", "disclosure_reports:board", None, True),
    ("withdrawals_overdue", "disclosure_reports:board", None, True),
    ("reviewer_percent", "workbench:reviewer_ratio", None, False),
    ("complaints_open", "supervision:complaints", "", False),
    ("complaints_overdue", "supervision:complaints", "overdue=on&", True),
    ("documents_overdue", "supervision:documents", "overdue=on&", True),
    ("outcomes", "supervision:outcomes", "", False),
    ("outcomes_lost", "supervision:outcomes", "lost=1&", False),
    ("loss_rate", None, None, False),
    ("penalties", "supervision:cases", "penalty=1&", False),
    ("fines_text", None, None, False),
    ("late_uploads", "supervision:cases", "late_upload=1&", True),
    ("evaluated", "supervision:evaluation_results", "", False),
    ("evaluation_average", None, None, False),
    ("evaluation_failed", "supervision:evaluation_results", f"grade={FAIL_GRADE}&", True),
)


@register.simple_tag
def body_rows(board):
    """One ``<tr>`` per body of ``board.bodies``: its name and every figure."""
    urls = {name: reverse(name) for _f, name, _q, _b in FIGURES if name}
    inspections = escape(reverse("inspections:supervision"))
    out = []
    for line in board.bodies:
        cells = [f'<tr>\n    <th scope="row">{escape(line.body.name)}</th>']
        body = f"body={line.body.pk:d}"
        for name, url_name, query, flagged in FIGURES:
            value = getattr(line, name)
            bad = " status-bad" if (line.reviewer_shortfall if name == "reviewer_percent"
                                    else flagged and value) else ""
            if url_name is None:
                shown = escape(value)
            elif name == "reviewer_percent":
                shown = f'<a href="{escape(urls[url_name])}">{escape(value)}</a>'
            elif query is None:
                shown = _figure(value, urls[url_name])
            else:
                shown = _figure(value, f"{urls[url_name]}?{query}{body}")
            cells.append(f'<td class="num{bad}">{shown}</td>')
        cells.append(f'<td class="num"><a href="{inspections}">{line.inspections_planned} / '
                     f'{line.inspections_done}</a> <span class="hint">'
                     f"{escape(line.inspections_share)}</span></td>\n  </tr>")
        out.append("\n    ".join(cells))
    return mark_safe("\n  ".join(out))  # noqa: S308 - every value above is escaped

