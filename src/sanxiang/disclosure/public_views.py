"""Public pages of published decisions (R-PUB-04 … R-PUB-06): no login.

Only PUBLISHED decisions can be found and read; a WITHDRAWN one shows its withdrawal
notice (date, reason) instead of its text; everything else (pending, blocked, removed,
not published by rule) does not exist for the public (404). The pages show only the
fields of the canonical published record (``disclosure.canonical``), never
``source_text``.
"""

import csv
import unicodedata
from html import escape

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from sanxiang.core import throttle
from sanxiang.core.opendata import spreadsheet_text
from sanxiang.disclosure import canonical, public_pages, public_rows, search
from sanxiang.disclosure.models import Disclosure
from sanxiang.portal.templatetags.chrome import url_maker

_VISIBLE = (Disclosure.State.PUBLISHED, Disclosure.State.WITHDRAWN)
CSV_LIMIT = 5_000


def _query_string(request, drop=("after",)) -> str:
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


def _visible(pk: int, states=_VISIBLE) -> Disclosure:
    # A decision withdrawn before it went public was never public: no notice either.
    disclosure = (Disclosure.objects.select_related("body")
                  .filter(pk=pk, state__in=states, published_on__isnull=False).first())
    if disclosure is None:
        raise Http404
    return disclosure


def _search_data(request):
    """The search form and its ``cleaned_data`` (``{}`` for the latest decisions), or
    None for the data when the form is not valid."""
    form = search.DecisionSearchForm(request.GET or None)
    if not request.GET:
        return form, {}
    return form, (form.cleaned_data if form.is_valid() else None)


@require_safe
@throttle.limited("public_search", "SANXIANG_PUBLIC_SEARCHES_PER_MINUTE")
def decision_search(request):
    form, data = _search_data(request)
    by_party = bool(data and data.get("party"))
    page = (public_rows.search_page(data, request.GET.get("after"))
            if data is not None else None)
    return render(request, "disclosure/public_search.html", {
        "by_party": by_party,
        "form": form,
        "page": page,
        "results": _result_items(page.rows) if page is not None else "",
        "searched": any(request.GET.get(f) for f in form.fields),
        "first_page": not request.GET.get("after"),
        "query_string": _query_string(request),
    })


# One result of the decision search: the <li> the template's row loop wrote, as one format
# string filled with escaped values. The loop (a dozen variable lookups, filters and
# escapes per row through the template engine) was 60 % of the page's rendering
# (docs/adr/0040-decision-search-miss-cost.md). Labels are translated once per page.
_RESULT = """<li class="result">
    <h3 class="result-title"><a href="{link}">{party} — {heading}</a></h3>
    <dl class="facts facts-compact">
      <dt>{label_body}</dt><dd>{body}</dd>
      <dt>{label_category}</dt><dd>{category}</dd>
      {code}
      <dt>{label_decided}</dt><dd><time datetime="{decided_iso}">{decided_text}</time></dd>
      <dt>{label_conclusion}</dt><dd>{conclusion}</dd>
    </dl>
  </li>"""
_CODE = '<dt>{label}</dt><dd class="code">{code}</dd>'


def _truncated(text: str, length: int) -> str:
    """``truncatechars``: the text in NFC, cut to ``length`` characters with an ellipsis.
    A text no longer than that is returned as it is, without ``Truncator``'s walk over
    each character and its translated ellipsis (a tenth of the rows' cost); combining
    characters, which ``Truncator`` does not count, only make a text shorter to it."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else truncatechars(text, length)


def _result_items(rows) -> SafeString:
    """The HTML of the results (``public_rows.DecisionRow``), as the template wrote it.

    Every value goes through ``html.escape``, which is what the template's autoescaping
    and ``django.utils.html.escape`` apply to a plain string; ``format_html`` did the same
    at twice the cost, through its lazy-string wrappers."""
    link = url_maker("decisions:decision")
    categories = {value: escape(str(label)) for value, label in Disclosure.Category.choices}
    labels = {"label_body": escape(_("Deciding body")),
              "label_category": escape(pgettext("decision page", "Category")),
              "label_decided": escape(_("Decided on")),
              "label_conclusion": escape(pgettext("decision page", "Conclusion"))}
    label_code = escape(_("Party credit code"))
    return mark_safe("\n  ".join(_RESULT.format(  # noqa: S308 - every value escaped
        link=escape(link(d.pk)), party=escape(d.party_name),
        heading=escape(d.document_number or d.title), body=escape(d.body_name),
        category=categories.get(d.category) or escape(d.category),
        code=_CODE.format(label=label_code, code=escape(d.party_code)) if d.party_code else "",
        decided_iso=d.decided_on.isoformat(), decided_text=_chinese_date(d.decided_on),
        conclusion=escape(_truncated(d.conclusion, 120)), **labels) for d in rows))


@require_safe
@throttle.limited("public_search", "SANXIANG_PUBLIC_SEARCHES_PER_MINUTE")
def decision_search_csv(request):
    """The results as CSV (UTF-8 with BOM, for spreadsheet programs), at most CSV_LIMIT rows,
    newest publication first: rows read with a written-out statement, no model instance
    per row (docs/adr/0040-decision-search-miss-cost.md)."""
    _form, data = _search_data(request)
    if data is None:
        return HttpResponse(_("The search is not valid."), status=400,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Deciding body"), _("Body's credit code"),
                     pgettext("decision page", "Category"), pgettext("decision page", "Party"),
                     _("Party credit code"), _("Document number"), _("Decided on"),
                     _("Published on"), pgettext("decision page", "Conclusion")])
    categories = {value: str(label) for value, label in Disclosure.Category.choices}
    writer.writerows([spreadsheet_text(str(value)) for value in (
        d.body_name, d.body_code, categories.get(d.category, d.category), d.party_name,
        d.party_code, d.document_number, d.decided_on.isoformat(),
        d.published_on.isoformat(), d.conclusion)]
        for d in public_rows.newest(data, CSV_LIMIT))
    return response


@require_safe
def withdrawn_list(request):
    page = search.withdrawn_page(request.GET.get("after"))
    return render(request, "disclosure/public_withdrawn.html", {
        "page": page, "first_page": not request.GET.get("after"),
    })


def _read(pk: int, states=_VISIBLE):
    """``public_rows.decision``, or 404. A decision withdrawn before it went public was
    never public: no notice either. Ids beyond a 64-bit integer are no decision's."""
    found = public_rows.decision(pk, states) if pk < 2 ** 63 else None
    if found is None:
        raise Http404
    return found


