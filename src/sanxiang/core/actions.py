"""Actions of the core app: the only way its domain state changes."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang import ledger
from sanxiang.calendar import workdays
from sanxiang.calendar.files import CalendarFileError, YearSchedule, parse_year_file
from sanxiang.core import digests
from sanxiang.core.errors import PermissionDenied, RuleViolation
from sanxiang.core.models import CalendarYear
from sanxiang.ledger.events import EventKind
from sanxiang.org.roles import Role, has_role


def _require_calendar_admin(acting_user) -> None:
    if acting_user is None:
        return
    if acting_user.is_active and (acting_user.is_superuser or has_role(acting_user, Role.ADMIN)):
        return
    raise PermissionDenied(_("Only a system administrator may load a holiday schedule."))


def load_calendar_year(*, acting_user, text: str, source_name: str = "") -> CalendarYear:
    """Load one year's holiday schedule from its file (R-CAL-01); it replaces any earlier load.

    ``text`` is the file's content (``sanxiang.calendar.files``); ``source_name`` where
    it came from (a file name), kept in the ledger. A file with any error loads nothing.
    """
    _require_calendar_admin(acting_user)
    try:
        schedule = parse_year_file(text)
    except CalendarFileError as error:
        raise RuleViolation(
            code="R-CAL-01",
            message=_("The holiday schedule was not loaded: %(errors)s")
            % {"errors": " ".join(error.errors)},
            errors=error.errors,
        ) from None

    record = schedule.as_record()
    algorithm = settings.SANXIANG_DIGEST_ALGORITHM
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=schedule.year).first()
        if row is not None:
            before, replaced = _record_of(row), workdays.Source.LOADED
        elif (package := workdays.package_year(schedule.year)) is not None:
            before, replaced = _record_of_calendar(package), workdays.Source.PACKAGE
        else:
            before, replaced = None, workdays.Source.UNKNOWN

        fields = {
            "days_off": record["days_off"],
            "makeup_workdays": record["makeup_workdays"],
            "holiday_names": record["holiday_names"],
            "source": record["source"],
            "loaded_by": ledger.actor_display(acting_user),
        }
        if row is None:
            row = CalendarYear.objects.create(year=schedule.year, **fields)
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            # A reload is a new load: its time is now.
            row.loaded_at = timezone.now()
            row.save()

        ledger.append(
            kind=EventKind.CALENDAR_YEAR_LOADED,
            subject=row,
            actor=acting_user,
            payload={
                "year": schedule.year,
                "source": record["source"],
                "source_name": source_name,
                "content_digest": _digest(algorithm, text.encode("utf-8")),
                "schedule_digest": _schedule_digest(algorithm, record),
                "replaces": str(replaced),
                "replaced_schedule_digest": (
                    _schedule_digest(algorithm, before) if before is not None else None),
                "holidays": _holidays_payload(schedule),
                "changes": _changes(before, record),
            },
        )
        workdays.calendar_changed()
    return row


def _digest(algorithm: str, data: bytes) -> str:
    return digests.format_digest(algorithm, digests.digest_bytes(algorithm, data))


def _schedule_digest(algorithm: str, record: dict) -> str:
    """The digest of what the schedule says, independent of how the file was written."""
    content = {key: record[key] for key in
               ("days_off", "makeup_workdays", "holiday_names", "source")}
    return _digest(algorithm, ledger.canonical_json(content).encode("utf-8"))


def _record_of(row: CalendarYear) -> dict:
    return {"days_off": sorted(row.days_off), "makeup_workdays": sorted(row.makeup_workdays),
            "holiday_names": dict(sorted(row.holiday_names.items())), "source": row.source}


def _record_of_calendar(calendar: workdays.YearCalendar) -> dict:
    names = {**calendar.days_off, **calendar.makeup_workdays}
    return {
        "days_off": [d.isoformat() for d in sorted(calendar.days_off)],
        "makeup_workdays": [d.isoformat() for d in sorted(calendar.makeup_workdays)],
        "holiday_names": {d.isoformat(): names[d] for d in sorted(names)},
        "source": "chinesecalendar",
    }


def _holidays_payload(schedule: YearSchedule) -> list[dict]:
    return [
        {"name": h.name,
         "days_off": [d.isoformat() for d in h.days_off],
         "makeup_workdays": [d.isoformat() for d in h.makeup_workdays]}
        for h in schedule.holidays
    ]


def _changes(before: dict | None, after: dict) -> dict:
    """What the load changed against what was in force for the year before it."""
    before = before or {"days_off": [], "makeup_workdays": [], "holiday_names": {},
                        "source": ""}
    old_names, new_names = before["holiday_names"], after["holiday_names"]
    return {
        "days_off_added": sorted(set(after["days_off"]) - set(before["days_off"])),
        "days_off_removed": sorted(set(before["days_off"]) - set(after["days_off"])),
        "makeup_workdays_added": sorted(
            set(after["makeup_workdays"]) - set(before["makeup_workdays"])),
        "makeup_workdays_removed": sorted(
            set(before["makeup_workdays"]) - set(after["makeup_workdays"])),
        "names_changed": [[day, old_names[day], new_names[day]]
                          for day in sorted(set(old_names) & set(new_names))
                          if old_names[day] != new_names[day]],
        "source_changed": ([before["source"], after["source"]]
                           if before["source"] != after["source"] else None),
    }
