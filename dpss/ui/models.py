"""The one table of the shared pages: forms already sent, so that sending one again does nothing twice
(docs/adr/0011-a-form-sent-twice-is-done-once.md)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Submission(models.Model):
    """A form that was sent and done: who sent what to which page, hashed, and where its result is.

    `fingerprint` is unique, so of two identical sends at the same moment the database lets one through;
    the other waits for it and finds its row. Rows are forgotten after the repeat window.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    # Where the first send went next (blank: back to the form's own page).
    result_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Form sent at {self.created_at:%Y-%m-%d %H:%M:%S}"
