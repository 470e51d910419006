"""The query clocks worked out from the timeline (services/sla.py), the periodic check and its alerts.

Dates are in November 2026 (no bank holidays, Greenwich Mean Time): Monday 2 November is day one.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent, SlaAlert
from queries.services import calendar as calendar_services
from queries.services.sla import CALENDAR_CACHE_KEY, sla_recompute
from queries.services.sla_alerts import sla_check
from queries.services.status import query_status_set
from queries.services.timeline import event_add
from queries.tasks import sla_check as sla_check_task
from tests.queries.factories import QueryFactory, TeamFactory, TopicFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _calendar_forgotten():
    cache.delete(CALENDAR_CACHE_KEY)


def raised(when: datetime, **kwargs) -> Query:
    """A query raised online at `when`, with its automatic acknowledgement."""
    with time_machine.travel(when, tick=False):
        query = QueryFactory(created_at=when, **kwargs)
        event_add(query=query, kind=QueryEvent.Kind.RAISED, is_public=True, body="How do I pay my PA?")
        event_add(query=query, kind=QueryEvent.Kind.ACKNOWLEDGED, is_public=True)
    return Query.objects.get(pk=query.pk)


def add(query: Query, when: datetime, **kwargs) -> Query:
    with time_machine.travel(when, tick=False):
        event_add(query=query, **kwargs)
    return Query.objects.get(pk=query.pk)


def status(query: Query, when: datetime, to: str, by=None) -> Query:
    with time_machine.travel(when, tick=False):
        query_status_set(query=query, status=to, actor=by)
    return Query.objects.get(pk=query.pk)


def state_at(query: Query, when: datetime) -> str:
    return sla_recompute(query=Query.objects.get(pk=query.pk), now=when).sla_state


# --- First contact --------------------------------------------------------------------------------


def test_first_contact_is_due_8_working_hours_after_raising_and_the_acknowledgement_does_not_count():
    query = raised(nov(2, 10))
    # 7 hours on Monday, 1 on Tuesday.
    assert query.first_contact_due_at == nov(3, 10)
    assert query.due_at == nov(3, 10)
    assert query.first_contact_at is None
    # 80% (6.4 working hours) is Monday 16:24.
    assert query.warning_at == nov(2, 16, 24)
    assert state_at(query, nov(2, 16, 23)) == Query.SlaState.ON_TIME
    assert state_at(query, nov(2, 16, 24)) == Query.SlaState.WARNING
    assert state_at(query, nov(3, 10)) == Query.SlaState.WARNING
    assert state_at(query, nov(3, 10, 1)) == Query.SlaState.BREACHED


def test_a_reply_stops_the_first_contact_clock_and_records_working_and_wall_clock_time(adviser):
    query = raised(nov(2, 10))
    query = add(query, nov(3, 9, 30), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Hello")
    assert query.first_contact_at == nov(3, 9, 30)
    assert query.first_contact_business_seconds == int(7.5 * 3600)
    assert query.first_contact_wall_seconds == int(23.5 * 3600)
    # The next thing due is the answer: a normal query has 80 working hours (ten working days).
    assert query.due_at == query.resolution_due_at == nov(16, 10)
    assert query.sla_state == Query.SlaState.ON_TIME


def test_a_call_counts_as_contact_only_when_marked_so(adviser):
    query = raised(nov(2, 10))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PHONE_CALL, actor=adviser, body="No answer, left a message")
    assert query.first_contact_at is None
    query = add(query, nov(2, 12), kind=QueryEvent.Kind.INTERNAL_NOTE, actor=adviser, body="Will try again")
    assert query.first_contact_at is None
    query = add(
        query,
        nov(2, 15),
        kind=QueryEvent.Kind.PHONE_CALL,
        actor=adviser,
        body="Talked it through",
        counts_as_contact=True,
    )
    assert query.first_contact_at == nov(2, 15)
    assert query.first_contact_business_seconds == 5 * 3600


def test_a_reply_after_closing_on_the_due_day_is_late():
    query = raised(nov(2, 9))
    assert query.first_contact_due_at == nov(2, 17)
    query = add(query, nov(2, 18), kind=QueryEvent.Kind.PUBLIC_REPLY, is_public=True, body="Sorry for the wait")
    # No more working time had passed (8 hours), but the reply came after the due time.
    assert query.first_contact_business_seconds == 8 * 3600
    assert query.first_contact_wall_seconds == 9 * 3600
    assert query.first_contact_at > query.first_contact_due_at


# --- Pauses, priority, topic, complaints, reopening -----------------------------------------------


def test_waiting_for_the_person_pauses_both_clocks_and_adds_the_paused_working_time(adviser):
    query = raised(nov(2, 10))
    query = add(
        query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Can you send..."
    )
    assert query.resolution_due_at == nov(16, 10)
    query = status(query, nov(2, 12), Query.Status.AWAITING_REQUESTER, by=adviser)
    assert query.sla_state == Query.SlaState.PAUSED
    assert query.due_at is None and query.warning_at is None
    assert state_at(query, nov(20, 12)) == Query.SlaState.PAUSED
    # Back on Wednesday at noon: 5 + 8 + 3 = 16 working hours paused.
    query = status(query, nov(4, 12), Query.Status.IN_PROGRESS, by=adviser)
    assert query.resolution_due_at == query.due_at == nov(18, 10)
    assert query.sla_state == Query.SlaState.ON_TIME


def test_a_new_priority_recomputes_the_due_time_from_the_start(adviser):
    query = raised(nov(2, 10))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Looking")
    assert query.due_at == nov(16, 10)
    Query.objects.filter(pk=query.pk).update(priority=Query.Priority.URGENT)
    query = add(query, nov(2, 14), kind=QueryEvent.Kind.PRIORITY, actor=adviser, old_value="normal", new_value="urgent")
    # 8 working hours from when it was raised, not from the change.
    assert query.due_at == nov(3, 10)
    Query.objects.filter(pk=query.pk).update(priority=Query.Priority.LOW)
    query = add(query, nov(2, 15), kind=QueryEvent.Kind.PRIORITY, actor=adviser, old_value="urgent", new_value="low")
    assert query.due_at == nov(30, 10)  # 160 working hours


def test_a_topic_with_its_own_target_overrides_the_priority(adviser):
    quick = TopicFactory(slug="virtual-wallet-and-cards", resolution_hours=16)
    query = raised(nov(2, 10))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Looking")
    Query.objects.filter(pk=query.pk).update(topic=quick)
    query = add(query, nov(2, 12), kind=QueryEvent.Kind.TOPIC, actor=adviser, old_value="Old", new_value=quick.name)
    assert query.due_at == nov(4, 10)


def test_a_complaint_has_20_working_days_from_when_it_became_one(adviser):
    query = raised(nov(2, 10))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
    Query.objects.filter(pk=query.pk).update(is_complaint=True, complaint_at=nov(4, 9))
    query = add(query, nov(4, 9), kind=QueryEvent.Kind.COMPLAINT, actor=adviser, body="Unhappy with the answer")
    # 20 working days from Wednesday 4 November, 09:00 run out at closing time on Tuesday 1 December.
    assert query.due_at == datetime(2026, 12, 1, 17, tzinfo=LONDON)


def test_resolving_stops_the_clock_and_reopening_starts_it_again(adviser):
    query = raised(nov(2, 10))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
    query = status(query, nov(3, 10), Query.Status.RESOLVED, by=adviser)
    assert query.resolved_at == nov(3, 10)
    assert query.due_at is None and query.warning_at is None
    assert query.sla_state == Query.SlaState.MET
    query = status(query, nov(5, 10), Query.Status.REOPENED, by=adviser)
    assert query.resolved_at is None
    # The two working days it sat resolved do not count against the service.
    assert query.due_at == nov(18, 10)
    query = status(query, nov(6, 12), Query.Status.RESOLVED, by=adviser)
    assert query.resolved_at == nov(6, 12)
    assert query.sla_state == Query.SlaState.MET


def test_resolved_late_is_missed(adviser):
    query = raised(nov(2, 10), priority=Query.Priority.URGENT)
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
    query = status(query, nov(3, 11), Query.Status.RESOLVED, by=adviser)
    assert query.sla_state == Query.SlaState.MISSED


def test_recomputing_gives_the_same_clocks_whatever_was_stored_before(adviser):
    query = raised(nov(2, 10))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
    query = status(query, nov(2, 12), Query.Status.AWAITING_REQUESTER, by=adviser)
    query = status(query, nov(4, 12), Query.Status.IN_PROGRESS, by=adviser)
    expected = {f: getattr(query, f) for f in ("due_at", "resolution_due_at", "first_contact_at", "warning_at")}
    Query.objects.filter(pk=query.pk).update(
        due_at=None, resolution_due_at=None, first_contact_at=None, warning_at=None, sla_state=Query.SlaState.MISSED
    )
    out = io.StringIO()
    call_command("queries_recompute", stdout=out)
    query = Query.objects.get(pk=query.pk)
    assert {f: getattr(query, f) for f in expected} == expected
    assert "Recomputed 1 open queries." in out.getvalue()


def test_recompute_costs_the_same_sql_queries_for_a_short_and_a_long_timeline(adviser, queries_of):
    short = raised(nov(2, 10))
    long = raised(nov(2, 10))
    for hour in range(11, 17):
        add(long, nov(2, hour), kind=QueryEvent.Kind.INTERNAL_NOTE, actor=adviser, body="Note")
    for query in (short, long):
        # Savepoint, the calendar, the locked row, the timeline, the update of what changed, release.
        assert queries_of(lambda query=query: sla_recompute(query=query, now=nov(2, 17))) == 6


# --- The periodic check and its alerts ------------------------------------------------------------


def test_the_check_warns_the_team_lead_once_then_alerts_once_on_breach(make_user):
    lead = make_user(Role.ADVISER, email="lead@example.com")
    query = raised(nov(2, 10), team=TeamFactory(name="Direct payments advice", lead=lead))
    assert sla_check(now=nov(2, 16)) == 0
    assert sla_check(now=nov(2, 16, 30)) == 1
    assert sla_check(now=nov(2, 16, 35)) == 0
    warning = OutboxMessage.objects.get(template="query_sla_warning")
    assert warning.to == "lead@example.com"
    assert query.reference in warning.subject and "10:00am on Tuesday 3 November 2026" in warning.subject
    assert "Nobody has been in touch with the person yet" in warning.body
    assert Query.objects.get(pk=query.pk).sla_state == Query.SlaState.WARNING

    assert sla_check(now=nov(3, 10, 5)) == 1
    assert sla_check(now=nov(3, 10, 10)) == 0
    breach = OutboxMessage.objects.get(template="query_sla_breach")
    assert breach.to == "lead@example.com" and "Overdue" in breach.subject
    assert Query.objects.get(pk=query.pk).sla_state == Query.SlaState.BREACHED
    assert SlaAlert.objects.filter(query=query).count() == 2


def test_a_check_delivered_twice_sends_one_alert(make_user):
    lead = make_user(Role.ADVISER)
    query = raised(nov(2, 10), team=TeamFactory(name="Employer support", lead=lead))
    assert sla_check(now=nov(2, 16, 30)) == 1
    # The second delivery read the query before the first one saved its state.
    Query.objects.filter(pk=query.pk).update(sla_state=Query.SlaState.ON_TIME)
    assert sla_check(now=nov(2, 16, 30)) == 0
    assert OutboxMessage.objects.filter(template="query_sla_warning").count() == 1


def test_a_note_added_after_the_80_percent_moment_does_not_swallow_the_warning(make_user, adviser):
    lead = make_user(Role.ADVISER, email="lead@example.com")
    query = raised(nov(2, 10), team=TeamFactory(name="Direct payments advice", lead=lead))
    query = add(query, nov(2, 16, 30), kind=QueryEvent.Kind.INTERNAL_NOTE, actor=adviser, body="Tried to call")
    assert query.sla_state == Query.SlaState.WARNING  # the recompute after the note already says so
    assert sla_check(now=nov(2, 16, 35)) == 1
    assert OutboxMessage.objects.filter(template="query_sla_warning", to="lead@example.com").count() == 1


def test_without_a_team_lead_the_managers_are_alerted(make_user):
    managers = [make_user(Role.MANAGER, email=f"manager{n}@example.com") for n in range(2)]
    make_user(Role.ADVISER, email="adviser@example.com")
    raised(nov(2, 10), team=TeamFactory(name="PA Finder", lead=None))
    with time_machine.travel(nov(3, 11), tick=False):
        sla_check_task.delay()
    sent = sorted(OutboxMessage.objects.filter(template="query_sla_breach").values_list("to", flat=True))
    assert sent == [m.email for m in managers]


def test_a_new_due_time_can_be_alerted_again(make_user, adviser):
    lead = make_user(Role.ADVISER)
    query = raised(nov(2, 10), team=TeamFactory(name="Direct payments advice", lead=lead))
    query = add(query, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
    Query.objects.filter(pk=query.pk).update(priority=Query.Priority.URGENT)
    add(query, nov(2, 12), kind=QueryEvent.Kind.PRIORITY, actor=adviser, old_value="normal", new_value="urgent")
    assert sla_check(now=nov(3, 10, 30)) == 1
    Query.objects.filter(pk=query.pk).update(priority=Query.Priority.HIGH)
    add(query, nov(3, 11), kind=QueryEvent.Kind.PRIORITY, actor=adviser, old_value="urgent", new_value="high")
    # High: 24 working hours from Monday 10:00 is Thursday 10:00.
    assert sla_check(now=nov(5, 10, 30)) == 1
    assert list(SlaAlert.objects.filter(query=query).order_by("due_at").values_list("clock", "level", "due_at")) == [
        ("resolution", "breach", nov(3, 10)),
        ("resolution", "breach", nov(5, 10)),
    ]


def test_paused_and_finished_queries_are_never_alerted(make_user, adviser):
    lead = make_user(Role.ADVISER)
    team = TeamFactory(name="Direct payments advice", lead=lead)
    waiting = raised(nov(2, 10), team=team)
    waiting = add(waiting, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Send it")
    status(waiting, nov(2, 12), Query.Status.AWAITING_REQUESTER, by=adviser)
    done = raised(nov(2, 10), team=team)
    done = add(done, nov(2, 11), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
    status(done, nov(2, 12), Query.Status.RESOLVED, by=adviser)
    assert sla_check(now=nov(30, 12)) == 0
    assert not SlaAlert.objects.exists()


def test_a_new_closure_day_moves_open_due_times_at_the_next_check(manager, adviser):
    with time_machine.travel(nov(2, 9), tick=False):
        query = raised(nov(2, 9))
        query = add(query, nov(2, 10), kind=QueryEvent.Kind.PUBLIC_REPLY, actor=adviser, is_public=True, body="Answer")
        assert query.due_at == nov(13, 17)  # 80 working hours: closing time on Friday of the next week
        sla_check(now=nov(2, 11))  # remembers the calendar the clocks use
        closure = calendar_services.closure_day_add(day=nov(11, 0).date(), name="Council staff training", actor=manager)
        assert Query.objects.get(pk=query.pk).due_at == nov(13, 17)  # not yet: the check does it
        sla_check(now=nov(2, 11, 5))
        assert Query.objects.get(pk=query.pk).due_at == nov(16, 17)
        calendar_services.closure_day_remove(closure_day=closure, actor=manager)
        sla_check(now=nov(2, 11, 10))
        assert Query.objects.get(pk=query.pk).due_at == nov(13, 17)
