"""The staff queue's table, ready to print: each row's values worked out once, in Python.

A page of the queue can hold 100 rows, and the template engine spends a few
microseconds on every lookup, filter, `{% url %}` and include of every row.
So the rows are read as plain values (not model instances: a third of the
cost), and everything a cell shows (the address, the labels of the choices,
the due time in words and as a date, who it is assigned to) is worked out
here; the template only prints `QueueRow`s (bench/results/queries.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page
from django.db.models import Field, QuerySet
from django.forms import BoundField, ChoiceField
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

from dpss.accounts.models import User
from dpss.formatting import clock_time

from ..business_time import WorkingCalendar
from ..models import Query
from .queue import ROW_FIELDS, QueueFilters, due_words, queue_rows, staff_queue

# The tag each priority has in the table (normal priority has none), and each time-to-answer state.
PRIORITY_TAGS = {"urgent": "govuk-tag--red", "high": "govuk-tag--orange"}
OTHER_PRIORITY_TAG = "govuk-tag--grey"
SLA_TAGS = {"breached": "govuk-tag--red", "warning": "govuk-tag--yellow"}


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One row of the queue, as its cells show it."""

    pk: str
    box_id: str  # the id of the row's tick box, for its label
    reference: str
    subject: str
    url: str
    is_complaint: bool
    safeguarding: bool
    requester_name: str
    about_name: str  # empty when the query is about the person who asked it, or nobody
    requester_role: str
    topic: str
    status: str
    priority: str  # empty for normal priority
    priority_tag: str
    due_words: str  # "Overdue by 2 hours", "Due in 3 working days", "Paused"
    due_tag: str  # empty when the time to answer is fine: the words are shown without a tag
    due_at: str  # "Mon 7 Dec, 14:30" in local time, or empty
    assignee: str  # "You", their name, or "Nobody yet"
    team: str
    checked: bool

    def __getitem__(self, name: str) -> object:
        # The template engine tries `row[name]` before `row.name`; answering it saves raising and
        # catching an exception for every value of every row.
        return getattr(self, name)


def _labels(name: str) -> dict[str, str]:
    field = Query._meta.get_field(name)
    # Only called with the names of Query's own choice fields (no relation or generic foreign key).
    assert isinstance(field, Field)
    return {value: str(label) for value, label in field.flatchoices}


def _read_values(ids: QuerySet[Query, Any]) -> list[tuple[Any, ...]]:
    return list(queue_rows(ids).values_list(*ROW_FIELDS))


def queue_table(
    *,
    fetched_by: User,
    filters: QueueFilters,
    page: int | str | None,
    page_size: int,
    now: datetime,
    calendar: WorkingCalendar,
    checked: Iterable[object] = (),
    box_name: str = "selected",
) -> Page[Any]:
    """One page of the queue (the same two SQL queries as `staff_queue`), its rows as `QueueRow`s.

    `checked` holds the ids (as text) that stay ticked when the bulk form
    comes back with a mistake; `box_name` is the tick boxes' field name (each
    box's id is `id_<box_name>_<row number>`)."""
    result = staff_queue(fetched_by=fetched_by, filters=filters, page=page, page_size=page_size, read=_read_values)
    result.object_list = queue_table_rows(
        result.object_list, viewer=fetched_by, now=now, calendar=calendar, checked=checked, box_name=box_name
    )
    return result


def queue_table_rows(
    records: Iterable[Sequence[Any]],
    *,
    viewer: User,
    now: datetime,
    calendar: WorkingCalendar,
    checked: Iterable[object] = (),
    box_name: str = "selected",
) -> list[QueueRow]:
    """`QueueRow`s from rows of `ROW_FIELDS` values, as `viewer` sees them."""
    # One reverse a page: every row's address is the same but for its number.
    url = reverse("queries:staff_query", kwargs={"pk": 999999999}).replace("999999999", "{}")
    statuses, priorities, roles = _labels("status"), _labels("priority"), _labels("requester_role")
    # "Wed 2 Dec, 6:05am": the day and month words once a page rather than once a row (times: dpss.formatting).
    weekdays = [str(WEEKDAYS_ABBR[n]) for n in range(7)]
    months = {n: str(MONTHS_3[n]).title() for n in range(1, 13)}
    zone = timezone.get_current_timezone()
    ticked = {str(pk) for pk in checked or ()}
    rows = []
    for number, record in enumerate(records, start=1):
        (
            pk,
            reference,
            subject,
            is_complaint,
            safeguarding,
            requester_name,
            requester_role,
            status,
            priority,
            due_at,
            sla_state,
            topic,
            team_id,
            team,
            assignee_id,
            assignee_name,
            assignee_email,
            about_id,
            about_name,
        ) = record
        words = due_words(status=status, sla_state=sla_state, due_at=due_at, now=now, calendar=calendar)
        local = due_at.astimezone(zone) if due_at else None
        if not assignee_id:
            assignee = "Nobody yet"
        elif assignee_id == viewer.pk:
            assignee = "You"
        else:
            assignee = assignee_name or assignee_email
        rows.append(
            QueueRow(
                pk=str(pk),
                box_id=f"id_{box_name}_{number}",
                reference=reference,
                subject=subject,
                url=url.format(pk),
                is_complaint=is_complaint,
                safeguarding=safeguarding,
                requester_name=requester_name,
                about_name=about_name if about_id and about_name != requester_name else "",
                requester_role=roles.get(requester_role, requester_role),
                topic=topic,
                status=statuses.get(status, status),
                priority="" if priority == "normal" else priorities.get(priority, priority),
                priority_tag=PRIORITY_TAGS.get(priority, OTHER_PRIORITY_TAG),
                due_words=words[:1].upper() + words[1:],
                due_tag=SLA_TAGS.get(sla_state, ""),
                due_at=f"{weekdays[local.weekday()]} {local.day} {months[local.month]}, {clock_time(local.time())}"
                if local
                else "",
                assignee=assignee,
                team=team if team_id else "",
                checked=str(pk) in ticked,
            )
        )
    return rows


def select_options(field: BoundField) -> list[tuple[str, str, bool]]:
    """A select's options as (value, label, chosen), from a form's bound field, for `_select.html`."""
    value = field.value()
    chosen = "" if value is None else str(value)
    # Only the queue's selects come here: choice fields whose choices are given as lists of (value, label)
    # pairs, which Django keeps as lists.
    assert isinstance(field.field, ChoiceField)
    choices = field.field.choices
    assert isinstance(choices, list)
    return [(str(v), label, str(v) == chosen) for v, label in choices]
