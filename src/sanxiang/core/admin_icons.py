"""The admin's yes/no/unknown icons say 是/否/未知 to a screen reader.

Django draws a boolean column (a ``BooleanField`` in ``list_display``, a display with
``boolean=True``, a read-only boolean on a change page) with
``admin_list._boolean_icon``, whose ``alt`` is the Python value: "True", "False",
"None" — English, and read aloud. It is Python, not a template, and its text is not a
translatable string, so neither a template override nor a translation reaches it. Every
caller imports it from ``admin_list`` when it runs (``admin.utils``, ``admin.helpers``),
so replacing that one function at start-up changes every icon of the admin.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

ICONS = {
    True: ("yes", pgettext_lazy("boolean icon", "yes")),
    False: ("no", pgettext_lazy("boolean icon", "no")),
    None: ("unknown", pgettext_lazy("boolean icon", "unknown")),
}


def boolean_icon(field_val):
    name, alt = ICONS[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), alt)


def install() -> None:
    admin_list._boolean_icon = boolean_icon
