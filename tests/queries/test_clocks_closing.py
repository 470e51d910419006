"""Resolved queries nobody replied to are closed after 5 working days (services/closing.py)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from queries.models import Query, QueryEvent
from queries.services.closing import queries_close_quiet
from queries.services.requester import query_requester_reply
from queries.services.status import query_status_set
from queries.services.timeline import event_add
from queries.tasks import queries_close_quiet as close_task
from tests.queries.factories import QueryFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


def resolved_at(when: datetime, adviser) -> Query:
    with time_machine.travel(nov(2, 9), tick=False):
        query = QueryFactory(created_at=nov(2, 9))
        event_add(query=query, kind=QueryEvent.Kind.RAISED, is_public=True, body="Question")
    with time_machine.travel(when, tick=False):
        event_add(query=query, kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="The answer")
        query_status_set(query=query, status=Query.Status.RESOLVED, actor=adviser)
    return Query.objects.get(pk=query.pk)


def test_a_resolved_query_with_no_reply_closes_after_5_working_days(adviser):
    # Resolved on Monday at 15:00: 5 working days later is the next Monday at 15:00.
    query = resolved_at(nov(2, 15), adviser)
    with time_machine.travel(nov(9, 14, 59), tick=False):
        assert queries_close_quiet() == 0
    assert Query.objects.get(pk=query.pk).status == Query.Status.RESOLVED
    with time_machine.travel(nov(9, 15), tick=False):
        close_task.delay()
    query.refresh_from_db()
    assert query.status == Query.Status.CLOSED
    assert query.closed_at == nov(9, 15)
    assert query.resolved_at == nov(2, 15)  # still when it was answered
    event = QueryEvent.objects.filter(query=query, kind=QueryEvent.Kind.STATUS).last()
    assert (event.old_value, event.new_value, event.author, event.is_public) == ("resolved", "closed", None, True)
    assert "had not heard from you for 5 working days" in event.body
    # Running again changes nothing.
    with time_machine.travel(nov(10, 15), tick=False):
        assert queries_close_quiet() == 0
    assert QueryEvent.objects.filter(query=query, new_value="closed").count() == 1


def test_weekends_and_bank_holidays_do_not_count_towards_the_5_days(adviser):
    # Resolved on Monday 21 December 2026 at noon: 29 working hours to Christmas Eve, Christmas Day, the
    # weekend and Boxing Day (observed, Monday 28) are closed, 8 hours on the 29th, the last 3 on the 30th.
    query = resolved_at(datetime(2026, 12, 21, 12, tzinfo=LONDON), adviser)
    with time_machine.travel(datetime(2026, 12, 30, 11, 59, tzinfo=LONDON), tick=False):
        assert queries_close_quiet() == 0
    with time_machine.travel(datetime(2026, 12, 30, 12, tzinfo=LONDON), tick=False):
        assert queries_close_quiet() == 1
    assert Query.objects.get(pk=query.pk).status == Query.Status.CLOSED


def test_a_reply_from_the_person_reopens_the_query_so_it_is_not_closed(adviser):
    query = resolved_at(nov(2, 15), adviser)
    with time_machine.travel(nov(4, 10), tick=False):
        query_requester_reply(query=query, body="It still does not work", actor=query.requester)
    with time_machine.travel(nov(20, 10), tick=False):
        assert queries_close_quiet() == 0
    assert Query.objects.get(pk=query.pk).status == Query.Status.REOPENED
