"""Public list pages (R-PUB-01, R-PUB-02) and the clerks' page to publish new versions.

Public pages show the version in force and the history, never bookkeeping fields (digests,
search text, account ids). Every list page is one paginated, indexed query.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from sanxiang.catalog import actions, permissions, queries, spreadsheets, values
from sanxiang.catalog.forms import ImportForm
from sanxiang.catalog.models import Catalogue, CatalogueVersion, entry_model
from sanxiang.core.errors import RuleViolation
from sanxiang.core.parsing import parse_id, parse_int
from sanxiang.org.models import Body
from sanxiang.org.permissions import is_global_admin
from sanxiang.portal.templatetags.chrome import url_maker

PAGE_SIZE = 20
# Each version on the history page costs up to three queries (``queries.diff``).
HISTORY_PAGE_SIZE = 10
KINDS = list(Catalogue.Kind)


def _page(request, items, size=PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _kind(kind: str) -> Catalogue.Kind:
    if kind not in Catalogue.Kind.values:
        raise Http404
    return Catalogue.Kind(kind)


def _with_rows(entries, catalogue=None):
    """Attach the (label, text) pairs a page shows: content fields only, never bookkeeping;
    and the entry's page (``page_url``, not ``url``: a 监督渠道 has a web address of its
    own), one reverse per catalogue, not per entry."""
    labels = {}
    for entry in entries:
        if catalogue is not None:
            entry.catalogue = catalogue
        entry.page_url = url_maker("catalog:entry", entry.catalogue.kind,
                                   entry.catalogue.body.credit_code)(entry.pk)
        model = type(entry)
        if model not in labels:  # translated once per page, not once per entry
            labels[model] = {name: values.display_label(model, name)
                             for name in entry.content_fields}
        entry.rows = [(labels[model][name], values.display_value(entry, name, model))
                      for name in entry.content_fields]
        entry.rows = [(label, text) for label, text in entry.rows if text]
    return entries


def _catalogue(credit_code: str, kind: str) -> Catalogue:
    return get_object_or_404(Catalogue.objects.select_related("body"),
                             body__credit_code=credit_code, kind=_kind(kind))


# --------------------------------------------------------------------------------------
# Public pages


@require_safe
def index(request):
    return render(request, "catalog/index.html", {"kinds": KINDS})


@require_safe
def kind_list(request, kind):
    """One kind of list across bodies: every body's entries in force today."""
    kind = _kind(kind)
    entries = (queries.current_entries(kind).select_related("catalogue__body")
               .order_by("catalogue__body__region_code", "catalogue__body__name",
                         "catalogue_id", "position", "lineage"))
    page_obj = _page(request, entries)
    _with_rows(page_obj.object_list)
    return render(request, "catalog/kind_list.html", {
        "kind": kind, "page_obj": page_obj, "query_string": _query_string(request),
    })


@require_safe
def body_catalogues(request, credit_code):
    body = get_object_or_404(Body.objects.only("name", "credit_code"), credit_code=credit_code)
    return render(request, "catalog/body.html", {"body": body, "lists": _lists_of(body)})


def _lists_of(body) -> list[dict]:
    """Each kind of list of ``body`` with the version in force and the newest version."""
    today = timezone.localdate()
    catalogues = {c.kind: c for c in Catalogue.objects.filter(body=body)}
    versions: dict[int, list[CatalogueVersion]] = {}
    for version in CatalogueVersion.objects.filter(catalogue__body=body).order_by("-number"):
        versions.setdefault(version.catalogue_id, []).append(version)
    lists = []
    for kind in KINDS:
        catalogue = catalogues.get(kind)
        found = versions.get(catalogue.pk, []) if catalogue else []
        current = next((v for v in found if v.effective_from <= today), None)
        lists.append({"kind": kind, "catalogue": catalogue, "current": current,
                      "latest": found[0] if found else None})
    return lists


def _version_page(request, catalogue, version, *, as_of: bool, current=None):
    entries = queries.entries_of(version) if version is not None else None
    page_obj = _page(request, entries) if entries is not None else None
    if page_obj is not None:
        _with_rows(page_obj.object_list, catalogue)
    if current is None:
        current = queries.current_version(catalogue)
    return render(request, "catalog/catalogue.html", {
        "catalogue": catalogue, "body": catalogue.body, "version": version,
        "current": current, "as_of": as_of, "page_obj": page_obj,
        "query_string": _query_string(request),
    })


@require_safe
def catalogue_detail(request, credit_code, kind):
    catalogue = _catalogue(credit_code, kind)
    current = queries.current_version(catalogue)
    return _version_page(request, catalogue, current, as_of=False, current=current)


