"""A worker killed in the middle of an import or a document render: the job finishes once, soon after.

Real services (see conftest.py): a private Redis, real `celery worker`
processes on the PostgreSQL test database. The test kills the worker with
SIGKILL mid-job (nothing it was doing can tidy up), starts another, and runs
the sweep as beat does (every minute in production; here every half second,
with a 3-second lease instead of 45, so the test takes seconds, not minutes).
The job must finish within two minutes of the kill, exactly once
(docs/quality.md#worker-crash).
"""

from __future__ import annotations

import csv
import io
import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest

from recipients.models import Document, DocumentVersion, ImportRun, Recipient
from recipients.services import documents, imports
from tests.recipients.factories import RecipientFactory, statement_context

from .conftest import wait_until

pytestmark = pytest.mark.integration

LEASE_SECONDS = 3
WITHIN = 120  # seconds from the kill to the job done: "within two minutes"
# Enough rows for the check to take a few seconds, so the kill lands mid-way.
IMPORT_ROWS = 8_000
# Enough payment rows for the PDF to take a few seconds to render.
STATEMENT_ROWS = 100


@pytest.fixture
def short_lease(settings, monkeypatch):
    """The workers (started from this environment) and the sweep in this process use a 3-second lease."""
    monkeypatch.setenv("JOB_LEASE_SECONDS", str(LEASE_SECONDS))
    settings.JOB_LEASE = timedelta(seconds=LEASE_SECONDS)


@pytest.fixture
def shared_media(settings, tmp_path) -> Path:
    """This process and the workers keep files in one folder (the workers' DPSS_VAR_DIR/media)."""
    media = tmp_path / "worker-var" / "media"
    media.mkdir(parents=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(media)}},
    }
    return media


@pytest.fixture
def workers(private_redis, point_celery_at, start_worker, short_lease, shared_media):
    private_redis.start()
    point_celery_at(private_redis.url)
    return lambda: start_worker(private_redis.url)


def kill(worker) -> None:
    """SIGKILL: as the kernel's out-of-memory killer or a pulled plug ends a worker."""
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)


def sweep_until(done, *, sweep, timeout: float) -> float:
    """Run the sweep as beat would until `done()`; the seconds it took."""
    started = time.monotonic()

    def swept_and_done() -> bool:
        sweep()
        return done()

    assert wait_until(swept_and_done, timeout=timeout, interval=0.5), f"not done within {timeout} s"
    return time.monotonic() - started


def people_csv(count: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "council_reference",
            "full_name",
            "date_of_birth",
            "directorate",
            "care_group",
            "address_line_1",
            "postcode",
            "area",
        ]
    )
    for n in range(count):
        writer.writerow(
            [
                f"CRASH{n:06d}",
                f"Person {n}",
                "1950-01-01",
                "adults",
                "older_adults",
                "1 Test Street",
                "SO23 8UJ",
                "Winchester",
            ]
        )
    return out.getvalue().encode()


@pytest.mark.django_db(transaction=True)
def test_an_import_cut_short_by_a_killed_worker_is_finished_once_by_another(workers):
    first = workers()
    run = imports.import_run_create(
        kind=ImportRun.Kind.RECIPIENTS,
        name="people.csv",
        content=people_csv(IMPORT_ROWS),
        skip_invalid=False,
        actor=None,
    )  # committed: handed to the worker at once

    def mid_way() -> bool:
        run.refresh_from_db()
        return run.status == ImportRun.Status.RUNNING and 0 < run.processed_rows < IMPORT_ROWS

    first.wait_for(mid_way, timeout=60, what="the import to be part checked")
    kill(first)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING and run.processed_rows < IMPORT_ROWS, "killed too late"
    assert not Recipient.objects.exists()  # nothing half imported

    second = workers()

    def done() -> bool:
        run.refresh_from_db()
        return run.is_finished

    took = sweep_until(done, sweep=imports.import_runs_sweep, timeout=WITHIN)
    assert run.status == ImportRun.Status.DONE, (run.failure_reason, second.log()[-4000:])
    assert took < WITHIN
    assert run.attempts == 2
    assert (run.created_count, run.processed_rows, run.error_count) == (IMPORT_ROWS, IMPORT_ROWS, 0)
    assert Recipient.objects.count() == IMPORT_ROWS
    assert Recipient.objects.values("council_reference").distinct().count() == IMPORT_ROWS
    assert not run.file


@pytest.mark.django_db(transaction=True)
def test_a_render_cut_short_by_a_killed_worker_is_finished_once_by_another(workers, shared_media):
    recipient = RecipientFactory()
    payments = [
        {"date": "1 March 2025", "what": "Paid", "counted": True, "reference": f"VW-{n}", "amount": "£1.00"}
        for n in range(STATEMENT_ROWS)
    ]
    first = workers()
    version = documents.document_request(
        recipient=recipient,
        kind=Document.Kind.STATEMENT,
        title="A long statement",
        template="recipients/pdf/statement.html",
        context=statement_context(recipient, payments=payments),
    )

    def rendering() -> bool:
        version.refresh_from_db()
        return version.claimed_at is not None

    first.wait_for(rendering, timeout=60, what="the worker to start rendering")  # it takes a few seconds
    kill(first)
    version.refresh_from_db()
    assert version.is_pending, "killed too late: the render had finished"

    second = workers()

    def done() -> bool:
        version.refresh_from_db()
        return not version.is_pending

    took = sweep_until(done, sweep=documents.document_versions_sweep, timeout=WITHIN)
    assert version.is_ready, (version.last_error, second.log()[-4000:])
    assert took < WITHIN
    assert version.attempts == 2
    assert DocumentVersion.objects.filter(document=version.document).count() == 1
    kept = [path for path in shared_media.rglob("*.pdf")]
    assert [path.relative_to(shared_media).as_posix() for path in kept] == [version.file.name]  # one file
