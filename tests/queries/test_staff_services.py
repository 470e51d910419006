"""Triage and answers (services/triage.py): what advisers and managers do to a query, and what the person gets."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError

from dpss.accounts.models import Role
from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent
from queries.services import escalation, triage
from tests.queries.factories import CannedReplyFactory, TeamFactory, TopicFactory
from tests.queries.helpers import TUESDAY_10AM, raised_query

pytestmark = pytest.mark.django_db


def messages_to(email: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(to=email).order_by("pk"))


@pytest.fixture
def travel():
    with time_machine.travel(TUESDAY_10AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def query(travel):
    return raised_query(created_at=TUESDAY_10AM)


# --- Replies --------------------------------------------------------------------------------------


def test_a_reply_is_first_contact_emails_the_person_and_starts_work(query, adviser, travel):
    travel.shift(3600)
    triage.query_reply(query=query, body="You can pay your PA through payroll.", actor=adviser)
    assert query.first_contact_at is not None
    assert query.status == Query.Status.IN_PROGRESS
    email = messages_to(query.requester.email)[-1]
    assert query.reference in email.subject
    assert "You can pay your PA through payroll." in email.body
    reply = query.events.get(kind=QueryEvent.Kind.PUBLIC_REPLY)
    assert reply.is_public and reply.author == adviser


def test_a_canned_reply_links_its_article_on_the_timeline_and_in_the_email(query, adviser):
    canned = CannedReplyFactory(article__title="Paying your personal assistant", article__slug="paying-your-pa")
    event = triage.query_reply(query=query, body=canned.body, actor=adviser, canned_reply=canned)
    assert event.article == canned.article
    body = messages_to(query.requester.email)[-1].body
    assert "Paying your personal assistant" in body
    assert "/help/paying-your-pa/" in body


def test_an_inactive_canned_reply_is_refused(query, adviser):
    canned = CannedReplyFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        triage.query_reply(query=query, body="Text", actor=adviser, canned_reply=canned)
    assert "canned_reply" in error.value.message_dict


def test_waiting_for_the_person_pauses_the_clock(query, adviser):
    triage.query_reply(query=query, body="Which PA do you mean?", actor=adviser, wait_for_requester=True)
    assert query.status == Query.Status.AWAITING_REQUESTER
    assert query.due_at is None
    assert "We need to hear from you" in messages_to(query.requester.email)[-1].body


def test_a_reply_can_resolve_the_query(query, adviser):
    triage.query_reply(query=query, body="That is all sorted.", actor=adviser, resolve=True)
    assert query.status == Query.Status.RESOLVED
    templates = [m.template for m in messages_to(query.requester.email)]
    assert "query_reply" in templates and "query_resolved" in templates


def test_a_reply_cannot_both_wait_and_resolve(query, adviser):
    with pytest.raises(ValidationError) as error:
        triage.query_reply(query=query, body="Hello", actor=adviser, wait_for_requester=True, resolve=True)
    assert "after" in error.value.message_dict


@pytest.mark.parametrize(
    ("body", "says"),
    [("", "Enter your reply"), ("   ", "Enter your reply"), ("a\x00b", "unusual character"), ("x" * 10_241, "10,000")],
    ids=["empty", "spaces", "nul", "10kB"],
)
def test_a_bad_reply_is_refused_with_a_message_and_nothing_is_sent(query, adviser, body, says):
    with pytest.raises(ValidationError) as error:
        triage.query_reply(query=query, body=body, actor=adviser)
    assert says in " ".join(error.value.message_dict["body"])
    assert not query.events.filter(kind=QueryEvent.Kind.PUBLIC_REPLY).exists()
    assert not OutboxMessage.objects.filter(template="query_reply").exists()


def test_a_resolved_query_must_be_reopened_before_replying(query, adviser):
    triage.query_status_change(query=query, status=Query.Status.RESOLVED, actor=adviser)
    with pytest.raises(ValidationError, match="Reopen it first"):
        triage.query_reply(query=query, body="One more thing", actor=adviser)


# --- Notes and logged contact -----------------------------------------------------------------


def test_an_internal_note_is_never_public_and_is_not_contact(query, adviser):
    note = triage.query_note_add(query=query, body="Checked with payroll.", actor=adviser)
    assert note.kind == QueryEvent.Kind.INTERNAL_NOTE and not note.is_public
    assert query.first_contact_at is None
    assert not OutboxMessage.objects.filter(to=query.requester.email, template="query_reply").exists()


def test_a_note_with_a_nul_byte_is_refused(query, adviser):
    with pytest.raises(ValidationError):
        triage.query_note_add(query=query, body="a\x00", actor=adviser)


def test_a_logged_call_marked_as_contact_stops_the_first_contact_clock(query, adviser, travel):
    travel.shift(1800)
    triage.query_contact_log(
        query=query,
        kind="phone_call",
        direction="outgoing",
        summary="Called to talk it through.",
        counts_as_contact=True,
        actor=adviser,
    )
    assert query.first_contact_at is not None
    assert query.status == Query.Status.IN_PROGRESS


def test_a_logged_letter_not_marked_as_contact_leaves_the_clock_running(query, adviser):
    event = triage.query_contact_log(
        query=query,
        kind="letter",
        direction="incoming",
        summary="Letter with a payslip.",
        counts_as_contact=False,
        actor=adviser,
    )
    assert query.first_contact_at is None
    assert not event.is_public and event.new_value == "incoming"


@pytest.mark.parametrize(
    ("kind", "direction", "field"), [("email", "incoming", "kind"), ("letter", "sideways", "direction")]
)
def test_a_contact_log_with_a_wrong_kind_or_direction_is_refused(query, adviser, kind, direction, field):
    with pytest.raises(ValidationError) as error:
        triage.query_contact_log(
            query=query, kind=kind, direction=direction, summary="x", counts_as_contact=True, actor=adviser
        )
    assert field in error.value.message_dict


# --- Who deals with it --------------------------------------------------------------------------


def test_assigning_opens_a_new_query_and_says_so_on_the_timeline(query, adviser, manager):
    triage.query_assign(query=query, assignee=adviser, actor=manager)
    assert query.assignee == adviser and query.status == Query.Status.OPEN
    event = query.events.get(kind=QueryEvent.Kind.ASSIGNMENT)
    assert event.new_value == adviser.full_name and event.author == manager


def test_only_staff_can_be_given_a_query(query, manager, make_user):
    for not_staff in (
        make_user(Role.RECIPIENT),
        make_user(Role.PRACTITIONER),
        make_user(Role.ADVISER, is_active=False),
    ):
        with pytest.raises(ValidationError) as error:
            triage.query_assign(query=query, assignee=not_staff, actor=manager)
        assert "assignee" in error.value.message_dict
    query.refresh_from_db()
    assert query.assignee is None


def test_bulk_assign_counts_only_what_changed(travel, adviser, manager):
    queries = [raised_query(created_at=TUESDAY_10AM) for _ in range(3)]
    triage.query_assign(query=queries[0], assignee=adviser, actor=manager)
    assert triage.queries_assign_many(queries=queries, assignee=adviser, actor=manager) == 2
    assert Query.objects.filter(assignee=adviser).count() == 3


def test_a_new_topic_moves_the_query_to_its_team_and_recomputes_the_clock(query, adviser):
    team = TeamFactory(name="Employer support")
    query.team = query.topic.team
    query.save()
    topic = TopicFactory(slug="employing-a-pa", team=team)
    triage.query_topic_set(query=query, topic=topic, actor=adviser)
    assert query.topic == topic and query.team == team
    kinds = list(query.events.values_list("kind", flat=True))
    assert QueryEvent.Kind.TOPIC in kinds and QueryEvent.Kind.TEAM in kinds


def test_a_higher_priority_brings_the_answer_forward(query, adviser):
    before = query.resolution_due_at
    triage.query_priority_set(query=query, priority=Query.Priority.URGENT, actor=adviser)
    assert query.priority == Query.Priority.URGENT
    assert query.resolution_due_at < before
    with pytest.raises(ValidationError):
        triage.query_priority_set(query=query, priority="whenever", actor=adviser)


# --- Status --------------------------------------------------------------------------------------


def test_staff_change_the_status_through_the_status_rules(query, adviser):
    triage.query_status_change(
        query=query, status=Query.Status.AWAITING_THIRD_PARTY, actor=adviser, note="Asked payroll."
    )
    assert query.status == Query.Status.AWAITING_THIRD_PARTY
    with pytest.raises(ValidationError, match="Merge into another query"):
        triage.query_status_change(query=query, status=Query.Status.MERGED, actor=adviser)
    triage.query_status_change(query=query, status=Query.Status.RESOLVED, actor=adviser)
    with pytest.raises(ValidationError, match="Reopen it first"):
        triage.query_status_change(query=query, status=Query.Status.IN_PROGRESS, actor=adviser)


# --- Merging ------------------------------------------------------------------------------------


def test_merging_ends_the_duplicate_and_tells_the_person_which_reference_to_follow(query, adviser):
    duplicate = raised_query(requester=query.requester, created_at=TUESDAY_10AM)
    escalation.query_merge(duplicate=duplicate, into=query, actor=adviser)
    assert duplicate.status == Query.Status.MERGED and duplicate.merged_into == query
    assert query.events.filter(kind=QueryEvent.Kind.MERGED, old_value=duplicate.reference).exists()
    assert duplicate.events.filter(kind=QueryEvent.Kind.MERGED, new_value=query.reference).exists()
    email = messages_to(query.requester.email)[-1]
    assert email.template == "query_merged" and query.reference in email.body


def test_merging_nonsense_is_refused(query, adviser):
    with pytest.raises(ValidationError, match="itself"):
        escalation.query_merge(duplicate=query, into=query, actor=adviser)
    other_person = raised_query(created_at=TUESDAY_10AM)
    with pytest.raises(ValidationError, match="someone else"):
        escalation.query_merge(duplicate=other_person, into=query, actor=adviser)
    first = raised_query(requester=query.requester, created_at=TUESDAY_10AM)
    second = raised_query(requester=query.requester, created_at=TUESDAY_10AM)
    escalation.query_merge(duplicate=first, into=query, actor=adviser)
    with pytest.raises(ValidationError, match="still open"):
        escalation.query_merge(duplicate=second, into=first, actor=adviser)
    with pytest.raises(ValidationError, match="Only a query still open"):
        escalation.query_merge(duplicate=first, into=second, actor=adviser)
    triage.query_status_change(query=second, status=Query.Status.RESOLVED, actor=adviser)
    with pytest.raises(ValidationError, match="still open"):
        escalation.query_merge(duplicate=query, into=second, actor=adviser)


def test_a_loop_of_merges_is_refused(query, adviser):
    other = raised_query(requester=query.requester, created_at=TUESDAY_10AM)
    # A chain written some other way (say, by hand in the admin): other -> query while other is still open.
    Query.objects.filter(pk=other.pk).update(merged_into=query)
    other.refresh_from_db()
    with pytest.raises(ValidationError, match="already merged into this query"):
        escalation.query_merge(duplicate=query, into=other, actor=adviser)


# --- Complaints, safeguarding, other services -----------------------------------------------


def test_a_complaint_gets_its_own_timescale_and_an_acknowledgement(query, adviser):
    escalation.query_complaint_mark(query=query, actor=adviser, note="Unhappy with how long it took.")
    assert query.is_complaint and query.complaint_at is not None
    email = messages_to(query.requester.email)[-1]
    assert email.template == "query_complaint"
    assert "20 working days" in email.body and "complaint" in email.body.lower()
    assert "Unhappy with how long it took" not in email.body  # the note stays internal
    with pytest.raises(ValidationError, match="already a complaint"):
        escalation.query_complaint_mark(query=query, actor=adviser, note="Again")


def test_a_complaint_about_a_resolved_query_reopens_it(query, adviser):
    triage.query_status_change(query=query, status=Query.Status.RESOLVED, actor=adviser)
    escalation.query_complaint_mark(query=query, actor=adviser, note="The answer was wrong.")
    assert query.status == Query.Status.REOPENED and query.is_complaint


def test_a_safeguarding_flag_alerts_every_manager_with_the_reference_only(query, adviser, make_user):
    managers = [make_user(Role.MANAGER), make_user(Role.MANAGER)]
    make_user(Role.MANAGER, is_active=False)
    note = "Neighbour says the PA shouts at her."
    escalation.query_safeguarding_flag(query=query, actor=adviser, note=note)
    assert query.safeguarding
    alerts = OutboxMessage.objects.filter(template="query_safeguarding")
    assert sorted(alerts.values_list("to", flat=True)) == sorted(m.email for m in managers)
    for alert in alerts:
        assert query.reference in alert.subject + alert.body
        assert f"/team/queries/{query.pk}/" in alert.body
        for private in (note, query.requester_name, query.subject, query.description):
            assert private not in alert.subject + alert.body
    assert not OutboxMessage.objects.filter(to=adviser.email).exists()
    event = query.events.get(kind=QueryEvent.Kind.SAFEGUARDING)
    assert not event.is_public and event.body == note


def test_redirecting_tells_the_person_where_to_go_and_why(query, adviser):
    escalation.query_redirect(
        query=query, to="Citizens Advice, 0800 144 8848", reason="They can help with benefits.", actor=adviser
    )
    assert query.status == Query.Status.REDIRECTED and query.redirected_to.startswith("Citizens Advice")
    email = messages_to(query.requester.email)[-1]
    assert "Citizens Advice, 0800 144 8848" in email.body and "They can help with benefits." in email.body
    with pytest.raises(ValidationError):
        escalation.query_redirect(query=query, to="Elsewhere", reason="Again", actor=adviser)


def test_a_redirect_needs_somewhere_and_a_reason(query, adviser):
    with pytest.raises(ValidationError) as error:
        escalation.query_redirect(query=query, to="", reason="Because", actor=adviser)
    assert "to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        escalation.query_redirect(query=query, to="x" * 201, reason="Because", actor=adviser)
    assert "200" in " ".join(error.value.message_dict["to"])
    query.refresh_from_db()
    assert query.status == Query.Status.NEW


def test_every_change_is_on_the_timeline_in_order(query, adviser, manager, travel):
    steps = [
        lambda: triage.query_assign(query=query, assignee=adviser, actor=manager),
        lambda: triage.query_note_add(query=query, body="Looking into it.", actor=adviser),
        lambda: triage.query_reply(query=query, body="Here is the answer.", actor=adviser),
    ]
    for step in steps:
        travel.shift(60)
        step()
    kinds = list(QueryEvent.objects.filter(query=query).values_list("kind", flat=True))
    assert kinds == [
        QueryEvent.Kind.RAISED,
        QueryEvent.Kind.ASSIGNMENT,
        QueryEvent.Kind.STATUS,
        QueryEvent.Kind.INTERNAL_NOTE,
        QueryEvent.Kind.PUBLIC_REPLY,
        QueryEvent.Kind.STATUS,
    ]
