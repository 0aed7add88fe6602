"""The public search over published decisions (R-PUB-04): indexed filters, keyset pages.

Decisions are found by indexed columns, not through ``core.search``: the public looks a
decision up by who it concerns (party name from its beginning, 统一社会信用代码, document
number), and each of those is one index search at province scale (millions of rows),
where a full-text hit list would rank and page far more work for the same answer.

Pages are keyset pages in the order the index keeps (``published_on`` desc, ``id``
desc): ``?after=<published_on>.<id>`` names the last row shown, so the hundredth page
costs what the first does, and a page never shifts while new decisions are published.

A party-name prefix search is ordered by the name (then newest first), so that one index,
``(state, party_name, published_on DESC, id DESC)`` (the name in binary order, "C" on
PostgreSQL; migration 0003), answers both the prefix and the order: a page reads its 21
rows from the index however many names share the prefix. Its cursor is the last row's id
(``?after=<id>``). The bodies of those rows are read by a second query on their primary
keys, not joined: PostgreSQL cannot estimate a range of Chinese text (it takes a prefix
shared by hundreds of names for one row), and with a join in the query it then hashed every
match and sorted them all — 285 buffers and 0.8 ms instead of 24 buffers and 0.1 ms.

``filtered`` is the search as the ORM writes it; ``disclosure.public_rows`` reads the
portal's pages and the CSV download with the same statements written out, and the tests
compare the two (docs/adr/0040-decision-search-miss-cost.md).
"""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxiang.core.lookups import starts_with
from sanxiang.disclosure.models import Disclosure
from sanxiang.org.models import Body

PAGE_SIZE = 20
_CURSOR = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,18})")
ID_CURSOR = re.compile(r"\d{1,18}")
MAX_CHAR = 0x10FFFF
# 18 characters of digits and capital letters other than I, O, S, V, Z (GB 32100).
CREDIT_CODE = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}")


class DecisionSearchForm(forms.Form):
    party = forms.CharField(label=pgettext_lazy("decision search", "Party name"),
                            max_length=200, required=False,
                            help_text=_("The beginning of the name is enough."))
    code = forms.CharField(label=pgettext_lazy("decision search",
                                               "Unified social credit code"),
                           max_length=18, required=False)
    number = forms.CharField(label=pgettext_lazy("decision search", "Document number"),
                             max_length=60, required=False,
                             help_text=_("The full number, as printed on the decision."))
    body = forms.CharField(label=pgettext_lazy("decision search",
                                               "Credit code of the deciding body"),
                           max_length=18, required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("decision search", "Category"), required=False,
        choices=[("", pgettext_lazy("decision search", "All categories")),
                 *Disclosure.Category.choices])
    decided_from = forms.DateField(label=pgettext_lazy("decision search", "Decided from"),
                                   required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    decided_to = forms.DateField(label=pgettext_lazy("decision search", "Decided until"),
                                 required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if code and not CREDIT_CODE.fullmatch(code):
            raise forms.ValidationError(
                _("A unified social credit code has 18 characters (digits and capital "
                  "letters)."))
        return code

    def clean_body(self):
        return self.cleaned_data["body"].strip().upper()

    def clean_party(self):
        return self.cleaned_data["party"].strip()

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("decided_from"), data.get("decided_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


@dataclass(frozen=True)
class Page:
    rows: list
    next_cursor: str | None


def cursor_of(disclosure: Disclosure) -> str:
    return f"{disclosure.published_on.isoformat()}.{disclosure.pk}"


def parse_cursor(text: str | None) -> tuple[date, int] | None:
    match = _CURSOR.fullmatch(text or "")
    if not match:
        return None
    try:
        return date.fromisoformat(match[1]), int(match[2])
    except ValueError:
        return None


def party_key():
    """``party_name`` in binary (code point) order: the expression migration 0003 indexes."""
    if connection.vendor == "postgresql":
        return Collate("party_name", "C")
    return F("party_name")  # SQLite compares text in binary order already


def _party_prefix(rows, prefix: str):
    """Names starting with ``prefix``, as a range of the binary-ordered index."""
    rows = rows.annotate(party_key=party_key())
    if ord(prefix[-1]) >= MAX_CHAR:
        return rows.filter(starts_with("party_name", prefix))
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return rows.filter(party_key__gte=prefix, party_key__lt=upper)


def filtered(data: dict):
    """Published decisions matching a valid form's ``cleaned_data``."""
    rows = Disclosure.objects.filter(state=Disclosure.State.PUBLISHED)
    if data.get("party"):
        rows = _party_prefix(rows, data["party"])
    if data.get("code"):
        rows = rows.filter(party_code=data["code"])
    if data.get("number"):
        rows = rows.filter(document_number=data["number"])
    if data.get("body"):
        body_id = Body.objects.filter(credit_code=data["body"]).values_list(
            "pk", flat=True).first()
        rows = rows.filter(body_id=body_id) if body_id else rows.none()
    if data.get("category"):
        rows = rows.filter(category=data["category"])
    if data.get("decided_from"):
        rows = rows.filter(decided_on__gte=data["decided_from"])
    if data.get("decided_to"):
        rows = rows.filter(decided_on__lte=data["decided_to"])
    return rows


def withdrawn_page(after: str | None, *, size: int = PAGE_SIZE) -> Page:
    """Withdrawal notices (R-PUB-06), in order of publication like the search."""
    rows = Disclosure.objects.filter(state=Disclosure.State.WITHDRAWN,
                                     published_on__isnull=False)
    cursor = parse_cursor(after)
    if cursor is not None:
        day, pk = cursor
        rows = rows.filter(Q(published_on__lt=day) | Q(published_on=day, pk__lt=pk))
    found = list(rows.select_related("body").order_by("-published_on", "-id")[:size + 1])
    more = len(found) > size
    found = found[:size]
    return Page(found, cursor_of(found[-1]) if more and found else None)
