"""Working-time arithmetic (queries/business_time.py) and one clock (services/clocks.clock_read): pure, no database.

Properties are checked across the clock changes of March and October, bank holidays and odd calendars.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.business_time import WorkingCalendar
from queries.services.clocks import clock_read

LONDON = ZoneInfo("Europe/London")
# England and Wales bank holidays of 2026 and 2027 (what the holidays package gives).
BANK_HOLIDAYS = frozenset(
    date.fromisoformat(d)
    for d in [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-28",
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-03",
        "2027-05-31",
        "2027-08-30",
        "2027-12-27",
        "2027-12-28",
    ]
)
STANDARD = WorkingCalendar(closed_dates=BANK_HOLIDAYS)


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


# Moments around 2026-2027 (clock changes: 29 March and 25 October 2026, 28 March and 31 October 2027), at
# any second, including the ambiguous hour in October; never a time that does not exist.
moments = st.datetimes(
    min_value=datetime(2026, 3, 1), max_value=datetime(2027, 11, 30), timezones=st.just(LONDON), allow_imaginary=False
)
amounts = st.integers(min_value=1, max_value=200 * 3600)


@st.composite
def calendars(draw) -> WorkingCalendar:
    """The standard calendar, or another one: other hours (an hour a day or more, some across the 01:00-02:00
    clock change), other
    weekdays (weekends included), extra closed days."""
    if draw(st.booleans()):
        return STANDARD
    opens = draw(st.times(min_value=time(0, 0), max_value=time(21, 0)).map(lambda t: t.replace(microsecond=0)))
    length = draw(st.integers(min_value=3600, max_value=(23 * 3600) - (opens.hour * 3600 + opens.minute * 60) - 60))
    closes_at = datetime.combine(date(2026, 1, 1), opens) + timedelta(seconds=length)
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    extra = draw(st.frozensets(st.dates(date(2026, 3, 1), date(2027, 12, 31)), max_size=40))
    return WorkingCalendar(
        zone=LONDON, opens=opens, closes=closes_at.time(), weekdays=weekdays, closed_dates=BANK_HOLIDAYS | extra
    )


def in_due_window(calendar: WorkingCalendar, moment: datetime) -> bool:
    """The boundary rule: a due time lies in (opening, closing] of a working day."""
    local = moment.astimezone(calendar.zone)
    day = local.date()
    if not calendar.is_working_day(day):
        return False
    opens = datetime.combine(day, calendar.opens, tzinfo=calendar.zone).astimezone(UTC)
    closes = datetime.combine(day, calendar.closes, tzinfo=calendar.zone).astimezone(UTC)
    return opens < moment.astimezone(UTC) <= closes


# --- The boundary rule, on examples a person can check ------------------------------------------------


def test_a_target_ending_at_closing_time_is_due_at_five_that_day_not_nine_the_next():
    assert STANDARD.add_working_time(london(2026, 11, 30, 9), 8 * 3600) == london(2026, 11, 30, 17)
    assert STANDARD.add_working_time(london(2026, 11, 30, 9), 8 * 3600 + 1) == london(2026, 12, 1, 9, 0, 1)


def test_open_from_opening_time_until_just_before_closing_time():
    assert STANDARD.is_open(london(2026, 11, 30, 9))
    assert STANDARD.is_open(london(2026, 11, 30, 16, 59, 59))
    assert not STANDARD.is_open(london(2026, 11, 30, 17))
    assert not STANDARD.is_open(london(2026, 11, 28, 12))  # a Saturday
    assert not STANDARD.is_open(london(2026, 12, 25, 12))  # Christmas Day


def test_a_query_raised_on_friday_afternoon_before_the_clocks_go_forward_is_due_on_monday_afternoon():
    # 2 hours on Friday 27 March 2026 (GMT), 6 on Monday 30 March (BST): still 15:00 on the wall clock.
    due = STANDARD.add_working_time(london(2026, 3, 27, 15), 8 * 3600)
    assert due == london(2026, 3, 30, 15)
    assert due.utcoffset() == timedelta(hours=1)
    assert STANDARD.working_seconds_between(london(2026, 3, 27, 15), due) == 8 * 3600


def test_the_weekend_the_clocks_go_back_adds_no_working_time():
    friday, monday = london(2026, 10, 23, 17), london(2026, 10, 26, 9)
    assert STANDARD.working_seconds_between(friday, monday) == 0
    assert (monday - friday).total_seconds() != 0


def test_christmas_and_boxing_day_observed_are_skipped():
    # Thursday 24 December 2026, 13:00: 4 hours that day, then Tuesday 29 December (25th, weekend, 28th closed).
    assert STANDARD.add_working_time(london(2026, 12, 24, 13), 8 * 3600) == london(2026, 12, 29, 13)


def test_next_opening_is_now_when_open_and_the_next_morning_when_closed():
    assert STANDARD.next_opening(london(2026, 11, 30, 10)) == london(2026, 11, 30, 10)
    assert STANDARD.next_opening(london(2026, 11, 30, 17)) == london(2026, 12, 1, 9)
    assert STANDARD.next_opening(london(2026, 12, 24, 18)) == london(2026, 12, 29, 9)


def test_naive_datetimes_and_impossible_calendars_are_refused():
    with pytest.raises(ValueError, match="aware"):
        STANDARD.is_open(datetime(2026, 11, 30, 10))
    with pytest.raises(ValueError, match="open before it closes"):
        WorkingCalendar(opens=time(17), closes=time(9))
    with pytest.raises(ValueError, match="weekdays"):
        WorkingCalendar(weekdays=frozenset())
    with pytest.raises(ValueError, match="negative"):
        STANDARD.add_working_time(london(2026, 11, 30, 10), -1)


# --- Properties -------------------------------------------------------------------------------------


@settings(deadline=None)
@given(calendar=calendars(), start=moments, seconds=amounts)
def test_a_due_time_never_falls_in_closed_hours(calendar, start, seconds):
    due = calendar.add_working_time(start, seconds)
    assert in_due_window(calendar, due)
    # ... and the moment just before it is working time.
    assert calendar.is_open(due - timedelta(microseconds=1))
    assert due > start


@settings(deadline=None)
@given(calendar=calendars(), start=moments, seconds=st.integers(min_value=0, max_value=200 * 3600))
def test_adding_then_measuring_gives_the_same_working_time(calendar, start, seconds):
    assert calendar.working_seconds_between(start, calendar.add_working_time(start, seconds)) == seconds


@settings(deadline=None)
@given(calendar=calendars(), a=moments, b=moments, c=moments)
def test_splitting_an_interval_anywhere_adds_up(calendar, a, b, c):
    start, middle, end = sorted([a, b, c])
    whole = calendar.working_time_between(start, end)
    assert whole == calendar.working_time_between(start, middle) + calendar.working_time_between(middle, end)
    assert whole <= end.astimezone(UTC) - start.astimezone(UTC)


@settings(deadline=None)
@given(calendar=calendars(), moment=moments)
def test_next_opening_is_open_and_nothing_before_it_is(calendar, moment):
    opening = calendar.next_opening(moment)
    assert calendar.is_open(opening)
    assert calendar.working_seconds_between(moment, opening) == 0


@settings(deadline=None)
@given(
    calendar=calendars(),
    start=moments,
    target=st.integers(min_value=3600, max_value=160 * 3600),
    pause_after=st.floats(min_value=0, max_value=0.999),
    pause_length=st.integers(min_value=1, max_value=30 * 24 * 3600),
)
def test_a_pause_then_resume_adds_exactly_the_paused_working_time_to_the_due_time(
    calendar, start, target, pause_after, pause_length
):
    unpaused = clock_read(calendar, name="c", start=start, target=timedelta(seconds=target), now=start)
    # The pause starts before the clock would have run out (arithmetic in UTC: local arithmetic is wall-clock).
    start_utc = start.astimezone(UTC)
    pause_start = start_utc + (unpaused.due_at.astimezone(UTC) - start_utc) * pause_after
    pause_end = pause_start + timedelta(seconds=pause_length)
    paused = clock_read(
        calendar,
        name="c",
        start=start,
        target=timedelta(seconds=target),
        pauses=[(pause_start, pause_end)],
        now=pause_end,
    )
    lost = calendar.working_time_between(pause_start, pause_end)
    assert paused.due_at == calendar.add_working_time(start, timedelta(seconds=target) + lost)
    assert in_due_window(calendar, paused.due_at)


def test_a_pause_before_the_clock_starts_or_after_it_stopped_changes_nothing():
    start = london(2026, 11, 30, 9)
    target = timedelta(hours=8)
    plain = clock_read(STANDARD, name="c", start=start, target=target, now=start)
    before = clock_read(
        STANDARD, name="c", start=start, target=target, pauses=[(london(2026, 11, 27, 9), start)], now=start
    )
    stopped = london(2026, 11, 30, 12)
    after = clock_read(
        STANDARD,
        name="c",
        start=start,
        target=target,
        pauses=[(london(2026, 11, 30, 13), london(2026, 12, 2, 13))],
        stopped_at=stopped,
        now=stopped,
        measure=True,
    )
    assert plain.due_at == before.due_at == after.due_at == london(2026, 11, 30, 17)
    assert after.used == timedelta(hours=3)


def test_an_open_pause_leaves_no_due_time_and_counts_only_the_time_that_ran():
    start = london(2026, 11, 30, 9)
    reading = clock_read(
        STANDARD,
        name="c",
        start=start,
        target=timedelta(hours=8),
        pauses=[(london(2026, 11, 30, 11), None)],
        now=london(2026, 12, 3, 9),
        measure=True,
    )
    assert reading.paused and reading.due_at is None
    assert reading.used == timedelta(hours=2)
    assert reading.state(london(2026, 12, 3, 9)) == "paused"
