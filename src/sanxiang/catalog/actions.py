"""Changing the lists: every change is a new version (R-PUB-02).

``publish_version`` makes version n+1 from version n and the changes given: new rows for
what is added or changed, and the ranges of changed or removed rows closed at n+1. Closing
a range is the only update ever made to a row, and it happens here, in the same
transaction as the version's ledger event, which carries every added or changed entry's
digest and the author.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.catalog import permissions, search_index, values
from sanxiang.catalog.models import Catalogue, CatalogueVersion, EnforcementItem, entry_model
from sanxiang.catalog.queries import latest_version, relations
from sanxiang.core import digests, public_cache
from sanxiang.core.errors import RuleViolation
from sanxiang.ledger.events import EventKind

# Lists whose entries name an item of the body's enforcement item list.
ITEM_LINKED = (Catalogue.Kind.BENCHMARKS, Catalogue.Kind.LENIENCY, Catalogue.Kind.GUIDES)


@dataclass(frozen=True)
class EntryProblem:
    """A problem of one entry: ``where`` is ("add", index) or ("change", entry id)."""

    where: tuple[str, int]
    field: str
    message: str


def entry_digest(model, content: dict) -> str:
    algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    data = ledger.canonical_json(values.canonical(model, content)).encode("utf-8")
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, data))


def get_or_create_catalogue(*, body, kind: str, acting_user) -> Catalogue:
    if kind not in Catalogue.Kind.values:
        raise ValueError(f"unknown catalogue kind {kind!r}")
    permissions.require_editor(acting_user, body)
    with transaction.atomic():
        catalogue, created = Catalogue.objects.get_or_create(body=body, kind=kind)
        if created:
            ledger.append(kind=EventKind.CATALOGUE_CREATED, subject=catalogue,
                          payload={"body": body.pk, "kind": kind}, actor=acting_user)
    return catalogue


def parse_entry(model, raw: dict, *, categories=None) -> tuple[dict, list[tuple[str, str]]]:
    """Content from raw values (text or typed) and the (field, message) problems found."""
    content, problems = {}, []
    unknown = set(raw) - set(model.content_fields)
    for name in sorted(unknown):
        problems.append((name, _("%(field)s is not a field of this list.") % {"field": name}))
    for name in model.content_fields:
        try:
            content[name] = values.parse_value(model, name, raw.get(name),
                                               categories=categories)
        except values.ValueProblem as error:
            content[name] = None
            problems.append((name, str(error)))
    failed = {name for name, _m in problems}
    problems.extend((p.field, p.message) for p in values.problems_of(model, content)
                    if p.field not in failed)
    return content, problems


def item_codes(body) -> set[str] | None:
    """The codes in the body's newest item list, or None if it has none."""
    catalogue = Catalogue.objects.filter(body=body, kind=Catalogue.Kind.ITEMS).first()
    if catalogue is None or latest_version(catalogue) is None:
        return None
    return set(EnforcementItem.objects.filter(catalogue=catalogue, valid_to__isnull=True)
               .values_list("code", flat=True))


def publish_version(*, catalogue: Catalogue, acting_user, effective_from: date, note: str,
                    add=(), change=None, remove=(), source=None) -> CatalogueVersion:
    """Publish the next version of ``catalogue``: the newest one with ``add`` (content
    dicts), ``change`` ({entry id: fields to change}) and ``remove`` (entry ids) applied.

    Entry ids are those of rows of the newest version; ``source`` (a small dict, e.g. the
    imported file's name and digest) goes into the ledger event. Raises ``RuleViolation`` with
    ``details["problems"]`` (a list of ``EntryProblem``) when any entry is wrong.
    """
    change = dict(change or {})
    remove = list(remove)
    note = (note or "").strip()
    with transaction.atomic():
        catalogue = Catalogue.objects.select_for_update().select_related("body").get(
            pk=catalogue.pk)
        permissions.require_editor(acting_user, catalogue.body)
        previous = latest_version(catalogue)
        number = previous.number + 1 if previous else 1
        _check_version(previous, effective_from, note)
        if acting_user is not None and effective_from < timezone.localdate():
            # R-CASE-15, R-PUB-02: a list binds from its publication, never retroactively.
            # (The platform's own loaders may record a list published before the platform.)
            raise RuleViolation("R-PUB-02", _(
                "A version cannot take effect before it is published (today, %(today)s).")
                % {"today": date_format(timezone.localdate())}, field="effective_from")
        model = entry_model(catalogue.kind)
        rows = {row.pk: row for row in model.objects.filter(
            catalogue=catalogue, valid_to__isnull=True).select_related(*relations(model))}
        plan = _plan(catalogue, model, rows, add, change, remove)
        if not (plan.added or plan.changed or plan.removed):
            raise RuleViolation("R-PUB-02", _("Nothing would change: a new version needs at "
                                              "least one entry added, changed or removed."))
        version = CatalogueVersion.objects.create(
            catalogue=catalogue, number=number, effective_from=effective_from, note=note,
            author=acting_user, author_name=_author_name(acting_user),
            entry_count=len(rows) - len(plan.removed) + len(plan.added),
            added=len(plan.added), changed=len(plan.changed), removed=len(plan.removed),
        )
        closed = [row.pk for row, _content in plan.changed] + [r.pk for r in plan.removed]
        if closed:
            model.objects.filter(pk__in=closed, valid_to__isnull=True).update(valid_to=number)
        next_lineage = (model.objects.filter(catalogue=catalogue).aggregate(m=Max("lineage"))
                        ["m"] or 0) + 1
        next_position = max((row.position for row in rows.values()), default=0) + 1
        new_rows = []
        for row, content in plan.changed:
            new_rows.append(_row(model, catalogue, number, row.lineage, row.position, content))
        for content in plan.added:
            new_rows.append(_row(model, catalogue, number, next_lineage, next_position,
                                 content))
            next_lineage += 1
            next_position += 1
        model.objects.bulk_create(new_rows, batch_size=1000)
        public_cache.bump(public_cache.CATALOGUE)  # bulk writes send no signal
        ledger.append(
            kind=EventKind.CATALOGUE_VERSION_PUBLISHED, subject=version,
            payload={
                "body": catalogue.body_id, "catalogue": catalogue.pk, "kind": catalogue.kind,
                "version": number, "effective_from": effective_from.isoformat(),
                "note": note, "author": version.author_name,
                "entries": version.entry_count,
                "added": [[r.lineage, r.digest] for r in new_rows[len(plan.changed):]],
                "changed": [[r.lineage, r.digest] for r in new_rows[:len(plan.changed)]],
                "removed": [row.lineage for row in plan.removed],
            } | ({"source": source} if source else {}),
            actor=acting_user,
        )
        search_index.schedule_catalogue(catalogue)
    return version


