"""Two identical forms sent at the same moment are done once (docs/adr/0011-a-form-sent-twice-is-done-once.md).

Each send is a real request in its own thread, with its own database connection and its own transaction
(ATOMIC_REQUESTS), started together. The first one's service is held open for a moment, so the second
arrives while the first has not committed: on PostgreSQL the second's insert waits on the unique index and
then fails, which is the mechanism under test. SQLite lets one writer in at a time for the whole database,
so the two never overlap there and the test would prove nothing: it runs on PostgreSQL only (CI runs the
suite on PostgreSQL; locally, set DATABASE_URL). The same sends one after the other are in
tests/ui/test_duplicate_submissions.py, on both databases.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from dpss.accounts import services as account_services
from dpss.accounts.models import Invitation, Role
from dpss.notifications.models import OutboxMessage
from queries.models import Query, QueryEvent
from queries.services import triage
from queries.views import intake, raising
from recipients.models import BalanceSnapshot, DocumentVersion, Payment
from recipients.services import money_records, statements
from tests.queries.helpers import raised_query
from tests.recipients.factories import DirectPaymentFactory, RecipientFactory
from tests.ui.test_duplicate_submissions import day, logged_call

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite takes one writer at a time for the whole database, so two requests never overlap: "
        "run with DATABASE_URL set to PostgreSQL",
    ),
]

#: How long the first request keeps its transaction open after its service has written.
HOLD = 0.5


def words(response) -> str:
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def held(module, name: str):
    """The service `module.name`, keeping the request's transaction open for HOLD seconds after it wrote."""
    real = getattr(module, name)

    def hold(*args, **kwargs):
        result = real(*args, **kwargs)
        time.sleep(HOLD)
        return result

    return mock.patch.object(module, name, hold)


def at_once(*sends: Callable[[], object]) -> list:
    """Run each send in its own thread (so its own connection), all released at the same moment."""
    start = threading.Barrier(len(sends))
    results: list = [None] * len(sends)
    failures: list[BaseException] = []

    def run(index: int, send: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            results[index] = send()
        except BaseException as error:  # a 500 is raised by the test client: it is the failure to report
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, send)) for i, send in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    return results


def same_browser(client: Client) -> Client:
    """A second client with the first one's cookies: the same person's second tab or second click."""
    twin = Client()
    twin.cookies = client.cookies
    return twin


def post_twice(client: Client, url: str, data: dict) -> list:
    twin = same_browser(client)
    return at_once(lambda: client.post(url, data), lambda: twin.post(url, data))


def said(responses: list) -> str:
    """The banners each request left for its next page (read from the request: the two share one session,
    whose last save wins, as in a browser)."""
    return " ".join(str(message) for response in responses for message in get_messages(response.wsgi_request))


