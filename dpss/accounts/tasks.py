"""Accounts in the background: housekeeping, and password reset links sent from the worker."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import services


@shared_task(ignore_result=True)
def expired_sessions_clear() -> int:
    """Delete sessions past their expiry (signed-out people leave none behind)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(ignore_result=True)
def password_reset_send(request_id: int) -> None:
    services.password_reset_send(request_id=request_id)


@shared_task(ignore_result=True)
def password_reset_sweep() -> None:
    services.password_reset_sweep()
