"""Reads about the outbox."""

from datetime import timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from .models import OutboxMessage


def dead_letter_list() -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD).order_by("-created_at")


def outbox_backlog() -> dict:
    """Counts for health checks: what is waiting, how old the oldest is, what is dead."""
    unsent = Q(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING])
    figures = OutboxMessage.objects.aggregate(
        waiting=Count("pk", filter=unsent),
        dead=Count("pk", filter=Q(status=OutboxMessage.Status.DEAD)),
        oldest=Min("created_at", filter=unsent),
    )
    oldest = figures.pop("oldest")
    age = (timezone.now() - oldest) if oldest else timedelta(0)
    return {**figures, "oldest_waiting_seconds": int(age.total_seconds())}


# A message still waiting after this long means the broker or provider is down.
DELAYED_AFTER = timedelta(minutes=5)


def messages_delayed() -> bool:
    """True when a message that is due has waited longer than it should.

    Used for the banner that tells people our messages are delayed; it reads
    the outbox, never the broker, so a Redis outage cannot slow a page down.
    """
    now = timezone.now()
    return OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, available_at__lte=now - DELAYED_AFTER
    ).exists()
