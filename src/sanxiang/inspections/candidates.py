"""The ordered candidate lists of a task (R-INS-02), fixed before the draw (R-INS-03).

Objects: the active directory, narrowed by the task's filter (定向), minus

- objects drawn within the rulebook's ``ins.repeat_months`` for one of the task's items,
  unless every such item is a 重点 item or the object is credit class D;
- objects already drawn ``ins.yearly_cap`` times this year, by any body's task;
- objects that fewer than ``per_object`` candidate inspectors may inspect (回避).

They are grouped into strata (one per credit class when the task sets class ratios, else
one) and ordered by directory code. Inspectors: the directory's available inspectors of the
task's bodies whose items cover the task's, qualified for its category on the day (R-ORG-03:
certificate valid, annual inspection passed), keyed by the certificate number valid that
day and ordered by it. Conflicts (回避) between the two lists are published as pairs, never
with their reasons. All of it is a handful of indexed queries whatever the directory's size.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from sanxiang.core import rulebook
from sanxiang.disclosure.periods import add_months
from sanxiang.inspections import drawing
from sanxiang.inspections.models import Assignment, Conflict, Inspector, Target, Task
from sanxiang.org.models import Officer
from sanxiang.org.qualification import check_qualifications

ALL = "ALL"
UNRATED = "-"  # objects with no credit class, in a task with class ratios


def stratum_label(key: str) -> str:
    """What a reader of a draw sees for a stratum: its keys are the draw file's, not words."""
    if key == ALL:
        return _("not stratified")
    if key == UNRATED:
        return _("no credit-risk class")
    return Target.CreditClass(key).label if key in Target.CreditClass.values else key


def filtered_targets(task: Task):
    rows = Target.objects.filter(active=True)
    if task.filter_kind != Task.FilterKind.DIRECTED:
        return rows
    f = task.filters or {}
    if f.get("kinds"):
        rows = rows.filter(kind__in=f["kinds"])
    if f.get("types"):
        rows = rows.filter(entity_type__in=f["types"])
    if f.get("industries"):
        rows = rows.filter(industry__in=f["industries"])
    if f.get("sizes"):
        rows = rows.filter(size__in=f["sizes"])
    if f.get("classes"):
        rows = rows.filter(credit_class__in=f["classes"])
    if f.get("regions"):
        region = Q()
        for prefix in f["regions"]:
            region |= Q(region_code__startswith=prefix)
        rows = rows.filter(region)
    return rows


def recently_inspected(task: Task, on: date):
    """Objects drawn within the repeat period for one of the task's non-key items."""
    months = int(rulebook.get("ins.repeat_months", body=task.body, on=on))
    codes = list(task.items.filter(key_item=False).values_list("code", flat=True))
    return Assignment.objects.filter(
        current=True, drawn_on__gt=add_months(on, -months),
        draw__task__items__code__in=codes)


def excluded_querysets(task: Task, on: date) -> tuple:
    recent = recently_inspected(task, on).filter(target=OuterRef("pk"))
    cap = int(rulebook.get("ins.yearly_cap", body=task.body, on=on))
    year_counts = (Assignment.objects.filter(current=True, drawn_on__year=on.year)
                   .values("target").annotate(n=Count("id")).filter(n__gte=cap)
                   .values("target"))
    return recent, year_counts


def qualified(task: Task, officers, on: date) -> list:
    """R-ORG-03 on ``on``: for the task's category; a joint body's officers for their own
    category within the task (each body inspects for its own items, R-INS-05)."""
    lead = [o for o in officers if o.body_id == task.body_id]
    results = check_qualifications(lead, category_code=task.field.code, on=on) if lead else []
    by_field: dict[str, list] = {}
    for officer in officers:
        if officer.body_id != task.body_id:
            for field in officer.fields.all():
                by_field.setdefault(field.code, []).append(officer)
    seen = set()
    for code, group in sorted(by_field.items()):
        for result in check_qualifications(group, category_code=code, on=on):
            if result.ok and result.officer.pk not in seen:
                seen.add(result.officer.pk)
                results.append(result)
    return [r for r in results if r.ok]


