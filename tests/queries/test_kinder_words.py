"""Staff-typed words a person reads are checked at the point of sending (docs/domain.md#words): a reply,
a status note and the reason for sending someone to another service. An unwelcome word is shown with the
kinder word; staff may send their words as they are by ticking a box."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent
from queries.services import escalation, triage
from tests.queries.helpers import raised_query

pytestmark = pytest.mark.django_db

MARGARETS_REPLY = "We will audit this receipt. As a service user you must keep every receipt."


@pytest.fixture
def query():
    return raised_query(subject="A receipt", description="I lost a receipt for my PA's wages.")


def action_url(query: Query, action: str) -> str:
    return reverse(f"queries:staff_{action}", kwargs={"pk": query.pk})


def test_a_reply_with_unwelcome_words_is_not_sent_and_the_kinder_words_are_offered(client, adviser, query):
    client.force_login(adviser)
    response = client.post(action_url(query, "reply"), {"reply-body": MARGARETS_REPLY, "reply-after": "keep"})
    assert response.status_code == 200
    assert "instead of “audit”, write “financial check-up”" in response.text
    assert "instead of “service user”" in response.text
    assert 'type="checkbox" name="reply-keep_words"' in response.text
    assert not OutboxMessage.objects.filter(template="query_reply").exists()


def test_staff_may_send_their_words_as_they_are_once_warned(client, adviser, query):
    client.force_login(adviser)
    body = "If you think this was fraud, call Action Fraud on 0300 123 2040."
    refused = client.post(action_url(query, "reply"), {"reply-body": body, "reply-after": "keep"})
    assert refused.status_code == 200 and "instead of “fraud”" in refused.text
    sent = client.post(
        action_url(query, "reply"), {"reply-body": body, "reply-after": "keep", "reply-keep_words": "on"}
    )
    assert sent.status_code == 302
    assert OutboxMessage.objects.filter(template="query_reply").count() == 1


def test_a_redirect_reason_is_checked_before_the_person_is_told(client, adviser, query):
    client.force_login(adviser)
    response = client.post(
        action_url(query, "redirect"),
        {"redirect-to": "Adult Social Care", "redirect-reason": "They handle misuse of commissioned care."},
    )
    assert response.status_code == 200
    assert "instead of “misuse”" in response.text and "instead of “commissioned care”" in response.text
    query.refresh_from_db()
    assert query.status != Query.Status.REDIRECTED
    assert not OutboxMessage.objects.filter(template="query_redirected").exists()


def test_a_status_note_the_person_sees_is_checked(client, adviser, query):
    client.force_login(adviser)
    response = client.post(
        action_url(query, "status"), {"status-status": "in_progress", "status-note": "We may suspend payments."}
    )
    assert response.status_code == 200 and "instead of “suspend”, write “pause”" in response.text


@pytest.mark.parametrize(
    ("send", "field"),
    [
        (lambda q, a: triage.query_reply(query=q, body=MARGARETS_REPLY, actor=a), "body"),
        (
            lambda q, a: escalation.query_redirect(query=q, to="Citizens Advice", reason="Unauthorised.", actor=a),
            "reason",
        ),
        (
            lambda q, a: triage.query_status_change(
                query=q, status="in_progress", note="We will refer your case.", actor=a
            ),
            "note",
        ),
    ],
    ids=["reply", "redirect", "status note"],
)
def test_every_sending_service_checks_the_words_whoever_calls_it(adviser, query, send, field):
    with pytest.raises(ValidationError) as refused:
        send(query, adviser)
    assert field in refused.value.message_dict
    assert not QueryEvent.objects.filter(query=query, kind=QueryEvent.Kind.PUBLIC_REPLY).exists()
    assert not OutboxMessage.objects.filter(template__in=["query_reply", "query_redirected"]).exists()


def test_the_service_sends_the_words_as_they_are_when_staff_chose_to(adviser, query):
    triage.query_reply(query=query, body="You said it felt like fraud. It was not.", actor=adviser, keep_words=True)
    assert OutboxMessage.objects.filter(template="query_reply").count() == 1