def test_two_identical_payments_at_the_same_moment_are_recorded_once(client, adviser):
    dp = DirectPaymentFactory(recipient=RecipientFactory())
    client.force_login(adviser)
    url = reverse("recipients:staff_payment_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
    data = {"kind": "paid", "amount": "78.00", **day("due_date", date(2026, 3, 2))}
    with held(money_records, "payment_record"):
        responses = post_twice(client, url, data)
    assert [r.status_code for r in responses] == [302, 302]
    assert Payment.objects.filter(direct_payment=dp).count() == 1
    banners = said(responses)
    assert "Payment recorded: £78.00" in banners and "This payment was recorded a moment ago" in banners


def test_one_question_sent_twice_at_the_same_moment_is_one_query_and_one_acknowledgement(client, make_user):
    user = make_user(Role.PERSONAL_ASSISTANT, email="tom@example.com")
    client.force_login(user)
    client.post(reverse("queries:ask"), {"subject": "My tax code", "description": "Which tax code do I use?"})
    with held(raising, "query_raise"):
        responses = post_twice(client, reverse("queries:ask_details"), {"reply_by": "email"})
    assert [r.status_code for r in responses] == [302, 302]
    assert Query.objects.count() == 1
    assert OutboxMessage.objects.filter(template="query_acknowledged").count() == 1


def test_a_question_without_an_account_sent_twice_at_the_same_moment_is_one_query(client):
    client.post(reverse("queries:ask"), {"subject": "Becoming a PA", "description": "How do I become a PA?"})
    details = {"requester_name": "Sam Carter", "reply_by": "email", "requester_email": "sam@example.com"}
    with held(raising, "query_raise"):
        responses = post_twice(client, reverse("queries:ask_details"), {**details, "consent": "on"})
    assert [r.status_code for r in responses] == [302, 302]
    assert Query.objects.count() == 1
    assert OutboxMessage.objects.filter(template="query_acknowledged", to="sam@example.com").count() == 1


def test_a_call_logged_twice_at_the_same_moment_is_one_query_and_one_acknowledgement(client, adviser):
    client.force_login(adviser)
    data = logged_call()
    with held(intake, "query_log"):
        responses = post_twice(client, "/team/queries/log/", data)
    query = Query.objects.get()
    assert [r.url for r in responses] == [reverse("queries:staff_query", kwargs={"pk": query.pk})] * 2
    assert OutboxMessage.objects.filter(template="query_acknowledged").count() == 1


def test_a_staff_reply_sent_twice_at_the_same_moment_is_one_reply_and_one_email(client, adviser):
    query = raised_query(requester_email="joan@example.com")
    client.force_login(adviser)
    data = {"reply-body": "Your PA gets 5.6 weeks a year.", "reply-after": "keep"}
    with held(triage, "query_reply"):
        responses = post_twice(client, reverse("queries:staff_reply", kwargs={"pk": query.pk}), data)
    assert [r.status_code for r in responses] == [302, 302]
    assert QueryEvent.objects.filter(query=query, kind=QueryEvent.Kind.PUBLIC_REPLY).count() == 1
    assert OutboxMessage.objects.filter(template="query_reply").count() == 1


def test_an_invitation_sent_twice_at_the_same_moment_is_one_invitation_and_one_email(client, manager):
    client.force_login(manager)
    data = {"full_name": "Sian Morgan", "email": "sian@example.com", "role": Role.ADVISER}
    with held(account_services, "invitation_create"):
        responses = post_twice(client, reverse("accounts:invitation_list"), data)
    assert [r.status_code for r in responses] == [302, 302]
    assert Invitation.objects.filter(email="sian@example.com").count() == 1
    assert OutboxMessage.objects.filter(to="sian@example.com").count() == 1


def test_a_statement_asked_for_twice_at_the_same_moment_is_prepared_once(client, make_user):
    user = make_user(Role.RECIPIENT)
    dp = DirectPaymentFactory(recipient=RecipientFactory(user=user))
    client.force_login(user)
    with held(statements, "statement_request"):
        responses = post_twice(client, reverse("recipients:documents", kwargs={"pk": dp.recipient_id}), {"period": "3"})
    assert [r.status_code for r in responses] == [302, 302]
    assert DocumentVersion.objects.filter(document__direct_payment=dp).count() == 1


# --- Natural keys: two different forms that claim the same reference or the same day ---------------


def test_two_payments_with_one_reference_at_the_same_moment_give_one_payment_and_a_message(client, adviser):
    dp = DirectPaymentFactory(recipient=RecipientFactory())
    client.force_login(adviser)
    url = reverse("recipients:staff_payment_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
    data = {"kind": "paid", "reference": "VW-1", **day("due_date", date(2026, 3, 2))}
    twin = same_browser(client)
    with held(money_records, "payment_record"):
        responses = at_once(
            lambda: client.post(url, {**data, "amount": "78.00"}), lambda: twin.post(url, {**data, "amount": "87.00"})
        )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "A payment with the reference VW-1 is already recorded." in words(refused)
    assert Payment.objects.filter(direct_payment=dp).count() == 1


def test_two_balances_for_one_day_at_the_same_moment_keep_one_balance_and_never_crash(client, adviser):
    dp = DirectPaymentFactory(recipient=RecipientFactory())
    client.force_login(adviser)
    url = reverse("recipients:staff_balance_new", kwargs={"pk": dp.recipient_id, "dp_pk": dp.pk})
    data = day("taken_on", date(2026, 3, 2))
    twin = same_browser(client)
    with held(money_records, "_follow_latest_balance"):
        responses = at_once(
            lambda: client.post(url, {**data, "balance": "1200"}), lambda: twin.post(url, {**data, "balance": "1300"})
        )
    assert [r.status_code for r in responses] == [302, 302]
    assert BalanceSnapshot.objects.get(direct_payment=dp).balance in (Decimal("1200.00"), Decimal("1300.00"))
