"""Leases on job rows: an import or a document render is the worker's only while the worker is alive.

A worker that claims a job stamps its row's `heartbeat_at` at once and then,
from a thread of its own, every `JOB_LEASE / 4` while the job runs
(`heartbeat`). A job whose stamp is older than `JOB_LEASE` belongs to a
worker that died (killed, out of memory, the machine restarted): the claim
takes it again, and the sweep (beat, every minute) hands it to a worker. So a
job cut short finishes within about two minutes, not an hour.

The claim's number (`attempts`, counted up by each claim) is the token: a
worker that was only slow, and lost its lease, finds its final conditional
UPDATE matches nothing and rolls its work back, so a job is done once.

The stamp is written on the thread's own database connection, outside the
job's transaction (which others cannot see until it commits), so a long
final write does not look like a dead worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

logger = logging.getLogger(__name__)


def job_lease() -> timedelta:
    """How long a job's worker may stay silent before the job is taken again."""
    lease: timedelta = settings.JOB_LEASE
    return lease


def lease_expired_before() -> datetime:
    """A heartbeat older than this belongs to a worker that died."""
    return timezone.now() - job_lease()


@contextmanager
def heartbeat(model: type[models.Model], *, pk: int, token: int) -> Iterator[None]:
    """Stamp the row's `heartbeat_at` every quarter lease while the block runs (as long as the claim is ours)."""
    stop = threading.Event()
    interval = max(job_lease().total_seconds() / 4, 0.05)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    model._default_manager.filter(pk=pk, attempts=token).update(heartbeat_at=timezone.now())
                except Exception:  # a missed beat is retried; the job itself goes on
                    logger.warning("Could not stamp the heartbeat of %s %s", model.__name__, pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
