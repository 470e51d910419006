from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dpss.notifications import services
from dpss.notifications.models import OutboxMessage
from dpss.notifications.tasks import outbox_deliver

pytestmark = pytest.mark.django_db


def write_message(key="test:1", to="margaret@example.com"):
    return services.outbox_enqueue_rendered(
        key=key, to=to, template="test", subject="Hello", body="Your payment is on its way.\n"
    )


def test_the_same_key_writes_one_message():
    first = write_message()
    second = write_message()
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_a_message_is_sent_after_the_commit_not_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = write_message()
    assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.published_at is not None
    assert [m.to for m in mail.outbox] == [["margaret@example.com"]]


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                write_message()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert OutboxMessage.objects.count() == 0
    assert len(mail.outbox) == 0


def test_a_task_run_twice_sends_one_message():
    message = write_message()
    outbox_deliver.apply(args=[message.pk])
    outbox_deliver.apply(args=[message.pk])
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert mail.outbox[0].extra_headers["X-DPSS-Message-Key"] == "test:1"


def test_a_broker_outage_leaves_the_message_for_the_relay(django_capture_on_commit_callbacks):
    with mock.patch.object(outbox_deliver, "apply_async", side_effect=OSError("Connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            message = write_message()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.published_at is None
    assert len(mail.outbox) == 0

    assert services.outbox_relay() == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_a_failing_provider_is_retried_later_then_dead_lettered(settings):
    message = write_message()
    with mock.patch("dpss.notifications.channels.send", side_effect=ConnectionError("SMTP server down")):
        for attempt in range(1, settings.OUTBOX_MAX_ATTEMPTS + 1):
            assert services.outbox_deliver(message_id=message.pk) is False
            message.refresh_from_db()
            assert message.attempts == attempt
            if attempt < settings.OUTBOX_MAX_ATTEMPTS:
                assert message.status == OutboxMessage.Status.PENDING
                assert message.available_at > timezone.now()  # waits before the next try
                assert services.outbox_relay() == 0
                message.available_at = timezone.now()
                message.save()
    assert message.status == OutboxMessage.Status.DEAD
    assert "SMTP server down" in message.last_error
    assert len(mail.outbox) == 0


def test_a_message_whose_worker_died_is_released_by_the_sweep():
    message = write_message()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, claimed_at=timezone.now()
    )
    assert services.outbox_sweep() == 0  # still within the claim time
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        assert services.outbox_sweep() == 0  # a slow send still has its claim
    # The next sweep a minute later sends it: within two minutes of the crash (docs/quality.md#worker-crash).
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        services.outbox_sweep()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_a_message_that_keeps_killing_its_worker_is_dead_lettered(settings):
    message = write_message()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=settings.OUTBOX_MAX_ATTEMPTS, claimed_at=timezone.now()
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        services.outbox_sweep()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DEAD
    assert len(mail.outbox) == 0


def test_notify_is_used_when_a_key_is_set_with_our_key_as_reference(settings):
    settings.NOTIFY_API_KEY = "test_key-00000000-0000-0000-0000-000000000000-00000000-0000-0000-0000-000000000000"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "11111111-1111-1111-1111-111111111111"
    message = write_message()
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client_class:
        client_class.return_value.send_email_notification.return_value = {"id": "notify-123"}
        services.outbox_deliver(message_id=message.pk)
    client_class.return_value.send_email_notification.assert_called_once_with(
        email_address="margaret@example.com",
        template_id="11111111-1111-1111-1111-111111111111",
        personalisation={"subject": "Hello", "body": "Your payment is on its way.\n"},
        reference="test:1",
    )
    message.refresh_from_db()
    assert message.provider_reference == "notify-123"
    assert len(mail.outbox) == 0


def test_managers_see_dead_letters_and_can_try_again(client, manager):
    message = write_message()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.DEAD, attempts=5, last_error="Bounced"
    )
    client.force_login(manager)

    page = client.get(reverse("notifications:dead_letter_list"))
    assert "margaret@example.com" in page.text
    assert "Bounced" in page.text

    with mock.patch.object(transaction, "on_commit", side_effect=lambda fn: fn()):
        response = client.post(reverse("notifications:dead_letter_retry", kwargs={"pk": message.pk}))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_the_dead_letter_page_costs_the_same_queries_at_any_size(client, manager, queries_of):
    client.force_login(manager)
    page = reverse("notifications:dead_letter_list")
    for n in range(3):
        OutboxMessage.objects.create(
            key=f"d{n}", template="t", to="a@example.com", subject="s", body="b", status="dead"
        )
    client.get(page)  # warm up caches
    small = queries_of(lambda: client.get(page))
    # session, user, roles, MFA check, delayed-messages banner, 2 for the page,
    # session save (+ savepoints)
    assert small <= 12
    OutboxMessage.objects.bulk_create(
        OutboxMessage(key=f"e{n}", template="t", to="a@example.com", subject="s", body="b", status="dead")
        for n in range(200)
    )
    assert queries_of(lambda: client.get(page)) == small
