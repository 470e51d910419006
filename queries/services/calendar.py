"""The working calendar: opening hours from settings, bank holidays and council closure days that managers edit.

The query clocks (services/sla.py) run on `working_calendar()`. After a
change here, the open queries' clocks are brought up to date by the periodic
`sla_check` (every 5 minutes): it notices the calendar is not the one the
clocks were worked out with and recomputes the open queries the changed day
can affect (`sla.sla_calendar_follow`). Nothing is queued from the request, so
nothing can be lost if the broker is down.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.types import AnyUser
from dpss.formatting import long_date
from dpss.text import text_checked

from ..business_time import WorkingCalendar
from ..models import ClosureDay

YEARS_BEHIND, YEARS_AHEAD = 1, 5
NAME_MOST = 120
WEEKDAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def bank_holidays_load(*, years: range | None = None, using: str = "default") -> int:
    """Add the England and Wales bank holidays of `years` (by default last year to five years ahead) that are
    not in the table yet; a day a manager has changed is left as it is. Returns how many were added."""
    if years is None:
        this_year = timezone.localdate().year
        years = range(this_year - YEARS_BEHIND, this_year + YEARS_AHEAD + 1)
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=list(years))
    known = set(
        ClosureDay.objects.using(using)
        .filter(day__gte=f"{years.start}-01-01", day__lte=f"{years.stop - 1}-12-31")
        .values_list("day", flat=True)
    )
    new = [
        ClosureDay(day=day, name=name, kind=ClosureDay.Kind.BANK_HOLIDAY)
        for day, name in sorted(calendar.items())
        if day not in known
    ]
    ClosureDay.objects.using(using).bulk_create(new, ignore_conflicts=True)
    return len(new)


def _time(value: object) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value))


def working_calendar(*, closed_dates: Iterable[date] | None = None) -> WorkingCalendar:
    """The calendar the clocks run on: the hours in settings and every day marked closed (one SQL query).

    A page that has already read the closed days (the staff queue reads them with its filter options, in
    one query) gives them as `closed_dates`, and no query is made.

    Settings: `QUERY_TIME_ZONE` (Europe/London), `QUERY_OPENS` ("09:00"), `QUERY_CLOSES` ("17:00") and
    `QUERY_WORKING_WEEKDAYS` (0 is Monday: Monday to Friday by default).
    """
    return WorkingCalendar(
        zone=ZoneInfo(getattr(settings, "QUERY_TIME_ZONE", "Europe/London")),
        opens=_time(getattr(settings, "QUERY_OPENS", "09:00")),
        closes=_time(getattr(settings, "QUERY_CLOSES", "17:00")),
        weekdays=frozenset(getattr(settings, "QUERY_WORKING_WEEKDAYS", (0, 1, 2, 3, 4))),
        closed_dates=frozenset(
            closed_dates
            if closed_dates is not None
            else ClosureDay.objects.filter(is_closed=True).values_list("day", flat=True)
        ),
    )


def _clock(value: time) -> str:
    hour = value.hour % 12 or 12
    minutes = f".{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def opening_hours_text() -> str:
    """The usual hours in words, from settings: "Monday to Friday, 9am to 5pm"."""
    names = [name.rstrip("s") for name in WEEKDAY_NAMES]
    weekdays = sorted(set(getattr(settings, "QUERY_WORKING_WEEKDAYS", (0, 1, 2, 3, 4))))
    if weekdays == list(range(weekdays[0], weekdays[-1] + 1)) and len(weekdays) > 2:
        days = f"{names[weekdays[0]]} to {names[weekdays[-1]]}"
    else:
        days = ", ".join(names[d] for d in weekdays)
    opens = _time(getattr(settings, "QUERY_OPENS", "09:00"))
    closes = _time(getattr(settings, "QUERY_CLOSES", "17:00"))
    return f"{days}, {_clock(opens)} to {_clock(closes)}"


def _manager_only(actor: AnyUser | None) -> None:
    if actor is None or not actor.has_perm("queries.manage"):
        raise PermissionDenied("Only managers can change the working calendar.")


def _not_past(day: date, *, doing: str) -> None:
    if day < timezone.localdate():
        raise ValidationError(
            {"day": f"You cannot {doing} a day that has passed: the clocks of that day have already run."}
        )


@transaction.atomic
def closure_day_add(*, day: date, name: str, actor: User) -> ClosureDay:
    """Close the service on `day` (a council closure day). Only managers; today or later; a working day."""
    _manager_only(actor)
    name = text_checked(name, field="name", what="the name", most=NAME_MOST, required=False)
    if not name:
        raise ValidationError({"name": "Enter the name of the closure day, for example “Council staff training”."})
    if not isinstance(day, date):
        raise ValidationError({"day": "Enter the date as a day, month and year."})
    _not_past(day, doing="close on")
    calendar = working_calendar()
    if day.weekday() not in calendar.weekdays:
        raise ValidationError(
            {"day": f"The service is already closed on {WEEKDAY_NAMES[day.weekday()]}. Choose a working day."}
        )
    existing = ClosureDay.objects.select_for_update().filter(day=day).first()
    if existing is not None:
        if existing.kind == ClosureDay.Kind.BANK_HOLIDAY and not existing.is_closed:
            raise ValidationError(
                {"day": f"{long_date(day)} is {existing.name}, marked open. Mark the bank holiday closed instead."}
            )
        raise ValidationError({"day": f"The service is already closed on {long_date(day)} ({existing.name})."})
    closure = ClosureDay(
        day=day,
        name=name,
        kind=ClosureDay.Kind.COUNCIL_CLOSURE,
        is_closed=True,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    closure.full_clean()
    closure.save()
    return closure


@transaction.atomic
def bank_holiday_open(*, closure_day: ClosureDay, actor: User) -> ClosureDay:
    """The service works on this bank holiday after all. The day is kept, marked open, so loading the bank
    holidays again never closes it."""
    return _bank_holiday_set(closure_day=closure_day, is_closed=False, actor=actor)


@transaction.atomic
def bank_holiday_close(*, closure_day: ClosureDay, actor: User) -> ClosureDay:
    """Close again on a bank holiday that was marked open."""
    return _bank_holiday_set(closure_day=closure_day, is_closed=True, actor=actor)


def _bank_holiday_set(*, closure_day: ClosureDay, is_closed: bool, actor: User) -> ClosureDay:
    _manager_only(actor)
    locked = ClosureDay.objects.select_for_update().get(pk=closure_day.pk)
    if locked.kind != ClosureDay.Kind.BANK_HOLIDAY:
        raise ValidationError(
            "Only bank holidays can be marked open or closed. To open on a council closure day, remove it."
        )
    _not_past(locked.day, doing="change")
    if locked.is_closed == is_closed:
        return locked
    locked.is_closed = is_closed
    locked.changed_by = actor
    locked.changed_at = timezone.now()
    locked.save(update_fields=["is_closed", "changed_by", "changed_at"])
    closure_day.refresh_from_db()
    return locked


@transaction.atomic
def closure_day_remove(*, closure_day: ClosureDay, actor: User) -> None:
    """Open again on a council closure day. Bank holidays are never removed: mark them open instead."""
    _manager_only(actor)
    locked = ClosureDay.objects.select_for_update().filter(pk=closure_day.pk).first()
    if locked is None:
        return
    if locked.kind != ClosureDay.Kind.COUNCIL_CLOSURE:
        raise ValidationError(f"{locked.name} is a bank holiday: it cannot be removed. Mark it open instead.")
    _not_past(locked.day, doing="change")
    locked.delete()