@require_safe
def decision_page(request, pk):
    # One written-out statement for the decision, its body, its ledger entry and the
    # checkpoint covering it (docs/adr/0050-statistics-snapshot.md).
    disclosure, entry, checkpoint = _read(pk)
    context = {"disclosure": disclosure, "withdrawn": disclosure.state != "published"}
    if not context["withdrawn"]:
        # The decision's own part was rendered by its publication (ADR 0074); one
        # published before pages were stored is rendered here the same way.
        own = disclosure.stored_html or public_pages.render_own(disclosure)
        context.update(
            entry=entry,
            checkpoint=checkpoint,
            own_html=mark_safe(own),  # noqa: S308 - rendered by our template, values escaped
            verify_messages=verify_messages(),
        )
    return render(request, "disclosure/public_decision.html", context)


@require_safe
def decision_text(request, pk):
    """The published (masked) text as plain UTF-8, with the R-PUB-04 fields on top."""
    disclosure, _entry, _checkpoint = _read(pk, (Disclosure.State.PUBLISHED,))
    fields = [
        (_("Deciding body"), disclosure.body.name),
        (pgettext("decision page", "Party"), disclosure.party_name),
        (_("Party credit code"), disclosure.party_code),
        (pgettext("decision page", "Category"), disclosure.get_category_display()),
        (_("Document number"), disclosure.document_number),
        (_("Decided on"), _chinese_date(disclosure.decided_on)),
        (pgettext("decision page", "Conclusion"), disclosure.conclusion),
    ]
    lines = [disclosure.title] + [f"{label}：{value}" for label, value in fields if value]
    if disclosure.redactions:
        lines.append(_("Personal information has been removed from this text as the law "
                       "requires."))
    text = "\n".join(lines) + "\n\n" + disclosure.masked_text + "\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="decision-{disclosure.pk}.txt"'
    return response


def verify_messages() -> dict:
    """The texts verify.js shows, translated here: {name} marks a value it fills in."""
    return {
        "checking": _("Checking…"),
        "success": _("Verified: this is the decision as published, and the record has not "
                     "been changed."),
        "failure": _("Verification failed: the record or its proof does not match."),
        "passed": pgettext("verification", "Passed"),
        "failed": pgettext("verification", "Failed"),
        "skipped": pgettext("verification", "Not checked"),
        "record_ok": _("The published record matches its digest {digest}."),
        "record_bad": _("The published record does not match its digest: it has been changed."),
        "page_bad": _("The proof is not for the record this page shows."),
        "entry_ok": _("Ledger entry No. {seq} registers this publication, and its hash is "
                      "correct."),
        "entry_bad": _("Ledger entry No. {seq} does not match its hash or does not register "
                       "this record."),
        "proof_ok": _("The inclusion proof leads from entry No. {seq} to the root of the signed "
                      "checkpoint of {size} entries."),
        "proof_bad": _("The inclusion proof does not lead to the signed checkpoint's root."),
        "sig_ok": _("The checkpoint's {algorithm} signature is valid (key {key})."),
        "sig_bad": _("The checkpoint's {algorithm} signature is not valid: the checkpoint or "
                     "its signature has been changed, or it was not signed with the key "
                     "{key}."),
        "sig_skipped": _("This browser cannot check the checkpoint's {algorithm} signature: "
                         "download the proof and check it with “sanxiang verify”."),
        "error": _("The proof could not be loaded or read ({error})."),
    }


def _chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@require_safe
def decision_proof(request, pk):
    disclosure = _visible(pk, (Disclosure.State.PUBLISHED,))
    document = canonical.proof_document(disclosure)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    if request.GET.get("download"):
        response["Content-Disposition"] = (
            f'attachment; filename="decision-{disclosure.pk}-proof.json"')
    return response
