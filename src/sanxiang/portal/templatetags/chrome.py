"""``{% memo %}``: layout fragments rendered once per process (docs/adr/0035-portal-page-cost.md).

The menus, footer and head of the public layout are the same for every visitor who sees the
same language and the same menu entry marked current, yet they cost a page a dozen URL
reverses and two dozen translations. ``{% memo a b %}…{% endmemo %}`` renders its content
the first time, keeps the HTML in the process's memory under the fragment's place in its
template, the active language, the script prefix and the values of ``a`` and ``b``, and
returns the kept HTML afterwards.

The content must depend on nothing but those: name every variable it reads (each must take
few values — a menu entry's name, not a query string), and keep per-visitor or per-request
data (cookies, the path, messages, the user) outside it. With ``DEBUG`` on nothing is kept,
so an edited template shows at once.
"""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_kept: dict[tuple, str] = {}
MAX_FRAGMENTS = 10_000  # a guard: a variable with unbounded values would grow this forever


class MemoNode(template.Node):
    def __init__(self, nodelist, variables, place):
        self.nodelist = nodelist
        self.variables = variables
        self.place = place

    def render(self, context):
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = (self.place, get_language(), get_script_prefix(), get_urlconf(),
               *(v.resolve(context) for v in self.variables))
        html = _kept.get(key)
        if html is None:
            html = self.nodelist.render(context)  # a SafeString
            if len(_kept) < MAX_FRAGMENTS:
                _kept[key] = html
        return html


@register.tag
def memo(parser, token):
    """``{% memo var … %}…{% endmemo %}``: see the module's docstring."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    origin = getattr(parser, "origin", None)
    place = (getattr(origin, "name", None), token.lineno, token.contents)
    return MemoNode(nodelist, [parser.compile_filter(b) for b in bits], place)


def forget() -> None:
    """Drop every kept fragment (tests that change translations or URLs call it)."""
    _kept.clear()
    _url_parts.clear()


_url_parts: dict[tuple, tuple[str, str]] = {}
_SAMPLE = 918273645546372819  # an argument whose text appears nowhere else in a URL


def url_maker(viewname: str, *leading):
    """``reverse(viewname, args=[*leading, value])`` for URLs whose last argument is an
    ``int`` or ``str``, as a function that only quotes the value the way ``reverse`` does: a
    result list links every row, and a reverse per row was a tenth of the page."""
    key = (viewname, get_script_prefix(), get_urlconf(), *leading)
    parts = _url_parts.get(key)
    if parts is None:
        sample = str(_SAMPLE)
        url = reverse(viewname, args=[*leading, sample])
        prefix, _sample, suffix = url.rpartition(sample)
        parts = (prefix, suffix)
        if len(_url_parts) < MAX_FRAGMENTS:
            _url_parts[key] = parts
    prefix, suffix = parts
    return lambda value: prefix + quote(str(value), safe=RFC3986_SUBDELIMS + "/~:@") + suffix


@register.filter
def url_with(value, viewname):
    """``{{ d.pk|url_with:"decisions:decision" }}`` = ``{% url "decisions:decision" d.pk %}``."""
    return url_maker(viewname)(value)


# A labelled text or date input with its errors and hint, as the decision search's form
# wrote it with an include per field: the include and its dozen lookups through the bound
# field cost more than the page's results (docs/adr/0040-decision-search-miss-cost.md).
_FIELD = """<div class="field{error_class}">
  <label for="id_{name}">{label}</label>
  {errors}
  <input type="{type}" name="{name}" id="id_{name}" value="{value}"{maxlength}{aria}>
  {hint}
</div>"""


@register.simple_tag
def field_input(field, input_type):
    """``{% field_input form.party "text" %}``: ``field`` (a bound field) as an ``<input>``
    of ``input_type`` with its label, errors and help text; every value escaped."""
    name = escape(field.html_name)
    errors = [conditional_escape(error) for error in field.errors]
    value = field.value()
    max_length = getattr(field.field, "max_length", None)
    if errors:
        aria = f' aria-invalid="true" aria-describedby="id_{name}-error"'
    elif field.help_text:
        aria = f' aria-describedby="id_{name}-hint"'
    else:
        aria = ""
    return mark_safe(_FIELD.format(  # noqa: S308 - every value escaped above
        error_class=" field-error" if errors else "", name=name, type=escape(input_type),
        label=conditional_escape(field.label),
        errors="".join(f'<p class="error" id="id_{name}-error">{error}</p>'
                       for error in errors),
        value=conditional_escape(value) if value is not None else "",
        maxlength=f' maxlength="{int(max_length)}"' if max_length else "", aria=aria,
        hint=(f'<p class="hint" id="id_{name}-hint">{conditional_escape(field.help_text)}</p>'
              if field.help_text else "")))
