"""The query clocks, worked out from the timeline in working time (docs/adr/0009).

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

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dpss.accounts.models import User
from dpss.accounts.selectors import manager_list

from ..business_time import WorkingCalendar
from ..models import FINISHED_STATUSES, EventKind, Query, QueryEvent, SlaAlert, SlaState, Status
from .messages import message_to_staff

logger = logging.getLogger(__name__)

# The stored clock fields, written by this module only.
CLOCK_FIELDS = (
    "first_contact_due_at",
    "first_contact_at",
    "first_contact_business_seconds",
    "first_contact_wall_seconds",
    "resolution_due_at",
    "resolved_at",
    "due_at",
    "warning_at",
    "sla_state",
)
# The clocks do not run in these statuses.
NOT_RUNNING = FINISHED_STATUSES | {Status.AWAITING_REQUESTER}
# Finished statuses in the order of the partial indexes' condition (models/tracker.py): PostgreSQL uses a
# partial index only when the query repeats its condition.
FINISHED_IN_INDEX_ORDER = ("resolved", "closed", "merged", "withdrawn", "redirected")
BATCH = 200
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
            return SlaState.MET if self.due_at is not None and self.stopped_at <= self.due_at else SlaState.MISSED
        if self.paused or self.due_at is None or self.warning_at is None:
            return SlaState.PAUSED
        if now > self.due_at:
            return SlaState.BREACHED
        if now >= self.warning_at:
            return SlaState.WARNING
        return SlaState.ON_TIME


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


def _counts_as_contact(event) -> bool:
    if event.kind == EventKind.PUBLIC_REPLY:
        return True
    return event.kind in (EventKind.PHONE_CALL, EventKind.LETTER) and event.counts_as_contact


@dataclass
class _StatusWalk:
    """The status history as the clocks see it, built one status event at a time."""

    current: str = Status.NEW
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
        if new == Status.RESOLVED:
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
    raised_at = next((e.created_at for e in events if e.kind == EventKind.RAISED), created_at)
    first_contact_at = next((e.created_at for e in events if _counts_as_contact(e)), None)
    complaint_started_at = complaint_at or next((e.created_at for e in events if e.kind == EventKind.COMPLAINT), None)
    walk = _StatusWalk()
    for event in events:
        if event.kind == EventKind.STATUS and event.new_value in Status.values:
            walk.move(event.new_value, event.created_at)

    last_moment = events[-1].created_at if events else created_at
    pauses, finished_at, resolved_at = list(walk.pauses), None, None
    if status in FINISHED_STATUSES:
        finished_at = walk.finished_since or last_moment
        if walk.pause_start is not None and walk.pause_start < finished_at:
            pauses.append((walk.pause_start, finished_at))
        if status in (Status.RESOLVED, Status.CLOSED):
            resolved_at = walk.resolved_at or finished_at
    elif status == Status.AWAITING_REQUESTER:
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
    complaint = is_complaint and facts.complaint_started_at is not None
    resolution = clock_read(
        calendar,
        name=RESOLUTION,
        start=facts.complaint_started_at if complaint else facts.raised_at,
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
        state = SlaState.PAUSED
    else:
        state = current.state(now) if current else SlaState.ON_TIME
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


# --- Services ------------------------------------------------------------------------------------

_EVENT_FIELDS = ("id", "query_id", "kind", "created_at", "counts_as_contact", "old_value", "new_value")
_INPUT_FIELDS = ("status", "priority", "is_complaint", "complaint_at", "created_at", "topic__resolution_hours")


@transaction.atomic
def sla_recompute(*, query: Query, now: datetime | None = None, calendar: WorkingCalendar | None = None) -> Query:
    """Work the query's clocks out again from its timeline and save the clock fields that changed.

    Reads the query's row (locked, so two recomputes of one query run one after the other) and its
    timeline; the priority, topic and status are read as saved, so save them before adding the event.
    Costs 2 SQL queries, plus 1 when something changed and 1 when no `calendar` is given.
    """
    from .calendar import working_calendar

    fields = _recompute_rows([query.pk], now=now or timezone.now(), calendar=calendar or working_calendar())
    for name, value in fields.get(query.pk, {}).items():
        setattr(query, name, value)
    return query


def _recompute_rows(pks: list[int], *, now: datetime, calendar: WorkingCalendar) -> dict[int, dict]:
    """Recompute these queries in the caller's transaction: rows locked, one read of their timelines, an
    UPDATE (of the clock fields only: bookkeeping, not a change anyone made) for each one that changed."""
    rows = list(
        Query.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .order_by("pk")
        .values("pk", *_INPUT_FIELDS, *CLOCK_FIELDS)
    )
    timelines: dict[int, list] = {row["pk"]: [] for row in rows}
    for event in (
        QueryEvent.objects.filter(query_id__in=list(timelines))
        .order_by("query_id", "created_at", "id")
        .only(*_EVENT_FIELDS)
    ):
        timelines[event.query_id].append(event)
    results = {}
    for row in rows:
        facts = timeline_read(
            events=timelines[row["pk"]],
            status=row["status"],
            created_at=row["created_at"],
            complaint_at=row["complaint_at"],
        )
        fields = clocks_work_out(
            facts=facts,
            status=row["status"],
            priority=row["priority"],
            topic_hours=row["topic__resolution_hours"],
            is_complaint=row["is_complaint"],
            calendar=calendar,
            now=now,
        ).fields
        changed = {name: value for name, value in fields.items() if row[name] != value}
        if changed:
            Query.objects.filter(pk=row["pk"]).update(**changed)
        results[row["pk"]] = fields
    return results


def current_clock(query: Query) -> str:
    """Which clock `due_at` belongs to: first contact until someone has been in touch, then resolution."""
    if query.first_contact_at is None and query.due_at is not None and query.due_at == query.first_contact_due_at:
        return FIRST_CONTACT
    return RESOLUTION


def open_queries():
    return Query.objects.filter(~Q(status__in=FINISHED_IN_INDEX_ORDER))


def sla_check(*, now: datetime | None = None) -> int:
    """Bring stale clock states up to date and alert once per clock, level and due time. Returns alerts sent.

    Looks only at open queries past their warning moment (`warning_at`, indexed) whose stored state is
    out of date or not yet alerted, in batches, each recomputed from its timeline. First follows any
    change to the working calendar (`sla_calendar_follow`).
    """
    from .calendar import working_calendar

    now = now or timezone.now()
    calendar = working_calendar()
    sla_calendar_follow(calendar=calendar, now=now)
    # Every query to look at has passed its warning moment (a warning or a breach implies it).
    candidates = open_queries().filter(warning_at__lte=now).filter(_needs_looking_at(now))
    sent = 0
    after: Q = Q()
    fallback: list[User] | None = None
    while True:
        # In the order of the index on (warning_at, id), a page at a time, resuming after the last one seen.
        batch = list(candidates.filter(after).select_related("team__lead").order_by("warning_at", "pk")[:BATCH])
        if not batch:
            return sent
        last = batch[-1]
        after = Q(warning_at__gt=last.warning_at) | Q(warning_at=last.warning_at, pk__gt=last.pk)
        for query in batch:
            with transaction.atomic():
                sla_recompute(query=query, now=now, calendar=calendar)
                level = {SlaState.WARNING: SlaAlert.Level.WARNING, SlaState.BREACHED: SlaAlert.Level.BREACH}.get(
                    query.sla_state
                )
                if level is None or query.due_at is None:
                    continue
                lead = query.team.lead if query.team_id and query.team.lead_id else None
                if lead is not None and lead.is_active and lead.email:
                    to = [lead]
                else:
                    fallback = fallback if fallback is not None else manager_list()
                    to = fallback
                if _alert(query=query, level=level, to=to, now=now, calendar=calendar):
                    sent += 1


def _needs_looking_at(now: datetime) -> Q:
    """The stored state is out of date, or it is a warning or a breach nobody was alerted about yet (the
    state can move without the check, when an event is added after the 80% moment, say)."""
    stale = Q(sla_state=SlaState.ON_TIME) | Q(due_at__lt=now, sla_state=SlaState.WARNING)
    first_contact = Q(first_contact_at__isnull=True, due_at=F("first_contact_due_at"))

    def alerted(level: str, clock: str) -> Exists:
        return Exists(
            SlaAlert.objects.filter(query=OuterRef("pk"), level=level, clock=clock, due_at=OuterRef("due_at"))
        )

    def not_alerted(level: str) -> Q:
        return (first_contact & ~alerted(level, FIRST_CONTACT)) | (~first_contact & ~alerted(level, RESOLUTION))

    return (
        stale
        | (Q(sla_state=SlaState.WARNING) & not_alerted(SlaAlert.Level.WARNING))
        | (Q(sla_state=SlaState.BREACHED) & not_alerted(SlaAlert.Level.BREACH))
    )


def _alert(*, query: Query, level: str, to: list[User], now: datetime, calendar: WorkingCalendar) -> bool:
    """One alert per query, clock, level and due time (the SlaAlert constraint); False if it was sent before."""
    clock = current_clock(query)
    try:
        with transaction.atomic():
            SlaAlert.objects.create(query=query, clock=clock, level=level, due_at=query.due_at, created_at=now)
    except IntegrityError:
        return False
    template = "query_sla_warning" if level == SlaAlert.Level.WARNING else "query_sla_breach"
    local_due = timezone.localtime(query.due_at, calendar.zone)
    context = {
        "reference": query.reference,
        "subject": query.subject,
        "clock": "first contact" if clock == FIRST_CONTACT else "an answer",
        "first_contact": clock == FIRST_CONTACT,
        "due": f"{local_due:%H:%M} on {local_due:%A} {local_due.day} {local_due:%B %Y}",
        "team": query.team.name if query.team_id else "",
        "link": _query_link(query),
    }
    stamp = f"{query.due_at:%Y%m%d%H%M%S}"
    for person in to:
        message_to_staff(
            to=person.email,
            template=template,
            key=f"query-sla:{query.pk}:{clock}:{level}:{stamp}:{person.pk}",
            context=context,
        )
    if not to:
        logger.warning("No team lead or manager to alert about query %s", query.pk)
    return True


def _query_link(query: Query) -> str:
    try:
        return settings.SITE_URL + reverse("queries:staff_query", kwargs={"pk": query.pk})
    except NoReverseMatch:
        return settings.SITE_URL + "/"


# --- Recomputing many ---------------------------------------------------------------------------


def sla_recompute_open(
    *,
    queryset=None,
    now: datetime | None = None,
    calendar: WorkingCalendar | None = None,
    batch_size: int = BATCH,
    progress=None,
) -> int:
    """Recompute open queries (all, or those of `queryset`) in batches by primary key; returns how many.

    One transaction per batch (its rows locked meanwhile): 3 SQL queries a batch plus an UPDATE for each
    query whose clocks changed. `progress(done)` is called after each batch.
    """
    from .calendar import working_calendar

    now = now or timezone.now()
    calendar = calendar or working_calendar()
    queryset = open_queries() if queryset is None else queryset
    done, last_pk = 0, 0
    while True:
        pks = list(queryset.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not pks:
            return done
        with transaction.atomic():
            _recompute_rows(pks, now=now, calendar=calendar)
        done += len(pks)
        last_pk = pks[-1]
        if progress is not None:
            progress(done)


CALENDAR_CACHE_KEY = "queries:sla-calendar"
CALENDAR_LOCK_KEY = "queries:sla-calendar-following"
# Longer than following any change takes; a worker that died holding it frees it after this.
CALENDAR_LOCK_SECONDS = 30 * 60


def sla_calendar_follow(*, calendar: WorkingCalendar | None = None, now: datetime | None = None) -> int:
    """After the working calendar changed, recompute the open queries the changed days can affect.

    The calendar the clocks were last worked out with is remembered (in the database cache) as its
    hours and closed dates. When today's differs, open running queries that started before the last
    changed day and are due after the first are recomputed; when the hours changed, every open query is.
    The new calendar is remembered only once that is done, so a worker that stops half way leaves the
    work to the next run; one worker at a time does it (a lock in the cache). Returns how many queries
    were recomputed.
    """
    from .calendar import working_calendar

    calendar = calendar or working_calendar()
    now = now or timezone.now()
    remembered = cache.get(CALENDAR_CACHE_KEY)
    here = {"fingerprint": calendar.fingerprint(), "hours": _hours_key(calendar), "closed": _closed_list(calendar)}
    if remembered == here:
        return 0
    if not isinstance(remembered, dict):
        # The first check ever (or the cache was cleared): every clock was worked out when its last event
        # was added, with the calendar of the time. `manage.py queries_recompute` redoes them all if needed.
        cache.set(CALENDAR_CACHE_KEY, here, timeout=None)
        return 0
    if not cache.add(CALENDAR_LOCK_KEY, now.isoformat(), timeout=CALENDAR_LOCK_SECONDS):
        return 0  # another worker is following the change
    try:
        queryset = None  # the hours changed: every open query
        if remembered.get("hours") == here["hours"]:
            queryset = _affected_by(set(remembered.get("closed", [])) ^ set(here["closed"]), calendar)
        done = sla_recompute_open(queryset=queryset, now=now, calendar=calendar)
        cache.set(CALENDAR_CACHE_KEY, here, timeout=None)
    finally:
        cache.delete(CALENDAR_LOCK_KEY)
    logger.info("Working calendar changed: recomputed the clocks of %s open queries", done)
    return done


def _hours_key(calendar: WorkingCalendar) -> str:
    weekdays = ",".join(str(d) for d in sorted(calendar.weekdays))
    return f"{calendar.zone}|{calendar.opens}|{calendar.closes}|{weekdays}"


def _closed_list(calendar: WorkingCalendar) -> list[str]:
    return sorted(day.isoformat() for day in calendar.closed_dates)


def _affected_by(changed_days: set[str], calendar: WorkingCalendar):
    """Open queries whose clocks a change to these days can move: started before the last of them ended,
    due (either clock) after the first began. Paused ones are recomputed when their clock starts again."""
    from datetime import date, time

    if not changed_days:
        return Query.objects.none()
    days = sorted(date.fromisoformat(day) for day in changed_days)
    first = datetime.combine(days[0], time.min, tzinfo=calendar.zone)
    after_last = datetime.combine(days[-1] + timedelta(days=1), time.min, tzinfo=calendar.zone)
    return open_queries().filter(
        Q(first_contact_due_at__gte=first) | Q(resolution_due_at__gte=first), created_at__lt=after_last
    )
