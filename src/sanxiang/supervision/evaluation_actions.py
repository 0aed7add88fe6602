"""案卷评查 as actions (R-SUP-03): rounds, their verifiable draw, and each file's evaluation.

    create_round(*, acting_user, title, year, standard, closed_from, closed_until, ratio,
                 minimum, evaluators, seed_source, created_on=None) -> EvaluationCampaign
        A supervisor for the region of the jurisdiction; the evaluators are supervisors.
    publish_round_lists(*, acting_user, campaign) -> EvaluationCampaign
        Fixes the ordered candidate lists — the closed files of each body of the region
        in the period (one stratum per body) and the evaluators — and their digest, in the
        ledger before any seed exists (R-INS-03's draw, ``inspections.drawing``).
    enter_round_seed(*, acting_user, campaign, seed, witness) -> EvaluationCampaign
        The witnessed seed, then the draw: once. Each drawn file gets its evaluator and
        the platform's proposals (``supervision.evaluation.prefill``).
    record_evaluation(*, acting_user, evaluation, checks, on=None) -> Evaluation
        The evaluator confirms or departs from each proposal — a departure needs a reason,
        a deduction a note — and the score and grade are computed from the standard.
    publish_standard(*, acting_user, items, grades, title, effective_from, note,
                     source=None) -> EvaluationStandard
        A supervisor publishes the next version of the evaluation standard, effective
        not before today nor before the version in force; rounds created from that day
        use it, rounds created before keep theirs (a round names its version).
    close_round(*, acting_user, campaign) -> EvaluationCampaign
        Once every drawn file is evaluated: the report is rendered once, its bytes stored
        under their digest and the digest put in the ledger; the report served afterwards
        is those bytes, whatever changes later (a body renamed, a template changed).

The draw is the inspections' draw unchanged, so ``sanxiang verify-draw`` recomputes it
from the round's JSON (``draw_file``).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.cases.models import Case
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.inspections import drawing
from sanxiang.ledger.events import EventKind
from sanxiang.org.models import Body
from sanxiang.org.roles import Role, has_role
from sanxiang.supervision import evaluation
from sanxiang.supervision.models import Evaluation, EvaluationCampaign, EvaluationStandard

RULE = "R-SUP-03"
CLOSED_STATES = (Case.State.CLOSED, Case.State.ARCHIVED)


def _fail(message, **details):
    raise RuleViolation(RULE, message, **details)


def _text(value, limit) -> str:
    return " ".join(str(value or "").split())[:limit]


def is_supervisor(user) -> bool:
    return user is not None and (user.is_superuser or (
        has_role(user, Role.SUPERVISOR) and bool(user.jurisdiction)))


# A province's GB/T 2260 code is its first two digits ("13" 河北省): its justice department
# (省司法厅) sets the 案卷评查 standard the cities and counties of the province apply.
PROVINCE_CODE_LENGTH = 2


def may_publish_standard(user) -> bool:
    """Who publishes a new version of the evaluation standard (R-SUP-03): the supervisors
    of the provincial justice department (a jurisdiction of a whole province), or the
    platform's superuser. A city or county supervisor uses the standard but does not set
    it."""
    return user is not None and (user.is_superuser or (
        is_supervisor(user) and len(user.jurisdiction) == PROVINCE_CODE_LENGTH))


def region_of(user) -> str:
    return "" if user.is_superuser else user.jurisdiction


def may_manage(user, campaign: EvaluationCampaign) -> bool:
    return is_supervisor(user) and campaign.region_code.startswith(region_of(user))


def _require_manager(user, campaign) -> None:
    if not may_manage(user, campaign):
        raise PermissionDenied(_("Only the supervision office that runs this evaluation "
                                 "round may do this."))


def current_standard(on: date | None = None) -> EvaluationStandard | None:
    on = on or timezone.localdate()
    return (EvaluationStandard.objects.filter(effective_from__lte=on)
            .order_by("-effective_from", "-version").first())


@transaction.atomic
def create_round(*, acting_user, title: str, year: int, standard: EvaluationStandard,
                 closed_from: date, closed_until: date, ratio, minimum: int = 1,
                 evaluators=(), seed_source: str,
                 created_on: date | None = None) -> EvaluationCampaign:
    if not is_supervisor(acting_user):
        raise PermissionDenied(_("Only a supervisor organises case-file evaluations."))
    title, seed_source = _text(title, 200), _text(seed_source, 300)
    if not title:
        _fail(_("Give the round a title."), field="title")
    if not seed_source:
        _fail(_("Say where the seed will come from (a value that does not exist yet, "
                "entered before a witness)."), field="seed_source")
    if not isinstance(closed_from, date) or not isinstance(closed_until, date) \
            or closed_until < closed_from:
        _fail(_("Give the period of the files: the end cannot be before the start."),
              field="closed_until")
    try:
        ratio = Decimal(str(ratio))
    except (InvalidOperation, ValueError):
        ratio = Decimal(-1)
    if not Decimal(0) < ratio <= Decimal(100):
        _fail(_("The ratio drawn is a percentage above 0 and at most 100."), field="ratio")
    minimum = int(minimum or 0)
    if minimum < 0:
        _fail(_("The number per body cannot be negative."), field="minimum")
    created_on = created_on or timezone.localdate()
    in_force = current_standard(created_on)
    if in_force is not None and standard.pk != in_force.pk:
        _fail(_("A round uses the evaluation standard in force on the day it starts: "
                "%(standard)s.") % {"standard": in_force}, field="standard")
    evaluators = list(dict.fromkeys(evaluators))
    region = region_of(acting_user)
    if not evaluators:
        _fail(_("Name at least one evaluator."), field="evaluators")
    for user in evaluators:
        if not (is_supervisor(user) and region_of(user).startswith(region)):
            _fail(_("%(name)s is not a supervisor of this jurisdiction.")
                  % {"name": user.get_full_name() or user.username}, field="evaluators")
    campaign = EvaluationCampaign.objects.create(
        title=title, year=int(year), standard=standard, region_code=region,
        closed_from=closed_from, closed_until=closed_until, ratio=ratio, minimum=minimum,
        seed_source=seed_source, created_by=acting_user, created_on=created_on)
    campaign.evaluators.set(evaluators)
    ledger.append(kind=EventKind.EVALUATION_ROUND_CREATED, subject=campaign,
                  actor=acting_user, payload={
                      "title": title, "year": campaign.year, "region": region,
                      "standard": [standard.code, standard.version, standard.digest],
                      "closed": [closed_from.isoformat(), closed_until.isoformat()],
                      "ratio": str(ratio), "minimum": minimum,
                      "evaluators": sorted(u.username for u in evaluators),
                      "seed_source": seed_source})
    return campaign


def _lock(campaign) -> EvaluationCampaign:
    return EvaluationCampaign.objects.select_for_update().select_related("standard").get(
        pk=campaign.pk)


def build_lists(campaign: EvaluationCampaign) -> dict:
    """The ordered candidate lists in the draw's format: a stratum per body (by region
    code and name), its closed files by number; the evaluators by user name; an evaluator
    from the file's own body is in conflict (回避)."""
    bodies = list(Body.objects.filter(region_code__startswith=campaign.region_code)
                  .order_by("region_code", "name", "pk"))
    rows = (Case.objects.filter(body__in=bodies, state__in=CLOSED_STATES,
                                closed_on__gte=campaign.closed_from,
                                closed_on__lte=campaign.closed_until)
            .order_by("number").values_list("body_id", "number"))
    by_body: dict[int, list[str]] = {}
    for body_id, number in rows:
        by_body.setdefault(body_id, []).append(number)
    evaluators = sorted(campaign.evaluators.all(), key=lambda u: u.username)
    strata = []
    for body in bodies:
        numbers = by_body.get(body.pk, [])
        # A body whose files no evaluator of the round may judge (all from that body, 回避)
        # is left to the level above, rather than making the draw impossible.
        if not numbers or all(user.body_id == body.pk for user in evaluators):
            continue
        take = max(campaign.minimum, math.ceil(Decimal(len(numbers)) * campaign.ratio / 100))
        strata.append({"key": body.name, "ratio": str(campaign.ratio),
                       "take": min(take, len(numbers)), "objects": numbers})
    own_body = {}
    for user in evaluators:
        if user.body_id:
            own_body.setdefault(user.body_id, []).append(user.username)
    conflicts = sorted([number, name] for body_id, names in own_body.items()
                       for number in by_body.get(body_id, []) for name in names)
    return {
        "format": drawing.FORMAT, "algorithm": "sm3",
        "task": {"kind": "案卷评查", "title": campaign.title, "year": campaign.year,
                 "standard": f"{campaign.standard.code} v{campaign.standard.version}",
                 "period": [campaign.closed_from.isoformat(),
                            campaign.closed_until.isoformat()]},
        "fixed_on": timezone.localdate().isoformat(), "seed_source": campaign.seed_source,
        "per_object": 1, "strata": strata,
        "inspectors": [u.username for u in evaluators], "conflicts": conflicts,
    }


