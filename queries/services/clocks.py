"""The query clocks, worked out from the timeline in working time (docs/adr/0009): pure computation, no
database (`sla.sla_recompute` reads the timeline and stores what this gives).

Two clocks run from the moment a query is raised:

- **First contact**: 8 working hours (`QUERY_FIRST_CONTACT_HOURS`), the
  service's "contacted within 24 hours". It stops at the first public reply by
  staff, or a logged phone call or letter marked as contact. The automatic
  acknowledgement never counts.
- **Resolution**: working hours by priority (`QUERY_RESOLUTION_HOURS`), or the
  topic's own target when it has one. A complaint runs on its own timescale
  (`QUERY_COMPLAINT_RESPONSE_HOURS`, 20 working days) from when it was made a
  complaint. It stops when the query is resolved or otherwise finished; a
  reopened query picks it up again.

Both clocks stop running while the service waits for the person who asked
(status "awaiting requester"), and the resolution clock also while a query sat
resolved before being reopened: that working time is added to the due times.

Nothing is carried over from earlier results: `sla_recompute` reads the
query's priority, topic and status as they are now and its whole timeline, so
a change of priority or topic recomputes the due time from the start.

A clock is late when it stops after its due time (so a reply at 18:00 to a
query due at 17:00 is late, although no working time passed between the two).
`first_contact_business_seconds` is the working time the clock ran;
`first_contact_wall_seconds` is the plain elapsed time from raising to first
contact, pauses included, so the figure can be restated either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings

from ..business_time import WorkingCalendar
from ..models import FINISHED_STATUSES, Query, QueryEvent, SlaAlert

# The clocks do not run in these statuses.
NOT_RUNNING = FINISHED_STATUSES | {Query.Status.AWAITING_REQUESTER}
FIRST_CONTACT = SlaAlert.Clock.FIRST_CONTACT
RESOLUTION = SlaAlert.Clock.RESOLUTION


# --- Pure arithmetic: one clock ---------------------------------------------------------------


@dataclass(frozen=True)
class ClockReading:
    """Where one clock stands. `due_at` and `warning_at` are None only while it is paused and still running."""

    name: str
    due_at: datetime | None
    warning_at: datetime | None
    used: timedelta | None
    stopped_at: datetime | None
    paused: bool

    def state(self, now: datetime) -> str:
        if self.stopped_at is not None:
            return (
                Query.SlaState.MET
                if self.due_at is not None and self.stopped_at <= self.due_at
                else Query.SlaState.MISSED
            )
        if self.paused or self.due_at is None or self.warning_at is None:
            return Query.SlaState.PAUSED
        if now > self.due_at:
            return Query.SlaState.BREACHED
        if now >= self.warning_at:
            return Query.SlaState.WARNING
        return Query.SlaState.ON_TIME


Pause = tuple[datetime, datetime | None]


def _running_segments(
    start: datetime, pauses: Iterable[Pause], stopped_at: datetime | None
) -> tuple[list[tuple[datetime, datetime | None]], bool]:
    """The stretches the clock runs in, from `start`: the last is open-ended unless the clock is paused now.

    Pauses before `start` are ignored, and pauses that begin once the clock has stopped; a pause the
    clock stopped in ends there.
    """
    cursor = start
    segments: list[tuple[datetime, datetime | None]] = []
    for pause_start, pause_end in sorted(pauses, key=lambda pause: pause[0]):
        if stopped_at is not None:
            if pause_start >= stopped_at:
                break
            if pause_end is None or pause_end > stopped_at:
                pause_end = stopped_at
        if pause_end is not None and pause_end <= cursor:
            continue
        if pause_start > cursor:
            segments.append((cursor, pause_start))
        if pause_end is None:
            return segments, True
        cursor = max(cursor, pause_end)
    segments.append((cursor, None))
    return segments, False


def clock_read(
    calendar: WorkingCalendar,
    *,
    name: str,
    start: datetime,
    target: timedelta,
    pauses: Iterable[Pause] = (),
    stopped_at: datetime | None = None,
    now: datetime,
    warning_percent: int = 80,
    measure: bool = False,
) -> ClockReading:
    """Read one clock: `target` working time from `start`, not running during `pauses`.

    The due time is the moment the running working time reaches `target`: with
    one pause before it, exactly `calendar.add_working_time(start, target +
    working time of the pause)`. The warning moment is the same for
    `warning_percent` of the target. With `measure`, `used` is the working
    time the clock ran until it stopped (or until `now`).
    """
    segments, paused = _running_segments(start, pauses, stopped_at)
    paused = paused and stopped_at is None

    def moment(amount: timedelta) -> datetime | None:
        remaining = amount
        for seg_start, seg_end in segments:
            if seg_end is None:
                return calendar.add_working_time(seg_start, remaining)
            available = calendar.working_time_between(seg_start, seg_end)
            if remaining <= available:
                return calendar.add_working_time(seg_start, remaining)
            remaining -= available
        return None

    end = stopped_at or now
    used = None
    if measure:  # only when asked: for a long-open query it walks every day since it started
        used = sum(
            (
                calendar.working_time_between(seg_start, min(seg_end, end) if seg_end is not None else end)
                for seg_start, seg_end in segments
                if seg_start < end
            ),
            timedelta(0),
        )
    warning = target * warning_percent // 100
    return ClockReading(
        name=name,
        due_at=moment(target),
        warning_at=moment(warning),
        used=used,
        stopped_at=stopped_at,
        paused=paused,
    )


# --- Pure reading of a timeline ---------------------------------------------------------------


@dataclass(frozen=True)
class TimelineFacts:
    raised_at: datetime
    first_contact_at: datetime | None
    complaint_started_at: datetime | None
    pauses: tuple[Pause, ...]
    finished_at: datetime | None
    resolved_at: datetime | None


def _counts_as_contact(event: QueryEvent) -> bool:
    if event.kind == QueryEvent.Kind.PUBLIC_REPLY:
        return True
    return event.kind in (QueryEvent.Kind.PHONE_CALL, QueryEvent.Kind.LETTER) and event.counts_as_contact


@dataclass
class _StatusWalk:
    """The status history as the clocks see it, built one status event at a time."""

    current: str = Query.Status.NEW
    pauses: list[Pause] = field(default_factory=list)
    pause_start: datetime | None = None
    finished_since: datetime | None = None
    resolved_at: datetime | None = None

    def move(self, new: str, at: datetime) -> None:
        was_running, runs = self.current not in NOT_RUNNING, new not in NOT_RUNNING
        if was_running and not runs:
            self.pause_start = at
        elif runs and not was_running:
            if self.pause_start is not None and self.pause_start < at:
                self.pauses.append((self.pause_start, at))
            self.pause_start = None
        if new not in FINISHED_STATUSES:
            self.finished_since = None
            self.resolved_at = None
        elif self.current not in FINISHED_STATUSES:
            self.finished_since = at
        if new == Query.Status.RESOLVED:
            self.resolved_at = at
        self.current = new


def timeline_read(*, events: list, status: str, created_at: datetime, complaint_at: datetime | None) -> TimelineFacts:
    """What the timeline says about the clocks. `events` in timeline order; `status` is the query's status now.

    The pauses come from the status events (old and new values): from a move
    into "awaiting requester" or a finished status to the next move back to a
    working status. `resolved_at` is the latest move to resolved not followed
    by a reopen. Where the saved status and the events disagree (a query made
    without its events), the saved status wins and the last event's time
    stands in for the missing move.
    """
    raised_at = next((e.created_at for e in events if e.kind == QueryEvent.Kind.RAISED), created_at)
    first_contact_at = next((e.created_at for e in events if _counts_as_contact(e)), None)
    complaint_started_at = complaint_at or next(
        (e.created_at for e in events if e.kind == QueryEvent.Kind.COMPLAINT), None
    )
    walk = _StatusWalk()
    for event in events:
        if event.kind == QueryEvent.Kind.STATUS and event.new_value in Query.Status.values:
            walk.move(event.new_value, event.created_at)

    last_moment = events[-1].created_at if events else created_at
    pauses, finished_at, resolved_at = list(walk.pauses), None, None
    if status in FINISHED_STATUSES:
        finished_at = walk.finished_since or last_moment
        if walk.pause_start is not None and walk.pause_start < finished_at:
            pauses.append((walk.pause_start, finished_at))
        if status in (Query.Status.RESOLVED, Query.Status.CLOSED):
            resolved_at = walk.resolved_at or finished_at
    elif status == Query.Status.AWAITING_REQUESTER:
        pauses.append((walk.pause_start or last_moment, None))
    return TimelineFacts(
        raised_at=raised_at,
        first_contact_at=first_contact_at,
        complaint_started_at=complaint_started_at,
        pauses=tuple(pauses),
        finished_at=finished_at,
        resolved_at=resolved_at,
    )


def resolution_target(*, priority: str, topic_hours: int | None, is_complaint: bool) -> timedelta:
    """Working time to resolve: a complaint's timescale, else the topic's target, else the priority's."""
    if is_complaint:
        hours = settings.QUERY_COMPLAINT_RESPONSE_HOURS
    elif topic_hours:
        hours = topic_hours
    else:
        hours = settings.QUERY_RESOLUTION_HOURS.get(priority, settings.QUERY_RESOLUTION_HOURS["normal"])
    return timedelta(hours=hours)


