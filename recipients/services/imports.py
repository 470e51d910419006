"""Bulk imports of recipients and payments from CSV files (finance or Virtual Wallet exports).

`import_run_create` checks the file (text, UTF-8, one extension, the expected
header), keeps a copy under media and writes an `ImportRun` in status QUEUED
in the caller's transaction: that row is the outbox entry for the import job.
After the commit the portal hands its id to Celery; if the broker is down,
`import_runs_sweep` (beat, every minute) hands it over later.
`import_run_execute` claims a run (QUEUED, or RUNNING with a lapsed lease)
with a conditional UPDATE, so a job delivered twice runs once.

A run first checks every row, a chunk at a time, with bulk reads, and
records its progress as it goes (outside any transaction, so the upload page
can show it). Then it writes everything in one transaction: a file is never
half imported. When some rows are wrong, nothing is imported and every wrong
row is listed, unless the person asked to skip them (`skip_invalid`): then
the good rows are imported and the rest listed.

A worker that dies mid-way (killed, restarted, out of memory) has written
nothing: its one transaction never committed. Its run keeps a lease
(`leases.py`): the running worker stamps `heartbeat_at` every few seconds,
and a run not stamped for `JOB_LEASE` is handed over again by the sweep and
runs from the first row, so every row is imported once, within about two
minutes of the crash. That one transaction is the checkpoint: there is no
half-imported file to carry on from. A run whose worker died
`MAX_ATTEMPTS` times (a file that kills the worker each time) fails with a
message on its page. The command line
(`manage.py import_recipients` / `import_payments`) runs the same service in
its own process.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dpss.accounts.models import User
from dpss.notifications.services import broker_publish

from ..models import ImportRun
from .import_csv import CsvFile, read_csv
from .import_payments import PaymentImporter
from .import_recipients import RecipientImporter
from .import_rows import Importer
from .leases import heartbeat, lease_expired_before

logger = logging.getLogger(__name__)

# At most this many rejected rows are kept with a run (and shown, and downloadable); all are counted.
# Each kind of file and the importer that checks and writes its rows.
IMPORTERS: dict[str, type[Importer[Any]]] = {
    ImportRun.Kind.RECIPIENTS: RecipientImporter,
    ImportRun.Kind.PAYMENTS: PaymentImporter,
}
IMPORT_MAX_REPORTED_ERRORS = 1000
# The task that runs one import, named rather than imported (services never import tasks).
IMPORT_TASK = "recipients.tasks.import_run_execute"
# Rows checked per chunk: one read per kind of record per chunk, and a progress update.
CHUNK_ROWS = 2000
# A run handed to the broker but not started after this is handed over again.
REPUBLISH_AFTER = timedelta(minutes=5)
# A run whose worker died this many times is given up (the file itself may be what kills it).
MAX_ATTEMPTS = 3
SWEEP_BATCH = 50
FAILED_UNEXPECTEDLY = (
    "Something went wrong while importing, so nothing was imported. Try again; if it happens again, "
    "tell the portal's technical team."
)
STOPPED = (
    f"The worker importing the file stopped {MAX_ATTEMPTS} times before it finished, so nothing was imported. "
    "Try a smaller file; if it happens again, tell the portal's technical team."
)


# What the page and the command say while a run's worker is dead (docs/quality.md#worker-crash).
WORKER_STOPPED = "The worker importing this file stopped before it finished. Nothing has been imported yet."
RESTARTS = "The import starts again from the first row within about two minutes; you do not need to upload it again."


class _RunTakenAway(Exception):
    """This worker lost its claim while it was still going (another took the run, or it was given up): roll back."""


def import_file_check(*, kind: str, name: str, content: bytes) -> CsvFile:
    """Check a file before it is queued: raises ValidationError with a message a person can act on."""
    if kind not in IMPORTERS:
        raise ValidationError({"kind": "Choose what the file holds: recipients or payments."})
    try:
        with _cyclic_gc_paused():
            return read_csv(content=content, name=name, columns=IMPORTERS[kind].columns)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


@transaction.atomic
def import_run_create(
    *, kind: str, name: str, content: bytes, skip_invalid: bool, actor: User | None, publish: bool = True
) -> ImportRun:
    """Queue a file for import, after checking it as a whole (rows are checked by the run).

    The run is the outbox row of the import job: it is handed to a worker
    after the commit (`publish`), or run at once by the command line.
    """
    parsed = import_file_check(kind=kind, name=name, content=content)
    run = ImportRun(
        kind=kind,
        original_name=Path(name).name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        skip_invalid=skip_invalid,
        total_rows=len(parsed.rows),
        started_by=actor if actor is not None and actor.is_authenticated else None,
    )
    run.file.save(f"{kind}-{uuid.uuid4().hex}.csv", ContentFile(content), save=False)
    run.save()
    if publish:
        transaction.on_commit(lambda: import_runs_publish(run_ids=[run.pk]))
    return run


def import_runs_publish(*, run_ids: list[int]) -> int:
    """Hand import jobs to the broker. Never raises: what fails waits for the sweep."""
    published = broker_publish(task=IMPORT_TASK, ids=run_ids, what="import run")
    if published:
        ImportRun.objects.filter(
            pk__in=published, status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]
        ).update(published_at=timezone.now())
    return len(published)


def _claimable() -> Q:
    """Waiting to start, or running on a worker that has not been heard from for a lease (it died)."""
    lapsed = Q(heartbeat_at__lt=lease_expired_before()) | Q(heartbeat_at__isnull=True)
    return Q(status=ImportRun.Status.QUEUED) | (Q(status=ImportRun.Status.RUNNING, attempts__lt=MAX_ATTEMPTS) & lapsed)


def _claim(run_id: int) -> ImportRun | None:
    """Take the run for this worker; its `attempts` afterwards is this claim's token.

    A conditional UPDATE: of two workers claiming at once, the second waits for
    the first's row lock, then finds a fresh heartbeat and takes nothing.
    """
    now = timezone.now()
    claimed = ImportRun.objects.filter(_claimable(), pk=run_id).update(
        status=ImportRun.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, processed_rows=0
    )
    if not claimed:
        return None
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if run.attempts > 1:
        logger.warning("Import run %s: its worker stopped; running it again from the first row", run_id)
    return run


def import_run_execute(*, run_id: int) -> bool:
    """Run one import if nobody else is (waiting, or left by a worker that died). True if this call ran it."""
    run = _claim(run_id)
    if run is None:
        return False
    try:
        with heartbeat(ImportRun, pk=run.pk, token=run.attempts):
            _run(run)
    except _RunTakenAway:
        logger.warning("Import run %s was taken by another worker while running; its writes were rolled back", run_id)
        return True
    except Exception:
        logger.exception("Import run %s failed", run_id)
        if not _fail(run, FAILED_UNEXPECTEDLY):
            return True
    _discard_file(run)  # finished under this worker's claim
    return True


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a file is imported.

    An import holds hundreds of thousands of objects, and the collector walks
    all of them every few thousand allocations: measured, it took a third of
    the time of a 100,000-row import. Reference counting still frees memory
    as usual; the collector starts again at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(run: ImportRun) -> None:
    with _cyclic_gc_paused():
        _import(run)


def _import(run: ImportRun) -> None:
    with run.file.open("rb") as stored:
        content = stored.read()
    try:
        parsed = read_csv(content=content, name=run.original_name, columns=IMPORTERS[run.kind].columns)
    except ValidationError as error:
        if not _fail(run, " ".join(error.messages)):
            raise _RunTakenAway from error
        return
    importer = IMPORTERS[run.kind](header=parsed.header, actor=run.started_by, run_id=run.pk)
    total = len(parsed.rows)
    for start in range(0, total, CHUNK_ROWS):
        importer.check(parsed.rows[start : start + CHUNK_ROWS])
        if not _mine(run).update(processed_rows=min(start + CHUNK_ROWS, total), heartbeat_at=timezone.now()):
            raise _RunTakenAway
    importer.finish_check()
    rejected = sorted(importer.rejected, key=lambda rejection: rejection.row)
    imports = not rejected or run.skip_invalid
    with transaction.atomic():
        if imports:
            importer.apply()
        counts = importer.counts() if imports else {"created": 0, "updated": 0, "unchanged": 0}
        finished = _mine(run).update(
            status=ImportRun.Status.DONE if imports else ImportRun.Status.REJECTED,
            total_rows=total,
            processed_rows=total,
            created_count=counts["created"],
            updated_count=counts["updated"],
            unchanged_count=counts["unchanged"],
            errors=[{"row": r.row, "reason": r.reason} for r in rejected[:IMPORT_MAX_REPORTED_ERRORS]],
            error_count=len(rejected),
            finished_at=timezone.now(),
        )
        if not finished:
            raise _RunTakenAway


def _mine(run: ImportRun) -> QuerySet[ImportRun]:
    """The run, as long as it is still running under this worker's claim."""
    return ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.RUNNING, attempts=run.attempts)


