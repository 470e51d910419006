"""A password reset link is sent by the worker: asking takes the same work for any address (issue 10, finding 14)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dpss.accounts.models import PasswordResetRequest, Role
from dpss.accounts.services import password_reset_send, password_reset_sweep
from dpss.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "plum-kettle-harbour-lantern"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def ask_for_a_reset(client, email, capture):
    """Post the form as the web process does: the worker's part waits in the on-commit callbacks."""
    with CaptureQueriesContext(connection) as queries, capture() as callbacks:
        response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    return [query["sql"] for query in queries.captured_queries], callbacks


def shape(queries: list[str]) -> list[str]:
    """The statements without their values: what work was done, not on which rows."""
    return [re.sub(r"'[^']*'|\b\d+\b|\"s\d+_x\d+\"", "?", sql) for sql in queries]


def test_asking_for_a_reset_does_the_same_work_for_a_known_and_an_unknown_address(
    client, make_user, django_capture_on_commit_callbacks
):
    person = make_user(Role.RECIPIENT)
    known_queries, known_callbacks = ask_for_a_reset(client, person.email, django_capture_on_commit_callbacks)
    unknown_queries, unknown_callbacks = ask_for_a_reset(
        client, "nobody-here@example.com", django_capture_on_commit_callbacks
    )

    assert shape(known_queries) == shape(unknown_queries)
    assert len(known_callbacks) == len(unknown_callbacks) == 1
    # Nothing was written or sent within either request: two requests wait for the worker.
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()
    assert sorted(PasswordResetRequest.objects.values_list("email", flat=True)) == sorted(
        [person.email, "nobody-here@example.com"]
    )

    # The worker runs: the known address gets its link, the unknown one nothing.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in known_callbacks + unknown_callbacks:
            callback()
    assert not PasswordResetRequest.objects.exists()
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_the_link_from_the_worker_resets_the_password(client, make_user, django_capture_on_commit_callbacks):
    person = make_user(Role.RECIPIENT, full_name="Joan Baker")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": person.email.upper()})
    (message,) = mail.outbox
    assert message.body.startswith("Hello Joan Baker,")
    assert "call the Direct Payments Support Service on" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    response = client.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_a_request_handed_over_twice_sends_one_email(make_user, django_capture_on_commit_callbacks):
    person = make_user(Role.RECIPIENT)
    request = PasswordResetRequest.objects.create(email=person.email)
    with django_capture_on_commit_callbacks(execute=True):
        assert password_reset_send(request_id=request.pk) == 1
        assert password_reset_send(request_id=request.pk) == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_the_broker_never_handed_over_and_drops_what_is_too_old(
    make_user, django_capture_on_commit_callbacks
):
    person, other = make_user(Role.RECIPIENT), make_user(Role.RECIPIENT)
    now = timezone.now()
    PasswordResetRequest.objects.create(email=person.email, requested_at=now - timedelta(minutes=5))
    PasswordResetRequest.objects.create(email=other.email, requested_at=now - timedelta(days=1))
    fresh = PasswordResetRequest.objects.create(email=other.email, requested_at=now)  # its task may still come
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert password_reset_sweep() == 1
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert list(PasswordResetRequest.objects.all()) == [fresh]
