"""One query and its timeline, as the person looking at it may see them.

Staff see the whole timeline: public replies, internal notes, logged calls
and letters, status and assignment changes. Anyone else (the person who
asked, someone acting for the person it is about) sees only the public part:
never an internal note, a call log or who it was assigned to. The timeline is
read in one query with its authors and linked articles, and one more for its
attachments, however long it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet, TextChoices

from dpss.accounts.models import User
from dpss.accounts.rules import is_dpss_staff
from dpss.accounts.types import AnyUser

from ..business_time import WorkingCalendar
from ..models import PUBLIC_EVENT_KINDS, CannedReply, Query, QueryAttachment, QueryEvent
from .queue import due_in_words


def staff_query_get(*, fetched_by: User, pk: int) -> Query | None:
    """The query with everything its staff page shows about it in one joined query; None if not visible."""
    return (
        Query.objects.visible_to(fetched_by)
        .select_related(
            "topic",
            "topic__team",
            "suggested_topic",
            "team",
            "team__lead",
            "assignee",
            "about",
            "requester",
            "merged_into",
            "survey",
        )
        .filter(pk=pk)
        .first()
    )


def query_timeline(*, query: Query, fetched_by: AnyUser) -> list[QueryEvent]:
    """Everything that happened to `query` in time order, as `fetched_by` may see it (two queries)."""
    events: QuerySet[QueryEvent] = query.events.select_related("author", "article").prefetch_related(
        Prefetch("attachments", queryset=QueryAttachment.objects.order_by("pk"))
    )
    if not is_dpss_staff(fetched_by):
        events = events.filter(is_public=True, kind__in=PUBLIC_EVENT_KINDS)
    return list(events.order_by("created_at", "id"))


def queries_merged_into(*, query: Query) -> list[Query]:
    """Duplicates merged into `query`, so staff can see where their history went."""
    return list(query.merged.only("pk", "reference", "subject", "merged_into_id").order_by("created_at", "pk"))


def canned_replies_for(*, query: Query) -> list[CannedReply]:
    """Active canned replies with their articles, those on the query's topic first (one query)."""
    replies = list(CannedReply.objects.filter(is_active=True).select_related("article", "topic"))
    replies.sort(key=lambda reply: (reply.topic_id != query.topic_id, reply.title.lower(), reply.pk))
    return replies


# --- How the page says things ----------------------------------------------------------------


def _duration(seconds: int | None) -> str:
    """A length of time in hours and minutes, like "3 hours 20 minutes"."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    parts = []
    if hours:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    return " ".join(parts)


def clock_facts(*, query: Query, now: datetime, calendar: WorkingCalendar) -> dict[str, Any]:
    """What the page shows about the clocks: due times, when first contact happened and how long it took.
    `state` with `due_words` reads as one phrase ("Due soon: due in 2 working hours"); a paused or finished
    clock has no due words, so it never reads "Clock paused: paused"."""
    words = due_in_words(query=query, now=now, calendar=calendar)
    state = query.get_sla_state_display()
    if words == "paused":
        state, words = str(Query.SlaState.PAUSED.label), ""
    elif words == "finished":
        words = ""
    return {
        "first_contact_due_at": query.first_contact_due_at,
        "first_contact_at": query.first_contact_at,
        "first_contact_working": _duration(query.first_contact_business_seconds),
        "first_contact_wall": _duration(query.first_contact_wall_seconds),
        "resolution_due_at": query.resolution_due_at,
        "state": state,
        "due_words": words,
    }


def _label(choices: type[TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _who(event: QueryEvent) -> str:
    return str(event.author) if event.author_id else ""


def _contact_title(event: QueryEvent, by: str) -> str:
    what = "Phone call" if event.kind == "phone_call" else "Letter"
    direction = {"incoming": " from the person", "outgoing": " to the person"}.get(event.new_value, "")
    contact = " (counted as contact)" if event.counts_as_contact else ""
    return f"{what}{direction}, logged{by}{contact}"


def _status_title(event: QueryEvent, by: str) -> str:
    old, new = _label(Query.Status, event.old_value), _label(Query.Status, event.new_value)
    return f"Status changed from “{old.lower()}” to “{new.lower()}”{by}" if old else f"Status: {new}{by}"


def _priority_title(event: QueryEvent, by: str) -> str:
    old, new = _label(Query.Priority, event.old_value), _label(Query.Priority, event.new_value)
    return f"Priority changed from {old.lower()} to {new.lower()}{by}"


_TITLES = {
    "public_reply": lambda e, by: f"Reply{' from ' + _who(e) if _who(e) else ''}",
    "internal_note": lambda e, by: f"Internal note{by}",
    "phone_call": _contact_title,
    "letter": _contact_title,
    "status": _status_title,
    "assignment": lambda e, by: f"Assigned to {e.new_value}{by}" if e.new_value else f"No longer assigned{by}",
    "team": lambda e, by: f"Moved to the team {e.new_value}{by}" if e.new_value else f"Taken off its team{by}",
    "topic": lambda e, by: f"Topic changed from “{e.old_value}” to “{e.new_value}”{by}",
    "priority": _priority_title,
    "merged": lambda e, by: (
        f"Merged into {e.new_value}{by}" if e.new_value else f"{e.old_value} merged into this query{by}"
    ),
    "redirected": lambda e, by: f"Sent to {e.new_value}{by}",
    "requester_reply": lambda e, by: "Reply from the person who asked",
}


def timeline_title(event: QueryEvent) -> str:
    """One line saying what happened, for the timeline heading."""
    who = _who(event)
    by = f" by {who}" if who else ""
    title = _TITLES.get(event.kind)
    return title(event, by) if title else f"{event.get_kind_display()}{by}"