@transaction.atomic
def publish_round_lists(*, acting_user, campaign: EvaluationCampaign) -> EvaluationCampaign:
    campaign = _lock(campaign)
    _require_manager(acting_user, campaign)
    if campaign.state != EvaluationCampaign.State.DRAFT:
        _fail(_("The lists of this round are published already; they cannot change."))
    lists = build_lists(campaign)
    files = sum(len(s["objects"]) for s in lists["strata"])
    if not files:
        _fail(_("No file of the region was closed in this period: there is nothing to "
                "draw."))
    campaign.lists = lists
    campaign.lists_digest = drawing.digest(lists["algorithm"], lists)
    campaign.published_at = timezone.now()
    campaign.state = EvaluationCampaign.State.PUBLISHED
    campaign.save()
    ledger.append(kind=EventKind.EVALUATION_LISTS_PUBLISHED, subject=campaign,
                  actor=acting_user, payload={"digest": campaign.lists_digest,
                                              "files": files,
                                              "bodies": len(lists["strata"]),
                                              "seed_source": campaign.seed_source})
    return campaign


@transaction.atomic
def enter_round_seed(*, acting_user, campaign: EvaluationCampaign, seed: str,
                     witness: str) -> EvaluationCampaign:
    from django.contrib.auth import get_user_model

    campaign = _lock(campaign)
    _require_manager(acting_user, campaign)
    if campaign.state != EvaluationCampaign.State.PUBLISHED:
        _fail(_("The draw of this round has been made already, or its lists are not "
                "published yet.") if campaign.state == EvaluationCampaign.State.DRAWN
              else _("Publish the lists before entering the seed."))
    seed = drawing.normalise_seed(seed)
    witness = _text(witness, 200)
    if not seed:
        _fail(_("Enter the seed."), field="seed")
    if not witness:
        _fail(_("Name the witness of the seed."), field="witness")
    if len(seed) > 200:
        _fail(_("At most 200 characters."), field="seed")
    try:
        result = drawing.draw(campaign.lists, seed, lists_digest=campaign.lists_digest)
    except drawing.DrawError as error:
        _fail(str(error))
    cases = {c.number: c for c in Case.objects.filter(
        number__in=[s["object"] for s in result["selected"]]).select_related("body")}
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in={s["inspectors"][0] for s in result["selected"]})}
    items = campaign.standard.items
    for position, selected in enumerate(result["selected"], start=1):
        case = cases[selected["object"]]
        Evaluation.objects.create(
            campaign=campaign, case=case, body=case.body, position=position,
            evaluator=users[selected["inspectors"][0]],
            checks=evaluation.prefill(case, items))
    campaign.seed, campaign.witness = seed, witness
    campaign.drawn_at = timezone.now()
    campaign.result = result
    campaign.result_digest = drawing.digest(campaign.lists["algorithm"], result)
    campaign.state = EvaluationCampaign.State.DRAWN
    campaign.save()
    ledger.append(kind=EventKind.EVALUATION_DRAWN, subject=campaign, actor=acting_user,
                  payload={"lists_digest": campaign.lists_digest, "seed": seed,
                           "witness": witness, "result_digest": campaign.result_digest,
                           "files": [s["object"] for s in result["selected"]]})
    return campaign