def _author_name(user) -> str:
    # The public history shows the name, not the account: the ledger keeps the account.
    if user is None:
        return ledger.actor_display(None)[:150]
    return (user.get_full_name() or user.get_username())[:150]


def _check_version(previous, effective_from, note) -> None:
    if not isinstance(effective_from, date):
        raise RuleViolation("R-PUB-02", _("Please give the date the version takes effect."))
    if previous is not None and effective_from < previous.effective_from:
        raise RuleViolation("R-PUB-02", _(
            "The new version cannot take effect before the previous one (version %(number)d, "
            "effective %(date)s).") % {"number": previous.number,
                                       "date": date_format(previous.effective_from)})
    if not note:
        raise RuleViolation("R-PUB-02", _("Please say what this version changes."))


@dataclass
class _Plan:
    added: list
    changed: list
    removed: list


def _plan(catalogue, model, rows: dict, add, change: dict, remove: list) -> _Plan:
    problems: list[EntryProblem] = []
    categories = values.fields_lookup() if "field" in model.content_fields else None
    removed = []
    for entry_id in remove:
        if entry_id not in rows:
            problems.append(EntryProblem(("remove", entry_id), "", _(
                "Entry %(id)s is not in the newest version.") % {"id": entry_id}))
        else:
            removed.append(rows[entry_id])
    changed = []
    for entry_id, fields in change.items():
        row = rows.get(entry_id)
        if row is None or entry_id in remove:
            problems.append(EntryProblem(("change", entry_id), "", _(
                "Entry %(id)s is not in the newest version.") % {"id": entry_id}))
            continue
        raw = values.content_of(row) | dict(fields)
        content, found = parse_entry(model, raw, categories=categories)
        problems.extend(EntryProblem(("change", entry_id), f, m) for f, m in found)
        if not found and entry_digest(model, content) != row.digest:
            changed.append((row, content))
    added = []
    for index, raw in enumerate(add):
        content, found = parse_entry(model, dict(raw), categories=categories)
        problems.extend(EntryProblem(("add", index), f, m) for f, m in found)
        added.append(content)
    if not problems:
        problems.extend(_duplicates(model, rows, removed, changed, added))
        problems.extend(_unknown_items(catalogue, changed, added))
    if problems:
        raise RuleViolation("R-PUB-01", "；".join(p.message for p in problems[:5]),
                            problems=problems)
    return _Plan(added=added, changed=changed, removed=removed)


def natural_key_of(model, content: dict) -> tuple:
    return tuple(values.canonical(model, content)[name] for name in model.natural_key)


def _duplicates(model, rows, removed, changed, added) -> list[EntryProblem]:
    gone = {row.pk for row in removed} | {row.pk for row, _c in changed}
    keys = {natural_key_of(model, values.content_of(row)): ("kept", pk)
            for pk, row in rows.items() if pk not in gone}
    problems = []
    labels = "、".join(values.label(model, name) for name in model.natural_key)
    candidates = [(("change", row.pk), content) for row, content in changed]
    candidates += [(("add", index), content) for index, content in enumerate(added)]
    for where, content in candidates:
        key = natural_key_of(model, content)
        if key in keys:
            problems.append(EntryProblem(where, model.natural_key[0], _(
                "Another entry of the list has the same %(fields)s: %(value)s.")
                % {"fields": labels, "value": " ".join(str(k) for k in key if k)}))
        else:
            keys[key] = where
    return problems


def _unknown_items(catalogue, changed, added) -> list[EntryProblem]:
    if catalogue.kind not in ITEM_LINKED:
        return []
    codes = item_codes(catalogue.body)
    problems = []
    candidates = [(("change", row.pk), content) for row, content in changed]
    candidates += [(("add", index), content) for index, content in enumerate(added)]
    for where, content in candidates:
        code = content.get("item_code")
        if codes is None or code not in codes:
            problems.append(EntryProblem(where, "item_code", _(
                "The enforcement item list of %(body)s has no item with the code %(code)s.")
                % {"body": catalogue.body.name, "code": code}))
    return problems


def _row(model, catalogue, number, lineage, position, content):
    return model(catalogue=catalogue, lineage=lineage, valid_from=number, position=position,
                 digest=entry_digest(model, content),
                 search_text=values.search_text(model, content), **content)
