"""The stored query clocks: worked out again from the timeline (`clocks`) and saved, one query or many, and
followed when the working calendar changes. The beat's warnings and breaches are in `sla_alerts`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..business_time import WorkingCalendar
from ..models import Query, QueryEvent
from .calendar import working_calendar
from .clocks import clocks_work_out, timeline_read

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
# Finished statuses in the order of the partial indexes' condition (models/query.py): PostgreSQL uses a
# partial index only when the query repeats its condition.
FINISHED_IN_INDEX_ORDER = ("resolved", "closed", "merged", "withdrawn", "redirected")
BATCH = 200


# --- Recomputing one ------------------------------------------------------------------------------------

_EVENT_FIELDS = ("id", "query_id", "kind", "created_at", "counts_as_contact", "old_value", "new_value")
_INPUT_FIELDS = ("status", "priority", "is_complaint", "complaint_at", "created_at", "topic__resolution_hours")


@transaction.atomic
def sla_recompute(*, query: Query, now: datetime | None = None, calendar: WorkingCalendar | None = None) -> Query:
    """Work the query's clocks out again from its timeline and save the clock fields that changed.

    Reads the query's row (locked, so two recomputes of one query run one after the other) and its
    timeline; the priority, topic and status are read as saved, so save them before adding the event.
    Costs 2 SQL queries, plus 1 when something changed and 1 when no `calendar` is given.
    """
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


def open_queries() -> QuerySet[Query]:
    return Query.objects.filter(~Q(status__in=FINISHED_IN_INDEX_ORDER))


# --- Recomputing many ---------------------------------------------------------------------------


def sla_recompute_open(
    *,
    queryset: QuerySet[Query] | None = None,
    now: datetime | None = None,
    calendar: WorkingCalendar | None = None,
    batch_size: int = BATCH,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Recompute open queries (all, or those of `queryset`) in batches by primary key; returns how many.

    One transaction per batch (its rows locked meanwhile): 3 SQL queries a batch plus an UPDATE for each
    query whose clocks changed. `progress(done)` is called after each batch.
    """
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


def _affected_by(changed_days: set[str], calendar: WorkingCalendar) -> QuerySet[Query]:
    """Open queries whose clocks a change to these days can move: started before the last of them ended,
    due (either clock) after the first began. Paused ones are recomputed when their clock starts again."""
    if not changed_days:
        return Query.objects.none()
    days = sorted(date.fromisoformat(day) for day in changed_days)
    first = datetime.combine(days[0], time.min, tzinfo=calendar.zone)
    after_last = datetime.combine(days[-1] + timedelta(days=1), time.min, tzinfo=calendar.zone)
    return open_queries().filter(
        Q(first_contact_due_at__gte=first) | Q(resolution_due_at__gte=first), created_at__lt=after_last
    )
