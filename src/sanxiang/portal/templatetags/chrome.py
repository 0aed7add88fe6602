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

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
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
