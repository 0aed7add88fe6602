"""Actions on random inspections: the only way the directories, tasks, draws and results
change (R-INS-01 … R-INS-06, R-PUB-10).

Each action checks the user's rights and every rule, writes, and appends its ledger event
in one transaction. Broken rules raise ``RuleViolation`` with the rule's ID and a Chinese
message.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.calendar import workdays
from sanxiang.cases import actions as case_actions
from sanxiang.cases import numbering
from sanxiang.catalog import legal
from sanxiang.catalog.models import Catalogue, InspectionItem
from sanxiang.catalog.queries import current_version, in_version
from sanxiang.core import public_cache, rulebook
from sanxiang.core.errors import RuleViolation
from sanxiang.inspections import candidates, drawing, permissions, targets
from sanxiang.inspections.models import (
    Assignment,
    AssignmentOfficer,
    Conflict,
    Draw,
    Inspector,
    Plan,
    Result,
    ScanReport,
    Target,
    Task,
    TaskItem,
)
from sanxiang.ledger.events import EventKind
from sanxiang.org.models import Body, Certificate, EnforcementField, Officer
from sanxiang.org.validation import region_code_problem

# --------------------------------------------------------------------------------------
# The directories (R-INS-01)


def _raise_problems(problems, code="R-INS-01") -> None:
    if problems:
        field, _message = problems[0]
        raise RuleViolation(code, "；".join(m for _f, m in problems), field=field,
                            problems=problems)


def _next_serial() -> int:
    last = Target.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_target(*, acting_user, **raw) -> Target:
    """Add one object to the directory; the credit code is checked (GB 32100)."""
    permissions.require_directory_manager(acting_user)
    data, problems = targets.clean(raw)
    _raise_problems(problems)
    code = targets.code_for(data, _next_serial())
    if Target.objects.filter(code=code).exists():
        raise RuleViolation("R-INS-01", _("The directory already holds %(code)s.")
                            % {"code": code}, field="credit_code")
    target = Target.objects.create(code=code, **data)
    ledger.append(kind=EventKind.INSPECTION_TARGET_ADDED, subject=target, actor=acting_user,
                  payload={"code": code, "name": target.name, "kind": target.kind,
                           "region": target.region_code,
                           "credit_class": target.credit_class})
    return target


@transaction.atomic
def import_targets(*, acting_user, rows: list[dict], file_digest: str) -> list[Target]:
    """Add checked rows (``imports.read_targets``) in bulk, with one ledger event."""
    permissions.require_directory_manager(acting_user)
    serial = _next_serial()
    made = []
    for offset, data in enumerate(rows):
        made.append(Target(code=targets.code_for(data, serial + offset), **data))
    try:
        with transaction.atomic():
            created = Target.objects.bulk_create(made, batch_size=2000)
    except IntegrityError as error:
        raise RuleViolation("R-INS-01", _("Another import added some of these objects at "
                                          "the same time; import the file again.")) from error
    public_cache.bump(public_cache.INSPECTIONS)  # bulk writes send no signal
    codes = [t.code for t in made]
    ledger.append(kind=EventKind.INSPECTION_TARGETS_IMPORTED, subject=("inspections.target",
                                                                       "import"),
                  actor=acting_user,
                  payload={"count": len(created), "file": file_digest,
                           "codes": drawing.digest("sm3", codes)})
    return created


@transaction.atomic
def declare_conflict(*, acting_user, target: Target, officer: Officer, reason: str,
                     declared_on: date, note: str = "") -> Conflict:
    """回避 between an officer and an object: the officer is never drawn for it (R-INS-02)."""
    permissions.require_directory_manager(acting_user)
    if reason not in Conflict.Reason.values:
        raise RuleViolation("R-INS-02", _("Choose the reason for the conflict of interest."),
                            field="reason")
    if declared_on > timezone.localdate():
        raise RuleViolation("R-CASE-15", _("The date cannot be in the future."),
                            field="declared_on")
    conflict = Conflict.objects.create(target=target, officer=officer, reason=reason,
                                       note=note.strip()[:200], declared_on=declared_on)
    ledger.append(kind=EventKind.INSPECTION_CONFLICT_DECLARED, subject=conflict,
                  actor=acting_user,
                  payload={"target": target.code, "officer": officer.pk, "reason": reason,
                           "declared_on": declared_on.isoformat()})
    return conflict


@transaction.atomic
def enroll_inspector(*, acting_user, officer: Officer, item_codes=(), region_code: str = "",
                     status: str = Inspector.Status.ACTIVE) -> Inspector:
    """Put an officer in the directory of inspectors, or change the entry (R-INS-01)."""
    permissions.require_task_manager(acting_user, officer.body)
    if officer.status != Officer.Status.ACTIVE:
        raise RuleViolation("R-INS-01", _("%(name)s is no longer in service.")
                            % {"name": officer.name})
    if status not in Inspector.Status.values:
        raise RuleViolation("R-INS-01", _("Choose the status."), field="status")
    if region_code:
        problem = region_code_problem(region_code, "region_code", "R-INS-01")
        if problem:
            raise RuleViolation("R-INS-01", problem.message, field="region_code")
    codes = sorted({c.strip() for c in item_codes if c.strip()})
    unknown = set(codes) - _item_codes({officer.body})
    if unknown:
        raise RuleViolation("R-INS-01", _("The random-inspection list of %(body)s has no item "
                                          "%(codes)s.") % {"body": officer.body.name,
                                                           "codes": "、".join(sorted(unknown))},
                            field="item_codes")
    inspector, _created = Inspector.objects.update_or_create(
        officer=officer, defaults={"item_codes": codes, "region_code": region_code,
                                   "status": status})
    ledger.append(kind=EventKind.INSPECTOR_ENROLLED, subject=inspector, actor=acting_user,
                  payload={"officer": officer.pk, "items": codes, "region": region_code,
                           "status": status})
    return inspector


# --------------------------------------------------------------------------------------
# Plans and tasks (R-INS-02, R-INS-05, R-INS-06)


def current_items(bodies) -> dict[str, InspectionItem]:
    """The items in force today of the random-inspection lists of ``bodies``, by code."""
    found = {}
    for catalogue in Catalogue.objects.filter(body__in=bodies,
                                              kind=Catalogue.Kind.INSPECTIONS):
        version = current_version(catalogue)
        if version is None:
            continue
        for item in in_version(InspectionItem.objects.filter(catalogue=catalogue)
                               .select_related("catalogue"), version.number):
            found.setdefault(item.code, item)
    return found


def _item_codes(bodies) -> set[str]:
    return set(current_items(bodies))


@transaction.atomic
def file_plan(*, acting_user, body: Body, year: int, title: str, planned_tasks: int,
              planned_objects: int, content: str = "") -> Plan:
    """A body's annual random-inspection plan (R-INS-06): one a year."""
    permissions.require_task_manager(acting_user, body)
    title = " ".join((title or "").split())
    if not title:
        raise RuleViolation("R-INS-06", _("The title is required."), field="title")
    if Plan.objects.filter(body=body, year=year).exists():
        raise RuleViolation("R-INS-06", _("%(body)s has filed its plan for %(year)d already.")
                            % {"body": body.name, "year": year}, field="year")
    if planned_tasks < 1 or planned_objects < 1:
        raise RuleViolation("R-INS-06", _("A plan names at least one task and one object."))
    plan = Plan.objects.create(body=body, year=year, title=title[:200], content=content,
                               planned_tasks=planned_tasks, planned_objects=planned_objects,
                               filed_on=timezone.localdate())
    ledger.append(kind=EventKind.INSPECTION_PLAN_FILED, subject=plan, actor=acting_user,
                  payload={"body": body.pk, "year": year, "title": plan.title,
                           "tasks": planned_tasks, "objects": planned_objects})
    return plan


