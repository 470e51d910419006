"""Periodic housekeeping for the shared pages."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def submissions_forget() -> int:
    """Forget forms sent longer ago than the repeat window (docs/adr/0011-a-form-sent-twice-is-done-once.md)."""
    return services.submissions_forget()