def draw_file(campaign: EvaluationCampaign) -> dict:
    """What ``sanxiang verify-draw`` reads: the lists, their digest, the seed, the result."""
    return {"kind": "evaluation", "title": campaign.title, "lists": campaign.lists,
            "lists_digest": campaign.lists_digest, "seed": campaign.seed or None,
            "witness": campaign.witness, "result": campaign.result,
            "result_digest": campaign.result_digest}


# --------------------------------------------------------------------------------------
# Each file


def may_evaluate(user, item: Evaluation) -> bool:
    return user is not None and (user.pk == item.evaluator_id or user.is_superuser)


def _clean_value(item: dict, section: str, raw):
    if section == "basic":
        return bool(raw) and str(raw).lower() not in ("false", "0", "off", "no")
    try:
        value = Decimal(str(raw if raw not in (None, "") else "0"))
    except (InvalidOperation, ValueError):
        _fail(_("“%(item)s”: the deduction is a number of points.") % {"item": item["text"]},
              field=item["code"])
    if value < 0 or value > Decimal(str(item["points"])):
        _fail(_("“%(item)s”: deduct between 0 and %(points)s points.")
              % {"item": item["text"], "points": item["points"]}, field=item["code"])
    return str(value.normalize()) if value else "0"


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return Decimal(str(a or 0)) == Decimal(str(b or 0))


