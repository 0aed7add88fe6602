"""The public statistics page (/statistics/, R-PUB-09): each body's figures by year and
quarter, a bar chart and the PDF. No login.

Only ended years are shown: a year's statistics are the previous year's, due by 31 January.
The figures are those of the newest stored snapshot (``stats_snapshot``, docs/adr/0050), and
the page and the PDF say when it was taken ("统计截至…"); nothing is aggregated per request,
and the page cache keeps the pages until the next snapshot.
The chart is inline SVG drawn on the server (no script, nothing the CSP has to allow); the
figures are also in a ``json_script`` element for anyone scripting against the page.

The project includes this module: ``path("statistics/", include(
"sanxiang.disclosure.stats_public_views"))``.
"""

from html import escape

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import require_safe

from sanxiang.core.pdf import pdf_response
from sanxiang.disclosure import statistics, stats_snapshot
from sanxiang.org.models import Body

app_name = "public_statistics"

YEARS_SHOWN = stats_snapshot.YEARS_SHOWN
CHART_BAR_HEIGHT = 28
CHART_LABEL_WIDTH = 70
CHART_BAR_SPACE = 100  # of the 200-unit-wide view box, the rest holds labels and values


def _ended_years(today) -> list[int]:
    return stats_snapshot.ended_years(today)


def as_of(snapshot) -> str:
    """When the snapshot was taken, as the page says it: "2026年12月7日 10时05分"."""
    key = (snapshot.pk, snapshot.taken_at, get_language())
    said = _as_of.get(key)
    if said is None:  # formatted once per snapshot and process: every miss says it
        if len(_as_of) > 64:
            _as_of.clear()
        said = _as_of[key] = _format_as_of(snapshot)
    return said


_as_of: dict = {}


def _format_as_of(snapshot) -> str:
    return format_date(timezone.localtime(snapshot.taken_at),
                       pgettext("statistics snapshot time", "N j, Y, H:i"))


def chart(figures) -> dict:
    """Bar geometry in SVG user units (the view box is 200 wide)."""
    values = [c.count or 0 for c in figures.categories]
    top = max(values) or 1
    bars = []
    for index, category in enumerate(figures.categories):
        value = category.count or 0
        width = round(value / top * CHART_BAR_SPACE, 2)
        bars.append({
            "label": category.label, "shown": category.shown,
            "y": index * CHART_BAR_HEIGHT + 6, "text_y": index * CHART_BAR_HEIGHT + 18,
            "width": width, "value_x": CHART_LABEL_WIDTH + width + 4,
        })
    return {"bars": bars, "height": len(bars) * CHART_BAR_HEIGHT,
            "label_width": CHART_LABEL_WIDTH}


_OPTION = '<option value="{code}"{selected}>{name}</option>'


def body_options(selected) -> SafeString:
    """The ``<option>`` of every body, in region and name order: the markup the template's
    loop wrote, one format string per body with escaped values (a province's 1 000 bodies
    through the template engine cost more than the rest of the page). The list is kept in
    the cache under the register's version, which every write to a body moves; the chosen
    body's option (its credit code is unique) is then marked."""
    from django.conf import settings
    from django.core.cache import cache

    from sanxiang.core import public_cache

    seconds = settings.SANXIANG_PUBLIC_CACHE_SECONDS  # off: every write seen at once
    version = public_cache.versions([public_cache.REGISTER])[public_cache.REGISTER]
    key = f"sanxiang:statistics-options:{version}"
    options = cache.get(key) if seconds > 0 else None
    if options is None:
        rows = Body.objects.order_by("region_code", "name", "pk").values_list(
            "credit_code", "name")
        options = "".join(_OPTION.format(code=escape(code), name=escape(name), selected="")
                          for code, name in rows)
        if seconds > 0:
            cache.set(key, options, seconds)
    if selected is not None:
        plain = _OPTION.format(code=escape(selected.credit_code), name="", selected="")
        plain = plain[:plain.index(">") + 1]
        options = options.replace(plain, plain[:-1] + " selected>", 1)
    return mark_safe(options)  # noqa: S308 - every value escaped


@require_safe
def index(request):
    today = timezone.localdate()
    years = _ended_years(today)
    code = request.GET.get("body", "")
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    html = body = None
    if code:
        # The body, the newest snapshot and the body's year as it stored it: one statement.
        found = stats_snapshot.page_row(code, year)
        if found is None:
            raise Http404
        body, snapshot, html = found
    else:
        snapshot = stats_snapshot.latest()
    context = {"body_options": body_options(body), "body": body, "years": years, "year": year,
               "deadline": statistics.publication_deadline(year),
               "categories": statistics.CATEGORIES,
               "as_of": as_of(snapshot) if snapshot is not None else None}
    if body is not None and snapshot is not None:
        # The snapshot stored the body's year as the page shows it (docs/adr/0074); one
        # taken before it did is rendered here from its figures.
        if html == "":
            found = stats_snapshot.figures_of(snapshot, body, year)
            html = stats_snapshot.figures_html(*found, year) if found is not None else None
        if html:
            context["figures_html"] = mark_safe(html)  # noqa: S308 - rendered by our template
    return render(request, "disclosure/public_statistics.html", context)


@require_safe
def pdf(request, code, year):
    body = get_object_or_404(Body, credit_code=code)
    if year not in _ended_years(timezone.localdate()):
        raise Http404
    snapshot = stats_snapshot.latest()
    found = stats_snapshot.figures_of(snapshot, body, year) if snapshot is not None else None
    if found is None:
        raise Http404  # the page says the figures are being computed
    data = statistics.statistics_pdf(body, year, figures=found, as_of=as_of(snapshot))
    return pdf_response(data, filename=f"{body.name}{year}年行政执法统计.pdf",
                        ascii_filename=f"statistics-{body.credit_code}-{year}.pdf")


urlpatterns = [
    path("", index, name="index"),
    path("<str:code>/<int:year>.pdf", pdf, name="pdf"),
]
