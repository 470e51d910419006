"""The outbox: messages written in the same transaction as the change behind them."""

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """One message to send. Rows are written by services, never by views.

    `key` is unique: writing the same message twice is refused by the
    database, and the delivery task sends a row at most once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DEAD = "dead", "Could not be sent"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"

    key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    template = models.CharField(max_length=100)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Not before this time (a failed attempt waits longer each time).
    available_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "available_at"], name="outbox_status_available")]

    def __str__(self) -> str:
        return f"{self.template} to {self.to} ({self.get_status_display()})"
