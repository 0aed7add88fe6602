"""What the workbench home page asks a user to look at today.

Every task is a query over recorded facts (DESIGN.md, "Deadlines are derived"): nothing
here is stored or scheduled, so nothing can be missed.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from sanxiang.calendar import workdays
from sanxiang.org.models import Body, Certificate, Officer
from sanxiang.org.roles import Role, has_role
from sanxiang.workbench import staffing

# How far ahead the home page warns of certificates running out: long enough to renew one.
CERTIFICATE_WARNING_DAYS = 60
# How many rows of a task the home page lists before "show all".
SHOWN_ROWS = 10


@dataclass
class Tasks:
    ratio_shortfalls: list = field(default_factory=list)
    ratio_shortfall_count: int = 0
    expiring_certificates: list = field(default_factory=list)
    expiring_certificate_count: int = 0
    expiring_until: date | None = None
    calendar_missing_years: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.ratio_shortfall_count or self.expiring_certificate_count
                    or self.calendar_missing_years)


def oversees(user) -> bool:
    """Admins, heads and supervisors look after a body's staffing and calendar."""
    return user.is_superuser or has_role(user, Role.ADMIN, Role.HEAD, Role.SUPERVISOR)


def for_user(user, today: date) -> Tasks:
    tasks = Tasks()
    if not oversees(user):
        return tasks
    shortfalls = ratio_shortfalls(Body.objects.visible_to(user))
    tasks.ratio_shortfalls = shortfalls[:SHOWN_ROWS]
    tasks.ratio_shortfall_count = len(shortfalls)
    expiring = expiring_certificates(user, today)
    tasks.expiring_until = today + timedelta(days=CERTIFICATE_WARNING_DAYS)
    tasks.expiring_certificate_count = expiring.count()
    tasks.expiring_certificates = list(expiring[:SHOWN_ROWS])
    tasks.calendar_missing_years = calendar_missing_years(today)
    return tasks


def ratio_shortfalls(bodies: QuerySet) -> list:
    """Bodies below the legal-reviewer ratio (R-ORG-05), worst first."""
    shortfalls = [ratio for ratio in staffing.ratios(bodies) if ratio.shortfall]
    return sorted(shortfalls, key=lambda ratio: -ratio.missing)


def expiring_certificates(user, today: date) -> QuerySet:
    until = today + timedelta(days=CERTIFICATE_WARNING_DAYS)
    return (
        Certificate.objects.filter(
            officer__in=Officer.objects.visible_to(user).active(),
            cancelled_on__isnull=True,
            expires_on__gte=today,
            expires_on__lte=until,
        )
        .select_related("officer", "officer__body")
        .order_by("expires_on", "pk")
    )


def calendar_missing_years(today: date) -> list[int]:
    """This year and next, if no holiday schedule covers them (R-CAL-01)."""
    return workdays.unknown_years([today.year, today.year + 1])