def _fail(run: ImportRun, reason: str) -> bool:
    """Mark the run failed, if it is still this claim's. True if it was."""
    return bool(
        _mine(run).update(status=ImportRun.Status.FAILED, failure_reason=reason[:500], finished_at=timezone.now())
    )


def _discard_file(run: ImportRun) -> None:
    """The copy of the file is not kept once the run is over: the report is (less personal data held).

    Only once it is over: a run whose worker died runs again from this copy.
    """
    if run.file:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(file="")


def import_runs_sweep() -> int:
    """Hand over again runs never started and runs whose worker died; give up on runs whose worker kept dying."""
    now = timezone.now()
    lapsed = lease_expired_before()
    stopped = ImportRun.objects.filter(status=ImportRun.Status.RUNNING).filter(
        Q(heartbeat_at__lt=lapsed) | Q(heartbeat_at__isnull=True)
    )
    for run in stopped.filter(attempts__gte=MAX_ATTEMPTS):
        if _fail(run, STOPPED):
            _discard_file(run)
    never_started = Q(status=ImportRun.Status.QUEUED) & (
        Q(published_at__isnull=True) | Q(published_at__lt=now - REPUBLISH_AFTER)
    )
    # Handed over at most once a lease, so a busy worker is not sent the same run every minute.
    worker_died = Q(pk__in=stopped.values("pk")) & (Q(published_at__isnull=True) | Q(published_at__lt=lapsed))
    waiting = (
        ImportRun.objects.filter(never_started | worker_died)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return import_runs_publish(run_ids=list(waiting))


def import_file(*, kind: str, path: Path, skip_invalid: bool, actor: User | None = None) -> ImportRun:
    """Import a file now, in this process (the management commands)."""
    run = import_run_create(
        kind=kind,
        name=path.name,
        content=path.read_bytes(),
        skip_invalid=skip_invalid,
        actor=actor,
        publish=False,
    )
    import_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


@dataclass(frozen=True)
class ImportSummary:
    headline: str
    lines: list[str]


def import_run_summary(run: ImportRun) -> ImportSummary:
    """The report of a finished run in words, as the command prints it and the page shows it."""
    counts = (
        f"{run.created_count:,} new, {run.updated_count:,} changed, {run.unchanged_count:,} unchanged, "
        f"{run.error_count:,} rejected"
    )
    if run.status == ImportRun.Status.DONE:
        headline = f"Imported {run.original_name}: {counts}."
    elif run.status == ImportRun.Status.REJECTED:
        headline = (
            f"Nothing was imported from {run.original_name}: {run.error_count:,} of {run.total_rows:,} rows "
            "need fixing. Fix them and import the file again, or choose to skip the rows that need fixing."
        )
    elif run.status == ImportRun.Status.FAILED:
        headline = f"Nothing was imported from {run.original_name}. {run.failure_reason}"
    elif run.worker_stopped:
        headline = f"{WORKER_STOPPED} {RESTARTS}"
    else:
        headline = f"{run.get_status_display()}: {run.processed_rows:,} of {run.total_rows:,} rows checked."
    lines = [f"Row {error['row']}: {error['reason']}" for error in run.errors]
    if run.error_count > len(run.errors):
        lines.append(f"... and {run.error_count - len(run.errors):,} more rows that need fixing.")
    return ImportSummary(headline=headline, lines=lines)
