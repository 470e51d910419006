"""The person's reply resumes their query; ended queries take no replies; withdrawing (services/requester.py)."""

import pytest
from django.core.exceptions import ValidationError

from queries.models import Query, QueryEvent
from queries.services.raising import query_raise
from queries.services.requester import query_requester_reply, query_withdraw
from queries.services.status import query_status_set
from tests.queries.factories import QueryFactory
from tests.queries.helpers import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def query(margaret, topics):
    return query_raise(actor=margaret[0], subject="Paying my PA", description="Payroll question").query


def move(query, *statuses, actor=None):
    for status in statuses:
        query_status_set(query=query, status=status, actor=actor)


@pytest.mark.parametrize(
    ("path", "after"),
    [
        ((), Query.Status.NEW),
        ((Query.Status.IN_PROGRESS,), Query.Status.IN_PROGRESS),
        ((Query.Status.AWAITING_REQUESTER,), Query.Status.IN_PROGRESS),
        ((Query.Status.AWAITING_THIRD_PARTY,), Query.Status.IN_PROGRESS),
        ((Query.Status.RESOLVED,), Query.Status.REOPENED),
        ((Query.Status.RESOLVED, Query.Status.CLOSED), Query.Status.REOPENED),
    ],
    ids=["new", "in-progress", "awaiting-requester", "awaiting-third-party", "resolved", "closed"],
)
def test_a_reply_from_the_person_resumes_or_reopens_the_query(query, margaret, adviser, path, after):
    move(query, *path, actor=adviser)
    event = query_requester_reply(query=query, body="Thanks, one more thing", actor=margaret[0], attachments=[pdf()])
    query.refresh_from_db()
    assert query.status == after
    assert event.kind == QueryEvent.Kind.REQUESTER_REPLY and event.is_public and event.attachments.count() == 1
    if path and after != path[-1]:
        change = query.events.filter(kind=QueryEvent.Kind.STATUS).latest("created_at", "id")
        assert (change.old_value, change.new_value, change.is_public) == (path[-1], after, True)


def test_the_assigned_adviser_hears_of_the_reply_once(query, margaret, adviser):
    from dpss.notifications.models import OutboxMessage
    from queries.services.triage import query_assign

    query_assign(query=query, assignee=adviser, actor=adviser)
    event = query_requester_reply(query=query, body="Here is the payslip you asked for", actor=margaret[0])
    alert = OutboxMessage.objects.get(template="query_requester_replied")
    assert alert.to == adviser.email and query.reference in alert.subject
    assert f"/team/queries/{query.pk}/" in alert.body and "payslip" not in alert.body
    assert OutboxMessage.objects.filter(key=f"query-requester-replied:{event.pk}").count() == 1


def test_nobody_is_alerted_about_a_reply_on_an_unassigned_query(query, margaret):
    from dpss.notifications.models import OutboxMessage

    query_requester_reply(query=query, body="Any news?", actor=margaret[0])
    assert not OutboxMessage.objects.filter(template="query_requester_replied").exists()


@pytest.mark.parametrize("status", [Query.Status.MERGED, Query.Status.WITHDRAWN, Query.Status.REDIRECTED])
def test_an_ended_query_takes_no_reply_and_says_to_ask_a_new_question(margaret, topics, status):
    target = QueryFactory()
    ended = QueryFactory(
        requester=margaret[0],
        status=status,
        merged_into=target if status == Query.Status.MERGED else None,
        redirected_to="Adult Social Care" if status == Query.Status.REDIRECTED else "",
    )
    with pytest.raises(ValidationError) as refused:
        query_requester_reply(query=ended, body="Hello?", actor=margaret[0])
    message = refused.value.message_dict["body"][0]
    assert "new question" in message
    if status == Query.Status.MERGED:
        assert target.reference in message
    assert not ended.events.exists()


def test_a_reply_with_a_bad_file_keeps_nothing(query, margaret):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as refused:
        query_requester_reply(
            query=query, body="See file", actor=margaret[0], attachments=[SimpleUploadedFile("x.pdf", b"not a pdf")]
        )
    assert "x.pdf" in refused.value.message_dict["attachments"][0]
    assert not query.events.filter(kind=QueryEvent.Kind.REQUESTER_REPLY).exists()


def test_withdrawing_ends_the_query_with_the_reason_on_the_timeline(query, margaret):
    query_withdraw(query=query, actor=margaret[0], reason="Found it in a help article")
    query.refresh_from_db()
    assert query.status == Query.Status.WITHDRAWN
    assert (
        query.events.get(kind=QueryEvent.Kind.STATUS, new_value=Query.Status.WITHDRAWN).body
        == "Found it in a help article"
    )


def test_an_answered_query_cannot_be_withdrawn(query, adviser):
    move(query, Query.Status.RESOLVED, actor=adviser)
    with pytest.raises(ValidationError) as refused:
        query_withdraw(query=query, reason="")
    assert "nothing to withdraw" in refused.value.message_dict["reason"][0]
