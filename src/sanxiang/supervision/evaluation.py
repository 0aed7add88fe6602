"""Case-file evaluation (案卷评查, R-SUP-03): the standard as data, what the platform can
decide from the record, and the score.

The standard (``EvaluationStandard``) lists basic items, any one of which makes a file
不合格 (score 0), then form (卷面, 20 points) and content (内容, 80 points) items deducted
per defect up to each item's points. Items with an ``auto`` key are proposed by the
platform from the case file — the same completeness check (``records.casefile``) and
deadline engine (``cases.deadlines``) the case page uses, so an evaluation never disagrees
with the file — and the evaluator confirms or departs from each with a reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from sanxiang.core.errors import RuleViolation

DEFAULT_STANDARD = Path(__file__).resolve().parent / "data" / "evaluation_standard.json"
FORM_POINTS = Decimal(20)
CONTENT_POINTS = Decimal(80)
FAIL_GRADE = "不合格"
SECTIONS = ("basic", "form", "content")
SECTION_NAMES = {"basic": "基本项目", "form": "卷面", "content": "内容"}


def load_default() -> dict:
    return json.loads(DEFAULT_STANDARD.read_text(encoding="utf-8"))


def _default_fields() -> dict:
    from datetime import date

    from sanxiang.inspections import drawing

    data = load_default()
    return {"code": data["code"], "version": data["version"], "title": data["title"],
            "effective_from": date.fromisoformat(data["effective_from"]),
            "items": data["items"], "grades": data["grades"],
            "digest": drawing.digest("sm3", {"items": data["items"],
                                             "grades": data["grades"]})}


def reference_rows() -> list[dict]:
    """The default standard's row as the platform ships it, for ``ledger verify --state``
    (``ledger.state.REFERENCE_ROWS``): the migration writes it, no action, so no ledger
    event binds it; an edit of its items, grades or title is named against this copy."""
    fields = _default_fields()
    return [fields | {"effective_from": fields["effective_from"].isoformat(), "note": "",
                      "published_by_id": None}]


def ensure_default_standard(model=None):
    """The default standard as a row, created when missing (reference data, like the
    enforcement fields: the migration seeds it; a database emptied since — a restore into
    a new schema, a test's flush — gets it back). ``model`` is the migration's historical
    model, else the current one."""
    if model is None:
        from sanxiang.supervision.models import EvaluationStandard as model
    fields = _default_fields()
    found = model.objects.filter(code=fields["code"], version=fields["version"]).first()
    if found is not None:
        return found
    return model.objects.create(**fields)


def check_standard(items: dict, grades) -> None:
    """A standard's items and grades are well formed: the form items total 20 points, the
    content items 80, codes are unique and every ``auto`` names a known check."""
    problems = []
    codes = set()
    for section in SECTIONS:
        for item in items.get(section) or []:
            code = item.get("code")
            if not code or code in codes:
                problems.append(_("Item codes must be present and unique (%(code)s).")
                                % {"code": code})
            codes.add(code)
            if item.get("auto") and item["auto"] not in AUTO_CHECKS:
                problems.append(_("Unknown automatic check %(name)s.") % {"name": item["auto"]})
    for section, total in (("form", FORM_POINTS), ("content", CONTENT_POINTS)):
        points = sum(Decimal(str(i.get("points", 0))) for i in items.get(section) or [])
        if points != total:
            problems.append(_("The %(section)s items must total %(total)s points, not "
                              "%(points)s.") % {"section": SECTION_NAMES[section],
                                               "total": total,
                                               "points": points})
    minimums = [m for _g, m in grades or []]
    if not minimums or minimums != sorted(minimums, reverse=True):
        problems.append(_("Grades run from the highest minimum score down."))
    if problems:
        raise RuleViolation("R-SUP-03", "；".join(problems))


def grade_for(score: Decimal, grades, *, basic_failed: bool) -> str:
    if basic_failed:
        return FAIL_GRADE
    for grade, minimum in grades:
        if score >= Decimal(str(minimum)):
            return grade
    return FAIL_GRADE


# --------------------------------------------------------------------------------------
# What the platform decides from the record


@dataclass(frozen=True)
class Proposal:
    defects: list[str]  # one line per defect found, in Chinese


def _findings(case, rules) -> list[str]:
    return [f.message for f in _completeness(case) if f.rule in rules]


def _completeness(case):
    cached = getattr(case, "_evaluation_findings", None)
    if cached is None:
        from sanxiang.records.casefile import completeness

        cached = case._evaluation_findings = completeness(case)
    return cached


def _missing_documents(case) -> list[str]:
    return _findings(case, {"R-REC-01"})


def _recording_missing(case) -> list[str]:
    return _findings(case, {"R-REC-03"})


def _late_upload(case) -> list[str]:
    return _findings(case, {"R-REC-05"})


def _skipped_steps(case) -> list[str]:
    return _findings(case, {"R-CASE-02"})


def _review_missing(case) -> list[str]:
    return _findings(case, {"R-REV-02", "R-REV-06"})


def _late_steps(case) -> list[str]:
    from sanxiang.calendar.workdays import format_date
    from sanxiang.cases.deadlines import case_deadlines

    lines = []
    for deadline in case_deadlines(case):
        if deadline.met is False and not deadline.not_before:
            lines.append(_("“%(step)s” was done on %(done)s, after its deadline %(due)s "
                           "(%(rule)s).") % {"step": deadline.step.name,
                                             "done": format_date(deadline.done_on),
                                             "due": format_date(deadline.due),
                                             "rule": deadline.rule.rule})
        elif deadline.overdue:
            lines.append(_("“%(step)s” is overdue since %(due)s (%(rule)s).")
                         % {"step": deadline.step.name, "due": format_date(deadline.due),
                            "rule": deadline.rule.rule})
    return lines


def _one_officer(case) -> list[str]:
    """Steps the workflow reserves for two officers (R-ORG-04) recorded with fewer."""
    workflow = case.workflow
    lines = []
    for record in case.steps.order_by("seq").prefetch_related("officers"):
        try:
            definition = workflow.step(record.step)
        except KeyError:
            continue
        if "R-ORG-04" in definition.guards and len(record.officers.all()) < 2:
            lines.append(_("“%(step)s” was recorded with fewer than two officers.")
                         % {"step": definition.name})
    return lines


AUTO_CHECKS = {
    "missing_documents": _missing_documents,
    "late_steps": _late_steps,
    "one_officer": _one_officer,
    "review_missing": _review_missing,
    "recording_missing": _recording_missing,
    "late_upload": _late_upload,
    "skipped_steps": _skipped_steps,
}


def prefill(case, items: dict) -> dict:
    """The platform's proposal for every item: a basic item found (True/False), a
    deduction (points) with the defects as evidence. Items it cannot decide are proposed
    as found nothing (None evidence) and left to the evaluator."""
    checks = {}
    for section in SECTIONS:
        for item in items.get(section) or []:
            auto = item.get("auto")
            defects = AUTO_CHECKS[auto](case) if auto else []
            if section == "basic":
                proposed = bool(defects)
            else:
                per = Decimal(str(item.get("per_defect", item["points"])))
                proposed = min(Decimal(str(item["points"])), per * len(defects))
                proposed = str(proposed.normalize()) if proposed else "0"
            checks[item["code"]] = {"auto": bool(auto), "proposed": proposed,
                                    "evidence": defects, "value": proposed, "note": "",
                                    "reason": ""}
    return checks


def score(items: dict, checks: dict, grades) -> dict:
    """(basic_failed, form score, content score, score, grade) of recorded checks."""
    basic_failed = any(bool(checks[i["code"]]["value"]) for i in items.get("basic") or [])
    totals = {}
    for section, full in (("form", FORM_POINTS), ("content", CONTENT_POINTS)):
        lost = sum(Decimal(str(checks[i["code"]]["value"] or 0)) for i in items.get(section)
                   or [])
        totals[section] = max(Decimal(0), full - lost)
    total = Decimal(0) if basic_failed else totals["form"] + totals["content"]
    return {"basic_failed": basic_failed, "form_score": totals["form"],
            "content_score": totals["content"], "score": total,
            "grade": grade_for(total, grades, basic_failed=basic_failed)}