@transaction.atomic
def record_evaluation(*, acting_user, evaluation_row: Evaluation, checks: dict,
                      on: date | None = None) -> Evaluation:
    """``checks`` maps item codes to {"value", "note", "reason"}; items left out keep
    the platform's proposal (confirmed)."""
    item_row = (Evaluation.objects.select_for_update()
                .select_related("campaign__standard", "case").get(pk=evaluation_row.pk))
    if not may_evaluate(acting_user, item_row):
        raise PermissionDenied(_("Only the evaluator drawn for this file evaluates it."))
    if item_row.state == Evaluation.State.DONE:
        _fail(_("This file has been evaluated already."))
    if item_row.campaign.state != EvaluationCampaign.State.DRAWN:
        _fail(_("The round is closed; its report has been issued."))
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < item_row.campaign.created_on:
        _fail(_("The date of the evaluation lies between the round's start and today."),
              field="on")
    standard = item_row.campaign.standard
    recorded = {}
    for section in evaluation.SECTIONS:
        for item in standard.items.get(section) or []:
            code = item["code"]
            before = item_row.checks.get(code) or {"proposed": False if section == "basic"
                                                   else "0", "evidence": [], "auto": False}
            given = checks.get(code) or {}
            value = _clean_value(item, section, given.get("value", before["proposed"]))
            note = str(given.get("note") or "").strip()[:1000]
            reason = str(given.get("reason") or "").strip()[:1000]
            if before.get("auto") and not _same(value, before["proposed"]) and not reason:
                _fail(_("“%(item)s”: you depart from what the platform found in the "
                        "record; give the reason.") % {"item": item["text"]}, field=code)
            if section != "basic" and value != "0" and not note and not before["evidence"]:
                _fail(_("“%(item)s”: a deduction needs a note of the defect.")
                      % {"item": item["text"]}, field=code)
            recorded[code] = {**before, "value": value, "note": note, "reason": reason}
    figures = evaluation.score(standard.items, recorded, standard.grades)
    item_row.checks = recorded
    item_row.basic_failed = figures["basic_failed"]
    item_row.form_score, item_row.content_score = figures["form_score"], figures[
        "content_score"]
    item_row.score, item_row.grade = figures["score"], figures["grade"]
    item_row.state, item_row.evaluated_on = Evaluation.State.DONE, on
    item_row.save()
    overridden = sorted(code for code, c in recorded.items()
                        if c.get("auto") and not _same(c["value"], c["proposed"]))
    ledger.append(kind=EventKind.EVALUATION_RECORDED, subject=item_row, actor=acting_user,
                  payload={"round": item_row.campaign_id, "case": item_row.case.number,
                           "on": on.isoformat(), "score": str(figures["score"]),
                           "grade": figures["grade"], "overridden": overridden,
                           "checks": {c: v["value"] for c, v in recorded.items()}})
    return item_row


