"""Who is answerable for a case (R-REV-09): who handled it, reviewed it, discussed it and
decided it, each read from the record (case officers, review rounds, discussions, the
decision step and its document), never typed in. The case page shows this panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sanxiang.review.models import Discussion, Submission

DECISION_STEPS = ("decide", "no_penalty", "decide_on_spot", "transfer", "cancel")


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


@dataclass
class Responsibility:
    handled: list[dict] = field(default_factory=list)
    reviewed: list[dict] = field(default_factory=list)
    discussed: list[dict] = field(default_factory=list)
    decided: list[dict] = field(default_factory=list)

    def names(self) -> dict[str, list[str]]:
        return {"handled": [h["name"] for h in self.handled],
                "reviewed": [r["reviewer"] for r in self.reviewed],
                "discussed": [a for d in self.discussed for a in d["attendees"]],
                "decided": [d["by"] for d in self.decided]}


def responsibility(case) -> Responsibility:
    result = Responsibility()
    for row in case.case_officers.select_related("officer").order_by("added_on", "id"):
        result.handled.append({"name": row.officer.name, "role": row.get_role_display(),
                               "added_on": row.added_on, "removed_on": row.removed_on})
    for sub in (Submission.objects.filter(case=case, state=Submission.State.DECIDED)
                .select_related("reviewer", "opinion_document").order_by("round")):
        result.reviewed.append({
            "round": sub.round, "reviewer": _name(sub.reviewer), "outcome": sub.outcome,
            "outcome_label": sub.get_outcome_display(), "decided_on": sub.decided_on,
            "document": sub.opinion_document.number if sub.opinion_document else "",
            "answered_by": _name(sub.answered_by), "answer": sub.answer})
    for discussion in Discussion.objects.filter(case=case).select_related("recorded_by"):
        result.discussed.append({
            "held_on": discussion.held_on, "recorded_by": _name(discussion.recorded_by),
            "attendees": [a["name"] for a in discussion.attendees],
            "conclusion": discussion.conclusion,
            "document": discussion.document.number if discussion.document else ""})
    for record in (case.steps.filter(step__in=DECISION_STEPS).select_related("actor")
                   .order_by("seq")):
        document = case.documents.filter(step=record.step).exclude(number="").order_by(
            "-version").first()
        result.decided.append({"step": record.step, "by": _name(record.actor),
                               "on": record.done_on,
                               "document": document.number if document else ""})
    return result
