"""Celery tasks for the outbox: thin wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def outbox_deliver(message_id: int) -> None:
    services.outbox_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def outbox_relay() -> None:
    services.outbox_relay()


@shared_task(ignore_result=True)
def outbox_sweep() -> None:
    services.outbox_sweep()
