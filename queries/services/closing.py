"""Closing resolved queries nobody has replied to (the issue: "closed automatically after 5 working days
without reply").

A resolved query whose person has not replied for `QUERY_AUTO_CLOSE_WORKING_DAYS` working days (5) is
closed through the status service, by nobody, with a note saying why and how to carry on. A reply from the
person before then reopens the query (that is the requester part's service), so it is no longer resolved
and is never closed here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from ..models import Query, QueryEvent
from .calendar import working_calendar
from .status import query_status_set

BATCH = 200


def close_note(days: int) -> str:
    return (
        f"We closed this query because we had not heard from you for {days} working days after our answer. "
        "If you still need help, reply here and we will look at it again."
    )


def queries_close_quiet(*, now: datetime | None = None) -> int:
    """Close every resolved query with no reply from the person for 5 working days; returns how many.

    Working time never runs faster than the clock on the wall, so only queries resolved at least that
    long ago (in plain time) are read, in batches by primary key, and each is checked in working time.
    """
    now = now or timezone.now()
    calendar = working_calendar()
    days = settings.QUERY_AUTO_CLOSE_WORKING_DAYS
    quiet = timedelta(seconds=calendar.day_seconds * days)
    candidates = Query.objects.filter(status=Query.Status.RESOLVED, resolved_at__lte=now - quiet)
    closed, last_pk = 0, 0
    while True:
        batch = list(candidates.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
        if not batch:
            return closed
        last_pk = batch[-1].pk
        last_reply = dict(
            QueryEvent.objects.filter(query_id__in=[q.pk for q in batch], kind=QueryEvent.Kind.REQUESTER_REPLY)
            .values("query_id")
            .annotate(at=Max("created_at"))
            .values_list("query_id", "at")
        )
        for query in batch:
            heard_from = max(filter(None, [query.resolved_at, last_reply.get(query.pk)]))
            if calendar.add_working_time(heard_from, quiet) > now:
                continue
            try:
                query_status_set(query=query, status=Query.Status.CLOSED, actor=None, note=close_note(days), at=now)
            except ValidationError:
                continue  # it moved on (reopened, say) since it was read
            closed += 1
