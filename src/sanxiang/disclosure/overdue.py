"""The overdue board: what must be published or withdrawn, and how late it is.

Publication is due within 7 working days of a licence or penalty decision and 20 of the
others (R-PUB-04, ``Disclosure.due_on`` set by the decision); a withdrawal within 3 working
days of the change (R-PUB-06, ``withdrawal_due``). Lateness is counted in working days from
the calendar (``calendar.workdays``), the due day not counted: a record due on Friday and still
unpublished on Monday is 1 working day late. Results computed over a year the calendar does
not know are marked provisional.

Two indexed queries feed the board — (state, due_on) and (state, withdrawal_due) — scoped
by ``visible_to`` so a clerk sees the body and a supervisor the jurisdiction.
"""

from dataclasses import dataclass, field
from datetime import date

from sanxiang.calendar import workdays
from sanxiang.disclosure.models import Disclosure

OPEN_STATES = (Disclosure.State.PENDING, Disclosure.State.APPROVED)


@dataclass
class Line:
    disclosure: Disclosure
    due: date
    late: bool  # the due day has passed
    late_workdays: int  # working days since the due day (0 over a weekend right after it)
    workdays_left: int  # 0 when late or due today
    provisional: bool = False


@dataclass
class BodyLine:
    body: object
    due: int = 0
    late: int = 0
    withdrawals_due: int = 0
    withdrawals_late: int = 0
    most_late: int = 0


@dataclass
class Board:
    today: date
    publications: list[Line] = field(default_factory=list)
    withdrawals: list[Line] = field(default_factory=list)
    bodies: list[BodyLine] = field(default_factory=list)

    @property
    def late_publications(self) -> list[Line]:
        return [line for line in self.publications if line.late]

    @property
    def late_withdrawals(self) -> list[Line]:
        return [line for line in self.withdrawals if line.late]


def line_for(disclosure: Disclosure, due: date, today: date) -> Line:
    if due < today:
        counted = workdays.count_workdays(due, today)
        return Line(disclosure, due, True, counted.count, 0, counted.provisional)
    if due == today:
        return Line(disclosure, due, False, 0, 0)
    counted = workdays.count_workdays(today, due)
    return Line(disclosure, due, False, 0, counted.count, counted.provisional)


def pending_publications(user):
    return (Disclosure.objects.visible_to(user).filter(state__in=OPEN_STATES)
            .select_related("body", "case").order_by("due_on", "id"))


def pending_withdrawals(user):
    return (Disclosure.objects.visible_to(user)
            .filter(state=Disclosure.State.PUBLISHED, withdrawal_due__isnull=False,
                    withdrawn_on__isnull=True)
            .select_related("body", "case").order_by("withdrawal_due", "id"))


def board(user, today: date, *, limit: int = 500) -> Board:
    """The board for ``user``'s scope on ``today``: the first ``limit`` lines of each list."""
    result = Board(today=today)
    per_body: dict[int, BodyLine] = {}

    def tally(line: Line, withdrawal: bool):
        body = line.disclosure.body
        entry = per_body.setdefault(body.pk, BodyLine(body))
        if withdrawal:
            entry.withdrawals_due += 1
            entry.withdrawals_late += line.late
        else:
            entry.due += 1
            entry.late += line.late
        entry.most_late = max(entry.most_late, line.late_workdays)

    for disclosure in pending_publications(user)[:limit]:
        line = line_for(disclosure, disclosure.due_on, today)
        result.publications.append(line)
        tally(line, withdrawal=False)
    for disclosure in pending_withdrawals(user)[:limit]:
        line = line_for(disclosure, disclosure.withdrawal_due, today)
        result.withdrawals.append(line)
        tally(line, withdrawal=True)
    result.bodies = sorted(per_body.values(),
                           key=lambda b: (-b.late - b.withdrawals_late, -b.most_late,
                                          b.body.name))
    return result
