"""Is a decision "major"? The body's review catalogue, evaluated (R-REV-01).

``review_required(body, facts)`` returns the criteria of the body's catalogue in force that
the case's facts match; an empty list means no legal review is required by the catalogue.
``matching`` is the pure part, over any criteria, so the case and review apps (and tests)
can use it without a database.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.models import Catalogue, ReviewCriterion
from sanxiang.catalog.queries import current_version, entries_of

GENERAL_PROCEDURE = "penalty_general"
Kind = ReviewCriterion.CriterionKind


@dataclass(frozen=True)
class CaseFacts:
    party_kind: str = ""  # a PartyKind value
    fine_amount: Decimal | int | None = None  # in 元
    penalty_kinds: frozenset[str] = field(default_factory=frozenset)  # PenaltyKind values
    hearing_held: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)  # ReviewCriterion.Flag values
    procedure: str = ""  # a workflow procedure code


def matches(criterion, facts: CaseFacts) -> bool:
    kind = criterion.criterion_kind
    if kind == Kind.FINE_THRESHOLD:
        return (facts.fine_amount is not None and criterion.amount is not None
                and facts.party_kind == criterion.party_kind
                and Decimal(facts.fine_amount) >= criterion.amount)
    if kind == Kind.PENALTY_KIND:
        return criterion.penalty_kind in facts.penalty_kinds
    if kind == Kind.HEARING_HELD:
        return bool(facts.hearing_held)
    if kind == Kind.FLAG:
        return criterion.flag in facts.flags
    if kind == Kind.ALL_GENERAL_PROCEDURE:
        return facts.procedure == GENERAL_PROCEDURE
    return False


def matching(criteria, facts: CaseFacts) -> list:
    return [criterion for criterion in criteria if matches(criterion, facts)]


@dataclass(frozen=True)
class StatutoryCriterion:
    """A criterion the law sets whatever the body's list says (shown like a list entry)."""

    description: str

    def __str__(self):
        return str(self.description)


# 处罚法 58 (一)(二): circumstances flagged on the case that need legal review by law.
STATUTORY_REVIEW_FLAGS = {
    ReviewCriterion.Flag.PUBLIC_INTEREST: _(
        "Involves a major public interest (Administrative Penalty Law, art. 58)"),
    ReviewCriterion.Flag.MAJOR_RIGHTS: _(
        "Directly affects major rights of a party or a third party (Administrative Penalty "
        "Law, art. 58)"),
}


def _in_force(body, kind, facts: CaseFacts, on: date | None) -> list:
    catalogue = Catalogue.objects.filter(body=body, kind=kind).first()
    version = current_version(catalogue, on) if catalogue is not None else None
    if version is None:
        return []
    return matching(entries_of(version), facts)


def review_required(body, facts: CaseFacts, on: date | None = None) -> list:
    """The criteria of ``body``'s review catalogue in force on ``on`` that ``facts`` match,
    after the statutory ones (处罚法 58) the case's flags raise."""
    statutory = [StatutoryCriterion(text) for flag, text in STATUTORY_REVIEW_FLAGS.items()
                 if flag in facts.flags]
    return statutory + _in_force(body, Catalogue.Kind.REVIEW, facts, on)


def discussion_required(body, facts: CaseFacts, on: date | None = None) -> list:
    """The criteria of ``body``'s collective-discussion list in force on ``on`` that
    ``facts`` match (R-CASE-17)."""
    return _in_force(body, Catalogue.Kind.DISCUSSION, facts, on)