@dataclass(frozen=True)
class Clocks:
    first_contact: ClockReading
    resolution: ClockReading
    # The running clock due first (None when the query is finished).
    current: ClockReading | None
    fields: dict


def clocks_work_out(
    *,
    facts: TimelineFacts,
    status: str,
    priority: str,
    topic_hours: int | None,
    is_complaint: bool,
    calendar: WorkingCalendar,
    now: datetime,
) -> Clocks:
    """Both clocks and the stored fields they give, from what the timeline says."""
    percent = settings.QUERY_SLA_WARNING_PERCENT
    first_contact = clock_read(
        calendar,
        name=FIRST_CONTACT,
        start=facts.raised_at,
        target=timedelta(hours=settings.QUERY_FIRST_CONTACT_HOURS),
        pauses=facts.pauses,
        stopped_at=facts.first_contact_at or facts.finished_at,
        now=now,
        warning_percent=percent,
        measure=facts.first_contact_at is not None,
    )
    complaint_start = facts.complaint_started_at if is_complaint else None
    complaint = complaint_start is not None
    resolution = clock_read(
        calendar,
        name=RESOLUTION,
        start=complaint_start if complaint_start is not None else facts.raised_at,
        target=resolution_target(priority=priority, topic_hours=topic_hours, is_complaint=complaint),
        pauses=facts.pauses,
        stopped_at=facts.finished_at,
        now=now,
        warning_percent=percent,
    )
    finished = status in FINISHED_STATUSES
    running = [] if finished else [c for c in (first_contact, resolution) if c.stopped_at is None]
    paused = any(c.paused for c in running)
    current = None
    if running and not paused:
        current = min(running, key=lambda clock: clock.due_at)  # type: ignore[arg-type, return-value]
    elif running:
        current = running[0]
    if finished:
        state = resolution.state(now)
    elif paused:
        state = Query.SlaState.PAUSED
    else:
        state = current.state(now) if current else Query.SlaState.ON_TIME
    contact = facts.first_contact_at
    fields = {
        "first_contact_due_at": first_contact.due_at,
        "first_contact_at": contact,
        "first_contact_business_seconds": first_contact.used // timedelta(seconds=1)
        if first_contact.used is not None
        else None,
        "first_contact_wall_seconds": max(0, int((contact - facts.raised_at).total_seconds())) if contact else None,
        "resolution_due_at": resolution.due_at,
        "resolved_at": facts.resolved_at,
        "due_at": current.due_at if current and not paused else None,
        "warning_at": current.warning_at if current and not paused else None,
        "sla_state": state,
    }
    return Clocks(first_contact=first_contact, resolution=resolution, current=current, fields=fields)


def current_clock(query: Query) -> str:
    """Which clock `due_at` belongs to: first contact until someone has been in touch, then resolution."""
    if query.first_contact_at is None and query.due_at is not None and query.due_at == query.first_contact_due_at:
        return FIRST_CONTACT
    return RESOLUTION
