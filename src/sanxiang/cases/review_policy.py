"""Does this decision need legal review: the one predicate (R-REV-01, R-REV-02).

The case's facts (party, penalty, flags, procedure) matched against the body's review
catalogue (``catalog.review``). The decision gate (``cases.guards``), the case-file
completeness check (``review.completeness``) and the review queue (``review.actions``)
all ask ``review_required_for``, so they never disagree. It lives here, beside the case,
and imports nothing of the ``review`` app: the gate needs it, and ``review`` builds on
``cases``, not the other way round.
"""

from __future__ import annotations

from datetime import date

from sanxiang.catalog.review import CaseFacts, review_required


def case_facts(case, *, kinds=None, fine=None) -> CaseFacts:
    party = case.parties.first()
    kinds = case.decided_kinds or case.notified_kinds if kinds is None else kinds
    fine = (case.decided_fine if case.decided_fine is not None else case.notified_fine
            ) if fine is None else fine
    return CaseFacts(party_kind=party.kind if party else "", fine_amount=fine,
                     penalty_kinds=frozenset(kinds or ()), hearing_held=case.hearing_held,
                     flags=frozenset(case.flags or ()), procedure=case.procedure)


def review_required_for(case, *, kinds=None, fine=None, on: date | None = None) -> list:
    """The criteria of the body's review catalogue the case matches (empty: no review).

    ``kinds``/``fine``: the penalty about to be decided, where it is known (the decision
    step); otherwise the case's decided or notified penalty.
    """
    return review_required(case.body, case_facts(case, kinds=kinds, fine=fine), on=on)
