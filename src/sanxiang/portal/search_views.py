"""The public full-text search page (``/search/?q=安全生产&kind=item``).

It reads only the public index (``sanxiang.core.search``), so it needs no permission
check. Pages go by offset up to ``search.MAX_OFFSET``: a ranked list is read from the top,
and nobody needs its thousandth result.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_safe

from sanxiang.core import search, throttle

PAGE_SIZE = 20
LAST_PAGE = search.MAX_OFFSET // PAGE_SIZE

# What the kind filter offers; an app that indexes a new kind adds its label here.
KIND_LABELS = {
    "body": _("Enforcement bodies"),
    "officer": _("Enforcement officers"),
    "item": _("Enforcement items"),
    "guide": _("Service guides"),
    "decision": pgettext_lazy("search kind", "Enforcement decisions"),
}


class SearchForm(forms.Form):
    # No max_length: a longer query is cut by search(), not refused.
    q = forms.CharField(
        label=_("Search the disclosed information"), required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                      "enterkeyhint": "search",
                                      "maxlength": search.MAX_QUERY_CHARS}),
    )
    kind = forms.ChoiceField(
        label=_("Search in"), required=False,
        choices=[("", _("All disclosed information")), *KIND_LABELS.items()],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=LAST_PAGE)


@require_safe
@throttle.limited("public_search", "SANXIANG_PUBLIC_SEARCHES_PER_MINUTE")
def search_page(request):
    form = SearchForm(request.GET)
    form.is_valid()
    # Each field on its own: a bad page number or kind falls back, the query still runs.
    query = form.cleaned_data.get("q", "").strip()[:search.MAX_QUERY_CHARS]
    kind = form.cleaned_data.get("kind", "")
    number = form.cleaned_data.get("page") or 1
    hits, has_next = [], False
    if query:
        # One more than a page tells whether there is a next one, without counting them all.
        hits = search.search(query, kinds=[kind] if kind else None, limit=PAGE_SIZE + 1,
                             offset=(number - 1) * PAGE_SIZE)
        has_next = len(hits) > PAGE_SIZE and number < LAST_PAGE
        hits = hits[:PAGE_SIZE]
    params = {"q": query, **({"kind": kind} if kind else {})}
    return render(request, "portal/search.html", {
        "form": form,
        "query": query,
        "hits": [(hit, KIND_LABELS.get(hit.kind, "")) for hit in hits],
        "page_number": number,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if has_next else None,
        "params": params,
    })
