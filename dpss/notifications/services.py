"""The outbox: write messages with the change that causes them, send them after.

A service writes an `OutboxMessage` inside its own transaction. After the
commit we try to hand it to Celery at once; if the broker is down, the
periodic relay hands it over later. The delivery task claims a row with a
conditional UPDATE, so a task delivered twice sends once. After
`OUTBOX_MAX_ATTEMPTS` failures a row is dead-lettered for managers to see.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task, signature
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from . import channels
from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A row handed to the broker but still not sent after this is handed over again.
REPUBLISH_AFTER = timedelta(minutes=5)
RELAY_BATCH = 500
# The task that sends one message (dpss/notifications/tasks.py), by name: services never import tasks.
OUTBOX_DELIVER_TASK = "dpss.notifications.tasks.outbox_deliver"


def render_message(*, template: str, context: dict, easy_read: bool = False) -> tuple[str, str]:
    """Subject and body of a message from `notifications/<template>/`.

    With `easy_read`, the body is `body_easy_read.txt` where the template has one (else the usual body).
    """
    full_context = {"service": settings.SERVICE, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"notifications/{template}/subject.txt", full_context)
    names = [f"notifications/{template}/body.txt"]
    if easy_read:
        names.insert(0, f"notifications/{template}/body_easy_read.txt")
    body = render_to_string(names, full_context)
    return " ".join(subject.split()), body.strip() + "\n"


def outbox_enqueue_email(*, key: str, to: str, template: str, context: dict) -> OutboxMessage:
    """Write an email to the outbox from one of our message templates."""
    subject, body = render_message(template=template, context=context)
    return outbox_enqueue_rendered(key=key, to=to, template=template, subject=subject, body=body)


def outbox_enqueue_rendered(*, key: str, to: str, template: str, subject: str, body: str) -> OutboxMessage:
    """Write an already-written email to the outbox; the same key twice is one message."""
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(key=key, template=template, to=to, subject=subject[:300], body=body)
    except IntegrityError:
        return OutboxMessage.objects.get(key=key)
    transaction.on_commit(lambda: outbox_publish(message_ids=[message.pk]))
    return message


def broker_publish(*, task: Task | str, ids: list[int], what: str) -> list[int]:
    """Hand each id to a Celery task; the ids handed over. Never raises.

    `task` is a task or its name: a service names the task that calls it rather than importing it
    (tasks sit above services; the app's `ready()` imports its tasks so the name is registered).

    For work whose database row is its own outbox (a message, a document to
    render, an import): the first broker failure stops the loop, and what was
    not handed over waits in its table for the periodic relay or sweep.
    """
    sender = signature(task) if isinstance(task, str) else task
    published = []
    for pk in ids:
        try:
            sender.apply_async(args=[pk], retry=False)
        except Exception:  # the broker is down or slow: the relay or sweep will try again
            logger.warning("Broker unavailable; %s %s waits for the relay", what, pk, exc_info=True)
            break
        published.append(pk)
    return published


def outbox_publish(*, message_ids: list[int]) -> int:
    """Hand messages to the broker. Never raises: what fails waits for the relay."""
    published = broker_publish(task=OUTBOX_DELIVER_TASK, ids=message_ids, what="outbox message")
    if published:
        OutboxMessage.objects.filter(pk__in=published).update(published_at=timezone.now())
    return len(published)


def outbox_relay() -> int:
    """Hand over every message that is due and not yet with the broker."""
    now = timezone.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, available_at__lte=now)
        .filter(Q(published_at__isnull=True) | Q(published_at__lt=now - REPUBLISH_AFTER))
        .order_by("available_at")
        .values_list("pk", flat=True)[:RELAY_BATCH]
    )
    return outbox_publish(message_ids=list(due))


def outbox_sweep() -> int:
    """Release messages whose worker died mid-send, then relay what is due.

    A released row counts the attempt it had, so a message that crashes its
    worker every time is dead-lettered rather than looping (docs/gotchas.md#gotcha-redelivery-loop).
    """
    stale = timezone.now() - settings.OUTBOX_CLAIM_TIMEOUT
    stuck = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale)
    stuck.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=OutboxMessage.Status.DEAD, last_error="The worker stopped while sending, too many times."
    )
    stuck.update(status=OutboxMessage.Status.PENDING, published_at=None)
    return outbox_relay()


def outbox_deliver(*, message_id: int) -> bool:
    """Send one message if nobody has sent or claimed it. True if this call sent it."""
    claimed = OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        reference = channels.send(message)
    except Exception as error:  # any provider failure is recorded and retried
        _record_failure(message, error)
        return False
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.provider_reference = reference
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "provider_reference", "last_error"])
    return True


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    logger.warning("Outbox message %s failed (attempt %s): %s", message.pk, message.attempts, error)
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.published_at = None
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        message.status = OutboxMessage.Status.DEAD
    else:
        message.status = OutboxMessage.Status.PENDING
        message.available_at = timezone.now() + timedelta(minutes=2**message.attempts)
    message.save(update_fields=["last_error", "published_at", "status", "available_at"])


@transaction.atomic
def outbox_retry(*, message: OutboxMessage) -> OutboxMessage:
    """A manager asks for a dead-lettered message to be tried again."""
    if message.status != OutboxMessage.Status.DEAD:
        return message
    message.status = OutboxMessage.Status.PENDING
    message.attempts = 0
    message.available_at = timezone.now()
    message.published_at = None
    message.save(update_fields=["status", "attempts", "available_at", "published_at"])
    transaction.on_commit(lambda: outbox_publish(message_ids=[message.pk]))
    return message
