"""Ways a message leaves the portal: Django email, or GOV.UK Notify when a key is set."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from .models import OutboxMessage


def send(message: OutboxMessage) -> str:
    """Send one message; return the provider's reference, if it gives one."""
    if settings.NOTIFY_API_KEY:
        return _send_with_notify(message)
    return _send_with_django_email(message)


def _send_with_django_email(message: OutboxMessage) -> str:
    EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"X-DPSS-Message-Key": message.key},
    ).send(fail_silently=False)
    return ""


def _send_with_notify(message: OutboxMessage) -> str:
    # Our messages are written here, so Notify uses one template that is just
    # ((subject)) and ((body)); `reference` carries our idempotency key.
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    response = client.send_email_notification(
        email_address=message.to,
        template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
        personalisation={"subject": message.subject, "body": message.body},
        reference=message.key,
    )
    return str(response.get("id", ""))