def inspector_candidates(task: Task, on: date) -> list[tuple[str, int]]:
    """(certificate number valid on ``on``, officer id) of the qualified inspectors, ordered."""
    bodies = [task.body_id, *task.partners.values_list("pk", flat=True)]
    codes_by_body: dict[int, set] = {}
    for item in task.items.all():
        codes_by_body.setdefault(item.body_id, set()).add(item.code)
    rows = [i for i in Inspector.objects.filter(status=Inspector.Status.ACTIVE,
                                                officer__body_id__in=bodies)
            .select_related("officer").prefetch_related("officer__fields")
            if not i.item_codes
            or codes_by_body.get(i.officer.body_id, set()) <= set(i.item_codes)]
    out = []
    for result in qualified(task, [i.officer for i in rows], on):
        valid = [c for c in result.officer.certificates.all()
                 if c.issued_on <= on <= c.expires_on
                 and (c.cancelled_on is None or c.cancelled_on > on)]
        out.append((max(valid, key=lambda c: c.issued_on).number, result.officer.pk))
    return sorted(out)


def take_for(count: int, ratio: Decimal) -> int:
    return math.ceil(Decimal(count) * Decimal(ratio) / 100)


def build(task: Task, on: date) -> tuple[dict, dict]:
    """(the lists as published, what was excluded and why — counts only)."""
    recent, capped = excluded_querysets(task, on)
    rows = filtered_targets(task)
    total = rows.count()
    rows = rows.annotate(recent=Exists(recent)).exclude(pk__in=capped)
    # 重点 items and D-class objects may be inspected again within the period.
    rows = rows.exclude(Q(recent=True) & ~Q(credit_class=Target.CreditClass.D))
    objects = list(rows.order_by("code").values_list("code", "credit_class", "pk"))
    after_rules = len(objects)
    inspectors = inspector_candidates(task, on)
    by_officer = {officer: number for number, officer in inspectors}
    target_ids = {pk: code for code, _cls, pk in objects}
    conflicts = sorted({
        (target_ids[t], by_officer[o])
        for t, o in Conflict.objects.filter(officer_id__in=list(by_officer))
        .values_list("target_id", "officer_id") if t in target_ids})
    blocked = Counter(code for code, _number in conflicts)
    per_object = task.per_object
    available = len(inspectors)
    objects = [o for o in objects if available - blocked[o[0]] >= per_object]
    strata = _strata(task, objects)
    lists = {
        "format": drawing.FORMAT,
        "algorithm": "sm3",
        "task": {"number": task.number, "title": task.title, "body": task.body.name,
                 "partners": list(task.partners.order_by("name").values_list("name",
                                                                              flat=True)),
                 "items": list(task.items.order_by("code").values_list("code", flat=True)),
                 "period": [task.starts_on.isoformat(), task.ends_on.isoformat()]},
        "fixed_on": on.isoformat(),
        "seed_source": task.seed_source,
        "per_object": per_object,
        "strata": strata,
        "inspectors": [number for number, _officer in inspectors],
        "conflicts": [list(pair) for pair in conflicts],
    }
    if task.each_body:
        # R-INS-05: every body of the joint task has an inspector on each object.
        body_of = dict(Officer.objects.filter(pk__in=[o for _n, o in inspectors])
                       .values_list("pk", "body__name"))
        lists["each_group"] = True
        lists["groups"] = {number: body_of[officer] for number, officer in inspectors}
    excluded = {"directory": total, "recent_or_capped": total - after_rules,
                "too_few_inspectors": after_rules - len(objects)}
    return lists, excluded


def _strata(task: Task, objects) -> list[dict]:
    if not task.class_ratios:
        codes = [code for code, _cls, _pk in objects]
        return [{"key": ALL, "ratio": str(task.ratio), "take": take_for(len(codes), task.ratio),
                 "objects": codes}]
    strata = []
    for key in (*Target.CreditClass.values, UNRATED):
        codes = [code for code, cls, _pk in objects if (cls or UNRATED) == key]
        ratio = Decimal(task.class_ratios.get(key, task.ratio))
        strata.append({"key": key, "ratio": str(ratio), "take": take_for(len(codes), ratio),
                       "objects": codes})
    return strata
