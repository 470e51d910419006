"""Bulk imports of recipients and payments from CSV files (finance or Virtual Wallet exports)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRun(models.Model):
    """One CSV file brought in, from the command line or the staff upload page, with its report."""

    class Kind(models.TextChoices):
        RECIPIENTS = "recipients", "Recipients"
        PAYMENTS = "payments", "Payments"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Checking and importing"
        DONE = "done", "Imported"
        REJECTED = "rejected", "Not imported: some rows need fixing"
        FAILED = "failed", "Stopped by an error"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    # Import the good rows and report the rest, instead of refusing the whole file.
    skip_invalid = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    # [{"row": 7, "reason": "..."}], at most IMPORT_MAX_REPORTED_ERRORS of them.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    # What stopped a FAILED run, in words for the person who uploaded the file.
    failure_reason = models.CharField(max_length=500, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When the run was last handed to the broker; the sweep hands over again what was never started.
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The lease of the worker running it (recipients/services/leases.py): stamped every few seconds while it
    # runs. A RUNNING run whose heartbeat is older than JOB_LEASE belongs to a worker that died: it is claimed
    # again and runs from the first row (nothing was written: a run writes in one transaction at the end).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker has claimed it; the claim's number is its token (a stale worker writes nothing).
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import of {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)

    @property
    def is_queued(self) -> bool:
        """Waiting for a worker to start it."""
        return self.status == self.Status.QUEUED

    @property
    def is_done(self) -> bool:
        """Imported (any rows that need fixing were skipped)."""
        return self.status == self.Status.DONE

    @property
    def is_rejected(self) -> bool:
        """Nothing imported because some rows need fixing."""
        return self.status == self.Status.REJECTED

    @property
    def has_failed(self) -> bool:
        """Stopped by an error."""
        return self.status == self.Status.FAILED

    @property
    def worker_stopped(self) -> bool:
        """Running, but its worker has not been heard from for longer than the lease: it died or restarted."""
        if self.status != self.Status.RUNNING:
            return False
        last_heard = self.heartbeat_at or self.started_at
        return last_heard is not None and last_heard < timezone.now() - settings.JOB_LEASE

    @property
    def was_restarted(self) -> bool:
        """Started again after the worker running it stopped."""
        return self.attempts > 1