@transaction.atomic
def close_round(*, acting_user, campaign: EvaluationCampaign) -> EvaluationCampaign:
    from sanxiang.core import blobs
    from sanxiang.supervision import reports

    campaign = _lock(campaign)
    _require_manager(acting_user, campaign)
    if campaign.state == EvaluationCampaign.State.CLOSED:
        _fail(_("The round is closed; its report has been issued."))
    if campaign.state != EvaluationCampaign.State.DRAWN:
        _fail(_("Only a drawn round whose files are all evaluated can be closed."))
    pending = campaign.evaluations.exclude(state=Evaluation.State.DONE).count()
    if pending:
        _fail(_("%(count)d drawn files are still awaiting evaluation; the round can be "
                "closed once every file is evaluated.") % {"count": pending})
    campaign.state = EvaluationCampaign.State.CLOSED
    campaign.closed_at = timezone.now()
    # The whole round (every body), rendered once from the recorded results.
    blob = blobs.put_bytes(reports.evaluation_report(campaign, None))
    campaign.report_digest, campaign.report_size = blob.digest, blob.size
    campaign.save()
    done = campaign.evaluations.all()
    ledger.append(kind=EventKind.EVALUATION_ROUND_CLOSED, subject=campaign, actor=acting_user,
                  payload={"report_digest": blob.digest, "report_size": blob.size,
                           "files": done.count(),
                           "failed": done.filter(grade=evaluation.FAIL_GRADE).count()})
    return campaign


@transaction.atomic
def publish_standard(*, acting_user, items: dict, grades, title: str, effective_from: date,
                     note: str, source: dict | None = None) -> EvaluationStandard:
    """``source``: a small dict for the ledger (the uploaded file's digest)."""
    if not may_publish_standard(acting_user):
        raise PermissionDenied(_("Only the supervisors of the provincial justice department "
                                 "publish the evaluation standard."))
    title, note = _text(title, 200), str(note or "").strip()[:2000]
    latest = (EvaluationStandard.objects.select_for_update().order_by("-version").first())
    if not title:
        _fail(_("Give the standard a title."), field="title")
    if not note:
        _fail(_("Please say what this version changes."), field="note")
    today = timezone.localdate()
    if not isinstance(effective_from, date) or effective_from < today:
        _fail(_("A version cannot take effect before it is published (today, %(today)s).")
              % {"today": date_format(today)}, field="effective_from")
    if latest is not None and effective_from < latest.effective_from:
        _fail(_("The new version cannot take effect before the previous one (version "
                "%(number)d, effective %(date)s).")
              % {"number": latest.version, "date": date_format(latest.effective_from)},
              field="effective_from")
    evaluation.check_standard(items, grades)
    digest = drawing.digest("sm3", {"items": items, "grades": grades})
    if latest is not None and digest == latest.digest:
        _fail(_("The items and grades are those of version %(number)d: nothing to "
                "publish.") % {"number": latest.version})
    standard = EvaluationStandard.objects.create(
        code=latest.code if latest else evaluation.load_default()["code"],
        version=(latest.version + 1) if latest else 1, title=title,
        effective_from=effective_from, items=items, grades=grades, digest=digest,
        note=note, published_by=acting_user)
    ledger.append(kind=EventKind.EVALUATION_STANDARD_PUBLISHED, subject=standard,
                  actor=acting_user, payload={
                      "code": standard.code, "version": standard.version, "title": title,
                      "effective_from": effective_from.isoformat(), "digest": digest,
                      "note": note, "items": sum(len(items.get(s) or [])
                                                 for s in evaluation.SECTIONS),
                  } | ({"source": source} if source else {}))
    return standard
