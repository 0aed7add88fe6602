"""Reading the lists: which version is in force, what a version holds, what changed.

All of these are indexed: versions by (catalogue, effective_from, number), entries by
(catalogue, valid_from, valid_to).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from sanxiang.catalog.models import Catalogue, CatalogueVersion, entry_model

DIFF_NAMES_SHOWN = 20


def relations(model) -> tuple[str, ...]:
    """What to join so that showing an entry costs no further query."""
    return ("field",) if "field" in model.content_fields else ()


def current_version(catalogue: Catalogue, on: date | None = None) -> CatalogueVersion | None:
    """The version in force on ``on`` (today by default): the latest already effective."""
    on = on or timezone.localdate()
    return _of(catalogue, CatalogueVersion.objects.filter(catalogue=catalogue,
                                                          effective_from__lte=on)
               .order_by("-number").first())


def latest_version(catalogue: Catalogue) -> CatalogueVersion | None:
    """The newest version, even if it takes effect only later."""
    return _of(catalogue, CatalogueVersion.objects.filter(catalogue=catalogue)
               .order_by("-number").first())


def _of(catalogue: Catalogue, version: CatalogueVersion | None) -> CatalogueVersion | None:
    """``version`` knowing its catalogue (the caller's), so that ``entries_of`` and the
    callers reading ``version.catalogue`` do not query it again."""
    if version is not None:
        version.catalogue = catalogue
    return version


def in_version(queryset, number: int):
    return queryset.filter(valid_from__lte=number).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=number))


def entries_of(version: CatalogueVersion):
    """The entries of ``version``, in list order."""
    model = entry_model(version.catalogue.kind)
    rows = model.objects.filter(catalogue_id=version.catalogue_id).select_related(
        *relations(model))
    return in_version(rows, version.number).order_by("position", "lineage")


def current_entries(kind: str, on: date | None = None):
    """The entries in force on ``on`` of every body's list of ``kind`` (across bodies)."""
    on = on or timezone.localdate()
    model = entry_model(kind)
    in_force = (CatalogueVersion.objects.filter(catalogue_id=OuterRef("catalogue_id"),
                                                effective_from__lte=on)
                .order_by("-number").values("number")[:1])
    return (model.objects.filter(catalogue__kind=kind).select_related(*relations(model))
            .annotate(in_force=Subquery(in_force))
            .filter(valid_from__lte=Subquery(in_force))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=Subquery(in_force))))


@dataclass
class VersionDiff:
    version: CatalogueVersion
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def diff(version: CatalogueVersion, limit: int = DIFF_NAMES_SHOWN) -> VersionDiff:
    """What ``version`` changed against the one before, naming up to ``limit`` entries each.

    The counts are stored on the version; the names come from the rows that start or end
    at this version (at most three indexed queries, one per kind of change made).
    """
    model = entry_model(version.catalogue.kind)
    rows = model.objects.filter(catalogue_id=version.catalogue_id)
    started = rows.filter(valid_from=version.number)
    ended = rows.filter(valid_to=version.number)
    order = ("position", "lineage")

    def names(queryset, count):
        # The version knows its counts: a kind of change it did not make costs no query.
        if not count:
            return []
        return [str(row) for row in queryset.order_by(*order)[:limit]]

    return VersionDiff(
        version,
        added=names(started.exclude(lineage__in=ended.values("lineage")), version.added),
        changed=names(started.filter(lineage__in=ended.values("lineage")), version.changed),
        removed=names(ended.exclude(lineage__in=started.values("lineage")), version.removed),
    )


def history(catalogue: Catalogue, limit: int = DIFF_NAMES_SHOWN) -> list[VersionDiff]:
    """Every version of ``catalogue``, newest first, with what each one changed."""
    versions = CatalogueVersion.objects.filter(catalogue=catalogue).select_related(
        "catalogue").order_by("-number")
    return [diff(version, limit) for version in versions]
