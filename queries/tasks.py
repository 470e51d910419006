"""Celery tasks of the queries app: thin, idempotent, each a service call (beat runs them, dpss/settings.py)."""

from celery import shared_task

from .services import closing, sla_alerts


@shared_task(ignore_result=True)
def sla_check() -> None:
    """Every 5 minutes: warnings at 80%, breach alerts, and clocks brought up to date after calendar changes."""
    sla_alerts.sla_check()


@shared_task(ignore_result=True)
def queries_close_quiet() -> None:
    """Hourly: close resolved queries with no reply for 5 working days."""
    closing.queries_close_quiet()