def _percent(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number <= 0 or number > 100:
        raise RuleViolation("R-INS-02", _("A ratio is a percentage above 0 and at most 100."),
                            field=field)
    return number.quantize(Decimal("0.01"))


def _check_ratios(body, on, filter_kind, ratio, class_ratios) -> tuple[Decimal, dict]:
    floor_key = ("ins.ratio_floor_directed" if filter_kind == Task.FilterKind.DIRECTED
                 else "ins.ratio_floor_undirected")
    floor = Decimal(str(rulebook.get(floor_key, body=body, on=on)))
    ratio = _percent(ratio, "ratio")
    if ratio < floor:
        raise RuleViolation("R-INS-02", _("The ratio of a %(kind)s task is at least "
                                          "%(floor)s%%.") % {
            "kind": Task.FilterKind(filter_kind).label, "floor": floor}, field="ratio")
    ranges = rulebook.get("ins.class_ratio_ranges", body=body, on=on)
    cleaned = {}
    for key, value in (class_ratios or {}).items():
        if value in (None, ""):
            continue
        if key not in ranges:
            raise RuleViolation("R-INS-02", _("There is no credit-risk class %(key)s.")
                                % {"key": key}, field="class_ratios")
        number = _percent(value, "class_ratios")
        low, high = (Decimal(str(x)) for x in ranges[key])
        if not low <= number <= high:
            raise RuleViolation("R-INS-02", _(
                "The ratio for class %(key)s objects must be between %(low)s%% and "
                "%(high)s%%.") % {"key": key, "low": low, "high": high}, field="class_ratios")
        cleaned[key] = str(number)
    if cleaned and set(cleaned) != set(ranges):
        raise RuleViolation("R-INS-02", _("Give a ratio for every credit-risk class (%(keys)s)"
                                          " or for none.") % {"keys": "、".join(ranges)},
                            field="class_ratios")
    return ratio, cleaned


FILTER_KEYS = ("kinds", "types", "industries", "regions", "sizes", "classes")


def _clean_filters(filter_kind: str, filters: dict | None) -> dict:
    if filter_kind not in Task.FilterKind.values:
        raise RuleViolation("R-INS-02", _("Choose undirected or directed."),
                            field="filter_kind")
    if filter_kind == Task.FilterKind.UNDIRECTED:
        return {}
    cleaned = {k: sorted({str(v).strip() for v in (filters or {}).get(k, []) if str(v).strip()})
               for k in FILTER_KEYS}
    cleaned = {k: v for k, v in cleaned.items() if v}
    if not cleaned:
        raise RuleViolation("R-INS-02", _("A directed task names at least one condition: "
                                          "type, industry, area, size or credit class."),
                            field="filters")
    return cleaned


@transaction.atomic
def create_task(*, acting_user, body: Body, title: str, field_code: str, item_codes,
                filter_kind: str, ratio, starts_on: date, ends_on: date, seed_source: str,
                per_object: int | None = None, filters: dict | None = None,
                class_ratios: dict | None = None, key_items=(), partners=(),
                plan: Plan | None = None, each_body: bool = False) -> Task:
    """A random-inspection task (R-INS-02); joint with ``partners`` (R-INS-05)."""
    permissions.require_task_manager(acting_user, body)
    today = timezone.localdate()
    title = " ".join((title or "").split())
    if not title:
        raise RuleViolation("R-INS-02", _("The title is required."), field="title")
    field = EnforcementField.objects.filter(code=field_code).first()
    if field is None:
        raise RuleViolation("R-INS-02", _("Choose the enforcement category."), field="field")
    partners = [p for p in dict.fromkeys(partners) if p.pk != body.pk]
    items = current_items([body, *partners])
    codes = list(dict.fromkeys(c.strip() for c in item_codes if c and c.strip()))
    if not codes:
        raise RuleViolation("R-INS-01", _("A task inspects at least one item of the "
                                          "random-inspection list."), field="items")
    unknown = [c for c in codes if c not in items]
    if unknown:
        # Nothing outside the item list may be inspected (R-INS-01).
        raise RuleViolation("R-INS-01", _("%(codes)s is not on the random-inspection list in "
                                          "force.") % {"codes": "、".join(unknown)},
                            field="items")
    minimum = int(rulebook.get("org.min_officers_per_act", body=body, on=today))
    per_object = minimum if per_object is None else int(per_object)
    if per_object < minimum:
        raise RuleViolation("R-ORG-04", _("Each object is inspected by at least %(n)d "
                                          "inspectors.") % {"n": minimum}, field="per_object")
    each_body = bool(each_body) and bool(partners)
    if each_body and per_object < len(partners) + 1:
        raise RuleViolation("R-INS-05", _("With an inspector of each body on every object, "
                                          "each object needs at least %(n)d inspectors.")
                            % {"n": len(partners) + 1}, field="per_object")
    if ends_on < starts_on:
        raise RuleViolation("R-INS-02", _("The period ends before it starts."),
                            field="ends_on")
    seed_source = " ".join((seed_source or "").split())
    if not seed_source:
        raise RuleViolation("R-INS-03", _("Say where the seed will come from: a value that does "
                                          "not exist yet, such as digits drawn before a "
                                          "witness."), field="seed_source")
    filters = _clean_filters(filter_kind, filters)
    ratio = max((Decimal(ratio) if ratio not in (None, "") else Decimal(0)),
                *(Decimal(items[c].ratio) for c in codes))
    ratio, class_ratios = _check_ratios(body, today, filter_kind, ratio, class_ratios)
    if plan is not None and plan.body_id != body.pk:
        raise RuleViolation("R-INS-06", _("The plan belongs to another body."), field="plan")
    serial = numbering.take_number(body, "inspection_task", starts_on.year)[1]
    number = numbering.format_number(numbering.DEFAULT_PATTERN,
                                     prefix=numbering.default_prefix(body), type_char="抽查",
                                     year=starts_on.year, serial=serial)
    task = Task.objects.create(
        body=body, plan=plan, number=number, title=title[:200], field=field,
        filter_kind=filter_kind, filters=filters, ratio=ratio, class_ratios=class_ratios,
        per_object=per_object, starts_on=starts_on, ends_on=ends_on, each_body=each_body,
        seed_source=seed_source[:300], created_by=acting_user)
    task.partners.set(partners)
    keys = set(key_items)
    for code in codes:
        item = items[code]
        TaskItem.objects.create(task=task, body_id=item.catalogue.body_id, code=code,
                                subject=item.subject,
                                legal_basis=legal.format_bases(item.legal_bases),
                                ratio=item.ratio, key_item=code in keys)
    ledger.append(kind=EventKind.INSPECTION_TASK_CREATED, subject=task, actor=acting_user,
                  payload={"number": number, "body": body.pk,
                           "partners": [p.pk for p in partners], "items": codes,
                           "key_items": sorted(keys & set(codes)), "filter": filter_kind,
                           "filters": filters, "ratio": str(ratio),
                           "class_ratios": class_ratios, "per_object": per_object,
                           "each_body": each_body,
                           "period": [starts_on.isoformat(), ends_on.isoformat()],
                           "seed_source": seed_source})
    return task


# --------------------------------------------------------------------------------------
# Draws (R-INS-03)


def _lock_task(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("body", "field").get(pk=task.pk)


def _publish(task: Task, acting_user, *, redraw_of=None, reason="") -> Draw:
    now = timezone.now()
    lists, excluded = candidates.build(task, timezone.localdate())
    lists["excluded"] = excluded
    objects = sum(len(s["objects"]) for s in lists["strata"])
    if not objects:
        raise RuleViolation("R-INS-02", _("No object of the directory can be drawn for this "
                                          "task."))
    if len(lists["inspectors"]) < task.per_object:
        raise RuleViolation("R-ORG-04", _("Fewer than %(n)d qualified inspectors are available "
                                          "for this task.") % {"n": task.per_object})
    digest = drawing.digest(lists["algorithm"], lists)
    sequence = (task.draws.order_by("-sequence").values_list("sequence", flat=True).first()
                or 0) + 1
    draw = Draw.objects.create(task=task, sequence=sequence, lists=lists, lists_digest=digest,
                               object_count=objects, inspector_count=len(lists["inspectors"]),
                               published_at=now, redraw_of=redraw_of, redraw_reason=reason)
    Task.objects.filter(pk=task.pk).update(state=Task.State.LISTS_PUBLISHED)
    task.state = Task.State.LISTS_PUBLISHED
    public_cache.bump(public_cache.INSPECTIONS)  # update() sends no signal
    # The digest is in the ledger before any seed exists: the lists cannot change after.
    ledger.append(kind=EventKind.DRAW_LISTS_PUBLISHED, subject=draw, actor=acting_user,
                  payload={"task": task.number, "sequence": sequence, "digest": digest,
                           "objects": objects, "inspectors": len(lists["inspectors"]),
                           "seed_source": task.seed_source, "excluded": excluded,
                           "redraw_of": redraw_of.pk if redraw_of else None,
                           "reason": reason})
    return draw


@transaction.atomic
def publish_lists(*, acting_user, task: Task) -> Draw:
    """Fix and publish the ordered candidate lists and their digest (R-INS-03)."""
    task = _lock_task(task)
    permissions.require_task_manager(acting_user, task.body)
    if task.draws.exists():
        raise RuleViolation("R-INS-03", _("This task's lists are published already; a new draw "
                                          "needs a redraw with its reason."))
    return _publish(task, acting_user)


@transaction.atomic
def enter_seed(*, acting_user, draw: Draw, seed: str, witness: str) -> Draw:
    """The witnessed seed, then the draw itself: once, never again for these lists."""
    draw = Draw.objects.select_for_update().select_related("task__body").get(pk=draw.pk)
    task = draw.task
    permissions.require_seed_entry(acting_user, task.body)
    if draw.state != Draw.State.PUBLISHED:
        raise RuleViolation("R-INS-03", _("This draw has been made already; it cannot be made "
                                          "again. A new draw needs a redraw with its reason."))
    seed = drawing.normalise_seed(seed)
    witness = " ".join((witness or "").split())
    if not seed:
        raise RuleViolation("R-INS-03", _("Enter the seed."), field="seed")
    if not witness:
        raise RuleViolation("R-INS-03", _("Name the witness of the seed."), field="witness")
    if len(seed) > 200 or len(witness) > 200:
        raise RuleViolation("R-INS-03", _("At most 200 characters."), field="seed")
    try:
        result = drawing.draw(draw.lists, seed)
    except drawing.DrawError as error:
        raise RuleViolation("R-INS-03", str(error)) from error
    now = timezone.now()
    today = timezone.localdate()
    result_digest = drawing.digest(draw.lists["algorithm"], result)
    _assign(draw, result, today)
    Draw.objects.filter(pk=draw.pk).update(
        seed=seed, witness=witness, seed_entered_by=acting_user, drawn_at=now, result=result,
        result_digest=result_digest, state=Draw.State.DRAWN)
    Task.objects.filter(pk=task.pk).update(state=Task.State.DRAWN)
    public_cache.bump(public_cache.INSPECTIONS)  # update() and bulk_create send no signal
    draw.refresh_from_db()
    ledger.append(kind=EventKind.DRAW_MADE, subject=draw, actor=acting_user,
                  payload={"task": task.number, "sequence": draw.sequence,
                           "lists_digest": draw.lists_digest, "seed": seed,
                           "witness": witness, "result_digest": result_digest,
                           "selected": len(result["selected"])})
    return draw


def _assign(draw: Draw, result: dict, today: date) -> None:
    codes = [s["object"] for s in result["selected"]]
    by_code = dict(Target.objects.filter(code__in=codes).values_list("code", "pk"))
    numbers = {n for s in result["selected"] for n in s["inspectors"]}
    officer_of = dict(Certificate.objects.filter(number__in=numbers)
                      .values_list("number", "officer_id"))
    for position, selected in enumerate(result["selected"], start=1):
        assignment = Assignment.objects.create(
            draw=draw, position=position, stratum=selected["stratum"],
            target_id=by_code[selected["object"]], scan_code=secrets.token_urlsafe(12),
            drawn_on=today)
        AssignmentOfficer.objects.bulk_create([
            AssignmentOfficer(assignment=assignment, officer_id=officer_of[number],
                              certificate_number=number)
            for number in selected["inspectors"]])


@transaction.atomic
def redraw(*, acting_user, draw: Draw, reason: str) -> Draw:
    """A new draw with its reason; the first stays public, marked superseded (R-INS-03)."""
    draw = Draw.objects.select_for_update().select_related("task__body").get(pk=draw.pk)
    task = _lock_task(draw.task)
    permissions.require_task_manager(acting_user, task.body)
    reason = " ".join((reason or "").split())
    if not reason:
        raise RuleViolation("R-INS-03", _("A redraw needs its reason."), field="reason")
    if draw.state == Draw.State.SUPERSEDED:
        raise RuleViolation("R-INS-03", _("This draw has been redrawn already."))
    if Result.objects.filter(assignment__draw=draw).exists():
        raise RuleViolation("R-INS-03", _("Results have been recorded for this draw; it can no "
                                          "longer be redrawn."))
    Draw.objects.filter(pk=draw.pk).update(state=Draw.State.SUPERSEDED)
    draw.assignments.update(current=False)
    public_cache.bump(public_cache.INSPECTIONS)  # update() sends no signal
    ledger.append(kind=EventKind.DRAW_SUPERSEDED, subject=draw, actor=acting_user,
                  payload={"task": task.number, "sequence": draw.sequence, "reason": reason})
    return _publish(task, acting_user, redraw_of=draw, reason=reason)


# --------------------------------------------------------------------------------------
# Results (R-INS-04, R-PUB-10)

PROBLEM_CATEGORIES = {
    Result.Category.NOT_DISCLOSED, Result.Category.FALSE_DISCLOSURE, Result.Category.CORRECTED,
    Result.Category.PENDING, Result.Category.OBSTRUCTED, Result.Category.OTHER_DEPARTMENT,
    Result.Category.UNREACHABLE,
}


def result_due(recorded_on: date, body) -> workdays.DeadlineResult:
    count = int(rulebook.get("ins.result_workdays", body=body, on=recorded_on))
    return workdays.add_workdays(recorded_on, count,
                                 rule=_("R-INS-04: publish the inspection result"))


def _bodies_of(task: Task) -> set[int]:
    return {task.body_id, *task.partners.values_list("pk", flat=True)}


@transaction.atomic
def record_result(*, acting_user, assignment: Assignment, body: Body, category: str,
                  method: str, follow_up: str, inspected_on: date, findings: str = "",
                  evidence: str = "") -> Result:
    """One body's result for one drawn object (R-INS-04; R-INS-05 for joint tasks)."""
    assignment = Assignment.objects.select_for_update().select_related(
        "draw__task", "target").get(pk=assignment.pk)
    task = assignment.draw.task
    if body.pk not in _bodies_of(task):
        raise RuleViolation("R-INS-05", _("%(body)s does not take part in this task.")
                            % {"body": body.name})
    permissions.require_result_recorder(acting_user, assignment, body)
    if not assignment.current:
        raise RuleViolation("R-INS-03", _("This object belongs to a draw that was redrawn."))
    if Result.objects.filter(assignment=assignment, body=body).exists():
        raise RuleViolation("R-INS-04", _("%(body)s has recorded its result for this object "
                                          "already.") % {"body": body.name})
    if category not in Result.Category.values:
        raise RuleViolation("R-INS-04", _("Choose the result."), field="category")
    if method not in Result.Method.values:
        raise RuleViolation("R-INS-04", _("Choose the method."), field="method")
    if follow_up not in Result.FollowUp.values or follow_up == Result.FollowUp.CASE:
        raise RuleViolation("R-INS-04", _("Choose the follow-up; a case is opened from the "
                                          "result once it is recorded."), field="follow_up")
    if category in PROBLEM_CATEGORIES and follow_up == Result.FollowUp.NONE and \
            category != Result.Category.CORRECTED:
        raise RuleViolation("R-INS-04", _("A problem found needs its follow-up."),
                            field="follow_up")
    if category not in PROBLEM_CATEGORIES and follow_up != Result.FollowUp.NONE:
        raise RuleViolation("R-INS-04", _("This result needs no follow-up."),
                            field="follow_up")
    today = timezone.localdate()
    if inspected_on > today or inspected_on < assignment.drawn_on:
        raise RuleViolation("R-CASE-15", _("The inspection date lies between the draw and "
                                           "today."), field="inspected_on")
    due = result_due(today, body)
    result = Result.objects.create(
        assignment=assignment, body=body, category=category, method=method,
        findings=findings.strip(), evidence=evidence.strip(), follow_up=follow_up,
        inspected_on=inspected_on, recorded_on=today, due_on=due.date,
        recorded_by=acting_user)
    target = assignment.target
    if target.last_inspected_on is None or target.last_inspected_on < inspected_on:
        Target.objects.filter(pk=target.pk).update(last_inspected_on=inspected_on)
        public_cache.bump(public_cache.INSPECTIONS)  # update() sends no signal
    ledger.append(kind=EventKind.INSPECTION_RESULT_RECORDED, subject=result, actor=acting_user,
                  payload={"task": task.number, "target": target.code, "body": body.pk,
                           "category": category, "method": method, "follow_up": follow_up,
                           "inspected_on": inspected_on.isoformat(),
                           "due_on": due.date.isoformat()})
    return result


@transaction.atomic
def open_case_for_result(*, acting_user, result: Result, title: str, facts: str = "",
                         officers=None):
    """A problem found opens a case (R-CASE) linked to the inspection (R-INS-04)."""
    result = Result.objects.select_for_update().select_related(
        "assignment__target", "assignment__draw__task", "body").get(pk=result.pk)
    if result.case_id:
        raise RuleViolation("R-INS-04", _("A case has been opened for this result already."))
    if result.category not in PROBLEM_CATEGORIES:
        raise RuleViolation("R-INS-04", _("No problem was found: there is nothing to open a "
                                          "case for."))
    target = result.assignment.target
    task = result.assignment.draw.task
    if officers is None:
        officers = [a.officer for a in result.assignment.assigned.select_related("officer")
                    if a.officer.body_id == result.body_id]
    party = {"kind": "organisation", "name": target.name, "id_kind": "credit_code",
             "id_number": target.credit_code, "address": target.address,
             "legal_representative": target.legal_representative}
    case = case_actions.open_case(
        acting_user=acting_user, body=result.body, procedure="penalty_general", title=title,
        field_code=task.field.code, parties=[party], officers=list(officers),
        opened_on=timezone.localdate(), violation_on=result.inspected_on,
        discovered_on=result.inspected_on,
        source=_("Random inspection %(number)s") % {"number": task.number}, facts=facts)
    Result.objects.filter(pk=result.pk).update(case=case, follow_up=Result.FollowUp.CASE)
    public_cache.bump(public_cache.INSPECTIONS)  # update() sends no signal
    result.case, result.follow_up = case, Result.FollowUp.CASE
    ledger.append(kind=EventKind.INSPECTION_CASE_OPENED, subject=result, actor=acting_user,
                  payload={"task": task.number, "target": target.code, "case": case.number})
    return case


@transaction.atomic
def publish_result(*, acting_user, result: Result) -> Result:
    """Publish a result on the portal (R-PUB-10); the date is the platform's."""
    result = Result.objects.select_for_update().select_related("body").get(pk=result.pk)
    permissions.require_result_publisher(acting_user, result.body)
    if result.state == Result.State.PUBLISHED:
        raise RuleViolation("R-PUB-10", _("This result is published already."))
    today = timezone.localdate()
    Result.objects.filter(pk=result.pk).update(state=Result.State.PUBLISHED,
                                               published_on=today)
    public_cache.bump(public_cache.INSPECTIONS)  # update() sends no signal
    result.state, result.published_on = Result.State.PUBLISHED, today
    ledger.append(kind=EventKind.INSPECTION_RESULT_PUBLISHED, subject=result,
                  actor=acting_user,
                  payload={"result": result.pk, "published_on": today.isoformat(),
                           "due_on": result.due_on.isoformat(),
                           "late": today > result.due_on})
    return result


def is_overdue(result: Result, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return result.state == Result.State.RECORDED and result.due_on < today


@transaction.atomic
def report_inspection(*, assignment: Assignment | None, reporter: str, content: str
                      ) -> ScanReport:
    """扫码入企: the enterprise reports an inspection that is not on the platform."""
    reporter = " ".join((reporter or "").split())[:100]
    content = (content or "").strip()
    if not reporter or not content:
        raise RuleViolation("R-INS-03", _("Say who you are and what happened."))
    report = ScanReport.objects.create(assignment=assignment, reporter=reporter,
                                       content=content[:4000])
    ledger.append(kind=EventKind.INSPECTION_REPORTED, subject=report, actor=None,
                  payload={"assignment": assignment.pk if assignment else None,
                           "reporter": reporter})
    return report
