"""Working-time arithmetic for the query clocks. Pure Python: no database, no settings.

A `WorkingCalendar` says when the service is at work: the same local opening
and closing time (wall-clock time in its time zone, so 09:00 stays 09:00 when
the clocks go forward in March and back in October) on its working weekdays,
except on its closed dates (bank holidays, council closure days).

The boundary rule, used everywhere in this module:

- The service is open on a working day from its opening time, included, to
  its closing time, excluded: `is_open` is true for 09:00:00 and false for
  17:00:00.
- A due time always lies in (opening, closing] of a working day: a target that
  runs out exactly at closing time is due at 17:00 that day, never at 09:00 the
  next working day, and a target never runs out at the very moment of opening.
  (Adding no working time at all gives the start back unchanged.)
- Working time between two moments is measured over the same open periods, so
  adding and measuring agree exactly: for any `start` and `seconds >= 0`,
  `working_seconds_between(start, add_working_time(start, seconds)) == seconds`.

All arithmetic is done in UTC (adding a timedelta to a local aware datetime in
Python is wall-clock arithmetic, which is wrong across a clock change); results
are returned in the calendar's time zone. Naive datetimes are refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# How far ahead the calendar looks for the next working day before giving up (a calendar whose every day
# is closed for ten years is a mistake, not a calendar).
_LOOKAHEAD_DAYS = 3660


@dataclass(frozen=True)
class WorkingCalendar:
    """When the service works. `weekdays` uses Python's numbering: Monday is 0, Sunday is 6."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/London"))
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    closed_dates: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if isinstance(self.zone, str):
            object.__setattr__(self, "zone", ZoneInfo(self.zone))
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("Opening and closing times are local wall-clock times: give them without a time zone.")
        if not self.opens < self.closes:
            raise ValueError("The service must open before it closes on the same day (for example 09:00 and 17:00).")
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError("Working weekdays must be numbers from 0 (Monday) to 6 (Sunday), at least one.")

    # --- What a day looks like --------------------------------------------------------

    @property
    def day_seconds(self) -> int:
        """The length of an ordinary working day in seconds (8 hours for 09:00 to 17:00)."""
        opens = self.opens.hour * 3600 + self.opens.minute * 60 + self.opens.second
        closes = self.closes.hour * 3600 + self.closes.minute * 60 + self.closes.second
        return closes - opens

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.closed_dates

    def fingerprint(self) -> str:
        """A short digest of everything that decides working time: equal calendars have equal fingerprints."""
        text = "|".join(
            [
                str(self.zone),
                self.opens.isoformat(),
                self.closes.isoformat(),
                ",".join(str(d) for d in sorted(self.weekdays)),
                ",".join(d.isoformat() for d in sorted(self.closed_dates)),
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def _period(self, day: date) -> tuple[datetime, datetime]:
        """The open period of a working day, in UTC. (A time inside a spring-forward gap is read with the
        offset before the change, as zoneinfo does; such a period may come out empty.)"""
        start = datetime.combine(day, self.opens, tzinfo=self.zone).astimezone(UTC)
        end = datetime.combine(day, self.closes, tzinfo=self.zone).astimezone(UTC)
        return start, end

    def _periods_from(self, moment_utc: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Open periods, in order, that end after `moment_utc` (clipped to start no earlier than it)."""
        day = moment_utc.astimezone(self.zone).date()
        for _ in range(_LOOKAHEAD_DAYS):
            if self.is_working_day(day):
                start, end = self._period(day)
                start = max(start, moment_utc)
                if start < end:
                    yield start, end
            day += timedelta(days=1)
        raise ValueError("The working calendar has no working day in the next ten years.")

    # --- The four questions the clocks ask ---------------------------------------------

    def is_open(self, moment: datetime) -> bool:
        """True when `moment` is inside working hours: opening time included, closing time excluded."""
        utc = _utc(moment)
        day = utc.astimezone(self.zone).date()
        if not self.is_working_day(day):
            return False
        start, end = self._period(day)
        return start <= utc < end

    def next_opening(self, moment: datetime) -> datetime:
        """The first moment at or after `moment` when the service is open: `moment` itself if it is open now,
        else the next opening time."""
        utc = _utc(moment)
        start, _ = next(self._periods_from(utc))
        return start.astimezone(self.zone)

    def add_working_time(self, start: datetime, seconds: int | float | timedelta) -> datetime:
        """The moment `seconds` of working time after `start`, in (opening, closing] of a working day.

        Adding nothing gives `start` back. Negative amounts are refused.
        """
        remaining = seconds if isinstance(seconds, timedelta) else timedelta(seconds=seconds)
        if remaining < timedelta(0):
            raise ValueError("Working time to add cannot be negative.")
        utc = _utc(start)
        if not remaining:
            return start
        for period_start, period_end in self._periods_from(utc):
            available = period_end - period_start
            if remaining <= available:
                return (period_start + remaining).astimezone(self.zone)
            remaining -= available
        raise AssertionError("unreachable: _periods_from raises when it runs out")  # pragma: no cover

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from `start` to `end`, exactly (to the microsecond); nothing if `end` is not later."""
        start_utc, end_utc = _utc(start), _utc(end)
        total = timedelta(0)
        if end_utc <= start_utc:
            return total
        for period_start, period_end in self._periods_from(start_utc):
            if period_start >= end_utc:
                break
            total += min(period_end, end_utc) - period_start
        return total

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        """Whole seconds of working time from `start` to `end` (0 if `end` is not later)."""
        return self.working_time_between(start, end) // timedelta(seconds=1)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Give an aware datetime (with a time zone), not a naive one.")
    return moment.astimezone(UTC)
