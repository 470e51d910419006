"""The one way a query's status changes: which moves are allowed, the timeline entry, and what follows.

Statuses are in `models/query.py`. Waiting for the person who asked pauses
the clocks (services/sla.py reads the pauses from these events). Resolving
sends the person the resolution message and the one-question survey.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpss.accounts.models import User

from ..models import Query, QueryEvent
from .messages import message_to_requester
from .survey import survey_send
from .timeline import event_add

_WORKING = {
    Query.Status.OPEN,
    Query.Status.IN_PROGRESS,
    Query.Status.AWAITING_REQUESTER,
    Query.Status.AWAITING_THIRD_PARTY,
}
_ENDINGS = {Query.Status.RESOLVED, Query.Status.MERGED, Query.Status.WITHDRAWN, Query.Status.REDIRECTED}

ALLOWED: dict[str, frozenset[str]] = {
    Query.Status.NEW: frozenset(_WORKING | _ENDINGS),
    Query.Status.OPEN: frozenset((_WORKING | _ENDINGS) - {Query.Status.OPEN}),
    Query.Status.IN_PROGRESS: frozenset((_WORKING | _ENDINGS) - {Query.Status.IN_PROGRESS}),
    Query.Status.AWAITING_REQUESTER: frozenset((_WORKING | _ENDINGS) - {Query.Status.AWAITING_REQUESTER}),
    Query.Status.AWAITING_THIRD_PARTY: frozenset((_WORKING | _ENDINGS) - {Query.Status.AWAITING_THIRD_PARTY}),
    Query.Status.REOPENED: frozenset(_WORKING | _ENDINGS),
    Query.Status.RESOLVED: frozenset({Query.Status.REOPENED, Query.Status.CLOSED}),
    Query.Status.CLOSED: frozenset({Query.Status.REOPENED}),
    Query.Status.MERGED: frozenset(),
    Query.Status.WITHDRAWN: frozenset(),
    Query.Status.REDIRECTED: frozenset(),
}


def status_can_move(*, current: str, to: str) -> bool:
    return to in ALLOWED.get(current, frozenset())


@transaction.atomic
def query_status_set(
    *,
    query: Query,
    status: str,
    actor: User | None = None,
    note: str = "",
    is_public: bool = True,
    at: datetime | None = None,
) -> Query:
    """Move `query` to `status`, write it on the timeline and recompute the clocks.

    The same status again changes nothing. A move the table above does not
    allow is refused with a message that says what can be done instead.
    """
    locked = Query.objects.select_for_update().get(pk=query.pk)
    if status not in Query.Status.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if locked.status == status:
        return locked
    if not status_can_move(current=locked.status, to=status):
        raise ValidationError(
            {
                "status": f"A query that is “{locked.get_status_display().lower()}” cannot be moved to "
                f"“{Query.Status(status).label.lower()}”. Reopen it first, or choose another status."
            }
        )
    old = locked.status
    locked.status = status
    if status == Query.Status.CLOSED:
        locked.closed_at = at or timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    event = event_add(
        query=locked,
        kind=QueryEvent.Kind.STATUS,
        actor=actor,
        body=note,
        is_public=is_public,
        old_value=old,
        new_value=status,
        at=at,
    )
    if status == Query.Status.RESOLVED:
        _tell_resolved(query=locked, event_pk=event.pk)
    query.refresh_from_db()
    return locked


def _tell_resolved(*, query: Query, event_pk: int) -> None:
    message_to_requester(query=query, template="query_resolved", key=f"query-resolved:{query.pk}:{event_pk}")
    survey_send(query=query)
