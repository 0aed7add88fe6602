"""A review round's time limit (R-REV-07): the working days from receipt of the submission.

Its own module, importing nothing of ``cases``, so that the case deadlines
(``cases.deadlines``) can show the running review's due date without an import circle
through ``review.actions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.calendar import workdays
from sanxiang.calendar.workdays import format_date
from sanxiang.core import rulebook
from sanxiang.review.models import Submission


def _today() -> date:
    return timezone.localdate()


def current_submission(case) -> Submission | None:
    return Submission.objects.filter(case=case).order_by("-round").first()


@dataclass(frozen=True)
class ReviewDeadline:
    submission: Submission
    result: workdays.DeadlineResult
    amount: int
    extension: int

    @property
    def due(self) -> date:
        return self.result.date

    @property
    def done_on(self) -> date | None:
        return self.submission.decided_on

    @property
    def overdue(self) -> bool:
        """Decided after the due date, or still open after it."""
        return (self.done_on or _today()) > self.due

    @property
    def days_left(self) -> int:
        return (self.due - _today()).days

    def explanation(self) -> list[str]:
        lines = [_("Rule: R-REV-07, %(n)d working days from receipt of the submission "
                   "(%(date)s).") % {"n": self.amount,
                                      "date": format_date(self.submission.received_on)}]
        if self.extension:
            lines.append(_("Extended by %(n)d working days after approval.")
                         % {"n": self.extension})
        return lines + workdays.explain(self.result)


def review_deadline(submission: Submission) -> ReviewDeadline | None:
    if submission.received_on is None:
        return None
    amount = int(rulebook.get("review.workdays", body=submission.case.body,
                              on=submission.received_on))
    extra = submission.extension_workdays
    result = workdays.add_workdays(submission.received_on, amount + extra, rule="R-REV-07")
    return ReviewDeadline(submission=submission, result=result, amount=amount, extension=extra)