@require_safe
def version_detail(request, credit_code, kind, number):
    catalogue = _catalogue(credit_code, kind)
    version = get_object_or_404(CatalogueVersion, catalogue=catalogue, number=number)
    version.catalogue = catalogue
    return _version_page(request, catalogue, version, as_of=True)


@require_safe
def history(request, credit_code, kind):
    catalogue = _catalogue(credit_code, kind)
    page_obj = _page(request, CatalogueVersion.objects.filter(catalogue=catalogue)
                     .order_by("-number"), size=HISTORY_PAGE_SIZE)
    diffs = []
    for version in page_obj.object_list:
        version.catalogue = catalogue
        diffs.append(queries.diff(version))
    return render(request, "catalog/history.html", {
        "catalogue": catalogue, "body": catalogue.body, "diffs": diffs, "page_obj": page_obj,
        "current": queries.current_version(catalogue), "query_string": _query_string(request),
    })


@require_safe
def entry_detail(request, credit_code, kind, pk):
    catalogue = _catalogue(credit_code, kind)
    model = entry_model(catalogue.kind)
    entry = get_object_or_404(model.objects.filter(catalogue=catalogue), pk=pk)
    _with_rows([entry], catalogue)
    return render(request, "catalog/entry.html", {
        "catalogue": catalogue, "body": catalogue.body, "entry": entry,
        "current": queries.current_version(catalogue),
    })


EXPORTS = {"xlsx": (spreadsheets.export_xlsx, spreadsheets.XLSX),
           "csv": (spreadsheets.export_csv, spreadsheets.CSV)}


@require_safe
def export(request, credit_code, kind, extension):
    """The list in force (or ``?version=N``) as Excel or CSV: open data, no login."""
    catalogue = _catalogue(credit_code, kind)
    if extension not in EXPORTS:
        raise Http404
    number = request.GET.get("version", "")
    if number:
        # ASCII digits only: "²".isdigit() is true but int("²") fails (a 500 before).
        if (number := parse_int(number, minimum=1, maximum=2 ** 31 - 1)) is None:
            raise Http404
        version = get_object_or_404(CatalogueVersion, catalogue=catalogue, number=number)
    else:
        version = queries.current_version(catalogue)
    writer, content_type = EXPORTS[extension]
    response = HttpResponse(writer(catalogue, version), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, spreadsheets.file_name(catalogue, version, extension))
    return response


# --------------------------------------------------------------------------------------
# Staff pages


def _editable_body(user, pk) -> Body:
    body = get_object_or_404(Body.objects.visible_to(user), pk=pk)
    if not permissions.may_edit(user, body):
        raise Http404
    return body


@login_required
@require_safe
def manage(request):
    """The lists of the user's body (or, for a system administrator, of a chosen body)."""
    user = request.user
    if not permissions.may_edit_any(user):
        raise PermissionDenied
    body = None
    bodies = None
    if is_global_admin(user):
        chosen = request.GET.get("body", "")
        if parse_id(chosen) is not None:
            body = get_object_or_404(Body, pk=parse_id(chosen))
        else:
            bodies = _page(request, Body.objects.only("name", "region_code").order_by(
                "region_code", "name", "pk"), size=50)
    else:
        body = user.body
    return render(request, "catalog/manage.html", {
        "body": body, "bodies": bodies, "page_obj": bodies,
        "lists": _lists_of(body) if body is not None else None,
        "query_string": _query_string(request),
    })


@login_required
@require_http_methods(["GET", "POST"])
def manage_import(request, body_pk, kind):
    body = _editable_body(request.user, body_pk)
    kind = _kind(kind)
    report = None
    error = None
    catalogue = Catalogue.objects.filter(body=body, kind=kind).first()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                catalogue = catalogue or actions.get_or_create_catalogue(
                    body=body, kind=kind, acting_user=request.user)
                report = spreadsheets.import_file(
                    catalogue, form.cleaned_data["file"], acting_user=request.user,
                    effective_from=form.cleaned_data["effective_from"],
                    note=form.cleaned_data["note"], dry_run=form.cleaned_data["dry_run"],
                    only_valid=form.cleaned_data["only_valid"])
            except RuleViolation as violation:
                error = violation.message
    else:
        form = ImportForm(initial={"effective_from": timezone.localdate(), "dry_run": True})
    return render(request, "catalog/import.html", {
        "body": body, "kind": kind, "catalogue": catalogue, "form": form, "report": report,
        "error": error,
        "latest": queries.latest_version(catalogue) if catalogue is not None else None,
    })
